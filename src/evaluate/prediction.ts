/** Scores of predictions on held-out rows: AUC for a binary outcome, R² for a numeric one. */

/**
 * Area under the ROC curve by the Mann–Whitney U statistic (Hanley and
 * McNeil 1982): the probability that a random positive scores above a random
 * negative, ties counting one half. Computed from average ranks, O(n log n).
 *
 * @param scores predicted scores; labels in {0, 1}, same length.
 * @returns AUC in [0, 1] (0.5 = chance), or null without both classes.
 */
export function areaUnderCurve(scores: Float64Array, labels: Float64Array): number | null {
  const n = scores.length;
  const order = Array.from({ length: n }, (_, i) => i).sort((a, b) => scores[a] - scores[b]);
  let positives = 0;
  let positiveRankSum = 0;
  let k = 0;
  while (k < n) {
    let end = k;
    while (end < n && scores[order[end]] === scores[order[k]]) end++;
    const averageRank = (k + 1 + end) / 2;
    for (let t = k; t < end; t++) {
      if (labels[order[t]] === 1) {
        positives++;
        positiveRankSum += averageRank;
      }
    }
    k = end;
  }
  const negatives = n - positives;
  if (positives === 0 || negatives === 0) return null;
  return (positiveRankSum - (positives * (positives + 1)) / 2) / (positives * negatives);
}

/**
 * Coefficient of determination on held-out rows:
 *   R² = 1 − Σ (y − ŷ)² / Σ (y − ȳ)²,  ȳ the held-out mean.
 * Negative when the predictions do worse than the held-out mean.
 *
 * @returns R² in (−∞, 1], or null with fewer than two rows or a constant y.
 */
export function rSquared(predicted: Float64Array, observed: Float64Array): number | null {
  const n = observed.length;
  if (n < 2) return null;
  let mean = 0;
  for (let i = 0; i < n; i++) mean += observed[i];
  mean /= n;
  let residual = 0;
  let total = 0;
  for (let i = 0; i < n; i++) {
    residual += (observed[i] - predicted[i]) ** 2;
    total += (observed[i] - mean) ** 2;
  }
  return total === 0 ? null : 1 - residual / total;
}
