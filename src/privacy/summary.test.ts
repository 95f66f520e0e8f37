import { test } from 'node:test';
import assert from 'node:assert/strict';
import { analyticGaussianEpsilon, classicalGaussianEpsilon } from './accountant.js';
import type { SensitivityCertificate } from './sensitivity.js';
import {
  privacySummary, releasedPerFitted, renderPrivacySummary, summaryWeight, withReleaseNotes,
} from './summary.js';
import { autoClipRadius } from './sensitivity.js';
import { LniError } from '../util/errors.js';

const certificate: SensitivityCertificate = {
  sensitivity: 12, bound: 'clip', lipschitz: 2.5e6, interval: 51.3, clip: 12, clipRadius: 6,
  blockLipschitz: [3, 4], domainSource: 'data',
};
const attack = {
  name: 'latent' as const, title: 'Latent', auc: 0.61, ciLow: 0.57, ciHigh: 0.65,
  roc: { falsePositiveRate: [0, 1], truePositiveRate: [0, 1] },
  direction: 'lower is better for privacy; 0.5 is chance; range 0–1',
};

test('the summary carries ε, μ and the classical bound of the accountant at its w', () => {
  const summary = privacySummary({ certificate, w: 0.01, releasedRows: 4000, clippedRows: 7,
    attacks: [attack] });
  const mu = 12 * Math.sqrt(0.01 / 0.99);
  assert.equal(summary.mu, mu);
  assert.equal(summary.epsilon, analyticGaussianEpsilon(mu, 1e-6));
  assert.equal(summary.epsilonClassical, classicalGaussianEpsilon(mu, 1e-6));
  // Beside it in the JSON, since a reader of the file sees no terminal line.
  assert.match(summary.epsilonClassicalNote ?? '', /for comparison only: valid only when it is below 1/);
  assert.equal(summary.delta, 1e-6);
  assert.equal(summary.noPrivacy, false);
  assert.deepEqual(summary.attacks, [{ name: 'latent', auc: 0.61, ciLow: 0.57, ciHigh: 0.65,
    direction: attack.direction }]);
});

test('w = 1 gives epsilon null with noPrivacy, and the text says so', () => {
  const summary = privacySummary({ certificate, w: 1, releasedRows: 100, clippedRows: 0 });
  assert.deepEqual([summary.epsilon, summary.mu, summary.noPrivacy], [null, null, true]);
  assert.match(renderPrivacySummary(summary)[0], /none/);
});

test('nothing released (w null) gives ε, μ and w null, no clipping hint, and says no ε applies',
  () => {
    const unclipped = { ...certificate, bound: 'interval' as const, clip: null, clipRadius: null };
    const summary = privacySummary({ certificate: unclipped, w: null, releasedRows: 0,
      clippedRows: 0, latentDimension: 13 });
    assert.deepEqual([summary.w, summary.epsilon, summary.mu, summary.epsilonClassical],
      [null, null, null, null]);
    assert.equal(summary.noPrivacy, false);
    assert.deepEqual(summary.warnings, []);
    const text = renderPrivacySummary(summary);
    assert.equal(text[0], 'Privacy: no row was released, so no ε applies.');
    assert.ok(!text.some((line) => line.includes('ε =')), text.join('\n'));
    assert.deepEqual(JSON.parse(JSON.stringify(summary)), summary);
    assert.throws(() => privacySummary({ certificate, w: null, releasedRows: 10,
      clippedRows: 0 }), /needs its w/);
  });

test('assumptions name the shared training rows, data-driven bounds and a data-chosen w', () => {
  const summary = privacySummary({ certificate, w: 0.3, releasedRows: 100, clippedRows: 0,
    wChosenBy: 'auc' });
  const text = summary.assumptions.join('\n');
  assert.match(text, /trained on the same rows/);
  assert.match(text, /from the data/);
  assert.match(text, /w itself depends on the data/);
  const split = privacySummary({ certificate: { ...certificate, domainSource: 'schema' },
    w: 0.3, releasedRows: 100, clippedRows: 0, splitMode: true });
  assert.match(split.assumptions.join('\n'), /Split mode/);
  assert.doesNotMatch(split.assumptions.join('\n'), /from the data|depends on the data/);
});

