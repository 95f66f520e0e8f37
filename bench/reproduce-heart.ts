// The real-data experiment of method.md §9: the UCI Heart Disease sites as
// separate cohorts, logistic regression of disease on age, sex, trestbps and
// (where recorded) chol, per site and pooled, from real and synthetic tables.
//
// Two kinds of synthetic tables:
// - the full lni pipeline (`heartPipelineExperiment`): per site, the MAF
//   flow of `fitModel` on that site's rows (schema: age, trestbps, chol
//   integer; sex, disease binary; chol left out where never recorded), then
//   `synthesize` at each w of a fixed grid, repeated over independent fits;
// - the linear-Gaussian oracle on the numeric columns (`heartExperiment`,
//   integers dequantized by U[0, 1) noise and floored after generation,
//   method.md §4), kept because it is cheap and used by bench/reproduce.ts.
//
// Standalone:  npx tsx bench/reproduce-heart.ts [--quick] [--fits N] [--epochs N]
// rewrites the pipeline part of the "Real data" section of docs/reproduction.md.
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Random } from '../src/util/random.js';
import type { TypedColumn } from '../src/table/types.js';
import type { Schema, Table } from '../src/table/index.js';
import { typedColumns } from '../src/table/index.js';
import { fitModel, synthesize } from '../src/model/index.js';
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

// ---------------------------------------------------------------------------
// The full lni pipeline.

/** One site's real rows as the text table lni reads ('' = missing); never printed. */
function siteTable(site: HeartSite): { table: Table; schema: Schema } {
  const kept = site.columns.filter((c) => c.kind === 'numeric'
    && c.values.some((v) => !Number.isNaN(v)));
  const columns = kept.map((c) => Array.from(c.values as Float64Array,
    (v) => (Number.isNaN(v) ? '' : String(v))));
  const schema: Schema = { version: 1, columns: kept.map((c) => ({
    name: c.name, type: BINARY.has(c.name) ? 'binary' as const : 'integer' as const,
    missing: [''] })) };
  return { table: { names: kept.map((c) => c.name), columns, rowCount: site.rows }, schema };
}

/** A released table read back as numbers (binary 0/1 included), for the model. */
function releasedSite(site: string, table: Table, w: number): SiteInput {
  const schema: Schema = { version: 1, columns: table.names.map((name) => (
    { name, type: 'continuous' as const, missing: [''] })) };
  return { site, w, columns: typedColumns(table, schema, site) };
}

export interface PipelineTerm {
  term: string;
  /** Pooled fixed effect from the real tables. */
  real: { estimate: number; se: number } | null;
  /** Over the fits: mean pooled fixed-effect estimate, its SD, the mean estimated SE. */
  meanEstimate: number;
  sdEstimate: number;
  meanSe: number;
  /** Share of pooled 95% intervals that hold the real pooled estimate. */
  holdsReal: number;
  fits: number;
}

export interface PipelineResult {
  ws: number[];
  fits: number;
  epochs: number | null;
  /** The first fit at the shown w: per site and pooled, synthetic and real. */
  example: { w: number; synthetic: MetaResult; forest: ForestRow[] };
  real: MetaResult;
  repeated: { w: number; terms: PipelineTerm[] }[];
  seconds: number;
}

/**
 * Per site, `fits` independent flows (fitModel on the site's rows), each
 * released at every w of the grid by `synthesize`; the pooled logistic
 * model from the synthetic tables against the one from the real tables.
 */
