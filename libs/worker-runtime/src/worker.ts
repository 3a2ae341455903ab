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
 *
 * This file is the life of a worker, start to end; the parts it wires together:
 *
 *   mailbox.ts          receive loop: AVERAGED to the gradient client, control messages to their handlers
 *   registration.ts     REGISTER, a spare's re-registration, waiting for ASSIGN
 *   assignment.ts       rank, world size, session; a planned re-shard
 *   liveness.ts         heartbeats out, the watchdog on the coordinator's silence
 *   gradient-client.ts  allreduce(step, phase, grads): buckets out, averages in
 *   state-server.ts     the state for checkpoints (step boundary) and rejoins (phase start)
 *   train-step.ts       the loop: batch, compute, allreduce, apply, log
 *   data-feed.ts        this rank's slices of the global batches
 *   replica-model.ts    the replica and the feed: AcganTrainer and the dataset, or a bench's stand-in
 *   run-outputs.ts      rank 0's sample grids, export and evaluations
 */
import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { addLogFile, chunkBytesOf, type Logger, type RunConfig } from '@acgan/config';
import {
  assembleTensors,
  connectClient,
  makeArtifactMessages,
  makeMessage,
  maxFrameBytes,
  MessageType,
  StatePurpose,
  type ClientTransport,
  type Envelope,
  type MessageHeader,
  type ProtocolMessage,
} from '@acgan/protocol';
import { Assignment, readAssign, type AssignOrder } from './assignment.ts';
import { GradientClient } from './gradient-client.ts';
import { attachSharedMemory, type SharedPlaneView } from './shared-memory.ts';
import { startHeartbeats, Watchdog } from './liveness.ts';
import { Mailbox } from './mailbox.ts';
import { register } from './registration.ts';
import { buildReplicaModel, openBatchFeed, type ReplicaModel } from './replica-model.ts';
import { RunOutputs } from './run-outputs.ts';
import { StateServer } from './state-server.ts';
import { precompileStep, TrainingLoop } from './train-step.ts';
import { WorkerExit } from './worker-exit.ts';

export { WorkerExit } from './worker-exit.ts';

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

/** The replica and the parts that serve it, made once the run's config is known. */
interface Replica {
  trainer: ReplicaModel;
  backendName: string;
  gradients: GradientClient;
  state: StateServer;
  outputs: RunOutputs;
}

export class Worker {
  private readonly log: Logger;
  /** Aborted with a WorkerExit when the worker must stop (SHUTDOWN, a fatal ERROR, the watchdog). */
  private readonly stop = new AbortController();
  private readonly assignment = new Assignment();
  private readonly watchdog = new Watchdog();
  private transport!: ClientTransport;
  private mailbox!: Mailbox;
  private replica: Replica | undefined;
  private stopHeartbeats: () => void = () => {};

  constructor(private readonly opts: WorkerOptions) {
    this.log = opts.logger;
  }

