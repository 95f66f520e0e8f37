import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Random } from '../util/random.js';
import { fitLadder, isolatedExtremes, ladderProbability, ladderValue } from './ladder.js';

/** Share of an even q grid that decodes above `limit`. */
function shareAbove(ladder: ReturnType<typeof fitLadder>, limit: number): number {
  const grid = 100_000;
  let above = 0;
  for (let i = 0; i < grid; i++) if (ladderValue(ladder, (i + 0.5) / grid) > limit) above++;
  return above / grid;
}

test('a wide empty stretch inside a column gets no probability', () => {
  const rng = new Random(3);
  // 100 values near 100 and 20 near 1,000,000: a gap that takes up nearly
  // all of its quantile step, with plenty of rows on both sides.
  const raw = Array.from({ length: 100 }, () => 58 + Math.floor(112 * rng.uniform()));
  for (let i = 0; i < 20; i++) raw.push(1_000_000 + Math.floor(1000 * rng.uniform()));
  for (const dequantized of [true, false]) {
    const ladder = fitLadder(raw, dequantized);
    // 20 rows in 120 lie beyond 1,000: decoding should put 1/6 of the
    // probability there, and none in the stretch between.
    const share = shareAbove(ladder, 1000);
    assert.ok(Math.abs(share - 20 / 120) < 0.01,
      `dequantized ${dequantized}: ${share.toFixed(4)} of the mass decodes above 1,000`);
    assert.ok(shareAbove(ladder, 1000) - shareAbove(ladder, 999_000) < 1e-9,
      'mass inside the empty stretch');
    // Every cell still encodes and decodes to itself.
    for (const value of raw) {
      for (const u of [1e-6, 0.5, 1 - 1e-6]) {
        const t = dequantized ? value + u : value;
        const back = ladderValue(ladder, ladderProbability(ladder, t, u));
        // Continuous cells come back to rounding (decode then writes the
        // column's decimals); dequantized ones exactly after flooring.
        if (dequantized) assert.equal(Math.floor(back), value);
        else assert.ok(Math.abs(back - value) <= 1e-9 * Math.abs(value), `${back} for ${value}`);
      }
    }
  }
});

test('a value alone beyond a wide gap at an end is found, with the range without it', () => {
  const rng = new Random(3);
  const raw = Array.from({ length: 119 }, () => 58 + Math.floor(112 * rng.uniform()));
  const largest = Math.max(...raw);
  const smallest = Math.min(...raw);
  raw.push(1_000_000, -5_000_000);
  for (const dequantized of [true, false]) {
    assert.deepEqual(isolatedExtremes(raw, dequantized),
      { lower: smallest, upper: largest, below: 1, above: 1 });
  }
  // Without the outliers nothing is isolated.
  const plain = raw.slice(0, 119);
  assert.deepEqual(isolatedExtremes(plain, true),
    { lower: smallest, upper: largest, below: 0, above: 0 });
});

test('evenly spread values get no gap knots', () => {
  const raw = Array.from({ length: 400 }, (_, i) => i * 0.25);
  const ladder = fitLadder(raw, false);
  // 40 steps of q = 1/40 and their value at each knot; no flat-q pair.
  for (let k = 1; k < ladder.values.length; k++) {
    assert.ok(ladder.probabilities[k] > ladder.probabilities[k - 1]
      || ladder.values[k] === ladder.values[k - 1], `a zero-mass gap at knot ${k}`);
  }
});

test('the end steps are halved while each still holds at least ten rows', () => {
  const rng = new Random(5);
  // A skewed column: 4,000 rows, so 64 steps of 62.5 rows each.
  const raw = Array.from({ length: 4000 }, () => Math.exp(2 * rng.normal()));
  const { probabilities } = fitLadder(raw, false);
  const has = (q: number) => probabilities.some((p) => Math.abs(p - q) < 1e-12);
  for (const share of [1 / 128, 1 / 256]) {
    assert.ok(has(share) && has(1 - share), `no knot at ${share} and ${1 - share}`);
  }
  // 1/512 of 4,000 rows is 7.8 rows: no knot stands on so few.
  assert.ok(!has(1 / 512) && !has(1 - 1 / 512));
});

test('halved end steps keep a skewed tail close to the data', () => {
  const rng = new Random(9);
  const raw = Array.from({ length: 4000 }, () => Math.exp(1.5 * rng.normal()));
  const ladder = fitLadder(raw, false);
  const sorted = raw.slice().sort((a, b) => a - b);
  // Decoded 99th and 99.5th percentiles against the data's, within 25 %
  // (a single 1/64 end step put them far up towards the maximum).
  for (const q of [0.99, 0.995]) {
    const real = sorted[Math.floor(q * raw.length)];
    const decoded = ladderValue(ladder, q);
    assert.ok(Math.abs(decoded / real - 1) < 0.25,
      `q = ${q}: decoded ${decoded.toFixed(1)}, data ${real.toFixed(1)}`);
  }
});
