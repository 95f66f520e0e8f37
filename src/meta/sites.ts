/**
 * Per-site estimation (method.md §8): each site's estimate of every model
 * term and its noise-corrected variance, from the table the site released.
 */
import { LniError, assert } from '../util/errors.js';
import type { TypedColumn } from '../table/types.js';
import {
  type SiteInput, type CovariatePlan, INTERCEPT, levelTerm, findColumn, hasObserved,
  planCovariates, termNames,
} from './harmonize.js';
import { fitRegression, correctVarianceForW } from './regression.js';
import { checkCorrectionInputs } from '../evaluate/index.js';
import {
  type ContrastContext, type UsedCovariate, estimableLevels, setAsideSeparatedValue,
} from './contrast.js';

/** What is estimated at every site. */
export type Estimand =
  | { kind: 'mean'; column: string }
  | { kind: 'linear' | 'logistic'; outcome: string; covariates: readonly string[] };

export interface EstimationOptions {
  /** Logistic: a site needs at least this many events and non-events (default 5). */
  minEvents?: number;
  /** Rows a categorical level needs at a site to be estimated there (default 5). */
  minLevelRows?: number;
  /** Logistic with a categorical outcome: the level counted as the event. */
  event?: string;
  /**
   * The degree of the w-only correction (2 − w^degree), see
   * src/evaluate/correction.ts: 1 for a mean by default, 2 for regression
   * terms by default (exact for slopes under the oracle; above 2 − w, so
   * conservative for an intercept); Infinity gives the conservative factor 2.
   */
  degree?: number;
}

/** One site's estimate of one term. */
export interface SiteTermEstimate {
  site: string;
  term: string;
  estimate: number;
  /** Corrected variance: site-supplied, or (2 − w^degree) × naive, or naive (real data). */
  variance: number;
  naiveVariance: number;
  /** Complete rows the site's fit used. */
  rows: number;
  /**
   * Model covariates the site's fit left out (all missing, constant, or of
   * another kind there): this estimate is not adjusted for them, unlike
   * the other sites'. Absent when the site fitted the whole model.
   */
  unadjustedFor?: string[];
}

export interface SiteEstimates {
  /** Every term, in design order (the mean estimand has one: the column). */
  terms: string[];
  estimates: SiteTermEstimate[];
  /** Plain sentences naming the site and column of each exclusion. */
  excluded: string[];
}

/**
 * Estimates every term at every site. A site whose covariate is absent or
 * entirely missing fits the model without it and is left out of that
 * covariate's terms; a categorical level too rare at a site (or, for a
 * logistic model, without both outcomes) has its rows set aside there;
 * a site with too few events or rows, or whose fit fails, is left out.
 * Variances are on the coefficient scale (log-odds for logistic).
 */
export function estimateSites(
  sites: SiteInput[], estimand: Estimand, options: EstimationOptions = {},
): SiteEstimates {
  for (const site of sites) {
    checkCorrectionInputs(site.w, site.releasedPerFitted, `site ${site.site}`);
  }
  if (estimand.kind === 'mean') return estimateMeans(sites, estimand.column, options.degree ?? 1);
  const plans = planCovariates(sites, estimand.covariates);
  const terms = termNames(plans);
  const estimates: SiteTermEstimate[] = [];
  const excluded: string[] = [];
  for (const site of sites) {
    const fit = estimateRegressionAtSite(site, estimand, plans, options);
    estimates.push(...fit.estimates);
    excluded.push(...fit.notes);
  }
  return { terms, estimates, excluded };
}

function estimateMeans(sites: SiteInput[], name: string, degree: number): SiteEstimates {
  const estimates: SiteTermEstimate[] = [];
  const excluded: string[] = [];
  for (const site of sites) {
    const column = findColumn(site, name);
    if (column === undefined || column.kind !== 'numeric') {
      const why = column === undefined ? 'has no column' : 'has a non-numeric column';
      excluded.push(`Site ${site.site} ${why} "${name}"; it is left out of the mean.`);
      continue;
    }
    const values = column.values.filter((v) => !Number.isNaN(v));
    if (values.length < 2) {
      excluded.push(`Site ${site.site} has fewer than 2 observed values of "${name}"; ` +
        'it is left out of the mean.');
      continue;
    }
    const mean = values.reduce((a, b) => a + b, 0) / values.length;
    const sampleVariance = values.reduce((a, v) => a + (v - mean) ** 2, 0) / (values.length - 1);
    const naive = sampleVariance / values.length;
    estimates.push({
      site: site.site, term: name, estimate: mean, naiveVariance: naive,
      variance: correctedVariance(site, name, naive, degree), rows: values.length,
    });
  }
  return { terms: [name], estimates, excluded };
}

