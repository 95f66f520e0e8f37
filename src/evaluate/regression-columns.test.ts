import { test } from 'node:test';
import assert from 'node:assert/strict';
import { inferSchema } from '../table/infer.js';
import type { Schema } from '../table/schema.js';
import type { Table } from '../table/types.js';
import { LniError } from '../util/errors.js';
import { checkRegressionColumns } from './regression-columns.js';

const ROWS = 40;

/** Columns built from the row number i: one per way a regression can go wrong, and good ones. */
function tableOf(columns: Record<string, (i: number) => string>): Table {
  const names = Object.keys(columns);
  return {
    names,
    columns: names.map((name) => Array.from({ length: ROWS }, (_, i) => columns[name](i))),
    rowCount: ROWS,
  };
}

const table = tableOf({
  id: (i) => String(5000 + i),
  age: (i) => String(30 + ((i * 7) % 37)),
  bp: (i) => (100 + ((i * 13) % 41) / 2).toFixed(1),
  sex: (i) => (i % 2 === 0 ? 'f' : 'm'),
  died: (i) => (i % 5 === 0 ? '1' : '0'),
  grp: (i) => ['a', 'b', 'c'][i % 3],
  empty: () => 'NA',
  constant: () => '5',
  lonely: (i) => (i % 4 === 0 ? 'x' : 'NA'),
});
const schema = inferSchema(table);

/** The error's code and column, or null when the check passes. */
function refusal(
  outcome: string, covariates: string[], withSchema: Schema = schema,
): { code: string; column?: string; file?: string } | null {
  try {
    checkRegressionColumns(table, withSchema, outcome, covariates, 'table.csv');
    return null;
  } catch (error) {
    assert.ok(error instanceof LniError, String(error));
    return { code: error.code, column: error.column, file: error.file };
  }
}

test('a numeric outcome (linear) or a two-level one (logistic) on usable covariates passes', () => {
  assert.equal(refusal('bp', ['age', 'sex', 'grp']), null);
  assert.equal(refusal('sex', ['age', 'bp']), null);
  assert.equal(refusal('died', ['age', 'grp']), null);
  assert.equal(refusal('bp', []), null);
});

test('an outcome of more than two levels is refused, naming the file and column', () => {
  assert.deepEqual(refusal('grp', ['age']),
    { code: 'unsupported-outcome', column: 'grp', file: 'table.csv' });
});

test('columns the comparison leaves out are refused in either role', () => {
  for (const [outcome, covariates, column] of [
    ['bp', ['age', 'id'], 'id'], ['id', ['age'], 'id'],
    ['bp', ['empty'], 'empty'], ['empty', ['age'], 'empty'],
    ['bp', ['nope'], 'nope'],
  ] as const) {
    assert.deepEqual(refusal(outcome, [...covariates]),
      { code: 'unusable-model-column', column, file: 'table.csv' }, `${outcome} ~ ${covariates}`);
  }
  const dropped: Schema = { ...schema, columns: schema.columns.map((column) =>
    (column.name === 'sex' ? { ...column, drop: true } : column)) };
  assert.deepEqual(refusal('bp', ['sex'], dropped),
    { code: 'unusable-model-column', column: 'sex', file: 'table.csv' });
});

test('a column with one value (constant, or one level and missing cells) is refused', () => {
  for (const [outcome, covariates, column] of [
    ['constant', ['age'], 'constant'], ['bp', ['constant'], 'constant'],
    ['lonely', ['age'], 'lonely'], ['bp', ['age', 'lonely'], 'lonely'],
  ] as const) {
    assert.deepEqual(refusal(outcome, [...covariates]),
      { code: 'unusable-model-column', column, file: 'table.csv' }, `${outcome} ~ ${covariates}`);
  }
});
