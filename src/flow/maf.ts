/**
 * The fitted flow: a Masked Autoregressive Flow (Papamakarios et al. 2017)
 * of spectrally normalized MADE blocks, evaluated in float64.
 *
 *   f⁻¹ = T_{B−1} ∘ … ∘ T_0,  T_k(y)_j = (y_j − m_j(y_<j)) · exp(−a_j(y_<j)),
 *   log p(x) = log N(f⁻¹(x); 0, I) − Σ_k Σ_j a_j.
 *
 * @example
 *   const { flow } = trainFlow(x, rows, defaultFlowConfig(p, rows), { seed: 1 });
 *   const z = flow.toLatent(x, rows);
 *   const back = flow.fromLatent(z, rows);   // equals x to ~1e-12
 */
import type { Bijection } from '../mechanism/bijection.js';
import { assert } from '../util/errors.js';
import type { FlowConfig } from './config.js';
import type { Engine, Workspace } from './kernels/types.js';
import { referenceEngine } from './kernels/reference.js';
import { flowLayout, type FlowLayout } from './layout.js';
import { layerViews, type LayerView } from './made.js';
import { activationLength, FlowPasses } from './passes.js';
import { certifiedLayerNorms } from './certify.js';
import { effectiveParameters } from './spectral.js';

/** Everything that defines a fitted flow (what serialize.ts writes). */
export interface FlowState {
  readonly config: FlowConfig;
  /** orders[k][i]: the data column block k treats as its input i + 1. */
  readonly orders: Int32Array[];
  /** Raw (masked, unnormalized) parameters, laid out as in layout.ts. */
  readonly parameters: Float64Array;
  /** Per layer (block-major), the spectral factor min(1, c/σ̂). */
  readonly scales: Float64Array;
  /** Per layer, a certified upper bound on ‖W̄‖₂, once computed. */
  certifiedNorms?: Float64Array;
}

/**
 * One masked layer as the privacy code sees it: y = x·W̄ + b, with W̄ the
 * effective (masked, spectrally normalized) weight, inputs × outputs
 * row-major. Hidden layers apply tanh after; the output layer's columns are
 * interleaved (2j: shift m_j, 2j+1: raw log-scale, a_j = s·tanh(raw)).
 */
export interface FlowLayer {
  readonly inputs: number;
  readonly outputs: number;
  readonly weight: Float64Array;
  readonly bias: Float64Array;
}

/** One MADE block: its order (input i is data coordinate order[i]) and layers. */
export interface FlowBlock {
  readonly order: Int32Array;
  readonly layers: readonly FlowLayer[];
}

/** A fitted MAF; a Bijection between data space and N(0, I). */
export interface Flow extends Bijection {
  readonly config: FlowConfig;
  /** Read-only copies of the effective weights, for certificates. */
  readonly blocks: readonly FlowBlock[];
  /** log p(x) per row, in nats. */
  logDensity(x: Float64Array, rows: number): Float64Array;
  /** Per layer (block-major), a certified upper bound on ‖W̄‖₂ (certify.ts). */
  certifiedNorms(): Float64Array;
}

/** Rows processed per workspace pass when evaluating a fitted flow. */
const CHUNK_ROWS = 512;

export class MaskedAutoregressiveFlow implements Flow {
  readonly config: FlowConfig;
  readonly dimension: number;
  readonly blocks: readonly FlowBlock[];
  readonly layout: FlowLayout;
  private runtime: { passes: FlowPasses; weights: LayerView[][] } | undefined;

  constructor(readonly state: FlowState, private readonly engine: Engine = referenceEngine) {
    this.config = state.config;
    this.dimension = state.config.dimension;
    this.layout = flowLayout(state.config);
    assert(state.parameters.length === this.layout.parameterCount,
      () => `flow has ${state.parameters.length} parameters, `
        + `layout needs ${this.layout.parameterCount}`);
    const effective = new Float64Array(this.layout.parameterCount);
    effectiveParameters(state.parameters, this.layout, state.scales, effective);
    this.blocks = layerViews(effective, this.layout).map((layers, b) => ({
      order: state.orders[b].slice(),
      layers: layers.map(({ layout, weight, bias }) => ({
        inputs: layout.inputs, outputs: layout.outputs, weight, bias,
      })),
    }));
  }

  toLatent(x: Float64Array, rows: number): Float64Array {
    this.checkShape(x, rows, 'toLatent');
    const z = new Float64Array(rows * this.dimension);
    this.inChunks(rows, (passes, weights, first, count) => {
      passes.loadData(x, first, count);
      passes.density(weights, count);
      passes.storeLatent(z, first, count);
    });
    return z;
  }

  fromLatent(z: Float64Array, rows: number): Float64Array {
    return this.sample(z, rows, false);
  }

  /** f by p full network passes per block: the slow reference for tests. */
  fromLatentNaive(z: Float64Array, rows: number): Float64Array {
    return this.sample(z, rows, true);
  }

  logDensity(x: Float64Array, rows: number): Float64Array {
    this.checkShape(x, rows, 'logDensity');
    const p = this.dimension;
    const out = new Float64Array(rows);
    const normalizer = 0.5 * p * Math.log(2 * Math.PI);
    this.inChunks(rows, (passes, weights, first, count) => {
      passes.loadData(x, first, count);
      passes.density(weights, count);
      const latent = passes.acts[passes.acts.length - 1].latent;
      for (let r = 0; r < count; r++) {
        let squares = 0;
        for (let j = 0; j < p; j++) squares += latent[r * p + j] ** 2;
        out[first + r] = -0.5 * squares - normalizer - passes.logScaleSum[r];
      }
    });
    return out;
  }

  certifiedNorms(): Float64Array {
    this.state.certifiedNorms ??= certifiedLayerNorms(this);
    return this.state.certifiedNorms.slice();
  }

  private sample(z: Float64Array, rows: number, naive: boolean): Float64Array {
    this.checkShape(z, rows, 'fromLatent');
    const x = new Float64Array(rows * this.dimension);
    this.inChunks(rows, (passes, weights, first, count) => {
      passes.loadLatent(z, first, count);
      passes.sample(weights, count, naive);
      passes.storeData(x, first, count);
    });
    return x;
  }

  private checkShape(values: Float64Array, rows: number, name: string): void {
    assert(Number.isInteger(rows) && rows >= 0 && values.length === rows * this.dimension,
      () => `${name} got ${values.length} values for ${rows} rows × ${this.dimension}`);
  }

  private inChunks(
    rows: number,
    step: (passes: FlowPasses, weights: LayerView[][], first: number, count: number) => void,
  ): void {
    const { passes, weights } = this.ensureRuntime();
    for (let first = 0; first < rows; first += CHUNK_ROWS) {
      step(passes, weights, first, Math.min(CHUNK_ROWS, rows - first));
    }
  }

  private ensureRuntime(): { passes: FlowPasses; weights: LayerView[][] } {
    if (this.runtime === undefined) {
      const { layout } = this;
      const workspace: Workspace = this.engine.createWorkspace(
        layout.parameterCount + 8 + activationLength(layout, CHUNK_ROWS));
      const effective = workspace.allocate(layout.parameterCount);
      effectiveParameters(this.state.parameters, layout, this.state.scales, effective);
      this.runtime = {
        passes: new FlowPasses(workspace, layout, this.state.orders, CHUNK_ROWS),
        weights: layerViews(effective, layout),
      };
    }
    return this.runtime;
  }
}
