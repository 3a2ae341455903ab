/**
 * `acgan bench scale`: how the exchange scales with the number of ranks when the
 * compute is GPU-fast. For each N it runs the real launcher (`acgan train`: the
 * coordinator, N worker processes, the data plane it picks (--data-plane: shared
 * memory for local ranks, or ZeroMQ over the launcher's ipc socket; each run
 * reports the one the coordinator logged), the protocol and the averaging of a
 * training run), but every worker's forward and
 * backward is a stand-in (ACGAN_BENCH_STANDIN_COMPUTE_MS, libs/worker-runtime's
 * stand-in-replica.ts): it waits --compute-ms per phase with the event loop free,
 * as a GPU would leave it, and yields deterministic gradients of the model's exact
 * sizes. No dataset is read (the coordinator lists a folder of one tiny image per
 * class for its facts).
 *
 * Weak scaling: each rank computes --compute-ms per phase at any N, so the
 * efficiency is stepMs(1) / stepMs(N). The ranks exchange 2·N·(P_D + P_G)·4
 * bytes per step with the coordinator (every rank sends its gradient and
 * receives the average); the bound is a memcpy of those bytes at the rate
 * measured in this run. The traffic model of a shared-memory reduction,
 * (2N + 1)·P bytes (N ranks write, the reducer reads N and writes one average),
 * is reported next to it at the same rate.
 *
 * Every N has a deadline derived from the steps, the compute and the bytes; past
 * it the launcher and its workers are killed and the error names N and what the
 * run was waiting for.
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { PNG } from 'pngjs';
import { DEFAULT_CONFIG, modelConfigOf } from '@acgan/config';
import { ARTICLE_MODEL_CONFIG, summarizeModel, type ModelConfig } from '@acgan/model';

const BIN = fileURLToPath(new URL('../../bin/acgan.mjs', import.meta.url));
/** The worker's switch to the stand-in (libs/worker-runtime/src/stand-in-replica.ts). */
const STANDIN_ENV = 'ACGAN_BENCH_STANDIN_COMPUTE_MS';

export const SCALE_MODELS: Record<'default' | 'article', ModelConfig> = {
  default: modelConfigOf(DEFAULT_CONFIG),
  article: ARTICLE_MODEL_CONFIG,
};

export interface ScaleBenchOptions {
  /** World sizes to run; N = 1 (the efficiency's reference) is added first when missing. */
  workers: number[];
  model: keyof typeof SCALE_MODELS;
  /** Stand-in compute per phase and rank, ms. */
  computeMs: number;
  steps: number;
  chunkMb?: number;
  wireDtype?: 'f32' | 'f16' | 'bf16';
  /** acgan train's --data-plane (auto: shared memory for local ranks where it can; sockets: ZeroMQ for all); absent = its default. */
  dataPlane?: 'auto' | 'sockets';
  /** Replaces the per-N deadline (tests). */
  deadlineMs?: (workers: number) => number;
  onProgress?: (line: string) => void;
}

/**
 * The per-N deadline: start-up (processes, the stand-in's buffers), then each
 * step's compute plus its bytes at 50 MB/s (the socket path moved 0.4-0.7 GB/s
 * here on a loaded machine: this only catches a hang), then the end of the run
 * (checkpoint, export, shutdown). Seed model, 10 steps: 2 min at N = 1, 7 min at N = 8.
 */
export function scaleDeadlineMs(workers: number, steps: number, computeMs: number, bytesPerStep: number): number {
  const startMs = 30_000 + 5_000 * workers;
  const perStepMs = 2 * computeMs + bytesPerStep / 50e3 + 1_000;
  return Math.ceil(startMs + steps * perStepMs + 30_000);
}

