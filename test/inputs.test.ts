// The numbered awkward inputs (3–8), each run end to end through
// `lni run` with quick settings; the checks are on aggregate properties of
// the synthetic table (types, formats, ranges, tokens), never on real rows.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseCsv } from '../src/table/index.js';
import { lni, QUICK, tempFolder } from './cli-harness.js';

const folder = tempFolder('inputs');

function write(name: string, lines: string[]): string {
  const path = join(folder, name);
  writeFileSync(path, lines.join('\n') + '\n');
  return path;
}

function readColumns(path: string): Record<string, string[]> {
  const { table } = parseCsv(readFileSync(path));
  return Object.fromEntries(table.names.map((name, j) => [name, table.columns[j]]));
}

async function runQuick(input: string, extra: string[] = []): Promise<string> {
  const output = input.replace(/\.csv$/, '.out.csv');
  const outcome = await lni(['run', input, '-o', output, ...QUICK, ...extra]);
  assert.equal(outcome.code, 0, outcome.stderr.split('\n')[0]);
  return output;
}

/** A deterministic pseudo-random stream in [0, 1). */
function stream(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state * 1103515245 + 12345) % 2147483648;
    return state / 2147483648;
  };
}

test('(3) an integer column with missing cells stays integer, in range, without ".0"',
  async () => {
    const next = stream(3);
    const ages = Array.from({ length: 120 }, (_, i) =>
      i % 9 === 4 ? '' : String(18 + Math.floor(next() * 60)));
    ages.splice(0, 4, '23', '45', '', '31');
    const lines = ['age,score', ...ages.map((age, i) => `${age},${(next() * 10).toFixed(1)}`)];
    const output = await runQuick(write('integers.csv', lines));
    const observed = ages.filter((a) => a !== '').map(Number);
    const low = Math.min(...observed);
    const high = Math.max(...observed);
    const cells = readColumns(output).age;
    assert.equal(cells.length, ages.length);
    for (const cell of cells) {
      if (cell === '') continue;
      assert.match(cell, /^\d+$/, 'an integer written without decimals');
      assert.ok(Number(cell) >= low && Number(cell) <= high, `${cell} within [${low}, ${high}]`);
    }
    assert.ok(cells.some((cell) => cell === ''), 'missingness is kept as empty cells');
  });

test('(4) a 200 × 3 table of ones passes through and evaluates without division by zero',
  async () => {
    const input = write('ones.csv', ['a,b,c', ...Array.from({ length: 200 }, () => '1,1,1')]);
    const output = await runQuick(input);
    assert.equal(readFileSync(output, 'utf8'), readFileSync(input, 'utf8'));
    const outcome = await lni(['evaluate', input, output, '--json']);
    assert.equal(outcome.code, 0, outcome.stderr.split('\n')[0]);
    assert.doesNotMatch(outcome.stdout, /Infinity|division/i);
    const numbers = [...outcome.stdout.matchAll(/:\s*(-?[\d.eE+-]+)\s*[,}\n]/g)]
      .map((m) => Number(m[1]));
    assert.ok(numbers.every(Number.isFinite), 'every reported number is finite');
  });

test('(5) 200 unique strings form an ID column: flagged, not modelled, not released',
  async () => {
    const next = stream(5);
    const ids = Array.from({ length: 200 }, () =>
      Math.floor(next() * 2 ** 31).toString(36) + Math.floor(next() * 2 ** 31).toString(36));
    assert.equal(new Set(ids).size, 200);
    const input = write('ids.csv', ['token,x,y',
      ...ids.map((id) => `${id},${(next() * 5).toFixed(2)},${next() > 0.5 ? 'p' : 'q'}`)]);
    const schema = await lni(['schema', input]);
    const column = (JSON.parse(schema.stdout) as { columns: { name: string; type: string }[] })
      .columns.find((c) => c.name === 'token');
    assert.equal(column?.type, 'id');
    const model = join(folder, 'ids.model.json');
    const fit = await lni(['fit', input, '-o', model, '--epochs', '2', '--seed', '1', '--json',
      '-q']);
    assert.equal(fit.code, 0, fit.stderr.split('\n')[0]);
    assert.equal((JSON.parse(fit.stdout) as { dimension: number }).dimension, 2,
      'only x and y are encoded');
    assert.ok(readFileSync(model).length < 200_000, 'the model stays small');
    const released = readColumns(await runQuick(input)).token;
    assert.equal(new Set(released).size, 200, 'fresh IDs are distinct');
    const real = new Set(ids);
    assert.equal(released.filter((id) => real.has(id)).length, 0, 'no real ID is released');
  });

