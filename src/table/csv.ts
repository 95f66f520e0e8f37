import Papa from 'papaparse';
import { LniError } from '../util/errors.js';
import type { Table } from './types.js';
import { findQuotedFields } from './quoting.js';
import { mayMixLineEndings, unifyLineEndings } from './line-endings.js';
import {
  checkedDelimiter, checkOneColumn, detectDelimiter, isBlank, looksLikeData, looksLikeHeader,
} from './csv-layout.js';

/**
 * How a CSV file was written, so the synthetic file can be written the same
 * way: delimiter, line ending, byte-order mark, quoting, final newline.
 */
export interface Dialect {
  delimiter: string;
  /** The line ending; for a file mixing CRLF and LF, the one most lines had. */
  newline: string;
  /** The file started with a UTF-8 byte-order mark. */
  bom: boolean;
  /** The file had a header row (false: names came from the caller). */
  header: boolean;
  /** The last line ended with a newline. */
  finalNewline: boolean;
  /** Header names that were written in quotes. */
  quotedHeader: string[];
  /** Columns whose data cells were all written in quotes. */
  quotedColumns: string[];
  /**
   * The header ended with a delimiter (an empty last name) that no row
   * filled: the empty column was dropped and is written back as it came.
   */
  trailingHeaderDelimiter: boolean;
  /** Every line, header included, ended with a delimiter (dropped likewise). */
  trailingRowDelimiter: boolean;
  /**
   * The file began with Excel's line "sep=;" naming its delimiter: read as
   * the delimiter, not as a row, and written back (absent: no such line).
   */
  sepLine?: boolean;
}

export interface ParseOptions {
  /** Shown in error messages; never opened (the library reads no files). */
  file?: string;
  /** Whether the first row holds the names (default true). */
  header?: boolean;
  /** Column names for a headerless file (default V1, V2, ...). */
  names?: string[];
  /** Force a delimiter instead of detecting one of , ; tab |. */
  delimiter?: string;
}

export interface ParsedCsv {
  table: Table;
  dialect: Dialect;
  /** Things the caller may want to tell the user (blank lines skipped...). */
  notes: string[];
}

/**
 * Longest cell accepted, in characters. A table cell this long is a
 * document or a broken quote, not a value lni can model.
 */
export const MAX_FIELD_LENGTH = 1_000_000;

/**
 * Excel's first line naming the delimiter ("sep=;", "sep=,"), so that the
 * file opens in columns whatever the list separator of the reader's locale.
 */
