/**
 * The coordinator of a synchronous data-parallel run. It admits N workers,
 * assigns ranks, broadcasts one initial state so every replica starts identical,
 * then for every (step, phase) averages the gradient buckets of all ranks and
 * sends each average back as soon as it is complete. It collects metrics and
 * parameter checksums, and writes rank 0's state as checkpoints.
 *
 * It never touches TensorFlow.js: parameters reach it only as named tensors in
 * STATE messages. Every message is validated before use; a bad one is logged and
 * dropped (its sender expelled where that makes sense) and never reaches the
 * reduction.
 */
import { randomBytes } from 'node:crypto';
import type { Logger, RunConfig } from '@acgan/config';
import { bucketElementsOf, chunkBytesOf, LogLimiter, modelConfigHash, peerText } from '@acgan/config';
import {
  assembleTensors,
  makeAveragedMessage,
  makeMessage,
  makeStateMessage,
  MessageType,
  Phase,
  PROTOCOL_VERSION,
  protoToWireDtype,
  splitIntoBuckets,
  StatePurpose,
  UNASSIGNED_RANK,
  type Envelope,
  type MessageHeader,
  type ProtocolError,
  type ProtocolMessage,
  type ServerTransport,
  type WireDtype,
} from '@acgan/protocol';
import type { Checkpoint, StoredTensor } from '@acgan/runs';
import { PhaseReduction, type BucketSpan } from './bucket-reducer.ts';

export interface CoordinatorOptions {
  config: RunConfig;
  transport: ServerTransport;
  logger: Logger;
  /** Total global steps of the run. */
  totalSteps: number;
  /** Steps per epoch (for the epoch number in metrics and checkpoints). */
  stepsPerEpoch: number;
  /** Gradient sizes of the two phases in float32 elements, known from the model config. */
  gradientSizes?: { D: number; G: number };
  /** State to start from (resume); else rank 0's freshly initialised state is broadcast. */
  resumeFrom?: Checkpoint;
  /** Called with rank 0's state every checkpoint interval and at the end. */
  onCheckpoint?: (ckpt: Checkpoint) => void;
  /** Called once per completed step with the merged metrics of all ranks. */
  onMetrics?: (record: Record<string, unknown>) => void;
  /** Called when every rank has reported its parameter checksum for a step. */
  onChecksums?: (step: number, byRank: string[]) => void;
  /** Called after every completed step (progress display). */
  onStep?: (step: number, record: Record<string, unknown>) => void;
}

export interface CoordinatorResult {
  exitCode: number;
  stepsDone: number;
  reason: string;
}

interface Peer {
  id: string;
  rank: number;
  host: string;
  pid: number;
  backend: string;
  requestedRank: number;
  lastSeen: number;
  /** This rank's last reported step time, ms (liveness allows for slow steps). */
  lastStepMs: number;
  /** Since when sends to it find no connection (SEND_FAILED); cleared by its next message. */
  unreachableSince?: number;
}

type Stage = 'registering' | 'initialising' | 'training' | 'finishing' | 'done';

const PHASES = ['D', 'G'] as const;
/** How long a stopped run waits for the metrics of its last step after the checkpoint's state, ms. */
const STOP_METRICS_GRACE_MS = 2000;
/** Spare connections remembered (a legitimate run has a handful). */
const SPARES_MAX = 256;

export class CoordinatorError extends Error {
  override readonly name = 'CoordinatorError';
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

export class Coordinator {
  /** Run id in every envelope; renewed when the world shrinks, so older messages are stale. */
  session = randomBytes(8).toString('hex');
  private readonly cfg: RunConfig;
  private readonly log: Logger;
  private readonly transport: ServerTransport;
  private worldSize: number;
  private readonly wireDtype: WireDtype;
  private readonly modelHash: string;
  private readonly peers = new Map<string, Peer>();
  private byRank: (Peer | undefined)[] = [];
  private stage: Stage = 'registering';
  private step: number;
  private phaseIndex = 0;
  private reduction: PhaseReduction | undefined;
  private bucketsByPhase: { D?: BucketSpan[]; G?: BucketSpan[] } = {};
  private readyRanks = new Set<number>();
  private metricsByStep = new Map<number, Map<number, Record<string, number>>>();
  /** The last step whose metrics record was written (complete or partial). */
  private lastMetricsStep = -1;
  private checksums = new Map<number, Map<number, string>>();
  private finalStateReceived = false;
  /** Ranks declared lost and not yet back, with the time by which they must rejoin. */
  private readonly lost = new Map<number, number>();
  /** Ranks that rejoined during the current phase (their repeated buckets are expected). */
  private rejoinedThisPhase = new Set<number>();
  /**
   * Connections told that the run is full; they wait as spares (and are sent
   * SHUTDOWN at the end). The newest SPARES_MAX: a stranger opening connection
   * after connection must not grow it without bound.
   */
  private spares = new Set<string>();
  /** Lines a peer can trigger again and again: rate-limited by cause across all connections. */
  private readonly drops: LogLimiter;
  /** Ranks that flagged non-finite values in the phase in flight. */
  private nonFiniteRanks = new Set<number>();
  /** Whether the phase in flight had a non-finite average (its update is skipped). */
  private phaseSkipped = false;
  /** Consecutive phases whose update was skipped. */
  private skipStreak = 0;
  private rankLostHandler: ((rank: number, pid: number, host: string) => void) | undefined;
  private finishedRanks = new Set<number>();
  private stopReason: string | undefined;
  /** After a stop's checkpoint: the wait for the last step's metrics. */
  private stopGrace: NodeJS.Timeout | undefined;
  private lastProgress = Date.now();
  private resolveRun!: (r: CoordinatorResult) => void;
  private readonly runDone: Promise<CoordinatorResult>;
  private result: CoordinatorResult | undefined;

