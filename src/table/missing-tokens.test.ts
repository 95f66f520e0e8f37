import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Encoder } from './encoder.js';
import { inferSchema } from './infer.js';
import type { Table } from './types.js';
import { Random } from '../util/random.js';
import { LniError } from '../util/errors.js';

/**
 * 1,000 survey rows: cigarettes a day, "-8" (not applicable) for every
 * non-smoker, "-9" (refused) for some smokers, "NA" for a few, and two
 * one-off words.
 */
function survey(): Table {
  const rng = new Random(21);
  const rows = Array.from({ length: 1000 }, (_, i) => {
    const smoker = rng.uniform() < 0.4;
    const u = rng.uniform();
    const cigarettes = !smoker ? '-8' : u < 0.1 ? '-9' : u < 0.15 ? 'NA'
      : String(1 + Math.floor(rng.uniform() * 30));
    return [smoker ? 'yes' : 'no', i === 5 ? 'lost form' : i === 9 ? 'see notes' : cigarettes,
      String(20 + Math.floor(rng.uniform() * 60))];
  });
  return { names: ['smoker', 'cigarettes', 'age'],
    columns: [0, 1, 2].map((j) => rows.map((row) => row[j])), rowCount: rows.length };
}

/** The survey's codes declared, as its codebook says. */
function declared(table: Table) {
  const schema = inferSchema(table);
  schema.columns[1].missingCodes = [-8, -9];
  return schema;
}

const count = (cells: string[], token: string) => cells.filter((cell) => cell === token).length;

test('several missing tokens are kept apart: w = 1 exact, their mix and their rows kept at w = 0.9', () => {
  const table = survey();
  const encoder = Encoder.fit(table, declared(table));
  const back = encoder.decode(encoder.encode(table, new Random(1)), table.rowCount);
  // The one-off words come back as the main token; everything else as it was.
  const expected = table.columns[1].map((cell) => (cell === 'lost form' || cell === 'see notes'
    ? '-8' : cell));
  assert.deepEqual(back.columns[1], expected);
  assert.deepEqual(back.columns[0], table.columns[0]);

  const x = encoder.encode(table, new Random(2));
  const z = new Random(3).normals(x.length);
  const moved = encoder.decode(x.map((v, k) => Math.sqrt(0.9) * v + Math.sqrt(0.1) * z[k]),
    table.rowCount);
  const [smoker, cigarettes] = moved.columns;
  for (const token of ['-8', '-9', 'NA']) {
    const real = count(table.columns[1], token);
    const released = count(cigarettes, token);
    assert.ok(Math.abs(released - real) <= 4 * Math.sqrt(real) + 5,
      `${token}: ${released} released against ${real}`);
  }
  // "Not applicable" stays with the non-smokers (not a coin toss between tokens).
  const notApplicable = cigarettes.flatMap((cell, i) => (cell === '-8' ? [smoker[i]] : []));
  assert.ok(count(notApplicable, 'no') / notApplicable.length > 0.85,
    `${count(notApplicable, 'no')} of ${notApplicable.length} "-8" rows are non-smokers`);
});

test('a saved mix loads; a damaged one is refused', () => {
  const table = survey();
  const encoder = Encoder.fit(table, declared(table));
  const json = JSON.parse(JSON.stringify(encoder.toJSON())) as {
    columns: { name: string; indicator: { mix?: [string, number][] } | null }[] };
  const column = json.columns.find((c) => c.name === 'cigarettes')!;
  assert.deepEqual(column.indicator!.mix!.map(([token]) => token), ['-8', '-9', 'NA']);
  const z = new Random(4).normals(table.rowCount * encoder.dimension);
  assert.deepEqual(Encoder.fromJSON(json).decode(z, table.rowCount), encoder.decode(z, table.rowCount));
  for (const mix of [[['-8', 0.5], ['-9', 0.4]], [['-8', 0.6], ['-8', 0.4]], [['-9', 1]],
    [['-8', 1.2], ['-9', -0.2]]]) {
    const copy = JSON.parse(JSON.stringify(json)) as typeof json;
    copy.columns.find((c) => c.name === 'cigarettes')!.indicator!.mix = mix as [string, number][];
    assert.throws(() => Encoder.fromJSON(copy), (error: unknown) =>
      error instanceof LniError && /indicator\.mix/.test(error.message));
  }
});

test('a model whose missing token is no missing cell of its column is refused', () => {
  const table = survey();
  const encoder = Encoder.fit(table, declared(table));
  const json = JSON.parse(JSON.stringify(encoder.toJSON())) as {
    columns: { name: string; indicator: { token: string; mix?: [string, number][] } | null }[] };
  for (const damage of [
    (indicator: { token: string; mix?: [string, number][] }) => { indicator.mix![1][0] = '12345678'; },
    (indicator: { token: string; mix?: [string, number][] }) => {
      indicator.token = '42';
      indicator.mix![0][0] = '42';
    },
  ]) {
    const copy = JSON.parse(JSON.stringify(json)) as typeof json;
    damage(copy.columns.find((c) => c.name === 'cigarettes')!.indicator!);
    assert.throws(() => Encoder.fromJSON(copy), (error: unknown) =>
      error instanceof LniError && /tokens must be missing cells/.test(error.message));
  }
});

test('a model whose missing rule carries a damaged unit is refused, not crashed on', () => {
  const cells = Array.from({ length: 60 }, (_, i) => (i % 10 === 0 ? 'NA' : `${50 + i} kg`));
  const table: Table = { names: ['weight'], columns: [cells], rowCount: 60 };
  const json = JSON.parse(JSON.stringify(Encoder.fit(table, inferSchema(table)).toJSON())) as {
    columns: { rule: { affix?: Record<string, unknown> } }[] };
  assert.ok(json.columns[0].rule.affix !== undefined, 'the unit is part of the missing rule');
  json.columns[0].rule.affix = { suffix: 42 };
  assert.throws(() => Encoder.fromJSON(json), (error: unknown) =>
    error instanceof LniError && /rule\.affix/.test(error.message));
});
