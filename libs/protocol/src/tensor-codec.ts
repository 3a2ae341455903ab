// Float tensors to and from wire bytes: f32 as is, or f16/bf16 (half the bytes).
// The coordinator's reduction runs `addDecodedInto` on every bucket of every rank,
// so the hot paths are plain typed-array loops over views, with no allocation.
// Rounding is IEEE round-to-nearest-even; NaN stays a (quiet) NaN, +-Inf and -0
// are kept, overflow goes to +-Inf, subnormals are exact both ways.
import { ProtocolError } from './protocol-error.ts';
import { Dtype } from './schema.ts';

export type WireDtype = 'f32' | 'f16' | 'bf16';

export const WIRE_DTYPES: readonly WireDtype[] = ['f32', 'f16', 'bf16'];

/** Bytes per element on the wire. */
export function wireDtypeSize(dtype: WireDtype): number {
  return dtype === 'f32' ? 4 : 2;
}

export function wireDtypeToProto(dtype: WireDtype): Dtype {
  return dtype === 'f32' ? Dtype.F32 : dtype === 'f16' ? Dtype.F16 : Dtype.BF16;
}

/** The WireDtype for a proto Dtype, or undefined for a non-float dtype. */
export function protoToWireDtype(dtype: Dtype): WireDtype | undefined {
  if (dtype === Dtype.F32) return 'f32';
  if (dtype === Dtype.F16) return 'f16';
  if (dtype === Dtype.BF16) return 'bf16';
  return undefined;
}

// The wire is little-endian and these views use host order: refuse to run on a
// big-endian host rather than silently send byte-swapped gradients.
if (new Uint8Array(new Uint16Array([1]).buffer)[0] !== 1) {
  throw new Error('tensor-codec: big-endian hosts are not supported (the wire format is little-endian)');
}

// Scratch for reinterpreting one float's bits.
const f32Scratch = new Float32Array(1);
const u32Scratch = new Uint32Array(f32Scratch.buffer);

/** f32 bit pattern -> f16 bit pattern, round-to-nearest-even. */
export function f32BitsToF16(x: number): number {
  const sign = (x >>> 16) & 0x8000;
  const abs = x & 0x7fffffff;
  if (abs >= 0x7f800000) {
    // Inf stays Inf; NaN keeps the top payload bits and gets the quiet bit, so it
    // can never turn into Inf by losing its low payload bits.
    return abs === 0x7f800000 ? sign | 0x7c00 : sign | 0x7e00 | ((abs >>> 13) & 0x3ff);
  }
  // 65520 is halfway between 65504 (max f16) and 65536; the tie goes to the even
  // neighbour, which is Inf.
  if (abs >= 0x477ff000) return sign | 0x7c00;
  if (abs < 0x38800000) {
    // Result is an f16 subnormal (or zero): units of 2^-24. 2^-25 exactly ties to 0.
    if (abs <= 0x33000000) return sign;
    const exp = abs >>> 23;
    const mant = (abs & 0x7fffff) | 0x800000;
    const shift = 126 - exp; // 14..24
    let r = mant >>> shift;
    const rem = mant & ((1 << shift) - 1);
    const half = 1 << (shift - 1);
    if (rem > half || (rem === half && (r & 1) !== 0)) r++;
    return sign | r; // r may carry into 0x400, which is the smallest normal: correct
  }
  let r = (abs - 0x38000000) >>> 13; // rebias exponent 127 -> 15
  const rem = abs & 0x1fff;
  if (rem > 0x1000 || (rem === 0x1000 && (r & 1) !== 0)) r++;
  return sign | r;
}

/** f32 bit pattern -> bf16 bit pattern, round-to-nearest-even. */
export function f32BitsToBf16(x: number): number {
  if ((x & 0x7fffffff) > 0x7f800000) return ((x >>> 16) | 0x0040) & 0xffff; // quiet NaN
  let r = x >>> 16;
  const rem = x & 0xffff;
  // A carry out of the mantissa bumps the exponent; from the largest finite it
  // lands exactly on Inf, which is the correct overflow.
  if (rem > 0x8000 || (rem === 0x8000 && (r & 1) !== 0)) r++;
  return r & 0xffff;
}

/** f16 bit pattern -> f32 bit pattern (exact). */
export function f16BitsToF32Bits(h: number): number {
  const sign = (h & 0x8000) << 16;
  const exp = (h >>> 10) & 0x1f;
  const mant = h & 0x3ff;
  if (exp === 0x1f) return (sign | 0x7f800000 | (mant << 13) | (mant !== 0 ? 0x400000 : 0)) >>> 0;
  if (exp !== 0) return (sign | ((exp + 112) << 23) | (mant << 13)) >>> 0;
  if (mant === 0) return sign >>> 0;
  // Subnormal: mant * 2^-24 is exactly representable as a normal f32.
  f32Scratch[0] = mant * 2 ** -24;
  return (u32Scratch[0] | sign) >>> 0;
}

// One table per 16-bit format: decoding is then one load per element, which is
// what keeps the reduction at wire speed. 2 x 256 KiB, built once.
const F16_TABLE = new Float32Array(65536);
const BF16_TABLE = new Float32Array(65536);
{
  const f16Bits = new Uint32Array(F16_TABLE.buffer);
  const bf16Bits = new Uint32Array(BF16_TABLE.buffer);
  for (let h = 0; h < 65536; h++) {
    f16Bits[h] = f16BitsToF32Bits(h);
    bf16Bits[h] = h << 16;
  }
}

