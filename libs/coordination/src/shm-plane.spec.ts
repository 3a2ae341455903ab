/**
 * The shared-memory data plane, driven by scripted workers that map the coordinator's
 * real /dev/shm segments: a world of local ranks, a mixed world (one local, one over
 * the socket), a rank lost mid-phase and replaced (its slot fenced, a fresh one for the
 * replacement, the lost rank's announced buckets no longer counting), and the
 * segments removed when the plane closes.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createLogger } from '@acgan/config';
import { bodyOf, makeSharedGradientMessage, MessageType, phaseToWire, StatePurpose } from '@acgan/protocol';
import { createSegment, nativeUnavailable, removeSegment } from '@acgan/shm';
import { ShmPlane, shortOfRoom } from './shm-plane.ts';
import { cleanups, handled, setUp, SIZES, type Run, type ScriptedWorker } from './testing.ts';

const why = nativeUnavailable();
const withShm = why && process.env.ACGAN_REQUIRE_SHM !== '1' ? describe.skip : describe;

function openPlane(): ShmPlane {
  const plane = ShmPlane.open(Math.max(SIZES.D, SIZES.G), createLogger({ component: 'test', console: false }), { threads: 1 });
  if ('unavailable' in plane) throw new Error(plane.unavailable);
  cleanups.push(() => void plane.close());
  return plane;
}

/** Registers two workers (pids 100, 101; `shared` says which can map shared memory), gets them ready; by rank. */
async function start(r: Run, shared: [boolean, boolean]): Promise<ScriptedWorker[]> {
  const workers = [await r.worker(100), await r.worker(101)];
  for (const [i, w] of workers.entries()) await w.register(i, shared[i]);
  for (const w of workers) await w.assigned();
  await workers[0].next(MessageType.STATE_REQUEST);
  await workers[0].state(StatePurpose.INITIAL, 0, 1);
  await workers[1].next(MessageType.STATE);
  for (const w of workers) await w.ready(0);
  await r.line(/^all 2 ranks ready/);
  return workers;
}

