import { LniError } from '../util/errors.js';

/** The shape of a spectrally normalized MAF; everything needed to rebuild it. */
export interface FlowConfig {
  /** p: columns of the encoded table, ≥ 1. */
  readonly dimension: number;
  /** MADE blocks, order reversed between consecutive blocks. */
  readonly blocks: number;
  /** Units per hidden layer. */
  readonly hidden: number;
  /** Hidden (tanh) layers per block, ≥ 1. */
  readonly layers: number;
  /** s in a = s · tanh(raw): every scale exp(±a) lies in [e^−s, e^s]. */
  readonly logScaleBound: number;
  /** c: every masked layer is scaled to spectral norm ≤ c (method.md §2). */
  readonly spectralTarget: number;
}

/**
 * Default spectral target c, measured with bench/flow-defaults.ts (best
 * validation NLL in nats per row, mean of 3 seeds, default widths):
 *
 *   c             1       2       3       5       ∞
 *   steps (3000)  3.266   3.027   3.005   3.013   3.013
 *   pima (768)    5.389   5.042   4.958   5.034   5.034
 *
 * c = 1 cannot make the sharp steps of dequantized categories (0.26 and
 * 0.43 nats per row lost); from c = 3 the fit equals the unconstrained one
 * (whose layers reached norms 4.6 to 9.8), so 3 keeps the fit and caps the
 * per-layer norm. With latent clipping privacy does not depend on c.
 */
export const DEFAULT_SPECTRAL_TARGET = 3;

/**
 * A configuration that works for encoded tables of 300 to 70,000 rows and 5
 * to 30 columns: five blocks of two tanh layers, wider with more rows (a
 * small table cannot support many parameters; early stopping does the rest).
 *
 *   hidden = clamp(8·⌈√rows / 8⌉, max(32, 2p), 128)
 *
 * i.e. 32 units up to ~1,000 rows, 56 at 3,000, 104 at 10,000, 128 from
 * 16,000. Measured with bench/flow-defaults.ts --experiment width (best
 * validation NLL, 2 seeds): 16 units fit a 300-row step table clearly worse
 * than 32 (3.57 vs 3.33 nats per row) and Pima far worse (8.22 vs 5.30);
 * wider nets gain little on 3,000 rows (steps: 2.93 at 32, 3.03 at 64, 3.07
 * at 128; Gaussian equal within 0.005) and cost time.
 *
 * @param dimension p ≥ 1. @param rows training rows ≥ 1.
 */
export function defaultFlowConfig(dimension: number, rows: number): FlowConfig {
  const byRows = 8 * Math.ceil(Math.sqrt(Math.max(rows, 1)) / 8);
  const hidden = Math.min(128, Math.max(32, 2 * dimension, byRows));
  return {
    dimension,
    blocks: 5,
    hidden,
    layers: 2,
    logScaleBound: 2,
    spectralTarget: DEFAULT_SPECTRAL_TARGET,
  };
}

/**
 * Throws an LniError (code 'invalid-option' by default, 'model-invalid' when
 * reading a model) naming the first field that is out of range. The upper
 * limits only stop a corrupt file from asking for absurd memory.
 */
export function checkFlowConfig(config: FlowConfig, code = 'invalid-option'): void {
  const integers: [keyof FlowConfig, number, number][] = [
    ['dimension', 1, 10_000], ['blocks', 1, 100], ['hidden', 1, 8192], ['layers', 1, 64],
  ];
  for (const [name, minimum, maximum] of integers) {
    const value = config[name];
    if (!Number.isInteger(value) || value < minimum || value > maximum) {
      throw new LniError(code, `Flow configuration field "${name}" must be an integer `
        + `in ${minimum}..${maximum}, got ${value}.`);
    }
  }
  for (const name of ['logScaleBound', 'spectralTarget'] as const) {
    const value = config[name];
    if (typeof value !== 'number' || !Number.isFinite(value) || value <= 0) {
      throw new LniError(code,
        `Flow configuration field "${name}" must be a positive number, got ${value}.`);
    }
  }
}
