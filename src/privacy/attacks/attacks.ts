import type { Bijection } from '../../mechanism/index.js';
import type { Random } from '../../util/random.js';
import { assert } from '../../util/errors.js';
import { AUC_DIRECTION, membershipAuc, type RocCurve } from './auc.js';
import { fitKernelDensity } from './kde.js';
import { nearestDistances } from './neighbours.js';

/** Rows of encoded data, row-major rows × p. */
export interface RowSet {
  readonly values: Float64Array;
  readonly rows: number;
}

/**
 * The rows a membership audit needs (method.md §5), all encoded:
 * members (the real rows whose synthetic twins were released), non-members
 * (held out before fitting) and, for the density-ratio attack, reference rows
 * disjoint from both.
 */
export interface AttackData {
  readonly dimension: number;
  readonly members: RowSet;
  readonly nonMembers: RowSet;
  readonly reference?: RowSet;
}

export type AttackName = 'distance-to-closest' | 'density-ratio' | 'latent';

export interface AttackResult {
  readonly name: AttackName;
  readonly title: string;
  readonly auc: number;
  readonly ciLow: number;
  readonly ciHigh: number;
  readonly roc: RocCurve;
  readonly direction: string;
}

export interface AttackReport {
  readonly results: AttackResult[];
  /** Attacks that could not run, and why ("not defined", never a made-up AUC). */
  readonly skipped: { name: AttackName; reason: string }[];
  /** Sample-size caveats (small splits give wide intervals). */
  readonly warnings: string[];
}

export interface AttackOptions {
  /** The flow; needed for the model-aware latent attack. */
  bijection?: Bijection;
  /** The w the synthetic rows were made with; needed for the latent attack. */
  w?: number;
  /** Bootstrap resamples for the AUC interval (default 1000). */
  replicates?: number;
}

/** Below this many rows a group's AUC interval is wider than about ±0.1. */
export const SMALL_GROUP = 100;

/**
 * Fewest members, and fewest non-members, an audit runs with. At 20 per
 * group the AUC's null standard error √((n_m + n_o + 1)/(12 n_m n_o))
 * (Hanley and McNeil 1982) is 0.09, so the 95% interval is about ±0.18:
 * just narrow enough to tell chance (0.5) from an attack that works
 * (≥ 0.7). Below it the bootstrap resamples a handful of scores and the
 * interval says nothing (4 rows give AUC 0.000 [0, 0]).
 */
export const MIN_AUDIT_GROUP = 20;

/**
 * DCR attack: score = −(distance from the candidate to its closest synthetic
 * row) on the encoded scale. A released twin sits near its member.
 */
export function distanceToClosestScores(
  candidates: RowSet, synthetic: RowSet, p: number,
): Float64Array {
  const distances = nearestDistances(candidates.values, candidates.rows,
    synthetic.values, synthetic.rows, p);
  return distances.map((d) => -d);
}

/**
 * DOMIAS-style density-ratio attack (van Breugel et al. 2023):
 *   score = log p̂_synthetic(x) − log p̂_reference(x),
 * each a Gaussian KDE with Scott's bandwidth (kde.ts). A member's twin puts
 * synthetic mass near it beyond what the population density explains.
 */
export function densityRatioScores(
  candidates: RowSet, synthetic: RowSet, reference: RowSet, p: number,
): Float64Array {
  const syntheticDensity = fitKernelDensity(synthetic.values, synthetic.rows, p);
  const referenceDensity = fitKernelDensity(reference.values, reference.rows, p);
  const top = syntheticDensity.logDensity(candidates.values, candidates.rows);
  const bottom = referenceDensity.logDensity(candidates.values, candidates.rows);
  return top.map((value, i) => value - bottom[i]);
}

/**
 * Model-aware latent attack: the attacker knows f and w, and scores
 *   score = −min_k ‖z̃_k − √w · f⁻¹(x)‖₂,  z̃_k = f⁻¹(x̃_k).
 * For a member's own twin z̃ − √w z ~ N(0, (1 − w) I), far tighter than the
 * spread of unrelated rows when w is near 1. At w = 0 all scores tie (AUC ½).
 */
