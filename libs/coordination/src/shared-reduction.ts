/**
 * The averaging rule of a run with a shared-memory plane (shm-plane.ts): every rank's
 * bucket is in its slot (a local rank writes it there; a remote rank's frame is copied
 * there on arrival), and a complete bucket is the rank-order mean of the slots, computed
 * by the reduction threads into the average segment. The same bits as the socket rule
 * (bucket-reducer.ts): both sum ((g0 + g1) + g2) ... in float32 and scale once.
 *
 * Unlike the socket rule, a lost rank's contributions to buckets not yet reduced are
 * forgotten at once (its slot is fenced and removed, see ShmPlane.drop), and its
 * replacement's count instead: they are the same values, recomputed.
 */
import { decodeToF32, wireDtypeSize, type WireDtype } from '@acgan/protocol';
import type { Segment } from '@acgan/shm';
import type { BucketReduction, ReduceOutcome, ReductionInit } from './bucket-reducer.ts';
import type { ShmPlane } from './shm-plane.ts';

/** The slot a rank's contributions go to, as of now. */
export type SlotOfRank = (rank: number) => Segment;

/** A ReduceRule over the plane's slots. */
export function sharedMean(plane: ShmPlane, slotOfRank: SlotOfRank) {
  return (init: ReductionInit): SharedReduction => new SharedReduction(init, plane, slotOfRank);
}

export class SharedReduction implements BucketReduction {
  readonly buckets: ReductionInit['buckets'];
  private readonly seen: Set<number>[];
  private completed = 0;

  constructor(
    private readonly init: ReductionInit,
    private readonly plane: ShmPlane,
    private readonly slotOfRank: SlotOfRank,
  ) {
    this.buckets = init.buckets;
    this.seen = init.buckets.map(() => new Set<number>());
    const total = init.buckets.reduce((a, b) => a + b.length, 0);
    if (total > plane.floats) throw new Error(`a gradient of ${total} elements does not fit the shared-memory plane (${plane.floats})`);
  }

  get done(): boolean {
    return this.completed === this.buckets.length;
  }

  has(rank: number, bucket: number): boolean {
    return this.seen[bucket]?.has(rank) ?? false;
  }

  missingRanks(): number[] {
    const missing: number[] = [];
    for (let r = 0; r < this.init.worldSize; r++) if (this.seen.some((s) => !s.has(r))) missing.push(r);
    return missing;
  }

  /** A remote rank's bucket: copied (decoded) into its slot. */
  add(rank: number, bucket: number, bytes: Uint8Array, dtype: WireDtype): Promise<ReduceOutcome> | ReduceOutcome {
    const bad = this.check(rank, bucket);
    if (bad) return bad;
    const span = this.buckets[bucket];
    if (bytes.byteLength !== span.length * wireDtypeSize(dtype)) {
      return { kind: 'rejected', reason: `bucket ${bucket} has ${bytes.byteLength} bytes, expected ${span.length * wireDtypeSize(dtype)} (${span.length} x ${dtype})` };
    }
    decodeToF32(bytes, dtype, this.slotOfRank(rank).floats.subarray(span.offset, span.offset + span.length));
    return this.contributed(rank, bucket);
  }

  /** A local rank's bucket, already in its slot (SHM_GRADIENT). */
  addShared(rank: number, bucket: number): Promise<ReduceOutcome> | ReduceOutcome {
    return this.check(rank, bucket) ?? this.contributed(rank, bucket);
  }

  /** A lost rank: its contributions to the buckets not yet reduced no longer count. */
  forget(rank: number): void {
    for (const s of this.seen) if (s.size < this.init.worldSize) s.delete(rank);
  }

  private check(rank: number, bucket: number): ReduceOutcome | undefined {
    if (!this.buckets[bucket]) return { kind: 'rejected', reason: `bucket ${bucket} out of range [0, ${this.buckets.length})` };
    if (this.seen[bucket].has(rank)) return { kind: 'rejected', reason: `rank ${rank} sent bucket ${bucket} of step ${this.init.step} phase ${this.init.phase} twice` };
    return undefined;
  }

  private async contributed(rank: number, bucket: number): Promise<ReduceOutcome> {
    const seen = this.seen[bucket];
    seen.add(rank);
    if (seen.size < this.init.worldSize) return { kind: 'pending' };
    this.completed++;
    const span = this.buckets[bucket];
    const slots = Array.from({ length: this.init.worldSize }, (_, r) => this.slotOfRank(r));
    const finite = await this.plane.mean(slots, span.offset, span.offset + span.length);
    return { kind: 'complete', average: this.plane.average.floats.subarray(span.offset, span.offset + span.length), finite };
  }
}
