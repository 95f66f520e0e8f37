import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { basename, dirname, join } from 'node:path';
import type { Command, Option } from 'commander';
import {
  forestPlotData, metaAnalyze, type Estimand, type MetaResult, type SiteInput, type TermResult,
} from '../../meta/index.js';
import {
  formatNumber, formatPercent, renderReport, type ForestData, type ReportData,
} from '../../report/index.js';
import { inferSchema, isParquet, parseCsv, parseParquet, typedColumns } from '../../table/index.js';
import type { Schema, Table, TypedColumn } from '../../table/index.js';
import { LniError } from '../../util/errors.js';
import {
  checkOutputPath, privacySummaryPath, readInputFile, readJsonFile, writeFileAtomic,
} from '../files.js';
import { readSchemaFile, splitList } from '../input.js';
import { parseInteger, resolveSeed } from '../options.js';
import type { Progress } from '../progress.js';
import { evaluationSchema, lenient } from './evaluate.js';
import { addTrainingOptions, type TrainingFlags } from './fit.js';
import { addPrivacyOptions, type PrivacyFlags } from './privacy-options.js';
import { addCommonOptions, type CommonOptions, type Io } from './shared.js';
import { parseWeight } from './synthesize.js';

type MetaFlags = CommonOptions & TrainingFlags & PrivacyFlags & {
  outcome?: string;
  covariates?: string;
  family?: string;
  mean?: string;
  event?: string;
  report?: string;
  real?: boolean;
  outDir?: string;
  jobs?: string;
  schema?: string;
  delimiter?: string;
};

/** Options of `meta` that are not handed on to each site's `lni run` under --real. */
const NOT_FORWARDED = new Set(['--seed', '--json', '--quiet', '--debug', '--report',
  '--outcome', '--covariates', '--schema', '--output']);

