import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openFolder } from './folder-dataset.ts';
import { makeTempDir, pngBytes } from './testing/fixtures.ts';

let tmp: { dir: string; cleanup: () => Promise<void> };
beforeAll(async () => {
  tmp = await makeTempDir('folder');
});
afterAll(() => tmp.cleanup());

async function solid(width: number, height: number, rgb: [number, number, number], format: 'jpeg' | 'webp'): Promise<Buffer> {
  return sharp({ create: { width, height, channels: 3, background: { r: rgb[0], g: rgb[1], b: rgb[2] } } })
    [format]({ quality: 100 })
    .toBuffer();
}

describe('folder reader', () => {
  it('reads PNG, JPEG and WebP of any size, class names = sorted folder names', async () => {
    const dir = path.join(tmp.dir, 'ok');
    await mkdir(path.join(dir, 'zebra', 'nested'), { recursive: true });
    await mkdir(path.join(dir, 'apple'), { recursive: true });
    await writeFile(
      path.join(dir, 'apple', 'a.png'),
      pngBytes(40, 20, () => [255, 0, 0, 255]),
    );
    await writeFile(path.join(dir, 'apple', 'notes.txt'), 'ignored');
    await writeFile(path.join(dir, 'zebra', 'b.jpg'), await solid(100, 60, [0, 0, 255], 'jpeg'));
    await writeFile(path.join(dir, 'zebra', 'nested', 'c.webp'), await solid(17, 33, [0, 255, 0], 'webp'));
    const ds = await openFolder(dir, { size: 16, channels: 3 });
    expect(ds.classNames).toEqual(['apple', 'zebra']);
    expect(ds.size).toBe(3);
    const { images, labels } = await ds.read([0, 1, 2]);
    expect(Array.from(labels)).toEqual([0, 1, 1]);
    expect(images.length).toBe(3 * 16 * 16 * 3);
    const px = (i: number, c: number) => images[i * 768 + (8 * 16 + 8) * 3 + c];
    expect(px(0, 0)).toBeCloseTo(1, 1); // red
    expect(px(0, 1)).toBeCloseTo(-1, 1);
    expect(px(1, 2)).toBeGreaterThan(0.9); // blue (JPEG: close, not exact)
    expect(px(2, 1)).toBeGreaterThan(0.9); // green
    const gray = await openFolder(dir, { size: 32, channels: 1 });
    expect((await gray.read([0])).images.length).toBe(32 * 32);
  });

  it('rejects an empty class folder, a missing folder and a folder without classes', async () => {
    const dir = path.join(tmp.dir, 'empty');
    await mkdir(path.join(dir, 'cats'), { recursive: true });
    await mkdir(path.join(dir, 'dogs'), { recursive: true });
    await writeFile(
      path.join(dir, 'cats', 'x.png'),
      pngBytes(4, 4, () => [1, 2, 3, 255]),
    );
    await expect(openFolder(dir, { size: 16, channels: 3 })).rejects.toMatchObject({ code: 'EMPTY_CLASS', file: path.join(dir, 'dogs') });
    await expect(openFolder(path.join(tmp.dir, 'nope'), { size: 16, channels: 3 })).rejects.toMatchObject({ code: 'MISSING_PATH' });
    const flat = path.join(tmp.dir, 'flat');
    await mkdir(flat, { recursive: true });
    await expect(openFolder(flat, { size: 16, channels: 3 })).rejects.toMatchObject({ code: 'BAD_FORMAT', message: expect.stringContaining('one subfolder per class') });
  });

  it('rejects an undecodable image at read, naming the file and record', async () => {
    const dir = path.join(tmp.dir, 'broken');
    await mkdir(path.join(dir, 'a'), { recursive: true });
    await writeFile(
      path.join(dir, 'a', '1.png'),
      pngBytes(8, 8, () => [9, 9, 9, 255]),
    );
    const bad = path.join(dir, 'a', '2.jpg');
    await writeFile(bad, Buffer.from('this is not a jpeg'));
    const ds = await openFolder(dir, { size: 16, channels: 3 });
    await expect(ds.read([0])).resolves.toBeDefined();
    await expect(ds.read([0, 1])).rejects.toMatchObject({ code: 'DECODE_FAILED', file: bad, record: 1 });
  });

  it('with skipBad, decodes every image once at open and leaves out the bad ones, named with why', async () => {
    const dir = path.join(tmp.dir, 'skip');
    for (const c of ['a', 'b']) await mkdir(path.join(dir, c), { recursive: true });
    const good = (v: number) => pngBytes(8, 8, () => [v, v, v, 255]);
    await writeFile(path.join(dir, 'a', '1.png'), good(10));
    await writeFile(path.join(dir, 'a', '2.jpg'), Buffer.from('this is not a jpeg'));
    await writeFile(path.join(dir, 'b', '1.png'), good(200));
    await writeFile(path.join(dir, 'b', '2.png'), good(100).subarray(0, 40)); // truncated
    await writeFile(path.join(dir, 'b', '3.png'), good(50));
    await expect((await openFolder(dir, { size: 16, channels: 1 })).read([1])).rejects.toThrow(/--skip-bad-images leaves such files out/);
    const ds = await openFolder(dir, { size: 16, channels: 1 }, { skipBad: true });
    expect(ds.size).toBe(3);
    expect(ds.skipped?.map((s) => path.relative(dir, s.file))).toEqual(['a/2.jpg', 'b/2.png']);
    expect(ds.skipped?.every((s) => s.reason.length > 0)).toBe(true);
    expect(ds.description).toMatch(/3 images, 2 classes, .*; 2 bad images left out\)$/);
    const { labels, images } = await ds.read([0, 1, 2]);
    expect(Array.from(labels)).toEqual([0, 1, 1]);
    expect([images[0], images[256], images[512]].map((v) => Math.round((v + 1) * 127.5))).toEqual([10, 200, 50]);
    // A class whose every image is bad cannot be trained.
    await writeFile(path.join(dir, 'a', '1.png'), Buffer.from('broken too'));
    await expect(openFolder(dir, { size: 16, channels: 1 }, { skipBad: true })).rejects.toMatchObject({ code: 'EMPTY_CLASS' });
  });
});
