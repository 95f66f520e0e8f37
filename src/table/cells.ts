/**
 * Reading single cells: missing-value tokens, numbers, and the number
 * format a column is written in (so decoded values look like the input).
 */

/**
 * Stata's extended missing values, .a to .z, as its exports write them:
 * a survey marks why a value is missing (refused, not asked) with one.
 */
const STATA_MISSING_TOKENS = [...'abcdefghijklmnopqrstuvwxyz'].map((letter) => `.${letter}`);

/** Cells read as missing unless the schema gives its own list. */
export const DEFAULT_MISSING_TOKENS: readonly string[] = [
  '', 'NA', 'N/A', 'n/a', 'na', 'NaN', 'nan', 'NAN', 'null', 'NULL', 'Null',
  'None', 'none', '?', '.', '#N/A', 'missing', 'MISSING', '-', ...STATA_MISSING_TOKENS,
];

/** How a column marks missing cells. */
export interface MissingRule {
  /** Cell texts (compared after trimming spaces) that mean missing. */
  tokens: string[];
  /** Numbers that mean missing in this column (0 for cholesterol, -9, 999). */
  codes: number[];
  /** The column writes numbers with a decimal comma (codes are read that way too). */
  decimal?: Decimal;
  /** The sign or unit the column writes around its numbers (codes are read past it too). */
  affix?: Affix;
}

/** The decimal mark a numeric column is written with. */
export type Decimal = '.' | ',';

/**
 * A date's missing cell as a column of whole numbers (gaps, days) holds it:
 * marked, so a token that reads as a number (0, 99999999 in a YYYYMMDD
 * export) is never taken for a gap of 0 or for a day; unmarked when the
 * date is written back (date-gaps.ts, date-times.ts).
 */
const MISSING_MARK = '\u0000';
export function markMissing(cell: string): string {
  return MISSING_MARK + cell.trim();
}
export function unmarkMissing(cell: string): string {
  return isMarkedMissing(cell) ? cell.slice(MISSING_MARK.length) : cell;
}
export function isMarkedMissing(cell: string): boolean {
  return cell.startsWith(MISSING_MARK);
}

/**
 * What an error message says of a cell it refuses: its shape, never its
 * text, which may be a person's (a comment with a name in a numeric
 * column): "a text of 17 characters".
 */
export function cellShape(cell: string): string {
  const length = [...cell.trim()].length;
  return length === 0 ? 'a blank cell' : `a text of ${length} character${length === 1 ? '' : 's'}`;
}

/** True when the cell is missing under the rule. */
export function isMissing(cell: string, rule: MissingRule): boolean {
  const trimmed = cell.trim();
  if (rule.tokens.includes(trimmed)) return true;
  if (rule.codes.length === 0) return false;
  const value = parseNumber(rule.affix === undefined ? trimmed : stripAffix(trimmed, rule.affix),
    rule.decimal);
  return !Number.isNaN(value) && rule.codes.includes(value);
}

const NUMBER = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;

/** A decimal-comma number: optional sign, digits, one comma, digits ("-77,6"). */
const COMMA_NUMBER = /^[+-]?\d+,\d+$/;
/** What a decimal-comma column also holds: whole numbers written without a comma. */
const WHOLE_NUMBER = /^[+-]?\d+$/;
/**
 * Numbers grouped in thousands: a first group of one to three digits (not
 * starting with 0), then groups of exactly three ("12,345.6"; with a decimal
 * comma "1.234.567,8"). The strict shape keeps "0,125" or "1,5" from
 * passing as grouped.
 */
const GROUPED = {
  '.': /^[+-]?[1-9]\d{0,2}(,\d{3})+(\.\d+)?$/,
  ',': /^[+-]?[1-9]\d{0,2}(\.\d{3})+(,\d+)?$/,
} as const;
/**
 * Numbers grouped in thousands by a space, as French, Norwegian and
 * Swedish exports write them ("193 900", "1 234 567,5"): a regular space,
 * a no-break space (U+00A0) or a narrow no-break space (U+202F), the same
 * one between every group, in the same strict shape as GROUPED, so two
 * numbers side by side ("12 34", "2019 2020", "120 80") are not one.
 */
