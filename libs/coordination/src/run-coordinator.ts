/**
 * Wires a coordinator run: the run folder (config, metrics, logs, checkpoints),
 * the dataset facts the schedule needs (size, classes), the ZeroMQ endpoint and
 * the progress display. `acgan train` and `acgan coordinator` both use it.
 */
import { appendFileSync } from 'node:fs';
import { join } from 'node:path';
import { addLogFile, chunkBytesOf, ConfigError, describeChanges, LogLimiter, modelConfigOf, peerText, resumeChanges, type Logger, type RunConfig } from '@acgan/config';
import { openDataset, DistributedSampler, resolveSampleOrder } from '@acgan/data';
import { summarizeModel } from '@acgan/model';
import { bindServer, isLocalEndpoint, maxFrameBytes, serverCurveFromFiles, type CurveOptions, type RefusedClient, type ServerTransport } from '@acgan/protocol';
import { ArtifactWriter, createRunFolder, MetricsWriter, pruneCheckpoints, writeCheckpoint, writeJsonAtomic, type Checkpoint } from '@acgan/runs';
import { Coordinator, type CoordinatorResult } from './coordinator.ts';
import { Progress } from './progress.ts';
import { ShmPlane } from './shm-plane.ts';

export interface CoordinatorRunOptions {
  logger: Logger;
  /** Checkpoint to resume from (already verified). */
  resumeFrom?: Checkpoint;
  /** Called once the endpoint is bound (the launcher starts workers then). */
  onListening?: (endpoint: string, coordinator: Coordinator) => void | Promise<void>;
  /** Replaces the ZeroMQ server (tests). */
  transport?: ServerTransport;
  /** Binds this endpoint instead of cfg.bind (the launcher's private ipc socket); the config keeps its own. */
  bind?: string;
  /**
   * --num-classes was not given: take the dataset's (acgan train, whose workers read the
   * run's config; workers started by hand hash their own flags, so `acgan coordinator` does not).
   */
  inferNumClasses?: boolean;
}

/** Steps per epoch and total steps of a config, given the dataset size. */
export function schedule(cfg: RunConfig, datasetSize: number): { stepsPerEpoch: number; totalSteps: number } {
  const stepsPerEpoch = new DistributedSampler({ datasetSize, globalBatch: cfg.batchSize, seed: cfg.seed }).stepsPerEpoch;
  return { stepsPerEpoch, totalSteps: cfg.epochs > 0 ? cfg.epochs * stepsPerEpoch : cfg.steps };
}

