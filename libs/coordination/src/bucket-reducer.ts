/**
 * Averages gradient buckets as they arrive. A bucket is reduced as soon as every
 * rank has sent it, while later buckets of the same phase are still on the wire
 * (pipelining). The first contribution is decoded straight into the
 * accumulator and the others are added in place, so a bucket is never copied
 * more than once on its way in.
 */
import { addDecodedInto, decodeToF32, type WireDtype } from '@acgan/protocol';

export interface BucketSpan {
  offset: number;
  length: number;
}

export type ReduceOutcome =
  | { kind: 'pending' }
  | { kind: 'complete'; average: Float32Array; finite: boolean }
  | { kind: 'rejected'; reason: string };

/** One (step, phase) reduction: N ranks x B buckets. */
export class PhaseReduction {
  private readonly sums: (Float32Array | undefined)[];
  private readonly seen: Set<number>[];
  private completed = 0;

  constructor(
    readonly step: number,
    readonly phase: 'D' | 'G',
    readonly worldSize: number,
    readonly buckets: readonly BucketSpan[],
  ) {
    this.sums = buckets.map(() => undefined);
    this.seen = buckets.map(() => new Set<number>());
  }

  get done(): boolean {
    return this.completed === this.buckets.length;
  }

  /** Ranks that have not yet sent every bucket (for timeout messages). */
  missingRanks(): number[] {
    const missing: number[] = [];
    for (let r = 0; r < this.worldSize; r++) if (this.seen.some((s) => !s.has(r))) missing.push(r);
    return missing;
  }

  add(rank: number, bucket: number, bytes: Uint8Array, dtype: WireDtype): ReduceOutcome {
    const span = this.buckets[bucket];
    if (!span) return { kind: 'rejected', reason: `bucket ${bucket} out of range [0, ${this.buckets.length})` };
    const seen = this.seen[bucket];
    if (seen.has(rank)) return { kind: 'rejected', reason: `rank ${rank} sent bucket ${bucket} of step ${this.step} phase ${this.phase} twice` };
    const elementSize = dtype === 'f32' ? 4 : 2;
    if (bytes.byteLength !== span.length * elementSize) {
      return { kind: 'rejected', reason: `bucket ${bucket} has ${bytes.byteLength} bytes, expected ${span.length * elementSize} (${span.length} x ${dtype})` };
    }
    seen.add(rank);
    let sum = this.sums[bucket];
    if (sum === undefined) {
      sum = decodeToF32(bytes, dtype, new Float32Array(span.length));
      this.sums[bucket] = sum;
    } else {
      addDecodedInto(sum, bytes, dtype);
    }
    if (seen.size < this.worldSize) return { kind: 'pending' };
    // Every rank is in: average in place and hand the bucket over.
    this.sums[bucket] = undefined;
    this.completed++;
    const inv = 1 / this.worldSize;
    let finite = true;
    for (let i = 0; i < sum.length; i++) {
      const v = sum[i] * inv;
      sum[i] = v;
      if (v - v !== 0) finite = false; // NaN and +-Inf fail this test, finite values pass
    }
    return { kind: 'complete', average: sum, finite };
  }
}
