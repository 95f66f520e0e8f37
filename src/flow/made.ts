/**
 * One MADE block of the MAF in its density direction, forward and backward,
 * on a batch of rows (Papamakarios et al., "Masked Autoregressive Flow for
 * Density Estimation", NeurIPS 2017).
 *
 *   h₁ = tanh(y·W₁ + b₁), …, h_L = tanh(h_{L−1}·W_L + b_L),
 *   o = h_L·W_out + b_out,  m_j = o[2j],  a_j = s · tanh(o[2j+1]),
 *   u_j = (y_j − m_j) · exp(−a_j).
 *
 * All arrays are row-major and in the block's order; every matrix product
 * goes through the engine's gemm, skipping the masks' zero blocks
 * (staircase.ts).
 */
import type { Kernels } from './kernels/types.js';
import type { FlowLayout, LayerLayout } from './layout.js';
import {
  staircaseForward, staircaseInputGradient, staircaseWeightGradient,
} from './staircase.js';

/** A layer's weight and bias as views into a flat parameter-shaped buffer. */
export interface LayerView {
  readonly layout: LayerLayout;
  readonly weight: Float64Array;
  readonly bias: Float64Array;
}

/** Views of every layer (per block) into a buffer laid out like the parameters. */
export function layerViews(buffer: Float64Array, layout: FlowLayout): LayerView[][] {
  return layout.layers.map((blockLayers) => blockLayers.map((layer) => ({
    layout: layer,
    weight: buffer.subarray(layer.weightOffset, layer.biasOffset),
    bias: buffer.subarray(layer.biasOffset, layer.biasOffset + layer.outputs),
  })));
}

/** Activations of one block for up to `capacity` rows. */
export interface BlockActivations {
  /** y, the block's input in its order (capacity × p). */
  readonly input: Float64Array;
  /** tanh outputs of each hidden layer (capacity × hidden). */
  readonly hidden: Float64Array[];
  /** Interleaved shift / raw log-scale (capacity × 2p). */
  readonly output: Float64Array;
  /** u, the block's output in its order (capacity × p). */
  readonly latent: Float64Array;
  /** tanh(raw_j), kept from the density pass for the backward pass. */
  readonly logScaleTanh: Float64Array;
  /** exp(−a_j), likewise. */
  readonly inverseScale: Float64Array;
}

/** Activation buffers for one block, from the given allocator (a workspace's). */
export function allocateActivations(
  allocate: (length: number) => Float64Array, capacity: number, p: number,
  hidden: number, layers: number,
): BlockActivations {
  return {
    input: allocate(capacity * p),
    hidden: Array.from({ length: layers }, () => allocate(capacity * hidden)),
    output: allocate(capacity * 2 * p),
    latent: allocate(capacity * p),
    logScaleTanh: allocate(capacity * p),
    inverseScale: allocate(capacity * p),
  };
}

/** Runs the MADE network: fills `hidden` and `output` from `input`. */
export function forwardNetwork(
  kernels: Kernels, layers: LayerView[], acts: BlockActivations, rows: number,
): void {
  let source = acts.input;
  let width = layers[0].layout.inputs;
  for (let l = 0; l < layers.length; l++) {
    const { weight, bias, layout } = layers[l];
    const last = l === layers.length - 1;
    const target = last ? acts.output : acts.hidden[l];
    const n = layout.outputs;
    staircaseForward(kernels, layout.groups, rows, width, n, source, weight, target);
    if (last) kernels.addBias(target, bias, rows, n, n);
    else kernels.addBiasTanh(target, bias, rows, n, n);
    source = target;
    width = n;
  }
}

/**
 * u = (y − m) · exp(−a) from the network output; adds Σ_j a_j of each row to
 * logScaleSum[row] (the block's log |det ∂x/∂u|).
 */
