import type { Command } from 'commander';
import { latentRows } from '../../model/index.js';
import { writeFileAtomic } from '../files.js';
import { loadInput, type InputOptions } from '../input.js';
import { resolveSeed } from '../options.js';
import { addCommonOptions, addInputOptions, type CommonOptions, type Io } from './shared.js';
import { loadModel } from './synthesize.js';

export function registerLatent(program: Command, io: Io): void {
  const command = program.command('latent')
    .description('write f⁻¹(x) for every row, one column per latent dimension ' +
      '(for auditing and debugging)')
    .argument('<data>', 'CSV or Parquet file with the rows to map')
    .requiredOption('--model <model.json>', 'model file from lni fit')
    .requiredOption('-o, --output <latent.csv>', 'where to write the latent rows');
  addInputOptions(command);
  addCommonOptions(command);
  command.addHelpText('after', '\nWARNING: the latent file is as sensitive as the data: ' +
    'f maps it straight back to the real rows. Never release it.');
  command.action(async (data: string, flags: InputOptions & CommonOptions & {
    model: string; output: string;
  }) => {
    const seed = resolveSeed(flags.seed);
    const model = loadModel(flags.model);
    const input = await loadInput(data, flags);
    const rows = input.table.rowCount;
    const p = model.encoder.dimension;
    const latent = latentRows(model, input.table, seed, data);
    const lines = [model.encoder.labels.map((label, j) => `z${j + 1}_${label}`).join(',')];
    for (let r = 0; r < rows; r++) {
      lines.push(Array.from(latent.subarray(r * p, r * p + p), (v) => String(v)).join(','));
    }
    writeFileAtomic(flags.output, lines.join('\n') + '\n', [data, flags.model]);
    io.result(flags, { output: flags.output, rows, dimension: p, seed },
      `${rows} latent rows (${p} dimensions) written to ${flags.output}; keep it private`);
  });
}
