import { test } from 'node:test';
import assert from 'node:assert/strict';
import { missingRule, withheldLevels } from './codec.js';
import { rareLevelsToWithhold, withheldTypedLevels, type LevelTally } from './rare-levels.js';
import type { Schema } from './schema.js';
import { typedColumns } from './typed.js';
import type { Table } from './types.js';

/** Level → cell count, as the rule reads a column. */
function tally(counts: Record<string, number>, rest: Partial<LevelTally> = {}): LevelTally {
  return { counts: new Map(Object.entries(counts)), missing: 0, type: 'categorical',
    declared: false, ...rest };
}

const sorted = (set: Set<string>) => [...set].sort();

test('text levels under 5 cells are withheld, unless the schema declares the levels', () => {
  const counts = { routine: 20, 'see chart': 9, 'one-off A': 1, 'one-off B': 4 };
  assert.deepEqual(sorted(rareLevelsToWithhold(tally(counts))), ['one-off A', 'one-off B']);
  assert.equal(rareLevelsToWithhold(tally(counts, { declared: true })).size, 0);
  assert.equal(rareLevelsToWithhold(tally(counts, { type: 'constant' })).size, 0);
  assert.equal(rareLevelsToWithhold(tally({ a: 5, b: 5 })).size, 0);
});

test('up to ten unpadded numeric codes keep their rare codes; more, or padded ones, do not', () => {
  const ten = Object.fromEntries(Array.from({ length: 10 }, (_, k) => [String(k), k < 9 ? 8 : 1]));
  assert.equal(rareLevelsToWithhold(tally(ten)).size, 0);
  const thirty = Object.fromEntries(Array.from({ length: 30 }, (_, k) =>
    [String(k + 1), k < 27 ? 6 : k - 26]));
  assert.deepEqual(sorted(rareLevelsToWithhold(tally(thirty))), ['28', '29', '30']);
  assert.deepEqual(sorted(rareLevelsToWithhold(tally({ '01': 9, '02': 9, '03': 2 }))), ['03']);
  // A text level among codes makes the column text: its rare code goes too.
  assert.deepEqual(sorted(rareLevelsToWithhold(tally({ A: 9, B: 1, 7: 1 }))), ['7', 'B']);
});

test('a two-label column keeps a rare short label, unless both are rare and cells are missing; '
  + 'a rare comment goes', () => {
  const binary = (counts: Record<string, number>, missing: number) =>
    sorted(rareLevelsToWithhold(tally(counts, { type: 'binary', missing })));
  assert.deepEqual(binary({ yes: 40, no: 3 }, 7), []);
  assert.deepEqual(binary({ yes: 2, no: 1 }, 0), []);
  assert.deepEqual(binary({ 'called Mrs A': 1, 'lives at B': 1 }, 90), ['called Mrs A',
    'lives at B']);
  // One word or code names no one; a comment beside it may (simulated).
  assert.deepEqual(binary({ normal: 199, 'ST elevation, pt refused': 1 }, 0),
    ['ST elevation, pt refused']);
  assert.deepEqual(binary({ ok: 199, ['x'.repeat(13)]: 1 }, 0), ['x'.repeat(13)]);
  assert.deepEqual(binary({ negative: 196, 'POS-2': 4 }, 0), []);
  // The same two labels typed as a category are not spared.
  assert.deepEqual(sorted(rareLevelsToWithhold(tally({ yes: 40, no: 3 }))), ['no']);
});

test('a typed column withholds exactly what fitting its cells withholds', () => {
  const rows = 168;
  const cells = {
    text: (i: number) => (i < 3 ? `note ${i}` : i % 2 ? 'a' : 'b'),
    codes: (i: number) => String(i < 27 * 6 ? 1 + (i % 27) : 28 + (i % 3)),
    flag: (i: number) => (i < 2 ? 'no' : 'yes'),
    empty: (i: number) => (i === 5 ? 'x' : i === 9 ? 'y' : 'NA'),
    declared: (i: number) => (i < 3 ? `note ${i}` : i % 2 ? 'a' : 'b'),
  };
  const names = Object.keys(cells) as (keyof typeof cells)[];
  const table: Table = { names, rowCount: rows,
    columns: names.map((name) => Array.from({ length: rows }, (_, i) => cells[name](i))) };
  const schema: Schema = { version: 1, columns: [
    { name: 'text', type: 'categorical' }, { name: 'codes', type: 'categorical' },
    { name: 'flag', type: 'binary' }, { name: 'empty', type: 'binary' },
    { name: 'declared', type: 'categorical', levels: ['a', 'b', 'note 0', 'note 1', 'note 2'] },
  ] };
  const typed = typedColumns(table, schema);
  const expected = [['note 0', 'note 1', 'note 2'], ['28', '29', '30'], [], ['x', 'y'], []];
  schema.columns.forEach((column, j) => {
    const release = withheldLevels(column, table.columns[j], missingRule(column));
    const found = typed[j];
    assert.ok(found.kind === 'categorical');
    assert.deepEqual(sorted(withheldTypedLevels(found)), sorted(release), column.name);
    assert.deepEqual(sorted(release), expected[j], column.name);
  });
});

test('a rare small code alone beyond a wide gap is withheld; one among the others is kept', () => {
  // 300 rows: 0–4 children, one row with 23, one with 5.
  const kids = tally({ 0: 90, 1: 80, 2: 70, 3: 40, 4: 18, 5: 1, 23: 1 });
  assert.deepEqual(sorted(rareLevelsToWithhold(kids)), ['23']);
  // restecg: the rare middle code stays.
  assert.equal(rareLevelsToWithhold(tally({ 0: 151, 1: 4, 2: 148 })).size, 0);
});
