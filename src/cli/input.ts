import {
  defaultDialect, inferSchema, isParquet, parseCsv, parseParquet, rareLevelNotes, schemaWarnings,
  validateSchema,
} from '../table/index.js';
import type { Dialect, ParquetLayout, Schema, Table } from '../table/index.js';
import { isSdvMetadata, schemaFromSdv } from '../table/sdv.js';
import { LniError } from '../util/errors.js';
import { readInputFile, readJsonFile } from './files.js';

export interface InputOptions {
  header?: boolean;
  columns?: string;
  schema?: string;
  delimiter?: string;
  /**
   * A model's schema decides the types (synthesize): inference decisions
   * about this file, such as an ID-like column left out, would not hold.
   */
  typesFromModel?: boolean;
  /** The table is to be fitted (fit, run): warn of levels a release could reveal. */
  fitting?: boolean;
}

export interface LoadedInput {
  table: Table;
  /** How a CSV input was written (the default dialect for a Parquet input). */
  dialect: Dialect;
  /** The column types of a Parquet input; absent for CSV. */
  parquet?: ParquetLayout;
  schema: Schema;
  /** Decisions worth telling the user (dropped empty column, inferred types...). */
  notes: string[];
  /** Whether the schema came from a file the user gave. */
  declared: boolean;
}

/** The files a command reads, which no output may overwrite: the data and any --schema. */
export function inputFiles(data: string, options: InputOptions): string[] {
  return options.schema === undefined ? [data] : [data, options.schema];
}

/**
 * Reads a CSV or Parquet file (told apart by the Parquet magic bytes) and
 * its schema: the one given with --schema (an lni schema or SDV metadata,
 * validated against the table), or one inferred from the data.
 */
export async function loadInput(path: string, options: InputOptions): Promise<LoadedInput> {
  const bytes = readInputFile(path);
  const declaredFile = options.schema === undefined
    ? undefined : readSchemaFile(options.schema);
  const declaredSchema = declaredFile?.schema;
  const schemaNotes = declaredFile?.notes ?? [];
  if (isParquet(bytes) || path.toLowerCase().endsWith('.parquet')) {
    const parsed = await parseParquet(bytes, { file: path });
    const base = { table: parsed.table, dialect: defaultDialect(), parquet: parsed.layout };
    const schema = withSchema(parsed.table, declaredSchema, path, options.schema);
    return { ...base, ...schema,
      notes: [...parsed.notes, ...schemaNotes, ...sizeNotes(parsed.table),
        ...declaredNotes(parsed.table, schema, path),
        ...(options.fitting === true ? rareLevelNotes(parsed.table, schema.schema, path) : [])] };
  }
  if (options.columns !== undefined && options.header !== false) {
    // Silently ignored, the user's names would never be used.
    throw new LniError('invalid-option', '--columns names the columns of a file without a '
      + 'header line, and this one is read with a header', {
      file: path, hint: 'add --no-header if the first line is data, or drop --columns' });
  }
  const names = options.columns !== undefined
    ? splitList(options.columns)
    : options.header === false && declaredSchema !== undefined
      ? declaredSchema.columns.map((column) => column.name)
      : undefined;
  const parsed = parseCsv(bytes, {
    file: path, header: options.header !== false, names,
    delimiter: parseDelimiter(options.delimiter),
  });
  const schema = withSchema(parsed.table, declaredSchema, path, options.schema,
    parsed.dialect.delimiter);
  const notes = [...parsed.notes, ...schemaNotes, ...sizeNotes(parsed.table),
    ...(options.typesFromModel === true ? [] : decisionNotes(schema.schema, schema.declared)),
    ...declaredNotes(parsed.table, schema, path),
    ...(options.fitting === true ? rareLevelNotes(parsed.table, schema.schema, path) : [])];
  return { table: parsed.table, dialect: parsed.dialect, notes, ...schema };
}

