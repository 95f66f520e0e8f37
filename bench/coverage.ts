// Coverage of 95% intervals from one synthetic table (method.md §7, §9).
//
//   npx tsx bench/coverage.ts [--replications 2000] [--site 20] [--seed 1]
//   npx tsx bench/coverage.ts --maf [--replications 200] [--epochs 30]
//
// Data: x ~ N(μ, Σ), p = 5, n = 500, μ = (1, 2, 3, 4, 5), unit variances,
// exchangeable correlation 0.5. Estimands: the mean of x1 (true value 1) and
// the slope of x2 in the linear regression of x1 on x2..x5 with intercept
// (true value ρ / (1 + 3ρ) = 0.2). Per replication: draw the real table, fit
// the flow on it (exact linear-Gaussian plug-in fit, or a MAF with --maf,
// trained once and shared by the three w), release x̃ at w ∈ {0.2, 0.5, 0.8},
// and form four 95% intervals from x̃: naive; w-only variance × (2 − w);
// w-only × (2 − w^k), k the estimand's degree (1 mean, 2 slope; derivation in
// src/evaluate/correction.ts); site-side (naive + spread over R
// re-applications of the mechanism to x̃, Satterthwaite t).
import { cholesky, fitLinearGaussian, injectNoise } from '../src/mechanism/index.js';
import type { Bijection } from '../src/mechanism/index.js';
import {
  correctWOnly, fitOls, siteCorrection, studentQuantile975, type Estimate, type NaiveEstimate,
} from '../src/evaluate/index.js';
import { Random } from '../src/util/random.js';

function option(name: string, fallback: string): string {
  const at = process.argv.indexOf(`--${name}`);
  return at >= 0 && at + 1 < process.argv.length ? process.argv[at + 1] : fallback;
}
const maf = process.argv.includes('--maf');
const replications = Number(option('replications', maf ? '200' : '2000'));
const siteReplications = Number(option('site', '20'));
const epochs = Number(option('epochs', '30'));
const seed = Number(option('seed', '1'));

const p = 5;
const n = 500;
const rho = 0.5;
const mu = [1, 2, 3, 4, 5];
const weights = [0.2, 0.5, 0.8];
const sigma = new Float64Array(p * p).map((_, i) => (i % (p + 1) === 0 ? 1 : rho));
const root = cholesky(sigma, p);
const truth = [mu[0], rho / (1 + (p - 2) * rho)];
const estimandNames = ['mean of x1', 'slope of x2'];
const degrees = [1, 2];

function drawReal(rng: Random): Float64Array {
  const x = new Float64Array(n * p);
  const e = new Float64Array(p);
  for (let r = 0; r < n; r++) {
    rng.normals(p, e);
    for (let i = 0; i < p; i++) {
      let sum = mu[i];
      for (let k = 0; k <= i; k++) sum += root[i * p + k] * e[k];
      x[r * p + i] = sum;
    }
  }
  return x;
}

const terms = ['(Intercept)', 'x2', 'x3', 'x4', 'x5'];
const criticalMean = studentQuantile975(n - 1);

/** Both estimands with their naive variances, computed as on a real table. */
function estimands(x: Float64Array): NaiveEstimate[] {
  let mean = 0;
  for (let r = 0; r < n; r++) mean += x[r * p];
  mean /= n;
  let squares = 0;
  for (let r = 0; r < n; r++) squares += (x[r * p] - mean) ** 2;
  const design = new Float64Array(n * p);
  const y = new Float64Array(n);
  for (let r = 0; r < n; r++) {
    design[r * p] = 1;
    for (let j = 1; j < p; j++) design[r * p + j] = x[r * p + j];
    y[r] = x[r * p];
  }
  const slope = fitOls(design, y, n, terms).coefficients![1];
  return [
    { estimate: mean, variance: squares / (n - 1) / n, degreesOfFreedom: n - 1 },
    { estimate: slope.estimate, variance: slope.se ** 2, degreesOfFreedom: n - p },
  ];
}

function interval(e: NaiveEstimate, critical: number): Estimate {
  const se = Math.sqrt(e.variance);
  return { estimate: e.estimate, se, ciLow: e.estimate - critical * se,
    ciHigh: e.estimate + critical * se };
}

const methods = ['naive', 'x(2-w)', 'x(2-w^k)', 'site-side'] as const;
interface Tally { estimates: number[]; covered: number[]; seSum: number[] }
const tallies = new Map<string, Tally>();
const tally = (key: string): Tally => {
  let t = tallies.get(key);
  if (t === undefined) {
    t = { estimates: [], covered: methods.map(() => 0), seSum: methods.map(() => 0) };
    tallies.set(key, t);
  }
  return t;
};

