import { assert, LniError, shown } from '../util/errors.js';
import { logNormalCdf } from '../util/special.js';

/**
 * The privacy loss of one released row, or the statement that there is none
 * to bound (w = 1 releases the row itself).
 */
export type PrivacyLoss =
  | { kind: 'epsilon'; epsilon: number; mu: number; delta: number }
  | { kind: 'none'; reason: string };

/**
 * The Gaussian mechanism's sensitivity-to-noise ratio for latent noise
 * injection (method.md §3.2):
 *   μ = √w · S / √(1 − w) = S · √(w / (1 − w)).
 *
 * @param sensitivity S ≥ 0, the L2 sensitivity of f⁻¹ over the domain.
 * @param w in [0, 1); w = 1 has no finite μ (use privacyLoss, which says so).
 */
export function gaussianMu(sensitivity: number, w: number): number {
  checkArgument('the sensitivity S', sensitivity, (x) => x >= 0, 'a finite number ≥ 0');
  checkArgument('w', w, (x) => x >= 0 && x < 1, 'a number in [0, 1)',
    'w = 1 has no finite μ: privacyLoss says there is no privacy');
  return sensitivity * Math.sqrt(w / (1 - w));
}

/**
 * Throws LniError unless `value` is a finite number that passes `valid`:
 * these functions are public, and a bad argument is the caller's input.
 */
function checkArgument(
  name: string, value: number, valid: (x: number) => boolean, expected: string,
  hint?: string,
): void {
  if (typeof value === 'number' && Number.isFinite(value) && valid(value)) return;
  throw new LniError('invalid-option', `${name} must be ${expected}, got ${shown(value)}`,
    hint === undefined ? {} : { hint });
}

function checkDelta(delta: number): void {
  checkArgument('δ', delta, (x) => x > 0 && x < 1, 'a number in (0, 1)',
    'e.g. 1e-6, below 1 / the number of released rows');
}

/**
 * log δ(ε; μ), the exact δ of a Gaussian mechanism with ratio μ at ε
 * (Balle and Wang 2018, Theorem 8):
 *   δ(ε) = Φ(μ/2 − ε/μ) − e^ε Φ(−μ/2 − ε/μ),
 * computed as log Φ(a) + log(1 − exp(ε + log Φ(b) − log Φ(a))), so neither
 * term underflows for μ up to 1e3 and the difference keeps its digits.
 */
export function logGaussianDelta(epsilon: number, mu: number): number {
  assert(mu > 0 && Number.isFinite(mu), () => `μ must be finite and > 0, got ${mu}`);
  const a = mu / 2 - epsilon / mu;
  const b = -mu / 2 - epsilon / mu;
  const logA = logNormalCdf(a);
  const exponent = epsilon + logNormalCdf(b) - logA;
  // The exact exponent is < 0 for μ > 0; rounding can push it to 0.
  if (exponent >= 0) return -Infinity;
  return logA + Math.log(-Math.expm1(exponent));
}

/**
 * The smallest ε ≥ 0 for which a Gaussian mechanism with sensitivity/noise
 * ratio μ is (ε, δ)-DP, by the analytic Gaussian mechanism (Balle and Wang
 * 2018): δ(ε) falls as ε grows, so bisection on ε finds the root to 1e-13
 * relative.
 *
 * @param mu in [0, ∞): 0 gives ε = 0; checked for 1e-3 ≤ μ ≤ 1e3.
 * @param delta in (0, 1).
 */
export function analyticGaussianEpsilon(mu: number, delta: number): number {
  checkDelta(delta);
  checkArgument('μ', mu, (x) => x >= 0, 'a finite number ≥ 0');
  if (mu === 0) return 0;
  const logDelta = Math.log(delta);
  if (logGaussianDelta(0, mu) <= logDelta) return 0;

  let low = 0;
  let high = Math.max(1, mu * mu / 2 + 2 * mu);
  while (logGaussianDelta(high, mu) > logDelta) {
    low = high;
    high *= 2;
  }
  while (high - low > 1e-13 * high) {
    const middle = (low + high) / 2;
    if (middle === low || middle === high) break;
    if (logGaussianDelta(middle, mu) > logDelta) low = middle;
    else high = middle;
  }
  return high;
}

/**
 * The classical Gaussian-mechanism bound ε = √(2 ln(1.25/δ)) · μ (Dwork and
 * Roth 2014, Theorem A.1). Valid only for ε < 1; shown for comparison, never
 * used as the guarantee.
 *
 * @param mu ≥ 0. @param delta in (0, 1).
 */
