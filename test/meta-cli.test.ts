// `lni meta` end to end on the three bundled UCI Heart sites: every site
// released with quick settings (w = 0.5, no audit, 10 epochs) by
// `lni meta --real`, which runs each site's `lni run` in its own process;
// then the coordinator's `lni meta` on the synthetic tables alone. chol is
// 0 (= not recorded) at Switzerland: a schema with missingCodes says so.
// The outcome is exang (exercise angina, 0/1 at every site); num > 0 is
// checked with --event 1,2,3,4 against a recode of the tables.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { copyFileSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { lni, lniOk, readCells, repoRoot, tempFolder } from './cli-harness.js';

interface Pooled { estimate: number; variance: number; ciLow: number; ciHigh: number }
interface Term {
  term: string;
  sites: { site: string; estimate: number; variance: number; unadjustedFor?: string[] }[];
  fixed: Pooled | null;
  random: (Pooled & { tau2: number | null; Q: number | null; I2: number | null }) | null;
}
interface Result {
  family: string;
  scale: string;
  sites: { site: string; w: number; wSource: string }[];
  terms: Term[];
  notes: string[];
  real?: { terms: Term[]; notes: string[] };
}

const folder = tempFolder('meta');
const SITES = ['cleveland', 'hungarian', 'switzerland'];
const realFiles = SITES.map((site) => join(repoRoot, 'examples', 'uci-heart', `${site}.csv`));
const synthetic = SITES.map((site) => join(folder, `${site}.synthetic.csv`));
const schema = join(folder, 'chol.schema.json');
writeFileSync(schema, JSON.stringify({ version: 1, columns: [
  { name: 'chol', type: 'integer', missingCodes: [0] }] }));
const MODEL = ['--outcome', 'exang', '--covariates', 'age,sex,trestbps,chol', '--schema', schema];
const report = join(folder, 'meta.html');

const released = (async () => {
  const outcome = await lniOk(['meta', '--real', ...realFiles, '--out-dir', folder, ...MODEL,
    '--w', '0.5', '--no-audit', '--epochs', '10', '--seed', '7', '--report', report,
    '--json', '-q']);
  return JSON.parse(outcome.stdout) as Result;
})();
released.catch(() => undefined);

async function meta(files: string[], extra: string[] = []): Promise<Result> {
  await released;
  const outcome = await lniOk(['meta', ...files, ...MODEL, ...extra, '--json', '-q']);
  return JSON.parse(outcome.stdout) as Result;
}

const term = (result: Result | { terms: Term[] }, name: string): Term => {
  const found = result.terms.find((t) => t.term === name);
  assert.ok(found !== undefined, `no term ${name}`);
  return found;
};

test('--json gives per-site estimates and variances and fixed and random pooling per term',
  async () => {
    const result = await meta(synthetic);
    assert.equal(result.family, 'logistic');
    assert.equal(result.scale, 'log-odds');
    assert.deepEqual(result.terms.map((t) => t.term),
      ['(Intercept)', 'age', 'sex=1', 'trestbps', 'chol']);
    assert.deepEqual(result.sites.map((s) => [s.w, s.wSource]),
      SITES.map(() => [0.5, 'privacy-summary']));
    const age = term(result, 'age');
    assert.deepEqual(age.sites.map((s) => s.site), SITES.map((s) => `${s}.synthetic.csv`));
    // Fixed effect: the inverse-variance weighted mean, variance 1 / Σ 1/v.
    const weight = age.sites.reduce((sum, s) => sum + 1 / s.variance, 0);
    const mean = age.sites.reduce((sum, s) => sum + s.estimate / s.variance, 0) / weight;
    assert.ok(Math.abs(age.fixed!.estimate - mean) < 1e-12);
    assert.ok(Math.abs(age.fixed!.variance - 1 / weight) < 1e-12);
    assert.ok(Math.abs(age.fixed!.ciHigh - age.fixed!.estimate
      - 1.959964 * Math.sqrt(1 / weight)) < 1e-5);
    assert.ok(age.random!.Q! >= 0 && age.random!.I2! >= 0 && age.random!.I2! <= 1);
    assert.ok(age.random!.tau2! >= 0);
    assert.ok(age.random!.variance >= age.fixed!.variance - 1e-15);
  });

