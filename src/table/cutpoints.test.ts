import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Random } from '../util/random.js';
import { LniError } from '../util/errors.js';
import { Encoder } from './encoder.js';
import { inferSchema } from './infer.js';
import type { Table } from './types.js';

/** 400 rows: a rare binary (4 %), a three-level category, a number with 10 % missing. */
function mixed(): Table {
  const rng = new Random(11);
  const rows = 400;
  const flag: string[] = [];
  const colour: string[] = [];
  const dose: string[] = [];
  for (let i = 0; i < rows; i++) {
    flag.push(i % 25 === 0 ? 'yes' : 'no');
    colour.push(['red', 'green', 'blue'][i % 7 === 0 ? 2 : i % 3 === 0 ? 1 : 0]);
    dose.push(i % 10 === 3 ? 'NA' : (10 + 5 * rng.normal()).toFixed(2));
  }
  return { names: ['flag', 'colour', 'dose'], columns: [flag, colour, dose], rowCount: rows };
}

const fit = (table: Table) => Encoder.fit(table, inferSchema(table));

test('level shares are listed per dimension, null for numbers', () => {
  const shares = fit(mixed()).levelShares();
  assert.equal(shares.length, 4);
  assert.deepEqual(shares[0]!.map((s) => Math.round(s * 400)), [384, 16]);
  assert.deepEqual(shares[1]!.map((s) => Math.round(s * 400)).sort((a, b) => a - b), [58, 114, 228]);
  assert.equal(shares[2], null);
  assert.deepEqual(shares[3]!.map((s) => Math.round(s * 400)), [360, 40]);
});

test('cuts far outside are moved into the gaps, so every row still decodes to itself', () => {
  const table = mixed();
  const encoder = fit(table);
  const x = encoder.encode(table, new Random(2));
  for (const far of [-100, 100]) {
    const cut = encoder.withCutpoints([[far], [far, far], null, [far]]);
    assert.deepEqual(cut.decode(x, table.rowCount).columns, table.columns);
  }
});

test('a cut decides the level: values above it decode to the upper level', () => {
  const table = mixed();
  const encoder = fit(table);
  const cuts = encoder.withCutpoints([[1.0], [-0.5, 0.9], null, [1.2]]);
  // Read back the clamped cuts, then place values just either side.
  const stored = (cuts.toJSON() as { cutpoints: (number[] | null)[] }).cutpoints;
  const flagCut = stored[0]![0];
  const missingCut = stored[3]![0];
  const x = new Float64Array([
    flagCut - 1e-9, 0, 0, missingCut - 1e-9,
    flagCut + 1e-9, 0, 0, missingCut + 1e-9,
  ]);
  const decoded = cuts.decode(x, 2);
  assert.deepEqual(decoded.columns[0], ['no', 'yes']);
  assert.notEqual(decoded.columns[2][0], 'NA');
  assert.equal(decoded.columns[2][1], 'NA');
});

test('cuts survive the model file and malformed ones are refused', () => {
  const table = mixed();
  const encoder = fit(table).withCutpoints([[1.0], [-0.5, 0.9], null, [1.2]]);
  const json = JSON.parse(JSON.stringify(encoder.toJSON()));
  assert.deepEqual((Encoder.fromJSON(json).toJSON() as { cutpoints: unknown }).cutpoints,
    json.cutpoints);
  const broken = [
    [[1.0], [0.9, -0.5], null, [1.2]],   // not rising
    [[1.0], [-0.5, 0.9], [0], [1.2]],    // a number dimension with a cut
    [[1.0], [-0.5], null, [1.2]],        // too few cuts
    [[1.0], [-0.5, 0.9], null],          // too few dimensions
    [['1'], [-0.5, 0.9], null, [1.2]],   // not a number
  ];
  for (const cutpoints of broken) {
    assert.throws(() => Encoder.fromJSON({ ...json, cutpoints }),
      (error: unknown) => error instanceof LniError && error.code === 'model-invalid');
  }
  // A saved encoder without cuts (older model files) still loads.
  const { cutpoints: _, ...plain } = json;
  assert.equal((Encoder.fromJSON(plain).toJSON() as { cutpoints?: unknown }).cutpoints, undefined);
});
