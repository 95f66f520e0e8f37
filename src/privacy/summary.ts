import { assert, LniError, shown } from '../util/errors.js';
import {
  checkWeight, classicalGaussianEpsilon, noPrivacyWarning, privacyLoss,
} from './accountant.js';
import { AUC_DIRECTION, type AttackResult } from './attacks/index.js';
import { DEFAULT_TARGET_AUC, type FrontierPoint } from './calibrate.js';
import { autoClipRadius, type SensitivityBound, type SensitivityCertificate } from './sensitivity.js';

/** Default δ (method.md §3.8). */
export const DEFAULT_DELTA = 1e-6;

/**
 * What `out.privacy.json` holds: aggregates only, never a row. Plain data,
 * so JSON.stringify round-trips it.
 */
export interface PrivacySummary {
  sensitivity: number;
  bound: SensitivityBound;
  /** The three certificates (null where not available). */
  bounds: { lipschitz: number | null; interval: number | null; clip: number | null };
  domainSource: 'schema' | 'data' | 'mixed';
  /**
   * The w of the release; null when nothing was released (no w met the
   * target), so no reader mistakes a refusal for a release at w = 0.
   */
  w: number | null;
  /** How w was set: by the user, or calibrated by attack AUC or by ε. */
  wChosenBy: 'user' | 'auc' | 'epsilon';
  delta: number;
  /** S·√(w/(1 − w)); null at w = 1 and when nothing was released. */
  mu: number | null;
  /**
   * Analytic Gaussian ε; null with noPrivacy at w = 1, and when nothing was
   * released (no row, so no guarantee to state; 0 would read as perfect).
   */
  epsilon: number | null;
  noPrivacy: boolean;
  /**
   * The classical formula √(2 ln(1.25/δ))·μ, valid only below ε = 1 (above it
   * smaller than the true ε); for comparison, never the guarantee.
   */
  epsilonClassical: number | null;
  /** What epsilonClassical is, beside it, since a JSON reader sees no terminal line. */
  epsilonClassicalNote?: string;
  clipRadius: number | null;
  /** Rows latent clipping pulled in; null when no release was seen (`lni privacy`). */
  clippedRows: number | null;
  releasedRows: number;
  splitMode: boolean;
  attacks: { name: string; auc: number; ciLow: number; ciHigh: number; direction: string }[];
  assumptions: string[];
  warnings: string[];
  /**
   * Decisions the CLI printed that concern this release (a column not
   * modelled, how the audit split the rows, clipping turned on); absent
   * when there were none.
   */
  notes?: string[];
  frontier: FrontierPoint[];
}

/** epsilonClassical's caveat, in the JSON where the number is. */
const CLASSICAL_NOTE = 'the classical formula √(2 ln(1.25/δ))·μ, for comparison only: valid only '
  + 'when it is below 1, and above that smaller than the true ε; the guarantee is epsilon';

export interface SummaryInput {
  certificate: SensitivityCertificate;
  /** The w of the release; null when nothing was released (releasedRows 0). */
  w: number | null;
  /** Rows released (n), for the δ ≥ 1/n check. */
  releasedRows: number;
  /** Omitted when the rows were never seen: only a release knows how many it clips. */
  clippedRows?: number;
  delta?: number;
  wChosenBy?: PrivacySummary['wChosenBy'];
  /** True when the flow was fitted on rows other than the released ones. */
  splitMode?: boolean;
  attacks?: readonly AttackResult[];
  frontier?: readonly FrontierPoint[];
  /** Extra caveats from elsewhere (e.g. the audit's sample-size warnings). */
  warnings?: readonly string[];
  /**
   * The latent dimension p; given, a release without latent clipping is
   * told what the data-free radius would make of ε.
   */
  latentDimension?: number;
  /** The AUC an attack should stay under (default DEFAULT_TARGET_AUC). */
  targetAuc?: number;
}

