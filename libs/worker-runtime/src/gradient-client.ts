/**
 * The worker's data plane: one allreduce per step and phase. `allreduce` pushes
 * this rank's flat gradient to the coordinator in buckets of --chunk-mb (GRADIENT
 * messages, flagged when a bucket holds NaN or Inf), collects the AVERAGED buckets
 * the mailbox hands it, in whatever order they come, and returns the average with
 * the skip flag of the non-finite policy; or throws:
 *
 *   WorkerExit(3)   no average within --timeout-ms
 *   WorkerExit(n)   the worker was stopped (SHUTDOWN, a fatal ERROR, the watchdog)
 *   Reshard         the coordinator re-sharded the world at this step and phase:
 *                   the caller redoes the phase on its new slice
 *
 * The exchange in flight lives here and nowhere else.
 */
import { bucketElementsOf, type Logger, type RunConfig } from '@acgan/config';
import {
  decodeToF32,
  makeGradientMessage,
  makeSharedGradientMessage,
  phaseFromWire,
  phaseToWire,
  protoToWireDtype,
  splitIntoBuckets,
  type Envelope,
  type PhaseName,
  type ProtocolMessage,
} from '@acgan/protocol';
import type { Assignment } from './assignment.ts';
import type { SharedPlaneView } from './shared-memory.ts';
import { WorkerExit } from './worker-exit.ts';

/** Thrown by allreduce when the coordinator re-shards the world at the phase in flight. */
export class Reshard extends Error {
  override readonly name = 'Reshard';
}

export interface Averaged {
  /**
   * The average over ranks: a buffer of this client's, valid until the next allreduce
   * of the phase; through shared memory, a view of the average segment, valid until
   * this rank sends its next phase (the coordinator writes the next averages after).
   */
  average: Float32Array;
  /** The coordinator found a non-finite value in this phase: every rank skips the update. */
  skip: boolean;
}

export interface GradientClientOptions {
  send: (msg: ProtocolMessage) => Promise<void>;
  /** Rank, world size and session of the messages; its planned re-shards stop the phase they concern. */
  assignment: Assignment;
  /** Aborted with the reason the worker stops. */
  signal: AbortSignal;
  log: Logger;
  run: Pick<RunConfig, 'chunkMb' | 'wireDtype' | 'timeoutMs' | 'batchSize'>;
  /** Called as an exchange starts, before its buckets leave: the replica's state is that of the phase's start. */
  onExchange?: (step: number, phase: PhaseName) => void;
  /** This rank's shared-memory segments, when it exchanges through them (shared-memory.ts). */
  shm?: SharedPlaneView;
}

interface Exchange {
  step: number;
  phase: PhaseName;
  out: Float32Array;
  spans: { offset: number; length: number }[];
  received: Set<number>;
  skip: boolean;
  resolve: () => void;
  reject: (err: Error) => void;
}

export class GradientClient {
  private exchange: Exchange | undefined;
  /** One receive buffer per phase, reused every step: applyGradients copies out of it. */
  private readonly buffers: Partial<Record<PhaseName, Float32Array>> = {};

  constructor(private readonly opts: GradientClientOptions) {
    opts.signal.addEventListener('abort', () => this.exchange?.reject(opts.signal.reason as Error));
    // Only the phase the coordinator is at is redone; an earlier one still
    // completes (its averages were all sent before the world shrank).
    opts.assignment.onPlanned((next) => {
      const x = this.exchange;
      if (x && x.step === next.step && x.phase === next.phase) x.reject(new Reshard('the coordinator re-sharded the run'));
    });
  }

  /** The step and phase whose averages this rank waits for, if any. */
  get inFlight(): { step: number; phase: PhaseName } | undefined {
    return this.exchange && { step: this.exchange.step, phase: this.exchange.phase };
  }

