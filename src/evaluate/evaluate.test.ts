import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { TypedColumn } from '../table/types.js';
import { Random } from '../util/random.js';
import { evaluate } from './evaluate.js';
import { kolmogorovSmirnov } from './kolmogorov-smirnov.js';
import { fitOls } from './ols.js';

function table(rows: number, rng: Random, shift = 0): TypedColumn[] {
  const age = new Float64Array(rows);
  const pressure = new Float64Array(rows);
  const constant = new Float64Array(rows).fill(1);
  const sex: (string | null)[] = [];
  const smoker: (string | null)[] = [];
  for (let r = 0; r < rows; r++) {
    age[r] = 50 + 10 * rng.normal() + shift;
    sex.push(rng.uniform() < 0.5 ? 'F' : 'M');
    smoker.push(rng.uniform() < 0.1 ? null : rng.uniform() < 0.3 ? 'yes' : 'no');
    pressure[r] = 100 + 0.5 * age[r] + (sex[r] === 'M' ? 5 : 0) + 8 * rng.normal();
    if (r % 50 === 0) pressure[r] = NaN;
  }
  return [
    { kind: 'numeric', name: 'age', type: 'continuous', values: age },
    { kind: 'numeric', name: 'pressure', type: 'continuous', values: pressure },
    { kind: 'numeric', name: 'one', type: 'constant', values: constant },
    { kind: 'categorical', name: 'sex', type: 'binary', levels: ['F', 'M'], values: sex },
    { kind: 'categorical', name: 'smoker', type: 'categorical', levels: ['no', 'yes'],
      values: smoker },
  ];
}

test('evaluate reports every column with the same numbers the metrics give', () => {
  const real = table(300, new Random(1));
  const synthetic = table(300, new Random(2), 1);
  const result = evaluate(real, synthetic);
  assert.deepEqual(result.columns.map((c) => c.name), ['age', 'pressure', 'one', 'sex', 'smoker']);
  const age = result.columns[0];
  assert.equal(age.ks!.value,
    kolmogorovSmirnov(real[0].values as Float64Array, synthetic[0].values as Float64Array).value);
  assert.equal(result.columns[1].missingReal, 6 / 300);
  assert.ok(result.columns[3].tv!.value! >= 0);
  assert.equal(result.correlation.pearson.names.length, 3);
  assert.equal(result.contingency.pairs.length, 1);
  // The constant column: no correlation, no sd ratio, and warnings that say so.
  assert.equal(result.correlation.spearman.real[0][2], null);
  assert.ok(result.warnings.some((w) => /one: .*constant/.test(w)));
  assert.ok(result.warnings.some((w) => /pearson age × one/.test(w)));
  assert.equal(result.models, undefined);
});

test('evaluate output survives a JSON round trip unchanged', () => {
  const result = evaluate(table(100, new Random(3)), table(100, new Random(4)),
    { outcome: 'pressure', covariates: ['age', 'sex'], w: 0.5 });
  assert.deepEqual(JSON.parse(JSON.stringify(result)), result);
});

test('the model comparison fits OLS on complete cases and corrects by 2 − w²', () => {
  const real = table(400, new Random(5));
  const synthetic = table(400, new Random(6));
  const result = evaluate(real, synthetic,
    { outcome: 'pressure', covariates: ['age', 'sex'], w: 0.5 });
  const models = result.models!;
  assert.equal(models.family, 'linear');
  assert.deepEqual(models.terms.map((t) => t.name), ['(Intercept)', 'age', 'sex=M']);
  assert.equal(models.dropped.real, 8);

  // Independent fit of the real slope on the complete rows.
  const rows: number[] = [];
  const pressure = real[1].values as Float64Array;
  for (let r = 0; r < 400; r++) if (!Number.isNaN(pressure[r])) rows.push(r);
  const x = Float64Array.from(rows.flatMap((r) => [1, (real[0].values as Float64Array)[r],
    (real[3].values as (string | null)[])[r] === 'M' ? 1 : 0]));
  const direct = fitOls(x, Float64Array.from(rows.map((r) => pressure[r])), rows.length,
    ['1', 'age', 'M']);
  assert.ok(Math.abs(models.terms[1].real!.estimate - direct.coefficients![1].estimate) < 1e-9);

  const age = models.terms[1].synthetic;
  assert.ok(Math.abs(age.corrected!.se / age.naive!.se - Math.sqrt(1.75)) < 1e-12);
  assert.equal(models.terms[1].overlap.against, 'corrected');
  assert.ok(models.terms[1].overlap.value! > 0);
  assert.ok('skipped' in result.tstr!);
  assert.ok(result.warnings.some((w) => /held-out/.test(w)));
});

test('train-on-synthetic test-on-real scores a binary outcome by AUC on the holdout', () => {
  const real = table(400, new Random(7));
  const synthetic = table(400, new Random(8));
  const holdout = table(200, new Random(9));
  const result = evaluate(real, synthetic, { outcome: 'sex', covariates: ['pressure', 'age'],
    holdout });
  assert.equal(result.models!.family, 'logistic');
  const tstr = result.tstr!;
  assert.ok(!('skipped' in tstr));
  assert.equal(tstr.score, 'auc');
  // Pressure carries sex (+5 mmHg), so both models beat chance on fresh rows.
  assert.ok(tstr.trainSynthetic.value! > 0.55 && tstr.trainReal.value! > 0.55);
});

test('an all-missing column and an empty table give warnings, not exceptions', () => {
  const missing: TypedColumn = { kind: 'numeric', name: 'x', type: 'continuous',
    values: new Float64Array([NaN, NaN]) };
  const result = evaluate([missing], [missing]);
  assert.equal(result.columns[0].ks!.value, null);
  assert.equal(result.columns[0].missingReal, 1);
  assert.ok(result.warnings.length > 0);
  const empty: TypedColumn = { kind: 'categorical', name: 'c', type: 'categorical', levels: [],
    values: [] };
  const none = evaluate([empty], [empty]);
  assert.equal(none.columns[0].tv!.value, null);
  assert.equal(none.contingency.mean.value, null);
});
