// The simulation study of method.md §9 with the exact linear-Gaussian flow:
// K studies of n rows from N(1, Σ), Σ exchangeable with ρ = 0.5, each
// released through latent noise injection at w, then pooled by fixed effect.
import { Random } from '../src/util/random.js';
import type { TypedColumn } from '../src/table/types.js';
import {
  fitLinearGaussian, injectNoise, cholesky, linearGaussianBijection, type Bijection,
} from '../src/mechanism/index.js';
import { estimateSites, fixedEffect, type SiteInput, type SiteValue } from '../src/meta/index.js';
import { runAttacks } from '../src/privacy/index.js';

export const RHO = 0.5;
export const MEAN = 1;

export interface SimulationConfig {
  p: number;
  n: number;
  ks: number[];
  /** null stands for the real data (no synthesis, no correction). */
  ws: (number | null)[];
  replications: number;
  seed: number;
  /** Members and non-members per group in the attack audit (first replication). */
  auditRows: number;
  /**
   * Shrink the flow's covariance toward its diagonal by this share, the
   * same at every site: a deliberate, shared misfit (0 = exact oracle).
   */
  misfit?: number;
}

/** Operating characteristics of one pooled estimator over replications. */
export interface Summary {
  bias: number;
  biasMcse: number;
  empiricalSe: number;
  meanSe: number;
  coverage: number;
  coverageMcse: number;
  width: number;
}

export interface PooledRow {
  p: number;
  n: number;
  k: number;
  w: number | null;
  mean: Summary;
  slope: Summary;
}

export interface TableRow {
  p: number;
  n: number;
  w: number | null;
  /** Mean over replications of max |R(x̃) − R(x)| at one study. */
  correlationError: number;
  /** The same against the true correlation matrix. */
  correlationErrorTruth: number;
  latentAuc: number;
  distanceAuc: number;
}

/** True slope of x1 on x2 in the regression of x1 on x2..xp (exchangeable Σ). */
export function trueSlope(p: number): number {
  return RHO / (1 + (p - 2) * RHO);
}

class Accumulator {
  private readonly estimates: number[] = [];
  private readonly ses: number[] = [];
  private covered = 0;

  add(estimate: number, variance: number, truth: number): void {
    const se = Math.sqrt(variance);
    this.estimates.push(estimate);
    this.ses.push(se);
    if (Math.abs(estimate - truth) <= 1.959963984540054 * se) this.covered++;
  }

  summary(truth: number): Summary {
    const r = this.estimates.length;
    const average = this.estimates.reduce((a, b) => a + b, 0) / r;
    const spread = this.estimates.reduce((a, v) => a + (v - average) ** 2, 0) / (r - 1);
    const coverage = this.covered / r;
    const meanSe = this.ses.reduce((a, b) => a + b, 0) / r;
    return {
      bias: average - truth, biasMcse: Math.sqrt(spread / r), empiricalSe: Math.sqrt(spread),
      meanSe, coverage, coverageMcse: Math.sqrt(coverage * (1 - coverage) / r),
      width: 2 * 1.959963984540054 * meanSe,
    };
  }
}

function exchangeableFactor(p: number): Float64Array {
  const sigma = new Float64Array(p * p);
  for (let a = 0; a < p; a++) for (let b = 0; b < p; b++) sigma[a * p + b] = a === b ? 1 : RHO;
  return cholesky(sigma, p);
}

function draw(rows: number, p: number, lower: Float64Array, rng: Random): Float64Array {
  const x = new Float64Array(rows * p);
  const e = new Float64Array(p);
  for (let r = 0; r < rows; r++) {
    rng.normals(p, e);
    for (let i = 0; i < p; i++) {
      let sum = MEAN;
      for (let k = 0; k <= i; k++) sum += lower[i * p + k] * e[k];
      x[r * p + i] = sum;
    }
  }
  return x;
}

function columnsOf(x: Float64Array, rows: number, p: number): TypedColumn[] {
  return Array.from({ length: p }, (_, j) => {
    const values = new Float64Array(rows);
    for (let r = 0; r < rows; r++) values[r] = x[r * p + j];
    return { kind: 'numeric' as const, name: `x${j + 1}`, type: 'continuous' as const, values };
  });
}

function covarianceOf(x: Float64Array, rows: number, p: number): Float64Array {
  const mean = new Float64Array(p);
  for (let r = 0; r < rows; r++) for (let j = 0; j < p; j++) mean[j] += x[r * p + j] / rows;
  const s = new Float64Array(p * p);
  for (let r = 0; r < rows; r++) {
    for (let a = 0; a < p; a++) {
      for (let b = 0; b < p; b++) {
        s[a * p + b] += (x[r * p + a] - mean[a]) * (x[r * p + b] - mean[b]) / (rows - 1);
      }
    }
  }
  return s;
}

/** max |corr(a) − reference| over the off-diagonal entries. */
function correlationGap(s: Float64Array, p: number, reference: (a: number, b: number) => number) {
  let gap = 0;
  for (let a = 0; a < p; a++) {
    for (let b = 0; b < a; b++) {
      const r = s[a * p + b] / Math.sqrt(s[a * p + a] * s[b * p + b]);
      gap = Math.max(gap, Math.abs(r - reference(a, b)));
    }
  }
  return gap;
}

