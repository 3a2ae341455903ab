// Feature statistics in float64 plain JS: mean and covariance of a set of feature vectors,
// the Frechet distance between two Gaussians fitted to them, and the mean pairwise distance
// used as a diversity measure. Feature dimensions are small (the classifier's 64), so a
// cyclic Jacobi eigen-decomposition of a symmetric d x d matrix is exact enough and fast.
//
// Frechet distance of N(mu1, S1) and N(mu2, S2):
//   |mu1 - mu2|^2 + tr(S1) + tr(S2) - 2 tr((S1 S2)^(1/2))
// and tr((S1 S2)^(1/2)) = tr((R S2 R)^(1/2)) with R = S1^(1/2) symmetric, because S1 S2 is
// similar to R S2 R (R^-1 (R S2 R) R = S1 S2 when R is invertible, and by continuity otherwise).
// R S2 R is symmetric positive semi-definite, so its trace-root is the sum of the square roots of
// its eigenvalues (round-off negatives clipped to 0). Everything stays in symmetric matrices.

/** Row-major d x d matrix of float64. */
export interface Matrix {
  d: number;
  data: Float64Array;
}

export interface FeatureStats {
  /** Number of vectors the statistics were computed from. */
  n: number;
  mean: Float64Array;
  /** Unbiased covariance (divides by n - 1; zeros when n = 1). */
  cov: Matrix;
}

/** n feature vectors of dimension d, stored row-major. */
export interface FeatureSet {
  n: number;
  d: number;
  data: Float32Array | Float64Array;
}

export function featureStats(f: FeatureSet): FeatureStats {
  const { n, d, data } = f;
  if (n < 1) throw new Error('featureStats: no feature vectors (n = 0)');
  if (data.length !== n * d) throw new Error(`featureStats: ${data.length} values, expected n*d = ${n}*${d}`);
  const mean = new Float64Array(d);
  for (let i = 0; i < n; i++) for (let j = 0; j < d; j++) mean[j] += data[i * d + j];
  for (let j = 0; j < d; j++) mean[j] /= n;
  const cov = new Float64Array(d * d);
  const centred = new Float64Array(d);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < d; j++) centred[j] = data[i * d + j] - mean[j];
    for (let a = 0; a < d; a++) {
      const ca = centred[a];
      if (ca === 0) continue;
      for (let b = a; b < d; b++) cov[a * d + b] += ca * centred[b];
    }
  }
  const denom = n > 1 ? n - 1 : 1;
  for (let a = 0; a < d; a++) {
    for (let b = a; b < d; b++) {
      const v = n > 1 ? cov[a * d + b] / denom : 0;
      cov[a * d + b] = v;
      cov[b * d + a] = v;
    }
  }
  return { n, mean, cov: { d, data: cov } };
}

/**
 * Eigen-decomposition of a symmetric matrix by cyclic Jacobi rotations.
 * Returns eigenvalues and the eigenvectors as the columns of a row-major matrix V (A = V diag V^T).
 */
export function symmetricEigen(m: Matrix, maxSweeps = 100): { values: Float64Array; vectors: Matrix } {
  const { d } = m;
  const a = Float64Array.from(m.data);
  const v = new Float64Array(d * d);
  for (let i = 0; i < d; i++) v[i * d + i] = 1;
  for (let i = 0; i < d; i++) {
    for (let j = i + 1; j < d; j++) {
      if (Math.abs(a[i * d + j] - a[j * d + i]) > 1e-9 * (Math.abs(a[i * d + j]) + Math.abs(a[j * d + i]) + 1e-300)) {
        throw new Error(`symmetricEigen: matrix is not symmetric at (${i}, ${j})`);
      }
    }
  }
  let scale = 0;
  for (let i = 0; i < d * d; i++) scale += a[i] * a[i];
  const tolerance = 1e-24 * scale;
  for (let sweep = 0; sweep < maxSweeps; sweep++) {
    let off = 0;
    for (let p = 0; p < d; p++) for (let q = p + 1; q < d; q++) off += a[p * d + q] * a[p * d + q];
    if (off <= tolerance || off === 0) break;
    for (let p = 0; p < d; p++) {
      for (let q = p + 1; q < d; q++) {
        const apq = a[p * d + q];
        if (apq === 0) continue;
        const app = a[p * d + p];
        const aqq = a[q * d + q];
        // Rotation angle that zeroes a[p][q] (Golub & Van Loan's symmetric Schur step).
        const theta = (aqq - app) / (2 * apq);
        const t = Math.sign(theta || 1) / (Math.abs(theta) + Math.sqrt(theta * theta + 1));
        const c = 1 / Math.sqrt(t * t + 1);
        const s = t * c;
        for (let k = 0; k < d; k++) {
          const akp = a[k * d + p];
          const akq = a[k * d + q];
          a[k * d + p] = c * akp - s * akq;
          a[k * d + q] = s * akp + c * akq;
        }
        for (let k = 0; k < d; k++) {
          const apk = a[p * d + k];
          const aqk = a[q * d + k];
          a[p * d + k] = c * apk - s * aqk;
          a[q * d + k] = s * apk + c * aqk;
        }
        for (let k = 0; k < d; k++) {
          const vkp = v[k * d + p];
          const vkq = v[k * d + q];
          v[k * d + p] = c * vkp - s * vkq;
          v[k * d + q] = s * vkp + c * vkq;
        }
      }
    }
  }
  const values = new Float64Array(d);
  for (let i = 0; i < d; i++) values[i] = a[i * d + i];
  return { values, vectors: { d, data: v } };
}

