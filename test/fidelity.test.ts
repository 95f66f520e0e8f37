import { test } from 'node:test';
import assert from 'node:assert/strict';
import { fitModel, synthesize } from '../src/model/index.js';
import { inferSchema, type Table } from '../src/table/index.js';
import { compare, loadCsv, runPipeline } from './fidelity-check.js';

const cleveland = loadCsv(new URL('../examples/uci-heart/cleveland.csv', import.meta.url));
const released = runPipeline(cleveland, 0.8, 1);
const fidelity = compare(cleveland, released);

test('cleveland at w = 0.8 keeps every column\'s type and range', () => {
  assert.deepEqual(fidelity.outOfRange, []);
  assert.deepEqual(released.names, cleveland.names);
});

test('cleveland at w = 0.8 keeps every missing rate within 2 points', () => {
  assert.ok(fidelity.maxMissingGap <= 0.02,
    `${fidelity.worstMissing}: missing rates differ by ${fidelity.maxMissingGap.toFixed(3)}`);
});

// 0.089–0.142 in 15 of 15 runs (5 fits × 3 releases); these seeds (fit 1,
// release 1): 0.092 (bench/results/fidelity.md, session 11).
test('cleveland at w = 0.8 keeps every Pearson correlation within 3/√n', () => {
  const bound = 3 / Math.sqrt(cleveland.rowCount);
  assert.ok(fidelity.maxCorrelationGap <= bound,
    `max |Δ correlation| ${fidelity.maxCorrelationGap.toFixed(3)} > ${bound.toFixed(3)}`
    + ` at ${fidelity.worstPair}`);
});

function correlation(t: Table, a: string, b: string): number {
  const x = t.columns[t.names.indexOf(a)].map(Number);
  const y = t.columns[t.names.indexOf(b)].map(Number);
  const mean = (v: number[]) => v.reduce((s, e) => s + e, 0) / v.length;
  const mx = mean(x);
  const my = mean(y);
  let sxy = 0;
  let sxx = 0;
  let syy = 0;
  x.forEach((_, i) => {
    sxy += (x[i] - mx) * (y[i] - my);
    sxx += (x[i] - mx) ** 2;
    syy += (y[i] - my) ** 2;
  });
  return sxy / Math.sqrt(sxx * syy);
}

// Issue 6, input 1: b = a + 3 with a in {1, 2}, c unrelated noise.
const rows = 200;
const shifted: Table = {
  names: ['a', 'b', 'c'],
  rowCount: rows,
  columns: [
    Array.from({ length: rows }, (_, i) => String(1 + (i % 2))),
    Array.from({ length: rows }, (_, i) => String(4 + (i % 2))),
    Array.from({ length: rows }, (_, i) => String((i * 7 + (i >> 3)) % 10)),
  ],
};
const shiftedModel = fitModel(shifted, inferSchema(shifted), { seed: 3 });

test('a column that is another plus 3 stays correlated: ≥ 0.9 at w = 0.5', () => {
  const out = synthesize(shiftedModel, shifted, { w: 0.5, seed: 4 }).table;
  assert.ok(correlation(out, 'a', 'b') >= 0.9, `corr(a, b) ${correlation(out, 'a', 'b')}`);
  assert.ok(Math.abs(correlation(out, 'a', 'c')) <= 0.2, `corr(a, c) ${correlation(out, 'a', 'c')}`);
});

test('a column that is another plus 3 stays correlated: ≥ 0.95 at w = 0.8', () => {
  const out = synthesize(shiftedModel, shifted, { w: 0.8, seed: 5 }).table;
  assert.ok(correlation(out, 'a', 'b') >= 0.95, `corr(a, b) ${correlation(out, 'a', 'b')}`);
  assert.ok(Math.abs(correlation(out, 'a', 'c')) <= 0.2, `corr(a, c) ${correlation(out, 'a', 'c')}`);
});

test('a value missing exactly in group B keeps each group\'s missing rate', () => {
  const n = 200;
  const grouped: Table = {
    names: ['group', 'x'],
    rowCount: n,
    columns: [
      Array.from({ length: n }, (_, i) => (i % 4 === 0 ? 'B' : 'A')),
      Array.from({ length: n }, (_, i) => (i % 4 === 0 ? 'NA' : String(10 + ((i * 13) % 37)))),
    ],
  };
  const model = fitModel(grouped, inferSchema(grouped), { seed: 6 });
  const out = synthesize(model, grouped, { w: 0.8, seed: 7 }).table;
  const rate = (group: string) => {
    const inGroup = out.columns[0].map((g, i) => (g === group ? i : -1)).filter((i) => i >= 0);
    return inGroup.filter((i) => out.columns[1][i] === 'NA').length / inGroup.length;
  };
  assert.ok(rate('B') >= 0.9, `missing rate in B ${rate('B').toFixed(3)}, real 1`);
  assert.ok(rate('A') <= 0.05, `missing rate in A ${rate('A').toFixed(3)}, real 0`);
});
