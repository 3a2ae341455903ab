// The conv-based gradients against TF.js's own (cpu) gradients, for the shapes the model uses
// and for odd ones (fallback paths, explicit padding, stride 3, kernel smaller than stride);
// then the same functions registered as wasm kernels against the cpu backend.
import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { conv2dFilterGradient, conv2dInputGradient } from './conv-gradients.ts';
import { initBackend } from './init-backend.ts';

type Case = [string, [number, number, number, number], [number, number, number, number], number, any];
const CASES: Case[] = [
  ['D conv k4 s2 same', [2, 16, 16, 3], [4, 4, 3, 5], 2, 'same'],
  ['G deconv k4 s2 same', [2, 8, 8, 6], [4, 4, 6, 4], 2, 'same'],
  ['odd side, k3 s2 same', [1, 7, 7, 2], [3, 3, 2, 3], 2, 'same'],
  ['non-square valid', [1, 8, 9, 2], [3, 3, 2, 3], 2, 'valid'],
  ['kernel < stride', [1, 8, 8, 2], [1, 1, 2, 3], 2, 'same'],
  ['stride 1', [1, 6, 6, 2], [3, 3, 2, 3], 1, 'same'],
  ['stride 3', [2, 9, 9, 2], [4, 4, 2, 3], 3, 'same'],
  [
    'explicit padding',
    [1, 10, 10, 2],
    [4, 4, 2, 3],
    2,
    [
      [0, 0],
      [2, 1],
      [0, 3],
      [0, 0],
    ],
  ],
];

function relErr(a: tf.Tensor, b: tf.Tensor): number {
  return tf.tidy(() => tf.max(tf.abs(a.sub(b))).dataSync()[0] / (tf.max(tf.abs(b)).dataSync()[0] + 1e-12));
}

function inputs(xs: Case[1], fs: Case[2], s: number, pad: any) {
  const x = tf.randomNormal(xs, 0, 1, 'float32', 1) as tf.Tensor4D;
  const f = tf.randomNormal(fs, 0, 1, 'float32', 2) as tf.Tensor4D;
  const outShape = tf.tidy(() => tf.conv2d(x, f, s, pad).shape);
  const dy = tf.randomNormal(outShape, 0, 1, 'float32', 3) as tf.Tensor4D;
  return { x, f, dy };
}

/** Reference gradients (dx, dw) on the cpu backend, as plain arrays. */
function reference(xs: Case[1], fs: Case[2], s: number, pad: any) {
  return tf.tidy(() => {
    const { x, f, dy } = inputs(xs, fs, s, pad);
    const [gx, gf] = tf.grads((a: tf.Tensor, b: tf.Tensor) => tf.conv2d(a as tf.Tensor4D, b as tf.Tensor4D, s, pad))([x, f], dy);
    return { dx: gx.arraySync(), dw: gf.arraySync() };
  });
}

describe('conv gradients through Conv2D', () => {
  it.each(CASES)('match TF.js on cpu: %s', async (_name, xs, fs, s, pad) => {
    await initBackend('cpu');
    const ref = reference(xs, fs, s, pad);
    tf.tidy(() => {
      const { x, f, dy } = inputs(xs, fs, s, pad);
      expect(relErr(conv2dInputGradient(dy, f, xs, [s, s], pad), tf.tensor(ref.dx))).toBeLessThan(1e-5);
      expect(relErr(conv2dFilterGradient(x, dy, fs, [s, s], pad), tf.tensor(ref.dw))).toBeLessThan(1e-5);
    });
  });

  it.each(CASES)('registered on wasm, match the cpu backend: %s', async (_name, xs, fs, s, pad) => {
    await initBackend('cpu');
    const ref = reference(xs, fs, s, pad);
    const refTransposed = tf.tidy(() => {
      const { f, dy } = inputs(xs, fs, s, pad);
      return tf.conv2dTranspose(dy, f, xs, s, pad).arraySync();
    });
    await initBackend('wasm');
    tf.tidy(() => {
      const { x, f, dy } = inputs(xs, fs, s, pad);
      const [gx, gf] = tf.grads((a: tf.Tensor, b: tf.Tensor) => tf.conv2d(a as tf.Tensor4D, b as tf.Tensor4D, s, pad))([x, f], dy);
      expect(relErr(gx, tf.tensor(ref.dx))).toBeLessThan(1e-5);
      expect(relErr(gf, tf.tensor(ref.dw))).toBeLessThan(1e-5);
      // The transposed convolution's forward pass goes through Conv2DBackpropInput.
      expect(relErr(tf.conv2dTranspose(dy, f, xs, s, pad), tf.tensor(refTransposed))).toBeLessThan(1e-5);
    });
  });

  it('registered kernels do not leak tensors', async () => {
    await initBackend('wasm');
    const { x, f, dy } = inputs([2, 8, 8, 3], [4, 4, 3, 5], 2, 'same');
    const run = () =>
      tf
        .tidy(() => {
          const [gx, gf] = tf.grads((a: tf.Tensor, b: tf.Tensor) => tf.conv2d(a as tf.Tensor4D, b as tf.Tensor4D, 2, 'same'))([x, f], dy);
          return tf.add(gx.sum(), gf.sum());
        })
        .dispose();
    run();
    const before = tf.memory().numTensors;
    run();
    expect(tf.memory().numTensors).toBe(before);
  });
});
