import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { TypedColumn } from '../table/types.js';
import { kolmogorovSmirnov } from './kolmogorov-smirnov.js';
import { totalVariation } from './total-variation.js';
import { missingRate } from './missing-rate.js';
import { meanDifference } from './mean.js';
import { standardDeviationRatio } from './standard-deviation.js';
import { contingencySimilarity } from './contingency.js';

const f = (values: number[]): Float64Array => Float64Array.from(values);
const numeric = (name: string, values: number[]): TypedColumn =>
  ({ kind: 'numeric', name, type: 'continuous', values: f(values) });

test('KS of {1,2,3} against {2,4,6,8} is 3/4, reached at x = 3', () => {
  // F_real(3) = 1 while F_synthetic(3) = 1/4; every other gap is smaller.
  const result = kolmogorovSmirnov(f([3, 1, 2]), f([8, 2, 6, 4]));
  assert.equal(result.value, 0.75);
  assert.equal(result.breakdown.at, 3);
  assert.equal(result.direction, 'lower-is-better');
  assert.deepEqual(result.range, [0, 1]);
});

test('KS steps past tied values on both sides before comparing', () => {
  // At 1: 2/3 vs 1/3; at 2: 1 vs 1. Comparing inside a run of ties would give 2/3.
  assert.equal(kolmogorovSmirnov(f([1, 1, 2]), f([1, 2, 2])).value, 1 / 3);
});

test('KS ignores NaN, is 0 for equal samples and 1 for disjoint ones', () => {
  assert.equal(kolmogorovSmirnov(f([1, NaN, 2]), f([2, 1])).value, 0);
  assert.equal(kolmogorovSmirnov(f([1, 2]), f([3, 4, NaN])).value, 1);
});

test('KS of an all-missing column is not defined and says why', () => {
  const result = kolmogorovSmirnov(f([NaN, NaN]), f([1, 2]));
  assert.equal(result.value, null);
  assert.match(result.warning ?? '', /real column has no observed value/);
  assert.equal(kolmogorovSmirnov(f([]), f([])).value, null);
});

test('TV is half the summed gap of level shares over the union of levels', () => {
  // Real a .5, b .25, c .25; synthetic a .25, b .5, d .25 (null left out).
  const result = totalVariation(['a', 'a', 'b', 'c'], ['a', 'b', 'b', null, 'd']);
  assert.equal(result.value, (0.25 + 0.25 + 0.25 + 0.25) / 2);
  assert.equal(result.breakdown.syntheticShares.d, 0.25);
  assert.equal(totalVariation(['x', 'y'], ['y', 'x']).value, 0);
  assert.equal(totalVariation(['x'], ['y']).value, 1);
});

test('TV of a column with no observed label is not defined', () => {
  const result = totalVariation([null, null], ['a']);
  assert.equal(result.value, null);
  assert.ok(result.warning);
});

test('missing rate compares the shares of NaN cells', () => {
  const result = missingRate(numeric('x', [1, NaN, NaN, 4]), numeric('x', [NaN, 2, 3, 4]));
  assert.deepEqual(result.breakdown, { real: 0.5, synthetic: 0.25 });
  assert.equal(result.value, 0.25);
  const empty = missingRate(numeric('x', []), numeric('x', [1]));
  assert.equal(empty.value, null);
  assert.ok(empty.warning);
});

test('an all-missing column has missing rate 1 and no mean or sd', () => {
  const all = numeric('x', [NaN, NaN, NaN]);
  assert.equal(missingRate(all, numeric('x', [1, 2, 3])).breakdown.real, 1);
  const mean = meanDifference(all.values as Float64Array, f([1, 2]));
  assert.equal(mean.value, null);
  assert.equal(mean.breakdown.real, null);
  assert.ok(mean.warning);
});

test('mean difference is |x̄_s − x̄_r| / s_r with the n − 1 divisor', () => {
  // Real {1, 2, 3, 6}: mean 3, s² = (4 + 1 + 0 + 9) / 3 = 14/3. Synthetic mean 4.
  const result = meanDifference(f([1, 2, 3, 6]), f([4, NaN, 4]));
  assert.equal(result.breakdown.real, 3);
  assert.equal(result.breakdown.synthetic, 4);
  assert.ok(Math.abs(result.value! - 1 / Math.sqrt(14 / 3)) < 1e-15);
});

test('a constant real column gives no standardized mean difference and no sd ratio', () => {
  const mean = meanDifference(f([5, 5, 5]), f([5, 6]));
  assert.equal(mean.value, null);
  assert.match(mean.warning ?? '', /constant/);
  const sd = standardDeviationRatio(f([5, 5, 5]), f([5, 6]));
  assert.equal(sd.value, null);
  assert.equal(sd.breakdown.real, 0);
  assert.match(sd.warning ?? '', /constant/);
});

test('sd ratio is s_synthetic / s_real and needs two values on each side', () => {
  // s({0, 2}) = √2, s({0, 4}) = 2√2.
  const result = standardDeviationRatio(f([0, 2]), f([0, NaN, 4]));
  assert.ok(Math.abs(result.value! - 2) < 1e-15);
  assert.equal(standardDeviationRatio(f([1]), f([1, 2])).value, null);
});

test('moments stay exact for a large mean with a small spread', () => {
  const result = standardDeviationRatio(f([1e9 + 1, 1e9 + 2, 1e9 + 3]), f([1, 2, 3]));
  assert.equal(result.breakdown.real, 1);
  assert.equal(result.value, 1);
});

test('contingency similarity is 1 − TV of the joint table over complete rows', () => {
  // Real pairs (a,x)×2, (b,y)×2; synthetic (a,x), (b,y), (a,y), (b,y): shares
  // .5/.5 vs .25/.25/.5 on (a,x), (a,y), (b,y) give TV = ½(.25 + .25 + 0) = .25.
  const result = contingencySimilarity(
    ['a', 'a', 'b', 'b', null], ['x', 'x', 'y', 'y', 'x'],
    ['a', 'b', 'a', 'b'], ['x', 'y', 'y', 'y'],
  );
  assert.equal(result.value, 0.75);
  assert.equal(result.breakdown.realRows, 4);
  assert.equal(result.direction, 'higher-is-better');
});

test('contingency similarity of an empty pair is not defined', () => {
  const result = contingencySimilarity([null], ['x'], ['a'], ['x']);
  assert.equal(result.value, null);
  assert.ok(result.warning);
});
