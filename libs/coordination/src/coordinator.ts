/**
 * The coordinator of a synchronous data-parallel run. It admits N workers,
 * assigns ranks, broadcasts one initial state so every replica starts identical,
 * then for every (step, phase) averages the gradient buckets of all ranks and
 * sends each average back as soon as it is complete. It collects metrics and
 * parameter checksums, and writes rank 0's state as checkpoints.
 *
 * This class is the wiring and the stage machine (registering -> initialising ->
 * training -> finishing -> done). The receive loop sends control messages to
 * their handlers and GRADIENT to the phase exchange (as ps-lite's Van::Receiving):
 * - Membership (membership.ts): admission, ranks, spares, liveness, rejoin, shrink.
 * - PhaseExchange (phase-exchange.ts): one (step, phase) reduction with the
 *   averaging rule passed in (bucket-reducer.ts), and the non-finite policy.
 * - RunRecords (run-records.ts): metrics, checksums, checkpoints, the final state.
 *
 * It never touches TensorFlow.js: parameters reach it only as named tensors in
 * STATE messages. Every message is validated before use; a bad one is logged and
 * dropped and never reaches the reduction.
 */
import type { Logger, RunConfig } from '@acgan/config';
import { bucketElementsOf, LogLimiter, modelConfigHash, peerText } from '@acgan/config';
import { assembleTensors, MessageType, readArtifact, StatePurpose, type Envelope, type PhaseName, type ProtocolMessage } from '@acgan/protocol';
import { meanOverRanks } from './bucket-reducer.ts';
import { sharedMean } from './shared-reduction.ts';
import { CoordinatorError, type CoordinatorOptions, type CoordinatorResult } from './coordinator-options.ts';
import { Membership } from './membership.ts';
import { shortPeer, type Peer, type Stage } from './peers.ts';
import { NonFinitePolicy, PhaseExchange } from './phase-exchange.ts';
import { RunRecords } from './run-records.ts';

/** How long a stopped run waits for the metrics of its last step after the checkpoint's state, ms. */
const STOP_METRICS_GRACE_MS = 2000;

export { CoordinatorError, type CoordinatorOptions, type CoordinatorResult };