withShm('shared-memory data plane', () => {
  it('local ranks write their buckets into their slots and read the averages from the average segment; the segments go at close', async () => {
    const plane = openPlane();
    const r = await setUp({}, { shm: plane });
    const [r0, r1] = await start(r, [true, true]);
    expect(r0.shm && r1.shm).toBeTruthy();
    await r0.sharedGradient('D', 0, [1, 2]);
    await r1.sharedGradient('D', 0, [3, 4]);
    for (const w of [r0, r1]) expect(await w.averaged()).toEqual({ bucket: 0, values: [2, 3], shared: true });
    await r1.sharedGradient('D', 1, [7]);
    await r0.sharedGradient('D', 1, [5]);
    for (const w of [r0, r1]) expect(await w.averaged()).toEqual({ bucket: 1, values: [6], shared: true });
    // The reduction's output is the average segment itself.
    expect(Array.from(plane.average.floats.subarray(0, 3))).toEqual([2, 3, 6]);
    expect(r.lines.filter((l) => /dropped GRADIENT/.test(l))).toEqual([]);
    const paths = [plane.average.path, plane.slotOf(r.coordinatorPeerIdOf(0)).path];
    await plane.close();
    for (const p of paths) expect(existsSync(p)).toBe(false);
  });

  it('a mixed world: the local rank through shared memory, the other over the socket, the same averages; a bucket by the wrong path is dropped', async () => {
    const plane = openPlane();
    const r = await setUp({}, { shm: plane });
    const [r0, r1] = await start(r, [true, false]);
    expect(r0.shm).toBeDefined();
    expect(r1.shm).toBeUndefined();
    // Each by the other's path: dropped, naming why.
    await r1.t.send(
      makeSharedGradientMessage({ session: r1.session, rank: 1, step: 0, phase: phaseToWire('D'), bucket: 0, bucketCount: 2, totalElements: SIZES.D, hasNonFinite: false }),
    );
    await r0.gradient('D', 0, [9, 9]);
    await handled(r, r0);
    await handled(r, r1);
    expect(r.lines.filter((l) => /dropped GRADIENT from rank 0: sent over the socket, but this rank exchanges through shared memory/.test(l))).toHaveLength(1);
    expect(r.lines.filter((l) => /dropped GRADIENT from rank 1: announced in shared memory, but this rank exchanges over the socket/.test(l))).toHaveLength(1);
    await r0.sharedGradient('D', 0, [1, 2]);
    await r1.gradient('D', 0, [3, 4]);
    expect(await r0.averaged()).toEqual({ bucket: 0, values: [2, 3], shared: true });
    expect(await r1.averaged()).toEqual({ bucket: 0, values: [2, 3] });
  });

  it('a rank lost mid-phase: its announced buckets stop counting, its slot goes, the replacement writes a fresh one', async () => {
    const plane = openPlane();
    const r = await setUp({}, { shm: plane });
    const [r0, r1] = await start(r, [true, true]);
    const oldSlot = plane.slotOf(r.coordinatorPeerIdOf(1)).path;
    await r1.sharedGradient('D', 0, [100, 100]); // then it dies; a zombie could still write here
    await handled(r, r1);
    r.coordinator.workerProcessEnded(r1.pid, 'signal SIGKILL');
    await r.line(/^rank 1 \(test pid 101\) lost/);
    expect(existsSync(oldSlot)).toBe(false);

    const replacement = await r.worker(102);
    await replacement.register(1, true);
    await replacement.assigned();
    expect(bodyOf(await r0.next(MessageType.STATE_REQUEST), MessageType.STATE_REQUEST).purpose).toBe(StatePurpose.REJOIN);
    await r0.state(StatePurpose.REJOIN, 0, 5);
    await replacement.next(MessageType.STATE);
    await replacement.ready(0);
    await r.line(/^rank 1 rejoined/);
    expect(plane.slotOf(r.coordinatorPeerIdOf(1)).path).not.toBe(oldSlot);
    // The lost process's [100, 100] does not count: the replacement's bucket does.
    await r0.sharedGradient('D', 0, [1, 2]);
    await replacement.sharedGradient('D', 0, [3, 4]);
    for (const w of [r0, replacement]) expect(await w.averaged()).toEqual({ bucket: 0, values: [2, 3], shared: true });
  });
});

// A small tmpfs stands for a container's /dev/shm (Docker's default is 64 MB); mounting one needs root.
const asRoot = process.getuid?.() === 0 ? describe : describe.skip;
if (process.getuid?.() !== 0) console.warn('shared-memory room tests skipped: mounting a small tmpfs needs root');

asRoot('a /dev/shm too small for the plane', () => {
  it('is named with its free space, the need and the fix; a segment that does not fit is an ENOSPC error, not a SIGBUS', () => {
    const dir = mkdtempSync(join(tmpdir(), 'acgan-small-shm-'));
    execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=4m', 'acgan-small-shm', dir]);
    try {
      const mb = 2 ** 20;
      expect(shortOfRoom(mb, 2, dir)).toBe('');
      const why = shortOfRoom(2 * mb, 2, dir);
      expect(why).toMatch(new RegExp(`^${dir} has 4 MB free, the plane of 2 rank\\(s\\) needs 6 MB \\(3 segments of 2 MB\\)`));
      expect(why).toMatch(/--shm-size 1g\) or pass --data-plane sockets/);
      expect(shortOfRoom(mb, 2, join(dir, 'missing'))).toMatch(/^cannot read the free space of .*missing: ENOENT/);
      if (why) {
        // Three segments of 2 MB do not fit in 4 MB: the third is refused when it is made.
        const made = [createSegment(2 * mb, dir), createSegment(2 * mb, dir)];
        expect(() => createSegment(2 * mb, dir)).toThrow(/No space left on device/);
        for (const s of made) s.floats.fill(1); // every page of the two that fit is there
        for (const s of made) removeSegment(s);
        expect(readdirSync(dir)).toEqual([]);
      }
    } finally {
      execFileSync('umount', ['--lazy', dir]); // the mapping goes only when it is collected
    }
  });
});
