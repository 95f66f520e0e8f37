import { test } from 'node:test';
import assert from 'node:assert/strict';
import { autoClipRadius } from '../privacy/index.js';
import { inferSchema } from '../table/index.js';
import type { Table } from '../table/index.js';
import { LniError } from '../util/errors.js';
import { auditAndRelease, compareTables, fitModel, synthesize } from './index.js';

// A numeric column with a one-off comment in two cells: inference reads it
// as that column's missing token, and a release writes it as an empty cell
// (held by fewer than 5 cells), which the column's missing list does not name.
const rows = 300;
const strayRows = new Set([7, 101]);
const table: Table = {
  names: ['age', 'chol', 'group'],
  columns: [
    Array.from({ length: rows }, (_, i) => String(30 + (i * 13) % 41)),
    Array.from({ length: rows }, (_, i) =>
      (strayRows.has(i) ? 'lost sample' : String(180 + (i * 13) % 41 + (i * 7) % 29))),
    Array.from({ length: rows }, (_, i) => (i % 3 === 0 ? 'a' : 'b')),
  ],
  rowCount: rows,
};
const schema = inferSchema(table);

test('compareTables reads a release\'s empty cells as missing where the column lists only '
  + 'its own stray word', () => {
  assert.deepEqual(schema.columns[1].missing, ['lost sample'], 'the premise: a stray token');
  const synthetic: Table = { ...table, columns: [table.columns[0],
    table.columns[1].map((cell) => (cell === 'lost sample' ? '' : cell)), table.columns[2]] };
  const evaluation = compareTables(table, synthetic, schema);
  const chol = evaluation.columns.find((column) => column.name === 'chol');
  assert.equal(chol?.missingSynthetic, chol?.missingReal);
});

test('the audit measures fidelity on such a table instead of refusing its own release',
  async () => {
    const release = await auditAndRelease(table, schema, {
      choice: { kind: 'fixed', w: 0.5 }, seed: 1, fit: { epochs: 3 },
    });
    assert.ok(release.table !== null);
    assert.ok((release.calibration?.frontier.length ?? 0) > 0);
  });

test('compareTables takes what lni evaluate takes: a regression whose dummy reference is the '
  + 'lowest level, corrected at w, and held-out rows', () => {
  // Simulated: the first row's group is "b", so by first appearance "b"
  // would be the reference; evaluate's order makes it "a".
  const n = 120;
  const group = Array.from({ length: n }, (_, i) => (i % 3 === 0 ? 'b' : 'a'));
  const age = group.map((g, i) => String(40 + (g === 'b' ? 6 : 0) + (i * 7) % 11));
  const data: Table = { names: ['age', 'group'], columns: [age, group], rowCount: n };
  const evaluation = compareTables(data, data, inferSchema(data),
    { outcome: 'age', covariates: ['group'], w: 0.5, holdout: data });
  const models = evaluation.models!;
  const term = models.terms.find((t) => /group/.test(t.name))!;
  assert.match(term.name, /b/, 'the dummy is for "b", against "a"');
  const mean = (g: string) => {
    const values = age.filter((_, i) => group[i] === g).map(Number);
    return values.reduce((s, v) => s + v, 0) / values.length;
  };
  // One dummy in OLS: its coefficient is the difference of the two group means.
  assert.ok(Math.abs(term.real!.estimate - (mean('b') - mean('a'))) < 1e-9);
  assert.equal(term.synthetic.naive!.estimate, term.real!.estimate);
  assert.ok(Math.abs(term.synthetic.corrected!.factor - (2 - 0.25)) < 1e-12);
  assert.ok(evaluation.tstr !== undefined && !('skipped' in evaluation.tstr));
});

test('a hand-built table of the wrong shape is refused with table-invalid, not a TypeError', () => {
  const isShape = (error: unknown) => error instanceof LniError && error.code === 'table-invalid';
  const short: Table = { ...table, rowCount: rows + 5 };
  const long: Table = { ...table, rowCount: 5 };
  const unnamed: Table = { ...table, names: ['age', 'chol'] };
  const numbers = { ...table, columns: [table.columns[0].map(Number), ...table.columns.slice(1)] };
  for (const bad of [short, long, unnamed, numbers as unknown as Table]) {
    assert.throws(() => inferSchema(bad), isShape);
    assert.throws(() => compareTables(table, bad, schema), isShape);
  }
  const model = fitModel(table, schema, { seed: 1, epochs: 1 });
  assert.throws(() => synthesize(model, long, { w: 0.5, seed: 1 }), isShape,
    'five of 300 rows would have been released without a word');
  const auto = synthesize(model, table, { w: 0.5, seed: 1, clipRadius: 'auto' });
  const given = synthesize(model, table,
    { w: 0.5, seed: 1, clipRadius: autoClipRadius(model.encoder.dimension) });
  assert.deepEqual(auto, given, "clipRadius 'auto' is the radius autoClipRadius gives");
});
