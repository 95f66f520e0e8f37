import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { TypedColumn } from '../table/types.js';
import { Random } from '../util/random.js';
import {
  estimateSites, metaAnalyze, forestPlotData, onCommonSites, type SiteInput,
} from './index.js';

function numeric(name: string, values: number[]): TypedColumn {
  return { kind: 'numeric', name, type: 'continuous', values: Float64Array.from(values) };
}

function categorical(name: string, values: (string | null)[], levels: string[]): TypedColumn {
  return { kind: 'categorical', name, type: 'categorical', values, levels };
}

/** y = 1 + 2x + noise, plus a 0/1 outcome from a logistic model in x and a group. */
function simulatedSite(site: string, rows: number, seed: number, groups: string[]): SiteInput {
  const rng = new Random(seed);
  const x: number[] = [];
  const y: number[] = [];
  const event: number[] = [];
  const group: string[] = [];
  for (let r = 0; r < rows; r++) {
    const xr = rng.normal();
    const g = groups[r % groups.length];
    x.push(xr);
    y.push(1 + 2 * xr + rng.normal());
    const eta = -0.5 + 0.8 * xr + (g === 'b' ? 0.5 : g === 'c' ? -0.5 : 0);
    event.push(rng.uniform() < 1 / (1 + Math.exp(-eta)) ? 1 : 0);
    group.push(g);
  }
  return {
    site,
    columns: [numeric('x', x), numeric('y', y), numeric('event', event),
      categorical('group', group, groups)],
  };
}

test('a mean is the sample mean with variance (2 − w) s²/n', () => {
  const values = [1, 2, 4, 7, NaN, 11];
  const site: SiteInput = { site: 'A', w: 0.5, columns: [numeric('v', values)] };
  const { estimates } = estimateSites([site], { kind: 'mean', column: 'v' });
  const observed = [1, 2, 4, 7, 11];
  const mean = 5;
  const s2 = observed.reduce((a, v) => a + (v - mean) ** 2, 0) / 4;
  assert.equal(estimates[0].estimate, mean);
  assert.ok(Math.abs(estimates[0].variance - 1.5 * s2 / 5) < 1e-12);
  assert.ok(Math.abs(estimates[0].naiveVariance - s2 / 5) < 1e-12);
});

test('regression terms take the factor 2 − w² by default and 2 − w^degree on request', () => {
  const site = simulatedSite('A', 100, 9, ['a']);
  const model = { kind: 'linear', outcome: 'y', covariates: ['x'] } as const;
  const real = estimateSites([site], model).estimates[1];
  const byDefault = estimateSites([{ ...site, w: 0.2 }], model).estimates[1];
  const degreeOne = estimateSites([{ ...site, w: 0.2 }], model, { degree: 1 }).estimates[1];
  const conservative = estimateSites([{ ...site, w: 0.2 }], model, { degree: Infinity });
  assert.ok(Math.abs(byDefault.variance / real.variance - (2 - 0.04)) < 1e-12);
  assert.ok(Math.abs(degreeOne.variance / real.variance - 1.8) < 1e-12);
  assert.ok(Math.abs(conservative.estimates[1].variance / real.variance - 2) < 1e-12);
});

test('a site-supplied corrected variance replaces the w-only correction', () => {
  const site: SiteInput = {
    site: 'A', w: 0.5, columns: [numeric('v', [1, 2, 3])], correctedVariances: { v: 0.123 },
  };
  const { estimates } = estimateSites([site], { kind: 'mean', column: 'v' });
  assert.equal(estimates[0].variance, 0.123);
});

test('a linear slope at a site equals cov(x, y) / var(x) and real data are not inflated', () => {
  const site = simulatedSite('A', 200, 1, ['a']);
  const { estimates } = estimateSites([site],
    { kind: 'linear', outcome: 'y', covariates: ['x'] });
  const x = (site.columns[0].values as Float64Array);
  const y = (site.columns[1].values as Float64Array);
  const n = x.length;
  const mx = x.reduce((a, b) => a + b) / n;
  const my = y.reduce((a, b) => a + b) / n;
  let sxy = 0;
  let sxx = 0;
  let syy = 0;
  for (let i = 0; i < n; i++) {
    sxy += (x[i] - mx) * (y[i] - my);
    sxx += (x[i] - mx) ** 2;
    syy += (y[i] - my) ** 2;
  }
  const slope = sxy / sxx;
  const residualVariance = (syy - slope * sxy) / (n - 2);
  const fitted = estimates.find((e) => e.term === 'x');
  assert.ok(fitted !== undefined);
  assert.ok(Math.abs(fitted.estimate - slope) < 1e-10);
  assert.ok(Math.abs(fitted.variance - residualVariance / sxx) < 1e-10);
});