/** Copy rate in GB/s (bytes copied per second): into one reused buffer, and into freshly allocated memory each time (first touch). */
export function measureMemcpy(bytes = 64 << 20, repeats = 5): { gbps: number; allocGbps: number } {
  const src = Buffer.alloc(bytes, 1);
  const dst = Buffer.alloc(bytes);
  src.copy(dst);
  let best = Infinity;
  let bestAlloc = Infinity;
  for (let rep = 0; rep < repeats; rep++) {
    const t0 = performance.now();
    src.copy(dst);
    best = Math.min(best, performance.now() - t0);
    const t1 = performance.now();
    const fresh = Buffer.allocUnsafeSlow(bytes);
    src.copy(fresh);
    bestAlloc = Math.min(bestAlloc, performance.now() - t1);
  }
  return { gbps: bytes / (best / 1000) / 1e9, allocGbps: bytes / (bestAlloc / 1000) / 1e9 };
}

/** The flags of a model config, for `acgan train`. */
function modelFlags(m: ModelConfig): string[] {
  return [
    '--image-size',
    String(m.imageSize),
    '--channels',
    String(m.channels),
    '--num-classes',
    String(m.numClasses),
    '--latent-dim',
    String(m.latentDim),
    '--width',
    String(m.width),
    '--conditioning',
    m.conditioning,
  ];
}

/** A folder dataset of one 8x8 image per class: the coordinator reads its facts; the stand-in workers read nothing. */
function writeClassFolders(dir: string, classes: number): void {
  const png = new PNG({ width: 8, height: 8 });
  png.data.fill(128);
  const bytes = PNG.sync.write(png);
  for (let c = 0; c < classes; c++) {
    mkdirSync(join(dir, `class-${String(c).padStart(3, '0')}`), { recursive: true });
    writeFileSync(join(dir, `class-${String(c).padStart(3, '0')}`, '0.png'), bytes);
  }
}

interface RankTimes {
  computeMs: number;
  exchangeMs: number;
  exchangeDMs: number;
  exchangeGMs: number;
  idleMs: number;
}

interface StepRecord {
  step: number;
  stepMs: number;
  partial?: boolean;
  ranks: ({ rank: number } & RankTimes)[];
}

function readMetrics(runDir: string): StepRecord[] {
  const path = join(runDir, 'metrics.jsonl');
  if (!existsSync(path)) return [];
  return readFileSync(path, 'utf8')
    .split('\n')
    .filter((l) => l.trim() !== '')
    .map((l) => JSON.parse(l) as StepRecord)
    .filter((r) => typeof r.stepMs === 'number');
}

/** What a run that passed its deadline was waiting for, from its folder. */
function waitingFor(runDir: string, steps: number): string {
  if (!existsSync(join(runDir, 'config.json'))) return 'the coordinator to start (no run folder yet)';
  const done = readMetrics(runDir).length;
  if (done === 0) return 'the first step (workers starting, registering, receiving the initial state, or the first exchange)';
  if (done < steps) return `step ${done} of ${steps} (${done} done): an exchange or a rank`;
  return 'the end of the run (final checkpoint, export, shutdown) after all steps';
}

