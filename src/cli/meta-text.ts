/**
 * The human summary `lni meta` prints (without --json): one compact table
 * per term, synthetic beside real when both were analysed, then the notes.
 */
import { INTERCEPT, type MetaResult, type TermResult } from '../meta/index.js';
import {
  correctionClause, formatNumber, formatPercent, REAL_ESTIMATES_NOTE,
} from '../report/index.js';
import { aligned } from './text-table.js';

const text = (x: number | null | undefined): string => formatNumber(x ?? null);

export interface SiteLine { site: string; file: string; w: number | null; wSource: string | null;
  rows: number }

/** The human summary: one compact table per term, then the notes. */
export function renderMeta(
  result: MetaResult, real: MetaResult | undefined, describe: string, sites: SiteLine[],
  notes: string[], realNotes: string[], report: string | undefined,
): string[] {
  const logistic = result.scale === 'log-odds';
  const level = `${Math.round(result.level * 100)}%`;
  const lines = [`Meta-analysis of ${sites.length} site${sites.length === 1 ? '' : 's'}: ` +
    `${describe}.`,
  `Sites: ${sites.map((s) => `${s.site} (${s.rows} rows, w = ${text(s.w)})`).join(', ')}.`,
  `Estimates ${logistic ? 'are log odds ratios (odds ratio in brackets)' : 'on the ' +
    `${result.scale} scale`} with ${level} intervals` + (logistic ? '; the intercept is a log ' +
    'odds, at zero covariates and reference levels (baseline odds in brackets)' : '') +
    `; ${correctionClause(result.scale)}.`, ''];
  const z = 1.959963984540054;
  for (const term of result.terms) {
    // The intercept is a log odds, not a ratio of two: its exponential is an odds.
    const ratio = term.term === INTERCEPT ? 'odds' : 'OR';
    const value = (estimate: number, low: number, high: number) => logistic
      ? `${text(estimate)} (${ratio} ${text(Math.exp(estimate))})  [${text(low)}, ${text(high)}]`
      : `${text(estimate)}  [${text(low)}, ${text(high)}]`;
    const match = real?.terms.find((t) => t.term === term.term);
    const header = ['  ' + term.term, 'synthetic', ...(real === undefined ? [] : ['real'])];
    const table = [header];
    const siteCell = (t: TermResult | undefined, site: string) => {
      const s = t?.sites.find((x) => x.site === site);
      if (s === undefined) return '—';
      const half = z * Math.sqrt(s.variance);
      // Pooled beside fully adjusted sites: say so where the number stands.
      const unadjusted = s.unadjustedFor === undefined ? ''
        : `  (not adjusted for ${s.unadjustedFor.join(', ')})`;
      return value(s.estimate, s.estimate - half, s.estimate + half) + unadjusted;
    };
    for (const { site } of sites) {
      table.push([`    ${site}`, siteCell(term, site),
        ...(real === undefined ? [] : [siteCell(match, site)])]);
    }
    const pooled = (t: TermResult | undefined, kind: 'fixed' | 'random') => {
      const p = t?.[kind];
      return p === null || p === undefined ? '—' : value(p.estimate, p.ciLow, p.ciHigh);
    };
    table.push(['    fixed effect', pooled(term, 'fixed'),
      ...(real === undefined ? [] : [pooled(match, 'fixed')])]);
    table.push(['    random effects', pooled(term, 'random'),
      ...(real === undefined ? [] : [pooled(match, 'random')])]);
    const hetero = (t: TermResult | undefined) => {
      const r = t?.random;
      if (t === undefined || t.sites.length === 0) return 'no site: none';
      if (r === null || r === undefined || r.Q === null) return 'one site: none';
      const percent = (x: number | null) => (x === null ? '–' : formatPercent(x));
      const i2Interval = r.I2Low === null || r.I2High === null ? ''
        : ` [${percent(r.I2Low)}, ${percent(r.I2High)}]`;
      const tau2Interval = r.tau2Low === null || r.tau2High === null ? ''
        : ` [${text(r.tau2Low)}, ${text(r.tau2High)}]`;
      // A p-value that underflows is below the smallest double, not zero.
      const p = r.pValue === 0 ? 'p < 1e-300' : `p = ${text(r.pValue)}`;
      return `Q = ${text(r.Q)} (df ${r.df}, ${p}), ` +
        `I² = ${r.I2 === null ? 'n/a' : formatPercent(r.I2)}${i2Interval}` +
        `, τ² = ${text(r.tau2)}${tau2Interval}`;
    };
    table.push(['    heterogeneity', hetero(term), ...(real === undefined ? [] : [hetero(match)])]);
    lines.push(...aligned(table), '');
  }
  if (notes.length > 0) lines.push('Notes:', ...notes.map((note) => `  - ${note}`));
  // The real column is real data: say so here as the report and --json do.
  if (real !== undefined) {
    lines.push('Notes on the real tables:', ...[REAL_ESTIMATES_NOTE, ...realNotes]
      .map((note) => `  - ${note}`));
  }
  if (report !== undefined) lines.push(`report: ${report}`);
  return lines;
}