/** Builds the privacy summary for one release (method.md §3 and §5). */
export function privacySummary(input: SummaryInput): PrivacySummary {
  const { certificate, w, releasedRows } = input;
  const delta = input.delta ?? DEFAULT_DELTA;
  const splitMode = input.splitMode ?? false;
  const wChosenBy = input.wChosenBy ?? 'user';
  // Library callers pass these directly: a bad one is their input, not an internal error.
  if (w !== null) checkWeight(w);
  if (!(typeof delta === 'number' && delta > 0 && delta < 1)) {
    throw new LniError('invalid-option', `δ must be a number in (0, 1), got ${delta}`, {
      hint: 'e.g. delta: 1e-6, below 1 / the number of released rows' });
  }
  if (!(Number.isInteger(releasedRows) && releasedRows >= 0)) {
    throw new LniError('invalid-option',
      `releasedRows must be a whole number ≥ 0, got ${shown(releasedRows)}`, {
        hint: 'the number of rows released, e.g. the synthesis\'s rows' });
  }
  const clipped = input.clippedRows;
  if (clipped !== undefined
    && !(Number.isInteger(clipped) && clipped >= 0 && clipped <= releasedRows)) {
    throw new LniError('invalid-option', `clippedRows must be a count from 0 to the `
      + `${releasedRows} released rows, got ${clipped}`);
  }
  assert(w !== null || releasedRows === 0,
    () => `a release of ${releasedRows} rows needs its w, got null`);
  const loss = w === null ? null : privacyLoss(certificate.sensitivity, w, delta);
  const mu = loss?.kind === 'epsilon' ? loss.mu : null;

  const warnings = [...(input.warnings ?? [])];
  if (releasedRows > 0 && delta >= 1 / releasedRows) {
    warnings.push(`δ = ${delta} is not below 1/n = ${formatNumber(1 / releasedRows)}: `
      + 'a mechanism could then release a whole row outright with probability δ per row.');
  }
  if (loss?.kind === 'none') warnings.push(noPrivacyWarning(certificate.clipRadius));
  const clipping = w === null || loss === null ? null
    : clippingHint(certificate, w, delta, input.latentDimension, loss);
  if (clipping !== null && releasedRows > 0) warnings.push(clipping);
  if (releasedRows > 0) {
    warnings.push(...attacksAboveTarget(input.attacks ?? [], w, input.targetAuc));
  }

  return {
    sensitivity: certificate.sensitivity,
    bound: certificate.bound,
    bounds: { lipschitz: certificate.lipschitz, interval: certificate.interval,
      clip: certificate.clip },
    domainSource: certificate.domainSource,
    w, wChosenBy, delta, mu,
    epsilon: loss?.kind === 'epsilon' ? loss.epsilon : null,
    noPrivacy: loss?.kind === 'none',
    epsilonClassical: mu === null ? null : classicalGaussianEpsilon(mu, delta),
    epsilonClassicalNote: CLASSICAL_NOTE,
    clipRadius: certificate.clipRadius,
    clippedRows: input.clippedRows ?? null,
    releasedRows, splitMode,
    attacks: (input.attacks ?? []).map(({ name, auc, ciLow, ciHigh }) =>
      ({ name, auc, ciLow, ciHigh, direction: AUC_DIRECTION })),
    assumptions: assumptions(certificate, splitMode, wChosenBy,
      (input.attacks ?? []).length > 0 || (input.frontier ?? []).length > 0),
    warnings,
    frontier: (input.frontier ?? []).map((point) => ({ ...point,
      attacks: point.attacks.map((attack) => ({ ...attack })) })),
  };
}

/**
 * One warning per attack whose whole AUC interval lies above the target:
 * the audit found members, whatever w was asked for.
 */
function attacksAboveTarget(
  attacks: readonly AttackResult[], w: number | null, target = DEFAULT_TARGET_AUC,
): string[] {
  // At w = 0 no lower w exists: the rows are fresh draws, and what the
  // attack finds is the flow itself remembering them.
  const advice = w === 0
    ? 'even fresh draws from the flow (w = 0) give members away: fit on more rows, or use '
      + 'split mode (--fit-fraction)'
    : 'choose a lower w, or let lni calibrate it (--target-auc)';
  return attacks.filter((attack) => attack.ciLow > target).map((attack) =>
    `The attack "${attack.title}" tells members from non-members: AUC ${attack.auc.toFixed(3)} `
    + `[${attack.ciLow.toFixed(3)}, ${attack.ciHigh.toFixed(3)}], its whole interval above `
    + `${target}. This release does not hide who was in the data; ${advice}.`);
}

