/**
 * Membership: who is in the run. It admits workers (REGISTER), assigns ranks,
 * holds spares, watches liveness, hands a lost rank to a replacement (rejoin) or
 * renumbers the survivors (shrink), and holds the coordinator's outbox to the
 * ranks (RankOutbox).
 * It owns the peers, the ranks, the lost set, the spares and the session; it
 * reads the coordinator's stage and position and reports world changes through
 * MembershipLinks. It never sees gradients, metrics or checkpoints.
 */
import { randomBytes } from 'node:crypto';
import { peerText, type LogLimiter, type Logger, type RunConfig } from '@acgan/config';
import { assembleTensors, MessageType, StatePurpose, type Envelope, type ProtocolMessage, type ServerTransport } from '@acgan/protocol';
import {
  livenessLimit,
  makeAssignMessage,
  numberRanks,
  PeerSender,
  peerOf,
  registrationRefusal,
  shortPeer,
  type Peer,
  type Position,
  type ShmOfferFields,
  type Stage,
  type World,
} from './peers.ts';
import { RankOutbox } from './rank-outbox.ts';

/** What membership reads from the coordinator, and what it tells it. */
export interface MembershipLinks {
  stage(): Stage;
  position(): Position;
  /** The run cannot go on (a rank lost outside training, no replacement in time, ...). */
  fail(code: string, message: string): void;
  /** A replacement for `rank` holds the state and redoes the phase in flight: its repeated buckets are expected. */
  rejoined(rank: number): void;
  /** The world is now the survivors, renumbered, under a new session: the phase in flight starts over. */
  shrunk(): void;
  /** `rank`, on connection `peerId`, is lost (its replacement, if any, will be another connection). */
  lost(rank: number, peerId: string): void;
}

export interface MembershipOptions {
  /** The run's config; `workers` is the world size to admit. */
  config: RunConfig;
  transport: ServerTransport;
  logger: Logger;
  /** Rate limit of the lines peers can trigger (shared with the rest of the coordinator). */
  drops: LogLimiter;
  modelHash: string;
  epochOf(step: number): number;
  links: MembershipLinks;
  /** The shared-memory plane a rank that can map it is offered (ASSIGN), if the run has one. */
  shmOffer?: (peerId: string) => ShmOfferFields;
  /** The run folder's dataset.json, sent with every ASSIGN. */
  datasetFactsJson?: string;
}

/** Spare connections remembered (a legitimate run has a handful). */
const SPARES_MAX = 256;

export class Membership {
  private sessionId = randomBytes(8).toString('hex');
  private size: number;
  private readonly peers = new Map<string, Peer>();
  private byRank: (Peer | undefined)[] = [];
  /** Ranks declared lost and not yet back, with the time by which they must rejoin. */
  private readonly lost = new Map<number, number>();
  /** Connections told that the run is full, waiting as spares (sent SHUTDOWN at the end); the newest SPARES_MAX, so a stranger cannot grow it without bound. */
  private readonly spares = new Set<string>();
  private rankLostHandler: ((rank: number, pid: number, host: string) => void) | undefined;
  private readonly cfg: RunConfig;
  private readonly log: Logger;
  private readonly links: MembershipLinks;
  private readonly out: PeerSender;
  /** What the coordinator sends to the ranks. */
  readonly outbox: RankOutbox;

  constructor(private readonly opts: MembershipOptions) {
    this.cfg = opts.config;
    this.size = opts.config.workers;
    this.log = opts.logger;
    this.links = opts.links;
    this.out = new PeerSender(opts.transport, opts.logger);
    this.outbox = new RankOutbox(this.out, {
      config: this.cfg,
      live: () => this.livePeers(),
      holder: (rank) => this.byRank[rank],
      registered: () => [...this.peers.values()],
      spares: () => [...this.spares].filter((id) => !this.peers.has(id)),
      session: () => this.sessionId,
      position: () => this.links.position(),
      epochOf: (step) => opts.epochOf(step),
    });
  }

  /** Run id in every envelope; renewed when the world shrinks, so older messages are stale. */
  get session(): string {
    return this.sessionId;
  }

  get worldSize(): number {
    return this.size;
  }

  /** What every rank of the current world shares; `config.workers` is the current world size. */
  world(): World {
    return { session: this.sessionId, worldSize: this.size, config: { ...this.cfg, workers: this.size }, datasetFactsJson: this.opts.datasetFactsJson ?? '' };
  }

  /** The assigned ranks, in order. */
  ranks(): number[] {
    return this.byRank.flatMap((p, rank) => (p ? [rank] : []));
  }

