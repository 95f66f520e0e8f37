import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { TypedColumn } from '../table/types.js';
import { checkSitesAgree, type Estimand, type SiteInput } from './index.js';

function numeric(name: string, values: number[]): TypedColumn {
  return { kind: 'numeric', name, type: 'continuous', values: Float64Array.from(values) };
}

function categorical(name: string, values: (string | null)[]): TypedColumn {
  return { kind: 'categorical', name, type: 'categorical', values,
    levels: [...new Set(values.filter((v): v is string => v !== null))] };
}

const site = (name: string, ...columns: TypedColumn[]): SiteInput => ({ site: name, columns });
const FILES = ['a.csv', 'b.csv', 'c.csv'];
const MODEL: Estimand = { kind: 'logistic', outcome: 'y', covariates: ['age', 'sex'] };

const y = numeric('y', [0, 1, 0, 1]);
const age = numeric('age', [40, 50, 60, 70]);
const sex01 = categorical('sex', ['0', '1', '1', '0']);

/** The LniError `run` throws, with its code, file, column and message. */
function failure(run: () => void): { code: string; file?: string; column?: string;
  message: string } {
  try {
    run();
  } catch (error) {
    return error as { code: string; file?: string; column?: string; message: string };
  }
  assert.fail('expected an error');
}

test('sites with the same columns and overlapping levels pass', () => {
  const sites = [site('A', y, age, sex01), site('B', y, age, categorical('sex', ['1', '1',
    '0', '1'])), site('C', y, age, sex01)];
  assert.doesNotThrow(() => checkSitesAgree(sites, MODEL, FILES));
});

test('a covariate no site has is refused, naming it and every file', () => {
  const sites = [site('A', y, age, sex01), site('B', y, age, sex01)];
  const error = failure(() => checkSitesAgree(sites,
    { ...MODEL, covariates: ['age', 'zzz'] }, FILES.slice(0, 2)));
  assert.equal(error.code, 'unknown-column');
  assert.equal(error.column, 'zzz');
  assert.match(error.message, /a\.csv, b\.csv/);
});

test('a site without a covariate the others have is refused, naming its file', () => {
  const sites = [site('A', y, age, sex01), site('B', y, sex01), site('C', y, age, sex01)];
  const error = failure(() => checkSitesAgree(sites, MODEL, FILES));
  assert.equal(error.code, 'site-column-missing');
  assert.equal(error.file, 'b.csv');
  assert.match(error.message, /"age"/);
});

test('a site without the outcome is refused too', () => {
  const sites = [site('A', y, age, sex01), site('B', age, sex01)];
  const error = failure(() => checkSitesAgree(sites, MODEL, FILES.slice(0, 2)));
  assert.equal(error.file, 'b.csv');
  assert.match(error.message, /outcome column "y"/);
});

test('a column present but all missing at a site passes (that site is left out of it)', () => {
  const sites = [site('A', y, age, sex01), site('B', y, numeric('age', [NaN, NaN, NaN, NaN]),
    sex01)];
  assert.doesNotThrow(() => checkSitesAgree(sites, MODEL, FILES.slice(0, 2)));
});

test('levels disjoint from every other site\'s are refused, naming site and column', () => {
  const sites = [site('A', y, age, sex01), site('B', y, age,
    categorical('sex', ['M', 'F', 'F', 'M'])), site('C', y, age, sex01)];
  const error = failure(() => checkSitesAgree(sites, MODEL, FILES));
  assert.equal(error.code, 'site-levels-disjoint');
  assert.equal(error.file, 'b.csv');
  assert.equal(error.column, 'sex');
  assert.match(error.message, /M, F/);
});

test('a site with one observed level proves nothing and passes', () => {
  const sites = [site('A', y, age, sex01), site('B', y, age,
    categorical('sex', ['2', '2', null, '2']))];
  assert.doesNotThrow(() => checkSitesAgree(sites, MODEL, FILES.slice(0, 2)));
});

test('text labels where another site has numbers are refused', () => {
  const sites = [site('A', y, age, sex01), site('B', y, categorical('age', ['old', 'young',
    'old', 'old']), sex01)];
  const error = failure(() => checkSitesAgree(sites, MODEL, FILES.slice(0, 2)));
  assert.equal(error.code, 'site-levels-disjoint');
  assert.equal(error.file, 'b.csv');
  assert.equal(error.column, 'age');
});
