/**
 * Per-level shifts of the numeric dimensions. A numeric column's normal
 * score is encoded minus a shift for the level of each discrete dimension
 * (category, binary or missing indicator) of the same row, and decoded
 * plus the shift of the levels the row decodes to. The shifts are a ridge
 * regression of the score on the levels, fitted once on the fit rows.
 *
 * Why: a flow is smooth, and a row that latent noise moves from one level
 * of a discrete column to another keeps its numeric values unless the flow
 * has learned a sharp step. Measured on Framingham at w = 0.8 (bench/
 * results/fidelity.md): a non-diabetic row that became diabetic kept its
 * normal glucose, and glucose~diabetes fell from 0.62 to 0.30–0.46 in some
 * fits. Shifted, the score moves with the level by construction, and the
 * flow only has to learn what the levels do not explain.
 *
 * The map is a bijection of the encoded space for fixed levels (a shear),
 * so w = 1 still returns every row, and decoding stays post-processing.
 */
import { solveSymmetric } from '../util/cholesky.js';

/** For one numeric dimension: the shift per level of each discrete dimension it uses. */
export interface LevelShift {
  /** The numeric dimension shifted. */
  dimension: number;
  /** offsets[k] is added for level k of `by`. */
  terms: { by: number; offsets: number[] }[];
}

/**
 * A level whose rows, or whose complement's rows, are fewer than this gets
 * no shift: its offset would mostly describe those few people.
 */
export const SHIFT_MIN_ROWS = 10;

/** Ridge penalty on each level's offset (in rows): keeps collinear levels solvable. */
const RIDGE = 1;

export interface ShiftLayout {
  /** Per dimension: its number of levels, or null for a numeric dimension. */
  levels: (number | null)[];
  /** Per dimension: the dimension of its own column's missing indicator, or −1. */
  ownIndicator: number[];
}

/**
 * Fits the shifts on encoded rows x (rows × p, unshifted) whose discrete
 * dimensions are read by `levelOf`. Each numeric dimension is regressed on
 * indicators of every level k ≥ 1 of every discrete dimension except its
 * own missing indicator, with an unpenalized intercept.
 */
export function fitLevelShifts(
  x: Float64Array, rows: number, layout: ShiftLayout,
  levelOf: (dimension: number, value: number) => number,
): LevelShift[] {
  const p = layout.levels.length;
  const levelRows = new Int32Array(rows * p);
  const counts = layout.levels.map((k) => new Array<number>(k ?? 0).fill(0));
  for (let i = 0; i < rows; i++) {
    layout.levels.forEach((k, d) => {
      if (k === null) return;
      const level = levelOf(d, x[i * p + d]);
      levelRows[i * p + d] = level;
      counts[d][level]++;
    });
  }
  // Regressors: (dimension, level) pairs with enough rows on both sides.
  const regressors: [number, number][] = [];
  layout.levels.forEach((k, d) => {
    for (let level = 1; level < (k ?? 0); level++) {
      const count = counts[d][level];
      if (count >= SHIFT_MIN_ROWS && rows - count >= SHIFT_MIN_ROWS) regressors.push([d, level]);
    }
  });
  const shifts: LevelShift[] = [];
  layout.levels.forEach((k, j) => {
    if (k !== null) return;
    const used = regressors.filter(([d]) => d !== layout.ownIndicator[j]);
    if (used.length === 0) return;
    const beta = ridgeFit(x, rows, p, j, used, levelRows);
    const terms = new Map<number, number[]>();
    used.forEach(([d, level], r) => {
      if (!terms.has(d)) terms.set(d, new Array<number>(layout.levels[d]!).fill(0));
      terms.get(d)![level] = beta[r];
    });
    // Centred on the fit rows' mean shift, so the shifted score keeps mean 0.
    const mean = used.reduce((sum, [d, level], r) => sum + beta[r] * counts[d][level], 0) / rows;
    const first = terms.values().next().value!;
    for (let k = 0; k < first.length; k++) first[k] -= mean;
    shifts.push({ dimension: j, terms: [...terms].map(([by, offsets]) => ({ by, offsets })) });
  });
  return shifts;
}

/** Ridge coefficients of dimension j on the regressors' indicators, intercept last and free. */
function ridgeFit(
  x: Float64Array, rows: number, p: number, j: number, used: [number, number][],
  levelRows: Int32Array,
): Float64Array {
  const m = used.length + 1;
  const gram = new Float64Array(m * m);
  const moment = new Float64Array(m);
  const active: number[] = [];
  for (let i = 0; i < rows; i++) {
    active.length = 0;
    used.forEach(([d, level], r) => { if (levelRows[i * p + d] === level) active.push(r); });
    active.push(m - 1);
    const y = x[i * p + j];
    for (const a of active) {
      moment[a] += y;
      for (const b of active) gram[a * m + b] += 1;
    }
  }
  for (let r = 0; r < m - 1; r++) gram[r * m + r] += RIDGE;
  return solveSymmetric(gram, m, moment);
}

/**
 * Adds sign × (the shifts of each row's levels) to the numeric dimensions
 * of x in place: −1 when encoding, +1 when decoding.
 */
export function applyLevelShifts(
  x: Float64Array, rows: number, p: number, shifts: readonly LevelShift[],
  levelOf: (dimension: number, value: number) => number, sign: 1 | -1,
): void {
  if (shifts.length === 0) return;
  for (let i = 0; i < rows; i++) {
    const row = i * p;
    for (const { dimension, terms } of shifts) {
      let total = 0;
      for (const { by, offsets } of terms) total += offsets[levelOf(by, x[row + by])];
      x[row + dimension] += sign * total;
    }
  }
}

/** Per numeric dimension, the largest and smallest total shift any row can get. */
export function shiftRange(shifts: readonly LevelShift[]): Map<number, [number, number]> {
  const range = new Map<number, [number, number]>();
  for (const { dimension, terms } of shifts) {
    let low = 0;
    let high = 0;
    for (const { offsets } of terms) {
      low += Math.min(...offsets);
      high += Math.max(...offsets);
    }
    range.set(dimension, [low, high]);
  }
  return range;
}
