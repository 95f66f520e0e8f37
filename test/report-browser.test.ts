// Opens a rendered report in real headless Chromium, offline: every network
// request fails the test, every chart must have drawn marks, and a full-page
// screenshot is saved for a person to look at (test-output/report.png).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium } from 'playwright-core';
import { renderReport } from '../src/report/index.js';
import { exampleReportData } from '../src/report/example.js';

// Debian's browser; never a downloaded one.
const CHROMIUM = '/usr/bin/chromium';
const OUTPUT = resolve('test-output');

const skip = !existsSync(CHROMIUM) && process.env.CI === undefined
  ? `${CHROMIUM} is not installed (and CI is not set), so the browser check cannot run`
  : false;

interface ChartCheck {
  label: string;
  width: number;
  height: number;
  marks: number;
}

test('the report opens offline in Chromium with every chart drawn', { skip, timeout: 60_000 },
  async () => {
    mkdirSync(OUTPUT, { recursive: true });
    const data = exampleReportData();
    const file = resolve(OUTPUT, 'report.html');
    writeFileSync(file, await renderReport(data));
    const url = pathToFileURL(file).href;

    const browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
        '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    });
    try {
      const page = await browser.newPage({ viewport: { width: 1366, height: 768 } });
      const requests: string[] = [];
      const errors: string[] = [];
      page.on('request', (request) => requests.push(request.url()));
      page.on('console', (message) => {
        if (message.type() === 'error') errors.push(message.text());
      });
      page.on('pageerror', (error) => errors.push(error.message));
      // Recorded above, and stopped here so a failing report reaches no one.
      await page.route('**/*', (route) =>
        route.request().url() === url ? route.continue() : route.abort());

      await page.goto(url, { waitUntil: 'load' });

      const charts: ChartCheck[] = await page.$$eval('figure.chart svg', (svgs) =>
        svgs.map((svg) => {
          const box = svg.getBoundingClientRect();
          // Vega draws data in groups classed mark-<type>; frames are mark-group.
          const marks = svg.querySelectorAll(
            'g[class*="mark-"]:not(.mark-group):not(.mark-text) > *').length;
          return {
            label: svg.getAttribute('aria-label') ?? '(unlabelled)',
            width: box.width,
            height: box.height,
            marks,
          };
        }));
      const sections = await page.$$eval('section.card', (cards) => cards.map((c) => c.id));

      await page.screenshot({ path: resolve(OUTPUT, 'report.png'), fullPage: true });

      assert.deepEqual(requests, [url], `requests beyond the file: ${requests.join(', ')}`);
      assert.deepEqual(errors, []);
      assert.deepEqual(sections,
        ['summary', 'marginals', 'correlations', 'coefficients', 'attacks', 'frontier', 'forest']);
      assert.equal(charts.length, data.marginals!.length + 4 + data.forests!.length);
      for (const chart of charts) {
        assert.ok(chart.width > 50 && chart.height > 50,
          `chart "${chart.label}" is ${chart.width} × ${chart.height} px`);
        assert.ok(chart.marks > 0, `chart "${chart.label}" has no marks`);
      }
    } finally {
      await browser.close();
    }
  });
