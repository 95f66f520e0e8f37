// The real-data experiment of method.md §9: the UCI Heart Disease sites as
// separate cohorts, logistic regression of disease on age, sex, trestbps and
// (where recorded) chol, per site and pooled, from real and synthetic tables.
//
// Limitation: the synthetic tables come from the linear-Gaussian oracle on
// the numeric columns (integers dequantized by U[0, 1) noise and floored
// after generation, method.md §4), not from the full lni pipeline yet.
import { readFileSync } from 'node:fs';
import { Random } from '../src/util/random.js';
import type { TypedColumn } from '../src/table/types.js';
import { fitLinearGaussian, injectNoise } from '../src/mechanism/index.js';
import {
  metaAnalyze, forestPlotData, type MetaResult, type SiteInput, type ForestRow,
} from '../src/meta/index.js';

/** Positions in the 14-field processed files (heart-disease.names). */
const FIELDS = { age: 0, sex: 1, trestbps: 3, chol: 4, num: 13 } as const;
export const COVARIATES = ['age', 'sex', 'trestbps', 'chol'] as const;
const MODEL = { kind: 'logistic', outcome: 'disease', covariates: COVARIATES } as const;
/** Columns that hold 0/1 values: decoded by flooring and clamping to {0, 1}. */
const BINARY = new Set(['sex', 'disease']);

export interface HeartSite {
  site: string;
  rows: number;
  columns: TypedColumn[];
}

/** Reads one headerless processed file: '?' is missing, chol = 0 is missing. */
export function readHeartSite(site: string, path: string): HeartSite {
  const lines = readFileSync(path, 'utf8').split('\n').filter((line) => line.trim() !== '');
  const take = (field: number, zeroIsMissing = false) => Float64Array.from(lines, (line) => {
    const cell = line.split(',')[field].trim();
    const value = cell === '?' ? NaN : Number(cell);
    return zeroIsMissing && value === 0 ? NaN : value;
  });
  const num = take(FIELDS.num);
  const values: Record<string, Float64Array> = {
    age: take(FIELDS.age), sex: take(FIELDS.sex), trestbps: take(FIELDS.trestbps),
    chol: take(FIELDS.chol, true),
    disease: num.map((v) => (Number.isNaN(v) ? NaN : v > 0 ? 1 : 0)),
  };
  const columns = Object.entries(values).map(([name, column]): TypedColumn => (
    { kind: 'numeric', name, type: 'integer', values: column }));
  return { site, rows: lines.length, columns };
}

/**
 * One synthetic table for a site: the oracle is fitted on the complete rows
 * of the columns the site records (a column with no observed value is not
 * released), integers dequantized before fitting and floored after.
 */
export function synthesizeSite(site: HeartSite, w: number, rng: Random): SiteInput {
  const kept = site.columns.filter((c) => c.kind === 'numeric'
    && c.values.some((v) => !Number.isNaN(v)));
  const p = kept.length;
  const complete: number[] = [];
  for (let r = 0; r < site.rows; r++) {
    if (kept.every((c) => !Number.isNaN(c.values[r] as number))) complete.push(r);
  }
  const rows = complete.length;
  const x = new Float64Array(rows * p);
  complete.forEach((r, i) => {
    kept.forEach((c, j) => { x[i * p + j] = (c.values[r] as number) + rng.uniform(); });
  });
  const flow = fitLinearGaussian(x, rows, p);
  const { synthetic } = injectNoise(flow, x, rows, w, rng);
  const columns = kept.map((c, j): TypedColumn => {
    const values = new Float64Array(rows);
    for (let i = 0; i < rows; i++) {
      const floored = Math.floor(synthetic[i * p + j]);
      values[i] = BINARY.has(c.name) ? Math.min(1, Math.max(0, floored)) : floored;
    }
    return { kind: 'numeric', name: c.name, type: 'integer', values };
  });
  return { site: site.site, columns, w };
}

export interface TermDraws {
  term: string;
  real: number | null;
  realSe: number | null;
  /** Mean, over draws, of the pooled fixed-effect estimate and its SE. */
  meanEstimate: number;
  sdEstimate: number;
  meanSe: number;
  /** Share of draws whose pooled 95% interval contains the real pooled estimate. */
  holdsReal: number;
  draws: number;
}

export interface HeartResult {
  real: MetaResult;
  /** One seeded synthetic release at the shown w, with its forest-plot rows. */
  example: { w: number; synthetic: MetaResult; forest: ForestRow[] };
  /** Per w, the pooled estimates over repeated synthetic releases. */
  repeated: { w: number; terms: TermDraws[]; siteExclusions: string[] }[];
}

export function heartExperiment(
  sites: HeartSite[], ws: number[], draws: number, exampleW: number, seed: number,
): HeartResult {
  const real = metaAnalyze(sites.map(({ site, columns }) => ({ site, columns })), MODEL);
  const root = new Random(seed);
  const exampleSynthetic = metaAnalyze(
    sites.map((s) => synthesizeSite(s, exampleW, root.fork())), MODEL);
  const repeated = ws.map((w) => {
    const collected = new Map<string, { estimates: number[]; ses: number[]; holds: number }>();
    const exclusions = new Set<string>();
    for (let d = 0; d < draws; d++) {
      const rng = root.fork();
      const result = metaAnalyze(sites.map((s) => synthesizeSite(s, w, rng)), MODEL);
      for (const note of result.excluded) exclusions.add(note.replace(/\d+/g, '#'));
      for (const term of result.terms) {
        if (term.fixed === null) continue;
        const entry = collected.get(term.term) ?? { estimates: [], ses: [], holds: 0 };
        entry.estimates.push(term.fixed.estimate);
        entry.ses.push(Math.sqrt(term.fixed.variance));
        const target = real.terms.find((t) => t.term === term.term)?.fixed?.estimate;
        if (target !== undefined && term.fixed.ciLow <= target && target <= term.fixed.ciHigh) {
          entry.holds++;
        }
        collected.set(term.term, entry);
      }
    }
    const terms = real.terms.map((t): TermDraws => {
      const entry = collected.get(t.term) ?? { estimates: [], ses: [], holds: 0 };
      const count = entry.estimates.length;
      const mean = entry.estimates.reduce((a, b) => a + b, 0) / count;
      const sd = Math.sqrt(entry.estimates.reduce((a, v) => a + (v - mean) ** 2, 0)
        / Math.max(1, count - 1));
      return {
        term: t.term, real: t.fixed?.estimate ?? null,
        realSe: t.fixed === null ? null : Math.sqrt(t.fixed.variance),
        meanEstimate: mean, sdEstimate: sd,
        meanSe: entry.ses.reduce((a, b) => a + b, 0) / count,
        holdsReal: entry.holds / Math.max(1, count), draws: count,
      };
    });
    return { w, terms, siteExclusions: [...exclusions] };
  });
  return {
    real,
    example: {
      w: exampleW, synthetic: exampleSynthetic, forest: forestPlotData(exampleSynthetic, real),
    },
    repeated,
  };
}
