import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import {
  fixedEffect, randomEffects, poolSites, generalizedQ, qProfileInterval,
  higginsThompsonInterval, type SiteValue,
} from './pool.js';
import { chiSquareQuantile } from '../util/special.js';
import { LniError } from '../util/errors.js';
import { sharedDataSkip } from '../testing/shared-data.js';

function close(actual: number | null, expected: number, tolerance: number, what: string) {
  assert.ok(actual !== null && Math.abs(actual - expected) <= tolerance,
    `${what}: got ${actual}, expected ${expected} ± ${tolerance}`);
}

/** Log risk ratios and their variances from the 2×2 tables of the BCG trials. */
function bcgSites(): SiteValue[] {
  const url = new URL('../../../shared/data/bcg-trials/bcg.csv', import.meta.url);
  const lines = readFileSync(url, 'utf8').trim().split('\n').slice(1);
  return lines.map((line) => {
    const cells = line.split(',');
    const [tpos, tneg, cpos, cneg] = cells.slice(-4).map(Number);
    return {
      site: cells[1],
      estimate: Math.log((tpos / (tpos + tneg)) / (cpos / (cpos + cneg))),
      variance: 1 / tpos - 1 / (tpos + tneg) + 1 / cpos - 1 / (cpos + cneg),
    };
  });
}

test('the BCG trials reproduce the published fixed-effect and DerSimonian–Laird values',
  { skip: sharedDataSkip }, () => {
    const sites = bcgSites();
    assert.equal(sites.length, 13);
    const fixed = fixedEffect(sites);
    close(fixed.estimate, -0.43029, 1e-4, 'fixed estimate');
    close(Math.sqrt(fixed.variance), 0.04050, 1e-4, 'fixed SE');
    const random = randomEffects(sites);
    close(random.Q, 152.233, 1e-3, 'Q');
    assert.equal(random.df, 12);
    close(random.I2, 0.9212, 1e-4, 'I²');
    close(random.tau2, 0.30876, 1e-4, 'τ²');
    close(random.estimate, -0.71412, 1e-4, 'random estimate');
    close(Math.sqrt(random.variance), 0.17874, 1e-4, 'random SE');
    assert.ok(random.pValue !== null && random.pValue < 1e-20 && random.pValue > 0);
  });

test('the Q-profile ends solve Q(τ²) = the χ² quantiles and bracket the DL estimate',
  { skip: sharedDataSkip }, () => {
    const sites = bcgSites();
    const [low, high] = qProfileInterval(sites);
    close(generalizedQ(sites, low), chiSquareQuantile(0.975, 12), 1e-6, 'Q at lower end');
    close(generalizedQ(sites, high), chiSquareQuantile(0.025, 12), 1e-6, 'Q at upper end');
    const tau2 = randomEffects(sites).tau2 as number;
    assert.ok(low < tau2 && tau2 < high, `${low} < ${tau2} < ${high}`);
  });

test('a hand-computed three-site example matches every pooled quantity to 1e-9', () => {
  const sites = [
    { site: 'A', estimate: 0.1, variance: 0.01 },
    { site: 'B', estimate: 0.3, variance: 0.04 },
    { site: 'C', estimate: 0.8, variance: 0.09 },
  ];
  // Weights 100, 25 and 100/9, written out site by site.
  const weightSum = 100 + 25 + 100 / 9;
  const fixedEstimate = (100 * 0.1 + 25 * 0.3 + (100 / 9) * 0.8) / weightSum;
  const q = 100 * (0.1 - fixedEstimate) ** 2 + 25 * (0.3 - fixedEstimate) ** 2
    + (100 / 9) * (0.8 - fixedEstimate) ** 2;
  const scaling = weightSum - (100 ** 2 + 25 ** 2 + (100 / 9) ** 2) / weightSum;
  const tau2 = (q - 2) / scaling;
  const [wa, wb, wc] = [1 / (0.01 + tau2), 1 / (0.04 + tau2), 1 / (0.09 + tau2)];
  const randomEstimate = (wa * 0.1 + wb * 0.3 + wc * 0.8) / (wa + wb + wc);
  const z = 1.959963984540054;

  const fixed = fixedEffect(sites);
  close(fixed.estimate, fixedEstimate, 1e-9, 'fixed estimate');
  close(fixed.variance, 1 / weightSum, 1e-9, 'fixed variance');
  close(fixed.ciLow, fixedEstimate - z / Math.sqrt(weightSum), 1e-9, 'fixed lower');
  close(fixed.ciHigh, fixedEstimate + z / Math.sqrt(weightSum), 1e-9, 'fixed upper');
  const random = randomEffects(sites);
  assert.ok(q > 2, 'the example must be heterogeneous for τ² > 0');
  close(random.Q, q, 1e-9, 'Q');
  close(random.tau2, tau2, 1e-9, 'τ²');
  close(random.I2, (q - 2) / q, 1e-9, 'I²');
  close(random.pValue, Math.exp(-q / 2), 1e-9, 'p-value (χ² with 2 df has survival e^(−q/2))');
  close(random.estimate, randomEstimate, 1e-9, 'random estimate');
  close(random.variance, 1 / (wa + wb + wc), 1e-9, 'random variance');
});

