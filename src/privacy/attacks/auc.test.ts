import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Random } from '../../util/random.js';
import { AUC_DIRECTION, membershipAuc } from './auc.js';

/** The definition itself, by double loop. */
function bruteForceAuc(members: Float64Array, nonMembers: Float64Array): number {
  let sum = 0;
  for (const s of members) {
    for (const t of nonMembers) sum += s > t ? 1 : s === t ? 0.5 : 0;
  }
  return sum / (members.length * nonMembers.length);
}

test('the AUC equals the Mann–Whitney double sum with ties counted half', () => {
  const rng = new Random(1);
  for (let trial = 0; trial < 20; trial++) {
    // Integer scores in a small range force many ties.
    const members = Float64Array.from({ length: 37 }, () => rng.integer(6) + 1);
    const nonMembers = Float64Array.from({ length: 23 }, () => rng.integer(6));
    const { auc } = membershipAuc(members, nonMembers, new Random(2), 50);
    assert.ok(Math.abs(auc - bruteForceAuc(members, nonMembers)) < 1e-12);
  }
});

test('separated scores give 1, reversed scores 0, and all-tied scores exactly 0.5', () => {
  const high = Float64Array.from([5, 6, 7]);
  const low = Float64Array.from([1, 2]);
  assert.equal(membershipAuc(high, low, new Random(3), 100).auc, 1);
  assert.equal(membershipAuc(low, high, new Random(3), 100).auc, 0);
  const tied = membershipAuc(new Float64Array(10).fill(3), new Float64Array(7).fill(3),
    new Random(3), 100);
  assert.deepEqual([tied.auc, tied.ciLow, tied.ciHigh], [0.5, 0.5, 0.5]);
});

test('the ROC runs from (0, 0) to (1, 1), is monotone and has at most 101 points', () => {
  const rng = new Random(4);
  const members = Float64Array.from({ length: 3000 }, () => rng.normal() + 0.5);
  const nonMembers = Float64Array.from({ length: 2000 }, () => rng.normal());
  const { roc, auc } = membershipAuc(members, nonMembers, new Random(5), 200);
  const { falsePositiveRate: fpr, truePositiveRate: tpr } = roc;
  assert.ok(fpr.length <= 101 && fpr.length === tpr.length);
  assert.deepEqual([fpr[0], tpr[0], fpr.at(-1), tpr.at(-1)], [0, 0, 1, 1]);
  for (let i = 1; i < fpr.length; i++) assert.ok(fpr[i] >= fpr[i - 1] && tpr[i] >= tpr[i - 1]);
  // The trapezoid area under the downsampled curve stays near the exact AUC.
  let area = 0;
  for (let i = 1; i < fpr.length; i++) area += (fpr[i] - fpr[i - 1]) * (tpr[i] + tpr[i - 1]) / 2;
  assert.ok(Math.abs(area - auc) < 0.01, `area ${area} vs AUC ${auc}`);
});

test('the bootstrap interval is seeded, holds the estimate, has the normal-theory width', () => {
  const rng = new Random(6);
  const members = Float64Array.from({ length: 400 }, () => rng.normal() + 0.3);
  const nonMembers = Float64Array.from({ length: 400 }, () => rng.normal());
  const first = membershipAuc(members, nonMembers, new Random(7), 1000);
  const again = membershipAuc(members, nonMembers, new Random(7), 1000);
  assert.deepEqual(first, again);
  assert.ok(first.ciLow < first.auc && first.auc < first.ciHigh);
  // Hanley–McNeil standard error of an AUC near 0.58 with 400 + 400 rows ≈ 0.020.
  const a = first.auc;
  const q1 = a / (2 - a);
  const q2 = (2 * a * a) / (1 + a);
  const se = Math.sqrt((a * (1 - a) + 399 * (q1 - a * a) + 399 * (q2 - a * a)) / (400 * 400));
  const width = first.ciHigh - first.ciLow;
  assert.ok(Math.abs(width / (2 * 1.96 * se) - 1) < 0.2, `width ${width} vs ${2 * 1.96 * se}`);
  assert.equal(AUC_DIRECTION, 'lower is better for privacy; 0.5 is chance; range 0–1');
});

test('scores of NaN are refused rather than ranked', () => {
  assert.throws(() => membershipAuc(Float64Array.from([NaN]), Float64Array.from([1]),
    new Random(8)), /NaN/);
});
