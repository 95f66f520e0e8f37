import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Random } from '../../util/random.js';
import { referenceKernels } from './reference.js';
import type { Workspace } from './types.js';
import { createWasmEngine } from './wasm.js';

interface Case {
  transA: boolean; transB: boolean;
  m: number; n: number; k: number;
  /** Extra elements per stored row beyond the width (stride − width). */
  pad: number;
  /** Elements before the first one used (a subarray offset). */
  offset: number;
  beta: 0 | 1;
}

/** A matrix stored with `rows` rows of stride `ld`, as a subarray at `offset`. */
function matrix(space: Workspace, random: Random, rows: number, ld: number, offset: number) {
  const whole = space.allocate(offset + rows * ld);
  for (let i = 0; i < whole.length; i++) whole[i] = random.normal();
  return whole.subarray(offset);
}

/**
 * Runs one product on both engines and checks every element of C, including
 * the padding between rows, which neither engine may touch. The tolerance is
 * relative to Σ|a||b| + |c|, the scale rounding errors are measured against.
 */
function checkCase(space: Workspace, random: Random, t: Case): void {
  const { transA, transB, m, n, k, pad, offset, beta } = t;
  const lda = (transA ? m : k) + pad;
  const ldb = (transB ? k : n) + pad;
  const ldc = n + pad;
  const a = matrix(space, random, transA ? k : m, lda, offset);
  const b = matrix(space, random, transB ? n : k, ldb, offset);
  const c = matrix(space, random, m, ldc, offset);
  const expected = Float64Array.from(c);
  referenceKernels.gemm(transA, transB, m, n, k, a, lda, b, ldb, beta, expected, ldc);
  const before = Float64Array.from(c);
  space.kernels.gemm(transA, transB, m, n, k, a, lda, b, ldb, beta, c, ldc);

  for (let i = 0; i < m; i++) {
    for (let j = 0; j < ldc; j++) {
      const at = i * ldc + j;
      if (j >= n) {
        assert.equal(c[at], before[at], `padding of C changed at (${i}, ${j})`);
        continue;
      }
      let scale = beta === 1 ? Math.abs(before[at]) : 0;
      for (let p = 0; p < k; p++) {
        const aValue = transA ? a[p * lda + i] : a[i * lda + p];
        const bValue = transB ? b[j * ldb + p] : b[p * ldb + j];
        scale += Math.abs(aValue * bValue);
      }
      const error = Math.abs(c[at] - expected[at]);
      assert.ok(error <= 1e-12 * scale, `${JSON.stringify(t)}: C(${i}, ${j}) = ${c[at]}, ` +
        `reference ${expected[at]}, error ${error} above 1e-12 × ${scale}`);
    }
  }
}

const combinations = [[false, false], [false, true], [true, false], [true, true]] as const;

test('wasm gemm equals the reference on random shapes, strides, offsets and β', () => {
  const random = new Random(7);
  const space = createWasmEngine().createWorkspace(2_000_000);
  for (let trial = 0; trial < 200; trial++) {
    const [transA, transB] = combinations[trial % 4];
    checkCase(space, random, {
      transA, transB,
      m: 1 + random.integer(13), n: 1 + random.integer(13), k: random.integer(20),
      pad: random.integer(4), offset: random.integer(5), beta: random.integer(2) as 0 | 1,
    });
  }
});

test('wasm gemm equals the reference at the flow shapes and across blocking edges', () => {
  const random = new Random(8);
  const space = createWasmEngine().createWorkspace(3_000_000);
  const shapes = [
    [1, 1, 1], [256, 128, 16], [256, 32, 128], [16, 128, 256], [7, 301, 263], [300, 5, 513],
  ];
  for (const [m, n, k] of shapes) {
    for (const [transA, transB] of combinations) {
      for (const beta of [0, 1] as const) {
        checkCase(space, random, { transA, transB, m, n, k, pad: 3, offset: 1, beta });
      }
    }
  }
});

test('wasm gemm with k = 0 zeroes C when β = 0 and leaves it alone when β = 1', () => {
  const space = createWasmEngine().createWorkspace(1000);
  const a = space.allocate(4);
  const b = space.allocate(4);
  const c = space.allocate(6);
  c.set([1, 2, 9, 3, 4, 9]);
  space.kernels.gemm(false, false, 2, 2, 0, a, 1, b, 2, 1, c, 3);
  assert.deepEqual(Array.from(c), [1, 2, 9, 3, 4, 9]);
  space.kernels.gemm(false, false, 2, 2, 0, a, 1, b, 2, 0, c, 3);
  assert.deepEqual(Array.from(c), [0, 0, 9, 0, 0, 9]);
});