export function heartPipelineExperiment(
  sites: HeartSite[], ws: number[], fits: number, exampleW: number, seed: number,
  epochs?: number, onFit?: (site: string, fit: number) => void,
): PipelineResult {
  const started = performance.now();
  const real = metaAnalyze(sites.map(({ site, columns }) => ({ site, columns })), MODEL);
  const root = new Random(seed);
  // releases[f][w index][site index]
  const releases: SiteInput[][][] = [];
  for (let f = 0; f < fits; f++) {
    const perW: SiteInput[][] = ws.map(() => []);
    for (const site of sites) {
      onFit?.(site.site, f);
      const { table, schema } = siteTable(site);
      const fitSeed = Math.floor(root.uniform() * 2 ** 31);
      const model = fitModel(table, schema, { seed: fitSeed, epochs, file: site.site });
      ws.forEach((w, i) => {
        const release = synthesize(model, table, {
          w, seed: Math.floor(root.uniform() * 2 ** 31), file: site.site });
        perW[i].push(releasedSite(site.site, release.table, w));
      });
    }
    releases.push(perW);
  }
  const exampleIndex = Math.max(0, ws.indexOf(exampleW));
  const exampleSynthetic = metaAnalyze(releases[0][exampleIndex], MODEL);
  const repeated = ws.map((w, i) => {
    const results = releases.map((perW) => metaAnalyze(perW[i], MODEL));
    const terms = real.terms.map((t): PipelineTerm => {
      const target = t.fixed?.estimate;
      const pooled = results.map((r) => r.terms.find((x) => x.term === t.term)?.fixed)
        .filter((x): x is NonNullable<typeof x> => x !== null && x !== undefined);
      const n = pooled.length;
      const mean = pooled.reduce((a, p) => a + p.estimate, 0) / Math.max(1, n);
      const sd = Math.sqrt(pooled.reduce((a, p) => a + (p.estimate - mean) ** 2, 0)
        / Math.max(1, n - 1));
      return {
        term: t.term,
        real: t.fixed === null ? null : { estimate: t.fixed.estimate, se: Math.sqrt(t.fixed.variance) },
        meanEstimate: mean, sdEstimate: sd,
        meanSe: pooled.reduce((a, p) => a + Math.sqrt(p.variance), 0) / Math.max(1, n),
        holdsReal: target === undefined ? NaN : pooled.filter((p) =>
          p.ciLow <= target && target <= p.ciHigh).length / Math.max(1, n),
        fits: n,
      };
    });
    return { w, terms };
  });
  return {
    ws, fits, epochs: epochs ?? null, real, repeated,
    example: { w: ws[exampleIndex], synthetic: exampleSynthetic,
      forest: forestPlotData(exampleSynthetic, real) },
    seconds: (performance.now() - started) / 1000,
  };
}

const fmt = (x: number | null | undefined, digits = 4): string =>
  (x === null || x === undefined || Number.isNaN(x) ? '–' : x.toFixed(digits));
const cells = (items: (string | number)[]) => `| ${items.join(' | ')} |`;

/** The pipeline part of the "Real data" section of docs/reproduction.md. */
export function pipelineSection(result: PipelineResult, mode: string): string[] {
  const lines: string[] = [
    '### Full lni pipeline: MAF flow per site',
    '',
    `Written by \`bench/reproduce-heart.ts\` (${mode}; ${result.fits} independent fits per site, ` +
      `each released at w ∈ {${result.ws.join(', ')}}; ` +
      `${result.epochs === null ? 'default epoch budget' : `${result.epochs} epochs`}; ` +
      `run time ${result.seconds.toFixed(0)} s on a shared two-core machine). ` +
      'Per site: `fitModel` on the site\'s own rows (age, trestbps, chol integer; sex and ' +
      'disease binary; chol not released where it is never recorded), then `synthesize` at ' +
      'each w — the steps `lni run --w` takes, without the membership audit. Each synthetic ' +
      'table\'s variances are corrected by (2 − w²) (src/meta); pooled by fixed effect and ' +
      'DerSimonian–Laird random effects. Odds ratios are exp(log-odds) per unit (year, mm Hg, ' +
      'mg/dl; sex: male against female).',
    '',
    `#### Per site and pooled odds ratios, synthetic (first fit, w = ${result.example.w}) ` +
      'and real side by side',
    '',
    cells(['term', 'row', 'synthetic OR [95% CI]', 'real OR [95% CI]', 'synthetic log-odds',
      'real log-odds']),
    cells(['---', '---', '---', '---', '---', '---']),
  ];
  const terms = [...new Set(result.example.forest.map((r) => r.term))];
  for (const term of terms) {
    const rows = result.example.forest.filter((r) => r.term === term);
    const labels = [...new Set(rows.map((r) => r.label))];
    for (const label of labels) {
      const pick = (source: 'synthetic' | 'real') =>
        rows.find((r) => r.label === label && r.source === source);
      const or = (r: ForestRow | undefined) => (r === undefined ? '–'
        : `${fmt(Math.exp(r.estimate), 3)} [${fmt(Math.exp(r.ciLow), 3)}, ` +
          `${fmt(Math.exp(r.ciHigh), 3)}]`);
      const logOdds = (r: ForestRow | undefined) => (r === undefined ? '–' : fmt(r.estimate));
      lines.push(cells([term, label, or(pick('synthetic')), or(pick('real')),
        logOdds(pick('synthetic')), logOdds(pick('real'))]));
    }
  }
  lines.push('', 'Notes from harmonization (pipeline release):', '');
  for (const note of result.example.synthetic.excluded) lines.push(`- ${note}`);
  if (result.example.synthetic.excluded.length === 0) lines.push('- none');
  lines.push('', `#### Pooled fixed effect over ${result.fits} fits per w`, '');
  lines.push(cells(['w', 'term', 'real pooled (SE)', 'real OR', 'synthetic pooled: mean',
    'synthetic OR', 'SD over fits', 'mean est. SE', 'share of CIs holding the real pooled']));
  lines.push(cells(['---', '---', '---', '---', '---', '---', '---', '---', '---']));
  for (const block of result.repeated) {
    for (const t of block.terms) {
      lines.push(cells([block.w, t.term, `${fmt(t.real?.estimate)} (${fmt(t.real?.se)})`,
        t.real === null ? '–' : fmt(Math.exp(t.real.estimate), 3), fmt(t.meanEstimate),
        fmt(Math.exp(t.meanEstimate), 3), fmt(t.sdEstimate), fmt(t.meanSe),
        `${fmt(t.holdsReal, 2)} (${t.fits})`]));
    }
  }
  return lines;
}

