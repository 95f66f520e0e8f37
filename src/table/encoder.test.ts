import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { parseCsv } from './csv.js';
import { Encoder, levelMargin } from './encoder.js';
import { inferSchema } from './infer.js';
import { rareLevelNotes } from './schema-warnings.js';
import type { Schema } from './schema.js';
import type { Table } from './types.js';
import { Random } from '../util/random.js';
import { fromNormalScore } from './normal-score.js';
import { LniError } from '../util/errors.js';
import { sharedDataSkip } from '../testing/shared-data.js';

const DATA = new URL('../../../shared/data/', import.meta.url);

function load(file: string, header = true): Table {
  return parseCsv(new Uint8Array(readFileSync(new URL(file, DATA))), { file, header }).table;
}

function table(names: string[], rows: string[][]): Table {
  return { names, columns: names.map((_, j) => rows.map((row) => row[j])), rowCount: rows.length };
}

/** Name of the first column whose cells differ, or null; never prints cells. */
function firstDifference(a: Table, b: Table): string | null {
  for (let j = 0; j < a.names.length; j++) {
    const k = b.names.indexOf(a.names[j]);
    if (k < 0) return a.names[j];
    for (let i = 0; i < a.rowCount; i++) {
      if (a.columns[j][i] !== b.columns[k][i]) return `${a.names[j]} (row ${i + 1})`;
    }
  }
  return null;
}

function codeOf(run: () => unknown): LniError | null {
  try {
    run();
  } catch (error) {
    if (error instanceof LniError) return error;
    throw error;
  }
  return null;
}

test('decode(encode(t)) reproduces framingham and cleveland exactly',
  { skip: sharedDataSkip }, () => {
    const cases: [string, boolean][] = [
      ['framingham/framingham.csv', true], ['uci-heart-disease/processed.cleveland.data', false],
    ];
    for (const [file, header] of cases) {
      const t = load(file, header);
      const encoder = Encoder.fit(t, inferSchema(t));
      const x = encoder.encode(t, new Random(11));
      assert.equal(x.length, t.rowCount * encoder.dimension);
      const back = encoder.decode(x, t.rowCount);
      assert.deepEqual(back.names, t.names);
      assert.equal(firstDifference(t, back), null, file);
    }
  });

test('framingham encodes to 16 values plus 7 missing indicators',
  { skip: sharedDataSkip }, () => {
    const t = load('framingham/framingham.csv');
    const encoder = Encoder.fit(t, inferSchema(t));
    assert.equal(encoder.dimension, 23);
    assert.equal(encoder.labels.filter((label) => label.endsWith(':missing')).length, 7);
    assert.ok(encoder.labels.includes('glucose:missing'));
  });

