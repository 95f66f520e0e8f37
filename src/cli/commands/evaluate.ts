import { existsSync } from 'node:fs';
import { basename } from 'node:path';
import type { Command } from 'commander';
import { evaluate, type Evaluation } from '../../evaluate/index.js';
import type { PrivacySummary } from '../../privacy/index.js';
import {
  assembleReport, columnMarginals, formatNumber, renderReport, type ReportSources,
} from '../../report/index.js';
import { isParquet, parseCsv, parseParquet, typedColumns } from '../../table/index.js';
import type { Schema, Table, TypedColumn } from '../../table/index.js';
import { LniError } from '../../util/errors.js';
import { privacySummaryPath, readInputFile, readJsonFile, writeFileAtomic } from '../files.js';
import { loadInput, splitList, type InputOptions } from '../input.js';
import { addCommonOptions, addInputOptions, type CommonOptions, type Io } from './shared.js';
import { parseWeight } from './synthesize.js';

type EvaluateFlags = InputOptions & CommonOptions & ModelFlags & {
  holdout?: string;
  w?: string;
  report?: string;
};

export interface ModelFlags {
  outcome?: string;
  covariates?: string;
}

export function registerEvaluate(program: Command, io: Io): void {
  const command = program.command('evaluate')
    .description('fidelity of a synthetic table to the real one: per column KS or TV, ' +
      'missing rates, means and sds; correlations; contingency; regression real vs synthetic')
    .argument('<real>', 'CSV or Parquet file with the real rows (its schema types both files)')
    .argument('<synthetic>', 'CSV or Parquet file with the synthetic rows')
    .option('--outcome <column>', 'compare a regression of this column (linear, or logistic ' +
      'for a two-level outcome) on --covariates (default: none)')
    .option('--covariates <a,b,c>', 'comma-separated covariates of the regression (default: none)')
    .option('--holdout <test.csv>', 'real rows the flow never saw, for train-on-synthetic ' +
      'test-on-real (default: none; the metric is skipped)')
    .option('--w <w>', 'the w the synthetic table was made with, to correct its standard ' +
      'errors (default: read from the *.privacy.json beside the synthetic file)')
    .option('--report <report.html>', 'also write an HTML report (default: none)');
  addInputOptions(command);
  addCommonOptions(command, false);
  command.action(async (realPath: string, syntheticPath: string, flags: EvaluateFlags) => {
    const progress = io.progress(flags);
    const input = await loadInput(realPath, flags);
    const covariates = checkModelColumns(input.table.names, flags, realPath);
    const schema = evaluationSchema(input.schema, input.table);
    const real = withSortedLevels(typedColumns(input.table, schema, realPath), schema);
    const syntheticTable = await readLike(syntheticPath, flags, input.table.names);
    const synthetic = typedColumns(syntheticTable, lenient(schema), syntheticPath);
    const notes = columnNotes(input.schema, input.table, syntheticTable);
    let holdout: TypedColumn[] | undefined;
    if (flags.holdout !== undefined) {
      const holdoutTable = await readLike(flags.holdout, flags, input.table.names);
      checkModelColumns(holdoutTable.names, flags, flags.holdout);
      holdout = typedColumns(holdoutTable, lenient(schema), flags.holdout);
    }
    if (flags.outcome !== undefined) {
      checkModelColumns(syntheticTable.names, flags, syntheticPath);
    }
    const known = knownWeight(flags.w, syntheticPath);
    if (known.note !== undefined) progress.note(known.note);

    const evaluation = withFile(() => evaluate(real, synthetic, {
      outcome: flags.outcome, covariates, holdout, w: known.w,
    }), realPath);
    evaluation.warnings.unshift(...notes);
    if (flags.report !== undefined) {
      await writeReport(flags.report, {
        dataset: basename(realPath), evaluation, privacy: known.privacy,
        marginals: columnMarginals(real, synthetic), w: known.w, wChoice: known.note,
        rows: { real: input.table.rowCount, synthetic: syntheticTable.rowCount },
      }, [realPath, syntheticPath]);
      progress.note(`report written to ${flags.report}`);
    }
    const rows = { real: input.table.rowCount, synthetic: syntheticTable.rowCount,
      holdout: holdout === undefined ? null : holdout[0]?.values.length ?? 0 };
    io.result(flags, evaluationJson(evaluation, rows, known),
      renderEvaluation(evaluation, rows, known).join('\n'));
  });
}

