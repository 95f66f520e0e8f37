import { idDigits, ISOLATED_CLIP } from './codec.js';
import { isolatedExtremes } from './ladder.js';
import { inferMissingCodes } from './missing-codes.js';
import { LniError } from '../util/errors.js';
import {
  DEFAULT_MISSING_TOKENS, groupOf, isBeyondExact, isDecimalComma, isGrouped, isInfinite,
  isIntegral, isMissing, isUnit, parseNumber, RARE_LEVEL_ROWS, SPACE_GROUPS, stripAffix,
  type Affix, type Decimal, type MissingRule,
} from './cells.js';
import {
  detectDateFormat, isTimeOfDay, otherDayOrder, parseDate, ticksPerDay,
} from './dates.js';
import { SCHEMA_VERSION, type ColumnSchema, type Schema } from './schema.js';
import type { Table } from './types.js';

export interface InferOptions {
  file?: string;
  /** Integer-valued columns with at most this many levels are categorical (10). */
  maxNumericLevels?: number;
  /** Columns are judged ID-like only in tables with at least this many rows (20). */
  minRowsForId?: number;
  /**
   * The file's delimiter. When given and not a comma, a column of
   * decimal-comma numbers ("77,6") is read as numbers; absent: not tried.
   */
  delimiter?: string;
}

/**
 * Guesses a schema for the table: a type per column, the missing tokens
 * each column used, and a note saying why. Rules, in order:
 * all cells missing → empty; one value and no missing → constant; two
 * values → binary; dates → date; integer-valued with ≤ maxNumericLevels
 * levels → categorical; unique integers (no missing) → id; integers →
 * integer; other numbers → continuous (log transform when skewness > 2,
 * all values > 0, and the log halves it); text with more than half its
 * cells distinct → id; other text → categorical.
 *
 * Numbers are written with a point, or — when `delimiter` is given and is
 * not a comma — with a decimal comma: every non-missing cell a whole number
 * or a decimal-comma number ("77,6"), at least one with a comma, or every
 * cell read that way and some only that way ("1.234.567"). Such a numeric
 * column records `"decimal": ","`. Thousands groups ("12,345.6",
 * "1.234,5") are read as numbers and never make an ID column; so are
 * groups of spaces ("193 900", "1 234 567,5"), which make one only where
 * plain digits would (an identifier's name, packed values). A column
 * mixing both marks ("77,6" and "77.6") is text, and its note says so; so
 * is a column of numbers written out beyond 2^53, which would not read back
 * as written (a few such cells among smaller numbers are stray cells, read
 * as missing like stray texts).
 *
 * Throws LniError('table-too-small') for one row or more columns than rows,
 * and LniError('cell-infinite') for an otherwise numeric column holding an
 * infinite value ("inf", "-Infinity"), naming its first row.
 */
export function inferSchema(table: Table, options: InferOptions = {}): Schema {
  checkTableSize(table, options.file);
  const columns = table.names.map((name, j) => inferColumn(name, table.columns[j], options));
  return { version: SCHEMA_VERSION, columns };
}

/** LniError unless the table has at least two rows and no more columns than rows. */
export function checkTableSize(table: Table, file?: string): void {
  checkTableShape(table, file);
  if (table.rowCount < 2) {
    throw new LniError('table-too-small', 'The table has only one row.', {
      file, hint: 'a synthetic twin needs many rows to learn from' });
  }
  if (table.names.length > table.rowCount) {
    throw new LniError('table-too-small',
      `The table has more columns (${table.names.length}) than rows (${table.rowCount}).`, {
        file, hint: 'drop columns in the schema or give more rows' });
  }
}

/**
 * A table built by hand (the library takes any object) has the shape a
 * parsed one has: a name per column, rowCount cells of text in each. A
 * mismatch would otherwise surface as a TypeError deep inside, or as a
 * release of rowCount rows that silently ignores the rest.
 */
export function checkTableShape(table: Table, file?: string): void {
  const fail = (message: string, column?: string) => {
    throw new LniError('table-invalid', message, {
      file, column, hint: 'a Table is { names, columns, rowCount }: columns[j] holds rowCount '
        + 'strings, one column per name (parseCsv builds one)' });
  };
  if (table === null || typeof table !== 'object' || !Array.isArray(table.names)
    || !Array.isArray(table.columns)) fail('The table lacks its names or columns arrays.');
  if (!Number.isInteger(table.rowCount) || table.rowCount < 0) {
    fail(`The table's rowCount (${String(table.rowCount)}) is not a whole number of rows.`);
  }
  if (table.columns.length !== table.names.length) {
    fail(`The table has ${table.names.length} names but ${table.columns.length} columns.`);
  }
  table.names.forEach((name, j) => {
    if (typeof name !== 'string') fail(`Column ${j + 1}'s name is not a string.`);
    const cells = table.columns[j];
    if (!Array.isArray(cells) || cells.length !== table.rowCount) {
      fail(`The column has ${Array.isArray(cells) ? cells.length : 'no'} cells; rowCount says `
        + `${table.rowCount}.`, name);
    }
    if (cells.some((cell) => typeof cell !== 'string')) fail('A cell is not a string.', name);
  });
}

/**
 * Default missing tokens that are also plausible category labels ("None"
 * smokers, a "-" sign): in a text column they are read as missing with a
 * note, so a user whose level it is can see it and declare the column.
 */
const WORD_MISSING_TOKENS = new Set(['None', 'none', '-', '.', 'missing', 'MISSING']);

/** How cells read before any column has its own tokens: the default list, no codes. */
const DEFAULT_RULE: MissingRule = { tokens: [...DEFAULT_MISSING_TOKENS], codes: [] };