/**
 * What the ε figures rest on, one sentence each: the privacy summary's list,
 * also printed by `lni audit` beside its frontier.
 */
export function assumptions(
  certificate: SensitivityCertificate, splitMode: boolean,
  wChosenBy: PrivacySummary['wChosenBy'], audited: boolean,
): string[] {
  const list = [
    'ε is local and per released row: it compares any two possible rows in the domain, '
      + 'not neighbouring data sets.',
    // With the seed alone, row i's noise was the same at every w, and two
    // releases solved for each row's latent point (496 of 500 rows of a
    // simulated table from releases at w = 0.5 and 0.9); synthesize now keys
    // it by w and the clipping radius as well.
    'ε is for this release alone. Its noise comes from the seed, keyed by w and the clipping '
      + 'radius: a release of the same rows at another w draws unrelated noise, and the ε and δ '
      + 'of such releases add up; the same seed and settings give the same file again. Anyone '
      + 'holding the seed and the model can take the noise off: keep both as private as the '
      + 'data, and give each release a fresh seed (two models, or overlapping tables, released '
      + 'from one seed at one w share their noise).',
    splitMode
      ? 'Split mode: the flow was fitted on other rows; the guarantee holds if the encoder '
        + 'statistics, bounds, category levels and w came from the fit part or the user.'
      : 'The flow was trained on the same rows it releases, so ε treats the trained model as '
        + 'fixed; use split mode for a guarantee without this condition.',
    'Dequantization noise and missing-value fills are drawn afresh at release as part of '
      + 'the mechanism, each inside its cell\'s own interval given the row\'s other values '
      + 'under a Gaussian copula whose correlations were estimated from the fitted rows and '
      + 'are kept in the model; decoding is post-processing only.',
    // Said only where attacks were run: a release without an audit has no AUCs to qualify.
    ...(audited
      ? ['The attack AUCs are an empirical audit against these attacks, not a proof of privacy.']
      : []),
    'Decoding uses statistics of the fitted rows kept in the model: each column\'s levels '
      + '(text levels held by fewer than 5 rows are left out and released as missing cells) and '
      + 'their shares, the shares of its missing tokens held by at least 5 cells, or up to 64 '
      + 'quantiles plus tail quantiles with at least 10 rows beyond them and the two values '
      + 'either side of a wide gap (the exact values of a column with at most 32 distinct '
      + 'values, most of them held by more than one row), so released values are values, or interpolations of quantiles, seen in the '
      + 'data; a number that one category splits clearly keeps such '
      + 'quantiles per level of it, each level with at least 100 rows; each number\'s normal '
      + 'score is shifted by the level of each discrete column (a shrunk regression on levels '
      + 'held by at least 10 rows and lacked by at least 10); in a release of 200 rows or '
      + 'more below w = 1, each level\'s and missing count is drawn as in a sample of as many '
      + 'rows at the stored shares, never the data\'s own count; an order between two date '
      + 'columns that holds in every fitted row is restored by swapping the two dates of a '
      + 'released row that breaks it, and a date that follows another in every fitted row '
      + 'may be modelled as the time after it (its quantiles are of those times), and a '
      + 'date-time as its day and its time of day (quantiles of each); ε covers '
      + 'the latent step, not these statistics.',
  ];
  if (wChosenBy === 'auc') {
    list.push('w was chosen by attacks on the same rows, so w itself depends on the data; '
      + 'ε does not account for that choice.');
  }
  if (certificate.domainSource !== 'data') {
    list.push('Where a column\'s bound is declared, its outermost quantile step ends where the '
      + 'two steps inside it point (never past the bound; at the bound when there are too few '
      + 'steps to go by), not at the data\'s extreme, and a hundredth of a row\'s share of the mass lies '
      + 'between there and the bound: the model keeps no extreme value, and values out to the '
      + 'bound still encode.');
  }
  if (certificate.domainSource !== 'schema') {
    list.push(`Some domain bounds come from the data (min/max): they reveal those extremes, `
      + 'so the guarantee is not clean for those columns. Declare bounds in the schema.');
  }
  if (certificate.bound === 'clip') {
    list.push('S = 2R holds for any flow because latent vectors longer than R are pulled '
      + 'onto the sphere of radius R (R chosen without the data\'s values when set to auto: '
      + 'it depends only on the latent dimension p, which counts a missing indicator for each '
      + 'column with missing cells, as the released table shows anyway).');
  } else {
    list.push(`S rests on the network certificate (${certificate.bound}): certified spectral `
      + 'norms, the bounded log-scale, and the domain box.');
  }
  return list;
}

