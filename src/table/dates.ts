/**
 * Calendar dates as day numbers (days since 1970-01-01, proleptic Gregorian,
 * negative before 1970), in a handful of written layouts. A layout is a
 * string such as 'YYYY-MM-DD' or 'D/M/YYYY': the order of the parts, the
 * separator, and whether day and month are zero-padded (two letters) or not.
 */

const DAY_MS = 86_400_000;
const ORDERS = ['YMD', 'DMY', 'MDY'] as const;
const SEPARATORS = ['-', '/', '.'];
type Order = (typeof ORDERS)[number];

interface Layout {
  order: Order;
  separator: string;
  padded: boolean;
  /** A time of midnight every cell writes after its date ("2020-08-20 00:00:00"), or ''. */
  midnight: string;
}

/**
 * Midnight as exports write it after a date (pandas, spreadsheets, SQL):
 * a date column that went through a date-time type. Longest first, so the
 * longest match is stripped.
 */
const MIDNIGHTS = [' 00:00:00.000', 'T00:00:00.000Z', ' 12:00:00 AM', 'T00:00:00Z',
  ' 00:00:00', 'T00:00:00', ' 12:00 AM', ' 00:00', 'T00:00', ' 0:00'];

/** The midnight suffix every cell ends with, or ''. */
function commonMidnight(cells: string[]): string {
  return MIDNIGHTS.find((suffix) => cells.every((cell) => cell.trim().endsWith(suffix))) ?? '';
}

/**
 * The layout every cell is written in, or null when the cells are not all
 * valid dates in one layout. Day-first wins when day and month could be
 * either way round (no part above 12).
 */
export function detectDateFormat(cells: string[]): string | null {
  if (cells.length === 0) return null;
  const midnight = commonMidnight(cells);
  const dates = cells.map((cell) => cell.trim().slice(0, cell.trim().length - midnight.length));
  for (const separator of SEPARATORS) {
    for (const order of ORDERS) {
      const layout = { order, separator, padded: true, midnight: '' };
      if (!dates.every((cell) => parts(cell, layout) !== null)) continue;
      const padded = dates.every((cell) => cell.split(separator)
        .every((part) => part.length >= 2));
      return layoutName({ order, separator, padded, midnight });
    }
  }
  return null;
}

/** Day number of a date cell in the given layout, or NaN if it is not one. */
export function parseDate(cell: string, format: string): number {
  const layout = readLayout(format);
  const text = cell.trim();
  if (layout === null || !text.endsWith(layout.midnight)) return NaN;
  const found = parts(text.slice(0, text.length - layout.midnight.length), layout);
  return found === null ? NaN : dayNumber(found.year, found.month, found.day);
}

/** Writes a day number in the given layout. */
export function formatDate(day: number, format: string): string {
  const layout = readLayout(format);
  if (layout === null) throw new RangeError(`Unknown date layout "${format}".`);
  const date = new Date(day * DAY_MS);
  const year = String(date.getUTCFullYear()).padStart(4, '0');
  const width = layout.padded ? 2 : 1;
  const month = String(date.getUTCMonth() + 1).padStart(width, '0');
  const dayOfMonth = String(date.getUTCDate()).padStart(width, '0');
  const byPart: Record<string, string> = { Y: year, M: month, D: dayOfMonth };
  return [...layout.order].map((part) => byPart[part]).join(layout.separator) + layout.midnight;
}

/** True when the string names a layout parseDate and formatDate accept. */
export function isDateFormat(format: string): boolean {
  return readLayout(format) !== null;
}

function layoutName(layout: Layout): string {
  const names: Record<string, string> = {
    Y: 'YYYY', M: layout.padded ? 'MM' : 'M', D: layout.padded ? 'DD' : 'D',
  };
  return [...layout.order].map((part) => names[part]).join(layout.separator) + layout.midnight;
}

function readLayout(format: string): Layout | null {
  const midnight = MIDNIGHTS.find((suffix) => format.endsWith(suffix)) ?? '';
  for (const separator of SEPARATORS) {
    for (const order of ORDERS) {
      for (const padded of [true, false]) {
        const layout = { order, separator, padded, midnight };
        if (layoutName(layout) === format) return layout;
      }
    }
  }
  return null;
}

function parts(cell: string, layout: Layout): { year: number; month: number; day: number } | null {
  const pieces = cell.split(layout.separator);
  if (pieces.length !== 3) return null;
  const found: Record<string, number> = {};
  for (let k = 0; k < 3; k++) {
    const part = layout.order[k];
    const piece = pieces[k];
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