function inferColumn(name: string, cells: string[], options: InferOptions): ColumnSchema {
  const observed = cells.filter((cell) => !isMissing(cell, DEFAULT_RULE));
  const affix = unitAffix(observed);
  if (affix !== null) {
    // "53%" and "$2,444.01" are numbers: modelled as such, written back with their sign.
    const stripped = cells.map((cell) =>
      (isMissing(cell, DEFAULT_RULE) ? cell : stripAffix(cell, affix)));
    const column = inferUnsigned(name, stripped, options);
    if (column.type === 'continuous' || column.type === 'integer') {
      const sign = (affix.prefix ?? affix.suffix ?? '').trim();
      return { ...column, ...affix, note: `numbers written with "${sign}"; ${column.note}` };
    }
  }
  return inferUnsigned(name, cells, options);
}

function inferUnsigned(name: string, cells: string[], options: InferOptions): ColumnSchema {
  checkFinite(name, cells, options);
  const numeric = strayTokens(cells, options);
  const stray = numeric.length > 0 ? numeric : strayDates(cells);
  const column = withWordMissingNote(inferWithCodes(name, cells, options, stray), cells);
  if (stray.length === 0) return column;
  const otherwise = numeric.length > 0 ? 'numeric' : 'dates';
  const shown = stray.length > 3 ? manyStrays(stray, cells, otherwise) : stray.map((token) => {
    const row = cells.findIndex((cell) => cell.trim() === token.trim());
    const count = cells.filter((cell) => cell.trim() === token.trim()).length;
    // Notes reach the privacy file: a text held by a few cells is not quoted.
    const what = isBeyondExactNumber(token, options) ? 'a number beyond 2^53' : 'a text';
    const text = count < RARE_LEVEL_ROWS ? `${what} held by ${count} cell${count === 1 ? '' : 's'}`
      : `"${token}"`;
    return row < 0 ? text : `${text} (first in row ${row + 1})`;
  }).join(', ');
  return { ...column, note: `${shown} read as missing: the column is otherwise ${otherwise} ` +
    '(a written schema lists a token 5 cells or more hold under "missing" and counts rarer '
    + `ones as "strayTexts"; or fix the cell); ${column.note}` };
}

/** Several one-off cells (mistyped dates, comments) in a note: how many, and where the first is. */
function manyStrays(stray: string[], cells: string[], kind: 'numeric' | 'dates'): string {
  const strays = new Set(stray);
  const first = cells.findIndex((cell) => strays.has(cell.trim()));
  const count = cells.filter((cell) => strays.has(cell.trim())).length;
  const what = kind === 'numeric' ? 'texts that are not numbers' : 'texts that are not valid dates';
  return `${stray.length} ${what}, in ${count} cells (first in row ${first + 1})`;
}

/**
 * Cells that stop an otherwise date column from reading as dates: at most
 * 2% of the observed cells, with at least ten dates. Of these, at most three
 * distinct texts that do not look like dates ("unknown"); cells that do
 * (2020-02-30, typed in the column's own separator) are typos of one
 * calendar and may be as many as the 2% allows. Left as text, one
 * impossible date would make the column ID-like.
 */
function strayDates(cells: string[]): string[] {
  const observed = cells.filter((cell) => !isMissing(cell, DEFAULT_RULE))
    .map((cell) => cell.trim());
  const stray = strayDateCells(observed);
  const codes = placeholderDates(observed, stray);
  return codes.length === 0 ? stray : [...stray, ...codes];
}

/** A date in the year 9999 (9999-12-31, 31.12.9999, 99991231): no event happens then. */
const PLACEHOLDER_YEAR = /(?:^|\D)9999(?:\D|$)|^9999\d{4}(?:\D|$)/;

/**
 * Dates in the year 9999 that a date column writes for "no date yet" (an
 * episode still open, as registries write it), each in at least
 * RARE_LEVEL_ROWS cells and together in fewer cells than the other dates.
 * Read as dates they sit far beyond a wide gap, so a discharge date that
 * follows the admission in every row stopped being modelled as the stay,
 * and a fresh user's released stays had a median of 54 days against 15.
 */
function placeholderDates(observed: string[], stray: string[]): string[] {
  const counts = new Map<string, number>();
  for (const cell of observed) {
    if (PLACEHOLDER_YEAR.test(cell)) counts.set(cell, (counts.get(cell) ?? 0) + 1);
  }
  const codes = [...counts].filter(([cell, count]) => count >= RARE_LEVEL_ROWS
    && !stray.includes(cell) && detectDateFormat([cell]) !== null);
  if (codes.length === 0 || codes.length > MAX_DATE_CODES) return [];
  const skip = new Set([...stray, ...codes.map(([cell]) => cell)]);
  const dates = observed.filter((cell) => !skip.has(cell));
  const total = codes.reduce((sum, [, count]) => sum + count, 0);
  if (dates.length < 10 || total >= dates.length || detectDateFormat(dates) === null) return [];
  return codes.map(([cell]) => cell);
}