test('assumptions say what the seed keys, and to keep it private and fresh', () => {
  // With the seed alone, releases of a simulated table at w = 0.5 and 0.9 gave 496 of 500
  // rows' latent points back (z = (z̃₂/√(1 − w₂) − z̃₁/√(1 − w₁)) / (√(w₂/(1 − w₂)) −
  // √(w₁/(1 − w₁)))); the noise is now keyed by w too (src/model/release-noise.test.ts).
  for (const splitMode of [false, true]) {
    const summary = privacySummary({ certificate, w: 0.5, releasedRows: 100, clippedRows: 0,
      splitMode });
    const text = summary.assumptions.join('\n');
    assert.match(text, /keyed by w and the clipping radius/);
    assert.match(text, /holding the seed and the model can take the noise off/);
    assert.ok(renderPrivacySummary(summary).some((line) => line.includes('a fresh seed')));
  }
});

test('δ at or above 1/n is warned about', () => {
  const loose = privacySummary({ certificate, w: 0.2, releasedRows: 1000, clippedRows: 0,
    delta: 1e-3 });
  assert.ok(loose.warnings.some((warning) => warning.includes('1/n')));
  const tight = privacySummary({ certificate, w: 0.2, releasedRows: 1000, clippedRows: 0 });
  assert.equal(tight.warnings.length, 0);
});

test('the summary survives JSON unchanged and the rendering states every assumption', () => {
  const summary = privacySummary({ certificate, w: 0.5, releasedRows: 300, clippedRows: 2,
    attacks: [attack], frontier: [{ w: 0.5, refined: false, attacks: [], worstAuc: 0.61,
      worstCiHigh: 0.65, epsilon: 128.2, noPrivacy: false }] });
  assert.deepEqual(JSON.parse(JSON.stringify(summary)), summary);
  const lines = renderPrivacySummary(summary);
  for (const assumption of summary.assumptions) {
    assert.ok(lines.some((line) => line.includes(assumption)), assumption);
  }
  assert.match(lines[0], /ε = 128 at δ = 1e-6, w = 0.5/);
  assert.match(lines[1], /S = 12 from the clip bound at R = 6/);
  assert.ok(lines.some((line) => line.includes('2 of 300 rows')));
});

test('without latent clipping the summary says what the data-free radius would make of ε', () => {
  const network: SensitivityCertificate = { ...certificate, sensitivity: 261, bound: 'interval',
    interval: 261, clip: null, clipRadius: null };
  const summary = privacySummary({ certificate: network, w: 0.5, releasedRows: 303,
    clippedRows: 0, latentDimension: 16 });
  // R = √(χ²₁₆ quantile 0.99) = 5.657 (method.md §3.4: p = 16 → R ≈ 5.7), S = 2R, μ = S at w = ½.
  const radius = Math.sqrt(31.99993);
  const expected = analyticGaussianEpsilon(2 * radius, 1e-6);
  const hint = summary.warnings.find((warning) => warning.startsWith('Without latent clipping'));
  assert.ok(hint !== undefined, summary.warnings.join('\n'));
  assert.match(hint, /R = 5\.66/);
  assert.match(hint, new RegExp(`ε = ${Number(expected.toPrecision(3))} at this w`));
  assert.ok(expected < summary.epsilon!, 'the hint offers a smaller ε');
  // Clipping already on, or no dimension given: no hint.
  for (const input of [{ certificate, w: 0.5 }, { certificate: network, w: 0.5 }]) {
    const other = privacySummary({ ...input, releasedRows: 303, clippedRows: 0,
      latentDimension: input.certificate === certificate ? 16 : undefined });
    assert.ok(!other.warnings.some((warning) => warning.startsWith('Without latent')));
  }
});