  /** Connects, registers, trains until the coordinator says stop; returns the exit code. */
  async run(endpoint: string): Promise<number> {
    this.transport = await (this.opts.connect ?? ((e) => connectClient(e)))(endpoint);
    this.mailbox = new Mailbox({ transport: this.transport, seat: this.assignment, stop: this.stop, log: this.log, onHeard: () => this.watchdog.heard() });
    const receiving = this.mailbox.run();
    const silence = this.opts.coordinatorTimeoutMs ?? Math.max(5_000, this.opts.config.heartbeatMs * 5);
    const stopWatchdog = this.watchdog.start({
      limitMs: silence,
      // Before the assignment the coordinator may not exist yet (workers can start
      // first): that wait has its own deadline. After it, silence means it is gone.
      armed: () => this.assignment.rank >= 0 || this.opts.coordinatorTimeoutMs !== undefined,
      onSilent: (quietFor) => this.stop.abort(new WorkerExit(3, `coordinator at ${endpoint} silent for ${quietFor} ms (limit ${silence} ms): giving up`)),
    });
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
      stopWatchdog();
      this.stopHeartbeats();
      this.replica?.outputs.kill();
      this.replica?.trainer.dispose();
      await this.transport.close().catch(() => undefined);
      await receiving;
    }
  }

  private readonly send = (msg: ProtocolMessage): Promise<void> => this.transport.send(msg);

  /** Heartbeats and errors carry the steps this replica has done. */
  private header(): MessageHeader {
    return this.assignment.header(this.replica?.state.stepsDone ?? 0);
  }

  private async sendError(code: string, message: string, fatal: boolean): Promise<void> {
    await Promise.race([
      // Cut to what the coordinator accepts (MAX_TEXT_BYTES), so a long error still gets there.
      this.send(makeMessage(MessageType.ERROR, this.header(), { code, message: message.slice(0, 4096), fatal })).catch(() => undefined),
      new Promise((r) => setTimeout(r, 500).unref()),
    ]);
  }

  /** Register, take the assignment, build the replica, load the initial state, train, finish. */
  private async train(endpoint: string): Promise<void> {
    const own = this.opts.config;
    const assignMsg = await register({
      own,
      backend: this.opts.backendOverride ?? own.backend,
      requestedRank: this.opts.requestedRank ?? -1,
      endpoint,
      mailbox: this.mailbox,
      send: this.send,
      log: this.log,
    });
    const assigned = readAssign(assignMsg);
    const cfg = this.takeAssignment(assigned);
    const shm = attachSharedMemory(assignMsg, this.log);
    const { trainer, backendName, gradients, state, outputs } = await this.buildReplica(cfg, shm, assigned.datasetFactsJson);
    const startStep = assigned.step;

    // The initial state: rank 0 is asked for its own (fresh or resumed) state, the
    // others receive it; a resumed run sends the checkpoint to every rank. A
    // replacement rank receives a live rank's state at the start of the phase in flight.
    const first = await this.mailbox.expect([MessageType.STATE, MessageType.STATE_REQUEST], 'initial state', cfg.timeoutMs);
    if ((first.envelope as Envelope).type === MessageType.STATE) {
      trainer.setState(assembleTensors(first));
    } else {
      await state.send(StatePurpose.INITIAL, startStep);
    }
    state.startAt(startStep);
    await precompileStep(trainer, cfg, this.assignment, this.log);

    const data = await openBatchFeed(cfg, this.assignment, startStep, this.log);
    await this.send(makeMessage(MessageType.READY, this.assignment.header(startStep), { step: startStep, backend: backendName, sharedMemory: shm !== undefined }));
    try {
      const loop = new TrainingLoop({
        cfg,
        trainer,
        assignment: this.assignment,
        gradients,
        state,
        data,
        outputs,
        send: this.send,
        log: this.log,
        worked: () => this.watchdog.worked(),
      });
      await loop.run(startStep, assigned.phase);
    } finally {
      await data.close();
    }

    const total = cfg.steps;
    if (this.assignment.rank === 0) {
      await outputs.writeSamplesOrWarn(total);
      await outputs.exportModels();
    }
    // The last evaluation belongs to the run: wait for it (bounded) before finishing.
    await outputs.finish(cfg.timeoutMs);
    await this.send(makeMessage(MessageType.READY, this.assignment.header(total), { step: total, backend: backendName }));
    // The coordinator answers with SHUTDOWN once every rank is done.
    await this.mailbox.expect(MessageType.SHUTDOWN, 'shutdown', cfg.timeoutMs).catch((err) => {
      if (err instanceof WorkerExit && err.exitCode === 0) return;
      throw err;
    });
  }

  /** Takes the rank, session and run config of an ASSIGN; starts heartbeats and the log file. */
  private takeAssignment(assigned: AssignOrder): RunConfig {
    const own = this.opts.config;
    this.assignment.take(assigned);
    const cfg = { ...(JSON.parse(assigned.runConfigJson) as RunConfig) };
    if (this.opts.backendOverride) cfg.backend = this.opts.backendOverride;
    // This worker's socket refuses frames over its own --chunk-mb (commands/worker.ts): say so now, not at a timeout.
    if (chunkBytesOf(cfg) > maxFrameBytes(chunkBytesOf(own))) {
      throw new WorkerExit(
        2,
        `the run sends chunks of --chunk-mb ${cfg.chunkMb}, larger than this worker accepts (--chunk-mb ${own.chunkMb}): start it with --chunk-mb ${cfg.chunkMb}`,
      );
    }
    const { rank, worldSize, session } = this.assignment;
    this.log.defaultMeta = { ...(this.log.defaultMeta ?? {}), component: `worker[${rank}]` };
    this.log.info(`rank ${rank} of ${worldSize}, session ${session}`);
    this.watchdog.heard();
    this.stopHeartbeats = startHeartbeats(this.send, () => this.header(), cfg.heartbeatMs);
    // The log file goes beside the coordinator's when this host sees the run folder (the
    // same host, a shared file system); run outputs go to the coordinator either way.
    if (cfg.runDir && existsSync(join(cfg.runDir, 'config.json'))) {
      mkdirSync(join(cfg.runDir, 'logs'), { recursive: true });
      addLogFile(this.log, join(cfg.runDir, 'logs', `worker-${rank}.jsonl`));
    } else if (cfg.runDir) {
      this.log.info(`the run folder ${cfg.runDir} is not visible from this host: this worker logs to stderr only; rank 0's outputs go to the coordinator`);
    }
    return cfg;
  }

  /** The backend and the replica; from here the mailbox routes averages, state requests and re-shards. */
  private async buildReplica(cfg: RunConfig, shm: SharedPlaneView | undefined, datasetFactsJson: string): Promise<Replica> {
    const { trainer, backendName } = await buildReplicaModel(cfg, this.log);
    const { assignment, send, log } = this;
    const gradients = new GradientClient({ send, assignment, signal: this.stop.signal, log, run: cfg, onExchange: () => state.exchangeStarted(), ...(shm ? { shm } : {}) });
    const state = new StateServer({ trainer, assignment, exchange: gradients, send, chunkBytes: chunkBytesOf(cfg), log });
    const outputs = new RunOutputs({
      trainer,
      cfg,
      log,
      backendName,
      evaluateCommand: this.opts.evaluateCommand,
      sendMetrics: (step, values) => {
        send(makeMessage(MessageType.METRICS, assignment.header(step), { step, values })).catch(() => undefined);
      },
      sendFile: async (path, bytes) => {
        for (const m of makeArtifactMessages(assignment.header(0), path, bytes, chunkBytesOf(cfg))) await send(m);
      },
      datasetFactsJson,
    });
    this.replica = { trainer, backendName, gradients, state, outputs };
    this.mailbox.handle({
      averaged: (msg) => gradients.onAveraged(msg),
      stateRequest: (env) => state.onRequest(env),
      // A shrinking coordinator's new assignment, taken at the phase it names.
      assign: (msg) => {
        if (!assignment.session) return false;
        assignment.plan(readAssign(msg));
        return true;
      },
    });
    return this.replica;
  }
}