  setRankLostHandler(handler: (rank: number, pid: number, host: string) => void): void {
    this.rankLostHandler = handler;
  }

  // --- Admission ------------------------------------------------------------------------------

  /**
   * A REGISTER: refused (wrong version or model, a duplicate), held as a spare
   * (the run is full), a replacement for a lost rank, or one of the first N.
   * Resolves true when the N-th has registered: the ranks are then assigned.
   */
  async register(peerId: string, env: Envelope): Promise<boolean> {
    const reg = env.register!;
    const who = `${peerText(reg.capabilities?.host ?? '?', 64)} pid ${reg.capabilities?.pid ?? '?'}`;
    // The log (the operator's) has the details; the reply only what the worker can act on.
    const reject = async (code: string, logged: string, reply: string): Promise<false> => {
      this.opts.drops.warn(`refused registration (${code})`, `refused registration from ${who}: ${logged}`, peerId);
      await this.out.replyToStranger(peerId, code, reply, true);
      return false;
    };
    const refused = registrationRefusal(reg, this.opts.modelHash, this.cfg);
    if (refused) return reject(refused.code, refused.logged, refused.reply);
    if (this.peers.has(peerId)) return reject('DUPLICATE', 'this connection is already registered', 'this connection is already registered');
    const stage = this.links.stage();
    if (stage === 'training' && this.lost.size === 0) {
      // A worker started by hand to replace one that died: when a rank's
      // connection is already known to be gone, it is lost now, not after the
      // liveness limit.
      const gone = this.livePeers().find((p) => p.unreachableSince !== undefined);
      if (gone) this.rankLost(gone.rank, `its connection is gone (sends fail for ${Date.now() - gone.unreachableSince!} ms) and a new worker is registering`);
    }
    if (stage === 'training' && this.lost.size > 0) {
      await this.admitReplacement(peerId, reg);
      return false;
    }
    if (stage !== 'registering') {
      // Not fatal: the worker waits as a spare and registers again every second,
      // so that it replaces the next rank lost (or gives up at its timeout).
      // Said once per connection (a spare registers every second), and rate-limited
      // across connections (a stranger can open as many as it likes).
      if (!this.spares.delete(peerId)) {
        this.opts.drops.warn(
          'registration to a full run (a spare)',
          `worker ${who} waits as a spare: the run already has its ${this.size} workers; it replaces the next rank lost`,
          peerId,
        );
      }
      this.spares.add(peerId);
      if (this.spares.size > SPARES_MAX) this.spares.delete(this.spares.values().next().value!);
      await this.out.replyToStranger(peerId, 'RUN_FULL', 'the run has all its workers: waiting as a spare', false);
      return false;
    }
    const peer = peerOf(peerId, reg);
    this.peers.set(peerId, peer);
    this.log.info(`worker registered: ${peer.host} pid ${peer.pid} backend ${peer.backend} (${this.peers.size}/${this.size})`);
    return this.peers.size === this.size;
  }

  /** Gives every registered worker its rank (numberRanks) and sends each its ASSIGN. */
  async assignRanks(): Promise<void> {
    const peers = [...this.peers.values()];
    numberRanks(peers, this.size);
    for (const p of peers) this.byRank[p.rank] = p;
    const { step } = this.links.position();
    const world = this.world();
    for (const p of peers) await this.out.send(p, makeAssignMessage(world, p.rank, { step, epoch: this.opts.epochOf(step) }, this.offerTo(p)));
    this.log.info(`ranks assigned: ${peers.map((p) => `${p.rank}=${p.host}:${p.pid}`).join(', ')}`);
  }

  /**
   * The registered rank that sent `env`, or undefined: an unregistered
   * connection, another session or a forged rank is dropped (logged, rate-limited).
   * Hearing from a rank renews its liveness.
   */
  sender(peerId: string, env: Envelope): Readonly<Peer> | undefined {
    const peer = this.peers.get(peerId);
    const type = MessageType[env.type];
    if (!peer || peer.rank < 0) {
      this.opts.drops.warn(`${type} from an unregistered sender`, `dropped ${type} from unregistered sender ${shortPeer(peerId)}`, peerId);
      return undefined;
    }
    if (env.session !== this.sessionId) {
      this.opts.drops.warn(
        `message of another session from rank ${peer.rank}`,
        `dropped ${type} from rank ${peer.rank}: session "${peerText(env.session, 64)}", expected ${this.sessionId}`,
        peerId,
      );
      return undefined;
    }
    if (env.senderRank !== peer.rank) {
      this.opts.drops.warn(`wrong rank claimed by rank ${peer.rank}`, `dropped ${type} from rank ${peer.rank}: it claims rank ${env.senderRank}`, peerId);
      return undefined;
    }
    peer.lastSeen = Date.now();
    peer.unreachableSince = undefined;
    return peer;
  }

