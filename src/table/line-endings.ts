/**
 * Files whose lines end partly in CRLF and partly in LF: a file saved on
 * Windows and appended to on Linux, or two exports joined. The parser
 * splits rows on one line ending only, so the other either leaves a stray
 * \r in every last cell or joins two lines into one row. We find the line
 * ends ourselves, outside quoted fields, and give the parser LF throughout.
 */
export interface UnifiedLineEndings {
  /** The source with every CRLF that ends a line turned into LF. */
  text: string;
  /** The ending to write back: the one most lines had, a tie to the first line's. */
  newline: '\r\n' | '\n';
  /** Lines ending in each, line breaks inside quoted fields not counted. */
  crlfCount: number;
  lfCount: number;
}

/**
 * A cheap test on the raw text, quotes ignored: whether both CRLF and a
 * bare LF occur anywhere. False means the file cannot mix its line ends.
 */
export function mayMixLineEndings(source: string): boolean {
  return source.includes('\r\n') && /(^|[^\r])\n/.test(source);
}

/**
 * The source with LF ending every line, when its lines end in both CRLF
 * and LF; undefined when they end all one way (line breaks inside quoted
 * fields are values and count for nothing). Quoted values are kept as they
 * are, carriage returns included.
 */
export function unifyLineEndings(
  source: string,
  delimiter: string,
): UnifiedLineEndings | undefined {
  if (!mayMixLineEndings(source)) return undefined;
  const { crlfPositions, lfCount, firstEnding } = findLineEnds(source, delimiter);
  const crlfCount = crlfPositions.length;
  if (crlfCount === 0 || lfCount === 0) return undefined;

  const pieces: string[] = [];
  let start = 0;
  for (const position of crlfPositions) {
    pieces.push(source.slice(start, position));
    start = position + 1;
  }
  pieces.push(source.slice(start));

  // The release should look like the bulk of the file: a few lines that
  // another tool appended should not decide how all the others end. A tie
  // goes to the first line (the header, if any), the file's first author.
  const newline = crlfCount === lfCount ? firstEnding
    : crlfCount > lfCount ? '\r\n' : '\n';
  return { text: pieces.join(''), newline, crlfCount, lfCount };
}

interface LineEnds {
  /** Index of the \r of each CRLF that ends a line. */
  crlfPositions: number[];
  lfCount: number;
  firstEnding: '\r\n' | '\n';
}

/**
 * Walks the text field by field as the parser reads it: a field that
 * starts with a quote runs to the quote that is not doubled, so the line
 * breaks inside it are skipped. A quote left open swallows the rest of
 * the text; the parser reports it.
 */
function findLineEnds(source: string, delimiter: string): LineEnds {
  const crlfPositions: number[] = [];
  let lfCount = 0;
  let firstEnding: '\r\n' | '\n' | undefined;
  let position = 0;
  let atFieldStart = true;
  while (position < source.length) {
    const character = source[position];
    if (atFieldStart && character === '"') {
      position = afterClosingQuote(source, position + 1);
      atFieldStart = false;
    } else if (delimiter !== '' && source.startsWith(delimiter, position)) {
      position += delimiter.length;
      atFieldStart = true;
    } else if (character === '\n') {
      lfCount++;
      firstEnding ??= '\n';
      position++;
      atFieldStart = true;
    } else if (character === '\r' && source[position + 1] === '\n') {
      crlfPositions.push(position);
      firstEnding ??= '\r\n';
      position += 2;
      atFieldStart = true;
    } else {
      position++;
      atFieldStart = false;
    }
  }
  return { crlfPositions, lfCount, firstEnding: firstEnding ?? '\n' };
}

/** The index just past the quote that closes a field opened before `from`. */
function afterClosingQuote(source: string, from: number): number {
  let position = from;
  for (;;) {
    const quote = source.indexOf('"', position);
    if (quote < 0) return source.length;
    if (source[quote + 1] !== '"') return quote + 1;
    position = quote + 2;
  }
}
