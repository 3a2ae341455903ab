// Tests of the wire codec: exact IEEE behaviour of f16/bf16 and the no-copy paths.
import { describe, expect, it } from 'vitest';
import { ProtocolError } from './protocol-error.ts';
import { addDecodedInto, decodeToF32, encodeF32, type WireDtype } from './tensor-codec.ts';

function f32FromBits(bits: number): number {
  return new Float32Array(new Uint32Array([bits]).buffer)[0];
}
function encodeOne(value: number, dtype: WireDtype): number {
  return new Uint16Array(encodeF32(new Float32Array([value]), dtype).slice().buffer)[0];
}
function decodeBits(bits: number[], dtype: WireDtype): Float32Array {
  return decodeToF32(new Uint8Array(new Uint16Array(bits).buffer), dtype);
}

describe('f16', () => {
  it('round-trips all 65536 patterns (NaN stays NaN)', () => {
    const all = new Uint16Array(65536).map((_, i) => i);
    const f32 = decodeToF32(new Uint8Array(all.buffer), 'f16');
    const back = new Uint16Array(encodeF32(f32, 'f16').buffer);
    for (let h = 0; h < 65536; h++) {
      const isNaN = (h & 0x7c00) === 0x7c00 && (h & 0x3ff) !== 0;
      if (isNaN) {
        expect(Number.isNaN(f32[h])).toBe(true);
        expect((back[h] & 0x7c00) === 0x7c00 && (back[h] & 0x3ff) !== 0).toBe(true);
        expect(back[h] & 0x8000).toBe(h & 0x8000);
      } else if (back[h] !== h) {
        expect.fail(`pattern 0x${h.toString(16)} came back as 0x${back[h].toString(16)}`);
      }
    }
  });

  it('keeps +-Inf, -0 and quiet NaN', () => {
    expect(encodeOne(Infinity, 'f16')).toBe(0x7c00);
    expect(encodeOne(-Infinity, 'f16')).toBe(0xfc00);
    expect(encodeOne(-0, 'f16')).toBe(0x8000);
    expect(Object.is(decodeBits([0x8000], 'f16')[0], -0)).toBe(true);
    const nan = encodeOne(NaN, 'f16');
    expect(nan & 0x7e00).toBe(0x7e00);
    // A signalling NaN whose payload sits only in low bits must not become Inf.
    expect(encodeOne(f32FromBits(0x7f800001), 'f16') & 0x3ff).not.toBe(0);
    expect(decodeBits([0x7c00, 0xfc00], 'f16')).toEqual(new Float32Array([Infinity, -Infinity]));
  });

  it('overflows to Inf at the rounding boundary', () => {
    expect(encodeOne(65504, 'f16')).toBe(0x7bff);
    expect(encodeOne(65519.99, 'f16')).toBe(0x7bff);
    expect(encodeOne(65520, 'f16')).toBe(0x7c00); // tie goes to even = Inf
    expect(encodeOne(1e6, 'f16')).toBe(0x7c00);
    expect(encodeOne(-1e6, 'f16')).toBe(0xfc00);
  });

  it('rounds to nearest even', () => {
    // 1 + 2^-11 is halfway between 1 and 1 + 2^-10: tie to even (1).
    expect(encodeOne(1 + 2 ** -11, 'f16')).toBe(0x3c00);
    // 1 + 3 * 2^-11 is halfway between 1 + 2^-10 (odd) and 1 + 2^-9: goes up.
    expect(encodeOne(1 + 3 * 2 ** -11, 'f16')).toBe(0x3c02);
    expect(encodeOne(1 + 2 ** -11 + 2 ** -20, 'f16')).toBe(0x3c01);
  });

  it('handles subnormals both ways', () => {
    expect(encodeOne(2 ** -24, 'f16')).toBe(0x0001);
    expect(encodeOne(2 ** -25, 'f16')).toBe(0x0000); // tie to even
    expect(encodeOne(2 ** -25 * 1.0001, 'f16')).toBe(0x0001);
    expect(encodeOne(3 * 2 ** -25, 'f16')).toBe(0x0002); // tie 1.5 -> 2
    expect(encodeOne(-(2 ** -24) * 1023, 'f16')).toBe(0x83ff);
    expect(encodeOne(2 ** -14 - 2 ** -25, 'f16')).toBe(0x0400); // rounds up into the smallest normal
    expect(encodeOne(f32FromBits(1), 'f16')).toBe(0); // f32 subnormal underflows
    expect(decodeBits([0x0001, 0x03ff, 0x8001], 'f16')).toEqual(new Float32Array([2 ** -24, 1023 * 2 ** -24, -(2 ** -24)]));
  });
});

