/**
 * A column's distribution as a monotone piecewise-linear map between raw
 * values t and probabilities q: knots (t₀, q₀), …, (t_m, q_m) with both
 * sequences non-decreasing, q₀ = 0, q_m = 1. A span whose t stays fixed
 * while q rises is an atom (a category, an integer, a tied value); a span
 * where both rise spreads its mass linearly over [t_k, t_{k+1}].
 *
 * Encoding a numeric cell maps it to q (a uniform draw places it inside an
 * atom), and the normal score Φ⁻¹(q) then makes the dimension N(0, 1)
 * marginally, so the flow only has to learn the dependence. For a
 * categorical column the ladder only records the level shares (the
 * encoder places levels in equal bands). The knots are fitted quantiles
 * (at most 64 steps, plus halved end steps), level shares, or the two
 * values either side of a wide gap; never all the rows themselves.
 */
import { RARE_LEVEL_ROWS } from './cells.js';
export interface Ladder {
  values: number[];
  probabilities: number[];
}

/** Columns with at most this many distinct values keep each value's share. */
export const MAX_EXACT_LEVELS = 32;

/**
 * Whether a column's distinct values are kept as they are, each with its
 * share: few of them (codes, counts, a score), most held by more than one
 * row. In a small table nearly every value is one person's (24 salaries,
 * 24 dates of birth): kept exactly, each would be released as itself; as
 * quantiles they are interpolated like any measurement.
 */
export function keepsExactValues(values: ArrayLike<number>): boolean {
  const counts = new Map<number, number>();
  for (let i = 0; i < values.length; i++) {
    counts.set(values[i], (counts.get(values[i]) ?? 0) + 1);
    if (counts.size > MAX_EXACT_LEVELS) return false;
  }
  const alone = [...counts.values()].filter((count) => count === 1).length;
  return alone <= counts.size / 2;
}

// Limitation: beyond MAX_EXACT_LEVELS distinct values the map between
// knots is linear, so the decoded marginal matches the real one to about
// one knot spacing (1/64 of the mass) rather than exactly.
const MAX_QUANTILE_STEPS = 64;

/** Levels 0..K−1 as atoms with the given counts (a categorical column). */
export function levelLadder(counts: number[]): Ladder {
  const total = counts.reduce((s, c) => s + c, 0);
  const values: number[] = [];
  const probabilities: number[] = [];
  let cumulative = 0;
  counts.forEach((count, k) => {
    values.push(k, k);
    probabilities.push(cumulative / total);
    cumulative += count;
    probabilities.push(k === counts.length - 1 ? 1 : cumulative / total);
  });
  return dedupe(values, probabilities);
}

/**
 * The distribution of observed raw values. `dequantized`: integer values v
 * encoded as v + U[0, 1) (each spread over [v, v + 1)); otherwise every
 * distinct value is an atom. With more than MAX_EXACT_LEVELS distinct
 * values the ladder keeps the quantiles at q = k/Q, Q = clamp(⌊n/10⌋, 8,
 * 64), plus the exact extent of every atom holding at least 1/Q of the rows.
 */