  constructor(private readonly opts: CoordinatorOptions) {
    this.cfg = { ...opts.config };
    this.log = opts.logger;
    this.drops = new LogLimiter(opts.logger);
    this.transport = opts.transport;
    this.worldSize = opts.config.workers;
    this.wireDtype = opts.config.wireDtype;
    this.modelHash = modelConfigHash(opts.config);
    this.step = opts.resumeFrom?.step ?? 0;
    this.runDone = new Promise((resolve) => (this.resolveRun = resolve));
    if (this.worldSize < 1) throw new CoordinatorError('BAD_CONFIG', `world size must be >= 1, got ${this.worldSize}`);
    if (this.cfg.batchSize % this.worldSize !== 0) {
      throw new CoordinatorError('BAD_CONFIG', `batch-size ${this.cfg.batchSize} does not divide by ${this.worldSize} workers`);
    }
  }

  /** Runs until the last step is done, the run fails, or `stop()` is called. */
  async run(): Promise<CoordinatorResult> {
    this.log.info(`coordinator listening on ${this.transport.endpoint}, waiting for ${this.worldSize} worker(s)`, { session: this.session });
    const loop = this.receiveLoop();
    const heartbeat = setInterval(() => this.tick(), Math.min(this.cfg.heartbeatMs, 500));
    heartbeat.unref();
    const result = await this.runDone;
    clearInterval(heartbeat);
    this.drops.close();
    await this.broadcastShutdown(result);
    await this.transport.close();
    await loop;
    return result;
  }

  /** Asks the run to end at the next step boundary with a checkpoint (Ctrl-C). */
  stop(reason: string): void {
    if (this.stopReason || this.result) return;
    this.stopReason = reason;
    this.log.warn(`stopping: ${reason}`);
    if (this.stage !== 'training') this.finish({ exitCode: 130, stepsDone: this.step, reason });
  }

  /** Ends the run now with an error (e.g. the launcher saw a worker process die). */
  abort(code: string, message: string): void {
    if (this.result) return;
    this.fail(code, message);
  }

  private finish(result: CoordinatorResult): void {
    if (this.result) return;
    clearTimeout(this.stopGrace);
    // Metrics that will never complete now still belong to the run's record.
    this.writePartialMetrics();
    this.result = result;
    this.stage = 'done';
    this.resolveRun(result);
  }

  private fail(code: string, message: string): void {
    this.log.error(`${code}: ${message}`);
    this.finish({ exitCode: 1, stepsDone: this.step, reason: `${code}: ${message}` });
  }

  private async receiveLoop(): Promise<void> {
    for await (const item of this.transport.messages()) {
      if (this.result) continue;
      if (item.error) {
        // The error text quotes what was received: escaped and cut like any peer string.
        this.drops.warn(`bad message (${item.error.code})`, `dropped a bad message from ${shortPeer(item.peer)}: ${peerText(item.error.message, 300)}`, item.peer);
        continue;
      }
      try {
        await this.handle(item.peer, item.msg!);
      } catch (err) {
        // Only this top-level loop logs and carries on: one bad message never ends the run.
        const type = MessageType[item.msg!.envelope.type];
        this.drops.error(`handling ${type} failed`, `handling ${type} from ${shortPeer(item.peer)} failed: ${peerText((err as Error).message, 300)}`, item.peer);
      }
    }
  }

  private header(): MessageHeader {
    return { session: this.session, rank: UNASSIGNED_RANK, step: this.step };
  }

  private async sendTo(peer: Peer, msg: ProtocolMessage): Promise<void> {
    try {
      await this.transport.send(peer.id, msg);
    } catch (err) {
      if ((err as ProtocolError).code !== 'SEND_FAILED') {
        this.log.warn(`send to rank ${peer.rank} failed: ${(err as Error).message}`);
        return;
      }
      // Its connection is gone: said once, until it is heard from again. The
      // liveness check declares it lost, or a replacement's registration does.
      if (peer.unreachableSince === undefined) {
        peer.unreachableSince = Date.now();
        this.log.warn(`send to rank ${peer.rank} failed: ${(err as Error).message} (not logged again until rank ${peer.rank} is heard from)`);
      }
    }
  }

