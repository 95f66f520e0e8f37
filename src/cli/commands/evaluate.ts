import { existsSync } from 'node:fs';
import { basename } from 'node:path';
import type { Command } from 'commander';
import {
  checkModelLevels, evaluate, evaluationJson, evaluationSchema, lenient, levelMismatches,
  skippedColumnNotes, withSortedLevels, type EvaluationWeight,
} from '../../evaluate/index.js';
import { summaryWeight, type PrivacySummary } from '../../privacy/index.js';
import {
  assembleReport, columnMarginals, formatNumber, renderReport, type ReportSources,
} from '../../report/index.js';
import { isParquet, parseCsv, parseParquet, typedColumns } from '../../table/index.js';
import type { Table, TypedColumn } from '../../table/index.js';
import { LniError } from '../../util/errors.js';
import { renderEvaluation } from '../evaluate-text.js';
import { privacySummaryPath, readInputFile, readJsonFile, writeFileAtomic } from '../files.js';
import { loadInput, splitList, type InputOptions } from '../input.js';
import { addCommonOptions, addInputOptions, type CommonOptions, type Io } from './shared.js';
import { parseWeight } from './synthesize.js';

type EvaluateFlags = InputOptions & CommonOptions & ModelFlags & {
  holdout?: string;
  w?: string;
  report?: string;
};

export interface ModelFlags {
  outcome?: string;
  covariates?: string;
}

export function registerEvaluate(program: Command, io: Io): void {
  const command = program.command('evaluate')
    .description('fidelity of a synthetic table to the real one: per column KS or TV, ' +
      'missing rates, means and sds; correlations; contingency; regression real vs synthetic')
    .argument('<real>', 'CSV or Parquet file with the real rows (its schema types both files)')
    .argument('<synthetic>', 'CSV or Parquet file with the synthetic rows')
    .option('--outcome <column>', 'compare a regression of this column (linear, or logistic ' +
      'for a two-level outcome) on --covariates (default: none)')
    .option('--covariates <a,b,c>', 'comma-separated covariates of the regression (default: none)')
    .option('--holdout <test.csv>', 'real rows the flow never saw, for train-on-synthetic ' +
      'test-on-real (default: none; the metric is skipped)')
    .option('--w <w>', 'the w the synthetic table was made with, to correct its standard ' +
      'errors (default: read from the *.privacy.json beside the synthetic file)')
    .option('--report <report.html>', 'also write an HTML report (default: none)');
  addInputOptions(command);
  addCommonOptions(command, false);
  command.action(async (realPath: string, syntheticPath: string, flags: EvaluateFlags) => {
    const progress = io.progress(flags);
    const input = await loadInput(realPath, flags);
    const covariates = checkModelColumns(input.table.names, flags, realPath);
    const schema = evaluationSchema(input.schema, input.table);
    const real = withSortedLevels(typedColumns(input.table, schema, realPath), schema);
    const syntheticTable = await readLike(syntheticPath, flags, input.table.names);
    const synthetic = typedColumns(syntheticTable, lenient(schema), syntheticPath);
    const overlap = columnOverlap(real, synthetic, input.table.names, syntheticTable.names,
      realPath, syntheticPath);
    const notes = skippedColumnNotes(input.schema, input.table, syntheticTable);
    let holdout: TypedColumn[] | undefined;
    if (flags.holdout !== undefined) {
      const holdoutTable = await readLike(flags.holdout, flags, input.table.names);
      checkModelColumns(holdoutTable.names, flags, flags.holdout);
      holdout = typedColumns(holdoutTable, lenient(schema), flags.holdout);
    }
    if (flags.outcome !== undefined) {
      checkModelColumns(syntheticTable.names, flags, syntheticPath);
      checkModelLevels(levelMismatches(real, synthetic), [flags.outcome, ...covariates ?? []],
        syntheticPath);
    }
    // After every refusal, so an error stays the only line on stderr.
    if (overlap !== null) progress.note(overlap);
    const known = knownWeight(flags.w, syntheticPath);
    if (known.note !== undefined) progress.note(known.note);

    const evaluation = withFile(() => evaluate(real, synthetic, {
      outcome: flags.outcome, covariates, holdout, w: known.w,
      releasedPerFitted: known.releasedPerFitted,
    }), realPath);
    evaluation.warnings.unshift(...notes);
    if (flags.report !== undefined) {
      await writeReport(flags.report, {
        dataset: basename(realPath), evaluation, privacy: known.privacy,
        marginals: columnMarginals(real, synthetic), w: known.w, wChoice: known.note,
        rows: { real: input.table.rowCount, synthetic: syntheticTable.rowCount },
      }, [realPath, syntheticPath]);
      progress.status(`report written to ${flags.report}`);
    }
    const rows = { real: input.table.rowCount, synthetic: syntheticTable.rowCount,
      holdout: holdout === undefined ? null : holdout[0]?.values.length ?? 0 };
    io.result(flags, evaluationJson(evaluation, rows, known),
      renderEvaluation(evaluation, rows, known.note).join('\n'));
  });
}

