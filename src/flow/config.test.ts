import { test } from 'node:test';
import assert from 'node:assert/strict';
import { LniError } from '../util/errors.js';
import { checkFlowConfig, defaultFlowConfig } from './config.js';
import { resolveTrainOptions } from './train-options.js';

test('default widths grow with rows, stay in [max(32, 2p), 128] and cover p − 1 degrees', () => {
  for (const p of [1, 5, 16, 30, 80]) {
    let previous = 0;
    for (const rows of [1, 300, 768, 3000, 10_000, 70_000, 1_000_000]) {
      const { hidden, blocks, layers } = defaultFlowConfig(p, rows);
      assert.ok(hidden >= previous, `p ${p}, rows ${rows}`);
      assert.ok(hidden >= Math.min(128, Math.max(32, 2 * p)) && hidden <= Math.max(128, 2 * p));
      assert.ok(hidden >= p - 1, 'every degree needs a hidden unit');
      assert.equal(blocks, 5);
      assert.equal(layers, 2);
      previous = hidden;
    }
  }
});

test('default training options give about 12,000 steps, within the stated clamps', () => {
  for (const rows of [2, 300, 3000, 10_000, 70_000]) {
    const resolved = resolveTrainOptions({ seed: 1 }, rows);
    const steps = Math.ceil((rows * 0.9) / resolved.batchSize);
    assert.ok(resolved.batchSize >= 32 && resolved.batchSize <= 256);
    assert.ok(resolved.epochs >= 40 && resolved.epochs <= 800);
    assert.ok(resolved.epochs * steps >= 12000 || resolved.epochs === 800);
    assert.ok(resolved.patience >= 10 && resolved.patience <= 40);
  }
});

test('a configuration out of range names the field, with the code asked for', () => {
  const good = defaultFlowConfig(4, 100);
  for (const [field, value] of [['dimension', 0], ['hidden', 2.5], ['spectralTarget', -1],
    ['logScaleBound', NaN], ['blocks', 1e6]] as const) {
    assert.throws(() => checkFlowConfig({ ...good, [field]: value }, 'model-invalid'),
      (error: unknown) => error instanceof LniError && error.code === 'model-invalid'
        && error.message.includes(field));
  }
  assert.doesNotThrow(() => checkFlowConfig(good));
});
