// Scores a trained run's exported generator against the real data, through a classifier
// trained once on the real training data (cached) - see README "Evaluate and generate".
//
// Real sets: the held-out images H (test split, or a fixed 10% of the training split) give the
// classifier's accuracy. Each class's held-out images are split, seeded, into two disjoint
// halves A_c and B_c. The Frechet reference is A = union of A_c; the generated images are
// compared with A, and so is B' (up to perClass images of each B_c) as the real baseline of
// the same sample size (the Frechet distance of small samples is biased upwards, so a
// baseline must use as many images as the generated set). Diversity per class is the mean
// pairwise feature distance of the generated images over that of H_c (at most realPerClass).
import fs from 'node:fs';
import path from 'node:path';
import { createHash } from 'node:crypto';
import * as tf from '@tensorflow/tfjs';
import { loadLayersModelFromFile, sampleLatent, saveLayersModel } from '@acgan/model';
import { randomPermutation, SeededRandom } from '@acgan/data';
import { accuracy, DEFAULT_CLASSIFIER_TRAINING, runClassifier, trainClassifier, type ClassifierTraining } from './classifier.ts';
import { loadRealSplits } from './real-data.ts';
import { featureStats, frechetDistance, meanPairwiseDistance } from './statistics.ts';

/** Bump when the classifier, its training or the held-out split change: old caches are then ignored. */
export const CLASSIFIER_VERSION = 1;

export interface EvaluateOptions {
  /** The run folder (config.json, dataset.json, export/generator/model.json). */
  runDir: string;
  /** The generator's model.json, when not the run's export/generator (an export of one of its checkpoints). */
  generatorJson?: string;
  /** Dataset spec; default the run's config.json `dataset`. */
  dataset?: string;
  /** Generated images per class (default 50). */
  perClass?: number;
  /** Seeds the noise, the classifier and the real halves (default 1). */
  seed?: number;
  /** Where trained classifiers are kept (default <runDir>/eval-cache). */
  cacheDir?: string;
  /** Classifier training settings (the seed is `seed`). */
  classifier?: Partial<Omit<ClassifierTraining, 'seed'>>;
  /** Train the classifier on at most this many real images (for quick tests). */
  trainLimit?: number;
  /** At most this many held-out real images per class enter the real diversity (default 200). */
  realPerClass?: number;
  log?: (line: string) => void;
}

export interface ClassScore {
  name: string;
  /** Share of this class's generated images the classifier assigns to it. */
  accuracy: number;
  /** Generated / real mean pairwise feature distance within the class. */
  diversity: number;
  realMeanDistance: number;
  generatedMeanDistance: number;
}

export interface EvaluationReport {
  run: string;
  dataset: string;
  imageSize: number;
  channels: number;
  seed: number;
  perClass: number;
  classifier: {
    testAccuracy: number;
    trainImages: number;
    heldOutImages: number;
    heldOutFrom: string;
    epochs: number;
    featureDim: number;
    cached: boolean;
    path: string;
  };
  generated: {
    images: number;
    classAccuracy: number;
    diversity: number;
    frechetDistance: number;
    perClass: ClassScore[];
  };
  baselines: {
    /** The classifier's accuracy on held-out real images. */
    classAccuracy: number;
    /** Real over real: 1 by construction. */
    diversity: number;
    /** Frechet distance of real B' vs real A (disjoint halves of the held-out set, B' sized as the generated set). */
    frechetDistance: number;
    frechetImages: { reference: number; compared: number };
  };
}

interface RunFacts {
  dataset: string;
  imageSize: number;
  channels: 1 | 3;
  classNames: string[];
  generatorJson: string;
}

function readJson(file: string, what: string): Record<string, unknown> {
  if (!fs.existsSync(file)) throw new Error(`${what} ${file} not found`);
  try {
    return JSON.parse(fs.readFileSync(file, 'utf8')) as Record<string, unknown>;
  } catch (e) {
    throw new Error(`${what} ${file} is not valid JSON: ${(e as Error).message}`);
  }
}

