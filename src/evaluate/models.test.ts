import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { TypedColumn } from '../table/types.js';
import { fitOls } from './ols.js';
import { fitLogistic, logistic } from './logistic.js';
import { buildDesign, specifyDesign } from './design.js';
import { inverseSymmetric } from './linear-algebra.js';
import { studentQuantile975 } from './distributions.js';
import { compareModels } from './models.js';

const close = (a: number, b: number, tolerance: number): void =>
  assert.ok(Math.abs(a - b) <= tolerance, `${a} is not within ${tolerance} of ${b}`);

/** Rows × 2 design [1, x]. */
function withIntercept(x: number[]): Float64Array {
  return Float64Array.from(x.flatMap((v) => [1, v]));
}

test('OLS on four points matches (XᵀX)⁻¹Xᵀy and σ̂²(XᵀX)⁻¹ worked by hand', () => {
  // x = (0, 1, 2, 3), y = (1, 3, 2, 5): XᵀX = [[4, 6], [6, 14]], det 20,
  // Xᵀy = (11, 22), so β = (1.1, 1.1); residuals (−.1, .8, −1.3, .6),
  // RSS 2.7, σ̂² = 2.7 / 2; Var β0 = σ̂² 14/20, Var β1 = σ̂² 4/20.
  const fit = fitOls(withIntercept([0, 1, 2, 3]), Float64Array.from([1, 3, 2, 5]), 4,
    ['(Intercept)', 'x']);
  const [b0, b1] = fit.coefficients!;
  close(b0.estimate, 1.1, 1e-12);
  close(b1.estimate, 1.1, 1e-12);
  close(b0.se, Math.sqrt(1.35 * 14 / 20), 1e-12);
  close(b1.se, Math.sqrt(1.35 * 4 / 20), 1e-12);
  // t with 2 degrees of freedom: 4.302652729749464 (standard tables).
  close(fit.critical, 4.302652729749464, 1e-9);
  close(b1.ciHigh, 1.1 + 4.302652729749464 * Math.sqrt(0.27), 1e-8);
});

test('Student t quantiles match published values', () => {
  close(studentQuantile975(1), 12.706204736174707, 1e-9);
  close(studentQuantile975(10), 2.2281388519649385, 1e-9);
  close(studentQuantile975(30), 2.0422724563012373, 1e-9);
  close(studentQuantile975(Infinity), 1.959963984540054, 1e-15);
});

test('OLS with no residual degrees of freedom or collinear terms is not defined', () => {
  const exact = fitOls(withIntercept([0, 1]), Float64Array.from([1, 2]), 2, ['1', 'x']);
  assert.equal(exact.coefficients, null);
  assert.match(exact.warning ?? '', /degrees of freedom/);
  const constant = fitOls(withIntercept([2, 2, 2, 2]), Float64Array.from([1, 2, 3, 4]), 4,
    ['1', 'x']);
  assert.equal(constant.coefficients, null);
  assert.match(constant.warning ?? '', /collinear/);
});

function logLikelihood(x: Float64Array, y: number[], beta: number[]): number {
  let sum = 0;
  y.forEach((label, r) => {
    const eta = x[2 * r] * beta[0] + x[2 * r + 1] * beta[1];
    sum += label * eta - Math.log1p(Math.exp(eta));
  });
  return sum;
}

test('logistic MLE zeroes the score and its SEs match a numerical Hessian', () => {
  const xs = [0, 1, 2, 3, 4, 5, 6, 7];
  const y = [0, 0, 1, 0, 1, 0, 1, 1];
  const x = withIntercept(xs);
  const fit = fitLogistic(x, Float64Array.from(y), 8, ['(Intercept)', 'x']);
  const beta = fit.coefficients!.map((c) => c.estimate);

  // Score equations Xᵀ(y − μ) = 0 at the MLE.
  let s0 = 0;
  let s1 = 0;
  xs.forEach((v, r) => {
    const residual = y[r] - logistic(beta[0] + beta[1] * v);
    s0 += residual;
    s1 += residual * v;
  });
  assert.ok(Math.abs(s0) < 1e-9 && Math.abs(s1) < 1e-9, `score (${s0}, ${s1})`);

  // Observed information by central differences of the log-likelihood.
  const h = 1e-4;
  const hessian = new Float64Array(4);
  for (let i = 0; i < 2; i++) {
    for (let j = 0; j < 2; j++) {
      const at = (di: number, dj: number): number => {
        const b = [...beta];
        b[i] += di;
        b[j] += dj;
        return logLikelihood(x, y, b);
      };
      hessian[i * 2 + j] = -(at(h, h) - at(h, -h) - at(-h, h) + at(-h, -h)) / (4 * h * h);
    }
  }
  const covariance = inverseSymmetric(hessian, 2)!;
  close(fit.coefficients![0].se, Math.sqrt(covariance[0]), 1e-5);
  close(fit.coefficients![1].se, Math.sqrt(covariance[3]), 1e-5);
  assert.equal(fit.warning, undefined);
});

test('logistic regression under complete separation is not defined and says so', () => {
  const fit = fitLogistic(withIntercept([0, 1, 2, 3]), Float64Array.from([0, 0, 1, 1]), 4,
    ['1', 'x']);
  assert.equal(fit.coefficients, null);
  assert.match(fit.warning ?? '', /separation/);
});

test('logistic regression under quasi-complete separation is not defined', () => {
  // x = 1 always has y = 1, x = 0 has both: the MLE of the slope is +∞.
  const fit = fitLogistic(withIntercept([0, 0, 0, 1, 1]), Float64Array.from([0, 1, 0, 1, 1]), 5,
    ['1', 'x']);
  assert.equal(fit.coefficients, null);
  assert.match(fit.warning ?? '', /separation/);
});

