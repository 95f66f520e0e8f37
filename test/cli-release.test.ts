// The core release path end to end through the CLI (fit, synthesize, run,
// latent, privacy): w = 1 returns the data, seeds reproduce byte for byte,
// the --json and privacy-summary fields, ε targets with latent clipping,
// and every option's default in --help. Small settings keep it fast.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildProgram } from '../src/cli/main.js';
import { COLUMN_TYPES, validateSchema } from '../src/table/index.js';
import { sharedDataSkip } from '../src/testing/shared-data.js';
import {
  clevelandCsv, framinghamCsv, lni, lniOk, QUICK, readCells, tempFolder, type Cells,
} from './cli-harness.js';

const folder = tempFolder('release');
const path = (name: string) => join(folder, name);
const FAST = ['--epochs', '5', '--w-grid', '0,0.5,0.9'];

/** Starts `work` on first use and shares its result between tests. */
function once<T>(work: () => Promise<T>): () => Promise<T> {
  let started: Promise<T> | undefined;
  return () => (started ??= work());
}

/**
 * Sorted rows of `table` restricted to the columns of `kept`, so an output
 * that drops a column the model does not keep is compared on the others.
 */
function sortedRows(table: Cells, kept: string[]): string[] {
  const indices = kept.map((name) => table.names.indexOf(name));
  assert.ok(indices.every((j) => j >= 0), 'every output column is an input column');
  return table.rows.map((row) => indices.map((j) => row[j]).join('\u0001')).sort();
}

/** Counts rows of the sorted lists that differ (no cell is shown). */
function differingRows(a: string[], b: string[]): number {
  let count = Math.abs(a.length - b.length);
  for (let i = 0; i < Math.min(a.length, b.length); i++) if (a[i] !== b[i]) count++;
  return count;
}

function assertSameRows(input: string, output: string): void {
  const real = readCells(input);
  const synthetic = readCells(output);
  assert.ok(synthetic.names.length > 0 && synthetic.names.length <= real.names.length);
  assert.equal(synthetic.rows.length, real.rows.length, 'one output row per input row');
  const differing = differingRows(sortedRows(real, synthetic.names),
    sortedRows(synthetic, synthetic.names));
  assert.equal(differing, 0, `${differing} sorted rows differ between input and output at w = 1`);
}

// ── Independent analytic Gaussian accountant (Balle and Wang 2018) ──

/** log erfc(z) for z ≥ 0 from the Chebyshev fit of Press et al. (rel. error < 1.2e-7). */
function logErfcPositive(z: number): number {
  const t = 1 / (1 + 0.5 * z);
  const poly = -1.26551223 + t * (1.00002368 + t * (0.37409196 + t * (0.09678418 +
    t * (-0.18628806 + t * (0.27886807 + t * (-1.13520398 + t * (1.48851587 +
    t * (-0.82215223 + t * 0.17087277))))))));
  return Math.log(t) - z * z + poly;
}

/** log Φ(x), usable far into the lower tail. */
function logPhi(x: number): number {
  const z = -x / Math.SQRT2;
  return z >= 0 ? Math.log(0.5) + logErfcPositive(z)
    : Math.log(1 - 0.5 * Math.exp(logErfcPositive(-z)));
}

/** δ(ε) = Φ(μ/2 − ε/μ) − e^ε Φ(−μ/2 − ε/μ). */
function analyticDelta(mu: number, epsilon: number): number {
  return Math.exp(logPhi(mu / 2 - epsilon / mu))
    - Math.exp(epsilon + logPhi(-mu / 2 - epsilon / mu));
}

test('the test accountant reproduces the reference values of method.md §3.3', () => {
  for (const [mu, delta, epsilon] of [[0.5, 1e-5, 1.9931], [1, 1e-5, 4.3772], [2, 1e-6, 10.9972]]) {
    assert.ok(Math.abs(analyticDelta(mu, epsilon) - delta) < 1e-3 * delta,
      `μ = ${mu}: δ(${epsilon}) = ${analyticDelta(mu, epsilon)}`);
  }
});

