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
 * scores, under a Gaussian copula whose correlation R is estimated pair by
 * pair from the intervals (tetrachoric, biserial and Pearson correlations
 * in one formula, see fitCopula): a Gibbs sweep redraws each free cell
 * from N(mean, sd²) truncated to its interval (the latent-variable view of
 * discrete data in a copula, Hoff 2007). The encoded rows are then close
 * to jointly Gaussian, and a row that latent noise moves across a level's
 * edge moves its correlated columns with it.
 *
 * A cell never leaves its interval, so decoding is unchanged and w = 1
 * still returns every row. */
import { EigenvalueDecomposition, Matrix } from 'ml-matrix';
import { backSubstitute, cholesky, forwardSubstitute } from '../util/cholesky.js';
import type { Random } from '../util/random.js';
import {
  standardNormalCdf, standardNormalDensity, standardNormalQuantile,
} from './normal-score.js';

/** Per row and dimension (row-major), the interval of scores the cell may take. */
export interface CellIntervals {
  lower: Float64Array;
  upper: Float64Array;
  /** 1 where the cell is missing: its value is a fill that says nothing of its row. */
  missing: Uint8Array;
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

/** Gibbs sweeps when encoding rows with a fitted R. */
export const ENCODE_SWEEPS = 20;

/** Least share of a dimension's latent variance its cells must reveal for a pairwise estimate. */
const MIN_INFORMATION = 0.02;

/** Hermite terms in the pairwise series; enough for levels held by 0.5 % of rows. */
const HERMITE_TERMS = 40;

/**
 * Fits R from the cells' intervals alone, one pair of dimensions at a
 * time, then shrinks it towards I until it is positive definite.
 *
 * For a pair, plain dequantization places each cell at its interval's
 * conditional mean m(I) in expectation, and Mehler's expansion of the
 * bivariate normal gives that mean cross-moment as a power series in the
 * latent correlation ρ:
 *   E[m_a m_b] = Σ_k ρᵏ/k! · α_k(a) α_k(b),  α_k = E[m(I) · E[He_k(Z) | Z ∈ I]],
 * He_k the probabilists' Hermite polynomials. Solving it for ρ gives the
 * tetrachoric correlation for two binary columns, the biserial one for a
 * binary and a number, Pearson's for two numbers, and their analogues for
 * integers and categories, each on the rows where neither cell is missing.
 * Why not stochastic EM over the Gibbs draws: for a level held by a few
 * rows it moves a small step per sweep; on Framingham, 400 sweeps left
 * prevalentStroke~BPMeds at 0.35 where the tetrachoric value is 0.5.
 */
export function fitCopula(rows: number, p: number, intervals: CellIntervals): Float64Array {
  const columns = Array.from({ length: p }, (_, d) => intervalMoments(rows, p, d, intervals));
  const r = new Float64Array(p * p);
  const alphaA = new Float64Array(HERMITE_TERMS + 1);
  const alphaB = new Float64Array(HERMITE_TERMS + 1);
  const cellA = new Float64Array(HERMITE_TERMS + 1);
  const cellB = new Float64Array(HERMITE_TERMS + 1);
  for (let a = 0; a < p; a++) {
    r[a * p + a] = 1;
    for (let b = 0; b < a; b++) {
      alphaA.fill(0);
      alphaB.fill(0);
      let cross = 0;
      let n = 0;
      for (let i = 0; i < rows; i++) {
        if (!columns[a].moments(i, cellA) || !columns[b].moments(i, cellB)) continue;
        const mA = cellA[1];
        const mB = cellB[1];
        cross += mA * mB;
        for (let k = 0; k <= HERMITE_TERMS; k++) {
          alphaA[k] += mA * cellA[k];
          alphaB[k] += mB * cellB[k];
        }
        n++;
      }
      if (n < 2) continue;
      for (let k = 0; k <= HERMITE_TERMS; k++) {
        alphaA[k] /= n;
        alphaB[k] /= n;
      }
      // α₁ is the share of the latent variance the cells reveal: a level
      // held by a handful of rows reveals almost none.
      if (alphaA[1] < MIN_INFORMATION || alphaB[1] < MIN_INFORMATION) continue;
      // A cross-moment within one standard error of independence's (under
      // independence its variance is α₁(a)α₁(b)/n) is read as independence:
      // two rare levels that never meet would otherwise give ρ = −1 and an
      // R near singular.
      const target = cross / n;
      const standardError = Math.sqrt((alphaA[1] * alphaB[1]) / n);
      const deviation = target - alphaA[0] * alphaB[0];
      if (Math.abs(deviation) <= standardError) continue;
      const value = solveSeries(alphaA, alphaB,
        alphaA[0] * alphaB[0] + Math.sign(deviation) * (Math.abs(deviation) - standardError));
      r[a * p + b] = value;
      r[b * p + a] = value;
    }
  }
  return positiveDefinite(r, p);
}

/**
 * One dimension's cells as E[He_k(Z) | Z ∈ I], k = 0..K (k = 1 is the
 * interval's mean; a point gives He_k at it). `moments(i, out)` fills them
 * for row i and says whether the cell counts: a missing cell, or one free
 * over nearly the whole range, says nothing of a pair. Intervals repeat
 * (a level's band, an integer's atom), so each distinct one is computed
 * once; points are computed when asked, keeping memory at O(rows).
 */
function intervalMoments(rows: number, p: number, d: number, intervals: CellIntervals) {
  const stride = HERMITE_TERMS + 1;
  const POINT = -1;
  const LEFT_OUT = -2;
  const index = new Int32Array(rows);
  const table: number[] = [];
  const seen = new Map<string, number>();
  const atLow = new Float64Array(stride);
  const atHigh = new Float64Array(stride);
  for (let i = 0; i < rows; i++) {
    const cell = i * p + d;
    const low = intervals.lower[cell];
    const high = intervals.upper[cell];
    if (intervals.missing[cell] === 1) {
      index[i] = LEFT_OUT;
      continue;
    }
    if (high - low < NARROW) {
      index[i] = POINT;
      continue;
    }
    const key = `${low} ${high}`;
    const known = seen.get(key);
    if (known !== undefined) {
      index[i] = known;
      continue;
    }
    const mass = standardNormalCdf(high) - standardNormalCdf(low);
    // A cell free over (nearly) the whole range, such as the cigarettes of
    // a non-smoker under a ladder holding only 0, says nothing of the pair.
    if (mass > UNINFORMATIVE_MASS || !(mass > 0)) {
      index[i] = mass > 0 ? LEFT_OUT : POINT;
      continue;
    }
    // ∫ φ He_k = −[φ He_{k−1}] over the interval.
    hermitePolynomials(low, atLow);
    hermitePolynomials(high, atHigh);
    const densityLow = standardNormalDensity(low);
    const densityHigh = standardNormalDensity(high);
    const at = table.length / stride;
    table.push(1);
    for (let k = 1; k <= HERMITE_TERMS; k++) {
      table.push((densityLow * atLow[k - 1] - densityHigh * atHigh[k - 1]) / mass);
    }
    seen.set(key, at);
    index[i] = at;
  }
  const middleOf = (i: number) => 0.5 * (intervals.lower[i * p + d] + intervals.upper[i * p + d]);
  // A column of distinct numbers is read as standard normal: its scores'
  // spread is off 1 by the ladder's interpolation (1.075 and 1.175 on 190
  // rows), which would scale every ρ down by as much.
  let squares = 0;
  let points = 0;
  for (let i = 0; i < rows; i++) {
    if (index[i] !== POINT) continue;
    squares += middleOf(i) ** 2;
    points++;
  }
  const scale = table.length === 0 && points > 1 ? Math.sqrt(squares / points) : 1;
  return {
    moments(i: number, out: Float64Array): boolean {
      const at = index[i];
      if (at === LEFT_OUT) return false;
      if (at === POINT) {
        // A number's score is its latent value itself, whose E[Z·He_k(Z)]
        // is 0 for k ≥ 2: the sample's x·He_k(x) is noise that grows with k
        // (on 190 rows it read a biserial 0.75 as the limit).
        out.fill(0);
        out[0] = 1;
        out[1] = middleOf(i) / scale;
      } else {
        for (let k = 0; k < stride; k++) out[k] = table[at * stride + k];
      }
      return true;
    },
  };
}

/** A cell whose interval holds more of N(0, 1) than this is left out like a missing one. */
const UNINFORMATIVE_MASS = 0.999;

/** Intervals narrower than this are treated as their midpoint (an integer atom). */
const NARROW = 1e-3;

function hermitePolynomials(x: number, out: Float64Array): void {
  out[0] = 1;
  if (out.length > 1) out[1] = x;
  for (let k = 1; k + 1 < out.length; k++) out[k + 1] = x * out[k] - k * out[k - 1];
}

/** The ρ in [−LIMIT, LIMIT] where Σ_{k≥0} ρᵏ/k! α_k β_k meets the target, by bisection. */
function solveSeries(alpha: Float64Array, beta: Float64Array, target: number): number {
  const series = (rho: number) => {
    let sum = 0;
    let power = 1;
    for (let k = 0; k < alpha.length; k++) {
      sum += power * alpha[k] * beta[k];
      power *= rho / (k + 1);
    }
    return sum;
  };
  // The k = 1 term, α₁β₁ > 0, sets the direction.
  let low = -LIMIT;
  let high = LIMIT;
  if (target <= series(low)) return low;
  if (target >= series(high)) return high;
  for (let step = 0; step < 60; step++) {
    const middle = 0.5 * (low + high);
    if (series(middle) < target) low = middle;
    else high = middle;
  }
  return 0.5 * (low + high);
}

/** Largest pairwise correlation allowed, so every conditional keeps some spread. */
const LIMIT = 0.9999;

/**
 * R as estimated when its smallest eigenvalue is at least SMALLEST_KEPT:
 * a small direction of a consistent estimate is real (a column copying
 * another). Otherwise the pairwise estimates do not fit together, and the
 * eigenvalues are raised to REPAIR_FLOOR, the diagonal rescaled to 1.
 */
function positiveDefinite(r: Float64Array, p: number): Float64Array {
  if (p === 0) return r;
  const rows = Array.from({ length: p }, (_, i) => Array.from(r.subarray(i * p, i * p + p)));
  const decomposition = new EigenvalueDecomposition(new Matrix(rows), { assumeSymmetric: true });
  const values = decomposition.realEigenvalues;
  if (Math.min(...values) >= SMALLEST_KEPT) return r;
  const vectors = decomposition.eigenvectorMatrix;
  const out = new Float64Array(p * p);
  for (let i = 0; i < p; i++) {
    for (let j = 0; j <= i; j++) {
      let sum = 0;
      for (let k = 0; k < p; k++) {
        sum += vectors.get(i, k) * Math.max(values[k], REPAIR_FLOOR) * vectors.get(j, k);
      }
      out[i * p + j] = sum;
      out[j * p + i] = sum;
    }
  }
  const scale = Array.from({ length: p }, (_, i) => Math.sqrt(out[i * p + i]));
  for (let i = 0; i < p; i++) {
    for (let j = 0; j < p; j++) out[i * p + j] = i === j ? 1 : out[i * p + j] / (scale[i] * scale[j]);
  }
  return out;
}

// Low enough that a column copying another (b = a + 3, ρ = LIMIT, an
// eigenvalue of 1 − LIMIT) keeps it: capped at 0.99, 4–9 % of such rows
// came back disagreeing (the test's seeds: 0.92 instead of 1.00). It bounds
// every conditional sd below by 0.007.
const SMALLEST_KEPT = (1 - LIMIT) / 2;

// Raising an indefinite estimate's eigenvalues only to 1e-4 left
// Framingham's R nearly singular: the flow stopped after 86 epochs and
// prevalentHyp~male moved by 0.08 on average; at 0.01 by less than 0.02.
const REPAIR_FLOOR = 0.01;

/** The regression of each dimension on the others under R. */
export function conditionals(r: Float64Array, p: number): Conditionals {
  const lower = cholesky(r, p);
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
 * A draw from N(mean, sd²) truncated to [low, high], by inversion. Only
 * the normal CDF and quantile already used for encoding decide anything:
 * rejection samplers that compared a uniform with Math.exp, or kept plain
 * normal draws, gave the browser build a different release from the
 * CLI's on the same seed.
 */
export function truncatedNormal(
  mean: number, sd: number, low: number, high: number, rng: Random,
): number {
  const z = truncatedByInversion((low - mean) / sd, (high - mean) / sd, rng.uniform());
  return Math.min(Math.max(mean + sd * z, low), high);
}

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

/**
 * R adjusted so that the encoder's own Gibbs draws correlate two
 * level-coded dimensions (categories, binaries, missing indicators) as the
 * pairwise estimate says. Drawn given every other column of their row,
 * positions in the bands do not reproduce R: the numbers are the data's
 * own, not R's, and on Framingham TenYearCHD's drawn correlations came out
 * 0.17–0.27 where R held 0.23–0.30 (with diabetes 0.18 against 0.26). The
 * flow learns the drawn rows, so its samples lost that much of every such
 * pair (TenYearCHD~prevalentHyp −0.056 at w = 0, measured with a Gaussian
 * fitted to the encoded rows in place of the flow). A few damped rounds
 * move each such entry of R by the shortfall of its drawn correlation,
 * averaged over sweeps of one chain; pairs with a number keep their
 * pairwise value, which the number's fixed scores already carry.
 */
export function matchDrawnCorrelations(
  target: Float64Array, p: number, start: Float64Array, rows: number,
  intervals: CellIntervals, levelCoded: readonly boolean[], rng: Random,
): Float64Array {
  let r: Float64Array = target;
  if (levelCoded.filter(Boolean).length < 2 || rows < 3) return r;
  const x = Float64Array.from(start);
  // Averaged over enough rows × sweeps that a drawn correlation's noise
  // (about 1/√(rows · sweeps)) stays near 0.006 whatever the table's size.
  const sweeps = Math.min(MAX_MATCH_SWEEPS, Math.max(MIN_MATCH_SWEEPS,
    Math.ceil(MATCH_DRAWS / rows)));
  gibbsSweeps(x, rows, intervals, conditionals(r, p), rng, ENCODE_SWEEPS);
  for (let round = 0; round < MATCH_ROUNDS; round++) {
    const given = conditionals(r, p);
    const drawn = new Float64Array(p * p);
    const measured = new Uint8Array(p * p);
    for (let sweep = 0; sweep < sweeps; sweep++) {
      gibbsSweeps(x, rows, intervals, given, rng, 1);
      addCorrelations(drawn, measured, x, rows, p, intervals.missing, levelCoded, 1 / sweeps);
    }
    const next = Float64Array.from(r);
    for (let a = 0; a < p; a++) {
      if (!levelCoded[a]) continue;
      for (let b = 0; b < a; b++) {
        // A pair with too few rows holding both cells has no drawn
        // correlation to match: it keeps its entry (read as 0, it would
        // add 0.7 of the target every round and end at ±LIMIT).
        if (!levelCoded[b] || measured[a * p + b] === 0) continue;
        const value = Math.max(-LIMIT, Math.min(LIMIT,
          r[a * p + b] + MATCH_DAMPING * (target[a * p + b] - drawn[a * p + b])));
        next[a * p + b] = value;
        next[b * p + a] = value;
      }
    }
    r = positiveDefinite(next, p);
  }
  return r;
}

// Six rounds at damping 0.7 bring Framingham's drawn correlations to
// within 0.01 of the pairwise ones (a shortfall of a fifth shrinks by
// about 0.7 per round); averaged rows × sweeps of at least MATCH_DRAWS.
const MATCH_ROUNDS = 6;
const MATCH_DAMPING = 0.7;
const MATCH_DRAWS = 25_000;
const MIN_MATCH_SWEEPS = 4;
const MAX_MATCH_SWEEPS = 100;

/**
 * Adds weight × the Pearson correlation of each pair of level-coded
 * dimensions, on rows where neither cell is missing; marks each pair so
 * measured in `measured`.
 */
function addCorrelations(
  out: Float64Array, measured: Uint8Array, x: Float64Array, rows: number, p: number,
  missing: Uint8Array, levelCoded: readonly boolean[], weight: number,
): void {
  for (let a = 0; a < p; a++) {
    if (!levelCoded[a]) continue;
    for (let b = 0; b < a; b++) {
      if (!levelCoded[b]) continue;
      let n = 0;
      let sumA = 0;
      let sumB = 0;
      let sumAA = 0;
      let sumBB = 0;
      let sumAB = 0;
      for (let i = 0; i < rows; i++) {
        if (missing[i * p + a] || missing[i * p + b]) continue;
        const u = x[i * p + a];
        const v = x[i * p + b];
        n++;
        sumA += u;
        sumB += v;
        sumAA += u * u;
        sumBB += v * v;
        sumAB += u * v;
      }
      if (n < 3) continue;
      const varA = sumAA / n - (sumA / n) ** 2;
      const varB = sumBB / n - (sumB / n) ** 2;
      if (!(varA > 0 && varB > 0)) continue;
      const value = (sumAB / n - (sumA / n) * (sumB / n)) / Math.sqrt(varA * varB);
      out[a * p + b] += weight * value;
      out[b * p + a] += weight * value;
      measured[a * p + b] = 1;
      measured[b * p + a] = 1;
    }
  }
}
