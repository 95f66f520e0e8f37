import { evaluate, evaluationSchema, lenient, withSortedLevels } from '../evaluate/index.js';
import type { EvaluateOptions, Evaluation } from '../evaluate/index.js';
import { checkTableShape, typedColumns } from '../table/index.js';
import type { Schema, Table } from '../table/index.js';

/** The two fidelity numbers the frontier shows for each w (method.md §6). */
export interface FidelityHeadline {
  /** max |r_synthetic − r_real| over Pearson pairs; lower is better, range [0, 2]. */
  maxCorrelationDiff: number;
  /** Mean KS statistic over numeric columns; lower is better, range [0, 1]. */
  meanKs: number;
}

/** What `lni evaluate` takes besides the two tables, with held-out rows as a plain table. */
export interface CompareOptions extends Omit<EvaluateOptions, 'holdout'> {
  /** Real rows the flow never saw, for train-on-synthetic test-on-real. */
  holdout?: Table;
}

/**
 * Compares a synthetic table with the real one it came from, as `lni
 * evaluate` does: the real side typed by the schema (constant numbers as
 * numbers, undeclared levels sorted so a dummy's reference is the lowest),
 * the synthetic and held-out sides read leniently, since a release writes a
 * stray word read as missing (held by fewer than 5 cells) as an empty cell,
 * which the column's own missing list may not name.
 */
export function compareTables(
  real: Table, synthetic: Table, schema: Schema, options: CompareOptions = {},
): Evaluation {
  for (const table of [real, synthetic, ...(options.holdout === undefined ? [] : [options.holdout])]) {
    checkTableShape(table);
  }
  const evaluated = evaluationSchema(schema, real);
  const other = lenient(evaluated);
  const { holdout, ...rest } = options;
  return evaluate(withSortedLevels(typedColumns(real, evaluated), evaluated),
    typedColumns(synthetic, other),
    { ...rest, holdout: holdout === undefined ? undefined : typedColumns(holdout, other) });
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
