// The two gradients of a stride-s 2-D convolution (NHWC, dilation 1), expressed through the
// forward Conv2D, which XNNPACK makes fast on the wasm backend:
//
// Input gradient (also the forward pass of a transposed convolution), for input side H,
// kernel k, stride s and pad-before p. Output row h = s*m + r (phase r in [0, s)) only meets
// the filter taps a = a_r + s*t with a_r = (r + p) mod s, so
//   dx[s*m + r] = sum_t dy[m + q_r - t] * w[a_r + s*t],   q_r = floor((r + p) / s),
// one small stride-1 Conv2D of dy per phase (kernel = those taps, reversed, in/out channels
// swapped), and the s*s phase results are interleaved. No zeros are multiplied, unlike the
// textbook "convolve the zero-dilated dy with the rotated filter", which is kept as the
// fallback for shapes the phase split does not cover (H not a multiple of s, or k < s).
//
// Filter gradient: dw[a, b, c, o] = sum_{n,i,j} x[n, s*i + a - p, s*j + b - p', c] * dy[n, i, j, o]
// is a Conv2D whose "batch" is x's channel axis, whose "channels" are x's batch axis, whose
// filter is dy (batch and channel axes swapped) and whose dilation is s.
import * as tf from '@tensorflow/tfjs';

type Pad = 'valid' | 'same' | number | tf.backend_util.ExplicitPadding;
type Rounding = 'floor' | 'round' | 'ceil' | undefined;

interface Pads {
  top: number;
  bottom: number;
  left: number;
  right: number;
}

function padsOf(
  xShape: [number, number, number, number],
  filterShape: [number, number, number, number],
  strides: [number, number],
  pad: Pad,
  rounding: Rounding,
): { pads: Pads; outHeight: number; outWidth: number } {
  const info = tf.backend_util.computeConv2DInfo(xShape, filterShape, strides, 1, pad, rounding, false, 'channelsLast');
  return { pads: info.padInfo, outHeight: info.outHeight, outWidth: info.outWidth };
}

/** Stride-1 conv2d with explicit padding that may be negative (negative = crop the input). */
function convWithSignedPads(x: tf.Tensor4D, filter: tf.Tensor4D, pads: Pads, dilations: [number, number] = [1, 1]): tf.Tensor4D {
  const [, h, w] = x.shape;
  const cropTop = Math.max(0, -pads.top);
  const cropBottom = Math.max(0, -pads.bottom);
  const cropLeft = Math.max(0, -pads.left);
  const cropRight = Math.max(0, -pads.right);
  let input = x;
  if (cropTop || cropBottom || cropLeft || cropRight) {
    input = tf.slice(x, [0, cropTop, cropLeft, 0], [-1, h - cropTop - cropBottom, w - cropLeft - cropRight, -1]);
  }
  const explicit: tf.backend_util.ExplicitPadding = [
    [0, 0],
    [Math.max(0, pads.top), Math.max(0, pads.bottom)],
    [Math.max(0, pads.left), Math.max(0, pads.right)],
    [0, 0],
  ];
  return tf.conv2d(input, filter, 1, explicit, 'NHWC', dilations);
}

/** Per-dimension phase plan of the input gradient; null when the phase split does not apply. */
function phasePlan(length: number, outLength: number, k: number, s: number, padBefore: number) {
  if (length % s !== 0 || k < s) return null;
  const m = length / s;
  const phases = [];
  for (let r = 0; r < s; r++) {
    const a = (r + padBefore) % s;
    const q = Math.floor((r + padBefore) / s);
    const taps = Math.ceil((k - a) / s);
    const before = taps - 1 - q;
    const after = m - outLength - before + taps - 1;
    phases.push({ first: a, taps, before, after });
  }
  return phases;
}

/**
 * Kernels for the stride-1 convolutions below, cut from the filter [kh, kw, inC, outC]: chosen
 * taps, in a chosen order, with in/out channels swapped. Built on the host from one read of the
 * filter: on wasm, Gather, Slice, Reverse and 6-D Transpose of a large filter cost more than
 * the convolution itself, while a read and an upload are plain memory copies.
 */
class TapSelector {
  private readonly values: Float32Array;
  private readonly shape: [number, number, number, number];

  constructor(filter: tf.Tensor4D) {
    this.values = filter.dataSync() as Float32Array;
    this.shape = filter.shape;
  }

  /** Kernel [rows.length, cols.length, outC, inC] taking taps (rows[u], cols[v]). */
  select(rows: number[], cols: number[]): tf.Tensor4D {
    const [, kw, c, o] = this.shape;
    const block = c * o;
    const out = new Float32Array(rows.length * cols.length * block);
    let dst = 0;
    for (const a of rows) {
      for (const b of cols) {
        const src = (a * kw + b) * block;
        for (let ci = 0; ci < c; ci++) {
          const from = src + ci * o;
          for (let oi = 0; oi < o; oi++) out[dst + oi * c + ci] = this.values[from + oi];
        }
        dst += block;
      }
    }
    return tf.tensor4d(out, [rows.length, cols.length, o, c]);
  }

