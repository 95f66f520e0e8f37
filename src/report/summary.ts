/**
 * The summary card: what was released, the formal guarantee, the worst
 * attack, fidelity, and every assumption, each number with its direction,
 * range and baseline written beside it.
 */

import {
  directionText, escapeHtml as esc, formatCount, formatInterval, formatNumber,
} from './format.js';
import type { AttackSummary, PrivacyGuarantee, Score, SummaryData } from './types.js';

/** "0 to 1", "0 to ∞": the possible range of a score. */
function rangeText(score: Score): string {
  const low = score.range[0] === null ? '−∞' : formatNumber(score.range[0]);
  const high = score.range[1] === null ? '∞' : formatNumber(score.range[1]);
  return `range ${low} to ${high}`;
}

/** A score as one line: name, value (and interval), how to read it. */
export function scoreItem(score: Score): string {
  const value = score.value === null ? 'not defined' : formatNumber(score.value);
  const interval = score.ciLow === undefined || score.ciHigh === undefined ? ''
    : ` ${formatInterval(score.ciLow, score.ciHigh)}`;
  const how = [
    directionText(score.direction), esc(score.baseline), rangeText(score),
    ...(score.warning === undefined ? [] : [esc(score.warning)]),
  ].join(' · ');
  return `<li><span class="name">${esc(score.label)}</span>`
    + `<span class="value">${value}${interval}</span>`
    + `<span class="how">${how}</span></li>`;
}

/** A score as a short chip: "KS 0.041 · lower is better". */
export function scoreChip(score: Score): string {
  const value = score.value === null ? 'not defined' : formatNumber(score.value);
  return `<span class="chip">${esc(score.label)} <b>${value}</b>`
    + ` · ${directionText(score.direction)} · ${esc(score.baseline)}</span>`;
}

function releaseTile(summary: SummaryData): string {
  const choice = summary.wChoice === undefined ? '' : `<p>${esc(summary.wChoice)}</p>`;
  const why = summary.rowsNote === undefined ? ''
    : `<p class="note">${esc(summary.rowsNote)}</p>`;
  return `<div class="tile"><h3>Released</h3>
<div class="big">w = ${formatNumber(summary.w)}</div>
<p>0 is a fresh sample from the flow, 1 returns the data itself.</p>${choice}
<p>${formatCount(summary.rowsIn)} rows in → ${formatCount(summary.rowsOut)} synthetic rows out
${summary.dataset === undefined ? '' : ` (${esc(summary.dataset)})`}</p>${why}</div>`;
}

/** The sentence that goes with ε; at w = 1 there is no ε to state. */
export function epsilonText(privacy: PrivacyGuarantee, w: number): {
  headline: string; detail: string;
} {
  const bound = privacy.sensitivity;
  const sensitivity = `sensitivity S ≤ ${formatNumber(bound.value)} from ${esc(bound.method)}`
    + (bound.detail === undefined ? '' : ` (${esc(bound.detail)})`);
  if (privacy.epsilon === null || w >= 1) {
    return {
      headline: 'no formal privacy',
      detail: `No formal privacy at w = ${formatNumber(w)}: the release is the data.`,
    };
  }
  return {
    headline: `ε = ${formatNumber(privacy.epsilon)}`
      + ` <small>at δ = ${formatNumber(privacy.delta)}</small>`,
    detail: `Local (ε, δ) per released row at δ = ${formatNumber(privacy.delta)}, `
      + `${sensitivity}. Range 0 to ∞; lower is more private; `
      + '0 means the row cannot be told apart from any other, given the model '
      + '(see the assumptions).' + weakBoundNote(privacy.epsilon),
  };
}

/**
 * Above WEAK_EPSILON the bound lets an attacker's odds on one row grow by
 * e^ε, a factor a reader cannot picture from ε itself (e^36.5 ≈ 7·10¹⁵):
 * said in those terms, with where the practical evidence is.
 */
function weakBoundNote(epsilon: number): string {
  if (!(epsilon > WEAK_EPSILON)) return '';
  const factor = Math.exp(epsilon);
  const shown = Number.isFinite(factor) ? formatNumber(factor) : 'beyond 10³⁰⁸';
  return ` At this ε the bound lets an attacker's odds about one row grow by a factor up to `
    + `e^ε = ${shown}, so on its own it promises little; the attack audit, where it was run, `
    + 'is the practical evidence.';
}

/** ε above which the bound alone says little (odds factor e^5 ≈ 148). */
const WEAK_EPSILON = 5;

function privacyTile(summary: SummaryData): string {
  if (summary.privacy === undefined) return '';
  const { headline, detail } = epsilonText(summary.privacy, summary.w);
  const extras: string[] = [];
  if (summary.privacy.boundsSource === 'data') {
    extras.push('Domain bounds were read off the data: they reveal each column\'s extremes, '
      + 'which ε does not cover (declare bounds in a schema).');
  } else if (summary.privacy.boundsSource === 'mixed') {
    extras.push('Some domain bounds were read off the data: they reveal those columns\' '
      + 'extremes, which ε does not cover (declare bounds in a schema).');
  }
  if (summary.privacy.clippedRows !== undefined) {
    extras.push(`${formatCount(summary.privacy.clippedRows)} rows were pulled in by `
      + 'latent clipping (a count only).');
  }
  return `<div class="tile"><h3>Formal privacy</h3>
<div class="big">${headline}</div><p>${detail}</p>
${extras.map((text) => `<p>${text}</p>`).join('')}</div>`;
}

function attackTile(attack: AttackSummary | undefined): string {
  if (attack === undefined) return '';
  const target = attack.target === undefined ? ''
    : attack.auc > attack.target
      ? ` <strong>Above the calibration target ≤ ${formatNumber(attack.target)}.</strong>`
      : ` Calibration target ≤ ${formatNumber(attack.target)}.`;
  return `<div class="tile"><h3>Strongest attack</h3>
<div class="big">AUC ${formatNumber(attack.auc)}
<small>${formatInterval(attack.ciLow, attack.ciHigh)}</small></div>
<p>${esc(attack.title)}, membership inference with a 95% bootstrap interval.
Range 0 to 1; 0.5 is chance, 1 finds every member; lower is better, down to 0.5.${target}</p>
</div>`;
}

export function summaryCard(summary: SummaryData): string {
  const warnings = summary.warnings === undefined || summary.warnings.length === 0 ? ''
    : `<div class="warnings"><strong>Read this first</strong><ul>${summary.warnings
      .map((text) => `<li>${esc(text)}</li>`).join('')}</ul></div>`;
  const fidelity = summary.fidelity.length === 0 ? ''
    : '<div><h3>Fidelity</h3>'
      + `<ul class="scores">${summary.fidelity.map(scoreItem).join('')}</ul></div>`;
  const assumptions = summary.assumptions.length === 0 ? ''
    : `<div><h3>Assumptions behind these numbers</h3><ul class="assumptions">${summary.assumptions
      .map((text) => `<li>${esc(text)}</li>`).join('')}</ul></div>`;
  return `<section class="card" id="summary"><h2>Summary</h2>
<p class="lede">What was released, how private it is by proof and by attack, and how
closely it follows the real table.</p>${warnings}
<div class="tiles">${releaseTile(summary)}${privacyTile(summary)}
${attackTile(summary.worstAttack)}</div>
<div class="columns2">${fidelity}${assumptions}</div></section>`;
}
