import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Random } from '../util/random.js';
import { isolatedExtremes } from './ladder.js';

test('outliers in two tiers beyond a wide gap do not mask each other', () => {
  // Simulated systolic pressures: 2,397 readings near 125, then two typing
  // errors of 900 and one of 2,100 (the shape of a sample of cardio-train).
  // Each tier alone is found; together the 2,100 stretched the end step so
  // that neither gap counted, and all three were stored and released.
  const rng = new Random(11);
  const readings = Array.from({ length: 2397 }, () => Math.round(125 + 16 * rng.normal()));
  const largest = Math.max(...readings);
  for (const dequantized of [true, false]) {
    assert.equal(isolatedExtremes([...readings, 900, 900, 2100], dequantized).upper, largest);
    assert.equal(isolatedExtremes([...readings, 900, 900, 2100], dequantized).above, 3);
    assert.equal(isolatedExtremes([...readings, 2100], dequantized).above, 1);
    assert.equal(isolatedExtremes(readings, dequantized).above, 0);
  }
});
