/**
 * slow: faults of a real run. A hung worker is detected within seconds and the
 * run never hangs; a killed coordinator makes its workers exit on their own; a
 * corrupted newest checkpoint is reported and the previous one resumes exactly.
 */
import { describe, expect, it } from 'vitest';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { listCheckpoints, readCheckpoint } from '@acgan/runs';
import { nativeUnavailable } from '@acgan/shm';
import { expectSameAsStraightRun, freePort, runCli, startCli, tinyJob, tmp, waitFor, workersOf } from './run-cli.ts';

describe('slow: faults', () => {
  for (const signal of ['SIGKILL', 'SIGSTOP'] as const) {
    it(`a worker hit by ${signal} mid-run is detected, restarted and rejoins; the result equals an uninterrupted run`, async () => {
      const steps = 300;
      const dir = tmp(`fault-${signal}`);
      // Buckets of 2 KiB: about 130 per phase (bursts of averages a busy rank must not
      // lose), and the worker is likely hit with some of a phase's buckets averaged and
      // others not (its replacement needs the averages of both).
      const run = startCli(['train', '--workers', '2', '--steps', String(steps), '--checkpoint-interval', '0', '--sample-interval', '0', ...tinyJob(dir), '--chunk-mb', '0.002']);
      const stepsLogged = () => (existsSync(join(dir, 'metrics.jsonl')) ? readFileSync(join(dir, 'metrics.jsonl'), 'utf8').split('\n').length - 1 : 0);
      await waitFor('training to get going', () => stepsLogged() >= 10);
      const [victim] = workersOf(run.child.pid!);
      process.kill(victim, signal);
      const hitAt = Date.now();
      const res = await run.done;
      expect(res.code, res.stderr).toBe(0);
      const lost = /rank (\d) \(\S+ pid (\d+)\) lost: (.*?);/.exec(res.stderr);
      expect(lost, res.stderr).not.toBeNull();
      expect(Number(lost![2])).toBe(victim);
      if (signal === 'SIGSTOP') {
        expect(lost![3]).toMatch(/silent for \d+ ms/);
        expect(Number(/silent for (\d+) ms/.exec(lost![3])![1])).toBeLessThan(5000);
      }
      expect(res.stderr).toMatch(new RegExp(`rank ${lost![1]} rejoined at step \\d+ phase [DG]`));
      expect(Date.now() - hitAt).toBeLessThan(120_000);
      expect(() => process.kill(victim, 0)).toThrow();

      await expectSameAsStraightRun(dir, steps, ['--checkpoint-interval', '0', '--sample-interval', '0']);
    });
  }

  it('with --worker-loss shrink and no restarts, a killed worker is dropped and the run finishes re-sharded over the survivors', async () => {
    const steps = 200;
    const dir = tmp('shrink');
    const run = startCli([
      'train',
      '--workers',
      '2',
      '--steps',
      String(steps),
      '--worker-loss',
      'shrink',
      '--max-restarts',
      '0',
      '--checkpoint-interval',
      '0',
      '--sample-interval',
      '0',
      ...tinyJob(dir),
    ]);
    const metricsLines = () => (existsSync(join(dir, 'metrics.jsonl')) ? readFileSync(join(dir, 'metrics.jsonl'), 'utf8').trim().split('\n').filter(Boolean) : []);
    await waitFor('training to get going', () => metricsLines().length >= 10);
    const [victim] = workersOf(run.child.pid!);
    process.kill(victim, 'SIGKILL');
    const res = await run.done;
    expect(res.code, res.stderr).toBe(0);
    expect(res.stderr).toMatch(/continuing with 1 of 2 ranks from step \d+ phase [DG], local batch 8 \(re-sharded/);
    const metrics = metricsLines().map((l) => JSON.parse(l));
    const last = metrics.at(-1);
    expect(last.step).toBe(steps - 1);
    expect(last.ranks.map((r: { rank: number }) => r.rank)).toEqual([0]);
    expect(metrics.filter((m) => m.ranks.length === 2).length).toBeGreaterThanOrEqual(10);
    expect(readCheckpoint(listCheckpoints(join(dir, 'checkpoints'))[0].path).step).toBe(steps);
  });

  it("workers exit on their own within 10 s when the coordinator is killed; --resume finishes the run as if uninterrupted, and removes the dead coordinator's shared memory", async () => {
    const dir = tmp('coordinator-killed');
    const endpoint = `tcp://127.0.0.1:${await freePort()}`;
    const coordinator = startCli(['coordinator', '--bind', endpoint, '--workers', '2', '--steps', '100000', '--checkpoint-interval', '2', ...tinyJob(dir)]);
    const model = ['--image-size', '16', '--width', '4', '--latent-dim', '8', '--backend', 'wasm'];
    const workers = [0, 1].map(() => startCli(['worker', '--connect', endpoint, ...model]));
    await waitFor('the first checkpoint', () => listCheckpoints(join(dir, 'checkpoints')).length > 0);
    // Its workers are local: it made shared-memory segments (its pid in their names), which a SIGKILL leaves behind.
    const segments = () => readdirSync('/dev/shm').filter((n) => n.startsWith(`acgan-${coordinator.child.pid}-`));
    const shm = nativeUnavailable() === '';
    if (shm) expect(segments().length).toBe(3); // the average and a slot per rank
    coordinator.child.kill('SIGKILL');
    const killedAt = Date.now();
    const ends = await Promise.all(workers.map((w) => w.done));
    expect(Date.now() - killedAt).toBeLessThan(10_000);
    for (const w of ends) {
      expect(w.code).not.toBe(0);
      expect(w.stderr).toMatch(/coordinator at tcp:\/\/127\.0\.0\.1:\d+ silent for \d+ ms/);
    }
    // Resume two steps past the newest checkpoint, and compare with a run that
    // trained the same number of steps without interruption.
    const target = listCheckpoints(join(dir, 'checkpoints'))[0].step + 2;
    if (shm) expect(segments().length).toBe(3);
    const resumed = await runCli(['train', '--resume', dir, '--steps', String(target)]);
    expect(resumed.code, resumed.stderr).toBe(0);
    // The next coordinator removed them at its start.
    expect(segments()).toEqual([]);
    if (shm) expect(resumed.stderr).toMatch(/removed 3 shared-memory segment\(s\) left by a coordinator that is no longer running/);
    const straight = tmp('straight');
    const ok = await runCli(['train', '--workers', '2', '--steps', String(target), '--checkpoint-interval', '2', ...tinyJob(straight)]);
    expect(ok.code, ok.stderr).toBe(0);
    const mine = readCheckpoint(listCheckpoints(join(dir, 'checkpoints'))[0].path);
    const reference = readCheckpoint(listCheckpoints(join(straight, 'checkpoints'))[0].path);
    expect(mine.step).toBe(target);
    expect(mine.tensors.map((t) => Array.from(t.data))).toEqual(reference.tensors.map((t) => Array.from(t.data)));
  });

  it("a NaN in one real worker's gradient (failpoint) skips that update on every rank, naming the rank; --non-finite stop ends the run", async () => {
    const env = { ACGAN_FAILPOINT_NONFINITE: '3:1:D' };
    const dir = tmp('nonfinite-skip');
    const skip = await runCli(['train', '--workers', '2', '--steps', '6', '--checkpoint-interval', '0', '--sample-interval', '0', ...tinyJob(dir)], env);
    expect(skip.code, skip.stderr).toBe(0);
    expect(skip.stderr).toMatch(/non-finite gradient from rank\(s\) 1 at step 3 phase D bucket \d+: every rank skips this update/);
    const metrics = readFileSync(join(dir, 'metrics.jsonl'), 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l))
      .filter((m) => m.step !== undefined && !m.evaluation);
    expect(metrics.filter((m) => m.skippedD === 1).map((m) => m.step)).toEqual([3]);
    expect(metrics.filter((m) => m.skippedG !== undefined)).toEqual([]);
    const checksums = readFileSync(join(dir, 'checksums.jsonl'), 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(checksums.map((c) => c.step)).toEqual([1, 2, 3, 4, 5, 6]);
    for (const c of checksums) expect(new Set(c.ranks).size, `replicas agree after step ${c.step}`).toBe(1);

    const stop = await runCli(
      ['train', '--workers', '2', '--steps', '6', '--non-finite', 'stop', '--checkpoint-interval', '0', '--sample-interval', '0', ...tinyJob(tmp('nonfinite-stop'))],
      env,
    );
    expect(stop.code).not.toBe(0);
    expect(stop.stderr).toMatch(/NON_FINITE: non-finite gradient from rank\(s\) 1 at step 3 phase D/);
  });

  it('a corrupted newest checkpoint is reported and the previous one resumes exactly', async () => {
    const straight = tmp('ckpt-straight');
    const a = await runCli(['train', '--workers', '2', '--steps', '6', '--checkpoint-interval', '2', ...tinyJob(straight)]);
    expect(a.code, a.stderr).toBe(0);
    const dir = tmp('ckpt-corrupt');
    const b = await runCli(['train', '--workers', '2', '--steps', '4', '--checkpoint-interval', '2', ...tinyJob(dir)]);
    expect(b.code, b.stderr).toBe(0);
    const [newest] = listCheckpoints(join(dir, 'checkpoints'));
    expect(newest.step).toBe(4);
    const bytes = readFileSync(newest.path);
    bytes[bytes.length - 10] ^= 0x55;
    writeFileSync(newest.path, bytes);
    const c = await runCli(['train', '--resume', dir, '--steps', '6']);
    expect(c.code, c.stderr).toBe(0);
    expect(c.stderr).toMatch(/skipping checkpoint .*ckpt-00000004\.bin: .*checksum mismatch/);
    expect(c.stderr).toMatch(/from checkpoint step 2/);
    const mine = readCheckpoint(listCheckpoints(join(dir, 'checkpoints'))[0].path);
    const ref = readCheckpoint(listCheckpoints(join(straight, 'checkpoints'))[0].path);
    expect(mine.step).toBe(6);
    expect(mine.tensors.map((t) => Array.from(t.data))).toEqual(ref.tensors.map((t) => Array.from(t.data)));
  });
});
