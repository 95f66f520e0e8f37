import { injectNoise } from '../mechanism/index.js';
import {
  autoClipRadius, calibrateW, certifySensitivity, DEFAULT_DELTA, largestWForEpsilon,
  privacySummary, runAttacks, selectRows, splitForAudit,
} from '../privacy/index.js';
import type {
  AttackData, AttackReport, AuditSplit, Calibration, PrivacySummary, SensitivityCertificate,
} from '../privacy/index.js';
import type { Schema, Table } from '../table/index.js';
import { Encoder } from '../table/index.js';
import { LniError } from '../util/errors.js';
import { Random } from '../util/random.js';
import { compareTables, fidelityHeadline } from './fidelity.js';
import { fitModel, type FitOptions, type LniModel } from './model.js';
import { selectTableRows } from './subset.js';
import { synthesize } from './synthesize.js';

/** How w is set: given, or calibrated by attack AUC or by ε (method.md §6). */
export type WeightChoice =
  | { kind: 'fixed'; w: number }
  | { kind: 'auc'; target: number; conservative: boolean }
  | { kind: 'epsilon'; epsilon: number };

export type ReleaseStage = 'audit-fit' | 'calibrate' | 'fit' | 'release';

export interface ReleaseOptions {
  choice: WeightChoice;
  seed: number;
  /** Architecture and training options for every fit. */
  fit?: Omit<FitOptions, 'seed' | 'file' | 'encoder'>;
  /** Latent clipping radius, or 'auto' for √(χ²_p 0.99 quantile). */
  clip?: number | 'auto';
  delta?: number;
  grid?: readonly number[];
  /** Share of rows held out as non-members, and again as reference rows (default 0.2). */
  holdout?: number;
  /** Run the membership audit (default true; needed for an AUC target). */
  audit?: boolean;
  /** Split mode: fit on this share of rows, release only the others. */
  fitFraction?: number;
  /** Fit the flow on a random subsample of at most this many rows (all are released). */
  maxRows?: number;
  /**
   * Share of rows set aside before anything else (encoder, audit, fit,
   * release) as real test rows the flow never sees, for train-on-synthetic
   * test-on-real; they are not released. Default: none.
   */
  testHoldout?: number;
  /** Release even when no w meets the target. */
  force?: boolean;
  shuffle?: boolean;
  file?: string;
  onStage?: (stage: ReleaseStage) => void;
  onCalibrationStep?: (w: number, evaluated: number) => void;
}

export interface Release {
  /** The synthetic table; null when no w qualified and `force` was not set. */
  table: Table | null;
  model: LniModel;
  summary: PrivacySummary & { coverage: string; fitRows: number };
  calibration?: Calibration;
  audit?: AttackReport;
  /** Indices (into the input) of the rows whose twins were released. */
  releasedRows: Int32Array;
  /** Indices (into the input) of the test rows held out by `testHoldout`; else empty. */
  testRows: Int32Array;
  notes: string[];
}

/**
 * The whole release (method.md §3, §5, §6): an audit model fitted on a
 * member subset with held-out non-members and reference rows; calibration
 * of w on it (or a fixed w, or the largest w meeting a target ε); then the
 * released model refitted on all rows (or, in split mode, on the fit part
 * only), its sensitivity certified, and every released row moved in latent
 * space. With `testHoldout`, a share of rows is set aside first and takes
 * no part in any of it. Streams of randomness are forked from `seed` in a
 * fixed order, so the same seed gives the same table.
 */
