/**
 * The regression fits and variance correction the per-site step needs, as
 * one small adapter over src/evaluate/ (OLS and logistic IRLS).
 */
import { fitOls, fitLogistic, wOnlyVarianceFactor } from '../evaluate/index.js';

export type RegressionKind = 'linear' | 'logistic';

export interface RegressionFit {
  /** β, one per design column (NaN when the fit is not defined). */
  coefficients: Float64Array;
  /** Model-based (naive) variance of each coefficient, as if x were real. */
  variances: Float64Array;
  /** False when the model is not defined: separation, collinearity, no convergence. */
  converged: boolean;
  /** Why the fit is not defined, from src/evaluate/. */
  warning?: string;
}

/**
 * Ordinary least squares (Var(β̂) = σ̂²(XᵀX)⁻¹) or logistic regression by
 * IRLS (Var(β̂) = (XᵀWX)⁻¹ at the MLE), both from src/evaluate/.
 *
 * @param design rows × terms.length, row-major, first column all ones.
 * @param outcome rows values; 0/1 for logistic.
 */
export function fitRegression(
  kind: RegressionKind, design: Float64Array, outcome: Float64Array, rows: number,
  terms: readonly string[],
): RegressionFit {
  const fit = kind === 'linear'
    ? fitOls(design, outcome, rows, terms)
    : fitLogistic(design, outcome, rows, terms);
  const p = terms.length;
  if (fit.coefficients === null) {
    return {
      coefficients: new Float64Array(p).fill(NaN), variances: new Float64Array(p).fill(NaN),
      converged: false, warning: fit.warning,
    };
  }
  return {
    coefficients: Float64Array.from(fit.coefficients, (c) => c.estimate),
    variances: Float64Array.from(fit.coefficients, (c) => c.se * c.se),
    converged: true,
  };
}

/**
 * The w-only correction of method.md §7, from src/evaluate/correction.ts:
 *   Var_corrected = (2 − w^degree) · Var_naive,
 * degree 1 for a mean (exact under the linear-Gaussian oracle), 2 for a
 * regression slope (exact under the oracle for Gaussian data), Infinity for
 * the conservative factor 2.
 * @param w in [0, 1]; w = 1 leaves the variance unchanged.
 */
export function correctVarianceForW(
  naiveVariance: number, w: number, degree: number, releasedPerFitted?: number,
): number {
  return wOnlyVarianceFactor(w, degree, releasedPerFitted) * naiveVariance;
}
