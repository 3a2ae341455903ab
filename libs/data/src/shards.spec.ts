import { readdir, readFile, stat, truncate, unlink, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createBatchStream } from './batch-stream.ts';
import { DistributedSampler } from './distributed-sampler.ts';
import { prepareShards } from './prepare-shards.ts';
import { openShards } from './shard-dataset.ts';
import { MANIFEST_FILE, recordBytesOf, shardFileName, type ShardManifest } from './shard-format.ts';
import { makeTempDir, patternDataset } from './testing/fixtures.ts';

const SPEC = { size: 16, channels: 3 } as const;
const REC = recordBytesOf(SPEC); // 770
let tmp: { dir: string; cleanup: () => Promise<void> };
beforeAll(async () => {
  tmp = await makeTempDir('shards');
});
afterAll(() => tmp.cleanup());

async function prepared(name: string, count = 25, shardBytes = 10 * REC + 5): Promise<{ dir: string; manifest: ShardManifest }> {
  const dir = path.join(tmp.dir, name);
  const manifest = await prepareShards(patternDataset(count, 16, 3), dir, { shardBytes, order: 'source' });
  return { dir, manifest };
}

describe('prepareShards + openShards', () => {
  it('round-trips every record exactly, in bounded shards with a manifest', async () => {
    const progress: number[] = [];
    const dir = path.join(tmp.dir, 'rt');
    const source = patternDataset(25, 16, 3);
    const manifest = await prepareShards(source, dir, { shardBytes: 10 * REC + 5, onProgress: (done, total) => progress.push(done / total), readBatch: 4, order: 'source' });
    expect(manifest.recordsPerShard).toBe(10);
    expect(manifest.shards.map((s) => s.records)).toEqual([10, 10, 5]);
    expect(manifest.recordBytes).toBe(16 * 16 * 3 + 2);
    expect(progress.at(-1)).toBe(1);
    expect((await readdir(dir)).sort()).toEqual([MANIFEST_FILE, shardFileName(0), shardFileName(1), shardFileName(2)]);
    const ds = await openShards(dir, SPEC);
    expect(ds.size).toBe(25);
    expect(ds.classNames).toEqual(source.classNames);
    const idx = [24, 0, 13, 9, 10, 13];
    const got = await ds.read(idx);
    const want = await source.read(idx);
    expect(Array.from(got.labels)).toEqual(Array.from(want.labels));
    expect(got.images).toEqual(want.images);
    await ds.verify();
    await ds.close();
    await expect(ds.read([0])).rejects.toMatchObject({ code: 'CLOSED' });
  });

  it('stores the label as uint16 little-endian after the image bytes', async () => {
    const dir = path.join(tmp.dir, 'labels300');
    await prepareShards(patternDataset(3, 16, 1, 300), dir, { order: 'source' });
    const bytes = await readFile(path.join(dir, shardFileName(0)));
    const rec = 16 * 16 + 2;
    expect(bytes.length).toBe(3 * rec);
    expect(bytes.readUInt16LE(2 * rec + 256)).toBe(2);
    const ds = await openShards(dir, { size: 16, channels: 1 }, { threads: 2 });
    expect(ds.numClasses).toBe(300);
    await ds.close();
  });

  it('is idempotent and resumes: only missing or damaged shards are rewritten', async () => {
    const { dir, manifest } = await prepared('resume');
    const mtime = async (i: number) => (await stat(path.join(dir, shardFileName(i)))).mtimeMs;
    const before = [await mtime(0), await mtime(1), await mtime(2)];
    await new Promise((r) => setTimeout(r, 20));
    const again = await prepareShards(patternDataset(25, 16, 3), dir, { shardBytes: 10 * REC + 5, order: 'source' });
    expect(again.shards).toEqual(manifest.shards);
    expect([await mtime(0), await mtime(1), await mtime(2)]).toEqual(before);
    // Simulate a crash while writing shard 1 of a fresh run: manifest gone, shard 1 half-written.
    await unlink(path.join(dir, MANIFEST_FILE));
    await writeFile(path.join(dir, `${shardFileName(0)}.json`), JSON.stringify({ ...manifest.shards[0], fingerprint: manifest.fingerprint }));
    await truncate(path.join(dir, shardFileName(1)), 100);
    await expect(openShards(dir, SPEC)).rejects.toMatchObject({ code: 'MISSING_PATH', message: expect.stringContaining('unfinished prepare') });
    const resumed = await prepareShards(patternDataset(25, 16, 3), dir, { shardBytes: 10 * REC + 5, order: 'source' });
    expect(resumed.shards).toEqual(manifest.shards);
    expect(await mtime(0)).toBe(before[0]);
    expect(await mtime(1)).not.toBe(before[1]);
    expect((await readdir(dir)).filter((n) => n.endsWith('.json') && n !== MANIFEST_FILE)).toEqual([]);
  });

  it('rejects shards of a different image size, naming both', async () => {
    const { dir } = await prepared('spec');
    await expect(openShards(dir, { size: 32, channels: 3 })).rejects.toMatchObject({
      code: 'SPEC_MISMATCH',
      message: expect.stringMatching(/16x16x3 images, expected 32x32x3/),
    });
    await expect(openShards(dir, { size: 16, channels: 1 })).rejects.toMatchObject({ code: 'SPEC_MISMATCH' });
  });

  it('rejects a truncated shard at open and a checksum mismatch at verify', async () => {
    const { dir } = await prepared('damage');
    const shard1 = path.join(dir, shardFileName(1));
    const good = await readFile(shard1);
    const flipped = Buffer.from(good);
    flipped[1234] ^= 0xff;
    await writeFile(shard1, flipped);
    const ds = await openShards(dir, SPEC);
    await expect(ds.verify()).rejects.toMatchObject({ code: 'CHECKSUM_MISMATCH', file: shard1, message: expect.stringContaining('expected') });
    await ds.close();
    await expect(openShards(dir, SPEC, { verify: true })).rejects.toMatchObject({ code: 'CHECKSUM_MISMATCH' });
    await writeFile(shard1, good.subarray(0, good.length - 1));
    await expect(openShards(dir, SPEC)).rejects.toMatchObject({ code: 'TRUNCATED', file: shard1, message: expect.stringContaining(`expected ${10 * REC}`) });
    await unlink(shard1);
    await expect(openShards(dir, SPEC)).rejects.toMatchObject({ code: 'MISSING_PATH', file: shard1 });
  });

  it('rejects a label out of range at read, naming the shard and record', async () => {
    const { dir } = await prepared('badlabel');
    const shard2 = path.join(dir, shardFileName(2));
    const bytes = await readFile(shard2);
    bytes.writeUInt16LE(77, 3 * REC + 16 * 16 * 3);
    await writeFile(shard2, bytes);
    const ds = await openShards(dir, SPEC);
    await expect(ds.read([0, 23])).rejects.toMatchObject({
      code: 'LABEL_OUT_OF_RANGE',
      file: shard2,
      record: 3,
      message: expect.stringContaining('label 77, expected [0, 10)'),
    });
    // The reader thread survives a bad record.
    expect((await ds.read([0])).labels[0]).toBe(0);
    await ds.close();
  });

  it('rejects a missing folder and a corrupt manifest', async () => {
    await expect(openShards(path.join(tmp.dir, 'absent'), SPEC)).rejects.toMatchObject({ code: 'MISSING_PATH' });
    const { dir } = await prepared('badmanifest');
    const file = path.join(dir, MANIFEST_FILE);
    const m = JSON.parse(await readFile(file, 'utf8')) as ShardManifest;
    await writeFile(file, JSON.stringify({ ...m, count: 99 }));
    await expect(openShards(dir, SPEC)).rejects.toMatchObject({ code: 'BAD_FORMAT', file, message: expect.stringContaining('expected count 99') });
    await writeFile(file, '{"format": ');
    await expect(openShards(dir, SPEC)).rejects.toMatchObject({ code: 'BAD_FORMAT', message: expect.stringContaining('not valid JSON') });
  });

  it('serves many concurrent reads across reader threads correctly', async () => {
    const { dir } = await prepared('concurrent', 60);
    const source = patternDataset(60, 16, 3);
    const ds = await openShards(dir, SPEC, { threads: 3 });
    const batches = Array.from({ length: 12 }, (_, b) => Array.from({ length: 7 }, (_, i) => (b * 13 + i * 17) % 60));
    const got = await Promise.all(batches.map((idx) => ds.read(idx)));
    for (let b = 0; b < batches.length; b++) expect(got[b].images).toEqual((await source.read(batches[b])).images);
    await ds.close();
  });

  it('propagates a bad record through the batch stream at its step (no skip, no hang)', async () => {
    const { dir } = await prepared('streambad', 40);
    const ds = await openShards(dir, SPEC);
    const sampler = new DistributedSampler({ datasetSize: 40, globalBatch: 8, seed: 3, shuffle: false });
    // Truncate the last shard after open: records 30..39 are gone, step 3 reads 24..31.
    await truncate(path.join(dir, shardFileName(3)), 0);
    const stream = createBatchStream(ds, sampler, { rank: 0, worldSize: 1, startStep: 1, prefetch: 2 });
    expect((await stream.next()).step).toBe(1);
    expect((await stream.next()).step).toBe(2);
    await expect(stream.next()).rejects.toMatchObject({ code: 'TRUNCATED', file: path.join(dir, shardFileName(3)), record: 0 });
    await stream.close();
    await ds.close();
  });
});
