import { test } from 'node:test';
import assert from 'node:assert/strict';
import { inferSchema } from './infer.js';
import { rareLevelNotes } from './schema-warnings.js';
import type { Table } from './types.js';

function table(columns: Record<string, string[]>): Table {
  const names = Object.keys(columns);
  return { names, columns: names.map((name) => columns[name]), rowCount: columns[names[0]].length };
}

test('a level held by 1 to 4 rows is flagged by column and count, never by its label', () => {
  const rows = 200;
  const t = table({
    // Two levels held by 4 and 1 rows, a missing cell that is no level.
    site: Array.from({ length: rows }, (_, i) =>
      (i < 4 ? 'Oslo' : i === 4 ? 'Bergen' : i === 5 ? 'NA' : i % 2 === 0 ? 'Leeds' : 'York')),
    // Five rows is enough.
    smoker: Array.from({ length: rows }, (_, i) => (i < 5 ? 'yes' : 'no')),
    age: Array.from({ length: rows }, (_, i) => String(20 + (i % 60))),
  });
  const schema = inferSchema(t);
  const notes = rareLevelNotes(t, schema, 'cohort.csv');
  assert.equal(notes.length, 1, notes.join('\n'));
  assert.match(notes[0], /^warning: cohort\.csv, column "site": 2 levels are held by fewer than 5 rows/);
  assert.doesNotMatch(notes[0], /Oslo|Bergen/);
  // Levels the user declared are kept knowingly: no warning.
  const declared = { ...schema, columns: schema.columns.map((column) => (column.name === 'site'
    ? { ...column, levels: ['Bergen', 'Leeds', 'Oslo', 'York'] } : column)) };
  assert.deepEqual(rareLevelNotes(t, declared, 'cohort.csv'), []);
});

test('a withheld level that is a kept level in other letter case or spacing is pointed out', () => {
  const rows = 200;
  const t = table({
    smoker: Array.from({ length: rows }, (_, i) =>
      (i === 0 ? 'YES' : i === 1 ? 'No ' : i === 2 ? 'maybe' : i % 2 === 0 ? 'yes' : 'no')),
  });
  const notes = rareLevelNotes(t, inferSchema(t), 'cohort.csv');
  assert.equal(notes.length, 1, notes.join('\n'));
  assert.match(notes[0], /3 levels are held by fewer than 5 rows/);
  assert.match(notes[0], /2 of them differ from a kept level \("yes", "no"\) only in letter case or spaces/);
  // The variants and the other rare level are counted, never quoted.
  assert.doesNotMatch(notes[0], /YES|No |maybe/);
});
