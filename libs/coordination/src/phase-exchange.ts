/**
 * The data plane of the coordinator: one PhaseExchange per (step, phase), from
 * the first GRADIENT bucket to the last average sent back. It validates each
 * bucket (step, phase, dtype, sizes, bucket layout), hands it to the reduction
 * made by the averaging rule (a ReduceRule, swappable; bucket-reducer.ts), sends
 * every completed average to the live ranks and applies the non-finite policy.
 * A new world (shrink) or the next phase gets a new exchange.
 */
import type { LogLimiter, Logger } from '@acgan/config';
import {
  makeAveragedMessage,
  makeSharedAveragedMessage,
  phaseFromWire,
  phaseToWire,
  protoToWireDtype,
  splitIntoBuckets,
  UNASSIGNED_RANK,
  type BucketRange,
  type PhaseName,
  type ProtocolMessage,
  type WireDtype,
} from '@acgan/protocol';
import type { BucketReduction, ReduceRule } from './bucket-reducer.ts';

/** --non-finite and --non-finite-limit: what a non-finite average does, and how many skipped updates in a row end the run. */
export class NonFinitePolicy {
  /** Consecutive phases whose update was skipped. */
  private streak = 0;

  constructor(
    readonly mode: 'skip' | 'stop',
    readonly limit: number,
  ) {}

  /** Counts a finished phase; returns why the run must stop when `limit` updates in a row were skipped. */
  phaseEnded(skipped: boolean, step: number, phase: PhaseName): string | undefined {
    this.streak = skipped ? this.streak + 1 : 0;
    if (this.streak < this.limit) return undefined;
    return `${this.streak} consecutive updates skipped for non-finite gradients (limit --non-finite-limit ${this.limit}), last at step ${step} phase ${phase}`;
  }
}

/** What an exchange needs of the run; fixed for its (step, phase). */
export interface ExchangeContext {
  session: string;
  worldSize: number;
  wireDtype: WireDtype;
  /** Gradient lengths of the two phases in float32 elements, when known. */
  gradientSizes?: { D: number; G: number };
  /** Elements per bucket (--chunk-mb). */
  bucketElements: number;
  reduce: ReduceRule;
  nonFinite: NonFinitePolicy;
  logger: Logger;
  drops: LogLimiter;
  /** Sends an average to every live rank: `shared` to those that exchange through shared memory, `full()` to the others. */
  broadcast(shared: ProtocolMessage, full: () => ProtocolMessage): Promise<void>;
  /** Sends one message to one rank. */
  sendTo(rank: number, msg: ProtocolMessage): Promise<void>;
  /** Whether `rank` exchanges through shared memory (its buckets come as announcements, its averages go as them). */
  usesSharedMemory(rank: number): boolean;
  /** A contribution was accepted: the run is moving. */
  progress(): void;
  fail(code: string, message: string): void;
}

/** Who sent a bucket: its rank, and its connection (for the rate limit of drop lines). */
export interface Contributor {
  rank: number;
  id: string;
}

export class PhaseExchange {
  /** Made at the first bucket, which gives the gradient's length. */
  private reduction: BucketReduction | undefined;
  /** Ranks that rejoined during this phase (their repeated buckets are expected). */
  private readonly rejoined = new Set<number>();
  /** Ranks that flagged non-finite values in this phase. */
  private readonly nonFiniteRanks = new Set<number>();
  /** Whether this phase had a non-finite average (its update is skipped). */
  private skipped = false;
  /** The AVERAGED messages of each completed bucket: a replacement that joins later needs them too. */
  private readonly averages = new Map<number, { shared: ProtocolMessage; full: () => ProtocolMessage }>();

  constructor(
    readonly step: number,
    readonly phase: PhaseName,
    private readonly ctx: ExchangeContext,
  ) {}

  /** A replacement for `rank` redoes this phase: the buckets the lost process had sent come again. */
  expectRepeats(rank: number): void {
    this.rejoined.add(rank);
  }

  /** `rank` was lost: where its contributions cannot be kept (shared memory), they stop counting. */
  forgetRank(rank: number): void {
    this.reduction?.forget?.(rank);
  }

  /** Ranks that have not sent every bucket; undefined before the first bucket. */
  missingRanks(): number[] | undefined {
    return this.reduction?.missingRanks();
  }

