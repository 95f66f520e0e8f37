export { fitModel, serializeModel, parseModel, MODEL_FORMAT, MODEL_VERSION } from './model.js';
export type { LniModel, FitOptions, TrainingSummary } from './model.js';
export { synthesize, latentRows, checkWeight } from './synthesize.js';
export type { Synthesis, SynthesisOptions } from './synthesize.js';
export { auditAndRelease, runAudit } from './release.js';
export type {
  AuditResult, Release, ReleaseOptions, ReleaseStage, WeightChoice,
} from './release.js';
export { compareTables, fidelityHeadline } from './fidelity.js';
export type { FidelityHeadline } from './fidelity.js';
export { selectTableRows } from './subset.js';
