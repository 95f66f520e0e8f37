/**
 * Turns one release's aggregates into the report's ReportData, through the
 * library's `assembleReport` (the same one `lni run --report` uses), and
 * renders it. Only counts, bin edges, matrices and scores go in: no real
 * row reaches the HTML.
 */
import { evaluate, lenient } from '../../src/evaluate/index.js';
import { releasedPerFitted } from '../../src/privacy/index.js';
import { selectTableRows, type Release } from '../../src/model/index.js';
import { assembleReport, columnMarginals, renderReport } from '../../src/report/index.js';
import { typedColumns } from '../../src/table/index.js';
import type { Schema, Table } from '../../src/table/index.js';
import type { ReleaseSettings } from './messages.js';
import type { LoadedTable } from './release.js';

export interface ReportInput {
  input: LoadedTable;
  schema: Schema;
  synthetic: Table;
  release: Release;
  settings: ReleaseSettings;
}

/** Renders the self-contained HTML report of one release. */
export async function buildReport(args: ReportInput): Promise<string> {
  // Compared with the originals of the released rows, as `lni run --report`
  // does: in split mode the fitted rows have no twin in the release.
  const released = selectTableRows(args.input.table, args.release.releasedRows);
  const real = typedColumns(released, args.schema);
  // Read as `lni evaluate` reads it: a stray word read as missing comes
  // back as an empty cell, which the column's missing list may not name.
  const synthetic = typedColumns(args.synthetic, lenient(args.schema));
  const privacy = args.release.summary;
  const evaluation = evaluate(real, synthetic,
    { w: privacy.w ?? undefined, releasedPerFitted: releasedPerFitted(privacy) });
  const { choice } = args.settings;
  return renderReport(assembleReport({
    title: `Synthetic release of ${args.input.name}`,
    subtitle: 'lni web app: fitted and rendered in this browser tab; nothing left the machine.',
    dataset: args.input.name,
    evaluation,
    marginals: columnMarginals(real, synthetic),
    privacy,
    audit: args.release.audit,
    rows: {
      real: released.rowCount, synthetic: privacy.releasedRows,
      input: args.input.table.rowCount,
      fittedOnly: privacy.splitMode ? args.release.summary.fitRows : 0,
    },
    wChoice: choice.kind === 'direct' ? 'set by the user'
      : choice.kind === 'epsilon' ? `largest w with ε ≤ ${choice.targetEpsilon}`
        : `largest w below the first with worst attack AUC above ${choice.targetAuc}`,
    ...(choice.kind === 'auc' ? { aucTarget: choice.targetAuc } : {}),
  }));
}