test('every encoded value lies inside the domain box and decodes to its cell; a level\'s '
  + 'cells keep off the ends of its band, numbers are close to N(0, 1)',
  { skip: sharedDataSkip }, () => {
    const t = load('framingham/framingham.csv');
    const schema = inferSchema(t);
    const encoder = Encoder.fit(t, schema);
    // min(0.25, 4.5/√n): 0.25 up to 324 rows, 0.069 for Framingham's 4,238.
    const margin = levelMargin(t.rowCount);
    assert.equal(levelMargin(303), 0.25);
    assert.ok(Math.abs(margin - 4.5 / Math.sqrt(4238)) < 1e-12 && margin < 0.07);
    assert.equal((encoder.toJSON() as { levelMargin: number }).levelMargin, margin);
    const x = encoder.encode(t, new Random(2));
    const { lower, upper, source } = encoder.domain();
    const p = encoder.dimension;
    const discrete = new Set(schema.columns
      .filter((column) => column.type === 'binary' || column.type === 'categorical')
      .map((column) => column.name));
    // Bounds read off the data; the indicators' fixed boxes declare nothing.
    assert.equal(source, 'data');
    // Each cell stays in the interval that decodes to it (the round trips
    // above check that), so the decoded table is the input.
    assert.equal(firstDifference(t, encoder.decode(x, t.rowCount)), null);
    for (let d = 0; d < p; d++) {
      const label = encoder.labels[d];
      const values = Array.from({ length: t.rowCount }, (_, i) => x[i * p + d]);
      for (const value of values) assert.ok(value >= lower[d] && value <= upper[d], label);
      const mean = values.reduce((sum, value) => sum + value, 0) / values.length;
      const variance = values.reduce((sum, value) => sum + (value - mean) ** 2, 0) / values.length;
      if (discrete.has(label) || label.endsWith(':missing')) {
        // A level's band is its share of N(0, 1); every cell keeps the
        // margin's share of its band's probability free at either end,
        // however the copula draws it.
        const shares = encoder.levelShares()[d]!;
        for (const value of values) {
          const q = fromNormalScore(value);
          let k = 0;
          let start = 0;
          while (k + 1 < shares.length && q >= start + shares[k]) start += shares[k++];
          const within = (q - start) / shares[k];
          assert.ok(within > margin - 1e-9 && within < 1 - margin + 1e-9,
            `${label}: ${within} of its band`);
        }
      } else {
        // Roughly N(0, 1): scores within a level's own ladder, less the
        // shifts of the row's other levels; a cell free over the whole range
        // (a missing value, a non-smoker's cigarettes under a ladder holding
        // only 0) is drawn given its row.
        assert.ok(Math.abs(mean) < 0.2, `${label} mean ${mean}`);
        assert.ok(variance > 0.3 && variance < 1.5, `${label} variance ${variance}`);
      }
    }
  });

test('dequantization noise is fresh with each Random, the decoded table the same',
  { skip: sharedDataSkip }, () => {
    const t = load('uci-heart-disease/processed.cleveland.data', false);
    const encoder = Encoder.fit(t, inferSchema(t));
    const a = encoder.encode(t, new Random(1));
    const b = encoder.encode(t, new Random(2));
    let differing = 0;
    for (let k = 0; k < a.length; k++) if (a[k] !== b[k]) differing++;
    assert.ok(differing > a.length / 2);
    assert.equal(firstDifference(encoder.decode(a, t.rowCount), encoder.decode(b, t.rowCount)), null);
  });

test('NaN, NA, null, empty and ? in one column are missing, written with its usual token', () => {
  const values = ['1.5', 'NaN', '2.25', 'NA', '3', 'null', '', '?', 'NA', '4.75', '5', '6.5'];
  const t = table(['x', 'y'], values.map((v, i) => [v, String(i % 3)]));
  const schema = inferSchema(t);
  assert.equal(schema.columns[0].type, 'continuous');
  const encoder = Encoder.fit(t, schema);
  const back = encoder.decode(encoder.encode(t, new Random(4)), t.rowCount);
  const missing = new Set([1, 3, 5, 6, 7, 8]);
  back.columns[0].forEach((cell, i) => {
    assert.equal(cell, missing.has(i) ? 'NA' : t.columns[0][i]);
  });
});

test('an integer column with missing cells comes back as integers, no ".0"', () => {
  const rows = Array.from({ length: 40 }, (_, i) => [i % 5 === 0 ? 'NA' : String(100 + 3 * i)]);
  const t = table(['chol'], rows.map((row, i) => [...row, String(i % 2)]));
  const encoder = Encoder.fit(t, inferSchema(t));
  const back = encoder.decode(encoder.encode(t, new Random(9)), t.rowCount);
  assert.equal(firstDifference(t, back), null);
  // arbitrary latent-ish vectors still decode to integers in range or NA
  const rng = new Random(5);
  const z = rng.normals(t.rowCount * encoder.dimension).map((v) => 3 * v);
  for (const cell of encoder.decode(z, t.rowCount).columns[0]) {
    assert.ok(cell === 'NA' || /^\d+$/.test(cell), 'integer expected');
    if (cell !== 'NA') assert.ok(Number(cell) >= 103 && Number(cell) <= 217);
  }
});

