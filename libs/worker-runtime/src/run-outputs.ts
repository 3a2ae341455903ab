/**
 * What rank 0 adds to the run folder besides the coordinator's records: sample
 * grids (a row per class), the exported networks at the end, and the periodic
 * evaluations (periodic-evaluation.ts). Rank 0 makes them and sends them to the
 * coordinator (ARTIFACT messages), which writes them into the run folder: no
 * worker writes a run output where it runs, so by hand, under Slurm or in a pod
 * the run folder ends up the same. Sample grids and evaluations are a view of the
 * run, not its result: one that cannot be made or sent is skipped with a warning
 * and training goes on. The checkpoint (the coordinator's) and the final export
 * are what a run must write.
 */
import { createHash } from 'node:crypto';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import type { Logger, RunConfig } from '@acgan/config';
import { encodeSampleGrid } from '@acgan/model';
import { PeriodicEvaluation } from './periodic-evaluation.ts';
import type { ReplicaModel } from './replica-model.ts';
import { filesUnder, scratchFolder } from './scratch.ts';

/** Images per class in a sample grid (a row per class). */
export const SAMPLE_COLUMNS = 8;

export interface RunOutputsOptions {
  trainer: ReplicaModel;
  cfg: RunConfig;
  log: Logger;
  /** The TF.js backend this worker runs on (the evaluation runs on the same). */
  backendName: string;
  /** How to run `acgan evaluate` (program + leading args); absent = not available. */
  evaluateCommand?: readonly string[];
  /** Sends an evaluation's numbers as metrics of its step. */
  sendMetrics: (step: number, values: Record<string, number>) => void;
  /** Sends a file of the run folder (a path relative to it) to the coordinator. */
  sendFile: (path: string, bytes: Uint8Array) => Promise<void>;
  /** The run folder's dataset.json, from ASSIGN (evaluations need its class names). */
  datasetFactsJson: string;
}

export class RunOutputs {
  private evaluation: PeriodicEvaluation | undefined;
  private scratch: ReturnType<typeof scratchFolder> | undefined;

  constructor(private readonly opts: RunOutputsOptions) {}

  /** The sample grid of `step`, or a warning that it could not be written. */
  async writeSamplesOrWarn(step: number): Promise<void> {
    try {
      await this.writeSamples(step);
    } catch (err) {
      this.opts.log.warn(`sample grid of step ${step} not written: ${(err as Error).message}; training goes on`);
    }
  }

  /** The generator and discriminator in the TensorFlow.js layers format, to <run>/export (made here, written by the coordinator). */
  async exportModels(): Promise<void> {
    const scratch = scratchFolder('acgan-export-');
    try {
      await this.opts.trainer.exportModels(scratch.dir);
      const files = filesUnder(scratch.dir);
      for (const [rel, bytes] of files) await this.opts.sendFile(`export/${rel}`, bytes);
      const total = files.reduce((n, [, b]) => n + b.length, 0);
      this.opts.log.info(`sent the export (${files.length} files, ${total} B) to the coordinator, for ${join(this.opts.cfg.runDir, 'export')}`);
    } finally {
      scratch.remove();
    }
  }

  /** Starts scoring the generator of `step` (--eval-interval); the final one waits for a running one first. */
  async evaluate(step: number): Promise<void> {
    const { cfg, log } = this.opts;
    const generator = this.opts.trainer.generator;
    if (!generator) {
      if (step === cfg.evalInterval) log.warn('--eval-interval: this replica has no generator to evaluate (a benchmark stand-in)');
      return;
    }
    if (!this.evaluation) {
      if (!this.opts.evaluateCommand) {
        if (step === cfg.evalInterval) log.warn('--eval-interval: this worker program cannot run evaluations (use `acgan worker`)');
        return;
      }
      this.scratch ??= scratchFolder('acgan-eval-');
      this.evaluation = new PeriodicEvaluation({
        command: this.opts.evaluateCommand,
        scratch: this.scratch.dir,
        // Local, per run folder and dataset: a resumed run on this host reuses its classifier.
        cacheDir: join(tmpdir(), 'acgan-eval-cache', createHash('sha256').update(`${cfg.runDir}\n${cfg.dataset}`).digest('hex').slice(0, 16)),
        configJson: JSON.stringify(cfg, null, 2),
        datasetFactsJson: this.opts.datasetFactsJson,
        sendFile: this.opts.sendFile,
        perClass: cfg.evalPerClass,
        seed: cfg.seed,
        backend: this.opts.backendName === 'tensorflow' ? 'auto' : this.opts.backendName,
        log,
        onResult: (s, values) => this.opts.sendMetrics(s, { ...values, evalStep: s }),
      });
    }
    // The final evaluation is not skipped: it waits for a running one first.
    if (step === cfg.steps) await this.evaluation.finish(cfg.timeoutMs);
    await this.evaluation.start(step, generator);
  }

  /** Waits (bounded) for a running evaluation: the last one belongs to the run. */
  async finish(timeoutMs: number): Promise<void> {
    await this.evaluation?.finish(timeoutMs);
  }

  /** Stops a running evaluation (the worker is ending) and removes the scratch folder. */
  kill(): void {
    this.evaluation?.kill();
    this.scratch?.remove();
  }

  private async writeSamples(step: number): Promise<void> {
    const { trainer, cfg, log } = this.opts;
    const cols = SAMPLE_COLUMNS;
    const rows = cfg.numClasses;
    const labels = new Int32Array(rows * cols);
    for (let r = 0; r < rows; r++) labels.fill(r, r * cols, (r + 1) * cols);
    const images = await trainer.generate(cfg.seed + 7919, labels);
    const path = `samples/step-${step}.png`;
    await this.opts.sendFile(path, encodeSampleGrid(images, rows, cols, cfg.imageSize, cfg.channels));
    log.info(`samples of step ${step} sent to the coordinator, for ${join(cfg.runDir, path)}`);
  }
}
