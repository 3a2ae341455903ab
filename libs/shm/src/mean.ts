// The average of one bucket over ranks, summed in rank order: ((g0 + g1) + g2) + ...,
// each add rounded to float32, then scaled by 1/N and rounded once more. The same
// bits whoever computes it: the native kernel (native/shm.c) when it is built, these
// loops otherwise (a test compares them).
import { native } from './native.ts';

/** out[i] = mean of inputs[*][i] for i in [from, to); returns whether every result is finite. */
export function meanInto(out: Float32Array, inputs: readonly Float32Array[], from = 0, to = out.length): boolean {
  if (inputs.length === 0) throw new Error('meanInto: no inputs');
  if (!(from >= 0 && to >= from && to <= out.length) || inputs.some((x) => x.length < to)) {
    throw new Error(`meanInto: range [${from}, ${to}) does not fit out (${out.length}) and every input`);
  }
  const inv = 1 / inputs.length;
  const kernel = native();
  if (kernel) return kernel.meanInto(out, inputs, inv, from, to);
  return meanIntoJs(out, inputs, inv, from, to);
}

/** The JavaScript loops: the fallback, and the reference the native kernel is tested against. */
export function meanIntoJs(out: Float32Array, inputs: readonly Float32Array[], inv: number, from: number, to: number): boolean {
  let bad = 0;
  if (inputs.length === 1) {
    const a = inputs[0];
    for (let i = from; i < to; i++) {
      const v = a[i] * inv;
      out[i] = v;
      bad |= v - v !== 0 ? 1 : 0; // NaN and +-Inf fail v - v === 0
    }
    return bad === 0;
  }
  const [a, b] = inputs;
  if (inputs.length === 2) {
    for (let i = from; i < to; i++) {
      const v = Math.fround(Math.fround(a[i] + b[i]) * inv);
      out[i] = v;
      bad |= v - v !== 0 ? 1 : 0;
    }
    return bad === 0;
  }
  for (let i = from; i < to; i++) {
    let s = Math.fround(a[i] + b[i]);
    for (let r = 2; r < inputs.length; r++) s = Math.fround(s + inputs[r][i]);
    const v = Math.fround(s * inv);
    out[i] = v;
    bad |= v - v !== 0 ? 1 : 0;
  }
  return bad === 0;
}
