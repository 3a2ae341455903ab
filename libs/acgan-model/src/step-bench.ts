// Times one full ACGAN step (D phase + G phase, compute and apply) per backend and model size,
// and uses tf.profile on one more step to say where the time goes. Run it through the CLI:
//   npx acgan bench step --json
// Composite kernels (the wasm training kernels) are flagged: their time includes the inner
// kernels they run, which are listed separately as well.
import * as tf from '@tensorflow/tfjs';
import { AcganTrainer, type TrainBatch } from './acgan-trainer.ts';
import { initBackend, type BackendRequest } from './init-backend.ts';
import { KeyedRandom } from './keyed-random.ts';
import { DEFAULT_TRAIN_HYPER, type ModelConfig } from './model-config.ts';
import { WASM_TRAINING_KERNELS } from './wasm-training-kernels.ts';

export interface BenchConfig {
  name: string;
  model: ModelConfig;
  batch: number;
}

export const BENCH_CONFIGS: BenchConfig[] = [
  {
    name: 'cpu-sized 32x32x1 c10 w32 b64',
    model: { imageSize: 32, channels: 1, numClasses: 10, latentDim: 100, width: 32, conditioning: 'multiply' },
    batch: 64,
  },
  {
    name: 'article 64x64x3 c2 w128 b4',
    model: { imageSize: 64, channels: 3, numClasses: 2, latentDim: 100, width: 128, conditioning: 'multiply' },
    batch: 4,
  },
];

export interface KernelTime {
  kernel: string;
  ms: number;
  calls: number;
  /** True when the kernel is composed of other kernels (its time includes theirs). */
  composite: boolean;
}

export interface StepBenchResult {
  backend: string;
  /** The device the backend named (WebGPU: the adapter). */
  device?: string;
  config: string;
  batch: number;
  ms_per_step: number | null;
  images_per_s: number | null;
  /** webgpu: compiling the step's GPU programs ahead (AcganTrainer.precompile), as workers do. */
  compile_ms?: number | null;
  /** The untimed warm-up step: kernel setup, lazy allocations, and on webgpu what the driver still compiles at first dispatch (none on cpu). */
  first_step_ms?: number | null;
  steps: number;
  top_kernels: KernelTime[];
  skipped?: string;
  note?: string;
}

const CPU_BATCH = 8;

export interface StepBenchOptions {
  /** Backends to try; default: tensorflow (if installed), wasm, cpu. */
  backends?: Exclude<BackendRequest, 'auto'>[];
  /** Timed steps after one warm-up step (default 3; on cpu: 1, no warm-up, batch at most 8). */
  steps?: number;
  configs?: BenchConfig[];
  /** How many kernels to list (default 8). */
  topKernels?: number;
  log?: (line: string) => void;
}

function randomBatch(model: ModelConfig, n: number): TrainBatch {
  const rng = new KeyedRandom([12345, n]);
  const images = rng.normals(n * model.imageSize * model.imageSize * model.channels).map((v) => Math.tanh(v));
  return { images, labels: rng.integers(n, model.numClasses) };
}

async function profileStep(trainer: AcganTrainer, batch: TrainBatch, step: number, top: number): Promise<KernelTime[]> {
  const checking = tf.env().getBool('CHECK_COMPUTATION_FOR_ERRORS');
  tf.env().set('CHECK_COMPUTATION_FOR_ERRORS', false);
  try {
    const info = await tf.profile(async () => {
      await trainer.step(batch, { step, rank: 0 });
    });
    const byName = new Map<string, KernelTime>();
    for (const k of info.kernels) {
      const ms = typeof k.kernelTimeMs === 'number' ? k.kernelTimeMs : 0;
      const entry = byName.get(k.name) ?? { kernel: k.name, ms: 0, calls: 0, composite: WASM_TRAINING_KERNELS.includes(k.name) && tf.getBackend() === 'wasm' };
      entry.ms += ms;
      entry.calls += 1;
      byName.set(k.name, entry);
    }
    return [...byName.values()]
      .sort((a, b) => b.ms - a.ms)
      .slice(0, top)
      .map((k) => ({ ...k, ms: Math.round(k.ms * 10) / 10 }));
  } finally {
    tf.env().set('CHECK_COMPUTATION_FOR_ERRORS', checking);
  }
}

/** Times one full step per backend and config; see the file header. */
export async function runStepBench(opts: StepBenchOptions = {}): Promise<StepBenchResult[]> {
  const log = opts.log ?? (() => {});
  const configs = opts.configs ?? BENCH_CONFIGS;
  const top = opts.topKernels ?? 8;
  const backends = opts.backends ?? ['tensorflow', 'wasm', 'cpu'];
  const results: StepBenchResult[] = [];
  for (const requested of backends) {
    let backend: string;
    let device: string | undefined;
    try {
      ({ backend, device } = await initBackend(requested));
    } catch (e) {
      log(`bench: backend ${requested} unavailable: ${(e as Error).message}`);
      continue;
    }
    for (const config of configs) {
      const isCpu = backend === 'cpu';
      // The pure-JS cpu backend needs ~2 minutes for one batch-64 step of the small config.
      const batchSize = isCpu ? Math.min(config.batch, CPU_BATCH) : config.batch;
      const base = { backend, ...(device ? { device } : {}), config: config.name, batch: batchSize };
      if (isCpu && config.model.width * config.model.imageSize > 32 * 32) {
        results.push({ ...base, ms_per_step: null, images_per_s: null, steps: 0, top_kernels: [], skipped: 'the pure-JS cpu backend would take minutes per step at this size' });
        continue;
      }
      const steps = opts.steps ?? (isCpu ? 1 : 3);
      const trainer = new AcganTrainer(config.model, { ...DEFAULT_TRAIN_HYPER, seed: 1 });
      try {
        const batch = randomBatch(config.model, batchSize);
        let firstMs: number | null = null;
        let compileMs: number | null = null;
        const c0 = performance.now();
        if (await trainer.precompile(batchSize)) compileMs = Math.round(performance.now() - c0);
        if (!isCpu) {
          // Warm-up: kernel setup, lazy allocations, and on webgpu the driver's share of the compiles.
          const w0 = performance.now();
          await trainer.step(batch, { step: 0, rank: 0 });
          firstMs = Math.round(performance.now() - w0);
        }
        const t0 = performance.now();
        for (let s = 1; s <= steps; s++) await trainer.step(batch, { step: s, rank: 0 });
        const ms = (performance.now() - t0) / steps;
        const topKernels = await profileStep(trainer, batch, steps + 1, top);
        const result: StepBenchResult = {
          ...base,
          ms_per_step: Math.round(ms),
          images_per_s: Math.round((batchSize / ms) * 1000 * 10) / 10,
          compile_ms: compileMs,
          first_step_ms: firstMs,
          steps,
          top_kernels: topKernels,
        };
        if (batchSize !== config.batch) result.note = `cpu: batch reduced from ${config.batch} to ${batchSize} (no warm-up) to keep the bench short`;
        if (device?.includes('software adapter')) {
          result.note = 'software WebGPU adapter: these figures show that the GPU code path runs and what its shader compiles cost (compile_ms, first_step_ms), not GPU speed';
        }
        log(`bench: ${backend} ${config.name}: ${result.ms_per_step} ms/step, ${result.images_per_s} images/s`);
        results.push(result);
      } finally {
        trainer.dispose();
      }
    }
  }
  return results;
}