test('(6) a DD-MM-YYYY date column with two values round-trips in the same format',
  async () => {
    const next = stream(6);
    const dates = ['03-11-2021', '28-02-2022'];
    const input = write('dates.csv', ['visit,value', ...Array.from({ length: 80 }, () =>
      `${dates[next() > 0.3 ? 0 : 1]},${(10 + next() * 5).toFixed(1)}`)]);
    const cells = readColumns(await runQuick(input)).visit;
    assert.equal(cells.length, 80);
    for (const cell of cells) assert.ok(dates.includes(cell), 'one of the input dates');
  });

test('(7) NaN, NA, null, empty and ? in a numeric column are all missing, written with ' +
  'the column\'s own tokens', async () => {
  const next = stream(7);
  const tokens = ['NaN', 'NA', 'null', '', '?'];
  const values = Array.from({ length: 150 }, (_, i) =>
    i % 6 === 0 ? tokens[(i / 6) % 5] : (50 + next() * 40).toFixed(1));
  values[6] = 'NA';
  values[12] = 'NA';
  const input = write('tokens.csv', ['level,group',
    ...values.map((v, i) => `${v},${i % 2 === 0 ? 'a' : 'b'}`)]);
  const schema = JSON.parse((await lni(['schema', input])).stdout) as {
    columns: { name: string; type: string; missing?: string[] }[];
  };
  const level = schema.columns.find((c) => c.name === 'level')!;
  assert.equal(level.type, 'continuous');
  assert.deepEqual([...(level.missing ?? [])].sort(), [...tokens].sort());
  const cells = readColumns(await runQuick(input)).level;
  const missing = cells.filter((cell) => !/^\d+(\.\d)?$/.test(cell));
  assert.ok(missing.length > 0, 'some cells are missing');
  // Each token 5 cells or more hold is written as itself (codec.ts,
  // Indicator.mix); "null", in 4 cells, as the most common one, NA.
  assert.ok(missing.includes('NA'));
  assert.ok(missing.every((cell) => ['NA', 'NaN', '', '?'].includes(cell)), missing.join('|'));
  assert.ok(new Set(missing).size >= 2, 'more than one token written');
});

test('(8) four rows of three binary columns: no new empty cells, and a size warning',
  async () => {
    const input = write('tiny.csv', ['a,b,c', '0,1,yes', '1,0,no', '1,1,yes', '0,0,no']);
    const output = input.replace(/\.csv$/, '.out.csv');
    const outcome = await lni(['run', input, '-o', output, '--w', '0.5', '--no-audit',
      '--epochs', '5', '--seed', '8']);
    assert.equal(outcome.code, 0, outcome.stderr.split('\n')[0]);
    assert.match(outcome.stderr, /only 4 rows, too few to model well/);
    const columns = readColumns(output);
    for (const [name, cells] of Object.entries(columns)) {
      assert.equal(cells.length, 4);
      assert.ok(cells.every((cell) => cell !== ''), `no empty cell in ${name}`);
    }
    assert.ok(columns.c.every((cell) => cell === 'yes' || cell === 'no'));
  });

test('schema --json printed without -o carries the warnings and still reads back as a schema', async () => {
  const input = write('schema-json.csv', ['a,b', ...Array.from({ length: 40 }, (_, i) =>
    `${i},${i % 3}`)]);
  const printed = await lni(['schema', input, '--json', '-q']);
  assert.equal(printed.code, 0, printed.stderr);
  const schema = JSON.parse(printed.stdout) as { warnings: string[]; columns: unknown[] };
  assert.ok(schema.warnings.some((w) => /only 40 rows/.test(w)), schema.warnings.join(' | '));
  assert.equal(schema.columns.length, 2);
  const schemaFile = join(folder, 'schema-json.schema.json');
  writeFileSync(schemaFile, printed.stdout);
  const fitted = await lni(['fit', input, '--schema', schemaFile, '-o',
    join(folder, 'schema-json.model.json'), '--epochs', '2', '-q']);
  assert.equal(fitted.code, 0, fitted.stderr);
});
