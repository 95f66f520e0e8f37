import { LniError } from '../util/errors.js';
import type { ColumnType, Table } from './types.js';
import { isAffix, MAX_AFFIX_LENGTH } from './cells.js';
import { withStrayTexts } from './stray-texts.js';

export const SCHEMA_VERSION = 1;

/**
 * What the user may say about one column. inferSchema fills in `type`,
 * `missing` (the tokens seen) and a `note`; bounds and levels are left to
 * the user, because bounds declared before seeing the data keep the privacy
 * guarantee clean (method.md §3.5) while bounds read off the data do not.
 */
export interface ColumnSchema {
  name: string;
  type: ColumnType;
  /** Declared lower bound (numeric columns; dates written in the column's format). */
  lower?: number | string;
  /** Declared upper bound. */
  upper?: number | string;
  /** Cell texts read as missing; absent means the default list. */
  missing?: string[];
  /**
   * Up to this many cells that do not read as the column's kind of value
   * (text in a numeric column, a non-date in a date column) are read as
   * missing, as inference reads a few stray texts: a schema names their
   * count, never their texts (stray-texts.ts).
   */
  strayTexts?: number;
  /** Numeric codes that mean missing in this column (0, -9, 999). */
  missingCodes?: number[];
  /** Declared category labels (binary, categorical); absent: those seen. */
  levels?: string[];
  /** 'log' models log(x) for a positive, right-skewed continuous column. */
  transform?: 'none' | 'log';
  /** Date layout, e.g. 'YYYY-MM-DD', 'DD/MM/YYYY' (date columns). */
  format?: string;
  /**
   * The decimal mark of a continuous or integer column: ',' for numbers
   * written "77,6" (read and written that way); absent or '.' for "77.6".
   */
  decimal?: '.' | ',';
  /** A sign written before every number of a continuous or integer column ("$"). */
  prefix?: string;
  /** A sign or unit written after every number ("%", " kg"); read past and written back. */
  suffix?: string;
  /** Leave the column out of the synthetic output entirely. */
  drop?: boolean;
  /** Why inference chose this type (informational). */
  note?: string;
}

/** A JSON document describing a table's columns; the user may edit it. */
export interface Schema {
  version: number;
  columns: ColumnSchema[];
}

/** The values `"type"` accepts (leaving a column out is `"drop": true`, not a type). */
export const COLUMN_TYPES: readonly ColumnType[] = [
  'continuous', 'integer', 'binary', 'categorical', 'date', 'id', 'constant', 'empty',
];
/** Every field a schema column accepts. */
export const SCHEMA_FIELDS: ReadonlySet<string> = new Set([
  'name', 'type', 'lower', 'upper', 'missing', 'strayTexts', 'missingCodes', 'levels',
  'transform', 'format', 'decimal', 'prefix', 'suffix', 'drop', 'note',
]);

/**
 * Checks a schema read from JSON and returns it typed. With a table, also
 * checks that every schema column exists in the table and the reverse, and
 * applies each column's "strayTexts" to the table's cells (their texts
 * join "missing"; see stray-texts.ts), so the schema returned reads the
 * table as inference did. Throws LniError('schema-invalid') naming the
 * column at fault, or LniError('cell-type') naming `file`'s row when a
 * column holds more stray cells than its "strayTexts".
 */
export function validateSchema(json: unknown, table?: Table, file?: string): Schema {
  const fail = (message: string, column?: string, hint?: string): never => {
    throw new LniError('schema-invalid', message, { column, hint });
  };
  if (!isRecord(json)) fail('The schema must be a JSON object.');
  const record = json as Record<string, unknown>;
  if (record.version !== SCHEMA_VERSION) {
    fail(`The schema version must be ${SCHEMA_VERSION}, got ${String(record.version)}.`,
      undefined, 'write a fresh schema with lni schema and edit that');
  }
  if (!Array.isArray(record.columns)) fail('The schema needs a "columns" array.');
  const columns = (record.columns as unknown[]).map((entry, j) => validateColumn(entry, j));

  const names = new Set<string>();
  for (const column of columns) {
    if (names.has(column.name)) fail('The column is listed twice.', column.name);
    names.add(column.name);
  }
  if (table !== undefined) {
    for (const column of columns) {
      if (!table.names.includes(column.name)) {
        fail('The schema names a column the table does not have.', column.name,
          'check the spelling against the header');
      }
    }
    for (const name of table.names) {
      if (!names.has(name)) {
        fail('The table has a column the schema does not describe.', name,
          'add it to the schema (or set "drop": true)');
      }
    }
    return withStrayTexts({ version: SCHEMA_VERSION, columns }, table, file);
  }
  return { version: SCHEMA_VERSION, columns };
}

