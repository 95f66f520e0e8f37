/**
 * The multi-site meta-analysis as `lni meta --json` prints it: per-site
 * estimates, fixed and random effects for every model term, the exclusion
 * notes, and the rows of a forest plot.
 */
import type { SiteInput } from './harmonize.js';
import { estimateSites, type Estimand, type EstimationOptions } from './sites.js';
import { poolSites, type FixedEffect, type RandomEffects, type SiteValue } from './pool.js';
import { normalQuantile } from '../util/special.js';

export interface TermResult {
  term: string;
  sites: SiteValue[];
  /** Null when no site could estimate the term. */
  fixed: FixedEffect | null;
  random: RandomEffects | null;
  excluded: string[];
}

export interface MetaResult {
  estimand: Estimand;
  /** The scale of every estimate: a mean, a coefficient, or log-odds. */
  scale: 'mean' | 'coefficient' | 'log-odds';
  level: number;
  terms: TermResult[];
  /** Site- and column-level notes from harmonization and estimation. */
  excluded: string[];
}

export interface MetaOptions extends EstimationOptions {
  /** Confidence level of every interval; 0.95 by default. */
  level?: number;
}

/**
 * Estimates the estimand at every site and pools each term by fixed-effect
 * inverse variance and DerSimonian–Laird random effects (method.md §8).
 * Accepts any number of sites; K = 1 returns that site's own estimate.
 */
export function metaAnalyze(
  sites: SiteInput[], estimand: Estimand, options: MetaOptions = {},
): MetaResult {
  const level = options.level ?? 0.95;
  const { terms, estimates, excluded } = estimateSites(sites, estimand, options);
  const results = terms.map((term): TermResult => {
    const values = estimates.filter((e) => e.term === term)
      .map(({ site, estimate, variance, unadjustedFor }) => ({ site, estimate, variance,
        ...(unadjustedFor === undefined ? {} : { unadjustedFor }) }));
    const pooled = poolSites(values, { level, term: `term "${term}"` });
    return {
      term, sites: pooled.sites, fixed: pooled.fixed, random: pooled.random,
      excluded: pooled.excluded,
    };
  });
  const scale = estimand.kind === 'mean' ? 'mean'
    : estimand.kind === 'logistic' ? 'log-odds' : 'coefficient';
  return { estimand, scale, level, terms: results, excluded };
}

/**
 * The synthetic and real analyses pooled over the same sites, term by
 * term: a site that one side could estimate and the other could not
 * (separation in the real rows that noise hides in the synthetic ones, or
 * the reverse) is left out of both, with a note, so the two pooled values
 * compare like with like.
 */
export function onCommonSites(
  synthetic: MetaResult, real: MetaResult,
): { synthetic: MetaResult; real: MetaResult; notes: string[] } {
  const notes: string[] = [];
  const repool = (result: TermResult, keep: Set<string>): TermResult => {
    const pooled = poolSites(result.sites.filter((site) => keep.has(site.site)),
      { level: synthetic.level, term: `term "${result.term}"` });
    return { ...result, sites: pooled.sites, fixed: pooled.fixed, random: pooled.random,
      excluded: [...result.excluded, ...pooled.excluded] };
  };
  const pairs = synthetic.terms.map((term) => {
    const match = real.terms.find((candidate) => candidate.term === term.term);
    if (match === undefined) return { synthetic: term, real: undefined };
    const onReal = new Set(match.sites.map((site) => site.site));
    const onSynthetic = new Set(term.sites.map((site) => site.site));
    const common = new Set([...onSynthetic].filter((site) => onReal.has(site)));
    if (common.size === onReal.size && common.size === onSynthetic.size) {
      return { synthetic: term, real: match };
    }
    for (const [side, sites] of [['synthetic', onSynthetic], ['real', onReal]] as const) {
      for (const site of sites) {
        if (common.has(site)) continue;
        notes.push(`Term "${term.term}": site ${site} has an estimate on the ${side} tables only; ` +
          'it is left out of both sides, so they pool the same sites.');
      }
    }
    return { synthetic: repool(term, common), real: repool(match, common) };
  });
  const realTerms = real.terms.map((term) =>
    pairs.find((pair) => pair.real?.term === term.term)?.real ?? term);
  return {
    synthetic: { ...synthetic, terms: pairs.map((pair) => pair.synthetic) },
    real: { ...real, terms: realTerms },
    notes,
  };
}

/** One row of a forest plot: a site, or a pooled summary. */
export interface ForestRow {
  term: string;
  /** The site's name, or "Fixed effect" / "Random effects". */
  label: string;
  kind: 'site' | 'fixed' | 'random';
  source: 'synthetic' | 'real';
  estimate: number;
  ciLow: number;
  ciHigh: number;
  /** Share of the fixed-effect weight (sites only), in [0, 1]. */
  weight: number | null;
}

/**
 * The rows of a forest plot as plain JSON: for each term, every site and
 * the two pooled rows, from the synthetic analysis and, when given, the
 * same analysis on the real tables beside it.
 */
export function forestPlotData(synthetic: MetaResult, real?: MetaResult): ForestRow[] {
  const rows: ForestRow[] = [];
  const z = normalQuantile(0.5 + synthetic.level / 2);
  const add = (source: 'synthetic' | 'real', term: TermResult) => {
    const totalWeight = term.sites.reduce((sum, s) => sum + 1 / s.variance, 0);
    for (const site of term.sites) {
      const half = z * Math.sqrt(site.variance);
      rows.push({
        term: term.term, label: site.site, kind: 'site', source, estimate: site.estimate,
        ciLow: site.estimate - half, ciHigh: site.estimate + half,
        weight: 1 / site.variance / totalWeight,
      });
    }
    for (const [kind, pooled] of [['fixed', term.fixed], ['random', term.random]] as const) {
      if (pooled === null) continue;
      rows.push({
        term: term.term, label: kind === 'fixed' ? 'Fixed effect' : 'Random effects', kind,
        source, estimate: pooled.estimate, ciLow: pooled.ciLow, ciHigh: pooled.ciHigh,
        weight: null,
      });
    }
  };
  for (const term of synthetic.terms) {
    add('synthetic', term);
    const match = real?.terms.find((t) => t.term === term.term);
    if (real !== undefined && match !== undefined) add('real', match);
  }
  return rows;
}

/** One term as plain JSON (`lni meta --json`): per-site values, fixed, random, notes. */
export function termJson(term: TermResult) {
  const random = term.random;
  return {
    term: term.term,
    sites: term.sites.map(({ site, estimate, variance, unadjustedFor }) => ({
      site, estimate, variance, ...(unadjustedFor === undefined ? {} : { unadjustedFor }) })),
    fixed: term.fixed === null ? null : {
      estimate: term.fixed.estimate, variance: term.fixed.variance,
      ciLow: term.fixed.ciLow, ciHigh: term.fixed.ciHigh,
    },
    random: random === null ? null : {
      estimate: random.estimate, variance: random.variance, ciLow: random.ciLow,
      ciHigh: random.ciHigh, tau2: random.tau2, tau2Low: random.tau2Low,
      tau2High: random.tau2High, Q: random.Q, df: random.df, pValue: random.pValue,
      I2: random.I2, I2Low: random.I2Low, I2High: random.I2High,
    },
    excluded: term.excluded,
  };
}
