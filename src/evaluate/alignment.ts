/**
 * Whether a synthetic table is coded like the real one it is compared
 * with: a category level the real table never has is evidence that the two
 * code a column differently (yes/no against 0/1), not a fidelity gap.
 */
import { RARE_LEVEL_ROWS, withheldTypedLevels } from '../table/index.js';
import type { TypedColumn } from '../table/types.js';
import { LniError } from '../util/errors.js';

/** A categorical column whose synthetic side has levels the real side never has. */
export interface LevelMismatch {
  column: string;
  /** Synthetic levels absent from the real column, in order of appearance. */
  unseen: string[];
  /** The unseen levels and the real ones as messages name them (no rare level). */
  unseenText: string;
  realText: string;
  /** Synthetic rows holding one of them. */
  rows: number;
  /** The levels the real column does have, in order of appearance. */
  realLevels: string[];
  /** True when no synthetic value is a real level: the codings are disjoint. */
  disjoint: boolean;
}

/** Observed (non-missing) levels of a categorical column, in order of appearance. */
function observed(column: Extract<TypedColumn, { kind: 'categorical' }>): string[] {
  return [...new Set(column.values.filter((v): v is string => v !== null))];
}

/**
 * Levels as a message names them: the first six, then how many more; a
 * level a release of its own column would withhold (withheldTypedLevels,
 * the release's rule) is counted, not named. Either file may hold real rows.
 */
function named(
  levels: readonly string[], column: Extract<TypedColumn, { kind: 'categorical' }>,
): string {
  const withheld = withheldTypedLevels(column);
  const kept = (level: string) => !withheld.has(level);
  const common = levels.filter(kept);
  const rare = levels.length - common.length;
  const shown = common.slice(0, 6).map((level) => `"${level}"`);
  if (common.length > 6) shown.push(`… (${common.length} in all)`);
  if (rare > 0) shown.push(`${rare} of fewer than ${RARE_LEVEL_ROWS} rows, not named`);
  return shown.join(', ');
}

/**
 * Every categorical column, matched by name, whose synthetic values
 * include a level the real values never take. Numeric columns cannot
 * mismatch this way: a synthetic cell that is not a number is refused when
 * the table is read.
 */
export function levelMismatches(
  real: readonly TypedColumn[], synthetic: readonly TypedColumn[],
): LevelMismatch[] {
  const byName = new Map(synthetic.map((column) => [column.name, column]));
  const mismatches: LevelMismatch[] = [];
  for (const column of real) {
    const twin = byName.get(column.name);
    if (column.kind !== 'categorical' || twin?.kind !== 'categorical') continue;
    const realLevels = observed(column);
    const known = new Set(realLevels);
    const unseen = observed(twin).filter((level) => !known.has(level));
    if (unseen.length === 0) continue;
    const rows = twin.values.filter((v) => v !== null && !known.has(v)).length;
    const shared = twin.values.some((v) => v !== null && known.has(v));
    mismatches.push({ column: column.name, unseen, rows, realLevels, disjoint: !shared,
      unseenText: named(unseen, twin), realText: named(realLevels, column) });
  }
  return mismatches;
}

/** One sentence for a level mismatch; `inModel` when the regression uses the column. */
export function levelMismatchWarning(mismatch: LevelMismatch, inModel: boolean): string {
  return `Column "${mismatch.column}": ${mismatch.rows} synthetic rows hold levels the real ` +
    `table never has (${mismatch.unseenText}; real levels ${mismatch.realText}); ` +
    'the tables may code this column differently' +
    (inModel ? ', and the regression drops those rows.' : '.');
}

/**
 * Refuses a regression column whose synthetic levels share none with the
 * real ones: every synthetic row would be dropped, and a fit on no rows
 * would only report "not defined".
 */
export function checkModelLevels(
  mismatches: readonly LevelMismatch[], modelColumns: readonly string[], file?: string,
): void {
  const disjoint = mismatches.find((m) => m.disjoint && modelColumns.includes(m.column));
  if (disjoint === undefined) return;
  throw new LniError('level-mismatch', 'no synthetic value of this regression column is a ' +
    `level of the real one (synthetic ${disjoint.unseenText}; real ${disjoint.realText}), so ` +
    'the tables code it differently', {
    file, column: disjoint.column,
    hint: 'recode the synthetic table the way the real one is coded',
  });
}
