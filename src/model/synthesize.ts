import { injectNoise } from '../mechanism/index.js';
import { checkClipRadius, checkWeight, clipRadiusAt } from '../privacy/index.js';
import type { Table } from '../table/index.js';
import { LniError } from '../util/errors.js';
import { keyedSeed, Random } from '../util/random.js';
import { cutsAtShares } from './cutpoints.js';
import type { LniModel } from './model.js';

export interface SynthesisOptions {
  /** The weight on the real row's latent, in [0, 1] (method.md §1). */
  w: number;
  seed: number;
  /**
   * Latent clipping radius R (method.md §3.4), or 'auto' for the radius
   * chosen from the latent dimension alone (autoClipRadius); omit for none.
   */
  clipRadius?: number | 'auto';
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
  const clipRadius = clipRadiusAt(options.clipRadius, model.encoder.dimension);
  if (clipRadius !== undefined) checkClipRadius(clipRadius);
  // Keyed by w and the clipping radius too: with the seed alone, releases
  // of the same rows at two w shared each row's noise and row order, and
  // together solved for every row's latent point (496 of 500 rows of a
  // simulated table, from releases at w = 0.5 and 0.9).
  const rng = new Random(keyedSeed(options.seed, options.w, clipRadius ?? 0));
  const encodeRng = rng.fork();
  const noiseRng = rng.fork();
  const shuffleRng = rng.fork();
  const shareRng = rng.fork();

  const rows = table.rowCount;
  const p = model.encoder.dimension;
  const x = model.encoder.encode(table, encodeRng, options.file);
  const injection = injectNoise(model.flow, x, rows, options.w, noiseRng, { clipRadius });
  const released = options.shuffle === false
    ? injection.synthetic
    : permuteRows(injection.synthetic, rows, p, shuffleRng.permutation(rows));
  return {
    table: releaseDecoder(model, released, rows, options.w, shareRng)
      .decode(released, rows, table),
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
 * itself, so each category's and missing rate's count comes out as that of
 * a sample of as many rows at the encoder's stored shares. The model's own
 * cuts match the flow's fresh samples (w = 0), but at 0 < w < 1 the rows'
 * latent points are not exactly standard normal and a share can drift:
 * Framingham's glucose missing rate moved by up to 2.1 points at w = 0.8.
 * Smaller releases keep the model's cuts, so a handful of rows is not
 * forced onto the stored shares.
 */
const SHARE_MATCH_ROWS = 200;

/**
 * The model's encoder, with its cuts set from the released rows when
 * there are enough of them. Post-processing of the released rows with the
 * stored shares, which the privacy summary lists as kept in the model.
 *
 * The counts are drawn, not the stored shares themselves: a release whose
 * counts equal the data's would hand them out exactly, and two releases of
 * data sets one row apart would differ by that row's levels (a reviewer
 * read back every category of a removed row that way, at w = 0 too). A
 * multinomial draw hides that one row in the spread of a sample's counts.
 */
function releaseDecoder(
  model: LniModel, released: Float64Array, rows: number, w: number, rng: Random,
) {
  if (rows < SHARE_MATCH_ROWS) {
    // The stored cuts match the flow's own samples and may lie inside a
    // band; at w = 1 they move into the gaps, so every row is itself.
    return w < 1 ? model.encoder : model.encoder.withCutpoints(model.encoder.cuts(), 'in-gaps');
  }
  // At w = 1 every row is itself: the cuts stay in the gaps the stored
  // shares point to, where a drawn share could skip a rare level's band.
  if (w === 1) {
    return model.encoder.withCutpoints(cutsAtShares(model.encoder, released, rows), 'in-gaps');
  }
  // Below w = 1 every row has moved, so a cut may sit inside a band and the
  // counts come out as drawn even where the flow leaves rows in the bands.
  const drawn = sampledShares(model.encoder.levelShares(), rows, rng);
  return model.encoder.withCutpoints(cutsAtShares(model.encoder, released, rows, drawn),
    'as-given');
}

/**
 * Per level-coded dimension, the level shares of `rows` draws at the given
 * shares. One set of uniform draws serves every dimension, so each count
 * is a sample's (binomial) and dimensions with the same shares get the
 * same counts: a value missing exactly in one group stays missing in as
 * many rows as that group has (independent draws put 18 % of such a group
 * out of step in a test of 200 rows).
 */
function sampledShares(
  shares: (number[] | null)[], rows: number, rng: Random,
): (number[] | null)[] {
  const draws = Float64Array.from({ length: rows }, () => rng.uniform());
  return shares.map((levels) => {
    if (levels === null) return null;
    const counts = levels.map(() => 0);
    for (const draw of draws) {
      let u = draw;
      let level = 0;
      while (level + 1 < levels.length && u >= levels[level]) u -= levels[level++];
      counts[level]++;
    }
    return counts.map((count) => count / rows);
  });
}

function permuteRows(x: Float64Array, rows: number, p: number, order: Int32Array): Float64Array {
  const out = new Float64Array(rows * p);
  for (let r = 0; r < rows; r++) out.set(x.subarray(order[r] * p, order[r] * p + p), r * p);
  return out;
}

