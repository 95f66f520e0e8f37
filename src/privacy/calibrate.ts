import type { Bijection } from '../mechanism/index.js';
import type { Random } from '../util/random.js';
import { assert } from '../util/errors.js';
import { largestWForEpsilon, privacyLoss } from './accountant.js';
import {
  runAttacks, type AttackData, type AttackName, type AttackReport,
} from './attacks/index.js';

/** Default w grid (method.md §6); refined by bisection where the target is crossed. */
export const DEFAULT_W_GRID: readonly number[] = [0, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8,
  0.9, 0.95];

/** 0.55 is a convention, not a law: it is a parameter everywhere. */
export const DEFAULT_TARGET_AUC = 0.55;

export type CalibrationTarget =
  | { kind: 'auc'; auc?: number; conservative?: boolean }
  | { kind: 'epsilon'; epsilon: number };

export interface CalibrationOptions {
  /** Synthetic encoded rows for the member rows at weight w (members.rows × p). */
  synthesizeAt: (w: number) => Float64Array | Promise<Float64Array>;
  data: AttackData;
  /** The flow, for the model-aware latent attack. */
  bijection?: Bijection;
  grid?: readonly number[];
  target?: CalibrationTarget;
  /** S, for ε on the frontier and for an ε target. */
  sensitivity?: number;
  /** δ in (0, 1), default 1e-6. */
  delta?: number;
  /** Optional fidelity scores of a synthetic table, shown on the frontier. */
  fidelity?: (synthetic: Float64Array, w: number) =>
    Record<string, number> | Promise<Record<string, number>>;
  /** Bisection steps between the last passing and first failing grid w (default 4). */
  refineSteps?: number;
  /** Bootstrap resamples per AUC (default 1000). */
  replicates?: number;
  rng: Random;
  onProgress?: (w: number, evaluated: number) => void;
  /** Every attack report the frontier was built from (with ROC curves), by w. */
  onAttacks?: (w: number, report: AttackReport) => void;
}

export interface FrontierPoint {
  w: number;
  /** True for a point added by bisection rather than taken from the grid. */
  refined: boolean;
  attacks: { name: AttackName; auc: number; ciLow: number; ciHigh: number }[];
  worstAuc: number;
  /** The largest upper 95% bound over the attacks. */
  worstCiHigh: number;
  /** ε(w, δ) when a sensitivity is given; null when none is given or at w = 1. */
  epsilon: number | null;
  noPrivacy: boolean;
  fidelity?: Record<string, number>;
}

export type CalibrationChoice =
  | { kind: 'chosen'; w: number; by: 'auc' | 'epsilon'; description: string }
  | { kind: 'none-qualifies'; reason: string };

export interface Calibration {
  frontier: FrontierPoint[];
  choice: CalibrationChoice;
  warnings: string[];
}

/**
 * Calibrates w (method.md §6). By attack: the largest grid w below the
 * first one whose worst attack AUC (or, when conservative, its upper 95%
 * bound) exceeds the target, refined by bisection towards that first
 * failure. A larger w that passes again after a failure is not taken:
 * attacks grow stronger with w, so a pass above a failure is the audit's
 * sampling noise, and taking it would choose w on a lucky draw. By ε: the
 * largest w with ε(w, δ) ≤ target, solved exactly (largestWForEpsilon).
 * Either way the frontier (AUCs, ε, fidelity per w) is evaluated and
 * returned. Choosing w from attacks on the same rows makes w data-dependent:
 * the privacy summary says so.
 */
