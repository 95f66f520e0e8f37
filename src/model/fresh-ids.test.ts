import { test } from 'node:test';
import assert from 'node:assert/strict';
import { inferSchema } from '../table/index.js';
import type { Table } from '../table/index.js';
import { fitModel, synthesize } from './index.js';

function table(ids: string[], start: number): Table {
  return {
    names: ['patient_id', 'x'],
    columns: [ids, ids.map((_, i) => String(((i + start) * 7) % 23 + 0.5))],
    rowCount: ids.length,
  };
}

test('synthesize on rows other than the fitted ones writes fresh IDs that equal none of '
  + 'their IDs, which may be longer than the fitted rows\' IDs', () => {
  // Fitted on P0001–P0060; released: another site's rows P10001–P10040,
  // which are exactly what the fitted rows' fresh IDs would be.
  const fitted = table(Array.from({ length: 60 }, (_, i) => `P${String(i + 1).padStart(4, '0')}`), 0);
  const schema = inferSchema(fitted);
  assert.equal(schema.columns[0].type, 'id');
  const model = fitModel(fitted, schema, { seed: 1, epochs: 1 });
  const other = table(Array.from({ length: 40 }, (_, i) => `P${10001 + i}`), 5);
  const released = synthesize(model, other, { w: 0.5, seed: 2 }).table;
  const ids = released.columns[released.names.indexOf('patient_id')];
  const real = new Set(other.columns[0]);
  assert.equal(ids.filter((id) => real.has(id)).length, 0, 'no real ID of the released rows');
  assert.equal(new Set(ids).size, other.rowCount);
  // On the fitted rows themselves the fresh IDs are as before.
  const own = synthesize(model, fitted, { w: 0.5, seed: 2 }).table;
  assert.deepEqual(own.columns[0].slice(0, 2), ['P10001', 'P10002']);
});
