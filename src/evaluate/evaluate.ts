import type { TypedColumn } from '../table/types.js';
import { LniError } from '../util/errors.js';
import { checkModelLevels, levelMismatches, levelMismatchWarning } from './alignment.js';
import { checkCorrectionInputs } from './correction.js';
import { compareCorrelations, type CorrelationComparison } from './correlation-matrix.js';
import { contingencyPairs, type ContingencySummary } from './contingency.js';
import { kolmogorovSmirnov, type KolmogorovSmirnovBreakdown } from './kolmogorov-smirnov.js';
import { meanDifference, type MeanBreakdown } from './mean.js';
import type { MetricResult } from './metric.js';
import { missingRate, type MissingRateBreakdown } from './missing-rate.js';
import { compareModels, type ModelComparison } from './models.js';
import {
  standardDeviationRatio, type StandardDeviationBreakdown,
} from './standard-deviation.js';
import { totalVariation, type TotalVariationBreakdown } from './total-variation.js';
import { trainSyntheticTestReal, type TrainTestComparison } from './tstr.js';

export interface EvaluateOptions {
  /** Outcome column of the regression comparison (needs covariates too). */
  outcome?: string;
  covariates?: string[];
  /** Held-out real rows the flow never saw, for train-on-synthetic test-on-real. */
  holdout?: TypedColumn[];
  /** The mechanism's w, to correct synthetic standard errors. */
  w?: number;
  /** Split mode: released rows per row the flow was fitted on (n_R / n_F). */
  releasedPerFitted?: number;
}

export interface ColumnFidelity {
  name: string;
  kind: 'numeric' | 'categorical';
  type: string;
  /** A date column's layout: its mean and sd are days, printed in it. */
  dateFormat?: string;
  ks?: MetricResult<KolmogorovSmirnovBreakdown>;
  tv?: MetricResult<TotalVariationBreakdown>;
  missingReal: number | null;
  missingSynthetic: number | null;
  missing: MetricResult<MissingRateBreakdown>;
  meanReal: number | null;
  meanSynthetic: number | null;
  sdReal: number | null;
  sdSynthetic: number | null;
  /** Standardized mean difference. */
  mean?: MetricResult<MeanBreakdown>;
  /** Ratio of standard deviations. */
  sd?: MetricResult<StandardDeviationBreakdown>;
}

export interface Evaluation {
  columns: ColumnFidelity[];
  correlation: { pearson: CorrelationComparison; spearman: CorrelationComparison };
  contingency: ContingencySummary;
  models?: ModelComparison;
  tstr?: TrainTestComparison | { skipped: string };
  warnings: string[];
}

/**
 * Fidelity of a synthetic table to the real one (method.md §7): per column
 * (KS or TV, missing rate, mean, sd), pairs (Pearson and Spearman matrices,
 * contingency similarity), and, with an outcome and covariates, regression
 * coefficients real vs synthetic (naive and w-corrected) and train-on-
 * synthetic test-on-real. Columns are matched by name; a column present in
 * only one table is skipped with a warning, and so is a category level the
 * real table never has (an error when no synthetic value of a regression
 * column is a real level). The result is plain JSON.
 */
