import type { Command } from 'commander';
import { loadInput, type InputOptions } from '../input.js';
import { resolveSeed } from '../options.js';
import { addTrainingOptions, fitWithProgress, type TrainingFlags } from './fit.js';
import { addCommonOptions, addInputOptions, type CommonOptions, type Io } from './shared.js';
import { parseWeight, releaseTable, type ReleaseFlags } from './synthesize.js';

export function registerRun(program: Command, io: Io): void {
  const command = program.command('run')
    .description('fit a model and release a synthetic table in one step')
    .argument('<data>', 'CSV file with the real rows')
    .requiredOption('-o, --output <out.csv>', 'where to write the synthetic table')
    .requiredOption('--w <w>', 'weight in [0, 1]: 1 returns the data, 0 samples afresh')
    .option('--no-shuffle', 'keep the output rows in input order (reveals the pairing)');
  addInputOptions(command);
  addTrainingOptions(command);
  addCommonOptions(command);
  command.action(async (data: string, flags: InputOptions & TrainingFlags & ReleaseFlags &
    CommonOptions & { output: string }) => {
    const w = parseWeight(flags.w);
    const seed = resolveSeed(flags.seed);
    const progress = io.progress(flags);
    const input = loadInput(data, flags);
    const model = fitWithProgress(input.table, input, flags, seed, progress, data);
    const result = releaseTable(model, input.table, input.dialect, {
      w, seed, shuffle: flags.shuffle !== false, output: flags.output,
      inputs: [data], file: data, progress,
    });
    io.result(flags, { output: flags.output, rows: result.rows, w, seed },
      `${result.rows} synthetic rows written to ${flags.output} (w = ${w})`);
  });
}
