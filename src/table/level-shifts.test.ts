import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Encoder } from './encoder.js';
import { inferSchema } from './infer.js';
import { applyLevelShifts, fitLevelShifts, SHIFT_MIN_ROWS } from './level-shifts.js';
import { Random } from '../util/random.js';

/** Dimension 0 numeric, dimension 1 binary (level = value > 0), 2 a three-level code. */
const layout = { levels: [null, 2, 3], ownIndicator: [-1, -1, -1] };
const levelOf = (d: number, value: number) => (d === 1 ? (value > 0 ? 1 : 0) : Math.round(value));

function rows(n: number, make: (i: number) => [number, number, number]): Float64Array {
  const x = new Float64Array(n * 3);
  for (let i = 0; i < n; i++) x.set(make(i), i * 3);
  return x;
}

test('one binary level: the shift is the ridge slope n·p(1−p)·(m₁ − m₀) / (n·p(1−p) + 1)', () => {
  // 200 rows, 60 at level 1; the third dimension stays at level 0 throughout.
  const random = new Random(3);
  const x = rows(200, (i) => [(i < 60 ? 1.2 : -0.4) + random.normal() * 0.3, i < 60 ? 1 : -1, 0]);
  const [shift] = fitLevelShifts(x, 200, layout, levelOf);
  assert.equal(shift.dimension, 0);
  assert.deepEqual(shift.terms.map((term) => term.by), [1]);
  let m1 = 0;
  let m0 = 0;
  for (let i = 0; i < 200; i++) (i < 60 ? (m1 += x[i * 3] / 60) : (m0 += x[i * 3] / 140));
  const spread = 200 * 0.3 * 0.7;
  const [low, high] = shift.terms[0].offsets;
  assert.ok(Math.abs(high - low - (spread * (m1 - m0)) / (spread + 1)) < 1e-9);
  // Centred: the fit rows' shifts sum to zero, so the shifted scores keep their mean.
  assert.ok(Math.abs(60 * high + 140 * low) < 1e-9);
});

test('levels with fewer than SHIFT_MIN_ROWS rows, and a column\'s own indicator, get no shift', () => {
  const n = 300;
  const x = rows(n, (i) => [i / n, i % 2 === 0 ? 1 : -1, i < SHIFT_MIN_ROWS - 1 ? 2 : 0]);
  const [shift] = fitLevelShifts(x, n, layout, levelOf);
  assert.deepEqual(shift.terms.map((term) => term.by), [1]);
  const own = fitLevelShifts(x, n, { ...layout, ownIndicator: [1, -1, -1] }, levelOf);
  assert.deepEqual(own, []);
});

test('decoding adds back exactly what encoding took off, for the same levels', () => {
  const random = new Random(5);
  const x = rows(100, (i) => [random.normal(), i % 3 === 0 ? 1 : -1, i % 3]);
  const shifts = fitLevelShifts(x, 100, layout, levelOf);
  const moved = Float64Array.from(x);
  applyLevelShifts(moved, 100, 3, shifts, levelOf, -1);
  applyLevelShifts(moved, 100, 3, shifts, levelOf, 1);
  for (let k = 0; k < x.length; k++) assert.ok(Math.abs(moved[k] - x[k]) < 1e-12);
});

test('a row whose group changes in encoded space decodes to a value of the new group', () => {
  // y is 1..30 in group a and 101..130 in group b, each value twice.
  const cells = Array.from({ length: 120 }, (_, i) =>
    [String((i < 60 ? 1 : 101) + (i % 30)), i < 60 ? 'a' : 'b']);
  const table = { names: ['y', 'g'], columns: [cells.map((c) => c[0]), cells.map((c) => c[1])],
    rowCount: 120 };
  const encoder = Encoder.fit(table, inferSchema(table));
  assert.deepEqual(encoder.labels, ['y', 'g']);
  const x = encoder.encode(table, new Random(2));
  // Row 10 (y = 11, group a): move its group dimension into group b's band.
  const moved = Float64Array.from(x);
  moved[10 * 2 + 1] = x[70 * 2 + 1];
  const decoded = encoder.decode(moved, 120);
  assert.equal(decoded.columns[1][10], 'b');
  assert.ok(Number(decoded.columns[0][10]) > 30, decoded.columns[0][10]);
  // Unmoved, every row decodes to itself.
  assert.deepEqual(encoder.decode(x, 120).columns, table.columns);
});

test('saved level shifts survive JSON; malformed ones raise model-invalid', () => {
  const cells = Array.from({ length: 120 }, (_, i) => [String((i * 7) % 50), i % 4 === 0 ? 'a' : 'b']);
  const table = { names: ['y', 'g'], columns: [cells.map((c) => c[0]), cells.map((c) => c[1])],
    rowCount: 120 };
  const encoder = Encoder.fit(table, inferSchema(table));
  const json = JSON.parse(JSON.stringify(encoder.toJSON())) as {
    levelShifts: { dimension: number; terms: { by: number; offsets: number[] }[] }[];
  };
  assert.equal(json.levelShifts.length, 1);
  const copy = Encoder.fromJSON(json);
  const x = encoder.encode(table, new Random(4));
  x[3 * 2 + 1] = -x[3 * 2 + 1];
  assert.deepEqual(copy.decode(x, 120), encoder.decode(x, 120));
  assert.deepEqual(copy.domain(), encoder.domain());
  const damage = [
    (j: typeof json) => { j.levelShifts[0].dimension = 1; },
    (j: typeof json) => { j.levelShifts[0].terms[0].by = 0; },
    (j: typeof json) => { j.levelShifts[0].terms[0].offsets.push(0); },
    (j: typeof json) => { j.levelShifts[0].terms[0].offsets[1] = Number.NaN; },
    // Each fitted part is required: a model without one would decode on
    // the wrong scale without a word.
    (j: typeof json) => { delete (j as Partial<typeof json>).levelShifts; },
    (j: typeof json) => { delete (j as { levelLadders?: unknown }).levelLadders; },
    (j: typeof json) => { delete (j as { copula?: unknown }).copula; },
    (j: typeof json) => { (j as { version?: unknown }).version = '5'; },
  ];
  for (const harm of damage) {
    const bad = JSON.parse(JSON.stringify(json)) as typeof json;
    harm(bad);
    assert.throws(() => Encoder.fromJSON(JSON.parse(JSON.stringify(bad))),
      (error: unknown) => (error as { code?: string }).code === 'model-invalid');
  }
});
