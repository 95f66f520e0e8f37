// @ts-nocheck: AssemblyScript (built by scripts/build-wasm.mjs), not checked by tsc.
// General matrix product, row-major float64, f64x2 SIMD (AssemblyScript).
//
//   C ← β·C + op(A)·op(B),  op(A) m×k, op(B) k×n, β ∈ {0, 1}
//
// Pointers are byte offsets into the module's memory; strides are in
// elements. The core multiplies against a row-major B: rows of op(A) are
// taken in blocks that stay in the L1 cache, and each block meets B one
// panel of 4 columns at a time, 4×4 blocks of C held in eight f64x2
// accumulators while p runs (micro.ts). Edges take narrower kernels (4×2,
// 4×1, 1×4, 1×2, 1×1) rather than padding. A transposed B is first copied
// transposed, block by block, into the scratch area, except for C with very
// few rows, where dot products along B's rows are cheaper (dot.ts).

import {
  kernel1x1, kernel1x2, kernel1x4, kernel4x1, kernel4x2, kernel4x4,
} from './micro';
import { dotRow } from './dot';

/** Rows and columns of the scratch block for a transposed B (KC × NC). */
const KC: i32 = 256;
const NC: i32 = 256;

/** Doubles of op(A) meant to stay in the L1 cache during a row block. */
const L1_DOUBLES: i32 = 4096;

/** Below this many rows of C a transposed B is read in place. */
const SMALL_M: i32 = 4;

/** Doubles the caller must reserve at `scratch` for `gemm`. */
export const GEMM_SCRATCH_DOUBLES: i32 = KC * NC;

/**
 * C ← β·C + op(A)·op(B) with dgemm semantics. `scratch` points at
 * GEMM_SCRATCH_DOUBLES doubles this call may overwrite.
 */
export function gemm(
  transA: bool, transB: bool, m: i32, n: i32, k: i32,
  a: usize, lda: i32, b: usize, ldb: i32,
  beta: i32, c: usize, ldc: i32, scratch: usize,
): void {
  if (m <= 0 || n <= 0) return;
  if (k <= 0) {
    if (beta == 0) zeroMatrix(c, m, n, ldc);
    return;
  }

  // Address steps of op(A)(i, p): to the next row i and to the next p.
  const rowStep = transA ? <usize>8 : <usize>lda << 3;
  const depthStep = transA ? <usize>lda << 3 : <usize>8;
  if (!transB) {
    core(m, n, k, a, rowStep, depthStep, b, <usize>ldb << 3, beta != 0, c, ldc);
    return;
  }

  // With few rows of C, transposing B would cost as much as the product.
  if (m < SMALL_M) {
    for (let i = 0; i < m; i++) {
      dotRow(n, k, a + <usize>i * rowStep, depthStep, b, <usize>ldb << 3, beta != 0,
        c + ((<usize>i * ldc) << 3));
    }
    return;
  }

  for (let jc = 0; jc < n; jc += NC) {
    const nc = min(NC, n - jc);
    for (let pc = 0; pc < k; pc += KC) {
      const kc = min(KC, k - pc);
      // op(B)(p, j) = B[j, p]: copy the block transposed, row stride nc.
      transposeInto(scratch, b + ((<usize>jc * ldb + pc) << 3), ldb, nc, kc);
      core(m, nc, kc, a + <usize>pc * depthStep, rowStep, depthStep,
        scratch, <usize>nc << 3, beta != 0 || pc > 0, c + (<usize>jc << 3), ldc);
    }
  }
}

function zeroMatrix(c: usize, m: i32, n: i32, ldc: i32): void {
  for (let i = 0; i < m; i++) memory.fill(c + ((<usize>i * ldc) << 3), 0, <usize>n << 3);
}

