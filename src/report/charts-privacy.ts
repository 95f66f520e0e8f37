/**
 * Vega-Lite specs for the privacy section: attack ROC curves against the
 * chance diagonal, and the privacy–utility frontier over w.
 */

import type { TopLevelSpec } from 'vega-lite';
import { directionText, formatInterval, formatNumber } from './format.js';
import { COLORS } from './svg.js';
import type { AttackAudit, AttackCurve, FrontierData, RocCurve } from './types.js';

/**
 * Attack and measure colours, kept apart from the real/synthetic pair and
 * from the green that marks the released w.
 */
export const SERIES_COLORS = ['#6a4c93', '#c2185b', '#8d6e63', '#1f78b4', '#d4a017', '#7f7f7f'];

export function attackLabel(attack: AttackCurve): string {
  return `${attack.title}: AUC ${formatNumber(attack.auc)} `
    + formatInterval(attack.ciLow, attack.ciHigh);
}

/** Enough points for a smooth curve at chart size; a large audit has thousands. */
const MAX_ROC_POINTS = 300;

/** Every k-th point of the curve, always keeping both ends. */
export function thinRoc(roc: RocCurve, maxPoints = MAX_ROC_POINTS): { fpr: number; tpr: number }[] {
  const count = Math.min(roc.falsePositiveRate.length, roc.truePositiveRate.length);
  const stride = Math.max(1, Math.ceil(count / maxPoints));
  const points: { fpr: number; tpr: number }[] = [];
  for (let i = 0; i < count; i += 1) {
    if (i % stride === 0 || i === count - 1) {
      points.push({ fpr: roc.falsePositiveRate[i], tpr: roc.truePositiveRate[i] });
    }
  }
  return points;
}

/** ROC curves; the dashed diagonal is an attacker who guesses. */
export function rocSpec(data: AttackAudit): TopLevelSpec {
  const labels = data.attacks.map(attackLabel);
  const values = data.attacks.flatMap((attack, a) =>
    thinRoc(attack.roc).map((point, i) => ({ attack: labels[a], i, ...point })));
  const rate = (field: string, title: string) => ({
    field, type: 'quantitative' as const, title,
    scale: { domain: [0, 1], nice: false }, axis: { tickCount: 5, format: '.1f' },
  });
  return {
    width: 280,
    height: 280,
    layer: [
      {
        data: { values: [{ fpr: 0, tpr: 0, fpr2: 1, tpr2: 1 }] },
        mark: { type: 'rule', strokeDash: [4, 4], color: COLORS.chance },
        encoding: {
          x: rate('fpr', 'false positive rate (non-members flagged)'),
          y: rate('tpr', 'true positive rate (members found)'),
          x2: { field: 'fpr2' }, y2: { field: 'tpr2' },
        },
      },
      {
        data: { values },
        mark: { type: 'line', strokeWidth: 2, interpolate: 'linear' },
        encoding: {
          x: { field: 'fpr', type: 'quantitative' },
          y: { field: 'tpr', type: 'quantitative' },
          order: { field: 'i', type: 'quantitative' },
          color: {
            field: 'attack', type: 'nominal', sort: labels,
            scale: { domain: labels, range: SERIES_COLORS.slice(0, labels.length) },
            legend: null,
          },
        },
      },
    ],
  } as TopLevelSpec;
}

/** Powers of ten spanning [low, high], for a log axis that reads plainly. */
function decades(low: number, high: number): number[] {
  const ticks: number[] = [];
  for (let k = Math.floor(Math.log10(low)); k <= Math.ceil(Math.log10(high)); k += 1) {
    ticks.push(10 ** k);
  }
  return ticks;
}

/**
 * Three panels sharing the w axis: ε on a log scale (it spans orders of
 * magnitude; ε = 0 at w = 0 cannot be drawn there), worst attack AUC with
 * its interval and the chance line, and each fidelity measure. The
 * released w is marked on every panel.
 */
