import { describe, expect, it } from 'vitest';
import { SeededRandom } from '@acgan/data';
import { featureStats, frechetDistance, meanPairwiseDistance, sqrtPsd, symmetricEigen, type FeatureSet, type Matrix } from './statistics.ts';

function normals(rng: SeededRandom, n: number): Float64Array {
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const u = (rng.nextUint32() + 0.5) / 4294967296;
    const v = (rng.nextUint32() + 0.5) / 4294967296;
    out[i] = Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
  }
  return out;
}

/** n correlated d-dim vectors: x = z W + shift. */
function correlated(n: number, d: number, seed: number, shift = 0): FeatureSet {
  const rng = new SeededRandom(seed);
  const w = normals(rng, d * d);
  const z = normals(rng, n * d);
  const data = new Float64Array(n * d);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < d; j++) {
      let s = shift;
      for (let k = 0; k < d; k++) s += z[i * d + k] * w[k * d + j];
      data[i * d + j] = s;
    }
  }
  return { n, d, data };
}

function diag(values: number[]): Matrix {
  const d = values.length;
  const data = new Float64Array(d * d);
  values.forEach((v, i) => (data[i * d + i] = v));
  return { d, data };
}

function matmul(a: Matrix, b: Matrix): Float64Array {
  const { d } = a;
  const out = new Float64Array(d * d);
  for (let i = 0; i < d; i++) for (let j = 0; j < d; j++) for (let k = 0; k < d; k++) out[i * d + j] += a.data[i * d + k] * b.data[k * d + j];
  return out;
}

function maxAbsDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i] - b[i]));
  return m;
}

describe('feature statistics', () => {
  it('featureStats gives the mean and the unbiased covariance', () => {
    const s = featureStats({ n: 3, d: 2, data: Float64Array.of(1, 2, 3, 4, 5, 9) });
    expect(Array.from(s.mean)).toEqual([3, 5]);
    // x: 1,3,5 (var 4); y: 2,4,9 (var 13); cov = ((-2)(-3) + 0 + 2*4) / 2 = 7
    expect(Array.from(s.cov.data)).toEqual([4, 7, 7, 13]);
  });

  it('symmetricEigen reconstructs a random symmetric matrix and sqrtPsd squares back to it', () => {
    const stats = featureStats(correlated(200, 12, 3));
    const { values, vectors } = symmetricEigen(stats.cov);
    const { d } = stats.cov;
    const recon = new Float64Array(d * d);
    for (let i = 0; i < d; i++) for (let j = 0; j < d; j++) for (let k = 0; k < d; k++) recon[i * d + j] += vectors.data[i * d + k] * values[k] * vectors.data[j * d + k];
    const scale = Math.max(...Array.from(stats.cov.data, Math.abs));
    expect(maxAbsDiff(recon, stats.cov.data) / scale).toBeLessThan(1e-10);
    const root = sqrtPsd(stats.cov);
    expect(maxAbsDiff(matmul(root, root), stats.cov.data) / scale).toBeLessThan(1e-9);
  });

  it('Frechet distance of identical statistics is ~0, for a full-rank and a rank-deficient covariance', () => {
    const full = featureStats(correlated(300, 16, 5));
    expect(frechetDistance(full, full)).toBeLessThan(1e-8 * (1 + full.cov.data.reduce((a, b) => a + Math.abs(b), 0)));
    // 10 vectors in 16 dimensions: covariance of rank 9, like a small generated set.
    const thin = featureStats(correlated(10, 16, 6));
    expect(frechetDistance(thin, thin)).toBeLessThan(1e-6);
  });

  it('Frechet distance of diagonal covariances equals |dmu|^2 + sum (sqrt(a) - sqrt(b))^2 and grows with the mean shift', () => {
    const a = diag([1, 4, 9, 0.25]);
    const b = diag([4, 1, 9, 1]);
    const covTerm = (1 - 2) ** 2 + (2 - 1) ** 2 + 0 + (0.5 - 1) ** 2;
    let previous = -1;
    for (const shift of [0, 0.5, 1, 2, 4]) {
      const fd = frechetDistance({ mean: Float64Array.of(0, 0, 0, 0), cov: a }, { mean: Float64Array.of(shift, -shift, 0, shift), cov: b });
      expect(fd).toBeCloseTo(3 * shift * shift + covTerm, 10);
      expect(fd).toBeGreaterThan(previous);
      previous = fd;
    }
    // Same covariance: exactly the squared mean shift.
    expect(frechetDistance({ mean: Float64Array.of(0, 0, 0, 0), cov: a }, { mean: Float64Array.of(3, 0, 0, 4), cov: a })).toBeCloseTo(25, 10);
  });

  it('Frechet distance is symmetric for full covariances and positive between different distributions', () => {
    const x = featureStats(correlated(400, 8, 7));
    const y = featureStats(correlated(400, 8, 8, 0.5));
    const xy = frechetDistance(x, y);
    expect(xy).toBeGreaterThan(1);
    expect(Math.abs(xy - frechetDistance(y, x)) / xy).toBeLessThan(1e-9);
  });

  it('mean pairwise distance is 0 for identical vectors and exact on a small case', () => {
    const same = new Float64Array(5 * 3).fill(0.7);
    expect(meanPairwiseDistance({ n: 5, d: 3, data: same })).toBe(0);
    // (0,0), (3,4), (6,8): distances 5, 10, 5 -> mean 20/3
    expect(meanPairwiseDistance({ n: 3, d: 2, data: Float64Array.of(0, 0, 3, 4, 6, 8) })).toBeCloseTo(20 / 3, 12);
    expect(meanPairwiseDistance({ n: 1, d: 2, data: Float64Array.of(1, 2) })).toBe(0);
  });
});
