// Writes a grid of generated images as one PNG (one row per class by convention):
// images in NHWC order, row-major over the grid, values in [-1, 1] mapped to [0, 255].
import fs from 'node:fs';
import path from 'node:path';
import { PNG } from 'pngjs';
import { writeFileAtomic } from './file-io.ts';

export async function writeSampleGrid(file: string, images: Float32Array, rows: number, cols: number, size: number, channels: number): Promise<void> {
  const png = encodeSampleGrid(images, rows, cols, size, channels);
  await fs.promises.mkdir(path.dirname(file), { recursive: true });
  // Whole or not at all: a full disk used to leave an empty step-N.png behind (found by acgan soak).
  writeFileAtomic(file, png);
}

/** The PNG bytes of a grid (what writeSampleGrid writes). */
export function encodeSampleGrid(images: Float32Array, rows: number, cols: number, size: number, channels: number): Buffer {
  if (channels !== 1 && channels !== 3) throw new Error(`writeSampleGrid: channels = ${channels}, expected 1 or 3`);
  const per = size * size * channels;
  if (images.length !== rows * cols * per) {
    throw new Error(`writeSampleGrid: got ${images.length} values, expected rows*cols*size*size*channels = ${rows * cols * per}`);
  }
  const png = new PNG({ width: cols * size, height: rows * size });
  const toByte = (v: number) => Math.max(0, Math.min(255, Math.round((v + 1) * 127.5)));
  for (let r = 0; r < rows; r++) {
    for (let c = 0; c < cols; c++) {
      const base = (r * cols + c) * per;
      for (let y = 0; y < size; y++) {
        for (let x = 0; x < size; x++) {
          const src = base + (y * size + x) * channels;
          const dst = ((r * size + y) * cols * size + c * size + x) * 4;
          const red = toByte(images[src]);
          png.data[dst] = red;
          png.data[dst + 1] = channels === 3 ? toByte(images[src + 1]) : red;
          png.data[dst + 2] = channels === 3 ? toByte(images[src + 2]) : red;
          png.data[dst + 3] = 255;
        }
      }
    }
  }
  return PNG.sync.write(png);
}