export async function runCoordinator(given: RunConfig, opts: CoordinatorRunOptions): Promise<CoordinatorResult> {
  let config = given;
  const log = opts.logger;
  const endpoint = opts.bind ?? config.bind;
  // Before anything is written: a refused posture leaves no run folder behind.
  if (!opts.transport) checkPlaintextPosture(endpoint, config, log);
  const dataset = await openDataset(config.dataset, { size: config.imageSize, channels: config.channels as 1 | 3 }, { skipBadImages: config.skipBadImages });
  const skipped = dataset.skipped ?? [];
  if (skipped.length > 0) {
    const shown = skipped.slice(0, 5).map((s) => `${s.file} (${s.reason})`);
    log.warn(
      `--skip-bad-images: left out ${skipped.length} image(s) that cannot be decoded: ${shown.join('; ')}${skipped.length > 5 ? `; and ${skipped.length - 5} more (all in dataset.json)` : ''}`,
    );
  }
  const facts = {
    size: dataset.size,
    numClasses: dataset.numClasses,
    classNames: dataset.classNames,
    description: dataset.description,
    order: resolveSampleOrder(config.dataOrder, dataset),
    ...(skipped.length > 0 ? { skippedImages: skipped } : {}),
  };
  await dataset.close();
  if (facts.numClasses !== config.numClasses) {
    if (!opts.inferNumClasses) {
      throw new ConfigError(
        'BAD_VALUE',
        `dataset ${config.dataset} has ${facts.numClasses} classes but --num-classes is ${config.numClasses}: pass --num-classes ${facts.numClasses}`,
        {
          key: 'numClasses',
        },
      );
    }
    log.info(`--num-classes ${facts.numClasses}: the classes of dataset ${config.dataset} (${facts.classNames.slice(0, 5).join(', ')}${facts.numClasses > 5 ? ', ...' : ''})`);
    config = { ...config, numClasses: facts.numClasses };
  }
  const { stepsPerEpoch, totalSteps } = schedule(config, facts.size);
  if (opts.resumeFrom && opts.resumeFrom.step >= totalSteps) {
    throw new Error(`the checkpoint to resume is at step ${opts.resumeFrom.step}, the run has ${totalSteps} steps: nothing to do (give --steps > ${opts.resumeFrom.step})`);
  }
  const cfg: RunConfig = { ...config, steps: totalSteps };
  const paths = createRunFolder(cfg.runDir);
  addLogFile(log, join(paths.logs, 'coordinator.jsonl'));
  writeJsonAtomic(paths.config, cfg);
  writeJsonAtomic(join(paths.root, 'dataset.json'), facts);
  log.info(`run folder ${paths.root}`);
  log.info(`config ${JSON.stringify(cfg)}`);
  if (opts.resumeFrom) recordResume(paths.root, opts.resumeFrom, cfg, log);
  log.info(
    `dataset ${facts.description}: ${facts.size} samples, ${facts.numClasses} classes; ${stepsPerEpoch} steps per epoch at global batch ${cfg.batchSize}; ${totalSteps} steps; ` +
      `${facts.order} order${cfg.dataOrder === 'auto' ? ' (auto)' : ''}`,
  );

  const summary = summarizeModel(modelConfigOf(cfg));
  // A full disk holds records back (bounded) and writes them once it can: the run goes on.
  const appendOnly = (path: string): MetricsWriter =>
    new MetricsWriter(path, {
      onWriteFailed: (err) => log.error(`${path}: cannot append (${err.message}); holding records back until it can, the run goes on`),
      onRecovered: (n, dropped) => log.info(`${path}: appended ${n} held-back record(s)${dropped > 0 ? `; ${dropped} older one(s) did not fit the backlog and are lost` : ''}`),
    });
  const metrics = appendOnly(paths.metrics);
  const checksums = appendOnly(join(paths.root, 'checksums.jsonl'));
  const progress = new Progress({ totalSteps, startStep: opts.resumeFrom?.step ?? 0, logger: log });
  const transport =
    opts.transport ??
    (await bindServer(endpoint, {
      curve: serverCurve(cfg, log),
      insecurePlaintext: cfg.insecurePlaintext,
      // Frames of this run are at most a chunk (--chunk-mb) or an envelope: a larger one drops its connection.
      maxMessageSize: maxFrameBytes(chunkBytesOf(cfg)),
    }));
  const shm = openDataPlane(cfg, Math.max(summary.discriminator, summary.generator), log);
  const coordinator = new Coordinator({
    config: cfg,
    transport,
    logger: log,
    totalSteps,
    stepsPerEpoch,
    gradientSizes: { D: summary.discriminator, G: summary.generator },
    ...(shm ? { shm } : {}),
    resumeFrom: opts.resumeFrom,
    // Rank 0's outputs (samples, export, evaluations) come over the protocol: workers need not see this folder.
    artifacts: new ArtifactWriter(paths.root),
    datasetFactsJson: JSON.stringify(facts),
    onMetrics: (record) => metrics.append(record),
    onStep: (step, record) => progress.update(step, record),
    onChecksums: (step, ranks) => checksums.append({ step, ranks }),
    onCheckpoint: (ckpt) => {
      try {
        const path = writeCheckpoint(paths.checkpoints, ckpt);
        pruneCheckpoints(paths.checkpoints, cfg.keepCheckpoints);
        log.info(`checkpoint step ${ckpt.step} written to ${path}`);
      } catch (err) {
        // A failed write (e.g. a full disk) leaves the previous checkpoint valid; the run goes on.
        log.error(`checkpoint step ${ckpt.step} not written: ${(err as Error).message}`);
      }
    },
  });
  await opts.onListening?.(transport.endpoint, coordinator);
  let result: CoordinatorResult;
  try {
    result = await coordinator.run();
  } finally {
    await shm?.close();
  }
  progress.close();
  for (const w of [metrics, checksums]) if (!w.flush()) log.error(`${w.path}: ${w.backlog} record(s) could not be written before the run ended`);
  log.info(`run ended: ${result.reason} (steps done ${result.stepsDone}, exit ${result.exitCode})`);
  return result;
}

/**
 * Plaintext only where the network cannot reach it: binding a TCP address that is
 * not loopback without CURVE is refused unless --insecure-plaintext says so, and
 * then it is logged as a warning at every start.
 */