  /**
   * One GRADIENT bucket: validated, added to the reduction, and when it completes
   * a bucket the average goes to every live rank. Resolves true when the phase
   * is complete and the run goes on (the non-finite limit may end it instead).
   */
  async add(from: Contributor, msg: ProtocolMessage): Promise<boolean> {
    const env = msg.envelope;
    const phase = phaseFromWire(env.phase);
    if (env.step !== this.step) return this.drop(from, `step ${env.step}, expected ${this.step}`);
    if (phase !== this.phase) return this.drop(from, `phase ${phase ?? env.phase}, expected ${this.phase}`);
    const shared = env.gradient?.inSharedMemory === true;
    if (shared !== this.ctx.usesSharedMemory(from.rank)) {
      return this.drop(
        from,
        shared ? 'announced in shared memory, but this rank exchanges over the socket' : 'sent over the socket, but this rank exchanges through shared memory',
      );
    }
    const chunk = env.chunks[0];
    const dtype = chunk ? protoToWireDtype(chunk.dtype ?? 0) : undefined;
    if (!shared && (!chunk || msg.payloads.length !== 1 || dtype === undefined)) return this.drop(from, 'expected exactly one chunk of a wire dtype');
    if (!shared && dtype !== this.ctx.wireDtype) return this.drop(from, `wire dtype ${dtype}, expected ${this.ctx.wireDtype}`);
    const total = (shared ? env.gradient?.totalElements : chunk!.totalElements) ?? 0;
    const expectedTotal = this.ctx.gradientSizes?.[phase];
    if (expectedTotal !== undefined && total !== expectedTotal) return this.drop(from, `gradient of ${total} elements, expected ${expectedTotal}`);
    this.reduction ??= this.ctx.reduce({ step: this.step, phase, worldSize: this.ctx.worldSize, buckets: splitIntoBuckets(total, this.ctx.bucketElements) });
    const reduction = this.reduction;
    const span = reduction.buckets[env.bucket];
    if (env.bucketCount !== reduction.buckets.length) return this.drop(from, `bucket count ${env.bucketCount}, expected ${reduction.buckets.length}`);
    const offset = shared ? span?.offset : chunk!.elementOffset;
    if (span && (offset !== span.offset || total !== reduction.buckets.reduce((a, s) => a + s.length, 0))) {
      return this.drop(from, `bucket ${env.bucket} at element ${offset} of ${total}, expected ${span.offset}`);
    }
    if (this.rejoined.has(from.rank) && reduction.has(from.rank, env.bucket)) {
      // The lost process had sent this bucket; the replacement recomputed the same
      // values. If the bucket was averaged before the replacement joined, it
      // never got that average: send it now (it waits for every bucket's).
      const average = this.averages.get(env.bucket);
      if (average) void this.ctx.sendTo(from.rank, this.ctx.usesSharedMemory(from.rank) ? average.shared : average.full());
      return false;
    }
    if (shared && !reduction.addShared) return this.drop(from, 'announced in shared memory, but this run reduces over the socket only');
    const outcome = await (shared ? reduction.addShared!(from.rank, env.bucket) : reduction.add(from.rank, env.bucket, msg.payloads[0], dtype!));
    if (outcome.kind === 'rejected') return this.drop(from, outcome.reason);
    if (env.gradient?.hasNonFinite) this.nonFiniteRanks.add(from.rank);
    this.ctx.progress();
    if (outcome.kind === 'pending') return false;
    if (!(await this.sendAverage(env.bucket, span!, total, outcome.average, outcome.finite))) return false;
    if (!reduction.done) return false;
    const tooMany = this.ctx.nonFinite.phaseEnded(this.skipped, this.step, this.phase);
    if (tooMany) {
      this.ctx.fail('NON_FINITE', tooMany);
      return false;
    }
    return true;
  }

  /** Logs (rate-limited) why a bucket is not used. */
  drop(from: Contributor, why: string): false {
    this.ctx.drops.warn(`GRADIENT dropped from rank ${from.rank}`, `dropped GRADIENT from rank ${from.rank}: ${why}`, from.id);
    return false;
  }

  /** The average of one bucket to every live rank, flagged `skip` when not finite; false when the policy stopped the run instead. */
  private async sendAverage(bucket: number, span: BucketRange, total: number, average: Float32Array, finite: boolean): Promise<boolean> {
    if (!finite) {
      const who = this.nonFiniteRanks.size > 0 ? `from rank(s) ${[...this.nonFiniteRanks].sort((a, b) => a - b).join(', ')}` : 'from the sum of finite values (overflow)';
      if (this.ctx.nonFinite.mode === 'stop') {
        this.ctx.fail('NON_FINITE', `non-finite gradient ${who} at step ${this.step} phase ${this.phase} bucket ${bucket}`);
        return false;
      }
      if (!this.skipped) this.ctx.logger.warn(`non-finite gradient ${who} at step ${this.step} phase ${this.phase} bucket ${bucket}: every rank skips this update`);
      this.skipped = true;
    }
    const where = { session: this.ctx.session, rank: UNASSIGNED_RANK, step: this.step, phase: phaseToWire(this.phase), bucket, bucketCount: this.reduction!.buckets.length };
    const shared = makeSharedAveragedMessage({ ...where, totalElements: total, skip: !finite });
    // The bytes, for the ranks that exchange over the socket (made once, when one needs
    // it). One buffer serves every rank: zeromq.js sends it without copying, and it is
    // not written again while a send can be in flight (a socket reduction allocates
    // fresh accumulators; the shared-memory plane rewrites a bucket's average only
    // after every rank has sent that bucket of the next phase, see shm-plane.ts).
    let made: ProtocolMessage | undefined;
    const full = () =>
      (made ??= makeAveragedMessage({
        ...where,
        name: `grad/${this.phase}`,
        data: average,
        wireDtype: this.ctx.wireDtype,
        elementOffset: span.offset,
        totalElements: total,
        skip: !finite,
      }));
    // Not awaited: the receive loop must not wait on one rank's full pipe (the
    // transport queues per peer and keeps each peer's order); the sender logs a failure.
    this.averages.set(bucket, { shared, full });
    void this.ctx.broadcast(shared, full);
    return true;
  }
}
