/**
 * MADE connectivity (Germain et al., "MADE: Masked Autoencoder for
 * Distribution Estimation", ICML 2015), with deterministic, sorted degrees.
 *
 * Coordinates are those of the block's order: input i (0-based) has degree
 * i + 1. Hidden unit k has a degree in 1..p−1 and sees inputs of degree ≤ its
 * own; output j (shift and raw log-scale of coordinate j) sees hidden units
 * of degree < j + 1. Hidden units are sorted by degree, so every mask is a
 * staircase: the units of degree d occupy one contiguous range, which is
 * what lets the sampling direction compute each unit once (inverse.ts).
 */

/**
 * Hidden degrees for p inputs and `hidden` units: evenly cycling through
 * 1..max(1, p − 1), then sorted.
 *   degree(k) = 1 + ⌊k · D / hidden⌋,  D = max(1, p − 1),  k = 0..hidden−1.
 * No randomness: the same configuration always gives the same masks.
 *
 * @param p dimension, ≥ 1. @param hidden units per layer, ≥ 1.
 */
export function hiddenDegrees(p: number, hidden: number): Int32Array {
  const span = Math.max(1, p - 1);
  const degrees = new Int32Array(hidden);
  for (let k = 0; k < hidden; k++) degrees[k] = 1 + Math.floor((k * span) / hidden);
  return degrees;
}

/**
 * ends[d] = number of hidden units of degree ≤ d, for d = 0..p: the units of
 * degree exactly d are ends[d−1]..ends[d]−1 (degrees are sorted).
 */
export function degreeEnds(degrees: Int32Array, p: number): Int32Array {
  const ends = new Int32Array(p + 1);
  for (let d = 0; d <= p; d++) {
    let count = 0;
    while (count < degrees.length && degrees[count] <= d) count++;
    ends[d] = count;
  }
  return ends;
}

/**
 * Masks of one MADE block with `layers` hidden layers, stored like the
 * weights: inputs × outputs, row-major, 1 where a connection is allowed.
 * The output layer has 2p columns interleaved (2j: shift m_j, 2j+1: raw
 * log-scale of coordinate j), so both heads of a coordinate sit together.
 *
 *   first:  M[i, k] = [degree(k) ≥ i + 1]
 *   hidden: M[l, k] = [degree(k) ≥ degree(l)]
 *   output: M[k, 2j + h] = [j + 1 > degree(k)]
 */
export function madeMasks(p: number, hidden: number, layers: number): Uint8Array[] {
  const degrees = hiddenDegrees(p, hidden);
  const masks: Uint8Array[] = [];

  const first = new Uint8Array(p * hidden);
  for (let i = 0; i < p; i++) {
    for (let k = 0; k < hidden; k++) first[i * hidden + k] = degrees[k] >= i + 1 ? 1 : 0;
  }
  masks.push(first);

  for (let layer = 1; layer < layers; layer++) {
    const middle = new Uint8Array(hidden * hidden);
    for (let l = 0; l < hidden; l++) {
      for (let k = 0; k < hidden; k++) {
        middle[l * hidden + k] = degrees[k] >= degrees[l] ? 1 : 0;
      }
    }
    masks.push(middle);
  }

  const output = new Uint8Array(hidden * 2 * p);
  for (let k = 0; k < hidden; k++) {
    for (let j = 0; j < p; j++) {
      const allowed = j + 1 > degrees[k] ? 1 : 0;
      output[k * 2 * p + 2 * j] = allowed;
      output[k * 2 * p + 2 * j + 1] = allowed;
    }
  }
  masks.push(output);
  return masks;
}
