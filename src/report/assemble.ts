/**
 * From lni's results to the report's plain data: the evaluation (fidelity,
 * models, train-on-synthetic test-on-real), the privacy summary, the
 * audit's ROC curves and the frontier become a ReportData. Everything here
 * is an aggregate already; the only function that reads column values,
 * `columnMarginals`, turns them into histograms and level counts at once.
 * Shared by the CLI and the browser app.
 */

import type {
  ColumnFidelity, Evaluation, MetricResult, ModelComparison, TrainTestComparison,
} from '../evaluate/index.js';
import type { AttackReport, FrontierPoint, PrivacySummary } from '../privacy/index.js';
import type { TypedColumn } from '../table/types.js';
import { isTimeOfDay } from '../table/index.js';
import { formatCount, formatNumber } from './format.js';
import { categoricalMarginal, numericMarginal } from './histogram.js';
import type {
  AttackAudit, AttackSummary, CoefficientData, CorrelationData, Estimate, FrontierData,
  Marginal, PrivacyGuarantee, ReportData, Score, SummaryData,
} from './types.js';

/** What a report is assembled from; all aggregates, every part optional but the evaluation. */
export interface ReportSources {
  title?: string;
  subtitle?: string;
  /** A file name the user knows, never a path. */
  dataset?: string;
  evaluation: Evaluation;
  /** From `columnMarginals`; scores are attached from the evaluation. */
  marginals?: Marginal[];
  /** The release's privacy summary (`out.privacy.json`), with its coverage line if any. */
  privacy?: PrivacySummary & { coverage?: string };
  /** The audit at the released w, with ROC curves. */
  audit?: AttackReport;
  /** Members and non-members the audit scored (counts only). */
  auditCounts?: { members: number; nonMembers: number };
  /** The frontier over w; defaults to the privacy summary's. */
  frontier?: readonly FrontierPoint[];
  rows: {
    /** Real rows the synthetic table is compared with (the released rows' originals). */
    real: number;
    synthetic: number;
    /** Rows of the input file, when fewer were released (default: `real`). */
    input?: number;
    /** Input rows held out as test rows for the report, never fitted nor released. */
    testRows?: number;
    /** Split mode: input rows that fitted the flow and are not released. */
    fittedOnly?: number;
  };
  /** w when there is no privacy summary (e.g. given to `lni evaluate`). */
  w?: number;
  /** How w was chosen or where it was read from, as a sentence. */
  wChoice?: string;
  /** The AUC target of the calibration, drawn on the frontier. */
  aucTarget?: number;
  epsilonTarget?: number;
  /** Further sentences for the "Read this first" box. */
  warnings?: string[];
}

/** Warnings from the evaluation shown in the summary card; the rest are counted. */
const MAX_EVALUATION_WARNINGS = 8;
/** Evaluation warnings a reader must see first: undefined scores, unmatched columns. */
const SERIOUS = /not defined|missing from|only in|no estimate|did not converge|separat|misses the real estimate/i;

/**
 * Builds the report's data. Sections without their source are left out
 * (no audit: no ROC curves; no outcome: no coefficients).
 *
 * @example
 *   const evaluation = evaluate(real, synthetic, { outcome: 'y', covariates: ['x'] });
 *   const data = assembleReport({ evaluation, rows: { real: 500, synthetic: 500 },
 *     marginals: columnMarginals(real, synthetic) });
 *   const html = await renderReport(data);
 */
export function assembleReport(sources: ReportSources): ReportData {
  const { evaluation, privacy } = sources;
  const w = privacy?.w ?? sources.w;
  const data: ReportData = {
    title: sources.title ?? (sources.dataset === undefined ? 'Synthetic data report'
      : `Synthetic twin of ${sources.dataset}`),
    subtitle: sources.subtitle,
    summary: summaryData(sources, w),
    marginals: withScores(sources.marginals ?? [], evaluation.columns),
    correlations: correlationData(evaluation),
  };
  if (evaluation.models !== undefined) data.coefficients = coefficientData(evaluation.models, w);
  if (sources.audit !== undefined) data.attacks = attackAudit(sources.audit, sources);
  const frontier = sources.frontier ?? privacy?.frontier ?? [];
  if (frontier.length > 0) {
    data.frontier = frontierData(frontier, privacy?.delta ?? Number.NaN, w, sources);
    if (privacy?.epsilon !== null && privacy?.epsilon !== undefined && privacy.w === w) {
      data.frontier.released = { epsilon: privacy.epsilon,
        modelDependent: privacy.bound !== 'clip' };
    }
  }
  return data;
}