/** The outcome and covariates, checked against a file's columns; one line naming the culprit. */
export function checkModelColumns(
  names: readonly string[], flags: ModelFlags, file: string,
): string[] | undefined {
  if (flags.outcome === undefined) {
    if (flags.covariates !== undefined) {
      throw new LniError('invalid-option', '--covariates needs --outcome');
    }
    return undefined;
  }
  const covariates = flags.covariates === undefined ? [] : splitList(flags.covariates);
  const missing = (name: string) => !names.includes(name);
  if (missing(flags.outcome)) {
    throw new LniError('unknown-column', 'the outcome is not a column of this table',
      { file, column: flags.outcome, hint: 'check the spelling against the header' });
  }
  for (const name of covariates) {
    if (missing(name)) {
      throw new LniError('unknown-column', 'the covariate is not a column of this table',
        { file, column: name, hint: 'check the spelling against the header' });
    }
    if (name === flags.outcome) {
      throw new LniError('invalid-option', 'the outcome is also listed as a covariate',
        { column: name });
    }
  }
  return covariates;
}

/**
 * The schema used to type both tables for metrics: an all-missing column
 * becomes categorical (so its metrics say "not defined" rather than the
 * column vanishing) and a constant number becomes continuous (so its mean
 * and sd are shown and its scale-based metrics say "not defined").
 */
export function evaluationSchema(schema: Schema, table: Table): Schema {
  const columns = schema.columns.map((column) => {
    if (column.type === 'empty') return { ...column, type: 'categorical' as const };
    if (column.type !== 'constant') return column;
    const cells = table.columns[table.names.indexOf(column.name)] ?? [];
    const numeric = cells.length > 0 && cells.every((cell) =>
      cell.trim() !== '' && Number.isFinite(Number(cell)));
    return numeric ? { ...column, type: 'continuous' as const } : column;
  });
  return { ...schema, columns };
}

/**
 * Levels the schema does not declare, sorted (numerically when every level
 * is a number) rather than in order of first appearance, so the reference
 * level of a dummy-coded covariate is the lowest: male=1 against 0.
 */
export function withSortedLevels(columns: TypedColumn[], schema: Schema): TypedColumn[] {
  const declared = new Set(schema.columns.filter((c) => c.levels !== undefined)
    .map((c) => c.name));
  return columns.map((column) => {
    if (column.kind !== 'categorical' || declared.has(column.name)) return column;
    const numeric = column.levels.every((level) => Number.isFinite(Number(level)));
    const levels = [...column.levels].sort(numeric ? (a, b) => Number(a) - Number(b)
      : (a, b) => (a < b ? -1 : a > b ? 1 : 0));
    return { ...column, levels };
  });
}

/**
 * The schema for the other side: integer columns read as any number, so a
 * synthetic 2.5 in an integer column is measured rather than refused.
 */
export function lenient(schema: Schema): Schema {
  return { ...schema, columns: schema.columns.map((column) =>
    (column.type === 'integer' ? { ...column, type: 'continuous' as const } : column)) };
}

/** Reads a second file (CSV with the first one's options, or Parquet). */
async function readLike(path: string, flags: InputOptions, realNames: string[]): Promise<Table> {
  const bytes = readInputFile(path);
  if (isParquet(bytes) || path.toLowerCase().endsWith('.parquet')) {
    return (await parseParquet(bytes, { file: path })).table;
  }
  const names = flags.header !== false ? undefined
    : flags.columns === undefined ? realNames : splitList(flags.columns);
  return parseCsv(bytes, {
    file: path, header: flags.header !== false, names, delimiter: flags.delimiter,
  }).table;
}

function columnNotes(schema: Schema, real: Table, synthetic: Table): string[] {
  const notes: string[] = [];
  for (const column of schema.columns) {
    if (column.type === 'id') notes.push(`Column "${column.name}" looks like an ID; not compared.`);
    if (column.drop === true) notes.push(`Column "${column.name}" is dropped by the schema.`);
  }
  for (const name of synthetic.names) {
    if (!real.names.includes(name)) {
      notes.push(`Column "${name}" is only in the synthetic table; skipped.`);
    }
  }
  return notes;
}

interface KnownWeight {
  w?: number;
  /** Where w came from, as a sentence. */
  note?: string;
  source: 'option' | 'privacy-summary' | null;
  privacy?: PrivacySummary;
}

/** w from --w, else from the privacy summary beside the synthetic file. */
function knownWeight(text: string | undefined, syntheticPath: string): KnownWeight {
  const summaryPath = privacySummaryPath(syntheticPath);
  const read = existsSync(summaryPath) ? readPrivacySummary(summaryPath) : undefined;
  const privacy = read?.summary;
  if (text !== undefined) {
    const w = parseWeight(text);
    return { w, source: 'option', privacy,
      note: `Synthetic intervals corrected with w = ${formatNumber(w)} given by --w.` };
  }
  if (read === undefined) {
    return { source: null, note: `w unknown (no --w, no ${basename(summaryPath)}): ` +
      'synthetic intervals are not corrected.' };
  }
  if (read.w === undefined) {
    return { source: null, note: `${basename(summaryPath)} says nothing was modelled (the ` +
      'table passed through): no noise to correct for.' };
  }
  return { w: read.w, source: 'privacy-summary', privacy,
    note: `Synthetic intervals corrected with w = ${formatNumber(read.w)} read from ` +
      `${basename(summaryPath)}.` };
}

