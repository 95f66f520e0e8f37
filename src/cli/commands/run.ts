import type { Command } from 'commander';
import { auditAndRelease, type Release } from '../../model/index.js';
import { renderPrivacySummary } from '../../privacy/index.js';
import { formatCsv } from '../../table/index.js';
import { LniError } from '../../util/errors.js';
import { privacySummaryPath, writeFileAtomic } from '../files.js';
import { loadInput, type InputOptions, type LoadedInput } from '../input.js';
import { parseInRange, resolveSeed } from '../options.js';
import type { Progress } from '../progress.js';
import { addTrainingOptions, trainingOptions, type TrainingFlags } from './fit.js';
import {
  addPrivacyOptions, parseClip, parseDelta, parseGrid, parseWeightChoice, type PrivacyFlags,
} from './privacy-options.js';
import { addCommonOptions, addInputOptions, type CommonOptions, type Io } from './shared.js';
import type { ReleaseFlags } from './synthesize.js';

type RunFlags = InputOptions & TrainingFlags & ReleaseFlags & PrivacyFlags & CommonOptions & {
  output: string;
};

export function registerRun(program: Command, io: Io): void {
  const command = program.command('run')
    .description('fit, audit, choose w and release a synthetic table with its privacy summary')
    .argument('<data>', 'CSV file with the real rows')
    .requiredOption('-o, --output <out.csv>', 'where to write the synthetic table ' +
      '(the privacy summary goes beside it as out.privacy.json)')
    .option('--no-shuffle', 'keep the output rows in input order (reveals the pairing)');
  addPrivacyOptions(command);
  addInputOptions(command);
  addTrainingOptions(command);
  addCommonOptions(command);
  command.addHelpText('after', '\nWithout --w, --target-auc or --target-epsilon, w is ' +
    'calibrated to --target-auc 0.55.');
  command.action(async (data: string, flags: RunFlags) => {
    const progress = io.progress(flags);
    const input = loadInput(data, flags);
    for (const note of input.notes) progress.note(note);
    const release = await runRelease(data, input, flags, progress);
    const summaryPath = privacySummaryPath(flags.output);
    writeFileAtomic(summaryPath, JSON.stringify(release.summary, null, 2) + '\n', [data]);
    if (release.table === null) {
      io.result(flags, { output: null, privacySummary: summaryPath, ...release.summary },
        ['Nothing was released: no w meets the target.',
          ...renderPrivacySummary(release.summary)].join('\n'));
      throw new LniError('no-w-qualifies', 'no w meets the target, so nothing was released', {
        file: data, hint: 'see the frontier in ' + summaryPath +
          '; relax the target, or give --force to release at w = 0',
      });
    }
    writeFileAtomic(flags.output, formatCsv(release.table, input.dialect), [data]);
    io.result(flags, {
      output: flags.output, privacySummary: summaryPath, rows: release.table.rowCount,
      seed: release.seed, ...release.summary,
    }, [`${release.table.rowCount} synthetic rows written to ${flags.output}`,
      ...renderPrivacySummary(release.summary), release.summary.coverage,
      `privacy summary: ${summaryPath}`].join('\n'));
  });
}

/** The release pipeline with progress on stderr; shared by run and meta. */
export async function runRelease(
  data: string, input: LoadedInput, flags: RunFlags, progress: Progress,
): Promise<Release & { seed: number }> {
  const seed = resolveSeed(flags.seed);
  const choice = parseWeightChoice(flags);
  if (flags.audit === false && choice.kind === 'auc') {
    throw new LniError('invalid-option', '--no-audit needs --w or --target-epsilon: ' +
      'an AUC target is met by auditing');
  }
  const clip = parseClip(flags, choice, (message) => progress.note(message));
  if (flags.maxRows !== undefined) {
    progress.note('--max-rows applies to lni fit; run fits on all rows');
  }
  const training = trainingOptions(flags, seed, progress, data);
  const release = await auditAndRelease(input.table, input.schema, {
    choice, seed, clip,
    delta: parseDelta(flags.delta),
    grid: parseGrid(flags.wGrid),
    holdout: flags.holdout === undefined ? undefined
      : parseInRange('holdout', flags.holdout, 0.01, 0.45),
    audit: flags.audit !== false,
    fitFraction: flags.fitFraction === undefined ? undefined
      : parseInRange('fit-fraction', flags.fitFraction, 0.01, 0.99),
    force: flags.force === true,
    shuffle: flags.shuffle !== false,
    file: data,
    fit: { ...training, onEpoch: training.onEpoch },
    onStage: (stage) => {
      if (stage === 'calibrate') progress.note('auditing membership attacks over the w grid');
      if (stage === 'fit') progress.note('fitting the released model');
    },
    onCalibrationStep: (w, evaluated) => progress.note(`  w = ${w} (${evaluated} evaluated)`),
  });
  for (const note of release.notes) progress.note(note);
  return { ...release, seed };
}
