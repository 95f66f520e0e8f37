import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  analyticGaussianEpsilon, classicalGaussianEpsilon, gaussianMu, largestWForEpsilon,
  logGaussianDelta, privacyLoss,
} from './accountant.js';
import { LniError } from '../util/errors.js';

function close(actual: number, expected: number, relative: number, what: string): void {
  const error = Math.abs(actual - expected) / Math.abs(expected);
  assert.ok(error <= relative, `${what}: got ${actual}, expected ${expected} (rel ${error})`);
}

test('ε matches the published analytic-Gaussian reference values to 1e-5 relative', () => {
  close(analyticGaussianEpsilon(0.5, 1e-5), 1.99309, 1e-5, 'μ = 0.5, δ = 1e-5');
  close(analyticGaussianEpsilon(1, 1e-5), 4.37718, 1e-5, 'μ = 1, δ = 1e-5');
  close(analyticGaussianEpsilon(2, 1e-6), 10.99715, 1e-5, 'μ = 2, δ = 1e-6');
});

test('ε matches 60-digit bisection at the extremes μ = 1e-3 and μ = 1e3', () => {
  // Reference: mpmath bisection, at 60 digits, of
  // Φ(μ/2 − ε/μ) − e^ε Φ(−μ/2 − ε/μ) = δ.
  close(analyticGaussianEpsilon(1e-3, 1e-6), 0.0027182190888139952, 1e-9, 'μ = 1e-3');
  close(analyticGaussianEpsilon(1e3, 1e-6), 504752.42667835933, 1e-12, 'μ = 1e3');
  close(analyticGaussianEpsilon(0.5, 1e-5), 1.9930914044151196, 1e-11, 'μ = 0.5');
  close(analyticGaussianEpsilon(12, 1e-6), 128.19961402739702, 1e-11, 'μ = 12');
});

test('the method.md Framingham figures follow: S = 12 at w = 0.01 gives ε ≈ 6.1', () => {
  const loss = privacyLoss(12, 0.01, 1e-6);
  assert.equal(loss.kind, 'epsilon');
  if (loss.kind === 'epsilon') close(loss.epsilon, 6.0563747285921648, 1e-10, 'ε');
  const half = privacyLoss(12, 0.5, 1e-6);
  if (half.kind === 'epsilon') assert.equal(Math.round(half.epsilon), 128);
});

test('at the solved ε the exact δ equals the target', () => {
  for (const mu of [1e-3, 0.1, 1, 7, 100, 1e3]) {
    for (const delta of [1e-3, 1e-6, 1e-10]) {
      const epsilon = analyticGaussianEpsilon(mu, delta);
      if (epsilon === 0) {
        // Tiny μ: already (0, δ)-DP, so there is no root to hit.
        assert.ok(logGaussianDelta(0, mu) <= Math.log(delta));
        continue;
      }
      const logDelta = logGaussianDelta(epsilon, mu);
      assert.ok(Math.abs(logDelta - Math.log(delta)) < 1e-6,
        `μ=${mu}, δ=${delta}: log δ(ε) = ${logDelta}, wanted ${Math.log(delta)}`);
    }
  }
});

test('ε grows with μ and falls as δ grows', () => {
  let previous = 0;
  for (let mu = 1e-3; mu <= 1e3; mu *= 1.3) {
    const epsilon = analyticGaussianEpsilon(mu, 1e-6);
    assert.ok(epsilon > previous, `ε(${mu}) = ${epsilon} not above ${previous}`);
    previous = epsilon;
  }
  const deltas = [1e-12, 1e-9, 1e-6, 1e-3, 0.1];
  const epsilons = deltas.map((delta) => analyticGaussianEpsilon(3, delta));
  for (let i = 1; i < epsilons.length; i++) assert.ok(epsilons[i] < epsilons[i - 1]);
});

test('the analytic ε never exceeds the classical bound where that bound is valid', () => {
  for (const mu of [0.01, 0.05, 0.1, 0.15]) {
    const classical = classicalGaussianEpsilon(mu, 1e-5);
    assert.ok(classical < 1, 'the comparison needs the classical regime ε < 1');
    assert.ok(analyticGaussianEpsilon(mu, 1e-5) <= classical);
  }
});

