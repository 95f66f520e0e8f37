/**
 * Orders between date columns that hold in every fitted row: a patient is
 * born before admission, admitted before discharge. The flow models each
 * date with noise of its own, so a release breaks such an order in some
 * rows (76 of 500 discharges before their admission, in a fresh user's
 * table); decoding restores it by swapping the two dates of a row that
 * breaks it. Post-processing of released rows with a fact of the fitted
 * rows (that the order holds in all of them), which the privacy summary
 * lists among what decoding uses.
 */
import { isMissing } from './cells.js';
import { formatDate, isTimeOfDay, parseDate, ticksPerDay } from './dates.js';
import type { Codec, NumericCodec } from './codec.js';
import type { Table } from './types.js';

/**
 * [earlier, later]: column names; the later is on or after the earlier in
 * every fitted row. [coarse, fine, 'same']: a date that is a date-time's
 * day (or a minute that is a timestamp's minute) in every fitted row.
 */
export type DateOrder = readonly [string, string] | readonly [string, string, 'same'];

/** Fewest fitted rows with both dates that make an order worth keeping. */
const ORDER_ROWS = 10;

export type DateCodec = NumericCodec & { dateFormat: string };

/** A date column that can take part in an order: a time of day alone is no point in time. */
export function isOrderable(codec: Codec | undefined): codec is DateCodec {
  return codec?.kind === 'numeric' && codec.type === 'date' && codec.dateFormat !== undefined
    && !isTimeOfDay(codec.dateFormat);
}

function dateCodecs(codecs: readonly Codec[]): DateCodec[] {
  return codecs.filter(isOrderable);
}

type Round = (x: number) => number;

/**
 * A date cell's whole ticks in its own layout, or NaN for a missing or
 * unreadable cell (a missing token written as a date, 1900-01-01, is missing).
 */
export function ticks(cell: string, codec: DateCodec): number {
  return isMissing(cell, codec.rule) ? NaN : parseDate(cell, codec.dateFormat);
}

/**
 * Whole ticks of one unit (`from` ticks a day) in another: exact into a
 * finer unit (the units' ratios are whole numbers), rounded as given into
 * a coarser one. All in whole numbers, so a value on a tick stays on it.
 */
export function convert(value: number, from: number, to: number, round: Round): number {
  return to >= from ? value * (to / from) : round(value / (from / to));
}

/**
 * Whole ticks of a unit written as a date of the codec: in its ticks, on its
 * grid. A coarser value (a day) going into a finer column (a date-time)
 * keeps the column's own time within that unit (`kept`, the cell's ticks),
 * so a swapped admission keeps its hour instead of falling on midnight.
 */
function onGrid(value: number, from: number, codec: DateCodec, round: Round, kept = NaN): string {
  const step = codec.format.step ?? 1;
  const perDay = ticksPerDay(codec.dateFormat);
  const ratio = perDay / from;
  const within = perDay > from && Number.isFinite(kept) ? ((kept % ratio) + ratio) % ratio : 0;
  const own = convert(value, from, perDay, round) + within;
  return formatDate(round(own / step) * step, codec.dateFormat);
}

/**
 * Ticks a day a pair of columns is compared in: the coarser of their two
 * units, so a date-time and a date compare by day (admitted 2021-03-04
 * 14:15 is not after discharged 2021-03-04).
 */
function pairTicks(a: DateCodec, b: DateCodec): number {
  return Math.min(ticksPerDay(a.dateFormat), ticksPerDay(b.dateFormat));
}

/** A column's ticks in a pair's coarser unit. */
function key(value: number, codec: DateCodec, perDay: number): number {
  return convert(value, ticksPerDay(codec.dateFormat), perDay, Math.floor);
}

/**
 * The orders that hold in the table: for two date columns (dates or
 * date-times, compared in the coarser unit of the two), the second is on
 * or after the first in every row that has both, at least ORDER_ROWS such
 * rows, and strictly after in one. Equal in every such row (at the
 * coarser unit) makes a 'same' pair instead: a date that is a date-time's
 * day, or a copy of another date column, stays so.
 */
export function fitDateOrders(codecs: readonly Codec[], table: Table): DateOrder[] {
  const orders: DateOrder[] = [];
  // One 'same' pair per following column: two would pull it two ways.
  const following = new Set<string>();
  forEachPair(codecs, table, ({ a, b, j, k, both, after, broken }) => {
    if (broken > 0 || both < ORDER_ROWS) return;
    if (after > 0) orders.push([a.name, b.name]);
    else {
      // The coarser follows the finer; of two alike, the second the first.
      const [coarse, fine] = [ticksPerDay(a.dateFormat), ticksPerDay(b.dateFormat)];
      if ((coarse < fine || (coarse === fine && j > k)) && !following.has(a.name)) {
        orders.push([a.name, b.name, 'same']);
        following.add(a.name);
      }
    }
  });
  return orders;
}

/** Most rows out of order that still make a pair worth a note (a typo or two). */
const NEAR_ORDER_BREAKS = 2;

