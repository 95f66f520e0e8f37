import { test } from 'node:test';
import assert from 'node:assert/strict';
import { LniError } from '../util/errors.js';
import { Random } from '../util/random.js';
import { Encoder } from './encoder.js';
import { validateSchema, type ColumnSchema, type Schema } from './schema.js';
import { schemaWarnings } from './schema-warnings.js';
import type { Table } from './types.js';

/** 100 made-up values from 29.7 to 85, spread evenly, in a shuffled order. */
function spread(): Table {
  const rng = new Random(2);
  const cells = Array.from({ length: 100 }, (_, i) => (29.7 + (i * 55.3) / 99).toFixed(1));
  for (let i = cells.length - 1; i > 0; i--) {
    const k = Math.floor(rng.uniform() * (i + 1));
    [cells[i], cells[k]] = [cells[k], cells[i]];
  }
  return { names: ['x'], columns: [cells], rowCount: cells.length };
}

function declared(column: Partial<ColumnSchema>): Schema {
  return { version: 1, columns: [{ name: 'x', type: 'continuous', ...column }] };
}

/** The 1-based rows whose value breaks the predicate's bounds. */
function rowsWhere(table: Table, outside: (value: number) => boolean): number[] {
  return table.columns[0].flatMap((cell, i) => (outside(Number(cell)) ? [i + 1] : []));
}

function fails(action: () => unknown, code: string, row?: number): LniError {
  let caught: unknown;
  try {
    action();
  } catch (error) {
    caught = error;
  }
  assert.ok(caught instanceof LniError, `expected an LniError, got ${String(caught)}`);
  assert.equal(caught.code, code, caught.message);
  if (row !== undefined) assert.equal(caught.row, row);
  return caught;
}

test('bounds that most values lie outside are an error naming file, column, count and row', () => {
  const table = spread();
  const schema = declared({ lower: 0, upper: 10 });
  const error = fails(() => Encoder.fit(table, schema, 'data.csv'), 'schema-data-mismatch', 1);
  assert.equal(error.file, 'data.csv');
  assert.equal(error.column, 'x');
  assert.match(error.describe(), new RegExp('^data\\.csv, column "x", row 1: ' +
    '100 of 100 values lie outside the declared bounds \\[0, 10\\]'));
  fails(() => schemaWarnings(table, schema, 'data.csv'), 'schema-data-mismatch', 1);
});

test('a few values outside declared bounds are clipped with a warning naming count and first row',
  () => {
    const table = spread();
    const outside = rowsWhere(table, (v) => v > 80);
    const warnings = schemaWarnings(table, declared({ lower: 0, upper: 80 }), 'data.csv');
    assert.deepEqual(warnings, [`warning: data.csv, column "x": ${outside.length} of 100 values ` +
      `lie outside the declared bounds [0, 80] (the first in row ${outside[0]}); they are ` +
      'released clipped to the bounds.']);
    const encoder = Encoder.fit(table, declared({ lower: 0, upper: 80 }));
    const back = encoder.decode(encoder.encode(table, new Random(1)), table.rowCount);
    assert.equal(Math.max(...back.columns[0].map(Number)), 80, 'clipping itself is unchanged');
  });

test('one-sided and log-scale bounds are checked on the scale the column is modelled', () => {
  const table = spread();
  const low = rowsWhere(table, (v) => v < 40);
  assert.match(schemaWarnings(table, declared({ lower: 40 }))[0],
    new RegExp(`${low.length} of 100 values lie below the declared lower bound 40 ` +
      `\\(the first in row ${low[0]}\\)`));
  assert.match(schemaWarnings(table, declared({ upper: 84, transform: 'log' }))[0],
    /above the declared upper bound 84/);
  fails(() => schemaWarnings(table, declared({ upper: 30, transform: 'log' })),
    'schema-data-mismatch');
});

test('bounds that hold every value give no warning, declared or read off the data', () => {
  const table = spread();
  assert.deepEqual(schemaWarnings(table, declared({ lower: 29.7, upper: 85 })), []);
  assert.deepEqual(schemaWarnings(table, declared({})), []);
});

test('exactly half the values outside is a warning, more than half an error', () => {
  const cells = ['1', '2', '3', '4', '11', '12', '13', '14'];
  const table: Table = { names: ['x'], columns: [cells], rowCount: cells.length };
  assert.equal(schemaWarnings(table, declared({ upper: 10 })).length, 1);
  fails(() => schemaWarnings(table, declared({ upper: 3.5 })), 'schema-data-mismatch', 4);
});

test('a column declared binary with a third distinct value is an error naming that row', () => {
  const cells = Array.from({ length: 30 }, (_, i) => String(i % 5));
  const table: Table = { names: ['x'], columns: [['NA', ...cells]], rowCount: 31 };
  const error = fails(() => Encoder.fit(table, declared({ type: 'binary' }), 'data.csv'),
    'schema-data-mismatch', 4);
  assert.match(error.message, /declared binary but holds 5 distinct values/);
  const two: Table = { names: ['x'], columns: [cells.map((c) => (c === '0' ? 'a' : 'b'))],
    rowCount: 30 };
  assert.doesNotThrow(() => Encoder.fit(two, declared({ type: 'binary' })));
});

test('a binary column may declare at most two levels', () => {
  fails(() => validateSchema(declared({ type: 'binary', levels: ['a', 'b', 'c'] })),
    'schema-invalid');
});

test('a column declared constant or empty that holds other values is an error', () => {
  const table: Table = { names: ['x'], columns: [['7', '7', '', '8']], rowCount: 4 };
  fails(() => Encoder.fit(table, declared({ type: 'constant' })), 'schema-data-mismatch', 3);
  const error = fails(() => Encoder.fit(table, declared({ type: 'empty' })),
    'schema-data-mismatch', 1);
  assert.match(error.message, /declared empty but 3 of its cells hold values/);
  const blank: Table = { names: ['x'], columns: [['', 'NA', '']], rowCount: 3 };
  assert.doesNotThrow(() => Encoder.fit(blank, declared({ type: 'empty' })));
});

test('a fraction in a column declared integer says it is not a whole number', () => {
  const table: Table = { names: ['x'], columns: [['1', '2', '2.5', '4']], rowCount: 4 };
  const error = fails(() => Encoder.fit(table, declared({ type: 'integer' })), 'cell-type', 3);
  assert.match(error.message, /not a whole number; the column is declared integer/);
});
