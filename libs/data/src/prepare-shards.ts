// Packs any Dataset into the shards format (see shard-format.ts), crash-safe
// and resumable:
// - each shard is written to a temp name, fsynced and renamed, then a sidecar
//   <shard>.json with its checksum is written the same way;
// - manifest.json is written last, atomically; until then the folder does not
//   open as a dataset, so a half-written shard never looks valid;
// - a re-run with the same source and layout (same fingerprint) skips every
//   shard whose file still hashes to its recorded sha256 (from the manifest or
//   a sidecar), so an interrupted prepare resumes and a finished one is a no-op.
// By default the records are written in a seeded random order (record j of the
// shards = source record perm[j]), so that consecutive records are unrelated
// even when the source is sorted by class, which block-wise (quasi-random)
// sampling of contiguous runs of records relies on. The order and seed are part
// of the fingerprint and recorded in the manifest.

import { createHash } from 'node:crypto';
import { mkdir, open, readdir, readFile, rename, stat, unlink } from 'node:fs/promises';
import path from 'node:path';
import type { Dataset } from './dataset.ts';
import { fsyncDir, sha256File, tempNameFor, writeFileAtomic } from './atomic-file.ts';
import { DataError } from './errors.ts';
import { imageBytes, type ImageSpec } from './image-spec.ts';
import { randomPermutation, SeededRandom } from './seeded-random.ts';
import {
  checkManifest,
  DEFAULT_SHARD_BYTES,
  LABEL_BYTES,
  MANIFEST_FILE,
  PREPARE_SHUFFLE_STREAM,
  recordBytesOf,
  SHARD_FORMAT,
  SHARD_FORMAT_VERSION,
  shardFileName,
  type ShardEntry,
  type ShardManifest,
  type ShardManifestOrder,
} from './shard-format.ts';

export type ShardOrder = 'shuffled' | 'source';

export interface PrepareShardsOptions {
  /** Upper bound of one shard file's size in bytes (default 64 MiB; at least one record). */
  shardBytes?: number;
  /** Called after each chunk with records done (skipped shards count as done) and the total. */
  onProgress?: (done: number, total: number) => void;
  /** Records asked from the source per read (default 256). */
  readBatch?: number;
  /**
   * Record order of the shards (default 'shuffled'): 'shuffled' writes source record
   * perm[j] as record j, perm = randomPermutation(count, new SeededRandom(seed,
   * PREPARE_SHUFFLE_STREAM)); 'source' keeps the source's order.
   */
  order?: ShardOrder;
  /** Seed of the 'shuffled' order (default 0): a non-negative safe integer. Ignored for 'source'. */
  seed?: number;
  /** Replace the shards of another dataset (another source or image spec) found in outDir; without it that is refused. */
  overwrite?: boolean;
}

interface Sidecar extends ShardEntry {
  fingerprint: string;
}

const SHARD_RE = /^shard-\d{5,}\.bin(\.json)?$/;

const sameSpec = (a: ImageSpec, b: ImageSpec): boolean => a.size === b.size && a.channels === b.channels;

async function readJson(file: string): Promise<unknown> {
  return JSON.parse(await readFile(file, 'utf8')) as unknown;
}

/** True when `file` exists with `entry.bytes` bytes hashing to `entry.sha256`. */
async function shardIsIntact(file: string, entry: ShardEntry): Promise<boolean> {
  const st = await stat(file).catch(() => undefined);
  if (!st || st.size !== entry.bytes) return false;
  return (await sha256File(file)) === entry.sha256;
}

