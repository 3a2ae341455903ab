import { describe, expect, it } from 'vitest';
import { mergeMetrics } from './run-records.ts';

describe('mergeMetrics, per-phase exchange times', () => {
  it('keeps exchangeDMs and exchangeGMs in each rank of the split (not averaged into the record), and leaves them out of ranks that did not report them', () => {
    const rec = mergeMetrics(
      4,
      0,
      new Map<number, Record<string, number>>([
        [0, { computeMs: 40, exchangeMs: 9, exchangeDMs: 4, exchangeGMs: 5, idleMs: 0, stepMs: 50 }],
        [1, { computeMs: 41, exchangeMs: 7, idleMs: 1, stepMs: 49 }],
      ]),
      16,
    );
    expect(rec.ranks).toEqual([
      { rank: 0, computeMs: 40, exchangeMs: 9, exchangeDMs: 4, exchangeGMs: 5, idleMs: 0 },
      { rank: 1, computeMs: 41, exchangeMs: 7, idleMs: 1 },
    ]);
    expect(Object.keys((rec.ranks as object[])[1])).not.toContain('exchangeDMs');
    expect(rec).not.toHaveProperty('exchangeDMs');
    expect(rec).not.toHaveProperty('exchangeGMs');
  });
});
