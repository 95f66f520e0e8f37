import type { Random } from '../util/random.js';
import { assert } from '../util/errors.js';
import type { Bijection } from './bijection.js';

export interface InjectionOptions {
  /**
   * Latent clipping radius R (method.md §3.4): latent vectors longer than R
   * are scaled back onto the sphere of radius R before the noise, so the
   * sensitivity is at most 2R whatever the flow. Omit for no clipping.
   */
  clipRadius?: number;
}

export interface Injection {
  /** x̃, row i anchored to real row i (the caller shuffles before release). */
  synthetic: Float64Array;
  /** How many rows the clipping pulled in (a count, never which rows). */
  clippedRows: number;
}

/**
 * Latent noise injection (method.md §1): for every row independently
 *   z̃ = √w · clip_R(f⁻¹(x)) + √(1 − w) · ξ,  ξ ~ N(0, I),  x̃ = f(z̃).
 *
 * @param w in [0, 1]: 1 returns the data, 0 samples afresh from the flow.
 */
export function injectNoise(
  bijection: Bijection,
  x: Float64Array,
  rows: number,
  w: number,
  rng: Random,
  options: InjectionOptions = {},
): Injection {
  const p = bijection.dimension;
  assert(x.length === rows * p,
    () => `injectNoise got ${x.length} values for ${rows} rows × ${p}`);
  assert(w >= 0 && w <= 1, () => `injectNoise needs w in [0, 1], got ${w}`);

  const latent = bijection.toLatent(x, rows);
  const clippedRows = options.clipRadius === undefined
    ? 0 : clipLatentRows(latent, rows, p, options.clipRadius);
  if (w === 1) {
    const synthetic = clippedRows === 0 ? x.slice() : bijection.fromLatent(latent, rows);
    return { synthetic, clippedRows };
  }

  const keep = Math.sqrt(w);
  const noise = Math.sqrt(1 - w);
  for (let i = 0; i < latent.length; i++) {
    latent[i] = keep * latent[i] + noise * rng.normal();
  }
  return { synthetic: bijection.fromLatent(latent, rows), clippedRows };
}

/**
 * Scales, in place, every row of z longer than `radius` back onto the sphere
 * of that radius. Returns how many rows were scaled.
 */
export function clipLatentRows(
  z: Float64Array, rows: number, p: number, radius: number,
): number {
  assert(radius > 0, () => `clip radius must be positive, got ${radius}`);
  let clipped = 0;
  for (let r = 0; r < rows; r++) {
    let squared = 0;
    for (let j = 0; j < p; j++) squared += z[r * p + j] ** 2;
    const length = Math.sqrt(squared);
    if (length > radius) {
      const scale = radius / length;
      for (let j = 0; j < p; j++) z[r * p + j] *= scale;
      clipped++;
    }
  }
  return clipped;
}
