/**
 * Whether a table's columns can carry the regression of the comparison,
 * decided from the schema and the cells before anything is fitted.
 */
import type { ColumnSchema, Schema } from '../table/schema.js';
import { typedColumns } from '../table/typed.js';
import type { Table, TypedColumn } from '../table/types.js';
import { LniError } from '../util/errors.js';
import { specifyDesign } from './design.js';
import { evaluationSchema, withSortedLevels } from './evaluation-schema.js';

/**
 * Refuses a regression the comparison could not fit on this table: an
 * outcome or covariate it leaves out (dropped, ID-like or all missing),
 * one with a single value (nothing to regress, or no effect to estimate),
 * or an outcome of a kind specifyDesign has no family for (a categorical
 * without exactly two levels). Checked on every row of the table, so a
 * release can refuse before it fits a flow rather than after.
 *
 * @throws LniError naming the file and the column at fault.
 */
export function checkRegressionColumns(
  table: Table, schema: Schema, outcome: string, covariates: readonly string[],
  file?: string,
): void {
  const roles = new Map<string, 'outcome' | 'covariate'>([[outcome, 'outcome']]);
  for (const name of covariates) if (!roles.has(name)) roles.set(name, 'covariate');
  const used = schema.columns.filter((column) => roles.has(column.name));
  for (const [name, role] of roles) {
    const column = used.find((candidate) => candidate.name === name);
    const reason = column === undefined ? 'is not a column of this table' : leftOut(column);
    if (reason !== null) {
      throw new LniError('unusable-model-column', `the ${role} ${reason}`, {
        file, column: name, hint: 'choose another column for --outcome or --covariates' });
    }
  }

  // Typed as the comparison types them, but only the regression's columns.
  const modelSchema = evaluationSchema({ ...schema, columns: used }, table);
  const typed = withSortedLevels(typedColumns(table, modelSchema, file), modelSchema);
  for (const column of typed) {
    if (distinctValues(column) >= 2) continue;
    const role = roles.get(column.name);
    const cost = role === 'outcome' ? 'there is nothing to regress'
      : 'its effect cannot be estimated';
    throw new LniError('unusable-model-column', `the ${role} has the same value in every ` +
      `row that has one, so ${cost}`, {
      file, column: column.name, hint: 'choose another column for --outcome or --covariates' });
  }
  try {
    specifyDesign(typed, outcome, covariates);
  } catch (error) {
    if (!(error instanceof LniError)) throw error;
    throw new LniError(error.code, error.message, {
      file, column: error.column, row: error.row,
      hint: error.hint ?? 'choose a numeric or two-level outcome' });
  }
}

/** Why the comparison has no such column to regress on, or null when it has. */
function leftOut(column: ColumnSchema): string | null {
  if (column.drop === true) return 'is dropped by the schema, so it is not released';
  if (column.type === 'id') return 'looks like an ID, so it is not modelled (fresh IDs replace it)';
  if (column.type === 'empty') return 'has no values: every cell is missing';
  return null;
}

/** Distinct non-missing values, counted up to 2 (all a regression needs to know). */
function distinctValues(column: TypedColumn): number {
  const seen = new Set<number | string>();
  for (const value of column.values) {
    if (value === null || (typeof value === 'number' && Number.isNaN(value))) continue;
    seen.add(value);
    if (seen.size >= 2) break;
  }
  return seen.size;
}
