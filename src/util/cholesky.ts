/**
 * The Cholesky factor of a small dense symmetric positive-definite matrix
 * and forward substitution with it, row-major throughout. Shared by the
 * Gaussian mechanism (mechanism/linear-gaussian.ts) and the regression
 * models (evaluate/linear-algebra.ts).
 */
import { assert } from './errors.js';

/** Where the factorization stopped: the row and its pivot. */
interface Failure {
  row: number;
  pivot: number;
}

/**
 * A = L Lᵀ, L lower triangular (Golub and Van Loan 2013, §4.2), or the first
 * row whose pivot is not above `relativeTolerance` × its diagonal entry of A.
 */
function factorize(a: Float64Array, p: number, relativeTolerance: number): Float64Array | Failure {
  const lower = new Float64Array(p * p);
  for (let i = 0; i < p; i++) {
    for (let j = 0; j <= i; j++) {
      let sum = a[i * p + j];
      for (let k = 0; k < j; k++) sum -= lower[i * p + k] * lower[j * p + k];
      if (i === j) {
        const floor = relativeTolerance === 0 ? 0 : relativeTolerance * Math.abs(a[i * p + i]);
        if (!(sum > floor)) return { row: i, pivot: sum };
        lower[i * p + i] = Math.sqrt(sum);
      } else {
        lower[i * p + j] = sum / lower[j * p + j];
      }
    }
  }
  return lower;
}

/**
 * Cholesky factor L (lower triangular, row-major) with A = L Lᵀ, for a
 * symmetric positive-definite p × p matrix A; throws when a pivot is not
 * positive.
 */
export function cholesky(a: Float64Array, p: number): Float64Array {
  const result = factorize(a, p, 0);
  assert(result instanceof Float64Array, () => {
    const { pivot, row } = result as Failure;
    return `matrix is not positive definite (pivot ${pivot} at ${row})`;
  });
  return result;
}

/**
 * The Cholesky factor, or null when A is singular or nearly so: a pivot not
 * above `relativeTolerance` × the matching diagonal entry of A.
 */
export function choleskyOrNull(
  a: Float64Array, p: number, relativeTolerance: number,
): Float64Array | null {
  const result = factorize(a, p, relativeTolerance);
  return result instanceof Float64Array ? result : null;
}

/**
 * Forward substitution in place: solves L y = b for lower-triangular p × p
 * L, with b in values[offset, offset + p) on entry and y there on return.
 */
export function forwardSubstitute(
  lower: Float64Array, p: number, values: Float64Array, offset = 0,
): void {
  for (let i = 0; i < p; i++) {
    let sum = values[offset + i];
    for (let k = 0; k < i; k++) sum -= lower[i * p + k] * values[offset + k];
    values[offset + i] = sum / lower[i * p + i];
  }
}

/**
 * Back substitution in place: solves Lᵀ x = y for the lower-triangular
 * p × p L of forwardSubstitute, with y in values on entry and x on return.
 */
export function backSubstitute(lower: Float64Array, p: number, values: Float64Array): void {
  for (let i = p - 1; i >= 0; i--) {
    let sum = values[i];
    for (let k = i + 1; k < p; k++) sum -= lower[k * p + i] * values[k];
    values[i] = sum / lower[i * p + i];
  }
}

/** x with A x = b for a symmetric positive-definite p × p A (b is left as it was). */
export function solveSymmetric(a: Float64Array, p: number, b: Float64Array): Float64Array {
  const lower = cholesky(a, p);
  const x = Float64Array.from(b);
  forwardSubstitute(lower, p, x);
  backSubstitute(lower, p, x);
  return x;
}