test('declared bounds are never left and are reported as schema bounds', () => {
  const rows = Array.from({ length: 50 }, (_, i) => [(i / 50).toFixed(2), String(i % 101)]);
  const t = table(['share', 'score'], rows);
  const schema: Schema = {
    version: 1,
    columns: [
      { name: 'share', type: 'continuous', lower: 0, upper: 1 },
      { name: 'score', type: 'integer', lower: 0, upper: 100 },
    ],
  };
  const encoder = Encoder.fit(t, schema);
  const domain = encoder.domain();
  assert.equal(domain.source, 'schema');
  const z = new Random(3).normals(t.rowCount * 2).map((v) => 50 * v);
  const out = encoder.decode(z, t.rowCount);
  for (const cell of out.columns[0]) assert.ok(Number(cell) >= 0 && Number(cell) <= 1);
  for (const cell of out.columns[1]) assert.ok(Number(cell) >= 0 && Number(cell) <= 100);
  // the quantile ladder's outer knots sit on the declared bounds (so the
  // model does not store the observed 49), and extreme latents reach past it
  assert.ok(out.columns[1].some((cell) => Number(cell) > 49));
});

test('statistics come from the fit rows: a later value beyond their range is clipped', () => {
  const fitRows = table(['a', 'b'],
    Array.from({ length: 30 }, (_, i) => [String(i % 15), `${i % 2}`]));
  const encoder = Encoder.fit(fitRows, inferSchema(fitRows));
  assert.equal(inferSchema(fitRows).columns[0].type, 'integer');
  const later = table(['a', 'b'], [['500', '1'], ['-3', '0']]);
  const back = encoder.decode(encoder.encode(later, new Random(1)), 2);
  assert.deepEqual(back.columns[0], ['14', '0']);
});

test('missing codes declared in the schema read as missing and are written back', () => {
  const rows = Array.from({ length: 30 }, (_, i) =>
    [i % 4 === 0 ? '0' : String(180 + i), i % 5 === 1 ? 'b' : 'a']);
  const t = table(['chol', 'g'], rows);
  const schema = inferSchema(t);
  schema.columns[0].missingCodes = [0];
  const encoder = Encoder.fit(t, schema);
  assert.ok(encoder.labels.includes('chol:missing'));
  const back = encoder.decode(encoder.encode(t, new Random(7)), t.rowCount);
  assert.equal(firstDifference(t, back), null);
  const json = encoder.toJSON() as { columns: { ladder: { values: number[] } }[] };
  assert.ok(json.columns[0].ladder.values.length > 0);
  assert.ok(json.columns[0].ladder.values.every((v) => v >= 181), 'the code 0 is no value');
});

test('dates round trip in their own layout, before 1900 too', () => {
  const rows = Array.from({ length: 30 }, (_, i) => [
    `18${String(50 + i)}-0${1 + (i % 9)}-1${i % 10}`,
    `${10 + (i % 18)}/0${1 + (i % 9)}/19${10 + ((i * 7) % 30)}`,
  ]);
  // (Years of "seen" shuffled against "born": a visit decades after each
  // birth would be modelled as the time after it, date-gaps.test.ts.)
  const t = table(['born', 'seen'], rows);
  const encoder = Encoder.fit(t, inferSchema(t));
  const back = encoder.decode(encoder.encode(t, new Random(3)), t.rowCount);
  assert.equal(firstDifference(t, back), null);
});

test('constant, empty, ID and dropped columns: fixed value, token, fresh IDs, absent', () => {
  const rows = Array.from({ length: 25 }, (_, i) => ['7', 'NA', `S${500 + i}`, String(i % 2),
    String(i * 1.5), 'secret']);
  const t = table(['k', 'none', 'sid', 'flag', 'x', 'note'], rows);
  const schema = inferSchema(t);
  schema.columns[5].drop = true;
  const encoder = Encoder.fit(t, schema);
  assert.deepEqual(encoder.labels, ['flag', 'x']);
  const back = encoder.decode(encoder.encode(t, new Random(1)), t.rowCount);
  assert.deepEqual(back.names, ['k', 'none', 'sid', 'flag', 'x']);
  assert.ok(back.columns[0].every((cell) => cell === '7'));
  assert.ok(back.columns[1].every((cell) => cell === 'NA'));
  assert.equal(new Set(back.columns[2]).size, t.rowCount);
  assert.ok(back.columns[2].every((cell) => /^S\d+$/.test(cell)));
  assert.ok(back.columns[2].every((cell) => !t.columns[2].includes(cell)), 'no real ID copied');
});