const SPACE_GROUPED = {
  '.': /^[+-]?[1-9]\d{0,2}([ \u00a0\u202f])\d{3}(\1\d{3})*(\.\d+)?$/,
  ',': /^[+-]?[1-9]\d{0,2}([ \u00a0\u202f])\d{3}(\1\d{3})*(,\d+)?$/,
} as const;
/** A non-finite number as spreadsheets and programs write it. */
const INFINITE = /^[+-]?(inf|infinity|\u221e)$/i;

/**
 * What groups a column's thousands: the mark other than its decimal mark,
 * or a space (regular, no-break U+00A0 or narrow no-break U+202F).
 */
export type Group = Decimal | ' ' | '\u00a0' | '\u202f';

/** The spaces that group thousands ("193 900"), as SPACE_GROUPED reads them. */
export const SPACE_GROUPS: readonly Group[] = [' ', '\u00a0', '\u202f'];

/** The mark that groups thousands where `decimal` is the decimal mark. */
export function groupMark(decimal: Decimal): Decimal {
  return decimal === ',' ? '.' : ',';
}

/** The mark a cell groups its thousands with ("12,345" → ","), or undefined if none. */
export function groupOf(cell: string, decimal: Decimal = '.'): Group | undefined {
  const trimmed = cell.trim();
  if (GROUPED[decimal].test(trimmed)) return groupMark(decimal);
  return SPACE_GROUPED[decimal].exec(trimmed)?.[1] as Group | undefined;
}

/**
 * The number a cell holds, or NaN when it is not a plain decimal number.
 * With decimal ',', the cell is read as a decimal-comma number ("77,6")
 * or a whole number ("78"); points and exponents are then refused, except
 * as thousands groups ("1.234,5"). With decimal '.', comma thousands groups
 * are read ("12,345.6"). Infinite values such as "1e999" give ±Infinity.
 * Limitation: surrounding spaces are accepted but not written back.
 */
export function parseNumber(cell: string, decimal: Decimal = '.'): number {
  const trimmed = cell.trim();
  const group = groupOf(trimmed, decimal);
  if (group !== undefined) {
    const plain = trimmed.replaceAll(group, '');
    return Number(decimal === ',' ? plain.replace(',', '.') : plain);
  }
  if (decimal === ',') {
    return COMMA_NUMBER.test(trimmed) || WHOLE_NUMBER.test(trimmed)
      ? Number(trimmed.replace(',', '.')) : NaN;
  }
  return NUMBER.test(trimmed) ? Number(trimmed) : NaN;
}

/** True when the cell is written with thousands groups ("12,345", "1.234,5", "193 900"). */
export function isGrouped(cell: string, decimal: Decimal = '.'): boolean {
  return groupOf(cell, decimal) !== undefined;
}

/**
 * True when the cell writes an infinite number: "inf", "-Infinity", "∞",
 * or digits too large for a float64 ("1e999"). Such a cell is neither a
 * value lni can model nor a missing value.
 */
export function isInfinite(cell: string): boolean {
  const trimmed = cell.trim();
  if (INFINITE.test(trimmed)) return true;
  const value = parseNumber(trimmed, '.');
  return value === Infinity || value === -Infinity;
}

/**
 * True when the cell writes its number out in digits (no exponent) and the
 * magnitude passes 2^53 − 1: a float64 cannot hold every such number, so it
 * would not read back as written ("9007199254740993" reads as ...992).
 */
export function isBeyondExact(cell: string, decimal: Decimal = '.'): boolean {
  const value = parseNumber(cell, decimal);
  return Math.abs(value) > Number.MAX_SAFE_INTEGER && !/[eE]/.test(cell);
}

/** True when the cell is written with a decimal comma ("77,6", "-0,5"). */
export function isDecimalComma(cell: string): boolean {
  return COMMA_NUMBER.test(cell.trim());
}

