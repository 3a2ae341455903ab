// The Dataset contract every reader implements, and the checks they share.

import { DataError } from './errors.ts';
import type { ImageSpec } from './image-spec.ts';

export type Split = 'train' | 'test';

/** One batch as the training step wants it. */
export interface Batch {
  /** NHWC float32 in [-1, 1], N = indices.length, H = W = spec.size, C = spec.channels. */
  images: Float32Array;
  /** int32 in [0, numClasses). */
  labels: Int32Array;
}

/** How a read's indices were drawn, so a reader can pick its I/O. */
export interface ReadOptions {
  /**
   * The indices come from a block order (DistributedSampler order 'block'):
   * neighbours of each record in its block of `blockRecords` will be asked for
   * soon, so a reader with a block cache reads blocks whole.
   */
  wholeBlocks?: boolean;
  /**
   * Where the indices come from, as consecutive parts: indices[start ..
   * next part's start) belong to `group` (a block order's window). Reads and
   * willNeed hints of one group go to one reader thread and so share its cache.
   */
  parts?: { start: number; group: number }[];
}

export interface Dataset {
  readonly size: number;
  readonly numClasses: number;
  readonly classNames: string[];
  readonly spec: ImageSpec;
  /** One line saying what this is, e.g. "idx /data/fashion (train split, 60000 images 28x28x1)". */
  readonly description: string;
  /** Files left out because they cannot be decoded (a folder opened with skipBadImages), with why. */
  readonly skipped?: readonly { file: string; reason: string }[];
  /**
   * Reads the records at `indices` (in that order, repeats allowed). Concurrent
   * calls are allowed. Rejects with a DataError naming the file and record on bad data.
   */
  read(indices: ArrayLike<number>, opts?: ReadOptions): Promise<Batch>;
  /**
   * Records per storage block, for the sampler's block order: set by readers
   * whose records sit in files in index order (shards), absent where every
   * record costs the same wherever it is (in-memory datasets).
   */
  readonly blockRecords?: number;
  /**
   * Takes back a batch this dataset returned, to reuse its memory for a later
   * read (a fresh 3 MB buffer costs hundreds of page faults). The caller must
   * not touch the batch afterwards; its arrays may be detached at once.
   * Optional: readers without a pool simply lack it.
   */
  recycle?(batch: Batch): void;
  /**
   * Says that these records will be read soon (the batch stream calls it for
   * batches further ahead than its prefetch): a reader whose data comes from
   * files may start fetching them into the page cache, so that the read itself
   * does not wait for the disk. A hint: it never fails and never delays.
   */
  willNeed?(indices: ArrayLike<number>, opts?: ReadOptions): void;
  close(): Promise<void>;
}

/** Throws INDEX_OUT_OF_RANGE unless every index is an integer in [0, size). */
export function checkIndices(indices: ArrayLike<number>, size: number, description: string): void {
  for (let i = 0; i < indices.length; i++) {
    const k = indices[i];
    if (!Number.isInteger(k) || k < 0 || k >= size) {
      throw new DataError('INDEX_OUT_OF_RANGE', `${description}: index ${k} at position ${i} is out of range: expected an integer in [0, ${size})`, {
        record: Number.isInteger(k) ? k : undefined,
      });
    }
  }
}

export function closedError(description: string): DataError {
  return new DataError('CLOSED', `${description}: read() after close()`);
}
