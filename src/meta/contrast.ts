/**
 * Setting aside, at one site, the rows of a covariate level that cannot be
 * estimated there (too rare, or, in a logistic model, with one outcome only),
 * so the site's other terms keep their meaning instead of the fit failing.
 */
import type { TypedColumn } from '../table/types.js';
import { INTERCEPT, levelTerm, type CovariatePlan } from './harmonize.js';

export interface UsedCovariate {
  plan: CovariatePlan;
  column: TypedColumn;
}

export interface ContrastContext {
  site: string;
  outcome: Float64Array;
  /** keep[r] = 1 while row r stays in the fit; cleared here for set-aside rows. */
  keep: Uint8Array;
  logistic: boolean;
  minLevelRows: number;
  notes: string[];
  /**
   * Terms the site fits but does not report: when a covariate's reference
   * level is set aside, another level stands in for it, so the intercept
   * and that covariate's level terms no longer mean what they mean at the
   * other sites.
   */
  unreported: Set<string>;
}

function rowsWhere(context: ContrastContext, match: (r: number) => boolean): number[] {
  const rows: number[] = [];
  for (let r = 0; r < context.keep.length; r++) if (context.keep[r] && match(r)) rows.push(r);
  return rows;
}

function oneOutcome(context: ContrastContext, rows: number[]): boolean {
  const events = rows.reduce((sum, r) => sum + context.outcome[r], 0);
  return context.logistic && (events === 0 || events === rows.length);
}

/**
 * For a categorical covariate, the non-reference levels the site can
 * estimate; the rows of the others are set aside, each with a note.
 */
export function estimableLevels(context: ContrastContext, used: UsedCovariate): string[] {
  const { plan, column } = used;
  if (column.kind !== 'categorical') return [];
  const kept: string[] = [];
  for (const level of plan.levels ?? []) {
    const rows = rowsWhere(context, (r) => column.values[r] === level);
    const tooFew = rows.length < context.minLevelRows;
    if (rows.length === 0) {
      context.notes.push(`Level "${level}" of column "${plan.column}" does not occur at site ` +
        `${context.site}; the site is left out of that term.`);
    } else if (tooFew || oneOutcome(context, rows)) {
      const why = tooFew ? `only ${rows.length} rows` : 'only one outcome';
      context.notes.push(`Level "${level}" of column "${plan.column}" has ${why} at site ` +
        `${context.site}; those rows are set aside and the site is left out of that term.`);
      for (const r of rows) context.keep[r] = 0;
    } else {
      kept.push(level);
    }
  }
  return standInReference(context, used, kept);
}

/**
 * When the reference level is absent, too rare or (logistic) has one
 * outcome at this site, its rows are set aside and the first estimable
 * level stands in as the site's reference. The site's other terms keep
 * their meaning; its intercept and this covariate's level terms are fitted
 * but not reported. Without it the design is singular or separated and the
 * site would drop out of every term (and of the real-table side only, when
 * noise in the synthetic tables hides the separation).
 */
function standInReference(
  context: ContrastContext, used: UsedCovariate, kept: string[],
): string[] {
  const { plan, column } = used;
  const reference = plan.reference;
  if (reference === undefined || kept.length === 0) return kept;
  const rows = rowsWhere(context, (r) => column.values[r] === reference);
  const tooFew = rows.length > 0 && rows.length < context.minLevelRows;
  if (rows.length > 0 && !tooFew && !oneOutcome(context, rows)) return kept;
  const why = rows.length === 0 ? 'does not occur' : tooFew ? `has only ${rows.length} rows`
    : 'has only one outcome';
  const [standIn, ...rest] = kept;
  context.notes.push(`Level "${reference}" (the reference) of column "${plan.column}" ${why} ` +
    `at site ${context.site}${rows.length === 0 ? '' : '; those rows are set aside'}, and ` +
    `level "${standIn}" stands in for it there: the site is left out of the intercept and the ` +
    `"${plan.column}" terms, and its other terms come from the remaining rows.`);
  for (const r of rows) context.keep[r] = 0;
  context.unreported.add(INTERCEPT);
  for (const level of kept) context.unreported.add(levelTerm(plan.column, level));
  return rest;
}

/**
 * For a numeric 0/1 covariate in a logistic model: when one of its values
 * has only one outcome at the site (quasi-separation, no finite estimate),
 * the rows of the smaller such value are set aside; the column is then
 * constant and the site is left out of that term.
 */
export function setAsideSeparatedValue(context: ContrastContext, used: UsedCovariate): void {
  const { plan, column } = used;
  if (!context.logistic || column.kind !== 'numeric') return;
  const values = column.values;
  const kept = rowsWhere(context, () => true);
  if (!kept.every((r) => values[r] === 0 || values[r] === 1)) return;
  const groups = [0, 1].map((v) => rowsWhere(context, (r) => values[r] === v))
    .filter((rows) => rows.length > 0 && oneOutcome(context, rows))
    .sort((a, b) => a.length - b.length);
  if (groups.length === 0) return;
  const rows = groups[0];
  context.notes.push(`Value ${values[rows[0]]} of column "${plan.column}" has only one ` +
    `outcome at site ${context.site} (${rows.length} rows); those rows are set aside, and ` +
    'the site\'s other terms come from the remaining rows.');
  for (const r of rows) context.keep[r] = 0;
}