test('a covariate absent or all missing at a site leaves that site out of its term only', () => {
  const a = simulatedSite('Alpha', 300, 2, ['a']);
  const b = simulatedSite('Beta', 300, 3, ['a']);
  b.columns.splice(0, 1);
  b.columns.push(numeric('z', new Array(300).fill(1)));
  const c = simulatedSite('Gamma', 300, 4, ['a']);
  c.columns[0] = numeric('x', new Array(300).fill(NaN));
  const result = metaAnalyze([a, b, c], { kind: 'linear', outcome: 'y', covariates: ['x'] });
  const slope = result.terms.find((t) => t.term === 'x');
  const intercept = result.terms.find((t) => t.term === '(Intercept)');
  assert.deepEqual(slope?.sites.map((s) => s.site), ['Alpha']);
  assert.deepEqual(intercept?.sites.map((s) => s.site), ['Alpha', 'Beta', 'Gamma']);
  assert.ok(result.excluded.some((m) => /Beta.*no column "x"/.test(m)));
  assert.ok(result.excluded.some((m) => /Gamma.*only missing values.*"x"/.test(m)));
  // The intercepts of Beta and Gamma come from a model without x, and say so.
  assert.deepEqual(intercept?.sites.map((s) => s.unadjustedFor),
    [undefined, ['x'], ['x']]);
});

test('categorical levels that differ across sites are pooled where present and reported', () => {
  const a = simulatedSite('Alpha', 600, 5, ['a', 'b', 'c']);
  const b = simulatedSite('Beta', 600, 6, ['a', 'b']);
  const result = metaAnalyze([a, b],
    { kind: 'logistic', outcome: 'event', covariates: ['x', 'group'] });
  const terms = result.terms.map((t) => t.term);
  assert.deepEqual(terms, ['(Intercept)', 'x', 'group=b', 'group=c']);
  assert.deepEqual(result.terms[2].sites.map((s) => s.site), ['Alpha', 'Beta']);
  assert.deepEqual(result.terms[3].sites.map((s) => s.site), ['Alpha']);
  assert.ok(result.excluded.some((m) => /"c".*"group".*Beta/.test(m)));
  assert.equal(result.scale, 'log-odds');
  // With K = 1 the pooled result is the site's own, with no heterogeneity.
  assert.equal(result.terms[3].random?.tau2, null);
  assert.equal(result.terms[3].fixed?.estimate, result.terms[3].sites[0].estimate);
});

test('a site with too few events is reported and left out of every term', () => {
  const a = simulatedSite('Alpha', 300, 7, ['a']);
  const events = new Array(300).fill(0);
  events[0] = 1;
  events[1] = 1;
  const b = simulatedSite('Rare', 300, 8, ['a']);
  b.columns[2] = numeric('event', events);
  const result = metaAnalyze([a, b], { kind: 'logistic', outcome: 'event', covariates: ['x'] });
  assert.ok(result.terms.every((t) => t.sites.every((s) => s.site === 'Alpha')));
  assert.ok(result.excluded.some((m) => /Rare.*too few events.*2 events/.test(m)));
  // No events at all: one note with the site's own counts, no per-level notes.
  const none = simulatedSite('None', 200, 9, ['a', 'b', 'c']);
  none.columns[2] = numeric('event', new Array(200).fill(0));
  const grouped = metaAnalyze([simulatedSite('Alpha', 300, 7, ['a', 'b', 'c']), none],
    { kind: 'logistic', outcome: 'event', covariates: ['x', 'group'] });
  const aboutNone = grouped.excluded.filter((m) => /None/.test(m));
  assert.deepEqual(aboutNone.length, 1, aboutNone.join(' | '));
  assert.match(aboutNone[0], /0 events, 200 non-events/);
});

test('a 0/1 covariate separating the outcome at a site sets its rows aside, not the site', () => {
  const a = simulatedSite('Alpha', 400, 20, ['a']);
  const b = simulatedSite('Beta', 400, 21, ['a']);
  const rng = new Random(22);
  // At Beta every row with flag = 0 has the event: no finite coefficient for flag there.
  const event = b.columns[2].values as Float64Array;
  const flag = Array.from(event, (e) => (e === 1 && rng.uniform() < 0.2 ? 0 : 1));
  b.columns.push(numeric('flag', flag));
  a.columns.push(numeric('flag', Array.from({ length: 400 }, () => (rng.uniform() < 0.3 ? 1 : 0))));
  const result = metaAnalyze([a, b],
    { kind: 'logistic', outcome: 'event', covariates: ['x', 'flag'] });
  const sitesOf = (term: string) => result.terms.find((t) => t.term === term)?.sites
    .map((s) => s.site);
  assert.deepEqual(sitesOf('flag'), ['Alpha']);
  assert.deepEqual(sitesOf('x'), ['Alpha', 'Beta']);
  assert.ok(result.excluded.some((m) => /Value 0 of column "flag".*Beta/.test(m)));
});