function correctedVariance(
  site: SiteInput, term: string, naive: number, degree: number,
): number {
  const supplied = site.correctedVariances?.[term];
  if (supplied !== undefined && Number.isFinite(supplied)) return supplied;
  return site.w === undefined ? naive
    : correctVarianceForW(naive, site.w, degree, site.releasedPerFitted);
}

/** The outcome as 0/1 (logistic) or numbers, NaN where missing. */
function outcomeValues(
  site: SiteInput, column: TypedColumn, kind: 'linear' | 'logistic', event?: string,
): Float64Array {
  if (column.kind === 'numeric') {
    if (kind === 'logistic' && column.values.some((v) => !Number.isNaN(v) && v !== 0 && v !== 1)) {
      throw new LniError('outcome-not-binary',
        `Site ${site.site}: the logistic outcome "${column.name}" must be coded 0/1.`,
        { column: column.name, hint: 'recode it, or name the event level' });
    }
    return column.values;
  }
  const eventLevel = event ?? column.levels[1];
  if (kind === 'linear' || (event === undefined && column.levels.length !== 2)) {
    throw new LniError('outcome-not-usable',
      `Site ${site.site}: the outcome "${column.name}" is categorical; ` +
      (kind === 'linear' ? 'a linear model needs a numeric outcome.' : 'name its event level.'),
      { column: column.name });
  }
  return Float64Array.from(column.values, (v) => (v === null ? NaN : v === eventLevel ? 1 : 0));
}

/** Why a site cannot carry a covariate, as the middle of a sentence, or null. */
function covariateProblem(column: TypedColumn | undefined, plan: CovariatePlan): string | null {
  if (column === undefined) return 'has no column';
  if (!hasObserved(column)) return 'has only missing values in column';
  if (column.kind !== plan.kind) return `has a ${column.kind} (not ${plan.kind}) column`;
  if (column.kind === 'categorical' && !column.values.includes(plan.reference ?? null)) {
    return `lacks the reference level "${plan.reference}" of column`;
  }
  return null;
}

interface SiteFit {
  estimates: SiteTermEstimate[];
  notes: string[];
}

