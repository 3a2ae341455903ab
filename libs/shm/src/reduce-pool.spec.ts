// The threaded reduction gives the same bits as the JavaScript loops, whatever the
// number of threads, and the same finite flag.
import { describe, expect, it } from 'vitest';
import { meanIntoJs } from './mean.ts';
import { nativeUnavailable } from './native.ts';
import { ReducePool } from './reduce-pool.ts';
import { createSegment, removeSegment, type Segment } from './segment.ts';

const why = nativeUnavailable();
const withNative = why && process.env.ACGAN_REQUIRE_SHM !== '1' ? describe.skip : describe;

withNative('ReducePool', () => {
  it('the mean over segments on 1, 2 and 3 threads is the JavaScript mean bit for bit; a NaN anywhere clears the flag', async () => {
    const n = 1 << 20;
    const segs: Segment[] = [];
    try {
      for (let r = 0; r < 3; r++) {
        const s = createSegment(n * 4);
        for (let i = 0; i < n; i++) s.floats[i] = Math.sin(i * (r + 1)) * 10 ** ((i % 9) - 4);
        segs.push(s);
      }
      const out = createSegment(n * 4);
      segs.push(out);
      const inputs = segs.slice(0, 3);
      const expected = new Float32Array(n);
      expect(
        meanIntoJs(
          expected,
          inputs.map((s) => s.floats),
          1 / 3,
          5,
          n - 3,
        ),
      ).toBe(true);
      for (const threads of [1, 2, 3]) {
        const pool = new ReducePool({ threads });
        try {
          out.floats.fill(0);
          expect(await pool.mean(out, inputs, 5, n - 3)).toBe(true);
          expect(Buffer.from(out.floats.buffer, 20, (n - 8) * 4).equals(Buffer.from(expected.buffer, 20, (n - 8) * 4)), `${threads} threads`).toBe(true);
          const kept = inputs[1].floats[n - 10];
          inputs[1].floats[n - 10] = NaN;
          expect(await pool.mean(out, inputs, 5, n - 3)).toBe(false);
          inputs[1].floats[n - 10] = kept;
        } finally {
          await pool.close();
        }
      }
    } finally {
      for (const s of segs) removeSegment(s);
    }
  });
});