/**
 * The privacy summary's w; the whole summary too when it has every field
 * the report reads (a hand-written file may hold w alone). Neither for the
 * summary of a pass-through release, where w does not apply.
 */
function readPrivacySummary(path: string): { w?: number; summary?: PrivacySummary } {
  const json = readJsonFile(path) as Record<string, unknown> | null;
  if (json?.passThrough === true) return {};
  const w = json?.w;
  if (typeof w !== 'number' || !(w >= 0 && w <= 1)) {
    throw new LniError('privacy-summary-invalid', 'has no w in [0, 1]', {
      file: path, hint: 'give --w, or move the file away' });
  }
  const complete = typeof json?.sensitivity === 'number' && typeof json.delta === 'number'
    && typeof json.bound === 'string'
    && ['attacks', 'assumptions', 'warnings', 'frontier'].every((key) => Array.isArray(json[key]));
  return complete ? { w, summary: json as unknown as PrivacySummary } : { w };
}

/** Renders and writes the HTML report; refuses to overwrite an input. */
export async function writeReport(
  path: string, sources: ReportSources, inputs: string[],
): Promise<void> {
  const html = await renderReport(assembleReport(sources));
  writeFileAtomic(path, html, inputs);
}

function withFile<T>(action: () => T, file: string): T {
  try {
    return action();
  } catch (error) {
    if (error instanceof LniError && error.file === undefined) {
      throw new LniError(error.code, error.message,
        { file, column: error.column, row: error.row, hint: error.hint });
    }
    throw error;
  }
}

interface Rows { real: number; synthetic: number; holdout: number | null }

/** The --json result: flat per-column numbers, the pair summaries, models and TSTR. */
function evaluationJson(evaluation: Evaluation, rows: Rows, known: KnownWeight) {
  const { pearson, spearman } = evaluation.correlation;
  const pair = (comparison: typeof pearson) => ({
    max: comparison.maxAbsDiff.value, maxPair: comparison.maxAbsDiff.breakdown.pair,
    frobenius: comparison.frobenius.value, names: comparison.names,
    difference: comparison.difference,
  });
  return {
    rows,
    w: known.w ?? null, wSource: known.source,
    columns: evaluation.columns.map((column) => ({
      name: column.name, type: column.type, kind: column.kind,
      ...(column.ks === undefined ? {} : { ks: column.ks.value }),
      ...(column.tv === undefined ? {} : { tv: column.tv.value }),
      missingReal: column.missingReal, missingSynthetic: column.missingSynthetic,
      meanReal: column.meanReal, meanSynthetic: column.meanSynthetic,
      sdReal: column.sdReal, sdSynthetic: column.sdSynthetic,
      standardizedMeanDifference: column.mean?.value ?? null,
      sdRatio: column.sd?.value ?? null,
    })),
    correlation: { pearson: pair(pearson), spearman: pair(spearman) },
    contingency: { mean: evaluation.contingency.mean.value,
      pairs: evaluation.contingency.pairs.map((p) => ({ columns: p.columns,
        similarity: p.similarity.value })) },
    ...(evaluation.models === undefined ? {} : { models: evaluation.models }),
    ...(evaluation.tstr === undefined ? {} : { tstr: evaluation.tstr }),
    legend: LEGEND,
    warnings: evaluation.warnings,
  };
}

/** How to read each number of the JSON result (STYLE.md: direction, range, baseline). */
const LEGEND = {
  ks: 'Kolmogorov–Smirnov statistic; lower is better; range 0–1; 0 identical',
  tv: 'total variation distance; lower is better; range 0–1; 0 identical',
  missing: 'share of missing cells per side, 0–1',
  standardizedMeanDifference: '|mean_syn − mean_real| / sd_real; lower is better; 0 equal',
  sdRatio: 'sd_syn / sd_real; closer to 1 is better',
  correlation: 'max |Δ| (range 0–2) and Frobenius norm of synthetic − real; lower is better',
  contingency: 'contingency similarity; higher is better; range 0–1; 1 identical',
  overlap: '95% interval overlap (Karr et al. 2006); higher is better; range 0–1',
};

const text = (value: number | null | undefined): string =>
  value === null || value === undefined ? 'n/d' : formatNumber(value);
const percent = (value: number | null): string =>
  value === null ? 'n/d' : `${formatNumber(100 * value)}%`;

/** Rows of cells as aligned text columns, two spaces apart. */
function aligned(rows: string[][]): string[] {
  const widths = rows[0].map((_, j) => Math.max(...rows.map((row) => row[j].length)));
  return rows.map((row) => row.map((cell, j) => cell.padEnd(widths[j])).join('  ').trimEnd());
}

