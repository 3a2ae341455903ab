/**
 * This rank's batches: the dataset, the global sample order (DistributedSampler:
 * step s takes global batch s, rank r the r-th contiguous slice of it) and a
 * prefetching stream of this rank's slices. A re-shard restarts the stream with
 * the new rank and world size at the step being redone.
 */
import type { Logger, RunConfig } from '@acgan/config';
import { createBatchStream, DistributedSampler, openDataset, resolveSampleOrder, type BatchStream, type Dataset, type StreamBatch } from '@acgan/data';
import type { Seat } from './assignment.ts';
import { WorkerExit } from './worker-exit.ts';

export class DataFeed {
  private stream: BatchStream;

  private constructor(
    private readonly dataset: Dataset,
    private readonly sampler: DistributedSampler,
    private readonly endStep: number,
    seat: Readonly<Seat>,
    startStep: number,
  ) {
    this.stream = this.streamFrom(seat, startStep);
  }

  /** Opens the run's dataset and starts reading this rank's slices at `startStep`. */
  static async open(cfg: RunConfig, seat: Readonly<Seat>, startStep: number, log: Logger): Promise<DataFeed> {
    // Whole-block reads bypass the page cache (O_DIRECT) only for a world of
    // one: ranks of a world read the same blocks at the same steps, and those
    // on one host then share the page cache's copy instead of each reading
    // the disk (`shards:<dir>?direct=true|false` overrides).
    const dataset = await openDataset(cfg.dataset, { size: cfg.imageSize, channels: cfg.channels as 1 | 3 }, { direct: seat.worldSize === 1, skipBadImages: cfg.skipBadImages });
    if (dataset.numClasses !== cfg.numClasses) {
      throw new WorkerExit(2, `dataset ${cfg.dataset} has ${dataset.numClasses} classes, the config says num-classes ${cfg.numClasses}`);
    }
    const order = resolveSampleOrder(cfg.dataOrder, dataset);
    const sampler = new DistributedSampler({ datasetSize: dataset.size, globalBatch: cfg.batchSize, seed: cfg.seed, order, blockRecords: dataset.blockRecords });
    if (order === 'block') log.info(`data order: block (${sampler.blockRecords} records per block, ${sampler.windowBlocks} blocks per window)`);
    return new DataFeed(dataset, sampler, cfg.steps, seat, startStep);
  }

  /** The next step's slice. */
  next(): Promise<StreamBatch> {
    return this.stream.next();
  }

  /** Gives a batch's memory back to the reader once the step is done with it. */
  release(batch: StreamBatch): void {
    this.stream.release(batch);
  }

  epochOf(step: number): number {
    return this.sampler.epochOf(step);
  }

  /** After a re-shard: this rank's new slices, from `step`. */
  async reslice(seat: Readonly<Seat>, step: number): Promise<void> {
    await this.stream.close();
    this.stream = this.streamFrom(seat, step);
  }

  async close(): Promise<void> {
    await this.stream.close();
    await this.dataset.close();
  }

  private streamFrom(seat: Readonly<Seat>, startStep: number): BatchStream {
    return createBatchStream(this.dataset, this.sampler, { rank: seat.rank, worldSize: seat.worldSize, startStep, endStep: this.endStep });
  }
}
