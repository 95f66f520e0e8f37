import { test } from 'node:test';
import assert from 'node:assert/strict';
import { cholesky, choleskyOrNull, forwardSubstitute } from './cholesky.js';

test('the Cholesky factor of a small SPD matrix is exact, and L y = b solves in place', () => {
  // A = L Lᵀ with L = [[2, 0, 0], [1, 3, 0], [−1, 2, 1]].
  const expected = [2, 0, 0, 1, 3, 0, -1, 2, 1];
  const a = new Float64Array([4, 2, -2, 2, 10, 5, -2, 5, 6]);
  assert.deepEqual([...cholesky(a, 3)], expected);
  assert.deepEqual([...choleskyOrNull(a, 3, 1e-10)!], expected);
  // b = L (1, −1, 2) = (2, −2, −1), at an offset.
  const values = new Float64Array([9, 2, -2, -1]);
  forwardSubstitute(cholesky(a, 3), 3, values, 1);
  assert.deepEqual([...values], [9, 1, -1, 2]);
});

test('a singular matrix is refused: cholesky throws, choleskyOrNull gives null', () => {
  const singular = new Float64Array([1, 1, 1, 1]);
  assert.throws(() => cholesky(singular, 2), /not positive definite \(pivot 0 at 1\)/);
  assert.equal(choleskyOrNull(singular, 2, 1e-10), null);
  // Nearly singular: positive pivot, but below 1e-10 of its diagonal entry.
  const nearly = new Float64Array([1, 1, 1, 1 + 1e-12]);
  assert.ok(choleskyOrNull(nearly, 2, 0) !== null);
  assert.equal(choleskyOrNull(nearly, 2, 1e-10), null);
});
