// prepareShards' record order: seeded shuffle by default, source order on request,
// recorded in the manifest and part of the fingerprint (resume / rewrite).

import { readFile, stat, unlink, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Dataset } from './dataset.ts';
import { createMemoryDataset } from './memory-dataset.ts';
import { prepareShards, type PrepareShardsOptions } from './prepare-shards.ts';
import { randomPermutation, SeededRandom } from './seeded-random.ts';
import { openShards } from './shard-dataset.ts';
import { checkManifest, MANIFEST_FILE, manifestOrder, PREPARE_SHUFFLE_STREAM, recordBytesOf, shardFileName, type ShardManifest } from './shard-format.ts';
import { makeTempDir, patternByte } from './testing/fixtures.ts';

const SPEC = { size: 16, channels: 1 } as const;
const IMG = 16 * 16;
const REC = recordBytesOf(SPEC); // 258
const COUNT = 37;
const CLASSES = 5;
const SHARD_BYTES = 8 * REC; // 8 records per shard: 8, 8, 8, 8, 5
const SHARDS = 5;

/** A class-sorted source (labels 0,0,...,1,1,...), every image distinct (its first byte is 31 * i mod 256). */
function sortedSource(reads?: number[][]): { ds: Dataset; pixels: Uint8Array; labels: number[] } {
  const pixels = new Uint8Array(COUNT * IMG);
  for (let i = 0; i < COUNT; i++) for (let j = 0; j < IMG; j++) pixels[i * IMG + j] = patternByte(i, j);
  const labels = Array.from({ length: COUNT }, (_, i) => Math.floor((i * CLASSES) / COUNT));
  const ds = createMemoryDataset({ pixels, labels, shape: { height: 16, width: 16, channels: 1 }, classNames: ['a', 'b', 'c', 'd', 'e'], description: 'sorted (37 images)' }, SPEC);
  if (reads) {
    const read = ds.read.bind(ds);
    ds.read = (indices) => {
      reads.push(Array.from(indices));
      return read(indices);
    };
  }
  return { ds, pixels, labels };
}

/** The bytes a shard record of source record i must hold. */
function sourceRecord(src: { pixels: Uint8Array; labels: number[] }, i: number): Buffer {
  const rec = Buffer.alloc(REC);
  rec.set(src.pixels.subarray(i * IMG, (i + 1) * IMG));
  rec.writeUInt16LE(src.labels[i], IMG);
  return rec;
}

async function shardBytes(dir: string): Promise<Buffer[]> {
  return Promise.all(Array.from({ length: SHARDS }, (_, i) => readFile(path.join(dir, shardFileName(i)))));
}

/** Record j of the shards, concatenated in order. */
async function records(dir: string): Promise<Buffer[]> {
  const all = Buffer.concat(await shardBytes(dir));
  expect(all.length).toBe(COUNT * REC);
  return Array.from({ length: COUNT }, (_, j) => all.subarray(j * REC, (j + 1) * REC));
}

function expectedPerm(seed: number): number[] {
  return Array.from(randomPermutation(COUNT, new SeededRandom(seed, PREPARE_SHUFFLE_STREAM)));
}

const mtimes = (dir: string) => Promise.all(Array.from({ length: SHARDS }, async (_, i) => (await stat(path.join(dir, shardFileName(i)))).mtimeMs));
const tick = () => new Promise((r) => setTimeout(r, 20));

let tmp: { dir: string; cleanup: () => Promise<void> };
beforeAll(async () => {
  tmp = await makeTempDir('prepare-order');
});
afterAll(() => tmp.cleanup());

async function prep(name: string, opts: PrepareShardsOptions = {}): Promise<{ dir: string; manifest: ShardManifest }> {
  const dir = path.join(tmp.dir, name);
  const manifest = await prepareShards(sortedSource().ds, dir, { shardBytes: SHARD_BYTES, ...opts });
  return { dir, manifest };
}

