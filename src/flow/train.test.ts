import { test } from 'node:test';
import assert from 'node:assert/strict';
import { LniError } from '../util/errors.js';
import { Random } from '../util/random.js';
import { defaultFlowConfig, type FlowConfig } from './config.js';
import { trainFlow } from './train.js';

/** n rows of N(0, AAᵀ) for a lower-triangular A, and the entropy ½ log det(2πeΣ). */
function correlatedGaussian(n: number, seed: number) {
  const a = [[1, 0, 0, 0], [0.8, 0.6, 0, 0], [0.5, 0.3, 0.8, 0], [-0.4, 0.2, 0.1, 0.9]];
  const p = a.length;
  const rng = new Random(seed);
  const x = new Float64Array(n * p);
  for (let r = 0; r < n; r++) {
    const e = rng.normals(p);
    for (let i = 0; i < p; i++) {
      for (let k = 0; k <= i; k++) x[r * p + i] += a[i][k] * e[k];
    }
  }
  const logDetSigma = a.reduce((sum, row, i) => sum + 2 * Math.log(row[i]), 0);
  const entropy = 0.5 * (p * Math.log(2 * Math.PI * Math.E) + logDetSigma);
  return { x, p, entropy };
}

const small: FlowConfig = {
  dimension: 4, blocks: 5, hidden: 16, layers: 2, logScaleBound: 2, spectralTarget: 3,
};

test('on correlated Gaussian data the validation NLL is within 0.05 nats/dim of entropy', () => {
  const n = 4000;
  const { x, p, entropy } = correlatedGaussian(n, 3);
  const { flow, history, bestEpoch } = trainFlow(x, n, small, {
    seed: 1, epochs: 10, batchSize: 128,
  });
  const best = history[bestEpoch - 1].validationNll;
  assert.ok(Math.abs(best - entropy) / p < 0.05, `NLL ${best} vs entropy ${entropy}`);
  // The returned flow is the best epoch's: its mean NLL on all rows is close too.
  const logDensity = flow.logDensity(x, n);
  const meanNll = -logDensity.reduce((sum, value) => sum + value, 0) / n;
  assert.ok(Math.abs(meanNll - entropy) / p < 0.05, `all-row NLL ${meanNll}`);
});

test('the same seed gives identical weights and a different seed different ones', () => {
  const n = 300;
  const { x } = correlatedGaussian(n, 4);
  const options = { epochs: 3, batchSize: 32 };
  const first = trainFlow(x, n, small, { ...options, seed: 7 }).flow;
  const again = trainFlow(x, n, small, { ...options, seed: 7 }).flow;
  const other = trainFlow(x, n, small, { ...options, seed: 8 }).flow;
  assert.deepEqual(first.state.parameters, again.state.parameters);
  assert.deepEqual(first.state.scales, again.state.scales);
  assert.notDeepEqual(first.state.parameters, other.state.parameters);
});

test('early stopping keeps the epoch of lowest validation NLL and reports every epoch', () => {
  const n = 300;
  const { x } = correlatedGaussian(n, 5);
  const reports: number[] = [];
  const { history, bestEpoch } = trainFlow(x, n, { ...small, hidden: 32 }, {
    seed: 2, epochs: 60, batchSize: 16, patience: 3, learningRate: 1e-2,
    onEpoch: (report) => reports.push(report.epoch),
  });
  assert.deepEqual(reports, history.map((report) => report.epoch));
  const lowest = Math.min(...history.map((report) => report.validationNll));
  assert.equal(history[bestEpoch - 1].validationNll, lowest);
  assert.ok(history.length - bestEpoch <= 3 && history.length < 60, 'patience 3 stops early');
  for (const report of history) {
    assert.equal(report.spectralNorms.length, small.blocks * (small.layers + 1));
    assert.equal(report.maxSpectralNorm, Math.max(...report.spectralNorms));
    assert.ok(report.maxSpectralNorm <= small.spectralTarget * (1 + 1e-9));
  }
});

test('shouldStop ends training before the next epoch', () => {
  const { x } = correlatedGaussian(200, 6);
  let epochs = 0;
  const { history } = trainFlow(x, 200, small, {
    seed: 1, epochs: 50, onEpoch: () => { epochs++; }, shouldStop: () => epochs >= 2,
  });
  assert.equal(history.length, 2);
});

test('training rejects too few rows, non-finite values and bad options with typed errors', () => {
  const config = defaultFlowConfig(2, 10);
  const code = (fn: () => unknown) => {
    try { fn(); } catch (error) { return error instanceof LniError ? error.code : 'other'; }
    return 'none';
  };
  assert.equal(code(() => trainFlow(new Float64Array(2), 1, config, { seed: 1 })), 'too-few-rows');
  const bad = new Float64Array(20).fill(1);
  bad[7] = NaN;
  assert.equal(code(() => trainFlow(bad, 10, config, { seed: 1 })), 'non-finite-data');
  const fine = new Random(1).normals(20);
  assert.equal(code(() => trainFlow(fine, 10, config, { seed: 1, batchSize: 0 })),
    'invalid-option');
  assert.equal(code(() => trainFlow(fine, 10, config, { seed: 1.5 })), 'invalid-option');
  assert.equal(code(() => trainFlow(fine, 10, { ...config, hidden: 0 }, { seed: 1 })),
    'invalid-option');
});

test('a constant column trains without error and round-trips', () => {
  const n = 200;
  const x = new Random(3).normals(n * 2);
  for (let r = 0; r < n; r++) x[r * 2 + 1] = 0.5;
  const { flow } = trainFlow(x, n, { ...small, dimension: 2 }, { seed: 1, epochs: 3 });
  const back = flow.fromLatent(flow.toLatent(x, n), n);
  for (let i = 0; i < x.length; i++) assert.ok(Math.abs(back[i] - x[i]) < 1e-9);
});

test('two rows train (one held out); without a split the last epoch is kept', () => {
  const tiny = new Random(8).normals(2 * 4);
  const { flow } = trainFlow(tiny, 2, small, { seed: 1, epochs: 2 });
  const back = flow.fromLatent(flow.toLatent(tiny, 2), 2);
  for (let i = 0; i < tiny.length; i++) assert.ok(Math.abs(back[i] - tiny[i]) < 1e-9);

  const { x } = correlatedGaussian(100, 9);
  const { history, bestEpoch } = trainFlow(x, 100, small, {
    seed: 1, epochs: 4, validationFraction: 0,
  });
  assert.equal(bestEpoch, 4);
  for (const report of history) assert.equal(report.validationNll, report.trainNll);
});

test('redraw supplies fresh training rows for every epoch after the first', () => {
  const { x } = correlatedGaussian(120, 10);
  let calls = 0;
  const redraw = () => {
    calls++;
    return x.map((value) => value + 1e-3 * calls);
  };
  const fixed = trainFlow(x, 120, small, { seed: 1, epochs: 3, validationFraction: 0 });
  const moving = trainFlow(x, 120, small, { seed: 1, epochs: 3, validationFraction: 0, redraw });
  assert.equal(calls, 2);
  assert.notDeepEqual(moving.flow.state.parameters, fixed.flow.state.parameters);
});
