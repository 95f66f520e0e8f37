import { assert } from '../util/errors.js';

/**
 * The read-only view of a MAF that certificates need (src/flow/index.ts):
 * block k reads data coordinate order[i] as its input i, and writes its
 * output u_i back to that coordinate; layers map h ↦ h·W̄ + b (W̄ inputs ×
 * outputs, row-major), tanh after every layer but the last, whose columns
 * interleave the shift m_j (2j) and the raw log-scale (2j + 1), with
 * a_j = s·tanh(raw_j) and u_j = (y_j − m_j)·exp(−a_j).
 */
export interface CertifiableFlow {
  readonly dimension: number;
  readonly config: { readonly logScaleBound: number };
  readonly blocks: readonly {
    readonly order: Int32Array;
    readonly layers: readonly {
      readonly inputs: number;
      readonly outputs: number;
      readonly weight: Float64Array;
      readonly bias: Float64Array;
    }[];
  }[];
  /** Per layer, block-major, a certified upper bound on ‖W̄‖₂. */
  certifiedNorms(): Float64Array;
}

/** A box Π_j [lower_j, upper_j]. */
export interface Box {
  lower: Float64Array;
  upper: Float64Array;
}

/** What interval propagation learns about one block over its input box. */
export interface BlockEnclosure {
  /** The block's input box, in block order. */
  input: Box;
  /** Per hidden layer, max over its units of sup (1 − tanh²) on the unit's range. */
  hiddenSlopes: number[];
  /** max_j sup (1 − tanh²(raw_j)) over the box. */
  rawSlope: number;
  /** max_j sup exp(−a_j) over the box (≤ e^s). */
  maxInverseScale: number;
  /** B_k: max_j sup |y_j − m_j| over the box. */
  maxResidual: number;
  /** max_j sup |u_j| over the box. */
  maxOutput: number;
}

// Outward rounding: every computed endpoint is widened by this relative
// amount (plus an absolute floor), far above the few ulps a dot product of
// ≤ 200 terms can lose, so the enclosure stays valid in floating point.
const WIDEN = 1e-12;
const FLOOR = 1e-300;

function widen(value: number, direction: 1 | -1): number {
  return value + direction * (WIDEN * Math.abs(value) + FLOOR);
}

/** sup over t in [low, high] of 1 − tanh²(t): 1 if the range holds 0. */
function maxTanhSlope(low: number, high: number): number {
  if (low <= 0 && high >= 0) return 1;
  const nearest = Math.min(Math.abs(low), Math.abs(high));
  return 1 - Math.tanh(nearest) ** 2;
}

/**
 * Interval image of h ↦ h·W + b for h in a box, by centre and radius:
 *   centre' = c·W + b,   radius' = r·|W|   (exact for one affine map).
 */
function affineInterval(
  lower: Float64Array, upper: Float64Array, weight: Float64Array, bias: Float64Array,
  inputs: number, outputs: number,
): Box {
  const centre = Float64Array.from(bias);
  const radius = new Float64Array(outputs);
  for (let i = 0; i < inputs; i++) {
    const c = (lower[i] + upper[i]) / 2;
    const r = (upper[i] - lower[i]) / 2;
    const row = i * outputs;
    for (let k = 0; k < outputs; k++) {
      const w = weight[row + k];
      centre[k] += c * w;
      radius[k] += r * Math.abs(w);
    }
  }
  const out: Box = { lower: new Float64Array(outputs), upper: new Float64Array(outputs) };
  for (let k = 0; k < outputs; k++) {
    out.lower[k] = widen(centre[k] - radius[k], -1);
    out.upper[k] = widen(centre[k] + radius[k], 1);
  }
  return out;
}

/**
 * Pushes a box through f⁻¹ with interval arithmetic (Moore 1966): each
 * masked affine layer by centre/radius, tanh, a = s·tanh(raw) and exp by
 * monotonicity, and u_j = (y_j − m_j)·exp(−a_j) as a product of an interval
 * with a positive interval. Because m_j and a_j depend only on y_<j, y_j
 * enters independently of them and that step loses nothing; the loss is
 * in the layers (the dependency problem), which is why this bound is loose.
 *
 * @param box in the flow's (encoded) data space; finite, lower ≤ upper.
 * @returns the latent box containing f⁻¹(box), and per-block facts for the
 *   Lipschitz bound.
 */