/** True when the cell is a number with no fractional part ("12", "12.0"). */
export function isIntegral(cell: string, decimal: Decimal = '.'): boolean {
  const value = parseNumber(cell, decimal);
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
  /**
   * The decimals nine in ten cells are written with at most, when fewer
   * than `decimals`: a value of the data is written with its own digits,
   * any other (one the release interpolates) with these, so one cell
   * written to 7 digits does not make every released value 7 digits long.
   */
  usual?: number;
  /** ',' for a column written with decimal commas; absent means a point. */
  decimal?: Decimal;
  /**
   * The thousands mark of a column written "12,345" (or "1.234,5", or
   * "193 900" with a space, U+00A0 or U+202F); absent: none.
   */
  group?: Group;
  /**
   * The grid every value lies on when it is coarser than the last written
   * digit (0.5 for blood pressures read to the half unit, 5 for counts in
   * fives); absent: the last digit. Decoded values are put on it.
   */
  step?: number;
  /**
   * True for a column written in scientific notation (5.554e-120), or whose
   * plain decimals run past what can be written: values are written so,
   * with at most `decimals` digits after the mantissa's point.
   */
  exponent?: boolean;
  /**
   * How the exponent is written, as a pattern: "e+00" for 8.37e-09 and
   * 8.65e+00 (letter, sign on positive powers, least digits); absent:
   * "e+0", as JavaScript writes it.
   */
  exponentStyle?: string;
  /** A sign written before every value ("$"), space included when written "$ 5". */
  prefix?: string;
  /** Negative values are written with their minus before the prefix ("-$3", not "$-3"). */
  signBeforePrefix?: boolean;
  /** A sign or unit written after every value ("%", " kg"). */
  suffix?: string;
  /** Positive values are written with a plus sign ("+20"), as nine in ten of the data's are. */
  plus?: boolean;
  /** Values written with no decimals keep a point after them ("43."), as nine in ten do. */
  trailingPoint?: boolean;
  /** Values between −1 and 1 are written without the zero before the point (".69", "-.5"). */
  bareFraction?: boolean;
}

/** The sign or unit a column writes around its numbers (schema and number format alike). */
export interface Affix {
  prefix?: string;
  suffix?: string;
}

/**
 * The number part of a cell written with an affix: "$2,444.01" → "2,444.01",
 * "70 kg" → "70". Lenient about spacing and about cells written without it.
 */
export function stripAffix(cell: string, affix: Affix | undefined): string {
  let text = cell.trim();
  const prefix = affix?.prefix?.trim();
  const suffix = affix?.suffix?.trim();
  if (prefix !== undefined && prefix !== '') {
    // "-$3" as well as "$-3": the sign may stand before the prefix.
    const signed = /^[+-]/.test(text) && text.slice(1).startsWith(prefix);
    if (signed) text = text[0] + text.slice(1 + prefix.length).trimStart();
    else if (text.startsWith(prefix)) text = text.slice(prefix.length).trimStart();
  }
  if (suffix !== undefined && suffix !== '' && text.endsWith(suffix)) {
    text = text.slice(0, -suffix.length).trimEnd();
  }
  return text;
}

/** Most characters of a sign or unit, not counting the space that parts it from the number. */
export const MAX_AFFIX_LENGTH = 12;

/**
 * What a prefix or suffix may be: up to MAX_AFFIX_LENGTH characters and a
 * space, not only spaces, with digits only right after a letter ("kg/m2"),
 * so a digit of the affix cannot run into the number's own digits.
 */
export function isAffix(value: unknown): value is string {
  return typeof value === 'string' && value.trim() !== ''
    && [...value].length <= MAX_AFFIX_LENGTH + 1
    && !/[0-9]/.test(value.replace(/\p{L}[0-9]+/gu, ''));
}

/**
 * A unit as exports write it after numbers: letters, each optionally with
 * digits ("m2", "H2O"), and the signs °, %, ‰, /, ², ³, ·, "." ("mg/dL",
 * "°C", "µg/L", "kg/m²", "yrs."), at most MAX_AFFIX_LENGTH characters.
 */
export function isUnit(text: string): boolean {
  return [...text].length <= MAX_AFFIX_LENGTH && UNIT.test(text);
}