/** strayDates' typos and codes that are not dates at all, among the observed cells. */
function strayDateCells(observed: string[]): string[] {
  const allowance = strayAllowance(observed.length);
  const stray: string[] = [];
  let words = 0;
  for (const cell of new Set(observed)) {
    if (detectDateFormat([cell]) !== null) continue;
    // Most columns are not dates at all: stop as soon as that is plain.
    if (stray.push(cell) > Math.max(allowance, MAX_DATE_CODES)
      || (!DATE_SHAPE.test(cell) && ++words > MAX_DATE_CODES)) return [];
  }
  if (stray.length === 0) return [];
  const strays = new Set(stray);
  const dates = observed.filter((cell) => !strays.has(cell));
  const format = dates.length < 10 ? null : detectDateFormat(dates);
  if (format === null) return [];
  const strayCells = observed.length - dates.length;
  if (strayCells > allowance) return dateCodes(stray, observed, dates.length);
  if (stray.length > allowance) return [];
  const separator = format.replace(/[YMD]/g, '')[0];
  return stray.every((cell) => !DATE_SHAPE.test(cell) || cell.includes(separator)) ? stray : [];
}

/** Most distinct codes a date column may write for "no date". */
const MAX_DATE_CODES = 3;

/**
 * Codes an export writes for "no date" (0, 99999999 in a YYYYMMDD column,
 * "unknown"), beyond the 2 % typos may take: at most three, each in at
 * least RARE_LEVEL_ROWS cells (a code repeats; typos do not), none shaped
 * like a date, together in fewer cells than the dates. Read as a number,
 * a YYYYMMDD column with such codes was released with impossible dates
 * (day 86 of a month) in a fifth of its rows.
 */
function dateCodes(stray: string[], observed: string[], dates: number): string[] {
  if (stray.length > MAX_DATE_CODES || stray.some((cell) => DATE_SHAPE.test(cell))) return [];
  const counts = stray.map((code) => observed.filter((cell) => cell === code).length);
  const total = counts.reduce((sum, count) => sum + count, 0);
  return counts.every((count) => count >= RARE_LEVEL_ROWS) && total < dates ? stray : [];
}

/** Three groups of digits joined by one separator: what a mistyped date looks like. */
const DATE_SHAPE = /^\d{1,4}([-/.])\d{1,2}\1\d{1,4}$/;

/**
 * Refuses an infinite value in a column whose other cells are numbers. Read
 * as a missing token it would be merged with the real missing cells and
 * written back as one of them ("-Infinity" as "Infinity"); modelled, it has
 * no place in a bounded box. Only the user knows what it stands for.
 */
function checkFinite(name: string, cells: string[], options: InferOptions): void {
  let first = -1;
  let numbers = 0;
  let texts = 0;
  for (let i = 0; i < cells.length; i++) {
    if (isMissing(cells[i], DEFAULT_RULE)) continue;
    if (isInfinite(cells[i])) {
      if (first < 0) first = i;
    } else if (isNumber(cells[i], options)) numbers++;
    else texts++;
  }
  if (first < 0 || numbers === 0) return;
  // A column that reads as numbers once its stray texts are missing is as
  // numeric as one without them: its infinite cell is refused all the same.
  if (texts > 0
    && strayTokens(cells.map((cell) => (isInfinite(cell) ? '' : cell)), options).length === 0) return;
  throw new LniError('cell-infinite', 'The cell holds an infinite value, not a finite number.', {
    file: options.file, column: name, row: first + 1,
    hint: 'remove or replace infinite values (an empty cell reads as missing)' });
}

/** A finite number with a point, or with a decimal comma where the delimiter allows it. */
function isNumber(cell: string, options: InferOptions): boolean {
  const commas = options.delimiter !== undefined && options.delimiter !== ',';
  return Number.isFinite(parseNumber(cell, '.'))
    || (commas && Number.isFinite(parseNumber(cell, ',')));
}

/**
 * Tokens that stop an otherwise numeric column from reading as numbers
 * (with at least ten numbers): texts (or numbers written out beyond 2^53)
 * in at most 2% of the cells, or one word in fewer cells than the numbers
 * ("unknown" in 10% of an age column). Left as text, one typo would turn a measurement into an ID
 * column, and a code for "not known" would make every age a category;
 * read as missing, with a note, the column stays a measurement, and a
 * single token is written back as itself at its own rate.
 */
function strayTokens(cells: string[], options: InferOptions): string[] {
  const texts: string[] = [];
  let numbers = 0;
  let beyond = 0;
  for (const cell of cells) {
    if (isMissing(cell, DEFAULT_RULE)) continue;
    // A number beyond 2^53 among smaller ones is a stray too (a typo, a
    // pasted ID): read as text it would make a count column an ID column.
    const inexact = isBeyondExactNumber(cell, options);
    if (isNumber(cell, options) && !inexact) numbers++;
    else {
      texts.push(cell.trim());
      if (inexact) beyond++;
    }
  }
  const distinct = [...new Set(texts)];
  if (texts.length === 0 || numbers < 10) return [];
  // The one-code rule is for words ("unknown"): large numbers stay within the 2 %.
  if (distinct.length === 1 && beyond === 0 && texts.length < numbers) return distinct;
  return texts.length > strayAllowance(numbers + texts.length) ? [] : distinct;
}

/** A number written out beyond 2^53 (with either mark the delimiter allows). */
function isBeyondExactNumber(cell: string, options: InferOptions): boolean {
  const commas = options.delimiter !== undefined && options.delimiter !== ',';
  return isBeyondExact(cell, '.') || (commas && isBeyondExact(cell, ','));
}

/** How many stray cells a column of `cells` observed cells may hold: 2%, at least 2. */
function strayAllowance(cells: number): number {
  return Math.max(2, Math.floor(0.02 * cells));
}

/**
 * inferPlain, then, for an integer or continuous column, the numbers that
 * are missing codes (see inferMissingCodes): when there are some, the
 * column is inferred again with them read as missing, and its note says
 * so. Categories, IDs and dates keep every value they have.
 */
