// The special functions shared by meta/ and privacy/ (util/special.ts):
// absolute checks against printed tables and closed forms, and relative
// checks against high-precision references, on every branch.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  chiSquareCdf, chiSquareQuantile, chiSquareSurvival, logErfc, logGamma, logNormalCdf,
  normalCdf, normalQuantile, regularizedGammaP,
} from './special.js';

/** |actual − expected| ≤ tolerance. */
function closeAbsolute(actual: number, expected: number, tolerance: number, what: string) {
  assert.ok(Math.abs(actual - expected) <= tolerance,
    `${what}: got ${actual}, expected ${expected} ± ${tolerance}`);
}

/** |actual − expected| / |expected| ≤ relative. */
function close(actual: number, expected: number, relative: number, what: string): void {
  const error = Math.abs(actual - expected) / Math.max(Math.abs(expected), 1e-300);
  assert.ok(error <= relative, `${what}: got ${actual}, expected ${expected} (rel ${error})`);
}

test('logGamma matches factorials and Γ(½) = √π', () => {
  for (const n of [1, 2, 5, 10, 20]) {
    let factorial = 1;
    for (let i = 2; i < n; i++) factorial *= i;
    closeAbsolute(logGamma(n), Math.log(factorial), 1e-12, `ln Γ(${n})`);
  }
  closeAbsolute(logGamma(0.5), 0.5 * Math.log(Math.PI), 1e-13, 'ln Γ(½)');
});

test('the χ² CDF with 2 degrees of freedom is 1 − e^(−x/2) on both branches', () => {
  for (const x of [0.01, 0.5, 1.9, 2.1, 7, 40, 200]) {
    closeAbsolute(chiSquareCdf(x, 2), 1 - Math.exp(-x / 2), 1e-14, `CDF at ${x}`);
    const survival = Math.exp(-x / 2);
    closeAbsolute(chiSquareSurvival(x, 2) / survival, 1, 1e-12, `relative survival at ${x}`);
  }
});

test('χ² quantiles match printed tables', () => {
  closeAbsolute(chiSquareQuantile(0.95, 1), 3.841459, 1e-6, 'χ²₁ 0.95');
  closeAbsolute(chiSquareQuantile(0.975, 12), 23.33666, 1e-5, 'χ²₁₂ 0.975');
  closeAbsolute(chiSquareQuantile(0.025, 12), 4.40379, 1e-5, 'χ²₁₂ 0.025');
  closeAbsolute(chiSquareQuantile(0.5, 30), 29.33603, 1e-5, 'χ²₃₀ median');
});

test('the normal CDF and quantile invert each other and match known values', () => {
  closeAbsolute(normalCdf(0), 0.5, 1e-15, 'Φ(0)');
  closeAbsolute(normalCdf(1.959963984540054), 0.975, 1e-14, 'Φ(1.96)');
  closeAbsolute(normalCdf(-8), 6.22096057427178e-16, 1e-27, 'Φ(−8)');
  closeAbsolute(normalQuantile(0.975), 1.959963984540054, 1e-12, 'Φ⁻¹(0.975)');
  closeAbsolute(normalQuantile(0.05), -1.6448536269514729, 1e-12, 'Φ⁻¹(0.05)');
  assert.ok(Number.isNaN(normalCdf(NaN)));
});

// Reference values computed independently with mpmath at 40 significant digits.
test('log erfc matches high-precision values on both branches and in the far tail', () => {
  const cases: [number, number][] = [
    [0.1, -0.11930497373739560532], [1, -1.8496055099332482486],
    [1.9, -4.9323458627802689327], [2.1, -5.8160109688675550134],
    [3, -10.720363041981112568], [10, -102.87988902484488857],
    [30, -903.97411711064387808], [-0.5, 0.41903914777555958036],
    [-2.5, 0.69294368384717120098], [-10, 0.69314718055994530942],
  ];
  for (const [x, expected] of cases) close(logErfc(x), expected, 1e-14, `logErfc(${x})`);
});

test('log Φ is accurate from the centre down to x = −1000 without underflow', () => {
  const cases: [number, number][] = [
    [0, -0.69314718055994530942], [-1, -1.8410216450092635058],
    [-3, -6.6077262215103495433], [-5, -15.064998393988725736],
    [-8, -35.013437159914549896], [-10, -53.231285150512470578],
    [-20, -203.91715537109726394], [-37, -689.0305855768905936],
    [-40, -804.60844201375378817], [-100, -5005.5242086942050886],
    [-1000, -500007.82669481218431], [1, -0.17275377902344988953],
  ];
  for (const [x, expected] of cases) close(logNormalCdf(x), expected, 1e-14, `logΦ(${x})`);
  // Upper tail: log Φ(x) ≈ −Φ(−x), which must keep its digits.
  close(logNormalCdf(5), -2.8665161296376359338e-7, 1e-12, 'logΦ(5)');
  close(logNormalCdf(9), -1.1285884059538406478e-19, 1e-12, 'logΦ(9)');
});

