/**
 * Small dense helpers for the regression models: k × k symmetric systems
 * with k the number of model terms (a few dozen at most), row-major.
 */
import { choleskyOrNull, forwardSubstitute } from '../util/cholesky.js';

/**
 * Inverse of a symmetric positive-definite k × k matrix by its Cholesky
 * factor A = L Lᵀ, A⁻¹ = L⁻ᵀ L⁻¹ (Golub and Van Loan 2013, §4.2).
 * Returns null when A is singular or nearly so: a pivot below
 * 1e-10 × the matching diagonal entry (a term that is a linear combination
 * of the others, or a constant covariate).
 */
export function inverseSymmetric(a: Float64Array, k: number): Float64Array | null {
  const lower = choleskyOrNull(a, k, 1e-10);
  if (lower === null) return null;

  // Invert L column by column (forward substitution on the unit vectors),
  // stored transposed: row c of inverseLowerT is column c of L⁻¹. Then A⁻¹ = L⁻ᵀ L⁻¹.
  const inverseLowerT = new Float64Array(k * k);
  for (let c = 0; c < k; c++) {
    inverseLowerT[c * k + c] = 1;
    forwardSubstitute(lower, k, inverseLowerT, c * k);
  }
  const inverse = new Float64Array(k * k);
  for (let i = 0; i < k; i++) {
    for (let j = 0; j <= i; j++) {
      let sum = 0;
      for (let t = i; t < k; t++) sum += inverseLowerT[i * k + t] * inverseLowerT[j * k + t];
      inverse[i * k + j] = inverse[j * k + i] = sum;
    }
  }
  return inverse;
}

/** y = A v for a k × k row-major A. */
export function multiply(a: Float64Array, v: Float64Array, k: number): Float64Array {
  const out = new Float64Array(k);
  for (let i = 0; i < k; i++) {
    let sum = 0;
    for (let j = 0; j < k; j++) sum += a[i * k + j] * v[j];
    out[i] = sum;
  }
  return out;
}

/**
 * Weighted cross products of a rows × k design X: XᵀWX and XᵀW y, with W
 * diagonal (all ones when weights is omitted).
 */
export function crossProducts(
  x: Float64Array, y: Float64Array, rows: number, k: number, weights?: Float64Array,
): { xtx: Float64Array; xty: Float64Array } {
  const xtx = new Float64Array(k * k);
  const xty = new Float64Array(k);
  for (let r = 0; r < rows; r++) {
    const weight = weights === undefined ? 1 : weights[r];
    const offset = r * k;
    for (let i = 0; i < k; i++) {
      const wxi = weight * x[offset + i];
      xty[i] += wxi * y[r];
      for (let j = 0; j <= i; j++) xtx[i * k + j] += wxi * x[offset + j];
    }
  }
  for (let i = 0; i < k; i++) {
    for (let j = 0; j < i; j++) xtx[j * k + i] = xtx[i * k + j];
  }
  return { xtx, xty };
}
