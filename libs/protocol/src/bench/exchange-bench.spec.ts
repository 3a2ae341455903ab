// Smoke test of the exchange benchmark on a tiny gradient, so the bench (a second
// real process, validated messages, acknowledgements) does not rot. Not a measurement.
import { describe, expect, it } from 'vitest';
import { runExchangeBench } from './exchange-bench.ts';

describe('runExchangeBench', () => {
  it('moves a small gradient to a second process and reports ratios', async () => {
    const result = await runExchangeBench({ sizeMb: 2, chunkMb: [0.5], defaultChunkMb: 1, repeats: 1 });
    expect(result.curve.map((p) => p.chunk_mb)).toEqual([0.5, 1]);
    expect(result.gbps).toBeGreaterThan(0);
    expect(result.memcpy_gbps).toBeGreaterThan(0);
    expect(result.ratio).toBeCloseTo(result.gbps / result.memcpy_gbps, 2);
  });
});