/**
 * Encodes float32 values for the wire. For 'f32' the result is a view on the SAME
 * memory as `src` (no copy): do not change `src` until the send has completed.
 * For f16/bf16, `out` (2 bytes per element, 2-byte aligned) receives the encoding
 * instead of a new array: fresh 16-bit buffers cost page faults comparable to the
 * conversion itself, so a worker keeps one per bucket and reuses it every step
 * (safe once the step's averaged buckets came back: the sent bytes were delivered).
 */
export function encodeF32(src: Float32Array, dtype: WireDtype, out?: Uint8Array): Uint8Array {
  if (dtype === 'f32') return new Uint8Array(src.buffer, src.byteOffset, src.byteLength);
  const n = src.length;
  if (out !== undefined && (out.byteLength !== 2 * n || out.byteOffset % 2 !== 0)) {
    throw new ProtocolError('SIZE_MISMATCH', `encode buffer has ${out.byteLength} bytes at offset ${out.byteOffset}, expected ${2 * n} bytes, 2-byte aligned`, {
      got: out.byteLength,
      expected: 2 * n,
    });
  }
  const dst = out === undefined ? new Uint16Array(n) : new Uint16Array(out.buffer, out.byteOffset, n);
  const bits = new Uint32Array(src.buffer, src.byteOffset, n);
  if (dtype === 'f16') {
    for (let i = 0; i < n; i++) dst[i] = f32BitsToF16(bits[i]);
  } else {
    for (let i = 0; i < n; i++) dst[i] = f32BitsToBf16(bits[i]);
  }
  return out ?? new Uint8Array(dst.buffer);
}

/**
 * Decodes wire bytes to float32. For 'f32' with a 4-byte-aligned `bytes` and no
 * `out`, returns a view on the same memory (no copy); otherwise writes a copy into
 * `out` (or a new array).
 */
export function decodeToF32(bytes: Uint8Array, dtype: WireDtype, out?: Float32Array): Float32Array {
  const n = elementCount(bytes, dtype);
  if (out !== undefined && out.length !== n) {
    throw new ProtocolError('SIZE_MISMATCH', `output has ${out.length} elements, expected ${n}`, {
      got: out.length,
      expected: n,
    });
  }
  if (dtype === 'f32') {
    if (bytes.byteOffset % 4 === 0) {
      const view = new Float32Array(bytes.buffer, bytes.byteOffset, n);
      if (out === undefined) return view;
      out.set(view);
      return out;
    }
    const dst = out ?? new Float32Array(n);
    new Uint8Array(dst.buffer, dst.byteOffset, dst.byteLength).set(bytes);
    return dst;
  }
  const dst = out ?? new Float32Array(n);
  const table = dtype === 'f16' ? F16_TABLE : BF16_TABLE;
  if (bytes.byteOffset % 2 === 0) {
    const src = new Uint16Array(bytes.buffer, bytes.byteOffset, n);
    for (let i = 0; i < n; i++) dst[i] = table[src[i]];
  } else {
    for (let i = 0; i < n; i++) dst[i] = table[bytes[2 * i] | (bytes[2 * i + 1] << 8)];
  }
  return dst;
}

/** acc[i] += decoded(bytes)[i], without materialising the decoded array. */
export function addDecodedInto(acc: Float32Array, bytes: Uint8Array, dtype: WireDtype): void {
  const n = elementCount(bytes, dtype);
  if (acc.length !== n) {
    throw new ProtocolError('SIZE_MISMATCH', `accumulator has ${acc.length} elements, bytes hold ${n} ${dtype}`, {
      got: n,
      expected: acc.length,
    });
  }
  if (dtype === 'f32') {
    if (bytes.byteOffset % 4 === 0) {
      const src = new Float32Array(bytes.buffer, bytes.byteOffset, n);
      for (let i = 0; i < n; i++) acc[i] += src[i];
    } else {
      // Unaligned frames are rare (only small, copied ones); correctness over speed.
      const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
      for (let i = 0; i < n; i++) acc[i] += view.getFloat32(4 * i, true);
    }
    return;
  }
  const table = dtype === 'f16' ? F16_TABLE : BF16_TABLE;
  if (bytes.byteOffset % 2 === 0) {
    const src = new Uint16Array(bytes.buffer, bytes.byteOffset, n);
    for (let i = 0; i < n; i++) acc[i] += table[src[i]];
  } else {
    for (let i = 0; i < n; i++) acc[i] += table[bytes[2 * i] | (bytes[2 * i + 1] << 8)];
  }
}

function elementCount(bytes: Uint8Array, dtype: WireDtype): number {
  const size = wireDtypeSize(dtype);
  if (bytes.byteLength % size !== 0) {
    throw new ProtocolError('SIZE_MISMATCH', `${bytes.byteLength} bytes is not a whole number of ${dtype} elements`, {
      got: bytes.byteLength,
      expected: `a multiple of ${size}`,
    });
  }
  return bytes.byteLength / size;
}
