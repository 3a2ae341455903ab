/**
 * One worker of a synchronous data-parallel run: a full replica of Generator and
 * Discriminator on its own TensorFlow.js backend. Per step and phase it computes
 * gradients on its slice of the global batch, pushes them to the coordinator in
 * buckets, waits for the averaged buckets and applies them with its own Adam.
 * Because every rank applies the same averages to the same starting state, the
 * replicas stay identical; every K steps a checksum proves it.
 *
 * Rank 0 also writes sample grids, hands its full state to the coordinator for
 * checkpoints and exports the trained networks at the end.
 */
import { hostname } from 'node:os';
import { join } from 'node:path';
import { mkdirSync } from 'node:fs';
import { addLogFile, bucketElementsOf, chunkBytesOf, modelConfigHash, modelConfigOf, learningRates, peerText, type Logger, type RunConfig } from '@acgan/config';
import {
  assembleTensors,
  bodyOf,
  connectClient,
  decodeToF32,
  makeGradientMessage,
  makeMessage,
  makeStateMessage,
  maxFrameBytes,
  MessageType,
  Phase,
  PROTOCOL_VERSION,
  protoToWireDtype,
  splitIntoBuckets,
  StatePurpose,
  WIRE_DTYPES,
  wireDtypeToProto,
  type ClientTransport,
  type Envelope,
  type MessageHeader,
  type ProtocolMessage,
} from '@acgan/protocol';
import { AcganTrainer, initBackend, writeSampleGrid, type ModelConfig } from '@acgan/model';
import { createBatchStream, DistributedSampler, openDataset, resolveSampleOrder } from '@acgan/data';
import { applyNonFiniteFailpoints, NONFINITE_FAILPOINT_ENV, parseNonFiniteFailpoints } from './failpoints.ts';
import { PeriodicEvaluation } from './periodic-evaluation.ts';

export interface WorkerOptions {
  /** The worker's own view of the config: its model keys must match the coordinator's. */
  config: RunConfig;
  /** Backend this worker uses, whatever the coordinator's config says (per-host choice). */
  backendOverride?: RunConfig['backend'];
  /** Rank to ask for (the launcher pins rank i to GPU i); -1 = any. */
  requestedRank?: number;
  logger: Logger;
  /** How long the coordinator may stay silent while this worker waits, ms. */
  coordinatorTimeoutMs?: number;
  connect?: (endpoint: string) => Promise<ClientTransport>;
  /** How to run `acgan evaluate` (program + leading args) for --eval-interval; absent = not available. */
  evaluateCommand?: readonly string[];
}

/** Thrown into a waiting exchange when the coordinator shrinks the world. */
class Reshard extends Error {
  override readonly name = 'Reshard';
}

export class WorkerExit extends Error {
  override readonly name = 'WorkerExit';
  constructor(
    readonly exitCode: number,
    message: string,
  ) {
    super(message);
  }
}

type PhaseName = 'D' | 'G';

interface PendingExchange {
  step: number;
  phase: PhaseName;
  out: Float32Array;
  spans: { offset: number; length: number }[];
  received: Set<number>;
  skip: boolean;
  resolve: () => void;
  reject: (err: Error) => void;
}

