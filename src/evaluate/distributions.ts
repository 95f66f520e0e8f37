/**
 * The quantiles the interval estimates need: the normal 97.5% point and
 * Student's t quantiles, from the regularized incomplete beta function.
 */
import { logGamma } from '../util/special.js';

/** Φ⁻¹(0.975), the multiplier of a 95% normal interval. */
export const NORMAL_975 = 1.959963984540054;

/**
 * Regularized incomplete beta I_x(a, b) by its continued fraction, evaluated
 * with the modified Lentz method (Lentz 1976; Press et al. 2007, §6.4),
 * using the symmetry I_x(a, b) = 1 − I_{1−x}(b, a) where it converges faster.
 *
 * @param x in [0, 1]; a, b > 0.
 */
export function incompleteBeta(x: number, a: number, b: number): number {
  if (x <= 0) return 0;
  if (x >= 1) return 1;
  if (x > (a + 1) / (a + b + 2)) return 1 - incompleteBeta(1 - x, b, a);
  const front = Math.exp(
    logGamma(a + b) - logGamma(a) - logGamma(b) + a * Math.log(x) + b * Math.log(1 - x),
  ) / a;
  const tiny = 1e-300;
  let c = 1;
  let d = 1 - ((a + b) * x) / (a + 1);
  if (Math.abs(d) < tiny) d = tiny;
  d = 1 / d;
  let fraction = d;
  for (let m = 1; m <= 500; m++) {
    // Even step, then odd step, of the continued fraction.
    for (const numerator of [
      (m * (b - m) * x) / ((a + 2 * m - 1) * (a + 2 * m)),
      -((a + m) * (a + b + m) * x) / ((a + 2 * m) * (a + 2 * m + 1)),
    ]) {
      d = 1 + numerator * d;
      if (Math.abs(d) < tiny) d = tiny;
      c = 1 + numerator / c;
      if (Math.abs(c) < tiny) c = tiny;
      d = 1 / d;
      fraction *= d * c;
    }
    if (Math.abs(d * c - 1) < 1e-15) break;
  }
  return front * fraction;
}

/** P(T ≤ t) for Student's t with ν > 0 degrees of freedom. */
export function studentCdf(t: number, degrees: number): number {
  const tail = 0.5 * incompleteBeta(degrees / (degrees + t * t), degrees / 2, 0.5);
  return t >= 0 ? 1 - tail : tail;
}

/**
 * The 97.5% point of Student's t with ν degrees of freedom (ν > 0, may be
 * fractional, as from Satterthwaite's formula), by bisection on the CDF to
 * 1e-12; the normal value when ν is infinite or above 1e7.
 */
export function studentQuantile975(degrees: number): number {
  if (!(degrees > 0)) return NaN;
  if (degrees > 1e7) return NORMAL_975;
  let low = NORMAL_975;
  let high = 2;
  while (studentCdf(high, degrees) < 0.975) high *= 2;
  for (let i = 0; i < 200 && high - low > 1e-12 * high; i++) {
    const middle = (low + high) / 2;
    if (studentCdf(middle, degrees) < 0.975) low = middle;
    else high = middle;
  }
  return (low + high) / 2;
}
