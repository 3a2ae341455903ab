// Reader for MNIST-style IDX files (MNIST, Fashion-MNIST, EMNIST, KMNIST...):
// <prefix>{train|t10k|test}-images[-.]idx3-ubyte[.gz] and the matching
// -labels-idx1-ubyte[.gz], plain or gzipped. Both files are loaded whole (a
// 60,000-image set is 47 MB); for sets too large for memory, pack them once
// with prepareShards and train from `shards:`.
//
// Class names: EMNIST's <prefix>mapping.txt ("label ascii..." per line), else
// a classes.txt (one name per line), else Fashion-MNIST's names when the folder
// name says fashion, else "0".."K-1" up to the largest label. EMNIST stores images transposed; images
// from files whose prefix starts with "emnist" are transposed back.

import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import type { Dataset, Split } from './dataset.ts';
import { DataError, isErrno } from './errors.ts';
import type { ImageSpec } from './image-spec.ts';
import { createMemoryDataset } from './memory-dataset.ts';
import { readFileBytes } from './read-file-bytes.ts';

const FASHION_NAMES = ['T-shirt/top', 'Trouser', 'Pullover', 'Dress', 'Coat', 'Sandal', 'Shirt', 'Sneaker', 'Bag', 'Ankle boot'];
const FILE_RE = /^(.*?)(train|t10k|test)-(images|labels)[-.]idx([13])-ubyte(\.gz)?$/;

export interface IdxOptions {
  split?: Split;
  /** File-name prefix to pick when a folder holds several sets (e.g. "emnist-balanced-"). */
  prefix?: string;
}

interface IdxArray {
  dims: number[];
  data: Uint8Array;
}

/** Parses an IDX ubyte array and checks magic, rank and length. */
export function parseIdx(bytes: Uint8Array, file: string, expectedRank: 1 | 3): IdxArray {
  const magicOk = bytes.length >= 4 && bytes[0] === 0 && bytes[1] === 0 && bytes[2] === 0x08 && bytes[3] === expectedRank;
  if (!magicOk) {
    const got = Array.from(bytes.subarray(0, 4), (b) => b.toString(16).padStart(2, '0')).join(' ');
    throw new DataError(
      'BAD_FORMAT',
      `${file}: wrong IDX magic ${got || '(empty file)'}: expected 00 00 08 0${expectedRank} (unsigned bytes, ${expectedRank} dimension${expectedRank > 1 ? 's' : ''})`,
      { file },
    );
  }
  const header = 4 + 4 * expectedRank;
  if (bytes.length < header) {
    throw new DataError('TRUNCATED', `${file}: ${bytes.length} bytes is shorter than the ${header}-byte IDX header`, { file });
  }
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const dims: number[] = [];
  for (let d = 0; d < expectedRank; d++) dims.push(view.getUint32(4 + 4 * d, false));
  const expected = header + dims.reduce((a, b) => a * b, 1);
  if (bytes.length !== expected) {
    throw new DataError('TRUNCATED', `${file}: ${bytes.length} bytes, expected ${expected} (header ${header} + ${dims.join('x')} values)`, { file });
  }
  return { dims, data: bytes.subarray(header) };
}

interface IdxFiles {
  images: string;
  labels: string;
  prefix: string;
}

async function findIdxFiles(dir: string, split: Split, prefix: string | undefined): Promise<IdxFiles> {
  let names: string[];
  try {
    names = await readdir(dir);
  } catch (err) {
    if (isErrno(err, 'ENOENT')) throw new DataError('MISSING_PATH', `${dir}: folder not found: expected a folder with IDX files (e.g. train-images-idx3-ubyte.gz)`, { file: dir });
    throw new DataError('BAD_SPEC', `${dir}: cannot list folder: ${(err as Error).message}`, { file: dir, cause: err });
  }
  const wanted = split === 'train' ? ['train'] : ['t10k', 'test'];
  const sets = new Map<string, Partial<IdxFiles>>();
  for (const name of names.sort()) {
    const m = FILE_RE.exec(name);
    if (!m || !wanted.includes(m[2])) continue;
    const [, pre, , kind, rank] = m;
    if ((kind === 'images') !== (rank === '3')) continue;
    if (prefix !== undefined && pre !== prefix) continue;
    const entry = sets.get(pre) ?? { prefix: pre };
    // Prefer the plain file over the .gz when both exist: it loads without inflating.
    if (kind === 'images' && (!entry.images || !m[5])) entry.images = path.join(dir, name);
    if (kind === 'labels' && (!entry.labels || !m[5])) entry.labels = path.join(dir, name);
    sets.set(pre, entry);
  }
  const complete = [...sets.values()].filter((s): s is IdxFiles => !!s.images && !!s.labels);
  const example = `${prefix ?? ''}${wanted[0]}-images-idx3-ubyte[.gz] and ${prefix ?? ''}${wanted[0]}-labels-idx1-ubyte[.gz]`;
  if (complete.length === 0) {
    throw new DataError('MISSING_PATH', `${dir}: no ${split} split found: expected ${example}`, { file: dir });
  }
  if (complete.length > 1) {
    throw new DataError(
      'BAD_SPEC',
      `${dir}: several IDX sets for the ${split} split (prefixes ${complete.map((s) => JSON.stringify(s.prefix)).join(', ')}): choose one with ?prefix=<prefix>`,
      { file: dir },
    );
  }
  return complete[0];
}

