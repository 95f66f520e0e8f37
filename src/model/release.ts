import {
  certifySensitivity, checkClipRadius, checkWeight, clipRadiusAt, DEFAULT_DELTA,
  largestWForEpsilon, privacySummary,
} from '../privacy/index.js';
import type {
  AttackReport, Calibration, PrivacySummary, SensitivityCertificate,
} from '../privacy/index.js';
import type { Schema, Table } from '../table/index.js';
import { Encoder } from '../table/index.js';
import { LniError, shown } from '../util/errors.js';
import { Random } from '../util/random.js';
import { runAudit } from './audit.js';
import { fitModel, type FitOptions, type LniModel } from './model.js';
import { personGroups, randomSplit, selectTableRows } from './subset.js';
import { checkSeed, synthesize } from './synthesize.js';

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
  /**
   * What the release decided and warns of ("warning: ..." first words),
   * with row numbers for the user; not yet in `summary`. The summary to
   * share is withReleaseNotes(summary, [...notes from inference, ...notes]),
   * which drops the row numbers, as `lni run` writes it.
   */
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
  checkSeed(options.seed);
  checkReleaseOptions(options);
  if (typeof options.clip === 'number') checkClipRadius(options.clip);
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
    : splitTestRows(input.rowCount, options.testHoldout, rng.fork(),
      personGroups(input, schema)?.groups ?? null);
  const table = keptRows === null ? input : selectTableRows(input, keptRows);

  // In long format (a shared ID column) every split keeps a person's rows together.
  const persons = personGroups(table, schema);
  const { fitIndices, releaseIndices } = splitForRelease(table.rowCount, options, splitRng,
    persons?.groups ?? null);
  const wantsAudit = options.audit !== false || options.choice.kind === 'auc';
  if (persons !== null
    && (options.fitFraction !== undefined || options.testHoldout !== undefined || wantsAudit)) {
    notes.push(`rows are split by person (column "${persons.column}", which rows share): each `
      + 'person\'s rows are all on one side of the split');
  }
  const fitTable = selectTableRows(table, fitIndices);
  const releaseTable = selectTableRows(table, releaseIndices);
  const encoder = Encoder.fit(fitTable, schema, options.file);
  notes.push(...encoder.notes);
  if (options.fitFraction !== undefined) {
    const fileRow = (i: number) => (keptRows === null ? i : keptRows[i]) + 1;
    notes.push(...checkSplitRows(encoder, table, releaseTable, releaseIndices, fileRow,
      options.file));
  }
  const p = encoder.dimension;
  const clipRadius = clipRadiusAt(options.clip, p);

  let calibration: Calibration | undefined;
  let audit: AttackReport | undefined;
  let auditW: ((w: number) => AttackReport) | undefined;
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
    ? selectTableRows(fitTable, randomSplit(fitTable.rowCount, options.maxRows,
      splitRng.fork()).picked)
    : fitTable;
  if (modelTable !== fitTable) {
    notes.push(`the flow was fitted on a random ${modelTable.rowCount} of ` +
      `${fitTable.rowCount} rows (--max-rows); every row is released`);
  }
  const model = fitModel(modelTable, schema, {
    ...options.fit, seed: fitSeed, file: options.file, encoder,
  });
  const certificate = certifySensitivity(model.flow, encoder.domain(), { clipRadius });
  const w = resolveWeight(options, calibration, certificate, delta);
  if (w === null) {
    const reason = calibration?.choice.kind === 'none-qualifies'
      ? calibration.choice.reason : 'no w meets the target';
    if (options.force !== true) {
      return finish(null, 0, null, reason);
    }
    // A warning, so the privacy summary and the report say it beside the
    // attack AUC that missed the target, not only stderr.
    notes.push(`warning: no w met the target (${reason}); released at w = 0 because --force ` +
      'was given');
  }
  const releaseW = w ?? 0;
  if (auditW !== undefined) audit = auditW(releaseW);
  // Said only of a release: when nothing is released there is no start to warn of.
  if (model.training.bestEpoch === 0) {
    notes.push('warning: training never improved on the untrained flow, so the release uses ' +
      'the untrained start (marginals only, no dependence); lower --lr or raise --epochs');
  }

  options.onStage?.('release');
  const synthesis = synthesize(model, releaseTable, {
    w: releaseW, seed: releaseSeed, clipRadius, shuffle: options.shuffle, file: options.file,
  });
  return finish(synthesis.table, synthesis.clippedRows, releaseW, undefined);

  function finish(out: Table | null, clippedRows: number, chosenW: number | null,
    refusal: string | undefined): Release {
    const splitMode = options.fitFraction !== undefined;
    const summary = privacySummary({
      certificate, w: chosenW,
      releasedRows: out === null ? 0 : releaseTable.rowCount, clippedRows, delta,
      wChosenBy: options.choice.kind === 'fixed' ? 'user' : options.choice.kind,
      splitMode, attacks: audit?.results, frontier: calibration?.frontier,
      // Calibration's caveats are about choosing w: a fixed w was not chosen.
      warnings: [...(audit?.warnings ?? []),
        ...(options.choice.kind === 'fixed' ? [] : calibration?.warnings ?? []),
        ...(refusal === undefined ? [] : [`Nothing was released: ${refusal}`])],
      latentDimension: model.encoder.dimension,
      ...(options.choice.kind === 'auc' ? { targetAuc: options.choice.target } : {}),
    });
    const testNote = testRows.length === 0 ? ''
      : ` ${testRows.length} test rows were held out before anything else (encoder, audit, ` +
        'fit) for train-on-synthetic test-on-real; the flow never saw them and they are ' +
        'not released.';
    const rowsLeft = testRows.length === 0 ? 'input rows' : 'rows left after the test rows';
    const coverage = (out === null ? 'Rows released: none.' : splitMode
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
 * The choice of w, the grid and the row cap, checked before any fit: the
 * CLI checks its flags, and a library caller gets the same errors, rather
 * than one deep inside after the audit, or (an AUC target above 1, say 55
 * for 55 %) a release at the top of the grid that no attack limited.
 */
function checkReleaseOptions(options: ReleaseOptions): void {
  const choice = options.choice as WeightChoice | undefined;
  const invalid = (message: string, hint?: string) =>
    new LniError('invalid-option', message, { file: options.file, hint });
  if (choice === undefined || choice === null || typeof choice !== 'object') {
    throw invalid('choice must say how w is set: { kind: \'fixed\', w }, { kind: \'auc\', ' +
      'target, conservative } or { kind: \'epsilon\', epsilon }');
  }
  switch (choice.kind) {
    case 'fixed':
      checkWeight(choice.w);
      break;
    case 'auc':
      if (!(typeof choice.target === 'number' && choice.target >= 0.5 && choice.target <= 1)) {
        throw invalid(`the target AUC must be a number in [0.5, 1], got ${shown(choice.target)}`,
          'an AUC is a proportion: 0.5 is chance, 1 a certain attack; e.g. 0.55');
      }
      if (options.audit === false) {
        throw invalid('audit: false needs a fixed w or an ε target: an AUC target is met by ' +
          'auditing');
      }
      break;
    case 'epsilon':
      if (!(typeof choice.epsilon === 'number' && Number.isFinite(choice.epsilon)
        && choice.epsilon > 0)) {
        throw invalid(`the target ε must be a finite number > 0, got ${shown(choice.epsilon)}`);
      }
      break;
    default:
      throw invalid(`choice.kind must be 'fixed', 'auc' or 'epsilon', got ` +
        `${String((choice as { kind?: unknown }).kind)}`);
  }
  if (options.grid !== undefined) {
    const bad = options.grid.find((w) => !(typeof w === 'number' && w >= 0 && w <= 1));
    if (options.grid.length === 0 || bad !== undefined) {
      throw invalid(options.grid.length === 0 ? 'the w grid is empty'
        : `every w of the grid must be a number in [0, 1], got ${shown(bad)}`);
    }
  }
  if (options.maxRows !== undefined
    && !(Number.isInteger(options.maxRows) && options.maxRows >= 2)) {
    throw invalid(`maxRows must be a whole number ≥ 2, got ${shown(options.maxRows)}`);
  }
}

/**
 * Split mode fits the encoder on the fit part only, so the other rows may
 * hold what it never saw. A category level found only there cannot be
 * encoded: an error naming the file row. Values beyond the fit part's
 * range are clipped: warnings naming the first file row.
 */
function checkSplitRows(
  encoder: Encoder, table: Table, releaseTable: Table, releaseIndices: Int32Array,
  fileRow: (index: number) => number, file: string | undefined,
): string[] {
  const unseen = encoder.firstUnseenLevel(table);
  if (unseen !== null) {
    throw new LniError('unseen-level',
      'The cell holds a level found only in rows outside the fit part (split mode), so the ' +
      'encoder fitted on that part cannot encode it', {
        file, column: unseen.column, row: fileRow(unseen.row),
        hint: 'declare the column\'s levels in the schema (lni schema FILE -o schema.json, ' +
          'then add "levels"), so they do not depend on which rows are fitted',
      });
  }
  return encoder.clippingWarnings(releaseTable, file, (i) => fileRow(releaseIndices[i]));
}

/**
 * Test rows for train-on-synthetic test-on-real (method.md §7): a random
 * `share` of the rows, set aside before the encoder, audit and fit see any.
 */
function splitTestRows(rows: number, share: number, rng: Random, groups: Int32Array | null) {
  const { picked, rest } = splitShare(rows, share, 'test holdout', 1, 2, rng, groups);
  return { testRows: picked, keptRows: rest };
}

function splitForRelease(
  rows: number, options: ReleaseOptions, rng: Random, groups: Int32Array | null,
) {
  const all = Int32Array.from({ length: rows }, (_, i) => i);
  if (options.fitFraction === undefined) return { fitIndices: all, releaseIndices: all };
  const { picked, rest } = splitShare(rows, options.fitFraction, 'fit fraction', 2, 1, rng,
    groups);
  return { fitIndices: picked, releaseIndices: rest };
}

/**
 * A random round(rows · share) of the rows and the rest, each at least its
 * minimum; `what` names the option in the error (share outside (0, 1), or
 * too few rows on one side).
 */
function splitShare(
  rows: number, share: number, what: string, minPicked: number, minRest: number, rng: Random,
  groups: Int32Array | null,
) {
  if (!(share > 0 && share < 1)) {
    throw new LniError('invalid-option', `the ${what} must be in (0, 1), got ${share}`);
  }
  const split = randomSplit(rows, Math.round(rows * share), rng, groups);
  if (split.picked.length < minPicked || split.rest.length < minRest) {
    throw new LniError('invalid-option',
      `a ${what} of ${share} leaves too few rows on one side (${rows} rows in all` +
      `${groups === null ? '' : ', split by person'})`);
  }
  return split;
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