  /** The TF.js backend a rank reported when ready. */
  noteBackend(rank: number, backend: string): void {
    const peer = this.byRank[rank];
    if (peer) peer.backend = peerText(backend, 32);
  }

  /** Whether a rank mapped the shared memory it was offered (READY); one it was not offered cannot have. */
  noteSharedMemory(rank: number, attached: boolean): void {
    const peer = this.byRank[rank];
    if (peer) peer.shm = attached && peer.shmCapable && this.opts.shmOffer !== undefined;
  }

  /** Whether `rank` exchanges through shared memory. */
  usesSharedMemory(rank: number): boolean {
    return this.byRank[rank]?.shm === true;
  }

  /** The connection that holds `rank` now. */
  peerIdOf(rank: number): string {
    const peer = this.byRank[rank];
    if (!peer) throw new Error(`no peer holds rank ${rank}`);
    return peer.id;
  }

  /** The shared-memory offer for a peer that can take it. */
  private offerTo(peer: Peer): ShmOfferFields | undefined {
    return peer.shmCapable ? this.opts.shmOffer?.(peer.id) : undefined;
  }

  /** The step time a rank reported (liveness allows 3 of them). */
  noteStepTime(rank: number, ms: number): void {
    const peer = this.byRank[rank];
    if (peer) peer.lastStepMs = ms;
  }

  /** `0=wasm, 1=cpu` when the ranks run different backends, else undefined. */
  mixedBackends(): string | undefined {
    const peers = this.byRank.filter((p): p is Peer => p !== undefined);
    if (new Set(peers.map((p) => p.backend)).size <= 1) return undefined;
    return peers.map((p) => `${p.rank}=${p.backend}`).join(', ');
  }

  // --- Liveness and lost ranks -----------------------------------------------------------------

  /**
   * Declares silent ranks lost, then acts on the first lost rank whose wait for
   * a replacement ran out: shrink (--worker-loss shrink) or fail. True when it did.
   */
  checkLiveness(now: number): boolean {
    const starting = this.links.stage() === 'initialising';
    for (const p of this.livePeers()) {
      const limit = livenessLimit(p, this.cfg, starting);
      const silent = now - p.lastSeen;
      if (silent > limit) this.rankLost(p.rank, `silent for ${silent} ms (limit ${limit} ms): it died, hung or lost the network`);
    }
    for (const [rank, deadline] of this.lost) {
      if (now <= deadline) continue;
      if (this.cfg.workerLoss === 'shrink') {
        void this.shrink(`rank ${rank} did not come back`);
      } else {
        this.links.fail('WORKER_LOST', `rank ${rank} was lost and no replacement rejoined within ${this.cfg.rejoinTimeoutMs} ms (--worker-loss stop)`);
      }
      return true;
    }
    return false;
  }

  /**
   * Declares a rank lost. Its partial contributions to the phase in flight stay:
   * gradients are deterministic given state, data and noise, so the replacement
   * recomputes the same values and nothing is half-applied.
   */
  rankLost(rank: number, why: string): void {
    const peer = this.byRank[rank];
    const stage = this.links.stage();
    if (stage === 'done' || !peer || this.lost.has(rank)) return;
    if (stage !== 'training') {
      this.links.fail('WORKER_LOST', `rank ${rank} (${peer.host} pid ${peer.pid}) ${why} (stage ${stage})`);
      return;
    }
    this.lost.set(rank, Date.now() + this.cfg.rejoinTimeoutMs);
    this.peers.delete(peer.id);
    this.links.lost(rank, peer.id);
    const { step, phase } = this.links.position();
    this.log.warn(`rank ${rank} (${peer.host} pid ${peer.pid}) lost: ${why}; waiting up to ${this.cfg.rejoinTimeoutMs} ms for a replacement at step ${step} phase ${phase}`);
    this.rankLostHandler?.(rank, peer.pid, peer.host);
  }

  /** A launcher saw a worker process it started end. */
  workerProcessEnded(pid: number, how: string): void {
    const peer = this.livePeers().find((p) => p.pid === pid);
    if (peer) this.rankLost(peer.rank, `process ended (${how})`);
  }

  /** The launcher will not start this rank again: stop waiting for it. */
  abandonRank(pid: number): void {
    for (const [rank] of this.lost) if (this.byRank[rank]?.pid === pid) this.lost.set(rank, 0);
  }

