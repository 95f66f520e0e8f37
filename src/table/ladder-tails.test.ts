import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Random } from '../util/random.js';
import { fitLadder, ladderProbability, ladderValue } from './ladder.js';

/** Share of an even q grid that decodes above `limit`. */
function shareAbove(ladder: ReturnType<typeof fitLadder>, limit: number): number {
  const grid = 100_000;
  let above = 0;
  for (let i = 0; i < grid; i++) if (ladderValue(ladder, (i + 0.5) / grid) > limit) above++;
  return above / grid;
}

test('one far outlier keeps its own share instead of spreading over its step', () => {
  const rng = new Random(3);
  const raw = Array.from({ length: 119 }, () => 58 + Math.floor(112 * rng.uniform()));
  raw.push(1_000_000);
  for (const dequantized of [true, false]) {
    const ladder = fitLadder(raw, dequantized);
    // One row in 120 lies beyond 1,000: decoding should put about 1/120
    // of the probability there, not the 1/12 of a whole grid step.
    const share = shareAbove(ladder, 1000);
    assert.ok(share > 0.5 / 120 && share < 1.5 / 120,
      `dequantized ${dequantized}: ${share.toFixed(4)} of the mass decodes above 1,000`);
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
