import type { Command } from 'commander';
import { checkWeight, parseModel, synthesize } from '../../model/index.js';
import type { LniModel } from '../../model/index.js';
import {
  certifySensitivity, clipRadiusAt, noPrivacyWarning, privacySummary, renderPrivacySummary,
  withReleaseNotes,
} from '../../privacy/index.js';
import type { Table } from '../../table/index.js';
import {
  checkOutputPath, privacySummaryPath, readJsonFile, withInputNames, writeFilesTogether,
} from '../files.js';
import { inputFiles, loadInput, type InputOptions, type LoadedInput } from '../input.js';
import { tableFile } from '../output.js';
import { parseNumber, resolveSeed } from '../options.js';
import type { Progress } from '../progress.js';
import { addClipOptions, parseClip, parseDelta, type PrivacyFlags } from './privacy-options.js';
import { addCommonOptions, addInputOptions, type CommonOptions, type Io } from './shared.js';

export interface ReleaseFlags {
  w?: string;
  shuffle?: boolean;
}

/** Reads a model file, with the file named in any error. */
export function loadModel(path: string): LniModel {
  return parseModel(readJsonFile(path), path);
}

/** Synthesizes the table and renders it in the input's format (see tableFile). */
export function releaseTable(
  model: LniModel, table: Table, input: LoadedInput, options: {
    w: number; seed: number; clipRadius?: number; shuffle: boolean; output: string;
    file: string; progress: Progress;
  },
): { rows: number; clippedRows: number; content: string | Uint8Array; notes: string[] } {
  // Printed now, and kept for the privacy summary that travels with the table.
  const notes: string[] = [];
  const note = (message: string) => {
    notes.push(message);
    options.progress.note(message);
  };
  if (!options.shuffle) {
    note('warning: rows are not shuffled (--no-shuffle), so row i of the ' +
      'output is derived from row i of the input; do not release it as is');
  }
  const modelled = new Set(model.schema.columns.map((column) => column.name));
  const extra = table.names.filter((name) => !modelled.has(name));
  if (extra.length > 0) {
    note(`warning: ${options.file}: ${extra.length === 1 ? 'column' : 'columns'} ` +
      `${extra.map((name) => `"${name}"`).join(', ')} not in the model; left out of the output`);
  }
  for (const warning of model.encoder.clippingWarnings(table, options.file)) note(warning);
  const synthesis = synthesize(model, table, {
    w: options.w, seed: options.seed, clipRadius: options.clipRadius,
    shuffle: options.shuffle, file: options.file,
  });
  const absent = synthesis.table.names.filter((name) => !table.names.includes(name));
  if (absent.length > 0) {
    note(`warning: ${options.file}: model ${absent.length === 1 ? 'column' :
      'columns'} ${absent.map((name) => `"${name}"`).join(', ')} not in this file (passed ` +
      'through by the model); left out of the output');
  }
  return {
    rows: synthesis.rows, clippedRows: synthesis.clippedRows, notes,
    content: tableFile(options.output, inInputOrder(synthesis.table, table.names), input),
  };
}

/** The released columns the input has, in the input's order: the output looks like the input. */
function inInputOrder(released: Table, inputNames: string[]): Table {
  const names = inputNames.filter((name) => released.names.includes(name));
  return {
    names,
    columns: names.map((name) => released.columns[released.names.indexOf(name)]),
    rowCount: released.rowCount,
  };
}

export function parseWeight(text: string | undefined): number {
  if (text === undefined) return Number.NaN;
  const w = parseNumber('w', text);
  checkWeight(w);
  return w;
}

export function registerSynthesize(program: Command, io: Io): void {
  const command = program.command('synthesize')
    .description('release a synthetic table: every row moved in latent space, ' +
      'x̃ = f(√w·f⁻¹(x) + √(1−w)·z)')
    .argument('<data>', 'CSV or Parquet file with the real rows to release')
    .requiredOption('--model <model.json>', 'model file from lni fit')
    .requiredOption('--w <w>', 'weight in [0, 1]: 1 returns the data, 0 samples afresh')
    .requiredOption('-o, --output <out.csv>', 'where to write the synthetic table')
    .option('--no-shuffle', 'keep the output rows in input order (reveals the pairing)');
  addClipOptions(command, false);
  addInputOptions(command);
  addCommonOptions(command);
  command.addHelpText('after', '\nThe privacy summary (ε at this w, its assumptions) is written ' +
    'beside the output as <out>.privacy.json.');
  command.action(async (data: string, flags: InputOptions & ReleaseFlags & CommonOptions
    & PrivacyFlags & { model: string; output: string }) => {
    const w = parseWeight(flags.w);
    const seed = resolveSeed(flags.seed);
    const delta = parseDelta(flags.delta);
    const progress = io.progress(flags);
    const inputs = [...inputFiles(data, flags), flags.model];
    const summaryPath = privacySummaryPath(flags.output);
    checkOutputPath(flags.output, inputs);
    checkOutputPath(summaryPath, inputs);
    const model = loadModel(flags.model);
    const clip = parseClip(flags, { kind: 'fixed', w }, (message) => progress.note(message));
    const clipRadius = clipRadiusAt(clip, model.encoder.dimension);
    if (w === 1) progress.note(`warning: ${noPrivacyWarning(clipRadius)}`);
    const input = await loadInput(data, { ...flags, typesFromModel: true });
    for (const note of input.notes) progress.note(note);
    const result = releaseTable(model, input.table, input, {
      w, seed, clipRadius, shuffle: flags.shuffle !== false, output: flags.output,
      file: data, progress,
    });
    const certificate = certifySensitivity(model.flow, model.encoder.domain(), { clipRadius });
    const summary = withInputNames(withReleaseNotes(privacySummary({
      certificate, w, releasedRows: result.rows, clippedRows: result.clippedRows, delta,
      latentDimension: model.encoder.dimension,
    }), [...input.notes, ...result.notes]), inputs);
    writeFilesTogether([
      { path: flags.output, content: result.content },
      { path: summaryPath, content: JSON.stringify(summary, null, 2) + '\n' },
    ], inputs);
    io.result(flags, { output: flags.output, privacySummary: summaryPath, rows: result.rows,
      w, seed, epsilon: summary.epsilon, delta, clippedRows: result.clippedRows },
    [`${result.rows} synthetic rows written to ${flags.output} (w = ${w})`,
      ...renderPrivacySummary(summary), `privacy summary: ${summaryPath}`].join('\n'));
  });
}
