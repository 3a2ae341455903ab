/**
 * Scores snapshots of the generator during training: rank 0 saves the generator
 * of step N into a local scratch folder (with the run's config.json and
 * dataset.json, which ASSIGN brought) and runs `acgan evaluate` on it in a child
 * process, one at a time, so that training never waits for the evaluation (the
 * classifier is trained once and cached in a local cache folder). The snapshot
 * and the report go to the coordinator, which keeps them as <run>/eval/step-N/;
 * the numbers go as a METRICS message and from there into metrics.jsonl. The
 * worker never needs to see the run folder.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Logger } from '@acgan/config';
import { saveLayersModel } from '@acgan/model';
import type * as tf from '@tensorflow/tfjs';
import { filesUnder } from './scratch.ts';

export interface PeriodicEvaluationOptions {
  /** Program and leading arguments of the evaluate command, e.g. [node, acgan.mjs, 'evaluate']. */
  command: readonly string[];
  /** A local folder for the snapshots (removed once sent and scored). */
  scratch: string;
  /** The classifier cache (local: trained once per dataset and image shape). */
  cacheDir: string;
  /** The run's config.json and dataset.json, written beside each snapshot. */
  configJson: string;
  datasetFactsJson: string;
  perClass: number;
  seed: number;
  backend: string;
  log: Logger;
  /** Sends a file of the run folder to the coordinator (eval/step-N/...). */
  sendFile: (path: string, bytes: Uint8Array) => Promise<void>;
  onResult: (step: number, values: Record<string, number>) => void;
}

export class PeriodicEvaluation {
  private child: ChildProcess | undefined;
  private done: Promise<void> = Promise.resolve();

  constructor(private readonly opts: PeriodicEvaluationOptions) {}

  /** Snapshots the generator and starts scoring it, unless an evaluation still runs. */
  async start(step: number, generator: tf.LayersModel): Promise<void> {
    const { log, sendFile } = this.opts;
    if (this.child) {
      log.warn(`evaluation of step ${step} skipped: the previous one is still running (raise --eval-interval)`);
      return;
    }
    const snapshot = join(this.opts.scratch, `step-${step}`);
    try {
      await saveLayersModel(generator, join(snapshot, 'export', 'generator'));
      writeFileSync(join(snapshot, 'config.json'), this.opts.configJson);
      writeFileSync(join(snapshot, 'dataset.json'), this.opts.datasetFactsJson);
      mkdirSync(this.opts.cacheDir, { recursive: true });
    } catch (err) {
      // A full disk costs this evaluation, not the run.
      log.warn(`evaluation of step ${step} skipped: its snapshot could not be written to ${snapshot} (${(err as Error).message})`);
      rmSync(snapshot, { recursive: true, force: true });
      return;
    }
    // The coordinator keeps the snapshot: the run folder can be scored again later (acgan evaluate --model <run>/eval/step-N).
    for (const [rel, bytes] of filesUnder(snapshot)) await sendFile(`eval/step-${step}/${rel}`, bytes);
    const [program, ...lead] = this.opts.command;
    const args = [
      ...lead,
      '--model',
      snapshot,
      '--per-class',
      String(this.opts.perClass),
      '--seed',
      String(this.opts.seed),
      '--cache',
      this.opts.cacheDir,
      '--backend',
      this.opts.backend,
      '--json',
    ];
    const child = spawn(program, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    this.child = child;
    let out = '';
    let err = '';
    child.stdout!.on('data', (d) => (out += d));
    child.stderr!.on('data', (d) => (err += d));
    this.done = new Promise((resolve) => {
      child.on('exit', (code) => {
        this.child = undefined;
        rmSync(snapshot, { recursive: true, force: true });
        let report: Promise<void> = Promise.resolve();
        if (code === 0) {
          try {
            this.opts.onResult(step, valuesOf(JSON.parse(out)));
            // Finished only once the report is sent: the last one must reach the run folder before the worker says it is done.
            report = sendFile(`eval/step-${step}/report.json`, Buffer.from(out)).catch(
              (e) => void log.warn(`evaluation of step ${step}: report not sent (${(e as Error).message})`),
            );
          } catch (e) {
            log.warn(`evaluation of step ${step}: unreadable output (${(e as Error).message})`);
          }
        } else {
          log.warn(`evaluation of step ${step} failed (exit ${code}): ${err.trim().split('\n').slice(-2).join(' ')}`);
        }
        void report.then(resolve);
      });
    });
  }

  /** Waits for the running evaluation, at most `timeoutMs`. */
  async finish(timeoutMs: number): Promise<void> {
    await Promise.race([this.done, new Promise((r) => setTimeout(r, timeoutMs).unref())]);
  }

  /** Ends a running evaluation (the worker is exiting: no orphan processes). */
  kill(): void {
    this.child?.kill('SIGKILL');
  }
}

/** The numbers of an `acgan evaluate --json` report, flattened for metrics. */
export function valuesOf(report: { generated?: Record<string, number>; baselines?: Record<string, number> }): Record<string, number> {
  const g = report.generated ?? {};
  const b = report.baselines ?? {};
  const values: Record<string, number> = {
    evalClassAccuracy: g.classAccuracy,
    evalDiversity: g.diversity,
    evalFrechet: g.frechetDistance,
    evalRealClassAccuracy: b.classAccuracy,
    evalRealFrechet: b.frechetDistance,
  };
  for (const [k, v] of Object.entries(values)) if (typeof v !== 'number' || !Number.isFinite(v)) throw new Error(`${k} is ${JSON.stringify(v)}`);
  return values;
}