/**
 * Report marginals of matching columns: shared-bin histograms for numeric
 * columns, level counts for categorical ones (see histogram.ts for what
 * they hide). Columns are matched by name; one missing on a side is left out.
 */
export function columnMarginals(
  real: readonly TypedColumn[], synthetic: readonly TypedColumn[],
): Marginal[] {
  const byName = new Map(synthetic.map((column) => [column.name, column]));
  const marginals: Marginal[] = [];
  for (const column of real) {
    const twin = byName.get(column.name);
    if (column.kind === 'numeric' && twin?.kind === 'numeric') {
      const format = column.dateFormat;
      // Dates are never fitted on a log scale, so their range is judged on their own.
      const marginal = numericMarginal(column.name, column.values, twin.values, undefined,
        format === undefined);
      marginals.push(format === undefined ? marginal
        : { ...marginal, time: isTimeOfDay(format) ? 'time of day' : 'date', layout: format });
    } else if (column.kind === 'categorical' && twin?.kind === 'categorical') {
      marginals.push(categoricalMarginal(column.name, column.values, twin.values));
    }
  }
  return marginals;
}

/** An evaluate/ metric as a report score. */
function score(label: string, metric: MetricResult<unknown>): Score {
  return {
    label, value: metric.value, direction: metric.direction, range: metric.range,
    baseline: metric.baseline, ...(metric.warning === undefined ? {} : { warning: metric.warning }),
  };
}

/** The mean of the defined values, as a score; not defined when there are none. */
function meanScore(label: string, values: (number | null | undefined)[], template: Score): Score {
  const defined = values.filter((value): value is number => typeof value === 'number');
  if (defined.length === 0) {
    return { ...template, label, value: null, warning: 'Not defined: no column has a value.' };
  }
  return { ...template, label, value: defined.reduce((a, b) => a + b, 0) / defined.length };
}

function fidelityScores(evaluation: Evaluation): Score[] {
  const scores: Score[] = [];
  const numeric = evaluation.columns.filter((column) => column.ks !== undefined);
  const categorical = evaluation.columns.filter((column) => column.tv !== undefined);
  if (numeric.length > 0) {
    scores.push(meanScore(`Mean KS statistic (${numeric.length} numeric columns)`,
      numeric.map((column) => column.ks?.value), { label: '', value: null,
        direction: 'lower-is-better', range: [0, 1], baseline: '0 is identical, 1 is disjoint' }));
  }
  if (categorical.length > 0) {
    scores.push(meanScore(`Mean total variation (${categorical.length} categorical columns)`,
      categorical.map((column) => column.tv?.value), { label: '', value: null,
        direction: 'lower-is-better', range: [0, 1], baseline: '0 is identical, 1 is disjoint' }));
  }
  const { pearson } = evaluation.correlation;
  if (pearson.names.length > 1) {
    scores.push(score('Max |Δ Pearson r|', pearson.maxAbsDiff));
  }
  if (evaluation.contingency.pairs.length > 0) {
    scores.push(score('Mean contingency similarity', evaluation.contingency.mean));
  }
  if (evaluation.models !== undefined) scores.push(overlapScore(evaluation.models));
  if (evaluation.tstr !== undefined) scores.push(trainTestScore(evaluation.tstr));
  return scores;
}

function overlapScore(models: ModelComparison): Score {
  const against = models.terms.some((term) => term.overlap.against === 'corrected')
    ? 'corrected' : 'naive';
  return meanScore(`Mean 95% interval overlap, real vs ${against} synthetic`,
    models.terms.map((term) => term.overlap.value), {
      label: '', value: null, direction: 'higher-is-better', range: [0, 1],
      baseline: '1 for identical intervals, 0 for disjoint ones',
    });
}

function trainTestScore(tstr: TrainTestComparison | { skipped: string }): Score {
  if ('skipped' in tstr) {
    return { label: 'Train on synthetic, test on real', value: null,
      direction: 'higher-is-better', range: [0, 1], baseline: 'skipped', warning: tstr.skipped };
  }
  const name = tstr.score === 'auc' ? 'AUC' : 'R²';
  const real = tstr.trainReal.value;
  return {
    ...score(`Train on synthetic, test on real: ${name}`, tstr.trainSynthetic),
    baseline: `${tstr.trainSynthetic.baseline}; trained on real rows instead: `
      + `${formatNumber(real)}, on ${tstr.trainSynthetic.breakdown.holdoutRows} held-out rows`,
  };
}

const BOUND_NAMES = {
  clip: 'latent clipping', interval: 'interval propagation', lipschitz: 'the Lipschitz bound',
} as const;

