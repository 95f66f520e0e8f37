/**
 * Conditional dequantization under a Gaussian copula. Every encoded cell
 * owns an interval of normal scores that all decode to it: a point for a
 * distinct number, an atom's span for a tied or integer value, a level's
 * probability band for a category or missing indicator, the whole score
 * range for a missing cell's value. Drawing each cell's position inside
 * its interval independently (plain dequantization) hides the dependence
 * between discrete columns in a step the flow must learn; Framingham's
 * currentSmoker~male fell from 0.20 to 0.08–0.12 in the flow's samples.
 *
 * Here the position is drawn from the interval given the row's other
 * scores, under a Gaussian copula with correlation R fitted to the rows by
 * stochastic EM (the latent-variable view of discrete data in a copula,
 * Hoff 2007): a Gibbs sweep redraws each free cell from N(mean, sd²)
 * truncated to its interval. The encoded rows are then close to jointly
 * Gaussian, and a row that latent noise moves across a level's edge moves
 * its correlated columns with it.
 *
 * A cell never leaves its interval, so decoding is unchanged and w = 1
 * still returns every row.
 */
import { cholesky, backSubstitute, forwardSubstitute } from '../util/cholesky.js';
import type { Random } from '../util/random.js';
import { standardNormalCdf, standardNormalQuantile } from './normal-score.js';

/** Per row and dimension (row-major), the interval of scores the cell may take. */
export interface CellIntervals {
  lower: Float64Array;
  upper: Float64Array;
}

/** The Gibbs sampler's view of R: per dimension, regression weights on the others and sd. */
export interface Conditionals {
  p: number;
  /** weights[d·p + j]: the weight of dimension j in dimension d's conditional mean (0 at j = d). */
  weights: Float64Array;
  sd: Float64Array;
}

/** Intervals narrower than this are points: the cell is a distinct number. */
const POINT_WIDTH = 1e-9;

/**
 * R is shrunk towards I by this much before inverting, so a column that
 * its neighbours nearly determine (cigarettes per day and smoker) keeps a
 * conditional sd of about 0.1 and the sampler still moves.
 */
const SHRINKAGE = 0.01;

/** Sweeps of stochastic EM when fitting R; the last half are averaged. */
const FIT_SWEEPS = 40;

/** Gibbs sweeps when encoding rows with a fitted R. */
export const ENCODE_SWEEPS = 20;

/**
 * Fits R by stochastic EM on encoded rows x (rows × p, each cell already
 * inside its interval; x is updated in place to the last sweep's draws).
 */
export function fitCopula(
  x: Float64Array, rows: number, p: number, intervals: CellIntervals, rng: Random,
): Float64Array {
  const average = new Float64Array(p * p);
  let kept = 0;
  for (let sweep = 0; sweep < FIT_SWEEPS; sweep++) {
    const r = correlation(x, rows, p);
    gibbsSweeps(x, rows, intervals, conditionals(r, p), rng, 1);
    if (sweep >= FIT_SWEEPS / 2) {
      for (let k = 0; k < p * p; k++) average[k] += r[k];
      kept++;
    }
  }
  for (let k = 0; k < p * p; k++) average[k] /= kept;
  return average;
}

/** The regression of each dimension on the others under (shrunk) R. */
export function conditionals(r: Float64Array, p: number): Conditionals {
  const shrunk = new Float64Array(p * p);
  for (let i = 0; i < p; i++) {
    for (let j = 0; j < p; j++) {
      shrunk[i * p + j] = (i === j ? 1 : r[i * p + j] / (1 + SHRINKAGE));
    }
  }
  const lower = cholesky(shrunk, p);
  const precision = new Float64Array(p * p);
  const column = new Float64Array(p);
  for (let j = 0; j < p; j++) {
    column.fill(0);
    column[j] = 1;
    forwardSubstitute(lower, p, column);
    backSubstitute(lower, p, column);
    for (let i = 0; i < p; i++) precision[i * p + j] = column[i];
  }
  const weights = new Float64Array(p * p);
  const sd = new Float64Array(p);
  for (let d = 0; d < p; d++) {
    const diagonal = precision[d * p + d];
    sd[d] = Math.sqrt(1 / diagonal);
    for (let j = 0; j < p; j++) if (j !== d) weights[d * p + j] = -precision[d * p + j] / diagonal;
  }
  return { p, weights, sd };
}