/** The human summary: one row per column, then pairs, models and warnings. */
function renderEvaluation(evaluation: Evaluation, rows: Rows, known: KnownWeight): string[] {
  const lines = [`Fidelity of ${rows.synthetic} synthetic rows to ${rows.real} real rows ` +
    '(real → synthetic; n/d = not defined, see warnings)', ''];
  const table = [['column', 'type', 'KS/TV ↓', 'missing', 'mean', 'sd']];
  for (const column of evaluation.columns) {
    const numeric = column.kind === 'numeric';
    table.push([
      column.name.length > 28 ? `${column.name.slice(0, 27)}…` : column.name,
      column.type,
      column.ks !== undefined ? `KS ${text(column.ks.value)}` : `TV ${text(column.tv?.value)}`,
      `${percent(column.missingReal)} → ${percent(column.missingSynthetic)}`,
      numeric ? `${text(column.meanReal)} → ${text(column.meanSynthetic)}` : '',
      numeric ? `${text(column.sdReal)} → ${text(column.sdSynthetic)}` : '',
    ]);
  }
  lines.push(...aligned(table));
  lines.push('KS (numeric) and TV (categorical): ↓ lower is better, range 0–1, 0 = identical.');
  lines.push('');
  for (const comparison of [evaluation.correlation.pearson, evaluation.correlation.spearman]) {
    const pair = comparison.maxAbsDiff.breakdown.pair;
    lines.push(`${comparison.method === 'pearson' ? 'Pearson ' : 'Spearman'} correlation ` +
      `synthetic − real: max |Δ| ${text(comparison.maxAbsDiff.value)}` +
      (pair === null ? '' : ` (${pair[0]} × ${pair[1]})`) +
      `, Frobenius ${text(comparison.frobenius.value)}  (↓ lower is better, 0 = identical)`);
  }
  const contingency = evaluation.contingency;
  lines.push(`Contingency similarity: mean ${text(contingency.mean.value)} over ` +
    `${contingency.mean.breakdown.pairs} categorical pairs (↑ higher is better, 1 = identical)`);
  if (evaluation.models !== undefined) lines.push('', ...renderModels(evaluation, known));
  if (evaluation.warnings.length > 0) {
    lines.push('', 'Warnings:', ...evaluation.warnings.map((warning) => `  - ${warning}`));
  }
  return lines;
}

type Interval = { estimate: number; se: number; ciLow: number; ciHigh: number } | null;

const estimateText = (e: Interval) => (e === null ? 'n/d' : `${text(e.estimate)}`);
const seText = (e: Interval) => (e === null ? 'n/d' : `${text(e.se)}`);
const intervalText = (e: Interval) =>
  (e === null ? 'n/d' : `[${text(e.ciLow)}, ${text(e.ciHigh)}]`);

function renderModels(evaluation: Evaluation, known: KnownWeight): string[] {
  const models = evaluation.models!;
  const kind = models.family === 'logistic' ? 'Logistic (log odds)' : 'Linear';
  const lines = [`${kind} regression of ${models.outcome}: ${models.rows.real} real and ` +
    `${models.rows.synthetic} synthetic complete rows. ${known.note ?? ''}`];
  const table = [['term', 'real', 'SE', '95% CI', '| synthetic', 'SE naive', '95% CI naive',
    'SE corr.', '95% CI corrected', '| overlap ↑']];
  for (const term of models.terms) {
    const { naive, corrected } = term.synthetic;
    table.push([term.name, estimateText(term.real), seText(term.real), intervalText(term.real),
      `| ${estimateText(naive)}`, seText(naive), intervalText(naive),
      corrected === null ? 'no w' : seText(corrected),
      corrected === null ? '' : intervalText(corrected),
      `| ${text(term.overlap.value)} (${term.overlap.against})`]);
  }
  lines.push(...aligned(table));
  lines.push('Overlap of the real and synthetic 95% intervals: ↑ higher is better, ' +
    'range 0–1, 1 = identical, 0 = disjoint. Corrected: naive variance × (2 − w²).');
  const tstr = evaluation.tstr;
  if (tstr === undefined) return lines;
  if ('skipped' in tstr) {
    lines.push(`Train on synthetic, test on real: skipped (${tstr.skipped} Give --holdout.)`);
  } else {
    const name = tstr.score === 'auc' ? 'AUC (0.5 = chance)' : 'R² (0 = the mean)';
    lines.push(`Train on synthetic, test on real (${tstr.trainSynthetic.breakdown.holdoutRows} ` +
      `held-out rows), ${name}, ↑ higher is better: trained on synthetic ` +
      `${text(tstr.trainSynthetic.value)}, trained on real ${text(tstr.trainReal.value)}`);
  }
  return lines;
}
