// European CSV: ';'-separated files whose numbers are written with a
// decimal comma ("77,6"). The cells here are made up for the tests.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { formatNumber, inferNumberFormat, parseNumber } from './cells.js';
import { formatCsv, parseCsv } from './csv.js';
import { Encoder } from './encoder.js';
import { inferSchema } from './infer.js';
import { validateSchema, type ColumnSchema, type Schema } from './schema.js';
import { typedColumns } from './typed.js';
import type { Table } from './types.js';
import { Random } from '../util/random.js';
import { LniError } from '../util/errors.js';

/** A deterministic pseudo-random stream in [0, 1). */
function stream(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state * 1103515245 + 12345) % 2147483648;
    return state / 2147483648;
  };
}

/** A ';' file of `rows` rows: id, weight (1 decimal), height (2), group, count, mixed. */
function europeanCsv(rows: number, seed = 1): string {
  const next = stream(seed);
  const lines = ['id;weight;height;group;count;mixed'];
  for (let i = 0; i < rows; i++) {
    const weight = (50 + next() * 50).toFixed(1).replace('.', ',');
    const height = (1.5 + next() * 0.5).toFixed(2).replace('.', ',');
    const mixed = (10 + next() * 10).toFixed(1);
    lines.push([String(i + 1), i % 7 === 3 ? 'NA' : weight, height, next() < 0.5 ? 'a' : 'b',
      String(Math.floor(next() * 40)), i % 2 === 0 ? mixed : mixed.replace('.', ',')].join(';'));
  }
  return lines.join('\n') + '\n';
}

function column(schema: Schema, name: string): ColumnSchema {
  const found = schema.columns.find((c) => c.name === name);
  assert.ok(found !== undefined, `no column ${name}`);
  return found;
}

/** Name of the first column whose cells differ, or null; never prints cells. */
function firstDifference(a: Table, b: Table): string | null {
  for (let j = 0; j < a.names.length; j++) {
    for (let i = 0; i < a.rowCount; i++) {
      if (a.columns[j][i] !== b.columns[j][i]) return `${a.names[j]} (row ${i + 1})`;
    }
  }
  return null;
}

test('decimal-comma cells read as numbers only when asked, and are written back with a comma',
  () => {
    assert.equal(parseNumber('77,6', ','), 77.6);
    assert.equal(parseNumber('-0,25', ','), -0.25);
    assert.equal(parseNumber('78', ','), 78);
    assert.ok(Number.isNaN(parseNumber('77,6')));
    assert.ok(Number.isNaN(parseNumber('77.6', ',')));
    assert.ok(Number.isNaN(parseNumber('1,234,5', ',')));
    assert.equal(parseNumber('1.234,5', ','), 1234.5, 'points group thousands');
    const format = inferNumberFormat(['77,6', '1,825', '80'], ',');
    assert.deepEqual(format, { decimals: 3, minDecimals: 0, decimal: ',' });
    assert.equal(formatNumber(77.6, format), '77,6');
    assert.equal(formatNumber(-0.0001, format), '0');
    assert.equal(formatNumber(1.82, { decimals: 2, minDecimals: 2, decimal: ',' }), '1,82');
  });

test('a ";" file with decimal commas infers continuous columns marked "decimal": ","', () => {
  const { table, dialect } = parseCsv(europeanCsv(60));
  assert.equal(dialect.delimiter, ';');
  const schema = inferSchema(table, { delimiter: dialect.delimiter });
  const weight = column(schema, 'weight');
  assert.equal(weight.type, 'continuous');
  assert.equal(weight.decimal, ',');
  assert.deepEqual(weight.missing, ['NA']);
  assert.match(weight.note ?? '', /decimal comma/);
  assert.equal(column(schema, 'height').type, 'continuous');
  assert.equal(column(schema, 'height').decimal, ',');
  assert.equal(column(schema, 'id').type, 'id');
  assert.equal(column(schema, 'count').type, 'integer');
  assert.equal(column(schema, 'count').decimal, undefined, 'integers with no comma stay as they are');
  assert.equal(column(schema, 'group').type, 'binary');
  const mixed = column(schema, 'mixed');
  assert.ok(mixed.type === 'id' || mixed.type === 'categorical', mixed.type);
  assert.equal(mixed.decimal, undefined);
  assert.match(mixed.note ?? '', /both decimal commas and points, so read as text/);
  assert.deepEqual(validateSchema(JSON.parse(JSON.stringify(schema)), table), schema);
});

