// Kernels re-registered for the TF.js webgpu backend so that a training step is deterministic:
// two replicas that hold the same state and see the same batch compute bit-identical gradients,
// which synchronous data parallelism relies on (every rank must apply the same update).
//
// The stock webgpu kernels are deterministic except where a shader adds floats with atomics, in
// whatever order the GPU's workgroups happen to run:
// - UnsortedSegmentSum (the gradient of Gather, i.e. of the class embedding) scatters with
//   atomic adds. Here it is one-hot(ids)^T x data, one MatMul, as on wasm.
// - BatchMatMul / _FusedMatMul pick a split-K program (partial sums over slices of the inner
//   dimension, combined with atomic adds) for a single matrix product with K >= 2000 and a small
//   output, e.g. a dense head over a 4x4x1024 feature map at the article model's size. Here such a product
//   runs the "small output size" program instead: a fixed summation order, fewer workgroups.
// Cost: split-K exists to keep a large GPU's cores busy on products with a small output, so
// this trades some throughput there for bit-reproducibility; it cannot be measured on lavapipe
// (a software device, where no core is idle), only on a GPU (README "GPU").
// The webgpu spec checks that no program using atomics runs during a full training step.
import * as tf from '@tensorflow/tfjs';
import { installKernel, segmentSumByMatMul } from './composed-kernel.ts';

/** tfjs-backend-webgpu's MatMulProgramType values (webgpu_util.ts), which the flag takes. */
const MATMUL_SMALL_OUTPUT_SIZE = 2;
const PROGRAM_FLAG = 'WEBGPU_MATMUL_PROGRAM_TYPE';
const THRESHOLD_FLAG = 'WEBGPU_THRESHOLD_TO_INCREASE_WORKGROUPS_FOR_MATMUL';

function product(dims: readonly number[]): number {
  return dims.reduce((a, b) => a * b, 1);
}

/**
 * True when the stock kernel would choose its split-K program for these inputs: the same test
 * as tfjs-backend-webgpu 4.22's batchMatMulImpl, which must be re-checked when tfjs is upgraded
 * (the spec's "no atomics" check fails if it drifts).
 */
export function wouldSplitK(aShape: readonly number[], bShape: readonly number[], transposeA: boolean, transposeB: boolean, threshold: number): boolean {
  const ra = aShape.length;
  const rb = bShape.length;
  const m = transposeA ? aShape[ra - 1] : aShape[ra - 2];
  const k = transposeA ? aShape[ra - 2] : aShape[ra - 1];
  const n = transposeB ? bShape[rb - 2] : bShape[rb - 1];
  const batch = Math.max(product(aShape.slice(0, -2)), product(bShape.slice(0, -2)));
  const workgroups = batch * Math.ceil(m / 32) * Math.ceil(n / 32);
  const few = workgroups <= threshold || (m <= 8 && workgroups <= threshold * 2);
  return few && batch * m * n > 128 && batch === 1 && k >= 2000;
}

function withoutSplitK(stock: tf.KernelConfig): tf.KernelConfig {
  return {
    ...stock,
    kernelFunc: (args) => {
      const env = tf.env();
      const chosen = env.getNumber(PROGRAM_FLAG);
      const { a, b } = args.inputs as { a: tf.TensorInfo; b: tf.TensorInfo };
      const { transposeA, transposeB } = args.attrs as { transposeA: boolean; transposeB: boolean };
      const flagThreshold = env.getNumber(THRESHOLD_FLAG);
      const threshold = flagThreshold > 0 ? flagThreshold : (args.backend as unknown as { thresholdToIncreaseWorkgroups: number }).thresholdToIncreaseWorkgroups;
      if (chosen >= 0 || !wouldSplitK(a.shape, b.shape, transposeA, transposeB, threshold)) return stock.kernelFunc(args);
      env.set(PROGRAM_FLAG, MATMUL_SMALL_OUTPUT_SIZE);
      try {
        return stock.kernelFunc(args);
      } finally {
        env.set(PROGRAM_FLAG, chosen);
      }
    },
  };
}

/** Kernel names this module registers for webgpu. */
export const WEBGPU_TRAINING_KERNELS: readonly string[] = ['UnsortedSegmentSum', 'BatchMatMul', '_FusedMatMul'];

const registered = new Set<tf.KernelFunc>();

/** Registers the deterministic kernels over the stock webgpu ones. Idempotent. */
export function registerWebgpuTrainingKernels(): void {
  installKernel({ kernelName: 'UnsortedSegmentSum', backendName: 'webgpu', kernelFunc: segmentSumByMatMul }, registered);
  for (const name of ['BatchMatMul', '_FusedMatMul']) {
    const stock = tf.getKernel(name, 'webgpu');
    if (!stock) throw new Error(`tfjs-backend-webgpu has no ${name} kernel: is @tensorflow/tfjs-backend-webgpu loaded?`);
    if (!registered.has(stock.kernelFunc)) installKernel(withoutSplitK(stock), registered);
  }
}
