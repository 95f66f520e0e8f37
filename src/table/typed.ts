import { cellShape, isMissing, type MissingRule } from './cells.js';
import { missingRule, readValue } from './codec.js';
import { detectDateFormat, ticksPerDay } from './dates.js';
import { applyStrayTexts } from './stray-texts.js';
import { LniError } from '../util/errors.js';
import type { Schema } from './schema.js';
import type { Table, TypedColumn } from './types.js';

/**
 * The table's columns with their schema types applied, for metrics:
 * continuous, integer and date columns as numbers (NaN where missing; dates
 * as days since 1970-01-01; no log transform), binary, categorical and
 * constant columns as labels (null where missing). ID, empty and dropped
 * columns are left out. Levels are those the schema declares, else those
 * seen, in order of first appearance.
 */
export function typedColumns(table: Table, schema: Schema, file?: string): TypedColumn[] {
  const typed: TypedColumn[] = [];
  for (const declared of schema.columns) {
    const j = table.names.indexOf(declared.name);
    if (j < 0 || declared.drop === true) continue;
    const column = applyStrayTexts(declared, table.columns[j], file);
    if (column.type === 'id' || column.type === 'empty') continue;
    const rule: MissingRule = missingRule(column);
    const cells = table.columns[j];
    const { name, type } = column;
    if (type === 'continuous' || type === 'integer' || type === 'date') {
      const observed = cells.filter((cell) => !isMissing(cell, rule));
      const layout = type === 'date' ? column.format ?? detectDateFormat(observed) ?? '' : '';
      // Dates as days, whatever the layout's tick (a minute, a second).
      const perDay = type === 'date' ? ticksPerDay(layout) : 1;
      const values = new Float64Array(cells.length);
      cells.forEach((cell, i) => {
        values[i] = isMissing(cell, rule) ? NaN
          : readValue(cell, type, layout, column.decimal, column) / perDay;
        if (!isMissing(cell, rule) && Number.isNaN(values[i])) {
          throw new LniError('cell-type',
            `The cell (${cellShape(cell)}) is not a valid ${type} value.`, {
            file, column: name, row: i + 1, hint: 'fix the cell or the column type' });
        }
      });
      typed.push({ kind: 'numeric', name, type, values,
        ...(type === 'date' ? { dateFormat: layout } : {}) });
    } else {
      const values = cells.map((cell) => (isMissing(cell, rule) ? null : cell));
      const seen = [...new Set(values.filter((v): v is string => v !== null))];
      typed.push({ kind: 'categorical', name, type, values, levels: column.levels ?? seen,
        ...(column.levels === undefined ? {} : { declared: true }) });
    }
  }
  return typed;
}
