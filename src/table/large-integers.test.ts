import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Random } from '../util/random.js';
import { Encoder } from './encoder.js';
import { inferSchema } from './infer.js';
import type { Table } from './types.js';

/** 300 integers near `base` (about 100 distinct, so not an ID column), and a label. */
function largeIntegers(base: number): Table {
  const rng = new Random(6);
  const ids: string[] = [];
  const labels: string[] = [];
  for (let i = 0; i < 300; i++) {
    ids.push(String(base + 7 * Math.floor(100 * rng.uniform())));
    labels.push(i % 2 === 0 ? 'a' : 'b');
  }
  return { names: ['count', 'label'], columns: [ids, labels], rowCount: 300 };
}

for (const exponent of [31, 40, 50]) {
  test(`integers near 2^${exponent} come back exactly through encode and decode`, () => {
    const table = largeIntegers(2 ** exponent);
    const schema = inferSchema(table);
    assert.equal(schema.columns[0].type, 'integer');
    const encoder = Encoder.fit(table, schema);
    for (const seed of [1, 2, 3]) {
      const decoded = encoder.decode(encoder.encode(table, new Random(seed)), table.rowCount);
      const moved = decoded.columns[0].filter((cell, i) => cell !== table.columns[0][i]).length;
      assert.equal(moved, 0, `${moved} of 300 cells changed (seed ${seed})`);
    }
  });
}
