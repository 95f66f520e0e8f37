import { assert } from '../util/errors.js';

/**
 * B: every encoded dimension lies in [−B, B]. The probability scale [0, 1]
 * is mapped onto [α, 1 − α] with α = Φ(−B) before Φ⁻¹, so the box is fixed
 * by construction (it depends on no row) and the marginal is N(0, 1)
 * truncated at ±B, which loses 2·Φ(−5) ≈ 6e-7 of the mass.
 */
export const NORMAL_SCORE_BOUND = 5;

const ALPHA = standardNormalCdf(-NORMAL_SCORE_BOUND);

/**
 * The normal score of a probability: e = Φ⁻¹(α + (1 − 2α) q), q in [0, 1],
 * e in [−B, B] (B = NORMAL_SCORE_BOUND).
 */
export function toNormalScore(q: number): number {
  const clipped = Math.min(Math.max(q, 0), 1);
  const e = standardNormalQuantile(ALPHA + (1 - 2 * ALPHA) * clipped);
  // Φ is only accurate to ~1e-16 absolute, which moves Φ⁻¹ by ~1e-10 at ±B.
  return Math.min(Math.max(e, -NORMAL_SCORE_BOUND), NORMAL_SCORE_BOUND);
}

/** The inverse of toNormalScore: q = (Φ(e) − α)/(1 − 2α), e clipped to ±B. */
export function fromNormalScore(e: number): number {
  const clipped = Math.min(Math.max(e, -NORMAL_SCORE_BOUND), NORMAL_SCORE_BOUND);
  const q = (standardNormalCdf(clipped) - ALPHA) / (1 - 2 * ALPHA);
  return Math.min(Math.max(q, 0), 1);
}

/**
 * Φ(x), the standard normal CDF, from the series
 *   Φ(x) = ½ + φ(x) Σₙ x^(2n+1) / (2n+1)!!
 * (Abramowitz and Stegun 1964, 26.2.11), whose terms all share the sign of
 * x, so the sum has no cancellation. Absolute error about 1e-16 for
 * |x| ≤ 8; outside that Φ is returned as 0 or 1 to double precision.
 */
export function standardNormalCdf(x: number): number {
  if (Number.isNaN(x)) return NaN;
  if (x <= -8) return 0;
  if (x >= 8) return 1;
  const square = x * x;
  let term = x;
  let sum = x;
  for (let n = 1; n < 500 && Math.abs(term) > 1e-17 * Math.abs(sum); n++) {
    term *= square / (2 * n + 1);
    sum += term;
  }
  return Math.min(Math.max(0.5 + standardNormalDensity(x) * sum, 0), 1);
}

/** φ(x), the standard normal density. */
export function standardNormalDensity(x: number): number {
  return Math.exp(-0.5 * x * x) / Math.sqrt(2 * Math.PI);
}

/**
 * Φ⁻¹(q) for q in (0, 1): the rational start of Abramowitz and Stegun
 * (1964, 26.2.23, error < 4.5e-4), then Newton steps on standardNormalCdf
 * kept inside a shrinking bracket, until a step is below 1e-15. Being the
 * exact inverse of standardNormalCdf (not of the true Φ) is what makes
 * encode-then-decode return every cell.
 */
export function standardNormalQuantile(q: number): number {
  assert(q > 0 && q < 1, () => `standardNormalQuantile needs q in (0, 1), got ${q}`);
  const tail = Math.min(q, 1 - q);
  const t = Math.sqrt(-2 * Math.log(tail));
  const start = t - (2.515517 + t * (0.802853 + t * 0.010328))
    / (1 + t * (1.432788 + t * (0.189269 + t * 0.001308)));
  let x = q < 0.5 ? -start : start;
  let low = -8;
  let high = 8;
  for (let iteration = 0; iteration < 100; iteration++) {
    const gap = standardNormalCdf(x) - q;
    if (gap > 0) high = Math.min(high, x);
    else low = Math.max(low, x);
    let next = x - gap / standardNormalDensity(x);
    if (!(next > low && next < high)) next = 0.5 * (low + high);
    const step = Math.abs(next - x);
    x = next;
    if (step < 1e-15 * Math.max(1, Math.abs(x)) || high - low < 1e-15) break;
  }
  return x;
}
