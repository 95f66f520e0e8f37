// @ts-nocheck: AssemblyScript (built by scripts/build-wasm.mjs), not checked by tsc.
// Bias and activation kernels, f64x2 SIMD (AssemblyScript).

const LOG2E = 1.4426950408889634;
// ln 2 split so that k·LN2_HI is exact for the |k| ≤ 58 used here.
const LN2_HI = 6.93147180369123816490e-01;
const LN2_LO = 1.90821492927058770002e-10;
// tanh(20) rounds to 1 in float64; clamping keeps 2^k a normal number.
const TANH_SATURATION = 20.0;

/** c0 + c1·r lane-wise. */
// @ts-ignore: decorator
@inline function pair(c0: f64, c1: f64, r: v128): v128 {
  return f64x2.add(f64x2.splat(c0), f64x2.mul(f64x2.splat(c1), r));
}

/**
 * expm1(y) = e^y − 1 lane-wise for y ∈ [−40, 0]: y = k·ln 2 + r with
 * |r| ≤ ln2/2, e^r − 1 by its degree-13 Taylor polynomial (truncation below
 * 2e−17 relative), then e^y − 1 = 2^k·(e^r − 1) + (2^k − 1).
 */
// @ts-ignore: decorator
@inline function expm1NonPositive(y: v128): v128 {
  const kf = f64x2.nearest(f64x2.mul(y, f64x2.splat(LOG2E)));
  let r = f64x2.sub(y, f64x2.mul(kf, f64x2.splat(LN2_HI)));
  r = f64x2.sub(r, f64x2.mul(kf, f64x2.splat(LN2_LO)));

  // r·q(r), q(r) = Σ_{i=0..12} r^i/(i+1)!, in Estrin's scheme: a shallow
  // tree of independent products instead of one long Horner chain.
  const r2 = f64x2.mul(r, r);
  const r4 = f64x2.mul(r2, r2);
  const r8 = f64x2.mul(r4, r4);
  const p01 = pair(1.0, 1.0 / 2.0, r);
  const p23 = pair(1.0 / 6.0, 1.0 / 24.0, r);
  const p45 = pair(1.0 / 120.0, 1.0 / 720.0, r);
  const p67 = pair(1.0 / 5040.0, 1.0 / 40320.0, r);
  const p89 = pair(1.0 / 362880.0, 1.0 / 3628800.0, r);
  const p1011 = pair(1.0 / 39916800.0, 1.0 / 479001600.0, r);
  const q0 = f64x2.add(p01, f64x2.mul(p23, r2));
  const q1 = f64x2.add(p45, f64x2.mul(p67, r2));
  const q2 = f64x2.add(p89, f64x2.mul(p1011, r2));
  const o0 = f64x2.add(q0, f64x2.mul(q1, r4));
  const o1 = f64x2.add(q2, f64x2.mul(f64x2.splat(1.0 / 6227020800.0), r4));
  const q = f64x2.add(o0, f64x2.mul(o1, r8));
  const expm1R = f64x2.mul(r, q);

  // 2^k from its bit pattern (k + 1023) << 52. Adding 1.5·2^52 to the
  // integer kf leaves k in the low mantissa bits, so no float→int conversion
  // is needed: the shift keeps k mod 2^12, and −58 ≤ k ≤ 0 here.
  const kBits = f64x2.add(kf, f64x2.splat(6755399441055744.0));
  const scale = i64x2.add(i64x2.shl(kBits, 52), i64x2.splat(<i64>1023 << 52));
  return f64x2.add(f64x2.mul(scale, expm1R), f64x2.sub(scale, f64x2.splat(1.0)));
}

/**
 * tanh(x) lane-wise: with e = expm1(−2|x|), tanh|x| = −e / (2 + e), and the
 * sign of x restored. Within a few ulps of Math.tanh; NaN stays NaN, ±∞ → ±1.
 */
// @ts-ignore: decorator
@inline export function tanh2(x: v128): v128 {
  const magnitude = f64x2.min(f64x2.abs(x), f64x2.splat(TANH_SATURATION));
  const e = expm1NonPositive(f64x2.mul(magnitude, f64x2.splat(-2.0)));
  const t = f64x2.div(f64x2.neg(e), f64x2.add(f64x2.splat(2.0), e));
  const signBit = i64x2.splat(0x8000000000000000);
  return v128.bitselect(x, t, signBit);
}

/** x[r, j] ← x[r, j] + bias[j] for a rows×n matrix with row stride ldx. */
export function addBias(x: usize, bias: usize, rows: i32, n: i32, ldx: i32): void {
  for (let r = 0; r < rows; r++) {
    const row = x + ((<usize>r * ldx) << 3);
    let j = 0;
    for (; j + 2 <= n; j += 2) {
      const at = row + (<usize>j << 3);
      v128.store(at, f64x2.add(v128.load(at), v128.load(bias + (<usize>j << 3))));
    }
    if (j < n) {
      const at = row + (<usize>j << 3);
      store<f64>(at, load<f64>(at) + load<f64>(bias + (<usize>j << 3)));
    }
  }
}

/** x[r, j] ← tanh(x[r, j] + bias[j]) for a rows×n matrix (row stride ldx). */
export function addBiasTanh(x: usize, bias: usize, rows: i32, n: i32, ldx: i32): void {
  for (let r = 0; r < rows; r++) {
    const row = x + ((<usize>r * ldx) << 3);
    let j = 0;
    // Two vectors per step: independent chains keep the FP units busy.
    for (; j + 4 <= n; j += 4) {
      const at = row + (<usize>j << 3);
      const from = bias + (<usize>j << 3);
      const t0 = tanh2(f64x2.add(v128.load(at), v128.load(from)));
      const t1 = tanh2(f64x2.add(v128.load(at, 16), v128.load(from, 16)));
      v128.store(at, t0);
      v128.store(at, t1, 16);
    }
    for (; j + 2 <= n; j += 2) {
      const at = row + (<usize>j << 3);
      v128.store(at, tanh2(f64x2.add(v128.load(at), v128.load(bias + (<usize>j << 3)))));
    }
    if (j < n) {
      // The odd column goes through the same vector formula, for equal results.
      const at = row + (<usize>j << 3);
      const value = load<f64>(at) + load<f64>(bias + (<usize>j << 3));
      store<f64>(at, f64x2.extract_lane(tanh2(f64x2.splat(value)), 0));
    }
  }
}
