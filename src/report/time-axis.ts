/**
 * Axis ticks for date and time-of-day histograms. Their values are days
 * (a time of day as a fraction of one) inside; the ticks fall on calendar
 * steps (whole days, months, years; minutes and hours) and are written in
 * the column's own layout with the table's `formatDate`, the writer of the
 * released cells, so an axis reads as the column does (18/05/2020, not
 * 18,400 nor 2020-05-18 for a day-first column).
 */

import { dayLayout, formatDate, isTimeOfDay, ticksPerDay } from '../table/index.js';

const DAY_MS = 86_400_000;
const MINUTES_PER_DAY = 1440;

/** Calendar steps for dates, shortest first. */
const DAY_STEPS: readonly { unit: 'day' | 'month' | 'year'; size: number }[] = [
  { unit: 'day', size: 1 }, { unit: 'day', size: 2 }, { unit: 'day', size: 7 },
  { unit: 'day', size: 14 }, { unit: 'month', size: 1 }, { unit: 'month', size: 2 },
  { unit: 'month', size: 3 }, { unit: 'month', size: 6 },
  ...[1, 2, 5, 10, 20, 25, 50, 100, 200, 250, 500, 1000].map((size) =>
    ({ unit: 'year' as const, size })),
];

/** Clock steps in minutes, shortest first. */
const MINUTE_STEPS = [1, 2, 5, 10, 15, 30, 60, 120, 180, 240, 360, 720, 1440];

/** Layouts when a marginal names none: ISO dates, 24-hour times. */
const DEFAULT_LAYOUT = { date: 'YYYY-MM-DD', 'time of day': 'HH:mm' } as const;

/** Roughly how wide a label character is at the axis's font size, in pixels. */
const CHAR_WIDTH = 6;
const LABEL_GAP = 16;

export interface TimeTicks {
  /** Tick positions, in the marginal's values (days). */
  values: number[];
  /** Each tick written in the column's layout. */
  labels: string[];
  /** Writes any value (e.g. a bin edge) in the same layout. */
  write: (value: number) => string;
}

/**
 * Ticks on [low, high] (days, or fractions of a day for a time of day) at
 * the shortest calendar step that leaves room for their labels in `width`
 * pixels. A date-time column spanning days is marked by day, in its day
 * layout; one spanning hours by the clock, in its full layout. An unknown
 * layout falls back to ISO dates or 24-hour times.
 */
export function timeTicks(
  low: number, high: number, time: 'date' | 'time of day', layout: string | undefined,
  width: number,
): TimeTicks {
  const format = layout !== undefined
    && (time === 'date' ? dayLayout(layout) !== null : isTimeOfDay(layout))
    ? layout : DEFAULT_LAYOUT[time];
  const perDay = ticksPerDay(format);
  const days = time === 'date' ? dayLayout(format) : null;
  const writeClock = (value: number) => formatDate(Math.round(value * perDay), format);
  const writeDay = (value: number) => formatDate(Math.floor(value), days ?? format);

  const byDay = days !== null && (perDay === 1 || high - low >= 3);
  const write = byDay ? writeDay : writeClock;
  const room = (sample: string) =>
    Math.max(2, Math.floor(width / (sample.length * CHAR_WIDTH + LABEL_GAP)));
  const most = room(write(low));

  const candidates = byDay
    ? DAY_STEPS.map((step) => () => dayTicks(low, high, step.unit, step.size))
    : MINUTE_STEPS.map((minutes) => () => clockTicks(low, high, minutes, perDay));
  // The shortest step whose labels fit; if it leaves a single tick, the
  // step before it (the axis drops labels that would overlap).
  let values: number[] = [];
  for (const candidate of candidates) {
    const next = candidate();
    if (next.length <= most) {
      if (next.length >= 2 || values.length === 0) values = next;
      break;
    }
    values = next;
  }
  return { values, labels: values.map(write), write };
}

/** Multiples of a whole number of days in [low, high]. */
function multiples(low: number, high: number, step: number): number[] {
  const values: number[] = [];
  for (let k = Math.ceil(low / step); k * step <= high; k++) values.push(k * step);
  return values;
}

/**
 * Multiples of a step of minutes in [low, high] (days), counted in the
 * layout's whole ticks: a day number of 18,000 and more keeps about a
 * hundred-thousandth of a second at twelve digits, so multiples of a
 * fraction of a day, rounded, would be written 07:59:59.997 in a layout
 * with milliseconds.
 */
function clockTicks(low: number, high: number, minutes: number, perDay: number): number[] {
  const step = (minutes * perDay) / MINUTES_PER_DAY;
  const values: number[] = [];
  for (let k = Math.ceil((low * perDay) / step); (k * step) / perDay <= high; k++) {
    values.push((k * step) / perDay);
  }
  return values;
}

/** Day numbers in [low, high] on a calendar step: every n days, first of a month or year. */
function dayTicks(low: number, high: number, unit: 'day' | 'month' | 'year', size: number):
  number[] {
  if (unit === 'day') return multiples(low, high, size);
  const start = new Date(Math.ceil(low) * DAY_MS);
  const values: number[] = [];
  if (unit === 'month') {
    let month = start.getUTCFullYear() * 12 + start.getUTCMonth();
    month = Math.ceil(month / size) * size;
    for (;; month += size) {
      const day = firstDay(Math.floor(month / 12), ((month % 12) + 12) % 12);
      if (day < low) continue;
      if (day > high) break;
      values.push(day);
    }
  } else {
    for (let year = Math.ceil(start.getUTCFullYear() / size) * size; ; year += size) {
      const day = firstDay(year, 0);
      if (day < low) continue;
      if (day > high) break;
      values.push(day);
    }
  }
  return values;
}

/** The day number of a month's first day; years below 100 are years, not 19xx. */
function firstDay(year: number, month: number): number {
  const date = new Date(0);
  date.setUTCFullYear(year, month, 1);
  return date.getTime() / DAY_MS;
}
