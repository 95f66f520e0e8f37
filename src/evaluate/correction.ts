/**
 * Valid inference from one synthetic table (method.md §7).
 *
 * Derivation under the linear-Gaussian oracle. Real rows x_i ~ N(μ, Σ),
 * i = 1..n; the plug-in flow uses x̄ and S = L Lᵀ, so
 *   x̃_i = x̄ + √w (x_i − x̄) + √(1 − w) L ξ_i,  ξ_i ~ N(0, I).
 * Let θ̂ be an estimator (a mean, a regression slope), θ̂_real on x and
 * θ̂_syn on x̃. By the law of total variance,
 *   Var θ̂_syn = Var E[θ̂_syn | x] + E Var[θ̂_syn | x] = V + D,
 * because E[θ̂_syn | x] = θ̂_real to first order: given x, x̃ has mean x̄
 * and covariance S, and θ̂_real is the same function of (x̄, S).
 *
 * D, the added variance. Write θ̂ ≈ θ + (1/n) Σ ψ(x_i), ψ the influence
 * function, and expand ψ in Hermite polynomials of the latent z = L⁻¹(x − μ).
 * z and z̃ are jointly Gaussian with correlation √w per coordinate, so by
 * Mehler's formula E[H_k(z̃) | z] = w^(k/2) H_k(z): a degree-k part of ψ
 * keeps a share w^k of its variance and the noise adds the rest,
 *   D = (1/n) Σ_k (1 − w^k) Var ψ_k,   V = (1/n) Σ_k Var ψ_k.
 * - Mean of a column: ψ = x_j − μ_j is degree 1, so D = (1 − w) V and
 *   Var θ̂_syn = (2 − w) V (exact: x̃̄ = x̄ + √(1 − w) L ξ̄).
 * - Regression slope of x_1 on the rest: ψ = Σ_X⁻¹ (x_X − μ_X) e, with the
 *   error e independent of x_X, a product of two independent Gaussians:
 *   degree 2, so D = (1 − w²) V and Var θ̂_syn = (2 − w²) V. (Directly: the
 *   synthetic error is √w r_i + √(1 − w) η_i with r the real residuals; the
 *   real part is orthogonal to the real covariates but not to the noise part
 *   of the synthetic ones, adding w(1 − w) V to the (1 − w) V of η.)
 *   So variance × (2 − w) is too small for a slope (at w = 0.5, 1.5 where
 *   1.75 is needed); the w-only correction must know the estimand's degree.
 * - Any estimand: the factor lies between 2 − w (degree 1) and 2 (fresh
 *   sampling), so 2 is a conservative w-only factor when the degree is unknown.
 * The naive variance computed on x̃ estimates V, since x̃ has the fitted
 * model's distribution; hence corrected variance = naive × (1 + D / V).
 *
 * Site-side correction. The site re-applies its mechanism to the synthetic
 * rows: x̃' = f(√w f⁻¹(x̃) + √(1 − w) ξ'). Given x̃, the spread of θ̂(x̃')
 * over fresh ξ' is D again, because x̃ plays the part x played and has the
 * same distribution (under the oracle: (1 − w) S / n exactly for the mean,
 * (1 − w²) V (1 + O(1/n)) for the slope). So the right combination is
 *   v = v_naive + s²_R,
 * s²_R the sample variance of θ̂ over R re-applications: the naive part is V,
 * the spread is D. Using the spread alone would drop V; multiplying would
 * double count. s²_R has R − 1 degrees of freedom, so the interval uses
 * Student's t with Satterthwaite's degrees of freedom (Satterthwaite 1946)
 *   ν = v² / (v_naive² / ν_naive + s⁴_R / (R − 1)).
 * bench/coverage.ts checks both corrections by simulation.
 *
 * Split mode: the flow is fitted on other rows F (x̄_F, S_F) and releases
 * rows R, so x̃_i = x̄_F + √w (x_i − x̄_F) + √(1 − w) L_F ξ_i. To first
 * order θ̂_syn − θ = w^(k/2) (θ̂_R − θ) + (1 − w^(k/2)) (θ̂_F − θ) + noise, the
 * two parts independent, so with V_R the real variance on R and the noise
 * (1 − w^k) V_R as above,
 *   Var θ̂_syn = V_R (1 + (1 − w^(k/2))² n_R / n_F).
 * Fitting on the released rows themselves (θ̂_F = θ̂_R) gives back 2 − w^k.
 * By simulation (linear-Gaussian oracle, p = 5, 3,000 replications): the
 * mean's factor 1.079 at w = 0.5 and n_R = n_F (formula 1.086; 2 − w says
 * 1.5), 1.253 at n_R = 3 n_F (1.257); the slope's 1.184 (formula 1.250,
 * a little conservative) and 1.749 (1.750), where 2 − w² = 1.75 is too
 * small at w = 0.2 and n_R = 3 n_F (2.88 needed, 1.96 given).
 *
 * Limitation: with a fitted flow, E[θ̂_syn | x] is θ under the flow, not
 * θ̂_real; flow misfit adds bias that no variance correction removes.
 */
import type { Random } from '../util/random.js';
import { LniError, assert, shown } from '../util/errors.js';
import { NORMAL_975, studentQuantile975 } from './distributions.js';
import type { Estimate } from './model.js';

/**
 * Throws a user-facing error unless the w (in [0, 1]) and the split mode's
 * released rows per fitted row (a positive number) that correct synthetic
 * variances are usable; `where` names whose they are ("site A").
 */
