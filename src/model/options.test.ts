import { test } from 'node:test';
import assert from 'node:assert/strict';
import { LniError } from '../util/errors.js';
import { inferSchema } from '../table/index.js';
import type { Table } from '../table/index.js';
import { auditAndRelease, fitModel, synthesize } from './index.js';

const rows = 60;
const table: Table = {
  names: ['x', 'g'],
  columns: [Array.from({ length: rows }, (_, i) => String((i * 7) % 23 + 0.5)),
    Array.from({ length: rows }, (_, i) => (i % 3 === 0 ? 'a' : 'b'))],
  rowCount: rows,
};
const schema = inferSchema(table);
const isOption = (error: unknown) => error instanceof LniError && error.code === 'invalid-option';

test('the library refuses a seed that is no whole number in [0, 2^31 − 1] and a clip radius '
  + 'that is not positive, with LniError, before any work', async () => {
  for (const seed of [1.5, -1, 2 ** 32, Number.NaN]) {
    assert.throws(() => fitModel(table, schema, { seed, epochs: 1 }), isOption, String(seed));
    await assert.rejects(auditAndRelease(table, schema,
      { choice: { kind: 'fixed', w: 0.5 }, audit: false, seed }), isOption, String(seed));
  }
  const model = fitModel(table, schema, { seed: 1, epochs: 1 });
  assert.throws(() => synthesize(model, table, { w: 0.5, seed: 1.5 }), isOption);
  for (const clipRadius of [0, -1, Number.POSITIVE_INFINITY]) {
    assert.throws(() => synthesize(model, table, { w: 0.5, seed: 1, clipRadius }), isOption);
    await assert.rejects(auditAndRelease(table, schema,
      { choice: { kind: 'fixed', w: 0.5 }, audit: false, seed: 1, clip: clipRadius }), isOption);
  }
});

test('a w given as a string is refused with a message that shows it was a string', () => {
  const model = fitModel(table, schema, { seed: 1, epochs: 1 });
  assert.throws(() => synthesize(model, table, { w: '0.5' as unknown as number, seed: 1 }),
    (error: unknown) => isOption(error)
      && (error as LniError).message === 'w must be a number in [0, 1], got "0.5" (a string)');
  assert.throws(() => synthesize(model, table, { w: 1.5, seed: 1 }),
    (error: unknown) => isOption(error) && /got 1\.5$/.test((error as LniError).message));
});
