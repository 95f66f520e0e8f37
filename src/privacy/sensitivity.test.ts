import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Random } from '../util/random.js';
import { LniError } from '../util/errors.js';
import { trainFlow, type FlowConfig } from '../flow/index.js';
import { randomFlow } from '../flow/random-flow.js';
import { cholesky, linearGaussianBijection } from '../mechanism/index.js';
import { adversarialSensitivity } from './adversarial.js';
import { propagateBox } from './interval.js';
import { autoClipRadius, certifySensitivity } from './sensitivity.js';

const p = 3;
const config: FlowConfig = {
  dimension: p, blocks: 2, hidden: 8, layers: 2, logScaleBound: 2, spectralTarget: 3,
};
const lower = [-2, -1.5, -3];
const upper = [2, 1, 2.5];
const box = { lower, upper, source: 'schema' as const };

function uniformInBox(rows: number, rng: Random): Float64Array {
  return Float64Array.from({ length: rows * p },
    (_, i) => lower[i % p] + rng.uniform() * (upper[i % p] - lower[i % p]));
}

/** A small flow fitted to a curved 3-d cloud, so its blocks are far from affine. */
function fittedFlow() {
  const rng = new Random(11);
  const rows = 400;
  const x = new Float64Array(rows * p);
  for (let r = 0; r < rows; r++) {
    const t = rng.normal();
    x[r * p] = t;
    x[r * p + 1] = 0.5 * t * t - 0.5 + 0.3 * rng.normal();
    x[r * p + 2] = Math.sin(2 * t) + 0.3 * rng.normal();
  }
  return trainFlow(x, rows, config, { seed: 3, epochs: 30 }).flow;
}

const flows = [
  ['a random flow', randomFlow(config, 5, 2)],
  ['a fitted flow', fittedFlow()],
] as const;

test('a one-point box propagates to the exact latent point', () => {
  for (const [name, flow] of flows) {
    const point = Float64Array.from([0.3, -0.7, 1.1]);
    const { latent } = propagateBox(flow, { lower: point, upper: point });
    const z = flow.toLatent(point, 1);
    for (let j = 0; j < p; j++) {
      assert.ok(latent.lower[j] <= z[j] && z[j] <= latent.upper[j], `${name}, coordinate ${j}`);
      assert.ok(latent.upper[j] - latent.lower[j] < 1e-9, `${name}: width ${j}`);
    }
  }
});

test('every point of the box maps inside the interval image', () => {
  for (const [name, flow] of flows) {
    const { latent } = propagateBox(flow, { lower: Float64Array.from(lower),
      upper: Float64Array.from(upper) });
    const rows = 2000;
    const z = flow.toLatent(uniformInBox(rows, new Random(1)), rows);
    for (let i = 0; i < z.length; i++) {
      const j = i % p;
      assert.ok(latent.lower[j] <= z[i] && z[i] <= latent.upper[j],
        `${name}: z ${z[i]} outside [${latent.lower[j]}, ${latent.upper[j]}]`);
    }
  }
});

test('an adversarial search never exceeds the interval or Lipschitz certificate', () => {
  for (const [name, flow] of flows) {
    const certificate = certifySensitivity(flow, box);
    const found = adversarialSensitivity(flow, lower, upper, new Random(2),
      { restarts: 16, steps: 40 });
    assert.ok(certificate.interval !== null && certificate.lipschitz !== null);
    assert.ok(found > 0 && found <= certificate.interval,
      `${name}: search ${found} > interval ${certificate.interval}`);
    assert.ok(found <= certificate.lipschitz, `${name}: ${found} > ${certificate.lipschitz}`);
    assert.equal(certificate.sensitivity,
      Math.min(certificate.interval, certificate.lipschitz));
  }
});

