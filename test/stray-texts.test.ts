// A one-off text in a column (a comment naming a person) is never
// published: not in the schema `lni schema` writes ("strayTexts" counts
// such cells instead), not in a release, and not in an error message or
// its --json object. The tables are simulated.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { errorLines, lni, lniOk, QUICK, tempFolder } from './cli-harness.js';

const folder = tempFolder('stray-texts');
const SECRET = 'Dr Quimby Hollowell';

function write(name: string, content: string): string {
  const path = join(folder, name);
  writeFileSync(path, content);
  return path;
}

/** 120 simulated rows: an integer, a decimal, a three-level code and a date. */
function rows(count = 120): string[][] {
  return Array.from({ length: count }, (_, i) => [
    String(20 + ((i * 7) % 50)),
    (1.5 + ((i * 13) % 17) / 4).toFixed(2),
    ['A', 'B', 'C'][i % 3],
    `2020-${String(1 + (i % 12)).padStart(2, '0')}-${String(1 + ((i * 5) % 28)).padStart(2, '0')}`,
  ]);
}

function csv(name: string, body: string[][]): string {
  return write(name, ['n,v,g,d', ...body.map((row) => row.join(','))].join('\n') + '\n');
}

test('a written schema counts one-off texts and reads the file as inference did, to the byte',
  async () => {
    // 400 rows: up to 8 stray cells (2 %) a column.
    const body = rows(400);
    body[4][0] = `refused - see ${SECRET}`;
    body[30][1] = `${SECRET} said no`;
    body[31][1] = `${SECRET} said no`;
    body[50][3] = `asked ${SECRET}`;
    for (const i of [60, 61, 62, 63, 64]) body[i][0] = 'unknown';
    body[70][1] = 'NA';
    const data = csv('strays.csv', body);
    const schemaPath = join(folder, 'strays.schema.json');
    const printed = await lniOk(['schema', data, '-o', schemaPath, '--json', '-q']);
    const text = readFileSync(schemaPath, 'utf8');
    assert.ok(!text.includes('Hollowell') && !printed.stdout.includes('Hollowell'),
      'no one-off text in the schema');
    const columns = JSON.parse(text).columns as Record<string, unknown>[];
    const byName = new Map(columns.map((column) => [column.name, column]));
    // "unknown" in 5 cells is a token, listed as before, as is NA.
    assert.deepEqual(byName.get('n')?.missing, ['unknown']);
    assert.equal(byName.get('n')?.strayTexts, 1);
    assert.deepEqual(byName.get('v')?.missing, ['NA']);
    assert.equal(byName.get('v')?.strayTexts, 2);
    assert.equal(byName.get('d')?.strayTexts, 1);
    assert.equal(byName.get('g')?.strayTexts, undefined);

    const inferred = join(folder, 'inferred.csv');
    const declared = join(folder, 'declared.csv');
    await lniOk(['run', data, '-o', inferred, ...QUICK]);
    await lniOk(['run', data, '--schema', schemaPath, '-o', declared, ...QUICK]);
    const release = readFileSync(inferred);
    assert.ok(release.equals(readFileSync(declared)), 'the same release, byte for byte');
    assert.ok(!release.toString('utf8').includes('Hollowell'));
  });

test('a bad "strayTexts" is one clear line', async () => {
  const data = csv('good.csv', rows());
  const schemaPath = write('bad-count.json', JSON.stringify({ version: 1, columns: [
    { name: 'n', type: 'integer', strayTexts: -1 }, { name: 'v', type: 'continuous' },
    { name: 'g', type: 'categorical' }, { name: 'd', type: 'date' }] }));
  const outcome = await lni(['run', data, '--schema', schemaPath, '-o',
    join(folder, 'never.csv'), ...QUICK]);
  assert.notEqual(outcome.code, 0);
  const lines = errorLines(outcome.stderr);
  assert.equal(lines.length, 1, outcome.stderr);
  assert.match(lines[0], /column "n": "strayTexts" must be a whole number of cells \(0 or more\), got -1/);
});

test('errors name the file, column and row of a bad cell but never quote it', async () => {
  const good = csv('fit.csv', rows());
  const model = join(folder, 'model.json');
  await lniOk(['fit', good, '-o', model, '--epochs', '2', '--seed', '1', '-q']);
  const declared = (changes: Record<string, Record<string, unknown>>) => {
    const base: Record<string, Record<string, unknown>> = {
      n: { name: 'n', type: 'integer' }, v: { name: 'v', type: 'continuous' },
      g: { name: 'g', type: 'categorical' }, d: { name: 'd', type: 'date', format: 'YYYY-MM-DD' },
    };
    for (const [name, change] of Object.entries(changes)) Object.assign(base[name], change);
    return write(`schema-${Object.keys(changes).join('-')}-${Math.random()}.json`,
      JSON.stringify({ version: 1, columns: Object.values(base) }));
  };
  const planted = (column: number, rowIndexes: number[], name: string) => {
    const body = rows();
    for (const i of rowIndexes) body[i][column] = `${SECRET} ${i}`;
    return csv(name, body);
  };
  const cases: { what: string; args: string[]; where: RegExp; problem: RegExp }[] = [
    { what: 'a text in a declared integer column',
      args: ['run', planted(0, [6], 'n.csv'), '--schema', declared({}), ...QUICK],
      where: /n\.csv, column "n", row 7/, problem: /is not a number/ },
    { what: 'a code the declared levels leave out',
      args: ['run', planted(2, [8], 'g.csv'), '--schema',
        declared({ g: { levels: ['A', 'B', 'C'] } }), ...QUICK],
      where: /g\.csv, column "g", row 9/, problem: /is not one of the declared levels/ },
    { what: 'a text in a declared date column',
      args: ['run', planted(3, [10], 'd.csv'), '--schema', declared({}), ...QUICK],
      where: /d\.csv, column "d", row 11/, problem: /is not a date/ },
    { what: 'more stray texts than "strayTexts" allows',
      args: ['run', planted(1, [3, 5], 'v.csv'), '--schema',
        declared({ v: { strayTexts: 1 } }), ...QUICK],
      where: /v\.csv, column "v", row 4/, problem: /2 cells are not numbers/ },
    { what: 'a text in rows released with a model fitted on others',
      args: ['synthesize', planted(1, [12], 'other.csv'), '--model', model, '--w', '0.5',
        '--seed', '1', '-q'],
      where: /other\.csv, column "v", row 13/, problem: /is not a valid continuous value/ },
    { what: 'a text in the synthetic table an evaluation reads',
      args: ['evaluate', good, planted(1, [14], 'synthetic.csv'), '--w', '0.5', '-q'],
      where: /synthetic\.csv, column "v", row 15/, problem: /is not a valid continuous value/ },
  ];
  for (const { what, args, where, problem } of cases) {
    const output = args[0] === 'evaluate' ? [] : ['-o', join(folder, `out-${Math.random()}.csv`)];
    for (const json of [false, true]) {
      const outcome = await lni([...args, ...output, ...(json ? ['--json'] : [])]);
      assert.notEqual(outcome.code, 0, `${what}: refused`);
      const [line] = errorLines(outcome.stderr);
      assert.ok(line !== undefined, `${what}: ${outcome.stderr}`);
      assert.match(line, where, what);
      assert.match(line, problem, what);
      for (const text of [outcome.stderr, outcome.stdout]) {
        assert.ok(!text.includes('Hollowell') && !text.includes('Quimby'),
          `${what}${json ? ' (--json)' : ''}: the cell is not quoted: ${text}`);
      }
      if (json) assert.match(outcome.stdout, /"code":/, `${what}: a --json error object`);
    }
  }
});