const SEP_LINE = /^sep=([^\r\n"\p{L}\p{N}])(?:\r\n|\n|\r)/iu;

/**
 * Reads CSV text (or UTF-8 bytes) into a Table of verbatim cells and the
 * Dialect needed to write it back byte for byte.
 *
 * Throws LniError for: non-UTF-8 bytes, an empty file, a header with no
 * rows, duplicate names, ragged rows and unbalanced quotes.
 */
export function parseCsv(text: string | Uint8Array, options: ParseOptions = {}): ParsedCsv {
  const file = options.file;
  let source = typeof text === 'string' ? text : decodeUtf8(text, file);
  const bom = source.startsWith('\uFEFF');
  if (bom) source = source.slice(1);
  const sepLine = SEP_LINE.exec(source);
  const declared = sepLine?.[1];
  if (sepLine !== null) {
    source = source.slice(sepLine[0].length);
    if (options.delimiter !== undefined && options.delimiter !== declared) {
      const shown = (d: string) => (d === '\t' ? 'tab' : `"${d}"`);
      throw new LniError('delimiter-mismatch', `The first line "sep=${declared}" names ` +
        `${shown(declared as string)} as the delimiter, not ${shown(options.delimiter)}.`, {
          file, row: 1, hint: 'leave out --delimiter, or take the sep= line out of the file' });
    }
  }
  if (source.trim() === '') {
    throw new LniError('csv-empty', 'The file is empty.', {
      file, hint: 'give a CSV file with a header row and at least two data rows' });
  }

  // Turning CRLF into LF changes no field count, so a file mixing the two
  // has its delimiter detected as if it used LF throughout.
  const forcedDelimiter = options.delimiter ?? declared;
  const requestedDelimiter = forcedDelimiter === undefined
    ? detectDelimiter(mayMixLineEndings(source) ? source.replaceAll('\r\n', '\n') : source)
    : checkedDelimiter(forcedDelimiter, source, file, options.delimiter === undefined);
  const unified = unifyLineEndings(source, requestedDelimiter);
  const parsedSource = unified?.text ?? source;
  const result = Papa.parse<string[]>(parsedSource, {
    header: false,
    skipEmptyLines: false,
    delimiter: requestedDelimiter,
    ...(unified === undefined ? {} : { newline: '\n' as const }),
  });
  const header = options.header ?? true;
  const quoteError = result.errors.find((e) => e.type === 'Quotes');
  if (quoteError !== undefined) throw quotesError(quoteError, result.data, header, file);
  const delimiter = result.meta.delimiter;
  const parsedNewline = result.meta.linebreak;
  const newline = unified?.newline ?? parsedNewline;
  const finalNewline = source.endsWith('\n') || source.endsWith('\r');
  const quoted = findQuotedFields(parsedSource, result.data, delimiter, parsedNewline);

  let rows = result.data;
  let quotes = quoted;
  if (finalNewline && isBlank(rows[rows.length - 1])) {
    rows = rows.slice(0, -1);
    quotes = quotes?.slice(0, -1) ?? null;
  }
  // A header line cannot be blank: blank lines above it are padding (in a
  // headerless one-column file a blank line is a missing value, so kept).
  let leadingBlanks = 0;
  while (header && leadingBlanks < rows.length - 1 && isBlank(rows[leadingBlanks])) {
    leadingBlanks++;
  }
  if (leadingBlanks > 0) {
    rows = rows.slice(leadingBlanks);
    quotes = quotes?.slice(leadingBlanks) ?? null;
  }
  if (header && looksLikeData(rows[0], rows.slice(1))) {
    throw new LniError('header-looks-like-data',
      'The first line looks like a data row (its names are numbers, or values found in their ' +
      'own columns): the file seems to have no header row.', {
        file, row: 1,
        hint: 'give --no-header, with names from --columns a,b,c or from --schema',
      });
  }
  const names = header ? rows[0] : defaultNames(options.names, rows[0].length, file);
  const headerQuotes = header ? quotes?.[0] : undefined;
  let dataRows = header ? rows.slice(1) : rows;
  let dataQuotes = header ? quotes?.slice(1) : quotes ?? undefined;

  const notes: string[] = [];
  if (sepLine !== null) {
    notes.push(`The first line "sep=${declared}" names the delimiter; it is not a row, and the ` +
      'output begins with it too.');
  }
  if (leadingBlanks > 0) notes.push(`Skipped ${leadingBlanks} blank line(s) above the header.`);
  if (unified !== undefined) {
    notes.push(`Lines end in both CRLF (${unified.crlfCount}) and LF (${unified.lfCount}); ` +
      `the output ends every line in ${unified.newline === '\n' ? 'LF' : 'CRLF'}.`);
  }
  if (!header && looksLikeHeader(rows[0], rows.slice(1))) {
    notes.push('warning: the first line looks like a header (names above numeric columns), ' +
      'but --no-header reads it as a data row; leave out --no-header if it is one');
  }
  if (names.length > 1) {
    const kept = dataRows.map((row, i) => (isBlank(row) ? -1 : i)).filter((i) => i >= 0);
    if (kept.length < dataRows.length) {
      notes.push(`Skipped ${dataRows.length - kept.length} blank line(s).`);
      dataRows = kept.map((i) => dataRows[i]);
      dataQuotes = dataQuotes === undefined ? undefined : kept.map((i) => dataQuotes![i]);
    }
  }
  if (dataRows.length === 0) {
    throw new LniError('csv-no-rows', 'The file has a header but no data rows.', {
      file, hint: 'a table needs at least two data rows' });
  }

  const emptyLast = header && names.length > 1 && names[names.length - 1] === '';
  const trailing = emptyLast && dataRows.every((row) => row.length === names.length - 1);
  const trailingRows = emptyLast && !trailing && dataRows.every((row) =>
    row.length === names.length && row[row.length - 1] === '');
  if (trailingRows) dataRows = dataRows.map((row) => row.slice(0, -1));
  const width = trailing || trailingRows ? names.length - 1 : names.length;
  const finalNames = names.slice(0, width);
  if (trailing || trailingRows) {
    notes.push('Lines end with a delimiter; the empty last column is ignored.');
  }
  checkNames(finalNames, file);
  if (forcedDelimiter === undefined && finalNames.length === 1) {
    checkOneColumn(rows, file);
  }

  const columns: string[][] = finalNames.map(() => new Array<string>(dataRows.length));
  dataRows.forEach((row, i) => {
    if (row.length !== width) {
      throw new LniError('csv-ragged',
        `Row has ${row.length} field(s) but the header has ${width}.`, {
          file, row: i + 1, hint: 'every row needs one field per column; check delimiters' });
    }
    for (let j = 0; j < width; j++) {
      if (row[j].length > MAX_FIELD_LENGTH) {
        throw new LniError('csv-field-too-long',
          `A cell holds ${row[j].length} characters (at most ${MAX_FIELD_LENGTH} accepted).`, {
            file, column: finalNames[j], row: i + 1,
            hint: 'drop the free-text column, or check for an unclosed quote' });
      }
      columns[j][i] = row[j];
    }
  });

  const quotedHeader = finalNames.filter((_, j) => headerQuotes?.[j] === true);
  const quotedColumns = finalNames.filter((_, j) => dataQuotes !== undefined
    && dataQuotes.length > 0 && dataQuotes.every((flags) => flags[j] === true));
  const table: Table = { names: finalNames, columns, rowCount: dataRows.length };
  const dialect: Dialect = {
    delimiter, newline, bom, header, finalNewline, quotedHeader, quotedColumns,
    trailingHeaderDelimiter: trailing || trailingRows, trailingRowDelimiter: trailingRows,
    ...(sepLine === null ? {} : { sepLine: true }),
  };
  return { table, dialect, notes };
}

/**
 * The parser counts records from 0, with the header and blank lines among
 * them; a data row is counted from 1 without them, as the other errors
 * count, so the row named is the table's row.
 */
function quotesError(
  error: Papa.ParseError, records: string[][], header: boolean, file?: string,
): LniError {
  const hint = 'a quoted cell must end with a closing quote; double quotes inside it';
  if (error.row === undefined) {
    return new LniError('csv-quotes', `Unbalanced quotes (${error.message}).`, { file, hint });
  }
  // In a one-column table a blank line is a data row (a missing cell), not padding.
  const first = records.findIndex((record) => !isBlank(record));
  const oneColumn = first >= 0 && records[first].length === 1;
  const before = records.slice(0, error.row).filter((record, k) =>
    !isBlank(record) || (oneColumn && k > first)).length;
  if (header && before === 0) {
    return new LniError('csv-quotes', `Unbalanced quotes in the header (${error.message}).`,
      { file, hint });
  }
  return new LniError('csv-quotes', `Unbalanced quotes (${error.message}).`,
    { file, row: before + (header ? 0 : 1), hint });
}

/**
 * Writes a Table as CSV in the given Dialect. For a table read by parseCsv
 * and written back unchanged, the output equals the input byte for byte
 * when the file quoted consistently (whole columns, or only where needed).
 */
export function formatCsv(table: Table, dialect: Dialect): string {
  const quotedHeader = new Set(dialect.quotedHeader);
  const quotedColumns = new Set(dialect.quotedColumns);
  const lines: string[] = [];
  if (dialect.header) {
    let line = table.names
      .map((name) => formatField(name, quotedHeader.has(name), dialect.delimiter))
      .join(dialect.delimiter);
    if (dialect.trailingHeaderDelimiter) line += dialect.delimiter;
    lines.push(line);
  }
  const always = table.names.map((name) => quotedColumns.has(name));
  const fields = new Array<string>(table.names.length);
  const ending = dialect.trailingRowDelimiter ? dialect.delimiter : '';
  for (let i = 0; i < table.rowCount; i++) {
    for (let j = 0; j < fields.length; j++) {
      fields[j] = formatField(table.columns[j][i], always[j], dialect.delimiter);
    }
    lines.push(fields.join(dialect.delimiter) + ending);
  }
  const body = lines.join(dialect.newline) + (dialect.finalNewline ? dialect.newline : '');
  const sepLine = dialect.sepLine === true ? `sep=${dialect.delimiter}${dialect.newline}` : '';
  return (dialect.bom ? '\uFEFF' : '') + sepLine + body;
}

/** The default dialect for a table that was not read from a file. */
export function defaultDialect(): Dialect {
  return {
    delimiter: ',', newline: '\n', bom: false, header: true, finalNewline: true,
    quotedHeader: [], quotedColumns: [], trailingHeaderDelimiter: false,
    trailingRowDelimiter: false,
  };
}

function formatField(value: string, always: boolean, delimiter: string): string {
  const needs = value.includes('"') || value.includes(delimiter)
    || value.includes('\n') || value.includes('\r');
  return always || needs ? `"${value.replaceAll('"', '""')}"` : value;
}

function decodeUtf8(bytes: Uint8Array, file: string | undefined): string {
  // UTF-16 without a byte-order mark: ASCII text with a NUL byte beside each
  // character is valid UTF-8, and would be read as names and cells full of NULs.
  const unmarked = unmarkedUtf16(bytes);
  if (unmarked !== null) {
    throw new LniError('csv-encoding', `The file looks like UTF-16 text (${unmarked}, without ` +
      'a byte-order mark: a NUL byte beside each character), not UTF-8.', {
      file, hint: 're-save it as UTF-8, for example as "CSV UTF-8" in a spreadsheet' });
  }
  try {
    return new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(bytes);
  } catch {
    // FF FE and FE FF are never UTF-8: the byte-order mark of UTF-16 text.
    const utf16 = bytes[0] === 0xff && bytes[1] === 0xfe ? 'little-endian'
      : bytes[0] === 0xfe && bytes[1] === 0xff ? 'big-endian' : null;
    if (utf16 !== null) {
      throw new LniError('csv-encoding', `The file is UTF-16 text (${utf16}, by its byte-order ` +
        'mark), not UTF-8.', {
        file, hint: 're-save it as UTF-8, for example as "CSV UTF-8" in a spreadsheet' });
    }
    const where = firstBadByte(bytes);
    throw new LniError('csv-encoding', 'The file is not valid UTF-8 text' +
      (where === null ? '.'
        : ` (first at line ${where.line}, byte ${where.offset + 1} of the file).`), {
        file, hint: 'save the file as UTF-8 (for example "CSV UTF-8" in a spreadsheet)' });
  }
}

/**
 * 'little-endian' or 'big-endian' when the file's first bytes (up to 64)
 * alternate a NUL byte with another on one side, as UTF-16 writes ASCII
 * text; null otherwise (a stray NUL cell in UTF-8 text is not this).
 */
function unmarkedUtf16(bytes: Uint8Array): 'little-endian' | 'big-endian' | null {
  const length = Math.min(bytes.length, 64) & ~1;
  const marked = (bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff);
  if (length < 4 || marked) return null;
  let evenNul = 0;
  let oddNul = 0;
  for (let i = 0; i < length; i += 2) {
    if (bytes[i] === 0) evenNul++;
    if (bytes[i + 1] === 0) oddNul++;
  }
  const pairs = length / 2;
  if (oddNul >= 0.9 * pairs && evenNul <= 0.1 * pairs) return 'little-endian';
  if (evenNul >= 0.9 * pairs && oddNul <= 0.1 * pairs) return 'big-endian';
  return null;
}

/**
 * Where the first byte that is not UTF-8 sits, in one pass over the bytes:
 * its line (ends counted as LF, CRLF or a lone CR) and its place in the
 * file. A sequence is well formed as in the Unicode standard's table 3-7:
 * no overlong forms, no surrogates, nothing past U+10FFFF.
 */
function firstBadByte(bytes: Uint8Array): { line: number; offset: number } | null {
  let line = 1;
  for (let i = 0; i < bytes.length;) {
    const lead = bytes[i];
    if (lead < 0x80) {
      if (lead === 0x0a || (lead === 0x0d && bytes[i + 1] !== 0x0a)) line++;
      i++;
      continue;
    }
    const [length, low, high] = lead >= 0xc2 && lead <= 0xdf ? [2, 0x80, 0xbf]
      : lead === 0xe0 ? [3, 0xa0, 0xbf] : lead === 0xed ? [3, 0x80, 0x9f]
        : lead >= 0xe1 && lead <= 0xef ? [3, 0x80, 0xbf]
          : lead === 0xf0 ? [4, 0x90, 0xbf] : lead === 0xf4 ? [4, 0x80, 0x8f]
            : lead >= 0xf1 && lead <= 0xf3 ? [4, 0x80, 0xbf] : [0, 0, 0];
    const second = bytes[i + 1];
    if (length === 0 || second === undefined || second < low || second > high) {
      return { line, offset: i };
    }
    for (let k = 2; k < length; k++) {
      const next = bytes[i + k];
      if (next === undefined || next < 0x80 || next > 0xbf) return { line, offset: i };
    }
    i += length;
  }
  return null;
}

function defaultNames(names: string[] | undefined, width: number, file?: string): string[] {
  if (names === undefined) return Array.from({ length: width }, (_, j) => `V${j + 1}`);
  if (names.length !== width) {
    throw new LniError('csv-names',
      `Got ${names.length} column name(s) for a file with ${width} column(s).`, {
        file, hint: 'give one name per column, in file order' });
  }
  return names.slice();
}

function checkNames(names: string[], file?: string): void {
  const seen = new Set<string>();
  names.forEach((name) => {
    if (seen.has(name)) {
      throw new LniError('csv-duplicate-column', `The column name "${name}" appears twice.`, {
        file, column: name, hint: 'give every column a distinct name' });
    }
    seen.add(name);
  });
}

