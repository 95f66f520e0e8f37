/**
 * Calendar dates, and dates with a time of day, as whole numbers of ticks
 * since 1970-01-01 00:00 (proleptic Gregorian, negative before 1970). A
 * tick is the finest unit the layout writes: a day for a date, a minute for
 * 'YYYY-MM-DD HH:mm', a second with ':ss', a millisecond with ':ss.SSS'.
 * Whole ticks let a date column be dequantized and floored like integers.
 *
 * A layout is a string such as 'YYYY-MM-DD', 'D/M/YYYY' or
 * 'M/D/YYYY h:mm A': the order of the date's parts, their separator and
 * whether day and month are zero-padded (two letters), or the month by its
 * English abbreviation as written ('DD-Mmm-YYYY' for 04-Mar-2021,
 * 'DDMMMYYYY' for SAS's 04MAR2021; day or year first), or eight digits
 * 'YYYYMMDD'; then optionally a
 * time: ' ' or 'T', the hour (HH/H on a 24-hour clock, hh/h on a 12-hour
 * one with an AM/PM marker 'A' or 'a'), ':mm', optionally ':ss' and a
 * fraction 'S…', and a zone written the same in every cell ('Z', '+01:00').
 */

const DAY_MS = 86_400_000;
const ORDERS = ['YMD', 'DMY', 'MDY'] as const;
const SEPARATORS = ['-', '/', '.'];
type Order = (typeof ORDERS)[number];

interface DayLayout {
  order: Order;
  separator: string;
  padded: boolean;
  /** '' for a month number; else its English abbreviation as written: Mar, MAR or mar. */
  month: MonthName;
}

type MonthName = '' | 'Mmm' | 'MMM' | 'mmm';
const MONTH_NAMES: readonly MonthName[] = ['Mmm', 'MMM', 'mmm'];
const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];
/**
 * Where a month is written by name: day first or year first, joined by any
 * of these or by nothing (SAS's 04MAR2021).
 */
const NAMED_SEPARATORS = ['-', ' ', '/', '.', ''];
const NAMED_ORDERS: readonly Order[] = ['DMY', 'YMD'];

interface Clock {
  /** Between the date and the time. */
  separator: ' ' | 'T';
  /** 24-hour (HH zero-padded, H not) or 12-hour (hh, h) with a marker. */
  hour: 'HH' | 'H' | 'hh' | 'h';
  seconds: boolean;
  /** Digits of the seconds' fraction, 0 for none. */
  fraction: number;
  /** '' on a 24-hour clock; else 'A' (AM/PM) or 'a' (am/pm), after an optional space. */
  meridiem: '' | 'A' | 'a' | ' A' | ' a';
  /** Written after the time in every cell: '', 'Z' or an offset such as '+01:00'. */
  zone: string;
}

interface Layout extends DayLayout {
  /** A time of midnight every cell writes after its date ("2020-08-20 00:00:00"), or ''. */
  midnight: string;
  clock: Clock | null;
}

/**
 * Midnight as exports write it after a date (pandas, spreadsheets, SQL):
 * a date column that went through a date-time type. Longest first, so the
 * longest match is stripped. Such a column stays a column of days.
 */
const MIDNIGHTS = [' 00:00:00.000', 'T00:00:00.000Z', ' 12:00:00 AM', 'T00:00:00Z',
  ' 00:00:00', 'T00:00:00', ' 12:00 AM', ' 00:00', 'T00:00', ' 0:00'];

/** A date, then a time of day with an optional AM/PM marker and zone. */
const CLOCK_CELL =
  /^(\S+?)([ T])(\d{1,2}):(\d{2})(?::(\d{2})(?:\.(\d{1,6}))?)?( ?)([AaPp][Mm])?(Z|[+-]\d{2}:?\d{2})?$/;

/** The same, as a layout name. */
const CLOCK_NAME = /^(\S+?)([ T])(HH|H|hh|h):mm(:ss(\.S{1,6})?)?( ?[Aa])?(Z|[+-]\d{2}:?\d{2})?$/;

/** The midnight suffix every cell ends with, or ''. */
function commonMidnight(cells: string[]): string {
  return MIDNIGHTS.find((suffix) => cells.every((cell) => cell.trim().endsWith(suffix))) ?? '';
}

