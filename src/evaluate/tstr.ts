import type { TypedColumn } from '../table/types.js';
import { buildDesign, specifyDesign, type DesignSpec } from './design.js';
import type { MetricResult } from './metric.js';
import { linearPredictor } from './model.js';
import { fitDesign } from './models.js';
import { areaUnderCurve, rSquared } from './prediction.js';

export interface TrainTestComparison {
  score: 'auc' | 'r2';
  /** Trained on the synthetic table, scored on the holdout. */
  trainSynthetic: MetricResult<{ holdoutRows: number }>;
  /** Trained on the real table, scored on the same holdout. */
  trainReal: MetricResult<{ holdoutRows: number }>;
  warnings: string[];
}

/**
 * Train on synthetic, test on real (Esteban, Hyland and Rätsch 2017): fits
 * the model on the synthetic table and on the real training table, and
 * scores both on held-out real rows the flow never saw: AUC for a binary
 * outcome (0.5 = chance), R² for a numeric one (0 = the holdout mean).
 * The gap between the two scores is the utility lost to synthesis.
 *
 * @returns null, with the reason in `skipped`, when there is no holdout.
 */
export function trainSyntheticTestReal(
  real: readonly TypedColumn[], synthetic: readonly TypedColumn[],
  holdout: readonly TypedColumn[] | undefined,
  outcome: string, covariates: readonly string[],
): TrainTestComparison | { skipped: string } {
  if (holdout === undefined || holdout.length === 0) {
    return { skipped: 'Train-on-synthetic test-on-real needs held-out real rows the flow'
      + ' never saw; none were given.' };
  }
  const spec = specifyDesign(real, outcome, covariates);
  const test = buildDesign(holdout, spec);
  const warnings: string[] = [];
  if (test.dropped > 0) warnings.push(`holdout: ${test.dropped} incomplete rows dropped`);
  const score = spec.family === 'linear' ? 'r2' : 'auc';
  return {
    score,
    trainSynthetic: scoreOn(synthetic, spec, test, 'synthetic', warnings),
    trainReal: scoreOn(real, spec, test, 'real', warnings),
    warnings,
  };
}

function scoreOn(
  train: readonly TypedColumn[], spec: DesignSpec,
  test: ReturnType<typeof buildDesign>, side: string, warnings: string[],
): MetricResult<{ holdoutRows: number }> {
  const linear = spec.family === 'linear';
  const result: MetricResult<{ holdoutRows: number }> = {
    value: null,
    measures: linear
      ? `R² on held-out real rows of a linear model trained on the ${side} table`
      : `AUC on held-out real rows of a logistic model trained on the ${side} table`,
    direction: 'higher-is-better',
    range: linear ? [null, 1] : [0, 1],
    baseline: linear ? '0 = predicting the holdout mean' : '0.5 = chance',
    breakdown: { holdoutRows: test.rows },
  };
  const { fit } = fitDesign(train, spec);
  if (fit.coefficients === null) {
    result.warning = `Not defined: the model trained on the ${side} table has no estimate`
      + ` (${fit.warning ?? 'unknown reason'}).`;
    warnings.push(result.warning);
    return result;
  }
  const beta = fit.coefficients.map((c) => c.estimate);
  const eta = linearPredictor(test.x, test.rows, spec.terms.length, beta);
  if (linear) {
    result.value = rSquared(eta, test.y);
  } else {
    result.value = areaUnderCurve(eta, test.y); // AUC is rank-based: η suffices
  }
  if (result.value === null) {
    result.warning = linear
      ? 'R² is not defined: the holdout has fewer than two rows or a constant outcome.'
      : 'AUC is not defined: the holdout lacks one of the two outcome classes.';
    warnings.push(`${side}: ${result.warning}`);
  }
  return result;
}
