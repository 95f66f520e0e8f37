import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { Random } from '../util/random.js';
import type { FlowConfig } from './config.js';
import { referenceEngine } from './kernels/reference.js';
import { createWasmEngine, wasmSimdAvailable } from './kernels/wasm.js';
import { randomFlow } from './random-flow.js';
import { trainFlow } from './train.js';
import { sharedDataSkip } from '../testing/shared-data.js';

const config: FlowConfig = {
  dimension: 6, blocks: 4, hidden: 14, layers: 2, logScaleBound: 2, spectralTarget: 3,
};

function maxDifference(a: Float64Array, b: Float64Array): number {
  assert.equal(a.length, b.length);
  let worst = 0;
  for (let i = 0; i < a.length; i++) worst = Math.max(worst, Math.abs(a[i] - b[i]));
  return worst;
}

test('f(f⁻¹(x)) returns x to 1e-9 for a strongly nonlinear flow', () => {
  const flow = randomFlow(config, 3, 3);
  const rows = 1200; // more than two evaluation chunks
  const x = new Random(9).normals(rows * config.dimension);
  const z = flow.toLatent(x, rows);
  assert.ok(maxDifference(z, x) > 0.1, 'the flow must not be close to the identity');
  assert.ok(maxDifference(flow.fromLatent(z, rows), x) < 1e-9);
});

test('the fast sequential inverse equals the naive p-pass inverse to 1e-12', () => {
  for (const shape of [config, { ...config, hidden: 4, layers: 3 }, { ...config, dimension: 1 }]) {
    const flow = randomFlow(shape, 8, 3);
    const rows = 300;
    const z = new Random(4).normals(rows * shape.dimension);
    const fast = flow.fromLatent(z, rows);
    const naive = flow.fromLatentNaive(z, rows);
    assert.ok(maxDifference(fast, naive) < 1e-12, `hidden ${shape.hidden}, p ${shape.dimension}`);
  }
});

test('log density equals log N(f⁻¹(x)) + log |det ∂f⁻¹/∂x| by numerical Jacobian', () => {
  const small = { ...config, dimension: 3, blocks: 3, hidden: 8 };
  const flow = randomFlow(small, 5, 3);
  const x = Float64Array.from([0.3, -1.2, 0.8]);
  const h = 1e-6;
  const jacobian: number[][] = [[], [], []];
  for (let j = 0; j < 3; j++) {
    const up = x.slice(); up[j] += h;
    const down = x.slice(); down[j] -= h;
    const [a, b] = [flow.toLatent(up, 1), flow.toLatent(down, 1)];
    for (let i = 0; i < 3; i++) jacobian[i][j] = (a[i] - b[i]) / (2 * h);
  }
  const [r0, r1, r2] = jacobian;
  const det = r0[0] * (r1[1] * r2[2] - r1[2] * r2[1]) - r0[1] * (r1[0] * r2[2] - r1[2] * r2[0])
    + r0[2] * (r1[0] * r2[1] - r1[1] * r2[0]);
  const z = flow.toLatent(x, 1);
  const logNormal = -0.5 * (z[0] ** 2 + z[1] ** 2 + z[2] ** 2) - 1.5 * Math.log(2 * Math.PI);
  assert.ok(Math.abs(flow.logDensity(x, 1)[0] - (logNormal + Math.log(Math.abs(det)))) < 1e-6);
});

test('a NaN row stays NaN without touching the other rows; zero rows give empty output', () => {
  const flow = randomFlow(config, 2, 2);
  const x = new Random(1).normals(3 * config.dimension);
  const clean = flow.toLatent(x, 3);
  x[config.dimension + 2] = NaN;
  const dirty = flow.toLatent(x, 3);
  assert.ok(dirty.subarray(config.dimension, 2 * config.dimension).some(Number.isNaN));
  assert.deepEqual(dirty.subarray(0, config.dimension), clean.subarray(0, config.dimension));
  assert.deepEqual(dirty.subarray(2 * config.dimension), clean.subarray(2 * config.dimension));
  assert.equal(flow.toLatent(new Float64Array(0), 0).length, 0);
  assert.equal(flow.fromLatent(new Float64Array(0), 0).length, 0);
  assert.throws(() => flow.toLatent(new Float64Array(5), 1), /toLatent got 5 values/);
});

const pimaPath = new URL('../../../shared/data/pima-diabetes/diabetes.csv', import.meta.url);

test('a flow trained on real rows (Pima, standardized) round-trips them to 1e-9',
  { skip: sharedDataSkip }, () => {
    const lines = readFileSync(pimaPath, 'utf8').trim().split(/\r?\n/).slice(1);
    const p = lines[0].split(',').length;
    const rows = lines.length;
    const x = Float64Array.from(lines.flatMap((line) => line.split(',').map(Number)));
    for (let j = 0; j < p; j++) {
      let mean = 0;
      for (let r = 0; r < rows; r++) mean += x[r * p + j] / rows;
      let variance = 0;
      for (let r = 0; r < rows; r++) variance += (x[r * p + j] - mean) ** 2 / (rows - 1);
      for (let r = 0; r < rows; r++) x[r * p + j] = (x[r * p + j] - mean) / Math.sqrt(variance);
    }
    const shape: FlowConfig = { ...config, dimension: p, hidden: 24, blocks: 5 };
    const { flow, history } = trainFlow(x, rows, shape, { seed: 1, epochs: 8, batchSize: 64 });
    assert.ok(history[history.length - 1].trainNll < history[0].trainNll);
    const z = flow.toLatent(x, rows);
    assert.ok(maxDifference(flow.fromLatent(z, rows), x) < 1e-9);
  });

test('the wasm engine computes the same latents and samples as the reference to 1e-12',
  { skip: !wasmSimdAvailable() && 'WebAssembly SIMD not available' }, () => {
    const wasm = createWasmEngine();
    const onReference = randomFlow(config, 12, 3);
    const onWasm = randomFlow(config, 12, 3, wasm);
    const rows = 700;
    const x = new Random(6).normals(rows * config.dimension);
    assert.ok(maxDifference(onWasm.toLatent(x, rows), onReference.toLatent(x, rows)) < 1e-12);
    assert.ok(maxDifference(onWasm.fromLatent(x, rows), onReference.fromLatent(x, rows)) < 1e-12);
    const trained = (engine: typeof wasm) => trainFlow(x, rows, config, {
      seed: 3, epochs: 2, batchSize: 64, engine,
    }).flow.state.parameters;
    assert.ok(maxDifference(trained(wasm), trained(referenceEngine)) < 1e-9);
  });