/** out[p, j] = src[j, p] for a rows×cols source with row stride ld. */
function transposeInto(out: usize, src: usize, ld: i32, rows: i32, cols: i32): void {
  const rowBytes = <usize>ld << 3;
  for (let j = 0; j < rows; j++) {
    const from = src + <usize>j * rowBytes;
    let to = out + (<usize>j << 3);
    const toStep = <usize>rows << 3;
    for (let p = 0; p < cols; p++) {
      store<f64>(to, load<f64>(from + (<usize>p << 3)));
      to += toStep;
    }
  }
}

/** True when the `width` values of B's row at `at` are all ±0 (NaN is not). */
// @ts-ignore: decorator
@inline function zeroRow(at: usize, width: i32): bool {
  if (width == 4) {
    return !v128.any_true(v128.or(
      f64x2.ne(v128.load(at), f64x2.splat(0)), f64x2.ne(v128.load(at, 16), f64x2.splat(0))));
  }
  if (width == 2) return !v128.any_true(f64x2.ne(v128.load(at), f64x2.splat(0)));
  return load<f64>(at) == 0;
}

/**
 * C (+)= op(A)·B for row-major B. op(A)(i, p) sits at
 * a + i·rowStep + p·depthStep; B(p, j) at b + p·bRow + 8j.
 * C is done one panel of 4 (at the edge 2, 1) columns at a time. Leading and
 * trailing rows of the panel that are all zero are skipped: a MADE mask makes
 * the weights a staircase, so this halves the work of a masked layer.
 */
function core(
  m: i32, n: i32, k: i32, a: usize, rowStep: usize, depthStep: usize,
  b: usize, bRow: usize, accumulate: bool, c: usize, ldc: i32,
): void {
  // Rows per block: a block of op(A) of about L1_DOUBLES stays in cache
  // while every panel of B passes over it.
  const blockRows = max(4, min(m, (L1_DOUBLES / max(k, 1)) & ~3));
  for (let i = 0; i < m; i += blockRows) {
    const rows = min(blockRows, m - i);
    panels(rows, n, k, a + <usize>i * rowStep, rowStep, depthStep, b, bRow, accumulate,
      c + <usize>i * (<usize>ldc << 3), ldc);
  }
}

/** core on at most a block of rows: panel by panel, rows innermost. */
function panels(
  m: i32, n: i32, k: i32, a: usize, rowStep: usize, depthStep: usize,
  b: usize, bRow: usize, accumulate: bool, c: usize, ldc: i32,
): void {
  const cRow = <usize>ldc << 3;
  let j = 0;
  while (j < n) {
    const width = n - j >= 4 ? 4 : n - j >= 2 ? 2 : 1;
    const panel = b + (<usize>j << 3);
    let first = 0;
    while (first < k && zeroRow(panel + <usize>first * bRow, width)) first++;
    let end = k;
    while (end > first && zeroRow(panel + <usize>(end - 1) * bRow, width)) end--;

    const depth = end - first;
    const aFrom = a + <usize>first * depthStep;
    const bFrom = panel + <usize>first * bRow;
    const cPanel = c + (<usize>j << 3);
    let i = 0;
    for (; i + 4 <= m; i += 4) {
      const aStrip = aFrom + <usize>i * rowStep;
      const cStrip = cPanel + <usize>i * cRow;
      if (width == 4) {
        kernel4x4(depth, aStrip, rowStep, depthStep, bFrom, bRow, accumulate, cStrip, cRow);
      } else if (width == 2) {
        kernel4x2(depth, aStrip, rowStep, depthStep, bFrom, bRow, accumulate, cStrip, cRow);
      } else {
        kernel4x1(depth, aStrip, rowStep, depthStep, bFrom, bRow, accumulate, cStrip, cRow);
      }
    }
    for (; i < m; i++) {
      const aRow = aFrom + <usize>i * rowStep;
      const cAt = cPanel + <usize>i * cRow;
      if (width == 4) kernel1x4(depth, aRow, depthStep, bFrom, bRow, accumulate, cAt);
      else if (width == 2) kernel1x2(depth, aRow, depthStep, bFrom, bRow, accumulate, cAt);
      else kernel1x1(depth, aRow, depthStep, bFrom, bRow, accumulate, cAt);
    }
    j += width;
  }
}
