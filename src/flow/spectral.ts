/**
 * Spectral normalization of the masked weights (Miyato et al., "Spectral
 * Normalization for Generative Adversarial Networks", ICLR 2018), to a
 * target c rather than 1:
 *
 *   W̄ = (W ⊙ M) · min(1, c / σ̂),   σ̂ = vᵀ (W ⊙ M) u,
 *
 * with u, v persistent power-iteration vectors, advanced one step per
 * training step and treated as constants in the gradient (as
 * torch.nn.utils.spectral_norm does). σ̂ approaches the largest singular
 * value from below; certify.ts gives the certified upper bound.
 *
 * Raw weights are stored already masked (entries outside M are zero and
 * their gradient is masked), so W ⊙ M = W throughout.
 */
import type { Random } from '../util/random.js';
import type { FlowLayout, LayerLayout } from './layout.js';

/** Power-iteration vectors and current estimates, one entry per layer. */
export interface SpectralState {
  /** v_l ∈ R^inputs for every layer, concatenated. */
  readonly left: Float64Array;
  /** u_l ∈ R^outputs for every layer, concatenated. */
  readonly right: Float64Array;
  /** σ̂_l = v_lᵀ W_l u_l. */
  readonly sigma: Float64Array;
  /** min(1, c / σ̂_l), the factor applied to W_l. */
  readonly scale: Float64Array;
}

interface Slot { layer: LayerLayout; left: number; right: number; index: number }

function slots(layout: FlowLayout): Slot[] {
  const out: Slot[] = [];
  let left = 0;
  let right = 0;
  for (const layer of layout.layers.flat()) {
    out.push({ layer, left, right, index: out.length });
    left += layer.inputs;
    right += layer.outputs;
  }
  return out;
}

/** Random unit starting vectors (seeded), estimates not yet computed. */
export function createSpectralState(layout: FlowLayout, rng: Random): SpectralState {
  const all = slots(layout);
  const last = all[all.length - 1];
  const left = rng.normals(last.left + last.layer.inputs);
  const right = rng.normals(last.right + last.layer.outputs);
  for (const slot of all) {
    normalize(left.subarray(slot.left, slot.left + slot.layer.inputs));
    normalize(right.subarray(slot.right, slot.right + slot.layer.outputs));
  }
  const sigma = new Float64Array(all.length);
  const scale = new Float64Array(all.length).fill(1);
  return { left, right, sigma, scale };
}

export function copySpectralState(state: SpectralState): SpectralState {
  return {
    left: state.left.slice(), right: state.right.slice(),
    sigma: state.sigma.slice(), scale: state.scale.slice(),
  };
}

/** Scales the vector to unit length in place; returns its former length. */
function normalize(vector: Float64Array): number {
  let sum = 0;
  for (let i = 0; i < vector.length; i++) sum += vector[i] * vector[i];
  // A zero matrix (e.g. the output layer when p = 1) leaves the vector as is.
  if (sum === 0) return 0;
  const length = Math.sqrt(sum);
  for (let i = 0; i < vector.length; i++) vector[i] /= length;
  return length;
}

/**
 * `steps` power iterations on every layer: v ← W u / ‖W u‖, u ← Wᵀ v / ‖Wᵀ v‖;
 * then σ̂ = ‖Wᵀ v‖ (= vᵀ W u for the new u) and scale = min(1, c/σ̂). Loops
 * visit only the unmasked suffix of each row.
 */
export function powerIteration(
  params: Float64Array, layout: FlowLayout, state: SpectralState, steps = 1,
): void {
  const target = layout.config.spectralTarget;
  for (const { layer, left, right, index } of slots(layout)) {
    const { inputs, outputs, weightOffset, rowStarts } = layer;
    const v = state.left.subarray(left, left + inputs);
    const u = state.right.subarray(right, right + outputs);
    let sigma = 0;
    for (let step = 0; step < steps; step++) {
      for (let i = 0; i < inputs; i++) {
        let sum = 0;
        const row = weightOffset + i * outputs;
        for (let k = rowStarts[i]; k < outputs; k++) sum += params[row + k] * u[k];
        v[i] = sum;
      }
      normalize(v);
      u.fill(0);
      for (let i = 0; i < inputs; i++) {
        const row = weightOffset + i * outputs;
        const vi = v[i];
        for (let k = rowStarts[i]; k < outputs; k++) u[k] += params[row + k] * vi;
      }
      sigma = normalize(u);
    }
    state.sigma[index] = sigma;
    state.scale[index] = sigma > target ? target / sigma : 1;
  }
}

/**
 * σ̂_l = v_lᵀ W_l u_l with the current vectors, and scale_l = min(1, c/σ̂_l),
 * without advancing the iteration: after a parameter update, and in the
 * gradient test, where u and v must stay fixed.
 */
export function updateScales(
  params: Float64Array, layout: FlowLayout, state: SpectralState,
): void {
  const target = layout.config.spectralTarget;
  for (const { layer, left, right, index } of slots(layout)) {
    const { inputs, outputs, weightOffset, rowStarts } = layer;
    let sigma = 0;
    for (let i = 0; i < inputs; i++) {
      const row = weightOffset + i * outputs;
      let sum = 0;
      for (let k = rowStarts[i]; k < outputs; k++) sum += params[row + k] * state.right[right + k];
      sigma += state.left[left + i] * sum;
    }
    state.sigma[index] = sigma;
    state.scale[index] = sigma > target ? target / sigma : 1;
  }
}

/**
 * W̄ = W · scale for every layer; biases copied unchanged. Masked entries of
 * `out` are not written: they must already be zero (fresh buffers are).
 */
export function effectiveParameters(
  params: Float64Array, layout: FlowLayout, scale: Float64Array, out: Float64Array,
): void {
  for (const { layer, index } of slots(layout)) {
    const { inputs, outputs, weightOffset, biasOffset, rowStarts } = layer;
    const factor = scale[index];
    for (let i = 0; i < inputs; i++) {
      const row = weightOffset + i * outputs;
      for (let k = row + rowStarts[i]; k < row + outputs; k++) out[k] = params[k] * factor;
    }
    for (let k = biasOffset; k < biasOffset + outputs; k++) out[k] = params[k];
  }
}

/**
 * Turns ∂L/∂W̄ (in `grads`, in place) into ∂L/∂W, with u, v constant:
 *   scale = 1:  ∂L/∂W = M ⊙ G
 *   scale < 1:  ∂L/∂W = M ⊙ scale · (G − (⟨G, W⟩ / σ̂) · v uᵀ)
 * (from W̄ = c W / σ̂ and ∂σ̂/∂W = v uᵀ). Bias gradients pass unchanged.
 */
export function spectralGradient(
  grads: Float64Array, params: Float64Array, layout: FlowLayout, state: SpectralState,
): void {
  for (const { layer, left, right, index } of slots(layout)) {
    const { inputs, outputs, weightOffset, rowStarts } = layer;
    const factor = state.scale[index];
    let inner = 0;
    for (let i = 0; i < inputs; i++) {
      const row = weightOffset + i * outputs;
      grads.fill(0, row, row + rowStarts[i]);
      for (let k = row + rowStarts[i]; k < row + outputs; k++) inner += grads[k] * params[k];
    }
    if (factor === 1) continue;
    const projection = inner / state.sigma[index];
    for (let i = 0; i < inputs; i++) {
      const vi = projection * state.left[left + i];
      const row = weightOffset + i * outputs;
      for (let k = rowStarts[i]; k < outputs; k++) {
        grads[row + k] = factor * (grads[row + k] - vi * state.right[right + k]);
      }
    }
  }
}