function inferWithCodes(
  name: string, cells: string[], options: InferOptions, extraMissing: string[],
): ColumnSchema {
  const column = inferPlain(name, cells, options, extraMissing);
  const decimal = column.decimal ?? '.';
  const tokens = new Set([...DEFAULT_MISSING_TOKENS, ...extraMissing]);
  const observed = cells.filter((cell) => !tokens.has(cell.trim()));
  const values = observed.map((cell) => parseNumber(cell, decimal));
  // A few integer levels are codes too (0/1 with -9 for refused): the -9 is
  // missing, or an outcome gets a third level an analysis reads as a value.
  const integerLevels = column.type === 'categorical' && values.length > 0
    && values.every(Number.isInteger) && observed.every((cell) => !/^\s*[+-]?0\d/.test(cell));
  if (column.type !== 'integer' && column.type !== 'continuous' && !integerLevels) return column;
  const found = inferMissingCodes(values, column.type !== 'continuous');
  if (found.length === 0) return column;
  const coded = inferPlain(name, cells, options, extraMissing, { codes: found, decimal });
  return { ...coded, note: `${codeNote(found, values)}; ${coded.note}` };
}

function inferPlain(
  name: string, cells: string[], options: InferOptions, extraMissing: string[],
  codeRule: Pick<MissingRule, 'codes' | 'decimal'> = { codes: [] },
): ColumnSchema {
  const rule: MissingRule = {
    tokens: [...DEFAULT_MISSING_TOKENS, ...extraMissing], ...codeRule,
  };
  const observed: string[] = [];
  const tokens = new Set<string>();
  for (const cell of cells) {
    if (rule.tokens.includes(cell.trim())) tokens.add(cell.trim());
    else if (!isMissing(cell, rule)) observed.push(cell);
  }
  const missingCodes = rule.codes.length > 0 ? { missingCodes: rule.codes } : {};
  const base: ColumnSchema = tokens.size > 0
    ? { name, type: 'empty', missing: [...tokens], ...missingCodes }
    : { name, type: 'empty', ...missingCodes };
  const missingCount = cells.length - observed.length;
  const distinct = new Set(observed).size;
  const minRowsForId = options.minRowsForId ?? 20;
  // Either reading of the cells (numbers or text) takes a shared identifier as an ID.
  const sharedId = () => cells.length >= minRowsForId && sharedIdentifier(name, distinct, observed);

  if (observed.length === 0) return { ...base, note: 'every cell is missing; passed through' };
  if (distinct === 1 && missingCount === 0) {
    const zero = Number(observed[0]) === 0
      ? ' (0 in every row: if 0 means not recorded, declare "missingCodes": [0])' : '';
    return { ...base, type: 'constant', note: `one value in every row; passed through${zero}` };
  }
  if (distinct === 1) {
    return { ...base, type: 'categorical', note: 'one value plus missing cells' };
  }
  if (distinct === 2) return { ...base, type: 'binary', note: 'two values' };

  const dateFormat = detectDateFormat(observed);
  if (dateFormat !== null) {
    const kind = ticksPerDay(dateFormat) === 1 ? `dates as ${dateFormat}`
      : isTimeOfDay(dateFormat) ? `times of day as ${dateFormat}`
        : `dates with times of day as ${dateFormat}, modelled as a day and a time of day`;
    // A lone date far from the rest (a 1931 visit in a 2020 cohort) is
    // clipped like a lone number, and said so.
    const ticks = observed.map((cell) => parseDate(cell, dateFormat));
    const note = `${kind}${ambiguousNote(observed, dateFormat)}${isolatedNote(ticks, true)}`;
    return { ...base, type: 'date', format: dateFormat, note };
  }
  const commas = options.delimiter !== undefined && options.delimiter !== ','
    && observed.some(isDecimalComma);
  const decimal = decimalMark(observed, options.delimiter);
  const readable = observed.every((cell) => Number.isFinite(parseNumber(cell, decimal)));
  const inexact = readable && observed.some((cell) => isBeyondExact(cell, decimal));
  const numeric = readable && !inexact;
  // "decimal": "," is recorded only where it changes how cells are read.
  const mark = decimal === ',' ? { decimal } : {};
  const grouped = observed.some((cell) => isGrouped(cell, decimal));
  // "10.481" beside "745" is read with the comma but shows none.
  const decimalCommas = decimal === ',' && observed.some((cell) => cell.includes(','));
  const spaced = observed.some((cell) => {
    const group = groupOf(cell, decimal);
    return group !== undefined && SPACE_GROUPS.includes(group);
  });
  const separators = spaced ? 'spaces as thousands separators'
    : decimal === ',' && !decimalCommas ? 'points as thousands separators'
      : 'thousands separators';
  const written = (decimalCommas ? ' written with a decimal comma' : '')
    + (grouped ? `${decimalCommas ? ' and' : ' written with'} ${separators}` : '');
  const safe = (cell: string) => Math.abs(parseNumber(cell, decimal)) <= Number.MAX_SAFE_INTEGER;
  const integral = numeric && observed.every((cell) => isIntegral(cell, decimal) && safe(cell));
  // "09012" is a code (a postcode, a county, a clinic): read as a number it
  // would come back as 9012, and as values between codes.
  const codes = integral && observed.some(isZeroPadded);
  if (integral && !codes) {
    if (distinct <= (options.maxNumericLevels ?? 10)) {
      return { ...base, type: 'categorical', note: `${distinct} integer levels` };
    }
    const values = observed.map((cell) => parseNumber(cell, decimal));
    // Nobody writes IDs with commas or points between thousands: those are
    // counts. Spaces are another matter (a company number "732 829 320", a
    // phone number "612 345 678"): such a column is judged as plain digits are.
    const unique = (!grouped || spaced) && missingCount === 0 && distinct === cells.length
      && cells.length >= minRowsForId;
    const timeLike = TIME_WORDS.has(nameWords(name).at(-1) ?? '');
    if (unique && (namesAnIdentifier(name) || (!timeLike && numbersRows(values)))) {
      if (spaced) {
        return { ...base, type: 'id', note: 'every value distinct (ID-like); not modelled, '
          + 'fresh IDs written (a prefix and the row number)' };
      }
      const digits = idDigits(observed);
      const first = `1${'1'.padStart(digits, '0')}`;
      return { ...base, type: 'id',
        note: 'every value distinct (ID-like); not modelled, fresh IDs written, one digit '
          + `longer than any real one (${first}, … beside IDs of up to ${digits} digits), so none `
          + 'equals one' };
    }
    if (sharedId()) return { ...base, type: 'id', note: sharedIdNote(distinct, observed.length) };
    const distinctNote = unique ? ', every one distinct (declare "type": "id" if they identify '
      + 'rows)' : '';
    return { ...base, type: 'integer', ...mark,
      note: `${distinct} integer values${distinctNote}${written}${isolatedNote(values, true)}`
        + sharedNote(name, distinct, observed.length) };
  }
  if (numeric && !codes) {
    const values = observed.map((cell) => parseNumber(cell, decimal));
    if (prefersLog(values)) {
      return { ...base, type: 'continuous', transform: 'log', ...mark,
        note: `positive and right-skewed${written === '' ? '' : `,${written}`}; ` +
          'modelled on the log scale'
          + isolatedNote(values.map(Math.log), false) };
    }
    return { ...base, type: 'continuous', ...mark,
      note: `real numbers${written}${isolatedNote(values, false)}` };
  }
  const mixed = commas && observed.every((cell) =>
    Number.isFinite(parseNumber(cell, ',')) || Number.isFinite(parseNumber(cell)));
  const quotedCommas = options.delimiter === ',' && observed.some((cell) =>
    /^[+-]?\d+,(\d{1,2}|\d{4,})$/.test(cell.trim())) && observed.every((cell) =>
    !cell.includes('.') && Number.isFinite(parseNumber(cell, ',')));
  const timed = observed.every((cell) => DATE_TIME.test(cell.trim())
    && detectDateFormat([cell.trim().split(/[ T]/)[0]]) !== null);
  const mixedNote = mixed
    ? '; numbers written with both decimal commas and points, so read as text'
    : inexact ? '; numbers beyond 2^53 would not read back as written, so read as text'
      : codes ? '; integers written with leading zeros are codes, so read as text to keep them'
        : timed ? '; dates with times of day are modelled only when every cell writes them ' +
          'in one layout and one zone'
          : quotedCommas ? '; numbers with a decimal comma in a comma-separated file are read ' +
            'as text, not as quantities (declare "decimal": "," with a numeric type to model them)'
            : mostlyNumbers(observed, options) || mostlyDates(cells);
  if (sharedId()) return { ...base, type: 'id', note: sharedIdNote(distinct, observed.length) };
  // A mostly empty column of distinct texts is free text written in a few
  // rows (a comment), not an identifier: as a category, its rare texts are
  // withheld and its empty cells stay empty.
  if (distinct > observed.length / 2 && cells.length >= minRowsForId
    && observed.length >= cells.length / 2) {
    return { ...base, type: 'id',
      note: `${distinct} distinct texts in ${observed.length} cells (ID-like)${mixedNote}; ` +
        'not modelled, fresh IDs written (a prefix and the row number)' };
  }
  // Codes a few rows each share (Z017 in five rows) may be a household or a
  // person in a column whose name does not say so: a category releases each
  // code that 5 rows hold as itself, so the note asks.
  // So may email addresses and phone numbers, which name a person outright.
  const few = distinct >= 20 && distinct * 10 >= observed.length;
  const shape = !few ? null
    : observed.every((cell) => CODE_LIKE.test(cell.trim())) ? 'code-like'
      : observed.every((cell) => EMAIL.test(cell.trim())) ? 'email addresses'
        : observed.every((cell) => isPhoneNumber(cell.trim())) ? 'phone numbers' : null;
  return { ...base, type: 'categorical', note: `${distinct} text levels${mixedNote}`
    + (shape !== null ? `; ${shape}, ${(observed.length / distinct).toFixed(1)} rows each on `
      + 'average: if they identify people or households, declare "type": "id" (fresh IDs); as a '
      + `category, each ${shape === 'code-like' ? 'code' : 'one'} 5 rows or more hold is `
      + 'released as itself'
      : sharedNote(name, distinct, observed.length)) };
}

