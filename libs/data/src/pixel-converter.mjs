// The WebAssembly SIMD uint8 -> float32 converter (u8-to-f32.wat) with a bump
// allocator over its memory. Plain JavaScript, like shard-read-worker.mjs that
// uses it, because a worker thread starts without its parent's TypeScript
// loader. Types: pixel-converter.d.mts.

import { U8_TO_F32_WASM } from './u8-to-f32.wasm.mjs';

const PAGE = 65536;
let compiled;

export function createPixelConverter() {
  compiled ??= new WebAssembly.Module(Buffer.from(U8_TO_F32_WASM, 'base64'));
  const { memory, convert } = new WebAssembly.Instance(compiled, {}).exports;
  let top = 64; // address 0 stays unused
  return {
    memory,
    /** Reserves `bytes` at a 16-byte aligned address, growing the memory; never freed. */
    alloc(bytes) {
      const at = (top + 15) & ~15;
      top = at + bytes;
      const pages = Math.ceil(top / PAGE) - memory.buffer.byteLength / PAGE;
      if (pages > 0) memory.grow(pages);
      return at;
    },
    /** For i < n: the `bytes` uint8 at offsets[i] (uint32 array at `offsetsAt`) become float32 at dstAt + 4 * i * bytes. */
    convert(offsetsAt, n, bytes, dstAt) {
      convert(offsetsAt, n, bytes, dstAt);
    },
  };
}
