import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Random } from './random.js';

test('the same seed gives the same stream and another seed a different one', () => {
  const a = new Random(3).normals(5);
  const b = new Random(3).normals(5);
  const c = new Random(4).normals(5);
  assert.deepEqual(a, b);
  assert.notDeepEqual(a, c);
});

test('normal draws have mean 0 and variance 1 within Monte Carlo error', () => {
  const n = 200_000;
  const draws = new Random(11).normals(n);
  let sum = 0;
  let sumSquares = 0;
  for (const value of draws) {
    sum += value;
    sumSquares += value * value;
  }
  const mean = sum / n;
  const variance = sumSquares / n - mean * mean;
  assert.ok(Math.abs(mean) < 4 / Math.sqrt(n), `mean ${mean}`);
  assert.ok(Math.abs(variance - 1) < 4 * Math.sqrt(2 / n), `variance ${variance}`);
});

test('forked streams differ from the parent and from each other', () => {
  const parent = new Random(5);
  const first = parent.fork().normals(3);
  const second = parent.fork().normals(3);
  assert.notDeepEqual(first, second);
});

test('a permutation contains every index exactly once', () => {
  const order = Array.from(new Random(1).permutation(1000)).sort((x, y) => x - y);
  assert.deepEqual(order, Array.from({ length: 1000 }, (_, i) => i));
});
