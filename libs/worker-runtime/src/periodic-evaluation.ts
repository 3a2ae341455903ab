/**
 * Scores snapshots of the generator during training: rank 0 saves the generator
 * of step N into <run>/eval/step-N/ and runs `acgan evaluate` on it in a child
 * process, one at a time, so that training never waits for the evaluation (the
 * classifier is trained once and cached in <run>/eval-cache). The numbers go to
 * the coordinator as a METRICS message and from there into metrics.jsonl.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { copyFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Logger } from '@acgan/config';
import { saveLayersModel } from '@acgan/model';
import type * as tf from '@tensorflow/tfjs';

export interface PeriodicEvaluationOptions {
  /** Program and leading arguments of the evaluate command, e.g. [node, acgan.mjs, 'evaluate']. */
  command: readonly string[];
  runDir: string;
  perClass: number;
  seed: number;
  backend: string;
  log: Logger;
  onResult: (step: number, values: Record<string, number>) => void;
}

export class PeriodicEvaluation {
  private child: ChildProcess | undefined;
  private done: Promise<void> = Promise.resolve();

  constructor(private readonly opts: PeriodicEvaluationOptions) {}

  /** Snapshots the generator and starts scoring it, unless an evaluation still runs. */
  async start(step: number, generator: tf.LayersModel): Promise<void> {
    const { runDir, log } = this.opts;
    if (this.child) {
      log.warn(`evaluation of step ${step} skipped: the previous one is still running (raise --eval-interval)`);
      return;
    }
    const snapshot = join(runDir, 'eval', `step-${step}`);
    try {
      await saveLayersModel(generator, join(snapshot, 'export', 'generator'));
      for (const f of ['config.json', 'dataset.json']) copyFileSync(join(runDir, f), join(snapshot, f));
      mkdirSync(join(runDir, 'eval-cache'), { recursive: true });
    } catch (err) {
      // A full disk costs this evaluation, not the run.
      log.warn(`evaluation of step ${step} skipped: its snapshot could not be written to ${snapshot} (${(err as Error).message})`);
      return;
    }
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
      join(runDir, 'eval-cache'),
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
        if (code === 0) {
          try {
            this.opts.onResult(step, valuesOf(JSON.parse(out)));
          } catch (e) {
            log.warn(`evaluation of step ${step}: unreadable output (${(e as Error).message})`);
          }
        } else {
          log.warn(`evaluation of step ${step} failed (exit ${code}): ${err.trim().split('\n').slice(-2).join(' ')}`);
        }
        resolve();
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
