// The real images the evaluation needs: a training set for the classifier and a held-out set
// for its accuracy and the real baselines. Datasets with a test split (idx, cifar10, cifar100)
// use it; the others (mnist has no test split in this project, folder, shards, or a spec that
// already names a split) hold out a fixed 10% of the training split, drawn with a fixed seed
// that does not depend on --seed, so every evaluation of a dataset holds out the same images.
import { openDataset, parseDatasetSpec, randomPermutation, SeededRandom, type Dataset, type ImageSpec } from '@acgan/data';
import type { LabelledImages } from './classifier.ts';

export const HOLDOUT_FRACTION = 0.1;
const HOLDOUT_SEED = 0x686f6c64;
const WITH_TEST_SPLIT = new Set(['idx', 'cifar10', 'cifar100']);

export interface RealSplits {
  train: LabelledImages;
  heldOut: LabelledImages;
  classNames: string[];
  /** How the held-out set was made, e.g. "test split" or "seeded 10% of the training split". */
  heldOutFrom: string;
  description: string;
}

async function readAll(ds: Dataset, indices: Uint32Array): Promise<LabelledImages> {
  const b = await ds.read(indices);
  return { images: b.images, labels: b.labels };
}

/** Whether the spec's dataset has its own test split that the evaluation can use. */
export function hasTestSplit(spec: string): boolean {
  const parsed = parseDatasetSpec(spec);
  return WITH_TEST_SPLIT.has(parsed.kind) && parsed.params.split === undefined;
}

/**
 * Loads the training and held-out images. `trainLimit` keeps only that many training images
 * (a seeded choice; for quick tests).
 */
export async function loadRealSplits(spec: string, image: ImageSpec, trainLimit?: number): Promise<RealSplits> {
  const ds = await openDataset(spec, image);
  try {
    let trainIdx: Uint32Array;
    let heldOut: LabelledImages;
    let heldOutFrom: string;
    if (hasTestSplit(spec)) {
      trainIdx = Uint32Array.from({ length: ds.size }, (_, i) => i);
      const test = await openDataset(spec, image, { split: 'test' });
      try {
        if (test.numClasses !== ds.numClasses) {
          throw new Error(`dataset ${spec}: test split has ${test.numClasses} classes, train split ${ds.numClasses}`);
        }
        heldOut = await readAll(
          test,
          Uint32Array.from({ length: test.size }, (_, i) => i),
        );
      } finally {
        await test.close();
      }
      heldOutFrom = 'test split';
    } else {
      const perm = randomPermutation(ds.size, new SeededRandom(HOLDOUT_SEED, ds.size));
      const k = Math.max(1, Math.round(ds.size * HOLDOUT_FRACTION));
      if (ds.size - k < 1) throw new Error(`dataset ${spec}: ${ds.size} images are too few to hold out ${HOLDOUT_FRACTION * 100}%`);
      heldOut = await readAll(ds, perm.slice(0, k).sort());
      trainIdx = perm.slice(k).sort();
      heldOutFrom = `seeded ${HOLDOUT_FRACTION * 100}% of the training split (${k} of ${ds.size})`;
    }
    if (trainLimit !== undefined && trainLimit < trainIdx.length) {
      const pick = randomPermutation(trainIdx.length, new SeededRandom(HOLDOUT_SEED, 0x6c696d, trainLimit));
      trainIdx = Uint32Array.from(pick.subarray(0, trainLimit), (i) => trainIdx[i]).sort();
    }
    const train = await readAll(ds, trainIdx);
    return { train, heldOut, classNames: ds.classNames, heldOutFrom, description: ds.description };
  } finally {
    await ds.close();
  }
}
