import { test } from 'node:test';
import assert from 'node:assert/strict';
import { fitDateOrders, restoreDateOrders } from './date-orders.js';
import { asDates } from './date-gaps.js';
import { splitAsDates } from './date-times.js';
import { Encoder } from './encoder.js';
import { inferSchema } from './infer.js';
import type { Table } from './types.js';
import { Random } from '../util/random.js';

const DAY = 86_400_000;
const iso = (day: number) => new Date(day * DAY).toISOString().slice(0, 10);

/** 200 stays: born, admitted, discharged 0–20 days later, and a copy of the admission. */
function stays(): Table {
  const rng = new Random(3);
  const rows = Array.from({ length: 200 }, () => {
    const admitted = 18_300 + Math.floor(rng.uniform() * 700);
    const born = admitted - 7000 - Math.floor(rng.uniform() * 20_000);
    const discharged = admitted + Math.floor(-6 * Math.log(1 - rng.uniform()));
    return [iso(born), iso(admitted), iso(discharged), iso(admitted)];
  });
  return { names: ['born', 'admitted', 'discharged', 'copy'],
    columns: [0, 1, 2, 3].map((j) => rows.map((row) => row[j])), rowCount: rows.length };
}

test('an order is kept when it holds in every row; a copy is kept a copy', () => {
  const table = stays();
  const encoder = Encoder.fit(table, inferSchema(table));
  const orders = (encoder.toJSON() as { dateOrders: string[][] }).dateOrders;
  assert.deepEqual(orders.map((pair) => (pair.length === 3 ? `${pair[0]}=${pair[1]}`
    : pair.join('<'))).sort(), ['admitted<discharged', 'born<admitted', 'born<copy',
    'born<discharged', 'copy<discharged', 'copy=admitted']);
  // One row out of order is enough to drop it.
  const broken = { ...table, columns: table.columns.map((column) => column.slice()) };
  [broken.columns[1][5], broken.columns[2][5]] = [broken.columns[2][5], broken.columns[1][5]];
  broken.columns[1][5] = iso(Date.parse(broken.columns[2][5]) / DAY + 1);
  const codecs = (Encoder.fit(broken, inferSchema(broken)).toJSON() as { columns: never[] })
    .columns;
  assert.ok(!fitDateOrders(codecs, broken).some(([a, b]) => a === 'admitted' && b === 'discharged'));
});

test('no decoded row breaks a kept order, whatever the latent point; w = 1 is unchanged', () => {
  const table = stays();
  const encoder = Encoder.fit(table, inferSchema(table));
  const back = encoder.decode(encoder.encode(table, new Random(1)), table.rowCount);
  // The one stay alone beyond a wide gap (63 days; the next is 35) is
  // clipped like any number's, and fitting says so; every other row returns.
  assert.match(encoder.notes.join('\n'), /"discharged" is modelled as the time after "admitted".*1 such time alone/);
  const long = table.columns[2].map((discharged, i) =>
    (Date.parse(discharged) - Date.parse(table.columns[1][i])) / DAY);
  const kept = Math.max(...long.filter((days) => days < 40));
  for (let i = 0; i < table.rowCount; i++) {
    const expected = long[i] < 40 ? table.columns.map((column) => column[i])
      : [table.columns[0][i], table.columns[1][i], iso(Date.parse(table.columns[1][i]) / DAY + kept),
        table.columns[3][i]];
    assert.deepEqual(back.columns.map((column) => column[i]), expected, `row ${i}`);
  }
  assert.equal(long.filter((days) => days >= 40).length, 1);
  const restored = Encoder.fromJSON(JSON.parse(JSON.stringify(encoder.toJSON())));
  const z = new Random(2).normals(table.rowCount * encoder.dimension).map((v) => 2 * v);
  for (const decoder of [encoder, restored]) {
    const out = decoder.decode(z, table.rowCount);
    const [born, admitted, discharged] = out.columns;
    for (let i = 0; i < out.rowCount; i++) {
      assert.ok(born[i] <= admitted[i] && admitted[i] <= discharged[i],
        `row ${i}: ${born[i]}, ${admitted[i]}, ${discharged[i]}`);
      assert.equal(out.columns[3][i], admitted[i], 'the copy stays a copy');
    }
  }
  // With only the order discharge follows by construction, nothing restores the others.
  const old = encoder.toJSON() as Record<string, unknown>;
  old.dateOrders = [['admitted', 'discharged']];
  const unordered = Encoder.fromJSON(JSON.parse(JSON.stringify(old))).decode(z, table.rowCount);
  // Discharge follows admission by construction now (date-gaps.ts); its
  // copy, modelled apart, does not.
  assert.ok(unordered.columns[3].some((cell, i) => cell > unordered.columns[2][i]),
    'the noise breaks the order somewhere when nothing restores it');
});

