/**
 * The app's pipeline, CSV bytes to the three downloads. The release itself
 * is the core's auditAndRelease, called with the options `lni run` passes,
 * so the same seed, w and epoch budget give the same synthetic file here as
 * in the CLI. No DOM and no Node: the worker calls it, and a test can too.
 */
import { auditAndRelease } from '../../src/model/index.js';
import type { ReleaseOptions, ReleaseStage, WeightChoice } from '../../src/model/index.js';
import { renderPrivacySummary, withReleaseNotes } from '../../src/privacy/index.js';
import {
  formatCsv, inferSchema, parseCsv, rareLevelNotes, shareableSchema, validateSchema,
} from '../../src/table/index.js';
import type { Dialect, Schema, Table } from '../../src/table/index.js';
import type { EpochReport } from '../../src/flow/index.js';
import type { ReleaseOutput, ReleaseSettings, WChoice } from './messages.js';
import { buildReport } from './report-data.js';

export interface LoadedTable {
  name: string;
  table: Table;
  dialect: Dialect;
  schema: Schema;
  notes: string[];
}

/**
 * Parses the file and infers its schema as `lni schema` writes it: stray
 * texts a few cells hold are counted, not quoted ("strayTexts"), so the
 * schema the page shows and saves holds none; release reads them again.
 */
export function loadTable(name: string, bytes: Uint8Array): LoadedTable {
  const parsed = parseCsv(bytes, { file: name });
  const schema = shareableSchema(inferSchema(parsed.table, {
    file: name, delimiter: parsed.dialect.delimiter }), parsed.table);
  return { name, table: parsed.table, dialect: parsed.dialect, schema, notes: parsed.notes };
}

export interface ReleaseHooks {
  onStage?: (stage: ReleaseStage | 'report') => void;
  onEpoch?: (stage: ReleaseStage, report: EpochReport) => void;
  onCalibrationStep?: (w: number, evaluated: number) => void;
  /** Polled every epoch; true stops training. */
  shouldStop?: () => boolean;
}

/** Thrown when the user cancels; carries no data. */
export class Cancelled extends Error {
  constructor() {
    super('cancelled by the user');
  }
}

export function weightChoice(choice: WChoice): WeightChoice {
  if (choice.kind === 'direct') return { kind: 'fixed', w: choice.w };
  if (choice.kind === 'epsilon') return { kind: 'epsilon', epsilon: choice.targetEpsilon };
  return { kind: 'auc', target: choice.targetAuc, conservative: false };
}

/**
 * The options `lni run FILE --seed S [--epochs N] [--w W ...]
 * [--fit-fraction F]` gives auditAndRelease.
 */
export function releaseOptions(
  name: string, settings: ReleaseSettings, hooks: ReleaseHooks = {},
): ReleaseOptions {
  let stage: ReleaseStage = 'fit';
  // Thrown from the pipeline's callbacks, a cancel ends it at once rather
  // than after the remaining stages run on a half-trained flow.
  const stopIfAsked = () => {
    if (hooks.shouldStop?.() === true) throw new Cancelled();
  };
  return {
    choice: weightChoice(settings.choice),
    seed: settings.seed,
    clip: settings.clip ? 'auto' : undefined,
    delta: settings.delta,
    audit: settings.audit || settings.choice.kind === 'auc',
    force: settings.force,
    fitFraction: settings.fitFraction,
    shuffle: true,
    file: name,
    fit: {
      epochs: settings.epochs,
      onEpoch: (report) => {
        stopIfAsked();
        hooks.onEpoch?.(stage, report);
      },
      shouldStop: hooks.shouldStop,
    },
    onStage: (next) => {
      stopIfAsked();
      stage = next;
      hooks.onStage?.(next);
    },
    onCalibrationStep: (w, evaluated) => {
      stopIfAsked();
      hooks.onCalibrationStep?.(w, evaluated);
    },
  };
}

/**
 * Validates the edited schema against the table, releases, and renders the
 * report. Resolves to the downloads, or to a refusal (no CSV) when no w
 * meets the target and the user did not ask to release anyway.
 */
export async function release(
  input: LoadedTable, editedSchema: unknown, settings: ReleaseSettings,
  hooks: ReleaseHooks = {},
): Promise<ReleaseOutput> {
  const schema = validateSchema(editedSchema, input.table, input.name);
  const result = await auditAndRelease(input.table, schema,
    releaseOptions(input.name, settings, hooks));
  if (hooks.shouldStop?.() === true) throw new Cancelled();

  const stem = input.name.replace(/\.[^.]*$/, '') || 'table';
  // The privacy file keeps the release's warnings and notes, as lni run's does.
  const rareLevels = rareLevelNotes(input.table, schema, input.name);
  const summary = withReleaseNotes(result.summary,
    [...input.notes, ...rareLevels, ...result.notes]);
  const lines = [...renderPrivacySummary(summary), summary.coverage];
  const output: ReleaseOutput = {
    csv: null, csvName: `${stem}.synthetic.csv`,
    privacy: summary, privacyLines: lines, privacyName: `${stem}.synthetic.privacy.json`,
    reportHtml: null, reportName: `${stem}.report.html`,
    w: summary.w, seed: settings.seed, rows: 0, inputRows: input.table.rowCount,
    fittedOnlyRows: summary.splitMode ? summary.fitRows : 0,
    epochsRun: result.model.training.epochsRun,
    notes: [...rareLevels, ...result.notes],
  };
  if (result.table === null) return output;

  hooks.onStage?.('report');
  output.csv = formatCsv(result.table, input.dialect);
  output.rows = result.table.rowCount;
  // The report states the same warnings as the privacy file.
  output.reportHtml = await buildReport({
    input, schema, synthetic: result.table, release: { ...result, summary }, settings,
  });
  return output;
}