/**
 * Class names, authoritative when a names file exists (a label beyond it is
 * then an error); otherwise one class per label value up to the largest seen.
 */
async function readClassNames(dir: string, prefix: string, numLabels: number): Promise<string[]> {
  const text = prefix === '' ? undefined : await readFile(path.join(dir, `${prefix}mapping.txt`), 'utf8').catch(() => undefined);
  if (text !== undefined) {
    const byLabel = new Map<number, string>();
    for (const line of text.split('\n')) {
      const [label, code] = line.trim().split(/\s+/).map(Number);
      if (Number.isInteger(label) && Number.isInteger(code)) byLabel.set(label, String.fromCharCode(code));
    }
    const count = Math.max(0, ...[...byLabel.keys()].map((k) => k + 1));
    return Array.from({ length: count }, (_, k) => byLabel.get(k) ?? String(k));
  }
  const classes = await readFile(path.join(dir, 'classes.txt'), 'utf8').catch(() => undefined);
  if (classes !== undefined)
    return classes
      .split('\n')
      .map((s) => s.trim())
      .filter((s) => s.length > 0);
  if (numLabels <= FASHION_NAMES.length && /fashion/i.test(path.basename(dir))) return FASHION_NAMES;
  return Array.from({ length: numLabels }, (_, k) => String(k));
}

function transposeImages(data: Uint8Array, count: number, rows: number, cols: number): Uint8Array {
  const out = new Uint8Array(data.length);
  const n = rows * cols;
  for (let i = 0; i < count; i++) {
    const base = i * n;
    for (let y = 0; y < rows; y++) for (let x = 0; x < cols; x++) out[base + x * rows + y] = data[base + y * cols + x];
  }
  return out;
}

export async function openIdx(dir: string, image: ImageSpec, opts: IdxOptions = {}): Promise<Dataset> {
  const split = opts.split ?? 'train';
  const files = await findIdxFiles(dir, split, opts.prefix);
  const images = parseIdx(await readFileBytes(files.images, 'IDX images (magic 00 00 08 03)'), files.images, 3);
  const labels = parseIdx(await readFileBytes(files.labels, 'IDX labels (magic 00 00 08 01)'), files.labels, 1);
  const [count, rows, cols] = images.dims;
  if (labels.dims[0] !== count) {
    throw new DataError('BAD_FORMAT', `${files.labels}: ${labels.dims[0]} labels, expected ${count} to match ${files.images}`, { file: files.labels });
  }
  if (count === 0) throw new DataError('BAD_FORMAT', `${files.images}: holds 0 images, expected at least 1`, { file: files.images });
  let maxLabel = 0;
  for (let i = 0; i < count; i++) if (labels.data[i] > maxLabel) maxLabel = labels.data[i];
  const classNames = await readClassNames(dir, files.prefix, maxLabel + 1);
  const namesFrom = classNames.length > maxLabel ? '' : ` (class names from ${dir}: ${classNames.length})`;
  for (let i = 0; i < count; i++) {
    if (labels.data[i] >= classNames.length) {
      throw new DataError('LABEL_OUT_OF_RANGE', `${files.labels}: record ${i} has label ${labels.data[i]}, expected [0, ${classNames.length})${namesFrom}`, {
        file: files.labels,
        record: i,
      });
    }
  }
  const transposed = files.prefix.toLowerCase().startsWith('emnist');
  const pixels = transposed ? transposeImages(images.data, count, rows, cols) : images.data;
  return createMemoryDataset(
    {
      pixels,
      labels: labels.data,
      shape: { height: rows, width: cols, channels: 1 },
      classNames,
      description: `idx ${files.images} (${split} split, ${count} images ${rows}x${cols}x1, ${classNames.length} classes)`,
    },
    image,
  );
}