  private async handle(peerId: string, msg: ProtocolMessage): Promise<void> {
    const env = msg.envelope as Envelope;
    if (env.type === MessageType.REGISTER) return this.onRegister(peerId, env);
    const peer = this.peers.get(peerId);
    if (!peer || peer.rank < 0) {
      this.drops.warn(`${MessageType[env.type]} from an unregistered sender`, `dropped ${MessageType[env.type]} from unregistered sender ${shortPeer(peerId)}`, peerId);
      return;
    }
    if (env.session !== this.session) {
      this.drops.warn(`message of another session from rank ${peer.rank}`, `dropped ${MessageType[env.type]} from rank ${peer.rank}: session "${peerText(env.session, 64)}", expected ${this.session}`, peerId);
      return;
    }
    if (env.senderRank !== peer.rank) {
      this.drops.warn(`wrong rank claimed by rank ${peer.rank}`, `dropped ${MessageType[env.type]} from rank ${peer.rank}: it claims rank ${env.senderRank}`, peerId);
      return;
    }
    peer.lastSeen = Date.now();
    peer.unreachableSince = undefined;
    switch (env.type) {
      case MessageType.HEARTBEAT:
        return;
      case MessageType.STATE:
        return this.onState(peer, msg);
      case MessageType.READY:
        return this.onReady(peer, env);
      case MessageType.GRADIENT:
        return this.onGradient(peer, msg);
      case MessageType.METRICS:
        return this.onMetrics(peer, env);
      case MessageType.CHECKSUM:
        return this.onChecksum(peer, env);
      case MessageType.ERROR:
        if (env.error?.fatal) return this.fail('WORKER_FAILED', `rank ${peer.rank} (${peer.host} pid ${peer.pid}) failed: [${peerText(env.error.code, 64)}] ${peerText(env.error.message, 2000)}`);
        this.drops.warn(`error report from rank ${peer.rank}`, `rank ${peer.rank} reports [${peerText(env.error?.code, 64)}] ${peerText(env.error?.message, 2000)}`, peerId);
        return;
      default:
        this.drops.warn(`unexpected ${MessageType[env.type]} from rank ${peer.rank}`, `dropped unexpected ${MessageType[env.type]} from rank ${peer.rank}`, peerId);
    }
  }

  /**
   * Replies to a peer that has no rank carry nothing of the run: no session, no
   * step, no model hash (those are what a stranger would need to pass as a
   * worker of this run); only what the peer needs to fix its own side.
   */
  private replyToStranger(peerId: string, code: string, message: string, fatal: boolean): Promise<void> {
    return this.transport.send(peerId, makeMessage(MessageType.ERROR, { session: '', rank: UNASSIGNED_RANK, step: 0 }, { code, message, fatal })).catch(() => undefined);
  }

  private async onRegister(peerId: string, env: Envelope): Promise<void> {
    const reg = env.register!;
    const who = `${peerText(reg.capabilities?.host ?? '?', 64)} pid ${reg.capabilities?.pid ?? '?'}`;
    // The log (the operator's) has the details; the reply only what the worker can act on.
    const reject = (code: string, logged: string, reply: string): Promise<void> => {
      this.drops.warn(`refused registration (${code})`, `refused registration from ${who}: ${logged}`, peerId);
      return this.replyToStranger(peerId, code, reply, true);
    };
    if (reg.protocolVersion !== PROTOCOL_VERSION) {
      // The version is no secret (it is in the protocol's source) and is what the peer must change.
      return reject('BAD_VERSION', `protocol version ${reg.protocolVersion}, expected ${PROTOCOL_VERSION}`, `protocol version ${reg.protocolVersion} is not supported: this coordinator speaks version ${PROTOCOL_VERSION}`);
    }
    if (reg.modelConfigHash !== this.modelHash) {
      return reject(
        'MODEL_MISMATCH',
        `model config hash "${peerText(reg.modelConfigHash, 64)}", expected ${this.modelHash}`,
        "this worker's model config does not match the run's: give it the coordinator's --image-size, --channels, --num-classes, --latent-dim, --width and --conditioning (the coordinator's log names both hashes)",
      );
    }
    if (this.peers.has(peerId)) return reject('DUPLICATE', 'this connection is already registered', 'this connection is already registered');
    if (this.stage === 'training' && this.lost.size === 0) {
      // A worker started by hand to replace one that died: when a rank's
      // connection is already known to be gone, it is lost now, not after the
      // liveness limit.
      const gone = this.livePeers().find((p) => p.unreachableSince !== undefined);
      if (gone) this.rankLost(gone.rank, `its connection is gone (sends fail for ${Date.now() - gone.unreachableSince!} ms) and a new worker is registering`);
    }
    if (this.stage === 'training' && this.lost.size > 0) return this.admitReplacement(peerId, reg);
    if (this.stage !== 'registering') {
      // Not fatal: the worker waits as a spare and registers again every second,
      // so that it replaces the next rank lost (or gives up at its timeout).
      // Said once per connection (a spare registers every second), and rate-limited
      // across connections (a stranger can open as many as it likes).
      if (!this.spares.delete(peerId)) {
        this.drops.warn('registration to a full run (a spare)', `worker ${who} waits as a spare: the run already has its ${this.worldSize} workers; it replaces the next rank lost`, peerId);
      }
      this.spares.add(peerId);
      if (this.spares.size > SPARES_MAX) this.spares.delete(this.spares.values().next().value!);
      await this.replyToStranger(peerId, 'RUN_FULL', 'the run has all its workers: waiting as a spare', false);
      return;
    }
    const peer: Peer = {
      id: peerId,
      rank: -1,
      host: peerText(reg.capabilities?.host ?? '?', 64),
      pid: reg.capabilities?.pid ?? 0,
      backend: peerText(reg.capabilities?.backend ?? '?', 32),
      requestedRank: reg.requestedRank ?? -1,
      lastSeen: Date.now(),
      lastStepMs: 0,
    };
    this.peers.set(peerId, peer);
    this.log.info(`worker registered: ${peer.host} pid ${peer.pid} backend ${peer.backend} (${this.peers.size}/${this.worldSize})`);
    if (this.peers.size === this.worldSize) await this.assignRanks();
  }

  /** Ranks that are currently connected and in the run. */
  private livePeers(): Peer[] {
    return (this.byRank.filter((p) => p !== undefined) as Peer[]).filter((p) => !this.lost.has(p.rank));
  }