export function registerMeta(program: Command, io: Io): void {
  const command = program.command('meta')
    .description('pool a model (or a mean) across sites from their synthetic tables: ' +
      'per-site estimates, fixed and random effects, heterogeneity')
    .argument('<tables...>', 'one synthetic table per site (CSV or Parquet), each with its ' +
      '*.privacy.json beside it; with --real, the real tables instead')
    .option('--outcome <column>', 'regress this column on --covariates at every site (default: none)')
    .option('--covariates <a,b,c>', 'comma-separated covariates of the regression ' +
      '(default: none)')
    .option('--family <linear|logistic>', 'regression family (default: logistic for a ' +
      'two-level or 0/1 outcome, else linear)')
    .option('--event <level>', 'logistic: the outcome level counted as the event ' +
      '(default: the higher of the two levels, 1 for 0/1)')
    .option('--mean <column>', 'pool the mean of this column instead of a regression ' +
      '(default: none)')
    .option('--report <meta.html>', 'also write an HTML report with a forest plot per term ' +
      '(default: none)')
    .option('--real', 'the files are real site tables: run `lni run` for each site here ' +
      '(each fitted on its own rows, in parallel child processes) and compare the pooled ' +
      'synthetic analysis with the same analysis on the real tables (default: off)')
    .option('--out-dir <folder>', 'with --real: where each site\'s synthetic table and ' +
      'privacy summary go (default: beside each real table, as <name>.synthetic.csv)')
    .option('--jobs <n>', 'with --real: sites fitted at once (default: the number of cores)')
    .option('--schema <schema.json>', 'column types and missing codes (see lni schema); the ' +
      'columns it lists override what is inferred from each site\'s file, a site may lack some ' +
      '(default: inferred)')
    .option('--delimiter <char>', 'field delimiter (default: detected among , ; tab |)');
  addPrivacyOptions(command);
  addTrainingOptions(command);
  addCommonOptions(command);
  command.addHelpText('after', '\nEach site\'s w (and any corrected variances) is read from ' +
    'the *.privacy.json beside its synthetic table;\na site without one is refused unless --w ' +
    'gives its w. The privacy and training options are used by --real only\n(handed on to ' +
    'each site\'s lni run), except --w.');
  command.action(async (files: string[], flags: MetaFlags) => {
    const progress = io.progress(flags);
    const estimand = parseEstimand(flags);
    const declared = flags.schema === undefined ? undefined : readSchemaFile(flags.schema).schema;
    const names = siteNames(files);
    if (flags.report !== undefined) checkOutputPath(flags.report, files);

    let syntheticFiles = files;
    let seed: number | null = null;
    let realSites: SiteTables | undefined;
    if (flags.real === true) {
      seed = resolveSeed(flags.seed);
      syntheticFiles = files.map((file) => syntheticPathFor(file, flags.outDir));
      for (const out of syntheticFiles) {
        checkOutputPath(out, files);
        checkOutputPath(privacySummaryPath(out), files);
      }
      realSites = await readSites(files, names, declared, flags, null);
      await runSitesLocally(command, files, syntheticFiles, names, declared, flags, seed,
        progress);
    } else if (flags.outDir !== undefined || flags.jobs !== undefined) {
      progress.note('--out-dir and --jobs are used with --real only');
    }
    const fallbackW = flags.w === undefined ? undefined : parseWeight(flags.w);
    const synthetic = await readSites(syntheticFiles, names, declared, flags,
      { fallbackW });
    const modelColumns = new Set(estimand.kind === 'mean' ? [estimand.column]
      : [estimand.outcome, ...estimand.covariates]);
    const codingNotes = (notes: string[]) => notes.filter((note) =>
      [...modelColumns].some((name) => note.includes(`column "${name}"`)));
    const model = resolveFamily(estimand, synthetic.sites, flags);
    const options = { event: model.event };
    const result = metaAnalyze(synthetic.sites, model.estimand, options);
    const real = realSites === undefined ? undefined
      : metaAnalyze(realSites.sites, model.estimand, options);
    const notes = [...model.notes, ...codingNotes(synthetic.notes), ...result.excluded,
      ...result.terms.flatMap((t) => t.excluded)];
    const realNotes = realSites === undefined || real === undefined ? []
      : [...codingNotes(realSites.notes), ...real.excluded, ...real.terms.flatMap((t) => t.excluded)];

    if (flags.report !== undefined) {
      const html = await renderReport(reportData(result, real, model.describe, names));
      writeFileAtomic(flags.report, html, files);
      progress.note(`report written to ${flags.report}`);
    }
    const sites = names.map((site, k) => ({
      site, file: basename(syntheticFiles[k]), w: synthetic.weights[k].w,
      wSource: synthetic.weights[k].source, rows: synthetic.rows[k],
    }));
    io.result(flags, {
      estimand: model.estimand, family: model.family, scale: result.scale, level: result.level,
      sites, terms: result.terms.map(termJson), notes: unique(notes),
      ...(real === undefined ? {} : {
        real: { terms: real.terms.map(termJson), notes: unique(realNotes) },
      }),
      seed, report: flags.report ?? null,
    }, renderMeta(result, real, model.describe, sites, unique(notes), unique(realNotes),
      flags.report).join('\n'));
  });
}

/** The estimand from --mean or --outcome/--covariates; family is settled once sites are read. */
function parseEstimand(flags: MetaFlags): Estimand {
  if (flags.mean !== undefined) {
    if (flags.outcome !== undefined || flags.covariates !== undefined) {
      throw new LniError('invalid-option', 'give either --mean or --outcome, not both');
    }
    return { kind: 'mean', column: flags.mean };
  }
  if (flags.outcome === undefined) {
    throw new LniError('invalid-option', 'nothing to pool: give --outcome (with --covariates) ' +
      'or --mean', { hint: 'e.g. lni meta a.synthetic.csv b.synthetic.csv --outcome y ' +
      '--covariates age,sex' });
  }
  const covariates = flags.covariates === undefined ? [] : splitList(flags.covariates);
  if (covariates.includes(flags.outcome)) {
    throw new LniError('invalid-option', 'the outcome is also listed as a covariate',
      { column: flags.outcome });
  }
  if (flags.family !== undefined && flags.family !== 'linear' && flags.family !== 'logistic') {
    throw new LniError('invalid-option', `--family must be linear or logistic, got ` +
      `"${flags.family}"`);
  }
  return { kind: flags.family === 'linear' ? 'linear' : 'logistic', outcome: flags.outcome,
    covariates };
}

