// `lni run --report` writes its table, privacy summary and report together
// or not at all. A regression the report could not fit is refused before
// the flow is fitted, naming the file and column; a report that fails after
// the release was made leaves nothing of the run on disk, and files an
// earlier run left at the same paths as they were.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { errorLines, lni, tempFolder } from './cli-harness.js';

const folder = tempFolder('run-outputs');
const QUICK_RELEASE = ['--w', '0.5', '--no-audit', '--epochs', '5'];

/** Made-up rows from a fixed linear congruential stream: the same file on every run. */
function madeUpRows(count: number, row: (i: number, draw: () => number) => string): string[] {
  let state = 7;
  const draw = () => {
    state = (state * 16807) % 2147483647;
    return state / 2147483647;
  };
  return Array.from({ length: count }, (_, i) => row(i, draw));
}

function file(name: string, lines: string[]): string {
  const path = join(folder, name);
  writeFileSync(path, lines.join('\n') + '\n');
  return path;
}

/** Earlier files at the run's output paths, each holding its own path. */
function plantEarlierFiles(paths: string[]): void {
  for (const path of paths) writeFileSync(path, `an earlier run wrote ${path}\n`);
}

function assertEarlierFilesKept(paths: string[]): void {
  for (const path of paths) {
    assert.equal(readFileSync(path, 'utf8'), `an earlier run wrote ${path}\n`,
      `${path} must be left as it was`);
  }
}

function assertNoTemporaryFiles(): void {
  const leftovers = readdirSync(folder).filter((name) => name.startsWith('.'));
  assert.deepEqual(leftovers, [], 'no temporary or set-aside file left behind');
}

// id: every value distinct (ID-like); grp: three levels; empty: every cell
// missing; constant: one value; flag: two levels.
const table = file('table.csv', ['id,age,bp,grp,empty,constant,flag',
  ...madeUpRows(120, (i, draw) => {
    const age = 30 + Math.floor(draw() * 40);
    const bp = Math.round(100 + age * 0.5 + draw() * 20);
    return `${1001 + i},${age},${bp},${['a', 'b', 'c'][i % 3]},NA,5,${i % 2 === 0 ? 'y' : 'n'}`;
  })]);

test('run refuses, before fitting, a report regression it could not fit, naming file and column',
  async () => {
    const cases: [string[], string, RegExp][] = [
      [['--outcome', 'grp', '--covariates', 'age,bp'], 'grp', /3 levels/],
      [['--outcome', 'nope', '--covariates', 'age'], 'nope', /not a column/],
      [['--outcome', 'bp', '--covariates', 'age,id'], 'id', /looks like an ID/],
      [['--outcome', 'bp', '--covariates', 'age,empty'], 'empty', /every cell is missing/],
      [['--outcome', 'constant', '--covariates', 'age'], 'constant', /same value in every row/],
      [['--outcome', 'bp', '--covariates', 'constant'], 'constant', /same value in every row/],
    ];
    const output = join(folder, 'refused.csv');
    const outputs = [output, join(folder, 'refused.privacy.json'), join(folder, 'refused.html')];
    plantEarlierFiles(outputs);
    for (const [model, column, reason] of cases) {
      const outcome = await lni(['run', table, '-o', output, '--report', outputs[2],
        ...QUICK_RELEASE, '--seed', '1', ...model]);
      const label = model.join(' ');
      assert.equal(outcome.code, 1, `${label}: ${outcome.stderr.slice(-600)}`);
      assertEarlierFilesKept(outputs);
      const errors = errorLines(outcome.stderr);
      assert.equal(errors.length, 1, `${label}: ${outcome.stderr.slice(-600)}`);
      assert.ok(errors[0].includes(table), `${label}: the error names the file: ${errors[0]}`);
      assert.ok(errors[0].includes(`column "${column}"`), `${label}: ${errors[0]}`);
      assert.match(errors[0], reason, label);
      assert.doesNotMatch(outcome.stderr, /fitting|fit: /, `${label}: refused before fitting`);
    }
    assertNoTemporaryFiles();
  });

test('a report that fails after the release was made leaves no output of the run and keeps ' +
  'the files that were there', async () => {
  // One row of 80 holds "yes": the whole table has two outcome levels, so
  // the check before fitting passes, but at this seed the test holdout takes
  // that row and the released rows the report compares hold "no" alone.
  const rare = file('rare.csv', ['age,bp,flag', ...madeUpRows(80, (i, draw) => {
    const age = 30 + Math.floor(draw() * 40);
    return `${age},${Math.round(100 + age * 0.5 + draw() * 20)},${i === 17 ? 'yes' : 'no'}`;
  })]);
  const output = join(folder, 'rare.out.csv');
  const outputs = [output, join(folder, 'rare.out.privacy.json'), join(folder, 'rare.out.html')];
  plantEarlierFiles(outputs);
  const outcome = await lni(['run', rare, '-o', output, '--report', outputs[2],
    '--outcome', 'flag', '--covariates', 'age,bp', '--report-holdout', '0.5',
    ...QUICK_RELEASE, '--seed', '1', '-q']);
  assert.equal(outcome.code, 1, 'the report must fail at this seed: ' +
    outcome.stderr.slice(-600));
  assertEarlierFilesKept(outputs);
  assertNoTemporaryFiles();
  const errors = errorLines(outcome.stderr);
  assert.equal(errors.length, 1, outcome.stderr.slice(-600));
  assert.ok(errors[0].includes(rare), `the error names the file: ${errors[0]}`);
  assert.match(errors[0], /column "flag".*1 level\b/);
});

test('a report at the path of the privacy summary is refused before fitting', async () => {
  const output = join(folder, 'clash.csv');
  const outcome = await lni(['run', table, '-o', output, '--report',
    join(folder, 'clash.privacy.json'), ...QUICK_RELEASE, '--seed', '1']);
  assert.equal(outcome.code, 1, outcome.stderr.slice(-600));
  const errors = errorLines(outcome.stderr);
  assert.equal(errors.length, 1, outcome.stderr.slice(-600));
  assert.match(errors[0], /clash\.privacy\.json: two outputs of this run/);
  assert.doesNotMatch(outcome.stderr, /fitting|fit: /);
  assert.deepEqual(readdirSync(folder).filter((name) => name.startsWith('clash')), []);
});

test('the privacy summary and the report name the input by its file name, not its folders',
  async () => {
    // A rare level (2 rows) makes a warning that names the file and column.
    const input = file('where.csv', ['x,y,g', ...madeUpRows(120, (i, draw) =>
      `${(draw() * 10).toFixed(2)},${(draw() * 5).toFixed(2)},${i < 2 ? 'rare' : i % 2 ? 'a' : 'b'}`)]);
    const output = join(folder, 'where.out.csv');
    const report = join(folder, 'where.html');
    const outcome = await lni(['run', input, '-o', output, '--report', report, ...QUICK_RELEASE,
      '--seed', '1', '-q']);
    assert.equal(outcome.code, 0, errorLines(outcome.stderr));
    const summary = readFileSync(join(folder, 'where.out.privacy.json'), 'utf8');
    assert.match(summary, /where\.csv, column \\"g\\"/);
    for (const text of [summary, readFileSync(report, 'utf8')]) {
      assert.equal(text.includes(folder), false, 'the folder of the input is not named');
    }
  });