/** Runs `acgan train` with the stand-in for N workers; resolves with its metrics, or throws at the deadline. */
async function runOnce(n: number, opts: ScaleBenchOptions, root: string, dataset: string, deadlineMs: number): Promise<{ records: StepRecord[]; dataPlane: string }> {
  const runDir = join(root, `n${n}`);
  const args = [
    BIN,
    'train',
    '--workers',
    String(n),
    '--steps',
    String(opts.steps),
    '--batch-size',
    String(8 * n),
    ...modelFlags(SCALE_MODELS[opts.model]),
    '--dataset',
    `folder:${dataset}`,
    '--backend',
    'wasm',
    '--run-dir',
    runDir,
    '--sample-interval',
    '0',
    '--checkpoint-interval',
    '0',
    '--chunk-mb',
    String(opts.chunkMb ?? 4),
    '--wire-dtype',
    opts.wireDtype ?? 'f32',
    '--max-restarts',
    '0',
    '--worker-loss',
    'stop',
    '--log-level',
    'info',
    ...(opts.dataPlane ? ['--data-plane', opts.dataPlane] : []),
  ];
  // Its own process group: at the deadline the launcher and every worker go at once.
  const child = spawn(process.execPath, args, { env: { ...process.env, [STANDIN_ENV]: String(opts.computeMs) }, stdio: ['ignore', 'ignore', 'pipe'], detached: true });
  let stderr = '';
  child.stderr!.on('data', (d: Buffer) => {
    stderr = (stderr + d.toString()).slice(-8192);
  });
  const killGroup = () => {
    try {
      if (child.pid !== undefined) process.kill(-child.pid, 'SIGKILL');
    } catch {
      // already gone
    }
  };
  // Ctrl-C of the benchmark ends its runs too (they are not in the terminal's process group).
  const onSignal = (sig: NodeJS.Signals) => {
    killGroup();
    process.kill(process.pid, sig);
  };
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  let timer: NodeJS.Timeout | undefined;
  try {
    const outcome = await Promise.race([
      new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => child.on('exit', (code, signal) => resolve({ code, signal }))),
      new Promise<'deadline'>((resolve) => (timer = setTimeout(() => resolve('deadline'), deadlineMs))),
    ]);
    if (outcome === 'deadline') {
      const what = waitingFor(runDir, opts.steps);
      killGroup();
      throw new Error(
        `bench scale: N=${n} passed its deadline of ${Math.round(deadlineMs / 1000)} s waiting for ${what}; killed the launcher and its workers. Last output: ${lastLines(stderr)}`,
      );
    }
    if (outcome.code !== 0) {
      throw new Error(`bench scale: the N=${n} run exited with ${outcome.signal ?? `code ${outcome.code}`}: ${lastLines(stderr)}`);
    }
  } finally {
    clearTimeout(timer);
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
    // Nothing of this run outlives it (a worker the launcher did not reap).
    killGroup();
  }
  const records = readMetrics(runDir);
  const partial = records.filter((r) => r.partial).length;
  if (records.length !== opts.steps || partial > 0) {
    throw new Error(`bench scale: the N=${n} run wrote ${records.length} step records of ${opts.steps}${partial ? ` (${partial} partial: a rank was lost)` : ''}`);
  }
  return { records, dataPlane: dataPlaneOf(runDir) };
}

/** The data plane the coordinator says it used (its log line `data plane: ...`), or 'not logged'. */
function dataPlaneOf(runDir: string): string {
  const path = join(runDir, 'logs', 'coordinator.jsonl');
  if (!existsSync(path)) return 'not logged';
  for (const line of readFileSync(path, 'utf8').split('\n')) {
    if (!line.includes('data plane:')) continue;
    try {
      const message = String((JSON.parse(line) as { message?: unknown }).message ?? '');
      if (message.startsWith('data plane:')) return message.slice('data plane:'.length).trim();
    } catch {
      // a torn line: keep looking
    }
  }
  return 'not logged';
}

function lastLines(text: string): string {
  const lines = text.trim().split('\n').filter(Boolean);
  return lines.length ? lines.slice(-3).join(' | ') : '(none)';
}

const r3 = (x: number) => Math.round(x * 1000) / 1000;