describe('prepareShards record order', () => {
  it('shuffles by default: record j is source record perm[j], every source record exactly once, read in batches', async () => {
    const reads: number[][] = [];
    const src = sortedSource(reads);
    const dir = path.join(tmp.dir, 'default');
    const manifest = await prepareShards(src.ds, dir, { shardBytes: SHARD_BYTES, readBatch: 3 });
    expect(manifest.order).toEqual({ kind: 'shuffled', seed: 0 });
    expect(manifest.shards.map((s) => s.records)).toEqual([8, 8, 8, 8, 5]);
    const perm = expectedPerm(0);
    expect(perm).not.toEqual(Array.from({ length: COUNT }, (_, i) => i));
    const recs = await records(dir);
    recs.forEach((rec, j) => expect(rec.equals(sourceRecord(src, perm[j])), `record ${j} = source ${perm[j]}`).toBe(true));
    // Independently of perm: each record is some source record (image and label), each source record appears once.
    const byFirstByte = new Map(Array.from({ length: COUNT }, (_, i) => [patternByte(i, 0), i]));
    const seen = recs.map((rec) => {
      const i = byFirstByte.get(rec[0])!;
      expect(rec.equals(sourceRecord(src, i))).toBe(true);
      return i;
    });
    expect([...seen].sort((a, b) => a - b)).toEqual(Array.from({ length: COUNT }, (_, i) => i));
    // Consecutive records are no longer sorted by class.
    expect(recs.map((r) => r.readUInt16LE(IMG))).not.toEqual([...src.labels]);
    // Source reads: at most readBatch indices each, scattered, covering perm in order, never crossing a shard.
    expect(reads.every((r) => r.length >= 1 && r.length <= 3)).toBe(true);
    expect(reads.flat()).toEqual(perm);
    expect(reads.length).toBe(4 * Math.ceil(8 / 3) + Math.ceil(5 / 3));
    // The reader serves the shuffled records by position.
    const ds = await openShards(dir, SPEC);
    const got = await ds.read([0, 36, 17]);
    const want = await src.ds.read([perm[0], perm[36], perm[17]]);
    expect(Array.from(got.labels)).toEqual(Array.from(want.labels));
    expect(got.images).toEqual(want.images);
    await ds.close();
  });

  it('is deterministic for a seed and differs for another seed', async () => {
    const a = await prep('seed7a', { seed: 7 });
    const b = await prep('seed7b', { order: 'shuffled', seed: 7 });
    const c = await prep('seed8', { seed: 8 });
    expect(Buffer.concat(await shardBytes(b.dir)).equals(Buffer.concat(await shardBytes(a.dir)))).toBe(true);
    expect(b.manifest.shards).toEqual(a.manifest.shards);
    expect(b.manifest.fingerprint).toBe(a.manifest.fingerprint);
    expect(Buffer.concat(await shardBytes(c.dir)).equals(Buffer.concat(await shardBytes(a.dir)))).toBe(false);
    expect(c.manifest.fingerprint).not.toBe(a.manifest.fingerprint);
    expect(c.manifest.order).toEqual({ kind: 'shuffled', seed: 8 });
    const src = sortedSource();
    for (const [dir, seed] of [
      [a.dir, 7],
      [c.dir, 8],
    ] as const) {
      const perm = expectedPerm(seed);
      (await records(dir)).forEach((rec, j) => expect(rec.equals(sourceRecord(src, perm[j]))).toBe(true));
    }
  });

  it("'source' order keeps record j = source record j", async () => {
    const { dir, manifest } = await prep('source', { order: 'source' });
    expect(manifest.order).toEqual({ kind: 'source' });
    expect(manifestOrder(manifest)).toEqual({ kind: 'source' });
    const src = sortedSource();
    (await records(dir)).forEach((rec, j) => expect(rec.equals(sourceRecord(src, j)), `record ${j}`).toBe(true));
  });

  it('resumes an interrupted shuffled prepare to byte-identical shards', async () => {
    const { dir, manifest } = await prep('resume', { seed: 3 });
    const before = await shardBytes(dir);
    const t0 = await mtimes(dir);
    await tick();
    // A crash while writing shard 2: shards 0, 1, 3, 4 done with their sidecars, no manifest, shard 2 gone.
    await unlink(path.join(dir, MANIFEST_FILE));
    for (const i of [0, 1, 3, 4]) await writeFile(path.join(dir, `${shardFileName(i)}.json`), JSON.stringify({ ...manifest.shards[i], fingerprint: manifest.fingerprint }));
    await unlink(path.join(dir, shardFileName(2)));
    const resumed = await prepareShards(sortedSource().ds, dir, { shardBytes: SHARD_BYTES, seed: 3 });
    expect(resumed).toEqual(manifest);
    const t1 = await mtimes(dir);
    expect([t1[0], t1[1], t1[3], t1[4]]).toEqual([t0[0], t0[1], t0[3], t0[4]]); // skipped
    expect(t1[2]).not.toBe(t0[2]); // rewritten...
    const after = await shardBytes(dir);
    after.forEach((b, i) => expect(b.equals(before[i]), `shard ${i}`).toBe(true)); // ...to the same bytes
    // Without any sidecar (manifest and a shard deleted), everything is rewritten to the same bytes too.
    await unlink(path.join(dir, MANIFEST_FILE));
    await unlink(path.join(dir, shardFileName(4)));
    expect(await prepareShards(sortedSource().ds, dir, { shardBytes: SHARD_BYTES, seed: 3 })).toEqual(manifest);
    (await shardBytes(dir)).forEach((b, i) => expect(b.equals(before[i]), `shard ${i}`).toBe(true));
  });

  it('a re-run with the same order and seed is a no-op; another order or seed rewrites', async () => {
    const { dir, manifest } = await prep('rewrite', { seed: 1 });
    const seed1 = Buffer.concat(await shardBytes(dir));
    const t0 = await mtimes(dir);
    await tick();
    expect(await prepareShards(sortedSource().ds, dir, { shardBytes: SHARD_BYTES, seed: 1 })).toEqual(manifest);
    expect(await mtimes(dir)).toEqual(t0);

    const m2 = await prepareShards(sortedSource().ds, dir, { shardBytes: SHARD_BYTES, seed: 2 });
    expect(m2.order).toEqual({ kind: 'shuffled', seed: 2 });
    expect(m2.fingerprint).not.toBe(manifest.fingerprint);
    const seed2 = Buffer.concat(await shardBytes(dir));
    expect(seed2.equals(seed1)).toBe(false);
    const perm2 = expectedPerm(2);
    const src = sortedSource();
    (await records(dir)).forEach((rec, j) => expect(rec.equals(sourceRecord(src, perm2[j]))).toBe(true));

    const ms = await prepareShards(sortedSource().ds, dir, { shardBytes: SHARD_BYTES, order: 'source' });
    expect(ms.order).toEqual({ kind: 'source' });
    (await records(dir)).forEach((rec, j) => expect(rec.equals(sourceRecord(src, j))).toBe(true));

    // Sidecars of an interrupted seed-2 prepare must not be reused by a seed-1 run.
    await prepareShards(sortedSource().ds, dir, { shardBytes: SHARD_BYTES, seed: 2 });
    await unlink(path.join(dir, MANIFEST_FILE));
    for (let i = 0; i < SHARDS; i++) await writeFile(path.join(dir, `${shardFileName(i)}.json`), JSON.stringify({ ...m2.shards[i], fingerprint: m2.fingerprint }));
    expect(await prepareShards(sortedSource().ds, dir, { shardBytes: SHARD_BYTES, seed: 1 })).toEqual(manifest);
    expect(Buffer.concat(await shardBytes(dir)).equals(seed1)).toBe(true);
  });

  it('records the order in the manifest: round-trips, a missing field means source order, a bad one is rejected', async () => {
    const { dir, manifest } = await prep('manifest', { seed: 12345 });
    const file = path.join(dir, MANIFEST_FILE);
    const onDisk = JSON.parse(await readFile(file, 'utf8')) as ShardManifest;
    expect(onDisk.order).toEqual({ kind: 'shuffled', seed: 12345 });
    expect(checkManifest(onDisk, file)).toEqual(manifest);
    expect(manifestOrder(checkManifest({ ...onDisk, order: { kind: 'source' } }, file))).toEqual({ kind: 'source' });

    const { order: _, ...old } = onDisk;
    expect(manifestOrder(checkManifest(old, file))).toEqual({ kind: 'source' });

    const bad: unknown[] = [
      null,
      'shuffled',
      [],
      {},
      { kind: 'random', seed: 1 },
      { kind: 'shuffled' },
      { kind: 'shuffled', seed: -1 },
      { kind: 'shuffled', seed: 1.5 },
      { kind: 'shuffled', seed: '1' },
      { kind: 'shuffled', seed: 2 ** 53 },
      { kind: 'source', seed: 1 },
    ];
    for (const order of bad) {
      expect(() => checkManifest({ ...onDisk, order }, file), JSON.stringify(order)).toThrow(
        expect.objectContaining({ code: 'BAD_FORMAT', message: expect.stringContaining(`order ${JSON.stringify(order)}, expected`) }),
      );
    }
    await writeFile(file, JSON.stringify({ ...onDisk, order: { kind: 'shuffled', seed: -4 } }));
    await expect(openShards(dir, SPEC)).rejects.toMatchObject({ code: 'BAD_FORMAT', file, message: expect.stringContaining('"seed":-4') });
  });

  it('keeps a folder written before the order existed (no field, source order) on a source-order re-run', async () => {
    const { dir, manifest } = await prep('legacy', { order: 'source' });
    const file = path.join(dir, MANIFEST_FILE);
    const { order: _, ...legacy } = manifest;
    // What prepare wrote for this fixture before the order option existed (same shards, no `order`).
    expect(legacy.fingerprint).toBe('44dc5ba07b2b93f52a632a97216169e4');
    expect(legacy.shards[4].sha256).toBe('1d23b97faa46408be5fa05050f529d4b0259b7cc7ce40f4f0080a3f0e4e2907c');
    await writeFile(file, `${JSON.stringify(legacy, null, 2)}\n`);
    const t0 = await mtimes(dir);
    await tick();
    const again = await prepareShards(sortedSource().ds, dir, { shardBytes: SHARD_BYTES, order: 'source' });
    expect(again).toEqual(legacy);
    expect(await mtimes(dir)).toEqual(t0);
    // The default (shuffled) rewrites it.
    const shuffled = await prepareShards(sortedSource().ds, dir, { shardBytes: SHARD_BYTES });
    expect(shuffled.order).toEqual({ kind: 'shuffled', seed: 0 });
    const perm = expectedPerm(0);
    const src = sortedSource();
    (await records(dir)).forEach((rec, j) => expect(rec.equals(sourceRecord(src, perm[j]))).toBe(true));
  });

  it('rejects a bad seed or order, naming the value, before writing anything', async () => {
    const cases: [PrepareShardsOptions, string][] = [
      [{ seed: -1 }, 'seed -1'],
      [{ seed: 1.5 }, 'seed 1.5'],
      [{ seed: Number.NaN }, 'seed NaN'],
      [{ seed: 2 ** 53 }, `seed ${2 ** 53}`],
      [{ seed: '3' as unknown as number }, 'seed "3"'],
      [{ order: 'random' as 'source' }, 'order "random"'],
    ];
    for (const [opts, named] of cases) {
      const dir = path.join(tmp.dir, 'bad', String(cases.findIndex((c) => c[0] === opts)));
      await expect(prepareShards(sortedSource().ds, dir, opts), JSON.stringify(opts)).rejects.toMatchObject({ code: 'BAD_ARGUMENT', message: expect.stringContaining(named) });
      await expect(stat(dir)).rejects.toMatchObject({ code: 'ENOENT' });
    }
  });
});