function guarantee(privacy: PrivacySummary): PrivacyGuarantee {
  const detail = privacy.bound === 'clip' && privacy.clipRadius !== null
    ? `S = 2R with R = ${formatNumber(privacy.clipRadius)}` : undefined;
  return {
    epsilon: privacy.epsilon,
    delta: privacy.delta,
    sensitivity: { value: privacy.sensitivity, method: BOUND_NAMES[privacy.bound],
      ...(detail === undefined ? {} : { detail }) },
    boundsSource: privacy.domainSource,
    ...(privacy.clipRadius === null || privacy.clippedRows === null ? {}
      : { clippedRows: privacy.clippedRows }),
  };
}

function worstAttack(sources: ReportSources): AttackSummary | undefined {
  const attacks = sources.audit?.results ?? sources.privacy?.attacks ?? [];
  if (attacks.length === 0) return undefined;
  const worst = attacks.reduce((a, b) => (b.auc > a.auc ? b : a));
  const title = 'title' in worst ? worst.title : worst.name;
  return { title, auc: worst.auc, ciLow: worst.ciLow, ciHigh: worst.ciHigh,
    ...(sources.aucTarget === undefined ? {} : { target: sources.aucTarget }) };
}

/** Why fewer rows came out than went in (test rows, split mode); undefined when as many. */
function rowsInOutNote(rows: ReportSources['rows']): string | undefined {
  const rowsIn = rows.input ?? rows.real;
  if (rowsIn === rows.synthetic) return undefined;
  const held = rows.testRows ?? 0;
  const fitted = rows.fittedOnly ?? 0;
  const parts = [
    ...(held > 0 ? [`${formatCount(held)} were held out as test rows for the report`] : []),
    ...(fitted > 0 ? [`${formatCount(fitted)} fitted the flow in split mode`] : []),
  ];
  if (parts.length === 0) return undefined;
  return `Of the ${formatCount(rowsIn)} input rows, ${parts.join(' and ')}; `
    + `${held > 0 && fitted > 0 ? 'neither is' : 'they are not'} released, so `
    + `${formatCount(rows.synthetic)} synthetic rows come from the other `
    + `${formatCount(rowsIn - held - fitted)}.`;
}

function summaryData(sources: ReportSources, w: number | undefined): SummaryData {
  const { privacy, evaluation } = sources;
  // Routine notes (complete-case row counts) stay with their section.
  const notDefined = evaluation.warnings.filter((warning) => SERIOUS.test(warning));
  const shown = notDefined.slice(0, MAX_EVALUATION_WARNINGS);
  const more = notDefined.length - shown.length;
  const warnings = [
    ...(sources.warnings ?? []), ...(privacy?.warnings ?? []), ...shown,
    ...(more > 0
      ? [`${more} more warnings of this kind (lni evaluate --json lists them all).`] : []),
  ];
  const summary: SummaryData = {
    w: w ?? Number.NaN,
    rowsIn: sources.rows.input ?? sources.rows.real,
    rowsOut: sources.rows.synthetic,
    fidelity: fidelityScores(evaluation),
    assumptions: [
      ...(privacy?.coverage === undefined ? [] : [privacy.coverage]),
      ...(privacy?.assumptions ?? []),
    ],
    warnings,
  };
  // A long table's splits keep each person's rows together (model/subset.ts), which is why
  // the parts are not exactly the shares asked for.
  const person = (privacy?.notes ?? []).map((note) => /^rows are split by person \(column "([^"]+)"/
    .exec(note)?.[1]).find((column) => column !== undefined);
  const rowsNote = rowsInOutNote(sources.rows);
  if (rowsNote !== undefined) {
    summary.rowsNote = person === undefined ? rowsNote
      : `${rowsNote} Rows were split by person (column "${person}"): each person's rows are all `
        + 'on one side.';
  }
  if (sources.dataset !== undefined) summary.dataset = sources.dataset;
  const wChoice = sources.wChoice ?? (w === undefined
    ? 'w is not known: synthetic intervals are not corrected.' : undefined);
  if (wChoice !== undefined) summary.wChoice = wChoice;
  if (privacy !== undefined) summary.privacy = guarantee(privacy);
  const attack = worstAttack(sources);
  if (attack !== undefined) summary.worstAttack = attack;
  return summary;
}

