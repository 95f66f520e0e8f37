/**
 * The common shape of every fidelity metric, so a report can say how to read
 * each number without knowing the metric (what it measures, its range, which
 * way is better and what a useless synthetic table would score).
 */

export type Direction = 'higher-is-better' | 'lower-is-better' | 'closer-to-one-is-better';

export interface MetricResult<Breakdown = unknown> {
  /** The score, or null when it is not defined for this input (see warning). */
  value: number | null;
  /** Why the value is null, or what makes it fragile. */
  warning?: string;
  /** What the number measures, in one sentence. */
  measures: string;
  direction: Direction;
  /** The range the value can take; null for an unbounded end (JSON has no ∞). */
  range: [number | null, number | null];
  /** How to read the value against a reference point, in words. */
  baseline: string;
  /** The pieces the score was computed from (real and synthetic values). */
  breakdown: Breakdown;
}

/** Values of a numeric column with the missing (NaN) entries removed. */
export function observed(values: Float64Array): Float64Array {
  let count = 0;
  for (let i = 0; i < values.length; i++) if (!Number.isNaN(values[i])) count++;
  if (count === values.length) return values;
  const out = new Float64Array(count);
  let k = 0;
  for (let i = 0; i < values.length; i++) if (!Number.isNaN(values[i])) out[k++] = values[i];
  return out;
}
