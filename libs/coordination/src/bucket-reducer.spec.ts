import { describe, expect, it } from 'vitest';
import { encodeF32 } from '@acgan/protocol';
import { PhaseReduction } from './bucket-reducer.ts';
import { mergeMetrics } from './run-records.ts';

const spans = [
  { offset: 0, length: 3 },
  { offset: 3, length: 2 },
];

describe('PhaseReduction', () => {
  it('averages each bucket once every rank has sent it, in any order', () => {
    const r = new PhaseReduction(5, 'D', 2, spans);
    expect(r.add(1, 1, encodeF32(Float32Array.from([4, 8]), 'f32'), 'f32').kind).toBe('pending');
    expect(r.missingRanks()).toEqual([0, 1]);
    expect(r.add(0, 0, encodeF32(Float32Array.from([1, 2, 3]), 'f32'), 'f32').kind).toBe('pending');
    const b0 = r.add(1, 0, encodeF32(Float32Array.from([3, 2, 1]), 'f32'), 'f32');
    expect(b0).toEqual({ kind: 'complete', average: Float32Array.from([2, 2, 2]), finite: true });
    expect(r.done).toBe(false);
    expect(r.missingRanks()).toEqual([0]);
    const b1 = r.add(0, 1, encodeF32(Float32Array.from([0, -2]), 'f32'), 'f32');
    expect(b1).toEqual({ kind: 'complete', average: Float32Array.from([2, 3]), finite: true });
    expect(r.done).toBe(true);
  });

  it('matches (g0 + g1) * 0.5 computed in float32 bit for bit', () => {
    const n = 1000;
    const g0 = Float32Array.from({ length: n }, (_, i) => Math.sin(i) * 1e-3);
    const g1 = Float32Array.from({ length: n }, (_, i) => Math.cos(i * 3) * 1e-2);
    const expected = new Float32Array(n);
    for (let i = 0; i < n; i++) expected[i] = Math.fround(Math.fround(g0[i] + g1[i]) * 0.5);
    const r = new PhaseReduction(0, 'G', 2, [{ offset: 0, length: n }]);
    r.add(0, 0, encodeF32(g0, 'f32'), 'f32');
    const out = r.add(1, 0, encodeF32(g1, 'f32'), 'f32');
    expect(out.kind === 'complete' && out.average).toEqual(expected);
  });

  it('sums in rank order whatever the arrival order: three ranks give the same bits in all six orders', () => {
    // Float addition is not associative: 1 + 2^-24 rounds back to 1, so (1 + e) + e = 1
    // while (e + e) + 1 = 1 + 2^-23. Rank order is ((g0 + g1) + g2).
    const e = 2 ** -24;
    const g = [Float32Array.from([1, e, 5]), Float32Array.from([e, 1, -3]), Float32Array.from([e, e, 0.1])];
    const expected = new Float32Array(3);
    for (let i = 0; i < 3; i++) expected[i] = Math.fround(Math.fround(Math.fround(g[0][i] + g[1][i]) + g[2][i]) * (1 / 3));
    expect(Math.fround(Math.fround(g[2][0] + g[1][0]) + g[0][0])).not.toBe(Math.fround(Math.fround(g[0][0] + g[1][0]) + g[2][0]));
    const orders = [
      [0, 1, 2],
      [0, 2, 1],
      [1, 0, 2],
      [1, 2, 0],
      [2, 0, 1],
      [2, 1, 0],
    ];
    for (const order of orders) {
      const r = new PhaseReduction(0, 'D', 3, [{ offset: 0, length: 3 }]);
      let out: ReturnType<PhaseReduction['add']> = { kind: 'pending' };
      // A copy: an f32 contribution is used in place (it becomes the accumulator).
      for (const rank of order) out = r.add(rank, 0, encodeF32(g[rank].slice(), 'f32'), 'f32');
      expect(out.kind === 'complete' && Array.from(out.average), `arrival order ${order}`).toEqual(Array.from(expected));
    }
  });

  it('rejects duplicates, wrong sizes and out-of-range buckets without touching the sum', () => {
    const r = new PhaseReduction(0, 'D', 2, spans);
    expect(r.add(0, 0, encodeF32(Float32Array.from([1, 1, 1]), 'f32'), 'f32').kind).toBe('pending');
    expect(r.add(0, 0, encodeF32(Float32Array.from([9, 9, 9]), 'f32'), 'f32')).toEqual({
      kind: 'rejected',
      reason: expect.stringMatching(/rank 0 sent bucket 0 of step 0 phase D twice/),
    });
    expect(r.add(1, 0, encodeF32(Float32Array.from([1, 1]), 'f32'), 'f32')).toEqual({ kind: 'rejected', reason: expect.stringMatching(/8 bytes, expected 12/) });
    expect(r.add(1, 7, encodeF32(Float32Array.from([1]), 'f32'), 'f32')).toEqual({ kind: 'rejected', reason: expect.stringMatching(/bucket 7 out of range/) });
    const ok = r.add(1, 0, encodeF32(Float32Array.from([3, 3, 3]), 'f32'), 'f32');
    expect(ok.kind === 'complete' && Array.from(ok.average)).toEqual([2, 2, 2]);
  });

  it('flags a non-finite average', () => {
    const r = new PhaseReduction(0, 'D', 2, [{ offset: 0, length: 2 }]);
    r.add(0, 0, encodeF32(Float32Array.from([1, Infinity]), 'f32'), 'f32');
    const out = r.add(1, 0, encodeF32(Float32Array.from([1, -Infinity]), 'f32'), 'f32');
    expect(out.kind === 'complete' && out.finite).toBe(false);
  });

  it('reduces f16 and bf16 buckets', () => {
    for (const dtype of ['f16', 'bf16'] as const) {
      const r = new PhaseReduction(0, 'D', 2, [{ offset: 0, length: 2 }]);
      r.add(0, 0, encodeF32(Float32Array.from([1, 0.5]), dtype), dtype);
      const out = r.add(1, 0, encodeF32(Float32Array.from([3, -0.5]), dtype), dtype);
      expect(out.kind === 'complete' && Array.from(out.average)).toEqual([2, 0]);
    }
  });
});

describe('mergeMetrics', () => {
  it('averages values over ranks and keeps the per-rank time split', () => {
    const rec = mergeMetrics(
      3,
      0,
      new Map([
        [1, { lossD: 2, computeMs: 10, exchangeMs: 5, idleMs: 1, stepMs: 20 }],
        [0, { lossD: 1, computeMs: 12, exchangeMs: 4, idleMs: 0, stepMs: 16 }],
      ]),
      64,
    );
    expect(rec.lossD).toBe(1.5);
    expect(rec.stepMs).toBe(20);
    expect(rec.imagesPerS).toBe(3200);
    expect(rec.ranks).toEqual([
      { rank: 0, computeMs: 12, exchangeMs: 4, idleMs: 0 },
      { rank: 1, computeMs: 10, exchangeMs: 5, idleMs: 1 },
    ]);
  });
});
