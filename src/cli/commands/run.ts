import { existsSync } from 'node:fs';
import { basename } from 'node:path';
import type { Command } from 'commander';
import {
  checkRegressionColumns, evaluate, evaluationSchema, lenient, withSortedLevels,
} from '../../evaluate/index.js';
import { auditAndRelease, selectTableRows, type Release } from '../../model/index.js';
import {
  DEFAULT_TARGET_AUC, DEFAULT_W_GRID, noPrivacyWarning, passThroughSummary,
  releasedPerFitted, renderPassThroughSummary, renderPrivacySummary, withReleaseNotes,
  type PassThroughColumns,
} from '../../privacy/index.js';
import { assembleReport, columnMarginals, renderReport } from '../../report/index.js';
import { typedColumns } from '../../table/index.js';
import { LniError } from '../../util/errors.js';
import {
  checkDistinctOutputs, checkOutputPath, privacySummaryPath, withInputNames, writeFileAtomic,
  writeFilesTogether, type OutputFile,
} from '../files.js';
import { inputFiles, loadInput, type InputOptions, type LoadedInput } from '../input.js';
import { passThroughTable, tableFile } from '../output.js';
import { parseInRange, parseInteger, resolveSeed } from '../options.js';
import type { Progress } from '../progress.js';
import { checkModelColumns, withFile, type ModelFlags } from './evaluate.js';
import { addTrainingOptions, trainingOptions, type TrainingFlags } from './fit.js';
import {
  addPrivacyOptions, parseClip, parseDelta, parseGrid, parseWeightChoice, type PrivacyFlags,
} from './privacy-options.js';
import { addCommonOptions, addInputOptions, type CommonOptions, type Io } from './shared.js';
import type { ReleaseFlags } from './synthesize.js';

type RunFlags = InputOptions & TrainingFlags & ReleaseFlags & PrivacyFlags & CommonOptions &
  ModelFlags & {
  output: string;
  report?: string;
  reportHoldout?: string;
};

