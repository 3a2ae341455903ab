// Which records every rank reads at every global step. The coordinator and the
// workers each compute it independently and must agree, and the sequence of
// global batches must not depend on the number of workers N (so the training
// result does not either): global batches are defined first, ranks only split them.
//
// Semantics:
// - epoch e uses a permutation P_e of 0..size-1 drawn from xoshiro128** seeded
//   by (seed, e), in one of three orders:
//   - 'full' (the default): Fisher-Yates over all records;
//   - 'block': quasi-random, for datasets read from files: the records are cut
//     into blocks of K consecutive indices (K = blockRecords), the whole blocks
//     are permuted (Fisher-Yates) and a shorter last block, if any, is put
//     after them, and then the records of each window of W consecutive blocks
//     of that sequence (W = windowBlocks) are shuffled among themselves
//     (Fisher-Yates, same generator, windows in order). Window i is thus
//     exactly positions i*W*K .. (i+1)*W*K - 1 of P_e (see windowParts). A window of W*K records is read as W large
//     contiguous pieces, and every batch mixes records of W random places in
//     the data. It is sound when neighbouring records are unrelated (acgan
//     prepare writes shards in shuffled order by default); the price is that
//     two records of one window are more likely to share a batch than under
//     'full'. With K = 1 it is 'full' order drawn differently;
//   - 'sequential': the identity, every epoch;
// - stepsPerEpoch = ceil(size / B); global step s is step k = s mod stepsPerEpoch
//   of epoch e = floor(s / stepsPerEpoch), and its batch is positions
//   k*B .. k*B+B-1 of P_e, taken modulo size: the last batch of an epoch is
//   padded by wrapping to the start of the same epoch's permutation, so every
//   batch has exactly B records and every record appears at least once per epoch;
//   when B does not divide size, the first stepsPerEpoch*B - size records of
//   P_e are read a second time in that epoch (more often if B > size);
// - rank r of N gets the contiguous slice r*B/N .. (r+1)*B/N of the global batch
//   (B % N must be 0), so ranks are disjoint within a step and together cover it;
// - the position in the data is the global step alone: resuming at step s needs
//   nothing else.
// The current epoch's permutation is cached (4 bytes per record: 4 MB for a
// million records); asking for another epoch recomputes it in O(size).

import type { Dataset } from './dataset.ts';
import { DataError } from './errors.ts';
import { recordBytesOf } from './shard-format.ts';
import { randomPermutation, SeededRandom, shuffleRange } from './seeded-random.ts';

export type SampleOrder = 'full' | 'block' | 'sequential';

/** Blocks per window of the block order, by default. */
export const DEFAULT_WINDOW_BLOCKS = 16;

export interface SamplerOptions {
  datasetSize: number;
  globalBatch: number;
  seed: number;
  /** Default 'full' (or 'sequential' when shuffle is false). */
  order?: SampleOrder;
  /** Same as order 'sequential' when false; kept for callers that only switch shuffling off. */
  shuffle?: boolean;
  /** Records per block of the block order (default 1): a dataset's blockRecords. */
  blockRecords?: number;
  /** Blocks per window of the block order (default DEFAULT_WINDOW_BLOCKS). */
  windowBlocks?: number;
}

export class DistributedSampler {
  readonly datasetSize: number;
  readonly batchSize: number;
  readonly seed: number;
  readonly order: SampleOrder;
  readonly blockRecords: number;
  readonly windowBlocks: number;
  readonly stepsPerEpoch: number;
  private cachedEpoch = -1;
  private cachedPerm: Uint32Array = new Uint32Array(0);

  constructor(opts: SamplerOptions) {
    const { datasetSize, globalBatch, seed } = opts;
    if (!Number.isInteger(datasetSize) || datasetSize < 1 || datasetSize > 0xffffffff) {
      throw new DataError('BAD_ARGUMENT', `DistributedSampler: datasetSize ${datasetSize}, expected an integer in [1, 2^32)`);
    }
    if (!Number.isInteger(globalBatch) || globalBatch < 1) {
      throw new DataError('BAD_ARGUMENT', `DistributedSampler: globalBatch ${globalBatch}, expected a positive integer`);
    }
    if (!Number.isSafeInteger(seed) || seed < 0) {
      throw new DataError('BAD_ARGUMENT', `DistributedSampler: seed ${seed}, expected a non-negative safe integer`);
    }
    this.datasetSize = datasetSize;
    this.batchSize = globalBatch;
    this.seed = seed;
    const order = opts.order ?? (opts.shuffle === false ? 'sequential' : 'full');
    if (order !== 'full' && order !== 'block' && order !== 'sequential') {
      throw new DataError('BAD_ARGUMENT', `DistributedSampler: order ${JSON.stringify(order)}, expected "full", "block" or "sequential"`);
    }
    if (opts.shuffle === false && order !== 'sequential') {
      throw new DataError('BAD_ARGUMENT', `DistributedSampler: shuffle false contradicts order "${order}"`);
    }
    const blockRecords = opts.blockRecords ?? 1;
    const windowBlocks = opts.windowBlocks ?? DEFAULT_WINDOW_BLOCKS;
    if (!Number.isInteger(blockRecords) || blockRecords < 1) {
      throw new DataError('BAD_ARGUMENT', `DistributedSampler: blockRecords ${blockRecords}, expected a positive integer`);
    }
    if (!Number.isInteger(windowBlocks) || windowBlocks < 1) {
      throw new DataError('BAD_ARGUMENT', `DistributedSampler: windowBlocks ${windowBlocks}, expected a positive integer`);
    }
    this.order = order;
    this.blockRecords = blockRecords;
    this.windowBlocks = windowBlocks;
    this.stepsPerEpoch = Math.ceil(datasetSize / globalBatch);
  }

