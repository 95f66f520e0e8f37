import type { Bijection } from '../mechanism/index.js';
import type { Random } from '../util/random.js';
import { assert } from '../util/errors.js';

export interface AdversarialOptions {
  /** Independent starts (half at random corners, half uniform inside). */
  restarts?: number;
  /** Projected ascent steps per start. */
  steps?: number;
}

/**
 * An empirical lower bound on S: projected gradient ascent of
 *   F(x, x') = ‖f⁻¹(x) − f⁻¹(x')‖₂  over x, x' in the box,
 * with forward finite-difference gradients (step 1e-6 × width) and sign
 * steps of each coordinate's box width times a rate falling from 10% to 0.1%,
 * from many restarts evaluated as one batch. Any certified S must be at
 * least what this finds; the tests and bench/adversarial.ts check that.
 *
 * @param lower, upper the box, finite with lower ≤ upper.
 * @returns the largest F found.
 */
export function adversarialSensitivity(
  bijection: Bijection, lower: ArrayLike<number>, upper: ArrayLike<number>, rng: Random,
  options: AdversarialOptions = {},
): number {
  const p = bijection.dimension;
  const restarts = options.restarts ?? 16;
  const steps = options.steps ?? 60;
  assert(lower.length === p && upper.length === p,
    () => `box has ${lower.length}/${upper.length} bounds for dimension ${p}`);
  const width = Float64Array.from({ length: p }, (_, j) => upper[j] - lower[j]);
  const clamp = (value: number, j: number): number =>
    Math.min(upper[j], Math.max(lower[j], value));

  // Each start holds a pair: coordinates 0..p−1 are x, p..2p−1 are x'.
  const pairs = new Float64Array(restarts * 2 * p);
  for (let r = 0; r < restarts; r++) {
    for (let i = 0; i < 2 * p; i++) {
      const j = i % p;
      const u = r % 2 === 0 ? (rng.uniform() < 0.5 ? 0 : 1) : rng.uniform();
      pairs[r * 2 * p + i] = lower[j] + u * width[j];
    }
  }

  // Rows per start: x, x', then x + h e_j and x' + h e_j for every j.
  const perStart = 2 + 2 * p;
  const points = new Float64Array(restarts * perStart * p);
  const h = Float64Array.from(width, (value) => Math.max(value, 1e-12) * 1e-6);
  let best = 0;
  for (let step = 0; step <= steps; step++) {
    for (let r = 0; r < restarts; r++) {
      const base = r * perStart * p;
      const pair = r * 2 * p;
      for (let k = 0; k < perStart; k++) {
        for (let j = 0; j < p; j++) {
          const side = k === 1 || (k >= 2 + p) ? p : 0;
          points[base + k * p + j] = pairs[pair + side + j];
        }
      }
      for (let j = 0; j < p; j++) {
        // Step inward from the upper face so the probe stays in the box.
        const sign = (row: number): number =>
          points[base + row * p + j] + h[j] > upper[j] ? -1 : 1;
        points[base + (2 + j) * p + j] += sign(2 + j) * h[j];
        points[base + (2 + p + j) * p + j] += sign(2 + p + j) * h[j];
      }
    }
    const latent = bijection.toLatent(points, restarts * perStart);
    const distance = (r: number, a: number, b: number): number => {
      let squared = 0;
      const base = r * perStart * p;
      for (let j = 0; j < p; j++) {
        squared += (latent[base + a * p + j] - latent[base + b * p + j]) ** 2;
      }
      return Math.sqrt(squared);
    };
    const rate = 0.1 * Math.pow(0.01, step / Math.max(steps, 1));
    for (let r = 0; r < restarts; r++) {
      const value = distance(r, 0, 1);
      best = Math.max(best, value);
      const gradient = new Float64Array(2 * p);
      const base = r * perStart * p;
      for (let j = 0; j < p; j++) {
        const dx = points[base + (2 + j) * p + j] - pairs[r * 2 * p + j];
        const dy = points[base + (2 + p + j) * p + j] - pairs[r * 2 * p + p + j];
        gradient[j] = (distance(r, 2 + j, 1) - value) / dx;
        gradient[p + j] = (distance(r, 0, 2 + p + j) - value) / dy;
      }
      // Sign steps (scaled by the box width) reach the faces and corners,
      // where a distance, being convex along lines, often peaks.
      for (let i = 0; i < 2 * p; i++) {
        const j = i % p;
        const move = rate * width[j] * Math.sign(gradient[i]);
        pairs[r * 2 * p + i] = clamp(pairs[r * 2 * p + i] + move, j);
      }
    }
  }
  return best;
}
