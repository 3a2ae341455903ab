// A TF.js kernel built from other ops: the pattern behind the training kernels this library
// registers for backends whose stock kernels are missing, slow or non-deterministic
// (wasm-training-kernels.ts, webgpu-training-kernels.ts).
import * as tf from '@tensorflow/tfjs';

type KernelArgs = Parameters<tf.KernelFunc>[0];

/** Runs f on Tensors wrapping the kernel's input TensorInfos; intermediates are disposed. */
export function composed(f: (inputs: Record<string, tf.Tensor>, attrs: Record<string, any>) => tf.Tensor): tf.KernelFunc {
  return ({ inputs, attrs, backend: untyped }: KernelArgs) =>
    tf.tidy(() => {
      const backend = untyped as tf.KernelBackend;
      const engine = tf.engine();
      const wrapped: Record<string, tf.Tensor> = {};
      for (const [key, info] of Object.entries(inputs)) {
        if (info == null) continue;
        // The wrapper's dispose at the end of the tidy releases this extra reference only.
        backend.incRef(info.dataId);
        wrapped[key] = engine.makeTensorFromTensorInfo(info, backend);
      }
      return f(wrapped, (attrs ?? {}) as Record<string, any>);
    }) as unknown as tf.TensorInfo;
}

/**
 * UnsortedSegmentSum (the gradient of Gather, i.e. of the class embedding) as one MatMul:
 * one-hot(segmentIds)^T x data. Ids outside [0, numSegments) get an all-zero one-hot row,
 * i.e. are dropped, as in TF. A MatMul sums in a fixed order, unlike atomic scatter-adds.
 */
export const segmentSumByMatMul: tf.KernelFunc = composed(({ x, segmentIds }, attrs) => {
  const numSegments: number = attrs.numSegments;
  const ids = segmentIds.reshape([-1]) as tf.Tensor1D;
  const rows = x.reshape([ids.size, -1]) as tf.Tensor2D;
  const summed = tf.matMul(tf.oneHot(ids, numSegments).toFloat(), rows, true, false);
  return summed.reshape([numSegments, ...x.shape.slice(segmentIds.rank)]);
});

/**
 * Registers `config`, replacing whatever is registered under its name and backend, unless the
 * kernel function already registered is one of `ours` (idempotent re-registration).
 */
export function installKernel(config: tf.KernelConfig, ours: Set<tf.KernelFunc>): void {
  const current = tf.getKernel(config.kernelName, config.backendName);
  if (current && ours.has(current.kernelFunc)) return;
  if (current) tf.unregisterKernel(config.kernelName, config.backendName);
  tf.registerKernel(config);
  ours.add(config.kernelFunc);
}