export function latentScores(
  candidates: RowSet, synthetic: RowSet, bijection: Bijection, w: number,
): Float64Array {
  assert(w >= 0 && w <= 1, () => `latent attack needs w in [0, 1], got ${w}`);
  const p = bijection.dimension;
  const candidateLatent = bijection.toLatent(candidates.values, candidates.rows);
  const syntheticLatent = bijection.toLatent(synthetic.values, synthetic.rows);
  const distances = nearestDistances(candidateLatent, candidates.rows,
    syntheticLatent, synthetic.rows, p, Math.sqrt(w));
  return distances.map((d) => -d);
}

function concatenate(a: RowSet, b: RowSet): RowSet {
  const values = new Float64Array(a.values.length + b.values.length);
  values.set(a.values);
  values.set(b.values, a.values.length);
  return { values, rows: a.rows + b.rows };
}

/** Caveats about the audit's sample sizes (method.md §5). */
export function auditSizeWarnings(data: AttackData): string[] {
  const warnings: string[] = [];
  const { members, nonMembers, reference, dimension } = data;
  if (members.rows < SMALL_GROUP || nonMembers.rows < SMALL_GROUP) {
    warnings.push(`The audit has ${members.rows} members and ${nonMembers.rows} non-members; `
      + `below ${SMALL_GROUP} per group the AUC interval is wider than about ±0.1, `
      + 'so a low AUC means little.');
  }
  const referenceNeeded = Math.max(SMALL_GROUP, 10 * dimension);
  if (reference !== undefined && reference.rows < referenceNeeded) {
    warnings.push(`The density-ratio attack's reference set has ${reference.rows} rows, `
      + `fewer than ${referenceNeeded} (10 per encoded column): its density estimate is `
      + 'too rough for the attack to mean much.');
  }
  return warnings;
}

/**
 * Runs every attack that the inputs allow on one synthetic table and returns
 * each AUC with its bootstrap 95% interval (membershipAuc). Higher scores mean
 * "more likely a member" in every attack.
 */
export function runAttacks(
  data: AttackData, synthetic: RowSet, rng: Random, options: AttackOptions = {},
): AttackReport {
  const p = data.dimension;
  for (const [label, set] of [['members', data.members], ['non-members', data.nonMembers],
    ['synthetic', synthetic]] as const) {
    assert(set.values.length === set.rows * p && set.rows >= 1,
      () => `${label}: ${set.values.length} values for ${set.rows} rows × ${p}`);
  }
  const candidates = concatenate(data.members, data.nonMembers);
  const replicates = options.replicates ?? 1000;
  const results: AttackResult[] = [];
  const skipped: AttackReport['skipped'] = [];

  const score = (name: AttackName, title: string, scores: Float64Array): void => {
    const members = scores.subarray(0, data.members.rows);
    const nonMembers = scores.subarray(data.members.rows);
    const estimate = membershipAuc(members, nonMembers, rng.fork(), replicates);
    results.push({ name, title, ...estimate, direction: AUC_DIRECTION });
  };

  score('distance-to-closest', 'Distance to closest synthetic row',
    distanceToClosestScores(candidates, synthetic, p));

  if (data.reference === undefined || data.reference.rows < 2) {
    skipped.push({ name: 'density-ratio', reason: 'no reference rows were set aside' });
  } else {
    score('density-ratio', 'Density ratio (synthetic / reference KDE)',
      densityRatioScores(candidates, synthetic, data.reference, p));
  }

  if (options.bijection === undefined || options.w === undefined) {
    skipped.push({ name: 'latent', reason: 'the flow or w was not given' });
  } else {
    score('latent', 'Model-aware latent nearest neighbour',
      latentScores(candidates, synthetic, options.bijection, options.w));
  }
  return { results, skipped, warnings: auditSizeWarnings(data) };
}