export function evaluate(
  real: readonly TypedColumn[], synthetic: readonly TypedColumn[],
  options: EvaluateOptions = {},
): Evaluation {
  checkCorrectionInputs(options.w, options.releasedPerFitted);
  const warnings: string[] = [];
  const pairs = matchColumns(real, synthetic, warnings);
  const modelColumns = options.outcome === undefined ? []
    : [options.outcome, ...(options.covariates ?? [])];
  const mismatches = levelMismatches(real, synthetic);
  checkModelLevels(mismatches, modelColumns);
  for (const mismatch of mismatches) {
    warnings.push(levelMismatchWarning(mismatch, modelColumns.includes(mismatch.column)));
  }

  const columns = pairs.map(([a, b]) => columnFidelity(a, b, warnings));

  const numeric = pairs.filter(([a]) => a.kind === 'numeric') as
    [Extract<TypedColumn, { kind: 'numeric' }>, Extract<TypedColumn, { kind: 'numeric' }>][];
  const names = numeric.map(([a]) => a.name);
  const realValues = numeric.map(([a]) => a.values);
  const syntheticValues = numeric.map(([, b]) => b.values);
  const pearson = compareCorrelations(names, realValues, syntheticValues, 'pearson');
  const spearman = compareCorrelations(names, realValues, syntheticValues, 'spearman');
  warnings.push(...pearson.warnings, ...spearman.warnings);

  const categorical = pairs.filter(([a]) => a.kind === 'categorical') as
    [Extract<TypedColumn, { kind: 'categorical' }>,
      Extract<TypedColumn, { kind: 'categorical' }>][];
  const contingency = contingencyPairs(
    categorical.map(([a]) => a.name),
    categorical.map(([a]) => a.values),
    categorical.map(([, b]) => b.values),
  );
  warnings.push(...contingency.warnings);

  const evaluation: Evaluation = {
    columns, correlation: { pearson, spearman }, contingency, warnings,
  };
  if (options.outcome !== undefined) {
    const covariates = options.covariates ?? [];
    evaluation.models = compareModels(real, synthetic, options.outcome, covariates, options.w,
      options.releasedPerFitted);
    warnings.push(...evaluation.models.warnings);
    evaluation.tstr = trainSyntheticTestReal(
      real, synthetic, options.holdout, options.outcome, covariates);
    if ('skipped' in evaluation.tstr) warnings.push(evaluation.tstr.skipped);
    else warnings.push(...evaluation.tstr.warnings);
  }
  return evaluation;
}

function matchColumns(
  real: readonly TypedColumn[], synthetic: readonly TypedColumn[], warnings: string[],
): [TypedColumn, TypedColumn][] {
  const byName = new Map(synthetic.map((c) => [c.name, c]));
  const pairs: [TypedColumn, TypedColumn][] = [];
  for (const column of real) {
    const twin = byName.get(column.name);
    if (twin === undefined) {
      warnings.push(`Column "${column.name}" is missing from the synthetic table; skipped.`);
    } else if (twin.kind !== column.kind) {
      throw new LniError('column-kind-mismatch', `Column "${column.name}" is ${column.kind} in`
        + ` the real table but ${twin.kind} in the synthetic one.`, { column: column.name });
    } else {
      pairs.push([column, twin]);
    }
  }
  const realNames = new Set(real.map((c) => c.name));
  for (const column of synthetic) {
    if (!realNames.has(column.name)) {
      warnings.push(`Column "${column.name}" is only in the synthetic table; skipped.`);
    }
  }
  return pairs;
}

function columnFidelity(a: TypedColumn, b: TypedColumn, warnings: string[]): ColumnFidelity {
  const missing = missingRate(a, b);
  const result: ColumnFidelity = {
    name: a.name, kind: a.kind, type: a.type,
    ...(a.kind === 'numeric' && a.dateFormat !== undefined ? { dateFormat: a.dateFormat } : {}),
    missingReal: missing.breakdown.real, missingSynthetic: missing.breakdown.synthetic, missing,
    meanReal: null, meanSynthetic: null, sdReal: null, sdSynthetic: null,
  };
  const notes: (string | undefined)[] = [missing.warning];
  if (a.kind === 'numeric' && b.kind === 'numeric') {
    const ks = kolmogorovSmirnov(a.values, b.values);
    const mean = meanDifference(a.values, b.values);
    const sd = standardDeviationRatio(a.values, b.values);
    Object.assign(result, {
      ks, mean, sd,
      meanReal: mean.breakdown.real, meanSynthetic: mean.breakdown.synthetic,
      sdReal: sd.breakdown.real, sdSynthetic: sd.breakdown.synthetic,
    });
    notes.push(ks.warning, mean.warning, sd.warning);
  } else if (a.kind === 'categorical' && b.kind === 'categorical') {
    result.tv = totalVariation(a.values, b.values);
    notes.push(result.tv.warning);
  }
  for (const note of notes) if (note !== undefined) warnings.push(`${a.name}: ${note}`);
  return result;
}
