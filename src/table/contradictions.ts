/**
 * Where a declared schema and the data disagree. A contradiction (a
 * "binary" column holding a hundred values, bounds that most values lie
 * outside) is almost surely a wrong schema, so it is an LniError naming the
 * file, column and first row at fault. Clipping a few values to declared
 * bounds is by design, since the bounds are the public domain the privacy
 * guarantee rests on (method.md §3.5), but it is reported, never silent.
 */
import { LniError } from '../util/errors.js';
import type { ColumnSchema } from './schema.js';

const MISMATCH = 'schema-data-mismatch';

/**
 * Throws when a declared binary, constant or empty column holds what its
 * type rules out: a third distinct value, a second distinct cell, or any
 * value at all. `observedRows` are 0-based rows of the `observed` cells.
 */
export function checkDeclaredType(
  column: ColumnSchema, cells: string[], observed: string[], observedRows: number[],
  file?: string,
): void {
  const place = { file, column: column.name };
  if (column.type === 'binary' && column.levels === undefined) {
    const third = nthDistinct(observed, 3);
    if (third >= 0) {
      const count = new Set(observed).size;
      throw new LniError(MISMATCH,
        `The column is declared binary but holds ${count} distinct values; ` +
        'the third appears in this row.', {
          ...place, row: observedRows[third] + 1,
          hint: 'declare it "categorical", "integer" or "continuous" (lni schema infers one)' });
    }
  }
  if (column.type === 'constant') {
    const second = nthDistinct(cells, 2);
    if (second >= 0) {
      throw new LniError(MISMATCH,
        `The column is declared constant but holds ${new Set(cells).size} distinct cells; ` +
        'this row differs from the first.', {
          ...place, row: second + 1,
          hint: 'declare its real type (lni schema infers one), or set "drop": true' });
    }
  }
  if (column.type === 'empty' && observed.length > 0) {
    throw new LniError(MISMATCH,
      `The column is declared empty but ${observed.length} of its cells hold values, ` +
      'the first in this row.', {
        ...place, row: observedRows[0] + 1,
        hint: 'declare its real type (lni schema infers one), or set "drop": true' });
  }
}

/** Index of the first cell that is the n-th distinct text, or -1. */
function nthDistinct(cells: string[], n: number): number {
  const seen = new Set<string>();
  for (let i = 0; i < cells.length; i++) {
    seen.add(cells[i]);
    if (seen.size === n) return i;
  }
  return -1;
}

/**
 * Counts the values outside the declared bounds (raw scale, so log values
 * against log bounds). Returns a warning naming the column, the count and
 * the first row, or null when none lies outside; throws when more than half
 * do, since correct bounds cannot exclude most of the data.
 * `rows` are the values' 0-based data rows.
 */
export function checkDeclaredBounds(
  column: ColumnSchema, raw: number[], rows: number[], lower: number, upper: number,
  file?: string,
): string | null {
  const below = column.lower !== undefined;
  const above = column.upper !== undefined;
  let count = 0;
  let first = -1;
  raw.forEach((value, k) => {
    if ((below && value < lower) || (above && value > upper)) {
      count++;
      if (first < 0) first = rows[k] + 1;
    }
  });
  if (count === 0) return null;

  const share = `${count} of ${raw.length} values lie ${boundsText(column)}`;
  if (count > raw.length / 2) {
    throw new LniError(MISMATCH, `${share}, the first in this row.`, {
      file, column: column.name, row: first,
      hint: 'correct bounds cannot exclude most values: fix "lower" and "upper" in the ' +
        'schema, or remove them to use the data\'s range' });
  }
  const place = [file, `column "${column.name}"`].filter((part) => part !== undefined);
  return `warning: ${place.join(', ')}: ${share} (the first in row ${first}); ` +
    'they are released clipped to the bounds.';
}

function boundsText(column: ColumnSchema): string {
  if (column.lower !== undefined && column.upper !== undefined) {
    return `outside the declared bounds [${column.lower}, ${column.upper}]`;
  }
  return column.lower !== undefined
    ? `below the declared lower bound ${column.lower}`
    : `above the declared upper bound ${column.upper}`;
}
