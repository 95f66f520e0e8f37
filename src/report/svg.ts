/**
 * Vega-Lite spec → static SVG text, fully offline: the view gets a loader
 * that refuses every URL, so a chart can only draw the inline values it
 * was given, and the report needs no JavaScript to show it.
 */

import * as vega from 'vega';
import { compile, type Config, type TopLevelSpec } from 'vega-lite';

/** The report's palette; series keep one colour across every chart. */
export const COLORS = {
  real: '#3f6f9f',
  synthetic: '#e07b39',
  corrected: '#a8431a',
  naive: '#f1b27f',
  ink: '#24303d',
  muted: '#6b7785',
  grid: '#e8ecf0',
  chance: '#9aa4ae',
  chosen: '#2f9e74',
} as const;

export const FONT = 'system-ui, -apple-system, "Segoe UI", Roboto, "DejaVu Sans", sans-serif';

/** Shared Vega-Lite config: quiet axes, no frame, one font. */
const THEME: Config = {
  font: FONT,
  background: 'transparent',
  padding: 4,
  view: { stroke: null },
  axis: {
    labelColor: COLORS.muted,
    titleColor: COLORS.ink,
    titleFontWeight: 500,
    labelFontSize: 10,
    titleFontSize: 11,
    domainColor: '#c5ccd3',
    tickColor: '#c5ccd3',
    gridColor: COLORS.grid,
  },
  legend: {
    labelColor: COLORS.muted, titleColor: COLORS.ink, labelFontSize: 10, titleFontSize: 11,
  },
  header: { labelColor: COLORS.ink, labelFontSize: 11, titleFontSize: 11 },
  title: { color: COLORS.ink, fontSize: 12, fontWeight: 600, anchor: 'start' },
};

/**
 * A loader that fetches nothing. Vega logs a failed load and draws on, so
 * the refusals are also collected and turned into an error afterwards.
 */
function offlineLoader(refused: string[]): vega.Loader {
  const refuse = (what: string): Promise<never> => {
    refused.push(what);
    return Promise.reject(new Error(`the report renders offline; refused to load ${what}`));
  };
  return { load: refuse, sanitize: refuse, http: refuse, file: refuse };
}

let chartCounter = 0;

/**
 * Renders a Vega-Lite spec to an SVG string. Element ids (clip paths,
 * gradients) are made unique per chart, since many SVGs share one page.
 */
export async function renderSvg(spec: TopLevelSpec, label: string): Promise<string> {
  const silent = vega.logger(vega.None);
  const compiled = compile(spec, { config: THEME, logger: silent }).spec;
  const refused: string[] = [];
  const view = new vega.View(vega.parse(compiled), {
    renderer: 'none',
    loader: offlineLoader(refused),
    logger: silent,
  });
  try {
    const svg = await view.toSVG();
    if (refused.length > 0) {
      throw new Error(`chart "${label}" asked to load ${refused.join(', ')}; `
        + 'the report renders offline and refused');
    }
    chartCounter += 1;
    return accessible(uniqueIds(svg, `c${chartCounter}-`), label);
  } finally {
    view.finalize();
  }
}

function uniqueIds(svg: string, prefix: string): string {
  return svg
    .replace(/\bid="([^"]+)"/g, (_, id: string) => `id="${prefix}${id}"`)
    .replace(/url\(#([^)]+)\)/g, (_, id: string) => `url(#${prefix}${id})`)
    .replace(/href="#([^"]+)"/g, (_, id: string) => `href="#${prefix}${id}"`);
}

/** A role and label on the root element, so a screen reader names the chart. */
function accessible(svg: string, label: string): string {
  const safe = label.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;');
  return svg.replace(/^<svg /, `<svg role="img" aria-label="${safe}" `);
}