const UNIT = /^(?:\p{L}[0-9]*|[°%‰/²³·.])+$/u;

/** What an exponentStyle may be. */
export const EXPONENT_STYLE = /^[eE]\+?0{1,3}$/;

/** Plain notation past this many decimals is refused by toFixed and unreadable anyway. */
const MAX_PLAIN_DECIMALS = 100;

/** Most digits after a mantissa's point: float64 holds about 16 significant digits. */
const EXPONENT_DIGITS = 16;

/** Reads the number format off a column's observed (non-missing) cells. */
export function inferNumberFormat(cells: string[], decimal: Decimal = '.'): NumberFormat {
  const groups: Group[] = [];
  let decimals = 0;
  let least = Infinity;
  let scientific = 0;
  let mantissaDecimals = 0;
  let leastMantissa = Infinity;
  const powers: string[] = [];
  const counts: number[] = [];
  const styles = { positive: 0, plus: 0, whole: 0, pointed: 0, fraction: 0, bare: 0 };
  for (const cell of cells) {
    const trimmed = cell.trim();
    const group = groupOf(trimmed, decimal);
    if (group !== undefined) groups.push(group);
    const plain = group === undefined ? trimmed : trimmed.replaceAll(group, '');
    const text = decimal === ',' ? plain.replace(',', '.') : plain;
    const [mantissa, power] = text.split(/[eE]/);
    countStyles(text, power === undefined, styles);
    const count = decimalsOf(text);
    // A cell in scientific notation counts as the same value written plain
    // would, so a column written plain still gives it back exactly at
    // w = 1 (1.5e-3 as 0.0015), unless it needs more decimals than a plain
    // column is written with (a lone 5e-324 is written in the column's).
    if (power === undefined || count <= MAX_PLAIN_DECIMALS) {
      counts.push(count);
      decimals = Math.max(decimals, count);
    }
    // How few decimals plain cells show ("0.52" beside "0.515").
    if (power === undefined) least = Math.min(least, count);
    if (power !== undefined) {
      scientific++;
      powers.push(text.slice(mantissa.length));
    }
    // In scientific notation a cell keeps its significant digits: one
    // before the point, the rest after it ("250" → 2.50e+2).
    const significant = mantissa.replace(/[^0-9]/g, '').replace(/^0+/, '').length;
    mantissaDecimals = Math.max(mantissaDecimals, significant - 1);
    // "1.000e-100" keeps its zeros; a plain cell says nothing of them.
    leastMantissa = Math.min(leastMantissa, power === undefined ? 0 : decimalsOf(mantissa));
  }
  const plus = majority(styles.plus, styles.positive) ? { plus: true } : {};
  // Scientific notation, like decimals, follows the column's usual cells:
  // it is the column's form when more than one cell in ten is written so,
  // so one 1.5e-3 or a lone 1e308 among 0.515s does not switch every value.
  if (scientific > 0.1 * cells.length || decimals > MAX_PLAIN_DECIMALS) {
    const written = Math.min(Math.max(mantissaDecimals, 0), EXPONENT_DIGITS);
    const style = exponentStyle(powers);
    return {
      decimals: written, minDecimals: Math.min(leastMantissa, written),
      exponent: true, ...(decimal === ',' ? { decimal } : {}),
      ...(style === 'e+0' ? {} : { exponentStyle: style }), ...plus,
    };
  }
  const format: NumberFormat = { decimals, minDecimals: Math.min(least, decimals), ...plus };
  const usual = usualDecimals(counts);
  if (usual < decimals) format.usual = Math.max(usual, format.minDecimals);
  if (decimal === ',') format.decimal = decimal;
  // Limitation: a column mixing "1,234" and "5678" is written all grouped,
  // and one mixing marks ("1 234" and "5\u00a0678") with the commonest.
  const group = mostCommon(groups) as Group | undefined;
  if (group !== undefined) format.group = group;
  if (majority(styles.pointed, styles.whole)) format.trailingPoint = true;
  if (majority(styles.bare, styles.fraction)) format.bareFraction = true;
  return format;
}