export function registerRun(program: Command, io: Io): void {
  const command = program.command('run')
    .description('fit, audit, choose w and release a synthetic table with its privacy summary')
    .argument('<data>', 'CSV or Parquet file with the real rows')
    .requiredOption('-o, --output <out.csv>', 'where to write the synthetic table ' +
      '(the privacy summary goes beside it as out.privacy.json)')
    .option('--no-shuffle', 'keep the output rows in input order (reveals the pairing)')
    .option('--report <report.html>', 'also write an HTML report: fidelity, coefficients, ' +
      'attacks and the frontier; not written when nothing is released (the reason and the ' +
      'frontier are then on stdout and in the privacy summary) (default: none)')
    .option('--outcome <column>', 'with --report: compare a regression of this column on ' +
      '--covariates, real vs synthetic (default: none)')
    .option('--covariates <a,b,c>', 'with --report: covariates of the regression (default: none)')
    .option('--report-holdout <share>', 'with --report and --outcome: share of rows held out ' +
      'before fitting, never released, to test models trained on synthetic rows (default 0.2)');
  addPrivacyOptions(command);
  addInputOptions(command);
  addTrainingOptions(command);
  addCommonOptions(command);
  command.addHelpText('after', '\nWithout --w, --target-auc or --target-epsilon, w is ' +
    'calibrated to --target-auc 0.55.');
  command.action(async (data: string, flags: RunFlags) => {
    const progress = io.progress(flags);
    const inputs = inputFiles(data, flags);
    const summaryPath = privacySummaryPath(flags.output);
    checkOutputPath(flags.output, inputs);
    checkOutputPath(summaryPath, inputs);
    if (flags.report !== undefined) {
      checkOutputPath(flags.report, inputs);
      checkDistinctOutputs([flags.output, summaryPath, flags.report]);
    }
    // A bad --w is said before the file is read, not after its warnings.
    parseWeightChoice(flags);
    const input = await loadInput(data, { ...flags, fitting: true });
    for (const note of input.notes) progress.note(note);
    const passed = passThroughTable(input, data);
    if (passed !== null) {
      progress.note('no column is left to model (all constant, empty or ID-like): the table ' +
        'passes through, constants as they are and fresh IDs');
      // Nothing was modelled, so no caveat about modelling applies: notes only.
      const summary = withInputNames(withReleaseNotes(
        passThroughSummary(passed.rowCount, passThroughColumns(input)),
        input.notes.map((note) => note.replace(/^warning: /i, ''))), inputs);
      // Written even so: a summary left from an earlier run at this path
      // would describe another release.
      writeFilesTogether([
        { path: flags.output, content: tableFile(flags.output, passed, input) },
        { path: summaryPath, content: JSON.stringify(summary, null, 2) + '\n' },
      ], inputs);
      io.result(flags, { output: flags.output, privacySummary: summaryPath,
        rows: passed.rowCount, ...summary },
      [`${passed.rowCount} rows written to ${flags.output} (passed through)`,
        ...renderPassThroughSummary(summary), `privacy summary: ${summaryPath}`].join('\n'));
      return;
    }
    const testHoldout = reportHoldout(input, flags, data, progress);
    const ran = await runRelease(data, input, flags, progress, testHoldout);
    // The privacy summary travels with the table: it keeps the warnings and
    // decisions of this release, which --quiet keeps off stderr.
    const release = { ...ran,
      summary: withInputNames(withReleaseNotes(ran.summary, [...input.notes, ...ran.notes]),
        inputs) };
    const summaryFile = JSON.stringify(release.summary, null, 2) + '\n';
    if (release.table === null) {
      // A table already at the output is an earlier release, and the summary
      // beside it is its ε record: a release of nothing must not replace it.
      const earlier = existsSync(flags.output);
      if (earlier) {
        progress.note(`an earlier release is at ${flags.output}: its privacy summary is left ` +
          'as it was; this run\'s summary is on stdout only');
      } else {
        writeFileAtomic(summaryPath, summaryFile, inputs);
      }
      const refusal = new LniError('no-w-qualifies',
        'no w meets the target, so nothing was released', {
          file: data, hint: `see the frontier in ${earlier ? 'the summary above' : summaryPath}` +
            '; relax the target, or give --force to release at w = 0',
        });
      // stdout holds one JSON value: the failure's error object goes into
      // the summary, which keeps the frontier a script needs to relax the target.
      io.result(flags, { error: refusal.asJson(), output: null,
        privacySummary: earlier ? null : summaryPath, rows: 0, report: null,
        testRows: release.testRows.length, seed: release.seed, ...release.summary },
      ['Nothing was released: no w meets the target.',
        ...renderPrivacySummary(release.summary)].join('\n'));
      throw refusal;
    }
    // The table, its summary and the report are all made before any is
    // written, and then written together: a report that fails leaves
    // neither a table without its report nor a summary of a failed run.
    const outputs: OutputFile[] = [
      { path: flags.output, content: tableFile(flags.output, release.table, input) },
      { path: summaryPath, content: summaryFile },
    ];
    if (flags.report !== undefined) {
      progress.status('evaluating the release for the report');
      outputs.push({ path: flags.report,
        content: await releaseReport(data, input, release, flags) });
    }
    writeFilesTogether(outputs, inputs);
    const testNote = release.testRows.length === 0 ? []
      : [`${release.testRows.length} real rows were held out as test rows for the report ` +
        'and are not released.'];
    io.result(flags, {
      output: flags.output, privacySummary: summaryPath, rows: release.table.rowCount,
      report: flags.report ?? null, testRows: release.testRows.length,
      seed: release.seed, ...release.summary,
    }, [`${release.table.rowCount} synthetic rows written to ${flags.output}`,
      ...renderPrivacySummary(release.summary), release.summary.coverage, ...testNote,
      `privacy summary: ${summaryPath}`,
      ...(flags.report === undefined ? [] : [`report: ${flags.report}`])].join('\n'));
  });
}

/**
 * The columns of a pass-through release by how they are written: dropped,
 * ID-like (fresh IDs), empty, and the rest as constants (a column with no
 * dimension to model repeats one value).
 */
function passThroughColumns(input: LoadedInput): PassThroughColumns {
  const columns: PassThroughColumns = { constant: [], empty: [], id: [], dropped: [] };
  const add = (key: keyof PassThroughColumns, name: string) =>
    (columns[key] as string[]).push(name);
  for (const column of input.schema.columns) {
    if (column.drop === true) add('dropped', column.name);
    else if (column.type === 'id') add('id', column.name);
    else if (column.type === 'empty') add('empty', column.name);
    else add('constant', column.name);
  }
  return columns;
}

/**
 * The share of rows to hold out for train-on-synthetic test-on-real: only
 * with --report and --outcome (otherwise nothing would use them). Refuses,
 * before anything is fitted, a regression the report could not fit.
 */
function reportHoldout(
  input: LoadedInput, flags: RunFlags, data: string, progress: Progress,
): number | undefined {
  if (flags.report === undefined) {
    if (flags.outcome !== undefined || flags.covariates !== undefined ||
      flags.reportHoldout !== undefined) {
      progress.note('--outcome, --covariates and --report-holdout are used by --report only');
    }
    return undefined;
  }
  const covariates = checkModelColumns(input.table.names, flags, data);
  if (flags.outcome !== undefined) {
    checkRegressionColumns(input.table, input.schema, flags.outcome, covariates ?? [], data);
  }
  const share = flags.reportHoldout === undefined ? 0.2
    : parseInRange('report-holdout', flags.reportHoldout, 0, 0.5);
  if (flags.outcome === undefined || share === 0) return undefined;
  progress.note(`holding out ${Math.round(share * 100)}% of the rows as test rows for the ` +
    'report: the flow never sees them and they are not released');
  return share;
}

