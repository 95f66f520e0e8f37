import { test } from 'node:test';
import assert from 'node:assert/strict';
import { typedColumns, withholdRareLevels, type Schema, type Table } from '../table/index.js';
import type { TypedColumn } from '../table/types.js';
import { levelMismatches } from './alignment.js';
import { evaluationSchema, lenient, withSortedLevels } from './evaluation-schema.js';
import { compareModels } from './models.js';

// Made-up rows: 30 numeric codes (three held by 2 rows each), a yes/no flag
// with 3 "no", a ward whose declared levels include one of 2 rows, and
// diagnoses with three one-off texts.
const ROWS = 168;
const cellsOf: Record<string, (i: number) => string> = {
  y: (i) => String(40 + (i % 7) + 0.5 * (i % 5) + (i % 27) / 9),
  code: (i) => String(i < 27 * 6 ? 1 + (i % 27) : 28 + (i % 3)),
  flag: (i) => (i % 50 === 7 ? 'no' : 'yes'),
  ward: (i) => (i === 10 || i === 101 ? 'C' : i % 2 ? 'A' : 'B'),
  dx: (i) => (i % 60 === 1 ? `Q87.${i}` : i % 4 < 2 ? 'I10' : 'E11'),
};
const names = Object.keys(cellsOf);
const real: Table = { names, rowCount: ROWS,
  columns: names.map((name) => Array.from({ length: ROWS }, (_, i) => cellsOf[name](i))) };
const schema: Schema = { version: 1, columns: [
  { name: 'y', type: 'continuous' }, { name: 'code', type: 'categorical' },
  { name: 'flag', type: 'binary' }, { name: 'ward', type: 'categorical', levels: ['A', 'B', 'C'] },
  { name: 'dx', type: 'categorical' },
] };
const covariates = ['code', 'flag', 'ward', 'dx'];

/** What a release of the real table shows: each column's levels, and its withheld cells. */
const release = withholdRareLevels(real, schema);
const released = (name: string) => new Set(release.table.columns[names.indexOf(name)]
  .filter((cell) => cell !== ''));

/** The real and a synthetic table typed as lni evaluate types them. */
function typed(synthetic: Table): { real: TypedColumn[]; synthetic: TypedColumn[] } {
  const both = evaluationSchema(schema, real);
  return { real: withSortedLevels(typedColumns(real, both), both),
    synthetic: typedColumns(synthetic, lenient(both)) };
}

test('the fixture has levels a release withholds and rare ones it keeps', () => {
  assert.deepEqual(release.withheld, [{ column: 'code', cells: 6 }, { column: 'dx', cells: 3 }]);
  assert.deepEqual([...released('flag')].sort(), ['no', 'yes']);
  assert.ok(released('ward').has('C'));
});

test('a regression names exactly the levels a release shows, and notes what it withholds', () => {
  const columns = typed(real);
  const models = compareModels(columns.real, columns.synthetic, 'y', covariates, 0.5);
  for (const name of covariates) {
    const named = models.terms.map((term) => term.name)
      .filter((term) => term.startsWith(`${name}=`)).map((term) => term.slice(name.length + 1));
    const shown = released(name);
    assert.ok(named.every((level) => shown.has(level)), `${name}: ${named.join(', ')}`);
    // Every level the release shows but the reference has its own term.
    assert.equal(named.length, shown.size - 1, `${name}: ${named.join(', ')}`);
  }
  const noted = models.warnings.flatMap((warning) => {
    const match = /^(\d+) real rows? with a level of "(\w+)" held by fewer than 5/.exec(warning);
    return match === null ? [] : [{ column: match[2], cells: Number(match[1]) }];
  });
  assert.deepEqual(noted, release.withheld);
  assert.equal(models.rows.real, ROWS - 9);
});

test('a level mismatch names the real levels a release shows and counts the rest', () => {
  // Each synthetic column also holds a common level the real one never has.
  const synthetic: Table = { ...real, columns: real.columns.map((cells, j) => (j === 0 ? cells
    : cells.map((cell, i) => (i % 3 === 0 ? `new ${j}` : cell)))) };
  const columns = typed(synthetic);
  const mismatches = new Map(levelMismatches(columns.real, columns.synthetic)
    .map((mismatch) => [mismatch.column, mismatch]));
  for (const name of covariates) {
    const text = mismatches.get(name)?.realText ?? '';
    const shown = released(name);
    const hidden = new Set(real.columns[names.indexOf(name)]).size - shown.size;
    const quoted = [...text.matchAll(/"([^"]*)"/g)].map((match) => match[1]);
    assert.ok(quoted.every((level) => shown.has(level)), `${name}: ${text}`);
    if (shown.size > 6) assert.ok(text.includes(`(${shown.size} in all)`), `${name}: ${text}`);
    else assert.equal(quoted.length, shown.size, `${name}: ${text}`);
    assert.equal(text.includes(`${hidden} of fewer than 5 rows, not named`), hidden > 0,
      `${name}: ${text}`);
  }
});
