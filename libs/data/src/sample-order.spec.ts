import { describe, expect, it } from 'vitest';
import { AUTO_BLOCK_ORDER_BYTES, DistributedSampler, resolveSampleOrder } from './distributed-sampler.ts';

const range = (n: number) => [...Array(n).keys()];
const sorted = (a: ArrayLike<number>) => Array.from(a).sort((x, y) => x - y);

describe("DistributedSampler order 'block'", () => {
  const opts = { datasetSize: 103, globalBatch: 8, seed: 5, order: 'block' as const, blockRecords: 4, windowBlocks: 3 };

  it('is a permutation of every record in every epoch, fixed by (seed, epoch)', () => {
    const s = new DistributedSampler(opts);
    for (const epoch of [0, 1, 7]) expect(sorted(s.permutation(epoch))).toEqual(range(103));
    const p0 = Array.from(s.permutation(0));
    expect(Array.from(new DistributedSampler(opts).permutation(0))).toEqual(p0);
    expect(Array.from(s.permutation(1))).not.toEqual(p0);
    expect(Array.from(new DistributedSampler({ ...opts, seed: 6 }).permutation(0))).not.toEqual(p0);
    expect(Array.from(s.permutation(0))).not.toEqual(range(103));
  });

  it('fills each window of W x K positions with exactly W whole blocks, shuffled inside, the short block last', () => {
    const s = new DistributedSampler(opts);
    const perm = s.permutation(2);
    const windowRecords = opts.windowBlocks * opts.blockRecords;
    let shuffledInside = false;
    for (let at = 0; at < 103; at += windowRecords) {
      const window = Array.from(perm.subarray(at, at + windowRecords));
      const blocks = new Set(window.map((k) => Math.floor(k / opts.blockRecords)));
      // Every block of the window is there whole; the short block (100..102) only in the last window.
      const expected = [...blocks].flatMap((b) =>
        range(opts.blockRecords)
          .map((i) => b * opts.blockRecords + i)
          .filter((k) => k < 103),
      );
      expect(sorted(window)).toEqual(sorted(expected));
      expect(blocks.has(25)).toBe(at + windowRecords >= 103);
      expect(blocks.size).toBeLessThanOrEqual(opts.windowBlocks);
      shuffledInside ||= window.some((k, i) => i > 0 && k !== window[i - 1] + 1);
    }
    expect(shuffledInside).toBe(true);
  });

  it('keeps rank slices disjoint and complete, and the global batches independent of N', () => {
    const s = new DistributedSampler(opts);
    for (let step = 0; step < 2 * s.stepsPerEpoch; step++) {
      const global = Array.from(s.globalBatch(step));
      for (const n of [1, 2, 4]) {
        const slices = range(n).flatMap((r) => Array.from(s.rankBatch(step, r, n)));
        expect(slices).toEqual(global);
      }
    }
  });

  it('splits a rank slice into its windows (windowParts), unique across epochs, and none outside block order', () => {
    const s = new DistributedSampler(opts); // 103 records, B 8, windows of 12 records: 9 per epoch, 13 steps per epoch
    expect(s.windowParts(0, 0, 1)).toEqual([{ start: 0, window: 0 }]);
    expect(s.windowParts(1, 0, 1)).toEqual([
      { start: 0, window: 0 },
      { start: 4, window: 1 },
    ]); // positions 8..15
    expect(s.windowParts(1, 1, 2)).toEqual([{ start: 0, window: 1 }]); // positions 12..15
    expect(s.windowParts(12, 0, 1)).toEqual([
      { start: 0, window: 8 },
      { start: 7, window: 0 },
    ]); // 96..102, then wraps to 0
    expect(s.windowParts(13, 0, 1)).toEqual([{ start: 0, window: 9 }]); // epoch 1, position 0
    const windowRecords = opts.windowBlocks * opts.blockRecords;
    const perm = s.permutation(0);
    for (let step = 0; step < 13; step++) {
      for (const [rank, n] of [
        [0, 1],
        [1, 2],
        [3, 4],
      ]) {
        const slice = s.rankBatch(step, rank, n);
        const parts = s.windowParts(step, rank, n)!;
        parts.forEach((p, i) => {
          const end = i + 1 < parts.length ? parts[i + 1].start : slice.length;
          const members = new Set(perm.subarray(p.window * windowRecords, (p.window + 1) * windowRecords));
          for (let j = p.start; j < end; j++) expect(members.has(slice[j]), `step ${step} rank ${rank}/${n} record ${j}`).toBe(true);
        });
      }
    }
    expect(new DistributedSampler({ ...opts, order: 'full' }).windowParts(3, 0, 1)).toBeUndefined();
  });

  it('is the identity for sequential order and rejects bad options, naming the value', () => {
    expect(Array.from(new DistributedSampler({ datasetSize: 5, globalBatch: 2, seed: 1, order: 'sequential' }).permutation(3))).toEqual(range(5));
    expect(() => new DistributedSampler({ ...opts, order: 'random' as 'full' })).toThrow(/order "random"/);
    expect(() => new DistributedSampler({ ...opts, blockRecords: 0 })).toThrow(/blockRecords 0/);
    expect(() => new DistributedSampler({ ...opts, windowBlocks: 1.5 })).toThrow(/windowBlocks 1.5/);
    expect(() => new DistributedSampler({ ...opts, shuffle: false })).toThrow(/shuffle false contradicts order "block"/);
  });
});

describe('resolveSampleOrder', () => {
  const spec = { size: 32, channels: 3 as const };
  const recordBytes = 32 * 32 * 3 + 2;
  const big = Math.ceil(AUTO_BLOCK_ORDER_BYTES / recordBytes) + 1;
  it("picks block for shards over the threshold under 'auto', full otherwise, and keeps explicit choices", () => {
    expect(resolveSampleOrder('auto', { size: big, spec, blockRecords: 341 })).toBe('block');
    expect(resolveSampleOrder('auto', { size: big - 2, spec, blockRecords: 341 })).toBe('full');
    expect(resolveSampleOrder('auto', { size: big, spec, blockRecords: undefined })).toBe('full');
    expect(resolveSampleOrder('block', { size: 10, spec, blockRecords: undefined })).toBe('block');
    expect(resolveSampleOrder('full', { size: big, spec, blockRecords: 341 })).toBe('full');
  });
});
