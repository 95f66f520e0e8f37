import type { Engine, Kernels, Workspace } from './types.js';

/**
 * Plain TypeScript kernels: the reference every faster engine is tested
 * against. Straightforward loops, with the inner loop over contiguous memory
 * where the layout allows.
 */
export const referenceKernels: Kernels = {
  gemm(transA, transB, m, n, k, a, lda, b, ldb, beta, c, ldc) {
    for (let i = 0; i < m; i++) {
      const cRow = i * ldc;
      if (beta === 0) c.fill(0, cRow, cRow + n);
      for (let p = 0; p < k; p++) {
        const aValue = transA ? a[p * lda + i] : a[i * lda + p];
        if (aValue === 0) continue;
        if (transB) {
          for (let j = 0; j < n; j++) c[cRow + j] += aValue * b[j * ldb + p];
        } else {
          const bRow = p * ldb;
          for (let j = 0; j < n; j++) c[cRow + j] += aValue * b[bRow + j];
        }
      }
    }
  },

  addBias(x, bias, rows, n, ldx) {
    for (let r = 0; r < rows; r++) {
      const row = r * ldx;
      for (let j = 0; j < n; j++) x[row + j] += bias[j];
    }
  },

  addBiasTanh(x, bias, rows, n, ldx) {
    for (let r = 0; r < rows; r++) {
      const row = r * ldx;
      for (let j = 0; j < n; j++) x[row + j] = Math.tanh(x[row + j] + bias[j]);
    }
  },
};

class ReferenceWorkspace implements Workspace {
  readonly kernels = referenceKernels;

  allocate(length: number): Float64Array {
    return new Float64Array(length);
  }
}

/** The reference engine: workspaces are ordinary JavaScript memory. */
export const referenceEngine: Engine = {
  name: 'reference',
  createWorkspace: () => new ReferenceWorkspace(),
};