/**
 * Without latent clipping S comes from the network bounds, which give ε
 * in the thousands or more at useful w (method.md §3.4); the same release
 * with R chosen without the data has S = 2R. Null when clipping is on, or
 * would not lower S.
 */
function clippingHint(
  certificate: SensitivityCertificate, w: number, delta: number, dimension: number | undefined,
  loss: ReturnType<typeof privacyLoss>,
): string | null {
  if (certificate.clipRadius !== null || dimension === undefined || loss.kind !== 'epsilon'
    || w === 0) {
    return null;
  }
  const radius = autoClipRadius(dimension);
  if (2 * radius >= certificate.sensitivity) return null;
  const clipped = privacyLoss(2 * radius, w, delta);
  if (clipped.kind !== 'epsilon') return null;
  return `Without latent clipping S rests on the network's ${certificate.bound} bound; ` +
    `--clip-latent auto (R = ${formatNumber(radius)}, chosen without the data, so S = 2R = ` +
    `${formatNumber(2 * radius)}) would give ε = ${formatNumber(clipped.epsilon)} at this w, ` +
    'pulling the few rows whose latent vector is longer than R onto that sphere.';
}

/**
 * w to three significant digits, with more where those would round it to
 * 0 or 1 (w = 0.999999 is not w = 1, which releases the data).
 */
function formatWeight(w: number): string {
  for (let digits = 3; digits < 17; digits++) {
    const shown = Number(w.toPrecision(digits));
    if ((shown === 1) === (w === 1) && (shown === 0) === (w === 0)) return shown.toString();
  }
  return w.toString();
}

function formatNumber(value: number): string {
  if (value === 0) return '0';
  const magnitude = Math.abs(value);
  if (magnitude >= 1e5 || magnitude < 1e-3) return value.toExponential(2);
  return Number(value.toPrecision(3)).toString();
}

/** A few human-readable lines for the CLI; numbers only, never a row. */
export function renderPrivacySummary(summary: PrivacySummary): string[] {
  const lines: string[] = [];
  const released = summary.releasedRows > 0;
  if (summary.noPrivacy) {
    lines.push(summary.clipRadius === null
      ? 'Privacy: none — w = 1 releases the real rows unchanged.'
      : 'Privacy: none — w = 1 releases the real rows unchanged, except those latent '
        + 'clipping pulled in.');
  } else if (!released || summary.w === null) {
    lines.push('Privacy: no row was released, so no ε applies.');
  } else {
    lines.push(`Privacy (local, per row): ε = ${formatNumber(summary.epsilon ?? NaN)} at `
      + `δ = ${summary.delta.toExponential()}, w = ${formatWeight(summary.w)} `
      + `(μ = ${formatNumber(summary.mu ?? NaN)}; `
      + `the classical formula √(2 ln(1.25/δ))·μ = `
      + `${formatNumber(summary.epsilonClassical ?? NaN)}, valid only below ε = 1, `
      + 'for comparison).');
  }
  const others = (['lipschitz', 'interval', 'clip'] as const)
    .filter((name) => name !== summary.bound && summary.bounds[name] !== null)
    .map((name) => `${name} ${formatNumber(summary.bounds[name] as number)}`);
  const radius = summary.bound === 'clip' && summary.clipRadius !== null
    ? ` at R = ${formatNumber(summary.clipRadius)}` : '';
  const domain = {
    schema: 'all declared in the schema (clean)',
    data: 'read off the data (flagged: they leak the extremes)',
    mixed: 'partly declared, partly read off the data (flagged)',
  }[summary.domainSource];
  lines.push(`Sensitivity S = ${formatNumber(summary.sensitivity)} from the ${summary.bound} `
    + `bound${radius}${others.length > 0 ? ` (${others.join(', ')})` : ''}; domain bounds `
    + `${domain}.`);
  if (summary.clipRadius !== null && released) {
    lines.push(summary.clippedRows === null
      ? 'Latent clipping pulls in the rows whose latent vector is longer than R; how many is '
        + 'known only at release.'
      : `Latent clipping pulled in ${summary.clippedRows} of ${summary.releasedRows} rows.`);
  }
  if (summary.attacks.length > 0) {
    lines.push(`Attack AUCs with 95% intervals (${AUC_DIRECTION}):`);
    for (const attack of summary.attacks) {
      lines.push(`  ${attack.name}: ${attack.auc.toFixed(3)} `
        + `[${attack.ciLow.toFixed(3)}, ${attack.ciHigh.toFixed(3)}]`);
    }
  }
  for (const warning of summary.warnings) lines.push(`Warning: ${warning}`);
  // With no ε printed there is no guarantee to qualify, only the figures.
  lines.push(released && !summary.noPrivacy ? 'This guarantee assumes:' : 'These figures assume:');
  for (const assumption of summary.assumptions) lines.push(`  - ${assumption}`);
  return lines;
}

