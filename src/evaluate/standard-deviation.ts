import type { MetricResult } from './metric.js';
import { moments } from './moments.js';

export interface StandardDeviationBreakdown {
  /** Sample standard deviation (divisor n − 1) of the observed real values. */
  real: number | null;
  synthetic: number | null;
}

/**
 * Ratio of standard deviations of a numeric column:
 *   s_synthetic / s_real,  s² = Σ (x − x̄)² / (n − 1) over observed values.
 *
 * @returns a value in [0, ∞), best at 1; null when a side has fewer than two
 * observed values or the real column is constant.
 */
export function standardDeviationRatio(
  real: Float64Array, synthetic: Float64Array,
): MetricResult<StandardDeviationBreakdown> {
  const a = moments(real).sd;
  const b = moments(synthetic).sd;
  const result: MetricResult<StandardDeviationBreakdown> = {
    value: null,
    measures: 'synthetic standard deviation over real standard deviation',
    direction: 'closer-to-one-is-better',
    range: [0, null],
    baseline: '1 for equal spread; 0 when the synthetic column is constant',
    breakdown: { real: a, synthetic: b },
  };
  if (a === null || b === null) {
    const side = a === null ? 'real' : 'synthetic';
    result.warning = 'Standard deviation ratio is not defined: the '
      + `${side} column has fewer than two observed values.`;
  } else if (a === 0) {
    result.warning = 'Standard deviation ratio is not defined: the real column is constant.';
  } else {
    result.value = b / a;
  }
  return result;
}
