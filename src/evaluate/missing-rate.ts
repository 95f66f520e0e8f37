import type { TypedColumn } from '../table/types.js';
import type { MetricResult } from './metric.js';

export interface MissingRateBreakdown {
  /** Share of missing cells in the real column, null for an empty column. */
  real: number | null;
  synthetic: number | null;
}

/** Share of missing cells (NaN or null) in a column; null when it has no rows. */
export function missingShare(column: TypedColumn): number | null {
  const values = column.values;
  if (values.length === 0) return null;
  let missing = 0;
  if (column.kind === 'numeric') {
    for (let i = 0; i < column.values.length; i++) if (Number.isNaN(column.values[i])) missing++;
  } else {
    for (const value of column.values) if (value === null) missing++;
  }
  return missing / values.length;
}

/**
 * Difference in missing rate between the synthetic and the real column:
 *   |m_synthetic − m_real|,  m = (missing cells) / (rows).
 * The mechanism carries missingness through an indicator (method.md §4), so
 * a good table keeps the rate.
 *
 * @returns a value in [0, 1], lower is better; null when a column has no rows.
 */
export function missingRate(
  real: TypedColumn, synthetic: TypedColumn,
): MetricResult<MissingRateBreakdown> {
  const breakdown = { real: missingShare(real), synthetic: missingShare(synthetic) };
  const result: MetricResult<MissingRateBreakdown> = {
    value: null,
    measures: 'absolute difference in the share of missing cells',
    direction: 'lower-is-better',
    range: [0, 1],
    baseline: '0 when both tables miss the same share of cells',
    breakdown,
  };
  if (breakdown.real === null || breakdown.synthetic === null) {
    const side = breakdown.real === null ? 'real' : 'synthetic';
    result.warning = `Missing rate is not defined for column "${real.name}": `
      + `the ${side} table has no rows.`;
    return result;
  }
  result.value = Math.abs(breakdown.synthetic - breakdown.real);
  return result;
}
