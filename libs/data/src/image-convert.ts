// Converts one stored uint8 HWC image to the model's shape: pad or resize to
// spec.size, gray<->RGB, and scale to [-1, 1] as x / 127.5 - 1.
//
// Fitting rule (the same for every reader that stores raw pixels):
// - the source already has the target size: copied;
// - the source is square, fits inside the target, and the border would be at
//   most 1/8 of the source side per side (28 -> 32 adds 2 px per side): padded
//   centred with 0 (black, the MNIST background), never resized, so digits keep
//   their exact pixels;
// - otherwise resized separably: bilinear (half-pixel centres) when enlarging,
//   area averaging when shrinking (bilinear would alias).
// Gray -> RGB repeats the channel; RGB -> gray is ITU-R BT.601 luma.

import { imageBytes, type ImageSpec } from './image-spec.ts';

export interface SourceShape {
  height: number;
  width: number;
  channels: 1 | 3;
}

/** Writes the image at `pixels[srcOffset..]` as spec-shaped floats at `out[outOffset..]`. */
export type ImageConverter = (pixels: Uint8Array, srcOffset: number, out: Float32Array, outOffset: number) => void;

export type FitKind = 'copy' | 'pad' | 'resize';

export function chooseFit(src: SourceShape, size: number): FitKind {
  if (src.height === size && src.width === size) return 'copy';
  const side = src.height;
  if (src.width === side && side < size && (size - side) * 4 <= side) return 'pad';
  return 'resize';
}

/** 256-entry table uint8 -> [-1, 1]; a lookup is faster than the division in the hot loop. */
export const SCALE_TABLE: Float32Array = (() => {
  const t = new Float32Array(256);
  for (let v = 0; v < 256; v++) t[v] = v / 127.5 - 1;
  return t;
})();

/**
 * Builds a converter for one source shape. Not reentrant (it reuses scratch
 * buffers), which is fine: it runs synchronously to completion.
 */
export function createImageConverter(src: SourceShape, spec: ImageSpec): ImageConverter {
  const fit = chooseFit(src, spec.size);
  if (fit === 'copy' && src.channels === spec.channels) {
    const n = imageBytes(spec);
    return (pixels, srcOffset, out, outOffset) => {
      for (let i = 0; i < n; i++) out[outOffset + i] = SCALE_TABLE[pixels[srcOffset + i]];
    };
  }
  // General path: produce a spec.size x spec.size x src.channels float image in
  // 0..255, then map channels and scale.
  const S = spec.size;
  const sc = src.channels;
  const plane = new Float32Array(S * S * sc);
  let fill: (pixels: Uint8Array, srcOffset: number) => void;
  if (fit === 'copy') {
    fill = (pixels, srcOffset) => {
      for (let i = 0; i < plane.length; i++) plane[i] = pixels[srcOffset + i];
    };
  } else if (fit === 'pad') {
    const side = src.height;
    const top = Math.floor((S - side) / 2);
    fill = (pixels, srcOffset) => {
      plane.fill(0);
      const rowLen = side * sc;
      for (let y = 0; y < side; y++) {
        const from = srcOffset + y * rowLen;
        const to = ((y + top) * S + top) * sc;
        for (let i = 0; i < rowLen; i++) plane[to + i] = pixels[from + i];
      }
    };
  } else {
    fill = createResizer(src, S, plane);
  }
  const writeChannels = createChannelWriter(sc, spec.channels, S * S);
  return (pixels, srcOffset, out, outOffset) => {
    fill(pixels, srcOffset);
    writeChannels(plane, out, outOffset);
  };
}

function createChannelWriter(from: 1 | 3, to: 1 | 3, pixelCount: number) {
  return (plane: Float32Array, out: Float32Array, outOffset: number): void => {
    if (from === to) {
      const n = pixelCount * from;
      for (let i = 0; i < n; i++) out[outOffset + i] = plane[i] / 127.5 - 1;
    } else if (from === 1) {
      for (let p = 0; p < pixelCount; p++) {
        const v = plane[p] / 127.5 - 1;
        const o = outOffset + p * 3;
        out[o] = v;
        out[o + 1] = v;
        out[o + 2] = v;
      }
    } else {
      for (let p = 0; p < pixelCount; p++) {
        const i = p * 3;
        const y = 0.299 * plane[i] + 0.587 * plane[i + 1] + 0.114 * plane[i + 2];
        out[outOffset + p] = y / 127.5 - 1;
      }
    }
  };
}

/** Sparse 1-D resampling weights: for output i, taps start[i]..start[i+1]-1 of (src, weight). */
interface AxisTaps {
  start: Int32Array;
  src: Int32Array;
  weight: Float32Array;
}

export function buildAxisTaps(srcLen: number, dstLen: number): AxisTaps {
  const start = new Int32Array(dstLen + 1);
  const srcs: number[] = [];
  const weights: number[] = [];
  const scale = srcLen / dstLen;
  for (let i = 0; i < dstLen; i++) {
    start[i] = srcs.length;
    if (dstLen >= srcLen) {
      // Bilinear with pixel centres at +0.5, edges clamped.
      const x = (i + 0.5) * scale - 0.5;
      const x0 = Math.floor(x);
      const f = x - x0;
      srcs.push(Math.min(Math.max(x0, 0), srcLen - 1), Math.min(Math.max(x0 + 1, 0), srcLen - 1));
      weights.push(1 - f, f);
    } else {
      // Area: output pixel i covers source interval [a, b); weight = overlap / width.
      const a = i * scale;
      const b = (i + 1) * scale;
      for (let j = Math.floor(a); j < Math.ceil(b) && j < srcLen; j++) {
        const overlap = Math.min(b, j + 1) - Math.max(a, j);
        if (overlap > 1e-9) {
          srcs.push(j);
          weights.push(overlap / scale);
        }
      }
    }
  }
  start[dstLen] = srcs.length;
  return { start, src: Int32Array.from(srcs), weight: Float32Array.from(weights) };
}

function createResizer(src: SourceShape, S: number, plane: Float32Array) {
  const { height: H, width: W, channels: C } = src;
  const xt = buildAxisTaps(W, S);
  const yt = buildAxisTaps(H, S);
  const rows = new Float32Array(H * S * C); // after the horizontal pass
  return (pixels: Uint8Array, srcOffset: number): void => {
    for (let y = 0; y < H; y++) {
      const inRow = srcOffset + y * W * C;
      const outRow = y * S * C;
      for (let x = 0; x < S; x++) {
        for (let c = 0; c < C; c++) {
          let acc = 0;
          for (let t = xt.start[x]; t < xt.start[x + 1]; t++) acc += xt.weight[t] * pixels[inRow + xt.src[t] * C + c];
          rows[outRow + x * C + c] = acc;
        }
      }
    }
    const rowLen = S * C;
    for (let y = 0; y < S; y++) {
      const o = y * rowLen;
      for (let i = 0; i < rowLen; i++) plane[o + i] = 0;
      for (let t = yt.start[y]; t < yt.start[y + 1]; t++) {
        const w = yt.weight[t];
        const r = yt.src[t] * rowLen;
        for (let i = 0; i < rowLen; i++) plane[o + i] += w * rows[r + i];
      }
    }
  };
}