// ── w = 1 returns the data ──

// Three fits shared by the tests below: seeds 5, 5 and 6; model-a serves
// the synthesize, latent and privacy tests too.
const models = once(async () => {
  const fit = (name: string, seed: string) => lniOk(['fit', clevelandCsv, '-o', path(name),
    '--epochs', '3', '--seed', seed, '--json', '-q']);
  const [a] = await Promise.all([fit('model-a.json', '5'), fit('model-b.json', '5'),
    fit('model-c.json', '6')]);
  return { a: path('model-a.json'), dimension: (JSON.parse(a.stdout) as { dimension: number })
    .dimension };
});

test('fit says where it writes the model that the file is as sensitive as the data', async () => {
  await models();
  const text = await lniOk(['fit', clevelandCsv, '-o', path('model-text.json'), '--epochs', '2',
    '--seed', '1', '-q']);
  assert.match(text.stdout, /model file is as sensitive as the data/);
  const json = await lniOk(['fit', clevelandCsv, '-o', path('model-json.json'), '--epochs', '2',
    '--seed', '1', '--json', '-q']);
  assert.match((JSON.parse(json.stdout) as { sensitive: string }).sensitive,
    /as sensitive as the data/);
});

test('synthesize at --w 1 returns the Cleveland rows exactly, up to row order', async () => {
  const { a } = await models();
  await lniOk(['synthesize', clevelandCsv, '--model', a, '--w', '1',
    '-o', path('w1-cleveland.csv'), '--seed', '2', '-q']);
  assertSameRows(clevelandCsv, path('w1-cleveland.csv'));
});

test('run at --w 1 returns the Framingham rows exactly (values, formats, NA cells)',
  { skip: sharedDataSkip }, async () => {
    await lniOk(['run', framinghamCsv, '--w', '1', '--no-audit', '--epochs', '3', '--seed', '1',
      '-o', path('w1-framingham.csv'), '-q']);
    assertSameRows(framinghamCsv, path('w1-framingham.csv'));
    const summary = JSON.parse(readFileSync(path('w1-framingham.privacy.json'), 'utf8')) as {
      warnings: string[];
    };
    // Said once, though both the CLI and the accountant raise it.
    assert.equal(summary.warnings.filter((text) => /no privacy/.test(text)).length, 1);
  });

test('at --w 1 with latent clipping synthesize and run say the clipped rows change', async () => {
  const { a } = await models();
  const synthesized = await lniOk(['synthesize', clevelandCsv, '--model', a, '--w', '1',
    '--clip-latent', 'auto', '-o', path('w1-clipped.csv'), '--seed', '2', '--json']);
  const released = JSON.parse(synthesized.stdout) as { clippedRows: number };
  assert.ok(released.clippedRows > 0, 'the test needs a row that clipping pulls in');
  await lniOk(['run', clevelandCsv, '--w', '1', '--no-audit', '--clip-latent', 'auto',
    '--epochs', '3', '--seed', '1', '-o', path('w1-run-clipped.csv'), '-q']);
  for (const name of ['w1-clipped', 'w1-run-clipped']) {
    const summary = JSON.parse(readFileSync(path(`${name}.privacy.json`), 'utf8')) as {
      warnings: string[];
    };
    const said = summary.warnings.filter((text) => /no privacy/.test(text));
    assert.equal(said.length, 1, `${name}: ${said.join(' | ')}`);
    assert.match(said[0], /unchanged, except those whose latent vector is longer than the /);
  }
  assert.doesNotMatch(synthesized.stderr, /releases the real rows unchanged:/);
  assert.match(synthesized.stderr, /except those whose latent vector/);
});

// ── Seeds ──

