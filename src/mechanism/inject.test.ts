import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Random } from '../util/random.js';
import { fitLinearGaussian, injectNoise, clipLatentRows } from './index.js';

function correlatedGaussian(rows: number, rng: Random): Float64Array {
  // x = (e1, 0.5 e1 + sqrt(0.75) e2, 2 + e3): correlation 0.5 between the first two.
  const x = new Float64Array(rows * 3);
  for (let r = 0; r < rows; r++) {
    const e1 = rng.normal();
    x[r * 3] = e1;
    x[r * 3 + 1] = 0.5 * e1 + Math.sqrt(0.75) * rng.normal();
    x[r * 3 + 2] = 2 + rng.normal();
  }
  return x;
}

test('the linear-Gaussian bijection round-trips to 1e-12', () => {
  const x = correlatedGaussian(500, new Random(1));
  const flow = fitLinearGaussian(x, 500, 3);
  const back = flow.fromLatent(flow.toLatent(x, 500), 500);
  for (let i = 0; i < x.length; i++) assert.ok(Math.abs(back[i] - x[i]) < 1e-12);
});

test('w = 1 returns the data exactly', () => {
  const x = correlatedGaussian(50, new Random(2));
  const flow = fitLinearGaussian(x, 50, 3);
  const { synthetic } = injectNoise(flow, x, 50, 1, new Random(3));
  assert.deepEqual(synthetic, x);
});

test('the latent correlation of z and z̃ is √w within Monte Carlo error', () => {
  const rows = 20_000;
  const x = correlatedGaussian(rows, new Random(4));
  const flow = fitLinearGaussian(x, rows, 3);
  for (const w of [0.2, 0.5, 0.8]) {
    const { synthetic } = injectNoise(flow, x, rows, w, new Random(5));
    const z = flow.toLatent(x, rows);
    const zTilde = flow.toLatent(synthetic, rows);
    // Both are standard normal per coordinate, so E[z z̃] is the correlation.
    let product = 0;
    for (let i = 0; i < z.length; i++) product += z[i] * zTilde[i];
    const correlation = product / z.length;
    const standardError = Math.sqrt((1 + w) / z.length);
    assert.ok(Math.abs(correlation - Math.sqrt(w)) < 4 * standardError,
      `w=${w}: correlation ${correlation}, expected ${Math.sqrt(w)}`);
  }
});

test('clipping pulls long latent rows onto the sphere and counts them', () => {
  const z = new Float64Array([3, 4, 0.3, 0.4]);
  const clipped = clipLatentRows(z, 2, 2, 1);
  assert.equal(clipped, 1);
  assert.deepEqual(Array.from(z).map((v) => Math.round(v * 1e12) / 1e12), [0.6, 0.8, 0.3, 0.4]);
});
