import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { createPixelConverter } from './pixel-converter.mjs';

const SCRIPT = fileURLToPath(new URL('../scripts/build-wasm.mjs', import.meta.url));

/** The scalar readers' value of a byte (image-convert.ts). */
const reference = (v: number) => Math.fround(v / 127.5 - 1);

describe('u8-to-f32 WebAssembly SIMD converter', () => {
  it('is compiled from the committed .wat (build-wasm.mjs --check)', () => {
    expect(execFileSync(process.execPath, [SCRIPT, '--check'], { encoding: 'utf8' })).toContain('up to date');
  });

  it("gives every byte value exactly the scalar readers' float32", () => {
    const c = createPixelConverter();
    const src = c.alloc(256);
    const offsets = c.alloc(4);
    const dst = c.alloc(256 * 4);
    const mem = new Uint8Array(c.memory.buffer);
    for (let v = 0; v < 256; v++) mem[src + v] = v;
    new Uint32Array(c.memory.buffer, offsets, 1)[0] = src;
    c.convert(offsets, 1, 256, dst);
    const out = new Float32Array(c.memory.buffer, dst, 256);
    for (let v = 0; v < 256; v++) expect(out[v], `byte ${v}`).toBe(reference(v));
    expect(out[0]).toBe(-1);
    expect(out[255]).toBe(1);
  });

  it.each([1, 15, 16, 17, 33, 784, 3072])('gathers records of %i bytes from unaligned, out-of-order addresses', (bytes) => {
    const c = createPixelConverter();
    const records = 5;
    const stride = bytes + 3; // records sit at odd distances, like shard records with their 2-byte labels
    const src = c.alloc(records * stride + 1) + 1;
    const offsets = c.alloc(records * 4);
    const dst = c.alloc(records * bytes * 4);
    const mem = new Uint8Array(c.memory.buffer);
    for (let i = 0; i < records * stride; i++) mem[src + i] = (i * 37 + 11) & 255;
    const order = [3, 0, 4, 4, 1];
    const offs = new Uint32Array(c.memory.buffer, offsets, records);
    order.forEach((r, i) => (offs[i] = src + r * stride));
    // A sentinel right after the output must survive (no write past n * bytes floats).
    const sentinelAt = c.alloc(16);
    new Float32Array(c.memory.buffer, sentinelAt, 1)[0] = 42;
    c.convert(offsets, records, bytes, dst);
    const out = new Float32Array(c.memory.buffer, dst, records * bytes);
    order.forEach((r, i) => {
      for (let j = 0; j < bytes; j++) {
        if (out[i * bytes + j] !== reference(mem[src + r * stride + j])) {
          expect.fail(`record ${i} (source ${r}) byte ${j}: ${out[i * bytes + j]}, expected ${reference(mem[src + r * stride + j])}`);
        }
      }
    });
    expect(new Float32Array(c.memory.buffer, sentinelAt, 1)[0]).toBe(42);
  });

  it('keeps addresses valid when the memory grows (alloc is 16-byte aligned)', () => {
    const c = createPixelConverter();
    const a = c.alloc(10);
    const b = c.alloc(5 << 20);
    expect(a % 16).toBe(0);
    expect(b % 16).toBe(0);
    expect(b).toBeGreaterThanOrEqual(a + 10);
    expect(c.memory.buffer.byteLength).toBeGreaterThanOrEqual(b + (5 << 20));
  });
});
