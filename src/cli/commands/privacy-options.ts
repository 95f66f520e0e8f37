import type { Command } from 'commander';
import type { WeightChoice } from '../../model/index.js';
import { DEFAULT_DELTA, DEFAULT_TARGET_AUC } from '../../privacy/index.js';
import { LniError } from '../../util/errors.js';
import { parseInRange, parseNumber, parsePositive } from '../options.js';
import { splitList } from '../input.js';
import { parseWeight } from './synthesize.js';

export interface PrivacyFlags {
  w?: string;
  targetAuc?: string;
  targetEpsilon?: string;
  conservative?: boolean;
  clipLatent?: string | boolean;
  delta?: string;
  wGrid?: string;
  holdout?: string;
  fitFraction?: string;
  force?: boolean;
  audit?: boolean;
}

export function addClipOptions(command: Command, choosesW = true): Command {
  // Commands that take no --target-epsilon (synthesize) do not mention it.
  const withTarget = (text: string) => (choosesW ? text : '');
  return command
    .option('--clip-latent <R|auto>', 'scale latent vectors longer than R back to R before ' +
      'the noise, so the sensitivity is at most 2R for any flow; auto: R = √(χ²_p 0.99 ' +
      `quantile), chosen without looking at the data (default: no clipping${
        withTarget(', or auto with --target-epsilon')})`)
    .option('--no-clip-latent', `never clip latents${withTarget(' (also with --target-epsilon)')}`)
    .option('--delta <δ>', `δ of the (ε, δ) guarantee (default ${DEFAULT_DELTA})`);
}

/** Options of every command that chooses w and audits a release. */
export function addPrivacyOptions(command: Command): Command {
  addClipOptions(command);
  return command
    .option('--w <w>', 'use this w in [0, 1] (1 returns the data, 0 samples afresh; ' +
      'default: calibrated, see below)')
    .option('--target-auc <auc>', 'choose the largest w below the first w whose worst ' +
      'membership-attack AUC exceeds this, searching the grid and then between its last ' +
      `passing and first failing points (default ${DEFAULT_TARGET_AUC}; 0.5 is chance)`)
    .option('--target-epsilon <ε>', 'choose the largest w with ε(w, δ) at most this; turns on ' +
      '--clip-latent auto unless --no-clip-latent is given (default: none)')
    .option('--conservative', 'with --target-auc, compare the upper 95% bound of each AUC')
    .option('--w-grid <list>', 'w values for the frontier and calibration ' +
      '(default 0,0.1,...,0.9,0.95)')
    .option('--holdout <share>', 'share of rows held out as non-members, and again as ' +
      'reference rows, for the audit (default 0.2)')
    .option('--no-audit', 'skip the membership audit (only with --w or --target-epsilon)')
    .option('--fit-fraction <F>', 'split mode: fit the flow on this share of rows and release ' +
      'only the others, which then carry the guarantee without assuming a fixed model; with ' +
      'an ID column that rows share, split by person (default: fit on all rows and release ' +
      'them all)')
    .option('--force', 'release at w = 0 even when no w meets the target');
}

export function parseWeightChoice(flags: PrivacyFlags): WeightChoice {
  const given = [flags.w, flags.targetAuc, flags.targetEpsilon].filter((v) => v !== undefined);
  if (given.length > 1) {
    throw new LniError('invalid-option',
      'give only one of --w, --target-auc and --target-epsilon');
  }
  if (flags.w !== undefined) return { kind: 'fixed', w: parseWeight(flags.w) };
  if (flags.targetEpsilon !== undefined) {
    return { kind: 'epsilon', epsilon: parsePositive('target-epsilon', flags.targetEpsilon) };
  }
  const target = flags.targetAuc === undefined
    ? DEFAULT_TARGET_AUC : parseInRange('target-auc', flags.targetAuc, 0.5, 1);
  return { kind: 'auc', target, conservative: flags.conservative === true };
}

/**
 * The clipping radius: a number, 'auto', or none. An ε target turns on
 * 'auto' unless clipping was refused, and says so.
 */
export function parseClip(
  flags: PrivacyFlags, choice: WeightChoice, note: (message: string) => void,
): number | 'auto' | undefined {
  if (flags.clipLatent === false) return undefined;
  if (typeof flags.clipLatent === 'string') {
    return flags.clipLatent === 'auto' ? 'auto' : parsePositive('clip-latent', flags.clipLatent);
  }
  if (choice.kind === 'epsilon') {
    note('--target-epsilon turns on latent clipping (--clip-latent auto); ' +
      'give --no-clip-latent to keep the network bound instead');
    return 'auto';
  }
  return undefined;
}

export function parseDelta(text: string | undefined): number {
  if (text === undefined) return DEFAULT_DELTA;
  const delta = parseNumber('delta', text);
  if (!(delta > 0 && delta < 1)) {
    throw new LniError('invalid-option', `--delta must be in (0, 1), got ${text}`);
  }
  return delta;
}

export function parseGrid(text: string | undefined): number[] | undefined {
  if (text === undefined) return undefined;
  return splitList(text).map((item) => parseInRange('w-grid', item, 0, 1));
}