export function densityStep(
  acts: BlockActivations, rows: number, p: number, s: number,
  logScaleSum: Float64Array,
): void {
  const { input, output, latent, logScaleTanh, inverseScale } = acts;
  for (let r = 0; r < rows; r++) {
    let sum = 0;
    for (let j = 0; j < p; j++) {
      const t = Math.tanh(output[r * 2 * p + 2 * j + 1]);
      const factor = Math.exp(-s * t);
      latent[r * p + j] = (input[r * p + j] - output[r * 2 * p + 2 * j]) * factor;
      logScaleTanh[r * p + j] = t;
      inverseScale[r * p + j] = factor;
      sum += s * t;
    }
    logScaleSum[r] += sum;
  }
}

/** Scratch memory for the backward pass, shared by all blocks. */
export interface BackwardScratch {
  /** ∂L/∂o (capacity × 2p). */
  readonly gradOutput: Float64Array;
  /** Two capacity × hidden buffers for ∂L/∂(pre-activation), used in turn. */
  readonly gradHidden: [Float64Array, Float64Array];
  /** A column of ones (capacity), to sum gradient rows into bias gradients by gemm. */
  readonly ones: Float64Array;
}

/**
 * Backward pass of one block for the loss L = mean_rows(½‖z‖² + Σ a) + const.
 * Given gradLatent = ∂L/∂u (rows × p), writes ∂L/∂y into gradInput (unless
 * null: the first block's input is the data, whose gradient nobody needs) and the
 * gradients of the effective weights and biases into `grads` (overwritten).
 *
 *   ∂L/∂m_j = −g_j e^{−a_j},  ∂L/∂a_j = 1/rows − g_j u_j,
 *   ∂L/∂raw_j = ∂L/∂a_j · s (1 − tanh² raw_j),  ∂L/∂y_j ∋ g_j e^{−a_j},
 * then the usual chain rule through tanh layers (tanh' = 1 − h²).
 */
export function backwardBlock(
  kernels: Kernels, layers: LayerView[], grads: LayerView[], acts: BlockActivations,
  gradLatent: Float64Array, gradInput: Float64Array | null, rows: number, s: number,
  scratch: BackwardScratch,
): void {
  const p = layers[0].layout.inputs;
  const { latent, logScaleTanh, inverseScale: inverseScales } = acts;
  const gradOutput = scratch.gradOutput;
  const perRow = 1 / rows;
  for (let r = 0; r < rows; r++) {
    for (let j = 0; j < p; j++) {
      const t = logScaleTanh[r * p + j];
      const inverseScale = inverseScales[r * p + j];
      const g = gradLatent[r * p + j];
      const gradLogScale = perRow - g * latent[r * p + j];
      gradOutput[r * 2 * p + 2 * j] = -g * inverseScale;
      gradOutput[r * 2 * p + 2 * j + 1] = gradLogScale * s * (1 - t * t);
      if (gradInput !== null) gradInput[r * p + j] = g * inverseScale;
    }
  }

  let upstream = gradOutput;
  let flip = 0;
  for (let l = layers.length - 1; l >= 0; l--) {
    const { layout, weight } = layers[l];
    const n = layout.outputs;
    const k = layout.inputs;
    const source = l === 0 ? acts.input : acts.hidden[l - 1];
    staircaseWeightGradient(kernels, layout.groups, rows, k, n, source, upstream,
      grads[l].weight);
    kernels.gemm(false, false, 1, n, rows, scratch.ones, rows, upstream, n, 0,
      grads[l].bias, n);
    if (l === 0) {
      if (gradInput !== null) {
        staircaseInputGradient(kernels, layout.groups, rows, k, n, upstream, weight, 1, gradInput);
      }
      break;
    }
    const next = scratch.gradHidden[flip];
    flip = 1 - flip;
    staircaseInputGradient(kernels, layout.groups, rows, k, n, upstream, weight, 0, next);
    const h = acts.hidden[l - 1];
    const count = rows * k;
    for (let i = 0; i < count; i++) next[i] *= 1 - h[i] * h[i];
    upstream = next;
  }
}
