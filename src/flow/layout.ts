import { assert } from '../util/errors.js';
import type { FlowConfig } from './config.js';
import { degreeEnds, hiddenDegrees, madeMasks } from './masks.js';
import { staircaseGroups, type StaircaseGroups } from './staircase.js';

/** Where one masked layer lives in the flat parameter vector. */
export interface LayerLayout {
  readonly block: number;
  readonly inputs: number;
  readonly outputs: number;
  /** Offset of the inputs × outputs weight matrix (row-major, y = x·W + b). */
  readonly weightOffset: number;
  /** Offset of the bias vector (length outputs). */
  readonly biasOffset: number;
  /** Connectivity, same layout as the weight; shared by all blocks. */
  readonly mask: Uint8Array;
  /**
   * rowStarts[i]: first allowed column of row i. Sorted degrees make every
   * row of every mask a suffix, so row i's weights are columns rowStarts[i]..
   */
  readonly rowStarts: Int32Array;
  /** How products with this weight skip its zero blocks (staircase.ts). */
  readonly groups: StaircaseGroups;
}

/**
 * All parameters of the flow in one flat float64 vector, block after block,
 * each layer's weight then bias. Adam, snapshots and serialization work on
 * the whole vector at once.
 */
export interface FlowLayout {
  readonly config: FlowConfig;
  /** layers[b][l]: layer l (0 = first, last = output) of block b. */
  readonly layers: LayerLayout[][];
  readonly parameterCount: number;
  readonly layerCount: number;
  /** Sorted hidden degrees, shared by every hidden layer of every block. */
  readonly degrees: Int32Array;
  /** ends[d]: hidden units of degree ≤ d (see masks.ts). */
  readonly ends: Int32Array;
  /**
   * [begin, end) pairs covering every trainable parameter (unmasked weights
   * and biases); per-step work outside gemm loops over these only.
   */
  readonly activeRanges: Int32Array;
}

/** The parameter layout, masks and degrees of a configuration (deterministic). */
export function flowLayout(config: FlowConfig): FlowLayout {
  const { dimension: p, hidden, layers: depth } = config;
  const masks = madeMasks(p, hidden, depth);
  const widths = [p, ...Array<number>(depth).fill(hidden), 2 * p];
  const layers: LayerLayout[][] = [];
  let offset = 0;
  for (let block = 0; block < config.blocks; block++) {
    const blockLayers: LayerLayout[] = [];
    for (let l = 0; l < masks.length; l++) {
      const inputs = widths[l];
      const outputs = widths[l + 1];
      const weightOffset = offset;
      const biasOffset = offset + inputs * outputs;
      offset = biasOffset + outputs;
      const mask = masks[l];
      const rowStarts = suffixStarts(mask, inputs, outputs);
      const groups = staircaseGroups(rowStarts, outputs);
      blockLayers.push({
        block, inputs, outputs, weightOffset, biasOffset, mask, rowStarts, groups,
      });
    }
    layers.push(blockLayers);
  }
  const degrees = hiddenDegrees(p, hidden);
  const ranges: number[] = [];
  for (const layer of layers.flat()) {
    for (let i = 0; i < layer.inputs; i++) {
      const begin = layer.weightOffset + i * layer.outputs + layer.rowStarts[i];
      const end = layer.weightOffset + (i + 1) * layer.outputs;
      if (begin < end) addRange(ranges, begin, end);
    }
    addRange(ranges, layer.biasOffset, layer.biasOffset + layer.outputs);
  }
  return {
    config,
    layers,
    parameterCount: offset,
    layerCount: config.blocks * masks.length,
    degrees,
    ends: degreeEnds(degrees, p),
    activeRanges: Int32Array.from(ranges),
  };
}

function addRange(ranges: number[], begin: number, end: number): void {
  if (ranges.length > 0 && ranges[ranges.length - 1] === begin) ranges[ranges.length - 1] = end;
  else ranges.push(begin, end);
}

function suffixStarts(mask: Uint8Array, inputs: number, outputs: number): Int32Array {
  const starts = new Int32Array(inputs);
  for (let i = 0; i < inputs; i++) {
    let start = 0;
    while (start < outputs && mask[i * outputs + start] === 0) start++;
    for (let k = start; k < outputs; k++) {
      assert(mask[i * outputs + k] === 1, () => `mask row ${i} is not a suffix at column ${k}`);
    }
    starts[i] = start;
  }
  return starts;
}

/**
 * The order of block b: identity for even b, reversed for odd b. order[i] is
 * the data coordinate that the block treats as its (i + 1)-th input.
 */
export function blockOrder(p: number, block: number): Int32Array {
  const order = new Int32Array(p);
  for (let i = 0; i < p; i++) order[i] = block % 2 === 0 ? i : p - 1 - i;
  return order;
}
