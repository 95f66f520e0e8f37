// @ts-nocheck: AssemblyScript (built by scripts/build-wasm.mjs), not checked by tsc.
// Micro-kernels of gemm (AssemblyScript, f64x2): a 4×4, 4×2, 4×1, 1×4, 1×2
// or 1×1 block of C (+)= Σ_p op(A)(i, p)·B(p, j), the block of C held in
// registers while p runs. op(A)(i, p) sits at a + i·rowStep + p·depthStep,
// B(p, j) at b + p·bRow + 8j, C(i, j) at c + i·cRow + 8j.

import { finish, finishScalar } from './store';

export function kernel4x4(
  k: i32, a: usize, rowStep: usize, depthStep: usize, b: usize, bRow: usize,
  accumulate: bool, c: usize, cRow: usize,
): void {
  let c00 = f64x2.splat(0), c01 = f64x2.splat(0);
  let c10 = f64x2.splat(0), c11 = f64x2.splat(0);
  let c20 = f64x2.splat(0), c21 = f64x2.splat(0);
  let c30 = f64x2.splat(0), c31 = f64x2.splat(0);
  let a0 = a, a1 = a + rowStep, a2 = a + 2 * rowStep, a3 = a + 3 * rowStep;
  let bp = b;
  for (let p = 0; p < k; p++) {
    const b0 = v128.load(bp), b1 = v128.load(bp, 16);
    let x = v128.load64_splat(a0);
    c00 = f64x2.add(c00, f64x2.mul(x, b0)); c01 = f64x2.add(c01, f64x2.mul(x, b1));
    x = v128.load64_splat(a1);
    c10 = f64x2.add(c10, f64x2.mul(x, b0)); c11 = f64x2.add(c11, f64x2.mul(x, b1));
    x = v128.load64_splat(a2);
    c20 = f64x2.add(c20, f64x2.mul(x, b0)); c21 = f64x2.add(c21, f64x2.mul(x, b1));
    x = v128.load64_splat(a3);
    c30 = f64x2.add(c30, f64x2.mul(x, b0)); c31 = f64x2.add(c31, f64x2.mul(x, b1));
    a0 += depthStep; a1 += depthStep; a2 += depthStep; a3 += depthStep;
    bp += bRow;
  }
  finish(accumulate, c, c00); finish(accumulate, c + 16, c01);
  c += cRow;
  finish(accumulate, c, c10); finish(accumulate, c + 16, c11);
  c += cRow;
  finish(accumulate, c, c20); finish(accumulate, c + 16, c21);
  c += cRow;
  finish(accumulate, c, c30); finish(accumulate, c + 16, c31);
}

export function kernel4x2(
  k: i32, a: usize, rowStep: usize, depthStep: usize, b: usize, bRow: usize,
  accumulate: bool, c: usize, cRow: usize,
): void {
  let c0 = f64x2.splat(0), c1 = f64x2.splat(0);
  let c2 = f64x2.splat(0), c3 = f64x2.splat(0);
  let a0 = a, a1 = a + rowStep, a2 = a + 2 * rowStep, a3 = a + 3 * rowStep;
  let bp = b;
  for (let p = 0; p < k; p++) {
    const b0 = v128.load(bp);
    c0 = f64x2.add(c0, f64x2.mul(v128.load64_splat(a0), b0));
    c1 = f64x2.add(c1, f64x2.mul(v128.load64_splat(a1), b0));
    c2 = f64x2.add(c2, f64x2.mul(v128.load64_splat(a2), b0));
    c3 = f64x2.add(c3, f64x2.mul(v128.load64_splat(a3), b0));
    a0 += depthStep; a1 += depthStep; a2 += depthStep; a3 += depthStep;
    bp += bRow;
  }
  finish(accumulate, c, c0); c += cRow;
  finish(accumulate, c, c1); c += cRow;
  finish(accumulate, c, c2); c += cRow;
  finish(accumulate, c, c3);
}

export function kernel4x1(
  k: i32, a: usize, rowStep: usize, depthStep: usize, b: usize, bRow: usize,
  accumulate: bool, c: usize, cRow: usize,
): void {
  // Rows 0,1 share one vector and rows 2,3 another: (a0, a1)·b, (a2, a3)·b.
  let c01 = f64x2.splat(0), c23 = f64x2.splat(0);
  let a0 = a, a2 = a + 2 * rowStep;
  let bp = b;
  for (let p = 0; p < k; p++) {
    const x = v128.load64_splat(bp);
    const pair01 = v128.load64_lane(a0 + rowStep, v128.load64_zero(a0), 1);
    const pair23 = v128.load64_lane(a2 + rowStep, v128.load64_zero(a2), 1);
    c01 = f64x2.add(c01, f64x2.mul(pair01, x));
    c23 = f64x2.add(c23, f64x2.mul(pair23, x));
    a0 += depthStep; a2 += depthStep;
    bp += bRow;
  }
  finishScalar(accumulate, c, f64x2.extract_lane(c01, 0)); c += cRow;
  finishScalar(accumulate, c, f64x2.extract_lane(c01, 1)); c += cRow;
  finishScalar(accumulate, c, f64x2.extract_lane(c23, 0)); c += cRow;
  finishScalar(accumulate, c, f64x2.extract_lane(c23, 1));
}

/** One row of C, four columns: c[0..4) (+)= Σ_p a(p)·B(p, 0..4). */
export function kernel1x4(
  k: i32, a: usize, depthStep: usize, b: usize, bRow: usize, accumulate: bool, c: usize,
): void {
  let s0 = f64x2.splat(0), s1 = f64x2.splat(0);
  let ap = a, bp = b;
  for (let p = 0; p < k; p++) {
    const x = v128.load64_splat(ap);
    s0 = f64x2.add(s0, f64x2.mul(x, v128.load(bp)));
    s1 = f64x2.add(s1, f64x2.mul(x, v128.load(bp, 16)));
    ap += depthStep; bp += bRow;
  }
  finish(accumulate, c, s0); finish(accumulate, c + 16, s1);
}

export function kernel1x2(
  k: i32, a: usize, depthStep: usize, b: usize, bRow: usize, accumulate: bool, c: usize,
): void {
  let s = f64x2.splat(0);
  let ap = a, bp = b;
  for (let p = 0; p < k; p++) {
    s = f64x2.add(s, f64x2.mul(v128.load64_splat(ap), v128.load(bp)));
    ap += depthStep; bp += bRow;
  }
  finish(accumulate, c, s);
}

export function kernel1x1(
  k: i32, a: usize, depthStep: usize, b: usize, bRow: usize, accumulate: bool, c: usize,
): void {
  let s = 0.0;
  let ap = a, bp = b;
  for (let p = 0; p < k; p++) {
    s += load<f64>(ap) * load<f64>(bp);
    ap += depthStep; bp += bRow;
  }
  finishScalar(accumulate, c, s);
}
