// Streams one rank's batches to the training step, reading ahead a bounded
// number of batches so that I/O and decoding overlap the step. At most
// prefetch + 1 reads are in flight (the awaited step and prefetch after it), so
// memory is bounded by that many batches plus those the caller still holds.
// A failed read is delivered by next() for its step, in order, and the stream
// stays failed after it: nothing is skipped silently and nothing hangs.

import type { Dataset, ReadOptions } from './dataset.ts';
import { DistributedSampler } from './distributed-sampler.ts';
import { DataError } from './errors.ts';

export interface BatchStreamOptions {
  rank: number;
  worldSize: number;
  /** First global step to deliver (a resumed run passes its saved step). */
  startStep: number;
  /** One past the last global step; unbounded when absent. */
  endStep?: number;
  /** Batches read ahead (default 2; 0 reads on demand). */
  prefetch?: number;
}

export interface StreamBatch {
  step: number;
  epoch: number;
  /** This rank's images, NHWC float32 in [-1, 1]. */
  images: Float32Array;
  labels: Int32Array;
}

export interface BatchStream {
  /** The next step's batch; rejects with the read's DataError, or STREAM_ENDED past endStep. */
  next(): Promise<StreamBatch>;
  /**
   * Hands a batch back when the step is done with it, so that its memory is
   * reused (see Dataset.recycle); the batch must not be used afterwards.
   * Optional for the caller: an unreleased batch is simply garbage collected.
   */
  release(batch: StreamBatch): void;
  /** Stops reading ahead and waits for reads in flight; the dataset stays open (its owner closes it). */
  close(): Promise<void>;
  [Symbol.asyncIterator](): AsyncIterator<StreamBatch>;
}

export function createBatchStream(dataset: Dataset, sampler: DistributedSampler, opts: BatchStreamOptions): BatchStream {
  const { rank, worldSize, startStep } = opts;
  const endStep = opts.endStep ?? Number.MAX_SAFE_INTEGER;
  const prefetch = opts.prefetch ?? 2;
  if (!Number.isSafeInteger(startStep) || startStep < 0) throw new DataError('BAD_ARGUMENT', `createBatchStream: startStep ${startStep}, expected a non-negative integer`);
  if (!Number.isSafeInteger(endStep) || endStep < startStep)
    throw new DataError('BAD_ARGUMENT', `createBatchStream: endStep ${endStep}, expected an integer >= startStep ${startStep}`);
  if (!Number.isInteger(prefetch) || prefetch < 0) throw new DataError('BAD_ARGUMENT', `createBatchStream: prefetch ${prefetch}, expected a non-negative integer`);
  if (sampler.datasetSize !== dataset.size) {
    throw new DataError('BAD_ARGUMENT', `createBatchStream: sampler is for ${sampler.datasetSize} records but ${dataset.description} has ${dataset.size}`);
  }
  // Checks B % N and the rank before any read starts.
  sampler.rankBatch(startStep, rank, worldSize);

  // A block order reads whole blocks; the steps of one window share a reader
  // thread (affinity), which is told a window ahead which blocks come next.
  const blockOrder = sampler.order === 'block';
  const windowRecords = sampler.windowBlocks * sampler.blockRecords;
  const readOptionsOf = (step: number): ReadOptions =>
    blockOrder ? { wholeBlocks: true, parts: sampler.windowParts(step, rank, worldSize)!.map((p) => ({ start: p.start, group: p.window })) } : {};
  const queue: { step: number; batch: Promise<StreamBatch> }[] = [];
  let nextToRead = startStep;
  let closed = false;

  const startRead = (): void => {
    const step = nextToRead++;
    const batch = (async (): Promise<StreamBatch> => {
      const indices = sampler.rankBatch(step, rank, worldSize);
      const { images, labels } = await dataset.read(indices, readOptionsOf(step));
      return { step, epoch: sampler.epochOf(step), images, labels };
    })();
    // The rejection is delivered by next(); until then it must not count as unhandled.
    batch.catch(() => undefined);
    queue.push({ step, batch });
  };
  // In block order a window's blocks are fetched ahead (Dataset.willNeed)
  // while the window before it is read, so that reads never wait for the disk.
  // No further: a reader caches the current window and the next one only.
  const hintAhead = blockOrder && dataset.willNeed ? Math.max(1, Math.floor(windowRecords / sampler.batchSize)) : 0;
  let nextToHint = startStep + prefetch;
  const fill = (): void => {
    while (!closed && queue.length < prefetch && nextToRead < endStep) startRead();
    for (; !closed && hintAhead > 0 && nextToHint < Math.min(nextToRead + hintAhead, endStep); nextToHint++) {
      dataset.willNeed!(sampler.rankBatch(nextToHint, rank, worldSize), readOptionsOf(nextToHint));
    }
  };
  fill();

  let failed: unknown;
  const next = async (): Promise<StreamBatch> => {
    if (closed) throw new DataError('CLOSED', `batch stream (rank ${rank}/${worldSize}) of ${dataset.description}: next() after close()`);
    if (failed !== undefined) throw failed;
    if (queue.length === 0) {
      if (nextToRead >= endStep)
        throw new DataError('STREAM_ENDED', `batch stream (rank ${rank}/${worldSize}) of ${dataset.description}: no step after ${endStep - 1} (endStep ${endStep})`);
      startRead();
    }
    const head = queue.shift()!;
    fill();
    try {
      return await head.batch;
    } catch (err) {
      failed = err;
      throw err;
    }
  };

  return {
    next,
    release(batch) {
      if (!closed) dataset.recycle?.(batch);
    },
    async close() {
      closed = true;
      const inFlight = queue.splice(0).map((q) => q.batch.catch(() => undefined));
      await Promise.all(inFlight);
    },
    [Symbol.asyncIterator]() {
      return {
        next: async () => {
          if (!closed && failed === undefined && queue.length === 0 && nextToRead >= endStep) return { done: true, value: undefined };
          return { done: false, value: await next() };
        },
      };
    },
  };
}