  /**
   * Declares a rank lost. Its partial contributions to the phase in flight stay:
   * gradients are deterministic given state, data and noise, so the replacement
   * recomputes the same values and nothing is half-applied.
   */
  rankLost(rank: number, why: string): void {
    const peer = this.byRank[rank];
    if (this.result || !peer || this.lost.has(rank)) return;
    if (this.stage !== 'training') {
      this.fail('WORKER_LOST', `rank ${rank} (${peer.host} pid ${peer.pid}) ${why} (stage ${this.stage})`);
      return;
    }
    const deadline = Date.now() + this.cfg.rejoinTimeoutMs;
    this.lost.set(rank, deadline);
    this.peers.delete(peer.id);
    this.log.warn(`rank ${rank} (${peer.host} pid ${peer.pid}) lost: ${why}; waiting up to ${this.cfg.rejoinTimeoutMs} ms for a replacement at step ${this.step} phase ${PHASES[this.phaseIndex]}`);
    this.rankLostHandler?.(rank, peer.pid, peer.host);
  }

  /** True once the run has a result (done, failed or stopped). */
  get finished(): boolean {
    return this.result !== undefined;
  }

  /**
   * Installs the launcher's handler for lost ranks (silent, or their process
   * ended): it kills what is left of the process and starts a replacement, which
   * registers, receives the current state from a live rank and redoes the phase
   * in flight.
   */
  setRankLostHandler(handler: (rank: number, pid: number, host: string) => void): void {
    this.rankLostHandler = handler;
  }


  /** The launcher will not start this rank again: stop waiting for it. */
  abandonRank(pid: number): void {
    for (const [rank] of this.lost) if (this.byRank[rank]?.pid === pid) this.lost.set(rank, 0);
  }

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
    if (n === 0 || this.cfg.batchSize % n !== 0) {
      this.fail('WORKER_LOST', `${why}; cannot continue with ${n} rank(s): --batch-size ${this.cfg.batchSize} ${n === 0 ? 'has no rank left' : `does not divide by ${n}`}`);
      return;
    }
    for (const r of this.lost.keys()) {
      const p = this.byRank[r];
      if (p) this.peers.delete(p.id);
    }
    this.lost.clear();
    this.writePartialMetrics();
    this.checksums.clear();
    const from = this.worldSize;
    this.session = randomBytes(8).toString('hex');
    this.worldSize = n;
    this.cfg.workers = n;
    this.byRank = [];
    survivors.forEach((p, i) => {
      p.rank = i;
      this.byRank[i] = p;
    });
    this.reduction = undefined;
    this.rejoinedThisPhase = new Set();
    this.nonFiniteRanks = new Set();
    this.phaseSkipped = false;
    this.lastProgress = Date.now();
    this.log.warn(`${why}: continuing with ${n} of ${from} ranks from step ${this.step} phase ${PHASES[this.phaseIndex]}, local batch ${this.cfg.batchSize / n} (re-sharded; session ${this.session})`);
    const phase = this.phaseIndex === 0 ? Phase.PHASE_D : Phase.PHASE_G;
    for (const p of survivors) {
      await this.sendTo(
        p,
        makeMessage(MessageType.ASSIGN, { ...this.header(), phase }, {
          rank: p.rank,
          worldSize: n,
          runConfigJson: JSON.stringify(this.cfg),
          startStep: this.step,
          epoch: this.epochOf(this.step),
          session: this.session,
        }),
      );
    }
  }

  /** Called by a launcher when a worker process it started has ended. */
  workerProcessEnded(pid: number, how: string): void {
    const peer = this.livePeers().find((p) => p.pid === pid);
    if (peer) this.rankLost(peer.rank, `process ended (${how})`);
  }

  private async admitReplacement(peerId: string, reg: NonNullable<Envelope['register']>): Promise<void> {
    const requested = reg.requestedRank ?? -1;
    const rank = this.lost.has(requested) ? requested : Math.min(...this.lost.keys());
    const old = this.byRank[rank]!;
    const peer: Peer = {
      id: peerId,
      rank,
      host: peerText(reg.capabilities?.host ?? '?', 64),
      pid: reg.capabilities?.pid ?? 0,
      backend: old.backend,
      requestedRank: requested,
      lastSeen: Date.now(),
      lastStepMs: old.lastStepMs,
    };
    this.peers.set(peerId, peer);
    this.byRank[rank] = peer;
    const source = this.livePeers().filter((p) => p.rank !== rank)[0];
    if (!source) {
      this.fail('WORKER_LOST', `rank ${rank} has a replacement but no live rank holds the state`);
      return;
    }
    this.log.info(`replacement for rank ${rank}: ${peer.host} pid ${peer.pid}; state from rank ${source.rank} at step ${this.step} phase ${PHASES[this.phaseIndex]}`);
    const phase = this.phaseIndex === 0 ? Phase.PHASE_D : Phase.PHASE_G;
    await this.sendTo(
      peer,
      makeMessage(MessageType.ASSIGN, { ...this.header(), phase }, {
        rank,
        worldSize: this.worldSize,
        runConfigJson: JSON.stringify(this.cfg),
        startStep: this.step,
        epoch: this.epochOf(this.step),
        session: this.session,
      }),
    );
    await this.sendTo(source, makeMessage(MessageType.STATE_REQUEST, { ...this.header(), phase }, { step: this.step, purpose: StatePurpose.REJOIN }));
  }

