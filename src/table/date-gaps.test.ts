import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Encoder } from './encoder.js';
import { inferSchema } from './infer.js';
import type { Schema } from './schema.js';
import type { Table } from './types.js';
import { Random } from '../util/random.js';
import { LniError } from '../util/errors.js';

const DAY = 86_400_000;
const iso = (day: number) => new Date(day * DAY).toISOString().slice(0, 10);
const days = (cell: string) => Date.parse(cell) / DAY;

/**
 * 600 stays over two years: most last 1–3 days (median 2), a few weeks;
 * about 8 % have no discharge yet, and 4 % neither date.
 */
function stays(seed = 11): Table {
  const rng = new Random(seed);
  const rows = Array.from({ length: 600 }, () => {
    const admitted = 18_300 + Math.floor(rng.uniform() * 730);
    const stay = Math.floor(Math.exp(0.7 + 0.6 * rng.normal()));
    const age = String(20 + Math.floor(rng.uniform() * 60));
    const u = rng.uniform();
    if (u < 0.04) return ['', 'NA', age];
    return [iso(admitted), u < 0.12 ? 'NA' : iso(admitted + stay), age];
  });
  return { names: ['admitted', 'discharged', 'age'],
    columns: [0, 1, 2].map((j) => rows.map((row) => row[j])), rowCount: rows.length };
}

/** Each row moved in the encoder's normal scores: √w x + √(1 − w) z, then decoded. */
function moved(encoder: Encoder, table: Table, w: number, seed: number): Table {
  const x = encoder.encode(table, new Random(seed));
  const z = new Random(seed + 1).normals(x.length);
  return encoder.decode(x.map((v, k) => Math.sqrt(w) * v + Math.sqrt(1 - w) * z[k]),
    table.rowCount);
}

function stayLengths(table: Table): number[] {
  const [admitted, discharged] = table.columns;
  return admitted.flatMap((cell, i) => (cell === '' || discharged[i] === 'NA' || discharged[i] === ''
    ? [] : [days(discharged[i]) - days(cell)])).sort((a, b) => a - b);
}

const quantile = (sorted: number[], q: number) => sorted[Math.floor(q * (sorted.length - 1))];

test('a later date is modelled as the time after the earlier: w = 1 exact, stays kept under noise', () => {
  const table = stays();
  const encoder = Encoder.fit(table, inferSchema(table));
  assert.deepEqual((encoder.toJSON() as { dateGaps: { base: string; follower: string }[] })
    .dateGaps.map(({ base, follower }) => `${base}<${follower}`), ['admitted<discharged']);
  assert.deepEqual(encoder.decode(encoder.encode(table, new Random(1)), table.rowCount).columns,
    table.columns, 'w = 1 returns every row, missing cells with their own tokens');

  const real = stayLengths(table);
  const released = stayLengths(moved(encoder, table, 0.5, 3));
  assert.ok(released.every((stay) => stay >= 0), 'no discharge before its admission');
  assert.ok(Math.abs(quantile(released, 0.5) - quantile(real, 0.5)) <= 1,
    `median stay ${quantile(released, 0.5)} against ${quantile(real, 0.5)} days`);
  assert.ok(Math.abs(quantile(released, 0.9) - quantile(real, 0.9)) <= 2,
    `90th percentile ${quantile(released, 0.9)} against ${quantile(real, 0.9)} days`);

  // Declared bounds on the discharge date are bounds of the date, so it is
  // modelled apart: its own noise then spreads the stays over weeks.
  const schema: Schema = inferSchema(table);
  const column = schema.columns.find((c) => c.name === 'discharged')!;
  Object.assign(column, { lower: '2020-01-01', upper: '2022-12-31' });
  const apart = Encoder.fit(table, schema);
  assert.deepEqual((apart.toJSON() as { dateGaps: unknown[] }).dateGaps, []);
  const spread = stayLengths(moved(apart, table, 0.5, 3));
  assert.ok(quantile(spread, 0.5) > quantile(real, 0.5) + 10,
    `modelled apart, the median stay is ${quantile(spread, 0.5)} days`);
});

