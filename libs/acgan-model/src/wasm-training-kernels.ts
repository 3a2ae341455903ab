// Training kernels for the TF.js wasm backend, which ships forward kernels only. Registered by
// initBackend() when wasm is chosen. Each is composed from kernels wasm has:
// - Conv2DBackpropFilter (missing): a dilated Conv2D, see conv-gradients.ts.
// - Conv2DBackpropInput (present but ~5x slower than Conv2D; it is also the forward pass of
//   Conv2DTranspose): phase-split stride-1 Conv2Ds, see conv-gradients.ts.
// - UnsortedSegmentSum (missing; the gradient of Gather, i.e. of the class embedding):
//   one-hot(segmentIds)^T x data, one MatMul.
// - Tile (present but slow; used by BatchNorm's gradient): a broadcasting Add when it can.
// The list was found by running a full ACGAN step (both conditionings) on wasm; the
// wasm-vs-cpu gradient test in wasm-training-kernels.spec.ts guards it.
import * as tf from '@tensorflow/tfjs';
import { composed, installKernel, segmentSumByMatMul } from './composed-kernel.ts';
import { conv2dFilterGradient, conv2dInputGradient } from './conv-gradients.ts';

function checkChannelsLast(kernel: string, dataFormat: string | undefined): void {
  if (dataFormat != null && dataFormat !== 'NHWC') {
    throw new Error(`${kernel} on wasm supports dataFormat NHWC only, got ${dataFormat}`);
  }
}

function pair(v: number | [number, number]): [number, number] {
  return typeof v === 'number' ? [v, v] : v;
}

const KERNELS: tf.KernelConfig[] = [
  {
    kernelName: 'Conv2DBackpropInput',
    backendName: 'wasm',
    kernelFunc: composed(({ dy, filter }, attrs) => {
      checkChannelsLast('Conv2DBackpropInput', attrs.dataFormat);
      return conv2dInputGradient(dy as tf.Tensor4D, filter as tf.Tensor4D, attrs.inputShape, pair(attrs.strides), attrs.pad, attrs.dimRoundingMode);
    }),
  },
  {
    kernelName: 'Conv2DBackpropFilter',
    backendName: 'wasm',
    kernelFunc: composed(({ x, dy }, attrs) => {
      checkChannelsLast('Conv2DBackpropFilter', attrs.dataFormat);
      return conv2dFilterGradient(x as tf.Tensor4D, dy as tf.Tensor4D, attrs.filterShape, pair(attrs.strides), attrs.pad, attrs.dimRoundingMode);
    }),
  },
  { kernelName: 'UnsortedSegmentSum', backendName: 'wasm', kernelFunc: segmentSumByMatMul },
];

/**
 * Tile (present, but ~15x slower than a broadcasting Add; BatchNorm's gradient tiles 1/sqrt(var)
 * to the activation's shape): when every tiled axis has size 1 it is a broadcast, done as
 * x + zeros(outShape); other cases go to the stock kernel.
 */
function makeTileKernel(stock: tf.KernelConfig): tf.KernelConfig {
  const broadcast = composed(({ x }, attrs) => {
    const outShape = x.shape.map((d, i) => d * attrs.reps[i]);
    return tf.add(x, tf.zeros(outShape));
  });
  return {
    kernelName: 'Tile',
    backendName: 'wasm',
    // The stock kernel's setup must still run when the backend initialises.
    setupFunc: stock.setupFunc,
    kernelFunc: (args) => {
      const x = args.inputs.x as tf.TensorInfo;
      const reps = (args.attrs as { reps: number[] }).reps;
      const isBroadcast = x.dtype === 'float32' && x.shape.every((d, i) => reps[i] === 1 || d === 1);
      return isBroadcast ? broadcast(args) : stock.kernelFunc(args);
    },
  };
}

/** Kernel names this module registers for wasm. */
export const WASM_TRAINING_KERNELS: readonly string[] = [...KERNELS.map((k) => k.kernelName), 'Tile'];

const registered = new Set<tf.KernelFunc>();

/** Registers (or re-registers over the stock ones) the training kernels for wasm. Idempotent. */
export function registerWasmTrainingKernels(): void {
  for (const config of KERNELS) installKernel(config, registered);
  const tile = tf.getKernel('Tile', 'wasm');
  if (tile && !registered.has(tile.kernelFunc)) installKernel(makeTileKernel(tile), registered);
}
