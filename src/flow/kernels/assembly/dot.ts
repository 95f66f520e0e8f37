// @ts-nocheck: AssemblyScript (built by scripts/build-wasm.mjs), not checked by tsc.
// Rows of C against a transposed B, read in place (AssemblyScript, f64x2).

import { finishScalar } from './store';

// @ts-ignore: decorator
@inline function loadPair(at: usize, step: usize): v128 {
  return step == 8 ? v128.load(at) : v128.load64_lane(at + step, v128.load64_zero(at), 1);
}

// @ts-ignore: decorator
@inline function laneSum(v: v128): f64 {
  return f64x2.extract_lane(v, 0) + f64x2.extract_lane(v, 1);
}

/**
 * One row of C against a transposed B: c[j] (+)= Σ_p a(p)·B[j, p], as dot
 * products along the contiguous rows of B, two values of p per step.
 */
export function dotRow(
  n: i32, k: i32, a: usize, depthStep: usize, b: usize, bRow: usize,
  accumulate: bool, c: usize,
): void {
  const pairs = k >> 1;
  const pairStep = depthStep << 1;
  let j = 0;
  // Four rows of B at a time: four independent sums hide the add latency.
  for (; j + 4 <= n; j += 4) {
    let s0 = f64x2.splat(0), s1 = f64x2.splat(0), s2 = f64x2.splat(0), s3 = f64x2.splat(0);
    let ap = a, bp = b + <usize>j * bRow;
    for (let q = 0; q < pairs; q++) {
      const x = loadPair(ap, depthStep);
      s0 = f64x2.add(s0, f64x2.mul(x, v128.load(bp)));
      s1 = f64x2.add(s1, f64x2.mul(x, v128.load(bp + bRow)));
      s2 = f64x2.add(s2, f64x2.mul(x, v128.load(bp + 2 * bRow)));
      s3 = f64x2.add(s3, f64x2.mul(x, v128.load(bp + 3 * bRow)));
      ap += pairStep; bp += 16;
    }
    let t0 = laneSum(s0), t1 = laneSum(s1), t2 = laneSum(s2), t3 = laneSum(s3);
    if (k & 1) {
      const x = load<f64>(ap);
      t0 += x * load<f64>(bp); t1 += x * load<f64>(bp + bRow);
      t2 += x * load<f64>(bp + 2 * bRow); t3 += x * load<f64>(bp + 3 * bRow);
    }
    const at = c + (<usize>j << 3);
    finishScalar(accumulate, at, t0); finishScalar(accumulate, at + 8, t1);
    finishScalar(accumulate, at + 16, t2); finishScalar(accumulate, at + 24, t3);
  }
  for (; j < n; j++) {
    let sum = f64x2.splat(0);
    let ap = a, bp = b + <usize>j * bRow;
    for (let q = 0; q < pairs; q++) {
      sum = f64x2.add(sum, f64x2.mul(loadPair(ap, depthStep), v128.load(bp)));
      ap += pairStep; bp += 16;
    }
    let total = laneSum(sum);
    if (k & 1) total += load<f64>(ap) * load<f64>(bp);
    finishScalar(accumulate, c + (<usize>j << 3), total);
  }
}
