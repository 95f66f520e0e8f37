/**
 * The figure sections of the report, each a card with a short "how to
 * read" line, an HTML legend and static SVG charts.
 */

import {
  categoricalMarginalSpec, correlationSpec, numericMarginalSpec,
} from './charts-distribution.js';
import { COEFFICIENT_SERIES, coefficientSpec, forestSpec } from './charts-inference.js';
import { SERIES_COLORS, frontierSpec, rocSpec } from './charts-privacy.js';
import {
  directionText, escapeHtml as esc, formatCount, formatInterval, formatNumber, formatPercent,
} from './format.js';
import { scoreChip } from './summary.js';
import { COLORS, renderSvg } from './svg.js';
import type {
  AttackAudit, CoefficientData, CorrelationData, ForestData, FrontierData, Marginal,
} from './types.js';

function card(id: string, title: string, lede: string, body: string): string {
  return `<section class="card" id="${id}"><h2>${title}</h2>`
    + `<p class="lede">${lede}</p>${body}</section>`;
}

function swatch(label: string, color: string, shape = ''): string {
  const style = shape === 'line' || shape === 'dash'
    ? `border-color:${color}` : `background:${color}`;
  return `<span><i class="swatch ${shape}" style="${style}"></i>${label}</span>`;
}

const REAL_SYNTHETIC_LEGEND = `<div class="legend">${swatch('real', COLORS.real)}`
  + `${swatch('synthetic', COLORS.synthetic)}`
  + '<span>histograms draw the synthetic side as an outline</span></div>';

function chartFigure(svg: string, caption = ''): string {
  return `<figure class="chart">${caption}${svg}</figure>`;
}

function marginalCaption(marginal: Marginal): string {
  const parts: string[] = [];
  const score = marginal.score;
  if (score !== undefined && score.value !== null) {
    parts.push(`${esc(score.label)} ${formatNumber(score.value)}`
      + ` (${directionText(score.direction)})`);
  }
  const { real, synthetic } = marginal.missing;
  if (real > 0 || synthetic > 0) {
    parts.push(`missing: real ${formatCount(real)}, synthetic ${formatCount(synthetic)}`);
  }
  return `<figcaption><strong>${esc(marginal.column)}</strong>${parts.join(' · ')}</figcaption>`;
}

export async function marginalsSection(marginals: Marginal[]): Promise<string> {
  const figures: string[] = [];
  for (const marginal of marginals) {
    const caption = marginalCaption(marginal);
    const empty = marginal.kind === 'numeric' ? marginal.edges.length < 2
      : marginal.levels.length === 0;
    if (empty) {
      figures.push(`<figure>${caption}<p class="note">No observed values.</p></figure>`);
      continue;
    }
    const spec = marginal.kind === 'numeric'
      ? numericMarginalSpec(marginal) : categoricalMarginalSpec(marginal);
    figures.push(chartFigure(
      await renderSvg(spec, `Distribution of ${marginal.column}, real vs synthetic`), caption));
  }
  return card('marginals', 'Column distributions',
    'Share of each side’s observed values per bin or level, so the two sides compare even '
    + 'when their sizes differ. Bins are wide, and each axis ends a little beyond the fifth '
    + 'value from either end of the column: the values further out are counted in that '
    + 'value\'s bin (a value alone beyond a wide gap, which the release withholds, with the '
    + 'nearest value on this side of the gap), so no bar at an end of an axis holds fewer '
    + 'than five real rows and no single real value can be read off.',
    `${REAL_SYNTHETIC_LEGEND}<div class="grid">${figures.join('')}</div>`);
}

export async function correlationSection(data: CorrelationData): Promise<string> {
  const svg = await renderSvg(correlationSpec(data), 'Correlation heatmaps');
  const chips = data.scores === undefined ? ''
    : `<div class="chips">${data.scores.map(scoreChip).join('')}</div>`;
  const method = data.method === 'pearson' ? 'Pearson' : 'Spearman';
  return card('correlations', 'Correlations',
    `${method} correlation, from −1 (red) through 0 (white) to 1 (blue). The third panel is `
    + 'synthetic minus real on its own scale: white means the pair kept its correlation.',
    chartFigure(svg) + chips);
}

export async function coefficientSection(data: CoefficientData): Promise<string> {
  const svg = await renderSvg(coefficientSpec(data), 'Coefficient estimates');
  const legend = `<div class="legend">${COEFFICIENT_SERIES
    .map((series) => swatch(series.name, series.color)).join('')}</div>`;
  const correction = data.correction === undefined ? ''
    : `<p class="note">Correction: ${esc(data.correction)}.</p>`;
  const chips = data.scores === undefined ? ''
    : `<div class="chips">${data.scores.map(scoreChip).join('')}</div>`;
  return card('coefficients', 'Model coefficients',
    `${esc(data.model)}: estimate and 95% interval per term, each term on its own scale. `
    + 'A naive interval from synthetic rows is too narrow; the corrected one accounts for '
    + 'the injected noise and should overlap the real interval.',
    legend + chartFigure(svg) + correction + chips);
}

