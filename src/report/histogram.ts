/**
 * Aggregates for the marginal plots, computed where the real values are
 * and handed to the report instead of them: shared histogram bins for a
 * numeric column, level counts for a categorical one.
 */

import { isolatedExtremes, RARE_LEVEL_ROWS } from '../table/index.js';
import { assert } from '../util/errors.js';
import type { CategoricalMarginal, NumericMarginal } from './types.js';

/** Counts of real and synthetic values over the same bins. */
export interface HistogramPair {
  /** k + 1 increasing edges; bin i is [edges[i], edges[i+1]). Empty if no values. */
  edges: number[];
  real: number[];
  synthetic: number[];
  missing: { real: number; synthetic: number };
}

/** The fewest bins a report histogram may have: fewer would say too much. */
export const MIN_BINS = 10;

/**
 * Histograms of a real and a synthetic column on shared, evenly spaced bin
 * edges at a "nice" step (1, 2, 2.5 or 5 × 10ᵏ), on multiples of the step
 * or, when an extreme would fall on one, shifted by a fraction of it.
 *
 * Privacy: each column's range leaves out the values alone beyond a
 * wide gap at either end (`isolatedExtremes`, the rule by which fitting
 * clips them, so the release holds none of them): bins drawn out to such
 * a value would show where it lies, a bar alone at the end of a long empty
 * axis, which the release withholds. Such a value is counted as fitting
 * clips it, at the nearest value on this side of the gap (in that value's
 * bin), so the counts still sum to the observed values, and never in a
 * bin of its own even where the other column's range reaches further.
 * The bins span both ranges; their outer edges are strictly beyond them
 * and no edge equals an end of either, so the range shown reveals those
 * ends only to within one bin; there are at least MIN_BINS bins.
 * Inside that range the END_ROWS smallest and largest values are counted
 * in the bin of the END_ROWS-th (`smallCellRange`), so neither end bin
 * holds fewer than END_ROWS values: the small-cell rule the categorical
 * bars follow, without which a bar of one row at the end of an axis says
 * where one person's extreme lies (the quick start's largest cholesterol,
 * 147 above the next, drew a bar of its own five empty bins out).
 * Limitation: small counts inside the range are shown as they are; a bin
 * there holding one real row says one row lies in that bin's range.
 *
 * @param real values with NaN for missing
 * @param synthetic values with NaN for missing
 * @param targetBins roughly how many bins to use (at least MIN_BINS)
 * @param logScale also judge lone values on the log scale (columns that may be fitted on one)
 */
export function histogramPair(
  real: Float64Array,
  synthetic: Float64Array,
  targetBins = 12,
  logScale = true,
): HistogramPair {
  assert(targetBins >= MIN_BINS, () => `targetBins is ${targetBins}, below ${MIN_BINS}`);
  const missing = { real: countMissing(real), synthetic: countMissing(synthetic) };

  const realRange = smallCellRange(real, shownRange(real, logScale));
  const syntheticRange = smallCellRange(synthetic, shownRange(synthetic, logScale));
  const ranges = [realRange, syntheticRange].filter((range) => range !== null);
  if (ranges.length === 0) return { edges: [], real: [], synthetic: [], missing };

  const low = Math.min(...ranges.map((range) => range.low));
  const high = Math.max(...ranges.map((range) => range.high));
  const edges = sharedEdges(low, high, targetBins);
  return {
    edges,
    real: binCounts(real, edges, realRange),
    synthetic: binCounts(synthetic, edges, syntheticRange),
    missing,
  };
}

/**
 * The range a histogram shows: the finite values' without those alone
 * beyond a wide gap at either end (see `histogramPair`); null when there
 * are none. Whole numbers (integers, days) are tested as fitting tests
 * them, spread over [v, v + 1). A positive column may be fitted on a log
 * scale (inferred for skewed ones), where other values stand alone, so the
 * rule is applied on that scale too and the narrower range kept: what
 * either scale clips is not shown.
 */
export function shownRange(
  values: Float64Array, logScale = true,
): { low: number; high: number } | null {
  const finite = Array.from(values).filter(Number.isFinite).sort((a, b) => a - b);
  if (finite.length === 0) return null;
  let { below, above } = isolatedExtremes(finite, finite.every(Number.isInteger));
  if (logScale && finite[0] > 0) {
    const logged = isolatedExtremes(finite.map(Math.log), false);
    below = Math.max(below, logged.below);
    above = Math.max(above, logged.above);
  }
  // By count, not by value: the range ends on values of the column itself.
  const low = finite[below];
  const high = finite[finite.length - 1 - above];
  return { low, high };
}

/** Values at each end of a histogram's range counted in one bin at least (RARE_LEVEL_ROWS). */
export const END_ROWS = RARE_LEVEL_ROWS;

/**
 * `range` narrowed so that at least END_ROWS of the values inside it lie at
 * or beyond each of its ends: it ends on the END_ROWS-th value from each end
 * (values beyond are then clipped to it, in its bin). A column of fewer
 * than 2 · END_ROWS values ends on its middle values.
 */
export function smallCellRange(
  values: Float64Array, range: { low: number; high: number } | null,
): { low: number; high: number } | null {
  if (range === null) return null;
  const inside = Array.from(values)
    .filter((value) => Number.isFinite(value) && value >= range.low && value <= range.high)
    .sort((a, b) => a - b);
  if (inside.length === 0) return range;
  const k = Math.min(END_ROWS - 1, Math.floor((inside.length - 1) / 2));
  return { low: inside[k], high: inside[inside.length - 1 - k] };
}

/** `histogramPair` wrapped as the report's numeric marginal. */
export function numericMarginal(
  column: string,
  real: Float64Array,
  synthetic: Float64Array,
  targetBins = 12,
  logScale = true,
): NumericMarginal {
  return { kind: 'numeric', column, ...histogramPair(real, synthetic, targetBins, logScale) };
}

