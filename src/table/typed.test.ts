import { test } from 'node:test';
import assert from 'node:assert/strict';
import { inferSchema } from './infer.js';
import { typedColumns } from './typed.js';
import type { Table } from './types.js';
import { LniError } from '../util/errors.js';

function table(names: string[], rows: string[][]): Table {
  return { names, columns: names.map((_, j) => rows.map((row) => row[j])), rowCount: rows.length };
}

test('typed columns hold numbers with NaN, labels with null, dates as day numbers', () => {
  const rows = Array.from({ length: 12 }, (_, i) => [
    i === 3 ? 'NA' : String(10 + 3 * i), i === 5 ? '' : ['a', 'b', 'c'][i % 3],
    `1970-01-${String(1 + i).padStart(2, '0')}`, 'same',
  ]);
  const t = table(['n', 'g', 'd', 'k'], rows);
  const typed = typedColumns(t, inferSchema(t));
  assert.deepEqual(typed.map((c) => c.name), ['n', 'g', 'd', 'k']);
  const [n, g, d, k] = typed;
  assert.ok(n.kind === 'numeric' && g.kind === 'categorical' && d.kind === 'numeric');
  assert.ok(Number.isNaN(n.values[3]));
  assert.equal(n.values[4], 22);
  assert.equal(g.values[5], null);
  assert.deepEqual(g.levels, ['a', 'b', 'c']);
  assert.deepEqual(Array.from(d.values), Array.from({ length: 12 }, (_, i) => i));
  assert.equal(k.kind, 'categorical');
});

test('ID, empty and dropped columns are left out; a bad cell is named', () => {
  const rows = Array.from({ length: 25 }, (_, i) => [`u${i}`, '', String(i % 4), 'x']);
  const t = table(['id', 'blank', 'level', 'gone'], rows);
  const schema = inferSchema(t);
  schema.columns[3].drop = true;
  assert.deepEqual(typedColumns(t, schema).map((c) => c.name), ['level']);
  schema.columns[2].type = 'integer';
  t.columns[2][6] = 'x7';
  try {
    typedColumns(t, schema);
    assert.fail('a bad cell must be refused');
  } catch (error) {
    assert.ok(error instanceof LniError);
    assert.equal(error.column, 'level');
    assert.equal(error.row, 7);
  }
});
