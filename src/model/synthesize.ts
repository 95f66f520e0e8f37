import { injectNoise } from '../mechanism/index.js';
import { checkClipRadius, checkWeight } from '../privacy/index.js';
import type { Table } from '../table/index.js';
import { LniError } from '../util/errors.js';
import { Random } from '../util/random.js';
import { cutsAtShares } from './cutpoints.js';
import type { LniModel } from './model.js';

export interface SynthesisOptions {
  /** The weight on the real row's latent, in [0, 1] (method.md §1). */
  w: number;
  seed: number;
  /** Latent clipping radius R (method.md §3.4); omit for none. */
  clipRadius?: number;
  /** Shuffle output rows so the pairing with real rows is hidden (default true). */
  shuffle?: boolean;
  file?: string;
}

export interface Synthesis {
  table: Table;
  rows: number;
  clippedRows: number;
}

/**
 * Latent noise injection of every row of `table` through the model, then
 * decoding: x̃ = f(√w · clip(f⁻¹(x)) + √(1 − w) · ξ). The dequantization
 * noise and the missing-value fills are drawn afresh here (method.md §3.7),
 * from streams derived from `seed`, so the same seed gives the same table.
 */
export function synthesize(model: LniModel, table: Table, options: SynthesisOptions): Synthesis {
  checkWeight(options.w);
  checkSeed(options.seed);
  if (options.clipRadius !== undefined) checkClipRadius(options.clipRadius);
  const rng = new Random(options.seed);
  const encodeRng = rng.fork();
  const noiseRng = rng.fork();
  const shuffleRng = rng.fork();

  const rows = table.rowCount;
  const p = model.encoder.dimension;
  const x = model.encoder.encode(table, encodeRng, options.file);
  const injection = injectNoise(model.flow, x, rows, options.w, noiseRng, {
    clipRadius: options.clipRadius,
  });
  const released = options.shuffle === false
    ? injection.synthetic
    : permuteRows(injection.synthetic, rows, p, shuffleRng.permutation(rows));
  return {
    table: releaseDecoder(model, released, rows, options.w).decode(released, rows),
    rows,
    clippedRows: injection.clippedRows,
  };
}

/** f⁻¹(x) for every row: as sensitive as the data itself. */
export function latentRows(model: LniModel, table: Table, seed: number, file?: string): Float64Array {
  checkSeed(seed);
  const x = model.encoder.encode(table, new Random(seed).fork(), file);
  return model.flow.toLatent(x, table.rowCount);
}

/** Largest seed: seeds are read as 32-bit integers, so larger ones would repeat smaller ones. */
export const MAX_SEED = 2 ** 31 - 1;

/** Throws a user-facing error unless the seed is a whole number from 0 to MAX_SEED. */
export function checkSeed(seed: number): void {
  if (!(Number.isSafeInteger(seed) && seed >= 0 && seed <= MAX_SEED)) {
    throw new LniError('invalid-option',
      `a seed must be a whole number from 0 to ${MAX_SEED}, got ${seed}`);
  }
}



/**
 * From this many released rows on, the level cuts are read off the release
 * itself, so every category and missing rate comes out at the encoder's
 * stored share. The model's own cuts match the flow's fresh samples
 * (w = 0), but at 0 < w < 1 the rows' latent points are not exactly
 * standard normal and a share can drift: Framingham's glucose missing rate
 * moved by up to 2.1 points at w = 0.8. Smaller releases keep the model's
 * cuts, so a handful of rows is not forced onto the stored shares.
 */
const SHARE_MATCH_ROWS = 200;

/**
 * The model's encoder, with its cuts set from the released rows when
 * there are enough of them. Post-processing of the released rows with the
 * stored shares, which the privacy summary already lists as assumed
 * public: no further dependence on the real rows.
 */
function releaseDecoder(model: LniModel, released: Float64Array, rows: number, w: number) {
  if (rows < SHARE_MATCH_ROWS) {
    // The stored cuts match the flow's own samples and may lie inside a
    // band; at w = 1 they move into the gaps, so every row is itself.
    return w < 1 ? model.encoder : model.encoder.withCutpoints(model.encoder.cuts(), 'in-gaps');
  }
  // Below w = 1 every row has moved, so a cut may sit inside a band and the
  // shares come out exact even where the flow leaves rows in the bands; at
  // w = 1 the cuts stay in the gaps and every row decodes to itself.
  return model.encoder.withCutpoints(cutsAtShares(model.encoder, released, rows),
    w < 1 ? 'as-given' : 'in-gaps');
}

function permuteRows(x: Float64Array, rows: number, p: number, order: Int32Array): Float64Array {
  const out = new Float64Array(rows * p);
  for (let r = 0; r < rows; r++) out.set(x.subarray(order[r] * p, order[r] * p + p), r * p);
  return out;
}