/** Evaluates the release against the real rows it came from: the report's HTML. */
async function releaseReport(
  data: string, input: LoadedInput, release: Release, flags: RunFlags,
): Promise<string> {
  const schema = evaluationSchema(input.schema, input.table);
  const typed = (rows: Int32Array) =>
    typedColumns(selectTableRows(input.table, rows), schema, data);
  const real = withSortedLevels(typed(release.releasedRows), schema);
  const synthetic = typedColumns(release.table!, lenient(schema), flags.output);
  const holdout = release.testRows.length > 0 ? typed(release.testRows) : undefined;
  const evaluation = withFile(() => evaluate(real, synthetic, {
    outcome: flags.outcome,
    covariates: checkModelColumns(input.table.names, flags, data),
    holdout, w: release.summary.w ?? undefined,
    releasedPerFitted: releasedPerFitted(release.summary),
  }), data);
  const choice = release.calibration?.choice;
  return renderReport(assembleReport({
    dataset: basename(data), evaluation, privacy: release.summary,
    marginals: columnMarginals(real, synthetic), audit: release.audit,
    rows: {
      real: release.releasedRows.length, synthetic: release.table!.rowCount,
      input: input.table.rowCount, testRows: release.testRows.length,
      fittedOnly: release.summary.splitMode ? release.summary.fitRows : 0,
    },
    wChoice: release.summary.wChosenBy === 'user' ? 'w was given by the user (--w).'
      : choice?.kind === 'chosen' ? choice.description
        : choice?.kind === 'none-qualifies'
          ? 'No w met the target: released at w = 0 because --force was given.' : undefined,
    aucTarget: release.summary.wChosenBy === 'auc' && flags.targetAuc === undefined
      ? DEFAULT_TARGET_AUC : flags.targetAuc === undefined ? undefined : Number(flags.targetAuc),
  }));
}

/** The release pipeline with progress on stderr; shared by run and meta. */
export async function runRelease(
  data: string, input: LoadedInput, flags: RunFlags, progress: Progress,
  testHoldout?: number,
): Promise<Release & { seed: number }> {
  const seed = resolveSeed(flags.seed);
  const choice = parseWeightChoice(flags);
  if (flags.audit === false && choice.kind === 'auc') {
    throw new LniError('invalid-option', '--no-audit needs --w or --target-epsilon: ' +
      'an AUC target is met by auditing');
  }
  const notes: string[] = [];
  const note = (message: string) => {
    notes.push(message);
    progress.note(message);
  };
  const clip = parseClip(flags, choice, note);
  const training = trainingOptions(flags, seed, progress, data);
  let epochsRun = 0;
  const release = await auditAndRelease(input.table, input.schema, {
    choice, seed, clip,
    delta: parseDelta(flags.delta),
    grid: parseGrid(flags.wGrid),
    maxRows: flags.maxRows === undefined ? undefined : parseInteger('max-rows', flags.maxRows, 2),
    holdout: flags.holdout === undefined ? undefined
      : parseInRange('holdout', flags.holdout, 0.01, 0.45),
    audit: flags.audit !== false,
    fitFraction: flags.fitFraction === undefined ? undefined
      : parseInRange('fit-fraction', flags.fitFraction, 0.01, 0.99),
    force: flags.force === true,
    shuffle: flags.shuffle !== false,
    testHoldout,
    file: data,
    fit: {
      ...training,
      onEpoch: (report) => {
        epochsRun = report.epoch;
        training.onEpoch?.(report);
      },
    },
    onStage: (stage) => {
      if (stage === 'calibrate') {
        progress.finish('(audit model)');
        // The grid, then up to four bisection steps (calibrateW's default).
        progress.start('audit over w', (parseGrid(flags.wGrid) ?? DEFAULT_W_GRID).length + 4);
      }
      if (stage === 'fit') {
        if (flags.audit !== false || choice.kind === 'auc') progress.finish();
        progress.status('fitting the released model');
      }
      // Plain progress lines come every 2 s, so a quick fit shows only its
      // first epoch: the finish line says how many ran.
      if (stage === 'release') progress.finish(`(released model, ${epochsRun} epochs)`);
    },
    onCalibrationStep: (w, evaluated) => progress.update(evaluated, `w = ${formatW(w)}`),
  });
  for (const message of release.notes) note(message);
  if (release.summary.noPrivacy) {
    note(`warning: ${noPrivacyWarning(release.summary.clipRadius)}`);
  }
  return { ...release, notes, seed };
}

/** w for people: at most four decimals (bisection makes long binary fractions). */
function formatW(w: number): string {
  return String(Number(w.toFixed(4)));
}
