/**
 * The dense numeric kernels the flow is built on. Two engines implement this
 * interface: a plain TypeScript reference (`reference.ts`) and a WebAssembly
 * SIMD engine (`wasm.ts`). Results must agree to rounding; the flow code never
 * knows which one it runs on.
 *
 * Matrices are row-major float64. Arrays passed in are `Float64Array`s that a
 * `Workspace` handed out (views into its memory), or subarrays of them, so a
 * wasm engine can compute on them in place without copying.
 */
export interface Kernels {
  /**
   * General matrix product with BLAS dgemm semantics, row-major:
   *   C ← β·C + op(A)·op(B),  op(X) = X or Xᵀ,  β ∈ {0, 1}.
   * op(A) is m×k, op(B) is k×n, C is m×n. lda, ldb, ldc are row strides
   * (elements) of A, B and C as stored.
   */
  gemm(
    transA: boolean, transB: boolean,
    m: number, n: number, k: number,
    a: Float64Array, lda: number,
    b: Float64Array, ldb: number,
    beta: 0 | 1,
    c: Float64Array, ldc: number,
  ): void;

  /** x[r, j] ← x[r, j] + bias[j] for a rows×n matrix with row stride ldx. */
  addBias(x: Float64Array, bias: Float64Array, rows: number, n: number,
    ldx: number): void;

  /** x[r, j] ← tanh(x[r, j] + bias[j]) for a rows×n matrix (row stride ldx). */
  addBiasTanh(x: Float64Array, bias: Float64Array, rows: number, n: number,
    ldx: number): void;
}

/** Memory the kernels can compute on. */
export interface Workspace {
  readonly kernels: Kernels;
  /**
   * A zero-filled float64 array of the given length, owned by this
   * workspace. Views stay valid for the workspace's lifetime (an engine must
   * size its memory up front rather than grow it under live views).
   */
  allocate(length: number): Float64Array;
}

/** Creates workspaces able to hold `capacity` float64 values in all. */
export interface Engine {
  readonly name: string;
  createWorkspace(capacity: number): Workspace;
}
