import { fitCodec } from './codec.js';
import { validateSchema, type Schema } from './schema.js';
import type { Table } from './types.js';

/**
 * Checks a declared schema against every row of the table, as fitting would
 * read it, and returns what fitting would otherwise do silently: one
 * warning per column with values clipped to its declared bounds (column,
 * count, first 1-based row). Throws the LniError fitting would throw (a
 * cell that does not read as its type, a type or bounds the data
 * contradicts), here with rows counted in the whole file rather than in a
 * subset of fit rows. Call it once, after reading a table with --schema.
 */
export function schemaWarnings(table: Table, schema: Schema, file?: string): string[] {
  validateSchema(schema, table);
  const warnings: string[] = [];
  for (const column of schema.columns) {
    fitCodec(column, table.columns[table.names.indexOf(column.name)], file, warnings);
  }
  return warnings;
}
