/**
 * A meta-analysis as the report's plain data: one forest plot per model
 * term, the synthetic sites (and the real ones, when given) with their
 * pooled rows and heterogeneity, and the notes that say why a site is not
 * in a plot. Shared by the CLI and the browser app.
 */
import { forestPlotData, type MetaResult, type TermResult } from '../meta/analyze.js';
import { INTERCEPT } from '../meta/harmonize.js';
import { formatNumber } from './format.js';
import type { ForestData, ReportData } from './types.js';

/** The notes printed with the analysis, synthetic and real side; all plain sentences. */
export interface MetaNotes {
  synthetic?: string[];
  real?: string[];
  /**
   * Each synthetic site's w (null when unknown), which the report names
   * with how it corrected the variances, as the terminal does.
   */
  weights?: { site: string; w: number | null }[];
}

/**
 * How the synthetic variances were corrected, as the middle of a sentence
 * (the terminal's summary and the report say it alike).
 */
export function correctionClause(scale: MetaResult['scale']): string {
  const mean = scale === 'mean';
  return 'synthetic variances are corrected for each site\'s w ' +
    `(× (2 − ${mean ? 'w' : 'w²'}); for a split-mode site × (1 + (1 − ${mean ? '√w' : 'w'})² ` +
    '× released/fitted rows); or the site\'s own corrected variance)';
}

/**
 * The forest plots: one per term, synthetic (and real) sites then pooled
 * rows; `names` are the sites, as both analyses name them. Beside each plot
 * go the notes on the sites missing from it; the
 * notes that belong to no plot (the model chosen, how levels were read)
 * become the report's general notes.
 */
/** Said in a report that shows the real tables' estimates beside the synthetic ones. */
export const REAL_ESTIMATES_NOTE = 'The real tables\' estimates, per site and pooled, are computed '
  + 'on the real rows and no ε covers them: share this report only where the real tables\' '
  + 'results may be shared.';

export function assembleMetaReport(
  result: MetaResult, real: MetaResult | undefined, describe: string, names: string[],
  notes: MetaNotes = {},
): ReportData {
  const rows = forestPlotData(result, real);
  const scale = result.scale === 'log-odds' ? 'log odds ratio'
    : result.scale === 'mean' ? 'mean' : 'coefficient';
  const placed = new Set<string>();
  const forests: ForestData[] = result.terms.map((term) => {
    const matching = real?.terms.find((t) => t.term === term.term);
    const heterogeneity = [{ source: 'synthetic' as const, term }, ...(matching === undefined
      ? [] : [{ source: 'real' as const, term: matching }])].map(({ source, term: t }) => ({
      source, Q: t.random?.Q ?? null, I2: t.random?.I2 ?? null, tau2: t.random?.tau2 ?? null,
    }));
    const left = leftOutNotes(result, term, names, notes.synthetic ?? [], placed);
    const leftReal = real === undefined || matching === undefined ? []
      : leftOutNotes(real, matching, names, notes.real ?? [], placed)
        .map((note) => `Real tables: ${note}`);
    // The intercept of a logistic model is a log odds, not a ratio of two.
    const termScale = scale === 'log odds ratio' && term.term === INTERCEPT ? 'log odds' : scale;
    return {
      estimand: `${term.term} (${termScale})`,
      rows: rows.filter((row) => row.term === term.term)
        .map(({ label, kind, source, estimate, ciLow, ciHigh, weight }) =>
          ({ label, kind, source, estimate, ciLow, ciHigh, weight })),
      heterogeneity,
      ...(result.scale === 'mean' ? {} : { nullValue: 0 }),
      ...(left.length + leftReal.length === 0 ? {} : { notes: [...left, ...leftReal] }),
    };
  });
  // What the synthetic intervals assume: without it the report's plots
  // read as plain intervals of the released rows.
  const weights = notes.weights === undefined || notes.weights.length === 0 ? [] : [
    `Each site's w: ${notes.weights.map(({ site, w }) =>
      `${site} ${w === null ? 'unknown' : formatNumber(w)}`).join(', ')}; the ` +
    `${correctionClause(result.scale)}.`];
  const general = [
    // Aggregates of real rows are still real data: nothing about them is private.
    ...(real === undefined ? [] : [REAL_ESTIMATES_NOTE]),
    ...weights,
    ...unique(notes.synthetic ?? []).filter((note) => !placed.has(note)),
    ...unique(notes.real ?? []).filter((note) => !placed.has(note))
      .map((note) => `Real tables: ${note}`),
  ];
  return {
    title: `Meta-analysis of ${names.length} site${names.length === 1 ? '' : 's'}`,
    subtitle: `${describe}; sites: ${names.join(', ')}` +
      (real === undefined ? '' : '; synthetic and real tables side by side'),
    forests,
    ...(general.length === 0 ? {} : { notes: general }),
  };
}

/**
 * Why sites are missing from one term's plot: for every site of the
 * analysis without an estimate of the term, the notes that name it and the
 * term's column (or all its terms); a plain sentence when none does. The
 * notes used are added to `placed`.
 */
function leftOutNotes(
  result: MetaResult, term: TermResult, sites: string[], extra: string[], placed: Set<string>,
): string[] {
  const present = new Set(term.sites.map((site) => site.site));
  const column = termColumn(result, term.term);
  const pool = unique([...result.excluded, ...term.excluded, ...extra]);
  const found: string[] = [];
  for (const site of sites) {
    if (present.has(site)) continue;
    const naming = new RegExp(`\\b[Ss]ite ${escapeRegExp(site)}(?=[;:,]|\\s|$)`);
    const about = pool.filter((note) => naming.test(note) && /left out|set aside/.test(note)
      && (/every term|the mean|the pooling/.test(note)
        || (column !== null && note.includes(`"${column}"`))));
    if (about.length === 0) {
      found.push(`Site ${site} has no estimate of this term, so it is not in the plot.`);
    } else {
      for (const note of about) placed.add(note);
      found.push(...about);
    }
  }
  // A site kept for the term whose estimate the pooling refused is named in term.excluded.
  for (const note of term.excluded) {
    placed.add(note);
    if (!found.includes(note)) found.push(note);
  }
  return unique(found);
}

/** The column a term comes from: the covariate it is, or whose level it is; null for the intercept. */
function termColumn(result: MetaResult, term: string): string | null {
  const estimand = result.estimand;
  if (estimand.kind === 'mean') return estimand.column;
  const matches = estimand.covariates.filter((column) =>
    term === column || term.startsWith(`${column}=`));
  return matches.sort((a, b) => b.length - a.length)[0] ?? null;
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

function unique(items: string[]): string[] {
  return [...new Set(items)];
}
