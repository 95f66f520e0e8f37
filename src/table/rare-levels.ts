/**
 * The one rule for which category levels are too rare to release. A
 * release applies it when it fits a column (codec.ts); every analysis of a
 * real table that prints level names (a regression's terms, a note on a
 * level) applies the same rule, so it never names a level the release
 * itself would not show, and never hides one the release does show.
 */
import { parseNumber, RARE_LEVEL_ROWS } from './cells.js';
import { isolatedExtremes } from './ladder.js';
import type { ColumnType, TypedColumn } from './types.js';

/** Most levels a column of numeric codes has for its rare codes to be kept. */
const SMALL_CODE_LEVELS = 10;

/** What the rule looks at: a column's observed levels and their cell counts. */
export interface LevelTally {
  /** Cells per observed (non-missing) level. */
  counts: ReadonlyMap<string, number>;
  /** Cells read as missing. */
  missing: number;
  type: ColumnType;
  /** True when the schema lists the column's levels. */
  declared: boolean;
}

/**
 * The levels held by fewer than RARE_LEVEL_ROWS cells, unless the schema
 * declares the levels (the user chose to release them). Such a label can
 * be the person (a free-text comment with a name or an address, a diagnosis
 * code one patient has, a phone number), so it is released as a missing
 * cell and the model does not keep it. Kept: a few small numeric codes (at
 * most SMALL_CODE_LEVELS levels, none zero-padded: restecg 0–2), whose
 * label tells nothing beyond the level's existence, unless a rare one lies
 * alone beyond a wide gap; and a two-label column's rare label when it is
 * one short word or code (yes/no name no one), unless both labels are rare
 * in a column with missing cells (two comments in an empty column name
 * someone). Columns other than binary
 * and categorical ones release no level as it is and withhold none here.
 */
export function rareLevelsToWithhold(tally: LevelTally): Set<string> {
  const { counts, missing, type, declared } = tally;
  if (declared || (type !== 'categorical' && type !== 'binary')) return new Set();
  const rare = new Set([...counts].filter(([, count]) => count < RARE_LEVEL_ROWS)
    .map(([level]) => level));
  if (rare.size === 0) return rare;
  if (type === 'binary' && (rare.size < counts.size || missing === 0)) {
    return new Set([...rare].filter((level) => !isShortLabel(level)));
  }
  const smallCodes = counts.size <= SMALL_CODE_LEVELS && [...counts.keys()]
    .every((level) => Number.isFinite(parseNumber(level)) && !/^[+-]?0\d/.test(level.trim()));
  if (!smallCodes) return rare;
  // A rare code far beyond the rest (23 children where everyone else has
  // 0–4) is a lone extreme: withheld, as a lone number is clipped.
  const values = [...counts].flatMap(([level, count]) =>
    new Array<number>(count).fill(parseNumber(level)));
  const { lower, upper } = isolatedExtremes(values, values.every(Number.isInteger));
  return new Set([...rare].filter((level) => {
    const value = parseNumber(level);
    return value < lower || value > upper;
  }));
}

/**
 * A label that names no one: one short word or code (yes, POS, TRUE, 1,
 * abnormal). A rare label with spaces or longer is likely a comment
 * ("refused, see Dr ...") and is withheld even in a two-label column.
 */
function isShortLabel(level: string): boolean {
  return /^[\p{L}\p{N}_.+-]{1,12}$/u.test(level.trim());
}

/**
 * The levels a release of this typed column would withhold (null cells are
 * its missing ones). Read as a category: a constant column (its release
 * writes one value, so its other levels never appear and a rare one must
 * not be named either), and a binary one with a third label (fitting
 * refuses such a column, so the two-label exception was never granted it).
 */
export function withheldTypedLevels(
  column: Extract<TypedColumn, { kind: 'categorical' }>,
): Set<string> {
  const counts = new Map<string, number>();
  let missing = 0;
  for (const value of column.values) {
    if (value === null) missing++;
    else counts.set(value, (counts.get(value) ?? 0) + 1);
  }
  return rareLevelsToWithhold({ counts, missing,
    type: column.type === 'binary' && counts.size <= 2 ? 'binary' : 'categorical',
    declared: column.declared === true });
}
