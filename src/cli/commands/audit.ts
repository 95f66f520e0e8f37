import type { Command } from 'commander';
import { runAudit } from '../../model/index.js';
import {
  clipRadiusAt, privacyAssumptions, type FrontierPoint, type SensitivityCertificate,
} from '../../privacy/index.js';
import { Encoder } from '../../table/index.js';
import { Random } from '../../util/random.js';
import { loadInput, type InputOptions } from '../input.js';
import { parseInRange, resolveSeed } from '../options.js';
import { addTrainingOptions, trainingOptions, type TrainingFlags } from './fit.js';
import { addClipOptions, parseClip, parseDelta, parseGrid, type PrivacyFlags }
  from './privacy-options.js';
import { addCommonOptions, addInputOptions, type CommonOptions, type Io } from './shared.js';

export function registerAudit(program: Command, io: Io): void {
  const command = program.command('audit')
    .description('membership-inference audit: attack AUCs, ε and fidelity for each w ' +
      '(the privacy–utility frontier); releases nothing')
    .argument('<data>', 'CSV or Parquet file with the real rows')
    .option('--w-grid <list>', 'w values (default 0,0.1,...,0.9,0.95)')
    .option('--holdout <share>', 'share held out as non-members, and again as reference ' +
      'rows (default 0.2)')
    .option('--target-auc <auc>', 'also report the largest w meeting this target (default 0.55)')
    .option('--conservative', 'compare the upper 95% bound of each AUC with the target')
    .option('--fit-fraction <F>', 'audit split mode: the model sees this share of rows and ' +
      'the attacked rows are others (default: off)');
  addClipOptions(command, false);
  addInputOptions(command);
  addTrainingOptions(command);
  addCommonOptions(command);
  command.action(async (data: string, flags: InputOptions & TrainingFlags & PrivacyFlags &
    CommonOptions) => {
    const seed = resolveSeed(flags.seed);
    const progress = io.progress(flags);
    const input = await loadInput(data, flags);
    for (const note of input.notes) progress.note(note);
    const target = flags.targetAuc === undefined ? 0.55
      : parseInRange('target-auc', flags.targetAuc, 0.5, 1);
    const choice = { kind: 'auc' as const, target, conservative: flags.conservative === true };
    const encoder = Encoder.fit(input.table, input.schema, data);
    const clip = parseClip(flags, choice, (message) => progress.note(message));
    const clipRadius = clipRadiusAt(clip, encoder.dimension);
    const training = trainingOptions(flags, seed, progress, data);
    const delta = parseDelta(flags.delta);
    const result = await runAudit(input.table, input.schema, encoder, {
      choice, seed, clip, delta, grid: parseGrid(flags.wGrid),
      holdout: flags.holdout === undefined ? undefined
        : parseInRange('holdout', flags.holdout, 0.01, 0.45),
      fit: training, file: data,
      fitFraction: flags.fitFraction === undefined ? undefined
        : parseInRange('fit-fraction', flags.fitFraction, 0.01, 0.99),
      onCalibrationStep: (w, evaluated) => progress.status(`  w = ${w} (${evaluated} evaluated)`),
    }, new Random(seed), clipRadius);
    progress.note(result.note);
    const calibration = result.calibration!;
    const certificate = result.sensitivity;
    // The audit calibrates by attack AUC, so w is always chosen from the rows.
    const assumptions = privacyAssumptions(certificate, result.splitMode, 'auc', true);
    const lines = ['   w   worst AUC [95% CI]        ε        max|Δr|  mean KS'];
    for (const point of calibration.frontier) {
      const epsilon = point.epsilon === null ? (point.noPrivacy ? 'none' : '-')
        : point.epsilon.toPrecision(3);
      const worst = worstAttack(point);
      lines.push(`${point.w.toFixed(3).padStart(6)}  ${point.worstAuc.toFixed(3)} ` +
        `[${worst.ciLow.toFixed(3)}, ${worst.ciHigh.toFixed(3)}]  ${epsilon.padStart(9)}  ` +
        `${(point.fidelity?.maxCorrelationDiff ?? Number.NaN).toFixed(3).padStart(7)}  ` +
        `${(point.fidelity?.meanKs ?? Number.NaN).toFixed(3)}`);
    }
    lines.push('AUC: lower is better for privacy, 0.5 is chance, range 0–1; the interval is ' +
      'the worst attack\'s own. ε: lower is better. max|Δr| and mean KS: lower is better, ' +
      '0 is identical.');
    lines.push(`ε is local, per released row, at δ = ${delta.toExponential()}, with ` +
      `${sensitivityText(certificate)}.`);
    lines.push(calibration.choice.kind === 'chosen'
      ? `Chosen: w = ${Number(calibration.choice.w.toFixed(4))}, the ${calibration.choice.description}`
      : `No w meets the target: ${calibration.choice.reason}`);
    for (const warning of calibration.warnings) lines.push(`warning: ${warning}`);
    lines.push('These figures assume:', ...assumptions.map((item) => `  - ${item}`));
    io.result(flags, { seed, frontier: calibration.frontier, choice: calibration.choice,
      delta, sensitivity: certificate.sensitivity, bound: certificate.bound,
      bounds: { lipschitz: certificate.lipschitz, interval: certificate.interval,
        clip: certificate.clip },
      clipRadius: certificate.clipRadius, domainSource: certificate.domainSource,
      assumptions, warnings: calibration.warnings, note: result.note }, lines.join('\n'));
  });
}

/**
 * The attack with the highest AUC at a frontier point: its own interval is
 * the one to show beside worstAuc (the bounds of different attacks do not
 * make an interval).
 */
function worstAttack(point: FrontierPoint): FrontierPoint['attacks'][number] {
  return point.attacks.reduce((worst, attack) => (attack.auc > worst.auc ? attack : worst));
}

/** S, where it comes from and the looser bounds, as the end of a sentence. */
function sensitivityText(certificate: SensitivityCertificate): string {
  const figure = (value: number) => (value >= 1e5 ? value.toExponential(2)
    : String(Number(value.toPrecision(3))));
  const source = {
    lipschitz: 'the lipschitz bound (certified spectral norms of the flow)',
    interval: 'the interval bound (the domain box propagated through f⁻¹)',
    clip: `latent clipping at R = ${figure(certificate.clipRadius ?? Number.NaN)} (S = 2R)`,
  }[certificate.bound];
  const others = (['lipschitz', 'interval', 'clip'] as const)
    .filter((name) => name !== certificate.bound && certificate[name] !== null)
    .map((name) => `${name} ${figure(certificate[name] as number)}`);
  return `sensitivity S = ${figure(certificate.sensitivity)} from ${source}` +
    (others.length === 0 ? '' : `; other bounds: ${others.join(', ')}`);
}