export function classicalGaussianEpsilon(mu: number, delta: number): number {
  checkDelta(delta);
  checkArgument('μ', mu, (x) => x >= 0, 'a finite number ≥ 0');
  return Math.sqrt(2 * Math.log(1.25 / delta)) * mu;
}

/** Said wherever a w = 1 release is made or summarized (one text, so it is listed once). */
export const NO_PRIVACY_WARNING = 'w = 1 releases the real rows unchanged: no privacy.';

/**
 * The w = 1 warning, true with latent clipping too: a row whose latent
 * vector is longer than R is pulled onto that sphere and comes back changed.
 */
export function noPrivacyWarning(clipRadius: number | null | undefined): string {
  if (clipRadius === null || clipRadius === undefined) return NO_PRIVACY_WARNING;
  return 'w = 1 releases the real rows unchanged, except those whose latent vector is longer '
    + 'than the clipping radius R (pulled onto that sphere, so changed): no privacy.';
}

/** Throws a user-facing error unless 0 ≤ w ≤ 1. */
export function checkWeight(w: number): void {
  if (!(Number.isFinite(w) && w >= 0 && w <= 1)) {
    throw new LniError('invalid-option', `w must be a number in [0, 1], got ${shown(w)}`, {
      hint: 'w = 1 returns the data, w = 0 samples afresh; e.g. --w 0.5',
    });
  }
}

/**
 * ε of one released row of latent noise injection at weight w (method.md
 * §3): μ = S·√(w/(1 − w)), then the analytic Gaussian mechanism.
 * w = 1 returns { kind: 'none' }: the row is released as is.
 *
 * @param sensitivity S ≥ 0. @param w in [0, 1]. @param delta in (0, 1).
 */
export function privacyLoss(sensitivity: number, w: number, delta: number): PrivacyLoss {
  assert(w >= 0 && w <= 1, () => `w must be in [0, 1], got ${w}`);
  if (w === 1) {
    return { kind: 'none', reason: NO_PRIVACY_WARNING };
  }
  const mu = gaussianMu(sensitivity, w);
  return { kind: 'epsilon', epsilon: analyticGaussianEpsilon(mu, delta), mu, delta };
}

/**
 * The largest w whose ε(w, δ) is at most targetEpsilon: bisection on μ for
 * δ(targetEpsilon; μ) = δ (δ grows with μ at fixed ε), then
 *   w = μ² / (S² + μ²)   (the inverse of μ = S·√(w/(1 − w))).
 *
 * @param sensitivity S > 0 (S = 0 makes every w < 1 private: returns 1 −
 *   1e-12 would be a made-up number, so S must be positive).
 * @param targetEpsilon > 0. @param delta in (0, 1).
 * @returns w in [0, 1).
 */
export function largestWForEpsilon(
  sensitivity: number, targetEpsilon: number, delta: number,
): number {
  checkArgument('the sensitivity S', sensitivity, (x) => x > 0, 'a finite number > 0');
  checkArgument('the target ε', targetEpsilon, (x) => x > 0, 'a finite number > 0');
  checkDelta(delta);
  const logDelta = Math.log(delta);
  let low = 0;
  let high = 1;
  while (logGaussianDelta(targetEpsilon, high) <= logDelta) {
    low = high;
    high *= 2;
  }
  while (high - low > 1e-13 * high) {
    const middle = (low + high) / 2;
    if (middle === low || middle === high) break;
    if (logGaussianDelta(targetEpsilon, middle) <= logDelta) low = middle;
    else high = middle;
  }
  // low satisfies the target; w rounds down so ε(w) never exceeds it.
  // Below 1 whatever the rounding: w = 1 releases the data (a tiny S made μ² swamp S²).
  const weight = (mu: number) =>
    Math.min((mu * mu) / (sensitivity * sensitivity + mu * mu), 1 - Number.EPSILON / 2);
  let mu = low;
  // The ε printed for w is solved forwards, whose rounding at a tiny target
  // (1e-12) read 3e-5 above it: step μ down until that ε is within it too.
  for (let step = 1e-14; step < 1
    && epsilonAt(sensitivity, weight(mu), delta) > targetEpsilon; step *= 4) {
    mu *= 1 - step;
  }
  return weight(mu);
}

function epsilonAt(sensitivity: number, w: number, delta: number): number {
  return analyticGaussianEpsilon(gaussianMu(sensitivity, w), delta);
}