const weights = (file: string) => {
  const model = JSON.parse(readFileSync(file, 'utf8')) as {
    flow: { parameters: number[]; scales: number[]; certifiedNorms: number[] };
  };
  return [model.flow.parameters, model.flow.scales, model.flow.certifiedNorms];
};

test('lni fit: the same seed gives identical weights, another seed others', async () => {
  await models();
  assert.deepEqual(weights(path('model-a.json')), weights(path('model-b.json')));
  assert.notDeepEqual(weights(path('model-a.json')), weights(path('model-c.json')));
});

test('lni synthesize: the same seed gives byte-identical files, another not', async () => {
  const { a } = await models();
  const synth = (name: string, seed: string) => lniOk(['synthesize', clevelandCsv,
    '--model', a, '--w', '0.5', '-o', path(name), '--seed', seed, '-q']);
  await Promise.all([synth('s1.csv', '9'), synth('s2.csv', '9'), synth('s3.csv', '10')]);
  assert.ok(readFileSync(path('s1.csv')).equals(readFileSync(path('s2.csv'))));
  assert.ok(!readFileSync(path('s1.csv')).equals(readFileSync(path('s3.csv'))));
});

test('lni synthesize --clip-latent auto realises the ε lni privacy reports, and records it', async () => {
  const { a } = await models();
  const privacy = JSON.parse((await lniOk(['privacy', '--model', a, '--w', '0.5',
    '--clip-latent', 'auto', '--json', '-q'])).stdout) as { epsilon: number };
  const release = JSON.parse((await lniOk(['synthesize', clevelandCsv, '--model', a,
    '--w', '0.5', '--clip-latent', 'auto', '-o', path('clipped.csv'), '--seed', '4', '--json',
    '-q'])).stdout) as { epsilon: number; clippedRows: number; privacySummary: string };
  assert.equal(release.epsilon, privacy.epsilon);
  const summary = JSON.parse(readFileSync(release.privacySummary, 'utf8')) as {
    epsilon: number; bound: string; clippedRows: number; w: number };
  assert.deepEqual([summary.epsilon, summary.bound, summary.w], [privacy.epsilon, 'clip', 0.5]);
  assert.equal(summary.clippedRows, release.clippedRows);
  // A release that keeps the row order says so in the file that travels with it.
  await lniOk(['synthesize', clevelandCsv, '--model', a, '--w', '0.5', '--no-shuffle',
    '-o', path('ordered.csv'), '--seed', '4', '-q']);
  const ordered = JSON.parse(readFileSync(path('ordered.privacy.json'), 'utf8')) as {
    warnings: string[] };
  assert.ok(ordered.warnings.some((w) => /rows are not shuffled/.test(w)), ordered.warnings.join());
  // Unclipped, the interval bound gives a far larger ε.
  const plain = JSON.parse((await lniOk(['synthesize', clevelandCsv, '--model', a, '--w', '0.5',
    '-o', path('unclipped.csv'), '--seed', '4', '--json', '-q'])).stdout) as { epsilon: number };
  assert.ok(plain.epsilon > 10 * privacy.epsilon, `${plain.epsilon} vs ${privacy.epsilon}`);
});

interface RunJson {
  rows: number; w: number; seed: number; output: string; privacySummary: string;
  epsilon: number | null; delta: number; sensitivity: number; mu: number | null;
  attacks: { name: string; auc: number; ciLow: number; ciHigh: number }[];
}

interface SummaryJson {
  sensitivity: number; epsilon: number | null; delta: number; w: number; mu: number | null;
  bound: 'lipschitz' | 'interval' | 'clip';
  bounds: Record<'lipschitz' | 'interval' | 'clip', number | null>;
  domainSource: string; assumptions: unknown[]; clipRadius: number | null;
  frontier: { w: number; refined: boolean; worstAuc: number; attacks: unknown[] }[];
}

