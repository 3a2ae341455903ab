import { afterAll, describe, expect, it } from 'vitest';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { loadRealSplits } from './real-data.ts';

const dirs: string[] = [];

function idx(rank: 1 | 3, dims: number[], data: Uint8Array): Buffer {
  const header = Buffer.alloc(4 + 4 * rank);
  header.set([0, 0, 8, rank]);
  dims.forEach((d, i) => header.writeUInt32BE(d, 4 + 4 * i));
  return Buffer.concat([header, data]);
}

/** An IDX folder with `train` and `t10k` sets of 8x8 images whose brightness is the label. */
function idxFolder(train: number, test: number, classes: number): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'acgan-eval-idx-'));
  dirs.push(dir);
  for (const [name, count] of [
    ['train', train],
    ['t10k', test],
  ] as const) {
    const labels = Uint8Array.from({ length: count }, (_, i) => i % classes);
    const pixels = new Uint8Array(count * 64);
    labels.forEach((l, i) => pixels.fill(Math.round((255 * l) / (classes - 1)), i * 64, (i + 1) * 64));
    fs.writeFileSync(path.join(dir, `${name}-images-idx3-ubyte`), idx(3, [count, 8, 8], pixels));
    fs.writeFileSync(path.join(dir, `${name}-labels-idx1-ubyte`), idx(1, [count], labels));
  }
  return dir;
}

afterAll(() => {
  for (const d of dirs) fs.rmSync(d, { recursive: true, force: true });
});

describe('loadRealSplits', () => {
  it('idx: trains on the train split and holds out the test split', async () => {
    const dir = idxFolder(40, 12, 4);
    const r = await loadRealSplits(`idx:${dir}`, { size: 16, channels: 1 });
    expect(r.heldOutFrom).toBe('test split');
    expect(r.train.labels.length).toBe(40);
    expect(r.heldOut.labels.length).toBe(12);
    expect(r.heldOut.images.length).toBe(12 * 16 * 16);
    expect(r.classNames).toEqual(['0', '1', '2', '3']);
    const limited = await loadRealSplits(`idx:${dir}`, { size: 16, channels: 1 }, 10);
    expect(limited.train.labels.length).toBe(10);
  });

  it('mnist: holds out the same seeded 10% every time, disjoint from the training images', async () => {
    const a = await loadRealSplits('mnist', { size: 16, channels: 1 });
    const b = await loadRealSplits('mnist', { size: 16, channels: 1 });
    expect(a.heldOutFrom).toMatch(/seeded 10% of the training split \(1000 of 10000\)/);
    expect(a.train.labels.length).toBe(9000);
    expect(a.heldOut.labels).toEqual(b.heldOut.labels);
    expect(a.heldOut.images).toEqual(b.heldOut.images);
    // Every class is held out (a class-blind 10% of 10 classes of ~1000 digits each).
    expect(new Set(a.heldOut.labels).size).toBe(10);
    // No held-out image is also a training image (compare a hash of each image's pixels).
    const per = 16 * 16;
    const key = (x: Float32Array, i: number) => Buffer.from(x.buffer, x.byteOffset + i * per * 4, per * 4).toString('base64');
    const train = new Set(Array.from({ length: 9000 }, (_, i) => key(a.train.images, i)));
    let shared = 0;
    for (let i = 0; i < 1000; i++) if (train.has(key(a.heldOut.images, i))) shared++;
    // MNIST has a few exact duplicate digits; a leak of the split would share hundreds.
    expect(shared).toBeLessThan(10);
  });
});
