/**
 * Which fields of a parsed CSV were written in quotes. The parser returns
 * values only; to write a file back the way it came we walk the source text
 * alongside the parsed rows: a quoted field occupies 2 + its length + one
 * extra character per inner quote, a bare field exactly its length.
 *
 * Returns null when the walk loses step with the text (an unusual file, for
 * example one mixing CR and LF line ends); the caller then quotes only where needed.
 */
export function findQuotedFields(
  source: string,
  rows: string[][],
  delimiter: string,
  newline: string,
): boolean[][] | null {
  const flags: boolean[][] = [];
  let position = 0;
  for (let i = 0; i < rows.length; i++) {
    const row = rows[i];
    const rowFlags = new Array<boolean>(row.length);
    for (let j = 0; j < row.length; j++) {
      const value = row[j];
      if (source[position] === '"') {
        rowFlags[j] = true;
        position += 2 + value.length + countQuotes(value);
      } else {
        rowFlags[j] = false;
        position += value.length;
      }
      if (j < row.length - 1) {
        if (!source.startsWith(delimiter, position)) return null;
        position += delimiter.length;
      }
    }
    flags.push(rowFlags);
    if (i < rows.length - 1) {
      if (!source.startsWith(newline, position)) return null;
      position += newline.length;
    }
  }
  return position === source.length ? flags : null;
}

function countQuotes(value: string): number {
  let count = 0;
  for (let k = 0; k < value.length; k++) if (value.charCodeAt(k) === 34) count++;
  return count;
}
