/**
 * Matrix products with a masked (staircase) weight that skip its zero part.
 *
 * Every row i of a MADE mask with sorted degrees is a suffix of columns
 * (layout.ts, rowStarts), so column c of W̄ is nonzero only in its first
 * rowsNeeded(c) rows, and row i only from column rowStarts[i] on. Splitting
 * the columns (or rows) into a few groups turns one dense gemm into a few
 * smaller ones that leave out whole zero blocks: about 60% of the flops of
 * the dense product with four groups. The results equal the dense
 * products (the skipped terms are exact zeros).
 */
import type { Kernels } from './kernels/types.js';

/** Group boundaries of one masked layer (precomputed in layout.ts). */
export interface StaircaseGroups {
  /** Column groups [columnCuts[g], columnCuts[g+1]) of the weight. */
  readonly columnCuts: Int32Array;
  /** Rows of W needed by column group g: 0..columnRows[g]−1. */
  readonly columnRows: Int32Array;
  /** Row groups [rowCuts[g], rowCuts[g+1]) of the weight. */
  readonly rowCuts: Int32Array;
  /** First column needed by row group g. */
  readonly rowColumns: Int32Array;
}

/** Splits `size` into about `size / width` even groups (at least one). */
function cuts(size: number, width: number): Int32Array {
  const groups = Math.max(1, Math.round(size / width));
  return Int32Array.from({ length: groups + 1 }, (_, g) => Math.round((g * size) / groups));
}

/**
 * Groups for a weight with the given row starts (nondecreasing). Groups are
 * about a quarter of the dimension, at least 16 wide: smaller gemms would
 * lose more speed than the skipped zeros save.
 */
export function staircaseGroups(rowStarts: Int32Array, outputs: number): StaircaseGroups {
  const inputs = rowStarts.length;
  const columnCuts = cuts(outputs, Math.max(16, Math.ceil(outputs / 4)));
  const columnRows = new Int32Array(columnCuts.length - 1);
  for (let g = 0; g < columnRows.length; g++) {
    const lastColumn = columnCuts[g + 1] - 1;
    let needed = 0;
    while (needed < inputs && rowStarts[needed] <= lastColumn) needed++;
    columnRows[g] = needed;
  }
  const rowCuts = cuts(inputs, Math.max(16, Math.ceil(inputs / 4)));
  const rowColumns = Int32Array.from({ length: rowCuts.length - 1 }, (_, g) =>
    rowStarts[rowCuts[g]]);
  return { columnCuts, columnRows, rowCuts, rowColumns };
}

/** y (rows × outputs) ← x (rows × inputs) · W. */
export function staircaseForward(
  kernels: Kernels, groups: StaircaseGroups, rows: number, inputs: number, outputs: number,
  x: Float64Array, weight: Float64Array, y: Float64Array,
): void {
  const { columnCuts, columnRows } = groups;
  for (let g = 0; g < columnRows.length; g++) {
    const c0 = columnCuts[g];
    kernels.gemm(false, false, rows, columnCuts[g + 1] - c0, columnRows[g], x, inputs,
      weight.subarray(c0), outputs, 0, y.subarray(c0), outputs);
  }
}

/**
 * ∂W ← xᵀ · g on the unmasked part (rows × inputs x, rows × outputs g).
 * Entries of ∂W outside it are left as they were: the caller zeroes them.
 */
export function staircaseWeightGradient(
  kernels: Kernels, groups: StaircaseGroups, rows: number, inputs: number, outputs: number,
  x: Float64Array, g: Float64Array, gradWeight: Float64Array,
): void {
  const { columnCuts, columnRows } = groups;
  for (let group = 0; group < columnRows.length; group++) {
    const c0 = columnCuts[group];
    if (columnRows[group] === 0) continue;
    kernels.gemm(true, false, columnRows[group], columnCuts[group + 1] - c0, rows, x, inputs,
      g.subarray(c0), outputs, 0, gradWeight.subarray(c0), outputs);
  }
}

/** gx (rows × inputs) ← β·gx + g · Wᵀ. */
export function staircaseInputGradient(
  kernels: Kernels, groups: StaircaseGroups, rows: number, inputs: number, outputs: number,
  g: Float64Array, weight: Float64Array, beta: 0 | 1, gx: Float64Array,
): void {
  const { rowCuts, rowColumns } = groups;
  for (let group = 0; group < rowColumns.length; group++) {
    const r0 = rowCuts[group];
    const s = rowColumns[group];
    kernels.gemm(false, true, rows, rowCuts[group + 1] - r0, outputs - s, g.subarray(s), outputs,
      weight.subarray(r0 * outputs + s), outputs, beta, gx.subarray(r0), inputs);
  }
}
