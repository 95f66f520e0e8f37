export type { Direction, MetricResult } from './metric.js';
export { kolmogorovSmirnov } from './kolmogorov-smirnov.js';
export type { KolmogorovSmirnovBreakdown } from './kolmogorov-smirnov.js';
export { totalVariation } from './total-variation.js';
export { missingRate, missingShare } from './missing-rate.js';
export { meanDifference } from './mean.js';
export { standardDeviationRatio } from './standard-deviation.js';
export { moments } from './moments.js';
export { pearson, spearman } from './correlation.js';
export type { Correlation, CorrelationMethod } from './correlation.js';
export { correlationMatrix, compareCorrelations } from './correlation-matrix.js';
export type { CorrelationComparison, CorrelationMatrix } from './correlation-matrix.js';
export { contingencySimilarity, contingencyPairs } from './contingency.js';
export type { ContingencyPair, ContingencySummary } from './contingency.js';
export { fitOls } from './ols.js';
export { fitLogistic, logistic } from './logistic.js';
export type { Estimate, ModelFit } from './model.js';
export { specifyDesign, buildDesign } from './design.js';
export { checkRegressionColumns } from './regression-columns.js';
export type { Design, DesignSpec, Family } from './design.js';
export { compareModels, COEFFICIENT_DEGREE } from './models.js';
export type { ModelComparison, TermComparison } from './models.js';
export { intervalOverlap } from './overlap.js';
export { areaUnderCurve, rSquared } from './prediction.js';
export { trainSyntheticTestReal } from './tstr.js';
export type { TrainTestComparison } from './tstr.js';
export {
  wOnlyVarianceFactor, correctWOnly, siteCorrection, checkCorrectionInputs,
} from './correction.js';
export type { NaiveEstimate, SiteCorrected } from './correction.js';
export { studentQuantile975, NORMAL_975 } from './distributions.js';
export { evaluate } from './evaluate.js';
export { levelMismatches, levelMismatchWarning, checkModelLevels } from './alignment.js';
export type { LevelMismatch } from './alignment.js';
export type { Evaluation, EvaluateOptions, ColumnFidelity } from './evaluate.js';
export {
  evaluationSchema, withSortedLevels, lenient, skippedColumnNotes,
} from './evaluation-schema.js';
export { evaluationJson, EVALUATION_LEGEND } from './evaluation-json.js';
export type { EvaluationRows, EvaluationWeight } from './evaluation-json.js';