  private async assignRanks(): Promise<void> {
    // Requested ranks first (a launcher pins rank i to GPU i), then arrival order.
    const peers = [...this.peers.values()];
    const taken = new Set<number>();
    for (const p of peers) {
      if (p.requestedRank >= 0 && p.requestedRank < this.worldSize && !taken.has(p.requestedRank)) {
        p.rank = p.requestedRank;
        taken.add(p.rank);
      }
    }
    let next = 0;
    for (const p of peers) {
      if (p.rank >= 0) continue;
      while (taken.has(next)) next++;
      p.rank = next;
      taken.add(next);
    }
    for (const p of peers) this.byRank[p.rank] = p;
    this.stage = 'initialising';
    this.lastProgress = Date.now();
    const configJson = JSON.stringify(this.cfg);
    for (const p of peers) {
      await this.sendTo(
        p,
        makeMessage(MessageType.ASSIGN, this.header(), {
          rank: p.rank,
          worldSize: this.worldSize,
          runConfigJson: configJson,
          startStep: this.step,
          epoch: this.epochOf(this.step),
          session: this.session,
        }),
      );
    }
    this.log.info(`ranks assigned: ${peers.map((p) => `${p.rank}=${p.host}:${p.pid}`).join(', ')}`);
    if (this.opts.resumeFrom) {
      this.log.info(`broadcasting the state of checkpoint step ${this.opts.resumeFrom.step} to all ranks`);
      await this.broadcastState(this.opts.resumeFrom.tensors, this.byRank as Peer[]);
    } else {
      await this.sendTo(this.byRank[0]!, makeMessage(MessageType.STATE_REQUEST, this.header(), { step: this.step, purpose: StatePurpose.INITIAL }));
    }
  }

  /**
   * Sends one STATE message to every peer in `to`. It is built once: with f32 its
   * payloads view the tensors' memory, and ZeroMQ sends the same frames to each.
   */
  private async broadcastState(tensors: StoredTensor[], to: Peer[], purpose = StatePurpose.INITIAL, step = this.step): Promise<void> {
    const msg = makeStateMessage({ session: this.session, rank: UNASSIGNED_RANK, step, epoch: this.epochOf(step), purpose, tensors, chunkBytes: chunkBytesOf(this.cfg) });
    for (const p of to) await this.sendTo(p, msg);
  }


  private async onState(peer: Peer, msg: ProtocolMessage): Promise<void> {
    const env = msg.envelope as Envelope;
    if (env.state?.purpose === StatePurpose.REJOIN) {
      const step = Number(env.state.step ?? 0);
      if (step !== this.step) {
        this.log.warn(`dropped REJOIN state of step ${step} from rank ${peer.rank}: the run is at step ${this.step}`);
        return;
      }
      const tensors = assembleTensors(msg);
      const waiting = [...this.lost.keys()].map((r) => this.byRank[r]).filter((p): p is Peer => p !== undefined && this.peers.has(p.id));
      await this.broadcastState(tensors, waiting, StatePurpose.REJOIN, step);
      return;
    }
    if (peer.rank !== 0) {
      this.log.warn(`dropped STATE from rank ${peer.rank}: only rank 0 sends state`);
      return;
    }
    const tensors = assembleTensors(msg);
    const purpose = env.state?.purpose;
    if (purpose === StatePurpose.INITIAL && this.stage === 'initialising') {
      this.log.info(`initial state from rank 0: ${tensors.length} tensors, ${tensors.reduce((a, t) => a + t.data.length, 0)} values; broadcasting`);
      await this.broadcastState(tensors, (this.byRank as Peer[]).filter((p) => p.rank !== 0));
      return;
    }
    if (purpose === StatePurpose.CHECKPOINT) {
      const step = Number(env.state?.step ?? 0);
      this.opts.onCheckpoint?.({
        step,
        epoch: this.epochOf(step),
        config: { ...this.cfg },
        extra: { worldSize: this.worldSize, session: this.session, writtenAt: new Date().toISOString() },
        tensors,
      });
      if (step >= this.opts.totalSteps || (this.stopReason && step >= this.step)) {
        this.finalStateReceived = true;
        this.maybeFinish();
      }
      return;
    }
    this.log.warn(`dropped STATE with purpose ${purpose} in stage ${this.stage}`);
  }

  private async onReady(peer: Peer, env: Envelope): Promise<void> {
    const step = Number(env.ready?.step ?? 0);
    if (this.stage === 'initialising') {
      if (step !== this.step) {
        this.log.warn(`rank ${peer.rank} is ready at step ${step}, expected ${this.step}`);
        return;
      }
      this.readyRanks.add(peer.rank);
      peer.backend = env.ready?.backend ? peerText(env.ready.backend, 32) : peer.backend;
      if (this.readyRanks.size === this.worldSize) {
        const backends = new Set((this.byRank as Peer[]).map((p) => p.backend));
        if (backends.size > 1) {
          this.fail('MIXED_BACKENDS', `ranks run different TF.js backends (${(this.byRank as Peer[]).map((p) => `${p.rank}=${p.backend}`).join(', ')}): they round differently and the replicas would drift apart; give every worker the same --backend`);
          return;
        }
        this.stage = 'training';
        this.log.info(`all ${this.worldSize} ranks ready; training steps ${this.step}..${this.opts.totalSteps - 1}`);
        this.startPhase();
      }
      return;
    }
    if (this.stage === 'training' && this.lost.has(peer.rank)) {
      this.lost.delete(peer.rank);
      this.rejoinedThisPhase.add(peer.rank);
      this.lastProgress = Date.now();
      this.log.info(`rank ${peer.rank} rejoined at step ${this.step} phase ${PHASES[this.phaseIndex]}`);
      return;
    }
    if (this.stage === 'finishing' || this.stage === 'training') {
      // READY after the last step means: this rank has finished (exported, flushed).
      this.finishedRanks.add(peer.rank);
      this.maybeFinish();
    }
  }

