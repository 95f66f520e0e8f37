/**
 * Vega-Lite specs for the distribution section: one small histogram or bar
 * chart per column (real vs synthetic shares) and correlation heatmaps.
 */

import type { TopLevelSpec } from 'vega-lite';
import { COLORS } from './svg.js';
import { timeTicks } from './time-axis.js';
import type {
  CategoricalMarginal,
  CorrelationData,
  NumericMarginal,
} from './types.js';

const SMALL_WIDTH = 230;
const SMALL_HEIGHT = 110;

/** Each side as shares of its own observed values, so sizes may differ. */
function shares(counts: number[]): number[] {
  const total = counts.reduce((sum, count) => sum + count, 0);
  return counts.map((count) => (total > 0 ? count / total : 0));
}

/**
 * Real shares as filled bars, synthetic shares as an outlined step line
 * over the same bins, so both stay visible where they overlap. A date or
 * time-of-day column's axis is marked on calendar steps and written in the
 * column's layout (its values are day numbers inside), and so are the
 * descriptions screen readers announce.
 */
export function numericMarginalSpec(marginal: NumericMarginal): TopLevelSpec {
  const { edges } = marginal;
  const realShares = shares(marginal.real);
  const syntheticShares = shares(marginal.synthetic);
  const first = edges[0];
  const end = edges[edges.length - 1];
  const ticks = marginal.time === undefined ? undefined
    : timeTicks(first, end, marginal.time, marginal.layout, SMALL_WIDTH);
  // Shares to a whole percent, as the y axis writes them.
  const bars = realShares.map((share, i) => ({ start: edges[i], end: edges[i + 1], share,
    ...(ticks === undefined ? {} : { description: `${ticks.write(edges[i])} to `
      + `${ticks.write(edges[i + 1])}: ${Math.round(100 * share)}% of real values` }) }));

  const outline = [{ i: 0, x: edges[0], share: 0 }];
  syntheticShares.forEach((share, bin) => {
    outline.push({ i: outline.length, x: edges[bin], share });
  });
  const last = syntheticShares.length - 1;
  outline.push({ i: outline.length, x: edges[last + 1], share: syntheticShares[last] });
  outline.push({ i: outline.length, x: edges[last + 1], share: 0 });

  const x = {
    field: 'start', type: 'quantitative' as const, title: null,
    scale: { domain: [first, end], nice: false, zero: false },
    axis: ticks === undefined ? { tickCount: 5, grid: false, labelFlush: true }
      : { values: ticks.values, grid: false, labelFlush: true, labelOverlap: true,
        labelExpr: lookupExpression(ticks.values, ticks.labels),
        description: `${marginal.time === 'date' ? 'Dates' : 'Times'} from ${ticks.write(first)} `
          + `to ${ticks.write(end)}` },
  };
  const y = {
    field: 'share', type: 'quantitative' as const, title: null,
    axis: { format: '.0%', tickCount: 3, domain: false, ticks: false },
  };
  return {
    width: SMALL_WIDTH,
    height: SMALL_HEIGHT,
    layer: [
      {
        data: { values: bars },
        mark: { type: 'rect', color: COLORS.real, opacity: 0.5 },
        encoding: { x, x2: { field: 'end' }, y,
          ...(ticks === undefined ? {} : { description: { field: 'description' } }) },
      },
      {
        data: { values: outline },
        mark: {
          type: 'line', interpolate: 'step-after', color: COLORS.synthetic, strokeWidth: 1.8,
          description: 'Synthetic shares per bin, as an outline',
        },
        encoding: { x: { ...x, field: 'x' }, y, order: { field: 'i', type: 'quantitative' } },
      },
    ],
  };
}

/** A Vega expression writing each tick value as its label (and nothing elsewhere). */
function lookupExpression(values: number[], labels: string[]): string {
  return values.reduceRight((rest, value, i) =>
    `datum.value === ${value} ? ${JSON.stringify(labels[i])} : ${rest}`, "''");
}

/**
 * Sorts a nominal axis by a number each datum carries, not by a list of
 * its labels: Vega-Lite compiles such a list into an expression holding
 * each label as a string, and Vega throws on a string that names a member
 * of every JavaScript object ("constructor", "toString", "valueOf"), so a
 * level, column, term or site so named ended the report in an internal
 * error. Labels that come from a table go through this.
 */
export function inOrder(field: string): { field: string; op: 'min' } {
  return { field, op: 'min' };
}

