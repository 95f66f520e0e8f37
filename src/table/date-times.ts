/**
 * Date-times modelled as a day and a time of day. On one time line over
 * years, a column's quantiles lie days apart and a release spreads times
 * evenly between them, so a clinic open 8 to 5 got night-time visits. Split
 * in two, the time of day has a distribution of its own (opening hours, a
 * lunch break, the quarter-hour grid), and the flow models how it goes with
 * the rest of the row. The two are joined again when decoding.
 */
import { LniError } from '../util/errors.js';
import { cellShape, isMissing, markMissing, parseNumber, unmarkMissing } from './cells.js';
import { fitCodec, type Codec, type NumericCodec } from './codec.js';
import { isOrderable, ticks } from './date-orders.js';
import { isTimeOfDay, ticksPerDay } from './dates.js';
import type { Schema } from './schema.js';
import type { Table } from './types.js';
import {
  asDateCodec, isWrittenDate, pickWrittenDate, wholeNumberColumn, writeTicks, writtenDate,
  type WrittenDate,
} from './written-dates.js';

/** A date-time encoded as a day and a time of day; written as the column is (WrittenDate). */
export interface TimeSplit extends WrittenDate {
  /** The date-time column, encoded as its day (days since 1970-01-01). */
  column: string;
  /** The hidden column its time of day is encoded in (ticks since midnight). */
  time: string;
}

/** The name the time of day of a column is encoded under: one no column has. */
function timeName(column: string, taken: ReadonlySet<string>): string {
  let name = `${column} (time of day)`;
  for (let k = 2; taken.has(name); k++) name = `${column} (time of day ${k})`;
  return name;
}

/**
 * Every date-time column modelled as a date (not a time of day alone, not
 * encoded as a gap after another date), unless the schema declares bounds
 * for it (they are bounds of the time line) or numeric missing codes (they
 * are codes of the date, not of its day). A missing token that reads as a
 * number is marked in the day column (markMissing), so it is no day.
 */
export function fitTimeSplits(codecs: readonly Codec[], schema: Schema): TimeSplit[] {
  const names = new Set(codecs.map((codec) => codec.name));
  return codecs.filter(isOrderable).filter((codec) => {
    const declared = schema.columns.find((c) => c.name === codec.name);
    return ticksPerDay(codec.dateFormat) > 1 && declared?.lower === undefined
      && declared?.upper === undefined && (declared?.missingCodes?.length ?? 0) === 0;
  }).map((codec) => ({ column: codec.name, time: timeName(codec.name, names),
    ...writtenDate(codec) }));
}

/**
 * The table with each split column's cells written as days and a hidden
 * column of times of day right after it; a missing cell is missing in both.
 */
export function splitTimes(
  table: Table, splits: readonly TimeSplit[], codecs: readonly Codec[], file?: string,
): Table {
  if (splits.length === 0) return table;
  const byName = new Map(codecs.filter(isOrderable).map((codec) => [codec.name, codec]));
  const names: string[] = [];
  const columns: string[][] = [];
  table.names.forEach((name, j) => {
    const split = splits.find((s) => s.column === name);
    if (split === undefined) {
      names.push(name);
      columns.push(table.columns[j]);
      return;
    }
    const codec = byName.get(name)!;
    const perDay = ticksPerDay(codec.dateFormat);
    const values = table.columns[j].map((cell, i) => {
      const value = ticks(cell, codec);
      if (Number.isNaN(value) && !isMissing(cell, codec.rule)) {
        throw new LniError('cell-type',
          `The cell (${cellShape(cell)}) is not a date (${codec.dateFormat}).`,
          { file, column: name, row: i + 1, hint: 'fix the cell, or add it to "missing"' });
      }
      return value;
    });
    const day = (value: number) => Math.floor(value / perDay);
    names.push(name, split.time);
    columns.push(
      values.map((value, i) => (Number.isNaN(value) ? markMissing(table.columns[j][i])
        : String(day(value)))),
      values.map((value) => (Number.isNaN(value) ? '' : String(value - day(value) * perDay))));
  });
  return { ...table, names, columns };
}

