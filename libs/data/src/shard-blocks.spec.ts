// Whole-block reads of the shards reader (block cache, O_DIRECT, read-ahead,
// buffer recycling) must give exactly what record-by-record reads give.
import { truncate } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createBatchStream } from './batch-stream.ts';
import type { Dataset } from './dataset.ts';
import { DistributedSampler } from './distributed-sampler.ts';
import { prepareShards } from './prepare-shards.ts';
import { openShards } from './shard-dataset.ts';
import { recordBytesOf, shardFileName } from './shard-format.ts';
import { makeTempDir, patternDataset } from './testing/fixtures.ts';

const SPEC = { size: 16, channels: 3 } as const;
const REC = recordBytesOf(SPEC); // 770
const COUNT = 53;
let tmp: { dir: string; cleanup: () => Promise<void> };
let dir: string;
let source: Dataset;

beforeAll(async () => {
  tmp = await makeTempDir('blocks');
  dir = path.join(tmp.dir, 'ds');
  source = patternDataset(COUNT, 16, 3);
  // 10 records per shard and 3 per block: blocks 3, 6, 9, 13, ... cross shard boundaries.
  await prepareShards(source, dir, { shardBytes: 10 * REC, order: 'source' });
});
afterAll(() => tmp.cleanup());

const INDICES = [52, 0, 9, 10, 11, 31, 29, 30, 30, 5, 51, 20, 19];