test('a saved model writes the same dates; a damaged gap is refused', () => {
  const table = stays();
  const encoder = Encoder.fit(table, inferSchema(table));
  const json = JSON.parse(JSON.stringify(encoder.toJSON())) as Record<string, unknown>;
  const z = new Random(5).normals(table.rowCount * encoder.dimension);
  assert.deepEqual(Encoder.fromJSON(json).decode(z, table.rowCount).columns,
    encoder.decode(z, table.rowCount).columns);
  assert.equal(Encoder.fromJSON(json).notes.length, 0, 'notes are for the fit, not saved');
  for (const damage of [
    (gaps: Record<string, unknown>[]) => { gaps[0].follower = 'age'; },
    (gaps: Record<string, unknown>[]) => { gaps[0].base = 'discharged'; },
    (gaps: Record<string, unknown>[]) => { gaps[0].layout = 'QQ'; },
    (gaps: Record<string, unknown>[]) => { gaps[0].lower = 'x'; },
    (gaps: Record<string, unknown>[]) => { gaps.push({ ...gaps[0] }); },
  ]) {
    const copy = JSON.parse(JSON.stringify(json)) as { dateGaps: Record<string, unknown>[] };
    damage(copy.dateGaps);
    assert.throws(() => Encoder.fromJSON(copy), (error: unknown) =>
      error instanceof LniError && /dateGaps\[\d\]/.test(error.message));
  }
});

test('rows with a later date but not the earlier, unlike every fitted row, are encoded as missing', () => {
  const table = stays();
  const encoder = Encoder.fit(table, inferSchema(table));
  const other = stays(12);
  const blank = other.columns[0].findIndex((cell, i) => cell !== '' && other.columns[1][i] !== 'NA');
  other.columns[0][blank] = '';
  const warnings = encoder.clippingWarnings(other, 'other.csv');
  assert.ok(warnings.some((warning) => warning.includes('other.csv, column "discharged": 1 row has '
    + `a date but no "admitted" (the first in row ${blank + 1})`)), warnings.join('\n'));
  const back = encoder.decode(encoder.encode(other, new Random(2)), other.rowCount);
  assert.equal(back.columns[0][blank], '');
  assert.equal(back.columns[1][blank], 'NA', 'written with the column\'s own missing token');
});

test('no gap when the earlier date helps less than the date itself, or is missing where it is not', () => {
  const rng = new Random(4);
  // Born decades before admission: the age spread dwarfs the admissions'.
  const rows = Array.from({ length: 300 }, () => {
    const admitted = 18_300 + Math.floor(rng.uniform() * 300);
    return [iso(admitted - 7000 - Math.floor(rng.uniform() * 20_000)), iso(admitted)];
  });
  const table: Table = { names: ['born', 'admitted'],
    columns: [0, 1].map((j) => rows.map((row) => row[j])), rowCount: rows.length };
  const json = (t: Table) => Encoder.fit(t, inferSchema(t)).toJSON() as {
    dateGaps: unknown[]; dateOrders: unknown[] };
  assert.deepEqual(json(table).dateGaps, []);
  assert.deepEqual(json(table).dateOrders, [['born', 'admitted']]);
  // The other way round (a short wait), but one admission has no birth date.
  const waits: Table = { names: ['referred', 'admitted'], rowCount: 300, columns: [
    table.columns[1].map((cell, i) => (i === 7 ? '' : cell)),
    table.columns[1].map((cell, i) => iso(days(cell) + (i % 5))),
  ] };
  assert.deepEqual(json(waits).dateGaps, []);
  waits.columns[1][7] = '';
  assert.deepEqual((json(waits).dateGaps as { base: string }[]).map(({ base }) => base),
    ['referred']);
});

/** The stays' schema with both dates in one layout and a discharge written `missing` when there is none. */
function stayDates(format: string, missing: string): Schema {
  return { version: 1, columns: [
    { name: 'admitted', type: 'date', format },
    { name: 'discharged', type: 'date', format, missing: [missing] },
    { name: 'age', type: 'integer' }] };
}

const followers = (encoder: Encoder) => (encoder.toJSON() as { dateGaps: { follower: string }[] })
  .dateGaps.map(({ follower }) => follower);

