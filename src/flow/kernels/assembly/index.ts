// @ts-nocheck: AssemblyScript (built by scripts/build-wasm.mjs), not checked by tsc.
// Entry point of the kernels module: the functions the engine calls.
export { gemm, GEMM_SCRATCH_DOUBLES } from './gemm';
export { addBias, addBiasTanh } from './elementwise';