/**
 * The layout every cell is written in, or null when the cells are not all
 * valid dates (or dates with times) in one layout. Day-first wins when day
 * and month could be either way round (no part above 12).
 */
export function detectDateFormat(cells: string[]): string | null {
  if (cells.length === 0) return null;
  const midnight = commonMidnight(cells);
  const dates = cells.map((cell) => cell.trim().slice(0, cell.trim().length - midnight.length));
  const day = detectDayLayout(dates);
  if (day !== null) return layoutName({ ...day, midnight, clock: null });
  const timed = detectClockLayout(cells.map((cell) => cell.trim()));
  if (timed !== null || !cells.every((cell) => /^\d{1,2}:\d\d/.test(cell.trim()))) return timed;
  // Times alone (14:35, 2:35 PM): read as on day 0, written without it.
  const onDayZero = detectClockLayout(cells.map((cell) => `${DAY_ZERO} ${cell.trim()}`));
  return onDayZero === null ? null : onDayZero.slice(DAY_ZERO.length + 1);
}

/**
 * The month-first layout ("MM/DD/YYYY") that reads every cell just as well
 * as the day-first one detectDateFormat chose (no day above 12), or null
 * when the choice was not ambiguous. The choice stays day-first; this only
 * lets a note say so.
 */
export function otherDayOrder(cells: string[], format: string): string | null {
  const match = /^(DD?)([-/.])(MM?)\2YYYY/.exec(format);
  if (match === null) return null;
  const [whole, day, separator, month] = match;
  const other = `${month}${separator}${day}${separator}YYYY${format.slice(whole.length)}`;
  return isDateFormat(other) && cells.every((cell) => !Number.isNaN(parseDate(cell, other)))
    ? other : null;
}

/** The day a time of day alone is read on: day 0 of the ticks. */
const DAY_ZERO = '1970-01-01';

function detectDayLayout(dates: string[]): DayLayout | null {
  for (const separator of SEPARATORS) {
    for (const order of ORDERS) {
      const layout: DayLayout = { order, separator, padded: true, month: '' };
      if (!dates.every((cell) => dayParts(cell, layout) !== null)) continue;
      const padded = dates.every((cell) => cell.split(separator)
        .every((part) => part.length >= 2));
      return { ...layout, padded };
    }
  }
  // 20190105: eight digits, year first, only where every cell is a valid date.
  const compact: DayLayout = { order: 'YMD', separator: '', padded: true, month: '' };
  if (dates.every((cell) => dayParts(cell, compact) !== null)) return compact;
  const month = monthCase(dates);
  if (month === null) return null;
  for (const separator of NAMED_SEPARATORS) {
    for (const order of NAMED_ORDERS) {
      const layout: DayLayout = { order, separator, padded: true, month };
      if (!dates.every((cell) => dayParts(cell, layout) !== null)) continue;
      const padded = dates.every((cell) => (pieces(cell, layout) ?? [])
        .every((part) => part.length >= 2));
      return { ...layout, padded };
    }
  }
  return null;
}

/** How every cell writes its month's name (Mar, MAR, mar), or null. */
function monthCase(dates: string[]): MonthName | null {
  const names = dates.map((cell) => /[A-Za-z]{3}/.exec(cell)?.[0] ?? null);
  if (names.some((name) => name === null)) return null;
  return MONTH_NAMES.find((style) => names.every((name) => writeMonth(
    MONTHS.indexOf(name!.toLowerCase()), style) === name)) ?? null;
}

function writeMonth(index: number, style: MonthName): string {
  const name = MONTHS[index] ?? '';
  if (style === 'MMM') return name.toUpperCase();
  if (style === 'Mmm') return name.charAt(0).toUpperCase() + name.slice(1);
  return name;
}