/** `sweeps` Gibbs sweeps over every free cell of every row, in place. */
export function gibbsSweeps(
  x: Float64Array, rows: number, intervals: CellIntervals, given: Conditionals, rng: Random,
  sweeps: number,
): void {
  const { p, weights, sd } = given;
  const { lower, upper } = intervals;
  for (let sweep = 0; sweep < sweeps; sweep++) {
    for (let i = 0; i < rows; i++) {
      const row = i * p;
      for (let d = 0; d < p; d++) {
        const low = lower[row + d];
        const high = upper[row + d];
        if (!(high - low > POINT_WIDTH)) continue;
        let mean = 0;
        for (let j = 0; j < p; j++) mean += weights[d * p + j] * x[row + j];
        x[row + d] = truncatedNormal(mean, sd[d], low, high, rng);
      }
    }
  }
}

/**
 * A draw from N(mean, sd²) truncated to [low, high]. Three exact samplers,
 * chosen by where the interval lies in standard units [a, b]: a narrow
 * interval by uniform proposals accepted at the density ratio (an integer
 * atom, most cells); a wide one holding the centre by plain normal draws
 * kept when inside (a common level); the rest, tails, by inversion.
 */
export function truncatedNormal(
  mean: number, sd: number, low: number, high: number, rng: Random,
): number {
  const a = (low - mean) / sd;
  const b = (high - mean) / sd;
  const width = b - a;
  const nearest = a > 0 ? a : b < 0 ? b : 0;
  let z = Number.NaN;
  if (width * (Math.abs(nearest) + width) < 1) {
    // The log density ratio to the nearest point is below width·(|c| + width) < 1: accepts ≥ 37 %.
    for (let attempt = 0; attempt < MAX_ATTEMPTS && Number.isNaN(z); attempt++) {
      const candidate = a + width * rng.uniform();
      if (rng.uniform() < Math.exp(0.5 * (nearest * nearest - candidate * candidate))) z = candidate;
    }
  } else if (a < 0 && b > 0) {
    // Holds at least Φ(1) − Φ(0) = 34 % of the mass.
    for (let attempt = 0; attempt < MAX_ATTEMPTS && Number.isNaN(z); attempt++) {
      const candidate = rng.normal();
      if (candidate >= a && candidate <= b) z = candidate;
    }
  }
  if (Number.isNaN(z)) z = truncatedByInversion(a, b, rng.uniform());
  return Math.min(Math.max(mean + sd * z, low), high);
}

/** Proposals before a rejection sampler gives way to inversion (never reached in practice). */
const MAX_ATTEMPTS = 64;

/**
 * A standard normal truncated to [a, b] by inversion at u, computed in the
 * tail on the interval's far side from 0 so that Φ keeps its precision; an
 * interval beyond Φ's reach returns its near end.
 */
function truncatedByInversion(a: number, b: number, u: number): number {
  if (a > 0) {
    const from = standardNormalCdf(-b);
    const to = standardNormalCdf(-a);
    return to > from ? -standardNormalQuantile(clampOpen(from + u * (to - from))) : a;
  }
  const from = standardNormalCdf(a);
  const to = standardNormalCdf(b);
  return to > from ? standardNormalQuantile(clampOpen(from + u * (to - from))) : b;
}

function clampOpen(q: number): number {
  return Math.min(Math.max(q, Number.MIN_VALUE), 1 - Number.EPSILON / 2);
}

/** The correlation matrix of the columns of x (rows × p). */
function correlation(x: Float64Array, rows: number, p: number): Float64Array {
  const mean = new Float64Array(p);
  for (let i = 0; i < rows; i++) for (let j = 0; j < p; j++) mean[j] += x[i * p + j];
  for (let j = 0; j < p; j++) mean[j] /= rows;
  const cov = new Float64Array(p * p);
  const centred = new Float64Array(p);
  for (let i = 0; i < rows; i++) {
    for (let j = 0; j < p; j++) centred[j] = x[i * p + j] - mean[j];
    for (let a = 0; a < p; a++) {
      for (let b = 0; b <= a; b++) cov[a * p + b] += centred[a] * centred[b];
    }
  }
  const r = new Float64Array(p * p);
  for (let a = 0; a < p; a++) {
    for (let b = 0; b <= a; b++) {
      const value = cov[a * p + b] / Math.sqrt(cov[a * p + a] * cov[b * p + b]);
      r[a * p + b] = value;
      r[b * p + a] = value;
    }
  }
  return r;
}
