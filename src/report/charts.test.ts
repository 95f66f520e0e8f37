import { test } from 'node:test';
import assert from 'node:assert/strict';
import { coefficientSpec, forestSpec, Z95 } from './charts-inference.js';
import { frontierSpec, thinRoc } from './charts-privacy.js';
import { categoricalMarginalSpec, correlationSpec } from './charts-distribution.js';
import { renderSvg } from './svg.js';
import type { ForestRow } from './types.js';

// The specs are plain JSON; these read the inline values back out of them.
type Values = Record<string, unknown>[];
const valuesOf = (spec: object): Values => (spec as { data: { values: Values } }).data.values;

test('a long ROC curve is thinned to a few hundred points and keeps both ends', () => {
  const falsePositiveRate = Array.from({ length: 1001 }, (_, i) => i / 1000);
  const points = thinRoc({ falsePositiveRate, truePositiveRate: falsePositiveRate });
  assert.ok(points.length <= 301, `${points.length} points`);
  assert.deepEqual(points[0], { fpr: 0, tpr: 0 });
  assert.deepEqual(points.at(-1), { fpr: 1, tpr: 1 });
});

test('coefficient intervals use the given bounds, else estimate ± 1.96 SE, and skip nulls', () => {
  const spec = coefficientSpec({
    model: 'm',
    terms: [{
      name: 'age',
      real: { estimate: 1, se: 0.5, ciLow: 0.2, ciHigh: 1.9 },
      synthetic: { naive: { estimate: 2, se: 0.5 }, corrected: null },
    }, {
      name: 'sex', real: null, synthetic: { naive: { estimate: 0, se: 1 } },
    }],
  });
  const values = valuesOf(spec);
  assert.equal(values.length, 3);
  assert.deepEqual(values[0],
    { term: 'age', series: 'real', estimate: 1, lower: 0.2, upper: 1.9, termOrder: 0 });
  assert.equal(values[1].lower, 2 - Z95 * 0.5);
  assert.equal(values[2].term, 'sex');
});

test('forest rows list the sites before the pooled estimates', () => {
  const row = (label: string, kind: ForestRow['kind'], source: ForestRow['source']): ForestRow =>
    ({ label, kind, source, estimate: 0, ciLow: -1, ciHigh: 1, weight: null });
  const spec = forestSpec({
    estimand: 'x',
    rows: [row('Fixed effect', 'fixed', 'synthetic'), row('A', 'site', 'synthetic'),
      row('B', 'site', 'real'), row('Random effects', 'random', 'real')],
  });
  const order = new Map(valuesOf(spec).map((value) => [value.label, value.labelOrder]));
  assert.deepEqual(['A', 'B', 'Fixed effect', 'Random effects'].map((label) => order.get(label)),
    [0, 1, 2, 3]);
});

test('levels, columns, terms and sites named like a JavaScript method still render', async () => {
  // Vega reads a string equal to an Object.prototype member ("constructor",
  // a builder in Spanish) in an expression as an operator and throws, and
  // a sort listed as an array is compiled to such an expression: a report
  // whose table had the level "constructor" ended in an internal error.
  const names = ['constructor', 'toString', 'valueOf', 'hasOwnProperty'];
  const row = (label: string, kind: ForestRow['kind']): ForestRow =>
    ({ label, kind, source: 'synthetic', estimate: 0, ciLow: -1, ciHigh: 1, weight: 0.5 });
  const specs = [
    categoricalMarginalSpec({ kind: 'categorical', column: 'job', levels: names,
      real: [1, 2, 3, 4], synthetic: [2, 2, 3, 3], missing: { real: 0, synthetic: 0 } }),
    correlationSpec({ method: 'pearson', names,
      real: names.map(() => names.map(() => 0.5)), synthetic: names.map(() => names.map(() => 0.4)) }),
    coefficientSpec({ model: 'm', terms: names.map((name) => ({ name,
      real: { estimate: 1, se: 0.5 }, synthetic: { naive: { estimate: 2, se: 0.5 } } })) }),
    forestSpec({ estimand: 'x', rows: [...names.map((name) => row(name, 'site')),
      row('Fixed effect', 'fixed')] }),
  ];
  for (const [i, spec] of specs.entries()) {
    const svg = await renderSvg(spec, `chart ${i}`);
    // The first letters: a long label may be cut short with an ellipsis.
    const places = names.map((name) => svg.indexOf(`>${name.slice(0, 7)}`));
    assert.ok(places.every((place) => place >= 0), `chart ${i} labels every name`);
    // In the order given (not the alphabet's: constructor, hasOwnProperty, ...).
    assert.deepEqual([...places].sort((a, b) => a - b), places, `chart ${i} keeps the order`);
  }
});

test('the frontier leaves out the ε panel when no ε is known', () => {
  const spec = frontierSpec({
    delta: 1e-6, measures: [],
    rows: [{ w: 0.2, epsilon: null, worstAuc: 0.51 }, { w: 0.5, epsilon: null, worstAuc: 0.6 }],
  }) as unknown as { hconcat: { title: string }[] };
  assert.deepEqual(spec.hconcat.map((panel) => panel.title), ['Worst attack AUC (0.5 is chance)']);
});