/**
 * Tallies how a cell (point as its decimal mark) writes its sign and, when
 * written plain, its point and the zero before it.
 */
function countStyles(
  text: string, plain: boolean,
  styles: { positive: number; plus: number; whole: number; pointed: number; fraction: number;
    bare: number },
): void {
  const value = Number(text);
  if (value > 0) {
    styles.positive++;
    if (text.startsWith('+')) styles.plus++;
  }
  if (!plain) return;
  const digits = text.replace(/^[+-]/, '');
  if (!digits.includes('.') || digits.endsWith('.')) {
    styles.whole++;
    if (digits.endsWith('.')) styles.pointed++;
  } else if (Math.abs(value) < 1) {
    styles.fraction++;
    if (digits.startsWith('.')) styles.bare++;
  }
}

/** Nine in ten of `total` cells at least, and one at least: the rule a style is kept by. */
function majority(count: number, total: number): boolean {
  return count > 0 && count >= 0.9 * total;
}

/**
 * The small-cell rule statistics offices apply to published counts: a
 * value held by fewer rows than this is not published as it is. ε covers
 * the latent step, not the levels, shares and tokens a model stores, so a
 * release could otherwise show that a value a few people have occurs.
 */
export const RARE_LEVEL_ROWS = 5;

/** Beyond this many decimals a value times 10^decimals is not read exactly. */
const MAX_GRID_DECIMALS = 12;

/**
 * The coarsest grid holding every value, g·10^(−decimals) for g the
 * greatest common divisor of the values in units of the last digit, when g
 * is above 1; undefined otherwise. A column of readings to the half unit
 * (127.5, 131) gives 0.5, so its synthetic values are not written in
 * tenths that no real reading has.
 */
export function gridStep(values: readonly number[], decimals: number): number | undefined {
  if (decimals > MAX_GRID_DECIMALS) return undefined;
  const scale = 10 ** decimals;
  let divisor = 0;
  for (const value of values) {
    const units = Math.round(value * scale);
    if (!Number.isSafeInteger(units) || Math.abs(value * scale - units) > 1e-6) return undefined;
    divisor = greatestCommonDivisor(divisor, Math.abs(units));
    if (divisor === 1) return undefined;
  }
  return divisor > 1 ? divisor / scale : undefined;
}

function greatestCommonDivisor(a: number, b: number): number {
  while (b !== 0) [a, b] = [b, a % b];
  return a;
}

/**
 * The grid point of `step` nearest to x among those in [low, high]; x
 * itself when no grid point lies in that range.
 */
export function toGrid(x: number, step: number, low: number, high: number): number {
  const first = Math.ceil(low / step - 1e-9);
  const last = Math.floor(high / step + 1e-9);
  if (!(first <= last)) return x;
  const snapped = Math.min(Math.max(Math.round(x / step), first), last) * step;
  // The slack above is in steps; a step out of scale with the bounds (a
  // damaged model) could land outside them, where the value stays as it was.
  const slack = 1e-9 * Math.max(Math.abs(low), Math.abs(high), Number.MIN_VALUE);
  return snapped >= low - slack && snapped <= high + slack ? snapped : x;
}

/**
 * Writes x in the column's format: toFixed(decimals), then trailing zeros
 * dropped while more than minDecimals remain; never "-0"; a decimal comma
 * in place of the point and thousands groups when the format says so.
 */
export function formatNumber(x: number, format: NumberFormat): string {
  const number = plainNumber(x, format);
  if (format.prefix === undefined && format.suffix === undefined) return number;
  const outside = format.signBeforePrefix === true && number.startsWith('-');
  return outside ? `-${format.prefix ?? ''}${number.slice(1)}${format.suffix ?? ''}`
    : `${format.prefix ?? ''}${number}${format.suffix ?? ''}`;
}

function plainNumber(x: number, format: NumberFormat): string {
  const text = format.exponent === true ? formatExponent(x, format) : decimalNumber(x, format);
  // "+20" where the data writes a plus on its positive values.
  return format.plus === true && x > 0 && /^[.\d]/.test(text) && /[1-9]/.test(text)
    ? `+${text}` : text;
}

