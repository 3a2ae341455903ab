export interface PixelConverter {
  readonly memory: WebAssembly.Memory;
  alloc(bytes: number): number;
  convert(offsetsAt: number, n: number, bytes: number, dstAt: number): void;
}
export function createPixelConverter(): PixelConverter;
