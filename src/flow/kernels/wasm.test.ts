import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Random } from '../../util/random.js';
import { defaultEngine } from './index.js';
import { referenceKernels } from './reference.js';
import { createWasmEngine } from './wasm.js';

/** Relative difference, with exact agreement (including NaN = NaN) as 0. */
function relative(x: number, y: number): number {
  if (Object.is(x, y)) return 0;
  return Math.abs(x - y) / Math.max(Math.abs(y), Number.MIN_VALUE);
}

test('wasm addBias equals the reference on strided rows and odd widths', () => {
  const random = new Random(3);
  const space = createWasmEngine().createWorkspace(10_000);
  for (const [rows, n, ldx] of [[1, 1, 1], [3, 5, 8], [4, 16, 16], [2, 7, 7]]) {
    const x = space.allocate(rows * ldx + 1).subarray(1);
    const bias = space.allocate(n + 1).subarray(1);
    for (let i = 0; i < x.length; i++) x[i] = random.normal();
    for (let j = 0; j < n; j++) bias[j] = random.normal();
    const expected = Float64Array.from(x);
    referenceKernels.addBias(expected, bias, rows, n, ldx);
    space.kernels.addBias(x, bias, rows, n, ldx);
    assert.deepEqual(Array.from(x), Array.from(expected));
  }
});

test('wasm addBiasTanh agrees with Math.tanh to 1e-14 relative over many scales', () => {
  const random = new Random(4);
  const space = createWasmEngine().createWorkspace(100_000);
  const rows = 1000;
  const n = 33;
  const x = space.allocate(rows * n);
  const bias = space.allocate(n);
  for (let i = 0; i < x.length; i++) {
    // Magnitudes from 1e-12 to 1e2, both signs.
    x[i] = (random.uniform() < 0.5 ? -1 : 1) * 10 ** (14 * random.uniform() - 12);
  }
  for (let j = 0; j < n; j++) bias[j] = j % 3 === 0 ? 0 : 0.1 * random.normal();
  const expected = Float64Array.from(x);
  referenceKernels.addBiasTanh(expected, bias, rows, n, n);
  space.kernels.addBiasTanh(x, bias, rows, n, n);
  let worst = 0;
  for (let i = 0; i < x.length; i++) worst = Math.max(worst, relative(x[i], expected[i]));
  assert.ok(worst <= 1e-14, `largest relative difference ${worst}`);
});

test('wasm addBiasTanh saturates at large |x| and propagates NaN', () => {
  const space = createWasmEngine().createWorkspace(1000);
  const inputs = [30, -30, 800, -800, Infinity, -Infinity, NaN, 0, -0, 19.5, -22, 5e-324];
  const x = space.allocate(inputs.length);
  const bias = space.allocate(inputs.length);
  x.set(inputs);
  // One row, odd width: the last column takes the scalar tail.
  space.kernels.addBiasTanh(x, bias, 1, inputs.length, inputs.length);
  const expected = inputs.map((v) => Math.tanh(v + 0));
  for (let i = 0; i < inputs.length; i++) {
    assert.ok(relative(x[i], expected[i]) <= 1e-15,
      `tanh(${inputs[i]}) gave ${x[i]}, Math.tanh ${expected[i]}`);
  }
  assert.deepEqual(Array.from(x.subarray(0, 7)), [1, -1, 1, -1, 1, -1, NaN]);
});

test('a NaN bias turns its whole column to NaN and leaves the others finite', () => {
  const space = createWasmEngine().createWorkspace(1000);
  const x = space.allocate(6);
  const bias = space.allocate(3);
  bias.set([0, NaN, 1]);
  space.kernels.addBiasTanh(x, bias, 2, 3, 3);
  assert.deepEqual(Array.from(x), [0, NaN, Math.tanh(1), 0, NaN, Math.tanh(1)]);
});

test('workspace allocations are zero-filled, 64-byte aligned and disjoint', () => {
  const space = createWasmEngine().createWorkspace(100);
  const first = space.allocate(3);
  const second = space.allocate(5);
  first.fill(1);
  assert.deepEqual(Array.from(second), [0, 0, 0, 0, 0]);
  assert.equal(first.buffer, second.buffer);
  assert.equal(first.byteOffset % 64, 0);
  assert.equal(second.byteOffset % 64, 0);
  assert.ok(second.byteOffset >= first.byteOffset + 3 * 8);
});

test('a workspace refuses to hand out more than its memory holds', () => {
  const space = createWasmEngine().createWorkspace(100);
  assert.throws(() => space.allocate(1e7), /workspace exhausted/);
});

test('the default engine is the wasm engine where WebAssembly SIMD exists', () => {
  assert.equal(defaultEngine().name, 'wasm-simd');
  assert.equal(defaultEngine(), defaultEngine());
});