/** Reads what evaluation needs from a run folder; throws naming the missing path. */
export function readRunFacts(runDir: string, generator?: string): RunFacts {
  if (!fs.existsSync(runDir) || !fs.statSync(runDir).isDirectory()) throw new Error(`run folder ${runDir} not found`);
  const generatorJson = generator ?? path.join(runDir, 'export', 'generator', 'model.json');
  if (!fs.existsSync(generatorJson)) {
    throw new Error(`run folder ${runDir} has no exported generator (${generatorJson} not found; the run exports it when training ends)`);
  }
  const config = readJson(path.join(runDir, 'config.json'), 'run config');
  const facts = readJson(path.join(runDir, 'dataset.json'), 'dataset facts');
  const classNames = facts.classNames;
  if (!Array.isArray(classNames) || classNames.length < 2 || !classNames.every((c) => typeof c === 'string')) {
    throw new Error(`${path.join(runDir, 'dataset.json')}: classNames ${JSON.stringify(classNames)}, expected at least 2 names`);
  }
  const { dataset, imageSize, channels } = config;
  if (typeof dataset !== 'string') throw new Error(`${path.join(runDir, 'config.json')}: dataset ${JSON.stringify(dataset)}, expected a dataset spec`);
  if (typeof imageSize !== 'number' || (channels !== 1 && channels !== 3)) {
    throw new Error(`${path.join(runDir, 'config.json')}: imageSize ${imageSize} / channels ${channels}, expected a number / 1 or 3`);
  }
  return { dataset, imageSize, channels, classNames: classNames as string[], generatorJson };
}

function positiveInteger(name: string, v: number): number {
  if (!Number.isSafeInteger(v) || v < 1) throw new Error(`${name} = ${v}, expected a positive integer`);
  return v;
}

/** Images of the given class labels from the generator, noise sampleLatent(seed, n, latentDim). */
export async function generateImages(generator: tf.LayersModel, labels: Int32Array, seed: number, batchSize = 256): Promise<Float32Array> {
  const noiseShape = generator.inputs[0].shape;
  const latentDim = Number(noiseShape[1]);
  const [, s, , c] = generator.outputs[0].shape as number[];
  const per = s * s * c;
  const n = labels.length;
  const noise = sampleLatent(seed, n, latentDim);
  const out = new Float32Array(n * per);
  for (let start = 0; start < n; start += batchSize) {
    const b = Math.min(batchSize, n - start);
    const y = tf.tidy(
      () =>
        generator.predict([
          tf.tensor2d(noise.subarray(start * latentDim, (start + b) * latentDim), [b, latentDim]),
          tf.tensor2d(labels.subarray(start, start + b), [b, 1], 'int32'),
        ]) as tf.Tensor,
    );
    try {
      out.set((await y.data()) as Float32Array, start * per);
    } finally {
      y.dispose();
    }
  }
  return out;
}

function rowsOf(features: Float32Array, dim: number, rows: ArrayLike<number>): { n: number; d: number; data: Float32Array } {
  const data = new Float32Array(rows.length * dim);
  for (let i = 0; i < rows.length; i++) data.set(features.subarray(rows[i] * dim, (rows[i] + 1) * dim), i * dim);
  return { n: rows.length, d: dim, data };
}

function classKey(o: object): string {
  return createHash('sha256').update(JSON.stringify(o)).digest('hex').slice(0, 16);
}

/**
 * The classifier for (dataset, image shape, training settings): loaded from the cache, or trained
 * and saved there. Returns it with whether it came from the cache.
 */