  /** Taps first, first + s, ... below k, in reverse order. */
  static reversedTaps(first: number, k: number, s: number): number[] {
    const taps = [];
    for (let a = first; a < k; a += s) taps.unshift(a);
    return taps;
  }
}

/** dx of conv2d(x, filter) given dy; filter [kh, kw, inC, outC], result shaped inputShape. */
export function conv2dInputGradient(
  dy: tf.Tensor4D,
  filter: tf.Tensor4D,
  inputShape: [number, number, number, number],
  strides: [number, number],
  pad: Pad,
  rounding?: Rounding,
): tf.Tensor4D {
  return tf.tidy(() => {
    const [kh, kw] = filter.shape;
    const [sh, sw] = strides;
    const { pads } = padsOf(inputShape, filter.shape, strides, pad, rounding);
    const [n, h, w, c] = inputShape;
    const [, oh, ow] = dy.shape;
    const rows = phasePlan(h, oh, kh, sh, pads.top);
    const cols = phasePlan(w, ow, kw, sw, pads.left);
    if (rows && cols) {
      const taps = new TapSelector(filter);
      if (sh === 1 && sw === 1) {
        const k = taps.select(TapSelector.reversedTaps(0, kh, 1), TapSelector.reversedTaps(0, kw, 1));
        const [pr, pc] = [rows[0], cols[0]];
        return convWithSignedPads(dy, k, { top: pr.before, bottom: pr.after, left: pc.before, right: pc.after });
      }
      const phaseRows = rows.map((pr) => {
        const phaseCols = cols.map((pc) => {
          const k = taps.select(TapSelector.reversedTaps(pr.first, kh, sh), TapSelector.reversedTaps(pc.first, kw, sw));
          return convWithSignedPads(dy, k, { top: pr.before, bottom: pr.after, left: pc.before, right: pc.after });
        });
        return tf.stack(phaseCols, 3); // [n, h/sh, w/sw, sw, c]
      });
      return tf.stack(phaseRows, 2).reshape([n, h, w, c]) as tf.Tensor4D; // [n, h/sh, sh, w/sw, sw, c]
    }
    // Fallback: zero-dilate dy (length oh*sh, trailing zeros included) and convolve with the
    // rotated, in/out-swapped filter at stride 1.
    let dilated: tf.Tensor4D = dy;
    if (sh > 1 || sw > 1) {
      const o = dy.shape[3];
      dilated = dy
        .reshape([n, oh, 1, ow, 1, o])
        .pad([
          [0, 0],
          [0, 0],
          [0, sh - 1],
          [0, 0],
          [0, sw - 1],
          [0, 0],
        ])
        .reshape([n, oh * sh, ow * sw, o]);
    }
    const rotated = new TapSelector(filter).select(TapSelector.reversedTaps(0, kh, 1), TapSelector.reversedTaps(0, kw, 1));
    return convWithSignedPads(dilated, rotated, {
      top: kh - 1 - pads.top,
      bottom: h - oh * sh + pads.top,
      left: kw - 1 - pads.left,
      right: w - ow * sw + pads.left,
    });
  });
}

/** dw of conv2d(x, filter) given x and dy; result shaped filterShape [kh, kw, inC, outC]. */
export function conv2dFilterGradient(
  x: tf.Tensor4D,
  dy: tf.Tensor4D,
  filterShape: [number, number, number, number],
  strides: [number, number],
  pad: Pad,
  rounding?: Rounding,
): tf.Tensor4D {
  return tf.tidy(() => {
    const [kh, kw] = filterShape;
    const [sh, sw] = strides;
    const { pads } = padsOf(x.shape, filterShape, strides, pad, rounding);
    const [, h, w] = x.shape;
    const [, oh, ow] = dy.shape;
    const xT = tf.transpose(x, [3, 1, 2, 0]) as tf.Tensor4D; // [inC, h, w, n]
    const dyT = tf.transpose(dy, [1, 2, 0, 3]) as tf.Tensor4D; // [oh, ow, n, outC]
    const out = convWithSignedPads(
      xT,
      dyT,
      {
        top: pads.top,
        bottom: kh + (oh - 1) * sh - h - pads.top,
        left: pads.left,
        right: kw + (ow - 1) * sw - w - pads.left,
      },
      [sh, sw],
    ); // [inC, kh, kw, outC]
    return tf.transpose(out, [1, 2, 0, 3]) as tf.Tensor4D;
  });
}
