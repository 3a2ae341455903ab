// Builds the source article's Generator and Discriminator as TF.js functional LayersModels (NHWC).
// Layer names are fixed ("g_*", "d_*") because they name the weights in getState(), in the
// gradient layout and in the exported model.json. Every initializer is seeded from
// (seed, layer index), so two processes given the same seed build bit-identical models.
//
// Departures from the article's PyTorch code, on purpose:
// - Both networks output logits; the losses apply sigmoid / softmax themselves (the article's
//   softmax before CrossEntropyLoss softmaxes twice).
// - BatchNorm uses PyTorch's defaults (momentum 0.1 = Keras momentum 0.9, epsilon 1e-5);
//   TF.js keeps the biased batch variance in its moving variance where PyTorch keeps the
//   unbiased one (this only affects inference-mode outputs).
// - The embedding keeps PyTorch's default init N(0, 1); conv/dense weights N(0, 0.02).
import * as tf from '@tensorflow/tfjs';
import type { ModelConfig } from './model-config.ts';

const BN_MOMENTUM = 0.9;
const BN_EPSILON = 1e-5;
const WEIGHT_STDDEV = 0.02;

/** A nonzero per-layer seed (TF.js treats seed 0 as "unseeded"). */
function layerSeed(seed: number, layerIndex: number): number {
  let h = Math.imul((seed | 0) ^ 0x5bd1e995, 0x27d4eb2d) ^ Math.imul(layerIndex + 1, 0x165667b1);
  h ^= h >>> 15;
  h = Math.imul(h, 0x85ebca6b) >>> 0;
  return (h % 2147483646) + 1;
}

function makeSeeder(seed: number) {
  let index = 0;
  return (stddev = WEIGHT_STDDEV) => tf.initializers.randomNormal({ mean: 0, stddev, seed: layerSeed(seed, index++) });
}

function batchNorm(name: string): tf.layers.Layer {
  return tf.layers.batchNormalization({ name, axis: -1, momentum: BN_MOMENTUM, epsilon: BN_EPSILON });
}

/**
 * Generator: inputs [noise (n, latentDim) float32, label (n, 1) int32], output (n, S, S, C) in [-1, 1].
 * multiply: Embedding(numClasses x latentDim) * noise; concat: [noise, one-hot(label)].
 */
export function buildGenerator(c: ModelConfig, seed: number): tf.LayersModel {
  const init = makeSeeder(seed ^ 0x47454e00);
  const s0 = c.imageSize / 16;
  const noise = tf.input({ shape: [c.latentDim], name: 'noise' });
  const label = tf.input({ shape: [1], dtype: 'int32', name: 'label' });

  let z: tf.SymbolicTensor;
  if (c.conditioning === 'multiply') {
    const embedded = tf.layers.embedding({ name: 'g_embedding', inputDim: c.numClasses, outputDim: c.latentDim, embeddingsInitializer: init(1) }).apply(label) as tf.SymbolicTensor;
    const flat = tf.layers.flatten({ name: 'g_embedding_flat' }).apply(embedded) as tf.SymbolicTensor;
    z = tf.layers.multiply({ name: 'g_condition' }).apply([noise, flat]) as tf.SymbolicTensor;
  } else {
    // A frozen identity embedding is a one-hot encoder that serialises as a stock layer.
    const oneHot = tf.layers
      .embedding({
        name: 'g_onehot',
        inputDim: c.numClasses,
        outputDim: c.numClasses,
        embeddingsInitializer: tf.initializers.identity({ gain: 1 }),
        trainable: false,
      })
      .apply(label) as tf.SymbolicTensor;
    const flat = tf.layers.flatten({ name: 'g_onehot_flat' }).apply(oneHot) as tf.SymbolicTensor;
    z = tf.layers.concatenate({ name: 'g_condition', axis: -1 }).apply([noise, flat]) as tf.SymbolicTensor;
  }

  let x = tf.layers.dense({ name: 'g_dense', units: s0 * s0 * 8 * c.width, kernelInitializer: init(), biasInitializer: 'zeros' }).apply(z) as tf.SymbolicTensor;
  x = tf.layers.reshape({ name: 'g_reshape', targetShape: [s0, s0, 8 * c.width] }).apply(x) as tf.SymbolicTensor;
  x = batchNorm('g_bn0').apply(x) as tf.SymbolicTensor;
  x = tf.layers.reLU({ name: 'g_relu0' }).apply(x) as tf.SymbolicTensor;

  const filters = [4 * c.width, 2 * c.width, c.width, c.channels];
  filters.forEach((f, i) => {
    x = tf.layers
      .conv2dTranspose({
        name: `g_deconv${i + 1}`,
        filters: f,
        kernelSize: 4,
        strides: 2,
        padding: 'same',
        kernelInitializer: init(),
        biasInitializer: 'zeros',
      })
      .apply(x) as tf.SymbolicTensor;
    if (i < filters.length - 1) {
      x = batchNorm(`g_bn${i + 1}`).apply(x) as tf.SymbolicTensor;
      x = tf.layers.reLU({ name: `g_relu${i + 1}` }).apply(x) as tf.SymbolicTensor;
    }
  });
  const image = tf.layers.activation({ name: 'g_tanh', activation: 'tanh' }).apply(x) as tf.SymbolicTensor;
  return tf.model({ name: 'generator', inputs: [noise, label], outputs: image });
}

/**
 * Discriminator: input (n, S, S, C), outputs [validity logit (n, 1), class logits (n, numClasses)].
 */
export function buildDiscriminator(c: ModelConfig, seed: number): tf.LayersModel {
  const init = makeSeeder(seed ^ 0x44495300);
  const image = tf.input({ shape: [c.imageSize, c.imageSize, c.channels], name: 'image' });
  let x: tf.SymbolicTensor = image;
  [c.width, 2 * c.width, 4 * c.width, 8 * c.width].forEach((f, i) => {
    x = tf.layers
      .conv2d({
        name: `d_conv${i + 1}`,
        filters: f,
        kernelSize: 4,
        strides: 2,
        padding: 'same',
        kernelInitializer: init(),
        biasInitializer: 'zeros',
      })
      .apply(x) as tf.SymbolicTensor;
    if (i > 0) x = batchNorm(`d_bn${i + 1}`).apply(x) as tf.SymbolicTensor;
    x = tf.layers.leakyReLU({ name: `d_lrelu${i + 1}`, alpha: 0.2 }).apply(x) as tf.SymbolicTensor;
  });
  const flat = tf.layers.flatten({ name: 'd_flatten' }).apply(x) as tf.SymbolicTensor;
  const validity = tf.layers.dense({ name: 'd_validity', units: 1, kernelInitializer: init(), biasInitializer: 'zeros' }).apply(flat) as tf.SymbolicTensor;
  const classes = tf.layers.dense({ name: 'd_class', units: c.numClasses, kernelInitializer: init(), biasInitializer: 'zeros' }).apply(flat) as tf.SymbolicTensor;
  return tf.model({ name: 'discriminator', inputs: image, outputs: [validity, classes] });
}
