/**
 * The sampling direction of one MADE block, x_j = m_j(x_<j) + exp(a_j) · u_j,
 * two ways:
 *
 * - sampleBlock: each hidden unit is computed exactly once, as soon as its
 *   inputs are known. Hidden units are sorted by degree (masks.ts), so the
 *   units of degree d form one column range whose inputs are the first d
 *   coordinates (first layer) or the units of degree ≤ d (later layers): a
 *   sub-matrix gemm on the staircase. Cost ≈ half of one forward pass.
 * - sampleBlockNaive: p full forward passes (Papamakarios et al. 2017);
 *   kept as the reference the fast version is tested against.
 */
import type { Kernels } from './kernels/types.js';
import { forwardNetwork, type BlockActivations, type LayerView } from './made.js';

/**
 * Fills acts.input (y) from acts.latent (u) for `rows` rows.
 * @param ends ends[d] = hidden units of degree ≤ d (layout.ends).
 * @param s the log-scale bound.
 */
export function sampleBlock(
  kernels: Kernels, layers: LayerView[], acts: BlockActivations, rows: number,
  s: number, ends: Int32Array,
): void {
  const p = layers[0].layout.inputs;
  const hiddenLayers = layers.length - 1;
  const width = layers[0].layout.outputs;
  const outputLayer = layers[hiddenLayers];
  const last = acts.hidden[hiddenLayers - 1];
  const { input: y, latent: u, output } = acts;

  for (let j = 0; j < p; j++) {
    if (j >= 1) {
      const start = ends[j - 1];
      const count = ends[j] - start;
      if (count > 0) {
        const first = acts.hidden[0].subarray(start);
        kernels.gemm(false, false, rows, count, j, y, p, layers[0].weight.subarray(start),
          width, 0, first, width);
        kernels.addBiasTanh(first, layers[0].bias.subarray(start), rows, count, width);
        for (let l = 1; l < hiddenLayers; l++) {
          const target = acts.hidden[l].subarray(start);
          kernels.gemm(false, false, rows, count, ends[j], acts.hidden[l - 1], width,
            layers[l].weight.subarray(start), width, 0, target, width);
          kernels.addBiasTanh(target, layers[l].bias.subarray(start), rows, count, width);
        }
      }
    }

    // Coordinate j sees the last layer's units of degree ≤ j.
    const heads = output.subarray(2 * j);
    const known = ends[j];
    if (known > 0) {
      kernels.gemm(false, false, rows, 2, known, last, width,
        outputLayer.weight.subarray(2 * j), 2 * p, 0, heads, 2 * p);
    } else {
      for (let r = 0; r < rows; r++) heads[r * 2 * p] = heads[r * 2 * p + 1] = 0;
    }
    kernels.addBias(heads, outputLayer.bias.subarray(2 * j), rows, 2, 2 * p);
    for (let r = 0; r < rows; r++) {
      const shift = output[r * 2 * p + 2 * j];
      const logScale = s * Math.tanh(output[r * 2 * p + 2 * j + 1]);
      y[r * p + j] = shift + Math.exp(logScale) * u[r * p + j];
    }
  }
}

/** The same map by p full network passes (slow; for tests). */
export function sampleBlockNaive(
  kernels: Kernels, layers: LayerView[], acts: BlockActivations, rows: number,
  s: number,
): void {
  const p = layers[0].layout.inputs;
  const { input: y, latent: u, output } = acts;
  y.fill(0, 0, rows * p);
  for (let j = 0; j < p; j++) {
    forwardNetwork(kernels, layers, acts, rows);
    for (let r = 0; r < rows; r++) {
      const shift = output[r * 2 * p + 2 * j];
      const logScale = s * Math.tanh(output[r * 2 * p + 2 * j + 1]);
      y[r * p + j] = shift + Math.exp(logScale) * u[r * p + j];
    }
  }
}
