import { test } from 'node:test';
import assert from 'node:assert/strict';
import { metaAnalyze, type SiteInput } from '../meta/index.js';
import type { TypedColumn } from '../table/types.js';
import { Random } from '../util/random.js';
import { assembleMetaReport, REAL_ESTIMATES_NOTE } from './assemble-meta.js';
import { renderReport } from './render.js';

function numeric(name: string, values: number[]): TypedColumn {
  return { kind: 'numeric', name, type: 'continuous', values: Float64Array.from(values) };
}

/** Simulated rows: y = 1 + 2x − z + noise; nothing here is real data. */
function site(name: string, rows: number, seed: number): SiteInput {
  const rng = new Random(seed);
  const x: number[] = [];
  const z: number[] = [];
  const y: number[] = [];
  for (let r = 0; r < rows; r++) {
    x.push(rng.normal());
    z.push(rng.normal());
    y.push(1 + 2 * x[r] - z[r] + rng.normal());
  }
  return { site: name, columns: [numeric('x', x), numeric('z', z), numeric('y', y)] };
}

const MODEL = { kind: 'linear', outcome: 'y', covariates: ['x', 'z'] } as const;
const NAMES = ['Alpha', 'Beta', 'Gamma'];

/** Gamma has z constant (0), as a site that did not record it. */
function analysis() {
  const gamma = site('Gamma', 200, 3);
  gamma.columns[1] = numeric('z', new Array(200).fill(0));
  const result = metaAnalyze([site('Alpha', 200, 1), site('Beta', 200, 2), gamma], MODEL);
  const notes = ['The outcome "y" has 600 distinct values over the sites, so the model is a ' +
    'linear regression (--family to choose).', ...result.excluded];
  return { result, notes };
}

test('a site missing from a term\'s forest plot is explained beside that plot only', () => {
  const { result, notes } = analysis();
  assert.deepEqual(result.terms.find((t) => t.term === 'z')?.sites.map((s) => s.site),
    ['Alpha', 'Beta']);
  const data = assembleMetaReport(result, undefined, 'linear regression of y', NAMES,
    { synthetic: notes });
  const byTerm = new Map(data.forests!.map((f) => [f.estimand, f.notes]));
  assert.deepEqual(byTerm.get('z (coefficient)'), [
    'Column "z" is constant at site Gamma; the site is left out of that term, and its other ' +
    'terms are not adjusted for "z".']);
  assert.equal(byTerm.get('x (coefficient)'), undefined);
  assert.equal(byTerm.get('(Intercept) (coefficient)'), undefined);
  // The note that belongs to no plot is a general note, and only it.
  assert.deepEqual(data.notes, [notes[0]]);
});

test('the real side\'s exclusions are marked as such, and a site without a note is still named',
  () => {
    const { result, notes } = analysis();
    const real = metaAnalyze([site('Alpha', 200, 11), site('Beta', 200, 12)], MODEL);
    const data = assembleMetaReport(result, real, 'linear regression of y', NAMES,
      { synthetic: notes, real: [] });
    const z = data.forests!.find((f) => f.estimand === 'z (coefficient)');
    assert.deepEqual(z?.notes?.map((note) => note.slice(0, 40)), [
      'Column "z" is constant at site Gamma; th',
      'Real tables: Site Gamma has no estimate ',
    ]);
    assert.equal(data.forests!.find((f) => f.estimand === 'x (coefficient)')?.notes?.[0],
      'Real tables: Site Gamma has no estimate of this term, so it is not in the plot.');
    // The real side is real data: the report says no ε covers it, first.
    assert.equal(data.notes?.[0], REAL_ESTIMATES_NOTE);
    assert.match(REAL_ESTIMATES_NOTE, /no ε covers them/);
    const syntheticOnly = assembleMetaReport(result, undefined, 'linear regression of y', NAMES,
      { synthetic: notes });
    assert.equal(syntheticOnly.notes?.includes(REAL_ESTIMATES_NOTE), false);
  });

test('the report shows the exclusion notes under their plot and the general notes in a list',
  async () => {
    const { result, notes } = analysis();
    const html = await renderReport(assembleMetaReport(result, undefined,
      'linear regression of y', NAMES, { synthetic: notes }));
    const zPlot = html.indexOf('Forest plot for z (coefficient)');
    const zNote = html.indexOf('Column &quot;z&quot; is constant at site Gamma');
    assert.ok(zPlot > 0 && zNote > zPlot, 'the note follows the z plot');
    assert.equal(html.split('Column &quot;z&quot; is constant').length - 1, 1);
    assert.match(html, /<section class="card" id="notes"><h2>Notes<\/h2>/);
    assert.match(html, /<li>The outcome &quot;y&quot; has 600 distinct values/);
    const withoutNotes = await renderReport(assembleMetaReport(result, undefined,
      'linear regression of y', NAMES));
    assert.doesNotMatch(withoutNotes, /id="notes"/);
    // The exclusions come with the analysis itself, so they are shown even so.
    assert.ok(withoutNotes.includes('Column &quot;z&quot; is constant at site Gamma'));
  });

test('a logistic model\'s intercept plot is on the log-odds scale, its slopes log odds ratios',
  () => {
    const rng = new Random(5);
    const logisticSite = (name: string): SiteInput => {
      const x: number[] = [];
      const y: number[] = [];
      for (let r = 0; r < 300; r++) {
        x.push(rng.normal());
        y.push(rng.uniform() < 1 / (1 + Math.exp(-(-0.5 + x[r]))) ? 1 : 0);
      }
      return { site: name, columns: [numeric('x', x), numeric('y', y)] };
    };
    const result = metaAnalyze([logisticSite('Alpha'), logisticSite('Beta')],
      { kind: 'logistic', outcome: 'y', covariates: ['x'] });
    const data = assembleMetaReport(result, undefined, 'logistic regression of y',
      ['Alpha', 'Beta']);
    assert.deepEqual(data.forests!.map((forest) => forest.estimand),
      ['(Intercept) (log odds)', 'x (log odds ratio)']);
  });

test('the report names each synthetic site\'s w and how it corrected the variances, as the ' +
  'terminal does', async () => {
  const { result, notes } = analysis();
  const weights = [{ site: 'Alpha', w: 0.5 }, { site: 'Beta', w: 0.231 },
    { site: 'Gamma', w: null }];
  const data = assembleMetaReport(result, undefined, 'linear regression of y', NAMES,
    { synthetic: notes, weights });
  assert.equal(data.notes?.[0], 'Each site\'s w: Alpha 0.5, Beta 0.231, Gamma unknown; the ' +
    'synthetic variances are corrected for each site\'s w (× (2 − w²); for a split-mode site ' +
    '× (1 + (1 − w)² × released/fitted rows); or the site\'s own corrected variance).');
  const html = await renderReport(data);
  assert.match(html, /<li>Each site&#39;s w: Alpha 0\.5, Beta 0\.231, Gamma unknown; /);
});