/** Site names: the file names, which must differ. */
function siteNames(files: string[]): string[] {
  const names = files.map((file) => basename(file));
  const twice = names.find((name, k) => names.indexOf(name) !== k);
  if (twice !== undefined) {
    throw new LniError('invalid-option', `two sites have the same file name "${twice}"; ` +
      'sites are named by their file names', { hint: 'rename one of the files' });
  }
  return names;
}

function syntheticPathFor(file: string, outDir: string | undefined): string {
  const name = basename(file);
  const dot = name.lastIndexOf('.');
  const stem = dot > 0 ? name.slice(0, dot) : name;
  return join(outDir ?? dirname(file), `${stem}.synthetic.csv`);
}

interface SiteWeight { w: number | null; source: 'privacy-summary' | 'option' | null }

interface SiteTables {
  sites: SiteInput[];
  weights: SiteWeight[];
  rows: number[];
  notes: string[];
}

/**
 * Reads every site's table and types it: the schema inferred from that file,
 * with the columns --schema declares put in its place; numbers written
 * differently ("1.0", "1") read as the same level. With `synthetic`, w comes
 * from the privacy summary beside the file (or --w), and the summary's
 * corrected variances, if it has any, are used.
 */
async function readSites(
  files: string[], names: string[], declared: Schema | undefined, flags: MetaFlags,
  synthetic: { fallbackW?: number } | null,
): Promise<SiteTables> {
  const result: SiteTables = { sites: [], weights: [], rows: [], notes: [] };
  for (const [k, file] of files.entries()) {
    const { table, delimiter } = await readTable(file, flags);
    const schema = siteSchema(table, declared, file, delimiter);
    const typed = typedColumns(table, lenient(evaluationSchema(schema, table)), file);
    const site: SiteInput = { site: names[k], columns: canonicalLevels(typed, names[k],
      result.notes) };
    let weight: SiteWeight = { w: null, source: null };
    if (synthetic !== null) {
      const read = siteWeight(file, names[k], synthetic.fallbackW);
      weight = read.weight;
      site.w = weight.w ?? undefined;
      if (read.corrected !== undefined) site.correctedVariances = read.corrected;
    }
    result.sites.push(site);
    result.weights.push(weight);
    result.rows.push(table.rowCount);
  }
  return result;
}

/** A site's table, with its CSV delimiter (absent for Parquet). */
async function readTable(
  path: string, flags: MetaFlags,
): Promise<{ table: Table; delimiter?: string }> {
  const bytes = readInputFile(path);
  if (isParquet(bytes) || path.toLowerCase().endsWith('.parquet')) {
    return { table: (await parseParquet(bytes, { file: path })).table };
  }
  const parsed = parseCsv(bytes, { file: path, header: true, delimiter: flags.delimiter });
  return { table: parsed.table, delimiter: parsed.dialect.delimiter };
}

/** The inferred schema of one site's table, with the declared columns in their place. */
function siteSchema(
  table: Table, declared: Schema | undefined, file: string, delimiter?: string,
): Schema {
  const inferred = inferSchema(table, { file, delimiter });
  if (declared === undefined) return inferred;
  const byName = new Map(declared.columns.map((column) => [column.name, column]));
  return { ...inferred, columns: inferred.columns.map((column) => byName.get(column.name)
    ?? column) };
}

const NUMBER = /^\s*[-+]?(\d+\.?\d*|\.\d+)(e[-+]?\d+)?\s*$/i;

/**
 * Labels that are numbers are written one way ("1.0" → "1"), so sites that
 * code a level differently pool together; levels are sorted (numerically
 * when all are numbers), so the reference is the lowest (0 for 0/1).
 */