/** One layout for cells that all hold a date and a time, written alike; else null. */
function detectClockLayout(cells: string[]): string | null {
  const matches = cells.map((cell) => CLOCK_CELL.exec(cell));
  if (!matches.every((match) => match !== null)) return null;
  const found = matches as RegExpExecArray[];
  const alike = (group: number) => new Set(found.map((match) => match[group] ?? '')).size === 1;
  // Separator, seconds, fraction width, marker spacing and zone: one way in every cell.
  if (![2, 7, 9].every(alike)) return null;
  // A space is kept only before an AM/PM marker; "14:35 Z" is no layout.
  if (found[0][7] === ' ' && found[0][8] === undefined) return null;
  if (new Set(found.map((match) => `${match[5] === undefined}:${(match[6] ?? '').length}`))
    .size !== 1) return null;
  const markers = found.map((match) => match[8] ?? '');
  const twelve = markers[0] !== '';
  if (markers.some((marker) => (marker !== '') !== twelve)) return null;
  const lower = markers.every((marker) => marker === marker.toLowerCase());
  if (twelve && !lower && !markers.every((marker) => marker === marker.toUpperCase())) return null;
  const day = detectDayLayout(found.map((match) => match[1]));
  if (day === null) return null;
  const padded = found.every((match) => match[3].length === 2);
  const first = found[0];
  const clock: Clock = {
    separator: first[2] as ' ' | 'T',
    hour: twelve ? (padded ? 'hh' : 'h') : (padded ? 'HH' : 'H'),
    seconds: first[5] !== undefined,
    fraction: (first[6] ?? '').length,
    meridiem: twelve ? `${first[7]}${lower ? 'a' : 'A'}` as Clock['meridiem'] : '',
    zone: first[9] ?? '',
  };
  const name = layoutName({ ...day, midnight: '', clock });
  return cells.every((cell) => Number.isFinite(parseDate(cell, name))) ? name : null;
}

/** Ticks of a date cell in the given layout (see the file's comment), or NaN if it is not one. */
export function parseDate(cell: string, format: string): number {
  if (isTimeOfDay(format)) return parseDate(`${DAY_ZERO} ${cell.trim()}`, `YYYY-MM-DD ${format}`);
  const layout = readLayout(format);
  const text = cell.trim();
  if (layout === null) return NaN;
  if (layout.clock !== null) return clockTicks(text, layout, layout.clock);
  if (!text.endsWith(layout.midnight)) return NaN;
  const found = dayParts(text.slice(0, text.length - layout.midnight.length), layout);
  return found === null ? NaN : dayNumber(found.year, found.month, found.day);
}

/** Writes a whole number of ticks in the given layout. */
export function formatDate(ticks: number, format: string): string {
  if (isTimeOfDay(format)) {
    // A time of day alone keeps within its day: ticks past it wrap round.
    const perDay = ticksPerDay(format);
    const within = ((ticks % perDay) + perDay) % perDay;
    return formatDate(within, `YYYY-MM-DD ${format}`).slice(DAY_ZERO.length + 1);
  }
  const layout = readLayout(format);
  if (layout === null) throw new RangeError(`Unknown date layout "${format}".`);
  const perDay = ticksPerDay(format);
  const day = Math.floor(ticks / perDay);
  const date = new Date(day * DAY_MS);
  const year = String(date.getUTCFullYear()).padStart(4, '0');
  const width = layout.padded ? 2 : 1;
  const month = layout.month === '' ? String(date.getUTCMonth() + 1).padStart(width, '0')
    : writeMonth(date.getUTCMonth(), layout.month);
  const dayOfMonth = String(date.getUTCDate()).padStart(width, '0');
  const byPart: Record<string, string> = { Y: year, M: month, D: dayOfMonth };
  const written = [...layout.order].map((part) => byPart[part]).join(layout.separator);
  return layout.clock === null ? written + layout.midnight
    : written + formatClock(ticks - day * perDay, layout.clock);
}

/**
 * The day part of a date layout, without its clock or written midnight
 * ("DD/MM/YYYY HH:mm" → "DD/MM/YYYY"): how a whole day of the column is
 * written, e.g. on a chart axis. A time of day alone has no day part: null.
 */
export function dayLayout(format: string): string | null {
  if (isTimeOfDay(format)) return null;
  const layout = readLayout(format);
  return layout === null ? null : layoutName({ ...layout, midnight: '', clock: null });
}

/** True when the string names a layout parseDate and formatDate accept. */
export function isDateFormat(format: string): boolean {
  return readLayout(format) !== null || isTimeOfDay(format);
}