/**
 * The codecs the encoder models: each split column's as whole days, with
 * the column's missing indicator, and its time of day's right after it,
 * without one (a time is missing exactly where its day is).
 */
export function splitCodecs(
  codecs: readonly Codec[], split: Table, splits: readonly TimeSplit[], file?: string,
): Codec[] {
  const column = (name: string) => split.columns[split.names.indexOf(name)];
  return codecs.flatMap((codec) => {
    const found = splits.find((s) => s.column === codec.name);
    if (found === undefined) return [codec];
    const date = codec as NumericCodec;
    const day = fitCodec(wholeNumberColumn(codec.name, date), column(codec.name), file);
    const time = fitCodec({ name: found.time, type: 'integer', missing: [''] }, column(found.time),
      file);
    return [day, { ...time, indicator: null } as Codec];
  });
}

/** The codecs as dates: each split column's day codec with its layout, grid and range. */
export function splitAsDates(codecs: readonly Codec[], splits: readonly TimeSplit[]): Codec[] {
  return codecs.filter((codec) => !splits.some((s) => s.time === codec.name)).map((codec) => {
    const split = splits.find((s) => s.column === codec.name);
    return split === undefined || codec.kind !== 'numeric' ? codec : asDateCodec(codec, split);
  });
}

/**
 * Joins each split column of a decoded table again (day and time of day
 * into one tick, on the column's grid, within its fitted range, in its
 * layout) and removes the hidden columns.
 */
export function joinTimes(decoded: Table, splits: readonly TimeSplit[], codecs: readonly Codec[]): Table {
  if (splits.length === 0) return decoded;
  for (const split of splits) {
    const day = decoded.columns[decoded.names.indexOf(split.column)];
    const time = decoded.columns[decoded.names.indexOf(split.time)];
    const rule = (codecs.find((codec) => codec.name === split.column) as NumericCodec).rule;
    const perDay = ticksPerDay(split.layout);
    for (let i = 0; i < decoded.rowCount; i++) {
      if (isMissing(day[i], rule)) {
        day[i] = unmarkMissing(day[i]);
        continue;
      }
      day[i] = writeTicks(parseNumber(day[i]) * perDay + parseNumber(time[i]), split);
    }
  }
  const hidden = new Set(splits.map((split) => split.time));
  const kept = decoded.names.flatMap((name, j) => (hidden.has(name) ? [] : [j]));
  return { ...decoded, names: kept.map((j) => decoded.names[j]),
    columns: kept.map((j) => decoded.columns[j]) };
}

/** Reads saved splits, checked against the codecs; absent means none. */
export function readTimeSplits(
  saved: unknown, codecs: readonly Codec[], fail: (message: string) => never,
): TimeSplit[] {
  if (saved === undefined) return [];
  if (!Array.isArray(saved)) fail('"timeSplits" must be an array');
  const integer = (name: unknown) => codecs.findIndex((codec) => codec.name === name
    && codec.kind === 'numeric' && codec.type === 'integer');
  const seen = new Set<string>();
  return (saved as unknown[]).map((entry, i) => {
    const split = entry as Partial<TimeSplit> | null;
    const at = integer(split?.column);
    const valid = split !== null && typeof split === 'object' && at >= 0
      && integer(split.time) === at + 1 && !seen.has(split.column!)
      && isWrittenDate(split) && !isTimeOfDay(split.layout!) && ticksPerDay(split.layout!) > 1;
    if (!valid) {
      fail(`timeSplits[${i}] must name two integer-coded columns, the time right after the `
        + 'day, with a date-time layout and a range');
    }
    seen.add(split!.column!);
    return { column: split!.column!, time: split!.time!, ...pickWrittenDate(split!) };
  });
}