test('the encoder survives JSON; a damaged one raises model-invalid',
  { skip: sharedDataSkip }, () => {
    const t = load('framingham/framingham.csv');
    const encoder = Encoder.fit(t, inferSchema(t));
    const copy = Encoder.fromJSON(JSON.parse(JSON.stringify(encoder.toJSON())));
    const x = encoder.encode(t, new Random(8));
    assert.equal(firstDifference(encoder.decode(x, t.rowCount), copy.decode(x, t.rowCount)), null);
    assert.deepEqual(copy.domain(), encoder.domain());
    const damaged = JSON.parse(JSON.stringify(encoder.toJSON()));
    delete damaged.columns[3].levels;
    const good = JSON.parse(JSON.stringify(encoder.toJSON()));
    const { levelMargin: _, ...marginless } = good;
    for (const bad of [null, {}, { ...damaged, version: 7 }, damaged, marginless,
      { ...good, levelMargin: 0.5 }, { ...good, levelMargin: '0.1' }]) {
      assert.equal(codeOf(() => Encoder.fromJSON(bad))?.code, 'model-invalid');
    }
  });

test('a cell that does not read as the declared type names its column and row', () => {
  const t = table(['a', 'b'], [['1', 'x'], ['2', 'y'], ['oops', 'x'], ['4', 'y']]);
  const schema: Schema = {
    version: 1, columns: [{ name: 'a', type: 'integer' }, { name: 'b', type: 'binary' }],
  };
  const error = codeOf(() => Encoder.fit(t, schema, 'f.csv'));
  assert.equal(error?.code, 'cell-type');
  assert.equal(error?.column, 'a');
  assert.equal(error?.row, 3);
  assert.equal(error?.file, 'f.csv');
  const fractional = table(['a', 'b'], [['1', 'x'], ['2.5', 'y'], ['3', 'x']]);
  assert.equal(codeOf(() => Encoder.fit(fractional, schema))?.row, 2);
});

test('a missing cell at encode in a column fitted without any is filled with a plausible value',
  () => {
    const fitRows = table(['a', 'b'], [['1', 'x'], ['2', 'y'], ['3', 'x']]);
    const encoder = Encoder.fit(fitRows, inferSchema(fitRows));
    const later = table(['a', 'b'], [['1', 'x'], ['NA', 'y']]);
    const x = encoder.encode(later, new Random(1));
    assert.ok(x.every(Number.isFinite));
    const decoded = encoder.decode(x, 2);
    const a = decoded.columns[decoded.names.indexOf('a')];
    assert.ok(a.every((cell) => ['1', '2', '3'].includes(cell)), `decoded ${a.length} cells`);
    // The user is told, per column, how many and where; a column fitted with
    // missing cells keeps them and is not named.
    const withHoles = table(['a', 'b', 'c'], [['1', 'x', '5'], ['2', 'y', ''], ['3', 'x', '7'],
      ['', 'x', '6']]);
    const holed = Encoder.fit(withHoles, inferSchema(withHoles));
    const other = table(['a', 'b', 'c'], [['1', 'x', '5'], ['2', 'NA', '6'], ['', '', ''],
      ['3', 'y', '7']]);
    const warnings = holed.clippingWarnings(other, 'other.csv', (i) => i + 10);
    assert.equal(warnings.length, 1, warnings.join('\n'));
    assert.match(warnings[0], /^warning: other\.csv, column "b": 2 of 4 cells are missing \(the first in row 11\), but the rows the model was fitted on had none/);
    assert.match(warnings[0], /released as values/);
  });

