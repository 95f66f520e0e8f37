import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  fromNormalScore, NORMAL_SCORE_BOUND, standardNormalCdf, standardNormalQuantile, toNormalScore,
} from './normal-score.js';
import { fitLadder, ladderProbability, ladderValue, levelLadder } from './ladder.js';

test('Φ matches reference values to 1e-15', () => {
  assert.equal(standardNormalCdf(0), 0.5);
  assert.ok(Math.abs(standardNormalCdf(1.959963984540054) - 0.975) < 1e-15);
  assert.ok(Math.abs(standardNormalCdf(-3) - 0.0013498980316301) < 1e-15);
  assert.ok(Number.isNaN(standardNormalCdf(NaN)));
});

test('Φ⁻¹ inverts Φ to 1e-15 across (0, 1)', () => {
  for (const q of [1e-7, 1e-3, 0.1, 0.5, 0.77, 0.999, 1 - 1e-7]) {
    assert.ok(Math.abs(standardNormalCdf(standardNormalQuantile(q)) - q) < 1e-15, `q = ${q}`);
  }
});

test('normal scores stay in [−B, B] and invert at the ends and inside', () => {
  assert.equal(toNormalScore(0), -NORMAL_SCORE_BOUND);
  assert.equal(toNormalScore(1), NORMAL_SCORE_BOUND);
  assert.equal(fromNormalScore(40), 1);
  assert.equal(fromNormalScore(-40), 0);
  for (const q of [0.001, 0.25, 0.5, 0.9999]) {
    assert.ok(Math.abs(fromNormalScore(toNormalScore(q)) - q) < 1e-14);
  }
});

test('a level ladder gives each level exactly its share of probability', () => {
  const ladder = levelLadder([3, 1, 0, 4]);
  assert.equal(ladderValue(ladder, 0.1), 0);
  assert.equal(ladderValue(ladder, 3 / 8 + 0.01), 1);
  assert.equal(ladderValue(ladder, 0.6), 3, 'a level with no rows is never decoded');
  assert.equal(ladderProbability(ladder, 1, 0.5), 3.5 / 8);
});

test('a dequantized integer ladder maps v + u inside [v, v + 1) and back', () => {
  const raw = Array.from({ length: 500 }, (_, i) => (i * 7) % 97);
  const ladder = fitLadder(raw, true);
  assert.ok(ladder.values.length <= 65, 'at most 64 quantile steps are stored');
  for (const v of [0, 13, 96]) {
    const q = ladderProbability(ladder, v + 0.3, 0.3);
    assert.equal(Math.floor(ladderValue(ladder, q)), v);
  }
});

test('a continuous ladder keeps a large tie as an atom of its exact share', () => {
  const raw = Array.from({ length: 400 }, (_, i) => (i < 100 ? 0 : i / 10));
  const ladder = fitLadder(raw, false);
  assert.equal(ladderValue(ladder, 0.01), 0);
  assert.equal(ladderValue(ladder, 0.249), 0);
  assert.ok(ladderValue(ladder, 0.26) > 0);
  assert.equal(ladderProbability(ladder, 0, 1), 0.25);
});
