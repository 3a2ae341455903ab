/**
 * `acgan bench train`: the same short training run with 1 worker and with 2
 * workers on the same global batch, through the real launcher (real processes,
 * real ZeroMQ). Reports images/s, the per-rank step-time split (compute,
 * exchange, idle) from metrics.jsonl, and the scaling efficiency
 * images/s(2) / (2 x images/s(1)). The first steps warm up and are left out.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const BIN = fileURLToPath(new URL('../../bin/acgan.mjs', import.meta.url));

export interface TrainBenchOptions {
  steps: number;
  batchSize: number;
  width: number;
  backend: string;
}

interface RankSplit {
  computeMs: number;
  exchangeMs: number;
  idleMs: number;
}

async function runOnce(workers: number, opts: TrainBenchOptions, root: string): Promise<Record<string, unknown>> {
  const runDir = join(root, `w${workers}`);
  const args = [
    BIN,
    'train',
    '--workers',
    String(workers),
    '--steps',
    String(opts.steps),
    '--batch-size',
    String(opts.batchSize),
    '--width',
    String(opts.width),
    '--backend',
    opts.backend,
    '--run-dir',
    runDir,
    '--sample-interval',
    '0',
    '--checkpoint-interval',
    '0',
    '--log-level',
    'warn',
  ];
  const code = await new Promise<number>((resolve) => {
    const child = spawn(process.execPath, args, { stdio: ['ignore', 'ignore', 'inherit'] });
    child.on('exit', (c) => resolve(c ?? 1));
  });
  if (code !== 0) throw new Error(`bench train: the ${workers}-worker run exited with ${code}`);
  const lines = readFileSync(join(runDir, 'metrics.jsonl'), 'utf8')
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l) as Record<string, unknown>);
  const warm = Math.min(2, Math.max(0, lines.length - 2));
  const measured = lines.slice(warm);
  const stepMs = measured.reduce((a, l) => a + Number(l.stepMs), 0) / measured.length;
  const ranks = new Map<number, RankSplit>();
  for (const l of measured) {
    for (const r of l.ranks as ({ rank: number } & RankSplit)[]) {
      const acc = ranks.get(r.rank) ?? { computeMs: 0, exchangeMs: 0, idleMs: 0 };
      acc.computeMs += r.computeMs / measured.length;
      acc.exchangeMs += r.exchangeMs / measured.length;
      acc.idleMs += r.idleMs / measured.length;
      ranks.set(r.rank, acc);
    }
  }
  return {
    workers,
    steps_measured: measured.length,
    ms_per_step: Math.round(stepMs * 10) / 10,
    images_per_s: Math.round(((opts.batchSize * 1000) / stepMs) * 100) / 100,
    split: [...ranks.entries()].map(([rank, s]) => ({ rank, compute_ms: Math.round(s.computeMs), exchange_ms: Math.round(s.exchangeMs), idle_ms: Math.round(s.idleMs) })),
  };
}

export async function runTrainBench(opts: TrainBenchOptions): Promise<Record<string, unknown>> {
  const root = mkdtempSync(join(tmpdir(), 'acgan-bench-train-'));
  try {
    const one = await runOnce(1, opts, root);
    const two = await runOnce(2, opts, root);
    const efficiency = Number(two.images_per_s) / (2 * Number(one.images_per_s));
    return {
      bench: 'train',
      config: { steps: opts.steps, batch_size: opts.batchSize, width: opts.width, backend: opts.backend, image: '32x32x1', dataset: 'mnist' },
      runs: [one, two],
      scaling_efficiency: Math.round(efficiency * 1000) / 1000,
    };
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
}