test('other rows whose labels the model does not keep are warned of; mostly such, refused', () => {
  const rows = Array.from({ length: 60 }, (_, i) => [String(20 + (i * 7) % 41),
    i % 2 === 0 ? 'F' : 'M', ['A', 'B', 'C'][i % 3]]);
  const fitted = table(['age', 'sex', 'ward'], rows);
  const encoder = Encoder.fit(fitted, inferSchema(fitted));
  const someNew = table(['age', 'sex', 'ward'],
    rows.map((row, i) => (i === 4 || i === 9 ? [row[0], row[1], 'ER'] : row)));
  const warnings = encoder.clippingWarnings(someNew, 'other.csv');
  assert.deepEqual(warnings.map((w) => /column "(\w+)": (\d+) of 60 cells hold labels the model does not keep.*first in row (\d+)/.exec(w)?.slice(1)),
    [['ward', '2', '5']]);
  assert.doesNotMatch(warnings[0], /ER/, 'the label itself is not quoted');
  const recoded = table(['age', 'sex', 'ward'], rows.map((row) => [row[0], 'X', row[2]]));
  const error = codeOf(() => encoder.clippingWarnings(recoded, 'other.csv'));
  assert.equal(error?.code, 'model-data-mismatch');
  assert.equal(error?.column, 'sex');
  assert.doesNotMatch(error?.message ?? '', /"X"/);
});

test('a log-transformed column round trips and its encoded values rise with the value', () => {
  const rows = Array.from({ length: 60 }, (_, i) => [Math.exp(i / 8).toFixed(2), String(i % 2)]);
  const t = table(['income', 'flag'], rows);
  const schema = inferSchema(t);
  assert.equal(schema.columns[0].transform, 'log');
  const encoder = Encoder.fit(t, schema);
  const x = encoder.encode(t, new Random(6));
  assert.equal(firstDifference(t, encoder.decode(x, t.rowCount)), null);
  // The rows are sorted by value: within a flag level (one shift) their
  // encoded values must rise with them.
  for (let i = 2; i < t.rowCount; i++) assert.ok(x[i * 2] > x[(i - 2) * 2]);
});

test('the copula reads two numbers a group shifts at their correlation, less one standard error', () => {
  // x = u + 1.5 g and y = v + 1.5 g with corr(u, v) = 0.5 and g a 50/50
  // group of 95 rows each (too few for per-level quantiles, enough for level
  // shifts). R sits on the encoded scores, after the shifts; for two
  // numbers it is their Pearson correlation there, less at most the one
  // standard error (1/√n) by which pairs are shrunk towards independence.
  // With each number's higher Hermite terms taken from the sample it came
  // out 0.23 here, against a Pearson 0.40.
  const random = new Random(11);
  const n = 190;
  const rows: string[][] = [];
  for (let i = 0; i < n; i++) {
    const u = random.normal();
    const v = 0.5 * u + Math.sqrt(0.75) * random.normal();
    rows.push([String(i % 2), (u + 1.5 * (i % 2)).toFixed(4), (v + 1.5 * (i % 2)).toFixed(4)]);
  }
  const data = table(['g', 'x', 'y'], rows);
  const encoder = Encoder.fit(data, inferSchema(data));
  const json = encoder.toJSON() as { copula: number[]; levelShifts: unknown[] };
  assert.equal(json.levelShifts.length, 2, 'x and y are shifted by g');
  const encoded = encoder.encode(data, new Random(1));
  const column = (d: number) => Array.from({ length: n }, (_, i) => encoded[i * 3 + d]);
  const [a, b] = [column(1), column(2)];
  const mean = (values: number[]) => values.reduce((sum, value) => sum + value, 0) / n;
  const [ma, mb] = [mean(a), mean(b)];
  const pearson = mean(a.map((_, i) => (a[i] - ma) * (b[i] - mb)))
    / Math.sqrt(mean(a.map((value) => (value - ma) ** 2)) * mean(b.map((value) => (value - mb) ** 2)));
  const rho = json.copula[1 * 3 + 2];
  assert.ok(pearson > 0.3, `the scores' correlation ${pearson.toFixed(3)}`);
  assert.ok(rho <= pearson + 0.01 && pearson - rho <= 1 / Math.sqrt(n) + 0.01,
    `copula ρ(x, y) ${rho.toFixed(3)} against the scores' Pearson ${pearson.toFixed(3)}`);
});

