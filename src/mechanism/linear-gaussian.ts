import { cholesky, forwardSubstitute } from '../util/cholesky.js';
import { assert } from '../util/errors.js';
import type { Bijection } from './bijection.js';

/**
 * The exact affine flow of a multivariate Gaussian (method.md §1):
 *   f⁻¹(x) = L⁻¹(x − μ̂),  f(z) = μ̂ + L z,
 * with μ̂ the sample mean and L the Cholesky factor of the sample covariance
 * (divisor n − 1). Under this oracle x̃ = μ̂ + √w (x − μ̂) + √(1 − w) L ξ.
 *
 * @param x rows × p, row-major, no missing values; rows > p.
 */
export function fitLinearGaussian(x: Float64Array, rows: number, p: number): Bijection {
  assert(rows > p, () => `a ${p}-dimensional Gaussian needs more than ${p} rows, got ${rows}`);
  const mean = new Float64Array(p);
  for (let r = 0; r < rows; r++) {
    for (let j = 0; j < p; j++) mean[j] += x[r * p + j];
  }
  for (let j = 0; j < p; j++) mean[j] /= rows;

  const covariance = new Float64Array(p * p);
  for (let r = 0; r < rows; r++) {
    for (let a = 0; a < p; a++) {
      const da = x[r * p + a] - mean[a];
      for (let b = 0; b <= a; b++) covariance[a * p + b] += da * (x[r * p + b] - mean[b]);
    }
  }
  for (let a = 0; a < p; a++) {
    for (let b = 0; b <= a; b++) {
      covariance[a * p + b] /= rows - 1;
      covariance[b * p + a] = covariance[a * p + b];
    }
  }
  return linearGaussianBijection(mean, cholesky(covariance, p), p);
}

/** The affine bijection z ↦ μ + L z for a given mean and lower-triangular L. */
export function linearGaussianBijection(
  mean: Float64Array, lower: Float64Array, p: number,
): Bijection {
  return {
    dimension: p,
    toLatent(x, rows) {
      const z = new Float64Array(rows * p);
      for (let r = 0; r < rows; r++) {
        // Forward substitution: solve L z = x − μ.
        for (let i = 0; i < p; i++) z[r * p + i] = x[r * p + i] - mean[i];
        forwardSubstitute(lower, p, z, r * p);
      }
      return z;
    },
    fromLatent(z, rows) {
      const x = new Float64Array(rows * p);
      for (let r = 0; r < rows; r++) {
        for (let i = 0; i < p; i++) {
          let sum = mean[i];
          for (let k = 0; k <= i; k++) sum += lower[i * p + k] * z[r * p + k];
          x[r * p + i] = sum;
        }
      }
      return x;
    },
  };
}
