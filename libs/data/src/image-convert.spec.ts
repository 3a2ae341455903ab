import { describe, expect, it } from 'vitest';
import { buildAxisTaps, chooseFit, createImageConverter } from './image-convert.ts';

describe('createImageConverter', () => {
  it('scales uint8 to [-1, 1] as x / 127.5 - 1 when the shape already matches', () => {
    const px = new Uint8Array(16 * 16).map((_, i) => i % 256);
    const out = new Float32Array(16 * 16);
    createImageConverter({ height: 16, width: 16, channels: 1 }, { size: 16, channels: 1 })(px, 0, out, 0);
    expect(out[0]).toBe(-1);
    expect(out[255]).toBe(1);
    expect(out[100]).toBeCloseTo(100 / 127.5 - 1, 6);
  });

  it('pads 28x28 to 32x32 centred with black, keeping pixels exact', () => {
    expect(chooseFit({ height: 28, width: 28, channels: 1 }, 32)).toBe('pad');
    const px = new Uint8Array(28 * 28).fill(255);
    const out = new Float32Array(32 * 32);
    createImageConverter({ height: 28, width: 28, channels: 1 }, { size: 32, channels: 1 })(px, 0, out, 0);
    expect(out[0]).toBe(-1);
    expect(out[1 * 32 + 1]).toBe(-1);
    expect(out[2 * 32 + 2]).toBe(1);
    expect(out[29 * 32 + 29]).toBe(1);
    expect(out[30 * 32 + 30]).toBe(-1);
    expect(out.filter((v) => v === 1).length).toBe(28 * 28);
  });

  it('resizes (not pads) when the border would be large, keeping a constant image constant', () => {
    expect(chooseFit({ height: 28, width: 28, channels: 1 }, 64)).toBe('resize');
    expect(chooseFit({ height: 28, width: 28, channels: 1 }, 16)).toBe('resize');
    for (const size of [16, 64]) {
      const out = new Float32Array(size * size);
      createImageConverter({ height: 28, width: 28, channels: 1 }, { size, channels: 1 })(new Uint8Array(784).fill(51), 0, out, 0);
      for (const v of out) expect(v).toBeCloseTo(51 / 127.5 - 1, 5);
    }
  });

  it('shrinks by area averaging: 32 -> 16 averages 2x2 blocks', () => {
    const px = new Uint8Array(32 * 32);
    for (let y = 0; y < 32; y++) for (let x = 0; x < 32; x++) px[y * 32 + x] = (x + y) % 2 === 0 ? 200 : 0;
    const out = new Float32Array(16 * 16);
    createImageConverter({ height: 32, width: 32, channels: 1 }, { size: 16, channels: 1 })(px, 0, out, 0);
    for (const v of out) expect(v).toBeCloseTo(100 / 127.5 - 1, 5);
  });

  it('builds taps whose weights sum to 1', () => {
    for (const [a, b] of [
      [28, 64],
      [28, 16],
      [100, 32],
      [3, 7],
    ]) {
      const t = buildAxisTaps(a, b);
      for (let i = 0; i < b; i++) {
        let sum = 0;
        for (let k = t.start[i]; k < t.start[i + 1]; k++) sum += t.weight[k];
        expect(sum).toBeCloseTo(1, 5);
      }
    }
  });

  it('repeats gray into RGB and reduces RGB to BT.601 luma', () => {
    const gray = new Uint8Array(16 * 16).fill(255);
    const rgbOut = new Float32Array(16 * 16 * 3);
    createImageConverter({ height: 16, width: 16, channels: 1 }, { size: 16, channels: 3 })(gray, 0, rgbOut, 0);
    expect(Array.from(rgbOut.subarray(0, 3))).toEqual([1, 1, 1]);
    const rgb = new Uint8Array(16 * 16 * 3);
    for (let p = 0; p < 256; p++) rgb.set([255, 0, 0], p * 3);
    const grayOut = new Float32Array(16 * 16);
    createImageConverter({ height: 16, width: 16, channels: 3 }, { size: 16, channels: 1 })(rgb, 0, grayOut, 0);
    expect(grayOut[0]).toBeCloseTo((0.299 * 255) / 127.5 - 1, 5);
  });

  it('reads at a source offset and writes at an output offset', () => {
    const px = new Uint8Array(2 * 256);
    px.fill(255, 256);
    const out = new Float32Array(2 * 256);
    createImageConverter({ height: 16, width: 16, channels: 1 }, { size: 16, channels: 1 })(px, 256, out, 256);
    expect(out[0]).toBe(0);
    expect(out[256]).toBe(1);
  });
});
