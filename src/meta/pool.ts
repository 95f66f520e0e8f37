/**
 * Inverse-variance pooling of per-site estimates (method.md §8): the fixed
 * effect and DerSimonian–Laird random effects, with Cochran's Q, I², τ² and
 * intervals for τ² (Q-profile) and I² (Higgins–Thompson).
 */
import { assert, LniError, shown } from '../util/errors.js';
import { chiSquareQuantile, chiSquareSurvival, normalQuantile } from '../util/special.js';

/** One site's estimate of one term and its (noise-corrected) variance. */
export interface SiteValue {
  site: string;
  estimate: number;
  variance: number;
  /** Model covariates this site's estimate is not adjusted for (see SiteTermEstimate). */
  unadjustedFor?: string[];
}

export interface FixedEffect {
  estimate: number;
  variance: number;
  ciLow: number;
  ciHigh: number;
}

export interface RandomEffects extends FixedEffect {
  /** Between-site variance, DerSimonian–Laird; null when K = 1. */
  tau2: number | null;
  /** Q-profile interval for τ²; null when K = 1. */
  tau2Low: number | null;
  tau2High: number | null;
  /** Cochran's Q, its degrees of freedom K − 1 and its upper-tail p-value. */
  Q: number | null;
  df: number;
  pValue: number | null;
  /** I² in [0, 1] (a proportion, not a percentage) and its interval. */
  I2: number | null;
  I2Low: number | null;
  I2High: number | null;
}

export interface Pooled {
  /** The sites that entered the pooling, in input order. */
  sites: SiteValue[];
  /** Null when no site is left. */
  fixed: FixedEffect | null;
  random: RandomEffects | null;
  /** Sites left out (missing or non-finite estimate or variance), as sentences. */
  excluded: string[];
}

/** Options shared by the pooling functions. */
export interface PoolOptions {
  /** Confidence level of every interval, in (0, 1); 0.95 by default. */
  level?: number;
  /** What is being pooled, used in the exclusion sentences. */
  term?: string;
}

/**
 * Throws a user-facing error unless there is a site and every one has a
 * finite estimate and a finite variance > 0 (poolSites leaves the others
 * out with a sentence; fixedEffect and randomEffects take what they get).
 */
function checkPoolable(sites: readonly SiteValue[], what: string): void {
  if (sites.length === 0) {
    throw new LniError('invalid-option', `${what} needs at least one site`, {
      hint: 'poolSites takes any sites and says which it left out' });
  }
  const bad = sites.find((s) => !(Number.isFinite(s.estimate) && Number.isFinite(s.variance)
    && s.variance > 0));
  if (bad !== undefined) {
    throw new LniError('invalid-option', `${what}: site ${bad.site} needs a finite estimate and ` +
      `a finite variance > 0, got ${shown(bad.estimate)} and ${shown(bad.variance)}`, {
      hint: 'poolSites leaves such a site out and says so' });
  }
}

/**
 * Fixed-effect inverse-variance pooling:
 *   θ̂ = Σ θ̂_k / v_k / Σ 1/v_k,  Var(θ̂) = 1 / Σ 1/v_k,  θ̂ ± z_{(1+level)/2} √Var.
 * Reference: Borenstein et al., Introduction to Meta-Analysis (2009), ch. 11.
 *
 * @param sites K ≥ 1 sites with finite estimates and variances > 0.
 */
export function fixedEffect(sites: SiteValue[], level = 0.95): FixedEffect {
  checkPoolable(sites, 'fixedEffect');
  // K = 1: the site's own estimate and variance, exactly (no rounding through 1/v).
  if (sites.length === 1) return withInterval(sites[0].estimate, sites[0].variance, level);
  let weightSum = 0;
  let weightedSum = 0;
  for (const { estimate, variance } of sites) {
    weightSum += 1 / variance;
    weightedSum += estimate / variance;
  }
  return withInterval(weightedSum / weightSum, 1 / weightSum, level);
}

