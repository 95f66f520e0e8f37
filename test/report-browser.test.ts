// Opens a rendered report in real headless Chromium, offline: every network
// request fails the test, every chart must have drawn marks, and a full-page
// screenshot is saved for a person to look at (test-output/report.png).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { renderReport } from '../src/report/index.js';
import { exampleReportData } from '../src/report/example.js';
import { assertChartsDrawn, chromiumSkip, openReport } from './browser.js';

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
