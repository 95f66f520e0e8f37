export {
  fixedEffect, randomEffects, poolSites, generalizedQ, qProfileInterval,
  higginsThompsonInterval,
} from './pool.js';
export type { SiteValue, FixedEffect, RandomEffects, Pooled, PoolOptions } from './pool.js';
export { estimateSites } from './sites.js';
export type { Estimand, EstimationOptions, SiteTermEstimate, SiteEstimates } from './sites.js';
export type { SiteInput, CovariatePlan } from './harmonize.js';
export { planCovariates, termNames, levelTerm, INTERCEPT } from './harmonize.js';
export { checkSitesAgree } from './agreement.js';
export { metaAnalyze, forestPlotData, onCommonSites, termJson } from './analyze.js';
export type { MetaResult, MetaOptions, TermResult, ForestRow } from './analyze.js';
export { siteSchema, canonicalLevels, resolveFamily, checkOutcomeCodings } from './coding.js';
export type { FamilyChoice, ResolvedModel } from './coding.js';
export { fitRegression, correctVarianceForW } from './regression.js';
export type { RegressionFit, RegressionKind } from './regression.js';
export {
  chiSquareCdf, chiSquareSurvival, chiSquareQuantile, normalCdf, normalQuantile,
} from '../util/special.js';
