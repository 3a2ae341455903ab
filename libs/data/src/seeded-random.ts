// A small seeded PRNG with an exactly specified output, so every process (the
// coordinator and each worker) derives the same permutation from the same
// seed, on any machine and Node version: xoshiro128** seeded by splitmix32.

/** splitmix32 step: a strong 32-bit mixer, used to expand seeds. */
export function mix32(x: number): number {
  let z = (x + 0x9e3779b9) | 0;
  z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
  z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
  return (z ^ (z >>> 16)) >>> 0;
}

export class SeededRandom {
  private s0: number;
  private s1: number;
  private s2: number;
  private s3: number;

  /** Seeds from any list of integers (each taken modulo 2^53, split into two 32-bit words). */
  constructor(...seeds: number[]) {
    let h = 0x6a09e667;
    for (const seed of seeds) {
      const hi = Math.floor(seed / 0x100000000) >>> 0;
      h = mix32(h ^ (seed >>> 0));
      h = mix32(h ^ hi);
    }
    this.s0 = h = mix32(h);
    this.s1 = h = mix32(h);
    this.s2 = h = mix32(h);
    this.s3 = mix32(h);
    if ((this.s0 | this.s1 | this.s2 | this.s3) === 0) this.s0 = 1; // the all-zero state is a fixed point
  }

  /** Next uniform uint32 (xoshiro128**). */
  nextUint32(): number {
    const result = Math.imul(rotl(Math.imul(this.s1, 5), 7), 9) >>> 0;
    const t = this.s1 << 9;
    this.s2 ^= this.s0;
    this.s3 ^= this.s1;
    this.s1 ^= this.s2;
    this.s0 ^= this.s3;
    this.s2 ^= t;
    this.s3 = rotl(this.s3, 11);
    return result;
  }

  /** Uniform integer in [0, n) for 1 <= n <= 2^32, without modulo bias (rejection). */
  nextBelow(n: number): number {
    const limit = 0x100000000 - (0x100000000 % n);
    let x = this.nextUint32();
    while (x >= limit) x = this.nextUint32();
    return x % n;
  }
}

function rotl(x: number, k: number): number {
  return (x << k) | (x >>> (32 - k));
}

/** Fisher-Yates shuffle of 0..n-1 drawn from `rng` (from the last position down). */
export function randomPermutation(n: number, rng: SeededRandom): Uint32Array {
  const p = new Uint32Array(n);
  for (let i = 0; i < n; i++) p[i] = i;
  return shuffleRange(p, 0, n, rng);
}

/** Fisher-Yates shuffle of a[start..end) in place, drawn from `rng` (from the last position down); returns `a`. */
export function shuffleRange(a: Uint32Array, start: number, end: number, rng: SeededRandom): Uint32Array {
  for (let i = end - 1; i > start; i--) {
    const j = start + rng.nextBelow(i - start + 1);
    const t = a[i];
    a[i] = a[j];
    a[j] = t;
  }
  return a;
}