/** A layout of a time of day alone: 'HH:mm', 'h:mm A', 'HH:mm:ss.SSS'. */
export function isTimeOfDay(format: string): boolean {
  return /^[Hh]/.test(format) && readLayout(`YYYY-MM-DD ${format}`) !== null;
}

/** How many of the layout's ticks make a day: 1 for a date, 1440 with minutes, and so on. */
export function ticksPerDay(format: string): number {
  const clock = readLayout(isTimeOfDay(format) ? `YYYY-MM-DD ${format}` : format)?.clock ?? null;
  return clock === null ? 1 : 86_400 * ticksPerSecond(clock) / (clock.seconds ? 1 : 60);
}

function ticksPerSecond(clock: Clock): number {
  return 10 ** clock.fraction;
}

function layoutName(layout: Layout): string {
  const names: Record<string, string> = {
    Y: 'YYYY', M: layout.month !== '' ? layout.month : layout.padded ? 'MM' : 'M',
    D: layout.padded ? 'DD' : 'D',
  };
  const day = [...layout.order].map((part) => names[part]).join(layout.separator);
  const { clock } = layout;
  if (clock === null) return day + layout.midnight;
  return `${day}${clock.separator}${clock.hour}:mm${clock.seconds ? ':ss' : ''}`
    + `${clock.fraction > 0 ? `.${'S'.repeat(clock.fraction)}` : ''}${clock.meridiem}${clock.zone}`;
}

/** Every day layout lni writes, by name. */
const DAY_LAYOUTS: ReadonlyMap<string, DayLayout> = (() => {
  const layouts = new Map<string, DayLayout>();
  const add = (layout: DayLayout) =>
    layouts.set(layoutName({ ...layout, midnight: '', clock: null }), layout);
  for (const padded of [true, false]) {
    for (const separator of SEPARATORS) {
      for (const order of ORDERS) add({ order, separator, padded, month: '' });
    }
    for (const month of MONTH_NAMES) {
      for (const separator of NAMED_SEPARATORS) {
        for (const order of NAMED_ORDERS) add({ order, separator, padded, month });
      }
    }
  }
  add({ order: 'YMD', separator: '', padded: true, month: '' });
  return layouts;
})();

/** Layouts read so far, by name: every cell read or written looks its layout up. */
const LAYOUTS = new Map<string, Layout | null>();

function readLayout(format: string): Layout | null {
  let layout = LAYOUTS.get(format);
  if (layout === undefined) {
    layout = parseLayout(format);
    LAYOUTS.set(format, layout);
  }
  return layout;
}

function parseLayout(format: string): Layout | null {
  const clock = readClock(format);
  const midnight = clock === null ? MIDNIGHTS.find((suffix) => format.endsWith(suffix)) ?? '' : '';
  const dayName = clock === null ? format.slice(0, format.length - midnight.length)
    : CLOCK_NAME.exec(format)![1];
  const day = DAY_LAYOUTS.get(dayName);
  return day === undefined ? null : { ...day, midnight, clock: clock?.clock ?? null };
}

function readClock(format: string): { clock: Clock } | null {
  const match = CLOCK_NAME.exec(format);
  if (match === null) return null;
  const [, , separator, hour, seconds, fraction, meridiem, zone] = match;
  const twelve = hour.startsWith('h');
  if (twelve !== (meridiem !== undefined)) return null;
  return { clock: {
    separator: separator as ' ' | 'T',
    hour: hour as Clock['hour'],
    seconds: seconds !== undefined,
    fraction: fraction === undefined ? 0 : fraction.length - 1,
    meridiem: (meridiem ?? '') as Clock['meridiem'],
    zone: zone ?? '',
  } };
}