/** The outcome and covariates, checked against a file's columns; one line naming the culprit. */
export function checkModelColumns(
  names: readonly string[], flags: ModelFlags, file: string,
): string[] | undefined {
  if (flags.outcome === undefined) {
    if (flags.covariates !== undefined) {
      throw new LniError('invalid-option', '--covariates needs --outcome');
    }
    return undefined;
  }
  const covariates = flags.covariates === undefined ? [] : splitList(flags.covariates);
  const missing = (name: string) => !names.includes(name);
  if (missing(flags.outcome)) {
    throw new LniError('unknown-column', 'the outcome is not a column of this table',
      { file, column: flags.outcome, hint: 'check the spelling against the header' });
  }
  for (const name of covariates) {
    if (missing(name)) {
      throw new LniError('unknown-column', 'the covariate is not a column of this table',
        { file, column: name, hint: 'check the spelling against the header' });
    }
    if (name === flags.outcome) {
      throw new LniError('invalid-option', 'the outcome is also listed as a covariate',
        { column: name });
    }
  }
  return covariates;
}

/**
 * Refuses two tables with no compared column in common (nothing to
 * measure: most likely the wrong file); for a partial overlap, one
 * sentence naming the columns on one side only, or null when all match.
 */
function columnOverlap(
  real: readonly TypedColumn[], synthetic: readonly TypedColumn[],
  realNames: readonly string[], syntheticNames: readonly string[], realPath: string,
  syntheticPath: string,
): string | null {
  const names = (list: readonly string[]) => list.slice(0, 8).join(', ') +
    (list.length > 8 ? `, … (${list.length} in all)` : '');
  const compared = new Set(real.map((column) => column.name));
  if (!synthetic.some((column) => compared.has(column.name))) {
    throw new LniError('no-shared-columns', `shares no compared column with ${realPath} ` +
      `(real: ${names([...compared])}; synthetic: ${names(syntheticNames)})`, {
      file: syntheticPath, hint: 'check that the second file is the synthetic twin of the first',
    });
  }
  const present = new Set(syntheticNames);
  const missing = [...compared].filter((name) => !present.has(name));
  const extra = syntheticNames.filter((name) => !realNames.includes(name));
  if (missing.length === 0 && extra.length === 0) return null;
  const shared = synthetic.filter((column) => compared.has(column.name)).length;
  // Mostly other columns on both sides: another table, whose few shared
  // names (age, sex) would give a meaningless comparison.
  if (missing.length > shared && extra.length > shared) {
    throw new LniError('no-shared-columns', `shares only ${shared} of ${compared.size} compared ` +
      `columns with ${realPath} and has ${extra.length} others (missing: ${names(missing)}; ` +
      `only here: ${names(extra)})`, {
      file: syntheticPath, hint: 'check that the second file is the synthetic twin of the first',
    });
  }
  return `the tables do not line up: ${shared} columns are compared` +
    (missing.length === 0 ? '' : `; missing from the synthetic table: ${names(missing)}`) +
    (extra.length === 0 ? '' : `; only in the synthetic table: ${names(extra)}`);
}