test('missing tokens of a date: one written as a number is no gap of 0, one written as a date is no date', () => {
  const table = stays(5);
  const compact = (cell: string) => (cell === '' || cell === 'NA' ? cell : cell.replaceAll('-', ''));
  // YYYYMMDD with 0 for no discharge: a fit that modelled the gap could not encode its own rows.
  const numeric: Table = { ...table, columns: [table.columns[0].map(compact),
    table.columns[1].map((cell) => (cell === 'NA' ? '0' : compact(cell))), table.columns[2]] };
  const encoder = Encoder.fit(numeric, stayDates('YYYYMMDD', '0'));
  assert.deepEqual(followers(encoder), ['discharged'], 'a gap of 0 days is no missing "0"');
  assert.deepEqual(encoder.decode(encoder.encode(numeric, new Random(1)), numeric.rowCount).columns,
    numeric.columns);
  // Released "0"s: the data's share, plus the rows whose admission came out
  // missing (a discharge after no admission is missing too).
  const [first, second] = moved(encoder, numeric, 0.5, 3).columns;
  const zeros = second.filter((cell) => cell === '0').length;
  const orphans = first.filter((cell, i) => cell === '' && second[i] === '0').length;
  const real = numeric.columns[1].filter((cell) => cell === '0').length;
  assert.ok(Math.abs(zeros - orphans - real) <= 4 * Math.sqrt(real),
    `${zeros} "0" (${orphans} without admission) against ${real}`);
  // 1900-01-01 for no discharge: still a gap after the admission, and never a date.
  const sentinel: Table = { ...table, columns: [table.columns[0],
    table.columns[1].map((cell) => (cell === 'NA' ? '1900-01-01' : cell)), table.columns[2]] };
  const fitted = Encoder.fit(sentinel, stayDates('YYYY-MM-DD', '1900-01-01'));
  assert.deepEqual(followers(fitted), ['discharged']);
  const released = moved(fitted, sentinel, 0.5, 3);
  const [admitted, discharged] = released.columns;
  assert.ok(discharged.every((cell, i) => cell === '1900-01-01' || admitted[i] === ''
    || days(cell) >= days(admitted[i])), 'no discharge before its admission');
});

test('other data whose stays lie outside the fitted ones are warned of as times after the base', () => {
  const table = stays();
  const encoder = Encoder.fit(table, inferSchema(table));
  const other = stays(13);
  const row = other.columns[1].findIndex((cell, i) => cell !== 'NA' && other.columns[0][i] !== '');
  other.columns[1][row] = iso(days(other.columns[0][row]) + 400);
  const warnings = encoder.clippingWarnings(other, 'other.csv');
  assert.ok(warnings.some((w) => /^warning: other\.csv, column "discharged": \d+ of 600 times after "admitted" lie outside the model's range/.test(w)), warnings.join('\n'));
});

test('a usual missing token few cells hold is written as itself in a gap or a split date-time, as in a plain date', () => {
  const rng = new Random(4);
  const rows = Array.from({ length: 300 }, (_, i) => {
    const admitted = 18_300 + Math.floor(rng.uniform() * 700);
    const hour = String(8 + (i % 9)).padStart(2, '0');
    return [iso(admitted), i % 100 === 5 ? 'NA' : iso(admitted + Math.floor(rng.uniform() * 6)),
      i % 100 === 7 ? 'NA' : `${iso(18_000 + Math.floor(rng.uniform() * 700))} ${hour}:30`];
  });
  const table: Table = { names: ['admitted', 'discharged', 'seen'], rowCount: rows.length,
    columns: [0, 1, 2].map((j) => rows.map((row) => row[j])) };
  const schema = inferSchema(table);
  assert.deepEqual(schema.columns.map((column) => column.missing), [undefined, ['NA'], ['NA']],
    'an empty cell is no missing cell of either column');
  const encoder = Encoder.fit(table, schema);
  const json = encoder.toJSON() as { dateGaps: unknown[]; timeSplits: unknown[] };
  assert.equal(json.dateGaps.length, 1);
  assert.equal(json.timeSplits.length, 1);
  assert.deepEqual(encoder.decode(encoder.encode(table, new Random(1)), table.rowCount).columns,
    table.columns, 'three "NA"s each come back as "NA", not as an empty cell');
});