/** Square root of a symmetric positive semi-definite matrix (negative eigenvalues from round-off -> 0). */
export function sqrtPsd(m: Matrix): Matrix {
  const { d } = m;
  const { values, vectors } = symmetricEigen(m);
  const root = values.map((x) => Math.sqrt(Math.max(0, x)));
  const out = new Float64Array(d * d);
  const V = vectors.data;
  for (let i = 0; i < d; i++) {
    for (let j = i; j < d; j++) {
      let sum = 0;
      for (let k = 0; k < d; k++) sum += V[i * d + k] * root[k] * V[j * d + k];
      out[i * d + j] = sum;
      out[j * d + i] = sum;
    }
  }
  return { d, data: out };
}

function multiply(x: Matrix, y: Matrix): Matrix {
  const { d } = x;
  const out = new Float64Array(d * d);
  for (let i = 0; i < d; i++) {
    for (let k = 0; k < d; k++) {
      const xik = x.data[i * d + k];
      if (xik === 0) continue;
      for (let j = 0; j < d; j++) out[i * d + j] += xik * y.data[k * d + j];
    }
  }
  return { d, data: out };
}

function trace(m: Matrix): number {
  let t = 0;
  for (let i = 0; i < m.d; i++) t += m.data[i * m.d + i];
  return t;
}

/** Frechet distance between the Gaussians N(a.mean, a.cov) and N(b.mean, b.cov); >= 0. */
export function frechetDistance(a: Pick<FeatureStats, 'mean' | 'cov'>, b: Pick<FeatureStats, 'mean' | 'cov'>): number {
  const d = a.mean.length;
  if (b.mean.length !== d || a.cov.d !== d || b.cov.d !== d) {
    throw new Error(`frechetDistance: dimensions differ (${d}, ${b.mean.length}, ${a.cov.d}, ${b.cov.d})`);
  }
  let meanTerm = 0;
  for (let i = 0; i < d; i++) meanTerm += (a.mean[i] - b.mean[i]) ** 2;
  const r = sqrtPsd(a.cov);
  const inner = multiply(multiply(r, b.cov), r);
  // Symmetrise against round-off before the eigen-decomposition.
  for (let i = 0; i < d; i++) {
    for (let j = i + 1; j < d; j++) {
      const s = (inner.data[i * d + j] + inner.data[j * d + i]) / 2;
      inner.data[i * d + j] = s;
      inner.data[j * d + i] = s;
    }
  }
  const { values } = symmetricEigen(inner);
  let traceRoot = 0;
  for (const x of values) traceRoot += Math.sqrt(Math.max(0, x));
  const fd = meanTerm + trace(a.cov) + trace(b.cov) - 2 * traceRoot;
  return Math.max(0, fd);
}

/** Mean Euclidean distance over all unordered pairs of distinct vectors (0 when n < 2). */
export function meanPairwiseDistance(f: FeatureSet): number {
  const { n, d, data } = f;
  if (n < 2) return 0;
  let sum = 0;
  for (let i = 0; i < n; i++) {
    for (let j = i + 1; j < n; j++) {
      let s = 0;
      for (let k = 0; k < d; k++) {
        const diff = data[i * d + k] - data[j * d + k];
        s += diff * diff;
      }
      sum += Math.sqrt(s);
    }
  }
  return sum / ((n * (n - 1)) / 2);
}
