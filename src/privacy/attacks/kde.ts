import { assert } from '../../util/errors.js';

/**
 * A Gaussian kernel density estimate with a diagonal bandwidth,
 *   log p̂(x) = log (1/n) Σ_k Π_j φ((x_j − y_kj)/h_j) / h_j,
 * and Scott's rule h_j = σ_j · n^(−1/(p+4)) (Scott 1992, eq. 6.42), σ_j the
 * column's sample sd. A column with σ_j below 1e-3 (constant on the encoded,
 * standardized scale) gets σ_j = 1e-3 so the density stays finite.
 */
export interface KernelDensity {
  readonly bandwidth: Float64Array;
  /** log p̂ at each of `rows` rows of x (rows × p). */
  logDensity(x: Float64Array, rows: number): Float64Array;
}

const MINIMUM_SD = 1e-3;

// Limitation: a product-kernel KDE in p ≈ 20 is coarse, so the density-ratio
// attack is weaker there than DOMIAS with a learned density would be.

/**
 * Fits the KDE above to `rows` rows of `data` (rows × p, rows ≥ 2).
 * Cost of logDensity: rows_x × rows × p.
 */
export function fitKernelDensity(data: Float64Array, rows: number, p: number): KernelDensity {
  assert(rows >= 2 && data.length === rows * p,
    () => `a KDE needs ≥ 2 rows of ${p} values, got ${data.length} values for ${rows} rows`);
  const bandwidth = new Float64Array(p);
  const factor = rows ** (-1 / (p + 4));
  for (let j = 0; j < p; j++) {
    let mean = 0;
    for (let r = 0; r < rows; r++) mean += data[r * p + j];
    mean /= rows;
    let squares = 0;
    for (let r = 0; r < rows; r++) squares += (data[r * p + j] - mean) ** 2;
    bandwidth[j] = Math.max(Math.sqrt(squares / (rows - 1)), MINIMUM_SD) * factor;
  }

  // Scale once so the kernel sum needs plain squared distances.
  const scaled = new Float64Array(rows * p);
  let logNormalizer = -Math.log(rows) - 0.5 * p * Math.log(2 * Math.PI);
  for (let j = 0; j < p; j++) logNormalizer -= Math.log(bandwidth[j]);
  for (let r = 0; r < rows; r++) {
    for (let j = 0; j < p; j++) scaled[r * p + j] = data[r * p + j] / bandwidth[j];
  }

  return {
    bandwidth,
    logDensity(x, xRows) {
      assert(x.length === xRows * p,
        () => `logDensity got ${x.length} values for ${xRows} × ${p}`);
      const result = new Float64Array(xRows);
      const point = new Float64Array(p);
      const halfSquared = new Float64Array(rows);
      for (let i = 0; i < xRows; i++) {
        for (let j = 0; j < p; j++) point[j] = x[i * p + j] / bandwidth[j];
        let smallest = Infinity;
        for (let k = 0; k < rows; k++) {
          let squared = 0;
          for (let j = 0; j < p; j++) {
            const difference = point[j] - scaled[k * p + j];
            squared += difference * difference;
          }
          halfSquared[k] = 0.5 * squared;
          if (halfSquared[k] < smallest) smallest = halfSquared[k];
        }
        // log-sum-exp around the nearest kernel: no underflow far from the data.
        let sum = 0;
        for (let k = 0; k < rows; k++) sum += Math.exp(smallest - halfSquared[k]);
        result[i] = logNormalizer - smallest + Math.log(sum);
      }
      return result;
    },
  };
}