const runArgs = (sub: string, seed: string) => ['run', clevelandCsv, '--w', '0.5', ...FAST,
  '--seed', seed, '-o', join(folder, sub, 'out.csv'), '--json'];

// Three runs shared by the tests below: two with seed 11, one with seed 12.
const runs = once(() => {
  for (const sub of ['run-a', 'run-b', 'run-c']) mkdirSync(path(sub));
  return Promise.all([lniOk(runArgs('run-a', '11')), lniOk(runArgs('run-b', '11')),
    lniOk(runArgs('run-c', '12'))]);
});

test('lni run with the same seed writes byte-identical CSV and privacy JSON', async () => {
  await runs();
  for (const name of ['out.csv', 'out.privacy.json']) {
    const a = readFileSync(join(folder, 'run-a', name));
    assert.ok(a.length > 0);
    assert.ok(a.equals(readFileSync(join(folder, 'run-b', name))), `${name} differs`);
  }
});

test('lni run with another seed writes a different table', async () => {
  await runs();
  assert.ok(!readFileSync(join(folder, 'run-a', 'out.csv'))
    .equals(readFileSync(join(folder, 'run-c', 'out.csv'))));
});

test('lni run --json reports rows, w, seed, output, ε, δ, S and the attacks', async () => {
  const [first] = await runs();
  const json = JSON.parse(first.stdout) as RunJson;
  assert.equal(json.rows, 303);
  assert.equal(json.w, 0.5);
  assert.equal(json.seed, 11);
  assert.equal(json.output, join(folder, 'run-a', 'out.csv'));
  assert.equal(json.delta, 1e-6);
  assert.ok(json.sensitivity > 0 && Number.isFinite(json.sensitivity));
  assert.ok(json.epsilon !== null && json.epsilon > 0);
  // μ = S·√(w/(1 − w)) = S at w = 0.5, and ε solves the analytic Gaussian condition.
  assert.ok(Math.abs((json.mu ?? NaN) - json.sensitivity) < 1e-9 * json.sensitivity);
  const delta = analyticDelta(json.mu ?? NaN, json.epsilon);
  assert.ok(Math.abs(delta - 1e-6) < 1e-3 * 1e-6, `δ(ε) = ${delta}`);
  assert.deepEqual(json.attacks.map((a) => a.name).sort(),
    ['density-ratio', 'distance-to-closest', 'latent']);
  for (const attack of json.attacks) {
    assert.ok(attack.ciLow <= attack.auc && attack.auc <= attack.ciHigh, attack.name);
    assert.ok(attack.ciLow >= 0 && attack.ciHigh <= 1, attack.name);
  }
});

test('lni run writes out.privacy.json beside it with S, ε, δ, bound, frontier', async () => {
  const [first] = await runs();
  const json = JSON.parse(first.stdout) as RunJson;
  const summaryPath = join(folder, 'run-a', 'out.privacy.json');
  assert.equal(json.privacySummary, summaryPath);
  const summary = JSON.parse(readFileSync(summaryPath, 'utf8')) as SummaryJson;
  assert.equal(summary.sensitivity, json.sensitivity);
  assert.equal(summary.epsilon, json.epsilon);
  assert.equal(summary.delta, 1e-6);
  const available = Object.entries(summary.bounds).filter(([, v]) => v !== null) as
    [string, number][];
  const smallest = available.reduce((a, b) => (b[1] < a[1] ? b : a));
  assert.equal(summary.bound, smallest[0], 'the bound that won is the smallest');
  assert.equal(summary.sensitivity, smallest[1]);
  // Cleveland's bounds are read off the data, which the summary must flag.
  assert.ok(['data', 'mixed'].includes(summary.domainSource), summary.domainSource);
  assert.ok(summary.assumptions.length >= 3);
  assert.ok(summary.assumptions.every((a) => typeof a === 'string' && a.length > 20));
  assert.ok(summary.assumptions.some((a) => /trained|fixed/.test(a as string)),
    'the fixed-model assumption is stated');
  // Every grid point, in order; a fixed w is not chosen, so nothing is refined
  // towards a target and no calibration caveat is given.
  const grid = summary.frontier.filter((point) => !point.refined).map((point) => point.w);
  assert.deepEqual(grid, [0, 0.5, 0.9]);
  assert.equal(summary.frontier.length, 3, 'no bisection points for a fixed w');
  const ws = summary.frontier.map((point) => point.w);
  assert.deepEqual(ws, [...ws].sort((x, y) => x - y));
  for (const point of summary.frontier) {
    assert.equal(point.attacks.length, 3);
    assert.ok(point.worstAuc >= 0 && point.worstAuc <= 1);
  }
});