test('the adversarial search finds the exact sensitivity of an affine flow', () => {
  // f⁻¹(x) = L⁻¹(x − μ): S = max over sign vectors σ of ‖L⁻¹(σ ∘ width)‖, a
  // convex function of the difference, so its maximum over the box is at a vertex.
  const covariance = Float64Array.from([1, 0.8, 0.3, 0.8, 1, 0.5, 0.3, 0.5, 2]);
  const flow = linearGaussianBijection(new Float64Array(p), cholesky(covariance, p), p);
  const width = upper.map((value, j) => value - lower[j]);
  let exact = 0;
  for (let signs = 0; signs < 2 ** p; signs++) {
    const d = Float64Array.from(width, (value, j) => ((signs >> j) & 1 ? value : -value));
    const z = flow.toLatent(d, 1);
    const origin = flow.toLatent(new Float64Array(p), 1);
    exact = Math.max(exact, Math.hypot(...z.map((value, j) => value - origin[j])));
  }
  const found = adversarialSensitivity(flow, lower, upper, new Random(3),
    { restarts: 8, steps: 40 });
  assert.ok(found <= exact * (1 + 1e-9) && found >= 0.99 * exact, `found ${found}, exact ${exact}`);
});

test('the Lipschitz product bounds the stretch of nearby pairs anywhere in the box', () => {
  for (const [name, flow] of flows) {
    const { blockLipschitz } = certifySensitivity(flow, box);
    const product = blockLipschitz.reduce((a, b) => a * b, 1);
    const rng = new Random(4);
    const rows = 500;
    const x = uniformInBox(rows, rng);
    const nearby = x.map((value, i) => Math.min(upper[i % p],
      Math.max(lower[i % p], value + 1e-4 * rng.normal())));
    const z = flow.toLatent(x, rows);
    const zNearby = flow.toLatent(nearby, rows);
    for (let r = 0; r < rows; r++) {
      let dz = 0;
      let dx = 0;
      for (let j = 0; j < p; j++) {
        dz += (z[r * p + j] - zNearby[r * p + j]) ** 2;
        dx += (x[r * p + j] - nearby[r * p + j]) ** 2;
      }
      if (dx > 0) assert.ok(Math.sqrt(dz / dx) <= product, `${name}: row ${r}`);
    }
  }
});

test('cutting the box into pieces never loosens either network bound', () => {
  for (const [name, flow] of flows) {
    const whole = certifySensitivity(flow, box, { subdivisions: 1 });
    const pieces = certifySensitivity(flow, box, { subdivisions: 64 });
    for (const key of ['interval', 'lipschitz'] as const) {
      const [before, after] = [whole[key], pieces[key]];
      assert.ok(before !== null && after !== null && after <= before * (1 + 1e-9),
        `${name}: ${key} ${after} > ${before}`);
    }
  }
});

test('latent clipping gives 2R, wins when smaller, and is the only bound without a flow', () => {
  const [, flow] = flows[0];
  const clipped = certifySensitivity(flow, box, { clipRadius: 0.01 });
  assert.deepEqual([clipped.bound, clipped.sensitivity, clipped.clip], ['clip', 0.02, 0.02]);
  const auto = certifySensitivity(null, { lower: new Array(16).fill(0),
    upper: new Array(16).fill(1), source: 'data' }, { clipRadius: 'auto' });
  assert.equal(auto.sensitivity, 2 * autoClipRadius(16));
  assert.deepEqual([auto.lipschitz, auto.interval, auto.domainSource], [null, null, 'data']);
  assert.throws(() => certifySensitivity(null, box), LniError);
});

test('an unbounded or inverted box is a data problem, not a number', () => {
  const [, flow] = flows[0];
  for (const bad of [[-Infinity, 0, 0], [3, 0, 0], [NaN, 0, 0]]) {
    assert.throws(() => certifySensitivity(flow, { lower: bad, upper, source: 'schema' }),
      (error: unknown) => error instanceof LniError && error.code === 'domain-unbounded');
  }
});
