import { describe, expect, it, vi } from 'vitest';
import { createBatchStream } from './batch-stream.ts';
import type { Batch, Dataset } from './dataset.ts';
import { DistributedSampler } from './distributed-sampler.ts';
import { DataError } from './errors.ts';
import { patternDataset } from './testing/fixtures.ts';

/** Wraps a dataset to count concurrent reads and fail on a chosen call. */
function instrumented(inner: Dataset, failOnCall?: number) {
  const stats = { calls: 0, inFlight: 0, maxInFlight: 0 };
  const ds: Dataset = {
    ...inner,
    size: inner.size,
    async read(indices): Promise<Batch> {
      const call = stats.calls++;
      stats.inFlight++;
      stats.maxInFlight = Math.max(stats.maxInFlight, stats.inFlight);
      try {
        await new Promise((r) => setTimeout(r, 2));
        if (call === failOnCall) throw new DataError('IO_ERROR', `test: read ${call} failed`);
        return await inner.read(indices);
      } finally {
        stats.inFlight--;
      }
    },
  };
  return { ds, stats };
}

describe('createBatchStream', () => {
  it("delivers this rank's batches in step order with the sampler's records", async () => {
    const source = patternDataset(50, 16, 1);
    const sampler = new DistributedSampler({ datasetSize: 50, globalBatch: 8, seed: 4 });
    const stream = createBatchStream(source, sampler, { rank: 1, worldSize: 2, startStep: 5, endStep: 9 });
    for (let step = 5; step < 9; step++) {
      const b = await stream.next();
      expect(b.step).toBe(step);
      expect(b.epoch).toBe(sampler.epochOf(step));
      const want = await source.read(sampler.rankBatch(step, 1, 2));
      expect(b.labels).toEqual(want.labels);
      expect(b.images).toEqual(want.images);
    }
    await expect(stream.next()).rejects.toMatchObject({ code: 'STREAM_ENDED' });
    await stream.close();
  });

  it('reads at most prefetch batches ahead of the one being awaited', async () => {
    const { ds, stats } = instrumented(patternDataset(40, 16, 1));
    const sampler = new DistributedSampler({ datasetSize: 40, globalBatch: 4, seed: 1 });
    const stream = createBatchStream(ds, sampler, { rank: 0, worldSize: 1, startStep: 0, prefetch: 3 });
    for (let i = 0; i < 12; i++) await stream.next();
    // The reads ahead of the next batch: 3 more.
    await vi.waitFor(() => expect(stats.calls, 'the prefetch reads after the 12th batch').toBeGreaterThanOrEqual(12 + 3), { timeout: 2000, interval: 5 });
    expect(stats.maxInFlight).toBe(4);
    expect(stats.calls).toBeLessThanOrEqual(12 + 3);
    await stream.close();
  });

  it('is iterable and every epoch of the union over ranks covers the dataset', async () => {
    const source = patternDataset(12, 16, 1);
    const sampler = new DistributedSampler({ datasetSize: 12, globalBatch: 4, seed: 8 });
    const seen: number[] = [];
    for (let rank = 0; rank < 2; rank++) {
      const stream = createBatchStream(source, sampler, { rank, worldSize: 2, startStep: 0, endStep: 3, prefetch: 1 });
      for await (const b of stream) seen.push(...Array.from(b.labels));
      await stream.close();
    }
    // patternDataset labels are i % 10: records 0..11 -> labels 0..9,0,1.
    expect(seen.sort((a, b) => a - b)).toEqual([0, 0, 1, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
  });

  it('delivers a read error at its step, keeps failing after it, and never hangs', async () => {
    const { ds } = instrumented(patternDataset(40, 16, 1), 2);
    const sampler = new DistributedSampler({ datasetSize: 40, globalBatch: 4, seed: 1 });
    const stream = createBatchStream(ds, sampler, { rank: 0, worldSize: 1, startStep: 10, prefetch: 2 });
    expect((await stream.next()).step).toBe(10);
    expect((await stream.next()).step).toBe(11);
    await expect(stream.next()).rejects.toThrow('test: read 2 failed');
    await expect(stream.next()).rejects.toThrow('test: read 2 failed');
    await stream.close();
    await expect(stream.next()).rejects.toMatchObject({ code: 'CLOSED' });
  });

  it('rejects bad options before reading: B % N, rank, sizes', () => {
    const source = patternDataset(10, 16, 1);
    const sampler = new DistributedSampler({ datasetSize: 10, globalBatch: 6, seed: 1 });
    expect(() => createBatchStream(source, sampler, { rank: 0, worldSize: 4, startStep: 0 })).toThrow(/global batch 6 is not divisible by worldSize 4/);
    expect(() => createBatchStream(source, sampler, { rank: 2, worldSize: 2, startStep: 0 })).toThrow(/rank 2/);
    const other = new DistributedSampler({ datasetSize: 11, globalBatch: 6, seed: 1 });
    expect(() => createBatchStream(source, other, { rank: 0, worldSize: 1, startStep: 0 })).toThrow(/11 records/);
  });
});
