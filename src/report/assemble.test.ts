import { test } from 'node:test';
import assert from 'node:assert/strict';
import { evaluate } from '../evaluate/index.js';
import type { AttackReport, FrontierPoint, PrivacySummary } from '../privacy/index.js';
import type { TypedColumn } from '../table/types.js';
import { Random } from '../util/random.js';
import { assembleReport, columnMarginals } from './assemble.js';
import { renderReport } from './render.js';

/** A small numeric-and-categorical table with unrounded values, so a leak would show. */
function cohort(random: Random, n: number, shift: number): TypedColumn[] {
  const x = new Float64Array(n);
  const y = new Float64Array(n);
  const g: (string | null)[] = [];
  for (let i = 0; i < n; i += 1) {
    x[i] = 50 + 10 * random.normal() + shift;
    y[i] = 3 + 0.5 * x[i] + 4 * random.normal();
    g.push(random.uniform() < 0.4 ? 'a' : 'b');
  }
  return [
    { kind: 'numeric', name: 'x', type: 'continuous', values: x },
    { kind: 'numeric', name: 'y', type: 'continuous', values: y },
    { kind: 'categorical', name: 'g', type: 'binary', values: g, levels: ['a', 'b'] },
  ];
}

const roc = { falsePositiveRate: [0, 0.5, 1], truePositiveRate: [0, 0.6, 1] };
const audit: AttackReport = {
  results: [
    { name: 'distance-to-closest', title: 'Distance to closest', auc: 0.52, ciLow: 0.48,
      ciHigh: 0.56, roc, direction: '' },
    { name: 'latent', title: 'Latent', auc: 0.61, ciLow: 0.57, ciHigh: 0.65, roc, direction: '' },
  ],
  skipped: [{ name: 'density-ratio', reason: 'no reference rows' }],
  warnings: [],
};

const point = (w: number, auc: number): FrontierPoint => ({
  w, refined: false, worstAuc: auc, worstCiHigh: auc + 0.04, epsilon: w === 0 ? 0 : 10 * w,
  noPrivacy: false, fidelity: { meanKs: 0.1 - 0.05 * w, maxCorrelationDiff: Number.NaN },
  attacks: [{ name: 'latent', auc, ciLow: auc - 0.04, ciHigh: auc + 0.04 }],
});

const privacy: PrivacySummary & { coverage: string } = {
  sensitivity: 12, bound: 'clip', bounds: { lipschitz: null, interval: 90, clip: 12 },
  domainSource: 'mixed', w: 0.5, wChosenBy: 'user', delta: 1e-6, mu: 12, epsilon: 60,
  noPrivacy: false, epsilonClassical: 63, clipRadius: 6, clippedRows: 3, releasedRows: 300,
  splitMode: false, attacks: [], assumptions: ['An assumption.'], warnings: [],
  frontier: [point(0.9, 0.7), point(0, 0.5), point(0.5, 0.55)],
  coverage: 'Rows released: all 300.',
};

function sources() {
  const random = new Random(3);
  const real = cohort(random, 300, 0);
  const synthetic = cohort(random, 300, 1);
  const evaluation = evaluate(real, synthetic, { outcome: 'y', covariates: ['x', 'g'], w: 0.5 });
  return { real, synthetic, evaluation };
}

