/**
 * The few distribution functions meta-analysis needs: the chi-square
 * distribution (Cochran's Q and the Q-profile interval) and the standard
 * normal (confidence intervals). Written from the textbook definitions so
 * the library has no statistics dependency.
 */
import { assert } from '../util/errors.js';

/**
 * ln Γ(x) for x > 0: upward recurrence to x ≥ 15, then Stirling's series
 *   ln Γ(x) = (x − ½) ln x − x + ½ ln 2π
 *             + 1/(12x) − 1/(360x³) + 1/(1260x⁵) − 1/(1680x⁷) + 1/(1188x⁹),
 * whose truncation error at x ≥ 15 is below 1e-15 (Abramowitz and Stegun
 * 1964, 6.1.40).
 */
export function logGamma(x: number): number {
  assert(x > 0, () => `logGamma needs x > 0, got ${x}`);
  let shift = 0;
  while (x < 15) {
    shift += Math.log(x);
    x += 1;
  }
  const inverse = 1 / x;
  const inverse2 = inverse * inverse;
  const series = inverse
    * (1 / 12 - inverse2 * (1 / 360 - inverse2 * (1 / 1260
      - inverse2 * (1 / 1680 - inverse2 / 1188))));
  return (x - 0.5) * Math.log(x) - x + 0.5 * Math.log(2 * Math.PI) + series - shift;
}

/**
 * Regularized lower incomplete gamma P(a, x) = γ(a, x) / Γ(a).
 * Power series for x < a + 1, and the continued fraction for Q = 1 − P
 * (modified Lentz) otherwise (Abramowitz and Stegun 1964, 6.5.29 and 6.5.31).
 *
 * @param a shape > 0
 * @param x ≥ 0
 * @returns [P, Q], each computed directly so the smaller one keeps its
 *   relative precision (p-values far in the tail).
 */
export function regularizedGamma(a: number, x: number): [number, number] {
  assert(a > 0 && x >= 0, () => `regularizedGamma needs a > 0, x ≥ 0; got a=${a}, x=${x}`);
  if (x === 0) return [0, 1];
  const logPrefix = a * Math.log(x) - x - logGamma(a);
  if (x < a + 1) {
    let term = 1 / a;
    let sum = term;
    for (let n = 1; n < 10_000; n++) {
      term *= x / (a + n);
      sum += term;
      if (Math.abs(term) < Math.abs(sum) * 1e-16) break;
    }
    const lower = Math.min(1, sum * Math.exp(logPrefix));
    return [lower, 1 - lower];
  }
  const tiny = 1e-300;
  let b = x + 1 - a;
  let c = 1 / tiny;
  let d = 1 / b;
  let fraction = d;
  for (let n = 1; n < 10_000; n++) {
    const an = -n * (n - a);
    b += 2;
    d = an * d + b;
    if (Math.abs(d) < tiny) d = tiny;
    c = b + an / c;
    if (Math.abs(c) < tiny) c = tiny;
    d = 1 / d;
    const delta = d * c;
    fraction *= delta;
    if (Math.abs(delta - 1) < 1e-16) break;
  }
  const upper = Math.min(1, fraction * Math.exp(logPrefix));
  return [1 - upper, upper];
}

/** P(X ≤ x) for X ~ χ²(df): P(df/2, x/2). df > 0, x ≥ 0. */
export function chiSquareCdf(x: number, df: number): number {
  return x <= 0 ? 0 : regularizedGamma(df / 2, x / 2)[0];
}

/** P(X > x) for X ~ χ²(df), accurate far into the upper tail. */
export function chiSquareSurvival(x: number, df: number): number {
  return x <= 0 ? 1 : regularizedGamma(df / 2, x / 2)[1];
}

/**
 * The q-quantile of χ²(df), by bisection on the CDF to 1e-12 relative.
 * @param q in (0, 1)
 */
export function chiSquareQuantile(q: number, df: number): number {
  assert(q > 0 && q < 1, () => `chiSquareQuantile needs q in (0, 1), got ${q}`);
  let high = Math.max(1, df);
  while (chiSquareCdf(high, df) < q) high *= 2;
  let low = 0;
  while (high - low > 1e-12 * high) {
    const middle = 0.5 * (low + high);
    if (chiSquareCdf(middle, df) < q) low = middle;
    else high = middle;
  }
  return 0.5 * (low + high);
}

/**
 * Φ(x), the standard normal CDF, through erfc(y) = Q(½, y²) for y ≥ 0:
 * Φ(x) = ½ erfc(−x/√2) (Abramowitz and Stegun 1964, 6.5.17 and 26.2.29).
 */
export function normalCdf(x: number): number {
  if (Number.isNaN(x)) return NaN;
  const y = Math.abs(x) / Math.SQRT2;
  const tail = 0.5 * regularizedGamma(0.5, y * y)[1];
  return x < 0 ? tail : 1 - tail;
}

/** Φ⁻¹(q), by bisection on Φ to 1e-14 absolute. q in (0, 1). */
export function normalQuantile(q: number): number {
  assert(q > 0 && q < 1, () => `normalQuantile needs q in (0, 1), got ${q}`);
  let low = -40;
  let high = 40;
  while (high - low > 1e-14) {
    const middle = 0.5 * (low + high);
    if (normalCdf(middle) < q) low = middle;
    else high = middle;
  }
  return 0.5 * (low + high);
}
