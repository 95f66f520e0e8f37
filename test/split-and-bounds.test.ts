// Split mode and a fitted model meet rows the encoder never saw: a level
// only outside the fit part is refused with the file's row; values beyond
// the model's range are clipped with a warning naming the first file row.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { errorLines, lni, lniOk, QUICK, tempFolder } from './cli-harness.js';

const folder = tempFolder('split-bounds');

/** 240 rows; level "Q" of column c only in data row `rareRow` (1-based). */
function rareLevelCsv(rareRow: number): string {
  const lines = ['x,c'];
  for (let i = 1; i <= 240; i++) {
    lines.push(`${(i * 0.37) % 11},${i === rareRow ? 'Q' : ['a', 'b', 'c'][i % 3]}`);
  }
  return `${lines.join('\n')}\n`;
}

test('split mode releases a text level found only outside the fit part as missing, never as itself',
  async () => {
    const input = join(folder, 'rare.csv');
    writeFileSync(input, rareLevelCsv(57));
    // Whichever part row 57 falls in, "Q" (one row) is never released, and
    // no run is refused for it (a refusal printed the level).
    for (let seed = 1; seed <= 4; seed++) {
      const output = join(folder, `rare-${seed}.csv`);
      await lniOk(['run', input, '-o', output, '--fit-fraction', '0.5', '--w', '0.5',
        '--no-audit', '--epochs', '3', '--seed', String(seed), '-q']);
      const column = readFileSync(output, 'utf8').trim().split('\n').slice(1)
        .map((line) => line.split(',')[1]);
      assert.ok(!column.includes('Q'), `seed ${seed}: the one-row level is released`);
      assert.ok(column.every((cell) => ['a', 'b', 'c', ''].includes(cell)), `seed ${seed}`);
    }
  });

