// The project's packed dataset format ("shards"), shared by the writer
// (prepare-shards.ts), the reader (shard-dataset.ts) and its worker thread.
//
// A shards folder holds shard-00000.bin, shard-00001.bin, ... and manifest.json.
// Every shard is a plain concatenation of fixed-size records; a record is
//   image: size*size*channels uint8, HWC, row-major (pixel value = (x + 1) * 127.5)
//   label: uint16 little-endian (so up to 65,536 classes)
// so record i of the dataset sits in shard floor(i / recordsPerShard) at byte
// (i % recordsPerShard) * recordBytes, and is read by position. Every shard
// but the last holds exactly recordsPerShard records. manifest.json (written
// last, atomically) is what makes a folder valid; it lists each shard's
// record count, byte length and sha256.
//
// Record order: prepare writes by default a seeded random permutation of the
// source (record j of the shards = source record perm[j]), recorded in the
// manifest's optional `order` field; a manifest without it (older prepares, or
// a re-run of one in source order) holds the source's order.

import { DataError } from './errors.ts';
import { imageBytes, type ImageSpec } from './image-spec.ts';

export const SHARD_FORMAT = 'acgan-shards';
export const SHARD_FORMAT_VERSION = 1;
export const MANIFEST_FILE = 'manifest.json';
export const LABEL_BYTES = 2;
export const DEFAULT_SHARD_BYTES = 64 * 1024 * 1024;
/** Second SeededRandom seed of prepare's shuffle, so its stream differs from the sampler's for the same seed. */
export const PREPARE_SHUFFLE_STREAM = 0x5eed;

export interface ShardEntry {
  file: string;
  records: number;
  bytes: number;
  sha256: string;
}

/**
 * How the shards' records are ordered relative to the source: 'source' means
 * record j = source record j; 'shuffled' means record j = source record perm[j]
 * with perm = randomPermutation(count, new SeededRandom(seed, PREPARE_SHUFFLE_STREAM)).
 */
export type ShardManifestOrder = { kind: 'source' } | { kind: 'shuffled'; seed: number };

export interface ShardManifest {
  format: typeof SHARD_FORMAT;
  version: number;
  count: number;
  image: ImageSpec;
  recordBytes: number;
  labelEncoding: 'uint16le';
  recordsPerShard: number;
  numClasses: number;
  classNames: string[];
  /** The source dataset's description. */
  source: string;
  /** Record order relative to the source; absent means source order (manifests written before the field existed). */
  order?: ShardManifestOrder;
  /** Hash of everything that decides the shards' content; prepare resumes only on a match. */
  fingerprint: string;
  shards: ShardEntry[];
}

export function shardFileName(index: number): string {
  return `shard-${String(index).padStart(5, '0')}.bin`;
}

export function recordBytesOf(spec: ImageSpec): number {
  return imageBytes(spec) + LABEL_BYTES;
}

function fail(file: string, what: string): never {
  throw new DataError('BAD_FORMAT', `${file}: ${what}`, { file });
}

/** The manifest's record order, treating a missing field as source order. */
export function manifestOrder(m: ShardManifest): ShardManifestOrder {
  return m.order ?? { kind: 'source' };
}

function checkOrder(order: unknown, file: string): void {
  const o = order as Record<string, unknown> | null;
  const ok =
    typeof o === 'object' &&
    o !== null &&
    !Array.isArray(o) &&
    ((o.kind === 'source' && Object.keys(o).length === 1) || (o.kind === 'shuffled' && Object.keys(o).length === 2 && Number.isSafeInteger(o.seed) && (o.seed as number) >= 0));
  if (!ok) fail(file, `order ${JSON.stringify(order)}, expected {"kind":"source"} or {"kind":"shuffled","seed":<non-negative integer>}`);
}

/** Checks a parsed manifest's shape and internal consistency. */
export function checkManifest(m: unknown, file: string): ShardManifest {
  if (typeof m !== 'object' || m === null) fail(file, 'expected a JSON object');
  const o = m as Record<string, unknown>;
  if (o.format !== SHARD_FORMAT) fail(file, `format ${JSON.stringify(o.format)}, expected "${SHARD_FORMAT}"`);
  if (o.version !== SHARD_FORMAT_VERSION) fail(file, `version ${JSON.stringify(o.version)}, expected ${SHARD_FORMAT_VERSION}`);
  const image = o.image as ImageSpec | undefined;
  if (!image || !Number.isInteger(image.size) || image.size <= 0 || (image.channels !== 1 && image.channels !== 3)) {
    fail(file, `image ${JSON.stringify(image)}, expected { size, channels: 1 | 3 }`);
  }
  const ints = ['count', 'recordBytes', 'recordsPerShard', 'numClasses'] as const;
  for (const k of ints) if (!Number.isInteger(o[k]) || (o[k] as number) < (k === 'count' ? 0 : 1)) fail(file, `${k} ${JSON.stringify(o[k])}, expected a positive integer`);
  if (o.recordBytes !== recordBytesOf(image))
    fail(file, `recordBytes ${o.recordBytes}, expected ${recordBytesOf(image)} for ${image.size}x${image.size}x${image.channels} + uint16 label`);
  if (o.labelEncoding !== 'uint16le') fail(file, `labelEncoding ${JSON.stringify(o.labelEncoding)}, expected "uint16le"`);
  if (!Array.isArray(o.classNames) || o.classNames.length !== o.numClasses) fail(file, `classNames must list numClasses (${o.numClasses}) names`);
  if (o.order !== undefined) checkOrder(o.order, file);
  if (!Array.isArray(o.shards)) fail(file, 'shards must be an array');
  const man = o as unknown as ShardManifest;
  let total = 0;
  man.shards.forEach((s, i) => {
    const last = i === man.shards.length - 1;
    if (s.file !== shardFileName(i)) fail(file, `shard ${i} is named ${JSON.stringify(s.file)}, expected "${shardFileName(i)}"`);
    if (!Number.isInteger(s.records) || s.records < 1 || s.records > man.recordsPerShard || (!last && s.records !== man.recordsPerShard)) {
      fail(file, `shard ${s.file} has ${s.records} records, expected ${last ? `1..${man.recordsPerShard}` : man.recordsPerShard}`);
    }
    if (s.bytes !== s.records * man.recordBytes) fail(file, `shard ${s.file} lists ${s.bytes} bytes, expected ${s.records} x ${man.recordBytes}`);
    if (typeof s.sha256 !== 'string' || !/^[0-9a-f]{64}$/.test(s.sha256)) fail(file, `shard ${s.file} sha256 ${JSON.stringify(s.sha256)}, expected 64 hex digits`);
    total += s.records;
  });
  if (total !== man.count) fail(file, `shards hold ${total} records, expected count ${man.count}`);
  return man;
}