  private bucketsFor(phase: 'D' | 'G', total: number): BucketSpan[] {
    let spans = this.bucketsByPhase[phase];
    if (!spans || spans.reduce((a, s) => a + s.length, 0) !== total) {
      spans = splitIntoBuckets(total, bucketElementsOf(this.cfg));
      this.bucketsByPhase[phase] = spans;
    }
    return spans;
  }

  private startPhase(): void {
    if (this.step >= this.opts.totalSteps) {
      this.stage = 'finishing';
      this.log.info(`all ${this.opts.totalSteps} steps done; waiting for the final state and the ranks to finish`);
      this.maybeFinish();
      return;
    }
    if (this.stopReason && this.phaseIndex === 0) {
      // A stop takes effect at a step boundary: rank 0 is then waiting for this
      // step's first averages, so its state is exactly `step` steps trained.
      this.stage = 'finishing';
      void this.sendTo(this.byRank[0]!, makeMessage(MessageType.STATE_REQUEST, this.header(), { step: this.step, purpose: StatePurpose.CHECKPOINT }));
      return;
    }
  }

  private async onGradient(peer: Peer, msg: ProtocolMessage): Promise<void> {
    const env = msg.envelope as Envelope;
    const phase = env.phase === Phase.PHASE_D ? 'D' : env.phase === Phase.PHASE_G ? 'G' : undefined;
    const step = Number(env.step);
    // A rank that is ready may start step 0 before the last READY of the others
    // arrives here: its gradients are legitimate and must not be lost.
    const early = this.stage === 'initialising' && this.readyRanks.has(peer.rank);
    if (this.stage !== 'training' && !early) return this.dropGradient(peer, `arrived in stage ${this.stage}`);
    if (step !== this.step) return this.dropGradient(peer, `step ${step}, expected ${this.step}`);
    if (phase !== PHASES[this.phaseIndex]) return this.dropGradient(peer, `phase ${phase ?? env.phase}, expected ${PHASES[this.phaseIndex]}`);
    const chunk = env.chunks[0];
    const dtype = chunk ? protoToWireDtype(chunk.dtype ?? 0) : undefined;
    if (!chunk || msg.payloads.length !== 1 || dtype === undefined) return this.dropGradient(peer, 'expected exactly one chunk of a wire dtype');
    if (dtype !== this.wireDtype) return this.dropGradient(peer, `wire dtype ${dtype}, expected ${this.wireDtype}`);
    const total = Number(chunk.totalElements);
    const expectedTotal = this.opts.gradientSizes?.[phase];
    if (expectedTotal !== undefined && total !== expectedTotal) return this.dropGradient(peer, `gradient of ${total} elements, expected ${expectedTotal}`);
    if (!this.reduction) {
      const spans = this.bucketsFor(phase, total);
      this.reduction = new PhaseReduction(step, phase, this.worldSize, spans);
    }
    const span = this.reduction.buckets[env.bucket];
    if (env.bucketCount !== this.reduction.buckets.length) return this.dropGradient(peer, `bucket count ${env.bucketCount}, expected ${this.reduction.buckets.length}`);
    if (span && (Number(chunk.elementOffset) !== span.offset || total !== this.reduction.buckets.reduce((a, s) => a + s.length, 0))) {
      return this.dropGradient(peer, `bucket ${env.bucket} at element ${chunk.elementOffset} of ${total}, expected ${span.offset}`);
    }
    if (this.rejoinedThisPhase.has(peer.rank) && this.reduction.has(peer.rank, env.bucket)) {
      // The lost process had sent this bucket; the replacement recomputed the same values.
      return;
    }
    const outcome = this.reduction.add(peer.rank, env.bucket, msg.payloads[0], dtype);
    if (outcome.kind === 'rejected') return this.dropGradient(peer, outcome.reason);
    if (env.gradient?.hasNonFinite) this.nonFiniteRanks.add(peer.rank);
    this.lastProgress = Date.now();
    if (outcome.kind === 'pending') return;
    await this.sendAverage(phase, env.bucket, span!, total, outcome.average, outcome.finite);
    if (this.reduction.done) this.endPhase();
  }

  private dropGradient(peer: Peer, why: string): void {
    this.drops.warn(`GRADIENT dropped from rank ${peer.rank}`, `dropped GRADIENT from rank ${peer.rank}: ${why}`, peer.id);
  }