/** Ticks of a cell holding a date and a time in the layout, or NaN. */
function clockTicks(text: string, layout: Layout, clock: Clock): number {
  if (!text.endsWith(clock.zone)) return NaN;
  const match = CLOCK_CELL.exec(text);
  if (match === null || (match[9] ?? '') !== clock.zone || match[2] !== clock.separator) return NaN;
  const [, date, , hourText, minuteText, secondText, fractionText, space, marker] = match;
  const padded = clock.hour.length === 2;
  if ((padded && hourText.length !== 2) || (secondText !== undefined) !== clock.seconds
    || (fractionText ?? '').length !== clock.fraction) return NaN;
  const markerText = clock.meridiem.trim();
  if ((space === ' ') !== clock.meridiem.startsWith(' ')) return NaN;
  if (markerText === '' ? marker !== undefined : marker === undefined
    || marker !== (markerText === 'A' ? marker.toUpperCase() : marker.toLowerCase())) {
    return NaN;
  }
  let hour = Number(hourText);
  if (markerText === '') {
    if (hour > 23) return NaN;
  } else {
    if (hour < 1 || hour > 12) return NaN;
    hour = (hour % 12) + (marker.toUpperCase() === 'PM' ? 12 : 0);
  }
  const minute = Number(minuteText);
  const second = secondText === undefined ? 0 : Number(secondText);
  if (minute > 59 || second > 59) return NaN;
  const found = dayParts(date, layout);
  if (found === null) return NaN;
  const perSecond = ticksPerSecond(clock);
  const seconds = (hour * 60 + minute) * 60 + second;
  const within = clock.seconds ? seconds * perSecond + Number(fractionText ?? 0) : seconds / 60;
  return dayNumber(found.year, found.month, found.day) * ticksPerDay(layoutName(layout))
    + within;
}

/** The time of day after a date, from the ticks since that day's midnight. */
function formatClock(ticks: number, clock: Clock): string {
  const perSecond = ticksPerSecond(clock);
  const seconds = clock.seconds ? Math.floor(ticks / perSecond) : ticks * 60;
  const fraction = clock.seconds ? ticks - seconds * perSecond : 0;
  const hour24 = Math.floor(seconds / 3600);
  const minute = Math.floor(seconds / 60) % 60;
  const twelve = clock.meridiem !== '';
  const hour = twelve ? ((hour24 + 11) % 12) + 1 : hour24;
  const marker = !twelve ? ''
    : `${clock.meridiem.startsWith(' ') ? ' ' : ''}${hour24 < 12 ? 'AM' : 'PM'}`;
  const two = (value: number) => String(value).padStart(2, '0');
  return `${clock.separator}${clock.hour.length === 2 ? two(hour) : String(hour)}:${two(minute)}`
    + (clock.seconds ? `:${two(seconds % 60)}` : '')
    + (clock.fraction > 0 ? `.${String(fraction).padStart(clock.fraction, '0')}` : '')
    + (clock.meridiem.endsWith('a') ? marker.toLowerCase() : marker) + clock.zone;
}

/** A cell's three parts in the layout's order, or null. */
function pieces(cell: string, layout: DayLayout): string[] | null {
  if (layout.separator !== '') {
    const split = cell.split(layout.separator);
    return split.length === 3 ? split : null;
  }
  const match = layout.month === '' ? /^(\d{4})(\d{2})(\d{2})$/.exec(cell)
    : layout.order === 'DMY' ? /^(\d{1,2})([A-Za-z]{3})(\d{4})$/.exec(cell)
      : /^(\d{4})([A-Za-z]{3})(\d{1,2})$/.exec(cell);
  return match === null ? null : match.slice(1);
}

function dayParts(cell: string, layout: DayLayout): { year: number; month: number; day: number } | null {
  const split = pieces(cell, layout);
  if (split === null) return null;
  const found: Record<string, number> = {};
  for (let k = 0; k < 3; k++) {
    const part = layout.order[k];
    const piece = split[k];
    if (part === 'M' && layout.month !== '') {
      const index = MONTHS.indexOf(piece.toLowerCase());
      if (index < 0 || writeMonth(index, layout.month) !== piece) return null;
      found.M = index + 1;
      continue;
    }
    const ok = part === 'Y' ? /^\d{4}$/.test(piece) : /^\d{1,2}$/.test(piece);
    if (!ok) return null;
    found[part] = Number(piece);
  }
  const { Y: year, M: month, D: day } = found;
  if (month < 1 || month > 12 || day < 1) return null;
  const check = new Date(dayNumber(year, month, day) * DAY_MS);
  return check.getUTCDate() === day ? { year, month, day } : null;
}

function dayNumber(year: number, month: number, day: number): number {
  const date = new Date(0);
  date.setUTCFullYear(year, month - 1, day);
  return Math.round(date.getTime() / DAY_MS);
}
