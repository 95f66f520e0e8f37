import { test } from 'node:test';
import assert from 'node:assert/strict';
import { metaAnalyze, type SiteInput } from '../meta/index.js';
import { Random } from '../util/random.js';
import { renderMeta } from './meta-text.js';
import { REAL_ESTIMATES_NOTE } from '../report/index.js';

/** Simulated site whose mean of y is `centre`, tightly: nothing here is real data. */
function site(name: string, centre: number, seed: number): SiteInput {
  const rng = new Random(seed);
  const y = Array.from({ length: 400 }, () => centre + 0.01 * rng.normal());
  return { site: name, columns: [{ kind: 'numeric', name: 'y', type: 'continuous',
    values: Float64Array.from(y) }] };
}

test('a heterogeneity p-value that underflows is printed as p < 1e-300, not p = 0', () => {
  // Sites 10 apart with standard errors of 0.0005: Q runs to the millions.
  const result = metaAnalyze([site('A', 0, 1), site('B', 10, 2), site('C', 20, 3)],
    { kind: 'mean', column: 'y' });
  const pValue = result.terms[0].random?.pValue;
  assert.equal(pValue, 0, 'the premise: the p-value underflows');
  const text = renderMeta(result, undefined, 'mean of y', [], [], [], undefined).join('\n');
  assert.match(text, /p < 1e-300/);
  assert.doesNotMatch(text, /p = 0\b/);
});

test('beside real estimates the terminal says no ε covers them, as the report does', () => {
  const sites = [site('A', 0, 1), site('B', 0.1, 2)];
  const result = metaAnalyze(sites, { kind: 'mean', column: 'y' });
  const real = metaAnalyze(sites, { kind: 'mean', column: 'y' });
  const withReal = renderMeta(result, real, 'mean of y', [], [], [], undefined).join('\n');
  assert.ok(withReal.includes(REAL_ESTIMATES_NOTE));
  const syntheticOnly = renderMeta(result, undefined, 'mean of y', [], [], [], undefined).join('\n');
  assert.ok(!syntheticOnly.includes(REAL_ESTIMATES_NOTE));
});