test('an attack whose whole AUC interval lies above the target is warned about', () => {
  // ciLow 0.57 > 0.55 (the default target): warned; with a target of 0.6, not.
  const warned = privacySummary({ certificate, w: 0.5, releasedRows: 300, clippedRows: 0,
    attacks: [attack, { ...attack, name: 'density-ratio', title: 'Density', ciLow: 0.45 }] });
  const found = warned.warnings.filter((w) => /tells members from non-members/.test(w));
  assert.equal(found.length, 1);
  assert.match(found[0], /"Latent".*AUC 0\.610 \[0\.570, 0\.650\], its whole interval above 0\.55/);
  const looser = privacySummary({ certificate, w: 0.5, releasedRows: 300, clippedRows: 0,
    attacks: [attack], targetAuc: 0.6 });
  assert.equal(looser.warnings.some((w) => /tells members/.test(w)), false);
  assert.match(found[0], /choose a lower w/);
  const fresh = privacySummary({ certificate, w: 0, releasedRows: 300, clippedRows: 0,
    attacks: [attack] });
  assert.match(fresh.warnings.find((w) => /tells members/.test(w)) ?? '',
    /even fresh draws from the flow \(w = 0\) give members away/);
  const none = privacySummary({ certificate, w: null, releasedRows: 0, clippedRows: 0,
    attacks: [attack] });
  assert.equal(none.warnings.some((w) => /tells members/.test(w)), false, 'nothing released');
});

test('a library caller\'s bad w or δ is refused with LniError, not an internal error', () => {
  for (const w of [2, -0.1, Number.NaN]) {
    assert.throws(() => privacySummary({ certificate, w, releasedRows: 10, clippedRows: 0 }),
      (error: Error) => error instanceof LniError && /w must be/.test(error.message));
  }
  for (const delta of [0, 1, 2, Number.NaN]) {
    assert.throws(() => privacySummary({ certificate, w: 0.5, delta, releasedRows: 10,
      clippedRows: 0 }), (error: Error) => error instanceof LniError && /δ must be/.test(error.message));
  }
  for (const p of [0, -1, 2.5]) {
    assert.throws(() => autoClipRadius(p), (error: Error) => error instanceof LniError);
  }
});

test('the audit caveat is stated only for a release that was audited', () => {
  const caveat = /empirical audit against these attacks/;
  const audited = privacySummary({ certificate, w: 0.5, releasedRows: 300, clippedRows: 0,
    attacks: [attack] });
  assert.ok(audited.assumptions.some((a) => caveat.test(a)));
  const plain = privacySummary({ certificate, w: 0.5, releasedRows: 300, clippedRows: 0 });
  assert.equal(plain.assumptions.some((a) => caveat.test(a)), false);
});

test('at w = 1 with latent clipping the text says the clipped rows change, not that none do',
  () => {
    const clipped = privacySummary({ certificate, w: 1, releasedRows: 100, clippedRows: 3 });
    const text = [...renderPrivacySummary(clipped), ...clipped.warnings].join('\n');
    assert.doesNotMatch(text, /releases the real rows unchanged[.:]/);
    assert.match(clipped.warnings.join('\n'), /unchanged, except those whose latent vector is /);
    assert.match(renderPrivacySummary(clipped)[0], /except those latent clipping pulled in/);
    const plain = privacySummary({ certificate: { ...certificate, bound: 'interval',
      sensitivity: 51.3, clip: null, clipRadius: null }, w: 1, releasedRows: 100 });
    assert.match(renderPrivacySummary(plain)[0], /releases the real rows unchanged\.$/);
  });

test('the classical ε is named as the classical formula, valid only below ε = 1', () => {
  const summary = privacySummary({ certificate, w: 0.5, releasedRows: 300, clippedRows: 0 });
  const classical = classicalGaussianEpsilon(summary.mu!, 1e-6);
  assert.ok(classical < summary.epsilon!, 'above ε = 1 the classical formula understates ε');
  const first = renderPrivacySummary(summary)[0];
  assert.ok(first.includes('the classical formula √(2 ln(1.25/δ))·μ = '
    + `${Number(classical.toPrecision(3))}, valid only below ε = 1`), first);
  assert.doesNotMatch(first, /classical bound/);
});

