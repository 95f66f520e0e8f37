/**
 * Whole-flow passes over a batch of rows held in workspace memory: the
 * density direction (f⁻¹, one network pass per block) and the sampling
 * direction (f). Rows enter and leave in data coordinates; each block works
 * in its own order, so values are permuted at block boundaries.
 */
import type { Workspace } from './kernels/types.js';
import type { FlowLayout } from './layout.js';
import {
  allocateActivations, densityStep, forwardNetwork, type BlockActivations, type LayerView,
} from './made.js';
import { sampleBlock, sampleBlockNaive } from './inverse.js';

/** Doubles the activations of `capacity` rows need (for Workspace sizing). */
export function activationLength(layout: FlowLayout, capacity: number): number {
  const { dimension: p, hidden, layers, blocks } = layout.config;
  // 8 doubles per allocation: room for an engine that aligns each one.
  const alignment = 8 * (blocks * (layers + 5) + 1);
  return blocks * capacity * (6 * p + layers * hidden) + capacity + alignment;
}

export class FlowPasses {
  readonly acts: BlockActivations[];
  /** Σ over blocks and coordinates of a, per row (log |det ∂x/∂z|). */
  readonly logScaleSum: Float64Array;
  private readonly p: number;
  /** links[b][i]: position in block b−1's output of block b's input i. */
  private readonly links: Int32Array[];

  constructor(
    readonly workspace: Workspace, readonly layout: FlowLayout,
    readonly orders: Int32Array[], readonly capacity: number,
  ) {
    const { dimension: p, hidden, layers } = layout.config;
    this.p = p;
    const allocate = (length: number) => workspace.allocate(length);
    this.acts = orders.map(() => allocateActivations(allocate, capacity, p, hidden, layers));
    this.logScaleSum = workspace.allocate(capacity);
    this.links = orders.map((order, b) => {
      if (b === 0) return order.slice();
      const position = new Int32Array(p);
      orders[b - 1].forEach((column, i) => { position[column] = i; });
      return order.map((column) => position[column]);
    });
  }

  /** Copies rows firstRow.. of x (data coordinates) into block 0's input. */
  loadData(x: Float64Array, firstRow: number, rows: number): void {
    this.gather(x, firstRow, rows, this.orders[0], this.acts[0].input);
  }

  /** Copies the given rows (by index) of x into block 0's input. */
  loadRows(x: Float64Array, indices: Int32Array, from: number, rows: number): void {
    const { p } = this;
    const order = this.orders[0];
    const input = this.acts[0].input;
    for (let r = 0; r < rows; r++) {
      const source = indices[from + r] * p;
      for (let i = 0; i < p; i++) input[r * p + i] = x[source + order[i]];
    }
  }

  /** f⁻¹ on the loaded rows: the last block's latent and logScaleSum. */
  density(weights: LayerView[][], rows: number): void {
    const { p } = this;
    const s = this.layout.config.logScaleBound;
    const kernels = this.workspace.kernels;
    this.logScaleSum.fill(0, 0, rows);
    for (let b = 0; b < this.acts.length; b++) {
      if (b > 0) this.permute(this.acts[b - 1].latent, this.acts[b].input, this.links[b], rows);
      forwardNetwork(kernels, weights[b], this.acts[b], rows);
      densityStep(this.acts[b], rows, p, s, this.logScaleSum);
    }
  }

  /** Writes the last block's latent to z (data coordinates) at firstRow. */
  storeLatent(z: Float64Array, firstRow: number, rows: number): void {
    const last = this.acts.length - 1;
    this.scatter(this.acts[last].latent, rows, this.orders[last], z, firstRow);
  }

  /** Loads rows of z (data coordinates) as the last block's latent. */
  loadLatent(z: Float64Array, firstRow: number, rows: number): void {
    const last = this.acts.length - 1;
    this.gather(z, firstRow, rows, this.orders[last], this.acts[last].latent);
  }

  /** f on the loaded latent rows; the result is block 0's input. */
  sample(weights: LayerView[][], rows: number, naive = false): void {
    const { config, ends } = this.layout;
    const kernels = this.workspace.kernels;
    for (let b = this.acts.length - 1; b >= 0; b--) {
      if (naive) sampleBlockNaive(kernels, weights[b], this.acts[b], rows, config.logScaleBound);
      else sampleBlock(kernels, weights[b], this.acts[b], rows, config.logScaleBound, ends);
      if (b > 0) this.unpermute(this.acts[b].input, this.acts[b - 1].latent, this.links[b], rows);
    }
  }

  /** Writes block 0's input to x (data coordinates) at firstRow. */
  storeData(x: Float64Array, firstRow: number, rows: number): void {
    this.scatter(this.acts[0].input, rows, this.orders[0], x, firstRow);
  }

  /** Backward counterpart of a block boundary: ∂L/∂u_{b−1} from ∂L/∂y_b. */
  unpermute(source: Float64Array, target: Float64Array, link: Int32Array, rows: number): void {
    const { p } = this;
    for (let r = 0; r < rows; r++) {
      for (let i = 0; i < p; i++) target[r * p + link[i]] = source[r * p + i];
    }
  }

  linkOf(block: number): Int32Array {
    return this.links[block];
  }

  private permute(source: Float64Array, target: Float64Array, link: Int32Array, rows: number) {
    const { p } = this;
    for (let r = 0; r < rows; r++) {
      for (let i = 0; i < p; i++) target[r * p + i] = source[r * p + link[i]];
    }
  }

  private gather(
    x: Float64Array, firstRow: number, rows: number, order: Int32Array, target: Float64Array,
  ): void {
    const { p } = this;
    for (let r = 0; r < rows; r++) {
      const source = (firstRow + r) * p;
      for (let i = 0; i < p; i++) target[r * p + i] = x[source + order[i]];
    }
  }

  private scatter(
    source: Float64Array, rows: number, order: Int32Array, x: Float64Array, firstRow: number,
  ): void {
    const { p } = this;
    for (let r = 0; r < rows; r++) {
      const target = (firstRow + r) * p;
      for (let i = 0; i < p; i++) x[target + order[i]] = source[r * p + i];
    }
  }
}
