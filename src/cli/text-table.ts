/** Rows of cells as aligned text columns, two spaces apart. */
export function aligned(rows: string[][]): string[] {
  const widths = rows[0].map((_, j) => Math.max(...rows.map((row) => row[j].length)));
  return rows.map((row) => row.map((cell, j) => cell.padEnd(widths[j])).join('  ').trimEnd());
}