describe('bf16', () => {
  it('round-trips all 65536 patterns (NaN stays NaN)', () => {
    const all = new Uint16Array(65536).map((_, i) => i);
    const f32 = decodeToF32(new Uint8Array(all.buffer), 'bf16');
    const back = new Uint16Array(encodeF32(f32, 'bf16').buffer);
    for (let h = 0; h < 65536; h++) {
      const isNaN = (h & 0x7f80) === 0x7f80 && (h & 0x7f) !== 0;
      if (isNaN) {
        expect(Number.isNaN(f32[h])).toBe(true);
        expect((back[h] & 0x7f80) === 0x7f80 && (back[h] & 0x7f) !== 0).toBe(true);
      } else if (back[h] !== h) {
        expect.fail(`pattern 0x${h.toString(16)} came back as 0x${back[h].toString(16)}`);
      }
    }
  });

  it('keeps +-Inf, -0, NaN; overflows to Inf; rounds to nearest even; keeps subnormals', () => {
    expect(encodeOne(Infinity, 'bf16')).toBe(0x7f80);
    expect(encodeOne(-Infinity, 'bf16')).toBe(0xff80);
    expect(encodeOne(-0, 'bf16')).toBe(0x8000);
    expect(encodeOne(NaN, 'bf16') & 0x7fc0).toBe(0x7fc0);
    expect(encodeOne(f32FromBits(0x7f800001), 'bf16') & 0x7f).not.toBe(0);
    expect(encodeOne(f32FromBits(0x7f7fffff), 'bf16')).toBe(0x7f80); // max f32 overflows
    expect(encodeOne(f32FromBits(0x3f808000), 'bf16')).toBe(0x3f80); // tie, even stays
    expect(encodeOne(f32FromBits(0x3f818000), 'bf16')).toBe(0x3f82); // tie, odd goes up
    expect(encodeOne(f32FromBits(0x3f808001), 'bf16')).toBe(0x3f81);
    expect(encodeOne(f32FromBits(0x00010000), 'bf16')).toBe(0x0001); // subnormal
    expect(decodeBits([0x0001, 0x8000], 'bf16')).toEqual(new Float32Array([f32FromBits(0x00010000), -0]));
  });
});

describe('f32 paths', () => {
  it('encodeF32 returns a view on the same memory', () => {
    const src = new Float32Array([1, 2, 3]);
    const bytes = encodeF32(src, 'f32');
    expect(bytes.buffer).toBe(src.buffer);
    src[0] = 7;
    expect(decodeToF32(bytes, 'f32')[0]).toBe(7);
  });

  it('decodeToF32 views aligned bytes and copies unaligned ones', () => {
    const src = new Float32Array([1.5, -2.25]);
    const aligned = new Uint8Array(src.buffer);
    expect(decodeToF32(aligned, 'f32').buffer).toBe(src.buffer);
    const backing = new Uint8Array(9);
    backing.set(aligned, 1);
    const unaligned = backing.subarray(1);
    const copy = decodeToF32(unaligned, 'f32');
    expect(copy.buffer).not.toBe(backing.buffer);
    expect(Array.from(copy)).toEqual([1.5, -2.25]);
    const out = new Float32Array(2);
    expect(decodeToF32(aligned, 'f32', out)).toBe(out);
    expect(Array.from(out)).toEqual([1.5, -2.25]);
  });

  it('rejects a byte length that is not whole elements, and a wrong out length', () => {
    expect(() => decodeToF32(new Uint8Array(6), 'f32')).toThrow(ProtocolError);
    expect(() => decodeToF32(new Uint8Array(8), 'f32', new Float32Array(3))).toThrow(/3 elements, expected 2/);
  });
});

describe('addDecodedInto', () => {
  for (const dtype of ['f32', 'f16', 'bf16'] as const) {
    it(`adds ${dtype} bytes, aligned or not, equal to decode-then-add`, () => {
      const values = new Float32Array([0.5, -1.25, 3, 1024, -0.0078125]);
      const bytes = encodeF32(values, dtype);
      const acc = new Float32Array([1, 1, 1, 1, 1]);
      addDecodedInto(acc, bytes, dtype);
      const expected = decodeToF32(bytes, dtype).map((v) => v + 1);
      expect(acc).toEqual(expected);

      const shifted = new Uint8Array(bytes.byteLength + 1).subarray(1);
      shifted.set(bytes);
      const acc2 = new Float32Array([1, 1, 1, 1, 1]);
      addDecodedInto(acc2, shifted, dtype);
      expect(acc2).toEqual(expected);
    });
  }

  it('names both lengths on a mismatch', () => {
    expect(() => addDecodedInto(new Float32Array(3), new Uint8Array(8), 'f32')).toThrow(/3 elements.*2 f32/);
  });
});

describe('encodeF32 into a reusable buffer', () => {
  it('writes f16/bf16 into the given buffer and checks its size', () => {
    const src = new Float32Array([1, -2, 0.5]);
    for (const dtype of ['f16', 'bf16'] as const) {
      const out = new Uint8Array(6);
      expect(encodeF32(src, dtype, out)).toBe(out);
      expect(Array.from(decodeToF32(out, dtype))).toEqual([1, -2, 0.5]);
    }
    expect(() => encodeF32(src, 'f16', new Uint8Array(4))).toThrow(/4 bytes.*expected 6/);
  });
});