// ── ε target ──

const epsilonRun = once(() => {
  mkdirSync(path('eps'));
  return lniOk(['run', clevelandCsv, '--target-epsilon', '50', ...FAST, '--seed', '3',
    '-o', join(folder, 'eps', 'out.csv'), '--json']);
});

test('run --target-epsilon 50 turns on latent clipping and says so on stderr', async () => {
  const outcome = await epsilonRun();
  assert.match(outcome.stderr, /--target-epsilon turns on latent clipping/);
  assert.match(outcome.stderr, /--clip-latent auto/);
});

test('run --target-epsilon 50 uses S = 2R and the largest w with ε ≤ 50', async () => {
  await epsilonRun();
  const summary = JSON.parse(readFileSync(join(folder, 'eps', 'out.privacy.json'), 'utf8')) as
    SummaryJson;
  assert.equal(summary.bound, 'clip');
  assert.ok(summary.epsilon !== null && summary.epsilon <= 50 + 1e-6, `ε = ${summary.epsilon}`);
  // The largest such w: ε sits at the target, not well below it.
  assert.ok(summary.epsilon > 49.9, `ε = ${summary.epsilon}`);
  // Cleveland encodes to p = 16, so R = √(χ²₁₆ 0.99 quantile = 32.0) ≈ 5.657.
  assert.ok(Math.abs((summary.clipRadius ?? NaN) - Math.sqrt(32)) < 1e-4,
    `R = ${summary.clipRadius}`);
  assert.ok(Math.abs(summary.sensitivity - 2 * (summary.clipRadius ?? NaN)) < 1e-9);
  const mu = summary.sensitivity * Math.sqrt(summary.w / (1 - summary.w));
  const delta = analyticDelta(mu, summary.epsilon);
  assert.ok(Math.abs(delta - 1e-6) < 1e-3 * 1e-6, `δ(ε) = ${delta}`);
  assert.equal(readCells(join(folder, 'eps', 'out.csv')).rows.length, 303);
});

test('run --target-epsilon still reports the frontier (method.md §6: always)', async () => {
  await epsilonRun();
  const summary = JSON.parse(readFileSync(join(folder, 'eps', 'out.privacy.json'), 'utf8')) as
    SummaryJson;
  assert.deepEqual(summary.frontier.filter((point) => !point.refined).map((point) => point.w),
    [0, 0.5, 0.9]);
});

// ── latent ──

test('lni latent writes one finite column per latent dimension for every row', async () => {
  const { a, dimension } = await models();
  // 13 features plus the num outcome, and a missing indicator each for ca and thal.
  assert.equal(dimension, 16);
  await lniOk(['latent', clevelandCsv, '--model', a,
    '-o', path('latent.csv'), '--seed', '1', '-q']);
  const latent = readCells(path('latent.csv'));
  assert.equal(latent.names.length, dimension);
  assert.equal(new Set(latent.names).size, dimension);
  assert.equal(latent.rows.length, 303);
  assert.ok(latent.rows.every((row) => row.length === dimension &&
    row.every((cell) => Number.isFinite(Number(cell)) && cell.trim() !== '')));
});

