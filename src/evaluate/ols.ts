import { studentQuantile975 } from './distributions.js';
import { crossProducts, inverseSymmetric, multiply } from './linear-algebra.js';
import { intervals, linearPredictor, type ModelFit } from './model.js';

/**
 * Ordinary least squares with the usual homoskedastic standard errors:
 *   β̂ = (XᵀX)⁻¹ Xᵀy,  σ̂² = ‖y − Xβ̂‖² / (n − k),  Var(β̂) = σ̂² (XᵀX)⁻¹,
 * 95% intervals β̂ ± t_{n−k, 0.975} SE (e.g. Seber and Lee 2003, ch. 3, 5).
 *
 * @param x rows × k design, row-major (include the intercept column).
 * @param y rows outcomes, all finite.
 * @returns coefficients, or null with a warning when n ≤ k (no residual
 * degrees of freedom) or XᵀX is singular (collinear or constant terms).
 */
export function fitOls(
  x: Float64Array, y: Float64Array, rows: number, terms: readonly string[],
): ModelFit {
  const k = terms.length;
  const fit: ModelFit = {
    family: 'linear', terms: [...terms], coefficients: null, rows, critical: NaN,
  };
  if (rows <= k) {
    fit.warning = `Linear regression is not defined: ${rows} complete rows for ${k} terms`
      + ' leave no residual degrees of freedom.';
    return fit;
  }
  const { xtx, xty } = crossProducts(x, y, rows, k);
  const inverse = inverseSymmetric(xtx, k);
  if (inverse === null) {
    fit.warning = 'Linear regression is not defined: the terms are collinear '
      + '(a covariate is constant or a combination of others).';
    return fit;
  }
  const beta = multiply(inverse, xty, k);

  const fitted = linearPredictor(x, rows, k, beta);
  let residualSquares = 0;
  for (let r = 0; r < rows; r++) residualSquares += (y[r] - fitted[r]) ** 2;
  const sigma2 = residualSquares / (rows - k);
  const variances = new Float64Array(k);
  for (let j = 0; j < k; j++) variances[j] = sigma2 * inverse[j * k + j];

  fit.critical = studentQuantile975(rows - k);
  fit.coefficients = intervals(beta, variances, fit.critical);
  return fit;
}
