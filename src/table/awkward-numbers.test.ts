// Numbers written in ways a float64 column cannot take as they are:
// infinities, integers beyond 2^53, and thousands separators. The cells
// are made up for the tests.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { LniError } from '../util/errors.js';
import { Random } from '../util/random.js';
import { formatCsv, parseCsv } from './csv.js';
import { Encoder } from './encoder.js';
import { inferSchema } from './infer.js';
import type { ColumnType } from './types.js';
import type { Schema } from './schema.js';
import type { Table } from './types.js';

function single(cells: string[]): Table {
  return { names: ['x'], columns: [cells], rowCount: cells.length };
}

function declared(type: ColumnType): Schema {
  return { version: 1, columns: [{ name: 'x', type }] };
}

function measurements(count: number): string[] {
  return Array.from({ length: count }, (_, i) => (10 + ((i * 37) % 101) / 4).toFixed(2));
}

function caught(action: () => unknown): LniError {
  try {
    action();
  } catch (error) {
    if (error instanceof LniError) return error;
    throw error;
  }
  assert.fail('expected an LniError');
}

test('an infinite value in a numeric column is an error naming file, column and row', () => {
  for (const token of ['-Infinity', 'Infinity', 'inf', '1e999']) {
    const cells = measurements(200);
    cells[41] = token;
    const error = caught(() => inferSchema(single(cells), { file: 'data.csv' }));
    assert.equal(error.code, 'cell-infinite', token);
    assert.equal(error.row, 42);
    assert.equal(error.file, 'data.csv');
    assert.match(error.hint ?? '', /remove or replace/);
    // Beside a stray comment (read as missing), the column is as numeric: still refused.
    cells[77] = 'sample lost';
    const besideStray = caught(() => inferSchema(single(cells), { file: 'data.csv' }));
    assert.equal(besideStray.code, 'cell-infinite', `${token} beside a stray text`);
    assert.equal(besideStray.row, 42);
  }
});

test('a declared numeric column refuses an infinite value instead of reading or clipping it',
  () => {
    for (const token of ['-inf', '1e999']) {
      const cells = measurements(50);
      cells[9] = token;
      const error = caught(() => Encoder.fit(single(cells), declared('continuous'), 'd.csv'));
      assert.equal(error.code, 'cell-infinite');
      assert.equal(error.row, 10);
    }
  });

test('real missing tokens still read as missing next to numbers, and "inf" in text is text', () => {
  const cells = measurements(60);
  ['', 'NA', 'NaN', '?', 'null'].forEach((token, k) => { cells[3 * k] = token; });
  const column = inferSchema(single(cells)).columns[0];
  assert.equal(column.type, 'continuous');
  assert.deepEqual(new Set(column.missing), new Set(['', 'NA', 'NaN', '?', 'null']));
  const words = Array.from({ length: 40 }, (_, i) => ['inf', 'flu', 'cold'][i % 3]);
  assert.equal(inferSchema(single(words)).columns[0].type, 'categorical');
});

test('integers beyond 2^53 are read as text, so they come back exactly', () => {
  // 20 values of 6 rows each: as many-level codes, ones under 5 rows would be withheld.
  const big = (i: number) => (9007199254740993n + BigInt(2 * (i % 20))).toString();
  const cells = Array.from({ length: 120 }, (_, i) => big(i));
  const column = inferSchema(single(cells)).columns[0];
  assert.equal(column.type, 'categorical');
  assert.match(column.note ?? '', /beyond 2\^53/);
  const schema = { version: 1, columns: [column] };
  const encoder = Encoder.fit(single(cells), schema);
  const back = encoder.decode(encoder.encode(single(cells), new Random(1)), cells.length);
  assert.deepEqual(back.columns[0], cells);
});

test('a column declared integer or continuous refuses a value beyond 2^53', () => {
  const cells = measurements(30).map((_, i) => String(1000 + i));
  cells[6] = '12345678901234567890';
  for (const type of ['integer', 'continuous'] as const) {
    const error = caught(() => Encoder.fit(single(cells), declared(type), 'd.csv'));
    assert.equal(error.code, 'cell-precision');
    assert.equal(error.row, 7);
    assert.match(error.hint ?? '', /"id" or "categorical"/);
  }
});

