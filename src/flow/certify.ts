/**
 * Certified upper bounds on the spectral norm ‖W̄‖₂ of every masked layer
 * (method.md §2): power iteration only approaches ‖W̄‖₂ from below, so the
 * privacy bounds need a number that is provably not smaller.
 *
 * Two bounds, the smaller is kept:
 * - Hölder: ‖W‖₂ ≤ √(‖W‖₁ ‖W‖∞) (Golub and Van Loan, Matrix Computations,
 *   §2.3.3).
 * - Eigen-decomposition with a residual bound: G = WᵀW (or WWᵀ, the smaller)
 *   is decomposed as G Q ≈ Q Λ by ml-matrix. With R = G Q − Q Λ and
 *   E = QᵀQ − I, every eigenvalue of G lies within ‖R‖₂ / √(1 − ‖E‖₂) of some
 *   Λᵢ (Bauer–Fike applied to Q⁻¹GQ = Λ + Q⁻¹R), so
 *     ‖W‖₂² ≤ max Λᵢ + ‖R‖_F / √(1 − ‖E‖_F) + ‖ΔG‖_F,
 *   where ΔG bounds the rounding in forming G (|ΔG| ≤ γₘ |W|ᵀ|W|, Higham,
 *   Accuracy and Stability of Numerical Algorithms, §3.5). The rounding
 *   in R and E is bounded the same way and added before taking norms.
 * Both are rigorous under the IEEE double model; a final factor 1 + 1e-12
 * covers the rounding of the few additions and square roots that form them.
 */
import { EigenvalueDecomposition, Matrix } from 'ml-matrix';
import type { Flow } from './maf.js';

const UNIT_ROUNDOFF = 2 ** -53;

function gamma(n: number): number {
  return (n * UNIT_ROUNDOFF) / (1 - n * UNIT_ROUNDOFF);
}

/**
 * √(‖W‖₁ ‖W‖∞) for W inputs × outputs, row-major, inflated for rounding.
 */
export function holderBound(weight: Float64Array, inputs: number, outputs: number): number {
  const columnSums = new Float64Array(outputs);
  let maxRow = 0;
  for (let i = 0; i < inputs; i++) {
    let rowSum = 0;
    for (let k = 0; k < outputs; k++) {
      const magnitude = Math.abs(weight[i * outputs + k]);
      rowSum += magnitude;
      columnSums[k] += magnitude;
    }
    maxRow = Math.max(maxRow, rowSum);
  }
  const maxColumn = columnSums.reduce((a, b) => Math.max(a, b), 0);
  const slack = 1 + gamma(Math.max(inputs, outputs) + 2) + 1e-12;
  return Math.sqrt(maxRow * maxColumn) * slack;
}

/**
 * Certified ‖W‖₂ ≤ bound from an eigen-decomposition of the smaller Gram
 * matrix with the residual bound above. Returns Infinity if the computed
 * eigenvectors are too far from orthonormal to certify anything.
 */
export function eigenBound(weight: Float64Array, inputs: number, outputs: number): number {
  // G = WᵀW (outputs × outputs) or WWᵀ (inputs × inputs), inner length m.
  const byColumns = outputs <= inputs;
  const n = byColumns ? outputs : inputs;
  const m = byColumns ? inputs : outputs;
  const at = (row: number, col: number) => (byColumns
    ? weight[row * outputs + col] : weight[col * outputs + row]);
  const gram = Matrix.zeros(n, n);
  let gramError = 0;
  for (let a = 0; a < n; a++) {
    for (let b = a; b < n; b++) {
      let sum = 0;
      let magnitude = 0;
      for (let r = 0; r < m; r++) {
        sum += at(r, a) * at(r, b);
        magnitude += Math.abs(at(r, a) * at(r, b));
      }
      gram.set(a, b, sum);
      gram.set(b, a, sum);
      const error = gamma(m) * magnitude;
      gramError += (a === b ? 1 : 2) * error * error;
    }
  }

  const decomposition = new EigenvalueDecomposition(gram, { assumeSymmetric: true });
  const lambda = decomposition.realEigenvalues;
  const q = decomposition.eigenvectorMatrix;
  const gramValues = gram.to2DArray();
  const qValues = q.to2DArray();
  let residual = 0;
  let orthogonality = 0;
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) {
      let gq = 0;
      let gqMagnitude = 0;
      let qq = 0;
      let qqMagnitude = 0;
      for (let k = 0; k < n; k++) {
        gq += gramValues[i][k] * qValues[k][j];
        gqMagnitude += Math.abs(gramValues[i][k] * qValues[k][j]);
        qq += qValues[k][i] * qValues[k][j];
        qqMagnitude += Math.abs(qValues[k][i] * qValues[k][j]);
      }
      const r = Math.abs(gq - qValues[i][j] * lambda[j])
        + gamma(n + 2) * (gqMagnitude + Math.abs(qValues[i][j] * lambda[j]));
      const e = Math.abs(qq - (i === j ? 1 : 0)) + gamma(n + 1) * (qqMagnitude + 1);
      residual += r * r;
      orthogonality += e * e;
    }
  }
  const offOrthogonal = 2 * Math.sqrt(orthogonality);
  if (offOrthogonal >= 0.5) return Infinity;
  const largest = lambda.reduce((a, b) => Math.max(a, b), 0);
  const squared = largest + (2 * Math.sqrt(residual)) / Math.sqrt(1 - offOrthogonal)
    + 2 * Math.sqrt(gramError);
  return Math.sqrt(Math.max(0, squared)) * (1 + 1e-12);
}

/** A certified ‖W‖₂ ≤ value: the smaller of the eigen and Hölder bounds. */
export function certifiedSpectralNorm(
  weight: Float64Array, inputs: number, outputs: number,
): number {
  return Math.min(holderBound(weight, inputs, outputs), eigenBound(weight, inputs, outputs));
}

/**
 * Certified ‖W̄‖₂ for every layer of the flow, block-major (the order of
 * flow.blocks[b].layers[l]). Computed once per flow and remembered.
 */
export function certifiedLayerNorms(flow: Flow): Float64Array {
  const norms: number[] = [];
  for (const block of flow.blocks) {
    for (const layer of block.layers) {
      norms.push(certifiedSpectralNorm(layer.weight, layer.inputs, layer.outputs));
    }
  }
  return Float64Array.from(norms);
}