function decimalNumber(x: number, format: NumberFormat): string {
  const decimals = format.usual === undefined ? format.decimals : ownDecimals(x, format)
    ?? format.usual;
  let text = x.toFixed(decimals);
  let excess = decimals - format.minDecimals;
  while (excess > 0 && text.endsWith('0')) {
    text = text.slice(0, -1);
    excess--;
  }
  if (text.endsWith('.')) text = text.slice(0, -1);
  if (text.startsWith('-') && Number(text) === 0) text = text.slice(1);
  const [whole, fraction] = text.split('.');
  const grouped = format.group === undefined ? whole : groupThousands(whole, format.group);
  const mark = format.decimal ?? '.';
  if (fraction === undefined) return format.trailingPoint === true ? `${grouped}${mark}` : grouped;
  // ".69" and "-.5" where the data leaves out the zero before the point.
  const bare = format.bareFraction === true ? grouped.replace(/^(-?)0$/, '$1') : grouped;
  return `${bare}${mark}${fraction}`;
}

/**
 * Fewest decimals, up to the column's, that write x exactly, to floating
 * error (1e-12 of it); null if none do. A looser test let interpolated
 * values through: within 1e-9 of a 7-decimal number lie 2 % of all values
 * below 1, which a tester found written with 7 decimals.
 */
function ownDecimals(x: number, format: NumberFormat): number | null {
  const tolerance = 1e-12 * Math.max(1, Math.abs(x));
  for (let k = format.minDecimals; k <= format.decimals; k++) {
    if (Math.abs(Number(x.toFixed(k)) - x) <= tolerance) return k;
  }
  return null;
}

/** The fewest decimals that nine in ten of the counts are at most. */
function usualDecimals(counts: number[]): number {
  if (counts.length === 0) return 0;
  const sorted = [...counts].sort((a, b) => a - b);
  return sorted[Math.ceil(0.9 * sorted.length) - 1];
}

/**
 * The exponentStyle of a column's exponents ("e-09", "E+2"): the letter
 * most of them use, "+" if every positive power has one, and the digits a
 * zero-padded power has (at most 3).
 */
function exponentStyle(powers: string[]): string {
  if (powers.length === 0) return 'e+0';
  const upper = powers.filter((power) => power.startsWith('E')).length;
  const letter = upper > powers.length / 2 ? 'E' : 'e';
  const positive = powers.filter((power) => !power.startsWith('-', 1));
  const plus = positive.length === 0 || positive.every((power) => power[1] === '+');
  // Padding shows only where a power has a leading zero (e-09, not e-120).
  const padded = powers.map((power) => power.replace(/^[eE][+-]?/, ''))
    .filter((digits) => digits.length > 1 && digits.startsWith('0'));
  const width = Math.min(3, Math.max(1, ...padded.map((digits) => digits.length)));
  return `${letter}${plus ? '+' : ''}${'0'.repeat(width)}`;
}

/** x as 5.554e-120: the mantissa's trailing zeros dropped down to minDecimals. */
function formatExponent(x: number, format: NumberFormat): string {
  const [mantissa, power] = (x === 0 ? 0 : x).toExponential(format.decimals).split('e');
  let digits = mantissa;
  let excess = format.decimals - format.minDecimals;
  while (excess > 0 && digits.endsWith('0')) {
    digits = digits.slice(0, -1);
    excess--;
  }
  if (digits.endsWith('.')) digits = digits.slice(0, -1);
  const style = format.exponentStyle ?? 'e+0';
  const sign = power.startsWith('-') ? '-' : style.includes('+') ? '+' : '';
  const width = style.length - (style.includes('+') ? 2 : 1);
  const text = `${digits}${style[0]}${sign}${power.replace(/^[+-]/, '').padStart(width, '0')}`;
  return format.decimal === ',' ? text.replace('.', ',') : text;
}

/** "-1234567" → "-1,234,567" (digits only; an exponent form is left alone). */
function groupThousands(whole: string, mark: string): string {
  if (!/^-?\d+$/.test(whole)) return whole;
  return whole.replace(/\B(?=(\d{3})+$)/g, mark);
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
