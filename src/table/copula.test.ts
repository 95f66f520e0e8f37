import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  conditionals, fitCopula, gibbsSweeps, matchDrawnCorrelations, truncatedNormal,
} from './copula.js';
import { standardNormalCdf } from './normal-score.js';
import { Random } from '../util/random.js';

const density = (z: number) => Math.exp(-0.5 * z * z) / Math.sqrt(2 * Math.PI);

test('truncated normal: mean and variance of many draws match the closed forms', () => {
  // With α = (a − m)/s, β = (b − m)/s, Z = Φ(β) − Φ(α):
  //   E[X] = m + s (φ(α) − φ(β)) / Z,
  //   Var[X] = s² [1 + (α φ(α) − β φ(β)) / Z − ((φ(α) − φ(β)) / Z)²].
  // The cases cover narrow atoms near and far from the mean, a wide band
  // holding the mean, and bands in either tail.
  const cases: [number, number, number, number][] = [
    [0, 1, -0.5, 1.5], [0.3, 2, -5, 5], [1.2, 0.7, -3, -1], [-2, 0.4, 0.5, 5], [0, 1, 1.9, 5],
    [0, 1, 0.1, 0.6], [0, 1, 2.5, 2.6],
  ];
  const random = new Random(7);
  const n = 100_000;
  for (const [mean, sd, low, high] of cases) {
    const alpha = (low - mean) / sd;
    const beta = (high - mean) / sd;
    const mass = standardNormalCdf(beta) - standardNormalCdf(alpha);
    const ratio = (density(alpha) - density(beta)) / mass;
    const expectedMean = mean + sd * ratio;
    const expectedVariance = sd * sd
      * (1 + (alpha * density(alpha) - beta * density(beta)) / mass - ratio * ratio);
    let sum = 0;
    let squares = 0;
    for (let k = 0; k < n; k++) {
      const value = truncatedNormal(mean, sd, low, high, random);
      assert.ok(value >= low && value <= high, `${value} outside [${low}, ${high}]`);
      sum += value;
      squares += value * value;
    }
    const sampleMean = sum / n;
    const sampleVariance = squares / n - sampleMean * sampleMean;
    const standardError = Math.sqrt(expectedVariance / n);
    assert.ok(Math.abs(sampleMean - expectedMean) < 4 * standardError,
      `mean ${sampleMean} against ${expectedMean} for N(${mean}, ${sd}²) on [${low}, ${high}]`);
    assert.ok(Math.abs(sampleVariance / expectedVariance - 1) < 0.03,
      `variance ${sampleVariance} against ${expectedVariance} on [${low}, ${high}]`);
  }
});

test('truncated normal: an interval far in either tail gives a value inside it', () => {
  const random = new Random(1);
  for (let k = 0; k < 100; k++) {
    const up = truncatedNormal(0, 0.1, 4, 5, random);
    assert.ok(up >= 4 && up <= 5 && Number.isFinite(up));
    const down = truncatedNormal(0, 0.1, -5, -4.9, random);
    assert.ok(down >= -5 && down <= -4.9 && Number.isFinite(down));
  }
});

test('conditionals: the regression of each dimension on the others under R', () => {
  // Two dimensions: weight ρ and sd √(1 − ρ²).
  const rho = 0.6;
  const two = conditionals(Float64Array.of(1, rho, rho, 1), 2);
  assert.ok(Math.abs(two.weights[1] - rho) < 1e-12);
  assert.ok(Math.abs(two.weights[2] - rho) < 1e-12);
  assert.ok(Math.abs(two.sd[0] - 0.8) < 1e-12);
  assert.equal(two.weights[0], 0);
  // Three: β = R₁₂ R₂₂⁻¹ solved by hand for dimension 0 on dimensions 1 and 2.
  const r = [1, 0.5, 0.3, 0.5, 1, 0.2, 0.3, 0.2, 1];
  const three = conditionals(Float64Array.from(r), 3);
  const det = 1 - r[5] * r[5];
  const b1 = (r[1] - r[2] * r[5]) / det;
  const b2 = (r[2] - r[1] * r[5]) / det;
  assert.ok(Math.abs(three.weights[1] - b1) < 1e-12);
  assert.ok(Math.abs(three.weights[2] - b2) < 1e-12);
  assert.ok(Math.abs(three.sd[0] - Math.sqrt(1 - b1 * r[1] - b2 * r[2])) < 1e-12);
});

/**
 * n rows of a bivariate normal with correlation ρ; dimension 0 kept when
 * `continuous`, else cut at `cut0`; dimension 1 cut at `cut1`. A cut cell's
 * interval is its side of the cut; its start value a plain draw there.
 */