function estimateRegressionAtSite(
  site: SiteInput,
  estimand: { kind: 'linear' | 'logistic'; outcome: string },
  plans: CovariatePlan[],
  options: EstimationOptions,
): SiteFit {
  const notes: string[] = [];
  const name = site.site;
  const outcomeColumn = findColumn(site, estimand.outcome);
  if (outcomeColumn === undefined || !hasObserved(outcomeColumn)) {
    notes.push(`Site ${name} has no observed outcome "${estimand.outcome}"; ` +
      'it is left out of every term.');
    return { estimates: [], notes };
  }
  const outcome = outcomeValues(site, outcomeColumn, estimand.kind, options.event);
  const rowCount = outcome.length;

  // Which covariates this site can carry, and which rows are complete.
  const used: UsedCovariate[] = [];
  for (const plan of plans) {
    const column = findColumn(site, plan.column);
    const problem = covariateProblem(column, plan);
    if (problem === null && column !== undefined) {
      assert(column.values.length === rowCount, () => `site ${name}: column ${plan.column} has ` +
        `${column.values.length} rows, the outcome ${rowCount}`);
      used.push({ plan, column });
    } else {
      notes.push(`Site ${name} ${problem} "${plan.column}"; it is left out of the ` +
        `"${plan.column}" terms, and its other terms are not adjusted for "${plan.column}".`);
    }
  }
  const keep = new Uint8Array(rowCount);
  for (let r = 0; r < rowCount; r++) {
    keep[r] = Number.isNaN(outcome[r]) ? 0 : 1;
    for (const { column } of used) {
      if (column.kind === 'numeric' ? Number.isNaN(column.values[r]) : column.values[r] === null) {
        keep[r] = 0;
      }
    }
  }

  // A site with too few events overall is left out before any level is set
  // aside: per-level notes about it would be noise, and its counts wrong.
  const tooFewEvents = (rows: number[], needed: number): boolean => {
    if (estimand.kind !== 'logistic') return false;
    const events = rows.reduce((sum, r) => sum + outcome[r], 0);
    if (Math.min(events, rows.length - events) >= needed) return false;
    notes.push(`Site ${name} has too few events for "${estimand.outcome}" ` +
      `(${events} events, ${rows.length - events} non-events, at least ${needed} of each ` +
      'needed); it is left out of every term.');
    return true;
  };
  const keptRows = () => {
    const kept: number[] = [];
    for (let r = 0; r < rowCount; r++) if (keep[r]) kept.push(r);
    return kept;
  };
  if (tooFewEvents(keptRows(), options.minEvents ?? 5)) return { estimates: [], notes };

  // Unestimable levels are set aside (their rows dropped) so other terms keep their meaning.
  const context: ContrastContext = {
    site: name, outcome, keep, logistic: estimand.kind === 'logistic',
    minLevelRows: options.minLevelRows ?? 5, notes, unreported: new Set<string>(),
  };
  const levelsUsed = new Map<string, string[]>();
  for (const covariate of used) {
    setAsideSeparatedValue(context, covariate);
    levelsUsed.set(covariate.plan.column, estimableLevels(context, covariate));
  }

  const rows = keptRows();
  const constant = used.filter(({ column }) => column.kind === 'numeric'
    && rows.every((r) => column.values[r] === column.values[rows[0]]));
  for (const { plan } of constant) {
    notes.push(`Column "${plan.column}" is constant at site ${name}; the site is left out ` +
      `of that term, and its other terms are not adjusted for "${plan.column}".`);
  }

  const terms: string[] = [INTERCEPT];
  const builders: ((r: number) => number)[] = [() => 1];
  for (const { plan, column } of used) {
    if (constant.some((c) => c.plan === plan)) continue;
    if (column.kind === 'numeric') {
      terms.push(plan.column);
      builders.push((r) => column.values[r]);
    } else {
      for (const level of levelsUsed.get(plan.column) ?? []) {
        terms.push(levelTerm(plan.column, level));
        builders.push((r) => (column.values[r] === level ? 1 : 0));
      }
    }
  }
  const p = terms.length;

  if (tooFewEvents(rows, Math.max(options.minEvents ?? 5, p))) return { estimates: [], notes };
  if (rows.length <= p) {
    notes.push(`Site ${name} has ${rows.length} complete rows for ${p} terms; ` +
      'it is left out of every term.');
    return { estimates: [], notes };
  }

  const design = new Float64Array(rows.length * p);
  const y = new Float64Array(rows.length);
  rows.forEach((r, i) => {
    y[i] = outcome[r];
    for (let j = 0; j < p; j++) design[i * p + j] = builders[j](r);
  });
  const fit = fitRegression(estimand.kind, design, y, rows.length, terms);
  if (!fit.converged) {
    notes.push(`At site ${name}: ${fit.warning ?? 'the fit failed.'} ` +
      'The site is left out of every term.');
    return { estimates: [], notes };
  }
  const adjusted = new Set(used.filter((u) => !constant.includes(u)).map((u) => u.plan.column));
  const unadjustedFor = plans.map((plan) => plan.column).filter((c) => !adjusted.has(c));
  const estimates = terms.map((term, j) => ({
    site: name, term, estimate: fit.coefficients[j], naiveVariance: fit.variances[j],
    variance: correctedVariance(site, term, fit.variances[j], options.degree ?? 2),
    rows: rows.length, ...(unadjustedFor.length === 0 ? {} : { unadjustedFor }),
  })).filter((estimate) => !context.unreported.has(estimate.term));
  return { estimates, notes };
}
