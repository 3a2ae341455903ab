import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { PNG } from 'pngjs';
import { afterAll, describe, expect, it } from 'vitest';
import { writeSampleGrid } from './sample-grid.ts';

describe('writeSampleGrid', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'acgan-grid-'));
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('lays images out row-major and maps [-1, 1] to [0, 255]', async () => {
    // 2 rows x 3 cols of 2x2 grey images; image k is filled with (k / 5) * 2 - 1.
    const images = new Float32Array(6 * 4).map((_, i) => (Math.floor(i / 4) / 5) * 2 - 1);
    const file = path.join(dir, 'sub', 'grid.png');
    await writeSampleGrid(file, images, 2, 3, 2, 1);
    const png = PNG.sync.read(fs.readFileSync(file));
    expect([png.width, png.height]).toEqual([6, 4]);
    const pixel = (x: number, y: number) => png.data[(y * 6 + x) * 4];
    expect(pixel(0, 0)).toBe(0); // image 0: -1
    expect(pixel(5, 3)).toBe(255); // image 5: +1
    expect(pixel(2, 0)).toBe(Math.round((1 / 5) * 255)); // image 1
    expect(pixel(0, 2)).toBe(Math.round((3 / 5) * 255)); // image 3, second row
  });

  it('rejects a size mismatch', async () => {
    await expect(writeSampleGrid(path.join(dir, 'x.png'), new Float32Array(5), 1, 1, 2, 1)).rejects.toThrow(/expected rows\*cols/);
  });

  it('on a full disk leaves no file behind, neither an empty grid nor a temporary file (root: a 64 KB tmpfs)', async () => {
    if (process.getuid?.() !== 0) return void console.warn('full-disk sample test skipped: mounting a tmpfs needs root');
    const full = fs.mkdtempSync(path.join(os.tmpdir(), 'acgan-grid-full-'));
    execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=64k', 'acgan-grid-full', full]);
    try {
      // 64x64 of random values: a PNG that does not compress below the disk's size.
      const images = new Float32Array(8 * 8 * 64 * 64).map(() => Math.random() * 2 - 1);
      await expect(writeSampleGrid(path.join(full, 'step-100.png'), images, 8, 8, 64, 1)).rejects.toThrow(/ENOSPC/);
      expect(fs.readdirSync(full)).toEqual([]);
    } finally {
      execFileSync('umount', [full]);
    }
  });
});