export async function auditAndRelease(
  input: Table, schema: Schema, options: ReleaseOptions,
): Promise<Release> {
  const rng = new Random(options.seed);
  const auditRng = rng.fork();
  const splitRng = rng.fork();
  const fitSeed = Math.floor(rng.fork().uniform() * 2 ** 31);
  const releaseSeed = Math.floor(rng.fork().uniform() * 2 ** 31);
  const delta = options.delta ?? DEFAULT_DELTA;
  const notes: string[] = [];

  // Forked last, and only when asked, so a release without test rows draws
  // exactly the streams it drew before the option existed.
  const { keptRows, testRows } = options.testHoldout === undefined
    ? { keptRows: null, testRows: new Int32Array(0) }
    : splitTestRows(input.rowCount, options.testHoldout, rng.fork());
  const table = keptRows === null ? input : selectTableRows(input, keptRows);

  const { fitIndices, releaseIndices } = splitForRelease(table.rowCount, options, splitRng);
  const fitTable = selectTableRows(table, fitIndices);
  const releaseTable = selectTableRows(table, releaseIndices);
  const encoder = Encoder.fit(fitTable, schema, options.file);
  const p = encoder.dimension;
  const clipRadius = options.clip === 'auto' ? autoClipRadius(p) : options.clip;

  let calibration: Calibration | undefined;
  let audit: AttackReport | undefined;
  let auditW: ((w: number) => AttackReport) | undefined;
  const wantsAudit = options.audit !== false || options.choice.kind === 'auc';
  if (wantsAudit) {
    // Split mode is audited as it releases: the audit model sees one part of
    // the rows and the members are rows it never saw.
    const auditTable = options.fitFraction === undefined ? fitTable : table;
    const result = await runAudit(auditTable, schema, encoder, options, auditRng, clipRadius);
    notes.push(result.note);
    calibration = result.calibration;
    auditW = result.attackAt;
  }

  options.onStage?.('fit');
  const modelTable = options.maxRows !== undefined && fitTable.rowCount > options.maxRows
    ? selectTableRows(fitTable,
      splitRng.fork().permutation(fitTable.rowCount).slice(0, options.maxRows).sort())
    : fitTable;
  if (modelTable !== fitTable) {
    notes.push(`the flow was fitted on a random ${modelTable.rowCount} of ` +
      `${fitTable.rowCount} rows (--max-rows); every row is released`);
  }
  const model = fitModel(modelTable, schema, {
    ...options.fit, seed: fitSeed, file: options.file, encoder,
  });
  if (model.training.bestEpoch === 0) {
    notes.push('warning: training never improved on the untrained flow, so the release uses ' +
      'the untrained start (marginals only, no dependence); lower --lr or raise --epochs');
  }
  const certificate = certifySensitivity(model.flow, encoder.domain(), { clipRadius });
  const w = resolveWeight(options, calibration, certificate, delta);
  if (w === null) {
    const reason = calibration?.choice.kind === 'none-qualifies'
      ? calibration.choice.reason : 'no w meets the target';
    if (options.force !== true) {
      return finish(null, 0, Number.NaN, reason);
    }
    notes.push(`no w met the target (${reason}); releasing at w = 0 because --force was given`);
  }
  const releaseW = w ?? 0;
  if (auditW !== undefined) audit = auditW(releaseW);

  options.onStage?.('release');
  const synthesis = synthesize(model, releaseTable, {
    w: releaseW, seed: releaseSeed, clipRadius, shuffle: options.shuffle, file: options.file,
  });
  return finish(synthesis.table, synthesis.clippedRows, releaseW, undefined);

  function finish(out: Table | null, clippedRows: number, chosenW: number,
    refusal: string | undefined): Release {
    const splitMode = options.fitFraction !== undefined;
    const summary = privacySummary({
      certificate, w: Number.isNaN(chosenW) ? 0 : chosenW,
      releasedRows: out === null ? 0 : releaseTable.rowCount, clippedRows, delta,
      wChosenBy: options.choice.kind === 'fixed' ? 'user' : options.choice.kind,
      splitMode, attacks: audit?.results, frontier: calibration?.frontier,
      warnings: [...(audit?.warnings ?? []), ...(calibration?.warnings ?? []),
        ...(refusal === undefined ? [] : [`Nothing was released: ${refusal}`])],
    });
    const testNote = testRows.length === 0 ? ''
      : ` ${testRows.length} test rows were held out before anything else (encoder, audit, ` +
        'fit) for train-on-synthetic test-on-real; the flow never saw them and they are ' +
        'not released.';
    const rowsLeft = testRows.length === 0 ? 'input rows' : 'rows left after the test rows';
    const coverage = (splitMode
      ? `Rows released: ${releaseTable.rowCount} rows not used for fitting (split mode, ` +
        `${fitTable.rowCount} rows fitted the flow and are not released); they carry the ` +
        'guarantee without treating the model as fixed.'
      : `Rows released: all ${releaseTable.rowCount} ${rowsLeft}. ` + (wantsAudit
        ? 'The audit fitted a separate model on a member subset; the released model was ' +
          'refitted on all rows with the chosen w.'
        : 'No audit was run.')) + testNote;
    return {
      table: out, model, calibration, audit, notes,
      summary: { ...summary, coverage, fitRows: fitTable.rowCount },
      releasedRows: keptRows === null ? releaseIndices : releaseIndices.map((i) => keptRows[i]),
      testRows,
    };
  }
}