/**
 * Cochran's heterogeneity statistic around the fixed-effect estimate at
 * between-site variance τ² (τ² = 0 gives Cochran's Q; τ² > 0 gives the
 * generalized Q used by the Q-profile method):
 *   Q(τ²) = Σ (θ̂_k − θ̂(τ²))² / (v_k + τ²),  θ̂(τ²) weighted by 1/(v_k + τ²).
 * Reference: Viechtbauer, Statistics in Medicine 26 (2007) 37–52.
 */
export function generalizedQ(sites: SiteValue[], tau2 = 0): number {
  let weightSum = 0;
  let weightedSum = 0;
  for (const { estimate, variance } of sites) {
    weightSum += 1 / (variance + tau2);
    weightedSum += estimate / (variance + tau2);
  }
  const centre = weightedSum / weightSum;
  let q = 0;
  for (const { estimate, variance } of sites) q += (estimate - centre) ** 2 / (variance + tau2);
  return q;
}

/**
 * DerSimonian–Laird random effects (DerSimonian and Laird, Controlled
 * Clinical Trials 7 (1986) 177–188):
 *   τ² = max(0, (Q − (K − 1)) / (Σ 1/v_k − Σ 1/v_k² / Σ 1/v_k)),
 *   θ̂_RE = Σ θ̂_k / (v_k + τ²) / Σ 1/(v_k + τ²),  Var = 1 / Σ 1/(v_k + τ²),
 *   I² = max(0, (Q − (K − 1)) / Q)  (Higgins and Thompson, Stat Med 2002).
 * Intervals: τ² by the Q-profile method (Viechtbauer 2007), I² from the
 * test-based interval for H = √(Q / (K − 1)) (Higgins and Thompson 2002,
 * appendix), I² = 1 − 1/H².
 * K = 1 returns the single site's result with τ², Q and I² null.
 *
 * @param sites K ≥ 1 sites with finite estimates and variances > 0.
 */
export function randomEffects(sites: SiteValue[], level = 0.95): RandomEffects {
  checkPoolable(sites, 'randomEffects');
  const k = sites.length;
  if (k === 1) {
    return {
      ...withInterval(sites[0].estimate, sites[0].variance, level),
      tau2: null, tau2Low: null, tau2High: null, Q: null, df: 0, pValue: null,
      I2: null, I2Low: null, I2High: null,
    };
  }

  let sumWeights = 0;
  let sumSquaredWeights = 0;
  for (const { variance } of sites) {
    sumWeights += 1 / variance;
    sumSquaredWeights += 1 / variance ** 2;
  }
  const q = generalizedQ(sites, 0);
  const df = k - 1;
  const scaling = sumWeights - sumSquaredWeights / sumWeights;
  const tau2 = Math.max(0, (q - df) / scaling);

  let weightSum = 0;
  let weightedSum = 0;
  for (const { estimate, variance } of sites) {
    weightSum += 1 / (variance + tau2);
    weightedSum += estimate / (variance + tau2);
  }
  const [tau2Low, tau2High] = qProfileInterval(sites, level);
  const [I2Low, I2High] = higginsThompsonInterval(q, k, level);
  return {
    ...withInterval(weightedSum / weightSum, 1 / weightSum, level),
    tau2, tau2Low, tau2High, Q: q, df, pValue: chiSquareSurvival(q, df),
    I2: q > 0 ? Math.max(0, (q - df) / q) : 0, I2Low, I2High,
  };
}

/**
 * Q-profile confidence interval for τ² (Viechtbauer 2007): the τ² values at
 * which the generalized Q(τ²), decreasing in τ², equals the χ²(K − 1)
 * quantiles at (1 + level)/2 (lower end) and (1 − level)/2 (upper end);
 * an end is 0 when Q(0) already lies below its quantile. K ≥ 2.
 */
export function qProfileInterval(sites: SiteValue[], level = 0.95): [number, number] {
  checkLevel(level);
  const df = sites.length - 1;
  assert(df >= 1, () => `the Q-profile interval needs K ≥ 2 sites, got ${sites.length}`);
  const alpha = 1 - level;
  const solve = (target: number): number => {
    if (generalizedQ(sites, 0) <= target) return 0;
    let high = 1;
    for (const { variance } of sites) high = Math.max(high, variance);
    while (generalizedQ(sites, high) > target) high *= 2;
    let low = 0;
    for (let i = 0; i < 200 && high - low > 1e-12 * high; i++) {
      const middle = 0.5 * (low + high);
      if (generalizedQ(sites, middle) > target) low = middle;
      else high = middle;
    }
    return 0.5 * (low + high);
  };
  return [solve(chiSquareQuantile(1 - alpha / 2, df)), solve(chiSquareQuantile(alpha / 2, df))];
}

