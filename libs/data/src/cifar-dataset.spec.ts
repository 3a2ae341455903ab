import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openCifar } from './cifar-dataset.ts';
import { cifarRecords, makeTempDir, patternByte } from './testing/fixtures.ts';

const SPEC = { size: 32, channels: 3 } as const;
let tmp: { dir: string; cleanup: () => Promise<void> };
beforeAll(async () => {
  tmp = await makeTempDir('cifar');
});
afterAll(() => tmp.cleanup());

async function writeCifar10(dir: string): Promise<void> {
  await mkdir(dir, { recursive: true });
  // Two records per batch file, images numbered 0..9 across the five files.
  for (let b = 1; b <= 5; b++) await writeFile(path.join(dir, `data_batch_${b}.bin`), cifarRecords([b, (b + 5) % 10], 1, (b - 1) * 2));
  await writeFile(path.join(dir, 'test_batch.bin'), cifarRecords([7], 1, 100));
  await writeFile(path.join(dir, 'batches.meta.txt'), 'airplane\nautomobile\nbird\ncat\ndeer\ndog\nfrog\nhorse\nship\ntruck\n\n');
}

describe('cifar readers', () => {
  it('reads CIFAR-10 batches in order, planar -> HWC, with class names', async () => {
    const root = path.join(tmp.dir, 'c10');
    await writeCifar10(path.join(root, 'cifar-10-batches-bin'));
    const ds = await openCifar('cifar10', root, SPEC);
    expect(ds.size).toBe(10);
    expect(ds.classNames[9]).toBe('truck');
    const { images, labels } = await ds.read([3]);
    expect(labels[0]).toBe(7); // data_batch_2, second record: (2 + 5) % 10
    // HWC pixel (y=1, x=2): R at planar 1*32+2, G at 1024 + that, B at 2048 + that.
    const p = 1 * 32 + 2;
    expect(images[p * 3]).toBeCloseTo(patternByte(3, p) / 127.5 - 1, 6);
    expect(images[p * 3 + 1]).toBeCloseTo(patternByte(3, 1024 + p) / 127.5 - 1, 6);
    expect(images[p * 3 + 2]).toBeCloseTo(patternByte(3, 2048 + p) / 127.5 - 1, 6);
    const test = await openCifar('cifar10', root, SPEC, 'test');
    expect(Array.from((await test.read([0])).labels)).toEqual([7]);
    const gray = await openCifar('cifar10', root, { size: 16, channels: 1 });
    expect((await gray.read([0, 1])).images.length).toBe(2 * 16 * 16);
  });

  it('reads CIFAR-100 fine labels', async () => {
    const dir = path.join(tmp.dir, 'c100');
    await mkdir(dir, { recursive: true });
    await writeFile(path.join(dir, 'train.bin'), cifarRecords([99, 42, 0], 2));
    const ds = await openCifar('cifar100', dir, SPEC);
    expect(ds.numClasses).toBe(100);
    expect(Array.from((await ds.read([0, 1, 2])).labels)).toEqual([99, 42, 0]);
  });

  it('rejects a missing batch file, a truncated file and an out-of-range label', async () => {
    const dir = path.join(tmp.dir, 'bad10');
    await writeCifar10(dir);
    await writeFile(path.join(dir, 'data_batch_3.bin'), cifarRecords([1, 2], 1).subarray(0, 5000));
    await expect(openCifar('cifar10', dir, SPEC)).rejects.toMatchObject({
      code: 'TRUNCATED',
      file: path.join(dir, 'data_batch_3.bin'),
      message: expect.stringContaining('3073-byte'),
    });
    await writeFile(path.join(dir, 'data_batch_3.bin'), cifarRecords([1, 12], 1));
    await expect(openCifar('cifar10', dir, SPEC)).rejects.toMatchObject({ code: 'LABEL_OUT_OF_RANGE', record: 1, message: expect.stringContaining('label 12, expected [0, 10)') });
    await expect(openCifar('cifar100', dir, SPEC)).rejects.toMatchObject({ code: 'MISSING_PATH', message: expect.stringContaining('train.bin') });
    await expect(openCifar('cifar10', path.join(tmp.dir, 'absent'), SPEC)).rejects.toMatchObject({ code: 'MISSING_PATH' });
  });
});