test('orders hold across units, and a swapped date keeps its column\'s unit and grid', () => {
  const rng = new Random(4);
  const minute = 60_000;
  const stamp = (ms: number, seconds: boolean) =>
    new Date(ms).toISOString().slice(0, seconds ? 19 : 16).replace('T', ' ');
  const rows = Array.from({ length: 300 }, () => {
    // Admitted on a quarter hour; discharged 1–72 hours later, to the second.
    const admitted = Date.UTC(2021, 0, 1) + Math.floor(rng.uniform() * 30_000) * 15 * minute;
    const discharged = admitted + Math.floor(3600 + rng.uniform() * 71 * 3600) * 1000;
    return [iso(Math.floor(admitted / DAY)), stamp(admitted, false), stamp(discharged, true)];
  });
  const table: Table = { names: ['day', 'admitted', 'discharged'],
    columns: [0, 1, 2].map((j) => rows.map((row) => row[j])), rowCount: rows.length };
  const schema = inferSchema(table);
  assert.deepEqual(schema.columns.map((c) => c.format),
    ['YYYY-MM-DD', 'YYYY-MM-DD HH:mm', 'YYYY-MM-DD HH:mm:ss']);
  const encoder = Encoder.fit(table, schema);
  const orders = (encoder.toJSON() as { dateOrders: string[][] }).dateOrders;
  assert.deepEqual(orders.map((pair) => (pair.length === 3 ? `${pair[0]}=${pair[1]}`
    : pair.join('<'))).sort(), ['admitted<discharged', 'day<discharged', 'day=admitted']);
  const out = encoder.decode(new Random(6).normals(300 * encoder.dimension).map((v) => 2 * v), 300);
  const days = (cell: string) => Date.parse(`${cell.replace(' ', 'T')}Z`) / DAY;
  for (let i = 0; i < 300; i++) {
    const [day, admitted, discharged] = out.columns.map((column) => days(column[i]));
    assert.ok(day <= admitted && admitted <= discharged, `row ${i}: ${out.columns.map((c) => c[i])}`);
    assert.equal(out.columns[0][i], out.columns[1][i].slice(0, 10), 'the day is the admission\'s');
    assert.match(out.columns[1][i], /:(00|15|30|45)$/, 'admissions stay on the quarter hour');
    assert.match(out.columns[2][i], /^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d$/);
  }
});

test('a date-time and a later date compare by day: discharged the day admitted is in order', () => {
  const rng = new Random(8);
  const rows = Array.from({ length: 300 }, () => {
    const admitted = Date.UTC(2020, 0, 1) + Math.floor(rng.uniform() * 60_000) * 15 * 60_000;
    const discharged = Math.floor(admitted / DAY) + Math.floor(rng.uniform() * 3);
    return [new Date(admitted).toISOString().slice(0, 16).replace('T', ' '), iso(discharged)];
  });
  const table: Table = { names: ['admitted', 'discharged'],
    columns: [0, 1].map((j) => rows.map((row) => row[j])), rowCount: rows.length };
  const encoder = Encoder.fit(table, inferSchema(table));
  assert.deepEqual((encoder.toJSON() as { dateOrders: string[][] }).dateOrders,
    [['admitted', 'discharged']]);
  const out = encoder.decode(new Random(3).normals(300 * encoder.dimension).map((v) => 2 * v), 300);
  for (let i = 0; i < 300; i++) {
    assert.ok(out.columns[0][i].slice(0, 10) <= out.columns[1][i],
      `row ${i}: ${out.columns[0][i]}, ${out.columns[1][i]}`);
  }
});

