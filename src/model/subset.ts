import type { Schema, Table } from '../table/index.js';
import { cutAt, unitOrder } from '../util/grouped-order.js';
import type { Random } from '../util/random.js';

/**
 * The person each row belongs to, as a group number, when the table is in
 * long format: the first ID column (type "id") whose values some rows
 * share, and its name. A blank ID is a group of its own. Null when there
 * is no such column: every row is its own person.
 */
export function personGroups(
  table: Table, schema: Schema,
): { column: string; groups: Int32Array } | null {
  for (const column of schema.columns) {
    if (column.type !== 'id' || column.drop === true) continue;
    const cells = table.columns[table.names.indexOf(column.name)];
    if (cells === undefined) continue;
    const ids = new Map<string, number>();
    let next = 0;
    const groups = Int32Array.from(cells, (cell) => {
      const key = cell.trim();
      if (key === '') return next++;
      let group = ids.get(key);
      if (group === undefined) {
        group = next++;
        ids.set(key, group);
      }
      return group;
    });
    if (next < cells.length) return { column: column.name, groups };
  }
  return null;
}

/**
 * A random split of row indices 0..rows−1: `count` of them (as near as
 * whole groups allow), and the rest, each in increasing order. One shuffle
 * from `rng`, so a seed fixes both; with groups (personGroups), a person's
 * rows all fall on one side.
 */
export function randomSplit(
  rows: number, count: number, rng: Random, groups: Int32Array | null = null,
): { picked: Int32Array; rest: Int32Array } {
  const { order, starts } = unitOrder(rows, rng, groups);
  const cut = cutAt(starts, count);
  return { picked: order.slice(0, cut).sort(), rest: order.slice(cut).sort() };
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