/**
 * Released rows per row the flow was fitted on, read from a split-mode
 * release's privacy summary (parsed JSON): what the variance correction
 * needs besides w (src/evaluate/correction.ts). Undefined when the flow was
 * fitted on the released rows, or the summary does not say.
 */
export function releasedPerFitted(summary: unknown): number | undefined {
  if (typeof summary !== 'object' || summary === null) return undefined;
  const { splitMode, releasedRows, fitRows } = summary as Record<string, unknown>;
  return splitMode === true && typeof releasedRows === 'number' && typeof fitRows === 'number'
    && releasedRows > 0 && fitRows > 0 ? releasedRows / fitRows : undefined;
}

/**
 * What a privacy summary read back says about the noise in the table
 * beside it: the w of a release, with its split-mode factor, or why there
 * is none.
 */
export type SummaryWeight =
  /** Nothing was modelled (PassThroughSummary): no noise, so no w. */
  | { kind: 'pass-through' }
  /** No w met the target and no row was released: the table beside it is another run's. */
  | { kind: 'refusal' }
  /** No usable w (absent, not a number, outside [0, 1]). */
  | { kind: 'no-w' }
  | { kind: 'weight'; w: number; releasedPerFitted?: number };

/**
 * The SummaryWeight of a parsed privacy summary (possibly written by hand,
 * so any JSON): the one reading of the format for every command that
 * corrects variances with it, each of which words its own refusal.
 */
export function summaryWeight(summary: unknown): SummaryWeight {
  const json = (typeof summary === 'object' && summary !== null ? summary : {}) as
    Record<string, unknown>;
  if (json.passThrough === true) return { kind: 'pass-through' };
  const w = json.w;
  if (w === null && json.releasedRows === 0) return { kind: 'refusal' };
  if (typeof w !== 'number' || !(w >= 0 && w <= 1)) return { kind: 'no-w' };
  const split = releasedPerFitted(json);
  return { kind: 'weight', w, ...(split === undefined ? {} : { releasedPerFitted: split }) };
}

/**
 * A note as the shared summary states it: without the row numbers that
 * stderr gives so the user can find a cell ("the first in row 133"). Which
 * row holds an odd value is a fact about one person; how many is not.
 */
export function withoutRows(note: string): string {
  return note.replace(/ \((?:the )?first in row \d+\)|; the first in row \d+/g, '');
}

/**
 * The summary with a release's notes, without row numbers (withoutRows):
 * those that are warnings ("warning: ...") join its warnings, once each;
 * the others go to its notes.
 */
export function withReleaseNotes<T extends { warnings: string[]; notes?: string[] }>(
  summary: T, notes: readonly string[],
): T {
  const warnings = [...summary.warnings];
  const decisions = [...(summary.notes ?? [])];
  for (const note of notes) {
    const warning = /^warning: /i.exec(note);
    const text = withoutRows(warning === null ? note : note.slice(warning[0].length));
    const list = warning === null ? decisions : warnings;
    if (!list.includes(text)) list.push(text);
  }
  return { ...summary, warnings, ...(decisions.length === 0 ? {} : { notes: decisions }) };
}
