import { test } from 'node:test';
import assert from 'node:assert/strict';
import { calibrateCutpoints } from '../src/model/cutpoints.js';
import { fitModel, synthesize } from '../src/model/index.js';
import { Encoder, inferSchema, type Table } from '../src/table/index.js';
import { Random } from '../src/util/random.js';

/** 1,500 rows: a number and a flag set on 4 % of rows, by the number's tail. */
function rareFlag(): Table {
  const rng = new Random(21);
  const value: string[] = [];
  const flag: string[] = [];
  for (let i = 0; i < 1500; i++) {
    const v = rng.normal();
    value.push(v.toFixed(3));
    flag.push(v + 0.3 * rng.normal() > 1.8 ? 'yes' : 'no');
  }
  return { names: ['value', 'flag'], columns: [value, flag], rowCount: 1500 };
}

let rareFlagModel: { table: Table; model: ReturnType<typeof fitModel> } | undefined;
function fitted() {
  if (rareFlagModel === undefined) {
    const table = rareFlag();
    rareFlagModel = { table, model: fitModel(table, inferSchema(table), { seed: 4, epochs: 60 }) };
  }
  return rareFlagModel;
}

const identity = (dimension: number) => ({
  dimension,
  toLatent: (x: Float64Array) => x.slice(),
  fromLatent: (z: Float64Array) => z.slice(),
});

// Φ⁻¹ at 0.9 and at 0.5 / 0.85 (R: qnorm(c(0.9, 0.5, 0.85))).
const PROBIT_90 = 1.2815515655446004;
const PROBIT_50 = 0;
const PROBIT_85 = 1.0364333894937898;

test('with standard normal samples the cuts are the normal quantiles of the cumulative shares', () => {
  const rows = 1000;
  const table: Table = {
    names: ['two', 'three'],
    columns: [
      Array.from({ length: rows }, (_, i) => (i < 900 ? 'a' : 'b')),
      Array.from({ length: rows }, (_, i) => (i < 500 ? 'x' : i < 850 ? 'y' : 'z')),
    ],
    rowCount: rows,
  };
  const encoder = Encoder.fit(table, inferSchema(table));
  const cuts = calibrateCutpoints(encoder, identity(2), new Random(3), 200_000);
  // Quantile error at 200,000 draws: √(q(1−q)/n)/φ(z) ≈ 0.004 at q = 0.9.
  assert.ok(Math.abs(cuts[0]![0] - PROBIT_90) < 0.02, `cut ${cuts[0]![0]}`);
  assert.ok(Math.abs(cuts[1]![0] - PROBIT_50) < 0.02, `cut ${cuts[1]![0]}`);
  assert.ok(Math.abs(cuts[1]![1] - PROBIT_85) < 0.02, `cut ${cuts[1]![1]}`);
});

test('the model\'s cuts give a rare level its share in the flow\'s own samples', () => {
  const { table, model } = fitted();
  const share = table.columns[1].filter((c) => c === 'yes').length / table.rowCount;
  const draws = 20_000;
  const samples = model.flow.fromLatent(new Random(8).normals(draws * 2), draws);
  const flagged = (encoder: typeof model.encoder) =>
    encoder.decode(samples, draws).columns[1].filter((c) => c === 'yes').length / draws;
  // Calibrated on other draws: both counts carry sampling error (sd of the
  // difference ≈ 0.0018 at these sizes); 0.006 is over three sd.
  assert.ok(Math.abs(flagged(model.encoder) - share) < 0.006,
    `calibrated ${flagged(model.encoder).toFixed(4)} vs ${share.toFixed(4)}`);
});

test('a release of 200 rows or more counts each level as a sample at its stored share does', () => {
  const { table, model } = fitted();
  const real = table.columns[1].filter((c) => c === 'yes').length;
  const n = table.rowCount;
  // Binomial sd of a count at the stored share: √(n·s·(1 − s)).
  const sd = Math.sqrt(real * (1 - real / n));
  for (const w of [0, 0.5, 0.9]) {
    const counts = Array.from({ length: 16 }, (_, seed) => synthesize(model, table, { w, seed })
      .table.columns[1].filter((c) => c === 'yes').length);
    const mean = counts.reduce((a, b) => a + b, 0) / counts.length;
    const spread = Math.sqrt(counts.reduce((a, c) => a + (c - mean) ** 2, 0) / (counts.length - 1));
    // The mean within 4 standard errors of the data's count, and the spread
    // a sample's, not 0: equal counts in every release would be the data's
    // own, and two releases of data one row apart would tell that row.
    assert.ok(Math.abs(mean - real) < 4 * sd / Math.sqrt(counts.length),
      `w = ${w}: mean ${mean} vs ${real}`);
    assert.ok(spread > 0.4 * sd && spread < 1.8 * sd, `w = ${w}: sd ${spread.toFixed(2)} vs ${sd.toFixed(2)}`);
  }
  const itself = synthesize(model, table, { w: 1, seed: 3 }).table.columns[1];
  assert.equal(itself.filter((c) => c === 'yes').length, real, 'w = 1 returns every row');
});

test('a category with missing cells keeps every level near its count among its observed cells', () => {
  // 300 rows: 3 levels (96, 99, 90) and 15 missing cells, and a number.
  const levels = [...Array(96).fill('a'), ...Array(99).fill('b'), ...Array(90).fill('c'),
    ...Array(15).fill('NA')];
  const order = new Random(6).permutation(300);
  const group = Array.from(order, (i) => levels[i]);
  const value = group.map((g, i) => String((g === 'b' ? 40 : 20) + (i % 17)));
  const table: Table = { names: ['group', 'value'], columns: [group, value], rowCount: 300 };
  const model = fitModel(table, inferSchema(table), { seed: 3, epochs: 20 });
  const seeds = [1, 2, 3, 4, 5, 6, 7, 8];
  for (const level of ['a', 'b', 'c', 'NA']) {
    const real = group.filter((cell) => cell === level).length;
    const counts = seeds.map((seed) => synthesize(model, table, { w: 0.5, seed }).table
      .columns[0].filter((cell) => cell === level).length);
    const mean = counts.reduce((a, b) => a + b, 0) / counts.length;
    // A sample's count: sd √(n·s·(1 − s)) ≤ 8.2 rows here; the mean of 8 within 4 se.
    const sd = Math.sqrt(real * (1 - real / 300));
    assert.ok(Math.abs(mean - real) < 4 * sd / Math.sqrt(seeds.length), `${level}: ${counts} vs ${real}`);
    assert.ok(new Set(counts).size > 1, `${level}: the same count in every release`);
  }
});

test('a declared level no row has is never released', () => {
  const rng = new Random(2);
  const group = Array.from({ length: 300 }, () => (rng.uniform() < 0.5 ? 'a' : 'b'));
  const value = group.map((g, i) => String((g === 'a' ? 20 : 30) + (i % 9)));
  const table: Table = { names: ['group', 'value'], columns: [group, value], rowCount: 300 };
  const schema = inferSchema(table);
  schema.columns[0] = { ...schema.columns[0], type: 'categorical', levels: ['zzz', 'a', 'b'] };
  const model = fitModel(table, schema, { seed: 2, epochs: 5 });
  for (const seed of [1, 2, 3]) {
    const released = synthesize(model, table, { w: 0.5, seed }).table.columns[0];
    assert.ok(!released.includes('zzz'), `seed ${seed}: the empty level was released`);
  }
});