test('restoring works in whole ticks: a copy to the minute, seconds before minutes, one day each', () => {
  const rng = new Random(5);
  const rows = Array.from({ length: 60 }, () => {
    const at = Date.UTC(2021, 2, 1) + Math.floor(rng.uniform() * 40_000) * 60_000;
    const stamp = new Date(at).toISOString();
    const seen = new Date(at + Math.floor(rng.uniform() * 300) * 1000).toISOString();
    return [stamp.slice(0, 10), stamp.slice(0, 16).replace('T', ' '),
      stamp.slice(0, 16).replace('T', ' '), seen.slice(0, 19).replace('T', ' ')];
  });
  const table: Table = { names: ['day', 'admit', 'copy', 'seen'],
    columns: [0, 1, 2, 3].map((j) => rows.map((row) => row[j])), rowCount: rows.length };
  const encoder = Encoder.fit(table, inferSchema(table));
  const json = encoder.toJSON() as {
    columns: never[]; dateOrders: string[][]; dateGaps: never[]; timeSplits: never[] };
  // One 'same' pair per following column: the day follows admit only.
  assert.deepEqual(json.dateOrders.filter((pair) => pair.length === 3).map((pair) => pair.join('=')),
    ['day=admit=same', 'copy=admit=same']);
  const decoded: Table = { names: table.names, rowCount: 2, columns: [
    ['2021-03-09', '2021-03-01'], ['2021-03-04 01:10', '2021-03-04 23:50'],
    ['2021-03-04 01:09', '2021-03-05 00:10'], ['2021-03-04 01:09:30', '2021-03-04 00:00:59']] };
  restoreDateOrders(decoded, asDates(splitAsDates(json.columns, json.timeSplits), json.dateGaps),
    json.dateOrders as never);
  assert.deepEqual(decoded.columns[0], ['2021-03-04', '2021-03-04'], 'the day is admit\'s');
  assert.deepEqual(decoded.columns[2], decoded.columns[1], 'the copy is admit, to the minute');
  for (let i = 0; i < 2; i++) {
    assert.ok(decoded.columns[1][i] <= decoded.columns[3][i].slice(0, 16),
      `row ${i}: ${decoded.columns[1][i]} after ${decoded.columns[3][i]}`);
  }
});

test('a date swapped into a date-time column keeps that row\'s time of day, not midnight', () => {
  const rng = new Random(9);
  const rows = Array.from({ length: 400 }, () => {
    const visit = Date.UTC(2021, 0, 1) + Math.floor(rng.uniform() * 700) * DAY
      + (8 * 60 + 15 * Math.floor(rng.uniform() * 36)) * 60_000;
    // Referred up to seven years before: too spread to model as a gap.
    const referred = Math.floor(visit / DAY) - Math.floor(rng.uniform() * 2500);
    return [iso(referred), new Date(visit).toISOString().slice(0, 16).replace('T', ' ')];
  });
  const table: Table = { names: ['referred', 'visit'], rowCount: rows.length,
    columns: [0, 1].map((j) => rows.map((row) => row[j])) };
  const encoder = Encoder.fit(table, inferSchema(table));
  const json = encoder.toJSON() as { dateGaps: unknown[]; dateOrders: unknown[] };
  assert.deepEqual(json.dateGaps, []);
  assert.deepEqual(json.dateOrders, [['referred', 'visit']]);
  const z = new Random(2).normals(400 * encoder.dimension).map((v) => 2 * v);
  const out = encoder.decode(z, 400);
  const unordered = Encoder.fromJSON({ ...json, dateOrders: [] }).decode(z, 400);
  let swapped = 0;
  for (let i = 0; i < 400; i++) {
    const [referred, visit] = [out.columns[0][i], out.columns[1][i]];
    assert.ok(referred <= visit.slice(0, 10), `row ${i}: ${referred} after ${visit}`);
    assert.ok(visit.slice(11) >= '08:00' && visit.slice(11) <= '16:45', `row ${i}: ${visit}`);
    if (visit !== unordered.columns[1][i]) {
      swapped++;
      assert.equal(visit.slice(11), unordered.columns[1][i].slice(11), 'its own time of day');
    }
  }
  assert.ok(swapped > 10, `${swapped} rows swapped`);
});

test('a pair in order in every row but one gets a note; one broken in many rows does not', () => {
  const table = stays();
  const typo = { ...table, columns: table.columns.map((column) => column.slice()) };
  typo.columns[2][7] = iso(Date.parse(typo.columns[1][7]) / DAY - 400);
  const notes = Encoder.fit(typo, inferSchema(typo), 'stays.csv').notes;
  assert.ok(notes.some((note) => note === 'note: stays.csv, column "discharged" is on or after '
    + '"admitted" in every row with both but 1 of 200: if that is a typo, fix it to keep the order '
    + '(and model the time between them); as it is, a release can put one before the other'),
    notes.join('\n'));
  assert.ok(!notes.some((note) => /"born" in every row/.test(note)));
  assert.ok(!Encoder.fit(table, inferSchema(table)).notes.some((note) => /but \d+ of/.test(note)));
});
