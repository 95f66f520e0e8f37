/**
 * Vega-Lite specs for inference: model coefficients real vs synthetic, and
 * the forest plot of a multi-site meta-analysis. Intervals are the 95%
 * intervals given, or estimate ± 1.96 SE when none is.
 */

import type { TopLevelSpec } from 'vega-lite';
import { COLORS } from './svg.js';
import { inOrder } from './charts-distribution.js';
import type { CoefficientData, Estimate, ForestData } from './types.js';

/** Φ⁻¹(0.975), for 95% normal intervals. */
export const Z95 = 1.959963984540054;

function point(estimate: Estimate) {
  const half = Z95 * estimate.se;
  return {
    estimate: estimate.estimate,
    lower: estimate.ciLow ?? estimate.estimate - half,
    upper: estimate.ciHigh ?? estimate.estimate + half,
  };
}

export const COEFFICIENT_SERIES = [
  { name: 'real', color: COLORS.real },
  { name: 'synthetic, naive SE', color: COLORS.naive },
  { name: 'synthetic, corrected SE', color: COLORS.corrected },
] as const;

/**
 * One small panel per term with its own x scale (an intercept and a slope
 * rarely share one), three rows per panel: real, naive, corrected.
 */
export function coefficientSpec(data: CoefficientData): TopLevelSpec {
  const values = data.terms.flatMap((term, t) => {
    const estimates = [term.real, term.synthetic.naive, term.synthetic.corrected ?? null];
    return estimates.flatMap((estimate, i) => estimate === null ? []
      : [{ term: term.name, series: COEFFICIENT_SERIES[i].name, ...point(estimate),
        termOrder: t }]);
  });
  const series = COEFFICIENT_SERIES.map((entry) => entry.name);
  const y = { field: 'series', type: 'nominal' as const, sort: series, axis: null };
  const color = {
    field: 'series', type: 'nominal' as const, legend: null,
    scale: { domain: series, range: COEFFICIENT_SERIES.map((entry) => entry.color) },
  };
  return {
    data: { values },
    facet: {
      row: {
        field: 'term', type: 'nominal', sort: inOrder('termOrder'), title: null,
        header: { labelAngle: 0, labelAlign: 'right', labelAnchor: 'middle', labelLimit: 260,
          labelPadding: 10, labelFontSize: 12 },
      },
    },
    spacing: 10,
    spec: {
      width: 420,
      height: 36,
      layer: [
        {
          mark: { type: 'rule', strokeWidth: 2, strokeCap: 'round' },
          encoding: {
            x: { field: 'lower', type: 'quantitative', title: null,
              scale: { zero: false }, axis: { tickCount: 4, grid: true } },
            x2: { field: 'upper' },
            y, color,
          },
        },
        {
          mark: { type: 'point', filled: true, size: 40, opacity: 1 },
          encoding: { x: { field: 'estimate', type: 'quantitative' }, y, color },
        },
      ],
    },
    resolve: { scale: { x: 'independent' } },
  } as TopLevelSpec;
}

/** Site rows first, then the pooled ones; each label shows real and synthetic. */
export function forestSpec(data: ForestData): TopLevelSpec {
  const siteLabels = data.rows.filter((row) => row.kind === 'site').map((row) => row.label);
  const pooledLabels = data.rows.filter((row) => row.kind !== 'site').map((row) => row.label);
  const labels = [...new Set([...siteLabels, ...pooledLabels])];
  const values = data.rows.map((row) => ({
    label: row.label, labelOrder: labels.indexOf(row.label), source: row.source,
    kind: row.kind === 'site' ? 'site' : 'pooled',
    estimate: row.estimate, lower: row.ciLow, upper: row.ciHigh,
    // Marker area grows with a site's weight, as forest plots usually draw it.
    size: row.kind !== 'site' ? 150 : 24 + 140 * Math.sqrt(row.weight ?? 0.1),
  }));
  const y = {
    field: 'label', type: 'nominal' as const, sort: inOrder('labelOrder'), title: null,
    axis: { ticks: false, domain: false, labelLimit: 260, labelPadding: 8, labelFontSize: 11 },
  };
  const yOffset = { field: 'source', sort: ['real', 'synthetic'] };
  const color = {
    field: 'source', type: 'nominal' as const, legend: null,
    scale: { domain: ['real', 'synthetic'], range: [COLORS.real, COLORS.synthetic] },
  };
  const x = {
    field: 'lower', type: 'quantitative' as const, title: data.estimand,
    scale: { zero: false }, axis: { tickCount: 6 },
  };
  const layers: object[] = [
    {
      mark: { type: 'rule', strokeWidth: 2, strokeCap: 'round' },
      encoding: { x, x2: { field: 'upper' }, y, yOffset, color },
    },
    {
      mark: { type: 'point', filled: true, opacity: 1 },
      encoding: {
        x: { field: 'estimate', type: 'quantitative' }, y, yOffset, color,
        shape: {
          field: 'kind', type: 'nominal', legend: null,
          scale: { domain: ['site', 'pooled'], range: ['square', 'diamond'] },
        },
        size: { field: 'size', type: 'quantitative', scale: null, legend: null },
      },
    },
  ];
  if (data.nullValue !== undefined) {
    layers.unshift({
      data: { values: [{ at: data.nullValue }] },
      mark: { type: 'rule', strokeDash: [4, 4], color: COLORS.chance },
      encoding: { x: { field: 'at', type: 'quantitative' } },
    });
  }
  return {
    width: 440,
    height: { step: 24 },
    data: { values },
    layer: layers,
  } as TopLevelSpec;
}
