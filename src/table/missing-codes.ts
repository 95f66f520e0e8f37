/**
 * Numeric missing codes: the -999 or 99 a program writes where a value was
 * not recorded. Modelled as a value, such a code is either clipped to the
 * nearest real value (a few cells: missing blood pressures become low ones)
 * or kept as an atom far from the data (many cells), and in both cases it
 * bends every correlation of its column. Read as missing, it gets the
 * missing indicator's share and is written back as itself.
 */
import { isolatedExtremes } from './ladder.js';

/** Fewest other values that make a column's negative codes plain (fewer tell nothing). */
const MIN_VALUES_BESIDE_CODES = 10;

/** Most distinct negative codes a column may have (-1, -2, -7, -8, -9). */
const MAX_NEGATIVE_CODES = 5;

/** Largest share of a column's cells its negative codes may fill. */
const MAX_CODE_SHARE = 0.25;

/**
 * A negative whole number as codebooks write codes: one digit repeated
 * (-8, -88, -999) or nines ending in another digit (-98, -997).
 */
function codebookShaped(value: number): boolean {
  const digits = String(Math.abs(value));
  return Number.isInteger(value) && digits.length <= MAX_NINES
    && (/^(\d)\1*$/.test(digits) || /^9+[0-8]$/.test(digits));
}

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
 * nines): the negative ones when no other value is negative, and those
 * alone beyond a wide gap at an end of the column, by the
 * test isolatedExtremes applies, in increasing order. Each such value is
 * judged as if it held one cell, so a code in 8 % of the cells is found as
 * surely as one in 8 cells; -999 beyond -99 beyond the data are both found,
 * one per round. `dequantized` as for isolatedExtremes (integer columns).
 */
export function inferMissingCodes(values: number[], dequantized: boolean): number[] {
  // Limitation: a typing error between a code and the data (-99, 3, then
  // 95–180) splits the gap in two, neither wide enough: the code stays a value.
  // Negative codes in a column of values that are never negative (-9
  // refused beside incomes; -9 refused, -8 not applicable beside a 0–10
  // score; -99, -88) are codes however near they lie: a run of nines among
  // them, a few codebook-shaped ones in all, in a small share of the cells.
  // A temperature or a difference of scores fills its negative values
  // densely and often, so it stays a value.
  const negatives = [...new Set(values)].filter((value) => value < 0);
  const negativeCells = values.filter((value) => value < 0).length;
  const codes = negatives.some(looksLikeMissingCode)
    && negatives.length <= MAX_NEGATIVE_CODES && negatives.every(codebookShaped)
    && negativeCells <= MAX_CODE_SHARE * values.length
    && values.length - negativeCells >= MIN_VALUES_BESIDE_CODES
    ? negatives.sort((a, b) => a - b) : [];
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
