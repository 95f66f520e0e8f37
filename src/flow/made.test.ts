import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Random } from '../util/random.js';
import type { FlowConfig } from './config.js';
import { referenceEngine, referenceKernels } from './kernels/reference.js';
import { blockOrder, flowLayout } from './layout.js';
import { allocateActivations, densityStep, forwardNetwork, type LayerView } from './made.js';
import { FlowObjective } from './objective.js';
import { randomFlow } from './random-flow.js';
import { createSpectralState, powerIteration, updateScales } from './spectral.js';
import { initialParameters } from './train.js';

const config: FlowConfig = {
  dimension: 5, blocks: 3, hidden: 9, layers: 2, logScaleBound: 2, spectralTarget: 3,
};

/** One block's shift, log-scale and u for one input row y (block order). */
function blockMap(layers: LayerView[], y: Float64Array) {
  const p = y.length;
  const acts = allocateActivations((n) => new Float64Array(n), 1, p, config.hidden, config.layers);
  acts.input.set(y);
  forwardNetwork(referenceKernels, layers, acts, 1);
  densityStep(acts, 1, p, config.logScaleBound, new Float64Array(1));
  const shift = Array.from({ length: p }, (_, j) => acts.output[2 * j]);
  const logScale = Array.from({ length: p }, (_, j) =>
    config.logScaleBound * Math.tanh(acts.output[2 * j + 1]));
  return { shift, logScale, u: Array.from(acts.latent) };
}

test('every block has a strictly lower-triangular Jacobian of shift and log-scale', () => {
  const flow = randomFlow(config, 11, 3);
  const rng = new Random(5);
  const p = config.dimension;
  const h = 1e-6;
  for (const block of flow.blocks) {
    const layers = block.layers.map((layer, l) => ({
      layout: flowLayout(config).layers[0][l], weight: layer.weight, bias: layer.bias,
    }));
    const y = rng.normals(p);
    const base = blockMap(layers, y);
    for (let i = 0; i < p; i++) {
      const up = y.slice(); up[i] += h;
      const down = y.slice(); down[i] -= h;
      const [a, b] = [blockMap(layers, up), blockMap(layers, down)];
      for (let j = 0; j < p; j++) {
        const dShift = (a.shift[j] - b.shift[j]) / (2 * h);
        const dLogScale = (a.logScale[j] - b.logScale[j]) / (2 * h);
        const du = (a.u[j] - b.u[j]) / (2 * h);
        if (j <= i) {
          assert.equal(dShift, 0, `∂m_${j}/∂y_${i} must vanish`);
          assert.equal(dLogScale, 0, `∂a_${j}/∂y_${i} must vanish`);
        }
        if (j < i) assert.equal(du, 0, `∂u_${j}/∂y_${i} must vanish`);
        if (j === i) {
          assert.ok(Math.abs(du - Math.exp(-base.logScale[j])) < 1e-7, `diagonal ${j}`);
        }
      }
    }
    // The random weights must make the test meaningful: some below-diagonal entry moves.
    const up = y.slice(); up[0] += 1e-3;
    assert.notEqual(blockMap(layers, up).shift[p - 1], base.shift[p - 1]);
  }
});

function gradientCheck(spectralTarget: number, expectScaled: boolean): void {
  // Large output weights make every layer exceed a small target c.
  const outputFactor = expectScaled ? 30 : 4;
  const small: FlowConfig = { ...config, dimension: 3, blocks: 2, hidden: 6, spectralTarget };
  const layout = flowLayout(small);
  const rng = new Random(21);
  const params = initialParameters(layout, rng.fork());
  for (const blockLayers of layout.layers) {
    blockLayers.forEach((layer, l) => {
      const factor = l === blockLayers.length - 1 ? outputFactor : 4;
      for (let i = layer.weightOffset; i < layer.biasOffset; i++) params[i] *= factor;
    });
  }
  const spectral = createSpectralState(layout, rng.fork());
  powerIteration(params, layout, spectral, 3);
  const scaled = Array.from(spectral.scale).filter((scale) => scale < 1).length;
  if (expectScaled) assert.ok(scaled === layout.layerCount, 'every layer should be rescaled');
  else assert.equal(scaled, 0);

  const rows = 6;
  const x = rng.fork().normals(rows * small.dimension);
  for (let i = 0; i < x.length; i++) x[i] *= 1.5;
  const indices = Int32Array.from({ length: rows }, (_, i) => i);
  const orders = [0, 1].map((b) => blockOrder(small.dimension, b));
  const objective = new FlowObjective(layout, orders, rows, referenceEngine);
  const loss = (theta: Float64Array) => {
    updateScales(theta, layout, spectral);
    objective.setParameters(theta, spectral);
    return objective.totalNll(x, indices, 0, rows) / rows;
  };

  updateScales(params, layout, spectral);
  objective.setParameters(params, spectral);
  const value = objective.gradient(x, indices, 0, rows, params, spectral);
  assert.ok(Math.abs(value - loss(params)) < 1e-12);
  const analytic = objective.grads.slice();

  const h = 1e-6;
  let checked = 0;
  for (const layer of layout.layers.flat()) {
    for (let i = layer.weightOffset; i < layer.biasOffset + layer.outputs; i++) {
      const weightIndex = i - layer.weightOffset;
      if (i < layer.biasOffset && layer.mask[weightIndex] === 0) {
        assert.ok(analytic[i] === 0, 'a masked weight must get no gradient');
        continue;
      }
      const up = params.slice(); up[i] += h;
      const down = params.slice(); down[i] -= h;
      const numeric = (loss(up) - loss(down)) / (2 * h);
      assert.ok(Math.abs(analytic[i] - numeric) <= 1e-7 + 1e-6 * Math.abs(numeric),
        `parameter ${i}: analytic ${analytic[i]} vs numeric ${numeric}`);
      checked++;
    }
  }
  assert.ok(checked > 100);
}

test('analytic gradients match central differences when spectral scaling is active', () => {
  gradientCheck(0.5, true);
});

test('analytic gradients match central differences when no layer is rescaled', () => {
  gradientCheck(1e3, false);
});
