/**
 * Serves this replica's full state (parameters, Adam moments and step, BatchNorm
 * statistics) to the coordinator, always at a defined point:
 *
 * - CHECKPOINT (rank 0): the state of a step boundary, `step` steps trained. Served
 *   at once if this rank is at that boundary (waiting for the data, computing or
 *   waiting for the step's D averages: nothing of the step applied yet), else as
 *   soon as it gets there.
 * - REJOIN (any rank): a replacement rank needs the state at the start of the phase
 *   in flight; this rank holds it while it waits for that phase's averages.
 *
 * The training loop tells it where the replica is (`leaveBoundary`, `reachBoundary`)
 * and the gradient client when an exchange starts.
 */
import type { Logger } from '@acgan/config';
import { makeStateMessage, phaseFromWire, StatePurpose, type Envelope, type PhaseName, type ProtocolMessage } from '@acgan/protocol';
import type { Assignment } from './assignment.ts';
import type { ReplicaModel } from './replica-model.ts';

export interface StateServerOptions {
  trainer: ReplicaModel;
  assignment: Assignment;
  /** The exchange this rank waits for, if any (the gradient client's). */
  exchange: { readonly inFlight: { step: number; phase: PhaseName } | undefined };
  send: (msg: ProtocolMessage) => Promise<void>;
  chunkBytes: number;
  log: Logger;
}

export class StateServer {
  /** Steps fully applied to this replica. */
  stepsDone = 0;
  /** True while a step's updates are being applied (the state is between boundaries). */
  private applying = false;
  /** Step boundary at which the coordinator wants rank 0's state (stop / checkpoint). */
  private checkpointAt: number | undefined;
  /** A replacement rank's request for the state at the start of (step, phase). */
  private rejoin: { step: number; phase: PhaseName } | undefined;

  constructor(private readonly opts: StateServerOptions) {}

  /** A STATE_REQUEST from the mailbox; false when it is not for this server (the initial state's request). */
  onRequest(env: Envelope): boolean {
    const req = env.stateRequest;
    if (this.opts.assignment.rank === 0 && req?.purpose === StatePurpose.CHECKPOINT) {
      this.checkpointAt = req.step ?? 0;
      this.serveCheckpoint();
      return true;
    }
    if (req?.purpose === StatePurpose.REJOIN) {
      this.rejoin = { step: req.step ?? 0, phase: phaseFromWire(env.phase) ?? 'D' };
      this.serveRejoin();
      return true;
    }
    return false;
  }

  /** The state just loaded is that of the boundary before `step` (nothing served: training has not started). */
  startAt(step: number): void {
    this.stepsDone = step;
  }

  /** An update of step `stepsDone` is about to be applied: no longer that boundary's state. */
  leaveBoundary(): void {
    this.applying = true;
  }

  /** Every update of the steps before `step` is applied; a checkpoint waiting for this boundary goes now. */
  reachBoundary(step: number): void {
    this.stepsDone = step;
    this.applying = false;
    this.serveCheckpoint();
  }

  /** An exchange starts: if a replacement waits for the state at the start of this phase, it goes now. */
  exchangeStarted(): void {
    this.serveRejoin();
  }

  /** Sends the full state, labelled with a purpose and a step. */
  async send(purpose: StatePurpose, step: number): Promise<void> {
    const { assignment } = this.opts;
    const msg = makeStateMessage({
      session: assignment.session,
      rank: assignment.rank,
      step,
      epoch: 0,
      purpose,
      tensors: await this.opts.trainer.getState(),
      chunkBytes: this.opts.chunkBytes,
    });
    await this.opts.send(msg);
  }

  private serveCheckpoint(): void {
    if (this.checkpointAt === undefined || this.applying || this.stepsDone !== this.checkpointAt) return;
    const inFlight = this.opts.exchange.inFlight;
    if (inFlight && inFlight.phase !== 'D') return;
    const step = this.checkpointAt;
    this.checkpointAt = undefined;
    void this.send(StatePurpose.CHECKPOINT, step);
  }

  private serveRejoin(): void {
    const want = this.rejoin;
    const x = this.opts.exchange.inFlight;
    if (!want || !x || x.step !== want.step || x.phase !== want.phase) return;
    this.rejoin = undefined;
    this.opts.log.info(`sending the state of step ${want.step} phase ${want.phase} for a replacement rank`);
    void this.send(StatePurpose.REJOIN, want.step);
  }
}
