import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildDiscriminator, buildGenerator } from './build-networks.ts';
import { initBackend } from './init-backend.ts';
import { ARTICLE_MODEL_CONFIG, validateModelConfig, type ModelConfig } from './model-config.ts';
import { summarizeModel } from './model-summary.ts';
import { TINY_MODEL } from './testing.ts';

const trainableCount = (m: tf.LayersModel) => m.trainableWeights.reduce((sum, w) => sum + (w.shape as number[]).reduce((a, b) => a * b, 1), 0);

describe('summarizeModel', () => {
  beforeAll(() => initBackend('cpu'));

  it('gives the article model its published trainable parameter counts', () => {
    const s = summarizeModel(ARTICLE_MODEL_CONFIG);
    expect(s.generator).toBe(12_675_915);
    expect(s.discriminator).toBe(11_070_851);
    expect(s.layers.find((l) => l.name === 'g_deconv4')?.outputShape).toEqual([64, 64, 3]);
  });

  for (const conditioning of ['multiply', 'concat'] as const) {
    it(`matches the built LayersModels (${conditioning})`, () => {
      const config: ModelConfig = { ...TINY_MODEL, imageSize: 32, channels: 3, conditioning };
      const g = buildGenerator(config, 1);
      const d = buildDiscriminator(config, 1);
      const s = summarizeModel(config);
      expect(s.generator).toBe(trainableCount(g));
      expect(s.discriminator).toBe(trainableCount(d));
      expect(g.outputs[0].shape).toEqual([null, 32, 32, 3]);
      expect(d.outputs.map((o) => o.shape)).toEqual([
        [null, 1],
        [null, config.numClasses],
      ]);
      g.dispose();
      d.dispose();
    });
  }

  it('builds identical weights from the same seed and different ones from another seed', () => {
    const [a, b, c] = [1, 1, 2].map((seed) => buildDiscriminator(TINY_MODEL, seed));
    const first = (m: tf.LayersModel) => Array.from(m.getWeights()[0].dataSync().slice(0, 8));
    expect(first(a)).toEqual(first(b));
    expect(first(a)).not.toEqual(first(c));
    const std = tf.tidy(() => tf.moments(a.getWeights()[0]).variance.sqrt().dataSync()[0]);
    expect(std).toBeGreaterThan(0.015);
    expect(std).toBeLessThan(0.025);
    for (const m of [a, b, c]) m.dispose();
  });
});

describe('validateModelConfig', () => {
  it.each([
    ['imageSize', 40, /imageSize = 40.*multiple of 16/],
    ['channels', 2, /channels = 2/],
    ['numClasses', 1, /numClasses = 1/],
    ['latentDim', 0, /latentDim = 0/],
    ['width', 2.5, /width = 2.5/],
    ['conditioning', 'add', /conditioning = "add"/],
  ])('rejects %s = %s naming field and value', (field, value, pattern) => {
    expect(() => validateModelConfig({ ...TINY_MODEL, [field]: value } as ModelConfig)).toThrow(pattern);
  });
});