test('lni schema --help lists the types "type" accepts, and drop as a field, not a type',
  async () => {
    const help = (await lniOk(['schema', '--help'])).stdout.replace(/\s+/g, ' ');
    const listed = /"type", one of ([^;]+);/.exec(help)?.[1].split(', ');
    assert.deepEqual(listed, [...COLUMN_TYPES]);
    assert.match(help, /"drop": true leaves a column out/);
    assert.throws(() => validateSchema({ version: 1, columns: [{ name: 'a', type: 'drop' }] }),
      /Unknown column type "drop"/);
  });

test('help mentions --target-epsilon only on commands that take it', () => {
  for (const command of commands) {
    const takes = command.options.some((option) => option.long === '--target-epsilon');
    const mentions = /--target-epsilon/.test(command.helpInformation());
    assert.equal(mentions, takes, `lni ${command.name()} --help`);
  }
});

test('lni latent --help says the latent file is as sensitive as the data', async () => {
  const help = (await lniOk(['latent', '--help'])).stdout;
  assert.match(help, /as sensitive as the data/);
});

// ── privacy ──

// Every privacy invocation at once, on model-a (fitted on 303 rows).
const privacyRuns = once(async () => {
  const { a } = await models();
  const privacy = (...args: string[]) => lniOk(['privacy', '--model', a, ...args]);
  const [half, noneHuman, noneJson, highDelta, fewRows, clipped] = await Promise.all([
    privacy('--w', '0.5', '--json'), privacy('--w', '1'), privacy('--w', '1', '--json'),
    privacy('--w', '0.5', '--delta', '0.01'),
    privacy('--w', '0.5', '--delta', '0.01', '--rows', '50'),
    privacy('--w', '0.5', '--clip-latent', 'auto'),
  ]);
  return { half, noneHuman, noneJson, highDelta, fewRows, clipped };
});

test('lni privacy --w 0.5 --json reports S, w, δ, μ, ε, classical ε, bound', async () => {
  const json = JSON.parse((await privacyRuns()).half.stdout) as SummaryJson & {
    epsilonClassical: number; assumptions: string[];
  };
  assert.ok(json.sensitivity > 0);
  assert.equal(json.w, 0.5);
  assert.equal(json.delta, 1e-6);
  assert.ok(Math.abs((json.mu ?? NaN) - json.sensitivity) < 1e-9 * json.sensitivity);
  assert.ok(json.epsilon !== null);
  const delta = analyticDelta(json.mu ?? NaN, json.epsilon);
  assert.ok(Math.abs(delta - 1e-6) < 1e-3 * 1e-6, `δ(ε) = ${delta}`);
  const classical = Math.sqrt(2 * Math.log(1.25 / 1e-6)) * (json.mu ?? NaN);
  assert.ok(Math.abs(json.epsilonClassical - classical) < 1e-9 * classical);
  assert.ok(['lipschitz', 'interval', 'clip'].includes(json.bound));
  assert.ok(['schema', 'data', 'mixed'].includes(json.domainSource));
  assert.ok(json.assumptions.length >= 3 && json.assumptions.every((a) => typeof a === 'string'));
});

test('lni privacy at --w 1 prints no ε number and says there is no privacy', async () => {
  const { noneHuman, noneJson } = await privacyRuns();
  assert.doesNotMatch(noneHuman.stdout + noneHuman.stderr, /ε\s*=\s*[0-9]/);
  assert.match(noneHuman.stdout, /no privacy/i);
  const json = JSON.parse(noneJson.stdout) as SummaryJson & { noPrivacy: boolean };
  assert.equal(json.epsilon, null);
  assert.equal(json.noPrivacy, true);
});

test('lni privacy with latent clipping claims no count of clipped rows: it sees no rows',
  async () => {
    const { clipped } = await privacyRuns();
    assert.doesNotMatch(clipped.stdout, /pulled in \d+ of/);
    assert.match(clipped.stdout, /how many is known only at release/);
  });

