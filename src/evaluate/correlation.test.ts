import { test } from 'node:test';
import assert from 'node:assert/strict';
import { pearson, spearman } from './correlation.js';
import { compareCorrelations } from './correlation-matrix.js';

const f = (values: number[]): Float64Array => Float64Array.from(values);
const close = (a: number | null, b: number, tolerance = 1e-14): void =>
  assert.ok(a !== null && Math.abs(a - b) < tolerance, `${a} is not ${b}`);

test('Pearson of a small table matches the hand computation 6 / √60', () => {
  // dx = (−2, −1, 0, 1, 2), dy = (−2, 0, 1, 0, 1): Σdxdy = 6, Σdx² = 10, Σdy² = 6.
  close(pearson(f([1, 2, 3, 4, 5]), f([2, 4, 5, 4, 5])).value, 6 / Math.sqrt(60));
});

test('Spearman gives ties their average rank: 7 / √90 by hand', () => {
  // Ranks of y = (2, 4, 5, 4, 5) are (1, 2.5, 4.5, 2.5, 4.5).
  close(spearman(f([1, 2, 3, 4, 5]), f([2, 4, 5, 4, 5])).value, 7 / Math.sqrt(90));
});

test('Spearman is 1 for any increasing transform and −1 for a decreasing one', () => {
  const x = f([0.3, -2, 5, 1, 9]);
  close(spearman(x, x.map(Math.exp)).value, 1);
  close(spearman(x, x.map((v) => -(v ** 3))).value, -1);
});

test('rows with a missing value in either column are left out of the pair', () => {
  const x = f([1, 2, NaN, 4, 5, 6]);
  const y = f([2, 4, 7, 4, NaN, 5]);
  const keptX = f([1, 2, 4, 6]);
  const keptY = f([2, 4, 4, 5]);
  const p = pearson(x, y);
  assert.equal(p.rows, 4);
  close(p.value, pearson(keptX, keptY).value!);
  // Ranks are taken within the complete rows, not over each whole column.
  close(spearman(x, y).value, spearman(keptX, keptY).value!);
});

test('a constant column has no correlation, and the reason is given', () => {
  const result = pearson(f([1, 2, 3]), f([4, 4, 4]));
  assert.equal(result.value, null);
  assert.match(result.warning ?? '', /constant/);
  assert.equal(spearman(f([1, 2, 3]), f([4, 4, 4])).value, null);
});

test('one complete row, or none, gives no correlation', () => {
  assert.equal(pearson(f([1, NaN]), f([2, 3])).value, null);
  assert.equal(pearson(f([]), f([])).value, null);
});

test('matrix comparison reports max |diff| and the Frobenius norm over defined pairs', () => {
  const a = f([1, 2, 3, 4, 5]);
  const b = f([2, 4, 5, 4, 5]);
  const c = f([7, 7, 7, 7, 7]);
  const result = compareCorrelations(['a', 'b', 'c'], [a, b, c], [a, a, c], 'pearson');
  const r = 6 / Math.sqrt(60);
  close(result.real[0][1], r);
  close(result.synthetic[0][1], 1);
  close(result.difference[1][0], 1 - r);
  close(result.maxAbsDiff.value, 1 - r);
  assert.deepEqual(result.maxAbsDiff.breakdown.pair, ['a', 'b']);
  // Both triangles count: √(2 (1 − r)²).
  close(result.frobenius.value, Math.sqrt(2) * (1 - r));
  assert.equal(result.real[2][2], null);
  // One warning per undefined pair (a × c, b × c).
  assert.equal(result.warnings.length, 2, result.warnings.join('\n'));
  assert.ok(result.warnings.every((w) => /constant/.test(w)));
});

test('with only a constant column no matrix difference is defined', () => {
  const c = f([1, 1, 1]);
  const result = compareCorrelations(['c'], [c], [c], 'spearman');
  assert.equal(result.maxAbsDiff.value, null);
  assert.ok(result.maxAbsDiff.warning);
});
