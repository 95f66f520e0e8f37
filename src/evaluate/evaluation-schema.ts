/**
 * How the real and the synthetic table are typed before they are compared:
 * the schema both are read with, the order of undeclared levels, and the
 * columns that take no part in the comparison.
 */
import type { Schema } from '../table/schema.js';
import type { Table, TypedColumn } from '../table/types.js';

/**
 * The schema used to type both tables for metrics: an all-missing column
 * becomes categorical (so its metrics say "not defined" rather than the
 * column vanishing) and a constant number becomes continuous (so its mean
 * and sd are shown and its scale-based metrics say "not defined").
 */
export function evaluationSchema(schema: Schema, table: Table): Schema {
  const columns = schema.columns.map((column) => {
    if (column.type === 'empty') return { ...column, type: 'categorical' as const };
    if (column.type !== 'constant') return column;
    const cells = table.columns[table.names.indexOf(column.name)] ?? [];
    const numeric = cells.length > 0 && cells.every((cell) =>
      cell.trim() !== '' && Number.isFinite(Number(cell)));
    return numeric ? { ...column, type: 'continuous' as const } : column;
  });
  return { ...schema, columns };
}

/**
 * Levels the schema does not declare, sorted (numerically when every level
 * is a number) rather than in order of first appearance, so the reference
 * level of a dummy-coded covariate is the lowest: male=1 against 0.
 */
export function withSortedLevels(columns: TypedColumn[], schema: Schema): TypedColumn[] {
  const declared = new Set(schema.columns.filter((c) => c.levels !== undefined)
    .map((c) => c.name));
  return columns.map((column) => {
    if (column.kind !== 'categorical' || declared.has(column.name)) return column;
    const numeric = column.levels.every((level) => Number.isFinite(Number(level)));
    const levels = [...column.levels].sort(numeric ? (a, b) => Number(a) - Number(b)
      : (a, b) => (a < b ? -1 : a > b ? 1 : 0));
    return { ...column, levels };
  });
}

/**
 * The schema for the other side: integer columns read as any number, so a
 * synthetic 2.5 in an integer column is measured rather than refused; and an
 * empty cell of a modelled column is missing even when the column lists its
 * own tokens (not read as a level "" of a category), since a release writes a rare stray word read as
 * missing as an empty cell (codec.ts) rather than publish it.
 */
export function lenient(schema: Schema): Schema {
  return { ...schema, columns: schema.columns.map((column) => {
    const relaxed = column.type === 'integer' ? { ...column, type: 'continuous' as const } : column;
    const modelled = ['continuous', 'date', 'binary', 'categorical'].includes(relaxed.type);
    return modelled && relaxed.missing !== undefined && !relaxed.missing.includes('')
      ? { ...relaxed, missing: [...relaxed.missing, ''] } : relaxed;
  }) };
}

/** One sentence per column left out of the comparison, and why. */
export function skippedColumnNotes(schema: Schema, real: Table, synthetic: Table): string[] {
  const notes: string[] = [];
  for (const column of schema.columns) {
    if (column.type === 'id') notes.push(`Column "${column.name}" looks like an ID; not compared.`);
    if (column.drop === true) notes.push(`Column "${column.name}" is dropped by the schema.`);
  }
  for (const name of synthetic.names) {
    if (!real.names.includes(name)) {
      notes.push(`Column "${name}" is only in the synthetic table; skipped.`);
    }
  }
  return notes;
}
