/**
 * The fitted flow as a plain JSON object and back. JSON numbers carry every
 * float64 exactly (shortest round-trip printing), so a parsed flow computes
 * bit-identical latents. Parsing checks everything a corrupt, truncated or
 * foreign object could get wrong and says what it found.
 */
import { LniError } from '../util/errors.js';
import { checkFlowConfig, type FlowConfig } from './config.js';
import type { Engine } from './kernels/types.js';
import { referenceEngine } from './kernels/reference.js';
import { flowLayout } from './layout.js';
import { MaskedAutoregressiveFlow } from './maf.js';

export const FLOW_FORMAT = 'lni-flow';
export const FLOW_FORMAT_VERSION = 1;

export interface SerializedFlow {
  format: typeof FLOW_FORMAT;
  version: typeof FLOW_FORMAT_VERSION;
  config: FlowConfig;
  /** orders[k][i]: the data column block k treats as input i + 1. */
  orders: number[][];
  /** Raw masked weights and biases, block after block (layout.ts). */
  parameters: number[];
  /** Per layer, min(1, c/σ̂): the effective weight is parameters × scale. */
  scales: number[];
  /** Per layer, a certified upper bound on the effective ‖W̄‖₂. */
  certifiedNorms: number[];
}

/** A JSON-ready copy of the flow, with its per-layer certified norms. */
export function serializeFlow(flow: MaskedAutoregressiveFlow): SerializedFlow {
  const { state } = flow;
  return {
    format: FLOW_FORMAT,
    version: FLOW_FORMAT_VERSION,
    config: { ...state.config },
    orders: state.orders.map((order) => Array.from(order)),
    parameters: Array.from(state.parameters),
    scales: Array.from(state.scales),
    certifiedNorms: Array.from(flow.certifiedNorms()),
  };
}

function invalid(message: string): LniError {
  return new LniError('model-invalid', `Flow model: ${message}`, {
    hint: 'the model file is corrupt, truncated or not an lni flow; fit it again',
  });
}

function numbers(value: unknown, name: string, length: number): Float64Array {
  if (!Array.isArray(value)) throw invalid(`"${name}" must be an array of numbers.`);
  if (value.length !== length) {
    throw invalid(`"${name}" has ${value.length} entries, the configuration needs ${length}.`);
  }
  const out = new Float64Array(length);
  for (let i = 0; i < length; i++) {
    const entry: unknown = value[i];
    if (typeof entry !== 'number' || !Number.isFinite(entry)) {
      throw invalid(`"${name}"[${i}] is ${JSON.stringify(entry)}, not a finite number.`);
    }
    out[i] = entry;
  }
  return out;
}

function parseOrders(value: unknown, blocks: number, p: number): Int32Array[] {
  if (!Array.isArray(value) || value.length !== blocks) {
    throw invalid(`"orders" must list one order per block (${blocks}).`);
  }
  return value.map((order, b) => {
    const values = numbers(order, `orders[${b}]`, p);
    const seen = new Uint8Array(p);
    for (const column of values) {
      if (!Number.isInteger(column) || column < 0 || column >= p || seen[column] === 1) {
        throw invalid(`"orders[${b}]" is not a permutation of 0..${p - 1}.`);
      }
      seen[column] = 1;
    }
    return Int32Array.from(values);
  });
}

/**
 * Rebuilds a flow from serializeFlow's output (already JSON.parse'd).
 * @throws LniError 'model-invalid' naming the first problem found.
 */
export function parseFlow(
  json: unknown, engine: Engine = referenceEngine,
): MaskedAutoregressiveFlow {
  if (typeof json !== 'object' || json === null || Array.isArray(json)) {
    throw invalid('expected a JSON object.');
  }
  const record = json as Record<string, unknown>;
  if (record.format !== FLOW_FORMAT) {
    throw invalid(`"format" is ${JSON.stringify(record.format)}, expected "${FLOW_FORMAT}".`);
  }
  if (record.version !== FLOW_FORMAT_VERSION) {
    throw invalid(`version ${JSON.stringify(record.version)} is not supported `
      + `(this lni reads version ${FLOW_FORMAT_VERSION}).`);
  }
  const config = parseConfig(record.config);
  const layout = flowLayout(config);
  const orders = parseOrders(record.orders, config.blocks, config.dimension);
  const parameters = numbers(record.parameters, 'parameters', layout.parameterCount);
  for (const layer of layout.layers.flat()) {
    for (let i = 0; i < layer.mask.length; i++) {
      if (layer.mask[i] === 0 && parameters[layer.weightOffset + i] !== 0) {
        throw invalid(`a weight outside the autoregressive mask is nonzero `
          + `(parameter ${layer.weightOffset + i}).`);
      }
    }
  }
  const scales = numbers(record.scales, 'scales', layout.layerCount);
  if (scales.some((scale) => !(scale > 0 && scale <= 1))) {
    throw invalid('"scales" must lie in (0, 1].');
  }
  const certifiedNorms = numbers(record.certifiedNorms, 'certifiedNorms', layout.layerCount);
  const flow = new MaskedAutoregressiveFlow({ config, orders, parameters, scales }, engine);
  // A stored bound below what the weights certify would understate the
  // Lipschitz product the privacy summary relies on: recompute and compare.
  const recomputed = flow.certifiedNorms();
  recomputed.forEach((norm, layer) => {
    if (!(certifiedNorms[layer] >= norm * (1 - 1e-6))) {
      throw invalid(`"certifiedNorms"[${layer}] is ${certifiedNorms[layer]}, below the `
        + `certified norm ${norm} of that layer's weights.`);
    }
  });
  flow.state.certifiedNorms = certifiedNorms;
  return flow;
}

function parseConfig(value: unknown): FlowConfig {
  if (typeof value !== 'object' || value === null) throw invalid('"config" is missing.');
  const record = value as Record<string, unknown>;
  const fields = ['dimension', 'blocks', 'hidden', 'layers', 'logScaleBound',
    'spectralTarget'] as const;
  for (const field of fields) {
    if (typeof record[field] !== 'number') {
      throw invalid(`"config.${field}" must be a number, got ${JSON.stringify(record[field])}.`);
    }
  }
  const entries = fields.map((field) => [field, record[field]]);
  const config = Object.fromEntries(entries) as unknown as FlowConfig;
  checkFlowConfig(config, 'model-invalid');
  return config;
}
