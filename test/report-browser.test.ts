// Opens a rendered report in real headless Chromium, offline: every network
// request fails the test, every chart must have drawn marks, and a full-page
// screenshot is saved for a person to look at (test-output/report.png).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { renderReport } from '../src/report/index.js';
import { exampleReportData } from '../src/report/example.js';
import { assertChartsDrawn, chromiumSkip, launchChromium, openReport } from './browser.js';

const OUTPUT = resolve('test-output');
const skip = chromiumSkip('browser check');

test('the report opens offline in Chromium with every chart drawn', { skip, timeout: 60_000 },
  async () => {
    mkdirSync(OUTPUT, { recursive: true });
    const data = exampleReportData();
    const file = resolve(OUTPUT, 'report.html');
    writeFileSync(file, await renderReport(data));
    const { url, requests, errors, charts, sections } =
      await openReport(file, resolve(OUTPUT, 'report.png'));

    assert.deepEqual(requests, [url], `requests beyond the file: ${requests.join(', ')}`);
    assert.deepEqual(errors, []);
    assert.deepEqual(sections,
      ['summary', 'marginals', 'correlations', 'coefficients', 'attacks', 'frontier', 'forest']);
    assert.equal(charts.length, data.marginals!.length + 4 + data.forests!.length);
    assertChartsDrawn(charts);
  });

test('at a phone\'s width (400 px) nothing but a chart is wider than the window',
  { skip, timeout: 60_000 }, async () => {
    mkdirSync(OUTPUT, { recursive: true });
    const data = exampleReportData();
    // A column named as some exports name them: one long word.
    const long = 'systolic_blood_pressure_at_the_baseline_visit_in_millimetres_of_mercury';
    data.marginals = data.marginals!.map((marginal, i) =>
      (i === 0 ? { ...marginal, column: long } : marginal));
    const file = resolve(OUTPUT, 'report-narrow.html');
    writeFileSync(file, await renderReport(data));
    const browser = await launchChromium();
    try {
      const page = await browser.newPage({ viewport: { width: 400, height: 800 } });
      await page.route('**/*', (route) => route.request().url() === pathToFileURL(file).href
        ? route.continue() : route.abort());
      await page.goto(pathToFileURL(file).href, { waitUntil: 'load' });
      const wide = await page.$$eval('body *', (elements) => elements
        .filter((element) => element.closest('svg') === null
          && element.getBoundingClientRect().right > window.innerWidth + 1)
        .map((element) => `${element.tagName} "${(element.textContent ?? '').slice(0, 40)}"`));
      assert.deepEqual(wide, []);
      assert.equal(await page.evaluate(() => document.documentElement.scrollWidth), 400);
    } finally {
      await browser.close();
    }
  });
