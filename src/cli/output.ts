import { extname } from 'node:path';
import { DEFAULT_MISSING_TOKENS, Encoder, formatCsv, formatParquet } from '../table/index.js';
import type { Table } from '../table/index.js';
import { LniError } from '../util/errors.js';
import type { LoadedInput } from './input.js';

const CSV_EXTENSIONS = new Set(['.csv', '.tsv', '.txt', '.data']);

/**
 * The format a synthetic table is written in: Parquet for an output path
 * ending in .parquet, CSV for .csv, .tsv, .txt or .data, otherwise the
 * input's own format. So `-o out.csv` from a Parquet input writes CSV, and
 * `-o out.parquet` from a CSV input writes Parquet.
 */
export function outputFormat(path: string, input: LoadedInput): 'csv' | 'parquet' {
  const extension = extname(path).toLowerCase();
  if (extension === '.parquet') return 'parquet';
  if (CSV_EXTENSIONS.has(extension)) return 'csv';
  return input.parquet !== undefined ? 'parquet' : 'csv';
}

/**
 * The content of the synthetic table's file in the chosen format: CSV in
 * the input's dialect (comma-separated, or tab for .tsv, when the input was
 * Parquet); Parquet with the input's column types (types read off the
 * cells when the input was CSV, missing tokens written as null).
 */
export function tableFile(path: string, table: Table, input: LoadedInput): string | Uint8Array {
  if (outputFormat(path, input) === 'parquet') {
    const missing: Record<string, readonly string[]> = {};
    if (input.parquet === undefined) {
      for (const column of input.schema.columns) {
        missing[column.name] = column.missing ?? DEFAULT_MISSING_TOKENS;
      }
    }
    return formatParquet(pointDecimals(table, input), input.parquet, missing);
  }
  const dialect = input.parquet !== undefined && extname(path).toLowerCase() === '.tsv'
    ? { ...input.dialect, delimiter: '\t' } : input.dialect;
  return formatCsv(table, dialect);
}

/**
 * The table with decimal-comma columns ("decimal": "," in the schema)
 * written with a point, so a Parquet file stores them as numbers.
 */
function pointDecimals(table: Table, input: LoadedInput): Table {
  const commas = new Set(input.schema.columns
    .filter((column) => column.decimal === ',').map((column) => column.name));
  if (commas.size === 0) return table;
  const columns = table.columns.map((cells, j) => (commas.has(table.names[j])
    ? cells.map((cell) => (/^[+-]?\d+,\d+$/.test(cell) ? cell.replace(',', '.') : cell))
    : cells));
  return { ...table, columns };
}

/**
 * The output when no column is left to model (every one constant, empty,
 * dropped or ID-like): constants as they are, fresh IDs, the same row
 * count, with nothing learned from the rows. Null when some column is modelled.
 */
export function passThroughTable(input: LoadedInput, file: string): Table | null {
  const encoder = Encoder.fit(input.table, input.schema, file);
  if (encoder.dimension > 0) return null;
  const table = encoder.decode(new Float64Array(0), input.table.rowCount);
  if (table.names.length === 0) {
    // A file of blank lines would pass for a release of nothing.
    throw new LniError('nothing-to-write', 'every column is dropped, so the output would have '
      + 'no columns', { file, hint: 'keep at least one column in the schema ("drop": false)' });
  }
  return table;
}
