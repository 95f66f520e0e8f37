import { RARE_LEVEL_ROWS, withheldTypedLevels } from '../table/index.js';
import type { TypedColumn } from '../table/types.js';
import { correctWOnly } from './correction.js';
import { buildDesign, specifyDesign, type DesignSpec, type Family } from './design.js';
import { fitLogistic } from './logistic.js';
import type { MetricResult } from './metric.js';
import type { Estimate, ModelFit } from './model.js';
import { fitOls } from './ols.js';
import { intervalOverlap, type OverlapBreakdown } from './overlap.js';

/**
 * The tables with each categorical covariate's levels that a release of the
 * real column withholds (withheldTypedLevels, the release's own rule) read
 * as missing, on both sides: a term is named after its level (dx=Q87.4),
 * and a level one patient has would be printed where the release itself
 * would not show it. A declared level no real row holds goes too: it has
 * no real estimate, and its all-zero term would make both fits collinear.
 */
function withoutRareLevels(
  real: readonly TypedColumn[], synthetic: readonly TypedColumn[], covariates: readonly string[],
): { real: readonly TypedColumn[]; synthetic: readonly TypedColumn[]; notes: string[] } {
  const notes: string[] = [];
  const leftOut = new Map<string, Set<string>>();
  for (const column of real) {
    if (!covariates.includes(column.name) || column.kind !== 'categorical') continue;
    const rare = withheldTypedLevels(column);
    const held = new Set(column.values);
    const unheld = column.levels.filter((level) => !held.has(level));
    if (rare.size + unheld.length === 0) continue;
    leftOut.set(column.name, new Set([...rare, ...unheld]));
    if (rare.size === 0) continue;
    const rows = column.values.filter((value) => value !== null && rare.has(value)).length;
    notes.push(`${rows} real row${rows === 1 ? '' : 's'} with a level of "${column.name}" held by `
      + `fewer than ${RARE_LEVEL_ROWS} rows (${rare.size} such level${rare.size === 1 ? '' : 's'}, not `
      + 'named) are left out of the regression, as a release withholds such levels.');
  }
  const strip = (columns: readonly TypedColumn[]) => columns.map((column): TypedColumn => {
    const gone = leftOut.get(column.name);
    if (gone === undefined || column.kind !== 'categorical') return column;
    return { ...column, values: column.values.map((value) => (value !== null && gone.has(value)
      ? null : value)), levels: column.levels.filter((level) => !gone.has(level)) };
  });
  return { real: strip(real), synthetic: strip(synthetic), notes };
}

/**
 * The Hermite degree assumed for a regression coefficient in the w-only
 * correction: 2 is exact for linear-regression slopes under Gaussian data
 * and conservative for the degree-1 part of an intercept (correction.ts).
 */
export const COEFFICIENT_DEGREE = 2;

export interface TermComparison {
  name: string;
  real: Estimate | null;
  synthetic: {
    naive: Estimate | null;
    /** Variance × (2 − w²); null without w. */
    corrected: (Estimate & { factor: number }) | null;
  };
  /** Karr et al. (2006) overlap of the real and the (corrected, if any) synthetic interval. */
  overlap: MetricResult<OverlapBreakdown | null> & { against: 'corrected' | 'naive' };
}

export interface ModelComparison {
  family: Family;
  outcome: string;
  terms: TermComparison[];
  rows: { real: number; synthetic: number };
  /** Rows dropped for a missing value in a used column (complete cases). */
  dropped: { real: number; synthetic: number };
  /** The w the synthetic intervals are corrected with; null when not known. */
  w: number | null;
  /** Split mode: released rows per fitted row, in the correction; null otherwise. */
  releasedPerFitted: number | null;
  /** The correction's factor as a bracketed formula, e.g. "(2 − w²)"; null when not corrected. */
  correction: string | null;
  warnings: string[];
}

