import type { MetricResult } from './metric.js';
import { distance, countLevels } from './total-variation.js';

export interface ContingencyPair {
  columns: [string, string];
  similarity: MetricResult<{ realRows: number; syntheticRows: number }>;
}

export interface ContingencySummary {
  pairs: ContingencyPair[];
  /** Mean similarity over the pairs where it is defined. */
  mean: MetricResult<{ pairs: number }>;
  warnings: string[];
}

/**
 * Contingency similarity of two categorical columns: one minus the total
 * variation distance between the real and synthetic joint frequency tables,
 *   1 − ½ Σ_{j,k} |p_real(j, k) − p_synthetic(j, k)|,
 * over rows where both cells are observed (the ContingencySimilarity of
 * SDMetrics, in our own code).
 *
 * @returns a value in [0, 1], higher is better; null when a side has no
 * complete row.
 */
export function contingencySimilarity(
  realA: readonly (string | null)[], realB: readonly (string | null)[],
  syntheticA: readonly (string | null)[], syntheticB: readonly (string | null)[],
): MetricResult<{ realRows: number; syntheticRows: number }> {
  const real = countLevels(jointKeys(realA, realB));
  const synthetic = countLevels(jointKeys(syntheticA, syntheticB));
  const result: MetricResult<{ realRows: number; syntheticRows: number }> = {
    value: null,
    measures: 'one minus the total variation distance of the joint frequency table',
    direction: 'higher-is-better',
    range: [0, 1],
    baseline: '1 for identical joint frequencies; 0 when no combination is shared',
    breakdown: { realRows: real.total, syntheticRows: synthetic.total },
  };
  if (real.total === 0 || synthetic.total === 0) {
    const side = real.total === 0 ? 'real' : 'synthetic';
    result.warning = `Contingency similarity is not defined: the ${side} table`
      + ' has no row with both cells observed.';
    return result;
  }
  result.value = 1 - distance(real, synthetic);
  return result;
}

/** Contingency similarity of every pair of the given categorical columns. */
export function contingencyPairs(
  names: readonly string[],
  real: readonly (readonly (string | null)[])[],
  synthetic: readonly (readonly (string | null)[])[],
): ContingencySummary {
  const pairs: ContingencyPair[] = [];
  const warnings: string[] = [];
  let sum = 0;
  let defined = 0;
  for (let a = 0; a < names.length; a++) {
    for (let b = a + 1; b < names.length; b++) {
      const similarity = contingencySimilarity(real[a], real[b], synthetic[a], synthetic[b]);
      pairs.push({ columns: [names[a], names[b]], similarity });
      if (similarity.value === null) {
        warnings.push(`${names[a]} × ${names[b]}: ${similarity.warning}`);
      } else {
        sum += similarity.value;
        defined++;
      }
    }
  }
  return {
    pairs,
    mean: {
      value: defined === 0 ? null : sum / defined,
      ...(defined === 0 ? { warning: 'Contingency similarity needs two categorical columns '
        + 'with observed cells; there is no such pair.' } : {}),
      measures: 'mean contingency similarity over categorical column pairs',
      direction: 'higher-is-better',
      range: [0, 1],
      baseline: '1 when every joint table is reproduced',
      breakdown: { pairs: defined },
    },
    warnings,
  };
}

/** A key per row joining the two labels (null when either is missing). */
function jointKeys(
  a: readonly (string | null)[], b: readonly (string | null)[],
): (string | null)[] {
  const keys = new Array<string | null>(a.length);
  for (let i = 0; i < a.length; i++) {
    const x = a[i];
    const y = b[i];
    // JSON of the pair cannot collide, whatever characters the labels hold.
    keys[i] = x === null || y === null ? null : JSON.stringify([x, y]);
  }
  return keys;
}
