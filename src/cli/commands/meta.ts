import { basename, dirname, join, resolve } from 'node:path';
import type { Command } from 'commander';
import {
  checkOutcomeCodings, checkSitesAgree, metaAnalyze, onCommonSites, resolveFamily, termJson,
  type Estimand,
} from '../../meta/index.js';
import { assembleMetaReport, REAL_ESTIMATES_NOTE, renderReport } from '../../report/index.js';
import { LniError } from '../../util/errors.js';
import { checkOutputPath, privacySummaryPath, writeFileAtomic } from '../files.js';
import { readSchemaFile, splitList } from '../input.js';
import { runSitesLocally } from '../meta-local-sites.js';
import { readSites, type SiteTables } from '../meta-site-tables.js';
import { renderMeta } from '../meta-text.js';
import { resolveSeed } from '../options.js';
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
    .option('--event <levels>', 'logistic: the outcome level counted as the event, or ' +
      'several, comma-separated (1,2,3,4: any grade of disease) (default: the higher of the ' +
      'two levels, 1 for 0/1)')
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
    'each site\'s lni run), except --w.\nEvery site must have the outcome and every ' +
    'covariate, coded alike (a site using levels no\nother site uses is refused, as is ' +
    'an outcome with two values at every site but not\nthe same two, 0/1 here and 1/2 there, ' +
    'and a table given twice under two names);\na site whose column is all missing or ' +
    'constant is left out of that term, and its other\nestimates are marked "not adjusted ' +
    'for" that column.\nWith --real and without --w, ' +
    '--target-auc or --target-epsilon, each site\'s w is calibrated\nto --target-auc 0.55, ' +
    'as lni run does.');
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
      const targets = syntheticFiles.map((out) => resolve(out));
      const clash = targets.findIndex((target, k) => targets.indexOf(target) !== k);
      if (clash >= 0) {
        throw new LniError('invalid-option', `two sites would write the same synthetic ` +
          `table ${syntheticFiles[clash]}`, { hint: 'rename one of the files' });
      }
      for (const out of syntheticFiles) {
        checkOutputPath(out, files);
        checkOutputPath(privacySummaryPath(out), files);
      }
      realSites = await readSites(files, names, declared, flags, null);
      // Before any site is fitted: a mismatch found after the runs wastes them.
      checkSitesAgree(realSites.sites, estimand, realSites.files);
      checkOutcomeCodings(estimand, realSites.sites, flags);
      await runSitesLocally(command, files, syntheticFiles, names, declared, flags, seed,
        progress);
    } else if (flags.outDir !== undefined || flags.jobs !== undefined) {
      progress.note('--out-dir and --jobs are used with --real only');
    }
    const fallbackW = flags.w === undefined ? undefined : parseWeight(flags.w);
    const synthetic = await readSites(syntheticFiles, names, declared, flags,
      { fallbackW });
    checkSitesAgree(synthetic.sites, estimand, synthetic.files);
    const modelColumns = new Set(estimand.kind === 'mean' ? [estimand.column]
      : [estimand.outcome, ...estimand.covariates]);
    const codingNotes = (notes: string[]) => notes.filter((note) =>
      [...modelColumns].some((name) => note.includes(`column "${name}"`)));
    const model = resolveFamily(estimand, synthetic.sites, flags);
    if (realSites !== undefined) model.code(realSites.sites);
    const syntheticResult = metaAnalyze(synthetic.sites, model.estimand);
    const realResult = realSites === undefined ? undefined
      : metaAnalyze(realSites.sites, model.estimand);
    const matched = realResult === undefined ? undefined
      : onCommonSites(syntheticResult, realResult);
    const result = matched?.synthetic ?? syntheticResult;
    const real = matched?.real;
    const notes = [...model.notes, ...synthetic.excluded, ...codingNotes(synthetic.notes),
      ...result.excluded, ...result.terms.flatMap((t) => t.excluded), ...(matched?.notes ?? [])];
    const realNotes = realSites === undefined || real === undefined ? []
      : [...realSites.excluded, ...codingNotes(realSites.notes), ...real.excluded,
        ...real.terms.flatMap((t) => t.excluded)];

    if (flags.report !== undefined) {
      const html = await renderReport(assembleMetaReport(result, real, model.describe, names,
        { synthetic: unique(notes), real: unique(realNotes),
          weights: names.map((site, k) => ({ site, w: synthetic.weights[k].w })) }));
      writeFileAtomic(flags.report, html, files);
      progress.status(`report written to ${flags.report}`);
    }
    const sites = names.map((site, k) => ({
      site, file: basename(syntheticFiles[k]), w: synthetic.weights[k].w,
      wSource: synthetic.weights[k].source, rows: synthetic.rows[k],
    }));
    io.result(flags, {
      estimand: model.estimand, family: model.family, scale: result.scale, level: result.level,
      sites, terms: result.terms.map(termJson), notes: unique(notes),
      ...(real === undefined ? {} : {
        real: { caveat: REAL_ESTIMATES_NOTE, terms: real.terms.map(termJson),
          notes: unique(realNotes) },
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
  // A column twice makes every site's design collinear: refused here, once,
  // rather than every site left out for a singular fit.
  const twice = covariates.find((name, k) => covariates.indexOf(name) !== k);
  if (twice !== undefined) {
    throw new LniError('invalid-option', 'the covariate is listed twice in --covariates',
      { column: twice, hint: 'list each covariate once' });
  }
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

function unique(items: string[]): string[] {
  return [...new Set(items)];
}