export async function runScaleBench(opts: ScaleBenchOptions): Promise<Record<string, unknown>> {
  const model = SCALE_MODELS[opts.model];
  if (!model) throw new Error(`bench scale: --model must be ${Object.keys(SCALE_MODELS).join(' or ')}, got ${JSON.stringify(opts.model)}`);
  const summary = summarizeModel(model);
  const params = { D: summary.discriminator, G: summary.generator, total: summary.discriminator + summary.generator };
  const worlds = [...new Set([1, ...opts.workers])];
  const progress = opts.onProgress ?? (() => undefined);
  const before = measureMemcpy();
  const root = mkdtempSync(join(tmpdir(), 'acgan-bench-scale-'));
  const runs: Record<string, number>[] = [];
  const planes: string[] = [];
  try {
    const dataset = join(root, 'classes');
    writeClassFolders(dataset, model.numClasses);
    for (const n of worlds) {
      const bytes = 2 * n * params.total * 4;
      const deadline = opts.deadlineMs?.(n) ?? scaleDeadlineMs(n, opts.steps, opts.computeMs, bytes);
      progress(`N=${n}: ${opts.steps} steps (deadline ${Math.round(deadline / 1000)} s)`);
      const { records, dataPlane } = await runOnce(n, opts, root, dataset, deadline);
      planes.push(dataPlane);
      // The first steps warm up (connections, first buffers) and are left out.
      const warm = Math.min(2, Math.max(0, records.length - 2));
      const measured = records.slice(warm);
      const mean = (f: (r: StepRecord) => number) => measured.reduce((a, r) => a + f(r), 0) / measured.length;
      const rankMean = (k: keyof RankTimes) => mean((r) => r.ranks.reduce((a, x) => a + (x[k] ?? 0), 0) / r.ranks.length);
      runs.push({
        workers: n,
        steps_measured: measured.length,
        step_ms: mean((r) => r.stepMs),
        compute_ms: rankMean('computeMs'),
        exchange_ms: rankMean('exchangeMs'),
        exchange_d_ms: rankMean('exchangeDMs'),
        exchange_g_ms: rankMean('exchangeGMs'),
        data_wait_ms: rankMean('idleMs'),
        bytes_per_step: bytes,
        model_bytes_per_step: (2 * n + 1) * params.total * 4,
      });
      const last = runs.at(-1)!;
      progress(`N=${n}: step ${last.step_ms.toFixed(1)} ms, exchange D ${last.exchange_d_ms.toFixed(1)} + G ${last.exchange_g_ms.toFixed(1)} ms`);
    }
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
  const after = measureMemcpy();
  const gbps = Math.max(before.gbps, after.gbps);
  const allocGbps = Math.max(before.allocGbps, after.allocGbps);
  const one = runs[0].step_ms;
  const results = runs.map((r, i) => {
    const boundMs = r.bytes_per_step / (gbps * 1e6);
    const modelMs = r.model_bytes_per_step / (gbps * 1e6);
    return {
      workers: r.workers,
      steps_measured: r.steps_measured,
      step_ms: r3(r.step_ms),
      compute_ms: r3(r.compute_ms),
      exchange_ms: r3(r.exchange_ms),
      exchange_d_ms: r3(r.exchange_d_ms),
      exchange_g_ms: r3(r.exchange_g_ms),
      // What a GPU would sit idle per step: the step less its own compute (and the stand-in's cheap apply).
      idle_ms: r3(r.step_ms - r.compute_ms),
      data_wait_ms: r3(r.data_wait_ms),
      efficiency: r3(one / r.step_ms),
      bytes_per_step: r.bytes_per_step,
      bound_ms: r3(boundMs),
      ratio: r3(boundMs / r.exchange_ms),
      coordinator_gbps: r3(r.bytes_per_step / (r.exchange_ms * 1e6)),
      model_bytes_per_step: r.model_bytes_per_step,
      model_ms: r3(modelMs),
      data_plane: planes[i],
    };
  });
  return {
    bench: 'scale',
    model: opts.model,
    model_config: model,
    params,
    compute_ms_per_phase: opts.computeMs,
    steps: opts.steps,
    chunk_mb: opts.chunkMb ?? 4,
    wire_dtype: opts.wireDtype ?? 'f32',
    data_plane_flag: opts.dataPlane ?? 'default',
    memcpy_gbps: r3(gbps),
    memcpy_alloc_gbps: r3(allocGbps),
    traffic_model: '(2N+1)·P bytes per step for a shared-memory reduction (N ranks write, the reducer reads N, writes one average); model_ms is that at memcpy_gbps on one core',
    runs: results,
  };
}