/** Horizontal bars per level, real and synthetic side by side. */
export function categoricalMarginalSpec(marginal: CategoricalMarginal): TopLevelSpec {
  const realShares = shares(marginal.real);
  const syntheticShares = shares(marginal.synthetic);
  const values = marginal.levels.flatMap((level, i) => [
    { level, order: i, source: 'real', share: realShares[i] },
    { level, order: i, source: 'synthetic', share: syntheticShares[i] },
  ]);
  return {
    width: SMALL_WIDTH - 70,
    height: Math.max(SMALL_HEIGHT - 20, marginal.levels.length * 20),
    data: { values },
    mark: { type: 'bar', cornerRadiusEnd: 2 },
    encoding: {
      y: {
        field: 'level', type: 'nominal', title: null, sort: inOrder('order'),
        scale: { paddingInner: 0.3 },
        axis: { labelLimit: 110, ticks: false, domain: false },
      },
      yOffset: { field: 'source', sort: ['real', 'synthetic'] },
      x: {
        field: 'share', type: 'quantitative', title: null,
        axis: { format: '.0%', tickCount: 3 },
      },
      color: {
        field: 'source', type: 'nominal', legend: null,
        scale: { domain: ['real', 'synthetic'], range: [COLORS.real, COLORS.synthetic] },
      },
    },
  };
}

/** Cell text only while it fits. */
const MAX_LABELLED_COLUMNS = 9;

/**
 * Three heatmaps: real, synthetic (one diverging scale on [−1, 1]) and
 * synthetic − real (its own symmetric scale, so small errors show).
 */
export function correlationSpec(data: CorrelationData): TopLevelSpec {
  const p = data.names.length;
  const cell = Math.max(16, Math.min(44, Math.floor(300 / Math.max(p, 1))));
  const cells = (matrix: (number | null)[][]) =>
    data.names.flatMap((row, i) =>
      data.names.map((column, j) => ({ row, column, rowOrder: i, columnOrder: j,
        value: matrix[i]?.[j] ?? null })));
  const difference = data.real.map((row, i) => row.map((real, j) => {
    const synthetic = data.synthetic[i]?.[j];
    return real === null || synthetic === null || synthetic === undefined
      ? null : synthetic - real;
  }));
  const largest = Math.max(0, ...difference.flat().map((d) => (d === null ? 0 : Math.abs(d))));
  const differenceLimit = Math.max(0.1, Math.ceil(largest * 10) / 10);

  const panel = (title: string, values: object[], limit: number, legendTitle: string) => ({
    title,
    width: cell * p,
    height: cell * p,
    data: { values },
    encoding: {
      x: {
        field: 'column', type: 'nominal' as const, sort: inOrder('columnOrder'), title: null,
        axis: { labelAngle: -40, labelLimit: 150, ticks: false, domain: false },
      },
      y: {
        field: 'row', type: 'nominal' as const, sort: inOrder('rowOrder'), title: null,
        axis: { labelLimit: 150, ticks: false, domain: false },
      },
    },
    layer: [
      {
        mark: { type: 'rect' as const, stroke: 'white', strokeWidth: 1 },
        encoding: {
          color: {
            field: 'value', type: 'quantitative' as const,
            scale: { scheme: 'redblue', domain: [-limit, limit], domainMid: 0 },
            legend: { title: legendTitle, gradientLength: Math.max(80, cell * p - 20),
              format: limit >= 1 ? '.1f' : '.2f', values: [-limit, 0, limit] },
          },
        },
      },
      ...(p <= MAX_LABELLED_COLUMNS ? [{
        mark: { type: 'text' as const, fontSize: p <= 6 ? 11 : 9 },
        encoding: {
          text: { field: 'value', type: 'quantitative' as const, format: '.2f' },
          color: {
            condition: { test: `abs(datum.value) > ${0.6 * limit}`, value: 'white' },
            value: COLORS.ink,
          },
        },
      }] : []),
    ],
  });

  return {
    hconcat: [
      {
        hconcat: [
          panel('Real', cells(data.real), 1, 'r'),
          panel('Synthetic', cells(data.synthetic), 1, 'r'),
        ],
        spacing: 16,
        resolve: { scale: { color: 'shared' } },
      },
      panel('Synthetic − real', cells(difference), differenceLimit, 'Δr'),
    ],
    spacing: 36,
    resolve: { scale: { color: 'independent' }, legend: { color: 'independent' } },
  } as TopLevelSpec;
}
