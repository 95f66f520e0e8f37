// Numbers grouped in thousands by a space, as French, Norwegian and Swedish
// exports write them ("193 900", "1 234 567,5"), with a regular space, a
// no-break space (U+00A0) or a narrow no-break space (U+202F). The cells
// are made up for the tests.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Random } from '../util/random.js';
import { formatNumber, inferNumberFormat, isGrouped, parseNumber } from './cells.js';
import { formatCsv, parseCsv } from './csv.js';
import { Encoder } from './encoder.js';
import { inferSchema } from './infer.js';
import type { Schema } from './schema.js';

const SPACES = [' ', '\u00a0', '\u202f'];
const NAMES = { ' ': 'space', '\u00a0': 'U+00A0', '\u202f': 'U+202F' } as Record<string, string>;

/** 1234567 → "1 234 567" with the given separator. */
function grouped(n: number, separator: string): string {
  return String(n).replace(/\B(?=(\d{3})+$)/g, separator);
}

/**
 * A ';' file of incomes (every one distinct, some below 1000) and amounts
 * with a decimal comma, grouped by `separator`; or a ',' file with a
 * decimal point when `decimal` is '.'.
 */
function incomes(separator: string, decimal = ',', rows = 120): string {
  const delimiter = decimal === ',' ? ';' : ',';
  const lines = [['age', 'income', 'amount'].join(delimiter)];
  for (let i = 0; i < rows; i++) {
    const income = i % 12 === 5 ? 400 + i : 15_000 + ((i * 7919) % 90_000) * 3 + i;
    const cents = (i * 37) % 10;
    const amount = i % 10 === 0 ? 950 - i : 1000 + ((i * 104_729) % 2_500_000);
    lines.push([String(20 + (i % 60)), grouped(income, separator),
      `${grouped(amount, separator)}${decimal}${cents}`].join(delimiter));
  }
  return lines.join('\n') + '\n';
}

test('space-grouped numbers read as numbers, with either decimal mark', () => {
  for (const space of SPACES) {
    const name = NAMES[space];
    assert.equal(parseNumber(`193${space}900`), 193_900, name);
    assert.equal(parseNumber(`-1${space}234${space}567.5`), -1_234_567.5, name);
    assert.equal(parseNumber(`1${space}234${space}567,5`, ','), 1_234_567.5, name);
    assert.ok(isGrouped(`12${space}345`) && isGrouped(`1${space}234,5`, ','), name);
    assert.ok(Number.isNaN(parseNumber(`1${space}234,5`)), `${name}: no decimal comma here`);
  }
  assert.ok(Number.isNaN(parseNumber('1 234\u00a0567')), 'one separator throughout a cell');
});

test('two numbers side by side are not one: groups of exactly three digits', () => {
  for (const cell of ['12 34', '1 2', '2019 2020', '120 80', '1 2345', '0 125', '1  234',
    '12 345 67', '1 234 5678']) {
    assert.ok(Number.isNaN(parseNumber(cell)), cell);
    assert.ok(Number.isNaN(parseNumber(cell, ',')), `${cell} with a decimal comma`);
    assert.ok(!isGrouped(cell) && !isGrouped(cell, ','), cell);
  }
});

test('a space-grouped column is written back with its own separator and decimal mark', () => {
  for (const space of SPACES) {
    const format = inferNumberFormat([`1${space}234,5`, '77,25', `12${space}345`], ',');
    assert.deepEqual(format, { decimals: 2, minDecimals: 0, decimal: ',', group: space });
    assert.equal(formatNumber(1_234_567.5, format), `1${space}234${space}567,5`);
    assert.equal(formatNumber(-950, format), '-950');
    const point = inferNumberFormat([`193${space}900`, '950']);
    assert.deepEqual(point, { decimals: 0, minDecimals: 0, group: space });
    assert.equal(formatNumber(1_000_000, point), `1${space}000${space}000`);
  }
});

