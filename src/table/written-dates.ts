/**
 * The date a whole-number column stands for. A date modelled as the time
 * after another (date-gaps.ts) and a date-time modelled as a day and a time
 * of day (date-times.ts) are encoded as integers; what they are written
 * back as is kept here once: the date's layout, grid and fitted range, and
 * its missing tokens, marked inside the integer column.
 */
import { isMarkedMissing, markMissing, toGrid, unmarkMissing, type MissingRule } from './cells.js';
import type { NumericCodec } from './codec.js';
import type { DateCodec } from './date-orders.js';
import { formatDate, isDateFormat } from './dates.js';
import type { ColumnSchema } from './schema.js';

/** A date column's layout, grid step and fitted range (in its ticks): it is written in them. */
export interface WrittenDate {
  layout: string;
  step?: number;
  lower: number;
  upper: number;
}

/** How a date column is written, read off its fitted codec. */
export function writtenDate(codec: DateCodec): WrittenDate {
  return { layout: codec.dateFormat,
    ...(codec.format.step === undefined ? {} : { step: codec.format.step }),
    lower: codec.lower, upper: codec.upper };
}

/** Ticks of the date written as the column writes them: within its range, on its grid. */
export function writeTicks(value: number, date: WrittenDate): string {
  const clipped = Math.min(Math.max(value, date.lower), date.upper);
  return formatDate(date.step === undefined ? clipped
    : toGrid(clipped, date.step, date.lower, date.upper), date.layout);
}

/** Whether a saved entry's layout, range and grid step make a WrittenDate (a model file check). */
export function isWrittenDate(saved: Partial<WrittenDate>): boolean {
  return typeof saved.layout === 'string' && isDateFormat(saved.layout)
    && Number.isFinite(saved.lower) && Number.isFinite(saved.upper)
    && saved.lower! <= saved.upper!
    && (saved.step === undefined || (Number.isInteger(saved.step) && saved.step > 0));
}

/** The WrittenDate fields of a checked saved entry, and nothing else. */
export function pickWrittenDate(saved: Partial<WrittenDate>): WrittenDate {
  return { layout: saved.layout!, ...(saved.step === undefined ? {} : { step: saved.step }),
    lower: saved.lower!, upper: saved.upper! };
}

/** A whole-number column's missing rule as the date's own: its marked tokens, unmarked. */
export function dateRule(rule: MissingRule): MissingRule {
  return { ...rule, tokens: rule.tokens.filter(isMarkedMissing).map(unmarkMissing) };
}

/** Whole numbers, missing where the date is (its tokens marked), or empty. */
export function wholeNumberColumn(
  name: string, date: { rule: { tokens: readonly string[] } },
): ColumnSchema {
  const missing = [...new Set([...date.rule.tokens.map(markMissing), ''])];
  return { name, type: 'integer', missing };
}

/**
 * A whole-number codec (a gap, a day) seen as the date column it stands
 * for: the date's layout, grid, fitted range and missing tokens.
 */
export function asDateCodec(codec: NumericCodec, date: WrittenDate): NumericCodec {
  return { ...codec, type: 'date', dateFormat: date.layout, rule: dateRule(codec.rule),
    format: { decimals: 0, minDecimals: 0, ...(date.step === undefined ? {} : { step: date.step }) },
    lower: date.lower, upper: date.upper };
}
