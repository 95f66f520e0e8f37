import type { MetricResult } from './metric.js';
import {
  pearson, spearman, tieGroups, type Correlation, type CorrelationMethod,
} from './correlation.js';

/** A symmetric correlation matrix; null where the pair's value is not defined. */
export type CorrelationMatrix = (number | null)[][];

export interface CorrelationComparison {
  method: CorrelationMethod;
  names: string[];
  real: CorrelationMatrix;
  synthetic: CorrelationMatrix;
  /** synthetic − real, null where either is not defined. */
  difference: CorrelationMatrix;
  /** max over pairs of |r_synthetic − r_real|. */
  maxAbsDiff: MetricResult<{ pair: [string, string] | null }>;
  /** ‖R_synthetic − R_real‖_F over defined off-diagonal entries (both triangles). */
  frobenius: MetricResult<{ pairs: number }>;
  warnings: string[];
}

/**
 * Correlation matrix over pairwise-complete rows for each pair of columns
 * (Pearson or Spearman; see correlation.ts). Diagonal entries are 1 for a
 * column with at least two distinct observed values and null otherwise.
 */
export function correlationMatrix(
  columns: readonly Float64Array[], method: CorrelationMethod,
): { matrix: CorrelationMatrix; notes: Correlation[][] } {
  const p = columns.length;
  const ties = method === 'spearman' ? columns.map(tieGroups) : [];
  const matrix: CorrelationMatrix = [];
  const notes: Correlation[][] = [];
  for (let a = 0; a < p; a++) {
    matrix.push(new Array<number | null>(p).fill(null));
    notes.push(new Array<Correlation>(p));
  }
  for (let a = 0; a < p; a++) {
    for (let b = a; b < p; b++) {
      const result = method === 'pearson'
        ? pearson(columns[a], columns[b])
        : spearman(columns[a], columns[b], ties[a], ties[b]);
      matrix[a][b] = matrix[b][a] = result.value;
      notes[a][b] = notes[b][a] = result;
    }
  }
  return { matrix, notes };
}

/**
 * Compares the real and synthetic correlation matrices of the same numeric
 * columns: the largest absolute difference (range [0, 2]) and the Frobenius
 * norm of the difference (range [0, 2√(p(p − 1))]), both lower-is-better.
 * Pairs not defined on either side are left out, with a warning each.
 */
export function compareCorrelations(
  names: readonly string[],
  real: readonly Float64Array[],
  synthetic: readonly Float64Array[],
  method: CorrelationMethod,
): CorrelationComparison {
  const p = names.length;
  const left = correlationMatrix(real, method);
  const right = correlationMatrix(synthetic, method);
  const warnings: string[] = [];
  const difference: CorrelationMatrix = [];
  let largest = -1;
  let pair: [string, string] | null = null;
  let squares = 0;
  let pairs = 0;
  for (let a = 0; a < p; a++) {
    difference.push(new Array<number | null>(p).fill(null));
    for (let b = 0; b < p; b++) {
      const r = left.matrix[a][b];
      const s = right.matrix[a][b];
      if (r === null || s === null) {
        if (b > a) {
          const side = r === null ? 'real' : 'synthetic';
          const note = (r === null ? left : right).notes[a][b].warning ?? 'not defined';
          warnings.push(`${method} ${names[a]} × ${names[b]} (${side}): ${note}`);
        }
        continue;
      }
      difference[a][b] = s - r;
      if (a === b) continue;
      squares += (s - r) ** 2;
      pairs++;
      if (Math.abs(s - r) > largest) {
        largest = Math.abs(s - r);
        pair = [names[a], names[b]];
      }
    }
  }

  const none = pairs === 0
    ? `No ${method} correlation is defined on both sides (fewer than two usable columns).`
    : undefined;
  return {
    method,
    names: [...names],
    real: left.matrix,
    synthetic: right.matrix,
    difference,
    maxAbsDiff: {
      value: pairs === 0 ? null : largest,
      ...(none === undefined ? {} : { warning: none }),
      measures: `largest absolute difference between real and synthetic ${method} correlations`,
      direction: 'lower-is-better',
      range: [0, 2],
      baseline: '0 when every pairwise correlation is kept; for independent '
        + 'columns, a correlation of r is lost entirely at |r|',
      breakdown: { pair },
    },
    frobenius: {
      value: pairs === 0 ? null : Math.sqrt(squares),
      ...(none === undefined ? {} : { warning: none }),
      measures: `Frobenius norm of the ${method} correlation matrix difference`,
      direction: 'lower-is-better',
      range: [0, 2 * Math.sqrt(p * Math.max(p - 1, 0))],
      baseline: '0 when every pairwise correlation is kept; ‖R_real − I‖_F if '
        + 'the synthetic columns were independent',
      breakdown: { pairs },
    },
    warnings,
  };
}
