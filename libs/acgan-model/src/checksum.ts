// A 64-bit hash of the exact bit patterns of float32 arrays (two murmur3-32 lanes with
// different seeds, over 32-bit words). Used to prove replicas hold identical parameters
// and optimiser moments; any single-bit difference changes it.
import { mix32 } from './keyed-random.ts';

function rotl(x: number, r: number): number {
  return (x << r) | (x >>> (32 - r));
}

/** Incremental hasher over Float32Arrays (and plain numbers stored as float32). */
export class BitHasher {
  private h1 = 0x2545f491;
  private h2 = 0x9e3779b9;
  private words = 0;

  private mixWord(w: number): void {
    let k = Math.imul(w, 0xcc9e2d51);
    k = rotl(k, 15);
    k = Math.imul(k, 0x1b873593);
    this.h1 ^= k;
    this.h1 = rotl(this.h1, 13);
    this.h1 = (Math.imul(this.h1, 5) + 0xe6546b64) | 0;
    let k2 = Math.imul(w ^ 0x5bd1e995, 0x85ebca77);
    k2 = rotl(k2, 17);
    k2 = Math.imul(k2, 0xc2b2ae3d);
    this.h2 ^= k2;
    this.h2 = rotl(this.h2, 11);
    this.h2 = (Math.imul(this.h2, 5) + 0x27d4eb2f) | 0;
  }

  update(data: Float32Array): this {
    const words = new Uint32Array(data.buffer, data.byteOffset, data.length);
    for (let i = 0; i < words.length; i++) this.mixWord(words[i]);
    this.words += words.length;
    return this;
  }

  /** 16 hex digits. */
  digest(): string {
    const n = this.words >>> 0;
    const a = mix32(this.h1 ^ n);
    const b = mix32(this.h2 ^ n ^ a);
    return a.toString(16).padStart(8, '0') + b.toString(16).padStart(8, '0');
  }
}