async function obtainClassifier(
  cacheDir: string,
  keyParts: Record<string, unknown>,
  train: () => tf.LayersModel,
  log: (line: string) => void,
): Promise<{ model: tf.LayersModel; cached: boolean; dir: string }> {
  const dir = path.join(cacheDir, `classifier-${classKey(keyParts)}`);
  const meta = path.join(dir, 'meta.json');
  if (fs.existsSync(meta) && fs.existsSync(path.join(dir, 'model.json'))) {
    try {
      const stored = JSON.parse(fs.readFileSync(meta, 'utf8')) as { key?: unknown };
      if (JSON.stringify(stored.key) === JSON.stringify(keyParts)) {
        log(`classifier from cache ${dir}`);
        return { model: await loadLayersModelFromFile(dir), cached: true, dir };
      }
    } catch (e) {
      log(`ignoring unreadable classifier cache ${dir}: ${(e as Error).message}`);
    }
  }
  const t0 = Date.now();
  const model = train();
  await saveLayersModel(model, dir);
  // meta.json last: its presence marks a complete cache entry.
  const tmp = `${meta}.tmp-${process.pid}`;
  fs.writeFileSync(tmp, JSON.stringify({ key: keyParts, trainedMs: Date.now() - t0 }, null, 2));
  fs.renameSync(tmp, meta);
  log(`classifier trained in ${((Date.now() - t0) / 1000).toFixed(1)} s, cached in ${dir}`);
  return { model, cached: false, dir };
}

/** Indices of each class within a labelled set. */
function byClass(labels: Int32Array, numClasses: number): number[][] {
  const out: number[][] = Array.from({ length: numClasses }, () => []);
  for (let i = 0; i < labels.length; i++) out[labels[i]].push(i);
  return out;
}

export async function evaluateRun(opts: EvaluateOptions): Promise<EvaluationReport> {
  const log = opts.log ?? (() => {});
  const facts = readRunFacts(opts.runDir, opts.generatorJson);
  const spec = opts.dataset ?? facts.dataset;
  const perClass = positiveInteger('perClass', opts.perClass ?? 50);
  const seed = opts.seed ?? 1;
  if (!Number.isSafeInteger(seed) || seed < 0) throw new Error(`seed = ${seed}, expected a non-negative integer`);
  const realPerClass = positiveInteger('realPerClass', opts.realPerClass ?? 200);
  const training: ClassifierTraining = { ...DEFAULT_CLASSIFIER_TRAINING, ...opts.classifier, seed };
  positiveInteger('classifier epochs', training.epochs);
  positiveInteger('classifier batchSize', training.batchSize);
  if (opts.trainLimit !== undefined) positiveInteger('trainLimit', opts.trainLimit);
  const image = { size: facts.imageSize, channels: facts.channels };
  const numClasses = facts.classNames.length;

  log(`reading ${spec} at ${image.size}x${image.size}x${image.channels}`);
  const real = await loadRealSplits(spec, image, opts.trainLimit);
  if (real.classNames.length !== numClasses) {
    throw new Error(`dataset ${spec} has ${real.classNames.length} classes but the run ${opts.runDir} has ${numClasses} (dataset.json)`);
  }
  const shape = { imageSize: image.size, channels: image.channels, numClasses };
  const keyParts = {
    version: CLASSIFIER_VERSION,
    dataset: spec,
    imageSize: image.size,
    channels: image.channels,
    numClasses,
    training,
    trainLimit: opts.trainLimit ?? null,
  };
  const cacheDir = opts.cacheDir ?? path.join(opts.runDir, 'eval-cache');
  const {
    model: classifier,
    cached,
    dir,
  } = await obtainClassifier(
    cacheDir,
    keyParts,
    () => {
      log(`training the classifier on ${real.train.labels.length} real images, ${training.epochs} epochs`);
      return trainClassifier(shape, real.train, training);
    },
    log,
  );

  const generator = await loadLayersModelFromFile(facts.generatorJson);
  try {
    const [, gs, , gc] = generator.outputs[0].shape as number[];
    if (gs !== image.size || gc !== image.channels) {
      throw new Error(`${facts.generatorJson} makes ${gs}x${gs}x${gc} images but config.json says ${image.size}x${image.size}x${image.channels}`);
    }
    // Real: classifier accuracy and features of the held-out set.
    const heldOut = await runClassifier(classifier, real.heldOut.images);
    const testAccuracy = accuracy(heldOut.predictions, real.heldOut.labels);
    const dim = heldOut.featureDim;
    const realByClass = byClass(real.heldOut.labels, numClasses);
    const rng = new SeededRandom(seed, 0x68616c66);
    const halfA: number[] = [];
    const halfB: number[] = [];
    const realDiversitySets: number[][] = [];
    for (const members of realByClass) {
      const shuffled = Array.from(randomPermutation(members.length, rng), (i) => members[i]);
      const cut = Math.ceil(shuffled.length / 2);
      halfA.push(...shuffled.slice(0, cut));
      halfB.push(...shuffled.slice(cut, cut + perClass));
      realDiversitySets.push(shuffled.slice(0, realPerClass));
    }

    // Generated: perClass images of each class, class after class.
    const labels = new Int32Array(numClasses * perClass);
    for (let c = 0; c < numClasses; c++) labels.fill(c, c * perClass, (c + 1) * perClass);
    log(`generating ${labels.length} images (${perClass} per class, seed ${seed})`);
    const fake = await runClassifier(classifier, await generateImages(generator, labels, seed));

    const perClassScores: ClassScore[] = facts.classNames.map((name, c) => {
      const rows = Array.from({ length: perClass }, (_, i) => c * perClass + i);
      const hits = rows.filter((r) => fake.predictions[r] === c).length;
      const generatedMeanDistance = meanPairwiseDistance(rowsOf(fake.features, dim, rows));
      const realMeanDistance = meanPairwiseDistance(rowsOf(heldOut.features, dim, realDiversitySets[c]));
      const diversity = realMeanDistance > 0 ? generatedMeanDistance / realMeanDistance : 0;
      return { name, accuracy: hits / perClass, diversity, realMeanDistance, generatedMeanDistance };
    });
    const reference = featureStats(rowsOf(heldOut.features, dim, halfA));
    const generatedStats = featureStats({ n: labels.length, d: dim, data: fake.features });
    const baselineStats = featureStats(rowsOf(heldOut.features, dim, halfB));
    const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
    return {
      run: opts.runDir,
      dataset: spec,
      imageSize: image.size,
      channels: image.channels,
      seed,
      perClass,
      classifier: {
        testAccuracy,
        trainImages: real.train.labels.length,
        heldOutImages: real.heldOut.labels.length,
        heldOutFrom: real.heldOutFrom,
        epochs: training.epochs,
        featureDim: dim,
        cached,
        path: dir,
      },
      generated: {
        images: labels.length,
        classAccuracy: accuracy(fake.predictions, labels),
        diversity: mean(perClassScores.map((s) => s.diversity)),
        frechetDistance: frechetDistance(generatedStats, reference),
        perClass: perClassScores,
      },
      baselines: {
        classAccuracy: testAccuracy,
        diversity: 1,
        frechetDistance: frechetDistance(baselineStats, reference),
        frechetImages: { reference: halfA.length, compared: halfB.length },
      },
    };
  } finally {
    generator.dispose();
    classifier.dispose();
  }
}

