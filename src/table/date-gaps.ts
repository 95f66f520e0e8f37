/**
 * Dates modelled as the time after an earlier date. Admission and discharge
 * each vary over years while the stay between them lasts days; modelled
 * apart, with noise of their own, a release keeps each date's spread but
 * not the stay (a fresh user's median stay of 1 day came out as 22). So a
 * date that follows another in every fitted row is encoded as its gap after
 * that date, in its own unit, and written back as that date plus the gap:
 * the stay keeps its distribution, and the order holds by construction.
 */
import { LniError } from '../util/errors.js';
import { cellShape, isMissing, markMissing, parseNumber, unmarkMissing } from './cells.js';
import { fitCodec, type Codec, type NumericCodec } from './codec.js';
import {
  convert, isOrderable, ticks, type DateCodec, type DateOrder,
} from './date-orders.js';
import { parseDate, ticksPerDay } from './dates.js';
import { isolatedExtremes } from './ladder.js';
import type { Schema } from './schema.js';
import type { Table } from './types.js';
import {
  asDateCodec, isWrittenDate, pickWrittenDate, wholeNumberColumn, writeTicks, writtenDate,
  type WrittenDate,
} from './written-dates.js';

/** A later date encoded after an earlier one; written as the follower is (WrittenDate). */
export interface DateGap extends WrittenDate {
  /** The earlier date column. */
  base: string;
  /** The later one, encoded as whole ticks of its own unit after the base. */
  follower: string;
}

/**
 * For each later date of an order (date-orders.ts), the earlier date it is
 * best encoded after: the one whose gap to it has the smallest spread, and
 * only if that spread is below the later date's own (a birth date does not
 * help with an admission date when patients' ages vary more than the
 * admissions do). Only where the earlier date is present in every fitted
 * row that has the later one, so every observed value has a gap, and where
 * the schema declares no bounds or numeric missing codes for the later
 * date (those are stated for the date, not the gap). Listed bases first.
 */
export function fitDateGaps(
  codecs: readonly Codec[], schema: Schema, table: Table, orders: readonly DateOrder[],
): DateGap[] {
  const byName = new Map(codecs.filter(isOrderable).map((codec) => [codec.name, codec]));
  const column = (name: string) => table.columns[table.names.indexOf(name)];
  const best = new Map<string, { base: string; spread: number }>();
  for (const order of orders) {
    if (order.length !== 2) continue;
    const [base, follower] = [byName.get(order[0])!, byName.get(order[1])!];
    const declared = schema.columns.find((c) => c.name === follower.name);
    if (declared === undefined || declared.lower !== undefined || declared.upper !== undefined
      || (declared.missingCodes?.length ?? 0) > 0) continue;
    const gaps = gapTicks(column(base.name), column(follower.name), base, follower);
    if (gaps === null) continue;
    const own = column(follower.name).map((cell) => ticks(cell, follower))
      .filter((value) => !Number.isNaN(value));
    const spread = standardDeviation(gaps);
    const current = best.get(follower.name);
    if (spread < standardDeviation(own) && (current === undefined || spread < current.spread)) {
      best.set(follower.name, { base: base.name, spread });
    }
  }
  // A base's own base must not lead back to the follower: orders on rows
  // with different missing cells could in principle form a cycle.
  const baseOf = new Map<string, string>();
  for (const [follower, { base }] of best) {
    let at: string | undefined = base;
    while (at !== undefined && at !== follower) at = baseOf.get(at) ?? best.get(at)?.base;
    if (at === undefined) baseOf.set(follower, base);
  }
  const listed: DateGap[] = [];
  const placed = new Set<string>();
  const place = (follower: string) => {
    if (placed.has(follower)) return;
    const base = baseOf.get(follower)!;
    if (baseOf.has(base)) place(base);
    placed.add(follower);
    listed.push({ base, follower, ...writtenDate(byName.get(follower)!) });
  };
  for (const codec of codecs) if (baseOf.has(codec.name)) place(codec.name);
  return listed;
}