test('a reference level with one outcome at a site: another level stands in, the site keeps '
  + 'its other terms', () => {
  const a = simulatedSite('Alpha', 600, 30, ['a', 'b']);
  const b = simulatedSite('Beta', 600, 31, ['a', 'b']);
  // At Beta every row of the reference level "a" has the event: without a
  // stand-in the fit separates and Beta would drop out of every term.
  const event = b.columns[2].values as Float64Array;
  const group = b.columns[3].values as string[];
  group.forEach((g, r) => { if (g === 'a') event[r] = 1; });
  const result = metaAnalyze([a, b],
    { kind: 'logistic', outcome: 'event', covariates: ['x', 'group'] });
  const sitesOf = (term: string) => result.terms.find((t) => t.term === term)?.sites
    .map((s) => s.site);
  assert.deepEqual(sitesOf('x'), ['Alpha', 'Beta']);
  assert.deepEqual(sitesOf('(Intercept)'), ['Alpha']);
  assert.deepEqual(sitesOf('group=b'), ['Alpha']);
  assert.ok(result.excluded.some((m) =>
    /Level "a" \(the reference\) of column "group" has only one outcome at site Beta.*"b" stands in/
      .test(m)));
  // Beta's x slope comes from its "b" rows alone: a fit on those rows gives the same number.
  const rows = group.map((g, r) => (g === 'b' ? r : -1)).filter((r) => r >= 0);
  const only: SiteInput = { site: 'Beta', columns: b.columns.map((column) => (
    column.kind === 'numeric'
      ? numeric(column.name, rows.map((r) => column.values[r]))
      : categorical(column.name, rows.map((r) => column.values[r]), ['b']))) };
  const alone = metaAnalyze([only], { kind: 'logistic', outcome: 'event', covariates: ['x'] });
  const slope = (r: typeof result) => r.terms.find((t) => t.term === 'x')!.sites
    .find((s) => s.site === 'Beta')!.estimate;
  assert.ok(Math.abs(slope(result) - slope(alone)) < 1e-8, `${slope(result)} vs ${slope(alone)}`);
});

test('synthetic and real analyses are pooled over the sites both could estimate', () => {
  const sites = [simulatedSite('Alpha', 500, 40, ['a', 'b']), simulatedSite('Beta', 500, 41, ['a', 'b'])];
  const model = { kind: 'logistic' as const, outcome: 'event', covariates: ['x', 'group'] };
  const synthetic = metaAnalyze(sites, model);
  const real = metaAnalyze([sites[0]], model);
  const matched = onCommonSites(synthetic, real);
  for (const term of matched.synthetic.terms) {
    assert.deepEqual(term.sites.map((s) => s.site), ['Alpha'], term.term);
    assert.equal(term.fixed?.estimate, term.sites[0].estimate);
  }
  assert.equal(matched.notes.length, 3);
  assert.match(matched.notes[0], /site Beta has an estimate on the synthetic tables only/);
  assert.deepEqual(matched.real.terms.map((t) => t.fixed?.estimate),
    real.terms.map((t) => t.fixed?.estimate));
});

test('a logistic outcome coded other than 0/1 is a data error naming the column', () => {
  const site: SiteInput = {
    site: 'A', columns: [numeric('num', [0, 1, 2, 3]), numeric('x', [1, 2, 3, 4])],
  };
  assert.throws(
    () => estimateSites([site], { kind: 'logistic', outcome: 'num', covariates: ['x'] }),
    (error: Error & { code?: string }) =>
      error.code === 'outcome-not-binary' && /num/.test(error.message));
});

test('the forest plot has a row per site and two pooled rows per term and source', () => {
  const sites = [1, 2, 3].map((k) => simulatedSite(`S${k}`, 200, 10 + k, ['a']));
  const synthetic = metaAnalyze(sites.map((s) => ({ ...s, w: 0.5 })),
    { kind: 'linear', outcome: 'y', covariates: ['x'] });
  const real = metaAnalyze(sites, { kind: 'linear', outcome: 'y', covariates: ['x'] });
  const rows = forestPlotData(synthetic, real);
  assert.equal(rows.length, 2 * 2 * (3 + 2));
  const slopeSites = rows.filter((r) => r.term === 'x' && r.kind === 'site' && r.source === 'real');
  assert.ok(Math.abs(slopeSites.reduce((a, r) => a + (r.weight ?? 0), 0) - 1) < 1e-12);
  // The same tables with w = 0.5 differ only by the slope's factor 2 − w² = 1.75.
  const syntheticFixed = synthetic.terms[1].fixed;
  const realFixed = real.terms[1].fixed;
  assert.ok(syntheticFixed !== null && realFixed !== null);
  assert.ok(Math.abs(syntheticFixed.variance / realFixed.variance - 1.75) < 1e-12);
  assert.ok(rows.every((r) => r.ciLow < r.estimate && r.estimate < r.ciHigh));
});