test('decimal commas are not tried in a comma-separated file or without a delimiter', () => {
  const rows = Array.from({ length: 30 }, (_, i) => [`"${i % 9},${i % 4}5"`, String(i % 3)]);
  const text = ['x,y', ...rows.map((row) => row.join(','))].join('\n') + '\n';
  const { table, dialect } = parseCsv(text);
  const schema = inferSchema(table, { delimiter: dialect.delimiter });
  assert.notEqual(column(schema, 'x').type, 'continuous');
  assert.equal(column(schema, 'x').decimal, undefined);
  assert.match(column(schema, 'x').note ?? '',
    /decimal comma in a comma-separated file are read as text/);
  assert.doesNotMatch(column(schema, 'y').note ?? '', /decimal comma/);
  const semi = parseCsv(europeanCsv(30)).table;
  assert.equal(column(inferSchema(semi), 'weight').decimal, undefined);
});

test('an integer-valued decimal-comma column is an integer column written "12,0"', () => {
  const cells = Array.from({ length: 40 }, (_, i) => `${20 + (i * 7) % 31},0`);
  const t: Table = { names: ['n'], columns: [cells], rowCount: cells.length };
  const schema = inferSchema(t, { delimiter: ';' });
  assert.equal(column(schema, 'n').type, 'integer');
  assert.equal(column(schema, 'n').decimal, ',');
  const encoder = Encoder.fit(t, schema);
  const back = encoder.decode(encoder.encode(t, new Random(3)), t.rowCount);
  assert.equal(firstDifference(t, back), null);
});

test('decode(encode(t)) reproduces a decimal-comma table exactly, also after JSON', () => {
  const { table, dialect } = parseCsv(europeanCsv(80, 5));
  const schema = inferSchema(table, { delimiter: dialect.delimiter });
  // Declared levels: every one, rare ones included, is modelled and kept.
  const noIds = { ...schema, columns: schema.columns.map((c) => (c.type !== 'id' ? c
    : { ...c, type: 'categorical' as const,
      levels: [...new Set(table.columns[table.names.indexOf(c.name)])] })) };
  const encoder = Encoder.fit(table, noIds);
  const back = encoder.decode(encoder.encode(table, new Random(11)), table.rowCount);
  assert.equal(firstDifference(table, back), null);
  const restored = Encoder.fromJSON(JSON.parse(JSON.stringify(encoder.toJSON())));
  const again = restored.decode(restored.encode(table, new Random(12)), table.rowCount);
  assert.equal(firstDifference(table, again), null);
});

test('synthetic decimal-comma values keep the comma, the decimals and the range', () => {
  const { table, dialect } = parseCsv(europeanCsv(80, 9));
  const schema = inferSchema(table, { delimiter: dialect.delimiter });
  const encoder = Encoder.fit(table, schema);
  const rng = new Random(4);
  const x = Float64Array.from({ length: 200 * encoder.dimension }, () => 2 * rng.normal());
  const synthetic = encoder.decode(x, 200);
  const j = synthetic.names.indexOf('height');
  const real = table.columns[table.names.indexOf('height')].map((c) => parseNumber(c, ','));
  for (const cell of synthetic.columns[j]) {
    assert.match(cell, /^\d+,\d{2}$/);
    const value = parseNumber(cell, ',');
    assert.ok(value >= Math.min(...real) && value <= Math.max(...real));
  }
  const typed = typedColumns(synthetic, schema);
  const height = typed.find((c) => c.name === 'height');
  assert.equal(height?.kind, 'numeric');
});

test('formatCsv(parseCsv(x)) gives back a decimal-comma file unchanged', () => {
  for (const text of [europeanCsv(25), 'id;weight\r\n1;77,6\r\n2;68,10\r\n3;-0,5']) {
    const parsed = parseCsv(text);
    assert.equal(formatCsv(parsed.table, parsed.dialect), text);
  }
});

test('validateSchema accepts "decimal" on numeric columns and refuses it elsewhere', () => {
  const schema = (decimal: unknown, type = 'continuous') =>
    ({ version: 1, columns: [{ name: 'w', type, decimal }] });
  assert.equal(validateSchema(schema(',')).columns[0].decimal, ',');
  assert.equal(validateSchema(schema('.', 'integer')).columns[0].decimal, '.');
  for (const bad of [schema(';'), schema(1), schema(',', 'categorical')]) {
    assert.throws(() => validateSchema(bad),
      (error: unknown) => error instanceof LniError && error.code === 'schema-invalid');
  }
});

test('a "decimal": "," column refuses a cell written with a point, naming the row', () => {
  const t: Table = { names: ['w'], columns: [['1,5', '2,5', '3.5', '4,5']], rowCount: 4 };
  const schema: Schema = { version: 1, columns: [{ name: 'w', type: 'continuous', decimal: ',' }] };
  assert.throws(() => Encoder.fit(t, schema), (error: unknown) =>
    error instanceof LniError && error.code === 'cell-type' && error.row === 3);
});