export function checkPlaintextPosture(endpoint: string, cfg: RunConfig, log: Logger): void {
  if (cfg.curveKeys || isLocalEndpoint(endpoint)) return;
  if (!cfg.insecurePlaintext) {
    throw new ConfigError(
      'BAD_VALUE',
      `refusing to bind ${endpoint} without CURVE: it is not a loopback address, and in plaintext anyone who reaches it can read and change the traffic, join the run, and make the coordinator buffer without bound. ` +
        'Use --curve-keys and --curve-allow (README "Security"), bind a loopback address, or pass --insecure-plaintext to accept that',
      { key: 'bind', value: endpoint },
    );
  }
  log.warn(
    `INSECURE: ${endpoint} is not loopback and CURVE is off (--insecure-plaintext): anyone who reaches it can read and change the traffic, join the run, and make this process buffer without bound`,
  );
}

/**
 * The coordinator's CURVE options from --curve-keys / --curve-allow (undefined =
 * plaintext), with refusals logged: the first refusal of each client (address,
 * key, reason) as a warning, rate-limited across clients (a LogLimiter), its
 * retries (a client reconnects every few 100 ms) only at debug level, with a
 * count, so stray or hostile clients cannot flood the log.
 */
export function serverCurve(cfg: RunConfig, log: Logger): CurveOptions | undefined {
  const curve = serverCurveFromFiles(cfg);
  if (!curve) return undefined;
  log.info(`CURVE on: traffic encrypted, ${curve.allowedClientKeys!.length} worker key(s) admitted from ${cfg.curveAllow}; coordinator public key ${curve.serverPublicKey}`);
  const seen = new Map<string, number>();
  // Strangers can make new keys and connections at will: their first refusals are rate-limited too.
  const limiter = new LogLimiter(log);
  return {
    ...curve,
    onRefused: (r: RefusedClient) => {
      const id = `${r.address} ${r.publicKey} ${r.reason}`;
      if (seen.size > 10_000) seen.clear(); // many distinct strangers: forget, at worst log some twice
      const n = (seen.get(id) ?? 0) + 1;
      seen.set(id, n);
      const what = r.publicKey ? `worker at ${peerText(r.address, 64)} with public key ${peerText(r.publicKey, 40)}` : `connection on ${peerText(r.address, 64)}`;
      const line = `refused ${what}: ${peerText(r.reason)}`;
      if (n === 1) limiter.warn(r.publicKey ? 'refused connection (key not allowed)' : 'refused connection (handshake failed)', line, r.address);
      else log.debug(`${line} (attempt ${n})`);
    },
    onAdmitted: (a) => log.info(`admitted a connection from ${a.address} with public key ${a.publicKey}`),
  };
}

/**
 * The shared-memory data plane of the ranks on this host (--data-plane auto), or
 * undefined, saying why, when the run exchanges over ZeroMQ only.
 */
function openDataPlane(cfg: RunConfig, floats: number, log: Logger): ShmPlane | undefined {
  if (cfg.dataPlane === 'sockets') {
    log.info('data plane: ZeroMQ for every rank (--data-plane sockets)');
    return undefined;
  }
  const plane = ShmPlane.open(floats, log, { ranks: cfg.workers });
  if ('unavailable' in plane) {
    log.info(`data plane: ZeroMQ for every rank (no shared memory: ${plane.unavailable})`);
    return undefined;
  }
  log.info(`data plane: shared memory (/dev/shm, ${plane.pool.size} reduction thread(s)) for the ranks on this host that can map it, ZeroMQ for the others`);
  return plane;
}

/**
 * Every resume leaves a line in resumes.jsonl: when, from which checkpoint, and the
 * settings that changed (only those that may: resolveRunConfig refuses the others).
 */
function recordResume(root: string, from: Checkpoint, cfg: RunConfig, log: Logger): void {
  const { free } = resumeChanges(from.config as Partial<RunConfig>, cfg);
  if (free.length > 0) log.warn(`resumed with changed settings: ${describeChanges(free)} (recorded in resumes.jsonl)`);
  const record = { time: new Date().toISOString(), fromStep: from.step, changed: Object.fromEntries(free.map((c) => [c.key, { from: c.from, to: c.to }])) };
  try {
    appendFileSync(join(root, 'resumes.jsonl'), JSON.stringify(record) + '\n');
  } catch (err) {
    log.error(`resumes.jsonl: cannot append (${(err as Error).message}); the run goes on`);
  }
}
