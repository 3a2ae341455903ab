import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ShardDataset } from './shard-dataset.ts';
import { openDataset, parseDatasetSpec } from './open-dataset.ts';
import { prepareShards } from './prepare-shards.ts';
import { makeTempDir, patternDataset, writeIdxSet } from './testing/fixtures.ts';

const SPEC = { size: 32, channels: 1 } as const;
let tmp: { dir: string; cleanup: () => Promise<void> };
beforeAll(async () => {
  tmp = await makeTempDir('open');
});
afterAll(() => tmp.cleanup());

describe('openDataset', () => {
  it('parses kind, path and options', () => {
    expect(parseDatasetSpec('mnist')).toEqual({ kind: 'mnist', path: '', params: {} });
    expect(parseDatasetSpec('idx:/a/b?split=test&prefix=emnist-x-')).toEqual({ kind: 'idx', path: '/a/b', params: { split: 'test', prefix: 'emnist-x-' } });
    expect(parseDatasetSpec('shards:/x:y')).toEqual({ kind: 'shards', path: '/x:y', params: {} });
  });

  it('rejects unknown kinds, missing paths, unknown options and conflicting splits', async () => {
    await expect(openDataset('imagenet:/x', SPEC)).rejects.toMatchObject({ code: 'UNKNOWN_KIND', message: expect.stringContaining("unknown kind 'imagenet'") });
    await expect(openDataset('idx:', SPEC)).rejects.toMatchObject({ code: 'BAD_SPEC' });
    await expect(openDataset('mnist:/x', SPEC)).rejects.toMatchObject({ code: 'BAD_SPEC' });
    await expect(openDataset('idx:/x?splt=test', SPEC)).rejects.toMatchObject({ code: 'BAD_SPEC', message: expect.stringContaining("unknown option 'splt'") });
    await expect(openDataset('idx:/x?split=test', SPEC, { split: 'train' })).rejects.toMatchObject({ code: 'BAD_SPEC' });
    await expect(openDataset('idx:/x?split=val', SPEC)).rejects.toMatchObject({ code: 'BAD_SPEC' });
    await expect(openDataset('mnist', { size: 30, channels: 1 })).rejects.toMatchObject({ code: 'BAD_ARGUMENT', message: expect.stringContaining('multiple of 16') });
    await expect(openDataset(`idx:${path.join(tmp.dir, 'missing')}`, SPEC)).rejects.toMatchObject({ code: 'MISSING_PATH' });
    await expect(openDataset(`shards:${path.join(tmp.dir, 'missing')}`, SPEC)).rejects.toMatchObject({ code: 'MISSING_PATH' });
    await expect(openDataset(`folder:${path.join(tmp.dir, 'missing')}`, SPEC)).rejects.toMatchObject({ code: 'MISSING_PATH' });
    await expect(openDataset(`cifar10:${path.join(tmp.dir, 'missing')}`, SPEC)).rejects.toMatchObject({ code: 'MISSING_PATH' });
  });

  it('opens each kind through the spec string', async () => {
    const idxDir = path.join(tmp.dir, 'idx');
    await writeIdxSet(idxDir, { split: 't10k', count: 3 });
    const idx = await openDataset(`idx:${idxDir}?split=test`, SPEC);
    expect(idx.size).toBe(3);
    const shardDir = path.join(tmp.dir, 'packed');
    await prepareShards(patternDataset(5, 32, 1), shardDir);
    const shards = await openDataset(`shards:${shardDir}?verify=true&threads=2`, SPEC);
    expect(shards.size).toBe(5);
    await shards.close();
    // O_DIRECT for whole-block reads: from the options, unless the spec says.
    const directOf = async (spec: string, direct?: boolean) => {
      const ds = (await openDataset(spec, SPEC, { direct })) as ShardDataset;
      ds.willNeed!([0]); // loads the (only) block whole: a batch of 5 records alone would read them one by one
      await ds.read([0, 1, 2, 3, 4], { wholeBlocks: true });
      const s = await ds.stats();
      await ds.close();
      return s.directReads > 0 || s.directRefused;
    };
    expect(await directOf(`shards:${shardDir}`, true)).toBe(true);
    expect(await directOf(`shards:${shardDir}`, false)).toBe(false);
    expect(await directOf(`shards:${shardDir}?direct=false`, true)).toBe(false);
    expect(await directOf(`shards:${shardDir}?direct=true`, false)).toBe(true);
    await expect(openDataset(`shards:${shardDir}?direct=maybe`, SPEC)).rejects.toThrow(/direct=maybe, expected true or false/);
    const mnist = await openDataset('mnist', SPEC);
    expect(mnist.size).toBe(10_000);
  });
});
