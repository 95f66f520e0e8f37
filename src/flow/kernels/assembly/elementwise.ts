// @ts-nocheck: AssemblyScript (built by scripts/build-wasm.mjs), not checked by tsc.
// Bias and activation kernels, f64x2 SIMD (AssemblyScript).

const LOG2E = 1.4426950408889634;
// ln 2 split so that k·LN2_HI is exact for the |k| ≤ 58 used here.
const LN2_HI = 6.93147180369123816490e-01;
const LN2_LO = 1.90821492927058770002e-10;
// tanh(20) rounds to 1 in float64; clamping keeps 2^k a normal number.
const TANH_SATURATION = 20.0;

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

  // Horner form of r·(1 + r/2! + r²/3! + … + r¹²/13!).
  let q = f64x2.splat(1.0 / 6227020800.0);
  q = f64x2.add(f64x2.splat(1.0 / 479001600.0), f64x2.mul(r, q));
  q = f64x2.add(f64x2.splat(1.0 / 39916800.0), f64x2.mul(r, q));
  q = f64x2.add(f64x2.splat(1.0 / 3628800.0), f64x2.mul(r, q));
  q = f64x2.add(f64x2.splat(1.0 / 362880.0), f64x2.mul(r, q));
  q = f64x2.add(f64x2.splat(1.0 / 40320.0), f64x2.mul(r, q));
  q = f64x2.add(f64x2.splat(1.0 / 5040.0), f64x2.mul(r, q));
  q = f64x2.add(f64x2.splat(1.0 / 720.0), f64x2.mul(r, q));
  q = f64x2.add(f64x2.splat(1.0 / 120.0), f64x2.mul(r, q));
  q = f64x2.add(f64x2.splat(1.0 / 24.0), f64x2.mul(r, q));
  q = f64x2.add(f64x2.splat(1.0 / 6.0), f64x2.mul(r, q));
  q = f64x2.add(f64x2.splat(0.5), f64x2.mul(r, q));
  q = f64x2.add(f64x2.splat(1.0), f64x2.mul(r, q));
  const expm1R = f64x2.mul(r, q);

  // 2^k from its bit pattern: (k + 1023) << 52.
  const k = i64x2.extend_low_i32x4_s(i32x4.trunc_sat_f64x2_s_zero(kf));
  const scale = i64x2.shl(i64x2.add(k, i64x2.splat(1023)), 52);
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
