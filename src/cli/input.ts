import { inferSchema, parseCsv, validateSchema } from '../table/index.js';
import type { Dialect, Schema, Table } from '../table/index.js';
import { LniError } from '../util/errors.js';
import { readInputFile, readJsonFile } from './files.js';

export interface InputOptions {
  header?: boolean;
  columns?: string;
  schema?: string;
  delimiter?: string;
}

export interface LoadedInput {
  table: Table;
  dialect: Dialect;
  schema: Schema;
  /** Decisions worth telling the user (dropped empty column, inferred types...). */
  notes: string[];
  /** Whether the schema came from a file the user gave. */
  declared: boolean;
}

/**
 * Reads a CSV file and its schema: the one given with --schema (validated
 * against the table), or one inferred from the data.
 */
export function loadInput(path: string, options: InputOptions): LoadedInput {
  const bytes = readInputFile(path);
  const declaredSchema = options.schema === undefined
    ? undefined : readSchemaFile(options.schema);
  const names = options.columns !== undefined
    ? splitList(options.columns)
    : options.header === false && declaredSchema !== undefined
      ? declaredSchema.columns.map((column) => column.name)
      : undefined;
  const parsed = parseCsv(bytes, {
    file: path, header: options.header !== false, names, delimiter: options.delimiter,
  });
  const notes = [...parsed.notes];
  if (declaredSchema !== undefined) {
    const schema = withFile(() => validateSchema(declaredSchema, parsed.table), options.schema);
    return { table: parsed.table, dialect: parsed.dialect, schema, notes, declared: true };
  }
  const schema = inferSchema(parsed.table, { file: path });
  return { table: parsed.table, dialect: parsed.dialect, schema, notes, declared: false };
}

/** Reads a schema JSON file, checking its shape (not yet against a table). */
export function readSchemaFile(path: string): Schema {
  return withFile(() => validateSchema(readJsonFile(path)), path);
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
