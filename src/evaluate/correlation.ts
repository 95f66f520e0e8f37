/**
 * Pearson and Spearman correlation between two numeric columns over their
 * pairwise-complete rows (rows where both values are observed).
 */

export type CorrelationMethod = 'pearson' | 'spearman';

/** A correlation, or null with the reason it is not defined. */
export interface Correlation {
  value: number | null;
  /** Number of pairwise-complete rows used. */
  rows: number;
  warning?: string;
}

/**
 * Pearson's product-moment correlation over pairwise-complete rows:
 *   r = Σ (x − x̄)(y − ȳ) / √(Σ (x − x̄)² Σ (y − ȳ)²)   (Pearson 1895),
 * the means taken over the same complete rows. Not defined (null) with fewer
 * than two complete rows or when either column is constant on them.
 *
 * @param x, y equal-length columns, NaN for missing.
 */
export function pearson(x: Float64Array, y: Float64Array): Correlation {
  let rows = 0;
  let meanX = 0;
  let meanY = 0;
  for (let i = 0; i < x.length; i++) {
    if (Number.isNaN(x[i]) || Number.isNaN(y[i])) continue;
    rows++;
    meanX += x[i];
    meanY += y[i];
  }
  if (rows < 2) return undefinedCorrelation(rows);
  meanX /= rows;
  meanY /= rows;

  // Second pass about the means: the one-pass formula loses digits when the
  // mean is large against the spread.
  let sxy = 0;
  let sxx = 0;
  let syy = 0;
  for (let i = 0; i < x.length; i++) {
    if (Number.isNaN(x[i]) || Number.isNaN(y[i])) continue;
    const dx = x[i] - meanX;
    const dy = y[i] - meanY;
    sxy += dx * dy;
    sxx += dx * dx;
    syy += dy * dy;
  }
  if (sxx === 0 || syy === 0) {
    return { value: null, rows, warning: 'correlation is not defined: a column is constant' };
  }
  return { value: Math.max(-1, Math.min(1, sxy / Math.sqrt(sxx * syy))), rows };
}

/**
 * Spearman's rank correlation: Pearson's r of the ranks, ties given their
 * average rank, ranks taken within the pairwise-complete rows
 * (Spearman 1904; Kendall and Gibbons 1990, ch. 2).
 *
 * @param x, y equal-length columns, NaN for missing.
 * @param tiesX, tiesY optional tie groups of x and y, as from tieGroups();
 *   passing them saves a sort per pair in a matrix.
 */
export function spearman(
  x: Float64Array, y: Float64Array,
  tiesX: TieGroups = tieGroups(x), tiesY: TieGroups = tieGroups(y),
): Correlation {
  return pearson(completeRanks(tiesX, y), completeRanks(tiesY, x));
}

/** Each row's position among the column's distinct observed values. */
export interface TieGroups {
  /** Group of each row in ascending value order; −1 where missing. */
  group: Int32Array;
  /** Number of distinct observed values. */
  count: number;
}

/** Tie groups of a column: a native sort of the values, then a binary search per row. */
export function tieGroups(values: Float64Array): TieGroups {
  // A typed-array sort is numeric and puts NaN last; it is far faster than
  // sorting row indices with a comparator.
  const sorted = Float64Array.from(values).sort();
  let count = 0;
  for (let i = 0; i < sorted.length && !Number.isNaN(sorted[i]); i++) {
    if (i === 0 || sorted[i] !== sorted[i - 1]) sorted[count++] = sorted[i];
  }
  const group = new Int32Array(values.length);
  for (let row = 0; row < values.length; row++) {
    const value = values[row];
    if (Number.isNaN(value)) { group[row] = -1; continue; }
    let low = 0;
    let high = count - 1;
    while (low < high) {
      const middle = (low + high) >> 1;
      if (sorted[middle] < value) low = middle + 1;
      else high = middle;
    }
    group[row] = low;
  }
  return { group, count };
}

/**
 * Average ranks (1-based) of a column among the rows where both it and
 * `other` are observed; NaN elsewhere. Counts complete rows per tie group,
 * then gives each group the mean of the ranks it spans.
 */
function completeRanks(ties: TieGroups, other: Float64Array): Float64Array {
  const sizes = new Float64Array(ties.count);
  const n = ties.group.length;
  for (let row = 0; row < n; row++) {
    const g = ties.group[row];
    if (g >= 0 && !Number.isNaN(other[row])) sizes[g]++;
  }
  let below = 0;
  for (let g = 0; g < ties.count; g++) {
    const size = sizes[g];
    sizes[g] = below + (size + 1) / 2;
    below += size;
  }
  const ranks = new Float64Array(n);
  for (let row = 0; row < n; row++) {
    const g = ties.group[row];
    ranks[row] = g >= 0 && !Number.isNaN(other[row]) ? sizes[g] : NaN;
  }
  return ranks;
}

function undefinedCorrelation(rows: number): Correlation {
  return {
    value: null,
    rows,
    warning: `correlation is not defined: ${rows} pairwise-complete row${rows === 1 ? '' : 's'}`,
  };
}