function canonicalLevels(columns: TypedColumn[], site: string, notes: string[]): TypedColumn[] {
  return columns.map((column) => {
    if (column.kind !== 'categorical') return column;
    const numeric = column.levels.length > 0 && column.levels.every((l) => NUMBER.test(l));
    if (!numeric) {
      return { ...column, levels: [...column.levels].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0)) };
    }
    const canonical = (label: string) => String(Number(label));
    const changed = column.levels.filter((level) => canonical(level) !== level);
    if (changed.length > 0) {
      notes.push(`Site ${site} writes the levels of column "${column.name}" as ` +
        `${changed.slice(0, 4).join(', ')}; they are read as the numbers ` +
        `${changed.slice(0, 4).map(canonical).join(', ')}, as other sites may write them.`);
    }
    const levels = [...new Set(column.levels.map(canonical))]
      .sort((a, b) => Number(a) - Number(b));
    return { ...column, values: column.values.map((v) => (v === null ? null : canonical(v))),
      levels };
  });
}

/** w (and corrected variances) from the privacy summary beside a synthetic table. */
function siteWeight(
  file: string, site: string, fallback: number | undefined,
): { weight: SiteWeight; corrected?: Record<string, number> } {
  const path = privacySummaryPath(file);
  if (!existsSync(path)) {
    if (fallback === undefined) {
      throw new LniError('privacy-summary-missing', `site ${site} has no privacy summary ` +
        `(${basename(path)}) beside its synthetic table, so its w is unknown and its ` +
        'variances cannot be corrected for the injected noise', { file,
        hint: 'copy the site\'s *.privacy.json beside the table, or give --w' });
    }
    return { weight: { w: fallback, source: 'option' } };
  }
  const json = readJsonFile(path) as Record<string, unknown> | null;
  if (json?.passThrough === true) {
    if (fallback !== undefined) return { weight: { w: fallback, source: 'option' } };
    throw new LniError('privacy-summary-pass-through', `site ${site}'s table passed through ` +
      'with nothing modelled, so its privacy summary has no w', { file: path,
      hint: 'leave the site out, or give --w' });
  }
  const w = json?.w;
  if (typeof w !== 'number' || !(w >= 0 && w <= 1)) {
    throw new LniError('privacy-summary-invalid', 'has no w in [0, 1]', {
      file: path, hint: 'give --w and move the file away' });
  }
  const given = json?.correctedVariances;
  let corrected: Record<string, number> | undefined;
  if (typeof given === 'object' && given !== null) {
    corrected = Object.fromEntries(Object.entries(given as Record<string, unknown>)
      .filter((entry): entry is [string, number] => typeof entry[1] === 'number'));
  }
  return { weight: { w, source: 'privacy-summary' }, corrected };
}

interface ResolvedModel {
  estimand: Estimand;
  family: 'linear' | 'logistic' | null;
  event?: string;
  /** e.g. "logistic regression of exang (event 1) on age, sex". */
  describe: string;
  notes: string[];
}

/**
 * The family (given, or logistic for an outcome with two levels or 0/1
 * values) and the event level, decided once over all sites so every site
 * codes the outcome alike. A numeric-looking categorical outcome of a linear
 * model, or column of a mean, is read as numbers.
 */
