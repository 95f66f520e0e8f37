/**
 * Stray texts: a few cells of an otherwise numeric (or date) column that
 * inference reads as missing ("refused - see Dr X" in an age column). A
 * text that fewer than RARE_LEVEL_ROWS cells hold can name a person, so a
 * schema meant to be shared never lists it under "missing": it says only
 * how many such cells there are ("strayTexts"), and reading the data with
 * that schema finds them again. The same file thus reads the same with the
 * inferred schema and with the written one.
 */
import { LniError } from '../util/errors.js';
import {
  DEFAULT_MISSING_TOKENS, isBeyondExact, isMissing, parseNumber, RARE_LEVEL_ROWS,
} from './cells.js';
import { missingRule, readValue } from './codec.js';
import { detectDateFormat, parseDate } from './dates.js';
import type { ColumnSchema, Schema } from './schema.js';
import type { Table } from './types.js';

/**
 * Whether a cell does not read as its column's kind of value: not a number
 * (or a number written out beyond 2^53) in a numeric, category or ID
 * column, not a date in the column's format in a date column. Constant and
 * empty columns have no kind of value, so no stray cells.
 */
export function isStrayText(cell: string, column: ColumnSchema): boolean {
  switch (column.type) {
    case 'constant':
    case 'empty':
      return false;
    case 'date':
      return column.format === undefined ? detectDateFormat([cell.trim()]) === null
        : Number.isNaN(parseDate(cell, column.format));
    case 'continuous':
    case 'integer':
      return Number.isNaN(readValue(cell, 'continuous', undefined, column.decimal ?? '.', column));
    default: {
      const number = (decimal: '.' | ',') => Number.isFinite(parseNumber(cell, decimal))
        && !isBeyondExact(cell, decimal);
      return !number('.') && !number(',');
    }
  }
}

/**
 * The column as a schema to share: each text under "missing" that fewer
 * than RARE_LEVEL_ROWS cells hold, is no default token and does not read
 * as the column's kind of value (isStrayText) is left out, and
 * "strayTexts" counts its cells instead. Other columns are returned as
 * they are.
 */
function shareableColumn(column: ColumnSchema, cells: readonly string[]): ColumnSchema {
  if (column.missing === undefined) return column;
  const kept: string[] = [];
  let strays = 0;
  for (const token of column.missing) {
    const count = cells.filter((cell) => cell.trim() === token).length;
    if (DEFAULT_MISSING_TOKENS.includes(token) || count === 0 || count >= RARE_LEVEL_ROWS
      || !isStrayText(token, column)) {
      kept.push(token);
    } else {
      strays += count;
    }
  }
  if (strays === 0) return column;
  // The count follows "missing", so the file reads in the order inference wrote it.
  const shared: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(column)) {
    if (key === 'strayTexts') continue;
    shared[key] = key === 'missing' ? kept : value;
    if (key === 'missing') shared.strayTexts = (column.strayTexts ?? 0) + strays;
  }
  return shared as unknown as ColumnSchema;
}

/**
 * The schema as `lni schema` writes it (and the web app saves it): no
 * stray text fewer than RARE_LEVEL_ROWS cells hold is quoted (see
 * shareableColumn). Reading the table with it (validateSchema with the
 * table) reads those cells as missing again.
 */
export function shareableSchema(schema: Schema, table: Table): Schema {
  return {
    ...schema,
    columns: schema.columns.map((column) => {
      const j = table.names.indexOf(column.name);
      return j < 0 ? column : shareableColumn(column, table.columns[j]);
    }),
  };
}

/**
 * The column with its "strayTexts" applied to these cells: the texts of the
 * cells that are not missing and do not read as the column's kind
 * (isStrayText) are added to its missing tokens, when there are at most
 * "strayTexts" such cells; "strayTexts" itself is then dropped. A column
 * without it is returned as it is. Throws LniError('cell-type') when a
 * numeric or date column has more such cells, naming the first row, never
 * the text; a category or ID column then keeps them as values.
 */
export function applyStrayTexts(
  column: ColumnSchema, cells: readonly string[], file?: string,
): ColumnSchema {
  if (column.strayTexts === undefined) return column;
  const { strayTexts: allowed, ...rest } = column;
  if (column.drop === true) return rest;
  const rule = missingRule(rest);
  const rows: number[] = [];
  cells.forEach((cell, i) => {
    if (!isMissing(cell, rule) && isStrayText(cell, rest)) rows.push(i);
  });
  if (rows.length === 0) return rest;
  if (rows.length > allowed) {
    if (rest.type !== 'continuous' && rest.type !== 'integer' && rest.type !== 'date') return rest;
    const kind = rest.type === 'date' ? 'dates' : 'numbers';
    throw new LniError('cell-type', `${rows.length} cells are not ${kind}, more than the ` +
      `${allowed} that "strayTexts" reads as missing; the first is in this row.`, {
      file, column: column.name, row: rows[0] + 1,
      hint: 'fix the cells, raise "strayTexts", or change the column type' });
  }
  const tokens = rule.tokens.slice();
  for (const i of rows) {
    const text = cells[i].trim();
    if (!tokens.includes(text)) tokens.push(text);
  }
  return { ...rest, missing: tokens };
}

/** The schema with every column's "strayTexts" applied to the table's cells (applyStrayTexts). */
export function withStrayTexts(schema: Schema, table: Table, file?: string): Schema {
  if (schema.columns.every((column) => column.strayTexts === undefined)) return schema;
  return {
    ...schema,
    columns: schema.columns.map((column) => {
      const j = table.names.indexOf(column.name);
      return j < 0 ? column : applyStrayTexts(column, table.columns[j], file);
    }),
  };
}
