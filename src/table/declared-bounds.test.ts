import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Random } from '../util/random.js';
import { Encoder } from './encoder.js';
import type { Schema } from './schema.js';
import type { Table } from './types.js';

function ages(rows: number): Table {
  const rng = new Random(4);
  const column = Array.from({ length: rows }, () => (40 + 20 * rng.uniform()).toFixed(1));
  return { names: ['age'], columns: [column], rowCount: rows };
}

const declared: Schema = {
  version: 1, columns: [{ name: 'age', type: 'continuous', lower: 18, upper: 100 }],
};

test('declared bounds replace the data extremes in the stored model', () => {
  const table = ages(300);
  const encoder = Encoder.fit(table, declared);
  const stored = encoder.toJSON() as { columns: { ladder: { values: number[] } }[] };
  const knots = stored.columns[0].ladder.values;
  const values = table.columns[0].map(Number);
  assert.equal(knots[0], 18);
  assert.equal(knots[knots.length - 1], 100);
  assert.ok(!knots.includes(Math.min(...values)), 'the data minimum is stored');
  assert.ok(!knots.includes(Math.max(...values)), 'the data maximum is stored');
});

test('with declared bounds, decoding still round-trips and stays within the bounds', () => {
  const table = ages(300);
  const encoder = Encoder.fit(table, declared);
  const x = encoder.encode(table, new Random(1));
  assert.deepEqual(encoder.decode(x, table.rowCount).columns[0], table.columns[0]);
  const extreme = new Float64Array([-5, 5]);
  const decoded = encoder.decode(extreme, 2).columns[0].map(Number);
  assert.equal(decoded[0], 18);
  assert.equal(decoded[1], 100);
});

test('loose declared bounds do not spread the outer rows out to them', () => {
  // Ages 40–60 with bounds 0–200: the outer steps end near 40 and 60, and
  // only a hundredth of a row's share lies between there and each bound.
  const table = ages(300);
  const loose: Schema = {
    version: 1, columns: [{ name: 'age', type: 'continuous', lower: 0, upper: 200 }],
  };
  const encoder = Encoder.fit(table, loose);
  const scores = Float64Array.from({ length: 57 }, (_, i) => -2.8 + 0.1 * i);
  const decoded = encoder.decode(scores, scores.length).columns[0].map(Number);
  assert.ok(Math.min(...decoded) > 36 && Math.max(...decoded) < 64,
    `decoded ${Math.min(...decoded)}..${Math.max(...decoded)}`);
  // A score of ±3.5 (1 row in 4,300 at w = 0) still decodes near the data.
  const far = encoder.decode(new Float64Array([-3.5, 3.5]), 2).columns[0].map(Number);
  assert.ok(far[0] > 36 && far[1] < 64, `±3.5 decoded to ${far.join(', ')}`);
  const knots = (encoder.toJSON() as { columns: { ladder: { values: number[] } }[] })
    .columns[0].ladder.values;
  const values = table.columns[0].map(Number);
  assert.deepEqual([knots[0], knots[knots.length - 1]], [0, 200]);
  assert.ok(!knots.includes(Math.min(...values)) && !knots.includes(Math.max(...values)));
  // Every value inside the bounds still encodes and comes back.
  const x = encoder.encode(table, new Random(1));
  assert.deepEqual(encoder.decode(x, table.rowCount).columns[0], table.columns[0]);
  assert.deepEqual(encoder.decode(new Float64Array([-5, 5]), 2).columns[0].map(Number), [0, 200]);
});

test('missing cells do not make undeclared bounds count as partly declared', () => {
  const table = ages(300);
  const holed = { ...table, columns: [table.columns[0].map((cell, i) => (i % 10 === 0 ? '' : cell))] };
  const inferred: Schema = { version: 1, columns: [{ name: 'age', type: 'continuous' }] };
  assert.equal(Encoder.fit(holed, inferred).domain().source, 'data');
  assert.equal(Encoder.fit(holed, declared).domain().source, 'schema');
});
