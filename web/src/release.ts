/**
 * The app's pipeline, CSV bytes to the three downloads, composed from the
 * core library exactly as `lni run` composes it, so the same seed, w and
 * epoch budget give the same synthetic file here as in the CLI. No DOM and
 * no Node: the worker calls it, and a Node test can too.
 */
import type { EpochReport } from '../../src/flow/index.js';
import { fitModel, synthesize } from '../../src/model/index.js';
import type { FitOptions, LniModel } from '../../src/model/index.js';
import {
  autoClipRadius, certifySensitivity, largestWForEpsilon, privacySummary,
  renderPrivacySummary,
} from '../../src/privacy/index.js';
import type { SensitivityCertificate } from '../../src/privacy/index.js';
import { formatCsv, inferSchema, parseCsv, validateSchema } from '../../src/table/index.js';
import type { Dialect, Schema, Table } from '../../src/table/index.js';
import { LniError } from '../../src/util/errors.js';
import { runAudit, type AuditOutcome } from './audit.js';
import type { ReleaseOutput, ReleaseSettings, Stage } from './messages.js';
import { buildReport } from './report-data.js';

export interface LoadedTable {
  name: string;
  table: Table;
  dialect: Dialect;
  schema: Schema;
  notes: string[];
}

/** Parses the file and infers its schema, as `lni schema` does. */
export function loadTable(name: string, bytes: Uint8Array): LoadedTable {
  const parsed = parseCsv(bytes, { file: name });
  const schema = inferSchema(parsed.table, { file: name });
  return { name, table: parsed.table, dialect: parsed.dialect, schema, notes: parsed.notes };
}

export interface ReleaseHooks {
  onStage?: (stage: Stage, detail: string) => void;
  onEpoch?: (stage: 'audit-fit' | 'fit', report: EpochReport) => void;
  /** Polled between epochs and between stages. */
  shouldStop?: () => boolean;
}

/** Thrown when the user cancels; carries no data. */
export class Cancelled extends Error {
  constructor() {
    super('cancelled by the user');
  }
}

/**
 * Fits, chooses w, releases and reports. The release model is fitted with
 * the options `lni run --seed S [--epochs N]` uses, on all rows, and
 * synthesized with shuffling on, so its CSV matches the CLI's byte for byte.
 */
export async function release(
  input: LoadedTable, editedSchema: unknown, settings: ReleaseSettings,
  hooks: ReleaseHooks = {},
): Promise<ReleaseOutput> {
  const stop = () => {
    if (hooks.shouldStop?.() === true) throw new Cancelled();
  };
  const schema = validateSchema(editedSchema, input.table);
  const { choice } = settings;
  const notes: string[] = [];

  let audit: AuditOutcome | undefined;
  if (choice.kind === 'auc') {
    hooks.onStage?.('audit-fit', 'fitting an audit model on 60% of the rows');
    audit = await runAudit(input, schema, settings, hooks);
    stop();
  }

  hooks.onStage?.('fit', 'fitting the release model on all rows');
  const model = fitModel(input.table, schema, fitOptions(input, settings, hooks));
  stop();

  hooks.onStage?.('certify', 'certifying the sensitivity S');
  const clipRadius = settings.clip ? autoClipRadius(model.encoder.dimension) : undefined;
  const certificate = certifySensitivity(model.flow, model.encoder.domain(), { clipRadius });
  const w = chooseW(settings, certificate, audit, notes);
  stop();
  if (choice.kind !== 'auc' && settings.audit) {
    hooks.onStage?.('audit-fit', 'fitting an audit model on 60% of the rows');
    audit = await runAudit(input, schema, settings, hooks, w);
    stop();
  }

  hooks.onStage?.('release', `releasing ${input.table.rowCount} rows at w = ${w}`);
  const synthesis = synthesize(model, input.table, {
    w, seed: settings.seed, clipRadius, shuffle: true, file: input.name,
  });
  const csv = formatCsv(synthesis.table, input.dialect);
  const privacy = privacySummary({
    certificate, w, delta: settings.delta,
    releasedRows: synthesis.rows, clippedRows: synthesis.clippedRows,
    wChosenBy: choice.kind === 'direct' ? 'user' : choice.kind,
    attacks: audit?.attacks.results, frontier: audit?.calibration?.frontier,
    warnings: [...(audit?.warnings ?? []), ...notes],
  });
  stop();

  hooks.onStage?.('report', 'rendering the HTML report');
  const reportHtml = await buildReport({
    input, schema, model, synthetic: synthesis.table, privacy, certificate, audit, settings,
  });
  const stem = input.name.replace(/\.[^.]*$/, '') || 'table';
  return {
    csv, csvName: `${stem}.synthetic.csv`,
    privacy, privacyLines: renderPrivacySummary(privacy), privacyName: `${stem}.privacy.json`,
    reportHtml, reportName: `${stem}.report.html`,
    w, seed: settings.seed, rows: synthesis.rows,
    epochsRun: model.training.epochsRun, notes,
  };
}

/** The fit options of `lni run`: only seed, epochs and the file name. */
export function fitOptions(
  input: LoadedTable, settings: ReleaseSettings, hooks: ReleaseHooks,
  stage: 'audit-fit' | 'fit' = 'fit',
): FitOptions {
  return {
    seed: settings.seed,
    epochs: settings.epochs,
    file: input.name,
    onEpoch: (report) => hooks.onEpoch?.(stage, report),
    shouldStop: hooks.shouldStop,
  };
}

function chooseW(
  settings: ReleaseSettings, certificate: SensitivityCertificate,
  audit: AuditOutcome | undefined, notes: string[],
): number {
  const { choice } = settings;
  if (choice.kind === 'direct') return choice.w;
  if (choice.kind === 'epsilon') {
    if (certificate.sensitivity === 0) return 1 - Number.EPSILON;
    return largestWForEpsilon(certificate.sensitivity, choice.targetEpsilon, settings.delta);
  }
  const decision = audit?.calibration?.choice;
  if (decision === undefined) {
    throw new LniError('calibration-failed', 'The audit did not run, so no w was chosen.');
  }
  if (decision.kind === 'chosen') return decision.w;
  notes.push(`${decision.reason} w = 0 (fresh samples from the flow) was released instead.`);
  return 0;
}

/** The fitted model, for tests that compare with the CLI. */
export type { LniModel };
