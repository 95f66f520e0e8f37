import { test } from 'node:test';
import assert from 'node:assert/strict';
import { LniError } from '../util/errors.js';
import { Random } from '../util/random.js';
import { randomFlow } from './random-flow.js';
import { parseFlow, serializeFlow } from './serialize.js';

const config = {
  dimension: 4, blocks: 3, hidden: 10, layers: 2, logScaleBound: 2, spectralTarget: 1.5,
};

function errorOf(fn: () => unknown): LniError {
  try { fn(); } catch (error) { if (error instanceof LniError) return error; throw error; }
  assert.fail('expected an LniError');
}

test('a flow survives JSON text exactly: identical parameters, latents and samples', () => {
  const flow = randomFlow(config, 6, 3);
  const text = JSON.stringify(serializeFlow(flow));
  const parsed = parseFlow(JSON.parse(text));
  assert.deepEqual(parsed.state.parameters, flow.state.parameters);
  assert.deepEqual(parsed.certifiedNorms(), flow.certifiedNorms());
  const x = new Random(2).normals(50 * config.dimension);
  assert.deepEqual(parsed.toLatent(x, 50), flow.toLatent(x, 50));
  assert.deepEqual(parsed.fromLatent(x, 50), flow.fromLatent(x, 50));
  assert.deepEqual(parsed.blocks.map((b) => b.order), flow.blocks.map((b) => b.order));
});

test('parsing rejects foreign, truncated and corrupt objects with model-invalid', () => {
  const good = serializeFlow(randomFlow(config, 6, 1));
  const cases: [string, unknown, RegExp][] = [
    ['not an object', 'hello', /JSON object/],
    ['foreign format', { ...good, format: 'torch' }, /"format"/],
    ['future version', { ...good, version: 2 }, /version 2/],
    ['truncated parameters', { ...good, parameters: good.parameters.slice(0, 100) },
      /"parameters"/],
    ['missing scales', { ...good, scales: undefined }, /"scales"/],
    ['null parameter', { ...good, parameters: good.parameters.map((v, i) => (i === 3 ? null : v)) },
      /"parameters"\[3\]/],
    ['bad config', { ...good, config: { ...good.config, hidden: -1 } }, /hidden/],
    ['order not a permutation', { ...good, orders: [[0, 0, 1, 2], ...good.orders.slice(1)] },
      /permutation/],
    ['scale above one', { ...good, scales: good.scales.map(() => 2) }, /"scales"/],
    ['missing config', { ...good, config: undefined }, /config/],
    ['understated norms', { ...good, certifiedNorms: good.certifiedNorms.map((v) => v / 2) },
      /below the certified norm/],
  ];
  for (const [name, value, message] of cases) {
    const error = errorOf(() => parseFlow(value));
    assert.equal(error.code, 'model-invalid', name);
    assert.match(error.message, message, name);
  }
});

test('parsing rejects a weight outside the autoregressive mask', () => {
  const good = serializeFlow(randomFlow(config, 6, 1));
  // Input p (last row of W₁) has degree p, above every hidden degree.
  const forbidden = (config.dimension - 1) * config.hidden;
  assert.equal(good.parameters[forbidden], 0);
  const corrupt = { ...good, parameters: good.parameters.slice() };
  corrupt.parameters[forbidden] = 0.5;
  assert.match(errorOf(() => parseFlow(corrupt)).message, /outside the autoregressive mask/);
});