/**
 * Higgins–Thompson test-based interval for I² (Higgins and Thompson, Stat
 * Med 21 (2002) 1539–1558, appendix A.2): with H = √(Q/(K − 1)),
 *   SE(ln H) = ½ (ln Q − ln(K − 1)) / (√(2Q) − √(2K − 3))       if Q > K,
 *   SE(ln H) = √(1/(2(K − 2)) · (1 − 1/(3(K − 2)²)))           otherwise,
 * H bounds exp(ln H ± z SE), floored at 1, mapped by I² = 1 − 1/H².
 * Returns [null, null] where the formula is undefined (K = 2 with Q ≤ 2).
 */
export function higginsThompsonInterval(
  q: number, k: number, level = 0.95,
): [number | null, number | null] {
  assert(k >= 2, () => `the I² interval needs K ≥ 2 sites, got ${k}`);
  let standardError: number;
  if (q > k) {
    standardError = 0.5 * (Math.log(q) - Math.log(k - 1))
      / (Math.sqrt(2 * q) - Math.sqrt(2 * k - 3));
  } else if (k > 2) {
    standardError = Math.sqrt((1 / (2 * (k - 2))) * (1 - 1 / (3 * (k - 2) ** 2)));
  } else {
    return [null, null];
  }
  const z = criticalValue(level);
  const logH = 0.5 * Math.log(Math.max(q, Number.MIN_VALUE) / (k - 1));
  const toI2 = (h: number) => (h <= 1 ? 0 : 1 - 1 / (h * h));
  return [toI2(Math.exp(logH - z * standardError)), toI2(Math.exp(logH + z * standardError))];
}

/**
 * Pools one term across sites: drops (and reports) sites whose estimate or
 * variance is missing, non-finite or not positive, then runs both models.
 * Returns null pooled results when no site is left.
 */
export function poolSites(sites: SiteValue[], options: PoolOptions = {}): Pooled {
  const level = options.level ?? 0.95;
  checkLevel(level);
  const term = options.term === undefined ? '' : ` for ${options.term}`;
  const kept: SiteValue[] = [];
  const excluded: string[] = [];
  for (const site of sites) {
    if (!Number.isFinite(site.estimate)) {
      excluded.push(`Site ${site.site} has no finite estimate${term}; ` +
        'it is left out of the pooling.');
    } else if (!Number.isFinite(site.variance) || site.variance <= 0) {
      excluded.push(`Site ${site.site} has no finite positive variance${term}; ` +
        'it is left out of the pooling.');
    } else {
      kept.push(site);
    }
  }
  if (kept.length === 0) return { sites: [], fixed: null, random: null, excluded };
  return {
    sites: kept, fixed: fixedEffect(kept, level), random: randomEffects(kept, level), excluded,
  };
}

// The bench pools thousands of times at one level: remember the last quantile.
let cachedLevel = NaN;
let cachedQuantile = NaN;

function criticalValue(level: number): number {
  if (level !== cachedLevel) {
    checkLevel(level);
    cachedQuantile = normalQuantile(0.5 + level / 2);
    cachedLevel = level;
  }
  return cachedQuantile;
}

/** A confidence level comes from library callers: a bad one is their input, not a bug. */
function checkLevel(level: number): void {
  if (typeof level === 'number' && level > 0 && level < 1) return;
  throw new LniError('invalid-option',
    `the confidence level must be a number in (0, 1), got ${shown(level)}`,
    { hint: 'e.g. level: 0.95 for 95% intervals' });
}

function withInterval(estimate: number, variance: number, level: number): FixedEffect {
  const halfWidth = criticalValue(level) * Math.sqrt(variance);
  return { estimate, variance, ciLow: estimate - halfWidth, ciHigh: estimate + halfWidth };
}
