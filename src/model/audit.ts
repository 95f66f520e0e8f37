/**
 * The membership audit behind a release (method.md §5, §6): a separate
 * model fitted on a member subset, attacked at every w of the frontier, so
 * the released model itself never has to be attacked.
 */
import { injectNoise } from '../mechanism/index.js';
import {
  calibrateW, certifySensitivity, DEFAULT_DELTA, MIN_AUDIT_GROUP, runAttacks, selectRows,
  splitForAudit,
} from '../privacy/index.js';
import type {
  AttackData, AttackReport, AuditSplit, Calibration, SensitivityCertificate,
} from '../privacy/index.js';
import type { Encoder, Schema, Table } from '../table/index.js';
import { LniError } from '../util/errors.js';
import type { Random } from '../util/random.js';
import { compareTables, fidelityHeadline } from './fidelity.js';
import { fitModel } from './model.js';
import type { ReleaseOptions } from './release.js';
import { personGroups, randomSplit, selectTableRows } from './subset.js';

export interface AuditResult {
  calibration?: Calibration;
  /** Runs every attack against a release at w (on the audit model). */
  attackAt: (w: number) => AttackReport;
  /** The audit model's certificate: the S behind every ε on the frontier. */
  sensitivity: SensitivityCertificate;
  /** True when the audit model was fitted on rows other than those it released. */
  splitMode: boolean;
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
  const judged = new Map<number, AttackReport>();
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
    // A fixed w is not chosen here: the frontier is only reported, so no
    // bisection towards a target nobody set.
    ...(options.choice.kind === 'fixed' ? { refineSteps: 0 } : {}),
    onProgress: options.onCalibrationStep,
    onAttacks: (w, report) => judged.set(w, report),
  });
  // The released w is a frontier point when it was chosen by attack: report
  // the very attacks calibration judged it by, not a fresh draw of them.
  const attackAt = (w: number) => judged.get(w) ?? prepared.attackAt(w);
  return { calibration, attackAt, sensitivity: prepared.sensitivity,
    splitMode: options.fitFraction !== undefined, note: prepared.note };
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
    ? randomSplit(table.rowCount, AUDIT_MAX_ROWS, rng.fork(),
      personGroups(table, schema)?.groups ?? null).picked
    : Int32Array.from({ length: table.rowCount }, (_, i) => i);
  table = selectTableRows(table, auditRows);
  const { split, modelRows } = auditSplit(table.rowCount, options.fitFraction, holdout, rng,
    personGroups(table, schema)?.groups ?? null);
  if (split.members.length < MIN_AUDIT_GROUP || split.nonMembers.length < MIN_AUDIT_GROUP
    || split.reference.length < 1) {
    throw new LniError('too-few-rows-for-audit',
      `${table.rowCount} rows give the membership audit ${split.members.length} members and ` +
      `${split.nonMembers.length} non-members; it needs at least ${MIN_AUDIT_GROUP} of each ` +
      'for its AUC to mean anything', {
        file: options.file,
        hint: `give at least ${rowsForAudit(holdout, options.fitFraction)} rows, or a ` +
          'fixed --w with --no-audit, knowing no attack evidence backs that release' });
  }
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
 * The fewest rows whose audit split has MIN_AUDIT_GROUP members and
 * non-members (the split's sizes depend on the row count only).
 */
function rowsForAudit(holdout: number, fitFraction: number | undefined): number {
  const enough = (rows: number) => {
    const pool = fitFraction === undefined ? rows : rows - Math.round(rows * fitFraction);
    const held = Math.round(pool * holdout);
    return held >= MIN_AUDIT_GROUP && pool - 2 * held >= MIN_AUDIT_GROUP;
  };
  let rows = 2 * MIN_AUDIT_GROUP;
  while (!enough(rows)) rows++;
  return rows;
}

/**
 * The audit's rows. Normally the members fit the model and are released
 * through it. In split mode the model is fitted on a share `fitFraction` of
 * the rows and the members, non-members and reference rows come from the
 * rest, as in the real release.
 */
function auditSplit(
  rows: number, fitFraction: number | undefined, holdout: number, rng: Random,
  groups: Int32Array | null,
): { split: AuditSplit; modelRows: Int32Array | null } {
  if (fitFraction === undefined) {
    return { split: splitForAudit(rows, rng.fork(), holdout, holdout, groups), modelRows: null };
  }
  const { picked: modelRows, rest: pool } =
    randomSplit(rows, Math.round(rows * fitFraction), rng.fork(), groups);
  const inner = splitForAudit(pool.length, rng.fork(), holdout, holdout,
    groups === null ? null : Int32Array.from(pool, (i) => groups[i]));
  const map = (indices: Int32Array) => Int32Array.from(indices, (i) => pool[i]);
  return {
    split: { members: map(inner.members), nonMembers: map(inner.nonMembers),
      reference: map(inner.reference) },
    modelRows,
  };
}
