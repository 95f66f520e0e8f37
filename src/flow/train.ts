/**
 * Maximum-likelihood training of the spectrally normalized MAF: Adam on
 * seeded-shuffled minibatches, one power iteration per step, a validation
 * split with early stopping that restores the best weights.
 */
import { LniError } from '../util/errors.js';
import { Random } from '../util/random.js';
import { checkFlowConfig, type FlowConfig } from './config.js';
import { Adam } from './adam.js';
import type { Engine } from './kernels/types.js';
import { referenceEngine } from './kernels/reference.js';
import { blockOrder, flowLayout, type FlowLayout } from './layout.js';
import { MaskedAutoregressiveFlow } from './maf.js';
import { FlowObjective } from './objective.js';
import {
  copySpectralState, createSpectralState, powerIteration, updateScales,
} from './spectral.js';
import { resolveTrainOptions, type EpochReport, type TrainOptions } from './train-options.js';

export interface TrainResult {
  flow: MaskedAutoregressiveFlow;
  history: EpochReport[];
  /** 1-based epoch whose weights were kept (0: the untrained start). */
  bestEpoch: number;
}

/**
 * Initial raw parameters: weights uniform in ±1/√inputs (masked), biases 0;
 * the output layer ×0.1 so every block starts close to the identity.
 */
export function initialParameters(layout: FlowLayout, rng: Random): Float64Array {
  const params = new Float64Array(layout.parameterCount);
  for (const blockLayers of layout.layers) {
    blockLayers.forEach((layer, l) => {
      const last = l === blockLayers.length - 1;
      const bound = (last ? 0.1 : 1) / Math.sqrt(layer.inputs);
      const count = layer.inputs * layer.outputs;
      for (let i = 0; i < count; i++) {
        const value = (2 * rng.uniform() - 1) * bound;
        params[layer.weightOffset + i] = layer.mask[i] === 1 ? value : 0;
      }
    });
  }
  return params;
}

/**
 * Fits a MAF to x (rows × config.dimension, row-major) by maximum likelihood.
 * The same seed and data give bit-identical weights on the same engine.
 * @throws LniError 'too-few-rows', 'non-finite-data', 'invalid-option',
 *   'training-diverged'.
 */
export function trainFlow(
  x: Float64Array, rows: number, config: FlowConfig, options: TrainOptions,
): TrainResult {
  checkFlowConfig(config);
  checkData(x, rows, config.dimension);
  const settings = resolveTrainOptions(options, rows);
  const engine: Engine = options.engine ?? referenceEngine;
  const layout = flowLayout(config);
  const orders = Array.from({ length: config.blocks }, (_, b) => blockOrder(config.dimension, b));

  const rng = new Random(options.seed);
  const params = initialParameters(layout, rng.fork());
  const spectral = createSpectralState(layout, rng.fork());
  powerIteration(params, layout, spectral, 20);
  const split = rng.fork().permutation(rows);
  const shuffler = rng.fork();
  const validationRows = settings.validationFraction > 0
    ? Math.min(rows - 1, Math.max(1, Math.round(rows * settings.validationFraction))) : 0;
  const trainIndices = split.slice(validationRows);
  const validationIndices = split.slice(0, validationRows);
  const trainRows = trainIndices.length;

  const batchSize = Math.min(settings.batchSize, trainRows);
  const objective = new FlowObjective(layout, orders, batchSize, engine);
  const adam = new Adam(layout.parameterCount, settings.learningRate);
  const order = new Int32Array(trainRows);

  const snapshot = (nll: number, epoch: number) => ({
    nll, epoch, params: params.slice(), spectral: copySpectralState(spectral),
  });
  const validationX = x;
  // The untrained start is a candidate too: a fit that never beats it (a
  // learning rate far too high, say) keeps the near-identity start instead
  // of releasing through wildly wrong weights.
  updateScales(params, layout, spectral);
  objective.setParameters(params, spectral);
  const startNll = validationRows > 0
    ? objective.totalNll(validationX, validationIndices, 0, validationRows) / validationRows
    : Infinity;
  let best = snapshot(Number.isFinite(startNll) ? startNll : Infinity, 0);
  const history: EpochReport[] = [];
  let diverged = false;
  for (let epoch = 1; epoch <= settings.epochs; epoch++) {
    if (options.shouldStop?.() === true) break;
    if (epoch > 1 && options.redraw !== undefined) {
      x = options.redraw();
      checkData(x, rows, config.dimension);
    }
    const shuffle = shuffler.permutation(trainRows);
    for (let i = 0; i < trainRows; i++) order[i] = trainIndices[shuffle[i]];

    let trainTotal = 0;
    for (let from = 0; from < trainRows; from += batchSize) {
      const count = Math.min(batchSize, trainRows - from);
      powerIteration(params, layout, spectral, 1);
      objective.setParameters(params, spectral);
      trainTotal += count * objective.gradient(x, order, from, count, params, spectral);
      adam.step(params, objective.grads, layout.activeRanges);
    }
    const trainNll = trainTotal / trainRows;

    updateScales(params, layout, spectral);
    objective.setParameters(params, spectral);
    const validationNll = validationRows > 0
      ? objective.totalNll(validationX, validationIndices, 0, validationRows) / validationRows
      : trainNll;
    const spectralNorms = Array.from(spectral.sigma, (sigma, l) => sigma * spectral.scale[l]);
    const report: EpochReport = {
      epoch, epochs: settings.epochs, trainNll, validationNll,
      maxSpectralNorm: Math.max(...spectralNorms), spectralNorms,
    };
    history.push(report);
    options.onEpoch?.(report);

    if (!Number.isFinite(trainNll) || !Number.isFinite(validationNll)) {
      if (best.epoch === 0) {
        throw new LniError('training-diverged',
          `Flow training diverged in epoch ${epoch} (negative log-likelihood ${trainNll}).`,
          { hint: 'lower the learning rate or standardize the columns' });
      }
      diverged = true;
      break;
    }
    if (validationNll < best.nll) {
      best = snapshot(validationNll, epoch);
    } else if (validationRows > 0 && epoch - best.epoch >= settings.patience) {
      break;
    }
  }

  // Without a validation split the last weights are kept (unless training diverged).
  const kept = validationRows > 0 || diverged ? best
    : { params, spectral: copySpectralState(spectral), epoch: history.length };
  const flow = new MaskedAutoregressiveFlow({
    config, orders, parameters: kept.params, scales: kept.spectral.scale.slice(),
  }, engine);
  return { flow, history, bestEpoch: kept.epoch };
}

function checkData(x: Float64Array, rows: number, p: number): void {
  if (!Number.isInteger(rows) || x.length !== rows * p) {
    throw new LniError('invalid-option',
      `Training data has ${x.length} values, expected ${rows} rows × ${p} columns.`);
  }
  if (rows < 2) {
    throw new LniError('too-few-rows', `A flow needs at least 2 rows to train, got ${rows}.`);
  }
  for (let i = 0; i < x.length; i++) {
    if (!Number.isFinite(x[i])) {
      throw new LniError('non-finite-data',
        `Training data has a non-finite value (${x[i]}) in column ${(i % p) + 1}.`,
        { row: Math.floor(i / p) + 1, hint: 'fill or encode missing values before fitting' });
    }
  }
}
