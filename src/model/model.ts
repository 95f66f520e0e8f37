import { defaultFlowConfig, parseFlow, serializeFlow, trainFlow } from '../flow/index.js';
import type { EpochReport, FlowConfig, MaskedAutoregressiveFlow } from '../flow/index.js';
import type { Engine } from '../flow/kernels/types.js';
import { defaultEngine } from '../flow/kernels/index.js';
import { Encoder, validateSchema } from '../table/index.js';
import type { Schema, Table } from '../table/index.js';
import { LniError } from '../util/errors.js';
import { Random } from '../util/random.js';
import { calibrateCutpoints } from './cutpoints.js';
import { checkSeed } from './synthesize.js';

export const MODEL_FORMAT = 'lni-model';
export const MODEL_VERSION = 1;

/** A fitted lni model: how to encode the table, and the flow on the encoding. */
export interface LniModel {
  readonly schema: Schema;
  readonly encoder: Encoder;
  readonly flow: MaskedAutoregressiveFlow;
  readonly training: TrainingSummary;
}

/** What the fit did, kept in the model file (aggregates only). */
export interface TrainingSummary {
  rows: number;
  seed: number;
  config: FlowConfig;
  epochsRun: number;
  bestEpoch: number;
  finalTrainNll: number;
  finalValidationNll: number;
  /** Per epoch: NLLs (nats per row) and the largest spectral norm. */
  history: { epoch: number; trainNll: number; validationNll: number; maxSpectralNorm: number }[];
  /** Per layer, certified upper bounds on the spectral norms, at save. */
  certifiedNorms: number[];
}

export interface FitOptions {
  seed: number;
  epochs?: number;
  batchSize?: number;
  learningRate?: number;
  patience?: number;
  blocks?: number;
  hidden?: number;
  layers?: number;
  spectralTarget?: number;
  logScaleBound?: number;
  engine?: Engine;
  onEpoch?: (report: EpochReport) => void;
  shouldStop?: () => boolean;
  /** The input's name, for error messages. */
  file?: string;
  /**
   * An encoder fitted elsewhere (e.g. on all rows, when the flow is fitted
   * on an audit subset); by default one is fitted on `table`.
   */
  encoder?: Encoder;
}

/**
 * Fits the encoder and the flow on the given rows. The encoding draws its
 * dequantization noise from a stream derived from `seed`; the flow's
 * initialization and shuffles from another.
 */
export function fitModel(table: Table, schema: Schema, options: FitOptions): LniModel {
  checkSeed(options.seed);
  const encoder = options.encoder ?? Encoder.fit(table, schema, options.file);
  if (encoder.dimension === 0) {
    throw new LniError('nothing-to-model',
      'no column is left to model (all are constant, empty, excluded or ID-like)',
      { file: options.file, hint: 'check the schema: lni schema FILE -o schema.json' });
  }
  const rng = new Random(options.seed);
  const x = encoder.encode(table, rng.fork(), options.file);
  const redraws = encoder.encodings(table, rng.fork(), options.file);
  const defaults = defaultFlowConfig(encoder.dimension, table.rowCount);
  const config: FlowConfig = {
    dimension: encoder.dimension,
    blocks: options.blocks ?? defaults.blocks,
    hidden: options.hidden ?? defaults.hidden,
    layers: options.layers ?? defaults.layers,
    spectralTarget: options.spectralTarget ?? defaults.spectralTarget,
    logScaleBound: options.logScaleBound ?? defaults.logScaleBound,
  };
  const result = trainFlow(x, table.rowCount, config, {
    seed: options.seed,
    epochs: options.epochs,
    batchSize: options.batchSize,
    learningRate: options.learningRate,
    patience: options.patience,
    engine: options.engine ?? defaultEngine(),
    onEpoch: options.onEpoch,
    shouldStop: options.shouldStop,
    redraw: redraws,
  });
  // The cuts come from their own stream, after training, so adding them
  // left the fitted weights of a given seed unchanged.
  const decoder = encoder.withCutpoints(calibrateCutpoints(encoder, result.flow, rng.fork()),
    'as-given');
  const last = result.history[result.history.length - 1];
  const training: TrainingSummary = {
    rows: table.rowCount,
    seed: options.seed,
    config,
    epochsRun: result.history.length,
    bestEpoch: result.bestEpoch,
    finalTrainNll: last?.trainNll ?? Number.NaN,
    finalValidationNll: last?.validationNll ?? Number.NaN,
    history: result.history.map(({ epoch, trainNll, validationNll, maxSpectralNorm }) =>
      ({ epoch, trainNll, validationNll, maxSpectralNorm })),
    certifiedNorms: Array.from(result.flow.certifiedNorms()),
  };
  // A copy: the caller may go on editing its schema object (to try another
  // variant), and the model file must describe the encoder fitted here.
  return { schema: structuredClone(schema), encoder: decoder, flow: result.flow, training };
}