test('assembleReport carries the privacy summary, the worst attack and the frontier', async () => {
  const { real, synthetic, evaluation } = sources();
  const data = assembleReport({
    dataset: 'cohort.csv', evaluation, privacy, audit, rows: { real: 300, synthetic: 300 },
    marginals: columnMarginals(real, synthetic),
  });
  const summary = data.summary!;
  assert.equal(summary.w, 0.5);
  assert.equal(summary.privacy?.epsilon, 60);
  assert.equal(summary.privacy?.sensitivity.method, 'latent clipping');
  assert.equal(summary.privacy?.boundsSource, 'mixed');
  assert.match(await renderReport(data), /Some domain bounds were read off the data/);
  assert.equal(summary.privacy?.clippedRows, 3);
  assert.deepEqual(summary.worstAttack,
    { title: 'Latent', auc: 0.61, ciLow: 0.57, ciHigh: 0.65 });
  assert.deepEqual(summary.assumptions, ['Rows released: all 300.', 'An assumption.']);

  assert.deepEqual(data.attacks?.attacks.map((a) => a.title), ['Distance to closest', 'Latent']);
  assert.match(data.attacks!.warnings!.join(' '), /density-ratio was not run/);
  assert.deepEqual(data.frontier?.rows.map((row) => row.w), [0, 0.5, 0.9]);
  assert.equal(data.frontier?.chosenW, 0.5);
  assert.ok(Math.abs(data.frontier!.rows[1].fidelity!['mean KS']! - 0.075) < 1e-15);
  assert.equal(data.frontier?.rows[1].fidelity?.['max |Δr|'], null);
  assert.ok(Math.abs(data.frontier!.rows[1].worstCiLow! - 0.51) < 1e-15);
});

test('a privacy summary that never saw the released rows gives no count of clipped rows',
  () => {
    const { real, synthetic, evaluation } = sources();
    const data = assembleReport({
      dataset: 'cohort.csv', evaluation, privacy: { ...privacy, clippedRows: null }, audit,
      rows: { real: 300, synthetic: 300 }, marginals: columnMarginals(real, synthetic),
    });
    assert.equal(data.summary!.privacy?.clippedRows, undefined);
  });

test('assembleReport scores match the evaluation they came from', () => {
  const { real, synthetic, evaluation } = sources();
  const data = assembleReport({ evaluation, rows: { real: 300, synthetic: 300 }, w: 0.5,
    marginals: columnMarginals(real, synthetic) });
  const fidelity = new Map(data.summary!.fidelity.map((score) => [score.label, score]));
  const ks = evaluation.columns.flatMap((c) => (c.ks?.value == null ? [] : [c.ks.value]));
  const meanKs = fidelity.get('Mean KS statistic (2 numeric columns)')!;
  assert.ok(Math.abs(meanKs.value! - (ks[0] + ks[1]) / 2) < 1e-15);
  assert.equal(meanKs.direction, 'lower-is-better');
  assert.equal(fidelity.get('Max |Δ Pearson r|')!.value,
    evaluation.correlation.pearson.maxAbsDiff.value);
  const tstr = fidelity.get('Train on synthetic, test on real')!;
  assert.equal(tstr.value, null);
  assert.match(tstr.warning!, /held-out real rows/);

  const marginal = data.marginals!.find((m) => m.column === 'x')!;
  assert.equal(marginal.score?.label, 'KS');
  assert.equal(marginal.score?.value, evaluation.columns[0].ks?.value);

  const terms = data.coefficients!.terms;
  assert.deepEqual(terms.map((t) => t.name), ['(Intercept)', 'x', 'g=b']);
  const x = evaluation.models!.terms[1];
  assert.equal(terms[1].synthetic.corrected?.se, x.synthetic.corrected?.se);
  assert.match(data.coefficients!.correction!, /2 − w²\) with w = 0\.5/);
  assert.equal(data.correlations?.names.length, 2);
  assert.equal(data.attacks, undefined);
  assert.equal(data.frontier, undefined);
});

test('the assembled report holds aggregates only: no real value appears in it', async () => {
  const { real, synthetic, evaluation } = sources();
  const data = assembleReport({ evaluation, privacy, audit, rows: { real: 300, synthetic: 300 },
    marginals: columnMarginals(real, synthetic) });
  const text = JSON.stringify(data) + await renderReport(data);
  for (const column of real) {
    if (column.kind !== 'numeric') continue;
    for (const value of column.values) {
      // Twelve significant digits: far more than any aggregate is printed with.
      assert.ok(!text.includes(value.toPrecision(12)), `${column.name} value found`);
      assert.ok(!text.includes(String(value)), `${column.name} value found`);
    }
  }
});