test('a categorical covariate is dummy-coded against its first level', () => {
  const columns: TypedColumn[] = [
    { kind: 'numeric', name: 'y', type: 'continuous',
      values: Float64Array.from([1, 3, 10, 12, 20, 24, 99]) },
    { kind: 'categorical', name: 'g', type: 'categorical', levels: ['a', 'b', 'c'],
      values: ['a', 'a', 'b', 'b', 'c', 'c', null] },
  ];
  const spec = specifyDesign(columns, 'y', ['g']);
  assert.equal(spec.family, 'linear');
  assert.deepEqual(spec.terms, ['(Intercept)', 'g=b', 'g=c']);
  const design = buildDesign(columns, spec);
  assert.equal(design.rows, 6);
  assert.equal(design.dropped, 1);
  const fit = fitOls(design.x, design.y, design.rows, spec.terms);
  // Group means 2, 11, 22: the intercept is a's mean, dummies the differences.
  const estimates = fit.coefficients!.map((c) => c.estimate);
  [2, 9, 20].forEach((expected, j) => close(estimates[j], expected, 1e-12));
});

test('a two-level outcome selects logistic regression with the second level as 1', () => {
  const columns: TypedColumn[] = [
    { kind: 'categorical', name: 'sick', type: 'binary', levels: ['no', 'yes'],
      values: ['no', 'yes', 'yes', null] },
    { kind: 'numeric', name: 'age', type: 'integer', values: Float64Array.from([30, 40, 50, 60]) },
  ];
  const spec = specifyDesign(columns, 'sick', ['age']);
  assert.equal(spec.family, 'logistic');
  const design = buildDesign(columns, spec);
  assert.deepEqual(Array.from(design.y), [0, 1, 1]);
  assert.equal(design.dropped, 1);
});

test('a covariate\'s text levels held by fewer than 5 real rows are left out, never named', () => {
  const n = 120;
  const dx = Array.from({ length: n }, (_, i) =>
    (i < 3 ? `Q87.${i}` : i % 2 === 0 ? 'I10' : 'E11'));
  const code = Array.from({ length: n }, (_, i) => (i < 2 ? '2' : String(i % 2)));
  const y = Float64Array.from({ length: n }, (_, i) => (i % 2 === 0 ? 50 : 40) + (i % 5));
  const columns = (): TypedColumn[] => [
    { kind: 'numeric', name: 'y', type: 'continuous', values: y },
    { kind: 'categorical', name: 'dx', type: 'categorical', values: dx.slice(),
      levels: [...new Set(dx)] },
    { kind: 'categorical', name: 'code', type: 'categorical', values: code.slice(),
      levels: ['0', '1', '2'] },
  ];
  const models = compareModels(columns(), columns(), 'y', ['dx', 'code'], 0.5);
  assert.deepEqual(models.terms.map((t) => t.name), ['(Intercept)', 'dx=I10', 'code=1', 'code=2']);
  assert.ok(models.rows.real === n - 3, `${models.rows.real} rows`);
  assert.ok(models.warnings.some((w) =>
    /3 real rows with a level of "dx" held by fewer than 5 rows \(3 such levels, not named\)/
      .test(w)), models.warnings.join(' | '));
  assert.ok(models.warnings.every((w) => !w.includes('Q87')));
});

test('declared levels are named, rare ones too; one no real row holds has no term', () => {
  const n = 60;
  const ward = Array.from({ length: n }, (_, i) => (i < 2 ? 'C' : i % 2 ? 'A' : 'B'));
  const y = Float64Array.from({ length: n }, (_, i) => (i % 2 ? 5 : 3) + (i % 7));
  const columns = (): TypedColumn[] => [
    { kind: 'numeric', name: 'y', type: 'continuous', values: y },
    { kind: 'categorical', name: 'ward', type: 'categorical', values: ward.slice(),
      levels: ['A', 'B', 'C', 'Z'], declared: true },
  ];
  const models = compareModels(columns(), columns(), 'y', ['ward'], 0.5);
  assert.deepEqual(models.terms.map((t) => t.name), ['(Intercept)', 'ward=B', 'ward=C']);
  assert.equal(models.rows.real, n);
  assert.ok(models.terms.every((t) => t.real !== null), 'the fit is defined');
  assert.ok(models.warnings.every((w) => !w.includes('fewer than')), models.warnings.join(' | '));
});

test('a synthetic interval that misses the real estimate is warned of, naming the term', () => {
  // Simulated: y = 2x + noise in the real rows; the "synthetic" rows keep x
  // and y's spread but a slope of 0.5, as an attenuating flow would.
  const n = 400;
  const x = Array.from({ length: n }, (_, i) => ((i * 37) % 101) / 10);
  const noise = (i: number) => (((i * 53) % 17) - 8) / 4;
  const column = (name: string, values: number[]): TypedColumn => ({
    kind: 'numeric', name, type: 'continuous', values: Float64Array.from(values) });
  const real = [column('x', x), column('y', x.map((v, i) => 2 * v + noise(i)))];
  const flat = [column('x', x), column('y', x.map((v, i) => 0.5 * v + noise(i)))];
  const missed = compareModels(real, flat, 'y', ['x'], 0.5);
  const warning = missed.warnings.find((w) => /misses the real estimate/.test(w));
  assert.match(warning ?? '', /corrected synthetic interval misses the real estimate for \d of 2 terms \([^)]*\bx\b/);
  const same = compareModels(real, real, 'y', ['x'], 0.5);
  assert.equal(same.warnings.some((w) => /misses the real estimate/.test(w)), false);
});