export async function prepareShards(source: Dataset, outDir: string, opts: PrepareShardsOptions = {}): Promise<ShardManifest> {
  const spec = source.spec;
  const recordBytes = recordBytesOf(spec);
  const shardBytes = opts.shardBytes ?? DEFAULT_SHARD_BYTES;
  if (!Number.isFinite(shardBytes) || shardBytes <= 0) throw new DataError('BAD_ARGUMENT', `prepareShards: shardBytes ${shardBytes}, expected a positive number of bytes`);
  if (source.numClasses > 1 << (8 * LABEL_BYTES)) throw new DataError('BAD_ARGUMENT', `prepareShards: ${source.numClasses} classes, the uint16 label holds at most 65536`);
  if (source.size < 1) throw new DataError('BAD_ARGUMENT', `prepareShards: source ${source.description} is empty, expected at least 1 record`);
  const readBatch = opts.readBatch ?? 256;
  const orderKind = opts.order ?? 'shuffled';
  if (orderKind !== 'shuffled' && orderKind !== 'source') throw new DataError('BAD_ARGUMENT', `prepareShards: order ${JSON.stringify(orderKind)}, expected "shuffled" or "source"`);
  const seed = opts.seed ?? 0;
  if (!Number.isSafeInteger(seed) || seed < 0)
    throw new DataError('BAD_ARGUMENT', `prepareShards: seed ${typeof seed === 'number' ? String(seed) : JSON.stringify(seed)}, expected a non-negative integer up to 2^53 - 1`);
  const order: ShardManifestOrder = orderKind === 'shuffled' ? { kind: 'shuffled', seed } : { kind: 'source' };
  const recordsPerShard = Math.max(1, Math.floor(shardBytes / recordBytes));
  const count = source.size;
  const shardCount = Math.ceil(count / recordsPerShard);
  // Source order hashes exactly as before the order existed, so folders prepared
  // then are still recognised (their manifests lack `order`, meaning source order).
  const fingerprintInputs: unknown[] = [SHARD_FORMAT_VERSION, count, spec, recordsPerShard, source.classNames, source.description];
  if (order.kind === 'shuffled') fingerprintInputs.push(order);
  const fingerprint = createHash('sha256').update(JSON.stringify(fingerprintInputs)).digest('hex').slice(0, 32);
  // Record j of the shards is source record perm[j] (identity for source order).
  const perm = order.kind === 'shuffled' ? randomPermutation(count, new SeededRandom(order.seed, PREPARE_SHUFFLE_STREAM)) : undefined;

  await mkdir(outDir, { recursive: true });
  const manifestFile = path.join(outDir, MANIFEST_FILE);
  const known = new Map<string, ShardEntry>();
  const old = await readJson(manifestFile).catch(() => undefined);
  if (old !== undefined) {
    const oldManifest = (() => {
      try {
        return checkManifest(old, manifestFile);
      } catch {
        return undefined;
      }
    })();
    if (oldManifest && !opts.overwrite && (oldManifest.source !== source.description || !sameSpec(oldManifest.image, spec))) {
      const held = `${oldManifest.source}, ${oldManifest.count} records at ${oldManifest.image.size}x${oldManifest.image.size}x${oldManifest.image.channels}`;
      throw new DataError(
        'OUTPUT_IN_USE',
        `${outDir} holds the shards of another dataset (${held}); this is ${source.description} at ${spec.size}x${spec.size}x${spec.channels}: prepare into another folder, or pass --overwrite to replace them`,
        { file: manifestFile },
      );
    }
    if (oldManifest?.fingerprint === fingerprint) {
      let intact = true;
      for (const s of oldManifest.shards) intact &&= await shardIsIntact(path.join(outDir, s.file), s);
      if (intact) {
        // Already complete: leave the folder untouched so readers are not disturbed.
        opts.onProgress?.(count, count);
        return oldManifest;
      }
      for (const s of oldManifest.shards) known.set(s.file, s);
    }
    // From here on shards may change: the old manifest must not vouch for them.
    await unlink(manifestFile);
    await fsyncDir(outDir);
  }
  for (let i = 0; i < shardCount; i++) {
    const sidecar = (await readJson(path.join(outDir, `${shardFileName(i)}.json`)).catch(() => undefined)) as Sidecar | undefined;
    if (sidecar?.fingerprint === fingerprint && sidecar.file === shardFileName(i)) known.set(sidecar.file, sidecar);
  }

  const shards: ShardEntry[] = [];
  let done = 0;
  const imgLen = imageBytes(spec);
  for (let i = 0; i < shardCount; i++) {
    const first = i * recordsPerShard;
    const records = Math.min(recordsPerShard, count - first);
    const name = shardFileName(i);
    const file = path.join(outDir, name);
    const prior = known.get(name);
    if (prior && prior.records === records && (await shardIsIntact(file, prior))) {
      shards.push({ file: name, records, bytes: prior.bytes, sha256: prior.sha256 });
      done += records;
      opts.onProgress?.(done, count);
      continue;
    }
    const tmp = tempNameFor(file);
    const fh = await open(tmp, 'w');
    const hash = createHash('sha256');
    try {
      for (let at = first; at < first + records; at += readBatch) {
        const n = Math.min(readBatch, first + records - at);
        const indices = new Uint32Array(n);
        for (let j = 0; j < n; j++) indices[j] = perm ? perm[at + j] : at + j;
        const { images, labels } = await source.read(indices);
        const buf = Buffer.allocUnsafe(n * recordBytes);
        for (let j = 0; j < n; j++) {
          const o = j * recordBytes;
          const src = j * imgLen;
          for (let p = 0; p < imgLen; p++) {
            // Inverse of x / 127.5 - 1, rounded: exact for images that came from uint8.
            const v = Math.round((images[src + p] + 1) * 127.5);
            buf[o + p] = v < 0 ? 0 : v > 255 ? 255 : v;
          }
          const label = labels[j];
          if (!(label >= 0 && label < source.numClasses)) {
            throw new DataError('LABEL_OUT_OF_RANGE', `${source.description}: record ${indices[j]} has label ${label}, expected [0, ${source.numClasses})`, { record: indices[j] });
          }
          buf.writeUInt16LE(label, o + imgLen);
        }
        hash.update(buf);
        await fh.write(buf, 0, buf.length);
        done += n;
        opts.onProgress?.(done, count);
      }
      await fh.sync();
    } catch (err) {
      await fh.close();
      await unlink(tmp).catch(() => undefined);
      throw err;
    }
    await fh.close();
    await rename(tmp, file);
    const entry: ShardEntry = { file: name, records, bytes: records * recordBytes, sha256: hash.digest('hex') };
    await writeFileAtomic(`${file}.json`, JSON.stringify({ ...entry, fingerprint } satisfies Sidecar));
    shards.push(entry);
  }

  const manifest: ShardManifest = {
    format: SHARD_FORMAT,
    version: SHARD_FORMAT_VERSION,
    count,
    image: { size: spec.size, channels: spec.channels },
    recordBytes,
    labelEncoding: 'uint16le',
    recordsPerShard,
    numClasses: source.numClasses,
    classNames: source.classNames,
    source: source.description,
    order,
    fingerprint,
    shards,
  };
  await writeFileAtomic(manifestFile, `${JSON.stringify(manifest, null, 2)}\n`);
  // The manifest now carries every checksum: drop sidecars, shards of an older
  // larger layout, and temp files of interrupted runs.
  for (const name of await readdir(outDir)) {
    const sidecarOrStale = SHARD_RE.test(name) && (name.endsWith('.json') || Number(name.slice(6, -4)) >= shardCount);
    if (sidecarOrStale || /^shard-\d+\.bin(\.json)?\.tmp-\d+$/.test(name)) await unlink(path.join(outDir, name)).catch(() => undefined);
  }
  return manifest;
}
