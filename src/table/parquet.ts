import { parquetMetadata, parquetRead } from 'hyparquet';
import type { FileMetaData, SchemaElement } from 'hyparquet';
import { parquetWriteBuffer } from 'hyparquet-writer';
import { LniError } from '../util/errors.js';
import { isIntegral, parseNumber } from './cells.js';
import type { Table } from './types.js';

/**
 * Parquet in and out, on bytes only (the CLI reads and writes the files).
 * A Parquet file is read into the same Table of text cells as a CSV file,
 * with a ParquetLayout recording each column's physical and logical type,
 * so the synthetic table is written back with the same types.
 *
 * Text of a cell by type: null → "" (read as missing, written back as
 * null); integers (INT32, INT64) → decimal digits; DOUBLE → shortest text
 * that reads back to the same double; FLOAT → shortest text that reads
 * back to the same float32; DECIMAL → fixed with `scale` decimals;
 * BOOLEAN → "true"/"false"; DATE → YYYY-MM-DD; TIMESTAMP → YYYY-MM-DD when
 * every value is at midnight UTC, else ISO 8601; strings as they are.
 */

/** One column of a Parquet file: its schema element, kept to write it back. */
export interface ParquetColumn {
  name: string;
  element: SchemaElement;
}

/** What parseParquet records so formatParquet writes the same types back. */
export interface ParquetLayout {
  columns: ParquetColumn[];
}

export interface ParsedParquet {
  table: Table;
  layout: ParquetLayout;
  notes: string[];
}

type WriterSchema = NonNullable<Parameters<typeof parquetWriteBuffer>[0]['schema']>;

const MAGIC = [0x50, 0x41, 0x52, 0x31]; // "PAR1"

/** True when the bytes start and end with the Parquet magic "PAR1". */
export function isParquet(bytes: Uint8Array): boolean {
  if (bytes.length < 12) return false;
  const end = bytes.length - 4;
  return MAGIC.every((byte, k) => bytes[k] === byte && bytes[end + k] === byte);
}

/**
 * Reads a flat Parquet file into a Table of text cells and its layout.
 * Throws LniError for bytes that are not Parquet, nested columns (lists,
 * maps, structs), binary columns without a text annotation, and an empty
 * file. `file` is shown in errors only.
 */
export async function parseParquet(
  bytes: Uint8Array, options: { file?: string } = {},
): Promise<ParsedParquet> {
  const file = options.file;
  const buffer = bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength);
  if (!isParquet(bytes)) {
    throw new LniError('parquet-invalid', 'The file is not a Parquet file (no PAR1 marker).', {
      file, hint: 'the file may be truncated; write it again' });
  }
  const metadata = readMetadata(buffer as ArrayBuffer, file);
  const columns = flatColumns(metadata, file);
  let rows: unknown[][];
  try {
    rows = await new Promise<unknown[][]>((resolve, reject) => {
      parquetRead({
        file: buffer as ArrayBuffer, metadata, rowFormat: 'array',
        onComplete: (data) => resolve(data as unknown[][]),
      }).catch(reject);
    });
  } catch (error) {
    throw new LniError('parquet-invalid', `The Parquet data cannot be read ` +
      `(${(error as Error).message}).`, { file, hint: 'the file may be corrupted' });
  }
  if (rows.length === 0) {
    throw new LniError('csv-no-rows', 'The file has columns but no rows.', {
      file, hint: 'a table needs at least two data rows' });
  }
  const cells = columns.map((column, j) =>
    columnText(column, rows.map((row) => row[j]), file));
  const table: Table = { names: columns.map((c) => c.name), columns: cells, rowCount: rows.length };
  const notes = [`Read ${rows.length} rows of ${columns.length} Parquet columns; ` +
    'null cells are treated as missing.'];
  return { table, layout: { columns }, notes };
}

