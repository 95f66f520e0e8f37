import type { Command } from 'commander';
import { fitModel, randomSplit, selectTableRows, serializeModel } from '../../model/index.js';
import type { FitOptions, LniModel } from '../../model/index.js';
import type { Table } from '../../table/index.js';
import { checkOutputPath, writeFileAtomic } from '../files.js';
import { inputFiles, loadInput, type InputOptions, type LoadedInput } from '../input.js';
import { parseInteger, parsePositive, resolveSeed } from '../options.js';
import type { Progress } from '../progress.js';
import { Random } from '../../util/random.js';
import { addCommonOptions, addInputOptions, type CommonOptions, type Io } from './shared.js';

export interface TrainingFlags {
  epochs?: string;
  blocks?: string;
  hidden?: string;
  layers?: string;
  batchSize?: string;
  lr?: string;
  patience?: string;
  spectralTarget?: string;
  logScaleBound?: string;
  maxRows?: string;
}

/** Adds the architecture and training options shared by fit and run. */
export function addTrainingOptions(command: Command): Command {
  return command
    .option('--epochs <n>', 'epoch budget (default: about 12,000 steps, 40–800 epochs)')
    .option('--blocks <n>', 'MADE blocks in the flow (default 5)')
    .option('--hidden <n>', 'units per hidden layer (default: from the row count, ≤ 128)')
    .option('--layers <n>', 'hidden layers per block (default 2)')
    .option('--batch-size <n>', 'minibatch size (default: from the row count, 32–256)')
    .option('--lr <rate>', 'Adam learning rate (default 0.001)')
    .option('--patience <n>', 'epochs without validation improvement before stopping (default 20)')
    .option('--spectral-target <c>', 'spectral-norm target per layer (default 3)')
    .option('--log-scale-bound <s>', 'bound s on the log-scale, a = s·tanh(raw) (default 2)')
    .option('--max-rows <n>', 'fit on a random subsample of at most n rows (run still releases every row; ' +
      'default: all rows)');
}

/** Turns the CLI flags into fit options (undefined: the library default). */
export function trainingOptions(
  flags: TrainingFlags, seed: number, progress: Progress, file: string,
): FitOptions {
  const integer = (name: string, text?: string) =>
    text === undefined ? undefined : parseInteger(name, text, 1);
  const positive = (name: string, text?: string) =>
    text === undefined ? undefined : parsePositive(name, text);
  const epochs = integer('epochs', flags.epochs);
  return {
    seed,
    file,
    epochs,
    blocks: integer('blocks', flags.blocks),
    hidden: integer('hidden', flags.hidden),
    layers: integer('layers', flags.layers),
    batchSize: integer('batch-size', flags.batchSize),
    patience: integer('patience', flags.patience),
    learningRate: positive('lr', flags.lr),
    spectralTarget: positive('spectral-target', flags.spectralTarget),
    logScaleBound: positive('log-scale-bound', flags.logScaleBound),
    onEpoch: (report) => {
      // The first epoch is over before its count is known: it is not timed.
      if (report.epoch === 1) progress.start('fit', report.epochs, 1);
      progress.update(report.epoch, `NLL train ${report.trainNll.toFixed(3)} ` +
        `validation ${report.validationNll.toFixed(3)} max σ ${report.maxSpectralNorm.toFixed(2)}`);
    },
  };
}

/** The rows to fit on: all, or a seeded subsample of --max-rows. */
export function fitRows(table: Table, maxRowsText: string | undefined, seed: number): Table {
  if (maxRowsText === undefined) return table;
  const maxRows = parseInteger('max-rows', maxRowsText, 2);
  if (table.rowCount <= maxRows) return table;
  const { picked } = randomSplit(table.rowCount, maxRows, new Random(seed).fork());
  return selectTableRows(table, picked);
}

/** Fits a model with progress, reporting when training ended. */
export function fitWithProgress(table: Table, input: LoadedInput,
  flags: TrainingFlags, seed: number, progress: Progress, file: string): LniModel {
  for (const note of input.notes) progress.note(note);
  const fitTable = fitRows(table, flags.maxRows, seed);
  if (fitTable !== table) progress.note(`fitting on ${fitTable.rowCount} of ${table.rowCount} rows (--max-rows)`);
  const model = fitModel(fitTable, input.schema, trainingOptions(flags, seed, progress, file));
  const { epochsRun, bestEpoch } = model.training;
  progress.finish(`(${epochsRun} epochs, best ${bestEpoch})`);
  for (const note of model.encoder.notes) progress.note(note);
  if (bestEpoch === 0) {
    progress.note('warning: training never improved on the untrained flow; the model keeps ' +
      'the untrained start (marginals only, no dependence); lower --lr or raise --epochs');
  }
  return model;
}

/** What a model file holds, said wherever one is written. */
const MODEL_FILE_CARE = 'The model file is as sensitive as the data: it holds each column\'s ' +
  'levels, quantiles and extremes (the exact values of a column with few of them), the ' +
  'copula\'s correlations and a flow trained on the real rows. Keep it as private as the ' +
  'data; share only releases and their privacy summaries.';

export function registerFit(program: Command, io: Io): void {
  const command = program.command('fit')
    .description('fit a model (encoder + spectrally normalized MAF) to a CSV or Parquet file')
    .argument('<data>', 'CSV or Parquet file with the real rows')
    .requiredOption('-o, --output <model.json>', 'where to write the model file');
  addInputOptions(command);
  addTrainingOptions(command);
  addCommonOptions(command);
  command.addHelpText('after', `\n${MODEL_FILE_CARE}`);
  command.action(async (data: string, flags: InputOptions & TrainingFlags & CommonOptions & {
    output: string;
  }) => {
    const seed = resolveSeed(flags.seed);
    const progress = io.progress(flags);
    const inputs = inputFiles(data, flags);
    checkOutputPath(flags.output, inputs);
    const input = await loadInput(data, { ...flags, fitting: true });
    const model = fitWithProgress(input.table, input, flags, seed, progress, data);
    writeFileAtomic(flags.output, JSON.stringify(serializeModel(model)), inputs);
    const summary = {
      output: flags.output,
      rows: model.training.rows,
      dimension: model.encoder.dimension,
      epochs: model.training.epochsRun,
      bestEpoch: model.training.bestEpoch,
      validationNll: model.training.finalValidationNll,
      maxCertifiedNorm: Math.max(...model.training.certifiedNorms),
      seed,
    };
    io.result(flags, { ...summary, sensitive: MODEL_FILE_CARE }, `model written to ` +
      `${flags.output} (${summary.dimension} encoded dimensions, ${summary.epochs} epochs)\n` +
      MODEL_FILE_CARE);
  });
}