describe('prepareShards into a folder that holds shards', () => {
  it("refuses another dataset's shards (another source or image size), naming both, unless told to overwrite; the same source with other options is rewritten", async () => {
    const { dir, manifest } = await prep('in-use');
    const before = await shardBytes(dir);
    const other = createMemoryDataset(
      { pixels: new Uint8Array(3 * IMG), labels: [0, 1, 0], shape: { height: 16, width: 16, channels: 1 }, classNames: ['x', 'y'], description: 'other (3 images)' },
      SPEC,
    );
    await expect(prepareShards(other, dir, { shardBytes: SHARD_BYTES })).rejects.toThrow(
      `${dir} holds the shards of another dataset (sorted (37 images), 37 records at 16x16x1); this is other (3 images) at 16x16x1: prepare into another folder, or pass --overwrite to replace them`,
    );
    const bigger = createMemoryDataset(
      {
        pixels: sortedSource().pixels,
        labels: sortedSource().labels,
        shape: { height: 16, width: 16, channels: 1 },
        classNames: ['a', 'b', 'c', 'd', 'e'],
        description: 'sorted (37 images)',
      },
      { size: 32, channels: 1 },
    );
    await expect(prepareShards(bigger, dir, { shardBytes: SHARD_BYTES })).rejects.toThrow(/this is sorted \(37 images\) at 32x32x1/);
    // Nothing was touched.
    expect(await shardBytes(dir)).toEqual(before);
    expect(checkManifest(JSON.parse(await readFile(path.join(dir, MANIFEST_FILE), 'utf8')), dir).fingerprint).toBe(manifest.fingerprint);
    // Same source, another seed: a re-prepare, allowed.
    expect((await prepareShards(sortedSource().ds, dir, { shardBytes: SHARD_BYTES, seed: 5 })).order).toEqual({ kind: 'shuffled', seed: 5 });
    expect((await prepareShards(other, dir, { shardBytes: SHARD_BYTES, overwrite: true })).source).toBe('other (3 images)');
  });
});
