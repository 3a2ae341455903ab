// Small fixtures shared by this library's specs (not exported from index.ts).
import { KeyedRandom } from './keyed-random.ts';
import type { ModelConfig, TrainHyper } from './model-config.ts';
import type { TrainBatch } from './acgan-trainer.ts';

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
