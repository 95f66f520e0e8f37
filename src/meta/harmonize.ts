/**
 * Agreeing on one model across sites before any site is fitted: which
 * covariates are numeric or categorical, which level is the reference, and
 * the names of the model terms every site's estimates are filed under.
 */
import type { TypedColumn } from '../table/types.js';

/** One site's table, as the coordinator receives it (synthetic or real). */
export interface SiteInput {
  /** A name for the site, used in every message. */
  site: string;
  columns: TypedColumn[];
  /**
   * The site's w from its privacy summary. The naive variance of every term
   * is multiplied by 2 − w^degree (method.md §7; src/evaluate/correction.ts).
   * Omit for real data.
   */
  w?: number;
  /**
   * Split mode: the site's released rows per row its flow was fitted on;
   * the factor is then 1 + (1 − w^(degree/2))² × this (src/evaluate/correction.ts).
   */
  releasedPerFitted?: number;
  /**
   * Variances the site computed itself before release (method.md §7), by
   * term name; where given and finite they replace the w-only correction.
   */
  correctedVariances?: Record<string, number>;
}

export interface CovariatePlan {
  column: string;
  kind: 'numeric' | 'categorical';
  /** Categorical only: the reference level and the other levels, in order. */
  reference?: string;
  levels?: string[];
}

/** The intercept's term name, as src/evaluate/ names it. */
export const INTERCEPT = '(Intercept)';

/** The term name of a level of a categorical covariate. */
export function levelTerm(column: string, level: string): string {
  return `${column}=${level}`;
}

/** The column of that name at a site, or undefined. */
export function findColumn(site: SiteInput, name: string): TypedColumn | undefined {
  return site.columns.find((column) => column.name === name);
}

/** True when the column has at least one observed (non-missing) value. */
export function hasObserved(column: TypedColumn): boolean {
  if (column.kind === 'numeric') return column.values.some((v) => !Number.isNaN(v));
  return column.values.some((v) => v !== null);
}

/** Levels that occur at least once in a categorical column, in its level order. */
export function observedLevels(column: TypedColumn): string[] {
  if (column.kind !== 'categorical') return [];
  const seen = new Set(column.values.filter((v): v is string => v !== null));
  const ordered = column.levels.filter((level) => seen.has(level));
  for (const level of seen) if (!ordered.includes(level)) ordered.push(level);
  return ordered;
}

/**
 * Decides each covariate's kind (from the first site where it is observed)
 * and, for a categorical one, its reference level: the first level, in
 * order of first appearance across sites, observed at every site that has
 * the column; failing that, the level observed at the most sites.
 */
export function planCovariates(
  sites: SiteInput[], covariates: readonly string[],
): CovariatePlan[] {
  return covariates.map((name) => {
    const present = sites.map((site) => findColumn(site, name))
      .filter((column): column is TypedColumn => column !== undefined && hasObserved(column));
    const first = present[0];
    if (first === undefined || first.kind === 'numeric') return { column: name, kind: 'numeric' };

    const perSite = present.filter((c) => c.kind === 'categorical').map(observedLevels);
    const union: string[] = [];
    for (const levels of perSite) {
      for (const level of levels) if (!union.includes(level)) union.push(level);
    }
    const count = (level: string) => perSite.filter((levels) => levels.includes(level)).length;
    let reference = union[0];
    for (const level of union) {
      if (count(level) > count(reference)) reference = level;
      if (count(level) === perSite.length) {
        reference = level;
        break;
      }
    }
    return {
      column: name, kind: 'categorical', reference,
      levels: union.filter((level) => level !== reference),
    };
  });
}

/** Every term of the model, in design order. */
export function termNames(plans: CovariatePlan[]): string[] {
  const terms = [INTERCEPT];
  for (const plan of plans) {
    if (plan.kind === 'numeric') terms.push(plan.column);
    else for (const level of plan.levels ?? []) terms.push(levelTerm(plan.column, level));
  }
  return terms;
}
