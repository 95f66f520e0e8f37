import { LniError } from '../util/errors.js';
import {
  cellShape, DEFAULT_MISSING_TOKENS, gridStep, inferNumberFormat, isBeyondExact, isInfinite,
  isMissing, mostCommon, parseNumber, RARE_LEVEL_ROWS, stripAffix, unmarkMissing, type Affix,
  type Decimal, type MissingRule, type NumberFormat,
} from './cells.js';
import { checkDeclaredBounds, checkDeclaredType } from './contradictions.js';
import { detectDateFormat, isDateFormat, parseDate, ticksPerDay } from './dates.js';
import {
  fitLadder, isolatedExtremes, keepsExactValues, levelLadder, type Ladder,
} from './ladder.js';
import { rareLevelsToWithhold } from './rare-levels.js';
import type { ColumnSchema, Schema } from './schema.js';
import type { BoundSource, Table } from './types.js';

/**
 * Everything needed to encode and decode one column, fitted on the rows
 * passed to Encoder.fit and stored in the model file as plain JSON.
 *
 * Encoded dimensions (method.md §4), each a normal score e = Φ⁻¹(q) of the
 * column's fitted distribution (a Ladder), so each is N(0, 1) marginally:
 * - numeric value: continuous raw = x (or log x), clipped to [lower, upper],
 *   tied values spread over their share; integer and date raw = v + u,
 *   u ~ U[0, 1), decoded by flooring.
 * - categorical value: level k spread over its share [c_{k−1}, c_k).
 * - missing indicator: the same with two levels, observed and missing.
 */
export type Codec = NumericCodec | CategoricalCodec | FixedCodec | IdCodec | DropCodec;

export interface Indicator {
  /** The token written for a missing cell: the one the column used most. */
  token: string;
  /** Share of the fit rows with a missing cell, in (0, 1]. */
  share: number;
  /**
   * When the column writes its missing cells with several tokens, each held
   * by at least RARE_LEVEL_ROWS cells (NA and ?, or -9 refused and -8 not
   * applicable): each token with its share of the missing cells, `token`
   * among them, most common first. Every other missing cell counts as
   * `token`. The indicator then has a level per token, above the observed
   * one and in this order (the common token beside the observed values), so
   * a release draws the tokens' counts and cuts their bands as it does a
   * category's (Encoder.levelShares).
   */
  mix?: [string, number][];
}

interface Modelled {
  name: string;
  rule: MissingRule;
  /** Present when the fit rows had missing cells: an extra dimension. */
  indicator: Indicator | null;
  /** Where the value box came from. */
  source: BoundSource;
  /**
   * The observed values' distribution (raw scale; level indices for a
   * categorical column): encodes the value and fills missing cells.
   */
  ladder: Ladder;
}

export interface NumericCodec extends Modelled {
  kind: 'numeric';
  type: 'continuous' | 'integer' | 'date';
  transform: 'none' | 'log';
  format: NumberFormat;
  dateFormat?: string;
  /** Box of the raw value (log scale when transformed; v for integers). */
  lower: number;
  upper: number;
}

export interface CategoricalCodec extends Modelled {
  kind: 'categorical';
  type: 'binary' | 'categorical';
  levels: string[];
  /**
   * Cells of no level are missing cells, not errors: the column's rare text
   * levels were left out of `levels` at fit (withheldLevels), so neither
   * the model nor a release holds them.
   */
  unlisted?: 'missing';
}

/** A column written as one fixed text in every row (constant or empty). */
export interface FixedCodec {
  kind: 'fixed';
  name: string;
  type: 'constant' | 'empty';
  value: string;
}

/** An ID-like column, written as fresh IDs: prefix + row number. */
export interface IdCodec {
  kind: 'id';
  name: string;
  prefix: string;
  width: number;
  /**
   * When set, the row number is written as a 1 and then the number padded
   * to this many digits, the most any real ID's digits run to: every fresh
   * ID is one digit longer than a real one, so none equals one (released
   * IDs P001, P002 beside real ones P001, P002 invite false linkage).
   */
  digits?: number;
}

export interface DropCodec {
  kind: 'drop';
  name: string;
}

/**
 * The token a column's released missing cells are written with: its most
 * common one, unless that is text of the user's (a stray word read as
 * missing, not a usual token such as NA) held by fewer than RARE_LEVEL_ROWS
 * cells, which would publish those people's cell word for word; then an
 * empty cell.
 */
