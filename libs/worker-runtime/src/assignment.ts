/**
 * This worker's place in the run, as the coordinator assigned it: rank, world size
 * and session (every message carries them), and a re-shard that a shrinking
 * coordinator announced for a phase this rank has not reached yet.
 */
import { bodyOf, MessageType, phaseFromWire, type MessageHeader, type PhaseName, type ProtocolMessage } from '@acgan/protocol';

export interface Seat {
  rank: number;
  worldSize: number;
  session: string;
}

/** An ASSIGN: the seat, the run's config and where this rank starts (or, re-sharded, redoes). */
export interface AssignOrder extends Seat {
  runConfigJson: string;
  /** The run folder's dataset.json ('' from a coordinator that keeps none). */
  datasetFactsJson: string;
  step: number;
  phase: PhaseName;
}

/** Reads an ASSIGN message. */
export function readAssign(msg: ProtocolMessage): AssignOrder {
  const a = bodyOf(msg, MessageType.ASSIGN);
  return {
    rank: a.rank ?? -1,
    worldSize: a.worldSize ?? 0,
    session: a.session ?? '',
    runConfigJson: a.runConfigJson ?? '{}',
    datasetFactsJson: a.datasetFactsJson ?? '',
    step: a.startStep ?? 0,
    phase: phaseFromWire(msg.envelope.phase) ?? 'D',
  };
}

export class Assignment implements Seat {
  rank = -1;
  worldSize = 0;
  session = '';
  /** A shrinking coordinator's new seat, taken at the start of (step, phase). */
  private planned: AssignOrder | undefined;
  private readonly listeners: ((next: AssignOrder) => void)[] = [];

  take(seat: Seat): void {
    this.rank = seat.rank;
    this.worldSize = seat.worldSize;
    this.session = seat.session;
  }

  header(step: number): MessageHeader {
    return { session: this.session, rank: this.rank, step };
  }

  /** A re-shard: this rank moves to `next` when it reaches (next.step, next.phase). */
  plan(next: AssignOrder): void {
    this.planned = next;
    for (const listener of this.listeners) listener(next);
  }

  /** Called with every re-shard planned (the gradient client gives up the phase it concerns). */
  onPlanned(listener: (next: AssignOrder) => void): void {
    this.listeners.push(listener);
  }

  /** True when a planned re-shard takes effect at this step and phase. */
  reshardsAt(step: number, phase: PhaseName): boolean {
    return this.planned !== undefined && this.planned.step === step && this.planned.phase === phase;
  }

  /** Moves to the planned seat; returns it. */
  takePlanned(): AssignOrder {
    const next = this.planned;
    if (!next) throw new Error('no re-shard planned');
    this.planned = undefined;
    this.take(next);
    return next;
  }
}