function resolveFamily(estimand: Estimand, sites: SiteInput[], flags: MetaFlags): ResolvedModel {
  if (estimand.kind === 'mean') {
    for (const site of sites) asNumbers(site, estimand.column);
    return { estimand, family: null, describe: `mean of ${estimand.column}`, notes: [] };
  }
  const columns = sites.map((site) => site.columns.find((c) => c.name === estimand.outcome))
    .filter((c): c is TypedColumn => c !== undefined);
  if (columns.length === 0) {
    throw new LniError('unknown-column', 'the outcome is not a column of any site table',
      { column: estimand.outcome, hint: 'check the spelling against the headers' });
  }
  const levels = new Set<string>();
  let numericBinary = true;
  for (const column of columns) {
    if (column.kind === 'categorical') {
      for (const v of column.values) if (v !== null) levels.add(v);
    } else {
      for (const v of column.values) {
        if (!Number.isNaN(v) && v !== 0 && v !== 1) numericBinary = false;
        if (!Number.isNaN(v)) levels.add(String(v));
      }
    }
  }
  const sorted = [...levels].sort((a, b) => (NUMBER.test(a) && NUMBER.test(b)
    ? Number(a) - Number(b) : a < b ? -1 : a > b ? 1 : 0));
  const family = flags.family === 'linear' || flags.family === 'logistic' ? flags.family
    : sorted.length === 2 || (numericBinary && sorted.length <= 2) ? 'logistic' : 'linear';
  const notes: string[] = [];
  if (flags.family === undefined) {
    notes.push(`The outcome "${estimand.outcome}" has ${sorted.length} distinct values over ` +
      `the sites, so the model is ${family === 'logistic' ? 'a logistic' : 'a linear'} ` +
      'regression (--family to choose).');
  }
  const covariates = estimand.covariates;
  const on = covariates.length === 0 ? ' (intercept only)' : ` on ${covariates.join(', ')}`;
  if (family === 'linear') {
    for (const site of sites) asNumbers(site, estimand.outcome);
    return { estimand: { ...estimand, kind: 'linear' }, family,
      describe: `linear regression of ${estimand.outcome}${on}`, notes };
  }
  const event = flags.event ?? (sorted.length === 2 ? sorted[1] : sorted.length === 1
    && numericBinary ? '1' : undefined);
  if (event === undefined) {
    throw new LniError('outcome-not-usable', `the logistic outcome "${estimand.outcome}" has ` +
      `${sorted.length} levels over the sites; name the event level`,
    { column: estimand.outcome, hint: 'give --event <level>, or --family linear' });
  }
  if (flags.event !== undefined && !levels.has(event)) {
    throw new LniError('invalid-option', `--event "${event}" is not a level of the outcome`,
      { column: estimand.outcome });
  }
  // Every site's outcome as 0/1 numbers, so sites that lack one level still agree.
  for (const site of sites) {
    site.columns = site.columns.map((column) => {
      if (column.name !== estimand.outcome) return column;
      const values = column.kind === 'categorical'
        ? Float64Array.from(column.values, (v) => (v === null ? NaN : v === event ? 1 : 0))
        : Float64Array.from(column.values, (v) => (Number.isNaN(v) ? NaN
          : String(v) === event ? 1 : 0));
      return { kind: 'numeric', name: column.name, type: 'binary', values };
    });
  }
  return { estimand: { ...estimand, kind: 'logistic' }, family, event,
    describe: `logistic regression of ${estimand.outcome} (event: ${estimand.outcome} = ` +
      `${event})${on}`, notes };
}

/** A categorical column whose labels are all numbers, read as numbers (in place). */
function asNumbers(site: SiteInput, name: string): void {
  site.columns = site.columns.map((column) => {
    if (column.name !== name || column.kind !== 'categorical'
      || !column.levels.every((level) => NUMBER.test(level))) return column;
    return { kind: 'numeric', name, type: 'continuous',
      values: Float64Array.from(column.values, (v) => (v === null ? NaN : Number(v))) };
  });
}

/**
 * `lni run` for every site, each in its own child process (so the sites
 * are fitted independently and in parallel), with a seed per site derived
 * from --seed and the run options given to meta.
 */
async function runSitesLocally(
  command: Command, files: string[], outputs: string[], names: string[],
  declared: Schema | undefined, flags: MetaFlags, seed: number, progress: Progress,
): Promise<void> {
  const forwarded = forwardedRunOptions(command, flags);
  const jobs = flags.jobs === undefined ? availableParallelism()
    : parseInteger('jobs', flags.jobs, 1);
  const folder = declared === undefined ? undefined : mkdtempSync(join(tmpdir(), 'lni-meta-'));
  try {
    let next = 0;
    const worker = async () => {
      while (next < files.length) {
        const k = next++;
        const args = ['run', files[k], '-o', outputs[k], '--seed', String(seed + k), '--json',
          '-q', ...forwarded];
        if (folder !== undefined && declared !== undefined) {
          const { table, delimiter } = await readTable(files[k], flags);
          const schemaPath = join(folder, `site-${k}.schema.json`);
          writeFileSync(schemaPath,
            JSON.stringify(siteSchema(table, declared, files[k], delimiter)));
          args.push('--schema', schemaPath);
        }
        progress.note(`site ${names[k]}: lni run (seed ${seed + k}) → ${outputs[k]}`);
        const started = Date.now();
        await runChild(args, names[k], files[k]);
        progress.note(`site ${names[k]}: released in ${((Date.now() - started) / 1000)
          .toFixed(0)} s`);
      }
    };
    await Promise.all(Array.from({ length: Math.min(jobs, files.length) }, worker));
  } finally {
    if (folder !== undefined) rmSync(folder, { recursive: true, force: true });
  }
}