test('inference reads space-grouped columns as numbers, not IDs', () => {
  for (const space of SPACES) {
    for (const decimal of [',', '.']) {
      const { table, dialect } = parseCsv(incomes(space, decimal));
      const schema = inferSchema(table, { delimiter: dialect.delimiter });
      const where = `${NAMES[space]}, decimal "${decimal}"`;
      assert.deepEqual(schema.columns.map((c) => [c.name, c.type, c.decimal]), [
        ['age', 'integer', undefined], ['income', 'integer', undefined],
        ['amount', 'continuous', decimal === ',' ? ',' : undefined]], where);
      assert.match(schema.columns[1].note ?? '', /written with spaces as thousands separators/,
        where);
      assert.match(schema.columns[1].note ?? '', /every one distinct/, where);
    }
  }
});

test('at w = 1 a space-grouped file comes back byte for byte; moved, in the same format', () => {
  for (const space of SPACES) {
    for (const decimal of [',', '.']) {
      const where = `${NAMES[space]}, decimal "${decimal}"`;
      const text = incomes(space, decimal);
      const { table, dialect } = parseCsv(text);
      const encoder = Encoder.fit(table, inferSchema(table, { delimiter: dialect.delimiter }));
      const back = encoder.decode(encoder.encode(table, new Random(2)), table.rowCount);
      assert.equal(formatCsv(back, dialect), text, `${where}: byte for byte`);
      const moved = encoder.decode(encoder.encode(table, new Random(3)).map((v) => 0.5 * v),
        table.rowCount);
      const s = space === ' ' ? ' ' : space;
      const mark = decimal === ',' ? ',' : '\\.';
      const income = new RegExp(`^[1-9]\\d{0,2}(${s}\\d{3})*$`);
      const amount = new RegExp(`^[1-9]\\d{0,2}(${s}\\d{3})*${mark}\\d$`);
      assert.ok(moved.columns[1].every((cell) => income.test(cell)), `${where}: incomes`);
      assert.ok(moved.columns[2].every((cell) => amount.test(cell)), `${where}: amounts`);
      assert.ok(moved.columns[1].some((cell) => cell.includes(space)), `${where}: grouped`);
      assert.ok(new Set(moved.columns[1]).size > 50, `${where}: incomes vary`);
    }
  }
});

test('a declared continuous column reads space-grouped cells, and the model file keeps them',
  () => {
    for (const space of SPACES) {
      const text = incomes(space);
      const { table, dialect } = parseCsv(text);
      const schema: Schema = { version: 1, columns: [
        { name: 'age', type: 'integer' }, { name: 'income', type: 'continuous' },
        { name: 'amount', type: 'continuous', decimal: ',' }] };
      const encoder = Encoder.fit(table, schema);
      const copy = Encoder.fromJSON(JSON.parse(JSON.stringify(encoder.toJSON())));
      const back = copy.decode(copy.encode(table, new Random(4)), table.rowCount);
      assert.equal(formatCsv(back, dialect), text, NAMES[space]);
    }
  });

test('pairs of numbers with a space between stay text', () => {
  const rows = Array.from({ length: 100 }, (_, i) => [
    `${100 + (i * 17) % 60} ${60 + (i * 13) % 40}`, `${10 + (i * 7) % 89} ${10 + (i * 11) % 89}`,
    `${2000 + (i % 20)} ${2001 + (i * 3) % 20}`, `${1 + (i % 9)} ${1 + (i * 5) % 9}`]);
  const text = ['bp;pair;years;small', ...rows.map((row) => row.join(';'))].join('\n') + '\n';
  const { table, dialect } = parseCsv(text);
  const schema = inferSchema(table, { delimiter: dialect.delimiter });
  for (const column of schema.columns) {
    assert.ok(column.type === 'id' || column.type === 'categorical', column.name);
    assert.doesNotMatch(column.note ?? '', /integer|real numbers|thousands/, column.name);
  }
});

test('distinct space-grouped numbers named like an identifier are IDs, as plain digits are',
  () => {
    const cells = Array.from({ length: 60 }, (_, i) => grouped(732_829_320 + i * 104_729, ' '));
    const table = { names: ['siren_id'], columns: [cells], rowCount: cells.length };
    const [column] = inferSchema(table, { delimiter: ';' }).columns;
    assert.equal(column.type, 'id');
    const named = { ...table, names: ['amount'] };
    assert.equal(inferSchema(named, { delimiter: ';' }).columns[0].type, 'integer');
  });
