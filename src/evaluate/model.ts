/** What a fitted regression model reports, as plain JSON-ready data. */

export interface Estimate {
  estimate: number;
  /** Standard error. */
  se: number;
  /** 95% interval. */
  ciLow: number;
  ciHigh: number;
}

export interface ModelFit {
  family: 'linear' | 'logistic';
  terms: string[];
  /** One per term, or null when the model is not defined (see warning). */
  coefficients: Estimate[] | null;
  /** Complete-case rows used. */
  rows: number;
  /**
   * The multiplier of the 95% intervals: t_{n−k, 0.975} for least squares,
   * the normal 1.96 for logistic regression (Wald intervals).
   */
  critical: number;
  warning?: string;
  /** Logistic only: IRLS iterations used. */
  iterations?: number;
}

/** Wald-type intervals estimate ± critical · se. */
export function intervals(
  estimates: Float64Array, variances: Float64Array, critical: number,
): Estimate[] {
  return Array.from(estimates, (estimate, i) => {
    const se = Math.sqrt(variances[i]);
    return { estimate, se, ciLow: estimate - critical * se, ciHigh: estimate + critical * se };
  });
}

/** Linear predictor x_r · β for every row of a rows × k design. */
export function linearPredictor(
  x: Float64Array, rows: number, k: number, beta: readonly number[] | Float64Array,
): Float64Array {
  const eta = new Float64Array(rows);
  for (let r = 0; r < rows; r++) {
    let sum = 0;
    for (let j = 0; j < k; j++) sum += x[r * k + j] * beta[j];
    eta[r] = sum;
  }
  return eta;
}