test('chol is reported as missing at Switzerland and pooled over the other two sites',
  async () => {
    const result = await meta(synthetic);
    assert.deepEqual(term(result, 'chol').sites.map((s) => s.site),
      ['cleveland.synthetic.csv', 'hungarian.synthetic.csv']);
    assert.ok(result.notes.some((note) => note.includes('switzerland.synthetic.csv')
      && note.includes('only missing values') && note.includes('"chol"')), result.notes.join('\n'));
    assert.equal(term(result, 'age').sites.length, 3);
    // Switzerland's other estimates come from a model without chol: marked where they stand.
    const unadjusted = term(result, 'age').sites.map((s) => s.unadjustedFor ?? []);
    assert.deepEqual(unadjusted, [[], [], ['chol']]);
    const human = await lniOk(['meta', ...synthetic, ...MODEL, '-q']);
    assert.match(human.stdout, /switzerland\.synthetic\.csv .*\(not adjusted for chol\)/);
    assert.doesNotMatch(human.stdout, /cleveland\.synthetic\.csv .*not adjusted/);
  });

test('--real compares with the real tables and its synthetic side equals the coordinator\'s',
  async () => {
    const real = await released;
    const coordinator = await meta(synthetic);
    assert.ok(real.real !== undefined);
    assert.deepEqual(term(real.real, 'chol').sites.map((s) => s.site),
      ['cleveland.csv', 'hungarian.csv']);
    const sites = term(coordinator, 'age').sites.map((s) => s.estimate);
    assert.deepEqual(term(real, 'age').sites.map((s) => s.estimate), sites);
    // Real log-odds ratios for age are positive at the two large sites.
    assert.ok(term(real.real, 'age').sites.slice(0, 2).every((s) => s.estimate > 0));
  });

test('K = 1 gives the single site\'s own estimate and variance, with no heterogeneity',
  async () => {
    const one = await meta([synthetic[0]]);
    const three = await meta(synthetic);
    for (const name of ['age', 'sex=1', 'chol']) {
      const single = term(one, name);
      const site = term(three, name).sites[0];
      assert.equal(single.fixed!.estimate, site.estimate);
      assert.equal(single.fixed!.variance, site.variance);
      assert.equal(single.random!.estimate, site.estimate);
      assert.equal(single.random!.tau2, null);
    }
  });

/** Rewrites synthetic[site] through `change` as `name`, with its privacy summary beside it. */
async function siteAs(
  site: number, name: string, change: (names: string[], rows: string[][]) => string[][],
): Promise<string> {
  await released;
  const cells = readCells(synthetic[site]);
  const path = join(folder, name);
  writeFileSync(path, change(cells.names, cells.rows).map((row) => row.join(',')).join('\n')
    + '\n');
  copyFileSync(synthetic[site].replace(/\.csv$/, '.privacy.json'),
    path.replace(/\.csv$/, '.privacy.json'));
  return path;
}

const hungarianAs = (name: string, change: (names: string[], rows: string[][]) => string[][]) =>
  siteAs(1, name, change);

test('--event with several levels counts any of them, as a 0/1 recode of the tables does',
  async () => {
    // method.md §9's outcome: disease, num > 0 (num is a grade 0–4).
    const recoded = await Promise.all(SITES.map((site, k) =>
      siteAs(k, `${site}.disease.csv`, (names, rows) => {
        const j = names.indexOf('num');
        return [names.map((name) => (name === 'num' ? 'disease' : name)),
          ...rows.map((row) => row.map((cell, i) => (i !== j ? cell : cell === '0' ? '0' : '1')))];
      })));
    const model = ['--covariates', 'age,sex,trestbps,chol', '--schema', schema, '--json', '-q'];
    const graded = JSON.parse((await lniOk(['meta', ...synthetic, '--outcome', 'num',
      '--event', '1,2,3,4', ...model])).stdout) as Result;
    const binary = JSON.parse((await lniOk(['meta', ...recoded, '--outcome', 'disease',
      ...model])).stdout) as Result;
    assert.equal(graded.family, 'logistic');
    for (const name of ['age', 'sex=1', 'chol']) {
      const estimates = (result: Result) => term(result, name).sites
        .map((s) => [s.estimate, s.variance]);
      assert.deepEqual(estimates(graded), estimates(binary), name);
      assert.equal(term(graded, name).fixed!.estimate, term(binary, name).fixed!.estimate);
    }
    const base = [...synthetic, '--outcome', 'num', '--covariates', 'age', '--schema', schema];
    assert.match(await refused([...base, '--event', '1,7']), /--event "7" is not a level/);
    assert.match(await refused([...base, '--event', '0,1,2,3,4']), /names every level/);
    assert.match(await refused([...base, '--event', '1,,2']), /has an empty level/);
  });

