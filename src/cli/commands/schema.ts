import type { Command } from 'commander';
import { COLUMN_TYPES, shareableSchema } from '../../table/index.js';
import { oneLine } from '../../util/errors.js';
import { checkOutputPath, writeFileAtomic } from '../files.js';
import { inputFiles, loadInput, type InputOptions } from '../input.js';
import { addCommonOptions, addInputOptions, type CommonOptions, type Io } from './shared.js';

export function registerSchema(program: Command, io: Io): void {
  const command = program.command('schema')
    .description('infer column types, missing tokens and notes; write them as editable JSON')
    .argument('<data>', 'CSV or Parquet file')
    .option('-o, --output <schema.json>', 'write the schema here (default: print it)');
  addInputOptions(command);
  addCommonOptions(command, false);
  command.addHelpText('after', '\nEdit the file and pass it back with --schema. Each ' +
    `column has a "type", one of\n${COLUMN_TYPES.join(', ')}; it may declare\n` +
    '"lower"/"upper" bounds, "levels", "missing" tokens and "missingCodes". "drop": true ' +
    'leaves\na column out of the release (drop is a field, not a type). The README\'s ' +
    '"Schema fields"\nlists every field. Bounds (both lower and upper) and levels declared ' +
    'before looking at the\ndata keep the privacy guarantee clean; bounds read off the data ' +
    'are flagged.');
  command.action(async (data: string, flags: InputOptions & CommonOptions & { output?: string }) => {
    const inputs = inputFiles(data, flags);
    if (flags.output !== undefined) checkOutputPath(flags.output, inputs);
    const input = await loadInput(data, flags);
    const progress = io.progress(flags);
    for (const note of input.notes) progress.note(note);
    // A schema is shared and committed: stray texts a few cells hold are
    // counted ("strayTexts"), never quoted.
    const schema = shareableSchema(input.schema, input.table);
    const text = JSON.stringify(schema, null, 2) + '\n';
    if (flags.output === undefined) {
      // With --json the printed schema also carries `warnings`, which a
      // schema file may hold: --schema reads only the version and columns.
      io.result(flags, schema, text.trimEnd());
      return;
    }
    writeFileAtomic(flags.output, text, inputs);
    const types = schema.columns.map((column) => `${oneLine(column.name)}: ${column.type}`);
    io.result(flags, schema, `schema written to ${flags.output}\n  ${types.join('\n  ')}`);
  });
}
