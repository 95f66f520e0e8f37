// Two releases of the same rows from one seed at two w must not share
// their latent noise: if they did, z̃₂/√(1−w₂) − z̃₁/√(1−w₁) would cancel it
// and give each row's latent point back (a reviewer recovered 496 of 500
// rows of a simulated table to 1e-7 that way). Aggregates only.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { inferSchema, type Table } from '../table/index.js';
import { Random } from '../util/random.js';
import { fitModel, latentRows, synthesize } from './index.js';

const rows = 200;
const random = new Random(3);
const table: Table = {
  names: ['a', 'b', 'c'],
  columns: [0, 1, 2].map((k) => Array.from({ length: rows }, () =>
    (50 + 10 * random.normal() + k).toFixed(4))),
  rowCount: rows,
};

test('releases of the same rows from one seed at two w draw unrelated noise', () => {
  const model = fitModel(table, inferSchema(table), { seed: 1, epochs: 3 });
  const p = model.encoder.dimension;
  const [w1, w2] = [0.5, 0.9];
  // Rows kept in order, so only the noise can keep the two releases apart.
  const latentOf = (w: number) => latentRows(model,
    synthesize(model, table, { w, seed: 7, shuffle: false }).table, 1);
  const first = latentOf(w1);
  const second = latentOf(w2);
  const real = latentRows(model, table, 1);
  const gain = Math.sqrt(w2 / (1 - w2)) - Math.sqrt(w1 / (1 - w1));
  const errors: number[] = [];
  for (let i = 0; i < rows * p; i++) {
    const solved = (second[i] / Math.sqrt(1 - w2) - first[i] / Math.sqrt(1 - w1)) / gain;
    errors.push(Math.abs(solved - real[i]));
  }
  errors.sort((x, y) => x - y);
  const median = errors[Math.floor(errors.length / 2)];
  // With shared noise the median error is at rounding level (the released
  // decimals); with independent noise it is of the noise's own size.
  assert.ok(median > 0.2, `the two releases give latent points back to ${median.toExponential(2)}`);
  // The same seed and w still give the same release.
  assert.deepEqual(synthesize(model, table, { w: w1, seed: 7 }).table,
    synthesize(model, table, { w: w1, seed: 7 }).table);
});