export class Worker {
  private transport!: ClientTransport;
  private cfg!: RunConfig;
  private rank = -1;
  /** The REGISTER message while this worker waits for its assignment (sent again by a spare). */
  private registration: ProtocolMessage | undefined;
  private spareSince = 0;
  private worldSize = 0;
  private session = '';
  private trainer: AcganTrainer | undefined;
  private pending: PendingExchange | undefined;
  private lastHeard = Date.now();
  private computeEndedAt = Date.now();
  private stepsDone = 0;
  private backendName = '';
  private stopHeartbeat: () => void = () => {};
  /** Step boundary at which the coordinator wants rank 0's state (stop / checkpoint). */
  private stateRequestedAt: number | undefined;
  /** A replacement rank's request for the state at the start of (step, phase). */
  private rejoinRequest: { step: number; phase: PhaseName } | undefined;
  /** Phase of the first step to run: G when this rank replaced a lost one mid-step. */
  private startPhase: PhaseName = 'D';
  private firstStep = 0;
  /** A new assignment from a shrinking coordinator, applied at the next phase. */
  private reshard: { rank: number; worldSize: number; session: string; step: number; phase: PhaseName } | undefined;
  private stream: ReturnType<typeof createBatchStream> | undefined;
  private evaluation: PeriodicEvaluation | undefined;
  private readonly averagedBuffers: Partial<Record<PhaseName, Float32Array>> = {};
  private dataset: Awaited<ReturnType<typeof openDataset>> | undefined;
  private sampler: DistributedSampler | undefined;
  /** True while a step's gradients are being applied (the state is between boundaries). */
  private applying = false;
  private fatal: WorkerExit | undefined;
  private waiters: { types: MessageType[]; resolve: (m: ProtocolMessage) => void }[] = [];
  /** Control messages that arrived before anyone waited for them (bounded). */
  private inbox: ProtocolMessage[] = [];
  private readonly log: Logger;

  /** Test failpoints from the environment (failpoints.ts); none in normal runs. */
  private readonly nonFiniteFailpoints = parseNonFiniteFailpoints(process.env[NONFINITE_FAILPOINT_ENV]);

  constructor(private readonly opts: WorkerOptions) {
    this.log = opts.logger;
  }

  /** Connects, registers, trains until the coordinator says stop; returns the exit code. */
  async run(endpoint: string): Promise<number> {
    this.transport = await (this.opts.connect ?? ((e) => connectClient(e)))(endpoint);
    const loop = this.receiveLoop();
    const silence = this.opts.coordinatorTimeoutMs ?? Math.max(5_000, this.opts.config.heartbeatMs * 5);
    const watchdog = setInterval(() => {
      // Before the assignment the coordinator may not exist yet (workers can start
      // first): that wait has its own deadline. After it, silence means it is gone.
      if (this.rank < 0 && this.opts.coordinatorTimeoutMs === undefined) return;
      const quietFor = Date.now() - Math.max(this.lastHeard, this.computeEndedAt);
      if (quietFor > silence) this.abort(new WorkerExit(3, `coordinator at ${endpoint} silent for ${quietFor} ms (limit ${silence} ms): giving up`));
    }, 500);
    watchdog.unref();
    try {
      await this.train(endpoint);
      return 0;
    } catch (err) {
      if (err instanceof WorkerExit) {
        if (err.exitCode === 0) this.log.info(err.message);
        else this.log.error(err.message);
        return err.exitCode;
      }
      this.log.error(`worker failed: ${(err as Error).message}`);
      await this.sendError('WORKER_FAILED', (err as Error).message, true);
      return 1;
    } finally {
      clearInterval(watchdog);
      this.stopHeartbeat();
      this.evaluation?.kill();
      this.trainer?.dispose();
      await this.transport.close().catch(() => undefined);
      await loop;
    }
  }

  private abort(err: WorkerExit): void {
    if (this.fatal) return;
    this.fatal = err;
    this.pending?.reject(err);
    for (const w of this.waiters.splice(0)) w.resolve(undefined as never);
  }

  private header(step = this.stepsDone): MessageHeader {
    return { session: this.session, rank: this.rank, step };
  }

  private async send(msg: ProtocolMessage): Promise<void> {
    await this.transport.send(msg);
  }

  private async sendError(code: string, message: string, fatal: boolean): Promise<void> {
    await Promise.race([
      // Cut to what the coordinator accepts (MAX_TEXT_BYTES), so a long error still gets there.
      this.send(makeMessage(MessageType.ERROR, this.header(), { code, message: message.slice(0, 4096), fatal })).catch(() => undefined),
      new Promise((r) => setTimeout(r, 500).unref()),
    ]);
  }

