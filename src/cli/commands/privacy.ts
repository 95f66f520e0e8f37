import type { Command } from 'commander';
import { certifySensitivity, clipRadiusAt, privacySummary, renderPrivacySummary }
  from '../../privacy/index.js';
import { addClipOptions, parseClip, parseDelta, type PrivacyFlags } from './privacy-options.js';
import { addCommonOptions, type CommonOptions, type Io } from './shared.js';
import { loadModel, parseWeight } from './synthesize.js';
import { parseInteger } from '../options.js';

export function registerPrivacy(program: Command, io: Io): void {
  const command = program.command('privacy')
    .description('certify the sensitivity S of a model and account ε at a given w')
    .requiredOption('--model <model.json>', 'model file from lni fit')
    .requiredOption('--w <w>', 'the w of the release, in [0, 1]')
    .option('--rows <n>', 'rows to be released, for the δ < 1/n check ' +
      '(default: the rows the model was fitted on)');
  addClipOptions(command, false);
  addCommonOptions(command, false);
  command.action(async (flags: PrivacyFlags & CommonOptions & { model: string; rows?: string }) => {
    const w = parseWeight(flags.w);
    const progress = io.progress(flags);
    const model = loadModel(flags.model);
    const clip = parseClip(flags, { kind: 'fixed', w }, (message) => progress.note(message));
    const clipRadius = clipRadiusAt(clip, model.encoder.dimension);
    const certificate = certifySensitivity(model.flow, model.encoder.domain(), { clipRadius });
    const rows = flags.rows === undefined ? model.training.rows : parseInteger('rows', flags.rows, 1);
    const summary = privacySummary({
      certificate, w, releasedRows: rows, delta: parseDelta(flags.delta),
      latentDimension: model.encoder.dimension,
    });
    const { frontier: _frontier, attacks: _attacks, clippedRows: _clipped, ...json } = summary;
    io.result(flags, json, renderPrivacySummary(summary).join('\n'));
  });
}
