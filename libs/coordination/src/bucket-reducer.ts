/**
 * Averages gradient buckets. A bucket is reduced as soon as every rank has sent
 * it, while later buckets of the same phase are still on the wire (pipelining).
 * The sum runs in rank order, ((g0 + g1) + g2) + ..., whatever order the
 * contributions arrived in: float addition is not associative, and summing in
 * arrival order made two runs of the same job differ in the last bits from three
 * ranks on. Rank 0's contribution (an aligned f32 frame is used in place: a fresh
 * receive buffer nothing else holds) is the accumulator, so a bucket is never
 * copied on its way in; the others wait, as received, until the last arrives.
 *
 * The phase exchange (phase-exchange.ts) drives a BucketReduction made by a
 * ReduceRule, the swappable handle; meanOverRanks (PhaseReduction) is today's rule.
 */
import { addDecodedInto, decodeToF32, wireDtypeSize, type BucketRange, type PhaseName, type WireDtype } from '@acgan/protocol';

export type ReduceOutcome = { kind: 'pending' } | { kind: 'complete'; average: Float32Array; finite: boolean } | { kind: 'rejected'; reason: string };

/** One (step, phase) reduction as the phase exchange drives it: contributions in, averages out. */
export interface BucketReduction {
  readonly buckets: readonly BucketRange[];
  /** Every bucket has been reduced. */
  readonly done: boolean;
  /** Whether `rank` has already contributed `bucket`. */
  has(rank: number, bucket: number): boolean;
  /** Ranks that have not yet sent every bucket (for timeout messages). */
  missingRanks(): number[];
  /** Adds one rank's bucket (taking ownership of `bytes`); 'complete' carries the bucket's result. */
  add(rank: number, bucket: number, bytes: Uint8Array, dtype: WireDtype): ReduceOutcome | Promise<ReduceOutcome>;
  /** A rank's bucket that is already in its shared-memory slot (only a rule over shared memory has this). */
  addShared?(rank: number, bucket: number): ReduceOutcome | Promise<ReduceOutcome>;
  /** A lost rank's contributions to unreduced buckets stop counting (only where they cannot be kept). */
  forget?(rank: number): void;
}

/** What a reduction is made for: one (step, phase) of a world, cut into buckets. */
export interface ReductionInit {
  step: number;
  phase: PhaseName;
  worldSize: number;
  buckets: readonly BucketRange[];
}

/** The averaging rule, a handle that can be swapped: makes the reduction of one (step, phase). */
export type ReduceRule = (init: ReductionInit) => BucketReduction;

/**
 * The rule: the mean over ranks, in float32, summed in rank order (bit-reproducible
 * at any world size), with a finiteness check of every average.
 */
export const meanOverRanks: ReduceRule = ({ step, phase, worldSize, buckets }) => new PhaseReduction(step, phase, worldSize, buckets);

/** One (step, phase) reduction: N ranks x B buckets. */
export class PhaseReduction implements BucketReduction {
  /** Per bucket, the contributions received so far, by rank (until the bucket completes). */
  private readonly held: (Contribution | undefined)[][];
  private readonly seen: Set<number>[];
  private completed = 0;

  constructor(
    readonly step: number,
    readonly phase: PhaseName,
    readonly worldSize: number,
    readonly buckets: readonly BucketRange[],
  ) {
    this.held = buckets.map(() => []);
    this.seen = buckets.map(() => new Set<number>());
  }

  get done(): boolean {
    return this.completed === this.buckets.length;
  }

  /** Whether `rank` has already contributed `bucket`. */
  has(rank: number, bucket: number): boolean {
    return this.seen[bucket]?.has(rank) ?? false;
  }

  /** Ranks that have not yet sent every bucket (for timeout messages). */
  missingRanks(): number[] {
    const missing: number[] = [];
    for (let r = 0; r < this.worldSize; r++) if (this.seen.some((s) => !s.has(r))) missing.push(r);
    return missing;
  }

  /**
   * Adds one rank's bucket. Takes ownership of `bytes`: rank 0's contribution
   * becomes the bucket's accumulator and is averaged in place.
   */
  add(rank: number, bucket: number, bytes: Uint8Array, dtype: WireDtype): ReduceOutcome {
    const span = this.buckets[bucket];
    if (!span) return { kind: 'rejected', reason: `bucket ${bucket} out of range [0, ${this.buckets.length})` };
    const seen = this.seen[bucket];
    if (seen.has(rank)) return { kind: 'rejected', reason: `rank ${rank} sent bucket ${bucket} of step ${this.step} phase ${this.phase} twice` };
    const elementSize = wireDtypeSize(dtype);
    if (bytes.byteLength !== span.length * elementSize) {
      return { kind: 'rejected', reason: `bucket ${bucket} has ${bytes.byteLength} bytes, expected ${span.length * elementSize} (${span.length} x ${dtype})` };
    }
    seen.add(rank);
    const held = this.held[bucket];
    held[rank] = { bytes, dtype };
    if (seen.size < this.worldSize) return { kind: 'pending' };
    // Every rank is in: sum in rank order into rank 0's contribution; the last
    // add is fused with the 1/N scale and the finiteness check.
    this.held[bucket] = [];
    this.completed++;
    const first = held[0]!;
    const sum =
      first.dtype === 'f32' && first.bytes.byteOffset % 4 === 0
        ? new Float32Array(first.bytes.buffer, first.bytes.byteOffset, span.length)
        : decodeToF32(first.bytes, first.dtype, new Float32Array(span.length));
    const inv = 1 / this.worldSize;
    for (let r = 1; r < this.worldSize - 1; r++) addDecodedInto(sum, held[r]!.bytes, held[r]!.dtype);
    const last = held[this.worldSize - 1]!;
    const finite = this.worldSize === 1 ? scaleInPlace(sum, inv) : addScaleInPlace(sum, last.bytes, last.dtype, inv);
    return { kind: 'complete', average: sum, finite };
  }
}

/** One rank's bucket as received. */
interface Contribution {
  bytes: Uint8Array;
  dtype: WireDtype;
}

/** acc *= inv; returns whether every value is finite. */
function scaleInPlace(acc: Float32Array, inv: number): boolean {
  let bad = 0;
  for (let i = 0; i < acc.length; i++) {
    const v = acc[i] * inv;
    acc[i] = v;
    bad |= v - v !== 0 ? 1 : 0; // NaN and +-Inf fail v - v === 0
  }
  return bad === 0;
}

/** acc = (acc + decoded(bytes)) * inv, fused; returns whether every value is finite. */
function addScaleInPlace(acc: Float32Array, bytes: Uint8Array, dtype: WireDtype, inv: number): boolean {
  if (dtype !== 'f32' || bytes.byteOffset % 4 !== 0) {
    addDecodedInto(acc, bytes, dtype);
    return scaleInPlace(acc, inv);
  }
  // Math.fround keeps the sum rounded to float32 before scaling, exactly as a
  // separate add pass into the Float32Array would.
  const src = new Float32Array(bytes.buffer, bytes.byteOffset, acc.length);
  let bad = 0;
  for (let i = 0; i < acc.length; i++) {
    const v = Math.fround(acc[i] + src[i]) * inv;
    acc[i] = v;
    bad |= v - v !== 0 ? 1 : 0;
  }
  return bad === 0;
}