/**
 * Test rows for train-on-synthetic test-on-real (method.md §7): a random
 * `share` of the rows, set aside before the encoder, audit and fit see any.
 */
function splitTestRows(rows: number, share: number, rng: Random) {
  if (!(share > 0 && share < 1)) {
    throw new LniError('invalid-option', `the test holdout must be in (0, 1), got ${share}`);
  }
  const testCount = Math.round(rows * share);
  if (testCount < 1 || rows - testCount < 2) {
    throw new LniError('invalid-option',
      `a test holdout of ${share} leaves too few rows on one side (${rows} rows in all)`);
  }
  const order = rng.permutation(rows);
  const sorted = (part: Int32Array) => part.slice().sort();
  return {
    testRows: sorted(order.subarray(0, testCount)),
    keptRows: sorted(order.subarray(testCount)),
  };
}

function splitForRelease(rows: number, options: ReleaseOptions, rng: Random) {
  const all = Int32Array.from({ length: rows }, (_, i) => i);
  if (options.fitFraction === undefined) return { fitIndices: all, releaseIndices: all };
  const fraction = options.fitFraction;
  if (!(fraction > 0 && fraction < 1)) {
    throw new LniError('invalid-option', `the fit fraction must be in (0, 1), got ${fraction}`);
  }
  const order = rng.permutation(rows);
  const fitCount = Math.round(rows * fraction);
  if (fitCount < 2 || rows - fitCount < 1) {
    throw new LniError('invalid-option',
      `a fit fraction of ${fraction} leaves too few rows on one side (${rows} rows in all)`);
  }
  const sorted = (part: Int32Array) => part.slice().sort();
  return {
    fitIndices: sorted(order.subarray(0, fitCount)),
    releaseIndices: sorted(order.subarray(fitCount)),
  };
}

function resolveWeight(
  options: ReleaseOptions, calibration: Calibration | undefined,
  certificate: SensitivityCertificate, delta: number,
): number | null {
  const choice = options.choice;
  if (choice.kind === 'fixed') return choice.w;
  if (choice.kind === 'epsilon') {
    const w = largestWForEpsilon(certificate.sensitivity, choice.epsilon, delta);
    return w > 0 ? w : null;
  }
  return calibration?.choice.kind === 'chosen' ? calibration.choice.w : null;
}

export interface AuditResult {
  calibration?: Calibration;
  /** Runs every attack against a release at w (on the audit model). */
  attackAt: (w: number) => AttackReport;
  note: string;
}

/**
 * The membership audit and the frontier over w (method.md §5, §6), on a
 * model fitted to a member subset. Calibrates w when the choice asks for it
 * (an AUC target) and evaluates the frontier for a fixed w too.
 */
export async function runAudit(
  table: Table, schema: Schema, encoder: Encoder, options: ReleaseOptions, rng: Random,
  clipRadius: number | undefined,
): Promise<AuditResult> {
  options.onStage?.('audit-fit');
  const prepared = prepareAudit(table, schema, encoder, options, rng, clipRadius);
  // With an ε target the frontier is still evaluated (method.md §6: always
  // report it); the released w is solved from the released model's own
  // certificate, not from this audit model's.
  options.onStage?.('calibrate');
  const calibration = await calibrateW({
    synthesizeAt: prepared.synthesizeAt,
    data: prepared.data,
    bijection: prepared.model.flow,
    grid: options.grid,
    target: options.choice.kind === 'auc'
      ? { kind: 'auc', auc: options.choice.target, conservative: options.choice.conservative }
      : options.choice.kind === 'epsilon'
        ? { kind: 'epsilon', epsilon: options.choice.epsilon }
        : { kind: 'auc' },
    sensitivity: prepared.sensitivity.sensitivity,
    delta: options.delta ?? DEFAULT_DELTA,
    fidelity: prepared.fidelityAt,
    rng: rng.fork(),
    onProgress: options.onCalibrationStep,
  });
  return { calibration, attackAt: prepared.attackAt, note: prepared.note };
}

