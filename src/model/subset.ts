import type { Table } from '../table/index.js';

/** The listed rows of a table, in the order given. */
export function selectTableRows(table: Table, rows: ArrayLike<number>): Table {
  const picked = Array.from(rows);
  return {
    names: table.names,
    rowCount: picked.length,
    columns: table.columns.map((column) => picked.map((i) => column[i])),
  };
}