test('quoted thousands-grouped numbers are numbers, not IDs, and come back grouped', () => {
  const lines = ['count,amount'];
  for (let i = 0; i < 60; i++) {
    const count = (1000 + i * 7919).toLocaleString('en-US');
    const amount = (i * 1234.5 + 0.25).toLocaleString('en-US', { minimumFractionDigits: 2 });
    lines.push(`"${count}","${amount}"`);
  }
  const text = lines.join('\n') + '\n';
  const { table, dialect } = parseCsv(text);
  const schema = inferSchema(table, { delimiter: dialect.delimiter });
  assert.deepEqual(schema.columns.map((c) => c.type), ['integer', 'continuous']);
  assert.match(schema.columns[0].note ?? '', /thousands separators/);
  const encoder = Encoder.fit(table, schema);
  const back = encoder.decode(encoder.encode(table, new Random(2)), table.rowCount);
  assert.equal(formatCsv(back, dialect), text, 'at w = 1 the file comes back byte for byte');
  const x = Float64Array.from({ length: 100 * encoder.dimension }, (_, k) => Math.sin(k));
  const synthetic = encoder.decode(x, 100);
  assert.ok(synthetic.columns[0].every((cell) => /^\d{1,3}(,\d{3})*$/.test(cell)));
  assert.ok(synthetic.columns[1].every((cell) => /^\d{1,3}(,\d{3})*\.\d\d$/.test(cell)));
});

test('in a ";" file, points grouping thousands are read with the decimal comma', () => {
  const lines = ['big;price'];
  for (let i = 0; i < 40; i++) {
    const big = (1_000_000 + i * 123_457).toLocaleString('de-DE');
    const price = (i * 321.5 + 0.5).toLocaleString('de-DE', { minimumFractionDigits: 1 });
    lines.push(`${big};${price}`);
  }
  const text = lines.join('\n') + '\n';
  const { table, dialect } = parseCsv(text);
  const schema = inferSchema(table, { delimiter: dialect.delimiter });
  assert.deepEqual(schema.columns.map((c) => [c.type, c.decimal]),
    [['integer', ','], ['continuous', ',']]);
  const encoder = Encoder.fit(table, schema);
  const back = encoder.decode(encoder.encode(table, new Random(3)), table.rowCount);
  assert.equal(formatCsv(back, dialect), text);
});

test('in a ";" file, points on exactly the cells of 1000 and more group thousands', () => {
  const lines = ['age;income;weight'];
  for (let i = 0; i < 80; i++) {
    const income = i % 8 === 0 ? 300 + i : 1000 + (i * 7919) % 40_000;
    lines.push(`${20 + (i % 50)};${income.toLocaleString('de-DE')};${60 + (i % 30)},0`);
  }
  const text = lines.join('\n') + '\n';
  assert.match(text, /;\d\d\.\d{3};.*\n.*;\d{3};/s, 'cells such as 10.481 and 745');
  const { table, dialect } = parseCsv(text);
  const schema = inferSchema(table, { delimiter: dialect.delimiter });
  assert.deepEqual(schema.columns.map((c) => [c.type, c.decimal]),
    [['integer', undefined], ['integer', ','], ['integer', ',']]);
  assert.match(schema.columns[1].note ?? '', /written with points as thousands separators/);
  const encoder = Encoder.fit(table, schema);
  const back = encoder.decode(encoder.encode(table, new Random(1)), table.rowCount);
  assert.equal(formatCsv(back, dialect), text, 'at w = 1 the file comes back byte for byte');
  const moved = encoder.decode(encoder.encode(table, new Random(2)).map((v) => 0.7 * v),
    table.rowCount);
  assert.ok(moved.columns[1].every((cell) => /^[1-9]\d{0,2}(\.\d{3})*$/.test(cell)), 'as 10.481');
});

test('in a ";" file, points that are not all thousands groups stay decimal points', () => {
  // Decimals, some written in three digits (1.234), beside whole numbers;
  // then a column written with a fixed three decimals, whose points could
  // be either and are left as they read in most files.
  const rows = Array.from({ length: 60 }, (_, i) => [
    i % 4 === 3 ? String(10 + (i % 7)) : `${i % 9}.${['234', '5', '75'][i % 3]}`,
    (1 + (i * 37 % 500) / 100).toFixed(3)]);
  const text = ['dose;level', ...rows.map((row) => row.join(';'))].join('\n') + '\n';
  const { table, dialect } = parseCsv(text);
  const schema = inferSchema(table, { delimiter: dialect.delimiter });
  assert.deepEqual(schema.columns.map((c) => [c.type, c.decimal]),
    [['continuous', undefined], ['continuous', undefined]]);
});
