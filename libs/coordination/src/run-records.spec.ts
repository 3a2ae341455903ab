import { describe, expect, it } from 'vitest';
import { createLogger } from '@acgan/config';
import { mergeMetrics, RunRecords } from './run-records.ts';

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

describe('RunRecords, the replica check', () => {
  function records() {
    const lines: string[] = [];
    const written: [number, string[]][] = [];
    const logger = createLogger({ component: 'test', console: false });
    logger.info = ((m: string) => {
      lines.push(m);
      return logger;
    }) as unknown as typeof logger.info;
    const r = new RunRecords({ logger, batchSize: 8, epochOf: () => 0, onChecksums: (step, byRank) => written.push([step, byRank]) });
    return { r, lines, written };
  }

  it('writes a step once every rank reported it, and names the ranks whose checksums differ', () => {
    const { r, written } = records();
    expect(r.checksum(1, { step: 3, value: 'a', algorithm: 'model' }, 2)).toBeUndefined();
    expect(written).toEqual([]);
    expect(r.checksum(0, { step: 3, value: 'a', algorithm: 'model' }, 2)).toBeUndefined();
    expect(written).toEqual([[3, ['a', 'a']]]);
    r.checksum(0, { step: 4, value: 'a', algorithm: 'model' }, 2);
    expect(r.checksum(1, { step: 4, value: 'b', algorithm: 'model' }, 2)).toMatch(/checksums differ after step 4: rank 0 has a, ranks 1 have b/);
  });

  it('skips, saying so, a step that can no longer complete (a rank replaced before sending its checksum) instead of holding it for ever', () => {
    const { r, lines, written } = records();
    r.checksum(0, { step: 7, value: 'x', algorithm: 'model' }, 2); // rank 1 hung after its last exchange of step 7 and was replaced
    r.checksum(0, { step: 8, value: 'y', algorithm: 'model' }, 2);
    r.checksum(1, { step: 8, value: 'y', algorithm: 'model' }, 2); // the replacement's first step
    expect(written).toEqual([[8, ['y', 'y']]]);
    expect(lines).toEqual(['replica check of step 7 skipped: only rank(s) 0 reported its checksum (a rank was replaced before sending it), and every rank has reported step 8']);
    // Step 7 is gone: a late checksum for it starts a new record, which the next complete step drops again.
    r.checksum(1, { step: 7, value: 'x', algorithm: 'model' }, 2);
    r.checksum(0, { step: 9, value: 'z', algorithm: 'model' }, 2);
    r.checksum(1, { step: 9, value: 'z', algorithm: 'model' }, 2);
    expect(lines).toHaveLength(2);
  });
});
