/**
 * The flow: a spectrally normalized Masked Autoregressive Flow in float64
 * (method.md §2), trained by maximum likelihood, with certificates for the
 * privacy bounds.
 *
 * Training and release:
 *   const config = defaultFlowConfig(p, rows);
 *   const { flow, history } = trainFlow(x, rows, config, { seed, onEpoch });
 *   const z = flow.toLatent(x, rows);      // f⁻¹, one pass per block
 *   const x2 = flow.fromLatent(z, rows);   // f, ≈ one pass per block too
 *   const json = serializeFlow(flow);      // plain object, exact numbers
 *   const again = parseFlow(json);         // LniError 'model-invalid' if bad
 *
 * Read-only API for certificates (privacy/):
 * - flow.config.logScaleBound is s: a_j = s · tanh(raw_j), |a_j| ≤ s.
 * - flow.blocks[k].order: block k's input i (0-based, degree i + 1) is data
 *   coordinate order[i]; its output u_i is written back to the same
 *   coordinate. Blocks apply in order k = 0, 1, … for f⁻¹ (data → latent).
 * - flow.blocks[k].layers[l]: { inputs, outputs, weight, bias } with
 *   weight the effective W̄ = (W ⊙ M) · min(1, c/σ̂), inputs × outputs
 *   row-major, layer map h ↦ h·W̄ + b. Layers 0..L−1 are followed by tanh
 *   (1-Lipschitz); layer L is the output, columns interleaved: 2j is the
 *   shift m_j, 2j + 1 the raw log-scale of coordinate j (block order).
 *   Then u_j = (y_j − m_j) · exp(−s · tanh(raw_j)).
 * - flow.certifiedNorms()[k · (L + 1) + l] ≥ ‖W̄‖₂ of that layer, certified.
 * Treat these arrays as read-only: they are the flow's own copies.
 *
 * Speed: every large product goes through the engine's gemm (pass the wasm
 * engine as `engine`); products with masked weights skip the zero blocks of
 * the staircase masks (staircase.ts), and f computes each hidden unit once
 * (inverse.ts) instead of p network passes per block.
 */
export { defaultFlowConfig, DEFAULT_SPECTRAL_TARGET } from './config.js';
export type { FlowConfig } from './config.js';
export { trainFlow } from './train.js';
export type { TrainResult } from './train.js';
export type { EpochReport, TrainOptions } from './train-options.js';
export { MaskedAutoregressiveFlow } from './maf.js';
export type { Flow, FlowBlock, FlowLayer, FlowState } from './maf.js';
export { serializeFlow, parseFlow, FLOW_FORMAT, FLOW_FORMAT_VERSION } from './serialize.js';
export type { SerializedFlow } from './serialize.js';
export { certifiedSpectralNorm, holderBound, eigenBound } from './certify.js';
export { randomFlow } from './random-flow.js';
export type { Engine } from './kernels/types.js';
export { referenceEngine } from './kernels/reference.js';