test('a summary of no release seen says the clipped count is known only at release', () => {
  const summary = privacySummary({ certificate, w: 0.5, releasedRows: 303 });
  assert.equal(summary.clippedRows, null);
  const lines = renderPrivacySummary(summary);
  assert.ok(lines.some((line) => /how many is known only at release/.test(line)));
  assert.ok(!lines.some((line) => /pulled in \d+ of/.test(line)));
});

test('notes joining the shared summary keep their counts and lose their row numbers', () => {
  const joined = withReleaseNotes({ warnings: [] as string[], notes: [] as string[] }, [
    'warning: x.csv, column "age": 1 of 151 values lie outside the model\'s range (the range '
      + 'of the rows it was fitted on; the first in row 133); they are encoded clipped to it',
    'column "seen": 4 texts that are not valid dates, in 5 cells (first in row 12)',
    'warning: y.csv, column "bp": 2 of 90 values are below the declared lower bound (the first '
      + 'in row 7); they are clipped to it',
  ]);
  assert.deepEqual(joined.warnings, [
    'x.csv, column "age": 1 of 151 values lie outside the model\'s range (the range of the rows '
      + 'it was fitted on); they are encoded clipped to it',
    'y.csv, column "bp": 2 of 90 values are below the declared lower bound; they are clipped to it',
  ]);
  assert.deepEqual(joined.notes,
    ['column "seen": 4 texts that are not valid dates, in 5 cells']);
});

test('a clipping count beyond the released rows is refused as the caller\'s input', () => {
  const certificate = { sensitivity: 2, bound: 'clip', bounds: { lipschitz: null, interval: null,
    clip: 2 }, clipRadius: 1, domainSource: 'schema' } as unknown as SensitivityCertificate;
  assert.throws(() => privacySummary({ certificate, w: 0.5, releasedRows: 10, clippedRows: 50 }),
    (error: unknown) => error instanceof LniError && /clippedRows must be a count from 0 to the 10/
      .test(error.message));
});

test('a split-mode summary gives the released rows per fitted row; others give none', () => {
  assert.equal(releasedPerFitted({ splitMode: true, releasedRows: 151, fitRows: 152 }), 151 / 152);
  assert.equal(releasedPerFitted({ splitMode: false, releasedRows: 303, fitRows: 303 }), undefined);
  assert.equal(releasedPerFitted({ splitMode: true, releasedRows: 0, fitRows: 152 }), undefined);
  assert.equal(releasedPerFitted({ w: 0.5 }), undefined);
  assert.equal(releasedPerFitted(null), undefined);
});

test('a summary read back gives its w and split factor, or says why it has none', () => {
  assert.deepEqual(summaryWeight({ w: 0.5 }), { kind: 'weight', w: 0.5 });
  assert.deepEqual(summaryWeight({ w: 0.5, splitMode: true, releasedRows: 151, fitRows: 152 }),
    { kind: 'weight', w: 0.5, releasedPerFitted: 151 / 152 });
  assert.deepEqual(summaryWeight({ passThrough: true, w: null, releasedRows: 9 }),
    { kind: 'pass-through' });
  assert.deepEqual(summaryWeight({ w: null, releasedRows: 0 }), { kind: 'refusal' });
  for (const json of [{ w: null, releasedRows: 9 }, { w: 1.5 }, { w: '0.5' }, {}, null, 3]) {
    assert.deepEqual(summaryWeight(json), { kind: 'no-w' }, JSON.stringify(json));
  }
});

test('a w just below 1 is printed as itself, never as w = 1', () => {
  const summary = privacySummary({ certificate, w: 0.999999, releasedRows: 100 });
  assert.match(renderPrivacySummary(summary)[0], /w = 0\.999999 /);
  assert.match(renderPrivacySummary(privacySummary({ certificate, w: 0.123456, releasedRows: 100 }))[0],
    /w = 0\.123 /);
});
