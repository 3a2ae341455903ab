/**
 * The coordinator's outbox to the ranks: what it sends to every live rank, to one,
 * the state requests and replies, and the final SHUTDOWN. Membership decides who is
 * live and which connection holds a rank; this only sends, through PeerSender (a
 * failed send is logged, never thrown: liveness deals with a rank that cannot be
 * reached).
 */
import { chunkBytesOf, type RunConfig } from '@acgan/config';
import { makeMessage, makeStateMessage, MessageType, phaseToWire, StatePurpose, UNASSIGNED_RANK, type MessageHeader, type ProtocolMessage } from '@acgan/protocol';
import type { NamedTensor } from '@acgan/tensor-types';
import type { Peer, PeerSender, Position } from './peers.ts';

/** What the outbox reads of membership. */
export interface RankView {
  readonly config: RunConfig;
  /** Ranks that are currently connected and in the run. */
  live(): Peer[];
  /** The connection that holds `rank`, if any. */
  holder(rank: number): Peer | undefined;
  /** Every registered connection, and the spares (connection ids) never registered. */
  registered(): Peer[];
  spares(): string[];
  session(): string;
  position(): Position;
  epochOf(step: number): number;
}

export class RankOutbox {
  constructor(
    private readonly out: PeerSender,
    private readonly view: RankView,
  ) {}

  /** To every live rank: `shared` to those that exchange through shared memory, `full()` (made once, if needed) to the others. */
  async sendToLiveBy(shared: ProtocolMessage, full: () => ProtocolMessage): Promise<void> {
    let made: ProtocolMessage | undefined;
    await Promise.all(this.view.live().map((p) => this.out.send(p, p.shm ? shared : (made ??= full()))));
  }

  /** Sends `msg` to one rank, if it is live. */
  async sendToRank(rank: number, msg: ProtocolMessage): Promise<void> {
    const peer = this.view.live().find((p) => p.rank === rank);
    if (peer) await this.out.send(peer, msg);
  }

  /**
   * Asks `rank` for its state: INITIAL and CHECKPOINT at a step boundary, REJOIN
   * at the start of the phase in flight (named in the header).
   */
  async requestState(rank: number, purpose: StatePurpose): Promise<void> {
    const { step, phase } = this.view.position();
    const header = purpose === StatePurpose.REJOIN ? { ...this.header(), phase: phaseToWire(phase) } : this.header();
    await this.out.send(this.view.holder(rank)!, makeMessage(MessageType.STATE_REQUEST, header, { step, purpose }));
  }

  /**
   * Sends one STATE message to each of `ranks`. It is built once: with f32 its
   * payloads view the tensors' memory, and ZeroMQ sends the same frames to each.
   */
  async sendState(tensors: readonly NamedTensor[], ranks: readonly number[], purpose: StatePurpose, step: number): Promise<void> {
    const { config, epochOf } = this.view;
    const msg = makeStateMessage({ session: this.view.session(), rank: UNASSIGNED_RANK, step, epoch: epochOf(step), purpose, tensors, chunkBytes: chunkBytesOf(config) });
    for (const rank of ranks) await this.out.send(this.view.holder(rank)!, msg);
  }

  /** SHUTDOWN to every rank and to every spare that never got one. */
  async shutdown(reason: string, exitCode: number): Promise<void> {
    await this.out.shutdown(this.view.registered(), this.view.spares(), this.header(), reason, exitCode);
  }

  /** HEARTBEAT to every assigned rank. */
  heartbeat(now: number): void {
    for (const p of this.view.registered()) {
      if (p.rank >= 0) void this.out.send(p, makeMessage(MessageType.HEARTBEAT, this.header(), { unixMs: now }));
    }
  }

  /** The header of what the coordinator sends: its session, no rank, the step in flight. */
  header(): MessageHeader {
    return { session: this.view.session(), rank: UNASSIGNED_RANK, step: this.view.position().step };
  }
}