function releasableToken(missingCells: string[]): string | undefined {
  const token = mostCommon(missingCells);
  // A date's token inside its gap or day column is marked (cells.ts); it
  // is the same token.
  if (token === undefined || DEFAULT_MISSING_TOKENS.includes(unmarkMissing(token).trim())) {
    return token;
  }
  const count = missingCells.filter((cell) => cell === token).length;
  return count < RARE_LEVEL_ROWS ? '' : token;
}

/**
 * The tokens a column's missing cells are written with, when there are
 * several that RARE_LEVEL_ROWS cells or more hold: each with its share of
 * the `missing` cells (the main token takes the cells of rare ones and of
 * withheld levels), most common first (see Indicator). Undefined for one token.
 */
function tokenMix(cells: string[], missing: number, main: string): [string, number][] | undefined {
  const counts = new Map<string, number>();
  for (const cell of cells) counts.set(cell, (counts.get(cell) ?? 0) + 1);
  const kept = [...counts].filter(([cell, count]) => cell !== main && count >= RARE_LEVEL_ROWS);
  if (kept.length === 0) return undefined;
  const others = kept.reduce((sum, [, count]) => sum + count, 0);
  const all: [string, number][] = [[main, missing - others], ...kept];
  all.sort(([a, m], [b, n]) => n - m || (a < b ? -1 : a > b ? 1 : 0));
  return all.map(([cell, count]) => [cell, count / missing]);
}

/** Which cells of a column read as missing: its tokens and numeric codes. */
export function missingRule(column: ColumnSchema): MissingRule {
  return {
    tokens: column.missing ?? DEFAULT_MISSING_TOKENS.slice(),
    codes: column.missingCodes ?? [],
    ...(column.decimal === ',' ? { decimal: column.decimal } : {}),
    ...(column.prefix === undefined && column.suffix === undefined ? {}
      : { affix: affixOf(column) }),
  };
}

/** The sign or unit a column's schema declares around its numbers (none: {}). */
function affixOf(column: ColumnSchema): Affix {
  return {
    ...(column.prefix === undefined ? {} : { prefix: column.prefix }),
    ...(column.suffix === undefined ? {} : { suffix: column.suffix }),
  };
}

/**
 * Fits one column's codec on its cells. `row` numbers in errors are
 * 1-based data rows. Throws LniError for a cell that does not read as the
 * declared type ('cell-type', 'cell-infinite', 'cell-precision') and for a
 * declared type or bounds the data contradicts ('schema-data-mismatch').
 * Values clipped to declared bounds are reported in `warnings`, if given.
 */
export function fitCodec(
  column: ColumnSchema, cells: string[], file?: string, warnings?: string[],
): Codec {
  const name = column.name;
  if (column.drop === true) return { kind: 'drop', name };
  const rule = missingRule(column);
  const withheld = withheldLevels(column, cells, rule);
  const missingCells: string[] = [];
  const observed: string[] = [];
  const observedRows: number[] = [];
  cells.forEach((cell, i) => {
    if (isMissing(cell, rule) || withheld.has(cell)) missingCells.push(cell);
    else {
      observed.push(cell);
      observedRows.push(i);
    }
  });
  // A withheld level's cells are missing, but never a token to write.
  const tokens = missingCells.filter((cell) => !withheld.has(cell));
  const token = releasableToken(tokens) ?? (withheld.size > 0 ? '' : undefined);
  const mix = token === undefined ? undefined : tokenMix(tokens, missingCells.length, token);
  checkDeclaredType(column, cells, observed, observedRows, file);

  if (column.type === 'id') return fitId(name, observed);
  if (column.type === 'constant') {
    const value = mostCommon(cells) ?? '';
    return { kind: 'fixed', name, type: 'constant', value };
  }
  if (column.type === 'empty' || observed.length === 0) {
    return { kind: 'fixed', name, type: 'empty', value: token ?? '' };
  }
  const fraction = missingCells.length / cells.length;
  const indicator: Indicator | null = token === undefined ? null
    : { token, share: fraction, ...(mix === undefined ? {} : { mix }) };
  const where = (k: number) => ({ file, column: name, row: observedRows[k] + 1 });

  if (column.type === 'binary' || column.type === 'categorical') {
    const levels = column.levels ?? orderLevels(observed);
    const codes = observed.map((cell, k) => {
      const code = levels.indexOf(cell);
      if (code < 0) {
        throw new LniError('cell-type',
          `The cell (${cellShape(cell)}) is not one of the declared levels.`, {
          ...where(k), hint: 'add the label to "levels" in the schema, or remove "levels"' });
      }
      return code;
    });
    const counts = levels.map(() => 0);
    for (const code of codes) counts[code]++;
    return {
      kind: 'categorical', name, type: column.type, rule, indicator, levels,
      source: column.levels === undefined ? 'data' : 'schema',
      ladder: levelLadder(counts),
      // A text level the fit rows never held (split mode) is read as
      // missing too, as a rare one is: refusing it would print it.
      ...(withheld.size > 0 || (column.levels === undefined
        && !levels.every((level) => Number.isFinite(parseNumber(level))))
        ? { unlisted: 'missing' as const } : {}),
    };
  }
  return fitNumeric(column, { cells: observed, rows: observedRows, file, warnings },
    rule, indicator);
}

