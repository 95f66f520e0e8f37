/**
 * lni's library surface: what `import … from 'lni'` gives. The steps of a
 * release, in the order a script takes them:
 *
 *   parseCsv → inferSchema → fitModel → synthesize → formatCsv,
 *   certifySensitivity → privacySummary (ε for that w),
 *   withReleaseNotes (the release's notes and warnings into the summary
 *   that travels with it, as `lni run` writes it),
 *   auditAndRelease (the CLI's `lni run`: audit, calibrate w, release),
 *   compareTables (`lni evaluate` on two tables; evaluate takes typed
 *   columns, typedColumns makes them), poolSites (meta-analysis),
 *   renderReport.
 *
 * Bad input throws LniError (its `code`, `file`, `column`, `row` and
 * `hint` name what to fix); anything else thrown is a bug in lni. Each
 * folder's own index holds more for those who need it (the flow, the
 * attacks, the metrics one by one).
 */
export { LniError } from './util/errors.js';

export {
  parseCsv, formatCsv, defaultDialect, inferSchema, validateSchema, SCHEMA_VERSION,
  parseParquet, formatParquet, isParquet, schemaFromSdv, Encoder, typedColumns,
} from './table/index.js';
export type {
  Table, TypedColumn, ColumnType, Dialect, ParseOptions, ParsedCsv, InferOptions, Schema,
  ColumnSchema, ParsedParquet,
} from './table/index.js';

export {
  fitModel, serializeModel, parseModel, synthesize, latentRows, auditAndRelease, runAudit,
  compareTables, checkWeight, checkSeed, MAX_SEED,
} from './model/index.js';
export type {
  LniModel, FitOptions, TrainingSummary, Synthesis, SynthesisOptions, Release,
  ReleaseOptions, ReleaseStage, WeightChoice, AuditResult, CompareOptions,
} from './model/index.js';

export {
  certifySensitivity, autoClipRadius, privacySummary, renderPrivacySummary,
  analyticGaussianEpsilon, classicalGaussianEpsilon, gaussianMu, largestWForEpsilon,
  calibrateW, runAttacks, withReleaseNotes, DEFAULT_DELTA, DEFAULT_TARGET_AUC, DEFAULT_W_GRID,
} from './privacy/index.js';
export type {
  SensitivityCertificate, PrivacySummary, SummaryInput, Calibration, FrontierPoint,
  AttackResult, AttackReport,
} from './privacy/index.js';

export { evaluate, evaluationJson, lenient } from './evaluate/index.js';
export type {
  Evaluation, EvaluateOptions, ColumnFidelity, EvaluationRows, EvaluationWeight,
} from './evaluate/index.js';

export {
  poolSites, fixedEffect, randomEffects, metaAnalyze, termJson,
} from './meta/index.js';
export type {
  SiteValue, Pooled, PoolOptions, FixedEffect, RandomEffects, MetaResult, MetaOptions, TermResult,
  SiteInput, Estimand,
} from './meta/index.js';

export { renderReport, assembleReport, columnMarginals } from './report/index.js';
export type { ReportSources } from './report/index.js';
