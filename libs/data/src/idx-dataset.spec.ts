import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openIdx } from './idx-dataset.ts';
import { idxImages, makeTempDir, patternByte, writeIdxSet } from './testing/fixtures.ts';

const SPEC28 = { size: 16, channels: 1 } as const;
let tmp: { dir: string; cleanup: () => Promise<void> };
beforeAll(async () => {
  tmp = await makeTempDir('idx');
});
afterAll(() => tmp.cleanup());

describe('idx reader', () => {
  it('reads plain and gzipped files, train and test splits, exact pixels', async () => {
    const dir = path.join(tmp.dir, 'mnist');
    await writeIdxSet(dir, { count: 12, rows: 16, cols: 16 });
    await writeIdxSet(dir, { split: 't10k', count: 5, rows: 16, cols: 16, gzip: true, labels: [4, 3, 2, 1, 0] });
    const train = await openIdx(dir, SPEC28);
    expect(train.size).toBe(12);
    expect(train.numClasses).toBe(10);
    const { images, labels } = await train.read([11, 3]);
    expect(Array.from(labels)).toEqual([1, 3]);
    expect(images[5]).toBeCloseTo(patternByte(11, 5) / 127.5 - 1, 6);
    expect(images[256 + 7]).toBeCloseTo(patternByte(3, 7) / 127.5 - 1, 6);
    const test = await openIdx(dir, SPEC28, { split: 'test' });
    expect(test.size).toBe(5);
    expect(Array.from((await test.read([0, 4])).labels)).toEqual([4, 0]);
  });

  it('finds EMNIST naming, names classes from the mapping file and transposes images back', async () => {
    const dir = path.join(tmp.dir, 'emnist');
    await writeIdxSet(dir, { prefix: 'emnist-letters-', count: 3, rows: 16, cols: 16, labels: [1, 2, 26] });
    await writeFile(path.join(dir, 'emnist-letters-mapping.txt'), Array.from({ length: 26 }, (_, i) => `${i + 1} ${65 + i} ${97 + i}`).join('\n'));
    const ds = await openIdx(dir, SPEC28);
    expect(ds.numClasses).toBe(27);
    expect(ds.classNames[1]).toBe('A');
    expect(ds.classNames[26]).toBe('Z');
    const { images } = await ds.read([0]);
    // Stored (row y, col x) appears at (row x, col y).
    expect(images[1 * 16 + 0]).toBeCloseTo(patternByte(0, 0 * 16 + 1) / 127.5 - 1, 6);
  });

  it('asks for a prefix when a folder holds several sets', async () => {
    const dir = path.join(tmp.dir, 'two');
    await writeIdxSet(dir, { prefix: 'emnist-digits-', count: 2, rows: 16, cols: 16 });
    await writeIdxSet(dir, { prefix: 'emnist-mnist-', count: 3, rows: 16, cols: 16 });
    await expect(openIdx(dir, SPEC28)).rejects.toThrow(/several IDX sets.*prefix/);
    expect((await openIdx(dir, SPEC28, { prefix: 'emnist-mnist-' })).size).toBe(3);
  });

  it('rejects a missing folder and a folder without the split', async () => {
    await expect(openIdx(path.join(tmp.dir, 'nope'), SPEC28)).rejects.toMatchObject({ code: 'MISSING_PATH', message: expect.stringContaining('nope') });
    const dir = path.join(tmp.dir, 'trainonly');
    await writeIdxSet(dir, { count: 2, rows: 16, cols: 16 });
    await expect(openIdx(dir, SPEC28, { split: 'test' })).rejects.toMatchObject({ code: 'MISSING_PATH', message: expect.stringContaining('t10k-images-idx3-ubyte') });
  });

  it('rejects wrong magic, truncation, count mismatch, label out of range and corrupt gzip, naming the file', async () => {
    const dir = path.join(tmp.dir, 'bad');
    const files = await writeIdxSet(dir, { count: 4, rows: 16, cols: 16 });
    const good = await readFile(files.images);

    const wrongMagic = Buffer.from(good);
    wrongMagic[3] = 0x01;
    await writeFile(files.images, wrongMagic);
    await expect(openIdx(dir, SPEC28)).rejects.toMatchObject({
      code: 'BAD_FORMAT',
      file: files.images,
      message: expect.stringMatching(/wrong IDX magic 00 00 08 01.*expected 00 00 08 03/),
    });

    await writeFile(files.images, good.subarray(0, good.length - 10));
    await expect(openIdx(dir, SPEC28)).rejects.toMatchObject({ code: 'TRUNCATED', message: expect.stringContaining('expected 1040') });

    await writeFile(files.images, idxImages(5, 16, 16));
    await expect(openIdx(dir, SPEC28)).rejects.toMatchObject({ code: 'BAD_FORMAT', file: files.labels, message: expect.stringContaining('4 labels, expected 5') });

    await writeFile(files.images, good);
    const mapping = path.join(dir, 'classes.txt');
    await writeFile(mapping, 'a\nb\nc\nd\n');
    await writeIdxSet(dir, { count: 4, rows: 16, cols: 16, labels: [0, 1, 2, 3] });
    expect((await openIdx(dir, SPEC28)).classNames).toEqual(['a', 'b', 'c', 'd']);

    await writeFile(files.images, gzipSync(good).subarray(0, 50));
    await expect(openIdx(dir, SPEC28)).rejects.toMatchObject({ code: 'TRUNCATED', file: files.images, message: expect.stringContaining('gzip') });
  });

  it('rejects a label outside the class list, naming the file and record', async () => {
    const dir = path.join(tmp.dir, 'labels');
    const files = await writeIdxSet(dir, { prefix: 'emnist-x-', count: 3, rows: 16, cols: 16, labels: [0, 1, 5] });
    await writeFile(path.join(dir, 'emnist-x-mapping.txt'), '0 48\n1 49\n2 50\n');
    await expect(openIdx(dir, SPEC28)).rejects.toMatchObject({
      code: 'LABEL_OUT_OF_RANGE',
      file: files.labels,
      record: 2,
      message: expect.stringContaining('record 2 has label 5, expected [0, 3)'),
    });
  });
});
