import { observed, type MetricResult } from './metric.js';

export interface KolmogorovSmirnovBreakdown {
  realCount: number;
  syntheticCount: number;
  /** The value x at which |F_real(x) − F_synthetic(x)| is largest. */
  at: number | null;
  /**
   * The statistic two samples of these sizes from one distribution exceed
   * with probability about 0.05: 1.358 √((n + m) / (n m)) (large-sample).
   */
  noiseLevel: number | null;
}

/**
 * Two-sample Kolmogorov–Smirnov statistic between the observed values of a
 * numeric column in the real and the synthetic table:
 *   D = sup_x |F_real(x) − F_synthetic(x)|,
 * with F the empirical distribution functions (Kolmogorov 1933; Smirnov
 * 1948). Missing values (NaN) are left out; compare missing rates separately.
 *
 * @param real, synthetic numeric values, NaN for missing; any length.
 * @returns D in [0, 1], lower is better; null when either side has no value.
 */
export function kolmogorovSmirnov(
  real: Float64Array, synthetic: Float64Array,
): MetricResult<KolmogorovSmirnovBreakdown> {
  const a = Float64Array.from(observed(real)).sort();
  const b = Float64Array.from(observed(synthetic)).sort();
  const n = a.length;
  const m = b.length;
  const result: MetricResult<KolmogorovSmirnovBreakdown> = {
    value: null,
    measures: 'largest gap between the real and synthetic distribution functions',
    direction: 'lower-is-better',
    range: [0, 1],
    baseline: '0 for identical samples; 1 for disjoint supports; about '
      + 'breakdown.noiseLevel for two samples from one distribution',
    breakdown: { realCount: n, syntheticCount: m, at: null, noiseLevel: null },
  };
  if (n === 0 || m === 0) {
    result.warning = `Kolmogorov–Smirnov is not defined: the ${n === 0 ? 'real' : 'synthetic'}`
      + ' column has no observed value.';
    return result;
  }

  // Walk both sorted samples; step past every copy of a value on both sides
  // before comparing, so ties never create a spurious gap.
  let i = 0;
  let j = 0;
  let largest = 0;
  let at = a[0];
  while (i < n && j < m) {
    const x = Math.min(a[i], b[j]);
    while (i < n && a[i] === x) i++;
    while (j < m && b[j] === x) j++;
    const gap = Math.abs(i / n - j / m);
    if (gap > largest) {
      largest = gap;
      at = x;
    }
  }
  result.value = largest;
  result.breakdown.at = at;
  result.breakdown.noiseLevel = 1.358 * Math.sqrt((n + m) / (n * m));
  return result;
}