/**
 * Writes a Table as Parquet with the given layout's types; columns the
 * layout does not know (or a table read from CSV) get a type from their
 * cells: INT64 when all are integers, DOUBLE when all are numbers, else
 * STRING. Missing cells ("" and the column's `missingTokens`) become null;
 * a numeric type's "NaN" stays NaN. Compression is SNAPPY whatever the
 * input used.
 */
export function formatParquet(table: Table, layout?: ParquetLayout,
  missingTokens: Record<string, readonly string[]> = {}): Uint8Array {
  // Limitation: an empty string in a text column is written back as null.
  // Limitation: the input's key-value metadata (pandas, Arrow) is not copied.
  const known = new Map((layout?.columns ?? []).map((c) => [c.name, c.element]));
  const elements: SchemaElement[] = [];
  const columnData = table.names.map((name, j) => {
    const cells = table.columns[j];
    const missing = new Set(['', ...(missingTokens[name] ?? [])]);
    const element = known.get(name) ?? elementFromCells(name, cells, missing);
    const data = cells.map((cell) => missing.has(cell) ? null : cellValue(cell, element, name));
    const hasNull = data.some((value) => value === null);
    elements.push(hasNull && element.repetition_type === 'REQUIRED'
      ? { ...element, repetition_type: 'OPTIONAL' } : element);
    return { name, data };
  });
  const root: SchemaElement = { name: 'schema', num_children: elements.length };
  // The writer bundles its own hyparquet, whose element type differs only
  // in logical types lni never reads (FILE); the elements are passed as read.
  const schema = [root, ...elements] as unknown as WriterSchema;
  const buffer = parquetWriteBuffer({ columnData, schema });
  return new Uint8Array(buffer);
}

function readMetadata(buffer: ArrayBuffer, file: string | undefined): FileMetaData {
  try {
    return parquetMetadata(buffer);
  } catch (error) {
    throw new LniError('parquet-invalid', `The Parquet footer cannot be read ` +
      `(${(error as Error).message}).`, { file, hint: 'the file may be truncated or corrupted' });
  }
}

function flatColumns(metadata: FileMetaData, file: string | undefined): ParquetColumn[] {
  const [root, ...elements] = metadata.schema;
  if (elements.length === 0 || (root.num_children ?? 0) === 0) {
    throw new LniError('csv-empty', 'The Parquet file has no columns.', { file });
  }
  for (const element of elements) {
    if ((element.num_children ?? 0) > 0 || element.repetition_type === 'REPEATED') {
      throw new LniError('parquet-nested',
        'The column is nested (list, map or struct); lni reads flat tables only.', {
          file, column: element.name, hint: 'flatten the table before synthesis' });
    }
  }
  const names = new Set<string>();
  for (const { name } of elements) {
    if (names.has(name)) {
      throw new LniError('csv-duplicate-column', `The column name "${name}" appears twice.`, {
        file, column: name });
    }
    names.add(name);
  }
  return elements.map((element) => ({ name: element.name, element }));
}

function columnText(column: ParquetColumn, values: unknown[], file?: string): string[] {
  const { element } = column;
  if (isTimestamp(element)) {
    // Limitation: timestamps with a time of day are ISO text, which lni
    // models as labels or IDs, not as times.
    const dates = values as (Date | null | undefined)[];
    const midnight = dates.every((d) => d == null || d.getTime() % 86_400_000 === 0);
    return dates.map((d) => d == null ? ''
      : midnight ? d.toISOString().slice(0, 10) : d.toISOString());
  }
  return values.map((value, i) => valueText(value, element, () => {
    throw new LniError('parquet-unsupported',
      `A cell of type ${typeName(element)} cannot be read as text.`, {
        file, column: column.name, row: i + 1,
        hint: 'lni reads numbers, text, booleans, dates and timestamps' });
  }));
}

function valueText(value: unknown, element: SchemaElement, fail: () => never): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'string') return value;
  if (typeof value === 'bigint' || typeof value === 'boolean') return String(value);
  if (typeof value === 'number') {
    if (element.converted_type === 'DECIMAL' || element.logical_type?.type === 'DECIMAL') {
      return value.toFixed(element.scale ?? 0);
    }
    return element.type === 'FLOAT' ? float32Text(value) : String(value);
  }
  if (value instanceof Date) return value.toISOString().slice(0, 10);
  return fail();
}