export class Coordinator {
  private readonly cfg: RunConfig;
  private readonly log: Logger;
  /** Lines a peer can trigger again and again: rate-limited by cause across all connections. */
  private readonly drops: LogLimiter;
  private readonly membership: Membership;
  private readonly records: RunRecords;
  private readonly nonFinite: NonFinitePolicy;
  private stage: Stage = 'registering';
  /** The step and phase in flight. */
  private step: number;
  private phase: PhaseName = 'D';
  /** The reduction of the step and phase in flight. */
  private exchange: PhaseExchange;
  /** Ranks that have applied the initial state (stage initialising). */
  private readonly readyRanks = new Set<number>();
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
    const workers = this.cfg.workers;
    if (workers < 1) throw new CoordinatorError('BAD_CONFIG', `world size must be >= 1, got ${workers}`);
    if (this.cfg.batchSize % workers !== 0) {
      throw new CoordinatorError('BAD_CONFIG', `batch-size ${this.cfg.batchSize} does not divide by ${workers} workers`);
    }
    this.drops = new LogLimiter(opts.logger);
    this.step = opts.resumeFrom?.step ?? 0;
    this.runDone = new Promise((resolve) => (this.resolveRun = resolve));
    const epochOf = (step: number) => this.epochOf(step);
    this.membership = new Membership({
      config: this.cfg,
      transport: opts.transport,
      logger: this.log,
      drops: this.drops,
      modelHash: modelConfigHash(this.cfg),
      epochOf,
      ...(opts.shm ? { shmOffer: (peerId: string) => opts.shm!.offer(peerId) } : {}),
      ...(opts.datasetFactsJson ? { datasetFactsJson: opts.datasetFactsJson } : {}),
      links: {
        stage: () => this.stage,
        position: () => ({ step: this.step, phase: this.phase }),
        fail: (code, message) => this.fail(code, message),
        rejoined: (rank) => {
          this.exchange.expectRepeats(rank);
          this.lastProgress = Date.now();
        },
        lost: (rank, peerId) => {
          // Its slot goes (a replacement gets a fresh one): what it put there stops counting.
          this.exchange.forgetRank(rank);
          opts.shm?.drop(peerId);
        },
        shrunk: () => {
          // Records of the old world that never complete go in now; the phase in flight starts over.
          this.records.closeStepsBefore();
          this.exchange = this.openExchange();
          this.lastProgress = Date.now();
        },
      },
    });
    this.records = new RunRecords({
      logger: this.log,
      batchSize: this.cfg.batchSize,
      epochOf,
      onMetrics: opts.onMetrics,
      onStep: opts.onStep,
      onChecksums: opts.onChecksums,
      onCheckpoint: opts.onCheckpoint,
    });
    this.nonFinite = new NonFinitePolicy(this.cfg.nonFinite, this.cfg.nonFiniteLimit);
    this.exchange = this.openExchange();
  }

  /** Run id in every envelope; renewed when the world shrinks, so older messages are stale. */
  get session(): string {
    return this.membership.session;
  }

  /** True once the run has a result (done, failed or stopped). */
  get finished(): boolean {
    return this.result !== undefined;
  }

  /** Runs until the last step is done, the run fails, or `stop()` is called. */
  async run(): Promise<CoordinatorResult> {
    this.log.info(`coordinator listening on ${this.opts.transport.endpoint}, waiting for ${this.membership.worldSize} worker(s)`, { session: this.session });
    const loop = this.receiveLoop();
    const heartbeat = setInterval(() => this.tick(), Math.min(this.cfg.heartbeatMs, 500));
    heartbeat.unref();
    const result = await this.runDone;
    clearInterval(heartbeat);
    this.drops.close();
    await this.membership.outbox.shutdown(result.reason, result.exitCode);
    await this.opts.transport.close();
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

  /** The launcher's handler for lost ranks: it kills what is left of the process and starts a replacement. */
  setRankLostHandler(handler: (rank: number, pid: number, host: string) => void): void {
    this.membership.setRankLostHandler(handler);
  }

  /** Declares a rank lost (see Membership.rankLost). */
  rankLost(rank: number, why: string): void {
    if (this.result) return;
    this.membership.rankLost(rank, why);
  }

  /** Called by a launcher when a worker process it started has ended. */
  workerProcessEnded(pid: number, how: string): void {
    this.membership.workerProcessEnded(pid, how);
  }

  /** The launcher will not start this rank again: stop waiting for it. */
  abandonRank(pid: number): void {
    this.membership.abandonRank(pid);
  }

  epochOf(step: number): number {
    return Math.floor(step / Math.max(1, this.opts.stepsPerEpoch));
  }

  // --- The receive loop: control messages to their handlers, GRADIENT to the phase exchange ----

  private async receiveLoop(): Promise<void> {
    for await (const item of this.opts.transport.messages()) {
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

  private async handle(peerId: string, msg: ProtocolMessage): Promise<void> {
    const env = msg.envelope as Envelope;
    if (env.type === MessageType.REGISTER) {
      if (await this.membership.register(peerId, env)) await this.startInitialising();
      return;
    }
    const peer = this.membership.sender(peerId, env);
    if (!peer) return;
    switch (env.type) {
      case MessageType.HEARTBEAT:
        return;
      case MessageType.GRADIENT:
        return this.onGradient(peer, msg);
      case MessageType.STATE:
        return this.onState(peer, msg);
      case MessageType.READY:
        return this.onReady(peer, env);
      case MessageType.METRICS:
        return this.onMetrics(peer, env);
      case MessageType.ARTIFACT:
        return this.onArtifact(peer, msg);
      case MessageType.CHECKSUM: {
        const mismatch = this.records.checksum(peer.rank, env.checksum, this.membership.worldSize);
        if (mismatch) this.fail('REPLICA_MISMATCH', mismatch);
        return;
      }
      case MessageType.ERROR:
        if (env.error?.fatal)
          return this.fail('WORKER_FAILED', `rank ${peer.rank} (${peer.host} pid ${peer.pid}) failed: [${peerText(env.error.code, 64)}] ${peerText(env.error.message, 2000)}`);
        this.drops.warn(`error report from rank ${peer.rank}`, `rank ${peer.rank} reports [${peerText(env.error?.code, 64)}] ${peerText(env.error?.message, 2000)}`, peerId);
        return;
      default:
        this.drops.warn(`unexpected ${MessageType[env.type]} from rank ${peer.rank}`, `dropped unexpected ${MessageType[env.type]} from rank ${peer.rank}`, peerId);
    }
  }

  // --- The stage machine ----------------------------------------------------------------------

  /** registering -> initialising: all N have registered; ranks go out, then the one initial state. */
  private async startInitialising(): Promise<void> {
    this.stage = 'initialising';
    this.lastProgress = Date.now();
    await this.membership.assignRanks();
    const resume = this.opts.resumeFrom;
    if (resume) {
      this.log.info(`broadcasting the state of checkpoint step ${resume.step} to all ranks`);
      await this.membership.outbox.sendState(resume.tensors, this.membership.ranks(), StatePurpose.INITIAL, this.step);
    } else {
      await this.membership.outbox.requestState(0, StatePurpose.INITIAL);
    }
  }

  private async onState(peer: Readonly<Peer>, msg: ProtocolMessage): Promise<void> {
    const state = msg.envelope.state;
    if (state?.purpose === StatePurpose.REJOIN) return this.membership.forwardRejoinState(peer, msg);
    if (peer.rank !== 0) {
      this.log.warn(`dropped STATE from rank ${peer.rank}: only rank 0 sends state`);
      return;
    }
    const tensors = assembleTensors(msg);
    const purpose = state?.purpose;
    if (purpose === StatePurpose.INITIAL && this.stage === 'initialising') {
      this.log.info(`initial state from rank 0: ${tensors.length} tensors, ${tensors.reduce((a, t) => a + t.data.length, 0)} values; broadcasting`);
      await this.membership.outbox.sendState(
        tensors,
        this.membership.ranks().filter((r) => r !== 0),
        StatePurpose.INITIAL,
        this.step,
      );
      return;
    }
    if (purpose === StatePurpose.CHECKPOINT) {
      const step = state?.step ?? 0;
      this.records.checkpoint(step, tensors, this.membership.world());
      if (step >= this.opts.totalSteps || (this.stopReason && step >= this.step)) {
        this.records.finalStateReceived = true;
        this.maybeFinish();
      }
      return;
    }
    this.log.warn(`dropped STATE with purpose ${purpose} in stage ${this.stage}`);
  }

  private onReady(peer: Readonly<Peer>, env: Envelope): void {
    const step = env.ready?.step ?? 0;
    if (this.stage === 'initialising') {
      // initialising -> training once every rank holds the initial state.
      if (step !== this.step) {
        this.log.warn(`rank ${peer.rank} is ready at step ${step}, expected ${this.step}`);
        return;
      }
      this.readyRanks.add(peer.rank);
      if (env.ready?.backend) this.membership.noteBackend(peer.rank, env.ready.backend);
      this.membership.noteSharedMemory(peer.rank, env.ready?.sharedMemory === true);
      if (this.readyRanks.size === this.membership.worldSize) {
        const mixed = this.membership.mixedBackends();
        if (mixed) {
          this.fail(
            'MIXED_BACKENDS',
            `ranks run different TF.js backends (${mixed}): they round differently and the replicas would drift apart; give every worker the same --backend`,
          );
          return;
        }
        this.stage = 'training';
        this.log.info(`all ${this.membership.worldSize} ranks ready; training steps ${this.step}..${this.opts.totalSteps - 1}`);
        this.startPhase();
      }
      return;
    }
    // A replacement that holds the state redoes the phase in flight.
    if (this.stage === 'training' && this.membership.isLost(peer.rank)) {
      this.membership.noteSharedMemory(peer.rank, env.ready?.sharedMemory === true);
      this.membership.rejoin(peer.rank);
      return;
    }
    if (this.stage === 'finishing' || this.stage === 'training') {
      // READY after the last step means: this rank has finished (exported, flushed).
      this.records.rankFinished(peer.rank);
      this.maybeFinish();
    }
  }

  /** A piece of one of rank 0's run outputs: written into the run folder (ArtifactWriter). */
  private onArtifact(peer: Readonly<Peer>, msg: ProtocolMessage): void {
    if (peer.rank !== 0 || !this.opts.artifacts) {
      const why = peer.rank !== 0 ? 'only rank 0 sends run outputs' : 'this coordinator keeps no run folder';
      this.drops.warn(`artifact from rank ${peer.rank}`, `dropped an output file from rank ${peer.rank}: ${why}`, peer.id);
      return;
    }
    const piece = readArtifact(msg);
    const out = this.opts.artifacts.receive(piece);
    if (out.kind === 'written') this.log.info(`wrote ${out.file} (${out.bytes} B, from rank 0)`);
    else if (out.kind === 'refused' && piece.path.startsWith('export/')) {
      // The export is a result of the run; the last checkpoint holds the same networks.
      this.log.error(`the export was not written: ${peerText(out.reason, 300)}; \`acgan export --from ${this.cfg.runDir}\` writes it from the last checkpoint`);
    } else if (out.kind === 'refused') this.drops.warn('refused artifact', `an output file from rank 0 was not written: ${peerText(out.reason, 300)}; the run goes on`, peer.id);
  }

  private onMetrics(peer: Readonly<Peer>, env: Envelope): void {
    const { stepMs, stepDone } = this.records.metrics(peer.rank, env.metrics, this.membership.worldSize);
    if (stepMs !== undefined) this.membership.noteStepTime(peer.rank, stepMs);
    if (stepDone && this.stage === 'finishing') this.maybeFinish();
  }

  private async onGradient(peer: Readonly<Peer>, msg: ProtocolMessage): Promise<void> {
    const exchange = this.exchange;
    // A rank that is ready may start step 0 before the last READY of the others
    // arrives here: its gradients are legitimate and must not be lost.
    const early = this.stage === 'initialising' && this.readyRanks.has(peer.rank);
    if (this.stage !== 'training' && !early) {
      exchange.drop(peer, `arrived in stage ${this.stage}`);
      return;
    }
    const complete = await exchange.add(peer, msg);
    // A shrink while the last average was on its way has started the phase over.
    if (complete && exchange === this.exchange && !this.result) this.endPhase();
  }

  /** The phase's last average is out: on to the next phase, or the next step. */
  private endPhase(): void {
    if (this.phase === 'D') {
      this.phase = 'G';
    } else {
      this.phase = 'D';
      this.step++;
    }
    this.exchange = this.openExchange();
    this.startPhase();
  }

  /** At a phase boundary: training -> finishing after the last step, or at a step boundary once a stop was asked for. */
  private startPhase(): void {
    if (this.step >= this.opts.totalSteps) {
      this.stage = 'finishing';
      this.log.info(`all ${this.opts.totalSteps} steps done; waiting for the final state and the ranks to finish`);
      this.maybeFinish();
      return;
    }
    if (this.stopReason && this.phase === 'D') {
      // A stop takes effect at a step boundary: rank 0 is then waiting for this
      // step's first averages, so its state is exactly `step` steps trained.
      this.stage = 'finishing';
      void this.membership.outbox.requestState(0, StatePurpose.CHECKPOINT);
    }
  }

  /** finishing -> done, when the records say the run may end (RunRecords.canEnd). */
  private maybeFinish(): void {
    if (this.stage !== 'finishing') return;
    const end = this.records.canEnd(this.stopReason !== undefined, this.step, this.opts.resumeFrom?.step ?? 0, this.membership.worldSize);
    if (end === 'no') return;
    const result = this.stopReason ? { exitCode: 130, stepsDone: this.step, reason: this.stopReason } : { exitCode: 0, stepsDone: this.step, reason: 'all steps done' };
    if (end === 'yes') return this.finish(result);
    // Rank 0 may send the checkpoint's state before the metrics of the last step
    // (its own or another rank's) are in: wait for them, briefly.
    this.stopGrace ??= setTimeout(() => this.finish(result), STOP_METRICS_GRACE_MS).unref();
  }

  /** -> done. */
  private finish(result: CoordinatorResult): void {
    if (this.result) return;
    clearTimeout(this.stopGrace);
    // Metrics that will never complete now still belong to the run's record.
    this.records.closeStepsBefore();
    this.opts.artifacts?.close();
    this.result = result;
    this.stage = 'done';
    this.resolveRun(result);
  }

  private fail(code: string, message: string): void {
    this.log.error(`${code}: ${message}`);
    this.finish({ exitCode: 1, stepsDone: this.step, reason: `${code}: ${message}` });
  }

  /** Periodic: heartbeats to the workers, and the deadline on every wait. */
  private tick(): void {
    if (this.result) return;
    const now = Date.now();
    this.membership.outbox.heartbeat(now);
    if (this.stage === 'registering') return;
    if (this.membership.checkLiveness(now)) return;
    if (now - this.lastProgress > this.cfg.timeoutMs) {
      const missing = this.stage === 'training' ? this.exchange.missingRanks() : undefined;
      const waitingOn = missing ? `ranks ${missing.join(', ')} for step ${this.step} phase ${this.phase}` : `stage ${this.stage}`;
      this.fail('TIMEOUT', `no progress for ${this.cfg.timeoutMs} ms, waiting on ${waitingOn}`);
    }
  }

  /** The exchange of the step and phase in flight, in the current world. */
  private openExchange(): PhaseExchange {
    return new PhaseExchange(this.step, this.phase, {
      session: this.membership.session,
      worldSize: this.membership.worldSize,
      wireDtype: this.cfg.wireDtype,
      gradientSizes: this.opts.gradientSizes,
      bucketElements: bucketElementsOf(this.cfg),
      reduce: this.opts.reduce ?? (this.opts.shm ? sharedMean(this.opts.shm, (rank) => this.opts.shm!.slotOf(this.membership.peerIdOf(rank))) : meanOverRanks),
      nonFinite: this.nonFinite,
      logger: this.log,
      drops: this.drops,
      broadcast: (shared, full) => this.membership.outbox.sendToLiveBy(shared, full),
      sendTo: (rank, msg) => this.membership.outbox.sendToRank(rank, msg),
      usesSharedMemory: (rank) => this.membership.usesSharedMemory(rank),
      progress: () => {
        this.lastProgress = Date.now();
      },
      fail: (code, message) => this.fail(code, message),
    });
  }
}