  /** Waits for the next message of one of the types, with a deadline. */
  private async expect(types: MessageType | MessageType[], what: string, timeoutMs: number): Promise<ProtocolMessage> {
    if (this.fatal) throw this.fatal;
    const wanted = Array.isArray(types) ? types : [types];
    const early = this.inbox.findIndex((m) => wanted.includes((m.envelope as Envelope).type));
    if (early >= 0) return this.inbox.splice(early, 1)[0];
    let timer: NodeJS.Timeout | undefined;
    const waiter = { types: wanted, resolve: (_: ProtocolMessage) => {} };
    const got = await Promise.race([
      new Promise<ProtocolMessage>((resolve) => {
        waiter.resolve = resolve;
        this.waiters.push(waiter);
      }),
      new Promise<undefined>((resolve) => (timer = setTimeout(() => resolve(undefined), timeoutMs))),
    ]);
    clearTimeout(timer);
    this.waiters = this.waiters.filter((w) => w !== waiter);
    if (this.fatal) throw this.fatal;
    if (!got) throw new WorkerExit(3, `no ${what} from the coordinator within ${timeoutMs} ms`);
    return got;
  }

  private async receiveLoop(): Promise<void> {
    for await (const item of this.transport.messages()) {
      if (item.error) {
        this.log.warn(`dropped a bad message from the coordinator: ${peerText(item.error.message, 300)}`);
        continue;
      }
      const msg = item.msg!;
      const env = msg.envelope as Envelope;
      this.lastHeard = Date.now();
      try {
        this.dispatch(msg, env);
      } catch (err) {
        this.log.error(`handling ${MessageType[env.type]} failed: ${(err as Error).message}`);
      }
    }
  }

  private dispatch(msg: ProtocolMessage, env: Envelope): void {
    if (this.session && env.type !== MessageType.ASSIGN && env.session !== this.session) {
      this.log.warn(`dropped ${MessageType[env.type]} of session "${peerText(env.session, 64)}", expected ${this.session}`);
      return;
    }
    if (env.type === MessageType.ASSIGN && this.trainer && this.session) {
      const a = bodyOf(msg, MessageType.ASSIGN);
      this.reshard = { rank: a.rank ?? -1, worldSize: a.worldSize ?? 0, session: a.session ?? '', step: Number(a.startStep ?? 0), phase: env.phase === Phase.PHASE_G ? 'G' : 'D' };
      // Only the phase the coordinator is at is redone; an earlier one still
      // completes (its averages were all sent before the world shrank).
      if (this.pending && this.reshardsAt(this.pending.step, this.pending.phase)) this.pending.reject(new Reshard('the coordinator re-sharded the run'));
      return;
    }
    switch (env.type) {
      case MessageType.HEARTBEAT:
        return;
      case MessageType.AVERAGED:
        return this.onAveraged(msg, env);
      case MessageType.STATE_REQUEST:
        if (this.trainer && this.rank === 0 && env.stateRequest?.purpose === StatePurpose.CHECKPOINT) {
          // The state must be that of a step boundary: served now if this rank is
          // waiting at exactly that boundary, else as soon as it gets there.
          this.stateRequestedAt = Number(env.stateRequest.step ?? 0);
          this.serveStateRequest();
          return;
        }
        if (this.trainer && env.stateRequest?.purpose === StatePurpose.REJOIN) {
          // A replacement rank needs the state at the start of the phase in flight:
          // this rank holds it while it waits for that phase's averages.
          this.rejoinRequest = { step: Number(env.stateRequest.step ?? 0), phase: env.phase === Phase.PHASE_G ? 'G' : 'D' };
          this.serveRejoinRequest();
          return;
        }
        break;
      case MessageType.SHUTDOWN: {
        const code = env.shutdown?.exitCode ?? 0;
        this.abort(new WorkerExit(code, `coordinator shut the run down: ${peerText(env.shutdown?.reason, 2000)} (exit ${code})`));
        return;
      }
      case MessageType.ERROR:
        if (env.error?.fatal) {
          this.abort(new WorkerExit(1, `coordinator refused this worker: [${peerText(env.error.code, 64)}] ${peerText(env.error.message, 2000)}`));
          return;
        }
        if (env.error?.code === 'RUN_FULL' && this.registration) {
          // A spare: register again every second until a rank is lost (then
          // this worker replaces it) or the wait for an assignment times out.
          if (!this.spareSince) {
            this.spareSince = Date.now();
            this.log.warn(`coordinator: ${peerText(env.error.message)}; registering again every second to replace the next rank lost`);
          }
          const again = this.registration;
          setTimeout(() => {
            if (this.registration === again) this.send(again).catch(() => undefined);
          }, 1000).unref();
          return;
        }
        this.log.warn(`coordinator reports [${peerText(env.error?.code, 64)}] ${peerText(env.error?.message, 2000)}`);
        return;
    }
    const idx = this.waiters.findIndex((w) => w.types.includes(env.type));
    if (idx >= 0) {
      this.waiters.splice(idx, 1)[0].resolve(msg);
      return;
    }
    if (this.inbox.length >= 8) {
      this.log.warn(`dropped unexpected ${MessageType[env.type]} from the coordinator (inbox full)`);
      return;
    }
    this.inbox.push(msg);
  }

