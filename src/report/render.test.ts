import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Random } from '../util/random.js';
import { correlationMatrix, exampleReportData, simulateCohort } from './example.js';
import type { SimulatedTable } from './example.js';
import { categoricalMarginal, numericMarginal } from './histogram.js';
import { renderReport } from './render.js';
import { renderSvg } from './svg.js';
import type { ReportData } from './types.js';

const SECTION_IDS = [
  'summary', 'marginals', 'correlations', 'coefficients', 'attacks', 'frontier', 'forest',
];

/** Every src= and href= value in the document (xmlns attributes are not among them). */
function linkTargets(html: string): string[] {
  return [...html.matchAll(/\s(?:src|href|xlink:href)\s*=\s*["']?([^"'\s>]*)/gi)]
    .map((match) => match[1]);
}

test('a full report has every section and one chart per figure', async () => {
  const data = exampleReportData();
  const html = await renderReport(data);

  for (const id of SECTION_IDS) assert.match(html, new RegExp(`<section class="card" id="${id}"`));
  const charts = (html.match(/<svg /g) ?? []).length;
  // One per marginal, plus correlation, coefficients, ROC, frontier and each forest.
  assert.equal(charts, data.marginals!.length + 4 + data.forests!.length);
});

test('the report loads nothing: no scripts, no stylesheets, no network links', async () => {
  const html = await renderReport(exampleReportData());

  assert.doesNotMatch(html, /<script/i);
  assert.doesNotMatch(html, /<link/i);
  assert.doesNotMatch(html, /<img/i);
  assert.doesNotMatch(html, /@import|url\(\s*["']?(?:https?:|\/\/)/i);
  for (const target of linkTargets(html)) {
    assert.ok(target.startsWith('#'), `link target "${target}" is not a fragment`);
  }
  assert.match(html, /xmlns="http:\/\/www\.w3\.org\/2000\/svg"/);
});

test('the summary states direction, range and baseline for every number', async () => {
  const html = await renderReport({ summary: exampleReportData().summary });

  assert.match(html, /Mean KS statistic<\/span><span class="value">0\.0412/);
  assert.match(html, /lower is better · 0 is identical, 1 is disjoint · range 0 to 1/);
  assert.match(html, /ε = 36\.4 <small>at δ = 1e−6<\/small>/);
  assert.match(html, /sensitivity S ≤ 12 from latent clipping \(R = 6\)/);
  assert.match(html, /AUC 0\.534\s<small>\[0\.5, 0\.568\]<\/small>/);
  assert.match(html, /0\.5 is chance/);
  assert.match(html, /600 rows in → 600 synthetic rows out/);
  assert.match(html, /The flow was trained on the released rows/);
  assert.doesNotMatch(html, /<svg /);
});

test('at w = 1 the summary says there is no formal privacy instead of an ε', async () => {
  const summary = { ...exampleReportData().summary!, w: 1, warnings: [] };
  summary.privacy = { ...summary.privacy!, epsilon: null };
  const html = await renderReport({ summary });
  assert.match(html, /No formal privacy at w = 1/);
  assert.doesNotMatch(html, /ε = /);
});

test('a report without data shows only its title and no empty sections', async () => {
  const html = await renderReport({ title: 'Empty' });
  assert.match(html, /<h1>Empty<\/h1>/);
  assert.doesNotMatch(html, /<section/);
});

test('names from the data are escaped, not interpreted as markup', async () => {
  const marginal = numericMarginal('<img src=x onerror=alert(1)>',
    Float64Array.from([1, 2, 3]), Float64Array.from([2, 3, 4]));
  const html = await renderReport({ title: '<b>t</b>', marginals: [marginal] });
  assert.doesNotMatch(html, /<img src=x/);
  assert.match(html, /&lt;img src=x onerror=alert\(1\)&gt;/);
  assert.match(html, /<h1>&lt;b&gt;t&lt;\/b&gt;<\/h1>/);
});

test('charts refuse to fetch data from a URL', async () => {
  const spec = {
    data: { url: 'http://127.0.0.1:9/rows.json' },
    mark: 'point' as const,
    encoding: { x: { field: 'a', type: 'quantitative' as const } },
  };
  await assert.rejects(renderSvg(spec, 'fetching chart'),
    /asked to load http:\/\/127\.0\.0\.1:9\/rows\.json/);
});

/** The cells of row i as they would be written in the real file. */
function rowCells(table: SimulatedTable, i: number): string[] {
  const numeric = Object.values(table.numeric).map((column) => column[i]);
  const categorical = Object.values(table.categorical).map((column) => column[i]);
  return [
    ...numeric.filter((value) => !Number.isNaN(value)).map(String),
    ...categorical.filter((value): value is string => value !== null),
  ];
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/**
 * The cells in order, each a whole token, joined by any separator free of
 * digits (so a separator cannot swallow another number).
 */
function rowPattern(cells: string[]): RegExp {
  const tokens = cells.map((cell) => `(?<![\\w.])${escapeRegExp(cell)}(?!\\w|\\.\\d)`);
  return new RegExp(tokens.join('[^0-9]{1,80}?'));
}

function realOnlyReport(real: SimulatedTable, synthetic: SimulatedTable): ReportData {
  return {
    ...exampleReportData(),
    marginals: [
      ...Object.keys(real.numeric).map((name) =>
        numericMarginal(name, real.numeric[name], synthetic.numeric[name])),
      ...Object.keys(real.categorical).map((name) =>
        categoricalMarginal(name, real.categorical[name], synthetic.categorical[name])),
    ],
    correlations: {
      method: 'pearson', names: Object.keys(real.numeric),
      real: correlationMatrix(real), synthetic: correlationMatrix(synthetic),
    },
  };
}

test('no real row appears in the report, whatever separates its cells', async () => {
  const random = new Random(2024);
  const real = simulateCohort(random, 40);
  const synthetic = simulateCohort(random, 40, 0.3);
  const html = await renderReport(realOnlyReport(real, synthetic));

  for (let i = 0; i < 40; i += 1) {
    const cells = rowCells(real, i);
    assert.doesNotMatch(html, rowPattern(cells), `real row ${i} (${cells.join(', ')}) appears`);
    const numeric = cells.slice(0, Object.keys(real.numeric).length);
    assert.doesNotMatch(html, rowPattern(numeric), `numeric cells of real row ${i} appear`);
  }
});

test('the row scan finds a planted real row and ignores numbers inside longer ones', () => {
  const random = new Random(2024);
  const real = simulateCohort(random, 40);
  const cells = rowCells(real, 3);
  const planted = `<table><tr><td>${cells.join('</td><td>')}</td></tr></table>`;
  assert.match(`<p>x</p>${planted}<p>y</p>`, rowPattern(cells));
  assert.match(cells.join(', '), rowPattern(cells));
  assert.doesNotMatch('154 and 54.5', rowPattern(['54']));
  assert.match('x=54;', rowPattern(['54']));
});

test('a date column\'s histogram axis reads as dates, a time of day\'s as times', async () => {
  const { numericMarginalSpec } = await import('./charts-distribution.js');
  const days = Float64Array.from({ length: 200 }, (_, i) => 18_300 + (i * 37) % 700);
  const times = Float64Array.from({ length: 200 }, (_, i) => (8 * 60 + (i * 7) % 480) / 1440);
  const dates = await renderSvg(numericMarginalSpec({ ...numericMarginal('d', days, days),
    time: 'date' }), 'dates');
  assert.match(dates, />20\d\d-\d\d-\d\d</, 'dates on the axis');
  assert.doesNotMatch(dates, />18,?[3-9]\d\d</, 'no day numbers');
  const clock = await renderSvg(numericMarginalSpec({ ...numericMarginal('t', times, times),
    time: 'time of day' }), 'times');
  assert.match(clock, />1\d:\d\d</, 'times on the axis');
});
