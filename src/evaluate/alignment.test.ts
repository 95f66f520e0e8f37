import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { TypedColumn } from '../table/types.js';
import { checkModelLevels, evaluate, levelMismatches } from './index.js';

function categorical(
  name: string, values: (string | null)[],
): Extract<TypedColumn, { kind: 'categorical' }> {
  return { kind: 'categorical', name, type: 'categorical', values,
    levels: [...new Set(values.filter((v): v is string => v !== null))] };
}

function numeric(name: string, values: number[]): TypedColumn {
  return { kind: 'numeric', name, type: 'continuous', values: Float64Array.from(values) };
}

const x = numeric('x', [1, 2, 3, 4, 5, 6, 7, 8]);
const real01 = categorical('y', ['0', '1', '0', '1', '1', '0', '0', '1']);
// Both labels rare, a cell missing: a release withholds them unless the schema declares them.
const yesNo: TypedColumn = { ...categorical('y', ['no', 'yes', 'no', 'yes', 'yes', 'no', 'no',
  null]), type: 'binary', declared: true };

test('a synthetic level the real column never has is found, with its rows', () => {
  const partly = categorical('y', ['0', '1', 'maybe', '1', 'maybe', '0', null, '1']);
  const [mismatch] = levelMismatches([real01], [partly]);
  assert.deepEqual(mismatch, { column: 'y', unseen: ['maybe'], rows: 2,
    realLevels: ['0', '1'], disjoint: false, unseenText: '1 of fewer than 5 rows, not named',
    realText: '"0", "1"' });
});

test('a rare level a release withholds is counted in a mismatch, never named', () => {
  const codes = categorical('dx', ['I10', 'I10', 'I10', 'I10', 'I10', 'E11', 'E11', 'E11',
    'E11', 'E11', 'Q87.4']);
  // A rare number among text labels is withheld as a release withholds it.
  const other = categorical('dx', ['A', 'A', 'A', 'A', 'A', 'B', '7', null, null, null, null]);
  const [mismatch] = levelMismatches([codes], [other]);
  assert.equal(mismatch.unseenText, '"A", 2 of fewer than 5 rows, not named');
  assert.equal(mismatch.realText, '"I10", "E11", 1 of fewer than 5 rows, not named');
});

test('a few rare numeric codes, a rare label of two and declared levels are named', () => {
  /** How a mismatch names the real column's levels, against a twin with a new level. */
  const realText = (column: TypedColumn) => levelMismatches([column],
    [categorical(column.name, ['new', 'new', 'new', 'new', 'new'])])[0].realText;
  assert.equal(realText(categorical('g', ['1', '1', '1', '1', '1', '2', '2', '2', '2', '2', '3'])),
    '"1", "2", "3"');
  assert.equal(realText({ ...categorical('f', ['yes', 'yes', 'yes', 'yes', 'yes', 'no', null]),
    type: 'binary' }), '"yes", "no"');
  assert.equal(realText({ ...categorical('d', ['x', 'x', 'x', 'x', 'x', 'Q87.4']),
    declared: true }), '"x", "Q87.4"');
  // Both labels of a two-label column rare, cells missing: comments, withheld.
  assert.equal(realText({ ...categorical('c', ['note a', 'note b', null, null]),
    type: 'binary' }), '2 of fewer than 5 rows, not named');
  // A third label in a binary column is no yes/no: rare, it is not named.
  assert.equal(realText({ ...categorical('f', ['yes', 'yes', 'yes', 'yes', 'yes', 'no', 'no',
    'no', 'no', 'no', 'note c']), type: 'binary' }),
  '"yes", "no", 1 of fewer than 5 rows, not named');
});

test('yes/no against 0/1 is disjoint; matching levels and numeric columns are not listed', () => {
  assert.equal(levelMismatches([real01, x], [yesNo, x])[0].disjoint, true);
  assert.deepEqual(levelMismatches([real01, x], [real01, x]), []);
});

test('a disjoint regression column is an error naming it; elsewhere only a warning', () => {
  const mismatches = levelMismatches([real01], [yesNo]);
  assert.throws(() => checkModelLevels(mismatches, ['y', 'x'], 'syn.csv'),
    (error: Error & { code?: string; column?: string; file?: string }) =>
      error.code === 'level-mismatch' && error.column === 'y' && error.file === 'syn.csv'
      && /"no", "yes"/.test(error.message));
  assert.doesNotThrow(() => checkModelLevels(mismatches, ['x'], 'syn.csv'));
  const evaluation = evaluate([x, real01], [x, yesNo]);
  assert.ok(evaluation.warnings.some((w) => /Column "y": 7 synthetic rows hold levels the real/
    .test(w) && /"no", "yes"/.test(w)), evaluation.warnings.join('\n'));
  assert.throws(() => evaluate([x, real01], [x, yesNo], { outcome: 'y', covariates: ['x'] }),
    /code it differently/);
});
