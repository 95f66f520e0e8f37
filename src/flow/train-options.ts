import { LniError } from '../util/errors.js';
import type { Engine } from './kernels/types.js';

/** What the caller hears after every epoch (nats per row). */
export interface EpochReport {
  /** 1-based. */
  epoch: number;
  /** The epoch budget (training may stop earlier). */
  epochs: number;
  /** Mean NLL over the epoch's minibatches, before each update. */
  trainNll: number;
  /** NLL of the held-out rows at the epoch's end (= trainNll without a split). */
  validationNll: number;
  /** Largest of spectralNorms: the spectral audit. */
  maxSpectralNorm: number;
  /** Per layer (block-major), the power-iteration estimate of ‖W̄‖₂. */
  spectralNorms: number[];
}

export interface TrainOptions {
  /** Epoch budget; default from the row count (resolveTrainOptions). */
  epochs?: number;
  batchSize?: number;
  learningRate?: number;
  /** Epochs without validation improvement before stopping. */
  patience?: number;
  /** Share of rows held out for early stopping, in [0, 0.5]; 0 disables it. */
  validationFraction?: number;
  /** Integer seed: initialization, power-iteration start, split, shuffles. */
  seed: number;
  /** Kernel engine; the reference engine by default. */
  engine?: Engine;
  onEpoch?: (report: EpochReport) => void;
  /**
   * Fresh training data for each epoch after the first (rows × p, the same
   * rows in the same order): a new draw of the dequantization noise, so the
   * flow learns the smoothed density instead of memorizing one draw
   * (validation keeps the first draw, so early stopping compares like with
   * like).
   */
  redraw?: () => Float64Array;
  /** Polled before every epoch; true ends training with the best weights so far. */
  shouldStop?: () => boolean;
}

export interface ResolvedTrainOptions {
  epochs: number;
  batchSize: number;
  learningRate: number;
  patience: number;
  validationFraction: number;
}

/**
 * Defaults for 300 to 70,000 rows (measured with bench/flow-defaults.ts):
 *   batchSize = clamp(2^round(log₂(rows / 40)), 32, 256),
 *   epochs = clamp(⌈12000 / steps per epoch⌉, 40, 800),
 *   patience = clamp(⌈5000 / steps per epoch⌉, 10, 40) epochs,
 *   learningRate = 1e-3, validationFraction = 0.1.
 * About 12,000 Adam steps at most, and early stopping waits about 5,000
 * steps for an improvement, whatever the table's size. Doubling the budget
 * of the first defaults (6,000 and 2,500) was what let the flow learn
 * deterministic discrete dependence (a value missing exactly in one group)
 * once training saw fresh dequantization noise every epoch.
 */
export function resolveTrainOptions(options: TrainOptions, rows: number): ResolvedTrainOptions {
  const batchSize = options.batchSize
    ?? Math.min(256, Math.max(32, 2 ** Math.round(Math.log2(Math.max(rows, 1) / 40))));
  const validationFraction = options.validationFraction ?? 0.1;
  const stepsPerEpoch = Math.max(1, Math.ceil((rows * (1 - validationFraction)) / batchSize));
  const resolved = {
    epochs: options.epochs ?? Math.min(800, Math.max(40, Math.ceil(12000 / stepsPerEpoch))),
    batchSize,
    learningRate: options.learningRate ?? 1e-3,
    patience: options.patience ?? Math.min(40, Math.max(10, Math.ceil(5000 / stepsPerEpoch))),
    validationFraction,
  };
  checkPositiveInteger('epochs', resolved.epochs, 0);
  checkPositiveInteger('batchSize', resolved.batchSize, 1);
  checkPositiveInteger('patience', resolved.patience, 1);
  if (!(resolved.learningRate > 0 && Number.isFinite(resolved.learningRate))) {
    throw new LniError('invalid-option',
      `learningRate must be a positive number, got ${resolved.learningRate}.`);
  }
  if (!(validationFraction >= 0 && validationFraction <= 0.5)) {
    throw new LniError('invalid-option',
      `validationFraction must be in [0, 0.5], got ${validationFraction}.`);
  }
  if (!Number.isInteger(options.seed)) {
    throw new LniError('invalid-option', `seed must be an integer, got ${options.seed}.`);
  }
  return resolved;
}

function checkPositiveInteger(name: string, value: number, minimum: number): void {
  if (!Number.isInteger(value) || value < minimum) {
    throw new LniError('invalid-option',
      `${name} must be an integer ≥ ${minimum}, got ${value}.`);
  }
}
