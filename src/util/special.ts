/**
 * The special functions lni needs, in one place: ln Γ, the regularized
 * incomplete gamma, the χ² distribution (Cochran's Q, the Q-profile
 * interval, the data-free clipping radius), erfc and the standard normal on
 * a log scale (the privacy accountant, deep into the lower tail) and its
 * quantile (confidence intervals). Written from the textbook expansions
 * (Abramowitz and Stegun 1964, §6.1, §6.5 and §7.1), so the library has no
 * statistics dependency and each branch can be checked against its own
 * closed form.
 */
import { assert } from './errors.js';

const SQRT_PI = Math.sqrt(Math.PI);
const LOG_SQRT_PI = 0.5 * Math.log(Math.PI);

/**
 * ln Γ(x) for x > 0: upward recurrence Γ(x) = Γ(x + n)/(x(x+1)…) to x ≥ 15,
 * then Stirling's series
 *   ln Γ(x) = (x − ½) ln x − x + ½ ln 2π
 *             + 1/(12x) − 1/(360x³) + 1/(1260x⁵) − 1/(1680x⁷) + 1/(1188x⁹),
 * whose truncation error at x ≥ 15 is below 1e-15 (A&S 6.1.40).
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
 * Regularized incomplete gamma P(a, x) = γ(a, x) / Γ(a) and Q = 1 − P.
 * Power series γ(a,x) = e^(−x) xᵃ Σ xⁿ/(a(a+1)…(a+n)) for x < a + 1
 * (A&S 6.5.29), and otherwise the continued fraction for Q (A&S 6.5.31)
 *   Q(a, x) = e^(−x) xᵃ / Γ(a) ·
 *     1/(x + 1 − a − 1(1 − a)/(x + 3 − a − 2(2 − a)/(x + 5 − a − …)))
 * evaluated with the modified Lentz method.
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
    // Every term is positive, so the sum only grows.
    let term = 1 / a;
    let sum = term;
    for (let n = 1; n < 10_000; n++) {
      term *= x / (a + n);
      sum += term;
      if (term < sum * 1e-17) break;
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

/** P(a, x), the regularized lower incomplete gamma. @param a > 0. @param x ≥ 0. */
export function regularizedGammaP(a: number, x: number): number {
  return regularizedGamma(a, x)[0];
}

/** P(X ≤ x) for X ~ χ²(df): P(df/2, x/2). df > 0; 0 for x ≤ 0. */
export function chiSquareCdf(x: number, df: number): number {
  return x <= 0 ? 0 : regularizedGamma(df / 2, x / 2)[0];
}

/** P(X > x) for X ~ χ²(df), accurate far into the upper tail. */
export function chiSquareSurvival(x: number, df: number): number {
  return x <= 0 ? 1 : regularizedGamma(df / 2, x / 2)[1];
}

/**
 * The q-quantile of χ²(df): the x with P(X ≤ x) = q, by bisection on the
 * CDF to 1e-12 relative. Used for the Q-profile interval and for the
 * data-free clipping radius R = √(χ²_p quantile 0.99) (method.md §3.4).
 *
 * @param q in (0, 1). @param df degrees of freedom > 0.
 */
export function chiSquareQuantile(q: number, df: number): number {
  assert(q > 0 && q < 1, () => `chiSquareQuantile needs q in (0, 1), got ${q}`);
  assert(df > 0, () => `chiSquareQuantile needs df > 0, got ${df}`);
  let low = 0;
  let high = Math.max(1, df);
  while (chiSquareCdf(high, df) < q) high *= 2;
  while (high - low > 1e-12 * high) {
    const middle = 0.5 * (low + high);
    if (chiSquareCdf(middle, df) < q) low = middle;
    else high = middle;
  }
  return 0.5 * (low + high);
}

/**
 * erf(x) for 0 ≤ x < 2 by the all-positive series
 *   erf(x) = (2/√π) e^(−x²) Σ_n (2x²)ⁿ x / (1·3·…·(2n+1))      (A&S 7.1.6)
 * Every term is positive, so there is no cancellation.
 */
function erfSeries(x: number): number {
  const twoX2 = 2 * x * x;
  let term = x;
  let sum = x;
  for (let n = 1; n < 200; n++) {
    term *= twoX2 / (2 * n + 1);
    sum += term;
    if (term < sum * 1e-17) break;
  }
  return (2 / SQRT_PI) * Math.exp(-x * x) * sum;
}

/**
 * log(√π e^(x²) erfc(x)) for x ≥ 2 by the continued fraction
 *   √π e^(x²) erfc(x) = 1/(x + (1/2)/(x + 1/(x + (3/2)/(x + 2/(x + …)))))   (A&S 7.1.14)
 * evaluated with the modified Lentz method. It is the asymptotic tail made
 * exact: the first convergent is 1/x, the Mills-ratio leading term.
 */
function logScaledErfcTail(x: number): number {
  const tiny = 1e-300;
  let f = x;
  let c = x;
  let d = 0;
  for (let k = 1; k < 5000; k++) {
    const a = k / 2;
    d = x + a * d;
    d = d === 0 ? tiny : 1 / d;
    c = x + a / c;
    if (c === 0) c = tiny;
    const step = c * d;
    f *= step;
    if (Math.abs(step - 1) < 1e-16) break;
  }
  return -Math.log(f);
}

/**
 * log erfc(x), accurate to a few ulps in relative terms for every finite x,
 * including x in the hundreds where erfc(x) underflows.
 *
 *   x < 0:      erfc(x) = 2 − erfc(|x|)
 *   0 ≤ x < 2:  erfc(x) = 1 − erf(x)  (erfc(2) ≈ 0.0047, so ≤ 3 digits lost)
 *   x ≥ 2:      −x² − log √π + log(continued fraction)
 */
export function logErfc(x: number): number {
  if (Number.isNaN(x)) return NaN;
  if (x === Infinity) return -Infinity;
  if (x < 0) return Math.LN2 + Math.log1p(-Math.exp(logErfc(-x) - Math.LN2));
  if (x < 2) return Math.log1p(-erfSeries(x));
  return -x * x - LOG_SQRT_PI + logScaledErfcTail(x);
}

/**
 * log Φ(x), Φ the standard normal CDF: log Φ(x) = log(erfc(−x/√2) / 2).
 * For x ≥ 0 it uses log1p(−Φ(−x)) so values near 0 keep their precision.
 *
 * @param x any real; log Φ(−1000) ≈ −500007.83 is returned without underflow.
 */
export function logNormalCdf(x: number): number {
  if (Number.isNaN(x)) return NaN;
  if (x === Infinity) return 0;
  if (x >= 0) return Math.log1p(-Math.exp(logErfc(x / Math.SQRT2) - Math.LN2));
  return logErfc(-x / Math.SQRT2) - Math.LN2;
}

/** Φ(x), the standard normal CDF (via logNormalCdf); NaN for NaN. */
export function normalCdf(x: number): number {
  return Math.exp(logNormalCdf(x));
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