test('wasm gemm computes a small product exactly', () => {
  const space = createWasmEngine().createWorkspace(1000);
  const a = space.allocate(6);
  const b = space.allocate(6);
  const c = space.allocate(4);
  a.set([1, 2, 3, 4, 5, 6]);
  b.set([1, 0, 0, 1, 1, 1]);
  space.kernels.gemm(false, false, 2, 2, 3, a, 3, b, 2, 0, c, 2);
  assert.deepEqual(Array.from(c), [4, 5, 10, 11]);
  // Aᵀ·Aᵀᵀ with A read transposed: (Aᵀ A)(0, 0) = 1 + 16.
  const d = space.allocate(9);
  space.kernels.gemm(true, false, 3, 3, 2, a, 3, a, 3, 0, d, 3);
  assert.deepEqual(Array.from(d), [17, 22, 27, 22, 29, 36, 27, 36, 45]);
});

test('wasm gemm rejects arrays outside the workspace and views that are too short', () => {
  const space = createWasmEngine().createWorkspace(1000);
  const inside = space.allocate(4);
  const other = createWasmEngine().createWorkspace(10).allocate(4);
  assert.throws(() => space.kernels.gemm(false, false, 2, 2, 2, new Float64Array(4), 2,
    inside, 2, 0, inside, 2), /not a view of this workspace/);
  assert.throws(() => space.kernels.gemm(false, false, 2, 2, 2, inside, 2,
    other, 2, 0, inside, 2), /not a view of this workspace/);
  assert.throws(() => space.kernels.gemm(false, false, 2, 2, 2, inside, 2,
    inside, 2, 0, inside.subarray(1), 2), /holds 3 values/);
  assert.throws(() => space.kernels.gemm(false, false, 2, 2, 2, inside, 1,
    inside, 2, 0, inside, 2), /strides too small/);
});

test('wasm gemm equals the reference when B is a staircase with zero runs and zero panels', () => {
  const random = new Random(9);
  const space = createWasmEngine().createWorkspace(200_000);
  for (const [transA, transB] of combinations) {
    for (const beta of [0, 1] as const) {
      const [m, n, k] = [13, 11, 17];
      const ldb = (transB ? k : n) + 2;
      const a = space.allocate(m * k);
      const b = space.allocate((transB ? n : k) * ldb);
      const c = space.allocate(m * n);
      for (let i = 0; i < a.length; i++) a[i] = random.normal();
      for (let i = 0; i < c.length; i++) c[i] = random.normal();
      // op(B)(p, j) ≠ 0 only for j ≥ 4 and p in a band that moves with j.
      for (let p = 0; p < k; p++) {
        for (let j = 4; j < n; j++) {
          if (p >= j - 4 && p <= j + 3) b[transB ? j * ldb + p : p * ldb + j] = random.normal();
        }
      }
      const lda = transA ? m : k;
      const expected = Float64Array.from(c);
      referenceKernels.gemm(transA, transB, m, n, k, a, lda, b, ldb, beta, expected, n);
      space.kernels.gemm(transA, transB, m, n, k, a, lda, b, ldb, beta, c, n);
      for (let i = 0; i < c.length; i++) {
        assert.ok(Math.abs(c[i] - expected[i]) <= 1e-12 * (1 + Math.abs(expected[i])),
          `transA ${transA}, transB ${transB}, β ${beta}: C[${i}] = ${c[i]}, ` +
          `reference ${expected[i]}`);
      }
    }
  }
});

test('wasm gemm propagates a NaN in B even among zero rows', () => {
  const space = createWasmEngine().createWorkspace(1000);
  const a = space.allocate(8);
  const b = space.allocate(16);
  const c = space.allocate(8);
  a.fill(1);
  b[2 * 4 + 1] = NaN; // op(B)(2, 1) in an otherwise zero 4×4 B
  space.kernels.gemm(false, false, 2, 4, 4, a, 4, b, 4, 0, c, 4);
  assert.deepEqual(Array.from(c), [0, NaN, 0, 0, 0, NaN, 0, 0]);
});
