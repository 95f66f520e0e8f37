/**
 * The training objective, mean negative log-likelihood in nats per row,
 *
 *   L(θ) = (1/n) Σ_rows [ ½‖z‖² + (p/2) log 2π + Σ_blocks Σ_j a_j ],  z = f⁻¹(x),
 *
 * and its gradient with respect to the raw parameters, derived by hand
 * through every block (made.ts) and the spectral normalization
 * (spectral.ts). All buffers come from one workspace sized for a batch.
 */
import type { Engine, Workspace } from './kernels/types.js';
import type { FlowLayout } from './layout.js';
import { backwardBlock, layerViews, type BackwardScratch, type LayerView } from './made.js';
import { activationLength, FlowPasses } from './passes.js';
import { effectiveParameters, spectralGradient, type SpectralState } from './spectral.js';

export class FlowObjective {
  /** ∂L/∂θ for the raw parameters after `gradient`. */
  readonly grads: Float64Array;
  private readonly workspace: Workspace;
  private readonly effective: Float64Array;
  private readonly weights: LayerView[][];
  private readonly gradViews: LayerView[][];
  private readonly passes: FlowPasses;
  private readonly scratch: BackwardScratch;
  private readonly gradLatent: Float64Array;
  private readonly gradInput: Float64Array;
  private readonly normalizer: number;

  constructor(
    readonly layout: FlowLayout, orders: Int32Array[], readonly capacity: number,
    engine: Engine,
  ) {
    const { parameterCount, config } = layout;
    const { dimension: p, hidden } = config;
    // Six scratch buffers and two parameter-shaped ones, 8 doubles of alignment each.
    const scratchLength = capacity * (2 * p + 2 * hidden + 1 + 2 * p) + 8 * 8;
    this.workspace = engine.createWorkspace(
      2 * parameterCount + activationLength(layout, capacity) + scratchLength);
    const allocate = (length: number) => this.workspace.allocate(length);
    this.effective = allocate(parameterCount);
    this.grads = allocate(parameterCount);
    this.weights = layerViews(this.effective, layout);
    this.gradViews = layerViews(this.grads, layout);
    this.passes = new FlowPasses(this.workspace, layout, orders, capacity);
    this.scratch = {
      gradOutput: allocate(capacity * 2 * p),
      gradHidden: [allocate(capacity * hidden), allocate(capacity * hidden)],
      ones: allocate(capacity).fill(1),
    };
    this.gradLatent = allocate(capacity * p);
    this.gradInput = allocate(capacity * p);
    this.normalizer = 0.5 * p * Math.log(2 * Math.PI);
  }

  /** Loads W̄ = W · min(1, c/σ̂) from raw parameters and the current scales. */
  setParameters(params: Float64Array, spectral: SpectralState): void {
    effectiveParameters(params, this.layout, spectral.scale, this.effective);
  }

  /**
   * Σ over the given rows of −log p(x) (nats), rows x[indices[from..from+count)].
   * Uses the weights of the last setParameters.
   */
  totalNll(x: Float64Array, indices: Int32Array, from: number, count: number): number {
    const { passes } = this;
    let total = 0;
    for (let start = 0; start < count; start += this.capacity) {
      const rows = Math.min(this.capacity, count - start);
      passes.loadRows(x, indices, from + start, rows);
      passes.density(this.weights, rows);
      total += this.sumNll(rows);
    }
    return total;
  }

  /**
   * Mean NLL of one batch (count ≤ capacity) and, in `grads`, its gradient
   * with respect to the raw parameters, u and v held constant.
   */
  gradient(
    x: Float64Array, indices: Int32Array, from: number, count: number,
    params: Float64Array, spectral: SpectralState,
  ): number {
    const { passes, layout } = this;
    const p = layout.config.dimension;
    const s = layout.config.logScaleBound;
    const kernels = this.workspace.kernels;
    passes.loadRows(x, indices, from, count);
    passes.density(this.weights, count);
    const meanNll = this.sumNll(count) / count;

    const blocks = passes.acts.length;
    const z = passes.acts[blocks - 1].latent;
    for (let i = 0; i < count * p; i++) this.gradLatent[i] = z[i] / count;
    for (let b = blocks - 1; b >= 0; b--) {
      backwardBlock(kernels, this.weights[b], this.gradViews[b], passes.acts[b],
        this.gradLatent, b > 0 ? this.gradInput : null, count, s, this.scratch);
      if (b > 0) passes.unpermute(this.gradInput, this.gradLatent, passes.linkOf(b), count);
    }
    spectralGradient(this.grads, params, layout, spectral);
    return meanNll;
  }

  private sumNll(rows: number): number {
    const p = this.layout.config.dimension;
    const { acts, logScaleSum } = this.passes;
    const z = acts[acts.length - 1].latent;
    let total = 0;
    for (let r = 0; r < rows; r++) {
      let squares = 0;
      for (let j = 0; j < p; j++) squares += z[r * p + j] ** 2;
      total += 0.5 * squares + this.normalizer + logScaleSum[r];
    }
    return total;
  }
}