test('homogeneous sites give τ² = 0, I² = 0 and random effects equal to fixed effect', () => {
  const sites = [0.2, 0.2, 0.2, 0.2].map((estimate, k) => (
    { site: `S${k}`, estimate, variance: 0.01 * (k + 1) }));
  const fixed = fixedEffect(sites);
  const random = randomEffects(sites);
  assert.equal(random.tau2, 0);
  assert.equal(random.I2, 0);
  assert.equal(random.tau2Low, 0);
  assert.equal(random.tau2High, 0);
  close(random.estimate, fixed.estimate, 1e-15, 'estimate');
  close(random.variance, fixed.variance, 1e-15, 'variance');
});

test('one site gives that site’s own result and no heterogeneity statistics', () => {
  const random = randomEffects([{ site: 'only', estimate: 1.5, variance: 0.25 }]);
  assert.equal(random.estimate, 1.5);
  assert.equal(random.variance, 0.25);
  close(random.ciLow, 1.5 - 1.959963984540054 * 0.5, 1e-12, 'lower');
  assert.equal(random.tau2, null);
  assert.equal(random.Q, null);
  assert.equal(random.I2, null);
});

test('sites with a missing or non-finite estimate or variance are reported and left out', () => {
  const pooled = poolSites([
    { site: 'Good', estimate: 1, variance: 0.1 },
    { site: 'NoEstimate', estimate: NaN, variance: 0.1 },
    { site: 'Infinite', estimate: 1, variance: Infinity },
    { site: 'Zero', estimate: 1, variance: 0 },
    { site: 'Good2', estimate: 2, variance: 0.1 },
  ], { term: 'age' });
  assert.deepEqual(pooled.sites.map((s) => s.site), ['Good', 'Good2']);
  assert.equal(pooled.excluded.length, 3);
  assert.match(pooled.excluded[0], /NoEstimate.*age/);
  close(pooled.fixed?.estimate ?? null, 1.5, 1e-12, 'pooled estimate');
  const empty = poolSites([{ site: 'X', estimate: NaN, variance: NaN }]);
  assert.equal(empty.fixed, null);
  assert.equal(empty.excluded.length, 1);
});

test('the I² interval holds the estimate, stays in [0, 1], undefined for K = 2, Q ≤ 2', () => {
  const q = 152.233;
  const [low, high] = higginsThompsonInterval(q, 13);
  const estimate = (q - 12) / q;
  assert.ok(low !== null && high !== null && low < estimate && estimate < high);
  assert.ok(low >= 0 && high <= 1);
  // Mild heterogeneity: the lower end is floored at H = 1, i.e. I² = 0.
  const [smallLow, smallHigh] = higginsThompsonInterval(12, 10);
  assert.equal(smallLow, 0);
  assert.ok(smallHigh !== null && smallHigh > (12 - 9) / 12 && smallHigh < 1);
  // Far less spread than expected by chance: both ends are 0.
  assert.deepEqual(higginsThompsonInterval(3, 10), [0, 0]);
  assert.deepEqual(higginsThompsonInterval(1, 2), [null, null]);
});

test('a confidence level outside (0, 1) is refused with LniError by every pooling function', () => {
  const sites: SiteValue[] = [{ site: 'A', estimate: 1, variance: 0.1 },
    { site: 'B', estimate: 2, variance: 0.2 }, { site: 'C', estimate: 1.5, variance: 0.1 }];
  const refused = (shownAs: string) => (error: unknown) => error instanceof LniError
    && error.code === 'invalid-option'
    && error.message === `the confidence level must be a number in (0, 1), got ${shownAs}`;
  for (const [level, shownAs] of [[1.5, '1.5'], [0, '0'], [Number.NaN, 'NaN'],
    ['0.95', '"0.95" (a string)']] as const) {
    const bad = level as number;
    assert.throws(() => poolSites(sites, { level: bad }), refused(shownAs), shownAs);
    assert.throws(() => poolSites([], { level: bad }), refused(shownAs), `${shownAs}, no site`);
    assert.throws(() => fixedEffect(sites, bad), refused(shownAs));
    assert.throws(() => randomEffects(sites, bad), refused(shownAs));
    assert.throws(() => qProfileInterval(sites, bad), refused(shownAs));
    assert.throws(() => higginsThompsonInterval(9, 3, bad), refused(shownAs));
  }
});
