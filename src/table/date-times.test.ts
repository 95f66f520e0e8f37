import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Encoder } from './encoder.js';
import { inferSchema } from './infer.js';
import type { Table } from './types.js';
import { Random } from '../util/random.js';
import { LniError } from '../util/errors.js';

const MINUTE = 60_000;

/** 500 clinic visits over two years, on the quarter hour from 8:00 to 16:45, none from 12 to 1. */
function visits(): Table {
  const rng = new Random(7);
  const rows = Array.from({ length: 500 }, (_, i) => {
    const day = Date.UTC(2021, 0, 1) + Math.floor(rng.uniform() * 730) * 1440 * MINUTE;
    let slot = Math.floor(rng.uniform() * 32);
    if (slot >= 16) slot += 4;
    const at = new Date(day + (8 * 60 + 15 * slot) * MINUTE).toISOString();
    return [i % 20 === 0 ? 'NA' : `${at.slice(0, 10)} ${at.slice(11, 16)}`,
      String(30 + Math.floor(rng.uniform() * 50))];
  });
  return { names: ['visit', 'age'], columns: [0, 1].map((j) => rows.map((row) => row[j])),
    rowCount: rows.length };
}

function moved(encoder: Encoder, table: Table, w: number): Table {
  const x = encoder.encode(table, new Random(2));
  const z = new Random(3).normals(x.length);
  return encoder.decode(x.map((v, k) => Math.sqrt(w) * v + Math.sqrt(1 - w) * z[k]),
    table.rowCount);
}

/** Share of written times outside opening hours or in the lunch hour. */
function closed(cells: string[]): number {
  const times = cells.filter((cell) => cell !== 'NA').map((cell) => cell.slice(11));
  return times.filter((time) => time < '08:00' || time > '16:45'
    || (time >= '12:00' && time < '13:00')).length / times.length;
}

test('a date-time is modelled as a day and a time of day: w = 1 exact, opening hours kept', () => {
  const table = visits();
  const encoder = Encoder.fit(table, inferSchema(table));
  assert.deepEqual(encoder.labels, ['visit', 'visit:missing', 'visit (time of day)', 'age']);
  assert.deepEqual(encoder.outputNames, ['visit', 'age']);
  assert.deepEqual(encoder.decode(encoder.encode(table, new Random(1)), table.rowCount), table);
  const out = moved(encoder, table, 0.3);
  assert.equal(closed(out.columns[0]), 0, 'no visit when the clinic is closed');
  assert.ok(out.columns[0].every((cell) => cell === 'NA' || /:(00|15|30|45)$/.test(cell)));
  const restored = Encoder.fromJSON(JSON.parse(JSON.stringify(encoder.toJSON())));
  assert.deepEqual(restored.decode(encoder.encode(table, new Random(4)), table.rowCount).columns,
    encoder.decode(encoder.encode(table, new Random(4)), table.rowCount).columns);

  // Declared bounds are bounds of the time line: modelled as one, times
  // spread over the day between quantiles days apart.
  const schema = inferSchema(table);
  Object.assign(schema.columns[0], { lower: '2021-01-01 00:00', upper: '2022-12-31 23:45' });
  const whole = Encoder.fit(table, schema);
  assert.deepEqual(whole.labels, ['visit', 'visit:missing', 'age']);
  assert.ok(closed(moved(whole, table, 0.3).columns[0]) > 0.3);
});

test('a damaged split is refused; a cell that is no date names its row', () => {
  const table = visits();
  const encoder = Encoder.fit(table, inferSchema(table));
  const json = encoder.toJSON() as { timeSplits: Record<string, unknown>[] };
  for (const [key, value] of [['time', 'age'], ['layout', 'HH:mm'], ['column', 'nope'],
    ['upper', null]] as const) {
    const copy = JSON.parse(JSON.stringify(json)) as typeof json;
    copy.timeSplits[0][key] = value;
    assert.throws(() => Encoder.fromJSON(copy), (error: unknown) =>
      error instanceof LniError && /timeSplits\[0\]/.test(error.message));
  }
  const other = { ...table, columns: [table.columns[0].slice(), table.columns[1]] };
  other.columns[0][3] = '2021-02-30 25:00';
  assert.throws(() => encoder.encode(other, new Random(1), 'other.csv'), (error: unknown) =>
    error instanceof LniError && error.message.includes('is not a date')
    && error.file === 'other.csv' && error.column === 'visit' && error.row === 4);
});

test('a column already named like the hidden one does not stop the split', () => {
  const table = visits();
  const taken: Table = { ...table, names: ['visit', 'visit (time of day)'] };
  const encoder = Encoder.fit(taken, inferSchema(taken));
  assert.deepEqual(encoder.labels, ['visit', 'visit:missing', 'visit (time of day 2)',
    'visit (time of day)']);
  assert.deepEqual(encoder.decode(encoder.encode(taken, new Random(1)), taken.rowCount), taken);
});

test('a date-time whose missing cells are written 0 is still split; 0 stays its token', () => {
  const table = visits();
  const zeros: Table = { ...table, columns: [table.columns[0].map((cell) => (cell === 'NA' ? '0' : cell)),
    table.columns[1]] };
  const schema = inferSchema(zeros);
  assert.ok(schema.columns[0].type === 'date' && (schema.columns[0].missing ?? []).includes('0'));
  const encoder = Encoder.fit(zeros, schema);
  assert.ok(encoder.labels.includes('visit (time of day)'));
  assert.deepEqual(encoder.decode(encoder.encode(zeros, new Random(1)), zeros.rowCount), zeros);
  const out = moved(encoder, zeros, 0.3);
  assert.equal(closed(out.columns[0].filter((cell) => cell !== '0').map((c) => c)), 0);
  assert.ok(out.columns[0].some((cell) => cell === '0'));
});
