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

test('five or more rows of one end value beyond a gap decode to that value, none inside the gap',
  () => {
  const rng = new Random(21);
  // Simulated BMIs: 9 zeros (a code for "not measured") below 491 readings
  // from 18.2 up; 3 IQR is wider than the gap, so nothing is clipped.
  const readings = Array.from({ length: 491 },
    (_, i) => (i === 0 ? 18.2 : Math.round((32 + 6.5 * rng.normal()) * 10) / 10))
    .map((value) => Math.max(value, 18.2));
  for (const [raw, dequantized, low, high] of [
    [[...new Array<number>(9).fill(0), ...readings], false, 0, 18.2],
    // Times of day in minutes: five visits at 03:15 before a clinic's 08:00.
    [[...new Array<number>(5).fill(195), ...Array.from({ length: 795 }, (_, i) => 480 + 15 * (i % 36))],
      true, 195, 480],
  ] as [number[], boolean, number, number][]) {
    const ladder = fitLadder(raw, dequantized);
    const share = (from: number, to: number) => {
      const grid = 200_000;
      let inside = 0;
      for (let i = 0; i < grid; i++) {
        const value = ladderValue(ladder, (i + 0.5) / grid);
        if (value > from && value < to) inside++;
      }
      return inside / grid;
    };
    const beyond = raw.filter((value) => value === low).length / raw.length;
    assert.equal(share(low + (dequantized ? 1 : 0), high), 0, 'no mass inside the empty stretch');
    assert.ok(Math.abs(share(low - 1, low + (dequantized ? 1 : 1e-9)) - beyond) < 1e-4,
      'the end value keeps its own share');
    for (const value of raw) {
      const t = dequantized ? value + 0.5 : value;
      const back = ladderValue(ladder, ladderProbability(ladder, t, 0.5));
      if (dequantized) assert.equal(Math.floor(back), value);
      else assert.ok(Math.abs(back - value) <= 1e-9 * Math.max(1, Math.abs(value)), `${back} for ${value}`);
    }
  }
  // One visit at 03:15 is one person's: not made an atom, it stays spread.
  const lone = fitLadder([195, ...Array.from({ length: 799 }, (_, i) => 480 + 15 * (i % 36))], true);
  assert.ok(ladderValue(lone, 0.5 / 800) > 196, 'the lone value holds no atom');
  // Several values beyond the gap are not stored one by one: they stay
  // spread, and every cell still round trips.
  const several = [0, 2, 5, ...readings];
  const spread = fitLadder(several, false);
  assert.ok(!spread.values.includes(2) && !spread.values.includes(5));
  for (const value of several) {
    assert.ok(Math.abs(ladderValue(spread, ladderProbability(spread, value, 0.5)) - value) < 1e-9);
  }
});

test('a small table\'s values, each held by one row, are not kept as they are', () => {
  // Simulated: 24 salaries, all distinct. Kept exactly, each would decode
  // to itself with its share of 1/24, so a release would be all real values.
  const rng = new Random(8);
  const salaries = Array.from({ length: 24 }, () => 30_000 + Math.floor(60_000 * rng.uniform()));
  const ladder = fitLadder(salaries, true);
  const stored = salaries.filter((value) => ladder.values.includes(value)).length;
  assert.ok(stored < salaries.length / 2, `${stored} of 24 salaries stored as knots`);
  let exact = 0;
  for (let i = 0; i < 1000; i++) {
    if (salaries.includes(Math.floor(ladderValue(ladder, (i + 0.5) / 1000)))) exact++;
  }
  assert.ok(exact < 100, `${exact} of 1,000 decoded values are a real salary`);
  // Codes held by several rows each are still kept exactly, with their shares.
  const codes = Array.from({ length: 60 }, (_, i) => i % 4);
  assert.deepEqual([...new Set(fitLadder(codes, true).values)].sort(), [0, 1, 2, 3, 4]);
});

test('a value ending a slope beside another value\'s atom decodes to itself, not across', () => {
  // Found by the encoder's property test: 0 holds one row between -0.2
  // (4 rows) and 0.2 (9 rows, an atom starting at the same probability).
  const raw = [-0.3, -0.2, -0.2, -0.2, -0.2, 0, 0.2, 0.2, 0.2, 0.2, 0.2, 0.2, 0.2, 0.2, 0.2, 0.5];
  const ladder = fitLadder(raw, false);
  for (const value of raw) {
    for (const u of [1e-6, 0.5, 1 - 1e-6]) {
      const back = ladderValue(ladder, ladderProbability(ladder, value, u));
      assert.ok(Math.abs(back - value) < 1e-9, `${back} for ${value}`);
    }
  }
});