export function fitLadder(raw: number[], dequantized: boolean): Ladder {
  const sorted = Float64Array.from(raw).sort();
  const n = sorted.length;
  const distinct: number[] = [];
  const ends: number[] = [];
  for (let i = 0; i < n; i++) {
    if (i === 0 || sorted[i] !== sorted[i - 1]) distinct.push(sorted[i]);
    ends[distinct.length - 1] = (i + 1) / n;
  }
  const width = dequantized ? 1 : 0;
  const atom = (j: number, values: number[], probabilities: number[]) => {
    values.push(distinct[j], distinct[j] + width);
    probabilities.push(j === 0 ? 0 : ends[j - 1], ends[j]);
  };
  const values: number[] = [];
  const probabilities: number[] = [];
  if (keepsExactValues(sorted)) {
    distinct.forEach((_, j) => atom(j, values, probabilities));
    return dedupe(values, probabilities);
  }

  const steps = quantileSteps(n);
  const knots: [number, number][] = [];
  let j = 0;
  for (const q of quantileGrid(steps, n)) {
    while (j < distinct.length - 1 && ends[j] < q) j++;
    const start = j === 0 ? 0 : ends[j - 1];
    const share = ends[j] - start;
    // Clamped so rounding cannot put a knot a hair below its own value.
    const fraction = Math.min(Math.max((q - start) / share, 0), 1);
    const t = dequantized ? distinct[j] + fraction : distinct[j];
    knots.push([t, q]);
  }
  knots.push(...gapKnots(knots, distinct, ends, width, n));
  if (!dequantized) {
    distinct.forEach((value, m) => {
      const start = m === 0 ? 0 : ends[m - 1];
      if (ends[m] - start >= 1 / steps) knots.push([value, start], [value, ends[m]]);
    });
  }
  knots.sort((a, b) => a[1] - b[1] || a[0] - b[0]);
  return dedupe(knots.map((knot) => knot[0]), knots.map((knot) => knot[1]));
}

/**
 * Fewest rows a tail step may hold. The k/Q grid leaves n/Q rows in each
 * end step, which decode spreads evenly between two far-apart values: a
 * skewed tail (Framingham's glucose: 1/64 of the rows between 140 and 394)
 * came back with its extremes far too common. Halving the end steps down
 * to this many rows keeps the tail's shape; every knot still sits on a
 * value with at least this many rows beyond it.
 */
const TAIL_STEP_ROWS = 10;

/** Q, the number of k/Q quantile steps for n rows: clamp(⌊n/10⌋, 8, 64). */
function quantileSteps(n: number): number {
  return Math.min(MAX_QUANTILE_STEPS, Math.max(8, Math.floor(n / 10)));
}

/** q = k/Q for k = 0..Q, plus halved end steps while they hold ≥ TAIL_STEP_ROWS rows. */
function quantileGrid(steps: number, n: number): number[] {
  const grid: number[] = [];
  for (let k = 0; k <= steps; k++) grid.push(k / steps);
  for (let share = 1 / (2 * steps); n * share >= TAIL_STEP_ROWS; share /= 2) {
    grid.push(share, 1 - share);
  }
  return grid.sort((a, b) => a - b);
}

/**
 * A sloped step spreads its rows evenly between its two knots. When one
 * empty stretch takes up most of a step (an outlier far beyond the rest),
 * that would scatter decoded values over the whole stretch: one cell of
 * 1,000,000 among values near 100 put 8 of 120 released cells between
 * 81,000 and 991,000. So a step is cut at its widest empty stretch when
 * that stretch spans more than GAP_SHARE of the step, and the pieces
 * likewise; the stretch then gets no probability at all. Returns the
 * knots to add.
 */
