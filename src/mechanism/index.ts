export type { Bijection } from './bijection.js';
export { injectNoise, clipLatentRows } from './inject.js';
export type { Injection, InjectionOptions } from './inject.js';
export { fitLinearGaussian, linearGaussianBijection } from './linear-gaussian.js';
export { cholesky } from '../util/cholesky.js';
