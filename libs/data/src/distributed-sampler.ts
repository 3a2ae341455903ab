// Which records every rank reads at every global step. The coordinator and the
// workers each compute it independently and must agree, and the sequence of
// global batches must not depend on the number of workers N (so the training
// result does not either): global batches are defined first, ranks only split them.
//
// Semantics:
// - epoch e uses the permutation P_e of 0..size-1 drawn by Fisher-Yates from
//   xoshiro128** seeded by (seed, e) (identity when shuffle is false);
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

import { DataError } from './errors.ts';
import { randomPermutation, SeededRandom } from './seeded-random.ts';

export interface SamplerOptions {
  datasetSize: number;
  globalBatch: number;
  seed: number;
  /** Default true; false walks the records in order every epoch. */
  shuffle?: boolean;
}

export class DistributedSampler {
  readonly datasetSize: number;
  readonly batchSize: number;
  readonly seed: number;
  readonly shuffle: boolean;
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
    this.shuffle = opts.shuffle ?? true;
    this.stepsPerEpoch = Math.ceil(datasetSize / globalBatch);
  }

  epochOf(step: number): number {
    checkStep(step);
    return Math.floor(step / this.stepsPerEpoch);
  }

  /** The permutation of one epoch (cached for the most recent epoch asked). */
  permutation(epoch: number): Uint32Array {
    if (epoch !== this.cachedEpoch) {
      if (this.shuffle) {
        this.cachedPerm = randomPermutation(this.datasetSize, new SeededRandom(this.seed, epoch));
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

  /** B / N; throws when the global batch does not split evenly across the ranks. */
  localBatchSize(worldSize: number): number {
    if (!Number.isInteger(worldSize) || worldSize < 1) {
      throw new DataError('BAD_ARGUMENT', `DistributedSampler: worldSize ${worldSize}, expected a positive integer`);
    }
    if (this.batchSize % worldSize !== 0) {
      throw new DataError('BAD_ARGUMENT', `DistributedSampler: global batch ${this.batchSize} is not divisible by worldSize ${worldSize}: expected a global batch that is a multiple of the number of workers`);
    }
    return this.batchSize / worldSize;
  }
}

function checkStep(step: number): void {
  if (!Number.isSafeInteger(step) || step < 0) {
    throw new DataError('BAD_ARGUMENT', `DistributedSampler: step ${step}, expected a non-negative integer`);
  }
}