export async function calibrateW(options: CalibrationOptions): Promise<Calibration> {
  const grid = [...(options.grid ?? DEFAULT_W_GRID)].sort((a, b) => a - b);
  assert(grid.length > 0 && grid.every((w) => w >= 0 && w <= 1),
    () => `the w grid must be non-empty and within [0, 1], got ${grid.join(', ')}`);
  const target = options.target ?? { kind: 'auc' };
  const delta = options.delta ?? 1e-6;
  const frontier: FrontierPoint[] = [];
  const warnings: string[] = [];

  const evaluate = async (w: number, refined: boolean): Promise<FrontierPoint> => {
    const point = await evaluatePoint(options, w, refined, delta);
    frontier.push(point);
    options.onProgress?.(w, frontier.length);
    return point;
  };
  const points: FrontierPoint[] = [];
  for (const w of grid) points.push(await evaluate(w, false));

  let choice: CalibrationChoice;
  if (target.kind === 'epsilon') {
    choice = chooseByEpsilon(target.epsilon, options.sensitivity, delta, grid);
  } else {
    const limit = target.auc ?? DEFAULT_TARGET_AUC;
    const conservative = target.conservative ?? false;
    const passes = (point: FrontierPoint): boolean =>
      (conservative ? point.worstCiHigh : point.worstAuc) <= limit;
    const measure = conservative ? 'upper 95% bound of the worst attack AUC'
      : 'worst attack AUC';

    const last = lastBeforeFailure(points.map(passes));
    if (last < 0) {
      const first = points[0];
      const above = `Even at w = ${first.w} the ${measure} is `
        + `${(conservative ? first.worstCiHigh : first.worstAuc).toFixed(3)}, above the target `
        + `${limit}.`;
      choice = { kind: 'none-qualifies', reason: first.w > 0
        ? `${above} The grid starts above w = 0: add 0 and smaller w to --w-grid.`
        : `${above} At w = 0 the rows are fresh draws from the flow, so this is the `
        + 'flow\'s fit to its own rows (when it was fitted on the rows it releases) or the '
        + 'audit\'s sampling noise on few rows (see the AUC intervals in the frontier): fit on a '
        + 'separate split (--fit-fraction) unless you did, use more rows, or raise the target '
        + 'knowingly.' };
    } else {
      const later = points.slice(last + 1).find(passes);
      if (later !== undefined) {
        warnings.push(`The ${measure} is not monotone in w across the grid (sampling noise): `
          + `w = ${later.w} passed the target again after w = ${points[last + 1].w} failed; `
          + 'lni keeps below the first failure. To judge each w by its AUC\'s upper 95% bound '
          + 'instead, give --conservative (conservative: true in the library).');
      }
      let low = points[last].w;
      if (last + 1 < points.length) {
        let high = points[last + 1].w;
        for (let step = 0; step < (options.refineSteps ?? 4); step++) {
          const middle = (low + high) / 2;
          if (passes(await evaluate(middle, true))) low = middle;
          else high = middle;
        }
      }
      choice = { kind: 'chosen', w: low, by: 'auc',
        description: `largest w below the first with ${measure} above ${limit}` };
    }
  }
  frontier.sort((a, b) => a.w - b.w);
  return { frontier, choice, warnings };
}

/**
 * The index of the last grid point before the first that fails, or -1
 * when the first fails: grid points passing again after a failure are not
 * counted (see calibrateW).
 */
export function lastBeforeFailure(passes: readonly boolean[]): number {
  const failure = passes.indexOf(false);
  return failure < 0 ? passes.length - 1 : failure - 1;
}

async function evaluatePoint(
  options: CalibrationOptions, w: number, refined: boolean, delta: number,
): Promise<FrontierPoint> {
  const { data } = options;
  const synthetic = await options.synthesizeAt(w);
  assert(synthetic.length === data.members.rows * data.dimension,
    () => `synthesizeAt(${w}) returned ${synthetic.length} values, expected `
      + `${data.members.rows} rows × ${data.dimension}`);
  const report = runAttacks(data, { values: synthetic, rows: data.members.rows },
    options.rng.fork(), { bijection: options.bijection, w, replicates: options.replicates });
  options.onAttacks?.(w, report);
  const attacks = report.results.map(({ name, auc, ciLow, ciHigh }) =>
    ({ name, auc, ciLow, ciHigh }));

  let epsilon: number | null = null;
  if (options.sensitivity !== undefined) {
    const loss = privacyLoss(options.sensitivity, w, delta);
    epsilon = loss.kind === 'epsilon' ? loss.epsilon : null;
  }
  const point: FrontierPoint = {
    w, refined, attacks,
    worstAuc: Math.max(...attacks.map((attack) => attack.auc)),
    worstCiHigh: Math.max(...attacks.map((attack) => attack.ciHigh)),
    epsilon, noPrivacy: w === 1,
  };
  if (options.fidelity !== undefined) point.fidelity = await options.fidelity(synthetic, w);
  return point;
}

function chooseByEpsilon(
  targetEpsilon: number, sensitivity: number | undefined, delta: number,
  grid: readonly number[],
): CalibrationChoice {
  if (sensitivity === undefined) {
    return { kind: 'none-qualifies',
      reason: 'An ε target needs a sensitivity bound, and none was given.' };
  }
  if (!(targetEpsilon > 0)) {
    return { kind: 'none-qualifies',
      reason: `ε target ${targetEpsilon} is not positive: only w = 0 (fresh samples) meets it.` };
  }
  if (sensitivity === 0) {
    // A one-point domain: every w < 1 has ε = 0.
    const w = Math.max(...grid.filter((value) => value < 1), 0);
    return { kind: 'chosen', w, by: 'epsilon', description: 'S = 0, so every w < 1 has ε = 0' };
  }
  const w = largestWForEpsilon(sensitivity, targetEpsilon, delta);
  return { kind: 'chosen', w, by: 'epsilon',
    description: `largest w with ε(w, δ = ${delta}) ≤ ${targetEpsilon}` };
}
