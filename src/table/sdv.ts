import { LniError } from '../util/errors.js';
import { isDateFormat } from './dates.js';
import { SCHEMA_VERSION, type ColumnSchema, type Schema } from './schema.js';
import type { ColumnType } from './types.js';

/**
 * SDV single-table metadata (and the multi-table form holding one table)
 * translated to an lni schema, so a user coming from SDV can pass the same
 * metadata.json with --schema.
 *
 * Mapping by sdtype:
 *   numerical, computer_representation Int8…Int64 / UInt8…UInt64 → integer
 *   numerical, Float / Float32 / Float64 / absent → continuous
 *   categorical → categorical;  boolean → binary
 *   datetime → date, datetime_format %Y-%m-%d style → YYYY-MM-DD style
 *   id, and every other sdtype (email, phone_number, name, address,
 *   unknown, ...) → id: not modelled, fresh values written
 * The primary_key column, and a column marked "pii": true, is an id
 * whatever its sdtype says.
 *
 * Ignored (reported in `ignored`): regex_format, alternate_keys,
 * sequence_key, sequence_index, order / order_by, relationships, and
 * METADATA_SPEC_VERSION. Bounds and missing tokens are not part of SDV
 * metadata; lni's defaults apply (bounds from the data, the usual tokens).
 */
export interface SdvTranslation {
  schema: Schema;
  /** One line per SDV field lni does not use, naming the column. */
  ignored: string[];
}

const INTEGER_REPRESENTATIONS = new Set([
  'Int8', 'Int16', 'Int32', 'Int64', 'UInt8', 'UInt16', 'UInt32', 'UInt64',
]);
const FLOAT_REPRESENTATIONS = new Set(['Float', 'Float32', 'Float64']);
const COLUMN_KEYS = new Set(['sdtype', 'computer_representation', 'datetime_format', 'pii']);
const TABLE_KEYS = new Set(['columns', 'primary_key', 'METADATA_SPEC_VERSION']);

/** True when the JSON looks like SDV metadata rather than an lni schema. */
export function isSdvMetadata(json: unknown): boolean {
  if (!isRecord(json)) return false;
  if (isRecord(json.tables)) return true;
  return isRecord(json.columns) && !Array.isArray(json.columns);
}

/**
 * Translates SDV metadata to an lni schema. Throws LniError('schema-invalid')
 * for a multi-table document with more than one table, a column without an
 * sdtype, or a datetime format lni cannot write (times of day, %y, %b...).
 */
export function schemaFromSdv(json: unknown): SdvTranslation {
  const ignored: string[] = [];
  const table = singleTable(json, ignored);
  if (!isRecord(table.columns)) {
    throw new LniError('schema-invalid', 'The SDV metadata needs a "columns" object.');
  }
  for (const key of Object.keys(table)) {
    if (!TABLE_KEYS.has(key)) ignored.push(`"${key}"`);
  }
  const primaryKey = typeof table.primary_key === 'string' ? table.primary_key : undefined;
  const columns = Object.entries(table.columns).map(([name, entry]) =>
    sdvColumn(name, entry, name === primaryKey, ignored));
  if (primaryKey !== undefined && !columns.some((column) => column.name === primaryKey)) {
    throw new LniError('schema-invalid', 'The primary key is not among the columns.', {
      column: primaryKey });
  }
  return { schema: { version: SCHEMA_VERSION, columns }, ignored };
}

function singleTable(json: unknown, ignored: string[]): Record<string, unknown> {
  if (!isRecord(json)) {
    throw new LniError('schema-invalid', 'The SDV metadata must be a JSON object.');
  }
  if (!isRecord(json.tables)) return json;
  const names = Object.keys(json.tables);
  if (names.length !== 1) {
    throw new LniError('schema-invalid',
      `The SDV metadata describes ${names.length} tables (${names.join(', ')}); ` +
      'lni synthesizes one table at a time.', {
        hint: 'keep only the table you pass as data in "tables"' });
  }
  if (Array.isArray(json.relationships) && json.relationships.length > 0) {
    ignored.push('"relationships"');
  }
  const table = json.tables[names[0]];
  if (!isRecord(table)) {
    throw new LniError('schema-invalid', `The SDV table "${names[0]}" must be an object.`);
  }
  return table;
}

function sdvColumn(
  name: string, entry: unknown, isKey: boolean, ignored: string[],
): ColumnSchema {
  const fail = (message: string, hint?: string): never => {
    throw new LniError('schema-invalid', message, { column: name, hint });
  };
  if (!isRecord(entry) || typeof entry.sdtype !== 'string') {
    return fail('The SDV column needs an "sdtype" string.');
  }
  for (const key of Object.keys(entry)) {
    if (!COLUMN_KEYS.has(key)) ignored.push(`"${key}" of column "${name}"`);
  }
  const note = `from SDV sdtype "${entry.sdtype}"`;
  if (isKey) return { name, type: 'id', note: `${note}, the primary key` };
  // SDV's "pii" marks a column that identifies a person: never modelled.
  if (entry.pii === true) {
    return { name, type: 'id', note: `${note}, marked "pii": not modelled, fresh IDs written` };
  }
  const type = columnType(entry, fail);
  if (type !== 'date') return { name, type, note };
  if (entry.datetime_format === undefined) return { name, type, note };
  const format = dateFormat(String(entry.datetime_format));
  if (format === null) {
    return fail(`The datetime format "${String(entry.datetime_format)}" is not one lni ` +
      'writes.', 'lni reads dates as %Y-%m-%d or %d/%m/%Y, optionally with a time as %H:%M:%S');
  }
  return { name, type, format, note };
}

function columnType(entry: Record<string, unknown>, fail: (m: string) => never): ColumnType {
  const representation = entry.computer_representation;
  switch (entry.sdtype) {
    case 'numerical':
      if (representation === undefined || FLOAT_REPRESENTATIONS.has(String(representation))) {
        return 'continuous';
      }
      if (INTEGER_REPRESENTATIONS.has(String(representation))) return 'integer';
      return fail(`Unknown computer_representation "${String(representation)}".`);
    case 'categorical':
      return 'categorical';
    case 'boolean':
      return 'binary';
    case 'datetime':
      return 'date';
    default:
      return 'id';
  }
}

/** "%Y-%m-%d" → "YYYY-MM-DD", "%-d/%-m/%Y" → "D/M/YYYY"; null if not a date layout. */
function dateFormat(format: string): string | null {
  const parts: Record<string, string> = {
    '%Y': 'YYYY', '%m': 'MM', '%d': 'DD', '%-m': 'M', '%-d': 'D', '%#m': 'M', '%#d': 'D',
    '%H': 'HH', '%-H': 'H', '%#H': 'H', '%I': 'hh', '%-I': 'h', '%#I': 'h', '%M': 'mm',
    '%S': 'ss', '%f': 'SSSSSS', '%p': 'A',
  };
  const translated = format.replace(/%[-#]?[a-zA-Z]/g, (token) => parts[token] ?? '?');
  return isDateFormat(translated) ? translated : null;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