/** Rows an audit uses at most (members, non-members and reference together). */
const AUDIT_MAX_ROWS = 10_000;

/**
 * The audit (method.md §5): members, non-members held out before fitting,
 * and reference rows; a model fitted on the members only.
 */
function prepareAudit(
  table: Table, schema: Schema, encoder: Encoder, options: ReleaseOptions, rng: Random,
  clipRadius: number | undefined,
) {
  const holdout = options.holdout ?? 0.2;
  if (!(holdout > 0 && holdout < 0.5)) {
    throw new LniError('invalid-option', `the audit holdout must be in (0, 0.5), got ${holdout}`);
  }
  // The attacks compare every candidate with every synthetic row: cap the
  // audit's size so its cost stays bounded on large tables.
  const capped = table.rowCount > AUDIT_MAX_ROWS;
  const auditRows = capped
    ? rng.fork().permutation(table.rowCount).subarray(0, AUDIT_MAX_ROWS).slice().sort()
    : Int32Array.from({ length: table.rowCount }, (_, i) => i);
  table = selectTableRows(table, auditRows);
  const { split, modelRows } = auditSplit(table.rowCount, options.fitFraction, holdout, rng);
  const membersTable = selectTableRows(table, split.members);
  const modelTable = modelRows === null ? membersTable : selectTableRows(table, modelRows);
  const model = fitModel(modelTable, schema, {
    ...options.fit, seed: Math.floor(rng.fork().uniform() * 2 ** 31), file: options.file, encoder,
  });
  const p = encoder.dimension;
  const encoded = encoder.encode(table, rng.fork(), options.file);
  const rowsOf = (indices: Int32Array) =>
    ({ values: selectRows(encoded, p, indices), rows: indices.length });
  const data: AttackData = {
    dimension: p,
    members: rowsOf(split.members),
    nonMembers: rowsOf(split.nonMembers),
    reference: rowsOf(split.reference),
  };
  const noiseRng = rng.fork();
  const attackRng = rng.fork();
  const synthesizeAt = (w: number) => injectNoise(model.flow, data.members.values,
    data.members.rows, w, noiseRng.fork(), { clipRadius }).synthetic;
  const fidelityAt = (synthetic: Float64Array) => {
    const decoded = encoder.decode(synthetic, data.members.rows);
    const headline = fidelityHeadline(compareTables(membersTable, decoded, schema));
    return { ...headline };
  };
  const attackAt = (w: number) => runAttacks(data, { values: synthesizeAt(w),
    rows: data.members.rows }, attackRng.fork(), { bijection: model.flow, w });
  const sensitivity = certifySensitivity(model.flow, encoder.domain(), { clipRadius });
  const fitted = modelRows === null
    ? `${split.members.length} member rows fitted a separate model`
    : `split mode: ${modelRows.length} rows fitted a separate model and ` +
      `${split.members.length} other rows were released through it`;
  const note = (capped ? `audit on a random ${AUDIT_MAX_ROWS} of the rows; ` : 'audit: ') +
    `${fitted}; ${split.nonMembers.length} non-members and ${split.reference.length} ` +
    'reference rows were held out before fitting';
  return { model, data, synthesizeAt, fidelityAt, attackAt, sensitivity, note };
}

/**
 * The audit's rows. Normally the members fit the model and are released
 * through it. In split mode the model is fitted on a share `fitFraction` of
 * the rows and the members, non-members and reference rows come from the
 * rest, as in the real release.
 */
function auditSplit(
  rows: number, fitFraction: number | undefined, holdout: number, rng: Random,
): { split: AuditSplit; modelRows: Int32Array | null } {
  if (fitFraction === undefined) {
    return { split: splitForAudit(rows, rng.fork(), holdout, holdout), modelRows: null };
  }
  const order = rng.fork().permutation(rows);
  const fitCount = Math.round(rows * fitFraction);
  const pool = order.slice(fitCount).sort();
  const inner = splitForAudit(pool.length, rng.fork(), holdout, holdout);
  const map = (indices: Int32Array) => Int32Array.from(indices, (i) => pool[i]);
  return {
    split: { members: map(inner.members), nonMembers: map(inner.nonMembers),
      reference: map(inner.reference) },
    modelRows: order.slice(0, fitCount).sort(),
  };
}