  private onAveraged(msg: ProtocolMessage, env: Envelope): void {
    const p = this.pending;
    const phase: PhaseName | undefined = env.phase === Phase.PHASE_D ? 'D' : env.phase === Phase.PHASE_G ? 'G' : undefined;
    if (!p || Number(env.step) !== p.step || phase !== p.phase) {
      this.log.warn(`dropped AVERAGED for step ${env.step} phase ${phase}: expected ${p ? `step ${p.step} phase ${p.phase}` : 'none'}`);
      return;
    }
    const span = p.spans[env.bucket];
    const chunk = env.chunks[0];
    const dtype = chunk ? protoToWireDtype(chunk.dtype ?? 0) : undefined;
    if (!span || !chunk || dtype === undefined || Number(chunk.elementOffset) !== span.offset || p.received.has(env.bucket)) {
      this.log.warn(`dropped AVERAGED bucket ${env.bucket}: does not fit the ${p.spans.length} buckets of phase ${p.phase}`);
      return;
    }
    decodeToF32(msg.payloads[0], dtype, p.out.subarray(span.offset, span.offset + span.length));
    p.received.add(env.bucket);
    if (env.averaged?.skip) p.skip = true;
    if (p.received.size === p.spans.length) p.resolve();
  }

  private serveRejoinRequest(): void {
    const want = this.rejoinRequest;
    const p = this.pending;
    if (!want || !p || p.step !== want.step || p.phase !== want.phase) return;
    this.rejoinRequest = undefined;
    this.log.info(`sending the state of step ${want.step} phase ${want.phase} for a replacement rank`);
    void this.sendState(StatePurpose.REJOIN, want.step);
  }

  private serveStateRequest(): void {
    if (this.stateRequestedAt === undefined || this.applying || this.stepsDone !== this.stateRequestedAt) return;
    if (this.pending && this.pending.phase !== 'D') return;
    const step = this.stateRequestedAt;
    this.stateRequestedAt = undefined;
    void this.sendState(StatePurpose.CHECKPOINT, step);
  }

