import { NORMAL_975 } from './distributions.js';
import { crossProducts, inverseSymmetric, multiply } from './linear-algebra.js';
import { intervals, linearPredictor, type ModelFit } from './model.js';

/**
 * |η| beyond this (fitted probability within 3e-7 of 0 or 1) on a fit that
 * did not converge is read as separation: Newton steps under separation keep
 * adding about one unit to the diverging coefficients, so they never shrink.
 */
const SEPARATION_ETA = 15;

/**
 * Logistic regression by iteratively reweighted least squares, i.e. Newton's
 * method on the log-likelihood (McCullagh and Nelder 1989, §4.4):
 *   β ← β + (XᵀWX)⁻¹ Xᵀ(y − μ),  μ = 1 / (1 + e^(−Xβ)),  W = diag(μ(1 − μ)),
 * with step halving when the deviance rises. Standard errors from the
 * inverse Fisher information (XᵀWX)⁻¹ at the MLE; 95% Wald intervals.
 *
 * @param x rows × k design, row-major (include the intercept column).
 * @param y outcomes in {0, 1}.
 * @returns coefficients, or null with a warning when the MLE does not exist
 * (complete or quasi-complete separation: fitted probabilities reach 0 or 1),
 * the iterations do not converge, or XᵀWX is singular.
 */
export function fitLogistic(
  x: Float64Array, y: Float64Array, rows: number, terms: readonly string[],
  maxIterations = 50,
): ModelFit {
  const k = terms.length;
  const fit: ModelFit = {
    family: 'logistic', terms: [...terms], coefficients: null, rows, critical: NORMAL_975,
  };
  if (rows <= k) {
    fit.warning = `Logistic regression is not defined: ${rows} complete rows for ${k} terms.`;
    return fit;
  }
  let beta = new Float64Array(k);
  let deviance = devianceOf(x, y, rows, k, beta);
  let information: Float64Array | null = null;
  let converged = false;
  let iteration = 0;
  while (iteration < maxIterations && !converged) {
    iteration++;
    const { weights, residual } = working(x, y, rows, k, beta);
    const { xtx, xty } = crossProducts(x, residual, rows, k, weights);
    information = inverseSymmetric(xtx, k);
    if (information === null) break;
    const step = multiply(information, xty, k);
    let scale = 1;
    let next = beta;
    let nextDeviance = Infinity;
    for (let halving = 0; halving < 30; halving++) {
      next = beta.map((b, j) => b + scale * step[j]);
      nextDeviance = devianceOf(x, y, rows, k, next);
      if (nextDeviance <= deviance + 1e-12 * Math.abs(deviance)) break;
      scale /= 2;
    }
    // Converged when the step is negligible against β (not when the deviance
    // stalls: under separation it stalls near 0 while β runs off).
    converged = step.every((s, j) => Math.abs(scale * s) < 1e-8 * (1 + Math.abs(next[j])));
    beta = next;
    deviance = nextDeviance;
  }
  fit.iterations = iteration;

  const eta = linearPredictor(x, rows, k, beta);
  let extreme = 0;
  for (let r = 0; r < rows; r++) if (Math.abs(eta[r]) > SEPARATION_ETA) extreme++;
  if (!converged && extreme > 0) {
    fit.warning = 'Logistic regression is not defined: separation (fitted probabilities '
      + `of ${extreme} row${extreme === 1 ? '' : 's'} reach 0 or 1, so the maximum-likelihood`
      + ' estimate does not exist; a covariate predicts the outcome perfectly).';
    return fit;
  }
  // Re-evaluate the information at the final β for the standard errors.
  const { weights, residual } = working(x, y, rows, k, beta);
  information = inverseSymmetric(crossProducts(x, residual, rows, k, weights).xtx, k);
  if (information === null) {
    fit.warning = 'Logistic regression is not defined: the terms are collinear '
      + '(a covariate is constant or a combination of others), or the outcome never varies.';
    return fit;
  }
  if (!converged) {
    fit.warning = `Logistic regression did not converge in ${maxIterations} iterations;`
      + ' its estimates are not reported.';
    return fit;
  }
  const variances = new Float64Array(k);
  for (let j = 0; j < k; j++) variances[j] = information[j * k + j];
  fit.coefficients = intervals(beta, variances, NORMAL_975);
  return fit;
}

/** μ = logistic(η) computed without overflow. */
export function logistic(eta: number): number {
  return eta >= 0 ? 1 / (1 + Math.exp(-eta)) : Math.exp(eta) / (1 + Math.exp(eta));
}

function working(
  x: Float64Array, y: Float64Array, rows: number, k: number, beta: Float64Array,
): { weights: Float64Array; residual: Float64Array } {
  const eta = linearPredictor(x, rows, k, beta);
  const weights = new Float64Array(rows);
  const residual = new Float64Array(rows);
  for (let r = 0; r < rows; r++) {
    const mu = logistic(eta[r]);
    weights[r] = mu * (1 - mu);
    // (y − μ) / w, so that Xᵀ W (that) = Xᵀ (y − μ), the score.
    residual[r] = weights[r] > 0 ? (y[r] - mu) / weights[r] : 0;
  }
  return { weights, residual };
}

/** −2 log-likelihood, with log(1 + e^η) computed stably. */
function devianceOf(
  x: Float64Array, y: Float64Array, rows: number, k: number, beta: Float64Array,
): number {
  const eta = linearPredictor(x, rows, k, beta);
  let sum = 0;
  for (let r = 0; r < rows; r++) {
    const e = eta[r];
    const softplus = e > 0 ? e + Math.log1p(Math.exp(-e)) : Math.log1p(Math.exp(e));
    sum += softplus - y[r] * e;
  }
  return 2 * sum;
}