  private async sendAverage(phase: 'D' | 'G', bucket: number, span: BucketSpan, total: number, average: Float32Array, finite: boolean): Promise<void> {
    if (!finite) {
      const who = this.nonFiniteRanks.size > 0 ? `from rank(s) ${[...this.nonFiniteRanks].sort((a, b) => a - b).join(', ')}` : 'from the sum of finite values (overflow)';
      if (this.cfg.nonFinite === 'stop') {
        this.fail('NON_FINITE', `non-finite gradient ${who} at step ${this.step} phase ${phase} bucket ${bucket}`);
        return;
      }
      if (!this.phaseSkipped) this.log.warn(`non-finite gradient ${who} at step ${this.step} phase ${phase} bucket ${bucket}: every rank skips this update`);
      this.phaseSkipped = true;
    }
    const msg = makeAveragedMessage({
      session: this.session,
      rank: UNASSIGNED_RANK,
      step: this.step,
      phase: phase === 'D' ? Phase.PHASE_D : Phase.PHASE_G,
      bucket,
      bucketCount: this.reduction!.buckets.length,
      name: `grad/${phase}`,
      data: average,
      wireDtype: this.wireDtype,
      elementOffset: span.offset,
      totalElements: total,
      contributorCount: this.worldSize,
      skip: !finite,
    });
    // One buffer serves every rank: zeromq.js sends it without copying, and it is
    // never written again (the next reduction allocates fresh accumulators).
    await Promise.all(this.livePeers().map((p) => this.sendTo(p, msg)));
  }

  private endPhase(): void {
    this.reduction = undefined;
    this.rejoinedThisPhase = new Set();
    this.nonFiniteRanks = new Set();
    this.skipStreak = this.phaseSkipped ? this.skipStreak + 1 : 0;
    this.phaseSkipped = false;
    if (this.skipStreak >= this.cfg.nonFiniteLimit) {
      this.fail('NON_FINITE', `${this.skipStreak} consecutive updates skipped for non-finite gradients (limit --non-finite-limit ${this.cfg.nonFiniteLimit}), last at step ${this.step} phase ${PHASES[this.phaseIndex]}`);
      return;
    }
    if (this.phaseIndex === 0) {
      this.phaseIndex = 1;
    } else {
      this.phaseIndex = 0;
      this.step++;
    }
    this.startPhase();
  }

  private onMetrics(peer: Peer, env: Envelope): void {
    const step = Number(env.metrics?.step ?? 0);
    const values = env.metrics?.values ?? {};
    if (typeof values.evalStep === 'number') {
      // An evaluation of a generator snapshot (rank 0, --eval-interval): its own record.
      const { evalStep: _, ...numbers } = values;
      this.opts.onMetrics?.({ step, evaluation: numbers });
      this.log.info(`evaluation of step ${step}: ${Object.entries(numbers).map(([k, v]) => `${peerText(k, 64)} ${v.toFixed(3)}`).join(', ')}`);
      return;
    }
    let byRank = this.metricsByStep.get(step);
    if (!byRank) {
      byRank = new Map();
      this.metricsByStep.set(step, byRank);
    }
    byRank.set(peer.rank, values);
    if (typeof values.stepMs === 'number') peer.lastStepMs = values.stepMs;
    if (byRank.size < this.worldSize) return;
    this.metricsByStep.delete(step);
    // Every rank sends its metrics in step order: earlier steps still missing a rank
    // never complete (a rank lost after its checksum and before its metrics; its
    // replacement starts at a later step). They go in as partial records.
    this.writePartialMetrics(step);
    this.lastMetricsStep = Math.max(this.lastMetricsStep, step);
    const record = mergeMetrics(step, this.epochOf(step), byRank, this.cfg.batchSize);
    this.opts.onMetrics?.(record);
    this.opts.onStep?.(step, record);
    if (this.stage === 'finishing') this.maybeFinish();
  }

  /** Writes the incomplete metrics of the steps before `before` as `partial` records (the ranks that reported), in step order. */
  private writePartialMetrics(before = Infinity): void {
    for (const step of [...this.metricsByStep.keys()].sort((a, b) => a - b)) {
      if (step >= before) break;
      const byRank = this.metricsByStep.get(step)!;
      this.metricsByStep.delete(step);
      this.lastMetricsStep = Math.max(this.lastMetricsStep, step);
      this.opts.onMetrics?.({ ...mergeMetrics(step, this.epochOf(step), byRank, this.cfg.batchSize), partial: true });
    }
    // Checksums likewise: one that never completes cannot be compared; forget it.
    for (const step of [...this.checksums.keys()]) if (step < before) this.checksums.delete(step);
  }

  private onChecksum(peer: Peer, env: Envelope): void {
    const step = Number(env.checksum?.step ?? 0);
    let byRank = this.checksums.get(step);
    if (!byRank) {
      byRank = new Map();
      this.checksums.set(step, byRank);
    }
    byRank.set(peer.rank, env.checksum?.value ?? '');
    if (byRank.size < this.worldSize) return;
    this.checksums.delete(step);
    const reference = byRank.get(0);
    this.opts.onChecksums?.(step, [...byRank.entries()].sort((a, b) => a[0] - b[0]).map(([, v]) => v));
    const differ = [...byRank.entries()].filter(([, v]) => v !== reference).map(([r]) => r);
    if (differ.length > 0) {
      this.fail('REPLICA_MISMATCH', `parameter checksums differ after step ${step}: rank 0 has ${peerText(reference, 64)}, ranks ${differ.join(', ')} have ${differ.map((r) => peerText(byRank!.get(r), 64)).join(', ')}`);
      return;
    }
    this.log.debug(`checksums agree after step ${step}: ${reference}`);
  }

