import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  logGamma, chiSquareCdf, chiSquareSurvival, chiSquareQuantile, normalCdf, normalQuantile,
} from './distributions.js';

function close(actual: number, expected: number, tolerance: number, what: string) {
  assert.ok(Math.abs(actual - expected) <= tolerance,
    `${what}: got ${actual}, expected ${expected} ± ${tolerance}`);
}

test('logGamma matches factorials and Γ(½) = √π', () => {
  for (const n of [1, 2, 5, 10, 20]) {
    let factorial = 1;
    for (let i = 2; i < n; i++) factorial *= i;
    close(logGamma(n), Math.log(factorial), 1e-12, `ln Γ(${n})`);
  }
  close(logGamma(0.5), 0.5 * Math.log(Math.PI), 1e-13, 'ln Γ(½)');
});

test('the χ² CDF with 2 degrees of freedom is 1 − e^(−x/2) on both branches', () => {
  for (const x of [0.01, 0.5, 1.9, 2.1, 7, 40, 200]) {
    close(chiSquareCdf(x, 2), 1 - Math.exp(-x / 2), 1e-14, `CDF at ${x}`);
    const survival = Math.exp(-x / 2);
    close(chiSquareSurvival(x, 2) / survival, 1, 1e-12, `relative survival at ${x}`);
  }
});

test('χ² quantiles match printed tables', () => {
  close(chiSquareQuantile(0.95, 1), 3.841459, 1e-6, 'χ²₁ 0.95');
  close(chiSquareQuantile(0.975, 12), 23.33666, 1e-5, 'χ²₁₂ 0.975');
  close(chiSquareQuantile(0.025, 12), 4.40379, 1e-5, 'χ²₁₂ 0.025');
  close(chiSquareQuantile(0.5, 30), 29.33603, 1e-5, 'χ²₃₀ median');
});

test('the normal CDF and quantile invert each other and match known values', () => {
  close(normalCdf(0), 0.5, 1e-15, 'Φ(0)');
  close(normalCdf(1.959963984540054), 0.975, 1e-14, 'Φ(1.96)');
  close(normalCdf(-8), 6.22096057427178e-16, 1e-27, 'Φ(−8)');
  close(normalQuantile(0.975), 1.959963984540054, 1e-12, 'Φ⁻¹(0.975)');
  close(normalQuantile(0.05), -1.6448536269514729, 1e-12, 'Φ⁻¹(0.05)');
  assert.ok(Number.isNaN(normalCdf(NaN)));
});