test('synthesize warns about values beyond the model\'s range, naming the first row', async () => {
  const train = join(folder, 'train.csv');
  const fresh = join(folder, 'fresh.csv');
  const model = join(folder, 'model.json');
  const rows = (extreme: number | null) => ['x,y', ...Array.from({ length: 120 }, (_, i) =>
    `${i === 30 && extreme !== null ? extreme : (i % 40) + 0.5},${i % 2}`)].join('\n');
  writeFileSync(train, `${rows(null)}\n`);
  writeFileSync(fresh, `${rows(5000)}\n`);
  await lniOk(['fit', train, '-o', model, '--epochs', '3', '--seed', '1', '-q']);
  const outcome = await lniOk(['synthesize', fresh, '--model', model, '--w', '1',
    '-o', join(folder, 'fresh.out.csv'), '--json', ...QUICK.slice(-1)]);
  const warnings = JSON.parse(outcome.stdout).warnings as string[];
  assert.ok(warnings.some((w) => /column "x": 1 of 120 values lie outside the model's range .*row 31/.test(w)),
    warnings.join(' | '));
});

test('synthesize refuses data most of whose values lie outside the model\'s range', async () => {
  const train = join(folder, 'units.csv');
  const scaled = join(folder, 'units-scaled.csv');
  const model = join(folder, 'units.model.json');
  const output = join(folder, 'units.out.csv');
  const rows = (scale: number) => ['x,y', ...Array.from({ length: 120 }, (_, i) =>
    `${((i % 40) + 0.5) * scale},${i % 2}`)].join('\n');
  writeFileSync(train, `${rows(1)}\n`);
  // Another unit: every value but the smallest few beyond the fitted range.
  writeFileSync(scaled, `${rows(10)}\n`);
  await lniOk(['fit', train, '-o', model, '--epochs', '3', '--seed', '1', '-q']);
  const outcome = await lni(['synthesize', scaled, '--model', model, '--w', '0.5',
    '-o', output, '-q']);
  assert.notEqual(outcome.code, 0);
  const lines = errorLines(outcome.stderr);
  assert.equal(lines.length, 1);
  assert.match(lines[0], /column "x", row \d+: \d+ of 120 values lie outside the model's range/);
  assert.ok(!existsSync(output));
});

test('a lone far outlier is clipped with a note, never stored or released', async () => {
  const input = join(folder, 'outlier.csv');
  const output = join(folder, 'outlier.out.csv');
  const model = join(folder, 'outlier.model.json');
  const lines = ['d,g', '1000000,1',
    ...Array.from({ length: 119 }, (_, i) => `${58 + ((i * 37) % 112)},${i % 2}`)];
  writeFileSync(input, `${lines.join('\n')}\n`);
  const outcome = await lni(['run', input, '-o', output, ...QUICK.slice(0, -1)]);
  assert.equal(outcome.code, 0, outcome.stderr);
  await lniOk(['fit', input, '-o', model, '--epochs', '3', '--seed', '1', '-q']);
  assert.match(outcome.stderr, /column "d": .*1 value far above the rest, alone beyond a wide gap/);
  const released = readFileSync(output, 'utf8').trim().split('\n').slice(1)
    .map((line) => Number(line.split(',')[0]));
  assert.ok(Math.max(...released) < 1000, 'the outlier or its stretch was released');
  assert.ok(!readFileSync(model, 'utf8').includes('1000000'), 'the outlier is stored in the model');
});

test('synthesize names the columns the model does not know and leaves them out', async () => {
  const train = join(folder, 'known.csv');
  const wider = join(folder, 'wider.csv');
  const model = join(folder, 'known.model.json');
  const output = join(folder, 'wider.out.csv');
  const body = Array.from({ length: 100 }, (_, i) => `${(i % 40) + 0.5},${i % 2}`);
  writeFileSync(train, `x,y\n${body.join('\n')}\n`);
  writeFileSync(wider, `x,y,extra\n${body.map((line, i) => `${line},${i % 3}`).join('\n')}\n`);
  await lniOk(['fit', train, '-o', model, '--epochs', '3', '--seed', '1', '-q']);
  const outcome = await lniOk(['synthesize', wider, '--model', model, '--w', '0.5',
    '-o', output, '--seed', '1', '--json']);
  const warnings = JSON.parse(outcome.stdout).warnings as string[];
  assert.ok(warnings.some((w) => /column "extra" not in the model; left out of the output/.test(w)),
    warnings.join(' | '));
  assert.equal(readFileSync(output, 'utf8').split('\n')[0], 'x,y');
});

test('synthesize keeps quiet about inferred types: the model\'s schema decides them', async () => {
  const input = join(folder, 'ids.csv');
  const schemaFile = join(folder, 'ids.schema.json');
  const model = join(folder, 'ids.model.json');
  const output = join(folder, 'ids.out.csv');
  // Every pid distinct: inference alone calls it ID-like and leaves it out.
  writeFileSync(input, `pid,age\n${Array.from({ length: 120 }, (_, i) =>
    `${1000 + i},${20 + ((i * 7) % 60)}`).join('\n')}\n`);
  await lniOk(['schema', input, '-o', schemaFile, '-q']);
  const schema = JSON.parse(readFileSync(schemaFile, 'utf8')) as {
    columns: { name: string; type: string }[];
  };
  assert.equal(schema.columns[0].type, 'id');
  schema.columns[0].type = 'integer';
  writeFileSync(schemaFile, JSON.stringify(schema));
  await lniOk(['fit', input, '--schema', schemaFile, '-o', model, '--epochs', '3', '--seed', '1',
    '-q']);
  const outcome = await lniOk(['synthesize', input, '--model', model, '--w', '0.5',
    '-o', output, '--seed', '1']);
  assert.doesNotMatch(outcome.stderr, /ID-like|not modelled/);
  const pids = readFileSync(output, 'utf8').trim().split('\n').slice(1)
    .map((line) => Number(line.split(',')[0]));
  assert.ok(pids.every((pid) => Number.isInteger(pid) && pid >= 1000 && pid <= 1119));
});

test('synthesize writes the input\'s columns in the input\'s order', async () => {
  const train = join(folder, 'order.csv');
  const reordered = join(folder, 'order-reversed.csv');
  const model = join(folder, 'order.model.json');
  const output = join(folder, 'order.out.csv');
  const body = Array.from({ length: 100 }, (_, i) => [`${(i % 40) + 0.5}`, `${i % 2}`]);
  // The model also knows an all-missing column, passed through; this file lacks it.
  writeFileSync(train, `x,y,blank\n${body.map(([x, y]) => `${x},${y},NA`).join('\n')}\n`);
  writeFileSync(reordered, `y,x\n${body.map(([x, y]) => `${y},${x}`).join('\n')}\n`);
  await lniOk(['fit', train, '-o', model, '--epochs', '3', '--seed', '1', '-q']);
  const outcome = await lniOk(['synthesize', reordered, '--model', model, '--w', '0.5',
    '-o', output, '--seed', '1', '--json']);
  assert.equal(readFileSync(output, 'utf8').split('\n')[0], 'y,x');
  const warnings = JSON.parse(outcome.stdout).warnings as string[];
  assert.ok(warnings.some((w) => /model column "blank" not in this file/.test(w)),
    warnings.join(' | '));
  const rows = readFileSync(output, 'utf8').trim().split('\n').slice(1);
  assert.ok(rows.every((line) => /^[01],\d+(\.\d+)?$/.test(line)), rows[0]);
});