test('lni privacy warns when δ ≥ 1/n and only then', async () => {
  const { highDelta, fewRows } = await privacyRuns();
  // The model was fitted on 303 rows: 1/n ≈ 0.0033; with --rows 50, 1/n = 0.02 > δ.
  assert.match(highDelta.stdout + highDelta.stderr, /warning: δ = 0\.01 is not below 1\/n/i);
  assert.doesNotMatch(fewRows.stdout + fewRows.stderr, /not below 1\/n/);
});

// ── --help ──

/**
 * The help entry of one option: its line and the wrapped lines after it,
 * up to the next option or the end of the options list.
 */
function helpEntry(help: string, flags: string): string | undefined {
  const lines = help.split('\n');
  const start = lines.findIndex((line) => line.trimStart().startsWith(flags + ' ') ||
    line.trim() === flags);
  if (start < 0) return undefined;
  const entry = [lines[start]];
  for (const line of lines.slice(start + 1)) {
    if (line.trim() === '' || /^ {2}-/.test(line)) break;
    entry.push(line);
  }
  return entry.join(' ');
}

// Every command: every option appears in --help, and every option that takes
// a value and is not required states its default. Switches (--json,
// --no-shuffle) default to off by their nature and need no text.
// The option lists and help texts come from the program itself (what
// --help prints, less the notes added after it); one spawned `lni run
// --help` checks that the CLI prints the same text.
const commands = buildProgram().commands;

test('lni run --help prints the help text the program defines', async () => {
  const run = commands.find((command) => command.name() === 'run');
  assert.ok(run !== undefined);
  const spawned = (await lniOk(['run', '--help'])).stdout;
  assert.ok(spawned.startsWith(run.helpInformation()), 'spawned help differs');
});

for (const command of commands) {
  const name = command.name();
  test(`lni ${name} --help lists every option with its default`, async () => {
    const help = command.helpInformation();
    const missing: string[] = [];
    const undocumented: string[] = [];
    for (const option of command.options) {
      const entry = helpEntry(help, option.flags);
      if (entry === undefined) { missing.push(option.flags); continue; }
      const takesValue = option.required || option.optional;
      if (takesValue && !option.mandatory && !/default/i.test(entry)) {
        undocumented.push(option.long ?? option.flags);
      }
    }
    assert.deepEqual(missing, [], 'options absent from --help');
    assert.deepEqual(undocumented, [], 'options without a stated default');
  });
}

test('run --report in split mode with test rows counts the input\'s rows in and says why ' +
  'fewer come out', async () => {
  const report = path('split-report.html');
  await lniOk(['run', clevelandCsv, '-o', path('split.csv'), '--fit-fraction', '0.5',
    '--report', report, '--outcome', 'exang', '--covariates', 'age,sex', ...QUICK]);
  const html = readFileSync(report, 'utf8');
  // 303 rows: 61 test rows (20%), then half of the other 242 fit the flow and 121 are released.
  assert.match(html, /303 rows in → 121 synthetic rows out/);
  assert.ok(html.includes('<p class="note">Of the 303 input rows, 61 were held out as test ' +
    'rows for the report and 121 fitted the flow in split mode; neither is released, so 121 ' +
    'synthetic rows come from the other 121.</p>'));
});

test('run\'s fit line says how many epochs the released model trained', async () => {
  // Plain progress lines come every 2 s, so a quick fit shows only its first
  // epoch; the finish line carries the count.
  const outcome = await lniOk(['run', clevelandCsv, '-o', join(folder, 'epochs.csv'),
    '--w', '0.5', '--no-audit', '--epochs', '3', '--seed', '2']);
  assert.match(outcome.stderr, /fit: done in .*\(released model, 3 epochs\)/);
  // Epoch 1 ends before the stage starts, so no rate is known: no ETA, never a false 0s.
  assert.match(outcome.stderr, /^fit: 1\/3, NLL train /m);
});