/** Reads a second file (CSV with the first one's options, or Parquet). */
async function readLike(path: string, flags: InputOptions, realNames: string[]): Promise<Table> {
  const bytes = readInputFile(path);
  if (isParquet(bytes) || path.toLowerCase().endsWith('.parquet')) {
    return (await parseParquet(bytes, { file: path })).table;
  }
  const names = flags.header !== false ? undefined
    : flags.columns === undefined ? realNames : splitList(flags.columns);
  return parseCsv(bytes, {
    file: path, header: flags.header !== false, names, delimiter: flags.delimiter,
  }).table;
}

interface KnownWeight extends EvaluationWeight {
  /** Where w came from, as a sentence. */
  note?: string;
  privacy?: PrivacySummary;
  /** Split mode, from the privacy summary: released rows per fitted row. */
  releasedPerFitted?: number;
}

/** w from --w, else from the privacy summary beside the synthetic file. */
function knownWeight(text: string | undefined, syntheticPath: string): KnownWeight {
  const summaryPath = privacySummaryPath(syntheticPath);
  const read = existsSync(summaryPath) ? readPrivacySummary(summaryPath) : undefined;
  const privacy = read?.summary;
  const split = read?.releasedPerFitted;
  const splitNote = split === undefined ? '' : ` and for split mode (${formatNumber(split)} ` +
    `released row${formatNumber(split) === '1' ? '' : 's'} per fitted row)`;
  const splitPart = split === undefined ? {} : { releasedPerFitted: split };
  if (text !== undefined) {
    const w = parseWeight(text);
    return { w, source: 'option', privacy, ...splitPart,
      note: `Synthetic intervals corrected with w = ${formatNumber(w)} given by --w${splitNote}.` };
  }
  if (read === undefined) {
    return { source: null, note: `w unknown (no --w, no ${basename(summaryPath)}): ` +
      'synthetic intervals are not corrected.' };
  }
  if (read.w === undefined) {
    return { source: null, note: `${basename(summaryPath)} says nothing was modelled (the ` +
      'table passed through): no noise to correct for.' };
  }
  return { w: read.w, source: 'privacy-summary', privacy, ...splitPart,
    note: `Synthetic intervals corrected with w = ${formatNumber(read.w)}${splitNote} read ` +
      `from ${basename(summaryPath)}.` };
}

/**
 * The privacy summary's w; the whole summary too when it has every field
 * the report reads (a hand-written file may hold w alone). Neither for the
 * summary of a pass-through release, where w does not apply.
 */
function readPrivacySummary(
  path: string,
): { w?: number; summary?: PrivacySummary; releasedPerFitted?: number } {
  const json = readJsonFile(path) as Record<string, unknown> | null;
  const read = summaryWeight(json);
  if (read.kind === 'pass-through') return {};
  if (read.kind === 'refusal') {
    throw new LniError('privacy-summary-invalid', 'says nothing was released, so it does ' +
      'not describe this synthetic table', { file: path,
      hint: 'move the file away, or write the table and its summary again with lni run' });
  }
  if (read.kind === 'no-w') {
    throw new LniError('privacy-summary-invalid', 'has no w in [0, 1]', {
      file: path, hint: 'give --w, or move the file away' });
  }
  const complete = typeof json?.sensitivity === 'number' && typeof json.delta === 'number'
    && typeof json.bound === 'string'
    && ['attacks', 'assumptions', 'warnings', 'frontier'].every((key) => Array.isArray(json[key]));
  return { w: read.w, ...(complete ? { summary: json as unknown as PrivacySummary } : {}),
    ...(read.releasedPerFitted === undefined ? {}
      : { releasedPerFitted: read.releasedPerFitted }) };
}

/** Renders and writes the HTML report; refuses to overwrite an input. */
export async function writeReport(
  path: string, sources: ReportSources, inputs: string[],
): Promise<void> {
  const html = await renderReport(assembleReport(sources));
  writeFileAtomic(path, html, inputs);
}

export function withFile<T>(action: () => T, file: string): T {
  try {
    return action();
  } catch (error) {
    if (error instanceof LniError && error.file === undefined) {
      throw new LniError(error.code, error.message,
        { file, column: error.column, row: error.row, hint: error.hint });
    }
    throw error;
  }
}