/** The model as one JSON document (format, version, schema, encoder, flow). */
export function serializeModel(model: LniModel): unknown {
  // A copy throughout: the encoder's JSON shares its arrays with the live
  // encoder, so editing the document (rounding, redacting) changed the model.
  return structuredClone({
    format: MODEL_FORMAT,
    version: MODEL_VERSION,
    schema: model.schema,
    encoder: model.encoder.toJSON(),
    flow: serializeFlow(model.flow),
    training: model.training,
  });
}

/** Reads a model document back; LniError 'model-invalid' for anything else. */
export function parseModel(json: unknown, file?: string, engine?: Engine): LniModel {
  const invalid = (message: string) => new LniError('model-invalid', message, {
    file, hint: 'the file is corrupt, truncated or not an lni model; fit it again',
  });
  if (typeof json !== 'object' || json === null || Array.isArray(json)) {
    throw invalid('not an lni model (expected a JSON object)');
  }
  const record = json as Record<string, unknown>;
  if (record.format !== MODEL_FORMAT) throw invalid('not an lni model (no "format": "lni-model")');
  if (record.version !== MODEL_VERSION) {
    throw invalid(`model format version ${String(record.version)} is not supported ` +
      `(this lni reads version ${MODEL_VERSION})`);
  }
  for (const key of ['schema', 'encoder', 'flow', 'training']) {
    if (!(key in record)) throw invalid(`the model has no "${key}" section`);
  }
  try {
    const schema = validateSchema(record.schema);
    const encoder = Encoder.fromJSON(record.encoder);
    const tooLarge = weightsTooLargeToCertify(record.flow);
    if (tooLarge !== null) throw invalid(tooLarge);
    const flow = parseFlow(record.flow, engine ?? defaultEngine());
    if (flow.config.dimension !== encoder.dimension) {
      throw invalid(`the flow has ${flow.config.dimension} dimensions but the encoder ` +
        `${encoder.dimension}`);
    }
    const training = record.training;
    if (typeof training !== 'object' || training === null || Array.isArray(training)
      || !(Number.isInteger((training as { rows?: unknown }).rows)
        && ((training as { rows: number }).rows) >= 0)) {
      throw invalid('the model\'s "training" section has no row count ("rows")');
    }
    return { schema, encoder, flow, training: training as TrainingSummary };
  } catch (error) {
    if (error instanceof LniError && error.file === undefined) {
      throw new LniError('model-invalid', error.message, { file, hint: error.hint });
    }
    throw error;
  }
}

/**
 * Largest Euclidean norm of all flow weights together that the spectral
 * certificate can handle. Each layer's Gram matrix WᵀW has entries up to
 * ‖W‖²_F, and its eigen-decomposition squares them again: at 1e50 that is
 * 1e200, far inside float64 (1.8e308). A trained flow's weights have a
 * norm in the tens to hundreds, so no real model comes near.
 */
const MAX_WEIGHT_NORM = 1e50;

/**
 * Why the flow's weights cannot be certified (a sentence), or null. Only
 * finite numbers are measured: parseFlow reports anything else.
 */
function weightsTooLargeToCertify(flow: unknown): string | null {
  if (typeof flow !== 'object' || flow === null) return null;
  const parameters = (flow as Record<string, unknown>).parameters;
  if (!Array.isArray(parameters)) return null;
  // Scaled by the largest magnitude, so the sum of squares cannot overflow.
  const finite = parameters.filter((v): v is number => typeof v === 'number'
    && Number.isFinite(v));
  const largest = finite.reduce((a, v) => Math.max(a, Math.abs(v)), 0);
  if (largest === 0) return null;
  const norm = largest * Math.sqrt(finite.reduce((a, v) => a + (v / largest) ** 2, 0));
  if (norm <= MAX_WEIGHT_NORM) return null;
  return `the flow's weights are too large to certify (norm ${norm.toPrecision(3)}, ` +
    `above ${MAX_WEIGHT_NORM}): no finite sensitivity certificate exists for them`;
}