/** Meta's options that `lni run` also has, written back as arguments. */
function forwardedRunOptions(command: Command, flags: MetaFlags): string[] {
  const run = command.parent?.commands.find((c) => c.name() === 'run');
  const known = new Set((run?.options ?? []).map((option: Option) => option.long));
  const values = flags as Record<string, unknown>;
  const args: string[] = [];
  for (const option of command.options) {
    const long = option.long;
    if (long === undefined || !known.has(long) || NOT_FORWARDED.has(long)) continue;
    const value = values[option.attributeName()];
    if (value === undefined) continue;
    if (option.negate) {
      if (value === false) args.push(long);
    } else if (typeof value === 'boolean') {
      if (value) args.push(long);
    } else {
      args.push(long, String(value));
    }
  }
  return args;
}

/** Runs this same lni program (same entry, same Node options) as a child. */
function runChild(args: string[], site: string, file: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [...process.execArgv, process.argv[1], ...args],
      { stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    child.stdout.resume();
    child.stderr.on('data', (chunk: Buffer) => { stderr += chunk.toString(); });
    child.on('error', (error) => reject(new LniError('site-run-failed',
      `could not start lni run for site ${site}: ${error.message}`, { file })));
    child.on('close', (code) => {
      if (code === 0) { resolve(); return; }
      const last = stderr.trim().split('\n').filter((line) => line.trim() !== '').pop() ?? '';
      reject(new LniError('site-run-failed', `lni run failed at site ${site} (exit ` +
        `${code}): ${last.replace(/^lni: error: /, '')}`, { file }));
    });
  });
}

function unique(items: string[]): string[] {
  return [...new Set(items)];
}

/** One term as --json prints it: per-site values, fixed, random, notes. */
function termJson(term: TermResult) {
  const random = term.random;
  return {
    term: term.term,
    sites: term.sites.map(({ site, estimate, variance }) => ({ site, estimate, variance })),
    fixed: term.fixed === null ? null : {
      estimate: term.fixed.estimate, variance: term.fixed.variance,
      ciLow: term.fixed.ciLow, ciHigh: term.fixed.ciHigh,
    },
    random: random === null ? null : {
      estimate: random.estimate, variance: random.variance, ciLow: random.ciLow,
      ciHigh: random.ciHigh, tau2: random.tau2, Q: random.Q, df: random.df,
      pValue: random.pValue, I2: random.I2,
    },
    excluded: term.excluded,
  };
}

/** The forest plots: one per term, synthetic (and real) sites then pooled rows. */
function reportData(
  result: MetaResult, real: MetaResult | undefined, describe: string, names: string[],
): ReportData {
  const rows = forestPlotData(result, real);
  const scale = result.scale === 'log-odds' ? 'log odds ratio'
    : result.scale === 'mean' ? 'mean' : 'coefficient';
  const forests: ForestData[] = result.terms.map((term) => {
    const matching = real?.terms.find((t) => t.term === term.term);
    const heterogeneity = [{ source: 'synthetic' as const, term }, ...(matching === undefined
      ? [] : [{ source: 'real' as const, term: matching }])].map(({ source, term: t }) => ({
      source, Q: t.random?.Q ?? null, I2: t.random?.I2 ?? null, tau2: t.random?.tau2 ?? null,
    }));
    return {
      estimand: `${term.term} (${scale})`,
      rows: rows.filter((row) => row.term === term.term)
        .map(({ label, kind, source, estimate, ciLow, ciHigh, weight }) =>
          ({ label, kind, source, estimate, ciLow, ciHigh, weight })),
      heterogeneity,
      ...(result.scale === 'mean' ? {} : { nullValue: 0 }),
    };
  });
  return {
    title: `Meta-analysis of ${names.length} site${names.length === 1 ? '' : 's'}`,
    subtitle: `${describe}; sites: ${names.join(', ')}` +
      (real === undefined ? '' : '; synthetic and real tables side by side'),
    forests,
  };
}