/** A few readable lines of a report. */
export function formatReport(r: EvaluationReport): string {
  const pct = (x: number) => `${(100 * x).toFixed(1)}%`;
  const f3 = (x: number) => x.toFixed(3);
  const lines = [
    `run ${r.run}: ${r.generated.images} generated images (${r.perClass} per class, seed ${r.seed}), dataset ${r.dataset} at ${r.imageSize}x${r.imageSize}x${r.channels}`,
    `classifier: ${r.classifier.cached ? 'cached' : 'trained'} (${r.classifier.trainImages} real images, ${r.classifier.epochs} epochs), held out: ${r.classifier.heldOutFrom}, ${r.classifier.heldOutImages} images`,
    '',
    `                     generated   real baseline`,
    `class accuracy       ${pct(r.generated.classAccuracy).padStart(9)}   ${pct(r.baselines.classAccuracy).padStart(13)}   (share of images classified as their class)`,
    `diversity            ${f3(r.generated.diversity).padStart(9)}   ${f3(r.baselines.diversity).padStart(13)}   (within-class spread / real; ~0 = collapse)`,
    `Frechet distance     ${f3(r.generated.frechetDistance).padStart(9)}   ${f3(r.baselines.frechetDistance).padStart(13)}   (to real features; lower is closer)`,
    '',
    'class  accuracy  diversity',
    ...r.generated.perClass.map((c) => `${c.name.padEnd(5)}  ${pct(c.accuracy).padStart(8)}  ${f3(c.diversity).padStart(9)}`),
  ];
  return lines.join('\n');
}
