import { referenceEngine } from './reference.js';
import type { Engine } from './types.js';
import { createWasmEngine, wasmSimdAvailable } from './wasm.js';

export type { Engine, Kernels, Workspace } from './types.js';
export { referenceEngine, referenceKernels } from './reference.js';
export { createWasmEngine, wasmSimdAvailable } from './wasm.js';

let chosen: Engine | undefined;

/**
 * The fastest engine this JavaScript runtime supports: the WebAssembly SIMD
 * engine where SIMD is available, the TypeScript reference otherwise. Both
 * agree to rounding, so the choice changes speed, not results beyond ~1e-14.
 */
export function defaultEngine(): Engine {
  chosen ??= wasmSimdAvailable() ? createWasmEngine() : referenceEngine;
  return chosen;
}