function dichotomized(n: number, rho: number, cut0: number, cut1: number, continuous: boolean) {
  const random = new Random(11);
  const x = new Float64Array(n * 2);
  const lower = new Float64Array(n * 2);
  const upper = new Float64Array(n * 2);
  const missing = new Uint8Array(n * 2);
  const side = (value: number, cut: number, at: number) => {
    lower[at] = value > cut ? cut : -5;
    upper[at] = value > cut ? 5 : cut;
    x[at] = truncatedNormal(0, 1, lower[at], upper[at], random);
  };
  for (let i = 0; i < n; i++) {
    const a = random.normal();
    const b = rho * a + Math.sqrt(1 - rho * rho) * random.normal();
    if (continuous) {
      x[2 * i] = a;
      lower[2 * i] = a;
      upper[2 * i] = a;
    } else side(a, cut0, 2 * i);
    side(b, cut1, 2 * i + 1);
  }
  return { x, intervals: { lower, upper, missing } };
}

test('fitCopula recovers the tetrachoric and biserial correlations of dichotomized normals', () => {
  // n = 4,000: the tetrachoric estimate's standard error at ρ = 0.6 is
  // about 0.02, so 0.06 is three of them. The plain correlation of the
  // dequantized cells is attenuated (below 0.52), so reading R off the
  // cells' own correlation fails this test.
  for (const continuous of [false, true]) {
    const { x, intervals } = dichotomized(4000, 0.6, 0.3, -0.5, continuous);
    const plain = correlationOf(x, 4000);
    const r = fitCopula(4000, 2, intervals);
    assert.ok(Math.abs(r[1] - 0.6) < 0.06, `fitted ${r[1]} (plain ${plain}) for continuous = ${continuous}`);
    assert.ok(plain < 0.52, `plain dequantization gave ${plain}`);
  }
});

test('fitCopula: a rare pair that never meets, and independent columns, give ρ = 0', () => {
  // Two flags on 1 % of 4,000 rows each, never on the same row: the
  // tetrachoric value is −1, but 0.4 co-occurrences are expected under
  // independence, well within one standard error of none.
  const n = 4000;
  const cut = 2.326; // Φ⁻¹(0.99)
  const lower = new Float64Array(n * 3);
  const upper = new Float64Array(n * 3);
  const random = new Random(4);
  for (let i = 0; i < n; i++) {
    const flagA = i % 100 === 0;
    const flagB = i % 100 === 50;
    [flagA, flagB].forEach((flag, d) => {
      lower[i * 3 + d] = flag ? cut : -5;
      upper[i * 3 + d] = flag ? 5 : cut;
    });
    const value = random.normal();
    lower[i * 3 + 2] = value;
    upper[i * 3 + 2] = value;
  }
  const r = fitCopula(n, 3, { lower, upper, missing: new Uint8Array(n * 3) });
  assert.equal(r[1], 0);
  // The third column is noise. A flag on 40 rows pins ρ down to a standard
  // error of 1/√(n α₁(flag) α₁(noise)) = 1/√(4000 · 0.072) ≈ 0.06: within 3.
  assert.ok(Math.abs(r[2]) < 0.18 && Math.abs(r[5]) < 0.18, `${r[2]}, ${r[5]}`);
});

test('fitCopula: pairwise estimates that do not fit together give a positive-definite R', () => {
  // a = b and b = c nearly, but a and c independent: no correlation matrix
  // has these pairs, so the eigenvalues are raised and the diagonal kept 1.
  const n = 3000;
  const random = new Random(9);
  const lower = new Float64Array(n * 3);
  const upper = new Float64Array(n * 3);
  for (let i = 0; i < n; i++) {
    const a = random.normal();
    const c = random.normal();
    const b = (a + c) / Math.SQRT2 * 0.2 + (i % 2 === 0 ? a : c) * 0.98;
    [a, b, c].forEach((v, d) => { lower[i * 3 + d] = v; upper[i * 3 + d] = v; });
  }
  const r = fitCopula(n, 3, { lower, upper, missing: new Uint8Array(n * 3) });
  for (let d = 0; d < 3; d++) assert.equal(r[d * 4], 1);
  // Positive definite: conditionals() factorizes it without throwing.
  const given = conditionals(r, 3);
  assert.ok(given.sd.every((sd) => sd > 0 && Number.isFinite(sd)));
});

test('gibbsSweeps leaves point cells alone and keeps every cell in its interval', () => {
  const { x, intervals } = dichotomized(500, 0.8, 0, 0, true);
  const before = Float64Array.from(x);
  gibbsSweeps(x, 500, intervals, conditionals(Float64Array.of(1, 0.8, 0.8, 1), 2), new Random(2), 3);
  for (let i = 0; i < 500; i++) {
    assert.equal(x[2 * i], before[2 * i]);
    assert.ok(x[2 * i + 1] >= intervals.lower[2 * i + 1] && x[2 * i + 1] <= intervals.upper[2 * i + 1]);
  }
});