test('μ = 0 and w = 0 give ε = 0; w = 1 gives a typed "none", never a number', () => {
  assert.equal(analyticGaussianEpsilon(0, 1e-6), 0);
  const fresh = privacyLoss(50, 0, 1e-6);
  assert.deepEqual(fresh, { kind: 'epsilon', epsilon: 0, mu: 0, delta: 1e-6 });
  const copy = privacyLoss(50, 1, 1e-6);
  assert.equal(copy.kind, 'none');
  assert.ok(!('epsilon' in copy));
});

test('μ = S·√(w/(1 − w))', () => {
  close(gaussianMu(12, 0.5), 12, 1e-15, 'w = 0.5');
  close(gaussianMu(3, 0.8), 6, 1e-15, 'w = 0.8');
});

test('ε → w → ε round-trips and the returned w never overshoots the target', () => {
  for (const sensitivity of [0.5, 12, 51]) {
    for (const target of [0.1, 1, 6, 100, 5000]) {
      const w = largestWForEpsilon(sensitivity, target, 1e-6);
      assert.ok(w >= 0 && w < 1);
      const loss = privacyLoss(sensitivity, w, 1e-6);
      assert.equal(loss.kind, 'epsilon');
      if (loss.kind !== 'epsilon') continue;
      assert.ok(loss.epsilon <= target * (1 + 1e-12),
        `S=${sensitivity}: ${loss.epsilon} > ${target}`);
      close(loss.epsilon, target, 1e-9, `S=${sensitivity}, ε=${target}`);
    }
    // A tiny S: even the largest w below 1 stays within the target; w = 1 would release the data.
    const free = largestWForEpsilon(1e-9, 100, 1e-6);
    assert.ok(free < 1 && privacyLoss(1e-9, free, 1e-6).kind === 'epsilon', `w = ${free}`);
    // Tiny targets, where the forward solve is least exact: never above.
    for (const target of [1e-12, 1e-9, 1e-6]) {
      const loss = privacyLoss(sensitivity, largestWForEpsilon(sensitivity, target, 1e-6), 1e-6);
      assert.ok(loss.kind === 'epsilon' && loss.epsilon <= target,
        `S=${sensitivity}: ε ${loss.kind === 'epsilon' ? loss.epsilon : '-'} > ${target}`);
    }
  }
});

test('a library caller\'s bad μ, δ, S, w or target ε is refused with LniError, shown', () => {
  const refused = (pattern: RegExp) => (error: unknown) =>
    error instanceof LniError && error.code === 'invalid-option' && pattern.test(error.message);
  assert.throws(() => analyticGaussianEpsilon(-1, 1e-6), refused(/^μ must be .* got -1$/));
  assert.throws(() => analyticGaussianEpsilon(Number.NaN, 1e-6), refused(/got NaN$/));
  assert.throws(() => analyticGaussianEpsilon(1, 2), refused(/^δ must be .* got 2$/));
  assert.throws(() => analyticGaussianEpsilon('1' as unknown as number, 1e-6),
    refused(/got "1" \(a string\)$/));
  // Below zero the classical formula would hand back a negative ε.
  assert.throws(() => classicalGaussianEpsilon(-1, 1e-6), refused(/^μ must be/));
  assert.throws(() => classicalGaussianEpsilon(1, 0), refused(/^δ must be/));
  assert.throws(() => gaussianMu(-1, 0.5), refused(/^the sensitivity S must be/));
  assert.throws(() => gaussianMu(1, 1), refused(/^w must be a number in \[0, 1\), got 1$/));
  assert.throws(() => largestWForEpsilon(0, 1, 1e-6), refused(/^the sensitivity S must be/));
  assert.throws(() => largestWForEpsilon(1, -2, 1e-6), refused(/^the target ε must be/));
  assert.throws(() => largestWForEpsilon(1, 1, 1), refused(/^δ must be/));
});
