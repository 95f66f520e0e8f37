import type { Random } from '../../util/random.js';
import { assert } from '../../util/errors.js';

/** How to read an attack AUC; every result carries it. */
export const AUC_DIRECTION =
  'lower is better for privacy; 0.5 is chance; range 0–1';

/** A receiver operating characteristic curve, at most 101 points. */
export interface RocCurve {
  falsePositiveRate: number[];
  truePositiveRate: number[];
}

export interface AucEstimate {
  auc: number;
  /** Bootstrap percentile 95% interval. */
  ciLow: number;
  ciHigh: number;
  roc: RocCurve;
}

/** Scores sorted ascending with their labels, ties grouped. */
interface SortedScores {
  /** order[i]: the input index at sorted position i (members first, then others). */
  order: Int32Array;
  isMember: Uint8Array;
  /** Exclusive end of each run of equal scores. */
  groupEnds: number[];
}

function sortScores(members: Float64Array, nonMembers: Float64Array): SortedScores {
  const total = members.length + nonMembers.length;
  const scores = new Float64Array(total);
  scores.set(members);
  scores.set(nonMembers, members.length);
  const order = Int32Array.from({ length: total }, (_, i) => i);
  order.sort((a, b) => scores[a] - scores[b]);
  const isMember = new Uint8Array(total);
  const groupEnds: number[] = [];
  for (let i = 0; i < total; i++) {
    isMember[i] = order[i] < members.length ? 1 : 0;
    if (i === total - 1 || scores[order[i + 1]] !== scores[order[i]]) groupEnds.push(i + 1);
  }
  return { order, isMember, groupEnds };
}

/**
 * Mann–Whitney AUC with weights: P(member score > non-member score) + ½ P(tie),
 * each sorted position i counted weight[i] times (1 for the plain estimate,
 * bootstrap multiplicities otherwise).
 */
function weightedAuc(sorted: SortedScores, weight: Float64Array): number {
  let nonMembersBelow = 0;
  let numerator = 0;
  let memberTotal = 0;
  let start = 0;
  for (const end of sorted.groupEnds) {
    let groupMembers = 0;
    let groupNonMembers = 0;
    for (let i = start; i < end; i++) {
      if (sorted.isMember[i] === 1) groupMembers += weight[i];
      else groupNonMembers += weight[i];
    }
    numerator += groupMembers * (nonMembersBelow + 0.5 * groupNonMembers);
    nonMembersBelow += groupNonMembers;
    memberTotal += groupMembers;
    start = end;
  }
  return numerator / (memberTotal * nonMembersBelow);
}

function rocCurve(sorted: SortedScores, members: number, nonMembers: number): RocCurve {
  // Lower the threshold from the top score down, one tie group at a time.
  const falsePositiveRate = [0];
  const truePositiveRate = [0];
  let truePositives = 0;
  let falsePositives = 0;
  for (let g = sorted.groupEnds.length - 1; g >= 0; g--) {
    const start = g === 0 ? 0 : sorted.groupEnds[g - 1];
    for (let i = start; i < sorted.groupEnds[g]; i++) {
      if (sorted.isMember[i] === 1) truePositives++;
      else falsePositives++;
    }
    falsePositiveRate.push(falsePositives / nonMembers);
    truePositiveRate.push(truePositives / members);
  }
  const count = falsePositiveRate.length;
  if (count <= 101) return { falsePositiveRate, truePositiveRate };
  const keep = Array.from({ length: 101 }, (_, k) => Math.round((k * (count - 1)) / 100));
  return {
    falsePositiveRate: keep.map((i) => falsePositiveRate[i]),
    truePositiveRate: keep.map((i) => truePositiveRate[i]),
  };
}

/**
 * Membership-inference AUC, higher score = more likely member:
 *   AUC = (1/(n_m n_o)) Σ_i Σ_k [s_i > t_k] + ½ [s_i = t_k]
 * (Mann–Whitney U / (n_m n_o); Hanley and McNeil 1982), with a percentile
 * bootstrap 95% interval that resamples members and non-members separately
 * (Efron and Tibshirani 1993), and the ROC curve downsampled to ≤ 101 points.
 *
 * @param memberScores ≥ 1 finite scores. @param nonMemberScores ≥ 1.
 * @param replicates bootstrap resamples, ≥ 100 for a stable interval.
 */
export function membershipAuc(
  memberScores: Float64Array, nonMemberScores: Float64Array, rng: Random,
  replicates = 1000,
): AucEstimate {
  const members = memberScores.length;
  const nonMembers = nonMemberScores.length;
  assert(members >= 1 && nonMembers >= 1,
    () => `AUC needs both groups, got ${members} members and ${nonMembers} non-members`);
  assert(replicates >= 1, () => `bootstrap needs ≥ 1 replicate, got ${replicates}`);
  for (const scores of [memberScores, nonMemberScores]) {
    for (const score of scores) assert(!Number.isNaN(score), () => 'an attack score is NaN');
  }

  const sorted = sortScores(memberScores, nonMemberScores);
  const total = members + nonMembers;
  const weight = new Float64Array(total).fill(1);
  const auc = weightedAuc(sorted, weight);

  // position[original index] = sorted position, to place bootstrap draws.
  const position = new Int32Array(total);
  for (let i = 0; i < total; i++) position[sorted.order[i]] = i;
  const replicateAucs = new Float64Array(replicates);
  for (let b = 0; b < replicates; b++) {
    weight.fill(0);
    for (let i = 0; i < members; i++) weight[position[rng.integer(members)]] += 1;
    for (let i = 0; i < nonMembers; i++) {
      weight[position[members + rng.integer(nonMembers)]] += 1;
    }
    replicateAucs[b] = weightedAuc(sorted, weight);
  }
  replicateAucs.sort();
  const quantile = (q: number): number =>
    replicateAucs[Math.min(replicates - 1, Math.max(0, Math.floor(q * replicates)))];

  // With heavy ties the percentile interval can miss the estimate; widen to keep it.
  return {
    auc,
    ciLow: Math.min(auc, quantile(0.025)),
    ciHigh: Math.max(auc, quantile(0.975)),
    roc: rocCurve(sorted, members, nonMembers),
  };
}
