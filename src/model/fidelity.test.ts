import { test } from 'node:test';
import assert from 'node:assert/strict';
import { inferSchema } from '../table/index.js';
import type { Table } from '../table/index.js';
import { auditAndRelease, compareTables } from './index.js';

// A numeric column with a one-off comment in two cells: inference reads it
// as that column's missing token, and a release writes it as an empty cell
// (held by fewer than 5 cells), which the column's missing list does not name.
const rows = 300;
const strayRows = new Set([7, 101]);
const table: Table = {
  names: ['age', 'chol', 'group'],
  columns: [
    Array.from({ length: rows }, (_, i) => String(30 + (i * 13) % 41)),
    Array.from({ length: rows }, (_, i) =>
      (strayRows.has(i) ? 'lost sample' : String(180 + (i * 13) % 41 + (i * 7) % 29))),
    Array.from({ length: rows }, (_, i) => (i % 3 === 0 ? 'a' : 'b')),
  ],
  rowCount: rows,
};
const schema = inferSchema(table);

test('compareTables reads a release\'s empty cells as missing where the column lists only '
  + 'its own stray word', () => {
  assert.deepEqual(schema.columns[1].missing, ['lost sample'], 'the premise: a stray token');
  const synthetic: Table = { ...table, columns: [table.columns[0],
    table.columns[1].map((cell) => (cell === 'lost sample' ? '' : cell)), table.columns[2]] };
  const evaluation = compareTables(table, synthetic, schema);
  const chol = evaluation.columns.find((column) => column.name === 'chol');
  assert.equal(chol?.missingSynthetic, chol?.missingReal);
});

test('the audit measures fidelity on such a table instead of refusing its own release',
  async () => {
    const release = await auditAndRelease(table, schema, {
      choice: { kind: 'fixed', w: 0.5 }, seed: 1, fit: { epochs: 3 },
    });
    assert.ok(release.table !== null);
    assert.ok((release.calibration?.frontier.length ?? 0) > 0);
  });