/** The oracle flow, or one whose covariance is shrunk toward its diagonal. */
function fitFlow(x: Float64Array, rows: number, p: number, misfit: number): Bijection {
  if (misfit === 0) return fitLinearGaussian(x, rows, p);
  const s = covarianceOf(x, rows, p);
  const mean = new Float64Array(p);
  for (let r = 0; r < rows; r++) for (let j = 0; j < p; j++) mean[j] += x[r * p + j] / rows;
  for (let a = 0; a < p; a++) for (let b = 0; b < p; b++) if (a !== b) s[a * p + b] *= 1 - misfit;
  return linearGaussianBijection(mean, cholesky(s, p), p);
}

/** Runs one (p, n) block of the design over every K and w. */
export function simulate(config: SimulationConfig): { pooled: PooledRow[]; tables: TableRow[] } {
  const { p, n, ks, ws, replications } = config;
  const misfit = config.misfit ?? 0;
  const kMax = Math.max(...ks);
  const lower = exchangeableFactor(p);
  const slope = trueSlope(p);
  const covariates = Array.from({ length: p - 1 }, (_, j) => `x${j + 2}`);
  const key = (w: number | null, k: number) => `${w}|${k}`;
  const means = new Map<string, Accumulator>();
  const slopes = new Map<string, Accumulator>();
  for (const w of ws) {
    for (const k of ks) {
      means.set(key(w, k), new Accumulator());
      slopes.set(key(w, k), new Accumulator());
    }
  }
  const correlation = new Map<number | null, { real: number; truth: number }>();
  const audit = new Map<number | null, { latent: number; distance: number }>();
  const root = new Random(config.seed);

  for (let rep = 0; rep < replications; rep++) {
    const rng = root.fork();
    const studies = Array.from({ length: kMax }, () => draw(n, p, lower, rng));
    const flows = studies.map((x) => fitFlow(x, n, p, misfit));
    const realCovariance = covarianceOf(studies[0], n, p);
    for (const w of ws) {
      const released = studies.map((x, s) => (
        w === null ? x : injectNoise(flows[s], x, n, w, rng).synthetic));
      const sites: SiteInput[] = released.map((x, s) => ({
        site: `study ${s + 1}`, columns: columnsOf(x, n, p), ...(w === null ? {} : { w }),
      }));
      const meanSites = estimateSites(sites, { kind: 'mean', column: 'x1' }).estimates;
      const slopeSites = estimateSites(sites, { kind: 'linear', outcome: 'x1', covariates })
        .estimates.filter((e) => e.term === 'x2');
      for (const k of ks) {
        const pool = (values: SiteValue[]) => fixedEffect(values.slice(0, k));
        const m = pool(meanSites);
        means.get(key(w, k))?.add(m.estimate, m.variance, MEAN);
        const b = pool(slopeSites);
        slopes.get(key(w, k))?.add(b.estimate, b.variance, slope);
      }

      const syntheticCovariance = covarianceOf(released[0], n, p);
      const gaps = correlation.get(w) ?? { real: 0, truth: 0 };
      const realCorrelation = (a: number, c: number) => realCovariance[a * p + c]
        / Math.sqrt(realCovariance[a * p + a] * realCovariance[c * p + c]);
      gaps.real += correlationGap(syntheticCovariance, p, realCorrelation) / replications;
      gaps.truth += correlationGap(syntheticCovariance, p, () => RHO) / replications;
      correlation.set(w, gaps);

      if (rep === 0 && config.auditRows > 0) {
        audit.set(w, attack(studies[0], released[0], flows[0], w, config, lower, rng));
      }
    }
  }

  const pooled: PooledRow[] = [];
  for (const w of ws) {
    for (const k of ks) {
      pooled.push({
        p, n, k, w,
        mean: (means.get(key(w, k)) as Accumulator).summary(MEAN),
        slope: (slopes.get(key(w, k)) as Accumulator).summary(slope),
      });
    }
  }
  const tables = ws.map((w): TableRow => ({
    p, n, w,
    correlationError: correlation.get(w)?.real ?? NaN,
    correlationErrorTruth: correlation.get(w)?.truth ?? NaN,
    latentAuc: audit.get(w)?.latent ?? NaN,
    distanceAuc: audit.get(w)?.distance ?? NaN,
  }));
  return { pooled, tables };
}

/** Latent nearest-neighbour and DCR attacks of src/privacy on one study. */
function attack(
  study: Float64Array, released: Float64Array, flow: Bijection, w: number | null,
  config: SimulationConfig, lower: Float64Array, rng: Random,
): { latent: number; distance: number } {
  const { p, n } = config;
  const m = Math.min(config.auditRows, n);
  const members = { values: study.subarray(0, m * p), rows: m };
  const nonMembers = { values: draw(m, p, lower, rng), rows: m };
  const report = runAttacks({ dimension: p, members, nonMembers },
    { values: released, rows: n }, rng.fork(), { bijection: flow, w: w ?? 1, replicates: 1 });
  const auc = (name: string) => report.results.find((r) => r.name === name)?.auc ?? NaN;
  return { latent: auc('latent'), distance: auc('distance-to-closest') };
}