test('log Φ agrees with the Mills-ratio asymptotic series far in the tail', () => {
  // log Φ(−x) = −x²/2 − log(x√(2π)) + log(1 − 1/x² + 3/x⁴ − 15/x⁶ + …)
  for (const x of [50, 200, 1e4]) {
    const series = 1 - 1 / x ** 2 + 3 / x ** 4 - 15 / x ** 6 + 105 / x ** 8;
    const expected = -x * x / 2 - Math.log(x * Math.sqrt(2 * Math.PI)) + Math.log(series);
    close(logNormalCdf(-x), expected, 1e-14, `logΦ(−${x})`);
  }
});

test('Φ is symmetric, monotone and propagates NaN', () => {
  for (const x of [0.3, 1.7, 2.5, 4]) {
    close(normalCdf(x) + normalCdf(-x), 1, 1e-15, `Φ(${x}) + Φ(−${x})`);
  }
  let previous = -Infinity;
  for (let x = -30; x <= 8; x += 0.05) {
    const value = logNormalCdf(x);
    assert.ok(value >= previous, `logΦ not monotone at ${x}`);
    previous = value;
  }
  assert.ok(Number.isNaN(logNormalCdf(NaN)));
  assert.equal(logNormalCdf(-Infinity), -Infinity);
  assert.equal(logNormalCdf(Infinity), 0);
});

test('log Γ matches exact factorials and half-integer values to 1e-13 absolute', () => {
  // Absolute, not relative: log Γ crosses 0 at 1 and 2.
  const cases: [number, number][] = [
    [0.5, 0.57236494292470008707], [1, 0], [2, 0], [3.5, 1.2009736023470742248],
    [10, Math.log(362880)], [100.25, 360.28455963776423497],
  ];
  for (const [x, expected] of cases) {
    assert.ok(Math.abs(logGamma(x) - expected) < 1e-13, `logΓ(${x}) = ${logGamma(x)}`);
  }
});

test('the regularized incomplete gamma matches high-precision values on both branches', () => {
  const cases: [number, number, number][] = [
    [0.5, 0.1, 0.34527915398142297956], [3, 2, 0.32332358381693654053],
    [3, 10, 0.99723060428448842406], [8, 9, 0.67610303568710395009],
    [50, 40, 0.070335066659394954437],
  ];
  for (const [a, x, expected] of cases) {
    close(regularizedGammaP(a, x), expected, 1e-12, `P(${a}, ${x})`);
  }
});

test('the χ² CDF matches closed forms for 1, 2 and 4 degrees of freedom', () => {
  for (const q of [0.2, 1, 3.84, 9, 20]) {
    // χ²_1: P = 2Φ(√q) − 1; χ²_2: P = 1 − e^(−q/2); χ²_4: 1 − e^(−q/2)(1 + q/2).
    close(chiSquareCdf(q, 1), 2 * normalCdf(Math.sqrt(q)) - 1, 1e-12, `χ²_1(${q})`);
    close(chiSquareCdf(q, 2), -Math.expm1(-q / 2), 1e-13, `χ²_2(${q})`);
    close(chiSquareCdf(q, 4), 1 - Math.exp(-q / 2) * (1 + q / 2), 1e-12, `χ²_4(${q})`);
  }
});

test('the χ² 0.99 quantile matches SciPy, so R ≈ 5.7 at p = 16 and 6.5 at p = 23', () => {
  // SciPy chi2.ppf(0.99, k), an independent implementation.
  const table: [number, number][] = [
    [1, 6.6348966010212145], [2, 9.21034037197618], [5, 15.08627246938899],
    [16, 31.999926908815176], [23, 41.638398118858476], [100, 135.80672317102676],
  ];
  for (const [k, expected] of table) {
    close(chiSquareQuantile(0.99, k), expected, 1e-10, `χ²_${k} 0.99 quantile`);
  }
  assert.equal(Math.sqrt(chiSquareQuantile(0.99, 16)).toFixed(1), '5.7');
  assert.equal(Math.sqrt(chiSquareQuantile(0.99, 23)).toFixed(1), '6.5');
  // The median of χ²_2 is 2 ln 2 exactly.
  close(chiSquareQuantile(0.5, 2), 2 * Math.LN2, 1e-11, 'median χ²_2');
});