/**
 * The levels of this column's cells a release withholds (rareLevelsToWithhold,
 * the one rule analyses that name levels follow too), counted with the
 * column's own missing rule.
 */
export function withheldLevels(
  column: ColumnSchema, cells: string[], rule: MissingRule,
): Set<string> {
  // The rule withholds only labels; counting a numeric column's cells would be wasted.
  if (column.type !== 'categorical' && column.type !== 'binary') return new Set();
  const counts = new Map<string, number>();
  let missing = 0;
  for (const cell of cells) {
    if (isMissing(cell, rule)) missing++;
    else counts.set(cell, (counts.get(cell) ?? 0) + 1);
  }
  return rareLevelsToWithhold({ counts, missing, type: column.type,
    declared: column.levels !== undefined });
}

/**
 * The table with every withheld cell (withheldLevels) emptied, as a release
 * writes it, and per column how many: for analyses of real tables whose
 * output names levels (a regression's terms, a note on a level).
 */
export function withholdRareLevels(
  table: Table, schema: Schema,
): { table: Table; withheld: { column: string; cells: number }[] } {
  const withheld: { column: string; cells: number }[] = [];
  const columns = table.columns.map((cells, j) => {
    const column = schema.columns.find((c) => c.name === table.names[j]);
    if (column === undefined || column.drop === true) return cells;
    const rare = withheldLevels(column, cells, missingRule(column));
    if (rare.size === 0) return cells;
    withheld.push({ column: column.name, cells: cells.filter((cell) => rare.has(cell)).length });
    return cells.map((cell) => (rare.has(cell) ? '' : cell));
  });
  return { table: { ...table, columns }, withheld };
}

/** A column's non-missing cells, their 0-based data rows, and where to report. */
interface Observed {
  cells: string[];
  rows: number[];
  file?: string;
  warnings?: string[];
}

/** What happens to values alone beyond a wide gap at an end of a column. */
export const ISOLATED_CLIP = 'clipped to the nearest value on this side of the gap, so no lone '
  + 'extreme is stored in the model or released (declare "lower"/"upper" to keep them)';

/**
 * Largest magnitude at which integers are dequantized as v + U[0, 1). Past
 * it, v + u is too coarse in float64 for floor(v + u) to return v (at 2^40
 * a u near 1 rounds up to v + 1; at 2^50 a quarter of the cells moved by
 * one), so such a column is encoded like a continuous one and decoding
 * rounds to the nearest integer instead.
 */
const DEQUANTIZE_LIMIT = 2 ** 31;

/** Whether an integer or date column is encoded as v + U[0, 1). */
export function dequantizes(codec: Pick<NumericCodec, 'type' | 'lower' | 'upper'>): boolean {
  return codec.type !== 'continuous'
    && Math.max(Math.abs(codec.lower), Math.abs(codec.upper)) < DEQUANTIZE_LIMIT;
}