  /** Pushes one phase's gradient in buckets and resolves with the average over ranks. */
  async allreduce(step: number, phase: PhaseName, grads: Float32Array): Promise<Averaged> {
    const { signal, assignment, run } = this.opts;
    signal.throwIfAborted();
    if (assignment.reshardsAt(step, phase)) throw new Reshard('the coordinator re-sharded the run');
    const spans = splitIntoBuckets(grads.length, bucketElementsOf(run));
    const shm = this.opts.shm;
    if (shm && grads.length > shm.slot.length) throw new WorkerExit(1, `a gradient of ${grads.length} elements does not fit the shared-memory slot of ${shm.slot.length}`);
    // Through shared memory the averages are read where the coordinator wrote them.
    let out = shm ? shm.average.subarray(0, grads.length) : this.buffers[phase];
    if (out?.length !== grads.length) out = this.buffers[phase] = new Float32Array(grads.length);
    let exchange!: Exchange;
    const done = new Promise<void>((resolve, reject) => {
      exchange = { step, phase, out, spans, received: new Set(), skip: false, resolve, reject };
    });
    // A stop or re-shard may reject it before it is awaited below.
    done.catch(() => undefined);
    this.exchange = exchange;
    let timer: NodeJS.Timeout | undefined;
    try {
      this.opts.onExchange?.(step, phase);
      await this.sendBuckets(step, phase, grads, spans);
      await Promise.race([
        done,
        new Promise<never>((_, reject) => {
          timer = setTimeout(() => reject(new WorkerExit(3, `no averaged gradient for step ${step} phase ${phase} within ${run.timeoutMs} ms`)), run.timeoutMs);
        }),
      ]);
    } finally {
      clearTimeout(timer);
      this.exchange = undefined;
    }
    return { average: out, skip: exchange.skip };
  }

  /** An AVERAGED bucket (from the mailbox): kept if it belongs to the exchange in flight, else dropped with a warning. */
  onAveraged(msg: ProtocolMessage): void {
    const env = msg.envelope as Envelope;
    const x = this.exchange;
    const phase = phaseFromWire(env.phase);
    if (!x || env.step !== x.step || phase !== x.phase) {
      this.opts.log.warn(`dropped AVERAGED for step ${env.step} phase ${phase}: expected ${x ? `step ${x.step} phase ${x.phase}` : 'none'}`);
      return;
    }
    const span = x.spans[env.bucket];
    const shared = env.averaged?.inSharedMemory === true;
    const chunk = env.chunks[0];
    const dtype = chunk ? protoToWireDtype(chunk.dtype ?? 0) : undefined;
    const fits = shared
      ? this.opts.shm !== undefined && env.averaged?.totalElements === x.out.length
      : chunk !== undefined && dtype !== undefined && chunk.elementOffset === span?.offset;
    if (!span || !fits || x.received.has(env.bucket)) {
      this.opts.log.warn(`dropped AVERAGED bucket ${env.bucket}: does not fit the ${x.spans.length} buckets of phase ${x.phase}`);
      return;
    }
    // In shared memory it is already in x.out (a view of the average segment).
    if (!shared) decodeToF32(msg.payloads[0], dtype!, x.out.subarray(span.offset, span.offset + span.length));
    x.received.add(env.bucket);
    if (env.averaged?.skip) x.skip = true;
    if (x.received.size === x.spans.length) x.resolve();
  }

  private async sendBuckets(step: number, phase: PhaseName, grads: Float32Array, spans: { offset: number; length: number }[]): Promise<void> {
    const { assignment, run, shm } = this.opts;
    for (let b = 0; b < spans.length; b++) {
      const { offset, length } = spans[b];
      if (shm) {
        // Into this rank's slot, then announced: the coordinator reads it there.
        shm.slot.set(grads.subarray(offset, offset + length), offset);
        await this.opts.send(
          makeSharedGradientMessage({
            session: assignment.session,
            rank: assignment.rank,
            step,
            phase: phaseToWire(phase),
            bucket: b,
            bucketCount: spans.length,
            totalElements: grads.length,
            hasNonFinite: !allFinite(grads, offset, length),
          }),
        );
        continue;
      }
      await this.opts.send(
        makeGradientMessage({
          session: assignment.session,
          rank: assignment.rank,
          step,
          phase: phaseToWire(phase),
          bucket: b,
          bucketCount: spans.length,
          name: `grad/${phase}`,
          data: grads.subarray(offset, offset + length),
          wireDtype: run.wireDtype,
          elementOffset: offset,
          totalElements: grads.length,
          // Flagged by the sender, so that the coordinator can name the rank.
          hasNonFinite: !allFinite(grads, offset, length),
        }),
      );
    }
  }
}

/** True when every value of data[offset, offset + length) is finite. */
function allFinite(data: Float32Array, offset: number, length: number): boolean {
  let bad = 0;
  for (let i = offset; i < offset + length; i++) {
    const v = data[i];
    bad |= v - v !== 0 ? 1 : 0; // NaN and +-Inf fail v - v === 0
  }
  return bad === 0;
}
