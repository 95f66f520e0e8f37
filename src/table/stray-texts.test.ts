// The schema a user shares counts one-off stray texts ("strayTexts") and
// never holds them; reading with it reads the cells as inference did.
// Simulated rows only.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Encoder } from './encoder.js';
import { inferSchema } from './infer.js';
import { validateSchema, type ColumnSchema } from './schema.js';
import { shareableSchema } from './stray-texts.js';
import { typedColumns } from './typed.js';
import type { Table } from './types.js';
import { Random } from '../util/random.js';
import { LniError } from '../util/errors.js';

const SECRET = 'call Mrs Vantablack';

function table(names: string[], rows: string[][]): Table {
  return { names, columns: names.map((_, j) => rows.map((row) => row[j])), rowCount: rows.length };
}

/** 300 rows (up to 6 stray cells a column): a count, a measurement, a code and a date, with one-off texts in each but the code. */
function strayTable(): Table {
  const rows = Array.from({ length: 300 }, (_, i) => [
    String(18 + ((i * 11) % 60)), (60 + ((i * 17) % 40) / 2).toFixed(1), String(i % 4),
    `2021-${String(1 + (i % 12)).padStart(2, '0')}-${String(1 + ((i * 3) % 28)).padStart(2, '0')}`,
  ]);
  rows[3][0] = SECRET;
  rows[9][1] = SECRET;
  rows[10][1] = SECRET;
  rows[12][2] = `${SECRET}!`;
  rows[20][3] = `${SECRET}?`;
  rows[21][3] = '2021-02-30';
  for (const i of [40, 41, 42, 43, 44]) rows[i][0] = 'unknown';
  rows[50][1] = 'NA';
  return table(['age', 'weight', 'code', 'visit'], rows);
}

test('the shared schema counts stray texts and lists tokens 5 cells hold', () => {
  const data = strayTable();
  const shared = shareableSchema(inferSchema(data), data);
  assert.ok(!JSON.stringify(shared).includes('Vantablack'));
  const [age, weight, code, visit] = shared.columns;
  assert.deepEqual([age.missing, age.strayTexts], [['unknown'], 1]);
  assert.deepEqual([weight.missing, weight.strayTexts], [['NA'], 2]);
  assert.deepEqual([code.type, code.missing, code.strayTexts], ['categorical', [], 1]);
  assert.deepEqual([visit.missing, visit.strayTexts], [[], 2]);
  // The count sits right after "missing", as a user reads the file.
  assert.deepEqual(Object.keys(weight).slice(0, 4), ['name', 'type', 'missing', 'strayTexts']);
});

test('read back against the table, the shared schema encodes every cell as the inferred one', () => {
  const data = strayTable();
  const inferred = inferSchema(data);
  const read = validateSchema(JSON.parse(JSON.stringify(shareableSchema(inferred, data))), data);
  read.columns.forEach((column, j) => {
    assert.equal(column.strayTexts, undefined, 'applied, so dropped');
    assert.deepEqual([...column.missing ?? []].sort(), [...inferred.columns[j].missing ?? []].sort());
  });
  const a = Encoder.fit(data, inferred).encode(data, new Random(3));
  const b = Encoder.fit(data, shareableSchema(inferred, data)).encode(data, new Random(3));
  assert.deepEqual(Array.from(b), Array.from(a));
  const typed = typedColumns(data, shareableSchema(inferred, data));
  assert.ok(typed[0].kind === 'numeric' && Number.isNaN(typed[0].values[3]));
});

test('an old schema that lists the texts still reads; "strayTexts" is checked', () => {
  const data = strayTable();
  const old = inferSchema(data);
  assert.ok(old.columns[0].missing?.includes(SECRET), 'the premise: inference lists it');
  assert.equal(Encoder.fit(data, validateSchema(old, data)).dimension,
    Encoder.fit(data, old).dimension);
  const columns = (change: Partial<ColumnSchema>) => ({ version: 1, columns: [
    { name: 'age', type: 'integer', ...change }] });
  for (const bad of [-1, 1.5, '2', null, true]) {
    assert.throws(() => validateSchema(columns({ strayTexts: bad as number })),
      (error: unknown) => error instanceof LniError && error.code === 'schema-invalid'
        && error.column === 'age' && /^"strayTexts" must be a whole number/.test(error.message));
  }
});

test('more stray cells than the count: a numeric column is refused unquoted, a code column keeps them', () => {
  const data = strayTable();
  const shared = shareableSchema(inferSchema(data), data);
  shared.columns[1].strayTexts = 1;
  assert.throws(() => validateSchema(shared, data, 'w.csv'), (error: unknown) =>
    error instanceof LniError && error.code === 'cell-type' && error.file === 'w.csv'
      && error.column === 'weight' && error.row === 10 && !error.message.includes('Vantablack')
      && /2 cells are not numbers, more than the 1 that "strayTexts" reads as missing/
        .test(error.message));
  const words = table(['w'], Array.from({ length: 30 }, (_, i) => [['red', 'blue'][i % 2]]));
  const read = validateSchema({ version: 1, columns: [
    { name: 'w', type: 'categorical', strayTexts: 1 }] }, words);
  assert.deepEqual(read.columns[0], { name: 'w', type: 'categorical' });
});