/**
 * The follower's ticks after the base's (the base in the follower's unit,
 * rounded down) in every row with both; null if a row has the follower
 * without the base.
 */
function gapTicks(
  baseCells: string[], followerCells: string[], base: DateCodec, follower: DateCodec,
): number[] | null {
  const gaps: number[] = [];
  for (let i = 0; i < followerCells.length; i++) {
    const later = ticks(followerCells[i], follower);
    if (Number.isNaN(later)) continue;
    const earlier = ticks(baseCells[i], base);
    if (Number.isNaN(earlier)) return null;
    gaps.push(later - inUnitOf(earlier, base, follower));
  }
  return gaps;
}

function inUnitOf(value: number, from: DateCodec, to: { dateFormat: string }): number {
  return convert(value, ticksPerDay(from.dateFormat), ticksPerDay(to.dateFormat), Math.floor);
}

function standardDeviation(values: readonly number[]): number {
  if (values.length < 2) return Infinity;
  const mean = values.reduce((sum, v) => sum + v, 0) / values.length;
  return Math.sqrt(values.reduce((sum, v) => sum + (v - mean) ** 2, 0) / (values.length - 1));
}

/**
 * The table with each follower's cells written as gaps, and per follower
 * the rows that have it without its base, which are encoded as missing
 * cells (only rows other than the fitted ones can, as in split mode).
 * Throws LniError for a follower cell that is not a date.
 */
export function toGaps(
  table: Table, gaps: readonly DateGap[], codecs: readonly Codec[], file?: string,
): { table: Table; orphans: { column: string; base: string; rows: number[] }[] } {
  const byName = new Map(codecs.filter(isOrderable).map((codec) => [codec.name, codec]));
  const columns = table.columns.slice();
  const orphans: { column: string; base: string; rows: number[] }[] = [];
  for (const { base, follower } of gaps) {
    const [baseCodec, followerCodec] = [byName.get(base)!, byName.get(follower)!];
    const baseCells = table.columns[table.names.indexOf(base)];
    const j = table.names.indexOf(follower);
    const rows: number[] = [];
    columns[j] = table.columns[j].map((cell, i) => {
      if (isMissing(cell, followerCodec.rule)) return markMissing(cell);
      const later = parseDate(cell, followerCodec.dateFormat);
      if (Number.isNaN(later)) {
        throw new LniError('cell-type',
          `The cell (${cellShape(cell)}) is not a date (${followerCodec.dateFormat}).`,
          { file, column: follower, row: i + 1, hint: 'fix the cell, or add it to "missing"' });
      }
      const earlier = ticks(baseCells[i], baseCodec);
      if (Number.isNaN(earlier)) {
        rows.push(i);
        return '';
      }
      return String(later - inUnitOf(earlier, baseCodec, followerCodec));
    });
    if (rows.length > 0) orphans.push({ column: follower, base, rows });
  }
  return { table: { ...table, columns }, orphans };
}

/** Each follower's codec refitted on its gaps: the codecs the encoder models. */
export function gapCodecs(
  codecs: readonly Codec[], gapped: Table, gaps: readonly DateGap[], file?: string,
): Codec[] {
  return codecs.map((codec) => {
    if (!gaps.some((gap) => gap.follower === codec.name)) return codec;
    return fitCodec(wholeNumberColumn(codec.name, codec as NumericCodec),
      gapped.columns[gapped.names.indexOf(codec.name)], file);
  });
}

/**
 * What fitting decided, one note per follower, for the person fitting:
 * which date it follows, and how many gaps lie alone beyond a wide gap and
 * are clipped like any number's (a stay far longer than every other one
 * would name its patient).
 */
