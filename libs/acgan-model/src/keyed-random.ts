// Deterministic random numbers keyed by a tuple of integers, e.g. (run seed, step, rank, phase).
// A stream depends only on its key, never on what was drawn before, so a rank that restarts
// at step k draws exactly the noise and fake labels it would have drawn without the restart.
// Generator: sfc32, state derived from the key by murmur3's finaliser; normals by Box-Muller.

/** murmur3's 32-bit finaliser: every input bit affects every output bit. */
export function mix32(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/** A small stream of uniform and normal numbers. */
export class KeyedRandom {
  private a: number;
  private b: number;
  private c: number;
  private d: number;

  /** key: integers (may exceed 32 bits, up to 2^53; negative allowed). */
  constructor(key: readonly number[]) {
    let h = 0x9e3779b9;
    for (const k of key) {
      if (!Number.isSafeInteger(k)) throw new Error(`KeyedRandom: key part ${k} is not a safe integer`);
      const lo = k >>> 0;
      const hi = Math.floor(k / 4294967296) >>> 0;
      h = mix32(h ^ mix32(lo + 0x632be5ab));
      h = mix32(h ^ mix32(hi + 0x1b873593));
    }
    this.a = mix32(h ^ 0x243f6a88);
    this.b = mix32(h ^ 0x85a308d3);
    this.c = mix32(h ^ 0x13198a2e);
    this.d = 1;
    for (let i = 0; i < 12; i++) this.nextUint32();
  }

  nextUint32(): number {
    const t = (((this.a + this.b) >>> 0) + this.d) >>> 0;
    this.d = (this.d + 1) >>> 0;
    this.a = this.b ^ (this.b >>> 9);
    this.b = (this.c + (this.c << 3)) >>> 0;
    this.c = ((this.c << 21) | (this.c >>> 11)) >>> 0;
    this.c = (this.c + t) >>> 0;
    return t;
  }

  /** Uniform in the open interval (0, 1). */
  nextUniform(): number {
    return (this.nextUint32() + 0.5) / 4294967296;
  }

  /** n standard normal numbers (Box-Muller, both outputs used). */
  normals(n: number): Float32Array {
    const out = new Float32Array(n);
    for (let i = 0; i < n; i += 2) {
      const r = Math.sqrt(-2 * Math.log(this.nextUniform()));
      const theta = 2 * Math.PI * this.nextUniform();
      out[i] = r * Math.cos(theta);
      if (i + 1 < n) out[i + 1] = r * Math.sin(theta);
    }
    return out;
  }

  /** n integers uniform in [0, bound). */
  integers(n: number, bound: number): Int32Array {
    const out = new Int32Array(n);
    for (let i = 0; i < n; i++) out[i] = Math.floor(this.nextUniform() * bound);
    return out;
  }
}

/** Numeric code of a training phase inside a random key. */
export const PHASE_KEY = { D: 1, G: 2 } as const;

/** Noise (n x latentDim, row-major) for generate() and for an exported generator: keyed by noiseSeed only. */
export function sampleLatent(noiseSeed: number, n: number, latentDim: number): Float32Array {
  return new KeyedRandom([noiseSeed, 0x6e6f6973]).normals(n * latentDim);
}
