/**
 * The human summary `lni evaluate` prints (without --json): one row per
 * column, then the pair summaries, the regression models and the warnings.
 */
import type { Evaluation, EvaluationRows } from '../evaluate/index.js';
import { formatNumber } from '../report/index.js';
import { formatDate, isTimeOfDay, ticksPerDay } from '../table/index.js';
import { aligned } from './text-table.js';

const text = (value: number | null | undefined): string =>
  value === null || value === undefined ? 'n/d' : formatNumber(value);
/**
 * A date column's mean as a date (a time of day alone as a time) and its
 * sd in days (minutes); they are day numbers inside.
 */
const dateMean = (value: number | null | undefined, format?: string): string => {
  if (value === null || value === undefined || !Number.isFinite(value)) return 'n/d';
  if (format !== undefined && isTimeOfDay(format)) {
    return formatDate(Math.round(value * ticksPerDay(format)), format);
  }
  return formatDate(Math.round(value), 'YYYY-MM-DD');
};
const days = (value: number | null | undefined, format?: string): string => {
  if (value === null || value === undefined) return 'n/d';
  return format !== undefined && isTimeOfDay(format) ? `${formatNumber(value * 1440)} minutes`
    : `${formatNumber(value)} days`;
};
const percent = (value: number | null): string =>
  value === null ? 'n/d' : `${formatNumber(100 * value)}%`;

/**
 * The human summary: one row per column, then pairs, models and warnings.
 * `wNote` says where the w of the corrected intervals came from.
 */
export function renderEvaluation(
  evaluation: Evaluation, rows: EvaluationRows, wNote: string | undefined,
): string[] {
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
      !numeric ? '' : column.type === 'date'
        ? `${dateMean(column.meanReal, column.dateFormat)} → `
          + dateMean(column.meanSynthetic, column.dateFormat)
        : `${text(column.meanReal)} → ${text(column.meanSynthetic)}`,
      !numeric ? '' : column.type === 'date'
        ? `${days(column.sdReal, column.dateFormat)} → ${days(column.sdSynthetic, column.dateFormat)}`
        : `${text(column.sdReal)} → ${text(column.sdSynthetic)}`,
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
  lines.push(contingency.mean.breakdown.pairs === 0
    ? 'Contingency similarity: not defined (fewer than two categorical columns to pair)'
    : `Contingency similarity: mean ${text(contingency.mean.value)} over ` +
      `${contingency.mean.breakdown.pairs} categorical pairs (↑ higher is better, 1 = identical)`);
  if (evaluation.models !== undefined) lines.push('', ...renderModels(evaluation, wNote));
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

function renderModels(evaluation: Evaluation, wNote: string | undefined): string[] {
  const models = evaluation.models!;
  const kind = models.family === 'logistic' ? 'Logistic (log odds)' : 'Linear';
  const lines = [`${kind} regression of ${models.outcome}: ${models.rows.real} real and ` +
    `${models.rows.synthetic} synthetic complete rows. ${wNote ?? ''}`];
  const table = [['term', 'real', 'SE', '95% CI', '| synthetic', 'SE naive', '95% CI naive',
    'SE corr.', '95% CI corrected', '| overlap ↑']];
  // Without a synthetic fit there is nothing to correct, even with w known.
  const uncorrected = models.w === null ? 'no w' : 'n/d';
  for (const term of models.terms) {
    const { naive, corrected } = term.synthetic;
    table.push([term.name, estimateText(term.real), seText(term.real), intervalText(term.real),
      `| ${estimateText(naive)}`, seText(naive), intervalText(naive),
      corrected === null ? uncorrected : seText(corrected),
      corrected === null ? '' : intervalText(corrected),
      `| ${text(term.overlap.value)} (${term.overlap.against})`]);
  }
  lines.push(...aligned(table));
  lines.push('Overlap of the real and synthetic 95% intervals: ↑ higher is better, ' +
    'range 0–1, 1 = identical, 0 = disjoint.' + (models.correction === null ? ''
      : ` Corrected: naive variance × ${models.correction}.`));
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