  // --- Rejoin ------------------------------------------------------------------------------------

  /** A registration while a rank is lost: it takes the requested lost rank, else the lowest, and a live rank is asked for the state. */
  private async admitReplacement(peerId: string, reg: NonNullable<Envelope['register']>): Promise<void> {
    const requested = reg.requestedRank ?? -1;
    const rank = this.lost.has(requested) ? requested : Math.min(...this.lost.keys());
    const old = this.byRank[rank]!;
    // The lost rank's backend and step time stand for the replacement's until it reports its own.
    const peer = peerOf(peerId, reg, { rank, backend: old.backend, lastStepMs: old.lastStepMs });
    this.peers.set(peerId, peer);
    this.byRank[rank] = peer;
    const source = this.livePeers().filter((p) => p.rank !== rank)[0];
    if (!source) {
      this.links.fail('WORKER_LOST', `rank ${rank} has a replacement but no live rank holds the state`);
      return;
    }
    const { step, phase } = this.links.position();
    this.log.info(`replacement for rank ${rank}: ${peer.host} pid ${peer.pid}; state from rank ${source.rank} at step ${step} phase ${phase}`);
    await this.out.send(peer, makeAssignMessage(this.world(), rank, { step, epoch: this.opts.epochOf(step), phase }, this.offerTo(peer)));
    await this.outbox.requestState(source.rank, StatePurpose.REJOIN);
  }

  /** A live rank's state at the start of the phase in flight (STATE REJOIN): on to the replacements waiting for it. */
  async forwardRejoinState(from: Readonly<Peer>, msg: ProtocolMessage): Promise<void> {
    const step = msg.envelope.state?.step ?? 0;
    const at = this.links.position().step;
    if (step !== at) {
      this.log.warn(`dropped REJOIN state of step ${step} from rank ${from.rank}: the run is at step ${at}`);
      return;
    }
    const tensors = assembleTensors(msg);
    const waiting = [...this.lost.keys()].filter((r) => this.peers.has(this.byRank[r]?.id ?? ''));
    await this.outbox.sendState(tensors, waiting, StatePurpose.REJOIN, step);
  }

  /** Whether `rank` is lost and not yet back. */
  isLost(rank: number): boolean {
    return this.lost.has(rank);
  }

  /** READY from `rank`: if it was lost, its replacement holds the state and rejoins (true). */
  rejoin(rank: number): boolean {
    if (!this.lost.has(rank)) return false;
    this.lost.delete(rank);
    this.links.rejoined(rank);
    const { step, phase } = this.links.position();
    this.log.info(`rank ${rank} rejoined at step ${step} phase ${phase}`);
    return true;
  }

  // --- Shrink ------------------------------------------------------------------------------------

  /**
   * Continues with the live ranks only (--worker-loss shrink): they are renumbered
   * 0..N'-1, the global batch is re-sharded over N' (each step still covers the
   * same B samples, so every sample is still seen once per epoch), and the phase in
   * flight is redone by all with the new slices. A new session id makes every
   * message of the old world stale.
   */
  private async shrink(why: string): Promise<void> {
    const survivors = this.livePeers().sort((a, b) => a.rank - b.rank);
    const n = survivors.length;
    const batch = this.cfg.batchSize;
    if (n === 0 || batch % n !== 0) {
      this.links.fail('WORKER_LOST', `${why}; cannot continue with ${n} rank(s): --batch-size ${batch} ${n === 0 ? 'has no rank left' : `does not divide by ${n}`}`);
      return;
    }
    for (const r of this.lost.keys()) {
      const p = this.byRank[r];
      if (p) this.peers.delete(p.id);
    }
    this.lost.clear();
    const from = this.size;
    this.sessionId = randomBytes(8).toString('hex');
    this.size = n;
    this.byRank = [];
    survivors.forEach((p, i) => {
      p.rank = i;
      this.byRank[i] = p;
    });
    this.links.shrunk();
    const { step, phase } = this.links.position();
    this.log.warn(`${why}: continuing with ${n} of ${from} ranks from step ${step} phase ${phase}, local batch ${batch / n} (re-sharded; session ${this.sessionId})`);
    const world = this.world();
    for (const p of survivors) await this.out.send(p, makeAssignMessage(world, p.rank, { step, epoch: this.opts.epochOf(step), phase }, this.offerTo(p)));
  }

  /** Ranks that are currently connected and in the run. */
  private livePeers(): Peer[] {
    return this.byRank.filter((p): p is Peer => p !== undefined && !this.lost.has(p.rank));
  }
}