test('readings to the half unit decode to half units, also between the fit rows\' values',
  { skip: sharedDataSkip }, () => {
    const t = load('framingham/framingham.csv');
    const encoder = Encoder.fit(t, inferSchema(t));
    const x = encoder.encode(t, new Random(12));
    const random = new Random(13);
    for (let k = 0; k < x.length; k++) x[k] += 0.3 * random.normal();
    const back = encoder.decode(x, t.rowCount);
    for (const name of ['sysBP', 'diaBP']) {
      const cells = back.columns[back.names.indexOf(name)].filter((cell) => cell !== 'NA');
      assert.ok(cells.length > 4000, name);
      const offGrid = cells.filter((cell) => !/^\d+(\.5)?$/.test(cell)).length;
      assert.equal(offGrid, 0, `${name}: ${offGrid} cells off the half-unit grid`);
      // Not merely the fit rows' own values: the grid fills the ladder's gaps.
      const real = new Set(t.columns[t.names.indexOf(name)]);
      assert.ok(cells.some((cell) => !real.has(cell)), name);
    }
    const json = JSON.parse(JSON.stringify(encoder.toJSON()));
    const column = json.columns.find((c: { name: string }) => c.name === 'sysBP');
    assert.equal(column.format.step, 0.5);
    for (const step of [-0.5, 0, 1e-320, 1e300, '0.5']) {
      column.format.step = step;
      assert.equal(codeOf(() => Encoder.fromJSON(json))?.code, 'model-invalid', String(step));
    }
    column.format.step = 0.5;
    for (const decimals of [-1, 1.5, 101, '2']) {
      column.format.decimals = decimals;
      assert.equal(codeOf(() => Encoder.fromJSON(json))?.code, 'model-invalid', String(decimals));
    }
  });

test('numbers in scientific notation far below 1e-100 decode in that notation', () => {
  const rows = 60;
  const t = table(['a', 'x'], Array.from({ length: rows }, (_, i) =>
    [String(18 + (i % 40)), `${(1 + (i * 7) % 90 / 10).toFixed(3)}e-${100 + (i % 30)}`]));
  const encoder = Encoder.fit(t, inferSchema(t));
  const x = encoder.encode(t, new Random(4));
  assert.equal(firstDifference(encoder.decode(x, rows), t), null);
  const random = new Random(5);
  for (let k = 0; k < x.length; k++) x[k] += 0.5 * random.normal();
  const cells = encoder.decode(x, rows).columns[1];
  assert.ok(cells.every((cell) => /^\d(\.\d{1,3})?e-\d+$/.test(cell)), 'every cell as 1.234e-105');
  const json = JSON.parse(JSON.stringify(encoder.toJSON()));
  json.columns[1].format.exponent = 'yes';
  assert.equal(codeOf(() => Encoder.fromJSON(json))?.code, 'model-invalid');
  json.columns[1].format.exponent = true;
  json.columns[1].format.exponentStyle = 'x+00';
  assert.equal(codeOf(() => Encoder.fromJSON(json))?.code, 'model-invalid');
});

