// `lni evaluate` end to end on small hand-made CSV files: its metric values
// against independent computations done here, degenerate columns, and one-line
// errors for bad input.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { lni, tempFolder } from './cli-harness.js';

const folder = tempFolder('evaluate');

// x and y numeric, g a three-level category; the synthetic side differs a little.
const realRows = [
  [1.0, 2.1, 'a'], [2.0, 3.9, 'b'], [3.0, 6.2, 'a'], [4.0, 7.8, 'c'], [5.0, 10.3, 'b'],
  [6.0, 11.7, 'a'], [7.0, 14.4, 'c'], [8.0, 15.9, 'a'], [9.0, 18.2, 'b'], [10.0, 19.6, 'a'],
  [11.0, 22.5, 'c'], [12.0, 23.8, 'a'],
] as const;
const syntheticRows = [
  [1.5, 3.3, 'a'], [2.2, 4.0, 'a'], [2.9, 5.1, 'b'], [4.4, 9.6, 'c'], [5.1, 9.9, 'b'],
  [6.6, 13.8, 'a'], [7.3, 13.1, 'c'], [8.8, 17.0, 'a'], [9.4, 19.9, 'c'], [10.2, 19.0, 'a'],
  [11.9, 25.2, 'b'], [13.1, 25.0, 'a'],
] as const;

function writeCsv(name: string, header: string, rows: readonly (readonly unknown[])[]): string {
  const path = join(folder, name);
  writeFileSync(path, [header, ...rows.map((row) => row.join(','))].join('\n') + '\n');
  return path;
}

const real = writeCsv('real.csv', 'x,y,g', realRows);
const synthetic = writeCsv('synthetic.csv', 'x,y,g', syntheticRows);

const column = (rows: readonly (readonly unknown[])[], j: number) => rows.map((r) => r[j]);
const numbers = (rows: readonly (readonly unknown[])[], j: number) =>
  column(rows, j) as number[];

/** KS by brute force: the largest ECDF gap over every observed point. */
function bruteKs(a: number[], b: number[]): number {
  const ecdf = (sample: number[], t: number) => sample.filter((v) => v <= t).length / sample.length;
  return Math.max(...[...a, ...b].map((t) => Math.abs(ecdf(a, t) - ecdf(b, t))));
}

function bruteTv(a: unknown[], b: unknown[]): number {
  const levels = new Set([...a, ...b]);
  let sum = 0;
  for (const level of levels) {
    sum += Math.abs(a.filter((v) => v === level).length / a.length
      - b.filter((v) => v === level).length / b.length);
  }
  return sum / 2;
}

function mean(v: number[]): number {
  return v.reduce((s, x) => s + x, 0) / v.length;
}

/** Pearson r from centred sums. */
function pearson(x: number[], y: number[]): number {
  const mx = mean(x);
  const my = mean(y);
  let sxy = 0; let sxx = 0; let syy = 0;
  x.forEach((xi, i) => {
    sxy += (xi - mx) * (y[i] - my); sxx += (xi - mx) ** 2; syy += (y[i] - my) ** 2;
  });
  return sxy / Math.sqrt(sxx * syy);
}

/** Simple regression y = a + b x: slope and its SE from the closed form. */
function slope(x: number[], y: number[]): { b: number; se: number } {
  const mx = mean(x);
  const my = mean(y);
  let sxy = 0; let sxx = 0;
  x.forEach((xi, i) => { sxy += (xi - mx) * (y[i] - my); sxx += (xi - mx) ** 2; });
  const b = sxy / sxx;
  const a = my - b * mx;
  const rss = x.reduce((s, xi, i) => s + (y[i] - a - b * xi) ** 2, 0);
  return { b, se: Math.sqrt(rss / (x.length - 2) / sxx) };
}