const text = (x: number | null | undefined): string => formatNumber(x ?? null);

/** Rows of cells as aligned text columns, two spaces apart. */
function aligned(rows: string[][]): string[] {
  const widths = rows[0].map((_, j) => Math.max(...rows.map((row) => row[j].length)));
  return rows.map((row) => row.map((cell, j) => cell.padEnd(widths[j])).join('  ').trimEnd());
}

interface SiteLine { site: string; file: string; w: number | null; wSource: string | null;
  rows: number }

/** The human summary: one compact table per term, then the notes. */
function renderMeta(
  result: MetaResult, real: MetaResult | undefined, describe: string, sites: SiteLine[],
  notes: string[], realNotes: string[], report: string | undefined,
): string[] {
  const logistic = result.scale === 'log-odds';
  const level = `${Math.round(result.level * 100)}%`;
  const lines = [`Meta-analysis of ${sites.length} site${sites.length === 1 ? '' : 's'}: ` +
    `${describe}.`,
  `Sites: ${sites.map((s) => `${s.site} (${s.rows} rows, w = ${text(s.w)})`).join(', ')}.`,
  `Estimates ${logistic ? 'are log odds ratios (odds ratio in brackets)' : 'on the ' +
    `${result.scale} scale`} with ${level} intervals; synthetic variances are corrected for ` +
    `each site's w (× (2 − ${result.scale === 'mean' ? 'w' : 'w²'}), or the site's own ` +
    'corrected variance).', ''];
  const value = (estimate: number, low: number, high: number) => logistic
    ? `${text(estimate)} (OR ${text(Math.exp(estimate))})  [${text(low)}, ${text(high)}]`
    : `${text(estimate)}  [${text(low)}, ${text(high)}]`;
  const z = 1.959963984540054;
  for (const term of result.terms) {
    const match = real?.terms.find((t) => t.term === term.term);
    const header = ['  ' + term.term, 'synthetic', ...(real === undefined ? [] : ['real'])];
    const table = [header];
    const siteCell = (t: TermResult | undefined, site: string) => {
      const s = t?.sites.find((x) => x.site === site);
      if (s === undefined) return '—';
      const half = z * Math.sqrt(s.variance);
      return value(s.estimate, s.estimate - half, s.estimate + half);
    };
    for (const { site } of sites) {
      table.push([`    ${site}`, siteCell(term, site),
        ...(real === undefined ? [] : [siteCell(match, site)])]);
    }
    const pooled = (t: TermResult | undefined, kind: 'fixed' | 'random') => {
      const p = t?.[kind];
      return p === null || p === undefined ? '—' : value(p.estimate, p.ciLow, p.ciHigh);
    };
    table.push(['    fixed effect', pooled(term, 'fixed'),
      ...(real === undefined ? [] : [pooled(match, 'fixed')])]);
    table.push(['    random effects', pooled(term, 'random'),
      ...(real === undefined ? [] : [pooled(match, 'random')])]);
    const hetero = (t: TermResult | undefined) => {
      const r = t?.random;
      if (r === null || r === undefined || r.Q === null) return 'one site: none';
      return `Q = ${text(r.Q)} (df ${r.df}), I² = ${r.I2 === null ? 'n/a' : formatPercent(r.I2)}` +
        `, τ² = ${text(r.tau2)}`;
    };
    table.push(['    heterogeneity', hetero(term), ...(real === undefined ? [] : [hetero(match)])]);
    lines.push(...aligned(table), '');
  }
  if (notes.length > 0) lines.push('Notes:', ...notes.map((note) => `  - ${note}`));
  if (realNotes.length > 0) {
    lines.push('Notes on the real tables:', ...realNotes.map((note) => `  - ${note}`));
  }
  if (report !== undefined) lines.push(`report: ${report}`);
  return lines;
}
