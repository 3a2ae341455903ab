// Small fixtures shared by this library's specs (not exported from index.ts).
import { AcganTrainer, type Phase, type TrainBatch } from './acgan-trainer.ts';
import type { LayoutEntry } from './gradient-layout.ts';
import { KeyedRandom } from './keyed-random.ts';
import type { ModelConfig, TrainHyper } from './model-config.ts';

export const TINY_MODEL: ModelConfig = {
  imageSize: 16,
  channels: 1,
  numClasses: 3,
  latentDim: 8,
  width: 4,
  conditioning: 'multiply',
};

export const TINY_HYPER: TrainHyper = { lrD: 2e-3, lrG: 2e-3, beta1: 0.5, beta2: 0.999, labelSmoothing: 0.1, seed: 11 };

/** A deterministic batch of n "real" images in [-1, 1] with labels cycling over the classes. */
export function makeBatch(model: ModelConfig, n: number, seed = 5): TrainBatch {
  const rng = new KeyedRandom([seed, n]);
  const images = rng.normals(n * model.imageSize * model.imageSize * model.channels).map((v) => Math.tanh(v));
  const labels = Int32Array.from({ length: n }, (_, i) => i % model.numClasses);
  return { images, labels };
}

/** The rows [from, to) of a batch. */
export function sliceBatch(model: ModelConfig, batch: TrainBatch, from: number, to: number): TrainBatch {
  const per = model.imageSize * model.imageSize * model.channels;
  return { images: batch.images.slice(from * per, to * per), labels: batch.labels.slice(from, to) };
}

/** sqrt(sum (a-b)^2 / sum b^2): the error of a against the reference b. */
export function relativeError(a: Float32Array, b: Float32Array): number {
  let diff = 0;
  let norm = 0;
  for (let i = 0; i < a.length; i++) {
    diff += (a[i] - b[i]) ** 2;
    norm += b[i] ** 2;
  }
  return Math.sqrt(diff / norm);
}

/**
 * The gradients of one full step of TINY_MODEL on the active backend: D at step 3, rank 1 on
 * a batch of 4, its update applied, then G. Backends are compared on these.
 */
export async function fullStepGradients(conditioning: ModelConfig['conditioning']): Promise<Record<Phase, Float32Array> & { layout: Record<Phase, LayoutEntry[]> }> {
  const model = { ...TINY_MODEL, conditioning };
  const trainer = new AcganTrainer(model, TINY_HYPER);
  const batch = makeBatch(model, 4);
  const D = (await trainer.computeGradients('D', batch, { step: 3, rank: 1 })).grads;
  trainer.applyGradients('D', D);
  const G = (await trainer.computeGradients('G', batch, { step: 3, rank: 1 })).grads;
  const layout = { D: trainer.gradientLayout('D'), G: trainer.gradientLayout('G') };
  trainer.dispose();
  return { D, G, layout };
}