/**
 * The note for a text column that is mostly numbers with more stray texts
 * than are read as missing (over 2 % of its cells): as a category, its
 * numbers are levels and its rare ones are released as missing cells.
 */
function mostlyNumbers(observed: string[], options: InferOptions): string {
  const numbers = observed.filter((cell) => isNumber(cell, options)).length;
  if (numbers < 0.9 * observed.length) return '';
  return `; ${Math.floor((100 * numbers) / observed.length)} % of its cells are numbers: if the `
    + 'texts mean missing, list them under "missing" in a schema and declare the column numeric '
    + 'to model the numbers (as text, most numbers are rare levels, released as missing cells)';
}

/**
 * A note for a column most of whose cells are dates in one layout, kept
 * from reading as dates by cells written otherwise (a few 13/01/2020 among
 * 2020-01-13, more than strayDates allows): without it the column was
 * released as fresh IDs under a note that said only "ID-like". The cells
 * are not quoted, only counted and the first placed.
 */
function mostlyDates(cells: string[]): string {
  const observed = cells.filter((cell) => !isMissing(cell, DEFAULT_RULE))
    .map((cell) => cell.trim());
  if (observed.length < 10) return '';
  const layouts = new Map<string, string | null>();
  const counts = new Map<string, number>();
  let others = 0;
  for (const cell of observed) {
    let layout = layouts.get(cell);
    if (layout === undefined) {
      layout = detectDateFormat([cell]);
      layouts.set(cell, layout);
    }
    if (layout === null) {
      // Most columns are not dates at all: stop as soon as that is plain.
      if (++others > (1 - MOSTLY_DATES) * observed.length) return '';
      continue;
    }
    counts.set(layout, (counts.get(layout) ?? 0) + 1);
  }
  const [layout, count] = [...counts].sort((a, b) => b[1] - a[1])[0] ?? [null, 0];
  if (layout === null || count < MOSTLY_DATES * observed.length || count === observed.length) {
    return '';
  }
  const dates = observed.filter((cell) => layouts.get(cell) === layout);
  const format = detectDateFormat(dates);
  if (format === null) return '';
  const first = cells.findIndex((cell) => !isMissing(cell, DEFAULT_RULE)
    && layouts.get(cell.trim()) !== layout);
  const share = Math.floor((100 * count) / observed.length);
  return `; ${share} % of its cells are dates as ${format}, but ${observed.length - count} `
    + `are written otherwise (first in row ${first + 1}), so the column is not read as dates: `
    + `fix them, or declare "type": "date" and "format": "${format}" in a schema to be shown `
    + 'each';
}

