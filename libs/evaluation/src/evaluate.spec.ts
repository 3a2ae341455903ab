import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { AcganTrainer, DEFAULT_TRAIN_HYPER, initBackend, saveLayersModel } from '@acgan/model';
import { evaluateRun, formatReport, type EvaluationReport } from './evaluate.ts';
import { hasTestSplit } from './real-data.ts';

const SIZE = 16;
const CLASSES = Array.from({ length: 10 }, (_, i) => String(i));
// Few training images keep the classifier quick; it is trained once and then cached.
const QUICK = { perClass: 8, trainLimit: 3000, classifier: { epochs: 2 } } as const;

let root: string;
let cacheDir: string;

function writeRunFacts(runDir: string): void {
  fs.mkdirSync(runDir, { recursive: true });
  fs.writeFileSync(path.join(runDir, 'config.json'), JSON.stringify({ dataset: 'mnist', imageSize: SIZE, channels: 1, numClasses: 10 }));
  fs.writeFileSync(path.join(runDir, 'dataset.json'), JSON.stringify({ size: 10000, numClasses: 10, classNames: CLASSES }));
}

/** A generator that ignores its noise: every image of a class is the same (total mode collapse). */
function collapsedGenerator(): tf.LayersModel {
  const noise = tf.input({ shape: [8], name: 'noise' });
  const label = tf.input({ shape: [1], dtype: 'int32', name: 'label' });
  const pixels = SIZE * SIZE;
  const perClass = tf.layers
    .embedding({ inputDim: 10, outputDim: pixels, embeddingsInitializer: tf.initializers.randomNormal({ mean: 0, stddev: 1, seed: 3 }) })
    .apply(label) as tf.SymbolicTensor;
  // The noise enters through zero weights, so the model has both inputs but ignores one.
  const ignored = tf.layers.dense({ units: pixels, kernelInitializer: 'zeros', biasInitializer: 'zeros' }).apply(noise) as tf.SymbolicTensor;
  const flat = tf.layers.flatten().apply(perClass) as tf.SymbolicTensor;
  const summed = tf.layers.add().apply([flat, ignored]) as tf.SymbolicTensor;
  const image = tf.layers.reshape({ targetShape: [SIZE, SIZE, 1] }).apply(tf.layers.activation({ activation: 'tanh' }).apply(summed) as tf.SymbolicTensor);
  return tf.model({ inputs: [noise, label], outputs: image as tf.SymbolicTensor });
}

function expectInRange(r: EvaluationReport): void {
  expect(r.generated.classAccuracy).toBeGreaterThanOrEqual(0);
  expect(r.generated.classAccuracy).toBeLessThanOrEqual(1);
  expect(r.generated.perClass.map((c) => c.name)).toEqual(CLASSES);
  for (const c of r.generated.perClass) {
    expect(c.accuracy).toBeGreaterThanOrEqual(0);
    expect(c.accuracy).toBeLessThanOrEqual(1);
    expect(Number.isFinite(c.diversity) && c.diversity >= 0).toBe(true);
    expect(c.realMeanDistance).toBeGreaterThan(0);
  }
  expect(Number.isFinite(r.generated.frechetDistance) && r.generated.frechetDistance >= 0).toBe(true);
  expect(r.generated.images).toBe(10 * QUICK.perClass);
  // Real baselines: the classifier is well above chance (10%) on held-out mnist digits.
  expect(r.classifier.heldOutImages).toBe(1000);
  expect(r.classifier.trainImages).toBe(QUICK.trainLimit);
  expect(r.classifier.featureDim).toBe(64);
  expect(r.baselines.classAccuracy).toBe(r.classifier.testAccuracy);
  expect(r.baselines.classAccuracy).toBeGreaterThan(0.7);
  expect(r.baselines.diversity).toBe(1);
  expect(r.baselines.frechetDistance).toBeGreaterThan(0);
  expect(r.baselines.frechetImages.compared).toBe(10 * QUICK.perClass);
}

beforeAll(async () => {
  await initBackend('wasm');
  root = fs.mkdtempSync(path.join(os.tmpdir(), 'acgan-evaluation-'));
  cacheDir = path.join(root, 'cache');
});

afterAll(() => {
  fs.rmSync(root, { recursive: true, force: true });
});

describe('evaluateRun on mnist 16x16', () => {
  it('a collapsed generator (noise ignored) has diversity ~0 and a Frechet distance far above the real baseline', async () => {
    const run = path.join(root, 'collapsed');
    writeRunFacts(run);
    const g = collapsedGenerator();
    await saveLayersModel(g, path.join(run, 'export', 'generator'));
    g.dispose();
    const r = await evaluateRun({ runDir: run, cacheDir, ...QUICK });
    expectInRange(r);
    expect(r.classifier.cached).toBe(false);
    expect(r.generated.diversity).toBeLessThan(1e-6);
    for (const c of r.generated.perClass) expect(c.generatedMeanDistance).toBeLessThan(1e-6);
    expect(r.generated.frechetDistance).toBeGreaterThan(2 * r.baselines.frechetDistance);
    expect(formatReport(r)).toMatch(/diversity\s+0\.000\s+1\.000/);
  });

  it('a tiny ACGAN generator gives numbers in range; the cached classifier gives the same numbers again', async () => {
    const run = path.join(root, 'tiny');
    writeRunFacts(run);
    const trainer = new AcganTrainer({ imageSize: SIZE, channels: 1, numClasses: 10, latentDim: 8, width: 4, conditioning: 'multiply' }, { ...DEFAULT_TRAIN_HYPER, seed: 5 });
    await trainer.exportModels(path.join(run, 'export'));
    trainer.dispose();
    const first = await evaluateRun({ runDir: run, cacheDir, ...QUICK });
    expectInRange(first);
    expect(first.classifier.cached).toBe(true); // trained by the previous test: same dataset, size, settings
    // The noise is used: the images of a class differ.
    expect(first.generated.diversity).toBeGreaterThan(0);
    const again = await evaluateRun({ runDir: run, cacheDir, ...QUICK });
    expect(again).toEqual(first);
    const otherSeed = await evaluateRun({ runDir: run, cacheDir, ...QUICK, seed: 2 });
    expect(otherSeed.classifier.cached).toBe(false);
    expect(otherSeed.generated.frechetDistance).not.toBe(first.generated.frechetDistance);
  });

  it('refuses a run folder without an exported generator, naming the path', async () => {
    const run = path.join(root, 'no-export');
    writeRunFacts(run);
    await expect(evaluateRun({ runDir: run, cacheDir })).rejects.toThrow(`${path.join(run, 'export', 'generator', 'model.json')} not found`);
    await expect(evaluateRun({ runDir: path.join(root, 'missing'), cacheDir })).rejects.toThrow(`run folder ${path.join(root, 'missing')} not found`);
  });
});

describe('held-out split', () => {
  it('uses the test split of idx and cifar, a seeded 10% of mnist, folders and shards', () => {
    expect(hasTestSplit('idx:/data/mnist')).toBe(true);
    expect(hasTestSplit('cifar10:/data/c')).toBe(true);
    expect(hasTestSplit('idx:/data/mnist?split=train')).toBe(false);
    expect(hasTestSplit('mnist')).toBe(false);
    expect(hasTestSplit('folder:/x')).toBe(false);
    expect(hasTestSplit('shards:/x')).toBe(false);
  });
});