function fitNumeric(
  column: ColumnSchema, seen: Observed, rule: MissingRule, indicator: Indicator | null,
): NumericCodec {
  const observed = seen.cells;
  const where = (k: number) => ({ file: seen.file, column: column.name, row: seen.rows[k] + 1 });
  const type = column.type as 'continuous' | 'integer' | 'date';
  const dateFormat = type === 'date' ? dateLayout(column, observed, where(0)) : undefined;
  const decimal = type === 'date' ? '.' : column.decimal ?? '.';
  const affix = affixOf(column);
  const values = observed.map((cell, k) => {
    const value = readValue(cell, type, dateFormat, decimal, affix);
    if (Number.isNaN(value)) throw unreadable(cell, type, dateFormat, decimal, where(k));
    return value;
  });
  const transform = type === 'continuous' ? column.transform ?? 'none' : 'none';
  if (transform === 'log') {
    const first = values.findIndex((value) => !(value > 0));
    if (first >= 0) {
      throw new LniError('schema-data-mismatch',
        'The schema asks for a log transform, but this cell is not positive.', {
          ...where(first), hint: 'remove "transform": "log" from the schema, or fix the cell' });
    }
  }
  const raw = transform === 'log' ? values.map(Math.log) : values;
  const bound = (declared: number | string | undefined, fallback: number): number => {
    if (declared === undefined) return fallback;
    const value = typeof declared === 'string' ? parseDate(declared, dateFormat ?? '') : declared;
    if (!Number.isFinite(value) || (transform === 'log' && value <= 0)) {
      throw new LniError('schema-invalid', `The bound "${declared}" does not fit the column.`, {
        column: column.name,
        hint: 'numbers for numeric columns, dates in the column\'s format; > 0 with "log"' });
    }
    return transform === 'log' ? Math.log(value) : value;
  };
  const isolated = isolatedExtremes(raw,
    dequantizes({ type, lower: Math.min(...raw), upper: Math.max(...raw) }));
  const lower = bound(column.lower, isolated.lower);
  const upper = bound(column.upper, isolated.upper);
  const alone = (column.lower === undefined ? isolated.below : 0)
    + (column.upper === undefined ? isolated.above : 0);
  if (alone > 0) {
    seen.warnings?.push(`${seen.file === undefined ? '' : `${seen.file}, `}column ` +
      `"${column.name}": ${alone} value${alone === 1 ? '' : 's'} alone beyond a wide gap at ` +
      `an end of the column: ${ISOLATED_CLIP}`);
  }
  const outside = checkDeclaredBounds(column, raw, seen.rows, lower, upper, seen.file);
  if (outside !== null) seen.warnings?.push(outside);
  const source: BoundSource = column.lower !== undefined && column.upper !== undefined
    ? 'schema' : 'data';
  const format: NumberFormat = type === 'date' ? { decimals: 0, minDecimals: 0 }
    : { ...inferNumberFormat(observed.map((cell) => stripAffix(cell, affix)), decimal), ...affix,
      ...(signsBeforePrefix(observed, affix) ? { signBeforePrefix: true } : {}) };
  const clipped = raw.map((value) => Math.min(Math.max(value, lower), upper));
  // With few values every value keeps its own share and comes back as
  // itself; past that, decoded values fall between them and need the grid.
  // Times of day keep their grid (every quarter hour, on the hour); whole
  // days have none that starts at day 0.
  const days = dateFormat !== undefined && ticksPerDay(dateFormat) === 1;
  const step = days || format.exponent === true
    || keepsExactValues(values) ? undefined : gridStep(values, format.decimals);
  if (step !== undefined) format.step = step;
  const ladder = fitLadder(clipped, dequantizes({ type, lower, upper }));
  if (!keepsExactValues(clipped)) {
    declareEnds(ladder, column, lower, upper, clipped.length);
  }
  return {
    kind: 'numeric', name: column.name, type, rule, indicator, source, ladder, transform,
    format, ...(dateFormat === undefined ? {} : { dateFormat }), lower, upper,
  };
}

/** Why a non-missing cell gave no value, as the error the user sees (never quoting the cell). */
function unreadable(
  cell: string, type: string, dateFormat: string | undefined, decimal: Decimal,
  place: { file?: string; column: string; row: number },
): LniError {
  if (type !== 'date' && isInfinite(cell)) {
    return new LniError('cell-infinite', 'The cell holds an infinite value, not a finite number.', {
      ...place, hint: 'remove or replace infinite values (an empty cell reads as missing)' });
  }
  if (type !== 'date' && (isBeyondExact(cell, decimal)
    || Math.abs(parseNumber(cell, decimal)) > Number.MAX_SAFE_INTEGER)) {
    return new LniError('cell-precision', 'The cell holds a number beyond 2^53: a number this '
      + 'large would not read back as written.', {
        ...place, hint: 'declare the column "id" or "categorical" to keep it as text' });
  }
  if (type === 'integer' && Number.isFinite(parseNumber(cell, decimal))) {
    return new LniError('cell-type', 'The cell is not a whole number; the column is ' +
      'declared integer.', { ...place, hint: 'declare it "continuous", or fix the cell' });
  }
  const expected = type === 'date' ? `a date (${dateFormat})`
    : `a number (${type}${decimal === ',' ? ', decimal comma' : ''})`;
  return new LniError('cell-type', `The cell (${cellShape(cell)}) is not ${expected}.`, {
    ...place, hint: 'fix the cell, list its text under "missing" (or count it in '
      + '"strayTexts"), or change the column type' });
}

