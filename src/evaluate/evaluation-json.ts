/**
 * An evaluation as flat JSON (what `lni evaluate --json` prints): per-column
 * numbers, the pair summaries, models and train-on-synthetic test-on-real,
 * with a legend that says how to read each number.
 */
import type { Evaluation } from './evaluate.js';

export interface EvaluationRows { real: number; synthetic: number; holdout: number | null }

/** The w the synthetic intervals were corrected with, and where it came from. */
export interface EvaluationWeight {
  w?: number;
  source: 'option' | 'privacy-summary' | null;
}

/** The JSON result: flat per-column numbers, the pair summaries, models and TSTR. */
export function evaluationJson(
  evaluation: Evaluation, rows: EvaluationRows, weight: EvaluationWeight,
) {
  const { pearson, spearman } = evaluation.correlation;
  const pair = (comparison: typeof pearson) => ({
    max: comparison.maxAbsDiff.value, maxPair: comparison.maxAbsDiff.breakdown.pair,
    frobenius: comparison.frobenius.value, names: comparison.names,
    difference: comparison.difference,
  });
  return {
    rows,
    w: weight.w ?? null, wSource: weight.source,
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
    legend: EVALUATION_LEGEND,
    warnings: evaluation.warnings,
  };
}

/** How to read each number of the JSON result (STYLE.md: direction, range, baseline). */
export const EVALUATION_LEGEND = {
  ks: 'Kolmogorov–Smirnov statistic; lower is better; range 0–1; 0 identical',
  tv: 'total variation distance; lower is better; range 0–1; 0 identical',
  missing: 'share of missing cells per side, 0–1',
  standardizedMeanDifference: '|mean_syn − mean_real| / sd_real; lower is better; 0 equal',
  sdRatio: 'sd_syn / sd_real; closer to 1 is better',
  correlation: 'max |Δ| (range 0–2) and Frobenius norm of synthetic − real; lower is better',
  contingency: 'contingency similarity; higher is better; range 0–1; 1 identical',
  overlap: '95% interval overlap (Karr et al. 2006); higher is better; range 0–1',
};