function validateColumn(entry: unknown, index: number): ColumnSchema {
  if (!isRecord(entry) || typeof entry.name !== 'string') {
    throw new LniError('schema-invalid', `Schema column ${index + 1} needs a "name" string.`);
  }
  const name = entry.name;
  const fail = (message: string, hint?: string): never => {
    throw new LniError('schema-invalid', message, { column: name, hint });
  };
  for (const key of Object.keys(entry)) {
    if (!SCHEMA_FIELDS.has(key)) {
      fail(`Unknown schema field "${key}".`, `known: ${[...SCHEMA_FIELDS].join(', ')}`);
    }
  }
  if (!COLUMN_TYPES.includes(entry.type as ColumnType)) {
    fail(`Unknown column type "${String(entry.type)}".`, `use one of ${COLUMN_TYPES.join(', ')}`);
  }
  const column: ColumnSchema = { name, type: entry.type as ColumnType };
  const isDate = column.type === 'date';
  for (const key of ['lower', 'upper'] as const) {
    const bound = entry[key];
    if (bound === undefined) continue;
    const ok = isDate ? typeof bound === 'string' : typeof bound === 'number'
      && Number.isFinite(bound);
    if (!ok) fail(`"${key}" must be ${isDate ? 'a date string' : 'a finite number'}.`);
    column[key] = bound as number | string;
  }
  if (typeof column.lower === 'number' && typeof column.upper === 'number'
    && !(column.lower < column.upper)) {
    fail(`"lower" (${column.lower}) must be below "upper" (${column.upper}).`);
  }
  if (entry.missing !== undefined) {
    if (!isStringArray(entry.missing)) fail('"missing" must be an array of strings.');
    column.missing = (entry.missing as string[]).slice();
  }
  if (entry.strayTexts !== undefined) {
    if (typeof entry.strayTexts !== 'number' || !Number.isInteger(entry.strayTexts)
      || entry.strayTexts < 0) {
      fail('"strayTexts" must be a whole number of cells (0 or more), got '
        + `${JSON.stringify(entry.strayTexts) ?? String(entry.strayTexts)}.`);
    }
    column.strayTexts = entry.strayTexts as number;
  }
  if (entry.missingCodes !== undefined) {
    const codes = entry.missingCodes;
    if (!Array.isArray(codes) || !codes.every((c) => typeof c === 'number' && Number.isFinite(c))) {
      fail('"missingCodes" must be an array of numbers.');
    }
    column.missingCodes = (codes as number[]).slice();
  }
  if (entry.levels !== undefined) {
    if (!isStringArray(entry.levels) || new Set(entry.levels).size !== entry.levels.length) {
      fail('"levels" must be an array of distinct strings.');
    }
    column.levels = (entry.levels as string[]).slice();
    if (column.type === 'binary' && column.levels.length > 2) {
      fail(`A binary column has at most two levels, got ${column.levels.length}.`,
        'declare the column "categorical"');
    }
  }
  if (entry.transform !== undefined) {
    if (entry.transform !== 'none' && entry.transform !== 'log') {
      fail(`"transform" must be "none" or "log", got ${String(entry.transform)}.`);
    }
    column.transform = entry.transform as 'none' | 'log';
  }
  if (entry.format !== undefined) {
    if (typeof entry.format !== 'string') fail('"format" must be a string.');
    column.format = entry.format as string;
  }
  if (entry.decimal !== undefined) {
    if (entry.decimal !== '.' && entry.decimal !== ',') {
      fail(`"decimal" must be "." or ",", got ${JSON.stringify(entry.decimal)}.`);
    }
    column.decimal = entry.decimal as '.' | ',';
  }
  for (const key of ['prefix', 'suffix'] as const) {
    if (entry[key] === undefined) continue;
    if (!isAffix(entry[key])) {
      fail(`"${key}" must be a sign or unit of 1 to ${MAX_AFFIX_LENGTH} characters (and a `
        + 'space), digits only right after a letter.');
    }
    if (column.type !== 'continuous' && column.type !== 'integer') {
      fail(`"${key}" applies to continuous and integer columns only.`);
    }
    column[key] = entry[key] as string;
  }
  if (entry.drop !== undefined) {
    if (typeof entry.drop !== 'boolean') fail('"drop" must be true or false.');
    column.drop = entry.drop as boolean;
  }
  if (column.transform === 'log' && column.type !== 'continuous') {
    fail('"transform": "log" applies to continuous columns only.');
  }
  if (column.format !== undefined && column.type !== 'date') {
    fail('"format" applies to date columns only.');
  }
  if (column.decimal !== undefined && column.type !== 'continuous'
    && column.type !== 'integer') {
    fail('"decimal" applies to continuous and integer columns only.',
      'remove "decimal", or set the type to continuous or integer');
  }
  if (entry.note !== undefined) column.note = String(entry.note);
  return column;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isStringArray(value: unknown): value is string[] {
  return Array.isArray(value) && value.every((v) => typeof v === 'string');
}