test('lni evaluate --json reports KS, TV, a correlation and an OLS slope as computed by hand',
  async () => {
    const run = await lni(['evaluate', real, synthetic, '--outcome', 'y', '--covariates', 'x',
      '--w', '0.5', '--json', '--quiet']);
    assert.equal(run.code, 0, run.stderr);
    const result = JSON.parse(run.stdout);
    const byName = new Map(result.columns.map((c: { name: string }) => [c.name, c]));
    const x = byName.get('x') as Record<string, number>;
    const g = byName.get('g') as Record<string, number>;

    assert.ok(Math.abs(x.ks - bruteKs(numbers(realRows, 0), numbers(syntheticRows, 0))) < 1e-12);
    assert.ok(Math.abs(g.tv - bruteTv(column(realRows, 2), column(syntheticRows, 2))) < 1e-12);
    assert.ok(Math.abs(x.meanSynthetic - mean(numbers(syntheticRows, 0))) < 1e-12);
    assert.equal(x.missingReal, 0);

    const deltaR = pearson(numbers(syntheticRows, 0), numbers(syntheticRows, 1))
      - pearson(numbers(realRows, 0), numbers(realRows, 1));
    assert.ok(Math.abs(result.correlation.pearson.max - Math.abs(deltaR)) < 1e-12);
    assert.ok(Math.abs(result.correlation.pearson.frobenius - Math.SQRT2 * Math.abs(deltaR))
      < 1e-12);

    assert.equal(result.models.family, 'linear');
    const term = result.models.terms.find((t: { name: string }) => t.name === 'x');
    const byHandReal = slope(numbers(realRows, 0), numbers(realRows, 1));
    const byHandSynthetic = slope(numbers(syntheticRows, 0), numbers(syntheticRows, 1));
    assert.ok(Math.abs(term.real.estimate - byHandReal.b) < 1e-9);
    assert.ok(Math.abs(term.real.se - byHandReal.se) < 1e-9);
    assert.ok(Math.abs(term.synthetic.naive.estimate - byHandSynthetic.b) < 1e-9);
    assert.ok(Math.abs(term.synthetic.naive.se - byHandSynthetic.se) < 1e-9);
    // The w-only correction for a slope: variance × (2 − w²).
    assert.ok(Math.abs(term.synthetic.corrected.se - byHandSynthetic.se * Math.sqrt(1.75))
      < 1e-9);
    assert.equal(result.w, 0.5);
    assert.equal(result.wSource, 'option');
    assert.match(result.tstr.skipped, /held-out real rows/);
  });