/** The one error line of a refused run. */
async function refused(args: string[]): Promise<string> {
  const outcome = await lni(['meta', ...args, '-q']);
  assert.equal(outcome.code, 1, outcome.stderr);
  const lines = outcome.stderr.trimEnd().split('\n');
  assert.equal(lines.length, 1, outcome.stderr);
  assert.match(lines[0], /^lni: error: /);
  return lines[0];
}

test('a site without a covariate column is refused, naming the site file and the column',
  async () => {
    const lacking = await hungarianAs('hungarian-no-bp.csv', (names, rows) => {
      const drop = names.indexOf('trestbps');
      return [names, ...rows].map((row) => row.filter((_, j) => j !== drop));
    });
    const line = await refused([synthetic[0], lacking, synthetic[2], ...MODEL]);
    assert.match(line, /hungarian-no-bp\.csv: the site has no covariate column "trestbps"/);
  });

test('a site whose covariate is renamed is refused like one without it', async () => {
  const renamed = await hungarianAs('hungarian-renamed.csv', (names, rows) =>
    [names.map((name) => (name === 'trestbps' ? 'restbp' : name)), ...rows]);
  const line = await refused([synthetic[0], renamed, ...MODEL]);
  assert.match(line, /hungarian-renamed\.csv: .*"trestbps"/);
});

test('a covariate that no site has is refused, naming it and every file', async () => {
  await released;
  const line = await refused([synthetic[0], synthetic[1], '--outcome', 'exang',
    '--covariates', 'age,zzz']);
  assert.match(line, /column "zzz": the covariate is not a column of any site table/);
  assert.ok(line.includes(synthetic[0]) && line.includes(synthetic[1]), line);
});

test('a site coding sex as M/F where the others use 0/1 is refused, naming site and column',
  async () => {
    const lettered = await hungarianAs('hungarian-mf.csv', (names, rows) => {
      const sex = names.indexOf('sex');
      return [names, ...rows.map((row) => row.map((cell, j) => (j !== sex ? cell
        : Number(cell) === 1 ? 'M' : Number(cell) === 0 ? 'F' : cell)))];
    });
    const line = await refused([synthetic[0], lettered, synthetic[2], '--outcome', 'exang',
      '--covariates', 'age,sex']);
    assert.match(line, /hungarian-mf\.csv, column "sex": the site codes this column with levels/);
    assert.match(line, /F, M/);
  });

