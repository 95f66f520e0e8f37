import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Random } from '../../util/random.js';
import { nearestDistances } from './neighbours.js';
import { fitKernelDensity } from './kde.js';

test('nearest distances with the partial-distance cut equal a plain scan', () => {
  const rng = new Random(1);
  const p = 7;
  const queries = rng.normals(40 * p);
  const pool = rng.normals(300 * p);
  const fast = nearestDistances(queries, 40, pool, 300, p, 0.7);
  for (let i = 0; i < 40; i++) {
    let best = Infinity;
    for (let k = 0; k < 300; k++) {
      let squared = 0;
      for (let j = 0; j < p; j++) squared += (0.7 * queries[i * p + j] - pool[k * p + j]) ** 2;
      best = Math.min(best, squared);
    }
    assert.ok(Math.abs(fast[i] - Math.sqrt(best)) < 1e-12);
  }
});

test('a query that is a pool row has distance exactly 0', () => {
  const pool = Float64Array.from([1, 2, 3, 4, 5, 6]);
  assert.deepEqual(Array.from(nearestDistances(pool.subarray(3), 1, pool, 2, 3)), [0]);
});

test('the KDE of one column matches the closed-form mixture of normals', () => {
  const data = Float64Array.from([0, 1, 3]);
  const kde = fitKernelDensity(data, 3, 1);
  // Scott: h = sd · n^(−1/5), sd of {0, 1, 3} = √(7/3).
  const h = Math.sqrt(7 / 3) * 3 ** -0.2;
  assert.ok(Math.abs(kde.bandwidth[0] - h) < 1e-15);
  for (const x of [-1, 0.5, 2, 40]) {
    const density = [0, 1, 3].reduce((sum, y) =>
      sum + Math.exp(-0.5 * ((x - y) / h) ** 2) / (h * Math.sqrt(2 * Math.PI)), 0) / 3;
    const got = kde.logDensity(Float64Array.from([x]), 1)[0];
    // Far from the data the density underflows; the log must still be finite.
    if (density > 0) assert.ok(Math.abs(got - Math.log(density)) < 1e-12);
    else assert.ok(Number.isFinite(got) && got < -700);
  }
});

test('a constant column gets a floored bandwidth, so the KDE stays finite', () => {
  const data = Float64Array.from([1, 5, 2, 5, 3, 5]);
  const kde = fitKernelDensity(data, 3, 2);
  assert.ok(kde.bandwidth[1] > 0);
  assert.ok(Number.isFinite(kde.logDensity(Float64Array.from([2, 5.1]), 1)[0]));
});