export function fitDesign(columns: readonly TypedColumn[], spec: DesignSpec): {
  fit: ModelFit; dropped: number;
} {
  const design = buildDesign(columns, spec);
  const fit = spec.family === 'linear'
    ? fitOls(design.x, design.y, design.rows, spec.terms)
    : fitLogistic(design.x, design.y, design.rows, spec.terms);
  return { fit, dropped: design.dropped };
}

/**
 * Fits the same regression (linear for a numeric outcome, logistic for a
 * binary one; categorical covariates dummy-coded against their first level;
 * complete cases) on the real and the synthetic table, and compares each
 * coefficient: estimates, naive and w-corrected synthetic intervals, and
 * their overlap with the real interval.
 *
 * @param w the mechanism's w in [0, 1], if known: enables the correction.
 */
export function compareModels(
  real: readonly TypedColumn[], synthetic: readonly TypedColumn[],
  outcome: string, covariates: readonly string[], w?: number, releasedPerFitted?: number,
): ModelComparison {
  const rare = withoutRareLevels(real, synthetic, covariates);
  const spec = specifyDesign(rare.real, outcome, covariates);
  const left = fitDesign(rare.real, spec);
  const right = fitDesign(rare.synthetic, spec);
  const warnings: string[] = [...rare.notes];
  for (const [side, fitted] of [['real', left], ['synthetic', right]] as const) {
    if (fitted.fit.warning !== undefined) warnings.push(`${side} model: ${fitted.fit.warning}`);
    if (fitted.dropped > 0) {
      warnings.push(`${side} model: ${fitted.dropped} rows with a missing value were dropped`);
    }
  }
  if (w === undefined) warnings.push('No w given: synthetic intervals are not corrected.');

  const terms = spec.terms.map((name, j): TermComparison => {
    const realEstimate = left.fit.coefficients?.[j] ?? null;
    const naive = right.fit.coefficients?.[j] ?? null;
    const corrected = naive === null || w === undefined
      ? null : correctWOnly(naive, w, COEFFICIENT_DEGREE, right.fit.critical, releasedPerFitted);
    const against = corrected ?? naive;
    const overlap = intervalOverlap(
      realEstimate && [realEstimate.ciLow, realEstimate.ciHigh],
      against && [against.ciLow, against.ciHigh],
    );
    return {
      name,
      real: realEstimate,
      synthetic: { naive, corrected },
      overlap: { ...overlap, against: corrected === null ? 'naive' : 'corrected' },
    };
  });
  // The correction widens intervals for the release's noise; a bias of the
  // flow (a dependence attenuated or bent) it cannot see, and an analyst
  // reading the synthetic interval as the real one should be told.
  const missed = terms.filter((term) => {
    const against = term.synthetic.corrected ?? term.synthetic.naive;
    return term.real !== null && against !== null
      && (term.real.estimate < against.ciLow || term.real.estimate > against.ciHigh);
  });
  if (missed.length > 0) {
    warnings.push(`the ${terms[0]?.synthetic.corrected ? 'corrected ' : ''}synthetic interval `
      + `misses the real estimate for ${missed.length} of ${terms.length} terms `
      + `(${missed.map((term) => term.name).join(', ')}): a bias of the flow (a dependence it `
      + 'attenuates or bends), which no variance correction covers; do not read those '
      + 'synthetic intervals as the real ones');
  }
  return {
    family: spec.family,
    outcome,
    terms,
    rows: { real: left.fit.rows, synthetic: right.fit.rows },
    dropped: { real: left.dropped, synthetic: right.dropped },
    w: w ?? null,
    releasedPerFitted: releasedPerFitted ?? null,
    // Bracketed, so "naive variance × …" cannot be read as variance × 2, minus w².
    correction: w === undefined ? null : releasedPerFitted === undefined ? '(2 − w²)'
      : `(1 + (1 − w)² × ${Number(releasedPerFitted.toPrecision(3))}) (split mode: released `
        + 'rows per fitted row)',
    warnings,
  };
}
