// @ts-nocheck: AssemblyScript (built by scripts/build-wasm.mjs), not checked by tsc.
// Writing a finished block of C: C ← value, or C ← C + value when accumulating.

// @ts-ignore: decorator
@inline export function finish(accumulate: bool, at: usize, value: v128): void {
  v128.store(at, accumulate ? f64x2.add(v128.load(at), value) : value);
}

// @ts-ignore: decorator
@inline export function finishScalar(accumulate: bool, at: usize, value: f64): void {
  store<f64>(at, accumulate ? load<f64>(at) + value : value);
}