function gapKnots(
  grid: [number, number][], distinct: number[], ends: number[], width: number, rows: number,
): [number, number][] {
  const added: [number, number][] = [];
  const split = (low: number, high: number, depth: number, qLow: number, qHigh: number) => {
    // Widest empty stretch between values of this step: from the end of
    // value m (m + width when dequantized) to the start of value m + 1.
    let widest = -1;
    let at = -1;
    for (let m = 0; m + 1 < distinct.length; m++) {
      const from = distinct[m] + width;
      const to = distinct[m + 1];
      if (from < low || to > high) continue;
      if (to - from > widest) {
        widest = to - from;
        at = m;
      }
    }
    if (at < 0 || widest <= GAP_SHARE * (high - low) || depth >= MAX_GAP_SPLITS) return;
    const from = distinct[at] + width;
    const to = distinct[at + 1];
    // A handful of rows beyond a gap at an end, not far enough out for
    // isolatedExtremes to clip, would each become an atom of its exact
    // value if cut like the rest, and are spread over the whole stretch if
    // not. When at least RARE_LEVEL_ROWS of them share one value, the
    // column's end, it becomes their atom, as a level those rows hold
    // would be (9 BMIs of 0 below 18.2, scored per outcome level, had come
    // back as 28 values from 0.2 to 18); fewer rows, or several values,
    // stay spread, so no one person's value is released as it is.
    const beyond = Math.min(ends[at], 1 - ends[at]) * rows;
    if (beyond < TAIL_STEP_ROWS - 1e-9) {
      if (beyond < RARE_LEVEL_ROWS - 1e-9) return;
      if (at === 0) {
        added.push([distinct[0], 0], [from, ends[0]], [to, ends[0]]);
        split(to, high, depth + 1, ends[0], qHigh);
      } else if (at === distinct.length - 2) {
        added.push([from, ends[at]], [to, ends[at]], [to + width, 1]);
        split(low, from, depth + 1, qLow, ends[at]);
      }
      return;
    }
    // Cut again, a piece of fewer than RARE_LEVEL_ROWS rows would decode
    // to those rows' own values (in a table of 24 salaries, one released
    // value in eight was a real one): such a piece stays whole.
    if (depth > 0
      && Math.min(ends[at] - qLow, qHigh - ends[at]) * rows < RARE_LEVEL_ROWS - 1e-9) return;
    if (width === 0) {
      // Undequantized, the values on either side become atoms, so a cell
      // holding one encodes strictly inside its own share and cannot decode
      // across the gap.
      added.push([from, at === 0 ? 0 : ends[at - 1]], [from, ends[at]],
        [to, ends[at]], [to, ends[at + 1]]);
    } else added.push([from, ends[at]], [to, ends[at]]);
    split(low, from, depth + 1, qLow, ends[at]);
    split(to, high, depth + 1, ends[at], qHigh);
  };
  for (let k = 0; k + 1 < grid.length; k++) {
    if (grid[k + 1][0] > grid[k][0]) split(grid[k][0], grid[k + 1][0], 0, grid[k][1], grid[k + 1][1]);
  }
  return added;
}

/**
 * An end gap must also be wider than this many interquartile ranges (the
 * "far out" distance of a box plot), so the largest draw of a normal
 * sample, alone in its end step by chance, is left as it is.
 */
const FAR_OUT_IQRS = 3;

/**
 * Values at either end that sit alone beyond a wide gap: fewer than
 * TAIL_STEP_ROWS rows past an empty stretch spanning more than GAP_SHARE
 * of the end step of the quantile grid and more than FAR_OUT_IQRS
 * interquartile ranges. Stored as the column's extreme and
 * decoded over the whole stretch, one such value (a typing error, or one
 * very unusual person) would both be kept in the model and shape many
 * released cells. Returns the range without them (the nearest values on
 * this side of each gap) and how many rows lie beyond, per end.
 */
export function isolatedExtremes(raw: number[], dequantized: boolean): {
  lower: number; upper: number; below: number; above: number;
} {
  const sorted = Float64Array.from(raw).sort();
  const n = sorted.length;
  const width = dequantized ? 1 : 0;
  const steps = quantileSteps(n);
  const grid = quantileGrid(steps, n);
  // Rows in the end steps of the grid: ⌈n·q⌉ for the first inner knot q.
  const endRows = Math.max(TAIL_STEP_ROWS, Math.ceil(n * grid[1]));
  let upper = sorted[n - 1];
  let above = 0;
  let lower = sorted[0];
  let below = 0;
  if (n < 2 * endRows) return { lower, upper, below, above };
  const spread = sorted[Math.floor(0.75 * (n - 1))] - sorted[Math.floor(0.25 * (n - 1))];
  const cut = (top: boolean) => {
    const value = (k: number) => (top ? sorted[n - 1 - k] : sorted[k]);
    // The end step is measured from the first value past each stretch, so
    // values further out do not mask it: two typing errors near 900 and one
    // near 2,000 beyond blood pressures up to about 200 were each found
    // alone, but together the farthest stretched the step so that neither
    // gap counted, and all three were kept. The innermost stretch that
    // qualifies takes every value beyond it.
    let beyond = 0;
    for (let k = 1; k < TAIL_STEP_ROWS && k < endRows; k++) {
      const gap = Math.abs(value(k - 1) - value(k)) - width;
      const span = Math.abs(value(k - 1) - value(endRows - 1));
      if (gap > GAP_SHARE * span && gap > FAR_OUT_IQRS * spread) beyond = k;
    }
    return beyond > 0 ? { beyond, value: value(beyond) } : null;
  };
  const high = cut(true);
  if (high !== null) ({ value: upper, beyond: above } = high);
  const low = cut(false);
  if (low !== null) ({ value: lower, beyond: below } = low);
  return { lower, upper, below, above };
}