test('rare text levels are withheld: released as missing, and not in the model', () => {
  // 60 rows: a comment column where most cells are common words and 6 are
  // one-off texts, a code column with a rare code 3, and a number.
  const comments = Array.from({ length: 60 }, (_, i) =>
    (i % 10 === 3 ? `seen by Dr Example ${i} at home` : i % 2 === 0 ? 'routine' : 'see chart'));
  const codes = Array.from({ length: 60 }, (_, i) => (i < 2 ? '3' : String(i % 2)));
  const t = table(['comment', 'code', 'x'], comments.map((c, i) => [c, codes[i], String(i)]));
  const schema = inferSchema(t);
  const encoder = Encoder.fit(t, schema);
  const json = JSON.stringify(encoder.toJSON());
  assert.ok(!json.includes('Dr Example'), 'no withheld text in the model');
  const back = encoder.decode(encoder.encode(t, new Random(4)), t.rowCount);
  assert.deepEqual(back.columns[0], comments.map((c) => (c.startsWith('seen by') ? '' : c)),
    'w = 1: every common cell as it was, every withheld one empty');
  assert.deepEqual(back.columns[1], codes, 'a rare numeric code is kept');
  const moved = encoder.decode(encoder.encode(t, new Random(5)).map((v) => 0.5 * v), t.rowCount);
  assert.ok(moved.columns[0].every((cell) => ['', 'routine', 'see chart'].includes(cell)));
  const notes = rareLevelNotes(t, schema);
  assert.equal(notes.length, 2);
  assert.match(notes[0], /column "comment": 6 levels are held by fewer than 5 rows; such a level can name a person, so they are not modelled and their 6 cells are released as missing/);
  assert.match(notes[1], /column "code": 1 level is held .* the model keeps every level/);
  assert.ok(notes.every((note) => !note.includes('Dr Example')));
  // Declared levels are kept, rare ones too.
  const declared = { ...schema, columns: schema.columns.map((c) => (c.name !== 'comment' ? c
    : { ...c, levels: [...new Set(comments)] })) };
  const kept = Encoder.fit(t, declared);
  assert.deepEqual(kept.decode(kept.encode(t, new Random(4)), t.rowCount).columns[0], comments);
});

test('rare codes with leading zeros and two one-off comments are withheld; unseen texts are missing', () => {
  const rows = Array.from({ length: 100 }, (_, i) => [
    String(20 + (i % 50)),
    i % 3 === 0 ? `07${String(100_000_000 + i * 7919).slice(-9)}` : '',
    i === 10 ? 'called Mrs Example' : i === 40 ? 'lives at 9 Example St' : '',
    i % 2 === 0 ? 'ward A' : 'ward B']);
  const t = table(['age', 'phone', 'comment', 'ward'], rows);
  const schema = inferSchema(t);
  assert.deepEqual(schema.columns.slice(1).map((c) => c.type), ['categorical', 'binary',
    'binary']);
  const encoder = Encoder.fit(t, schema);
  const json = JSON.stringify(encoder.toJSON());
  assert.ok(!/07\d{9}|Example/.test(json), 'neither phone numbers nor comments in the model');
  const back = encoder.decode(encoder.encode(t, new Random(3)), t.rowCount);
  assert.ok(back.columns[1].every((cell) => cell === ''), 'no phone number released');
  assert.ok(back.columns[2].every((cell) => cell === ''), 'no comment released');
  assert.deepEqual(back.columns[3], t.columns[3], 'a two-label column is kept');
  // Other rows (split mode) with a ward the fit never saw: read as missing, not refused.
  const later = table(['age', 'phone', 'comment', 'ward'], [['30', '', '', 'ward Z']]);
  assert.equal(encoder.firstUnseenLevel(later), null);
  assert.doesNotThrow(() => encoder.encode(later, new Random(4)));
});

test('fresh IDs are one digit longer than any real one, so none equals a real ID', () => {
  const rows = Array.from({ length: 120 }, (_, i) => [String(i + 1), `Z${String(i + 1).padStart(3, '0')}`,
    String(i % 7)]);
  const t = table(['n', 'code', 'x'], rows);
  const schema = inferSchema(t);
  schema.columns[1].type = 'id';
  const encoder = Encoder.fit(t, schema);
  const back = encoder.decode(encoder.encode(t, new Random(1)), t.rowCount);
  assert.deepEqual(back.columns[0].slice(0, 3), ['1001', '1002', '1003']);
  assert.deepEqual(back.columns[1].slice(0, 3), ['Z1001', 'Z1002', 'Z1003']);
  for (const j of [0, 1]) {
    const real = new Set(t.columns[j]);
    assert.ok(back.columns[j].every((cell) => !real.has(cell)), `column ${j}`);
    assert.equal(new Set(back.columns[j]).size, t.rowCount);
  }
});