  epochOf(step: number): number {
    checkStep(step);
    return Math.floor(step / this.stepsPerEpoch);
  }

  /** The permutation of one epoch (cached for the most recent epoch asked). */
  permutation(epoch: number): Uint32Array {
    if (epoch !== this.cachedEpoch) {
      if (this.order === 'full') {
        this.cachedPerm = randomPermutation(this.datasetSize, new SeededRandom(this.seed, epoch));
      } else if (this.order === 'block') {
        this.cachedPerm = blockPermutation(this.datasetSize, this.blockRecords, this.windowBlocks, new SeededRandom(this.seed, epoch));
      } else if (this.cachedEpoch < 0) {
        this.cachedPerm = new Uint32Array(this.datasetSize).map((_, i) => i);
      }
      this.cachedEpoch = epoch;
    }
    return this.cachedPerm;
  }

  globalBatch(step: number): Uint32Array {
    const epoch = this.epochOf(step);
    const perm = this.permutation(epoch);
    const start = (step - epoch * this.stepsPerEpoch) * this.batchSize;
    const out = new Uint32Array(this.batchSize);
    for (let i = 0; i < this.batchSize; i++) out[i] = perm[(start + i) % this.datasetSize];
    return out;
  }

  rankBatch(step: number, rank: number, worldSize: number): Uint32Array {
    const local = this.localBatchSize(worldSize);
    if (!Number.isInteger(rank) || rank < 0 || rank >= worldSize) {
      throw new DataError('BAD_ARGUMENT', `DistributedSampler: rank ${rank}, expected an integer in [0, ${worldSize})`);
    }
    return this.globalBatch(step).subarray(rank * local, (rank + 1) * local);
  }

  /**
   * In block order, the windows that rank `rank` of `worldSize` reads from at
   * `step`: its slice split where it crosses a window boundary (or wraps at
   * the end of the epoch), each part as { start: index into the slice, window:
   * a number unique across epochs }. Undefined in the other orders. Reads of
   * one window share a reader thread's cache (ReadOptions.parts).
   */
  windowParts(step: number, rank: number, worldSize: number): { start: number; window: number }[] | undefined {
    if (this.order !== 'block') return undefined;
    const local = this.localBatchSize(worldSize);
    const epoch = this.epochOf(step);
    const windowRecords = this.windowBlocks * this.blockRecords;
    const windowsPerEpoch = Math.ceil(this.datasetSize / windowRecords);
    const parts: { start: number; window: number }[] = [];
    let position = (step - epoch * this.stepsPerEpoch) * this.batchSize + rank * local;
    for (let start = 0; start < local;) {
      const p = position % this.datasetSize;
      const w = Math.floor(p / windowRecords);
      const take = Math.min(local - start, Math.min((w + 1) * windowRecords, this.datasetSize) - p);
      const window = epoch * windowsPerEpoch + w;
      // A slice that wraps around an epoch of one window stays one part.
      if (parts.at(-1)?.window !== window) parts.push({ start, window });
      start += take;
      position += take;
    }
    return parts;
  }

  /** B / N; throws when the global batch does not split evenly across the ranks. */
  localBatchSize(worldSize: number): number {
    if (!Number.isInteger(worldSize) || worldSize < 1) {
      throw new DataError('BAD_ARGUMENT', `DistributedSampler: worldSize ${worldSize}, expected a positive integer`);
    }
    if (this.batchSize % worldSize !== 0) {
      throw new DataError(
        'BAD_ARGUMENT',
        `DistributedSampler: global batch ${this.batchSize} is not divisible by worldSize ${worldSize}: expected a global batch that is a multiple of the number of workers`,
      );
    }
    return this.batchSize / worldSize;
  }
}

/** Datasets stored in blocks (shards) get the block order under 'auto' above this size. */
export const AUTO_BLOCK_ORDER_BYTES = 4 * 2 ** 30;

/**
 * The order a run uses for `dataset`: 'auto' is 'block' for a dataset read
 * from files in blocks (shards) of more than AUTO_BLOCK_ORDER_BYTES, where a
 * full shuffle would read the disk record by record, and 'full' otherwise. It
 * depends on the dataset alone, so every rank of a run decides the same.
 */
export function resolveSampleOrder(order: 'auto' | 'full' | 'block', dataset: Pick<Dataset, 'size' | 'spec' | 'blockRecords'>): 'full' | 'block' {
  if (order !== 'auto') return order;
  const bytes = dataset.size * recordBytesOf(dataset.spec);
  return dataset.blockRecords !== undefined && bytes > AUTO_BLOCK_ORDER_BYTES ? 'block' : 'full';
}

/** The block order's permutation (see the header). */
function blockPermutation(size: number, blockRecords: number, windowBlocks: number, rng: SeededRandom): Uint32Array {
  const whole = Math.floor(size / blockRecords);
  const blocks = new Uint32Array(Math.ceil(size / blockRecords));
  blocks.set(randomPermutation(whole, rng));
  if (blocks.length > whole) blocks[whole] = whole; // the short block closes the last window
  const perm = new Uint32Array(size);
  let at = 0;
  for (let w = 0; w < blocks.length; w += windowBlocks) {
    const start = at;
    for (let b = w; b < Math.min(w + windowBlocks, blocks.length); b++) {
      const first = blocks[b] * blockRecords;
      const end = Math.min(first + blockRecords, size);
      for (let k = first; k < end; k++) perm[at++] = k;
    }
    shuffleRange(perm, start, at, rng);
  }
  return perm;
}

function checkStep(step: number): void {
  if (!Number.isSafeInteger(step) || step < 0) {
    throw new DataError('BAD_ARGUMENT', `DistributedSampler: step ${step}, expected a non-negative integer`);
  }
}
