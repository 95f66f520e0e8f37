import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { TypedColumn } from '../table/types.js';
import { planCovariates, termNames, type SiteInput } from './index.js';

function site(name: string, values: (string | null)[], levels: string[]): SiteInput {
  const column: TypedColumn = {
    kind: 'categorical', name: 'stage', type: 'categorical', values, levels,
  };
  return { site: name, columns: [column] };
}

test('the reference level is the first level observed at every site that has the column', () => {
  const plans = planCovariates([
    site('A', ['I', 'II', 'III'], ['I', 'II', 'III']),
    site('B', ['II', 'III', null], ['I', 'II', 'III']),
  ], ['stage']);
  assert.equal(plans[0].reference, 'II');
  assert.deepEqual(termNames(plans), ['(Intercept)', 'stage=I', 'stage=III']);
});

test('without a level common to all sites the most widely observed level is the reference', () => {
  const plans = planCovariates([
    site('A', ['x', 'y'], ['x', 'y']),
    site('B', ['y', 'z'], ['y', 'z']),
    site('C', ['z', 'w'], ['z', 'w']),
  ], ['stage']);
  assert.equal(plans[0].reference, 'y');
  assert.deepEqual(plans[0].levels, ['x', 'z', 'w']);
});

test('a covariate observed nowhere is planned as numeric and still named as a term', () => {
  const plans = planCovariates([site('A', ['I'], ['I'])], ['missing']);
  assert.deepEqual(plans, [{ column: 'missing', kind: 'numeric' }]);
  assert.deepEqual(termNames(plans), ['(Intercept)', 'missing']);
});
