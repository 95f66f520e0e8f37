import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Random } from '../util/random.js';
import { certifiedSpectralNorm, eigenBound, holderBound } from './certify.js';
import { randomFlow } from './random-flow.js';

/** Largest eigenvalue of a symmetric matrix by cyclic Jacobi rotations (no ml-matrix). */
function jacobiLargestEigenvalue(matrix: number[][]): number {
  const a = matrix.map((row) => row.slice());
  const n = a.length;
  for (let sweep = 0; sweep < 100; sweep++) {
    let off = 0;
    for (let i = 0; i < n; i++) for (let j = i + 1; j < n; j++) off += a[i][j] ** 2;
    if (off < 1e-30) break;
    for (let p = 0; p < n; p++) {
      for (let q = p + 1; q < n; q++) {
        if (a[p][q] === 0) continue;
        const theta = (a[q][q] - a[p][p]) / (2 * a[p][q]);
        const t = Math.sign(theta || 1) / (Math.abs(theta) + Math.sqrt(theta * theta + 1));
        const c = 1 / Math.sqrt(t * t + 1);
        const s = t * c;
        for (let k = 0; k < n; k++) {
          const [akp, akq] = [a[k][p], a[k][q]];
          a[k][p] = c * akp - s * akq;
          a[k][q] = s * akp + c * akq;
        }
        for (let k = 0; k < n; k++) {
          const [apk, aqk] = [a[p][k], a[q][k]];
          a[p][k] = c * apk - s * aqk;
          a[q][k] = s * apk + c * aqk;
        }
      }
    }
  }
  return Math.max(...a.map((row, i) => row[i]));
}

/** ‖W‖₂ for W inputs × outputs (row-major) from the Jacobi eigenvalues of WᵀW. */
function exactNorm(weight: Float64Array, inputs: number, outputs: number): number {
  const entry = (a: number, b: number) => {
    let sum = 0;
    for (let r = 0; r < inputs; r++) sum += weight[r * outputs + a] * weight[r * outputs + b];
    return sum;
  };
  const gram = Array.from({ length: outputs }, (_, a) =>
    Array.from({ length: outputs }, (__, b) => entry(a, b)));
  return Math.sqrt(Math.max(0, jacobiLargestEigenvalue(gram)));
}

test('the certified norm of every flow layer is ≥ the exact norm and within 1e-6 of it', () => {
  const flow = randomFlow({
    dimension: 7, blocks: 2, hidden: 24, layers: 2, logScaleBound: 2, spectralTarget: 2,
  }, 4, 3);
  const certified = flow.certifiedNorms();
  let index = 0;
  for (const block of flow.blocks) {
    for (const layer of block.layers) {
      const exact = exactNorm(layer.weight, layer.inputs, layer.outputs);
      const bound = certified[index++];
      assert.ok(bound >= exact, `layer ${index - 1}: bound ${bound} < exact ${exact}`);
      assert.ok(bound <= exact * (1 + 1e-6) + 1e-12, `layer ${index - 1}: ${bound} ≫ ${exact}`);
      assert.ok(holderBound(layer.weight, layer.inputs, layer.outputs) >= exact);
    }
  }
});

test('certified norms hold for wide, tall, rank-one and zero matrices', () => {
  const rng = new Random(12);
  for (const [inputs, outputs] of [[3, 40], [40, 3], [17, 17]]) {
    const weight = rng.normals(inputs * outputs);
    const exact = exactNorm(weight, inputs, outputs);
    const bound = certifiedSpectralNorm(weight, inputs, outputs);
    assert.ok(bound >= exact && bound <= exact * (1 + 1e-6), `${inputs}×${outputs}`);
  }
  // Rank one: W = a bᵀ has ‖W‖₂ = ‖a‖ ‖b‖ in closed form.
  const a = [1, -2, 2];
  const b = [3, 0, 4, 0];
  const rankOne = Float64Array.from(a.flatMap((ai) => b.map((bk) => ai * bk)));
  const bound = eigenBound(rankOne, 3, 4);
  assert.ok(bound >= 15 && bound < 15 * (1 + 1e-9), `rank one bound ${bound}`);
  assert.equal(certifiedSpectralNorm(new Float64Array(12), 3, 4), 0);
});

test('the Hölder bound alone equals √(‖W‖₁‖W‖∞) up to rounding slack', () => {
  const weight = Float64Array.from([1, -2, 0, 3, 4, -1]); // 2 × 3
  // ‖W‖₁ = max column sum = 6, ‖W‖∞ = max row sum = 8.
  const bound = holderBound(weight, 2, 3);
  assert.ok(bound >= Math.sqrt(48) && bound < Math.sqrt(48) * (1 + 1e-11));
});
