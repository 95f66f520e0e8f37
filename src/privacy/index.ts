/**
 * Privacy for latent noise injection (method.md §3, §5, §6): the analytic
 * Gaussian accountant, sensitivity certificates for the flow, membership
 * attacks, calibration of w, and the privacy summary the CLI writes.
 */
export {
  analyticGaussianEpsilon, checkWeight, classicalGaussianEpsilon, gaussianMu,
  largestWForEpsilon,
  logGaussianDelta, NO_PRIVACY_WARNING, noPrivacyWarning, privacyLoss,
} from './accountant.js';
export type { PrivacyLoss } from './accountant.js';
// The special functions live in util/ (shared with meta/); the privacy
// module keeps exporting them under the names it always used.
export {
  chiSquareCdf as chiSquaredCdf, chiSquareQuantile as chiSquaredQuantile, logErfc, logGamma,
  logNormalCdf, normalCdf, regularizedGammaP,
} from '../util/special.js';
export { autoClipRadius, certifySensitivity, checkClipRadius, clipRadiusAt } from './sensitivity.js';
export type { DomainBox, SensitivityBound, SensitivityCertificate } from './sensitivity.js';
export { boxDiameter, propagateBox } from './interval.js';
export type { BlockEnclosure, Box, CertifiableFlow } from './interval.js';
export { adversarialSensitivity } from './adversarial.js';
export type { AdversarialOptions } from './adversarial.js';
export * from './attacks/index.js';
export { calibrateW, DEFAULT_TARGET_AUC, DEFAULT_W_GRID } from './calibrate.js';
export type {
  Calibration, CalibrationChoice, CalibrationOptions, CalibrationTarget, FrontierPoint,
} from './calibrate.js';
export {
  assumptions as privacyAssumptions, DEFAULT_DELTA, privacySummary, renderPrivacySummary,
  withReleaseNotes, withoutRows, releasedPerFitted, summaryWeight,
} from './summary.js';
export type { PrivacySummary, SummaryInput, SummaryWeight } from './summary.js';
export { passThroughSummary, renderPassThroughSummary } from './pass-through.js';
export type { PassThroughColumns, PassThroughSummary } from './pass-through.js';
