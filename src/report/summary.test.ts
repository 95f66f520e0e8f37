import { test } from 'node:test';
import assert from 'node:assert/strict';
import { epsilonText } from './summary.js';
import type { PrivacyGuarantee } from './types.js';

const guarantee = (epsilon: number): PrivacyGuarantee => ({
  epsilon, delta: 1e-6, sensitivity: { value: 11.3, method: 'the clip bound' },
});

test('a large ε is put as the odds factor it allows, beside where the practical evidence is', () => {
  // e^36.5 = 7.11·10¹⁵; e^5 ≈ 148 is where the note starts.
  const large = epsilonText(guarantee(36.5), 0.169).detail;
  assert.match(large, /odds about one row grow by a factor up to e\^ε = 7\.11e15/);
  assert.match(large, /attack audit, where it was run, is the practical evidence/);
  assert.doesNotMatch(epsilonText(guarantee(4.9), 0.01).detail, /odds/);
  assert.match(epsilonText(guarantee(800), 0.6).detail, /e\^ε = beyond 10³⁰⁸/);
});
