import { assert } from '../util/errors.js';

/*
 * Special functions the accountant and the clipping radius need: the normal
 * CDF on a log scale (deep into the lower tail) and the χ² quantile. Written
 * from the textbook expansions (Abramowitz and Stegun 1964, §6.5 and §7.1),
 * so each branch can be checked against its own closed form.
 */

const SQRT_PI = Math.sqrt(Math.PI);
const LOG_SQRT_PI = 0.5 * Math.log(Math.PI);

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

/** Φ(x), the standard normal CDF (via logNormalCdf). */
export function normalCdf(x: number): number {
  return Math.exp(logNormalCdf(x));
}

/**
 * log Γ(x) for x > 0: shift up to x ≥ 15 by Γ(x) = Γ(x + n)/(x(x+1)…), then
 * Stirling's series with four Bernoulli corrections (A&S 6.1.40); the
 * truncation error at x = 15 is below 1e-16.
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
  const series = inverse * (1 / 12 - inverse2 * (1 / 360 - inverse2 * (1 / 1260
    - inverse2 * (1 / 1680))));
  return (x - 0.5) * Math.log(x) - x + 0.5 * Math.log(2 * Math.PI) + series - shift;
}

/**
 * Regularized lower incomplete gamma P(a, x) = γ(a, x)/Γ(a).
 * Series γ(a,x) = e^(−x) xᵃ Σ xⁿ/(a(a+1)…(a+n)) for x < a + 1 (A&S 6.5.29);
 * otherwise 1 − Q(a, x) with Q from its continued fraction (A&S 6.5.31).
 *
 * @param a > 0. @param x ≥ 0.
 */
export function regularizedGammaP(a: number, x: number): number {
  assert(a > 0 && x >= 0, () => `regularizedGammaP needs a > 0, x ≥ 0, got ${a}, ${x}`);
  if (x === 0) return 0;
  const logPrefix = -x + a * Math.log(x) - logGamma(a);
  if (x < a + 1) {
    let term = 1 / a;
    let sum = term;
    for (let n = 1; n < 10_000; n++) {
      term *= x / (a + n);
      sum += term;
      if (term < sum * 1e-17) break;
    }
    return Math.min(1, sum * Math.exp(logPrefix));
  }
  // Q(a, x) = e^(−x) xᵃ / Γ(a) ·
  //   1/(x + 1 − a − 1(1 − a)/(x + 3 − a − 2(2 − a)/(x + 5 − a − …)))
  const tiny = 1e-300;
  let b = x + 1 - a;
  let c = 1 / tiny;
  let d = 1 / b;
  let h = d;
  for (let n = 1; n < 10_000; n++) {
    const an = -n * (n - a);
    b += 2;
    d = an * d + b;
    if (Math.abs(d) < tiny) d = tiny;
    c = b + an / c;
    if (Math.abs(c) < tiny) c = tiny;
    d = 1 / d;
    const step = d * c;
    h *= step;
    if (Math.abs(step - 1) < 1e-16) break;
  }
  return Math.max(0, 1 - Math.exp(logPrefix) * h);
}

/** P(χ²_k ≤ q) = P(k/2, q/2). @param k degrees of freedom > 0. @param q ≥ 0. */
export function chiSquaredCdf(q: number, k: number): number {
  return regularizedGammaP(k / 2, q / 2);
}

/**
 * The χ²_k quantile: the q with P(χ²_k ≤ q) = probability, by bisection on
 * the CDF to 1e-12 relative. Used for the data-free clipping radius
 * R = √(χ²_p quantile 0.99) (method.md §3.4).
 *
 * @param probability in (0, 1). @param k degrees of freedom > 0.
 */
export function chiSquaredQuantile(probability: number, k: number): number {
  assert(probability > 0 && probability < 1,
    () => `chiSquaredQuantile needs a probability in (0, 1), got ${probability}`);
  assert(k > 0, () => `chiSquaredQuantile needs k > 0, got ${k}`);
  let low = 0;
  let high = Math.max(1, k);
  while (chiSquaredCdf(high, k) < probability) high *= 2;
  while (high - low > 1e-12 * high) {
    const middle = (low + high) / 2;
    if (chiSquaredCdf(middle, k) < probability) low = middle;
    else high = middle;
  }
  return (low + high) / 2;
}