export function gapNotes(gapped: Table, gaps: readonly DateGap[], file?: string): string[] {
  return gaps.map(({ base, follower }) => {
    const values = gapped.columns[gapped.names.indexOf(follower)]
      .map((cell) => parseNumber(cell)).filter((value) => Number.isFinite(value));
    const { below, above } = isolatedExtremes(values, true);
    const alone = below + above;
    return `note: ${file === undefined ? '' : `${file}, `}column "${follower}" is modelled as `
      + `the time after "${base}" (on or after it in every fitted row), so the time between `
      + 'them keeps its distribution and the order holds'
      + (alone === 0 ? '' : `; ${alone} such time${alone === 1 ? '' : 's'} alone beyond a `
        + 'wide gap: clipped to the nearest time on this side of the gap, so no lone time is '
        + 'stored in the model or released (bounds declared on the date model it apart instead)');
  });
}

/**
 * The codecs as dates: each follower's gap codec with its date's layout,
 * grid and range, for what works on written dates (orders, checks).
 */
export function asDates(codecs: readonly Codec[], gaps: readonly DateGap[]): Codec[] {
  return codecs.map((codec) => {
    const gap = gaps.find((g) => g.follower === codec.name);
    return gap === undefined || codec.kind !== 'numeric' ? codec : asDateCodec(codec, gap);
  });
}

/**
 * Writes each follower of a decoded table (its cells still gaps) as its
 * base plus the gap, in its layout, on its grid, within its fitted range
 * (a late base plus a long gap could pass the last date seen; the orders
 * restored after this put such a row right). A follower whose base came
 * out missing is missing too, with the follower's own token.
 */
export function fromGaps(
  decoded: Table, gaps: readonly DateGap[], codecs: readonly Codec[],
): void {
  const dates = asDates(codecs, gaps);
  const byName = new Map(dates.filter(isOrderable).map((codec) => [codec.name, codec]));
  for (const gap of gaps) {
    const gapCodec = codecs.find((codec) => codec.name === gap.follower) as NumericCodec;
    const baseCodec = byName.get(gap.base)!;
    const baseCells = decoded.columns[decoded.names.indexOf(gap.base)];
    const cells = decoded.columns[decoded.names.indexOf(gap.follower)];
    for (let i = 0; i < decoded.rowCount; i++) {
      if (isMissing(cells[i], gapCodec.rule)) {
        cells[i] = unmarkMissing(cells[i]);
        continue;
      }
      const earlier = ticks(baseCells[i], baseCodec);
      if (Number.isNaN(earlier)) {
        cells[i] = unmarkMissing(gapCodec.indicator?.token ?? '');
        continue;
      }
      cells[i] = writeTicks(inUnitOf(earlier, baseCodec, { dateFormat: gap.layout })
        + parseNumber(cells[i]), gap);
    }
  }
}

/** Reads saved date gaps, checked against the codecs; absent means none. */
export function readDateGaps(
  saved: unknown, codecs: readonly Codec[], fail: (message: string) => never,
): DateGap[] {
  if (saved === undefined) return [];
  if (!Array.isArray(saved)) fail('"dateGaps" must be an array');
  const followers = new Set<string>();
  return (saved as unknown[]).map((entry, i) => {
    const gap = entry as Partial<DateGap> | null;
    const follower = codecs.find((codec) => codec.name === gap?.follower);
    const base = codecs.find((codec) => codec.name === gap?.base);
    const valid = gap !== null && typeof gap === 'object'
      && follower?.kind === 'numeric' && follower.type === 'integer'
      && base !== undefined && base !== follower && !followers.has(follower.name)
      && (isOrderable(base) || followers.has(base.name)) && isWrittenDate(gap);
    if (!valid) {
      fail(`dateGaps[${i}] must name an earlier listed or date column and an integer-coded ` +
        'column, with a date layout and a range');
    }
    followers.add(follower!.name);
    return { base: base!.name, follower: follower!.name, ...pickWrittenDate(gap!) };
  });
}
