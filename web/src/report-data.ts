/**
 * Turns one release's aggregates into the report's ReportData and renders
 * it (report/ does the drawing). Only counts, bin edges, matrices and
 * scores go in: no real row reaches the HTML.
 */
import { evaluate } from '../../src/evaluate/index.js';
import type { Evaluation, MetricResult } from '../../src/evaluate/index.js';
import type { Release } from '../../src/model/index.js';
import { categoricalMarginal, numericMarginal, renderReport } from '../../src/report/index.js';
import type {
  AttackAudit, FrontierData, Marginal, ReportData, Score, SummaryData,
} from '../../src/report/index.js';
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
  const real = typedColumns(args.input.table, args.schema);
  const synthetic = typedColumns(args.synthetic, args.schema);
  const evaluation = evaluate(real, synthetic, { w: args.release.summary.w });
  const data: ReportData = {
    title: `Synthetic release of ${args.input.name}`,
    subtitle: 'lni web app: fitted and rendered in this browser tab; nothing left the machine.',
    summary: summary(args, evaluation),
    marginals: marginals(real, synthetic, evaluation),
    correlations: evaluation.correlation.pearson.names.length < 2 ? undefined : {
      method: 'pearson',
      names: evaluation.correlation.pearson.names,
      real: evaluation.correlation.pearson.real,
      synthetic: evaluation.correlation.pearson.synthetic,
      scores: [
        score('Max |Δ correlation|', evaluation.correlation.pearson.maxAbsDiff),
        score('Frobenius ‖Δ‖', evaluation.correlation.pearson.frobenius),
      ],
    },
    attacks: attackAudit(args.release),
    frontier: frontier(args),
  };
  return renderReport(data);
}

function score(label: string, metric: MetricResult): Score {
  const { value, direction, range, baseline, warning } = metric;
  return { label, value, direction, range, baseline, ...(warning ? { warning } : {}) };
}

/** The mean of the defined values of one per-column metric. */
function meanScore(
  label: string, metrics: (MetricResult | undefined)[], baseline: string,
): Score | undefined {
  const defined = metrics.filter((m): m is MetricResult => m !== undefined);
  if (defined.length === 0) return undefined;
  const values = defined.map((m) => m.value).filter((v): v is number => v !== null);
  return {
    label, direction: 'lower-is-better', range: [0, 1], baseline,
    value: values.length === 0 ? null : values.reduce((a, b) => a + b, 0) / values.length,
    ...(values.length === 0 ? { warning: 'not defined for any column' } : {}),
  };
}

function summary(args: ReportInput, evaluation: Evaluation): SummaryData {
  const { settings } = args;
  const privacy = args.release.summary;
  const audit = args.release.audit;
  const fidelity = [
    meanScore('Mean KS statistic', evaluation.columns.map((c) => c.ks),
      '0 is identical marginals, 1 is disjoint'),
    meanScore('Mean total variation', evaluation.columns.map((c) => c.tv),
      '0 is identical level shares, 1 is disjoint'),
    score('Max |Δ correlation|', evaluation.correlation.pearson.maxAbsDiff),
  ].filter((s): s is Score => s !== undefined);
  const worst = audit?.results.reduce((a, b) => (b.auc > a.auc ? b : a));
  const choice = settings.choice;
  return {
    dataset: args.input.name,
    w: privacy.w,
    wChoice: choice.kind === 'direct' ? 'set by the user'
      : choice.kind === 'epsilon' ? `largest w with ε ≤ ${choice.targetEpsilon}`
        : `largest w with worst attack AUC ≤ ${choice.targetAuc}`,
    rowsIn: args.input.table.rowCount,
    rowsOut: privacy.releasedRows,
    fidelity,
    privacy: {
      epsilon: privacy.epsilon,
      delta: privacy.delta,
      sensitivity: {
        value: privacy.sensitivity,
        method: privacy.bound === 'clip' ? 'latent clipping'
          : privacy.bound === 'interval' ? 'interval propagation' : 'Lipschitz',
        ...(privacy.clipRadius !== null
          ? { detail: `R = ${privacy.clipRadius.toFixed(2)}, √ of the 0.99 χ² quantile` }
          : {}),
      },
      boundsSource: privacy.domainSource === 'schema' ? 'schema' : 'data',
      ...(privacy.clipRadius !== null ? { clippedRows: privacy.clippedRows } : {}),
    },
    ...(worst !== undefined ? { worstAttack: {
      title: worst.title, auc: worst.auc, ciLow: worst.ciLow, ciHigh: worst.ciHigh,
      ...(choice.kind === 'auc' ? { target: choice.targetAuc } : {}),
    } } : {}),
    assumptions: privacy.assumptions,
    warnings: [...privacy.warnings, ...evaluation.warnings],
  };
}

function marginals(
  real: ReturnType<typeof typedColumns>, synthetic: ReturnType<typeof typedColumns>,
  evaluation: Evaluation,
): Marginal[] {
  const out: Marginal[] = [];
  for (const column of real) {
    const twin = synthetic.find((c) => c.name === column.name);
    const fidelity = evaluation.columns.find((c) => c.name === column.name);
    if (twin === undefined) continue;
    if (column.kind === 'numeric' && twin.kind === 'numeric') {
      const marginal = numericMarginal(column.name, column.values, twin.values);
      if (fidelity?.ks !== undefined) marginal.score = score('KS statistic', fidelity.ks);
      out.push(marginal);
    } else if (column.kind === 'categorical' && twin.kind === 'categorical') {
      const marginal = categoricalMarginal(column.name, column.values, twin.values);
      if (fidelity?.tv !== undefined) marginal.score = score('Total variation', fidelity.tv);
      out.push(marginal);
    }
  }
  return out;
}

function attackAudit(release: Release): AttackAudit | undefined {
  const audit = release.audit;
  if (audit === undefined) return undefined;
  return {
    attacks: [...audit.results].sort((a, b) => a.auc - b.auc).map((attack) => ({
      title: attack.title, auc: attack.auc, ciLow: attack.ciLow, ciHigh: attack.ciHigh,
      roc: attack.roc,
    })),
    warnings: audit.warnings,
  };
}

function frontier(args: ReportInput): FrontierData | undefined {
  const points = args.release.calibration?.frontier;
  if (points === undefined || points.length === 0) return undefined;
  return {
    rows: points.map((point) => ({
      w: point.w, epsilon: point.epsilon, worstAuc: point.worstAuc,
      worstCiHigh: point.worstCiHigh,
    })),
    delta: args.release.summary.delta,
    measures: [],
    chosenW: args.release.summary.w,
    ...(args.settings.choice.kind === 'auc' ? { aucTarget: args.settings.choice.targetAuc } : {}),
  };
}
