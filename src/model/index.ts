export { fitModel, serializeModel, parseModel, MODEL_FORMAT, MODEL_VERSION } from './model.js';
export type { LniModel, FitOptions, TrainingSummary } from './model.js';
export { synthesize, latentRows, checkWeight } from './synthesize.js';
export type { Synthesis, SynthesisOptions } from './synthesize.js';