test('lni evaluate reads w from the privacy summary beside the synthetic file', async () => {
  const twin = writeCsv('twin.csv', 'x,y,g', syntheticRows);
  writeFileSync(join(folder, 'twin.privacy.json'), JSON.stringify({ w: 0.3 }));
  const run = await lni(['evaluate', real, twin, '--outcome', 'y', '--covariates', 'x,g']);
  assert.equal(run.code, 0, run.stderr);
  assert.match(run.stderr, /w = 0\.3 read from twin\.privacy\.json/);
  assert.match(run.stdout, /Linear regression of y/);
  // 12 rows: two of g's levels have fewer than 5 rows, so they are not named.
  assert.doesNotMatch(run.stdout, /g=b/);
  assert.match(run.stdout, /6 real rows with a level of "g" held by fewer than 5 rows \(2 such/);
  assert.match(run.stdout, /KS .* lower is better/);
  assert.match(run.stdout, /Corrected: naive variance × \(2 − w²\)\./);
  // A split-mode release: the flow's own sampling error joins the correction.
  writeFileSync(join(folder, 'twin.privacy.json'),
    JSON.stringify({ w: 0.3, splitMode: true, releasedRows: 300, fitRows: 100 }));
  const split = await lni(['evaluate', real, twin, '--outcome', 'y', '--covariates', 'x,g']);
  assert.match(split.stderr, /w = 0\.3 and for split mode \(3 released rows per fitted row\) read/);
  assert.match(split.stdout, /Corrected: naive variance × \(1 \+ \(1 − w\)² × 3\) \(split mode/);
});

test('lni evaluate scores train-on-synthetic test-on-real on a holdout file', async () => {
  const holdout = writeCsv('holdout.csv', 'x,y,g',
    [[2.5, 5.2, 'a'], [4.5, 8.7, 'b'], [6.5, 13.1, 'c'], [8.5, 17.3, 'a'], [10.5, 20.8, 'b']]);
  const run = await lni(['evaluate', real, synthetic, '--outcome', 'y', '--covariates', 'x',
    '--holdout', holdout, '--json', '--quiet']);
  assert.equal(run.code, 0, run.stderr);
  const result = JSON.parse(run.stdout);
  assert.equal(result.tstr.score, 'r2');
  assert.ok(result.tstr.trainSynthetic.value > 0.9 && result.tstr.trainSynthetic.value <= 1);
  assert.equal(result.rows.holdout, 5);
});

test('a constant and an all-missing column give "not defined" warnings and exit 0', async () => {
  const withOdd = (rows: readonly (readonly unknown[])[]) =>
    rows.map((row, i) => [...row, 5, i % 2 === 0 ? '' : 'NA']);
  const odd = writeCsv('odd-real.csv', 'x,y,g,k,e', withOdd(realRows));
  const oddTwin = writeCsv('odd-synthetic.csv', 'x,y,g,k,e', withOdd(syntheticRows));
  const json = await lni(['evaluate', odd, oddTwin, '--json', '--quiet']);
  assert.equal(json.code, 0, json.stderr);
  const result = JSON.parse(json.stdout);
  const warnings: string[] = result.warnings;
  assert.ok(warnings.some((w) => w.startsWith('k:') && /not defined/.test(w)),
    warnings.join('\n'));
  assert.ok(warnings.some((w) => w.startsWith('e:') && /not defined/.test(w)),
    warnings.join('\n'));
  const e = result.columns.find((c: { name: string }) => c.name === 'e');
  assert.equal(e.tv, null);
  assert.equal(e.missingReal, 1);
  const k = result.columns.find((c: { name: string }) => c.name === 'k');
  assert.equal(k.meanReal, 5);
  assert.equal(k.standardizedMeanDifference, null);

  const human = await lni(['evaluate', odd, oddTwin, '--quiet']);
  assert.equal(human.code, 0, human.stderr);
  assert.match(human.stdout, /Warnings:[\s\S]*not defined/);
});

test('a column on one side only is reported, not a crash', async () => {
  const extra = writeCsv('extra.csv', 'x,g,z', syntheticRows.map(([a, , c]) => [a, c, 1]));
  const run = await lni(['evaluate', real, extra, '--json', '--quiet']);
  assert.equal(run.code, 0, run.stderr);
  const warnings: string[] = JSON.parse(run.stdout).warnings;
  assert.ok(warnings.some((w) => /"y" is missing from the synthetic table/.test(w)));
  assert.ok(warnings.some((w) => /"z" is only in the synthetic table/.test(w)));
});

const oneLine = (text: string) => text.trim().split('\n').length === 1;

test('a missing file is a one-line error naming it, with a non-zero exit', async () => {
  const absent = join(folder, 'absent.csv');
  const run = await lni(['evaluate', real, absent]);
  assert.notEqual(run.code, 0);
  assert.ok(oneLine(run.stderr), run.stderr);
  assert.match(run.stderr, /absent\.csv: file not found/);
});

test('an outcome that is not a column is a one-line error naming it and the file', async () => {
  const run = await lni(['evaluate', real, synthetic, '--outcome', 'nope', '--covariates', 'x']);
  assert.notEqual(run.code, 0);
  assert.ok(oneLine(run.stderr), run.stderr);
  assert.match(run.stderr, /real\.csv, column "nope": the outcome is not a column/);
});

test('a covariate that is not a column is a one-line error naming it', async () => {
  const run = await lni(['evaluate', real, synthetic, '--outcome', 'y', '--covariates', 'x,w']);
  assert.notEqual(run.code, 0);
  assert.ok(oneLine(run.stderr), run.stderr);
  assert.match(run.stderr, /real\.csv, column "w": the covariate is not a column/);
});

test('a synthetic file without the outcome is an error naming that file', async () => {
  const partial = writeCsv('partial.csv', 'x,g', syntheticRows.map(([a, , c]) => [a, c]));
  const run = await lni(['evaluate', real, partial, '--outcome', 'y', '--covariates', 'x']);
  assert.notEqual(run.code, 0);
  assert.ok(oneLine(run.stderr), run.stderr);
  assert.match(run.stderr, /partial\.csv, column "y"/);
});

test('lni evaluate --report writes a report with the fidelity sections', async () => {
  const report = join(folder, 'evaluate.html');
  const run = await lni(['evaluate', real, synthetic, '--outcome', 'y', '--covariates', 'x',
    '--report', report, '--quiet']);
  assert.equal(run.code, 0, run.stderr);
  assert.ok(existsSync(report));
  const html = readFileSync(report, 'utf8');
  for (const id of ['summary', 'marginals', 'correlations', 'coefficients']) {
    assert.match(html, new RegExp(`<section class="card" id="${id}"`));
  }
});

test('two files that share no column are a one-line error naming both', async () => {
  const other = writeCsv('other.csv', 'a,b', syntheticRows.map(([a, b]) => [a, b]));
  const run = await lni(['evaluate', real, other, '-q']);
  assert.equal(run.code, 1, run.stderr);
  assert.ok(oneLine(run.stderr), run.stderr);
  assert.match(run.stderr, /other\.csv: shares no compared column with .*real\.csv/);
});

test('a table with one shared column name among many others is refused as another table',
  async () => {
    // real.csv has x, g, y; this one shares only x and brings three others.
    const unrelated = writeCsv('unrelated.csv', 'x,p,q,r',
      syntheticRows.map(([a], i) => [a, i % 2, i % 3, i % 5]));
    const run = await lni(['evaluate', real, unrelated, '-q']);
    assert.equal(run.code, 1, run.stderr);
    assert.ok(oneLine(run.stderr), run.stderr);
    assert.match(run.stderr, /unrelated\.csv: shares only 1 of 3 compared columns with .*real\.csv/);
  });

test('a partial column overlap goes on, naming the missing and extra columns in a warning',
  async () => {
    const partial = writeCsv('overlap.csv', 'x,g,z', syntheticRows.map(([a, , c]) => [a, c, 1]));
    const run = await lni(['evaluate', real, partial, '--w', '0.5']);
    assert.equal(run.code, 0, run.stderr);
    const line = 'the tables do not line up: 2 columns are compared; missing from the ' +
      'synthetic table: y; only in the synthetic table: z';
    assert.ok(run.stderr.includes(`lni: ${line}`), run.stderr);
    const json = await lni(['evaluate', real, partial, '--w', '0.5', '--json', '-q']);
    assert.equal(json.stderr, '');
    assert.ok((JSON.parse(json.stdout).warnings as string[]).includes(line));
  });

test('a synthetic outcome coded yes/no where the real one is 0/1 is an error naming the ' +
  'column and its unseen levels', async () => {
  const realBinary = writeCsv('binary-real.csv', 'x,e', realRows.map(([a], i) => [a, i % 2]));
  const yesNo = writeCsv('binary-yes-no.csv', 'x,e',
    syntheticRows.map(([a], i) => [a, i % 3 === 0 ? 'yes' : 'no']));
  const run = await lni(['evaluate', realBinary, yesNo, '--outcome', 'e', '--covariates', 'x',
    '--w', '0.5']);
  assert.equal(run.code, 1, run.stderr);
  assert.ok(oneLine(run.stderr), run.stderr);
  assert.match(run.stderr, /binary-yes-no\.csv, column "e": no synthetic value .*"yes", "no"/);
  // Outside a regression the same mismatch is a warning that names the levels.
  const plain = await lni(['evaluate', realBinary, yesNo, '--json', '-q']);
  assert.equal(plain.code, 0, plain.stderr);
  const warnings: string[] = JSON.parse(plain.stdout).warnings;
  assert.ok(warnings.some((w) => /^Column "e": 12 synthetic rows hold levels the real table never/
    .test(w) && w.includes('"yes", "no"')), warnings.join('\n'));
});

test('with w known, a synthetic model that cannot be fitted shows n/d, not "no w"',
  async () => {
    const realBinary = writeCsv('fit-real.csv', 'x,e', realRows.map(([a], i) => [a, i % 2]));
    // One outcome level only: the synthetic logistic fit is not defined.
    const constant = writeCsv('fit-constant.csv', 'x,e', syntheticRows.map(([a]) => [a, 0]));
    const run = await lni(['evaluate', realBinary, constant, '--outcome', 'e', '--covariates',
      'x', '--w', '0.5', '-q']);
    assert.equal(run.code, 0, run.stderr);
    assert.match(run.stdout, /corrected with w = 0\.5 given by --w/);
    assert.doesNotMatch(run.stdout, /no w/);
    const json = JSON.parse((await lni(['evaluate', realBinary, constant, '--outcome', 'e',
      '--covariates', 'x', '--w', '0.5', '--json', '-q'])).stdout);
    assert.equal(json.models.w, 0.5);
  });

test('a stray word read as missing in the real file and an empty cell in the synthetic one ' +
  'are both missing, as a release writes that word', async () => {
  // lni run writes a stray word held by fewer than 5 cells as an empty cell.
  const withStray = (rows: readonly (readonly unknown[])[], stray: string) =>
    rows.map((row, i) => [...row, i === 3 ? stray : 20 + i, i === 5 ? stray : `2020-01-${10 + i}`]);
  const real = writeCsv('stray-real.csv', 'x,y,g,n,d', withStray(realRows, 'Smithson'));
  const twin = writeCsv('stray-synthetic.csv', 'x,y,g,n,d', withStray(syntheticRows, ''));
  const json = await lni(['evaluate', real, twin, '--json', '--quiet']);
  assert.equal(json.code, 0, json.stderr);
  const result = JSON.parse(json.stdout);
  const n = result.columns.find((c: { name: string }) => c.name === 'n');
  assert.equal(n.missingReal, 1 / 12);
  assert.equal(n.missingSynthetic, 1 / 12);
});

test('a category\'s own missing word, written empty in the release, is missing there too, '
  + 'not a level ""', async () => {
  const withWord = (rows: readonly (readonly unknown[])[], word: string) =>
    rows.map((row, i) => [...row, i === 2 || i === 7 ? word : ['lo', 'mid', 'hi'][i % 3]]);
  const real = writeCsv('word-real.csv', 'x,y,g,c', withWord(realRows, 'unknown'));
  const twin = writeCsv('word-synthetic.csv', 'x,y,g,c', withWord(syntheticRows, ''));
  const schema = join(folder, 'word.schema.json');
  writeFileSync(schema, JSON.stringify({ version: 1, columns: [
    { name: 'x', type: 'continuous' }, { name: 'y', type: 'continuous' },
    { name: 'g', type: 'categorical' }, { name: 'c', type: 'categorical', missing: ['unknown'] }] }));
  const json = await lni(['evaluate', real, twin, '--schema', schema, '--json', '--quiet']);
  assert.equal(json.code, 0, json.stderr);
  const result = JSON.parse(json.stdout);
  const c = result.columns.find((column: { name: string }) => column.name === 'c');
  assert.deepEqual([c.missingReal, c.missingSynthetic], [2 / 12, 2 / 12]);
  assert.equal(result.warnings.some((w: string) => /levels the real table never has/.test(w)),
    false);
});

test('a date column\'s mean is printed as a date and its sd in days', async () => {
  // Real: 2020-01-01 + 0, 2, …, 22 days (mean day 11, 2020-01-12); synthetic shifted by 4 days.
  const dated = (rows: readonly (readonly unknown[])[], shift: number) => rows.map((row, i) =>
    [...row, new Date(Date.UTC(2020, 0, 1 + 2 * i + shift)).toISOString().slice(0, 10)]);
  const realDated = writeCsv('dated-real.csv', 'x,y,g,d', dated(realRows, 0));
  const twinDated = writeCsv('dated-synthetic.csv', 'x,y,g,d', dated(syntheticRows, 4));
  const outcome = await lni(['evaluate', realDated, twinDated, '--quiet']);
  assert.equal(outcome.code, 0, outcome.stderr);
  const line = outcome.stdout.split('\n').find((l) => l.startsWith('d '));
  // sd of 0, 2, …, 22 (n − 1 in the denominator) is 7.21 days.
  assert.match(line ?? '', /2020-01-12 → 2020-01-16 +7\.21 days → 7\.21 days/);
});

test('a time-of-day column\'s mean is printed as a time and its sd in minutes', async () => {
  // Real: 08:00 + 0, 10, …, 110 minutes (mean 08:55); synthetic 30 minutes later.
  const timed = (rows: readonly (readonly unknown[])[], shift: number) => rows.map((row, i) => {
    const minutes = 8 * 60 + 10 * i + shift;
    return [...row, `${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60)
      .padStart(2, '0')}`];
  });
  const realTimed = writeCsv('timed-real.csv', 'x,y,g,t', timed(realRows, 0));
  const twinTimed = writeCsv('timed-synthetic.csv', 'x,y,g,t', timed(syntheticRows, 30));
  const outcome = await lni(['evaluate', realTimed, twinTimed, '--quiet']);
  assert.equal(outcome.code, 0, outcome.stderr);
  const line = outcome.stdout.split('\n').find((l) => l.startsWith('t '));
  // sd of 0, 10, …, 110 minutes (n − 1 in the denominator) is 36.1 minutes.
  assert.match(line ?? '', /08:55 → 09:25 +36\.1 minutes → 36\.1 minutes/);
});