const START = '<!-- heart-pipeline:start (bench/reproduce-heart.ts) -->';
const END = '<!-- heart-pipeline:end -->';
const HEADING = '## Real data: UCI Heart Disease sites';

/** Puts the pipeline block right under the Real data heading, replacing an older one. */
export function spliceSection(markdown: string, block: string[]): string {
  const start = markdown.indexOf(START);
  const end = markdown.indexOf(END);
  const text = [START, ...block, '', '### Linear-Gaussian oracle (bench/reproduce.ts)', '',
    END].join('\n');
  if (start >= 0 && end > start) {
    return markdown.slice(0, start) + text + markdown.slice(end + END.length);
  }
  const at = markdown.indexOf(HEADING);
  if (at < 0) return `${markdown.trimEnd()}\n\n${HEADING}\n\n${text}\n`;
  const after = at + HEADING.length;
  return `${markdown.slice(0, after)}\n\n${text}${markdown.slice(after)}`;
}

async function main(): Promise<void> {
  const here = dirname(fileURLToPath(import.meta.url));
  const root = join(here, '..');
  const option = (name: string, fallback: number) => {
    const at = process.argv.indexOf(`--${name}`);
    return at >= 0 ? Number(process.argv[at + 1]) : fallback;
  };
  const quick = process.argv.includes('--quick');
  const fits = option('fits', quick ? 6 : 25);
  const epochsOption = option('epochs', 0);
  const seed = option('seed', 20271);
  const data = join(root, '..', 'shared', 'data', 'uci-heart-disease');
  const sites = ['cleveland', 'hungarian', 'switzerland'].map((site) =>
    readHeartSite(site, join(data, `processed.${site}.data`)));
  const result = heartPipelineExperiment(sites, [0.2, 0.5, 0.8], fits, 0.5, seed,
    epochsOption > 0 ? epochsOption : undefined,
    (site, fit) => process.stderr.write(`fit ${fit + 1}/${fits} ${site}\n`));
  const out = join(root, 'docs', 'reproduction.md');
  const markdown = readFileSync(out, 'utf8');
  writeFileSync(out, spliceSection(markdown, pipelineSection(result,
    quick ? '`--quick`' : 'full mode')));
  process.stderr.write(`wrote ${out} in ${result.seconds.toFixed(0)} s\n`);
}

if (process.argv[1] !== undefined && fileURLToPath(import.meta.url) === process.argv[1]) {
  main().catch((error: unknown) => {
    process.stderr.write(`${error instanceof Error ? error.stack : String(error)}\n`);
    process.exit(1);
  });
}