export function frontierSpec(data: FrontierData): TopLevelSpec {
  const rows = [...data.rows].sort((a, b) => a.w - b.w);
  const w = {
    field: 'w', type: 'quantitative' as const, title: 'w (0 fresh sample, 1 the data)',
    // '~g' writes a point's w in full (0.95, 0.06875) where '.1f' rounded it.
    scale: { domain: [0, 1] }, axis: { tickCount: 5, format: '~g' },
  };
  const chosen = data.chosenW === undefined ? [] : [{
    data: { values: [{ w: data.chosenW }] },
    mark: { type: 'rule', color: COLORS.chosen, strokeWidth: 1.5 },
    encoding: { x: { field: 'w', type: 'quantitative' } },
  }];
  const horizontal = (at: number | undefined, dash: number[], color: string) =>
    at === undefined ? [] : [{
      data: { values: [{ at }] },
      mark: { type: 'rule', strokeDash: dash, color },
      encoding: { y: { field: 'at', type: 'quantitative' } },
    }];
  const line = (color: string) => ({
    type: 'line', color, strokeWidth: 2, point: { filled: true, size: 22, color },
  });

  const epsilonValues = rows
    .filter((row) => row.epsilon !== null && row.epsilon > 0)
    .map((row) => ({ w: row.w, epsilon: row.epsilon as number }));
  const epsilons = epsilonValues.map((row) => row.epsilon);
  const ticks = epsilons.length === 0 ? [1]
    : decades(Math.min(...epsilons), Math.max(...epsilons));
  const epsilonPanel = {
    width: 230, height: 170,
    title: `ε at δ = ${formatNumber(data.delta)} (lower is more private)`,
    layer: [
      ...horizontal(data.epsilonTarget, [4, 4], COLORS.muted),
      {
        data: { values: epsilonValues },
        mark: line(COLORS.ink),
        encoding: {
          x: w,
          y: { field: 'epsilon', type: 'quantitative', title: 'ε (log scale)',
            scale: { type: 'log', domain: [ticks[0], ticks[ticks.length - 1]] },
            axis: { values: ticks, format: ',~g' } },
        },
      },
      ...chosen,
    ],
  };

  const aucValues = rows.map((row) => ({
    w: row.w, auc: row.worstAuc,
    lower: row.worstCiLow ?? row.worstAuc,
    upper: row.worstCiHigh ?? row.worstAuc,
  }));
  const aucPanel = {
    width: 230, height: 170,
    title: 'Worst attack AUC (0.5 is chance)',
    layer: [
      {
        data: { values: aucValues },
        mark: { type: 'area', color: COLORS.chance, opacity: 0.25 },
        encoding: {
          x: w,
          y: { field: 'lower', type: 'quantitative', title: 'AUC, 95% interval',
            scale: { domain: [0.4, 1] }, axis: { tickCount: 6 } },
          y2: { field: 'upper' },
        },
      },
      ...horizontal(0.5, [2, 3], COLORS.chance),
      ...horizontal(data.aucTarget, [6, 4], COLORS.muted),
      {
        data: { values: aucValues },
        mark: line(COLORS.ink),
        encoding: { x: { field: 'w', type: 'quantitative' },
          y: { field: 'auc', type: 'quantitative' } },
      },
      ...chosen,
    ],
  };

  const measureLabel = (label: string) => {
    const measure = data.measures.find((m) => m.label === label);
    return measure === undefined ? label : `${label} (${directionText(measure.direction)})`;
  };
  const measureLabels = data.measures.map((m) => measureLabel(m.label));
  const fidelityValues = rows.flatMap((row) => data.measures.flatMap((m) => {
    const value = row.fidelity?.[m.label];
    return value === null || value === undefined ? []
      : [{ w: row.w, measure: measureLabel(m.label), value }];
  }));
  const fidelityPanel = {
    width: 230, height: 170,
    title: 'Fidelity',
    layer: [
      {
        data: { values: fidelityValues },
        mark: { type: 'line', strokeWidth: 2, point: { filled: true, size: 22 } },
        encoding: {
          x: w,
          y: { field: 'value', type: 'quantitative', title: 'score' },
          color: {
            field: 'measure', type: 'nominal', sort: measureLabels,
            scale: { domain: measureLabels, range: SERIES_COLORS },
            legend: { title: null, orient: 'bottom', direction: 'vertical', labelLimit: 260 },
          },
        },
      },
      ...chosen,
    ],
  };

  return {
    hconcat: [
      ...(epsilonValues.length > 0 ? [epsilonPanel] : []),
      aucPanel,
      ...(fidelityValues.length > 0 ? [fidelityPanel] : []),
    ],
    spacing: 30,
    resolve: { scale: { color: 'independent' } },
  } as TopLevelSpec;
}
