import type { MetricResult } from './metric.js';
import { moments } from './moments.js';

export interface MeanBreakdown {
  /** Mean of the observed real values, null when there is none. */
  real: number | null;
  synthetic: number | null;
  /** Standard deviation of the observed real values (the scale). */
  realSd: number | null;
}

/**
 * Standardized mean difference of a numeric column:
 *   |x̄_synthetic − x̄_real| / s_real,
 * with s_real the real sample standard deviation (divisor n − 1), over
 * observed (non-NaN) values; Cohen's d with the real scale (Cohen 1988).
 *
 * @returns a value in [0, ∞), lower is better; null when a side has no value
 * or the real column is constant (no scale to measure against).
 */
export function meanDifference(
  real: Float64Array, synthetic: Float64Array,
): MetricResult<MeanBreakdown> {
  const a = moments(real);
  const b = moments(synthetic);
  const result: MetricResult<MeanBreakdown> = {
    value: null,
    measures: 'difference of means in units of the real standard deviation',
    direction: 'lower-is-better',
    range: [0, null],
    baseline: '0 for equal means; about √(1/n + 1/m) between two samples of one distribution',
    breakdown: { real: a.mean, synthetic: b.mean, realSd: a.sd },
  };
  if (a.mean === null || b.mean === null) {
    const side = a.mean === null ? 'real' : 'synthetic';
    result.warning = `Mean difference is not defined: the ${side} column has no observed value.`;
  } else if (a.sd === null || a.sd === 0) {
    result.warning = 'Mean difference is not defined: the real column is constant'
      + ' or has one value, so there is no scale.';
  } else {
    result.value = Math.abs(b.mean - a.mean) / a.sd;
  }
  return result;
}
