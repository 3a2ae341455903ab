// Shared memory: the segments across processes, their names and modes, the removal of
// a dead coordinator's leftovers, and the mean kernel bit for bit against JavaScript.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { meanInto, meanIntoJs } from './mean.ts';
import { native, nativeUnavailable } from './native.ts';
import { createSegment, openSegment, removeSegment, removeStaleSegments } from './segment.ts';

// .ci/run builds it (npm ci's postinstall); elsewhere a missing compiler skips these, saying so.
const why = nativeUnavailable();
if (why) console.warn(`shared-memory tests skipped: ${why}`);
const withNative = why && process.env.ACGAN_REQUIRE_SHM !== '1' ? describe.skip : describe;

/** Floats with every kind of value: normal, subnormal, zeros, huge, NaN, infinities. */
function values(n: number, seed: number): Float32Array {
  const out = new Float32Array(n);
  let x = seed;
  for (let i = 0; i < n; i++) {
    x = (Math.imul(x, 1664525) + 1013904223) >>> 0;
    const k = x % 23;
    out[i] = k === 0 ? NaN : k === 1 ? Infinity : k === 2 ? -0 : k === 3 ? 1e-40 : k === 4 ? 3e38 : (x / 2 ** 32 - 0.5) * 10 ** ((k % 7) - 3);
  }
  return out;
}

withNative('shared memory (native)', () => {
  it('the native mean is the JavaScript one bit for bit, with the same finite flag, for 1 to 5 ranks and any range', () => {
    for (const ranks of [1, 2, 3, 5]) {
      const inputs = Array.from({ length: ranks }, (_, r) => values(4099, 7 + r));
      const a = new Float32Array(4099).fill(123);
      const b = new Float32Array(4099).fill(123);
      const finite = native()!.meanInto(a, inputs, 1 / ranks, 17, 4000);
      const reference = meanIntoJs(b, inputs, 1 / ranks, 17, 4000);
      expect(finite, `${ranks} ranks`).toBe(reference);
      expect(Buffer.from(a.buffer).equals(Buffer.from(b.buffer)), `${ranks} ranks`).toBe(true);
      // Finite inputs only: the flag says so.
      const clean = inputs.map((x) => x.map((v) => (Number.isFinite(v) && Math.abs(v) < 1e30 ? v : 0.5)));
      expect(meanInto(a, clean, 0, 4099)).toBe(true);
      expect(meanIntoJs(b, clean, 1 / ranks, 0, 4099)).toBe(true);
      expect(Buffer.from(a.buffer).equals(Buffer.from(b.buffer))).toBe(true);
    }
    expect(() => native()!.meanInto(new Float32Array(4), [new Float32Array(2)], 1, 0, 4)).toThrow(/at least `to` long/);
  });

  it('a segment is a 0600 file with an unguessable name; another process maps the same memory', () => {
    const seg = createSegment(4096);
    try {
      expect(seg.path).toMatch(new RegExp(`^/dev/shm/acgan-${process.pid}-[0-9a-f]{32}$`));
      expect(statSync(seg.path).mode & 0o777).toBe(0o600);
      seg.floats[3] = 42;
      const child = fileURLToPath(new URL('./testing-child.ts', import.meta.url));
      const res = spawnSync(process.execPath, ['--import', 'tsx', child, seg.path, '4096'], { encoding: 'utf8' });
      expect(res.status, res.stderr).toBe(0);
      expect(res.stdout.trim()).toBe('42');
      // The child wrote 7 at index 5 of the same memory.
      expect(seg.floats[5]).toBe(7);
      expect(openSegment(seg.path, 4096).floats[5]).toBe(7);
    } finally {
      removeSegment(seg);
    }
    expect(existsSync(seg.path)).toBe(false);
    expect(() => openSegment('/dev/shm/not-ours', 4096)).toThrow(/not an acgan shared-memory segment name/);
    expect(() => createSegment(10)).toThrow(/multiple of 4/);
  });

  it('removes the segments of coordinators that are no longer running, and only those', () => {
    const dir = mkdtempSync(join(tmpdir(), 'acgan-shm-'));
    const gone = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' }).stdout;
    const stale = join(dir, `acgan-${gone}-${'a'.repeat(32)}`);
    const live = join(dir, `acgan-${process.pid}-${'b'.repeat(32)}`);
    const other = join(dir, 'someone-else');
    for (const f of [stale, live, other]) writeFileSync(f, '');
    expect(removeStaleSegments(dir)).toEqual([stale]);
    expect([stale, live, other].map((f) => existsSync(f))).toEqual([false, true, true]);
  });
});
