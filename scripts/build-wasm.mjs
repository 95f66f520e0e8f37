// Placeholder until the wasm kernels land: nothing to build yet.