  private async train(endpoint: string): Promise<void> {
    const own = this.opts.config;
    this.registration = makeMessage(MessageType.REGISTER, this.header(0), {
      protocolVersion: PROTOCOL_VERSION,
      modelConfigHash: modelConfigHash(own),
      requestedRank: this.opts.requestedRank ?? -1,
      capabilities: { backend: this.opts.backendOverride ?? own.backend, host: hostname(), pid: process.pid, wireDtypes: WIRE_DTYPES.map(wireDtypeToProto) },
    });
    await this.send(this.registration);
    this.log.info(`registered with the coordinator at ${endpoint}; waiting for the run to start`);
    // Workers may start long before the rest of the world: wait as long as the run allows.
    const assignMsg = await this.expect(MessageType.ASSIGN, 'rank assignment', Math.max(own.timeoutMs, 600_000)).finally(() => {
      this.registration = undefined;
    });
    const assign = bodyOf(assignMsg, MessageType.ASSIGN);
    this.startPhase = assignMsg.envelope.phase === Phase.PHASE_G ? 'G' : 'D';
    this.rank = assign.rank ?? -1;
    this.worldSize = assign.worldSize ?? 0;
    this.session = assign.session ?? '';
    this.cfg = { ...(JSON.parse(assign.runConfigJson ?? '{}') as RunConfig) };
    if (this.opts.backendOverride) this.cfg.backend = this.opts.backendOverride;
    // This worker's socket refuses frames over its own --chunk-mb (commands/worker.ts): say so now, not at a timeout.
    if (chunkBytesOf(this.cfg) > maxFrameBytes(chunkBytesOf(own))) {
      throw new WorkerExit(2, `the run sends chunks of --chunk-mb ${this.cfg.chunkMb}, larger than this worker accepts (--chunk-mb ${own.chunkMb}): start it with --chunk-mb ${this.cfg.chunkMb}`);
    }
    this.log.defaultMeta = { ...(this.log.defaultMeta ?? {}), component: `worker[${this.rank}]` };
    this.log.info(`rank ${this.rank} of ${this.worldSize}, session ${this.session}`);
    this.lastHeard = Date.now();
    // Heartbeats while this rank waits (exchange, data): the coordinator's
    // liveness check. A blocked event loop (a long compute) pauses them, which the
    // coordinator allows for through the reported step time.
    const heartbeat = setInterval(() => {
      this.send(makeMessage(MessageType.HEARTBEAT, this.header(), { unixMs: Date.now() })).catch(() => undefined);
    }, this.cfg.heartbeatMs);
    heartbeat.unref();
    this.stopHeartbeat = () => clearInterval(heartbeat);
    if (this.cfg.runDir) {
      mkdirSync(join(this.cfg.runDir, 'logs'), { recursive: true });
      addLogFile(this.log, join(this.cfg.runDir, 'logs', `worker-${this.rank}.jsonl`));
    }

    const backend = await initBackend(this.cfg.backend, (line: string) => this.log.info(line));
    this.backendName = backend.backend;
    const model: ModelConfig = modelConfigOf(this.cfg);
    const { lrD, lrG } = learningRates(this.cfg);
    const trainer = new AcganTrainer(model, { lrD, lrG, beta1: this.cfg.beta1, beta2: this.cfg.beta2, labelSmoothing: this.cfg.labelSmoothing, seed: this.cfg.seed });
    this.trainer = trainer;

    const startStep = Number(assign.startStep);
    // The initial state: rank 0 is asked for its own (fresh or resumed) state, the
    // others receive it; a resumed run sends the checkpoint to every rank.
    const first = await this.expect([MessageType.STATE, MessageType.STATE_REQUEST], 'initial state', this.cfg.timeoutMs);
    if ((first.envelope as Envelope).type === MessageType.STATE) {
      trainer.setState(assembleTensors(first));
    } else {
      await this.sendState(StatePurpose.INITIAL, startStep);
    }
    this.stepsDone = startStep;
    await this.precompile(trainer);

    // Whole-block reads bypass the page cache (O_DIRECT) only for a world of
    // one: ranks of a world read the same blocks at the same steps, and those
    // on one host then share the page cache's copy instead of each reading
    // the disk (`shards:<dir>?direct=true|false` overrides).
    const dataset = await openDataset(this.cfg.dataset, { size: this.cfg.imageSize, channels: this.cfg.channels as 1 | 3 }, { direct: this.worldSize === 1 });
    if (dataset.numClasses !== this.cfg.numClasses) {
      throw new WorkerExit(2, `dataset ${this.cfg.dataset} has ${dataset.numClasses} classes, the config says num-classes ${this.cfg.numClasses}`);
    }
    const order = resolveSampleOrder(this.cfg.dataOrder, dataset);
    const sampler = new DistributedSampler({ datasetSize: dataset.size, globalBatch: this.cfg.batchSize, seed: this.cfg.seed, order, blockRecords: dataset.blockRecords });
    if (order === 'block') this.log.info(`data order: block (${sampler.blockRecords} records per block, ${sampler.windowBlocks} blocks per window)`);
    const total = this.cfg.steps;
    this.dataset = dataset;
    this.sampler = sampler;
    this.stream = createBatchStream(dataset, sampler, { rank: this.rank, worldSize: this.worldSize, startStep, endStep: total });
    await this.send(makeMessage(MessageType.READY, this.header(startStep), { step: startStep, backend: this.backendName }));

    try {
      this.firstStep = startStep;
    if (this.startPhase === 'G') this.log.info(`replacing a lost rank: starting at step ${startStep} phase G`);
    for (let step = startStep; step < total; step++) {
        await this.trainStep(step, trainer, sampler.epochOf(step));
      }
    } finally {
      await this.stream?.close();
      await dataset.close();
    }
    if (this.rank === 0) {
      await this.writeSamplesOrWarn(total);
      mkdirSync(join(this.cfg.runDir, 'export'), { recursive: true });
      await trainer.exportModels(join(this.cfg.runDir, 'export'));
      this.log.info(`exported the generator and discriminator to ${join(this.cfg.runDir, 'export')}`);
    }
    // The last evaluation belongs to the run: wait for it (bounded) before finishing.
    await this.evaluation?.finish(this.cfg.timeoutMs);
    await this.send(makeMessage(MessageType.READY, this.header(total), { step: total, backend: this.backendName }));
    // The coordinator answers with SHUTDOWN once every rank is done.
    await this.expect(MessageType.SHUTDOWN, 'shutdown', this.cfg.timeoutMs).catch((err) => {
      if (err instanceof WorkerExit && err.exitCode === 0) return;
      throw err;
    });
  }