function dateLayout(
  column: ColumnSchema,
  observed: string[],
  place: { file?: string; column: string },
): string {
  const layout = column.format ?? detectDateFormat(observed);
  if (layout === null || !isDateFormat(layout)) {
    const message = column.format === undefined
      ? 'The date column has no layout lni can read.'
      : `The declared "format" "${column.format}" is not a layout lni reads.`;
    throw new LniError('schema-invalid', message, {
      file: place.file, column: place.column,
      hint: 'set "format" to e.g. "YYYY-MM-DD", "DD/MM/YYYY", "MM/DD/YYYY" or "YYYY-MM-DD HH:mm"',
    });
  }
  return layout;
}

/**
 * The number a non-missing cell holds for a numeric type (NaN if none);
 * `decimal` is the column's decimal mark (continuous and integer columns).
 * NaN too for a number lni cannot carry: infinite, written out beyond 2^53
 * (it would not read back as written), or an integer beyond 2^53 (the
 * dequantizing noise v + u would vanish in rounding).
 */
export function readValue(
  cell: string, type: string, dateFormat?: string, decimal: Decimal = '.', affix?: Affix,
): number {
  if (type === 'date') return parseDate(cell, dateFormat ?? '');
  const number = affix === undefined ? cell : stripAffix(cell, affix);
  const value = parseNumber(number, decimal);
  if (!Number.isFinite(value) || isBeyondExact(number, decimal)) return NaN;
  if (type === 'integer' && !Number.isSafeInteger(value)) return NaN;
  return value;
}

/**
 * Levels in numeric order when every label is a number (codes), else by
 * descending frequency with ties in code-unit order. Each level gets the
 * band of its share of N(0, 1), and the copula reads the column as one
 * latent scale in this order (see the comment inside).
 */
function orderLevels(observed: string[]): string[] {
  const counts = new Map<string, number>();
  for (const cell of observed) counts.set(cell, (counts.get(cell) ?? 0) + 1);
  const levels = [...counts.keys()];
  const numeric = levels.every((level) => Number.isFinite(parseNumber(level)));
  const natural = (a: string, b: string) =>
    (numeric ? parseNumber(a) - parseNumber(b) : 0) || (a < b ? -1 : a > b ? 1 : 0);
  // Codes (0–3, or 3/6/7) are most often ordered, and Pearson correlations
  // of coded columns read them so. Measured on Cleveland at w = 0.8
  // (bench/results/fidelity.md): with thal's levels by frequency (3, 7, 6)
  // thal~thalach −0.28 came back as −0.08 to −0.12, and 3 of 15 runs
  // exceeded 3/√n; in numeric order none did.
  if (numeric) return levels.sort(natural);
  return levels.sort((a, b) => counts.get(b)! - counts.get(a)! || natural(a, b));
}

/**
 * Fresh IDs in the column's own shape (P10001 beside P0001) when its values
 * are a short prefix and a number; else ID11, ID12, …; one digit longer
 * than any real ID's run of digits (IdCodec.digits). Only a prefix that looks like an
 * ID's is kept: the text before a number in free text ("Jane Doe overdose
 * 17") would be written in every row and stored in the model.
 */
function fitId(name: string, observed: string[]): IdCodec {
  const shapes = observed.map((cell) => /^(\D*)(\d+)$/.exec(cell));
  const prefix = shapes[0]?.[1] ?? 'ID';
  const alike = ID_PREFIX.test(prefix)
    && shapes.every((shape) => shape !== null && shape[1] === prefix);
  const digits = idDigits(observed);
  if (!alike) return { kind: 'id', name, prefix: 'ID', width: 0, digits };
  const widths = new Set(shapes.map((shape) => shape![2].length));
  const padded = shapes.some((shape) => shape![2].startsWith('0'));
  return { kind: 'id', name, prefix, width: padded && widths.size === 1 ? [...widths][0] : 0,
    digits };
}

/**
 * The longest run of digits that ends an ID (0 when none): fresh IDs are
 * one digit longer, so none equals a real one.
 */
