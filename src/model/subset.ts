import type { Table } from '../table/index.js';
import type { Random } from '../util/random.js';

/**
 * A random split of row indices 0..rows−1: `count` of them, and the rest,
 * each in increasing order. One shuffle from `rng`, so a seed fixes both.
 */
export function randomSplit(
  rows: number, count: number, rng: Random,
): { picked: Int32Array; rest: Int32Array } {
  const order = rng.permutation(rows);
  return { picked: order.slice(0, count).sort(), rest: order.slice(count).sort() };
}

/** The listed rows of a table, in the order given. */
export function selectTableRows(table: Table, rows: ArrayLike<number>): Table {
  const picked = Array.from(rows);
  return {
    names: table.names,
    rowCount: picked.length,
    columns: table.columns.map((column) => picked.map((i) => column[i])),
  };
}
