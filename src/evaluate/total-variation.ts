import type { MetricResult } from './metric.js';

export interface TotalVariationBreakdown {
  realCount: number;
  syntheticCount: number;
  /** Observed share of each level among non-missing cells. */
  realShares: Record<string, number>;
  syntheticShares: Record<string, number>;
}

/**
 * Total variation distance between the level frequencies of a categorical
 * column in the real and the synthetic table:
 *   TV = ½ Σ_k |p_real(k) − p_synthetic(k)|,
 * over the union of levels seen on either side, among non-missing cells
 * (Levin, Peres and Wilmer 2009, §4.1).
 *
 * @param real, synthetic labels, null for missing; any length.
 * @returns TV in [0, 1], lower is better; null when a side has no value.
 */
export function totalVariation(
  real: readonly (string | null)[], synthetic: readonly (string | null)[],
): MetricResult<TotalVariationBreakdown> {
  const realCounts = countLevels(real);
  const syntheticCounts = countLevels(synthetic);
  const result: MetricResult<TotalVariationBreakdown> = {
    value: null,
    measures: 'half the summed absolute difference of level frequencies',
    direction: 'lower-is-better',
    range: [0, 1],
    baseline: '0 for identical frequencies; 1 when no level is shared',
    breakdown: {
      realCount: realCounts.total,
      syntheticCount: syntheticCounts.total,
      realShares: shares(realCounts),
      syntheticShares: shares(syntheticCounts),
    },
  };
  if (realCounts.total === 0 || syntheticCounts.total === 0) {
    const side = realCounts.total === 0 ? 'real' : 'synthetic';
    result.warning = `Total variation is not defined: the ${side} column has no observed value.`;
    return result;
  }
  result.value = distance(realCounts, syntheticCounts);
  return result;
}

export interface LevelCounts {
  counts: Map<string, number>;
  total: number;
}

/** Frequencies of each key, skipping null (missing). */
export function countLevels(values: readonly (string | null)[]): LevelCounts {
  const counts = new Map<string, number>();
  let total = 0;
  for (const value of values) {
    if (value === null) continue;
    counts.set(value, (counts.get(value) ?? 0) + 1);
    total++;
  }
  return { counts, total };
}

/** ½ Σ |p − q| over the union of keys; both totals must be positive. */
export function distance(p: LevelCounts, q: LevelCounts): number {
  let sum = 0;
  for (const [key, count] of p.counts) {
    sum += Math.abs(count / p.total - (q.counts.get(key) ?? 0) / q.total);
  }
  for (const [key, count] of q.counts) {
    if (!p.counts.has(key)) sum += count / q.total;
  }
  return sum / 2;
}

function shares(levels: LevelCounts): Record<string, number> {
  const out: Record<string, number> = {};
  for (const [key, count] of levels.counts) out[key] = count / levels.total;
  return out;
}
