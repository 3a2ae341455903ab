/**
 * What rank 0 writes into the run folder besides the coordinator's records: sample
 * grids (a row per class), the exported networks at the end, and the periodic
 * evaluations (periodic-evaluation.ts). Sample grids and evaluations are a view of
 * the run, not its result: one that cannot be written (a full disk) is skipped
 * with a warning and training goes on. The checkpoint (the coordinator's) and the
 * final export are what a run must write.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Logger, RunConfig } from '@acgan/config';
import { writeSampleGrid } from '@acgan/model';
import { PeriodicEvaluation } from './periodic-evaluation.ts';
import type { ReplicaModel } from './replica-model.ts';

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
}

export class RunOutputs {
  private evaluation: PeriodicEvaluation | undefined;

  constructor(private readonly opts: RunOutputsOptions) {}

  /** The sample grid of `step`, or a warning that it could not be written. */
  async writeSamplesOrWarn(step: number): Promise<void> {
    try {
      await this.writeSamples(step);
    } catch (err) {
      this.opts.log.warn(`sample grid of step ${step} not written: ${(err as Error).message}; training goes on`);
    }
  }

  /** The generator and discriminator in the TensorFlow.js layers format, to <run>/export. */
  async exportModels(): Promise<void> {
    const dir = join(this.opts.cfg.runDir, 'export');
    mkdirSync(dir, { recursive: true });
    await this.opts.trainer.exportModels(dir);
    this.opts.log.info(`exported the generator and discriminator to ${dir}`);
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
      this.evaluation = new PeriodicEvaluation({
        command: this.opts.evaluateCommand,
        runDir: cfg.runDir,
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

  /** Stops a running evaluation (the worker is ending). */
  kill(): void {
    this.evaluation?.kill();
  }

  private async writeSamples(step: number): Promise<void> {
    const { trainer, cfg, log } = this.opts;
    const cols = SAMPLE_COLUMNS;
    const rows = cfg.numClasses;
    const labels = new Int32Array(rows * cols);
    for (let r = 0; r < rows; r++) labels.fill(r, r * cols, (r + 1) * cols);
    const images = await trainer.generate(cfg.seed + 7919, labels);
    const dir = join(cfg.runDir, 'samples');
    mkdirSync(dir, { recursive: true });
    const path = join(dir, `step-${step}.png`);
    await writeSampleGrid(path, images, rows, cols, cfg.imageSize, cfg.channels);
    log.info(`samples written to ${path}`);
  }
}
