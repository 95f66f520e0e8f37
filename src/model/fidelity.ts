import { evaluate, lenient } from '../evaluate/index.js';
import type { Evaluation } from '../evaluate/index.js';
import { typedColumns } from '../table/index.js';
import type { Schema, Table } from '../table/index.js';

/** The two fidelity numbers the frontier shows for each w (method.md §6). */
export interface FidelityHeadline {
  /** max |r_synthetic − r_real| over Pearson pairs; lower is better, range [0, 2]. */
  maxCorrelationDiff: number;
  /** Mean KS statistic over numeric columns; lower is better, range [0, 1]. */
  meanKs: number;
}

/**
 * Compares a synthetic table with the real one it came from. The synthetic
 * side is read as `lni evaluate` reads it (lenient): a release writes a
 * stray word read as missing (held by fewer than 5 cells) as an empty cell,
 * which the column's own missing list may not name.
 */
export function compareTables(real: Table, synthetic: Table, schema: Schema): Evaluation {
  return evaluate(typedColumns(real, schema), typedColumns(synthetic, lenient(schema)));
}

/** The frontier's headline numbers from a full evaluation (NaN where not defined). */
export function fidelityHeadline(evaluation: Evaluation): FidelityHeadline {
  const ks = evaluation.columns
    .map((column) => column.ks?.value)
    .filter((value): value is number => typeof value === 'number');
  return {
    maxCorrelationDiff: evaluation.correlation.pearson.maxAbsDiff.value ?? Number.NaN,
    meanKs: ks.length > 0 ? ks.reduce((sum, value) => sum + value, 0) / ks.length : Number.NaN,
  };
}