export function idDigits(cells: readonly string[]): number {
  return cells.reduce((most, cell) => Math.max(most, /\d*$/.exec(cell.trim())![0].length), 0);
}

/** A few letters and one separator at most: P, MRN-, ID_, pt#. */
const ID_PREFIX = /^[A-Za-z]{0,6}[-_#/.:]?$/;

/**
 * With declared bounds, the outer knots of a quantile ladder no longer sit
 * on the data's minimum and maximum, so the model file and the decoded
 * values do not reveal those extremes. Nor do they sit on the bounds: a
 * loose bound (an age up to 120) would spread the outer step's rows all
 * the way to it. Each outer knot is extrapolated from the two steps inside
 * it (extendedEnd), and kept inside the bound. Called only for quantile
 * ladders: a ladder of exact levels (few distinct values) keeps its levels,
 * which the privacy summary's assumptions state.
 */
function declareEnds(
  ladder: Ladder, column: ColumnSchema, lower: number, upper: number, rows: number,
): void {
  const { values, probabilities } = ladder;
  const tail = (share: number) => Math.min(TAIL_BEYOND_ROWS / rows, share / 2);
  const last = values.length - 1;
  const top = column.upper === undefined || !sloped(ladder, last - 1, last) ? null
    : extendedEnd(ladder, (k) => last - k);
  const bottom = column.lower === undefined || !sloped(ladder, 0, 1) ? null
    : extendedEnd(ladder, (k) => k);
  if (column.upper !== undefined && sloped(ladder, last - 1, last)) {
    values[last] = upper;
    if (top !== null && top < upper) {
      values.splice(last, 0, top);
      probabilities.splice(last, 0, 1 - tail(1 - probabilities[last - 1]));
    }
  }
  if (column.lower !== undefined && sloped(ladder, 0, 1)) {
    values[0] = lower;
    if (bottom !== null && bottom > lower) {
      values.splice(1, 0, bottom);
      probabilities.splice(1, 0, tail(probabilities[1]));
    }
  }
}

/**
 * Share of the rows, as a count, that an outer step leaves between its
 * extrapolated end and a declared bound: values out there still encode
 * (and w = 1 still returns them), but a release decodes one there about
 * once in a hundred releases per side. Half a row's share did so in about
 * 40 % of releases, anywhere up to a loose bound (an age of 111 for data
 * of 20–80 bounded at 120).
 */
const TAIL_BEYOND_ROWS = 0.01;

/** Both the value and the probability rise between knots a and b. */
function sloped({ values, probabilities }: Ladder, a: number, b: number): boolean {
  return a >= 0 && b < values.length && values[a] !== values[b]
    && probabilities[a] !== probabilities[b];
}

/**
 * Where an outer step would end if it were as dense as the step inside
 * it, loosened by how much sparser that step is than the next one in (at
 * most 3 times: tails thin out): a uniform column ends near its true
 * extreme, a normal one about two sd out. Knots are counted from the end
 * by `at` (at(0) is the outer knot); null without two sloped inner steps
 * to go by.
 */
function extendedEnd(ladder: Ladder, at: (k: number) => number): number | null {
  const { values, probabilities } = ladder;
  if (values.length < 4 || !sloped(ladder, Math.min(at(1), at(2)), Math.max(at(1), at(2)))) {
    return null;
  }
  const density = (k: number) => Math.abs(values[at(k)] - values[at(k + 1)])
    / Math.abs(probabilities[at(k)] - probabilities[at(k + 1)]);
  const inner = density(1);
  const next = values.length >= 5
    && sloped(ladder, Math.min(at(2), at(3)), Math.max(at(2), at(3))) ? density(2) : inner;
  const growth = Math.min(Math.max(inner / next, 1), 3);
  const width = Math.abs(probabilities[at(0)] - probabilities[at(1)]) * inner * growth;
  return values[at(1)] + Math.sign(values[at(0)] - values[at(1)]) * width;
}

/** Whether most negative cells of a prefixed column put the minus first ("-$3"). */
function signsBeforePrefix(observed: string[], affix: Affix): boolean {
  const prefix = affix.prefix?.trim();
  if (prefix === undefined || prefix === '') return false;
  let first = 0;
  let inside = 0;
  for (const cell of observed) {
    const text = cell.trim();
    if (text.startsWith(`-${prefix}`)) first++;
    else if (text.startsWith(prefix) && text.slice(prefix.length).trimStart().startsWith('-')) {
      inside++;
    }
  }
  return first > inside;
}