  private maybeFinish(): void {
    if (this.stage !== 'finishing') return;
    if (this.stopReason) {
      if (!this.finalStateReceived) return;
      // Rank 0 may send the checkpoint's state before the metrics of the last step
      // (its own or another rank's) are in: wait for them, briefly.
      const pending = this.step > (this.opts.resumeFrom?.step ?? 0) && this.lastMetricsStep < this.step - 1;
      if (pending && !this.stopGrace) {
        this.stopGrace = setTimeout(() => {
          this.finish({ exitCode: 130, stepsDone: this.step, reason: this.stopReason! });
        }, STOP_METRICS_GRACE_MS);
        this.stopGrace.unref();
        return;
      }
      if (pending) return;
      clearTimeout(this.stopGrace);
      this.finish({ exitCode: 130, stepsDone: this.step, reason: this.stopReason });
      return;
    }
    if (this.finalStateReceived && this.finishedRanks.size === this.worldSize) {
      this.finish({ exitCode: 0, stepsDone: this.step, reason: 'all steps done' });
    }
  }

  /** Periodic: heartbeats to the workers, and the deadline on every wait. */
  private tick(): void {
    if (this.result) return;
    const now = Date.now();
    for (const p of this.peers.values()) {
      if (p.rank < 0) continue;
      void this.sendTo(p, makeMessage(MessageType.HEARTBEAT, this.header(), { unixMs: now }));
    }
    if (this.stage === 'registering') return;
    // Liveness: every rank sends a heartbeat each heartbeatMs while it waits and
    // reports its compute time per step; a rank silent for longer than 4
    // heartbeats (or 3 of its own steps, for slow models) is lost: with the
    // 500 ms tick a hung rank is detected within 4.5 s. Before its first step, a
    // rank on the tensorflow backend (tfjs-node-gpu) may be silent up to
    // --timeout-ms: on GPUs newer than libtensorflow's build (Hopper, Blackwell)
    // CUDA JIT-compiles its kernels from PTX on first use, for minutes, blocking
    // the event loop. webgpu compiles ahead, off the event loop (precompile).
    for (const p of this.livePeers()) {
      const firstStep = p.lastStepMs === 0 && p.backend === 'tensorflow' ? this.cfg.timeoutMs : 0;
      const limit = Math.max(4 * this.cfg.heartbeatMs, 3 * p.lastStepMs, firstStep);
      const silent = now - p.lastSeen;
      if (silent > limit) this.rankLost(p.rank, `silent for ${silent} ms (limit ${limit} ms): it died, hung or lost the network`);
    }
    for (const [rank, deadline] of this.lost) {
      if (now <= deadline) continue;
      if (this.cfg.workerLoss === 'shrink') {
        void this.shrink(`rank ${rank} did not come back`);
      } else {
        this.fail('WORKER_LOST', `rank ${rank} was lost and no replacement rejoined within ${this.cfg.rejoinTimeoutMs} ms (--worker-loss stop)`);
      }
      return;
    }
    if (now - this.lastProgress > this.cfg.timeoutMs) {
      const waitingOn =
        this.stage === 'training' && this.reduction
          ? `ranks ${this.reduction.missingRanks().join(', ')} for step ${this.step} phase ${PHASES[this.phaseIndex]}`
          : `stage ${this.stage}`;
      this.fail('TIMEOUT', `no progress for ${this.cfg.timeoutMs} ms, waiting on ${waitingOn}`);
    }
  }

  private async broadcastShutdown(result: CoordinatorResult): Promise<void> {
    const msg = makeMessage(MessageType.SHUTDOWN, this.header(), { reason: result.reason, exitCode: result.exitCode });
    // Spares that never got a rank end too (exit 0: the run did not need them).
    // Anyone can be a spare on a plaintext endpoint: no session, step or failure details.
    const spareMsg = makeMessage(MessageType.SHUTDOWN, { session: '', rank: UNASSIGNED_RANK, step: 0 }, { reason: `the run ended (exit ${result.exitCode}) before this spare was needed`, exitCode: 0 });
    const spares = [...this.spares].filter((id) => !this.peers.has(id));
    await Promise.all([
      ...[...this.peers.values()].map((p) => Promise.race([this.transport.send(p.id, msg).catch(() => undefined), delay(1000)])),
      ...spares.map((id) => Promise.race([this.transport.send(id, spareMsg).catch(() => undefined), delay(1000)])),
    ]);
  }

  epochOf(step: number): number {
    return Math.floor(step / Math.max(1, this.opts.stepsPerEpoch));
  }
}

function delay(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms).unref());
}

function shortPeer(id: string): string {
  return id.length > 12 ? id.slice(0, 12) : id;
}

/** Mean of each metric over ranks, plus the per-rank time split. */
export function mergeMetrics(step: number, epoch: number, byRank: Map<number, Record<string, number>>, globalBatch: number): Record<string, unknown> {
  const ranks = [...byRank.keys()].sort((a, b) => a - b);
  const keys = new Set<string>();
  for (const v of byRank.values()) for (const k of Object.keys(v)) keys.add(k);
  const record: Record<string, unknown> = { step, epoch };
  const timing = new Set(['computeMs', 'exchangeMs', 'idleMs', 'stepMs']);
  for (const k of keys) {
    if (timing.has(k)) continue;
    const vals = ranks.map((r) => byRank.get(r)![k]).filter((x) => typeof x === 'number');
    record[k] = vals.reduce((a, b) => a + b, 0) / Math.max(1, vals.length);
  }
  const stepMs = Math.max(...ranks.map((r) => byRank.get(r)!.stepMs ?? 0));
  record.stepMs = stepMs;
  record.imagesPerS = stepMs > 0 ? (globalBatch * 1000) / stepMs : 0;
  record.ranks = ranks.map((r) => {
    const v = byRank.get(r)!;
    return { rank: r, computeMs: v.computeMs, exchangeMs: v.exchangeMs, idleMs: v.idleMs };
  });
  return record;
}

