import { test } from 'node:test';
import assert from 'node:assert/strict';
import { coefficientSpec, forestSpec, Z95 } from './charts-inference.js';
import { frontierSpec, thinRoc } from './charts-privacy.js';
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
  assert.deepEqual(values[0], { term: 'age', series: 'real', estimate: 1, lower: 0.2, upper: 1.9 });
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
  }) as unknown as { layer: { encoding: { y: { sort: string[] } } }[] };
  assert.deepEqual(spec.layer[0].encoding.y.sort, ['A', 'B', 'Fixed effect', 'Random effects']);
});

test('the frontier leaves out the ε panel when no ε is known', () => {
  const spec = frontierSpec({
    delta: 1e-6, measures: [],
    rows: [{ w: 0.2, epsilon: null, worstAuc: 0.51 }, { w: 0.5, epsilon: null, worstAuc: 0.6 }],
  }) as unknown as { hconcat: { title: string }[] };
  assert.deepEqual(spec.hconcat.map((panel) => panel.title), ['Worst attack AUC (0.5 is chance)']);
});