  private reshardsAt(step: number, phase: PhaseName): boolean {
    return this.reshard !== undefined && this.reshard.step === step && this.reshard.phase === phase;
  }

  /** Takes the new rank and world size of a shrinking coordinator; the data stream restarts at `step`. */
  private async applyReshard(step: number): Promise<void> {
    const r = this.reshard!;
    this.reshard = undefined;
    if (r.step !== step) throw new WorkerExit(1, `the coordinator re-sharded at step ${r.step}, this rank is at step ${step}`);
    this.log.warn(`re-sharded: rank ${this.rank} -> ${r.rank} of ${r.worldSize} from step ${step}`);
    this.rank = r.rank;
    this.worldSize = r.worldSize;
    this.session = r.session;
    this.log.defaultMeta = { ...(this.log.defaultMeta ?? {}), component: `worker[${this.rank}]` };
    await this.stream?.close();
    this.stream = createBatchStream(this.dataset!, this.sampler!, { rank: this.rank, worldSize: this.worldSize, startStep: step, endStep: this.cfg.steps });
    // A new local batch size: new shapes, new GPU programs.
    await this.precompile(this.trainer!);
  }

  /**
   * GPU backends (webgpu) compile the programs of a step at this rank's local batch size, and
   * rank 0 those of its sample grid, asynchronously: compiled on first use, they would block
   * the event loop, and the heartbeats with it, for seconds. A no-op on other backends.
   */
  private async precompile(trainer: AcganTrainer): Promise<void> {
    const t0 = performance.now();
    if (await trainer.precompile(this.cfg.batchSize / this.worldSize, this.rank === 0 ? this.cfg.numClasses * SAMPLE_COLUMNS : 0)) {
      this.log.info(`compiled the GPU programs of a step in ${Math.round(performance.now() - t0)} ms`);
    }
  }

