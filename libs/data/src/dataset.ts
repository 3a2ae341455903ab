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

export interface Dataset {
  readonly size: number;
  readonly numClasses: number;
  readonly classNames: string[];
  readonly spec: ImageSpec;
  /** One line saying what this is, e.g. "idx /data/fashion (train split, 60000 images 28x28x1)". */
  readonly description: string;
  /**
   * Reads the records at `indices` (in that order, repeats allowed). Concurrent
   * calls are allowed. Rejects with a DataError naming the file and record on bad data.
   */
  read(indices: ArrayLike<number>): Promise<Batch>;
  close(): Promise<void>;
}

/** Throws INDEX_OUT_OF_RANGE unless every index is an integer in [0, size). */
export function checkIndices(indices: ArrayLike<number>, size: number, description: string): void {
  for (let i = 0; i < indices.length; i++) {
    const k = indices[i];
    if (!Number.isInteger(k) || k < 0 || k >= size) {
      throw new DataError(
        'INDEX_OUT_OF_RANGE',
        `${description}: index ${k} at position ${i} is out of range: expected an integer in [0, ${size})`,
        { record: Number.isInteger(k) ? k : undefined },
      );
    }
  }
}

export function closedError(description: string): DataError {
  return new DataError('CLOSED', `${description}: read() after close()`);
}
