/**
 * Guessing how a CSV file is laid out before its rows are trusted: which
 * delimiter it uses, whether a forced one fits, whether its first line is a
 * header, and whether a single column is really a table in a separator lni
 * does not detect. Each guess that could silently garble a release refuses
 * instead.
 */
import Papa from 'papaparse';
import { LniError } from '../util/errors.js';

const DELIMITERS = [',', ';', '\t', '|'];

/** Separators lni does not detect, but that a table may use. */
const UNDETECTED_SEPARATORS = [' ', ':'];

/**
 * One column read from a file whose every line holds the same positive
 * number of spaces or colons is almost surely a table in another separator:
 * modelled as one column of unique lines, it would be replaced by IDs.
 * Refused; an explicit --delimiter overrides.
 */
export function checkOneColumn(rows: string[][], file?: string): void {
  const lines = rows.slice(0, 200).map((row) => row[0].trim());
  for (const separator of UNDETECTED_SEPARATORS) {
    // Spaces are counted as runs, so columns aligned by padding count too.
    const pieces = separator === ' ' ? / +/ : separator;
    const count = (line: string) => line.split(pieces).length - 1;
    const first = count(lines[0]);
    if (first > 0 && lines.every((line) => count(line) === first)) {
      const aligned = separator === ' ' && lines.some((line) => line.includes('  '));
      const shown = separator === ' ' ? 'space' : `"${separator}"`;
      throw new LniError('csv-one-column',
        `Only one column was found, but the first lines each hold ${first} ` +
        `${aligned ? 'runs of spaces' : `${shown} character(s)`}: the file seems to use ` +
        'another separator.', {
          file, hint: aligned
            ? 'the columns are aligned with spaces: save the table as CSV or tab-separated'
            : `give --delimiter ${separator === ' ' ? '" "' : `"${separator}"`} if it uses ` +
              'that, or --delimiter "," if it really is one column' });
    }
  }
}

/**
 * The delimiter that splits the first rows into the same number of fields,
 * more than one; among those, the one giving the most fields. Our own
 * choice because a header with no commas next to decimal commas
 * ("a;b" over "1,5;2") can mislead a guess based on averages.
 */
export function detectDelimiter(source: string): string {
  let best = ',';
  let bestScore = 0;
  for (const delimiter of DELIMITERS) {
    const preview = Papa.parse<string[]>(source, { delimiter, preview: 50 }).data
      .filter((row) => !isBlank(row));
    const width = preview[0]?.length ?? 0;
    const consistent = preview.every((row) => row.length === width);
    const score = width > 1 ? (consistent ? 2 * width : 1) : 0;
    if (score > bestScore) {
      best = delimiter;
      bestScore = score;
    }
  }
  return best;
}

/** A line the parser read as one empty field. */
export function isBlank(row: string[] | undefined): boolean {
  return row !== undefined && row.length === 1 && row[0].trim() === '';
}

/** A trimmed cell that reads as a finite number (an empty cell does not). */
function isNumber(cell: string): boolean {
  return cell !== '' && Number.isFinite(Number(cell));
}

/**
 * Taken as a header, a data row would be written verbatim as the header of
 * every release: a real row leaked. So the first line is refused as a
 * header when at least two of its names are filled, one is a number, and
 * every filled one is a number or a value its own column holds below.
 * (A header repeated inside the file, as after joining two files, has no
 * numeric name and still reads as a header.)
 */
export function looksLikeData(first: string[], below: string[][]): boolean {
  const filled = first.map((cell, j) => [cell.trim(), j] as const).filter(([cell]) => cell !== '');
  if (filled.length < 2 || !filled.some(([cell]) => isNumber(cell))) return false;
  return filled.every(([cell, j]) =>
    isNumber(cell) || below.some((row) => (row[j] ?? '').trim() === cell));
}

/**
 * The reverse check, for --no-header: at least half of the first line's
 * cells are text that no other row holds, above columns that are numbers.
 */
export function looksLikeHeader(first: string[], below: string[][]): boolean {
  const headerLike = first.filter((raw, j) => {
    const cell = raw.trim();
    if (cell === '' || isNumber(cell)) return false;
    const column = below.map((row) => (row[j] ?? '').trim());
    return column.some(isNumber) && !column.includes(cell)
      && column.every((value) => value === '' || isNumber(value));
  });
  return headerLike.length > 0 && headerLike.length >= first.length / 2;
}

/**
 * A delimiter the caller forced (or a "sep=" line named, `fromSepLine`) must
 * occur in the first line whenever another common delimiter does: otherwise
 * every row would collapse into one column and the release would be
 * silently wrong.
 */
export function checkedDelimiter(
  delimiter: string, source: string, file?: string, fromSepLine = false,
): string {
  const firstLine = source.split(/\r?\n/, 1)[0] ?? '';
  const others = DELIMITERS.filter((d) => d !== delimiter && firstLine.includes(d));
  if (!firstLine.includes(delimiter) && others.length > 0) {
    const shown = (d: string) => (d === '\t' ? 'tab' : `"${d}"`);
    throw new LniError('delimiter-mismatch',
      `The first line has no ${shown(delimiter)} but has ${others.map(shown).join(', ')}.`, {
        file, row: 1, hint: fromSepLine ? 'correct the sep= line above it, or take it out'
          : 'leave out --delimiter to detect it, or give the right one' });
  }
  return delimiter;
}
