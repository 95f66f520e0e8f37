import type { MetricResult } from './metric.js';

export interface OverlapBreakdown {
  real: [number, number];
  synthetic: [number, number];
  /** The same measure before truncation at 0: how far apart disjoint intervals are. */
  signed: number;
}

/**
 * Confidence-interval overlap of Karr, Kohnen, Oganian, Reiter and Sanil,
 * "A framework for evaluating the utility of data altered to protect
 * confidentiality", The American Statistician 60(3), 2006:
 *   J = ½ [ (U − L) / (U_real − L_real) + (U − L) / (U_synthetic − L_synthetic) ],
 * with (L, U) = (max of the lower ends, min of the upper ends), and J set
 * to 0 when the intervals are disjoint.
 *
 * @returns J in [0, 1], higher is better; null when an interval is missing,
 * not finite or of zero width.
 */
export function intervalOverlap(
  real: [number, number] | null, synthetic: [number, number] | null,
): MetricResult<OverlapBreakdown | null> {
  const result: MetricResult<OverlapBreakdown | null> = {
    value: null,
    measures: 'average share of each 95% interval covered by their intersection',
    direction: 'higher-is-better',
    range: [0, 1],
    baseline: '1 for identical intervals; 0 for disjoint ones',
    breakdown: null,
  };
  const usable = (i: [number, number] | null): i is [number, number] =>
    i !== null && Number.isFinite(i[0]) && Number.isFinite(i[1]) && i[1] > i[0];
  if (!usable(real) || !usable(synthetic)) {
    result.warning = 'Interval overlap is not defined: an interval is missing or has zero width.';
    return result;
  }
  const width = Math.min(real[1], synthetic[1]) - Math.max(real[0], synthetic[0]);
  const signed = 0.5 * (width / (real[1] - real[0]) + width / (synthetic[1] - synthetic[0]));
  result.value = Math.max(0, signed);
  result.breakdown = { real, synthetic, signed };
  return result;
}