describe('shards whole-block reads', () => {
  for (const direct of [true, false]) {
    it(`equal record reads for every record (O_DIRECT ${direct}), across shard boundaries and the short last block`, async () => {
      const ds = await openShards(dir, SPEC, { blockBytes: 3 * REC, cacheBlocks: 18, direct });
      expect(ds.blockRecords).toBe(3);
      const want = await source.read(INDICES);
      const blocks = await ds.read(INDICES, { wholeBlocks: true });
      expect(Array.from(blocks.labels)).toEqual(Array.from(want.labels));
      expect(blocks.images).toEqual(want.images);
      // Again, now from the cache, and for all records.
      const all = [...Array(COUNT).keys()].reverse();
      const again = await ds.read(all, { wholeBlocks: true });
      expect(again.images).toEqual((await source.read(all)).images);
      const stats = await ds.stats();
      expect(stats.recordReads).toBe(0);
      expect(stats.blockLoads).toBe(Math.ceil(COUNT / 3)); // each block once: the second read is all cache hits
      if (direct && !stats.directRefused) {
        // Only continuations of blocks into the next shard (at records 10, 20, 40 and 50) go through the page cache.
        expect(stats.directReads).toBe(stats.blockLoads);
        expect(stats.bufferedBlockReads).toBe(4);
      } else {
        expect(stats.directReads).toBe(0);
      }
      await ds.close();
    });
  }

  it('falls back to record reads when a batch touches more blocks than the cache holds', async () => {
    const ds = await openShards(dir, SPEC, { blockBytes: 3 * REC, cacheBlocks: 2 });
    const got = await ds.read(INDICES, { wholeBlocks: true });
    expect(got.images).toEqual((await source.read(INDICES)).images);
    const stats = await ds.stats();
    expect(stats.blockLoads).toBe(2);
    expect(stats.recordReads).toBeGreaterThan(0);
    await ds.close();
  });

  it('gives the same records after willNeed read-ahead, with several threads and reads split across them', async () => {
    const ds = await openShards(dir, SPEC, { blockBytes: 3 * REC, cacheBlocks: 6, threads: 2 });
    ds.willNeed!([0, 3, 6, 50, 52], { parts: [{ start: 0, group: 1 }] });
    ds.willNeed!([1000, -1, 2.5], { parts: [{ start: 0, group: 1 }] }); // out-of-range hints are ignored, never fatal
    const ahead = await ds.stats();
    expect(ahead.blockLoadsAhead).toBe(5); // blocks 0, 1, 2, 16 and 17
    for (const group of [0, 1, 2]) {
      const got = await ds.read(INDICES, { wholeBlocks: true, parts: [{ start: 0, group }] });
      expect(got.images).toEqual((await source.read(INDICES)).images);
    }
    // A read split across the two threads is joined in order.
    const split = await ds.read(INDICES, {
      wholeBlocks: true,
      parts: [
        { start: 0, group: 0 },
        { start: 5, group: 1 },
        { start: 11, group: 2 },
      ],
    });
    const want = await source.read(INDICES);
    expect(split.images).toEqual(want.images);
    expect(Array.from(split.labels)).toEqual(Array.from(want.labels));
    const stats = await ds.stats();
    // Group 1 (thread 1) found the hinted blocks 0, 1 and 17 of INDICES in its cache.
    expect(stats.cacheHits).toBeGreaterThanOrEqual(3);
    await ds.close();
  });

  it('reuses recycled buffers: the recycled array is detached and later reads stay right', async () => {
    const ds = await openShards(dir, SPEC, { blockBytes: 3 * REC });
    const first = await ds.read(INDICES, { wholeBlocks: true });
    ds.recycle!(first);
    expect(first.images.byteLength).toBe(0); // transferred back to the reader thread
    for (let i = 0; i < 3; i++) {
      const got = await ds.read(INDICES.slice().reverse(), { wholeBlocks: i % 2 === 0 });
      expect(got.images).toEqual((await source.read(INDICES.slice().reverse())).images);
      ds.recycle!(got);
    }
    await ds.close();
  });

  it("streams exactly the block-order sampler's records through createBatchStream", async () => {
    const ds = await openShards(dir, SPEC, { blockBytes: 3 * REC, cacheBlocks: 12 });
    const sampler = new DistributedSampler({ datasetSize: COUNT, globalBatch: 6, seed: 3, order: 'block', blockRecords: ds.blockRecords, windowBlocks: 2 });
    for (const [rank, worldSize] of [
      [0, 1],
      [1, 2],
    ]) {
      const stream = createBatchStream(ds, sampler, { rank, worldSize, startStep: 2, endStep: 2 + 2 * sampler.stepsPerEpoch });
      for await (const b of stream) {
        const want = await source.read(sampler.rankBatch(b.step, rank, worldSize));
        expect(Array.from(b.labels), `step ${b.step}`).toEqual(Array.from(want.labels));
        expect(b.images).toEqual(want.images);
        stream.release(b);
      }
      await stream.close();
    }
    await ds.close();
  });

  it('reads every epoch ahead again, not only the first (hints are per window, and windows differ per epoch)', async () => {
    const ds = await openShards(dir, SPEC, { blockBytes: 3 * REC, cacheBlocks: 6 }); // 18 blocks, 6 cached
    const sampler = new DistributedSampler({ datasetSize: COUNT, globalBatch: 6, seed: 3, order: 'block', blockRecords: ds.blockRecords, windowBlocks: 2 });
    const epochAhead: number[] = [];
    for (let epoch = 0; epoch < 3; epoch++) {
      const stream = createBatchStream(ds, sampler, { rank: 0, worldSize: 1, startStep: epoch * sampler.stepsPerEpoch, endStep: (epoch + 1) * sampler.stepsPerEpoch });
      for await (const b of stream) stream.release(b);
      await stream.close();
      epochAhead.push((await ds.stats()).blockLoadsAhead - epochAhead.reduce((a, b) => a + b, 0));
    }
    // Blocks loaded ahead per epoch: 9-12 of 18 here (a stream's first steps are not
    // hinted); when hints were remembered across epochs, the later epochs got 0-3.
    for (const n of epochAhead) expect(n).toBeGreaterThanOrEqual(6);
    await ds.close();
  });

  it('stays right with more shards than open files, while block reads are in flight (no fd closed under a read)', async () => {
    const many = path.join(tmp.dir, 'many');
    const src = patternDataset(200, 16, 3);
    await prepareShards(src, many, { shardBytes: REC, order: 'source' }); // 200 shards of one record
    for (const direct of [true, false]) {
      const ds = await openShards(many, SPEC, { blockBytes: 3 * REC, cacheBlocks: 70, direct }); // blocks span 3 shards
      const all = [...Array(200).keys()];
      ds.willNeed!(all); // 67 block loads, 4 at a time, over 200 files: the open-file LRU (64) must churn
      const order = all.map((k) => (k * 37) % 200);
      // Record by record while those loads are in flight: 200 more files opened under them.
      expect((await ds.read(order)).images).toEqual((await src.read(order)).images);
      const got = await ds.read(order, { wholeBlocks: true });
      expect(got.images).toEqual((await src.read(order)).images);
      expect(Array.from(got.labels)).toEqual(Array.from((await src.read(order)).labels));
      await ds.close();
    }
  });

  it('names the shard and record when a block read finds the shard truncated', async () => {
    const bad = path.join(tmp.dir, 'bad');
    await prepareShards(source, bad, { shardBytes: 10 * REC, order: 'source' });
    const ds = await openShards(bad, SPEC, { blockBytes: 3 * REC });
    // Shorten shard 2 after the open-time size check: records 4.. of it are gone.
    await truncate(path.join(bad, shardFileName(2)), 4 * REC + 100);
    await expect(ds.read([20], { wholeBlocks: true })).resolves.toBeDefined(); // block 6 = records 18..20, intact
    await expect(ds.read([25], { wholeBlocks: true })).rejects.toMatchObject({ code: 'TRUNCATED', file: path.join(bad, shardFileName(2)), record: 4 });
    await expect(ds.read([25])).rejects.toMatchObject({ code: 'TRUNCATED', record: 5 });
    await ds.close();
  });

  it('rejects bad options, naming the value', async () => {
    await expect(openShards(dir, SPEC, { blockBytes: 0 })).rejects.toThrow(/blockBytes 0/);
    await expect(openShards(dir, SPEC, { cacheBlocks: -1 })).rejects.toThrow(/cacheBlocks -1/);
  });
});