/** "tab" and "\\t" name the tab; anything else must be one character. */
function parseDelimiter(text: string | undefined): string | undefined {
  if (text === undefined) return undefined;
  if (text === 'tab' || text === '\\t') return '\t';
  if ([...text].length !== 1) {
    throw new LniError('invalid-option', `--delimiter must be one character, got "${text}"`, {
      hint: 'e.g. --delimiter ";" or --delimiter tab',
    });
  }
  return text;
}

/**
 * Inference decisions a user must see: columns left out of the model or
 * passed through, and transforms. (Ordinary types are in `lni schema`.)
 */
function decisionNotes(schema: Schema, declared: boolean): string[] {
  if (declared) return [];
  return schema.columns
    .filter((column) => ['id', 'constant', 'empty'].includes(column.type)
      || column.transform === 'log'
      || DECISION_PHRASES.some((phrase) => (column.note ?? '').includes(phrase)))
    .map((column) => `column "${column.name}": ${column.note ?? column.type} ` +
      '(change it in a schema: lni schema FILE -o schema.json)');
}

/** Words of an inference note that mark a decision the user must see (see infer.ts). */
const DECISION_PHRASES = ['read as missing', 'alone beyond a wide gap', 'every one distinct',
  'not modelled as dates', 'not as quantities', 'rows each on average', 'of its cells are numbers',
  'of its cells are dates', 'rows per value on average', 'day-month order ambiguous'];

/** Below this many rows, lni warns that the twin will be rough. */
export const ROWS_TO_MODEL_WELL = 100;

/** A warning for a table too small to model well, or none. */
function sizeNotes(table: Table): string[] {
  if (table.rowCount >= ROWS_TO_MODEL_WELL) return [];
  return [`warning: the table has only ${table.rowCount} rows, too few to model well ` +
    `(aim for ${ROWS_TO_MODEL_WELL} or more); expect a rough synthetic twin.`];
}

/**
 * With a declared schema: cells it clips to its bounds, counted over the
 * whole file (an error when most of a column lies outside them).
 */
function declaredNotes(
  table: Table, schema: { schema: Schema; declared: boolean }, path: string,
): string[] {
  return schema.declared ? schemaWarnings(table, schema.schema, path) : [];
}

function withSchema(
  table: Table, declared: Schema | undefined, path: string, schemaPath: string | undefined,
  delimiter?: string,
): { schema: Schema; declared: boolean } {
  if (declared !== undefined) {
    return { schema: withFile(() => validateSchema(declared, table, path), schemaPath),
      declared: true };
  }
  return { schema: inferSchema(table, { file: path, delimiter }), declared: false };
}

/**
 * Reads a schema JSON file, checking its shape (not yet against a table):
 * an lni schema, or SDV single- or multi-table metadata translated to one.
 */
export function readSchemaFile(path: string): { schema: Schema; notes: string[] } {
  return withFile(() => {
    const json = readJsonFile(path);
    if (!isSdvMetadata(json)) return { schema: validateSchema(json), notes: [] };
    const { schema, ignored } = schemaFromSdv(json);
    const notes = [`${path}: read as SDV metadata (sdtypes mapped to lni column types).`];
    if (ignored.length > 0) {
      notes.push(`${path}: SDV fields lni does not use, ignored: ${ignored.join(', ')}.`);
    }
    return { schema: validateSchema(schema), notes };
  }, path);
}

/** "a, b ,c" → ["a", "b", "c"]; an empty entry is an error. */
export function splitList(text: string): string[] {
  const items = text.split(',').map((item) => item.trim());
  if (items.some((item) => item === '')) {
    throw new LniError('invalid-option', `the list "${text}" has an empty entry`);
  }
  return items;
}

function withFile<T>(action: () => T, file: string | undefined): T {
  try {
    return action();
  } catch (error) {
    if (error instanceof LniError && error.file === undefined && file !== undefined) {
      throw new LniError(error.code, error.message,
        { file, column: error.column, row: error.row, hint: error.hint });
    }
    throw error;
  }
}