test('without an outcome, w or audit the report leaves those parts out', () => {
  const { real, synthetic } = sources();
  const evaluation = evaluate(real, synthetic);
  const data = assembleReport({ evaluation, rows: { real: 300, synthetic: 300 } });
  assert.equal(data.coefficients, undefined);
  assert.equal(data.summary!.privacy, undefined);
  assert.ok(Number.isNaN(data.summary!.w));
  assert.match(data.summary!.wChoice!, /not known/);
  assert.deepEqual(data.marginals, []);
});

test('rows in are the input\'s rows, rows out the released ones, with why they differ',
  async () => {
    const { evaluation } = sources();
    // 303 input rows: 61 test rows held out, then split mode fits 121 and releases 121.
    const data = assembleReport({ evaluation, privacy, dataset: 'cohort.csv',
      rows: { real: 121, synthetic: 121, input: 303, testRows: 61, fittedOnly: 121 } });
    assert.equal(data.summary?.rowsIn, 303);
    assert.equal(data.summary?.rowsOut, 121);
    assert.equal(data.summary?.rowsNote, 'Of the 303 input rows, 61 were held out as test rows ' +
      'for the report and 121 fitted the flow in split mode; neither is released, so 121 ' +
      'synthetic rows come from the other 121.');
    const html = await renderReport(data);
    assert.match(html, /303 rows in → 121 synthetic rows out/);
    assert.ok(html.includes('<p class="note">Of the 303 input rows, 61 were held out'));

    const split = assembleReport({ evaluation, privacy,
      rows: { real: 150, synthetic: 150, input: 300, fittedOnly: 150 } });
    assert.equal(split.summary?.rowsNote, 'Of the 300 input rows, 150 fitted the flow in ' +
      'split mode; they are not released, so 150 synthetic rows come from the other 150.');
    // A long table split by person says so, which is why the parts are uneven.
    const byPerson = assembleReport({ evaluation,
      privacy: { ...privacy, notes: ['rows are split by person (column "patient_id", which rows '
        + 'share): each person\'s rows are all on one side of the split'] },
      rows: { real: 188, synthetic: 188, input: 372, fittedOnly: 184 } });
    assert.match(byPerson.summary?.rowsNote ?? '',
      /come from the other 188\. Rows were split by person \(column "patient_id"\)/);

    const same = assembleReport({ evaluation, privacy,
      rows: { real: 300, synthetic: 300, input: 300, testRows: 0, fittedOnly: 0 } });
    assert.equal(same.summary?.rowsIn, 300);
    assert.equal(same.summary?.rowsNote, undefined);
    assert.doesNotMatch(await renderReport(same), /input rows, /);
  });

test('the frontier says when its ε (the audit model\'s) differs from the released ε', async () => {
  const { evaluation } = sources();
  const interval = { ...privacy, bound: 'interval' as const, clipRadius: null, clippedRows: null,
    w: 0.5, epsilon: 26_600, frontier: [point(0, 0.5), point(0.5, 0.52), point(0.9, 0.7)] };
  const html = await renderReport(assembleReport({ evaluation, privacy: interval,
    rows: { real: 300, synthetic: 300 } }));
  const frontier = html.slice(html.indexOf('id="frontier"'));
  assert.match(frontier, /audit model/);
  assert.match(frontier, /gives ε = 26,600 at w = 0\.5/);
  assert.match(frontier, /the ε panel reads 5, the summary 26,600/);

  // The same ε on both: nothing to explain.
  const same = { ...interval, epsilon: 5 };
  const plain = await renderReport(assembleReport({ evaluation, privacy: same,
    rows: { real: 300, synthetic: 300 } }));
  assert.doesNotMatch(plain.slice(plain.indexOf('id="frontier"')), /audit model/);
});
