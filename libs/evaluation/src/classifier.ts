// The judge: a small convolutional classifier trained on the real training data. Its softmax
// says which class a generated image looks like; its penultimate layer ("features", 64 ReLU
// units) is the feature space of the diversity and Frechet measures.
//
// Architecture (NHWC, S x S x C input in [-1, 1]):
//   conv 3x3 stride 2, 16 filters, ReLU -> conv 3x3 stride 2, 32 filters, ReLU
//   -> flatten -> dense 64 ReLU ("features") -> dense numClasses (logits, "logits")
// Strided convolutions instead of pooling: the wasm backend has training kernels for Conv2D
// (registered by initBackend) but no pooling gradients. Every initializer and the batch order
// are seeded, so the same data and seed give the same classifier on the same backend.
import * as tf from '@tensorflow/tfjs';
import { randomPermutation, SeededRandom } from '@acgan/data';

export const FEATURES_LAYER = 'features';
export const FEATURE_DIM = 64;

export interface ClassifierShape {
  imageSize: number;
  channels: number;
  numClasses: number;
}

export interface ClassifierTraining {
  epochs: number;
  batchSize: number;
  learningRate: number;
  seed: number;
}

export const DEFAULT_CLASSIFIER_TRAINING: ClassifierTraining = { epochs: 2, batchSize: 64, learningRate: 2e-3, seed: 1 };

/** A nonzero 31-bit initializer seed per layer (TF.js treats 0 as unseeded). */
function layerSeed(seed: number, layer: number): number {
  const rng = new SeededRandom(seed, 0x636c66, layer);
  return (rng.nextUint32() % 2147483646) + 1;
}

export function buildClassifier(shape: ClassifierShape, seed: number): tf.LayersModel {
  const init = (layer: number) => tf.initializers.heNormal({ seed: layerSeed(seed, layer) });
  const input = tf.input({ shape: [shape.imageSize, shape.imageSize, shape.channels], name: 'image' });
  let x = tf.layers
    .conv2d({ name: 'conv1', filters: 16, kernelSize: 3, strides: 2, padding: 'same', activation: 'relu', kernelInitializer: init(0) })
    .apply(input) as tf.SymbolicTensor;
  x = tf.layers.conv2d({ name: 'conv2', filters: 32, kernelSize: 3, strides: 2, padding: 'same', activation: 'relu', kernelInitializer: init(1) }).apply(x) as tf.SymbolicTensor;
  x = tf.layers.flatten({ name: 'flatten' }).apply(x) as tf.SymbolicTensor;
  x = tf.layers.dense({ name: FEATURES_LAYER, units: FEATURE_DIM, activation: 'relu', kernelInitializer: init(2) }).apply(x) as tf.SymbolicTensor;
  const logits = tf.layers
    .dense({ name: 'logits', units: shape.numClasses, kernelInitializer: tf.initializers.glorotUniform({ seed: layerSeed(seed, 3) }) })
    .apply(x) as tf.SymbolicTensor;
  return tf.model({ name: 'classifier', inputs: input, outputs: logits });
}

function crossEntropy(logits: tf.Tensor2D, labels: tf.Tensor1D): tf.Scalar {
  const oneHot = tf.oneHot(labels, logits.shape[1]).toFloat();
  return tf.mean(tf.logSumExp(logits, -1).sub(tf.sum(oneHot.mul(logits), -1)));
}

/** Images NHWC in [-1, 1] with their labels. */
export interface LabelledImages {
  images: Float32Array;
  labels: Int32Array;
}

/** Trains a fresh classifier with Adam on softmax cross-entropy; the batch order is seeded per epoch. */
export function trainClassifier(shape: ClassifierShape, data: LabelledImages, opts: ClassifierTraining): tf.LayersModel {
  const n = data.labels.length;
  const per = shape.imageSize * shape.imageSize * shape.channels;
  if (n === 0) throw new Error('trainClassifier: no training images');
  if (data.images.length !== n * per) throw new Error(`trainClassifier: ${data.images.length} values, expected ${n} images of ${per}`);
  const model = buildClassifier(shape, opts.seed);
  const optimizer = tf.train.adam(opts.learningRate);
  const variables = model.trainableWeights.map((w) => w.read() as tf.Variable);
  const batchImages = new Float32Array(opts.batchSize * per);
  const batchLabels = new Int32Array(opts.batchSize);
  for (let epoch = 0; epoch < opts.epochs; epoch++) {
    const order = randomPermutation(n, new SeededRandom(opts.seed, 0x65706f, epoch));
    for (let start = 0; start < n; start += opts.batchSize) {
      const b = Math.min(opts.batchSize, n - start);
      for (let i = 0; i < b; i++) {
        const k = order[start + i];
        batchImages.set(data.images.subarray(k * per, (k + 1) * per), i * per);
        batchLabels[i] = data.labels[k];
      }
      tf.tidy(() => {
        const x = tf.tensor4d(batchImages.subarray(0, b * per), [b, shape.imageSize, shape.imageSize, shape.channels]);
        const y = tf.tensor1d(batchLabels.subarray(0, b), 'int32');
        optimizer.minimize(() => crossEntropy(model.apply(x, { training: true }) as tf.Tensor2D, y), false, variables);
      });
    }
  }
  optimizer.dispose();
  return model;
}

/** Predicted class and penultimate features of every image, computed in batches. */
export interface ClassifierOutput {
  predictions: Int32Array;
  /** n x FEATURE_DIM, row-major. */
  features: Float32Array;
  featureDim: number;
}

export async function runClassifier(model: tf.LayersModel, images: Float32Array, batchSize = 256): Promise<ClassifierOutput> {
  const [, s, , c] = model.inputs[0].shape as number[];
  const per = s * s * c;
  const n = images.length / per;
  if (!Number.isInteger(n)) throw new Error(`runClassifier: ${images.length} values is not a whole number of ${s}x${s}x${c} images`);
  const featureLayer = model.getLayer(FEATURES_LAYER);
  const both = tf.model({ inputs: model.inputs, outputs: [featureLayer.output as tf.SymbolicTensor, model.outputs[0]] });
  const featureDim = (featureLayer.output as tf.SymbolicTensor).shape[1] as number;
  const predictions = new Int32Array(n);
  const features = new Float32Array(n * featureDim);
  for (let start = 0; start < n; start += batchSize) {
    const b = Math.min(batchSize, n - start);
    const [f, p] = tf.tidy(() => {
      const x = tf.tensor4d(images.subarray(start * per, (start + b) * per), [b, s, s, c]);
      const [feat, logits] = both.predict(x) as tf.Tensor[];
      return [feat, tf.argMax(logits, -1)];
    });
    // Asynchronous reads: the webgpu backend has no synchronous one in Node.
    try {
      const [fv, pv] = await Promise.all([f.data(), p.data()]);
      features.set(fv as Float32Array, start * featureDim);
      predictions.set(pv as Int32Array, start);
    } finally {
      f.dispose();
      p.dispose();
    }
  }
  return { predictions, features, featureDim };
}

/** Share of predictions equal to the labels. */
export function accuracy(predictions: Int32Array, labels: Int32Array): number {
  if (labels.length === 0) return 0;
  let hits = 0;
  for (let i = 0; i < labels.length; i++) if (predictions[i] === labels[i]) hits++;
  return hits / labels.length;
}