// Limitation: plain interval arithmetic forgets how hidden units co-vary, so on
// fitted flows this bound runs about 10× above what an adversarial search finds.
export function propagateBox(
  flow: CertifiableFlow, box: Box,
): { latent: Box; blocks: BlockEnclosure[] } {
  const p = flow.dimension;
  const s = flow.config.logScaleBound;
  assert(box.lower.length === p && box.upper.length === p,
    () => `box has ${box.lower.length}/${box.upper.length} bounds for dimension ${p}`);
  let lower = Float64Array.from(box.lower);
  let upper = Float64Array.from(box.upper);
  const blocks: BlockEnclosure[] = [];

  for (const block of flow.blocks) {
    const input: Box = {
      lower: Float64Array.from(block.order, (column) => lower[column]),
      upper: Float64Array.from(block.order, (column) => upper[column]),
    };
    let current = input;
    const hiddenSlopes: number[] = [];
    const last = block.layers.length - 1;
    for (let l = 0; l < last; l++) {
      const { weight, bias, inputs, outputs } = block.layers[l];
      const pre = affineInterval(current.lower, current.upper, weight, bias, inputs, outputs);
      let slope = 0;
      for (let k = 0; k < outputs; k++) {
        slope = Math.max(slope, maxTanhSlope(pre.lower[k], pre.upper[k]));
      }
      hiddenSlopes.push(slope);
      current = { lower: pre.lower.map(Math.tanh), upper: pre.upper.map(Math.tanh) };
    }
    const head = block.layers[last];
    const out = affineInterval(current.lower, current.upper, head.weight, head.bias,
      head.inputs, head.outputs);

    const nextLower = lower.slice();
    const nextUpper = upper.slice();
    let rawSlope = 0;
    let maxInverseScale = 0;
    let maxResidual = 0;
    let maxOutput = 0;
    for (let j = 0; j < p; j++) {
      const shiftLow = out.lower[2 * j];
      const shiftHigh = out.upper[2 * j];
      rawSlope = Math.max(rawSlope, maxTanhSlope(out.lower[2 * j + 1], out.upper[2 * j + 1]));
      const aLow = s * Math.tanh(out.lower[2 * j + 1]);
      const aHigh = s * Math.tanh(out.upper[2 * j + 1]);
      const scaleLow = widen(Math.exp(-aHigh), -1);
      const scaleHigh = widen(Math.exp(-aLow), 1);
      const residualLow = widen(input.lower[j] - shiftHigh, -1);
      const residualHigh = widen(input.upper[j] - shiftLow, 1);
      // (y − m)·e^(−a) with e^(−a) > 0: the extremes pair each residual end
      // with the scale end that pushes it further from zero.
      const uLow = widen(residualLow * (residualLow < 0 ? scaleHigh : scaleLow), -1);
      const uHigh = widen(residualHigh * (residualHigh > 0 ? scaleHigh : scaleLow), 1);
      nextLower[block.order[j]] = uLow;
      nextUpper[block.order[j]] = uHigh;
      maxInverseScale = Math.max(maxInverseScale, scaleHigh);
      maxResidual = Math.max(maxResidual, Math.abs(residualLow), Math.abs(residualHigh));
      maxOutput = Math.max(maxOutput, Math.abs(uLow), Math.abs(uHigh));
    }
    blocks.push({ input, hiddenSlopes, rawSlope, maxInverseScale, maxResidual, maxOutput });
    lower = nextLower;
    upper = nextUpper;
  }
  return { latent: { lower, upper }, blocks };
}

/** diam(box) = √Σ_j (upper_j − lower_j)², the largest distance between two of its points. */
export function boxDiameter(box: Box): number {
  let squared = 0;
  for (let j = 0; j < box.lower.length; j++) squared += (box.upper[j] - box.lower[j]) ** 2;
  return Math.sqrt(squared);
}