/** Least share of a column's observed cells in one date layout for mostlyDates' note. */
const MOSTLY_DATES = 0.8;

/** Letters, then digits: what record and household codes look like (Z017, HH-2031). */
const CODE_LIKE = /^[A-Za-z]{0,4}[-_#]?\d{2,}$/;

/** An email address: jane.doe@example.org. */
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/** A phone number: +1-555-0123456, (030) 1234 5678; at least 7 digits. */
function isPhoneNumber(cell: string): boolean {
  return /^\+?[\d\s().\/-]+$/.test(cell) && (cell.match(/\d/g)?.length ?? 0) >= 7;
}

/** A date, then a time of day: 2020-01-13 15:07, 13/01/2020T15:07:00.5, with an optional zone. */
const DATE_TIME = /^\S+[ T]\d{1,2}:\d{2}(:\d{2}(\.\d+)?)?\s?(Z|[+-]\d{2}:?\d{2}|[AaPp][Mm])?$/;

/** Signs and units written beside numbers in exported tables. */
const UNIT_SIGNS = new Set([
  '%', '‰', '$', '€', '£', '¥', '₹', 'USD', 'EUR', 'GBP', 'CHF', 'kg', 'g', 'mg', 'cm', 'mm',
  'm', 'km', 'h', 'min', 's', 'ms', 'l', 'L', 'ml', 'mL', 'mmHg', 'bpm', 'y', 'yrs', 'years',
]);

/**
 * The signs written before a number: currencies. A unit goes after it, so
 * "L205" or "s12" is a code (a lab, a sample), not 205 litres: read as a
 * number with a prefix it was released as codes that no row holds.
 */
const PREFIX_SIGNS = new Set(['$', '€', '£', '¥', '₹', 'USD', 'EUR', 'GBP', 'CHF']);

/**
 * The prefix or suffix a column writes around its numbers, spaced as most
 * cells space it ("10.22 €" → " €"): one sign, on at least 90 % of the
 * observed cells; null otherwise. A prefix must be one of PREFIX_SIGNS, so
 * labels such as "Stage 2", "A1" or "L205" stay text; a suffix may also be any
 * unit isUnit accepts ("50.9 mg/dL", "62.5 °C", "49.6 kg/m²").
 */
function unitAffix(observed: string[]): Affix | null {
  if (observed.length === 0) return null;
  let found: string | null = null;
  let before = false;
  let signed = 0;
  let spaced = 0;
  for (const cell of observed) {
    // "5e3" is a number, not 5 in a unit "e3".
    if (!Number.isNaN(parseNumber(cell, '.'))) continue;
    // An optional minus before a prefix ("-$3"), kept out of the sign itself.
    const match = /^[+-]?([^\d\s.,+-]{1,4})?\s?([+-]?[\d.,]+)\s?([^\d\s.,+-]\S*)?$/u
      .exec(cell.trim());
    // Cells without the sign (a bare 72, a code, a word) are left to the
    // number reading that follows: the stray-token rules judge them.
    if (match === null || (match[1] === undefined) === (match[3] === undefined)) continue;
    const sign = match[1] ?? match[3];
    const known = match[1] !== undefined ? PREFIX_SIGNS.has(sign)
      : UNIT_SIGNS.has(sign) || isUnit(sign);
    if (!known) return null;
    // Either mark: the column's own is read after the sign is stripped.
    if (!Number.isFinite(parseNumber(match[2], '.'))
      && !Number.isFinite(parseNumber(match[2], ','))) return null;
    if (found !== null && (sign !== found || before !== (match[1] !== undefined))) return null;
    found = sign;
    before = match[1] !== undefined;
    signed++;
    if (/\s/.test(cell.trim())) spaced++;
  }
  if (found === null || signed < UNIT_SHARE * observed.length) return null;
  const space = spaced > signed / 2 ? ' ' : '';
  return before ? { prefix: found + space } : { suffix: space + found };
}

/** Least share of a column's observed cells that must carry the sign for it to be a unit. */
const UNIT_SHARE = 0.9;

/** Fewest rows for distinct packed whole numbers to read as row numbers. */
const PACKED_ID_ROWS = 50;

/** Words that, last in a name, say it identifies rows: patient_id, MRN, subject, serial. */
const IDENTIFIER_WORDS = new Set([
  'id', 'ids', 'identifier', 'mrn', 'key', 'record', 'subject', 'patient', 'participant',
  'person', 'seqn', 'pid', 'uid', 'uuid', 'guid', 'serial', 'respondent', 'hhid', 'subjid',
  'usubjid',
]);

/** Words that say a column's values are people (patient_id, MRN), never sites or wards. */
const PERSON_WORDS = new Set(['patient', 'subject', 'participant', 'person', 'mrn', 'pid',
  'seqn', 'respondent', 'hhid', 'subjid', 'usubjid']);

const PERSON_RUN_TOGETHER = /^(patient|subject|participant|person)(id|no|nr|num|number|key|code)$/;

/** Words that count rows only after a word naming what is counted (record_no, not wbc_number). */
const NUMBERING_WORDS = new Set(['no', 'nr', 'num', 'number', 'code']);

/** What a numbering word numbers when it identifies: patient_no, studynr, CaseNumber. */
const NUMBERED = ['patient', 'subject', 'study', 'record', 'case', 'person', 'participant',
  'sample', 'member', 'hospital', 'visit', 'client', 'user', 'row', 'unique', 'chart'];

const RUN_TOGETHER = new RegExp(`^(${NUMBERED.join('|')})(id|no|nr|num|number|key|code)$`);

/** Last words of a time or an age: a yearly series' distinct years are packed, not IDs. */
const TIME_WORDS = new Set(['year', 'years', 'yr', 'age', 'month', 'week', 'day', 'date', 'time']);

function nameWords(name: string): string[] {
  return name.replace(/([a-z])([A-Z])/g, '$1 $2').toLowerCase().split(/[^a-z]+/)
    .filter((word) => word !== '');
}

/**
 * A column named like an identifier whose values repeat over a few rows
 * each (a patient's visits in long format): at least 20 values, at most
 * ten cells per value on average, or any number when the name says the
 * values are people (namesAPerson). Modelled as numbers or levels, a value
 * several rows share is an atom of the column's distribution and comes
 * back as itself: a fresh user's release of 300 visits by 100 patients
 * held about 50 real patient IDs. Fewer, larger groups (a hospital, a site) stay modelled.
 */
function sharedIdentifier(
  name: string, distinct: number, observed: string[],
): boolean {
  // Identifiers carry digits; words ("Math", "Biology" in a school subject
  // column) name no one.
  return namedAndShared(name, distinct, observed.length)
    && observed.every((cell) => /\d/.test(cell))
    && (distinct * 10 >= observed.length || namesAPerson(name));
}

/** Named like an identifier, with at least 20 values that rows share. */
function namedAndShared(name: string, distinct: number, observed: number): boolean {
  return namesAnIdentifier(name) && distinct >= 20 && distinct < observed;
}

/**
 * For a column named like an identifier whose values many rows share but
 * that stays modelled (a hospital, a stay, a visit): each value several
 * rows hold comes back as itself, so the note says so.
 */
function sharedNote(name: string, distinct: number, observed: number): string {
  if (!namedAndShared(name, distinct, observed)) return '';
  return `; named like an identifier, ${(observed / distinct).toFixed(1)} rows per value on `
    + 'average: if the values identify people, stays or households, declare "type": "id" '
    + '(fresh IDs); modelled, each value several rows hold is released as itself';
}

/**
 * The name says its values are people, so rows sharing a value are one
 * person's however many there are (hourly ICU rows: 40 patients, 13 rows
 * each, had all 40 real patient IDs released): patient_id, MRN, SubjectNo.
 */
function namesAPerson(name: string): boolean {
  return nameWords(name).some((word) => PERSON_WORDS.has(word) || PERSON_RUN_TOGETHER.test(word));
}

function sharedIdNote(distinct: number, observed: number): string {
  return `${distinct} values in ${observed} cells, named like an identifier (rows share them: `
    + 'several rows per person?); not modelled, fresh IDs written, one per row, so a release '
    + 'links no rows of one person';
}

/**
 * The name says the column identifies rows: its last word is an
 * identifier word (patient_id, MRN, subject), or a numbering word after
 * what it numbers (record_no, CaseNumber), or both run together
 * (patientid, studyno); or it starts with "id" (ID (hospital)); or it is a
 * numbering word alone ("No."). "number_of_steps", "wbc_number" and
 * "patient_weight_g" name measurements.
 */
function namesAnIdentifier(name: string): boolean {
  const words = nameWords(name);
  if (words.length === 0) return false;
  const last = words[words.length - 1];
  const before = words[words.length - 2];
  return IDENTIFIER_WORDS.has(last) || words[0] === 'id' || RUN_TOGETHER.test(last)
    || (NUMBERING_WORDS.has(last) && (words.length === 1 || NUMBERED.includes(before)))
    || (words.length === 1 && (last === 'index' || last === 'idx'));
}

/**
 * Distinct whole numbers that number the rows: packed into a run not much
 * wider than the rows (1..n, or 1001..1200 with gaps), in a table of at
 * least PACKED_ID_ROWS rows (25 distinct birth years are packed too).
 * Distinct salaries are not, even in a file sorted by them, and stay
 * numbers: written as fresh IDs they would be a silently wrong column.
 */
function numbersRows(values: number[]): boolean {
  if (values.length < PACKED_ID_ROWS) return false;
  let low = Infinity;
  let high = -Infinity;
  for (const value of values) {
    low = Math.min(low, value);
    high = Math.max(high, value);
  }
  return high - low < 2 * values.length;
}

/**
 * The decimal mark a column's numbers are written with. A comma only where
 * the delimiter is not one; then a column with decimal-comma cells ("77,6")
 * takes the comma when every cell reads that way, and any column takes it
 * when only the comma reads every cell ("1.234.567") or when its points
 * group thousands (see pointsGroupThousands). A point otherwise, also for
 * a column no mark reads (text, or both marks mixed).
 */
function decimalMark(observed: string[], delimiter: string | undefined): Decimal {
  if (delimiter === undefined || delimiter === ',') return '.';
  const readsWith = (mark: Decimal) =>
    observed.every((cell) => Number.isFinite(parseNumber(cell, mark)));
  if (readsWith(',') && (observed.some(isDecimalComma) || !readsWith('.')
    || pointsGroupThousands(observed))) return ',';
  return '.';
}

/**
 * Whether a column's points group thousands ("10.481" beside "745") rather
 * than mark decimals: every cell with a point is written in groups of
 * exactly three digits after each point (a decimal-comma part may follow),
 * every other cell has at most three digits before any comma, and there is
 * at least one of each, so a point appears exactly when the value reaches
 * 1000. A decimal column fails on its first "2.5" or "0.75"; one written
 * with a fixed three decimals has no cell without a point, and stays so.
 */
function pointsGroupThousands(observed: string[]): boolean {
  let grouped = 0;
  let small = 0;
  for (const cell of observed) {
    const text = cell.trim();
    if (text.includes('.')) {
      if (!isGrouped(text, ',')) return false;
      grouped++;
    } else if (/^[+-]?\d{1,3}(,\d+)?$/.test(text)) small++;
    else return false;
  }
  return grouped > 0 && small > 0;
}

/**
 * Log transform when the values are positive, the sample skewness
 * g₁ = m₃ / m₂^{3/2} exceeds 2, and log halves |g₁|.
 */
function prefersLog(values: number[]): boolean {
  if (values.some((v) => !(v > 0))) return false;
  const skew = skewness(values);
  return skew > 2 && Math.abs(skewness(values.map(Math.log))) < skew / 2;
}

function skewness(values: number[]): number {
  const n = values.length;
  const mean = values.reduce((s, v) => s + v, 0) / n;
  let m2 = 0;
  let m3 = 0;
  for (const v of values) {
    const d = v - mean;
    m2 += d * d;
    m3 += d * d * d;
  }
  m2 /= n;
  m3 /= n;
  return m2 > 0 ? m3 / Math.pow(m2, 1.5) : 0;
}

/**
 * The note for dates whose day and month both read either way round (no
 * day above 12): day first was taken, and how to declare month first.
 */
function ambiguousNote(observed: string[], format: string): string {
  const other = otherDayOrder(observed, format);
  if (other === null) return '';
  return `; day-month order ambiguous (no day above 12, so ${other} reads every cell too): `
    + `read day first as ${format}; if the month comes first, declare "format": "${other}" `
    + 'for the column in a schema';
}

/**
 * The note for values the encoder will clip because they sit alone beyond
 * a wide gap at an end of the column (see isolatedExtremes); '' if none.
 */
function isolatedNote(values: number[], integer: boolean): string {
  const { below, above } = isolatedExtremes(values, integer);
  if (below + above === 0) return '';
  const count = (k: number, side: string) => `${k} value${k === 1 ? '' : 's'} far ${side} the rest`;
  const parts = [above > 0 ? count(above, 'above') : '', below > 0 ? count(below, 'below') : '']
    .filter((part) => part !== '');
  return `; ${parts.join(' and ')}, alone beyond a wide gap: ${ISOLATED_CLIP}`;
}

/**
 * The note for numbers read as missing codes: each code with its count,
 * why it was taken for one, and how to model it as a value instead.
 */
function codeNote(found: number[], values: number[]): string {
  const listed = found.map((code) => {
    const count = values.filter((value) => value === code).length;
    return `${code} (${count} cell${count === 1 ? '' : 's'})`;
  }).join(', ');
  const why = found.some((code) => code < 0) && values.every((value) => value >= 0
    || found.includes(value))
    ? 'negative codes with a run of nines in a column otherwise never negative are taken for '
      + 'missing codes'
    : 'a run of nines alone beyond a wide gap at an end of the column is taken for a missing code';
  return `${listed} read as missing: ${why} (if it is a real value, delete it from `
    + '"missingCodes" in a schema)';
}

function withWordMissingNote(column: ColumnSchema, cells: string[]): ColumnSchema {
  if (column.type !== 'binary' && column.type !== 'categorical') return column;
  const words = (column.missing ?? []).filter((token) => WORD_MISSING_TOKENS.has(token));
  const textLevels = cells.some((cell) => {
    const text = cell.trim();
    return text !== '' && !words.includes(text) && !(column.missing ?? []).includes(text)
      && !Number.isFinite(Number(text));
  });
  if (words.length === 0 || !textLevels) return column;
  const counted = words.map((token) => {
    const count = cells.filter((cell) => cell.trim() === token).length;
    return `"${token}" (${count} cells)`;
  }).join(', ');
  return { ...column, note: `${counted} read as missing; if it is a level, declare the ` +
    `column's "missing" list without it in a schema; ${column.note}` };
}

/** An integer written with a leading zero, such as 09012 or -007 (not 0 itself). */
function isZeroPadded(cell: string): boolean {
  return /^[+-]?0\d/.test(cell.trim());
}
