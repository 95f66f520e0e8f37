import { test } from 'node:test';
import assert from 'node:assert/strict';
import { inferMissingCodes, looksLikeMissingCode } from './missing-codes.js';
import { Random } from '../util/random.js';

test('runs of nines look like missing codes; a lone 9, -1, 0 and other numbers do not', () => {
  for (const value of [-9, -99, -999, -9999, -99999, 99, 999, 9999, 99999]) {
    assert.ok(looksLikeMissingCode(value), String(value));
  }
  for (const value of [9, -1, 0, 1, 98, -998, 999999, -999999, 99.9, -9.9, 1e9, NaN]) {
    assert.ok(!looksLikeMissingCode(value), String(value));
  }
});

test('a code is found at either end, one per round, and only beyond a wide gap', () => {
  const data = Array.from({ length: 300 }, (_, i) => 95 + (i * 37) % 86);
  assert.deepEqual(inferMissingCodes(data, true), []);
  const both = data.map((value, i) => (i % 60 === 1 ? -999 : i % 60 === 2 ? -99 : value));
  assert.deepEqual(inferMissingCodes(both, true), [-999, -99]);
  const top = data.map((value, i) => (i % 3 === 0 ? 9999 : value));
  assert.deepEqual(inferMissingCodes(top, true), [9999], 'a third of the cells');
  // A typing error beyond the same gap is no code: the isolated-extremes rule clips it.
  const typo = data.map((value, i) => (i % 60 === 1 ? -999 : i === 5 ? 3 : value));
  assert.deepEqual(inferMissingCodes(typo, true), [-999]);
  // 99 inside the data, and too few rows to judge a gap.
  assert.deepEqual(inferMissingCodes(data.map((v, i) => (i % 7 === 0 ? 99 : v)), true), []);
  assert.deepEqual(inferMissingCodes([1, 2, 3, -999], true), []);
});

test('negative codes beside values never negative: codebook-shaped and few; a temperature is no code', () => {
  const rng = new Random(18);
  const n = 400;
  const column = (at: (i: number) => number) => Array.from({ length: n }, (_, i) => at(i));
  const income = column((i) => (i % 20 === 0 ? -99 : i % 27 === 0 ? -88 : Math.floor(rng.uniform() * 101)));
  assert.deepEqual(inferMissingCodes(income, true), [-99, -88]);
  const score = column((i) => (i % 20 === 0 ? -9 : i % 40 === 1 ? -98 : Math.floor(rng.uniform() * 11)));
  assert.deepEqual(inferMissingCodes(score, true), [-98, -9]);
  // Every value from -9 to -1 (a minimum temperature), or a difference of scores: values.
  assert.deepEqual(inferMissingCodes(column(() => Math.floor(rng.uniform() * 40) - 9), true), []);
  assert.deepEqual(inferMissingCodes(column(() => Math.floor(rng.uniform() * 19) - 9), true), []);
  // Without a run of nines among them, negatives are values.
  assert.deepEqual(inferMissingCodes(column((i) => (i % 20 === 0 ? -8 : i % 7)), true), []);
});
