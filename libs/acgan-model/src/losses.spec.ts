import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from './init-backend.ts';
import { classAccuracy, sigmoidCrossEntropy, signAccuracy, softmaxCrossEntropy } from './losses.ts';

const value = (t: tf.Tensor) => {
  const v = t.dataSync()[0];
  t.dispose();
  return v;
};

describe('losses from logits', () => {
  beforeAll(() => initBackend('cpu'));

  it('sigmoid cross-entropy equals -t log s(x) - (1-t) log(1-s(x)) and is stable', () => {
    const x = [-3, -0.5, 0, 2];
    const t = 0.9;
    const expected =
      x
        .map((v) => {
          const s = 1 / (1 + Math.exp(-v));
          return -t * Math.log(s) - (1 - t) * Math.log(1 - s);
        })
        .reduce((a, b) => a + b) / x.length;
    expect(value(sigmoidCrossEntropy(tf.tensor2d(x, [4, 1]), t))).toBeCloseTo(expected, 5);
    expect(value(sigmoidCrossEntropy(tf.tensor2d([200, -200], [2, 1]), 1))).toBeCloseTo(100, 3);
  });

  it('softmax cross-entropy takes raw logits (no softmax beforehand) and integer labels', () => {
    const logits = [
      [2, 0, -1],
      [0.5, 0.5, 3],
    ];
    const labels = [0, 1];
    const expected = logits.map((row, i) => Math.log(row.reduce((a, v) => a + Math.exp(v), 0)) - row[labels[i]]).reduce((a, b) => a + b) / 2;
    expect(value(softmaxCrossEntropy(tf.tensor2d(logits), tf.tensor1d(labels, 'int32')))).toBeCloseTo(expected, 5);
    expect(value(softmaxCrossEntropy(tf.tensor2d([[500, -500]]), tf.tensor1d([1], 'int32')))).toBeCloseTo(1000, 1);
  });

  it('computes accuracies', () => {
    expect(value(signAccuracy(tf.tensor2d([1, -1, 2, 3], [4, 1]), true))).toBe(0.75);
    expect(value(signAccuracy(tf.tensor2d([1, -1, 2, 3], [4, 1]), false))).toBe(0.25);
    expect(
      value(
        classAccuracy(
          tf.tensor2d([
            [1, 2],
            [3, 0],
          ]),
          tf.tensor1d([1, 1], 'int32'),
        ),
      ),
    ).toBe(0.5);
  });
});
