// Reader for the binary versions of CIFAR-10 and CIFAR-100.
// CIFAR-10: data_batch_1..5.bin (train) / test_batch.bin, records of 1 label
// byte + 3072 image bytes; class names from batches.meta.txt.
// CIFAR-100: train.bin / test.bin, records of coarse label + fine label +
// 3072 image bytes; the fine label (100 classes) is used, names from
// fine_label_names.txt. Images are stored planar (1024 R, 1024 G, 1024 B, each
// 32x32 row-major) and are reordered to HWC once at load (150 MB for CIFAR-10 train).
// The folder may be the extracted one (cifar-10-batches-bin / cifar-100-binary) or its parent.

import { stat } from 'node:fs/promises';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { Dataset, Split } from './dataset.ts';
import { DataError, isErrno } from './errors.ts';
import type { ImageSpec } from './image-spec.ts';
import { createMemoryDataset } from './memory-dataset.ts';
import { readFileBytes } from './read-file-bytes.ts';

const SIDE = 32;
const PLANE = SIDE * SIDE;
const IMAGE = 3 * PLANE;

export type CifarKind = 'cifar10' | 'cifar100';

interface CifarLayout {
  subfolder: string;
  files: Record<Split, string[]>;
  labelBytes: number;
  /** Which of the leading label bytes is the label used. */
  labelByte: number;
  numClasses: number;
  namesFile: string;
}

const LAYOUTS: Record<CifarKind, CifarLayout> = {
  cifar10: {
    subfolder: 'cifar-10-batches-bin',
    files: { train: [1, 2, 3, 4, 5].map((i) => `data_batch_${i}.bin`), test: ['test_batch.bin'] },
    labelBytes: 1,
    labelByte: 0,
    numClasses: 10,
    namesFile: 'batches.meta.txt',
  },
  cifar100: {
    subfolder: 'cifar-100-binary',
    files: { train: ['train.bin'], test: ['test.bin'] },
    labelBytes: 2,
    labelByte: 1,
    numClasses: 100,
    namesFile: 'fine_label_names.txt',
  },
};

async function isDir(p: string): Promise<boolean> {
  return stat(p).then(
    (s) => s.isDirectory(),
    () => false,
  );
}

async function resolveFolder(dir: string, layout: CifarLayout): Promise<string> {
  try {
    await stat(dir);
  } catch (err) {
    if (isErrno(err, 'ENOENT')) throw new DataError('MISSING_PATH', `${dir}: folder not found: expected the extracted ${layout.subfolder} folder`, { file: dir });
    throw err;
  }
  const inner = path.join(dir, layout.subfolder);
  return (await isDir(inner)) ? inner : dir;
}

async function readNames(dir: string, layout: CifarLayout): Promise<string[]> {
  const text = await readFile(path.join(dir, layout.namesFile), 'utf8').catch(() => undefined);
  const names =
    text
      ?.split('\n')
      .map((s) => s.trim())
      .filter((s) => s.length > 0) ?? [];
  return names.length === layout.numClasses ? names : Array.from({ length: layout.numClasses }, (_, k) => String(k));
}

export async function openCifar(kind: CifarKind, dirArg: string, image: ImageSpec, split: Split = 'train'): Promise<Dataset> {
  const layout = LAYOUTS[kind];
  const dir = await resolveFolder(dirArg, layout);
  const recordBytes = layout.labelBytes + IMAGE;
  const chunks: { file: string; bytes: Uint8Array }[] = [];
  for (const name of layout.files[split]) {
    const file = path.join(dir, name);
    const bytes = await readFileBytes(file, `${kind} binary records of ${recordBytes} bytes`);
    if (bytes.length === 0 || bytes.length % recordBytes !== 0) {
      throw new DataError(
        'TRUNCATED',
        `${file}: ${bytes.length} bytes is not a whole number of ${recordBytes}-byte ${kind} records (${layout.labelBytes} label byte${layout.labelBytes > 1 ? 's' : ''} + 3072 image bytes)`,
        { file, record: Math.floor(bytes.length / recordBytes) },
      );
    }
    chunks.push({ file, bytes });
  }
  const count = chunks.reduce((n, c) => n + c.bytes.length / recordBytes, 0);
  const pixels = new Uint8Array(count * IMAGE);
  const labels = new Uint8Array(count);
  let k = 0;
  for (const { file, bytes } of chunks) {
    for (let r = 0; r < bytes.length / recordBytes; r++, k++) {
      const rec = r * recordBytes;
      const label = bytes[rec + layout.labelByte];
      if (label >= layout.numClasses) {
        throw new DataError('LABEL_OUT_OF_RANGE', `${file}: record ${r} has label ${label}, expected [0, ${layout.numClasses})`, { file, record: r });
      }
      labels[k] = label;
      const src = rec + layout.labelBytes;
      const dst = k * IMAGE;
      for (let p = 0; p < PLANE; p++) {
        pixels[dst + 3 * p] = bytes[src + p];
        pixels[dst + 3 * p + 1] = bytes[src + PLANE + p];
        pixels[dst + 3 * p + 2] = bytes[src + 2 * PLANE + p];
      }
    }
  }
  const classNames = await readNames(dir, layout);
  return createMemoryDataset(
    {
      pixels,
      labels,
      shape: { height: SIDE, width: SIDE, channels: 3 },
      classNames,
      description: `${kind} ${dir} (${split} split, ${count} images 32x32x3, ${layout.numClasses} classes)`,
    },
    image,
  );
}