/**
 * Level counts of a real and a synthetic categorical column (null is
 * missing), levels ordered by real frequency. Levels held by fewer than
 * RARE_LEVEL_ROWS real rows (none included) are pooled into one bar and not named: a label
 * over a count of 1 tells of one person (the small-cell rule the rare-level
 * warning follows). Beyond `maxLevels`, the rarest remaining levels are
 * pooled into one "other (k levels)" bar.
 */
export function categoricalMarginal(
  column: string,
  real: readonly (string | null)[],
  synthetic: readonly (string | null)[],
  maxLevels = 12,
): CategoricalMarginal {
  assert(maxLevels >= 2, () => `maxLevels is ${maxLevels}; at least 2 are needed`);
  const realCounts = countLevels(real);
  const syntheticCounts = countLevels(synthetic);
  const all = [...new Set([...realCounts.keys(), ...syntheticCounts.keys()])];
  all.sort((a, b) =>
    (realCounts.get(b) ?? 0) - (realCounts.get(a) ?? 0)
    || (syntheticCounts.get(b) ?? 0) - (syntheticCounts.get(a) ?? 0)
    || (a < b ? -1 : a > b ? 1 : 0));

  // A level no real row of this table holds may still be one a few fit rows
  // hold (split mode compares the released rows only): pooled as well.
  const isRare = (level: string) => (realCounts.get(level) ?? 0) < RARE_LEVEL_ROWS;
  const rare = all.filter(isRare);
  const named = all.filter((level) => !isRare(level));
  const room = maxLevels - (rare.length > 0 ? 1 : 0);
  const kept = named.length > room ? named.slice(0, room - 1) : named;
  const pooled = named.slice(kept.length);
  const levels = [...kept];
  const realOut = kept.map((level) => realCounts.get(level) ?? 0);
  const syntheticOut = kept.map((level) => syntheticCounts.get(level) ?? 0);
  const pool = (group: string[], label: string) => {
    if (group.length === 0) return;
    levels.push(label);
    realOut.push(group.reduce((sum, level) => sum + (realCounts.get(level) ?? 0), 0));
    syntheticOut.push(group.reduce((sum, level) => sum + (syntheticCounts.get(level) ?? 0), 0));
  };
  pool(pooled, `other (${pooled.length} levels)`);
  pool(rare, `${rare.length} level${rare.length === 1 ? '' : 's'} under ${RARE_LEVEL_ROWS} rows`);
  const missing = {
    real: real.filter((value) => value === null).length,
    synthetic: synthetic.filter((value) => value === null).length,
  };
  return { kind: 'categorical', column, levels, real: realOut, synthetic: syntheticOut, missing };
}

/**
 * Edges at a nice step, strictly outside [low, high], none equal to low or
 * high. Each extreme can sit on at most one of the four grid offsets, so
 * one of them always avoids both.
 */
function sharedEdges(low: number, high: number, targetBins: number): number[] {
  const span = high > low ? high - low : Math.max(Math.abs(low) * 0.1, 1);
  const step = niceStepAtMost(span / targetBins);
  let edges: number[] = [];
  for (const offset of [0, 0.5, 0.25, 0.75]) {
    edges = edgesOnGrid(low, high, step, offset);
    if (!edges.includes(low) && !edges.includes(high)) break;
  }
  return edges;
}

function edgesOnGrid(low: number, high: number, step: number, offset: number): number[] {
  // Rounded once, here, so the comparisons below see the edges as written.
  const edgeAt = (i: number): number => Number(((i + offset) * step).toPrecision(12));

  let first = Math.floor(low / step) + 1;
  while (edgeAt(first) >= low) first -= 1;
  let last = Math.ceil(high / step) - 1;
  while (edgeAt(last) <= high) last += 1;
  // A constant or near-constant column spans few steps: pad to the minimum.
  while (last - first < MIN_BINS) {
    if ((last - first) % 2 === 0) last += 1;
    else first -= 1;
  }

  const edges: number[] = [];
  for (let i = first; i <= last; i += 1) edges.push(edgeAt(i));
  return edges;
}

/** The largest of 1, 2, 2.5, 5 × 10ᵏ that is at most `raw`. */
function niceStepAtMost(raw: number): number {
  const power = 10 ** Math.floor(Math.log10(raw));
  for (const factor of [5, 2.5, 2, 1]) {
    if (factor * power <= raw) return factor * power;
  }
  return power;
}

/**
 * Counts per bin, each value first clipped to its column's shown range
 * (so none lies beyond the outer edges; were one to, the end bin on its
 * side would count it).
 */
function binCounts(
  values: Float64Array, edges: number[], range: { low: number; high: number } | null,
): number[] {
  const counts = new Array<number>(edges.length - 1).fill(0);
  const step = edges[1] - edges[0];
  for (const cell of values) {
    if (!Number.isFinite(cell)) continue;
    const value = range === null ? cell : Math.min(Math.max(cell, range.low), range.high);
    let bin = Math.min(counts.length - 1, Math.max(0, Math.floor((value - edges[0]) / step)));
    // Floating-point division can land one bin off; the edges decide.
    while (bin > 0 && value < edges[bin]) bin -= 1;
    while (bin < counts.length - 1 && value >= edges[bin + 1]) bin += 1;
    counts[bin] += 1;
  }
  return counts;
}

function countMissing(values: Float64Array): number {
  let missing = 0;
  for (const value of values) if (Number.isNaN(value)) missing += 1;
  return missing;
}

function countLevels(values: readonly (string | null)[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const value of values) {
    if (value !== null) counts.set(value, (counts.get(value) ?? 0) + 1);
  }
  return counts;
}