function correlationOf(x: Float64Array, n: number): number {
  let ma = 0;
  let mb = 0;
  for (let i = 0; i < n; i++) {
    ma += x[2 * i] / n;
    mb += x[2 * i + 1] / n;
  }
  let sab = 0;
  let saa = 0;
  let sbb = 0;
  for (let i = 0; i < n; i++) {
    sab += (x[2 * i] - ma) * (x[2 * i + 1] - mb);
    saa += (x[2 * i] - ma) ** 2;
    sbb += (x[2 * i + 1] - mb) ** 2;
  }
  return sab / Math.sqrt(saa * sbb);
}

test('matched R: the draws correlate two binaries as the pairwise estimate says', () => {
  // Two binaries from latents correlated 0.5, beside a number that R says
  // goes with both (0.7 and −0.1) but that the data drew independently:
  // given the number, the binaries' draws are pulled apart from what
  // their own table says, so plain Gibbs draws do not correlate the pair
  // 0.5. Matching must bring the drawn correlation back to it; the
  // number's entries stay.
  const rows = 4000;
  const p = 3;
  const random = new Random(11);
  const normal = () => {
    const u = random.uniform();
    const v = random.uniform();
    return Math.sqrt(-2 * Math.log(1 - u)) * Math.cos(2 * Math.PI * v);
  };
  const lower = new Float64Array(rows * p);
  const upper = new Float64Array(rows * p);
  const x = new Float64Array(rows * p);
  const cut = [0.8, 0.3];
  for (let i = 0; i < rows; i++) {
    const first = normal();
    const second = 0.5 * first + Math.sqrt(0.75) * normal();
    [first, second].forEach((z, d) => {
      lower[i * p + d] = z > cut[d] ? cut[d] : -8;
      upper[i * p + d] = z > cut[d] ? 8 : cut[d];
      x[i * p + d] = z > cut[d] ? cut[d] + 0.5 : cut[d] - 0.5;
    });
    const number = normal();
    lower[i * p + 2] = number;
    upper[i * p + 2] = number;
    x[i * p + 2] = number;
  }
  const intervals = { lower, upper, missing: new Uint8Array(rows * p) };
  const target = Float64Array.from([1, 0.5, 0.7, 0.5, 1, -0.1, 0.7, -0.1, 1]);
  const drawnCorrelation = (r: Float64Array) => {
    const state = Float64Array.from(x);
    const given = conditionals(r, p);
    gibbsSweeps(state, rows, intervals, given, new Random(3), 20);
    let total = 0;
    for (let sweep = 0; sweep < 10; sweep++) {
      gibbsSweeps(state, rows, intervals, given, new Random(100 + sweep), 1);
      let sa = 0; let sb = 0; let saa = 0; let sbb = 0; let sab = 0;
      for (let i = 0; i < rows; i++) {
        const a = state[i * p];
        const b = state[i * p + 1];
        sa += a; sb += b; saa += a * a; sbb += b * b; sab += a * b;
      }
      const cov = sab / rows - (sa / rows) * (sb / rows);
      total += cov / Math.sqrt((saa / rows - (sa / rows) ** 2) * (sbb / rows - (sb / rows) ** 2));
    }
    return total / 10;
  };
  const plain = drawnCorrelation(target);
  assert.ok(Math.abs(plain - 0.5) > 0.05, `plain draws correlate the binaries ${plain.toFixed(3)}`);
  const matched = matchDrawnCorrelations(target, p, x, rows, intervals, [true, true, false],
    new Random(5));
  const after = drawnCorrelation(matched);
  assert.ok(Math.abs(after - 0.5) < 0.02, `matched draws correlate them ${after.toFixed(3)}`);
  assert.equal(matched[2], 0.7);
  assert.equal(matched[5], -0.1);
});

test('matched R: a pair with too few rows holding both cells keeps its pairwise entry', () => {
  // Two binaries observed together on two rows only: there is no drawn
  // correlation to match, and reading it as 0 pushed the entry to the limit.
  const rows = 50;
  const p = 2;
  const lower = new Float64Array(rows * p);
  const upper = new Float64Array(rows * p);
  const x = new Float64Array(rows * p);
  const missing = new Uint8Array(rows * p);
  for (let i = 0; i < rows; i++) {
    for (let d = 0; d < p; d++) {
      const high = (i + d) % 2 === 0;
      lower[i * p + d] = high ? 0 : -8;
      upper[i * p + d] = high ? 8 : 0;
      x[i * p + d] = high ? 0.5 : -0.5;
      if ((d === 0 && i >= 26) || (d === 1 && i < 24)) {
        missing[i * p + d] = 1;
        lower[i * p + d] = -8;
        upper[i * p + d] = 8;
      }
    }
  }
  const target = Float64Array.from([1, 0.3, 0.3, 1]);
  const matched = matchDrawnCorrelations(target, p, x, rows, { lower, upper, missing },
    [true, true], new Random(1));
  assert.equal(matched[1], 0.3);
});