test('a site table given twice under another name is refused, naming both files', async () => {
  const copy = await hungarianAs('hungarian-copy.csv', (names, rows) => [names, ...rows]);
  const line = await refused([synthetic[0], synthetic[1], copy, ...MODEL]);
  assert.match(line,
    /hungarian-copy\.csv: the site's table has the same rows as .*hungarian\.synthetic\.csv's/);
  // Rows in another order are the same table.
  const shuffled = await hungarianAs('hungarian-reversed.csv', (names, rows) =>
    [names, ...[...rows].reverse()]);
  assert.match(await refused([synthetic[1], shuffled, ...MODEL]),
    /hungarian-reversed\.csv: the site's table has the same rows as/);
});

test('an outcome coded 1/2 at one site and 0/1 at the others is refused, not pooled linearly',
  async () => {
    const shifted = await hungarianAs('hungarian-exang12.csv', (names, rows) => {
      const exang = names.indexOf('exang');
      return [names, ...rows.map((row) => row.map((cell, j) => (j !== exang || cell === ''
        || Number.isNaN(Number(cell)) ? cell : String(Number(cell) + 1))))];
    });
    const line = await refused([synthetic[0], shifted, synthetic[2], ...MODEL]);
    assert.match(line, /column "exang": the outcome has two values at every site but not the /);
    assert.match(line, /0\/1 at site cleveland\.synthetic\.csv, 1\/2 at site hungarian-exang12/);
    // Asked for, a linear model of the codes as numbers is still fitted.
    const linear = await meta([synthetic[0], shifted, synthetic[2]], ['--family', 'linear']);
    assert.equal(linear.family, 'linear');
  });

test('a site table without a header row is refused with a hint meta can follow', async () => {
  const bare = await hungarianAs('hungarian-no-header.csv', (_names, rows) => rows);
  const line = await refused([synthetic[0], bare, ...MODEL]);
  assert.match(line, /hungarian-no-header\.csv, row 1: The first line looks like a data row/);
  assert.match(line, /every site table needs a header row/);
  // meta has no --no-header, so the hint must not send the user there.
  assert.doesNotMatch(line, /give --no-header/);
});

test('a category level one site lacks is reported and that site leaves only that term',
  async () => {
    await released;
    const cells = readCells(synthetic[1]);
    const cp = cells.names.indexOf('cp');
    const recoded = join(folder, 'hungarian-no-cp1.csv');
    writeFileSync(recoded, [cells.names, ...cells.rows.map((row) =>
      row.map((cell, j) => (j === cp && Number(cell) === 1 ? '2' : cell)))]
      .map((row) => row.join(',')).join('\n') + '\n');
    copyFileSync(synthetic[1].replace(/\.csv$/, '.privacy.json'),
      join(folder, 'hungarian-no-cp1.privacy.json'));
    const outcome = await lniOk(['meta', synthetic[0], recoded, synthetic[2], '--outcome',
      'exang', '--covariates', 'age,cp', '--json', '-q']);
    const result = JSON.parse(outcome.stdout) as Result;
    assert.ok(result.notes.some((note) => note.includes('Level "1" of column "cp" does not ' +
      'occur at site hungarian-no-cp1.csv')), result.notes.join('\n'));
    assert.ok(!term(result, 'cp=1').sites.some((s) => s.site === 'hungarian-no-cp1.csv'));
    assert.ok(term(result, 'age').sites.some((s) => s.site === 'hungarian-no-cp1.csv'));
    assert.ok(term(result, 'cp=4').sites.some((s) => s.site === 'hungarian-no-cp1.csv'));
  });

test('a site without its privacy summary is refused unless --w gives its w', async () => {
  await released;
  const bare = join(folder, 'bare.csv');
  copyFileSync(synthetic[0], bare);
  const refused = await lni(['meta', bare, synthetic[1], ...MODEL, '-q']);
  assert.equal(refused.code, 1);
  assert.match(refused.stderr, /site bare\.csv has no privacy summary \(bare\.privacy\.json\)/);
  assert.match(refused.stderr, /--w/);
  const given = await meta([bare, synthetic[1]], ['--w', '0.5']);
  assert.equal(given.sites[0].wSource, 'option');
  assert.equal(term(given, 'age').sites.length, 2);
});

test('the report has a forest plot per term, synthetic and real, and no real row', async () => {
  await released;
  const html = readFileSync(report, 'utf8');
  assert.match(html, /id="forest"/);
  for (const name of ['(Intercept)', 'age', 'sex=1', 'trestbps', 'chol']) {
    const scale = name === '(Intercept)' ? 'log odds' : 'log odds ratio';
    assert.ok(html.includes(`Forest plot for ${name} (${scale})`), name);
  }
  assert.match(html, /real tables: Q = /);
  assert.match(html, /synthetic tables: Q = /);
  // Switzerland leaves the chol plot: the reason stands under that plot, on both sides.
  const chol = html.slice(html.indexOf('Forest plot for chol (log odds ratio)'));
  const reason = 'Site switzerland.csv has only missing values in column &quot;chol&quot;; ' +
    'it is left out of the &quot;chol&quot; terms';
  assert.ok(chol.includes(`<li>${reason}`), 'the synthetic side\'s note is under the chol plot');
  assert.ok(chol.includes(`<li>Real tables: ${reason}`), 'so is the real side\'s');
  assert.equal(html.split(reason).length - 1, 2);
  assert.match(html, /id="notes"[^]*logistic regression \(--family to choose\)/);
  for (const file of realFiles) {
    const lines = readFileSync(file, 'utf8').split('\n').slice(1).filter((l) => l !== '');
    for (const line of lines) assert.ok(!html.includes(line), 'a real row is in the report');
  }
});

test('the human output shows odds ratios beside log-odds and the pooled rows', async () => {
  await released;
  const outcome = await lniOk(['meta', ...synthetic, ...MODEL, '-q']);
  assert.match(outcome.stdout, /fixed effect\s+-?[−\d.e]+ \(OR [\d.e−]+\)/);
  assert.match(outcome.stdout, /random effects/);
  assert.match(outcome.stdout, /heterogeneity\s+Q = /);
});

test('the human output labels the intercept as log odds with the baseline odds, not an OR',
  async () => {
    await released;
    const { stdout } = await lniOk(['meta', ...synthetic, ...MODEL, '-q']);
    const blocks = stdout.split('\n\n');
    const intercept = blocks.find((block) => block.startsWith('  (Intercept)'));
    assert.ok(intercept !== undefined, stdout);
    assert.doesNotMatch(intercept, /\(OR /);
    assert.match(intercept, /fixed effect\s+-?[−\d.e]+ \(odds [\d.e−]+\)/);
    assert.match(stdout, /the intercept is a log odds, at zero covariates and reference levels/);
    const age = blocks.find((block) => block.startsWith('  age'));
    assert.match(age ?? '', /fixed effect\s+-?[−\d.e]+ \(OR [\d.e−]+\)/);
  });

test('a site of one or five rows is left out of every term with a note, not the whole run',
  async () => {
    const one = await hungarianAs('tiny-1.csv', (names, rows) => [names, rows[0]]);
    const five = await hungarianAs('tiny-5.csv', (names, rows) => [names, ...rows.slice(0, 5)]);
    const result = await meta([synthetic[0], one, five, synthetic[2]]);
    assert.ok(result.notes.includes('Site tiny-1.csv: the table has only one row, too few to ' +
      'read its columns; it is left out of every term.'), result.notes.join('\n'));
    assert.ok(result.notes.some((note) => note.startsWith('Site tiny-5.csv: the table has ' +
      'more columns') && note.endsWith('it is left out of every term.')), result.notes.join('\n'));
    assert.deepEqual(result.sites.map((site) => site.site),
      ['cleveland.synthetic.csv', 'tiny-1.csv', 'tiny-5.csv', 'switzerland.synthetic.csv']);
    for (const t of result.terms) {
      assert.ok(!t.sites.some((site) => site.site.startsWith('tiny-')), t.term);
    }
    assert.equal(term(result, 'age').sites.length, 2);
    // With no site left there is nothing to pool: one line says why.
    assert.match(await refused([one, five, ...MODEL]),
      /no site table has rows enough to analyse \(tiny-1\.csv: the table has only one row; /);
  });

test('a covariate listed twice is refused in one line, before any site is read', async () => {
  const line = await refused([synthetic[0], synthetic[1], '--outcome', 'exang',
    '--covariates', 'age,sex,age']);
  assert.match(line, /column "age": the covariate is listed twice in --covariates/);
});

test('the mean of a categorical column\'s numeric codes is pooled with a note saying so',
  async () => {
    const mean = async (column: string) => JSON.parse((await lniOk(['meta', ...synthetic,
      '--mean', column, '--json', '-q'])).stdout) as Result;
    const cp = await mean('cp');
    assert.ok(cp.notes.includes('Column "cp" is categorical: its mean pools the codes 1, 2, 3, ' +
      '4 as numbers, which means something only if the codes are a scale.'), cp.notes.join('\n'));
    assert.equal(term(cp, 'cp').sites.length, 3);
    // A 0/1 column's mean is the share of 1s, and a numeric column's a mean: no note.
    for (const column of ['sex', 'age']) {
      const result = await mean(column);
      assert.ok(!result.notes.some((note) => /pools the codes/.test(note)), column);
    }
  });

test('when a site of --real fails, no output is left beside the inputs and an earlier file ' +
  'is untouched', async () => {
  const sites = tempFolder('meta-fail');
  const inputs = ['cleveland', 'hungarian'].map((site) => {
    const copy = join(sites, `${site}.csv`);
    copyFileSync(join(repoRoot, 'examples', 'uci-heart', `${site}.csv`), copy);
    return copy;
  });
  // Two made-up rows: enough to read, too few for a split-mode fit.
  const tiny = join(sites, 'tiny.csv');
  writeFileSync(tiny, 'age,exang\n40,1\n50,0\n');
  const earlier = join(sites, 'hungarian.synthetic.csv');
  writeFileSync(earlier, 'an earlier file\n');
  const before = readdirSync(sites).sort();
  const args = ['--outcome', 'exang', '--covariates', 'age', '--w', '0.5', '--no-audit',
    '--fit-fraction', '0.5', '--epochs', '3', '--seed', '7'];
  for (const jobs of ['1', '3']) {
    const failed = await lni(['meta', '--real', ...inputs, tiny, ...args, '--jobs', jobs]);
    assert.equal(failed.code, 1, failed.stderr);
    assert.deepEqual(readdirSync(sites).sort(), before);
    assert.equal(readFileSync(earlier, 'utf8'), 'an earlier file\n');
    // The failure is the last line on stderr, and it ends with a newline.
    assert.ok(failed.stderr.endsWith('\n'), failed.stderr);
    const last = failed.stderr.slice(0, -1).split('\n').pop() ?? '';
    assert.match(last, new RegExp('^lni: error: .*lni run failed at site tiny\\.csv ' +
      '\\(exit 1\\): a fit fraction of 0\\.5 leaves too few rows'));
  }
  // Once every site succeeds, every output is moved in place.
  await lniOk(['meta', '--real', ...inputs, ...args, '-q']);
  assert.deepEqual(readdirSync(sites).sort(), [...before, 'cleveland.synthetic.csv',
    'cleveland.synthetic.privacy.json', 'hungarian.synthetic.privacy.json'].sort());
  assert.equal(readCells(earlier).names.includes('exang'), true);
  const summary = JSON.parse(readFileSync(join(sites, 'cleveland.synthetic.privacy.json'),
    'utf8')) as { w: number; splitMode: boolean };
  assert.deepEqual([summary.w, summary.splitMode], [0.5, true]);
});

test('a site of --real that releases nothing leaves its frontier where its summary belongs, ' +
  'and the error names it there', async () => {
  const out = tempFolder('meta-frontier');
  const input = join(repoRoot, 'examples', 'uci-heart', 'switzerland.csv');
  // An upper AUC bound at or below chance: no w can meet it.
  const failed = await lni(['meta', '--real', input, '--outcome', 'exang', '--covariates', 'age',
    '--out-dir', out, '--target-auc', '0.5', '--conservative', '--w-grid', '0,0.5',
    '--epochs', '3', '--seed', '7', '-q']);
  assert.equal(failed.code, 1, failed.stderr);
  const summary = join(out, 'switzerland.synthetic.privacy.json');
  assert.deepEqual(readdirSync(out), ['switzerland.synthetic.privacy.json']);
  assert.ok(failed.stderr.includes(`see the frontier in ${summary}`), failed.stderr);
  const frontier = JSON.parse(readFileSync(summary, 'utf8')) as { frontier?: unknown[] };
  assert.equal(frontier.frontier?.length, 2);
});

test('meta --real names no text level few rows hold, in its JSON, notes or report', async () => {
  const sites = tempFolder('meta-rare');
  const rows = Array.from({ length: 120 }, (_, i) => {
    const dx = i < 6 ? ['Q87.4', 'K50.9', 'Q87.4', 'M32.1', 'M32.1', 'A01'][i]
      : ['I10', 'E11', 'J45'][i % 3];
    const comment = i < 8 ? `"seen by Dr Example${i} at home"` : ['routine', 'see chart'][i % 2];
    return `${30 + ((i * 7) % 45)},${dx},${comment},${i % 2}`;
  });
  const files = ['a', 'b'].map((name) => {
    const file = join(sites, `${name}.csv`);
    // Two sites, not one table twice (refused): b lacks a's last row.
    writeFileSync(file, ['age,dx,comment,sex', ...(name === 'a' ? rows : rows.slice(0, -1))]
      .join('\n') + '\n');
    return file;
  });
  const html = join(sites, 'meta.html');
  const outcome = await lniOk(['meta', '--real', ...files, '--outcome', 'age', '--covariates',
    'dx,comment,sex', '--w', '0.5', '--no-audit', '--epochs', '3', '--seed', '3', '--report', html,
    '--json']);
  const everything = outcome.stdout + outcome.stderr + readFileSync(html, 'utf8');
  for (const rare of ['Q87', 'K50', 'M32', 'A01', 'Example']) {
    assert.ok(!everything.includes(rare), `"${rare}" is named`);
  }
  assert.match(outcome.stdout, /cells of column \\"dx\\" hold text levels fewer than 5 rows there have/);
});
