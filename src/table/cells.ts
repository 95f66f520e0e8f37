/**
 * Reading single cells: missing-value tokens, numbers, and the number
 * format a column is written in (so decoded values look like the input).
 */

/** Cells read as missing unless the schema gives its own list. */
export const DEFAULT_MISSING_TOKENS: readonly string[] = [
  '', 'NA', 'N/A', 'n/a', 'na', 'NaN', 'nan', 'NAN', 'null', 'NULL', 'Null',
  'None', 'none', '?', '.', '#N/A', 'missing', 'MISSING', '-',
];

/** How a column marks missing cells. */
export interface MissingRule {
  /** Cell texts (compared after trimming spaces) that mean missing. */
  tokens: string[];
  /** Numbers that mean missing in this column (0 for cholesterol, -9, 999). */
  codes: number[];
}

/** True when the cell is missing under the rule. */
export function isMissing(cell: string, rule: MissingRule): boolean {
  const trimmed = cell.trim();
  if (rule.tokens.includes(trimmed)) return true;
  if (rule.codes.length === 0) return false;
  const value = parseNumber(trimmed);
  return !Number.isNaN(value) && rule.codes.includes(value);
}

const NUMBER = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;

/**
 * The number a cell holds, or NaN when it is not a plain decimal number.
 * Limitation: surrounding spaces are accepted but not written back.
 */
export function parseNumber(cell: string): number {
  const trimmed = cell.trim();
  return NUMBER.test(trimmed) ? Number(trimmed) : NaN;
}

/** True when the cell is a number with no fractional part ("12", "12.0"). */
export function isIntegral(cell: string): boolean {
  const value = parseNumber(cell);
  return Number.isFinite(value) && Number.isInteger(value);
}

/**
 * How a numeric column writes its values: at most `decimals` digits after
 * the point, trailing zeros dropped down to `minDecimals` (a file may write
 * 62.0 next to 62.55, or 26.97 next to 28.7).
 */
export interface NumberFormat {
  decimals: number;
  minDecimals: number;
}

/** Reads the number format off a column's observed (non-missing) cells. */
export function inferNumberFormat(cells: string[]): NumberFormat {
  let decimals = 0;
  let least = Infinity;
  for (const cell of cells) {
    const count = decimalsOf(cell.trim());
    decimals = Math.max(decimals, count);
    least = Math.min(least, count);
  }
  return { decimals, minDecimals: Math.min(least, decimals) };
}

/**
 * Writes x in the column's format: toFixed(decimals), then trailing zeros
 * dropped while more than minDecimals remain; never "-0".
 */
export function formatNumber(x: number, format: NumberFormat): string {
  let text = x.toFixed(format.decimals);
  let excess = format.decimals - format.minDecimals;
  while (excess > 0 && text.endsWith('0')) {
    text = text.slice(0, -1);
    excess--;
  }
  if (text.endsWith('.')) text = text.slice(0, -1);
  if (text.startsWith('-') && Number(text) === 0) text = text.slice(1);
  return text;
}

function decimalsOf(cell: string): number {
  const mantissa = cell.split(/[eE]/)[0];
  const point = mantissa.indexOf('.');
  const fraction = point < 0 ? 0 : mantissa.length - point - 1;
  const exponent = cell.length > mantissa.length ? Number(cell.slice(mantissa.length + 1)) : 0;
  return Math.max(0, fraction - exponent);
}

/** The most frequent text among the cells (first seen wins ties). */
export function mostCommon(cells: string[]): string | undefined {
  const counts = new Map<string, number>();
  let best: string | undefined;
  let bestCount = 0;
  for (const cell of cells) {
    const count = (counts.get(cell) ?? 0) + 1;
    counts.set(cell, count);
    if (count > bestCount) {
      best = cell;
      bestCount = count;
    }
  }
  return best;
}
