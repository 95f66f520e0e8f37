/**
 * The membership audit the app runs before a release (method.md §5, §6):
 * split the rows, fit an audit model on the members only, attack its
 * releases at each w, and, for an AUC target, calibrate w. The release
 * model is fitted separately on all rows (release.ts), so the released file
 * stays the one the CLI would write for the chosen w.
 */
import { injectNoise } from '../../src/mechanism/index.js';
import { fitModel } from '../../src/model/index.js';
import {
  auditSizeWarnings, autoClipRadius, calibrateW, certifySensitivity, runAttacks,
  splitForAudit,
} from '../../src/privacy/index.js';
import type { AttackData, AttackReport, Calibration } from '../../src/privacy/index.js';
import { typedColumns } from '../../src/table/index.js';
import type { Schema, Table } from '../../src/table/index.js';
import { Random } from '../../src/util/random.js';
import type { ReleaseSettings } from './messages.js';
import { fitOptions, type LoadedTable, type ReleaseHooks } from './release.js';

export interface AuditOutcome {
  /** The attacks at the released w, on the audit model. */
  attacks: AttackReport;
  members: number;
  nonMembers: number;
  /** Present for an AUC target. */
  calibration?: Calibration;
  warnings: string[];
}

/** Bootstrap resamples per AUC: enough for a ±0.01 interval end, quick in a tab. */
const REPLICATES = 400;

/**
 * A seed for the audit's own streams, distinct from the release seed so the
 * audit split shares no randomness with the released file.
 */
function auditSeed(seed: number): number {
  return (Math.imul(seed ^ 0x5bd1e995, 0x27d4eb2d) >>> 1) % 2147483647;
}

/**
 * Runs the audit. With a direct w or an ε target the release w is not known
 * until the release model is certified, so the attacks then run at the w
 * the user gave (direct) or at the calibration's choice (AUC); for an ε
 * target, runAudit is called with the w already chosen.
 */
export async function runAudit(
  input: LoadedTable, schema: Schema, settings: ReleaseSettings, hooks: ReleaseHooks,
  releaseW?: number,
): Promise<AuditOutcome> {
  const random = new Random(auditSeed(settings.seed));
  const split = splitForAudit(input.table.rowCount, random.fork());
  const auditSchema = withObservedLevels(input.table, schema);
  const membersTable = selectTableRows(input.table, split.members);
  const model = fitModel(membersTable, auditSchema, {
    ...fitOptions(input, settings, hooks, 'audit-fit'), seed: auditSeed(settings.seed),
  });

  const encode = (rows: Int32Array) => ({
    values: model.encoder.encode(selectTableRows(input.table, rows), random.fork(), input.name),
    rows: rows.length,
  });
  const data: AttackData = {
    dimension: model.encoder.dimension,
    members: encode(split.members),
    nonMembers: encode(split.nonMembers),
    reference: encode(split.reference),
  };
  const clipRadius = settings.clip ? autoClipRadius(model.encoder.dimension) : undefined;
  const synthesizeAt = (w: number) => injectNoise(model.flow, data.members.values,
    data.members.rows, w, random.fork(), { clipRadius }).synthetic;

  let calibration: Calibration | undefined;
  let w = releaseW ?? (settings.choice.kind === 'direct' ? settings.choice.w : 0);
  if (settings.choice.kind === 'auc') {
    hooks.onStage?.('calibrate', 'attacking the audit model across the w grid');
    const certificate = certifySensitivity(model.flow, model.encoder.domain(), { clipRadius });
    calibration = await calibrateW({
      synthesizeAt, data, bijection: model.flow, rng: random.fork(),
      target: { kind: 'auc', auc: settings.choice.targetAuc },
      sensitivity: certificate.sensitivity, delta: settings.delta, replicates: REPLICATES,
      onProgress: (at, evaluated) =>
        hooks.onStage?.('calibrate', `w = ${at.toFixed(3)} attacked (${evaluated} so far)`),
    });
    if (calibration.choice.kind === 'chosen') w = calibration.choice.w;
  }

  const attacks = runAttacks(data, { values: synthesizeAt(w), rows: data.members.rows },
    random.fork(), { bijection: model.flow, w, replicates: REPLICATES });
  return {
    attacks, members: data.members.rows, nonMembers: data.nonMembers.rows, calibration,
    warnings: [...auditSizeWarnings(data), ...(calibration?.warnings ?? [])],
  };
}

/** The listed rows of a table, in the order given. */
export function selectTableRows(table: Table, rows: Int32Array): Table {
  return {
    names: table.names,
    rowCount: rows.length,
    columns: table.columns.map((column) => Array.from(rows, (i) => column[i])),
  };
}

/**
 * The schema with every category's levels declared from all rows, so an
 * audit model fitted on the members can encode a non-member whose level
 * the members lack. Levels are labels, not rows; the release model still
 * uses the user's schema unchanged.
 */
function withObservedLevels(table: Table, schema: Schema): Schema {
  const levels = new Map<string, string[]>();
  for (const column of typedColumns(table, schema)) {
    if (column.kind === 'categorical') levels.set(column.name, column.levels);
  }
  return {
    ...schema,
    columns: schema.columns.map((column) => column.levels === undefined
      && levels.has(column.name) ? { ...column, levels: levels.get(column.name) } : column),
  };
}
