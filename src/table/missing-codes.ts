/**
 * Numeric missing codes: the -999 or 99 a program writes where a value was
 * not recorded. Modelled as a value, such a code is either clipped to the
 * nearest real value (a few cells: missing blood pressures become low ones)
 * or kept as an atom far from the data (many cells), and in both cases it
 * bends every correlation of its column. Read as missing, it gets the
 * missing indicator's share and is written back as itself.
 */
import { isolatedExtremes } from './ladder.js';

/** Most nines a code is written with (99999). */
const MAX_NINES = 5;

/**
 * True for a value written as a run of nines: -9 to -99999, or 99 to
 * 99999. A lone 9 is too often a real value (a score, a count of years),
 * and -1 is a real value of any signed quantity, so neither is a code here.
 */
export function looksLikeMissingCode(value: number): boolean {
  const digits = String(Math.abs(value));
  return /^9+$/.test(digits) && digits.length >= (value < 0 ? 1 : 2)
    && digits.length <= MAX_NINES;
}

/**
 * The values of a numeric column that look like missing codes (runs of
 * nines) and lie alone beyond a wide gap at an end of the column, by the
 * test isolatedExtremes applies, in increasing order. Each such value is
 * judged as if it held one cell, so a code in 8 % of the cells is found as
 * surely as one in 8 cells; -999 beyond -99 beyond the data are both found,
 * one per round. `dequantized` as for isolatedExtremes (integer columns).
 */
export function inferMissingCodes(values: number[], dequantized: boolean): number[] {
  // Limitation: a typing error between a code and the data (-99, 3, then
  // 95–180) splits the gap in two, neither wide enough: the code stays a value.
  const codes: number[] = [];
  for (;;) {
    const candidates = [...new Set(values)]
      .filter((value) => looksLikeMissingCode(value) && !codes.includes(value));
    if (candidates.length === 0) break;
    const judged = new Set([...codes, ...candidates]);
    const probe = [...values.filter((value) => !judged.has(value)), ...candidates];
    const { lower, upper } = isolatedExtremes(probe, dequantized);
    const found = candidates.filter((value) => value < lower || value > upper);
    if (found.length === 0) break;
    codes.push(...found);
  }
  return codes.sort((a, b) => a - b);
}
