import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Random } from '../util/random.js';
import { fitLinearGaussian, injectNoise } from '../mechanism/index.js';
import { correctWOnly, siteCorrection, wOnlyVarianceFactor } from './correction.js';
import { studentQuantile975 } from './distributions.js';

test('the w-only factor is 2 − w for a mean and 2 − w² for a slope', () => {
  assert.equal(wOnlyVarianceFactor(0.5), 1.5);
  assert.equal(wOnlyVarianceFactor(0.5, 2), 1.75);
  assert.equal(wOnlyVarianceFactor(1, 2), 1);
  assert.equal(wOnlyVarianceFactor(0, 1), 2);
  assert.equal(wOnlyVarianceFactor(0.3, Infinity), 2);
  assert.throws(() => wOnlyVarianceFactor(1.5));
});

test('the w-only correction scales the SE by √factor around the same estimate', () => {
  const naive = { estimate: 3, se: 2, ciLow: -1, ciHigh: 7 };
  const corrected = correctWOnly(naive, 0.5, 2, 2);
  assert.equal(corrected.estimate, 3);
  assert.equal(corrected.se, 2 * Math.sqrt(1.75));
  assert.equal(corrected.ciHigh, 3 + 2 * 2 * Math.sqrt(1.75));
});

test('site-side variance is naive + spread, with Satterthwaite t degrees of freedom', () => {
  // The re-applications return 1, 2, …, 5 in turn: sample variance 2.5.
  let next = 0;
  const result = siteCorrection(
    0,
    (table: number) => [{ estimate: table, variance: 1.5 }],
    () => ++next,
    5,
    new Random(1),
  )[0];
  assert.equal(result.addedVariance, 2.5);
  assert.equal(result.se, 2);
  // ν = 4² / (1.5²/∞ + 2.5²/4) = 10.24.
  assert.ok(Math.abs(result.degreesOfFreedom - 16 / (6.25 / 4)) < 1e-12);
  const t = studentQuantile975(result.degreesOfFreedom);
  assert.ok(Math.abs(result.ciHigh - 2 * t) < 1e-12);
});

test('re-applying the oracle mechanism spreads a mean by (1 − w) s² / n', () => {
  // Under the plug-in linear-Gaussian flow the mean of x̃' given x̃ has
  // variance exactly (1 − w) S₁₁ / n over the fresh noise (correction.ts).
  const rng = new Random(11);
  const n = 200;
  const x = rng.normals(n * 2);
  const flow = fitLinearGaussian(x, n, 2);
  const w = 0.4;
  const { synthetic } = injectNoise(flow, x, n, w, rng);
  let mean = 0;
  for (let r = 0; r < n; r++) mean += x[2 * r];
  mean /= n;
  let s2 = 0;
  for (let r = 0; r < n; r++) s2 += (x[2 * r] - mean) ** 2;
  s2 /= n - 1;
  const replications = 4000;
  const [result] = siteCorrection(
    synthetic,
    (table) => {
      let m = 0;
      for (let r = 0; r < n; r++) m += table[2 * r];
      return [{ estimate: m / n, variance: 1 / n }];
    },
    (table, r) => injectNoise(flow, table, n, w, r).synthetic,
    replications,
    rng,
  );
  const expected = (1 - w) * s2 / n;
  // The sample variance of R normal draws has relative SD √(2 / (R − 1)) ≈ 0.022.
  assert.ok(Math.abs(result.addedVariance / expected - 1) < 0.1,
    `added ${result.addedVariance}, expected ${expected}`);
});
