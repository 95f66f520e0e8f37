/**
 * renderReport: ReportData → one self-contained HTML file. Styles are
 * inline, charts are static SVG, there is no script and nothing to fetch,
 * so the file opens offline and shows only the aggregates it was given.
 */

import { escapeHtml as esc } from './format.js';
import {
  attackSection, coefficientSection, correlationSection, forestSection, frontierSection,
  marginalsSection, notesSection,
} from './sections.js';
import { STYLESHEET } from './style.js';
import { summaryCard } from './summary.js';
import type { ReportData } from './types.js';

/** Even if someone edits the file, the browser may load nothing from anywhere. */
const CONTENT_POLICY = "default-src 'none'; style-src 'unsafe-inline'";

interface Part {
  id: string;
  title: string;
  html: string;
}

/**
 * Renders the report. Sections appear in reading order (summary, columns,
 * correlations, coefficients, attacks, frontier, meta-analysis, notes), each only
 * when its data is present.
 *
 * @example
 *   const html = await renderReport({ title: 'heart.csv', summary });
 */
export async function renderReport(data: ReportData): Promise<string> {
  const parts: Part[] = [];
  const add = (id: string, title: string, html: string) => parts.push({ id, title, html });

  if (data.summary !== undefined) add('summary', 'Summary', summaryCard(data.summary));
  if (data.marginals !== undefined && data.marginals.length > 0) {
    add('marginals', 'Columns', await marginalsSection(data.marginals));
  }
  if (data.correlations !== undefined && data.correlations.names.length > 1) {
    add('correlations', 'Correlations', await correlationSection(data.correlations));
  }
  if (data.coefficients !== undefined && data.coefficients.terms.length > 0) {
    add('coefficients', 'Coefficients', await coefficientSection(data.coefficients));
  }
  if (data.attacks !== undefined && data.attacks.attacks.length > 0) {
    add('attacks', 'Attacks', await attackSection(data.attacks));
  }
  if (data.frontier !== undefined && data.frontier.rows.length > 0) {
    add('frontier', 'Frontier', await frontierSection(data.frontier));
  }
  if (data.forests !== undefined && data.forests.length > 0) {
    add('forest', 'Meta-analysis', await forestSection(data.forests));
  }
  if (data.notes !== undefined && data.notes.length > 0) {
    add('notes', 'Notes', notesSection(data.notes));
  }

  const title = data.title ?? 'Synthetic data report';
  const subtitle = data.subtitle === undefined ? ''
    : `<p class="subtitle">${esc(data.subtitle)}</p>`;
  const toc = parts.length < 2 ? ''
    : `<nav class="toc">${parts.map((part) =>
      `<a href="#${part.id}">${part.title}</a>`).join('')}</nav>`;
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="${CONTENT_POLICY}">
<title>${esc(title)}</title>
<style>${STYLESHEET}</style>
</head>
<body>
<main>
<header class="top"><h1>${esc(title)}</h1>${subtitle}${toc}</header>
${parts.map((part) => part.html).join('\n')}
<footer>Made by lni from aggregates only: no real row is in this file.
It needs no network and runs no script.</footer>
</main>
</body>
</html>
`;
}
