import { test } from 'node:test';
import assert from 'node:assert/strict';
import { areaUnderCurve, rSquared } from './prediction.js';
import { intervalOverlap } from './overlap.js';

const f = (values: number[]): Float64Array => Float64Array.from(values);

test('AUC counts the ordered positive–negative pairs: 3 of 4', () => {
  // Positives 0.35, 0.8 against negatives 0.1, 0.4: only 0.35 < 0.4 is wrong.
  assert.equal(areaUnderCurve(f([0.1, 0.4, 0.35, 0.8]), f([0, 0, 1, 1])), 0.75);
});

test('AUC counts a tied pair as one half and needs both classes', () => {
  assert.equal(areaUnderCurve(f([0.5, 0.5]), f([0, 1])), 0.5);
  assert.equal(areaUnderCurve(f([0.2, 0.5, 0.5]), f([0, 0, 1])), 0.75);
  assert.equal(areaUnderCurve(f([0.2, 0.5]), f([1, 1])), null);
});

test('R² is 1 − SSE/SST around the holdout mean, negative when worse than it', () => {
  // y = (1, 2, 3), SST = 2; predictions (1, 2, 4) give SSE = 1.
  assert.equal(rSquared(f([1, 2, 4]), f([1, 2, 3])), 0.5);
  assert.equal(rSquared(f([3, 2, 1]), f([1, 2, 3])), 1 - 8 / 2);
  assert.equal(rSquared(f([1, 1]), f([2, 2])), null);
});

test('interval overlap follows Karr et al. (2006) on hand-made intervals', () => {
  assert.equal(intervalOverlap([0, 2], [0, 2]).value, 1);
  // Intersection [1, 2] covers half of each.
  assert.equal(intervalOverlap([0, 2], [1, 3]).value, 0.5);
  // Nested: ½ (1/4 + 1/1).
  assert.equal(intervalOverlap([0, 4], [1, 2]).value, 0.625);
  const apart = intervalOverlap([0, 1], [3, 4]);
  assert.equal(apart.value, 0);
  assert.equal(apart.breakdown!.signed, -2);
  assert.equal(intervalOverlap([0, 1], [1, 1]).value, null);
  assert.equal(intervalOverlap(null, [1, 2]).value, null);
});