/**
 * One note per pair of dates in order in every row that has both but one
 * or two (a typed year, a swapped day and month): such a pair gets no
 * order, so a release can put the later before the earlier, and the time
 * between them is not modelled. Counts only, no rows: the fitted rows may
 * be a part of the file.
 */
export function nearDateOrderNotes(codecs: readonly Codec[], table: Table, file?: string): string[] {
  const notes: string[] = [];
  forEachPair(codecs, table, ({ a, b, both, after, broken }) => {
    if (broken === 0 || broken > NEAR_ORDER_BREAKS || after < 10 * broken
      || both < ORDER_ROWS) return;
    notes.push(`note: ${file === undefined ? '' : `${file}, `}column "${b.name}" is on or after `
      + `"${a.name}" in every row with both but ${broken} of ${both}: if ${broken === 1 ? 'that is a '
        + 'typo' : 'those are typos'}, fix ${broken === 1 ? 'it' : 'them'} to keep the order (and `
      + 'model the time between them); as it is, a release can put one before the other');
  });
  return notes;
}

/** Calls back for every ordered pair of date columns with how their rows compare. */
function forEachPair(
  codecs: readonly Codec[], table: Table,
  visit: (pair: { a: DateCodec; b: DateCodec; j: number; k: number; both: number;
    after: number; broken: number }) => void,
): void {
  const dates = dateCodecs(codecs).map((codec) => ({ codec,
    values: table.columns[table.names.indexOf(codec.name)].map((cell) => ticks(cell, codec)) }));
  for (const [j, a] of dates.entries()) {
    for (const [k, b] of dates.entries()) {
      if (j === k) continue;
      const perDay = pairTicks(a.codec, b.codec);
      let both = 0;
      let after = 0;
      let broken = 0;
      // Past a few breaks the pair is no order and no near one either.
      for (let i = 0; i < table.rowCount && broken <= NEAR_ORDER_BREAKS; i++) {
        const [x, y] = [a.values[i], b.values[i]];
        if (Number.isNaN(x) || Number.isNaN(y)) continue;
        both++;
        const [earlier, later] = [key(x, a.codec, perDay), key(y, b.codec, perDay)];
        if (later < earlier) broken++;
        else if (later > earlier) after++;
      }
      visit({ a: a.codec, b: b.codec, j, k, both, after, broken });
    }
  }
}

/**
 * Swaps the two dates of every decoded row that breaks an order, until
 * none is broken. Each date goes to the other column's unit and grid
 * (a day, a quarter hour): the earlier rounded down; the later rounded up,
 * or down when its unit is the coarser (a date after a date-time keeps the
 * date-time's day), so the pair is in order after the swap. Each swap of a
 * pair out of order lowers the number of pairs out of order along any
 * ordering of the columns that the orders respect (one exists, as the
 * fitted rows satisfy them all); rounding aside, that ends it, and a cap
 * on the passes ends it regardless.
 */
export function restoreDateOrders(
  decoded: Table, codecs: readonly Codec[], orders: readonly DateOrder[],
): void {
  if (orders.length === 0) return;
  const byName = new Map(dateCodecs(codecs).map((codec) => [codec.name, codec]));
  const same = orders.filter((order) => order.length === 3).map(([coarse, fine]) => ({
    coarse: { codec: byName.get(coarse)!, cells: decoded.columns[decoded.names.indexOf(coarse)] },
    fine: { codec: byName.get(fine)!, cells: decoded.columns[decoded.names.indexOf(fine)] },
  }));
  const pairs = orders.filter((order) => order.length === 2).map(([earlier, later]) => {
    const [first, second] = [byName.get(earlier)!, byName.get(later)!];
    return {
      earlier: { codec: first, cells: decoded.columns[decoded.names.indexOf(earlier)] },
      later: { codec: second, cells: decoded.columns[decoded.names.indexOf(later)] },
      perDay: pairTicks(first, second),
      laterRound: ticksPerDay(second.dateFormat) < ticksPerDay(first.dateFormat)
        ? Math.floor : Math.ceil,
    };
  });
  for (let i = 0; i < decoded.rowCount; i++) {
    let swapped = true;
    for (let pass = 0; swapped && pass <= 2 * pairs.length; pass++) {
      swapped = false;
      for (const { coarse, fine } of same) {
        const value = ticks(fine.cells[i], fine.codec);
        if (!Number.isNaN(value) && !Number.isNaN(ticks(coarse.cells[i], coarse.codec))) {
          coarse.cells[i] = onGrid(value, ticksPerDay(fine.codec.dateFormat), coarse.codec,
            Math.floor);
        }
      }
      for (const { earlier, later, perDay, laterRound } of pairs) {
        const x = ticks(earlier.cells[i], earlier.codec);
        const y = ticks(later.cells[i], later.codec);
        if (!(key(y, later.codec, perDay) < key(x, earlier.codec, perDay))) continue;
        earlier.cells[i] = onGrid(y, ticksPerDay(later.codec.dateFormat), earlier.codec,
          Math.floor, x);
        later.cells[i] = onGrid(x, ticksPerDay(earlier.codec.dateFormat), later.codec,
          laterRound, y);
        swapped = true;
      }
    }
  }
}