function withScores(marginals: Marginal[], columns: ColumnFidelity[]): Marginal[] {
  const byName = new Map(columns.map((column) => [column.name, column]));
  return marginals.map((marginal) => {
    const column = byName.get(marginal.column);
    const metric = column?.ks ?? column?.tv;
    if (metric === undefined) return marginal;
    return { ...marginal, score: score(column?.ks !== undefined ? 'KS' : 'TV', metric) };
  });
}

function correlationData(evaluation: Evaluation): CorrelationData {
  const { pearson, spearman } = evaluation.correlation;
  return {
    method: 'pearson', names: pearson.names, real: pearson.real, synthetic: pearson.synthetic,
    scores: [
      score('Pearson max |Δr|', pearson.maxAbsDiff),
      score('Pearson Frobenius ‖Δ‖', pearson.frobenius),
      score('Spearman max |Δρ|', spearman.maxAbsDiff),
      score('Spearman Frobenius ‖Δ‖', spearman.frobenius),
    ],
  };
}

function estimate(value: { estimate: number; se: number; ciLow: number; ciHigh: number } | null):
  Estimate | null {
  return value === null ? null
    : { estimate: value.estimate, se: value.se, ciLow: value.ciLow, ciHigh: value.ciHigh };
}

function coefficientData(models: ModelComparison, w: number | undefined): CoefficientData {
  const kind = models.family === 'logistic' ? 'Logistic' : 'Linear';
  const scale = models.family === 'logistic' ? ' (log odds)' : '';
  const data: CoefficientData = {
    model: `${kind} regression of ${models.outcome}${scale}, ${models.rows.real} real and `
      + `${models.rows.synthetic} synthetic complete rows`,
    terms: models.terms.map((term) => ({
      name: term.name,
      real: estimate(term.real),
      synthetic: {
        naive: estimate(term.synthetic.naive),
        ...(w === undefined ? {} : { corrected: estimate(term.synthetic.corrected) }),
      },
    })),
    scores: [overlapScore(models)],
  };
  if (w !== undefined) {
    data.correction = models.releasedPerFitted === null
      ? `naive variance × (2 − w²) with w = ${formatNumber(w)}, `
        + 'exact for a regression slope under Gaussian data (method.md §7)'
      : `naive variance × ${models.correction} with w = ${formatNumber(w)}: the flow was `
        + 'fitted on other rows (split mode), so its own sampling error adds to the release\'s '
        + '(src/evaluate/correction.ts)';
  }
  return data;
}

function attackAudit(audit: AttackReport, sources: ReportSources): AttackAudit {
  return {
    attacks: audit.results.map((result) => ({
      title: result.title, auc: result.auc, ciLow: result.ciLow, ciHigh: result.ciHigh,
      roc: result.roc,
    })),
    ...(sources.auditCounts ?? {}),
    warnings: [
      ...audit.warnings,
      ...audit.skipped.map((skip) => `${skip.name} was not run: ${skip.reason}`),
    ],
  };
}

/** FrontierPoint fidelity keys (model/fidelity.ts) and how to read them. */
const FRONTIER_MEASURES = [
  { key: 'meanKs', label: 'mean KS', direction: 'lower-is-better', baseline: '0 is identical' },
  { key: 'maxCorrelationDiff', label: 'max |Δr|', direction: 'lower-is-better',
    baseline: '0 is identical' },
] as const;

function frontierData(
  points: readonly FrontierPoint[], delta: number, w: number | undefined, sources: ReportSources,
): FrontierData {
  const present = FRONTIER_MEASURES.filter((measure) =>
    points.some((point) => point.fidelity?.[measure.key] !== undefined));
  const rows = points.map((point) => {
    const worst = point.attacks.reduce((a, b) => (b.auc > a.auc ? b : a), point.attacks[0]);
    const fidelity: Record<string, number | null> = {};
    for (const measure of present) {
      const value = point.fidelity?.[measure.key];
      fidelity[measure.label] = typeof value === 'number' && Number.isFinite(value) ? value : null;
    }
    return {
      w: point.w, epsilon: point.epsilon, worstAuc: point.worstAuc,
      ...(worst === undefined ? {} : { worstCiLow: worst.ciLow }),
      worstCiHigh: point.worstCiHigh,
      ...(present.length === 0 ? {} : { fidelity }),
    };
  });
  return {
    rows: [...rows].sort((a, b) => a.w - b.w),
    delta,
    measures: present.map(({ label, direction, baseline }) => ({ label, direction, baseline })),
    ...(w === undefined ? {} : { chosenW: w }),
    ...(sources.aucTarget === undefined ? {} : { aucTarget: sources.aucTarget }),
    ...(sources.epsilonTarget === undefined ? {} : { epsilonTarget: sources.epsilonTarget }),
  };
}
