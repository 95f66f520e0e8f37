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

test('split mode: the factor is 1 + (1 − w^(k/2))² n_R/n_F, as the oracle gives for a mean', () => {
  assert.equal(wOnlyVarianceFactor(0.25, 1, 2), 1 + 0.25 * 2);
  assert.equal(wOnlyVarianceFactor(0.5, 2, 3), 1 + 0.25 * 3);
  assert.equal(wOnlyVarianceFactor(0.5, Infinity, 3), 4);
  assert.equal(wOnlyVarianceFactor(1, 2, 3), 1, 'w = 1 adds nothing');
  // The oracle fitted on 200 rows releases 600 others at w = 0.5: the mean
  // of x̃ spreads by 1 + (1 − √0.5)² · 3 = 1.257 times its naive variance
  // (the fit-on-the-released-rows factor 2 − w would say 1.5).
  const rng = new Random(12);
  const [fitted, released, w, replications] = [200, 600, 0.5, 1500];
  const draw = (rows: number) => {
    const x = new Float64Array(rows * 2);
    for (let r = 0; r < rows; r++) {
      const [a, b] = [rng.normal(), rng.normal()];
      x[r * 2] = 1 + a;
      x[r * 2 + 1] = 0.5 * a + b;
    }
    return x;
  };
  const means: number[] = [];
  let naive = 0;
  for (let k = 0; k < replications; k++) {
    const flow = fitLinearGaussian(draw(fitted), fitted, 2);
    const x = injectNoise(flow, draw(released), released, w, rng.fork()).synthetic;
    let mean = 0;
    for (let r = 0; r < released; r++) mean += x[r * 2] / released;
    let squares = 0;
    for (let r = 0; r < released; r++) squares += (x[r * 2] - mean) ** 2;
    means.push(mean);
    naive += squares / (released - 1) / released / replications;
  }
  const average = means.reduce((a, b) => a + b, 0) / replications;
  const spread = means.reduce((a, m) => a + (m - average) ** 2, 0) / (replications - 1);
  // Monte Carlo error of a variance ratio at 1,500 replications: about 3.7 %.
  const factor = spread / naive;
  assert.ok(Math.abs(factor / wOnlyVarianceFactor(w, 1, released / fitted) - 1) < 0.11,
    `simulated ${factor.toFixed(3)}, formula ${wOnlyVarianceFactor(w, 1, 3).toFixed(3)}`);
  assert.ok(factor < 0.9 * wOnlyVarianceFactor(w, 1), 'far from the fit-on-released 2 − w');
});