/** The shortest decimal text that rounds back to the same float32. */
function float32Text(value: number): string {
  if (!Number.isFinite(value)) return String(value);
  for (let digits = 1; digits <= 9; digits++) {
    const text = value.toPrecision(digits);
    if (Math.fround(Number(text)) === value) return String(Number(text));
  }
  return String(value);
}

/** A cell's text as the JavaScript value hyparquet-writer takes for the element. */
function cellValue(cell: string, element: SchemaElement, name: string): unknown {
  const text = cell.trim();
  if (isTimestamp(element) || isDate(element)) {
    const time = Date.parse(text.length === 10 ? `${text}T00:00:00Z` : text);
    if (Number.isNaN(time)) throw unwritable(cell, element, name);
    return new Date(time);
  }
  switch (element.type) {
    case 'BOOLEAN':
      return text === 'true' || text === '1';
    case 'INT32':
    case 'INT64': {
      const value = parseNumber(text);
      if (!Number.isFinite(value)) throw unwritable(cell, element, name);
      if (element.converted_type === 'DECIMAL') return value;
      const integer = /^[+-]?\d+$/.test(text) ? BigInt(text) : BigInt(Math.round(value));
      return element.type === 'INT64' ? integer : Number(integer);
    }
    case 'FLOAT':
    case 'DOUBLE':
      return text === 'NaN' ? Number.NaN : numberOrFail(text, cell, element, name);
    case 'FIXED_LEN_BYTE_ARRAY':
      return element.converted_type === 'DECIMAL'
        ? numberOrFail(text, cell, element, name) : cell;
    default:
      return element.converted_type === 'DECIMAL' ? numberOrFail(text, cell, element, name) : cell;
  }
}

function numberOrFail(text: string, cell: string, element: SchemaElement, name: string): number {
  const value = parseNumber(text);
  if (!Number.isFinite(value)) throw unwritable(cell, element, name);
  return value;
}

function unwritable(cell: string, element: SchemaElement, name: string): LniError {
  return new LniError('parquet-write',
    `A synthetic cell of ${cell.length} characters does not fit type ${typeName(element)}.`, {
      column: name, hint: 'declare the column type in a schema' });
}

/** A schema element for a column read from CSV, from what its cells hold. */
function elementFromCells(name: string, cells: string[], missing: Set<string>): SchemaElement {
  const present = cells.filter((cell) => !missing.has(cell));
  const optional = present.length < cells.length ? 'OPTIONAL' : 'REQUIRED';
  // A code written with leading zeros (ZIP 02139) is text: as a number it
  // would lose its zeros, where the CSV release keeps them.
  const numeric = present.length > 0 && present.every((c) => Number.isFinite(parseNumber(c)))
    && !present.some((c) => /^[-+]?0\d/.test(c.trim()));
  if (numeric && present.every((c) => isIntegral(c)) && present.every((c) => !c.includes('.'))) {
    return { name, type: 'INT64', repetition_type: optional };
  }
  if (numeric) return { name, type: 'DOUBLE', repetition_type: optional };
  return {
    name, type: 'BYTE_ARRAY', converted_type: 'UTF8', logical_type: { type: 'STRING' },
    repetition_type: optional,
  };
}

function isTimestamp(element: SchemaElement): boolean {
  return element.logical_type?.type === 'TIMESTAMP'
    || element.converted_type === 'TIMESTAMP_MILLIS'
    || element.converted_type === 'TIMESTAMP_MICROS';
}

function isDate(element: SchemaElement): boolean {
  return element.converted_type === 'DATE' || element.logical_type?.type === 'DATE';
}

function typeName(element: SchemaElement): string {
  const logical = element.logical_type?.type ?? element.converted_type;
  return logical === undefined ? String(element.type) : `${element.type}/${logical}`;
}