/** How deep a step is cut at its widest gap, at most. */
const MAX_GAP_SPLITS = 4;

/** A gap is cut out of its step when it spans more than this share of it. */
const GAP_SHARE = 0.75;

/** Drops repeated knots (same t and q); keeps the ends at q = 0 and 1. */
function dedupe(values: number[], probabilities: number[]): Ladder {
  const out: Ladder = { values: [values[0]], probabilities: [0] };
  for (let k = 1; k < values.length; k++) {
    const last = out.values.length - 1;
    if (values[k] === out.values[last] && probabilities[k] === out.probabilities[last]) {
      continue;
    }
    out.values.push(values[k]);
    out.probabilities.push(probabilities[k]);
  }
  out.probabilities[out.probabilities.length - 1] = 1;
  if (out.values.length === 1) {
    out.values.push(out.values[0]);
    out.probabilities.push(1);
  }
  return out;
}

/**
 * q for a raw value t (clipped to the ladder's range). Inside an atom the
 * position is u in [0, 1], inside a sloped span it is linear in t.
 */
export function ladderProbability(ladder: Ladder, t: number, u: number): number {
  const { values, probabilities } = ladder;
  const last = values.length - 1;
  const x = Math.min(Math.max(t, values[0]), values[last]);
  let low = 0;
  while (low < last && values[low] < x) low++;
  let high = low;
  while (high < last && values[high + 1] === x) high++;
  if (values[low] === x) {
    // A lone knot ends a slope. Where a jump of another value shares its
    // probability (a cut, or an atom beside it), decoding that probability
    // would return the other side: step a hair into x's own slope.
    const q = probabilities[low];
    if (high === low && low > 0 && low < last) {
      if (probabilities[low + 1] === q && probabilities[low - 1] < q) {
        return q - SLOPE_NUDGE * (q - probabilities[low - 1]);
      }
      if (probabilities[low - 1] === q && probabilities[low + 1] > q) {
        return q + SLOPE_NUDGE * (probabilities[low + 1] - q);
      }
    }
    return q + u * (probabilities[high] - q);
  }
  const before = low - 1;
  const fraction = (x - values[before]) / (values[low] - values[before]);
  return probabilities[before] + fraction * (probabilities[low] - probabilities[before]);
}

/** How far into its own slope a knot beside a jump is encoded, as a share of the slope. */
const SLOPE_NUDGE = 1e-9;

/** The raw value t for a probability q in [0, 1]: the inverse of ladderProbability. */
export function ladderValue(ladder: Ladder, q: number): number {
  const { values, probabilities } = ladder;
  const last = values.length - 1;
  let low = 0;
  let high = last;
  // The largest k with q_k ≤ q, found by bisection (probabilities[0] = 0 ≤ q).
  while (high - low > 1) {
    const middle = (low + high) >> 1;
    if (probabilities[middle] <= q) low = middle;
    else high = middle;
  }
  let k = probabilities[last] <= q ? last : low;
  if (k === last) k = last - 1;
  while (k > 0 && probabilities[k + 1] === probabilities[k]) k--;
  const span = probabilities[k + 1] - probabilities[k];
  if (span <= 0) return values[k];
  const fraction = Math.min(Math.max((q - probabilities[k]) / span, 0), 1);
  return values[k] + fraction * (values[k + 1] - values[k]);
}