export async function attackSection(data: AttackAudit): Promise<string> {
  const svg = await renderSvg(rocSpec(data), 'Membership-inference ROC curves');
  const counts = data.members === undefined || data.nonMembers === undefined ? ''
    : `${formatCount(data.members)} members and ${formatCount(data.nonMembers)} `
      + 'non-members were scored. ';
  const note = (data.warnings ?? []).map(esc).join(' ');
  const list = data.attacks.map((attack, a) =>
    `<li><span class="name">${swatch(esc(attack.title), SERIES_COLORS[a % SERIES_COLORS.length],
      'line')}</span><span class="value">AUC ${formatNumber(attack.auc)}</span>`
    + `<span class="how">95% interval ${formatInterval(attack.ciLow, attack.ciHigh)}</span></li>`)
    .join('');
  const side = '<div><h3>Attacks, weakest to strongest</h3>'
    + `<ul class="scores legend-list">${list}</ul>`
    + '<p class="note">AUC ranges from 0 to 1; 0.5 is chance, 1 finds every member; '
    + 'lower is better, down to 0.5.</p>'
    + (counts + note === '' ? '' : `<p class="note">${counts}${note}</p>`) + '</div>';
  return card('attacks', 'Membership attacks',
    'Each attacker tries to tell rows used for the release (members) from held-out rows. '
    + 'The dashed diagonal is guessing (AUC 0.5); a curve bowing above it finds members.',
    `<div class="split">${chartFigure(svg)}${side}</div>`);
}

export async function frontierSection(data: FrontierData): Promise<string> {
  const svg = await renderSvg(frontierSpec(data), 'Privacy–utility frontier over w');
  const legend = `<div class="legend">`
    + (data.chosenW === undefined ? ''
      : swatch(`released w = ${formatNumber(data.chosenW)}`, COLORS.chosen, 'line'))
    + swatch('chance (AUC 0.5)', COLORS.chance, 'dash')
    + (data.aucTarget === undefined && data.epsilonTarget === undefined ? ''
      : swatch('calibration target', COLORS.muted, 'dash'))
    + '</div>';
  return card('frontier', 'Privacy–utility frontier',
    'How privacy and fidelity trade off as w grows from a fresh sample (0) toward the data '
    + '(1). ε is the proven bound, the attack AUC what attacks achieved.',
    legend + chartFigure(svg) + (data.rows.some((row) => row.epsilon === 0)
      ? '<p class="note">ε is 0 at w = 0 (the output ignores the rows); a log scale '
        + 'cannot show 0, so that point is left off the ε panel.</p>' : '')
    + auditEpsilonNote(data));
}

/**
 * The frontier's ε rest on the audit model's certificate; the summary's on
 * the released model's. Where they differ at the released w the reader is
 * told which is the guarantee, rather than left with two numbers.
 */
function auditEpsilonNote(data: FrontierData): string {
  const { released, chosenW } = data;
  if (released === undefined || chosenW === undefined) return '';
  const row = data.rows.find((point) => point.w === chosenW);
  const panel = row?.epsilon ?? null;
  const differs = panel === null ? released.modelDependent
    : Math.abs(panel - released.epsilon) > 0.005 * Math.max(released.epsilon, 1e-12);
  if (!differs) return '';
  const reads = panel === null ? ''
    : ` At the released w the ε panel reads ${formatNumber(panel)}, the summary `
      + `${formatNumber(released.epsilon)}.`;
  return `<p class="note">The ε panel is computed with the sensitivity certified for the audit `
    + 'model (a separate flow fitted on a member subset to run the attacks); the released '
    + `model's own certificate gives ε = ${formatNumber(released.epsilon)} at w = `
    + `${formatNumber(chosenW)}, the guarantee stated in the summary and the privacy file.`
    + `${reads}</p>`;
}

function heterogeneity(data: ForestData): string {
  const lines = (data.heterogeneity ?? [])
    .filter((row) => row.Q !== null)
    .map((row) => `${row.source} tables: Q = ${formatNumber(row.Q)}, `
      + `I² = ${row.I2 === null ? 'n/a' : formatPercent(row.I2)}, `
      + `τ² = ${formatNumber(row.tau2)}`);
  return lines.length === 0 ? ''
    : `<p class="note">Between-site heterogeneity (random effects): ${lines.join('; ')}. `
      + 'I² runs from 0% (sites agree up to chance) to 100% (all variation is between '
      + 'sites); τ² is the between-site variance, 0 when the sites agree.</p>';
}

/** The notes on the sites missing from one forest plot, as a list under it. */
function leftOut(data: ForestData): string {
  const notes = data.notes ?? [];
  return notes.length === 0 ? ''
    : '<div class="note"><p>Not in this plot:</p><ul class="assumptions">'
      + `${notes.map((note) => `<li>${esc(note)}</li>`).join('')}</ul></div>`;
}

/** General notes (those of no single figure), as one card with a list. */
export function notesSection(notes: string[]): string {
  return card('notes', 'Notes',
    'What lni decided or noticed on the way, in plain sentences; the terminal prints the same notes.',
    `<ul class="assumptions">${notes.map((note) => `<li>${esc(note)}</li>`).join('')}</ul>`);
}

export async function forestSection(forests: ForestData[]): Promise<string> {
  const figures: string[] = [];
  for (const forest of forests) {
    const svg = await renderSvg(forestSpec(forest), `Forest plot for ${forest.estimand}`);
    const caption = `<figcaption><strong>${esc(forest.estimand)}</strong></figcaption>`;
    figures.push(chartFigure(svg, caption) + heterogeneity(forest) + leftOut(forest));
  }
  const legend = `<div class="legend">${swatch('real', COLORS.real)}`
    + `${swatch('synthetic', COLORS.synthetic)}`
    + `${swatch('pooled', COLORS.muted, 'diamond')}</div>`;
  return card('forest', 'Meta-analysis across sites',
    'Each site’s estimate with its 95% interval, then the pooled fixed-effect and '
    + 'random-effects estimates, from synthetic and from real tables.',
    legend + figures.join(''));
}
