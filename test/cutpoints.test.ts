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

test('a release of 200 rows or more has each level at its stored share', () => {
  const { table, model } = fitted();
  const real = table.columns[1].filter((c) => c === 'yes').length;
  for (const w of [0, 0.5, 0.9]) {
    const released = synthesize(model, table, { w, seed: 2 }).table.columns[1];
    const flagged = released.filter((c) => c === 'yes').length;
    assert.ok(Math.abs(flagged - real) <= 1, `w = ${w}: ${flagged} vs ${real} flagged rows`);
  }
});

test('a category with missing cells keeps every level\'s count among its observed cells', () => {
  // 300 rows: 4 levels (95, 99, 90 and a rare 3) and 13 missing cells, and a number.
  const levels = [...Array(95).fill('a'), ...Array(99).fill('b'), ...Array(90).fill('c'),
    ...Array(3).fill('rare'), ...Array(13).fill('NA')];
  const order = new Random(6).permutation(300);
  const group = Array.from(order, (i) => levels[i]);
  const value = group.map((g, i) => String((g === 'b' ? 40 : 20) + (i % 17)));
  const table: Table = { names: ['group', 'value'], columns: [group, value], rowCount: 300 };
  const model = fitModel(table, inferSchema(table), { seed: 3, epochs: 20 });
  const count = (cells: string[]) => {
    const counts = new Map<string, number>();
    for (const cell of cells) counts.set(cell, (counts.get(cell) ?? 0) + 1);
    return [...counts].sort();
  };
  for (const seed of [1, 2, 3]) {
    const released = synthesize(model, table, { w: 0.5, seed }).table.columns[0];
    assert.deepEqual(count(released), count(group), `seed ${seed}`);
  }
});