export function checkCorrectionInputs(
  w: number | undefined, releasedPerFitted: number | undefined, where?: string,
): void {
  const of = where === undefined ? '' : ` (${where})`;
  if (w !== undefined && !(typeof w === 'number' && w >= 0 && w <= 1)) {
    throw new LniError('invalid-option', `w must be a number in [0, 1]${of}, got ${shown(w)}`, {
      hint: 'the w the synthetic table was released at, as its privacy summary gives it',
    });
  }
  if (releasedPerFitted !== undefined && !(typeof releasedPerFitted === 'number'
    && releasedPerFitted > 0 && Number.isFinite(releasedPerFitted))) {
    throw new LniError('invalid-option', 'released rows per fitted row must be a positive ' +
      `number${of}, got ${shown(releasedPerFitted)}`);
  }
}

/**
 * How the noise multiplies an estimator's variance, from w alone:
 *   Var θ̂_syn / Var θ̂_real = 2 − w^degree
 * (see the derivation above). degree 1: means; degree 2: regression
 * coefficients, variances, correlations under Gaussian data;
 * Infinity: the conservative bound 2. In split mode, given the released
 * rows per fitted row n_R / n_F: 1 + (1 − w^(degree/2))² n_R / n_F.
 *
 * @param w in [0, 1]; degree ≥ 1; releasedPerFitted > 0 in split mode only.
 */
export function wOnlyVarianceFactor(w: number, degree = 1, releasedPerFitted?: number): number {
  assert(w >= 0 && w <= 1, () => `w must lie in [0, 1], got ${w}`);
  assert(degree >= 1, () => `the estimand's degree must be at least 1, got ${degree}`);
  if (releasedPerFitted !== undefined) {
    assert(releasedPerFitted > 0 && Number.isFinite(releasedPerFitted),
      () => `released rows per fitted row must be a positive number, got ${releasedPerFitted}`);
    const kept = degree === Infinity ? 0 : w ** (degree / 2);
    return 1 + (1 - kept) ** 2 * releasedPerFitted;
  }
  return degree === Infinity ? 2 : 2 - w ** degree;
}

/**
 * A naive estimate from a synthetic table with its variance multiplied by
 * wOnlyVarianceFactor(w, degree); the interval keeps the naive multiplier.
 */
export function correctWOnly(
  naive: Estimate, w: number, degree: number, critical = NORMAL_975, releasedPerFitted?: number,
): Estimate & { factor: number } {
  const factor = wOnlyVarianceFactor(w, degree, releasedPerFitted);
  const se = naive.se * Math.sqrt(factor);
  return {
    estimate: naive.estimate, se, factor,
    ciLow: naive.estimate - critical * se,
    ciHigh: naive.estimate + critical * se,
  };
}

/** An estimand's value and naive variance on one table. */
export interface NaiveEstimate {
  estimate: number;
  variance: number;
  /** Degrees of freedom of the naive variance (Infinity when asymptotic). */
  degreesOfFreedom?: number;
}

export interface SiteCorrected extends Estimate {
  naiveVariance: number;
  /** s²_R: the spread of the estimand over re-applications of the mechanism. */
  addedVariance: number;
  /** Satterthwaite degrees of freedom of the combined variance. */
  degreesOfFreedom: number;
  replications: number;
}

/**
 * Site-side corrected inference for named estimands: re-applies the
 * mechanism to the synthetic rows R times and adds the spread of each
 * estimand to its naive variance, v = v_naive + s²_R, with a Student-t
 * interval on Satterthwaite's degrees of freedom (derivation above).
 *
 * @param synthetic the released table, in whatever form `reapply` takes.
 * @param estimands maps a table to its estimands (same number each call).
 * @param reapply x ↦ f(√w f⁻¹(x) + √(1 − w) ξ) with the site's own flow.
 * @param replications R ≥ 2; 20 to 50 keeps the t multiplier near 1.96.
 */
export function siteCorrection<T>(
  synthetic: T,
  estimands: (table: T) => readonly NaiveEstimate[],
  reapply: (table: T, rng: Random) => T,
  replications: number,
  rng: Random,
): SiteCorrected[] {
  assert(Number.isInteger(replications) && replications >= 2,
    () => `site-side correction needs at least 2 replications, got ${replications}`);
  const base = estimands(synthetic);
  const sums = new Float64Array(base.length);
  const squares = new Float64Array(base.length);
  for (let r = 0; r < replications; r++) {
    const values = estimands(reapply(synthetic, rng));
    assert(values.length === base.length,
      () => `estimands returned ${values.length} values, expected ${base.length}`);
    // Centre on the synthetic estimate to keep the sum of squares accurate.
    values.forEach((v, j) => {
      sums[j] += v.estimate - base[j].estimate;
      squares[j] += (v.estimate - base[j].estimate) ** 2;
    });
  }

  return base.map((naive, j) => {
    const mean = sums[j] / replications;
    const added = Math.max(0, (squares[j] - replications * mean * mean) / (replications - 1));
    const variance = naive.variance + added;
    const naiveDegrees = naive.degreesOfFreedom ?? Infinity;
    const degreesOfFreedom = variance === 0 ? Infinity : variance ** 2
      / (naive.variance ** 2 / naiveDegrees + added ** 2 / (replications - 1));
    const se = Math.sqrt(variance);
    const critical = studentQuantile975(degreesOfFreedom);
    return {
      estimate: naive.estimate, se,
      ciLow: naive.estimate - critical * se,
      ciHigh: naive.estimate + critical * se,
      naiveVariance: naive.variance,
      addedVariance: added,
      degreesOfFreedom,
      replications,
    };
  });
}