/** Standardizes x with its own column moments (as the encoder does), then the MAF. */
async function fitMaf(x: Float64Array, flowSeed: number): Promise<Bijection> {
  const { trainFlow, defaultFlowConfig } = await import('../src/flow/index.js');
  const centre = new Float64Array(p);
  const scale = new Float64Array(p);
  for (let j = 0; j < p; j++) {
    let s = 0;
    let q = 0;
    for (let r = 0; r < n; r++) { s += x[r * p + j]; q += x[r * p + j] ** 2; }
    centre[j] = s / n;
    scale[j] = Math.sqrt((q - n * centre[j] ** 2) / (n - 1));
  }
  const scaled = x.map((v, i) => (v - centre[i % p]) / scale[i % p]);
  const { flow } = trainFlow(scaled, n, defaultFlowConfig(p, n), { seed: flowSeed, epochs });
  return {
    dimension: p,
    toLatent: (data, rows) =>
      flow.toLatent(data.map((v, i) => (v - centre[i % p]) / scale[i % p]), rows),
    fromLatent: (z, rows) =>
      flow.fromLatent(z, rows).map((v, i) => v * scale[i % p] + centre[i % p]),
  };
}

const started = Date.now();
let trainingSeconds = 0;
const rng = new Random(seed);
for (let rep = 0; rep < replications; rep++) {
  const real = drawReal(rng);
  const realEstimates = estimands(real);
  realEstimates.forEach((e, j) => {
    const t = tally(`real|${j}`);
    const ci = interval(e, j === 0 ? criticalMean : studentQuantile975(n - p));
    t.estimates.push(e.estimate);
    if (ci.ciLow <= truth[j] && truth[j] <= ci.ciHigh) t.covered[0]++;
    t.seSum[0] += ci.se;
  });
  const fitStarted = Date.now();
  const flow = maf ? await fitMaf(real, seed * 100_000 + rep) : fitLinearGaussian(real, n, p);
  trainingSeconds += (Date.now() - fitStarted) / 1000;
  for (const w of weights) {
    const { synthetic } = injectNoise(flow, real, n, w, rng);
    const naive = estimands(synthetic);
    const site = siteCorrection(synthetic, estimands,
      (table, r) => injectNoise(flow, table, n, w, r).synthetic, siteReplications, rng);
    naive.forEach((e, j) => {
      const critical = j === 0 ? criticalMean : studentQuantile975(n - p);
      const base = interval(e, critical);
      const intervals = [base, correctWOnly(base, w, 1, critical),
        correctWOnly(base, w, degrees[j], critical), site[j]];
      const t = tally(`${w}|${j}`);
      t.estimates.push(e.estimate);
      intervals.forEach((ci, m) => {
        if (ci.ciLow <= truth[j] && truth[j] <= ci.ciHigh) t.covered[m]++;
        t.seSum[m] += ci.se;
      });
    });
  }
}
const seconds = (Date.now() - started) / 1000;

const fmt = (v: number, d = 3): string => v.toFixed(d);
const coverage = (c: number): string => {
  const rate = c / replications;
  return `${fmt(100 * rate, 1)} ± ${fmt(100 * Math.sqrt(rate * (1 - rate) / replications), 1)}`;
};
console.log(`Flow: ${maf ? `MAF (defaultFlowConfig, ${epochs} epochs max, early stopping)`
  : 'exact linear-Gaussian, plug-in fit per replication'}; ${replications} replications; `
  + `site-side R = ${siteReplications}; seed ${seed}; ${fmt(seconds, 1)} s in all, `
  + `${fmt(1000 * trainingSeconds / replications, 1)} ms per flow fit.`);
console.log(`Data: N(μ, Σ), p = ${p}, n = ${n}, μ = (${mu.join(', ')}), unit variances, `
  + `exchangeable ρ = ${rho}. True values: mean of x1 = ${truth[0]}, slope of x2 = ${truth[1]}.`);
console.log('Coverage in % ± Monte Carlo SE. emp. SE: the SD of the estimate over replications;'
  + ' the other SEs: means of the estimated SEs.\n');
console.log('| w | estimand | bias | naive | ×(2−w) | ×(2−w^k) | site-side | emp. SE '
  + '| naive SE | (2−w^k) SE | site SE |');
console.log('|---|---|---|---|---|---|---|---|---|---|---|');
for (const w of ['real', ...weights]) {
  for (let j = 0; j < 2; j++) {
    const t = tallies.get(`${w}|${j}`)!;
    const m = t.estimates.reduce((a, b) => a + b, 0) / replications;
    const sd = Math.sqrt(t.estimates.reduce((a, b) => a + (b - m) ** 2, 0) / (replications - 1));
    const se = t.seSum.map((s) => fmt(s / replications, 4));
    const real = w === 'real';
    console.log(`| ${w} | ${estimandNames[j]} | ${fmt(m - truth[j], 4)} | `
      + `${coverage(t.covered[0])} | ${real ? '' : coverage(t.covered[1])} | `
      + `${real ? '' : coverage(t.covered[2])} | ${real ? '' : coverage(t.covered[3])} | `
      + `${fmt(sd, 4)} | ${se[0]} | ${real ? '' : se[2]} | ${real ? '' : se[3]} |`);
  }
}