  private async trainStep(step: number, trainer: AcganTrainer, epoch: number): Promise<void> {
    const t0 = performance.now();
    let batch = await this.stream!.next();
    const idleMs = performance.now() - t0;
    let computeMs = 0;
    let exchangeMs = 0;
    const values: Record<string, number> = {};
    const phases = step === this.firstStep && this.startPhase === 'G' ? (['G'] as const) : (['D', 'G'] as const);
    // A step joined at its G phase starts with D already updated: mid-step state.
    if (phases.length === 1) this.applying = true;
    for (let i = 0; i < phases.length; i++) {
      const phase = phases[i];
      const c0 = performance.now();
      if (this.reshardsAt(step, phase)) {
        await this.applyReshard(step);
        batch = await this.stream!.next();
      }
      const { grads, metrics } = await trainer.computeGradients(phase, batch, { step, rank: this.rank });
      if (applyNonFiniteFailpoints(this.nonFiniteFailpoints, step, this.rank, phase, grads)) {
        this.log.warn(`failpoint ${NONFINITE_FAILPOINT_ENV}: a NaN put into the gradient of step ${step} phase ${phase}`);
      }
      const c1 = performance.now();
      this.computeEndedAt = Date.now();
      let exchanged: { averaged: Float32Array; skip: boolean };
      try {
        exchanged = await this.exchange(step, phase, grads);
      } catch (err) {
        if (!(err instanceof Reshard)) throw err;
        // The phase in flight is redone by every rank with the new slices.
        i--;
        continue;
      }
      const { averaged, skip } = exchanged;
      const c2 = performance.now();
      if (phase === 'D') this.applying = true;
      if (!skip) trainer.applyGradients(phase, averaged);
      const c3 = performance.now();
      this.computeEndedAt = Date.now();
      computeMs += c1 - c0 + (c3 - c2);
      exchangeMs += c2 - c1;
      Object.assign(values, metrics);
      if (skip) values[`skipped${phase}`] = 1;
    }
    // Both phases are done with the batch: its memory goes back to the reader.
    this.stream!.release(batch);
    this.stepsDone = step + 1;
    this.applying = false;
    this.serveStateRequest();
    const done = step + 1;
    if (done % this.cfg.checksumInterval === 0 || done === this.cfg.steps) {
      await this.send(makeMessage(MessageType.CHECKSUM, this.header(done), { step: done, value: await trainer.parameterChecksum(), algorithm: 'model' }));
    }
    values.computeMs = computeMs;
    values.exchangeMs = exchangeMs;
    values.idleMs = idleMs;
    values.stepMs = performance.now() - t0;
    values.epoch = epoch;
    await this.send(makeMessage(MessageType.METRICS, this.header(step), { step, values }));
    if (this.rank === 0) {
      if (this.cfg.sampleInterval > 0 && done % this.cfg.sampleInterval === 0 && done !== this.cfg.steps) await this.writeSamplesOrWarn(done);
      if ((this.cfg.checkpointInterval > 0 && done % this.cfg.checkpointInterval === 0) || done === this.cfg.steps) {
        await this.sendState(StatePurpose.CHECKPOINT, done);
      }
      if (this.cfg.evalInterval > 0 && (done % this.cfg.evalInterval === 0 || done === this.cfg.steps)) await this.evaluate(done, trainer);
    }
  }

  private async evaluate(step: number, trainer: AcganTrainer): Promise<void> {
    if (!this.evaluation) {
      if (!this.opts.evaluateCommand) {
        if (step === this.cfg.evalInterval) this.log.warn('--eval-interval: this worker program cannot run evaluations (use `acgan worker`)');
        return;
      }
      this.evaluation = new PeriodicEvaluation({
        command: this.opts.evaluateCommand,
        runDir: this.cfg.runDir,
        perClass: this.cfg.evalPerClass,
        seed: this.cfg.seed,
        backend: this.backendName === 'tensorflow' ? 'auto' : this.backendName,
        log: this.log,
        onResult: (s, values) => {
          this.send(makeMessage(MessageType.METRICS, this.header(s), { step: s, values: { ...values, evalStep: s } })).catch(() => undefined);
        },
      });
    }
    // The final evaluation is not skipped: it waits for a running one first.
    if (step === this.cfg.steps) await this.evaluation.finish(this.cfg.timeoutMs);
    await this.evaluation.start(step, trainer.generator);
  }

  /** Pushes one phase's gradient in buckets and resolves with the averaged gradient. */
  private async exchange(step: number, phase: PhaseName, grads: Float32Array): Promise<{ averaged: Float32Array; skip: boolean }> {
    const spans = splitIntoBuckets(grads.length, bucketElementsOf(this.cfg));
    // One receive buffer per phase, reused every step: applyGradients copies out of
    // it, so it is free again before the next exchange of that phase.
    let out = this.averagedBuffers[phase];
    if (out?.length !== grads.length) out = this.averagedBuffers[phase] = new Float32Array(grads.length);
    const done = new Promise<void>((resolve, reject) => {
      this.pending = { step, phase, out, spans, received: new Set(), skip: false, resolve, reject };
    });
    const pending = this.pending!;
    // Aborts (shutdown, re-shard) may reject this before it is awaited below.
    done.catch(() => undefined);
    if (this.reshardsAt(step, phase)) {
      this.pending = undefined;
      throw new Reshard('the coordinator re-sharded the run');
    }
    this.serveRejoinRequest();
    const dtype = this.cfg.wireDtype;
    for (let b = 0; b < spans.length; b++) {
      const { offset, length } = spans[b];
      await this.send(
        makeGradientMessage({
          session: this.session,
          rank: this.rank,
          step,
          phase: phase === 'D' ? Phase.PHASE_D : Phase.PHASE_G,
          bucket: b,
          bucketCount: spans.length,
          name: `grad/${phase}`,
          data: grads.subarray(offset, offset + length),
          wireDtype: dtype,
          elementOffset: offset,
          totalElements: grads.length,
          sampleCount: this.cfg.batchSize / this.worldSize,
          // Flagged by the sender, so that the coordinator can name the rank.
          hasNonFinite: !allFinite(grads, offset, length),
        }),
      );
    }
    let timer: NodeJS.Timeout | undefined;
    try {
      await Promise.race([
        done,
        new Promise<never>((_, reject) => {
          timer = setTimeout(() => reject(new WorkerExit(3, `no averaged gradient for step ${step} phase ${phase} within ${this.cfg.timeoutMs} ms`)), this.cfg.timeoutMs);
        }),
      ]);
    } finally {
      clearTimeout(timer);
      this.pending = undefined;
    }
    return { averaged: out, skip: pending.skip };
  }

  private async sendState(purpose: StatePurpose, step: number): Promise<void> {
    const trainer = this.trainer!;
    const msg = makeStateMessage({
      session: this.session,
      rank: this.rank,
      step,
      epoch: 0,
      purpose,
      tensors: await trainer.getState(),
      chunkBytes: chunkBytesOf(this.cfg),
    });
    await this.send(msg);
  }

  /**
   * Sample grids are a view of the run, not its result: one that cannot be written
   * (a full disk) is skipped with a warning and training goes on. The checkpoint
   * (the coordinator's) and the final export are what a run must write.
   */
  private async writeSamplesOrWarn(step: number): Promise<void> {
    try {
      await this.writeSamples(step);
    } catch (err) {
      this.log.warn(`sample grid of step ${step} not written: ${(err as Error).message}; training goes on`);
    }
  }

  private async writeSamples(step: number): Promise<void> {
    const trainer = this.trainer!;
    const cols = SAMPLE_COLUMNS;
    const rows = this.cfg.numClasses;
    const labels = new Int32Array(rows * cols);
    for (let r = 0; r < rows; r++) labels.fill(r, r * cols, (r + 1) * cols);
    const images = await trainer.generate(this.cfg.seed + 7919, labels);
    const dir = join(this.cfg.runDir, 'samples');
    mkdirSync(dir, { recursive: true });
    const path = join(dir, `step-${step}.png`);
    await writeSampleGrid(path, images, rows, cols, this.cfg.imageSize, this.cfg.channels);
    this.log.info(`samples written to ${path}`);
  }
}

/** Images per class in a sample grid (a row per class). */
const SAMPLE_COLUMNS = 8;

/** True when every value of data[offset, offset + length) is finite. */
function allFinite(data: Float32Array, offset: number, length: number): boolean {
  let bad = 0;
  for (let i = offset; i < offset + length; i++) {
    const v = data[i];
    bad |= v - v !== 0 ? 1 : 0; // NaN and +-Inf fail v - v === 0
  }
  return bad === 0;
}
