// `lni run --report` on the Framingham table, end to end: the release, the
// report's sections, a scan of the report for every real row, and the report
// opened offline in headless Chromium with a screenshot for a person to read
// (test-output/run-report.png).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseCsv } from '../src/table/index.js';
import { sharedDataSkip } from '../src/testing/shared-data.js';
import { assertChartsDrawn, chromiumSkip, openReport } from './browser.js';
import { framinghamCsv, lni } from './cli-harness.js';

const DATA = framinghamCsv;
const OUTPUT = resolve('test-output');
const MISSING = new Set(['', 'NA']);

const skip = sharedDataSkip || chromiumSkip('browser check');

const SEPARATOR = '\u0001';

/**
 * The text as a sequence of tokens (runs of letters, digits, '.', '-' or
 * '−'), joined by one separator: any row written with any separator between
 * its cells becomes the same token sequence. Tags are dropped and a few
 * entities decoded, so cells split across SVG elements are seen as well.
 */
function tokenStreams(html: string): string[] {
  const decoded = html.replace(/<[^>]*>/g, ' ').replace(/&amp;/g, '&').replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&#39;/g, "'");
  return [html, decoded].map((text) =>
    SEPARATOR + (text.match(/[\p{L}\p{N}.\-−]+/gu) ?? []).join(SEPARATOR) + SEPARATOR);
}

/** Real rows with ≥ 4 distinct non-missing cells, as token sequences. */
function rowNeedles(table: { columns: string[][]; rowCount: number }): string[] {
  const needles: string[] = [];
  for (let i = 0; i < table.rowCount; i += 1) {
    const cells = table.columns.map((column) => column[i].trim())
      .filter((cell) => !MISSING.has(cell));
    if (new Set(cells).size >= 4) needles.push(SEPARATOR + cells.join(SEPARATOR) + SEPARATOR);
  }
  return needles;
}

function leakedRows(html: string, needles: string[]): number {
  const streams = tokenStreams(html);
  return needles.filter((needle) => streams.some((stream) => stream.includes(needle))).length;
}

test('lni run --report writes a complete report that holds no real row and opens offline',
  { skip, timeout: 300_000 }, async () => {
    const folder = mkdtempSync(join(tmpdir(), 'lni-run-report-'));
    try {
      const synthetic = join(folder, 'synth.csv');
      const report = join(folder, 'r.html');
      const run = await lni(['run', DATA, '-o', synthetic, '--w', '0.7', '--report', report,
        '--outcome', 'TenYearCHD', '--covariates', 'age,male,sysBP,totChol',
        '--epochs', '5', '--blocks', '2', '--hidden', '16', '--w-grid', '0,0.9',
        '--holdout', '0.05', '--seed', '11']);
      assert.equal(run.code, 0, run.stderr);

      // The held-out test rows: said on stdout and in the privacy summary, not released.
      const real = parseCsv(readFileSync(DATA), { file: DATA }).table;
      const released = parseCsv(readFileSync(synthetic), { file: synthetic }).table;
      const test = Math.round(real.rowCount * 0.2);
      assert.equal(released.rowCount, real.rowCount - test);
      assert.match(run.stdout, new RegExp(`${test} real rows were held out as test rows`));
      assert.match(run.stdout, /report: .*r\.html/);
      const summary = JSON.parse(readFileSync(join(folder, 'synth.privacy.json'), 'utf8'));
      assert.match(summary.coverage, new RegExp(`${test} test rows were held out`));
      assert.equal(summary.releasedRows, released.rowCount);

      const html = readFileSync(report, 'utf8');
      const needles = rowNeedles(real);
      assert.ok(needles.length > 4000, `only ${needles.length} rows to look for`);
      assert.equal(leakedRows(html, needles), 0, 'the report holds a real row');
      // The scan itself can fail: one row written into the page is found.
      const planted = real.columns.map((column) => column[0]).join(' | ');
      assert.equal(leakedRows(html + `<p>${planted}</p>`, needles), 1);

      assert.match(html, /Train on synthetic, test on real: AUC/);
      assert.match(html, /w = 0\.7/);
      assert.match(html, /δ = 1e−6/);

      await openInBrowser(report, real.names.length);
    } finally {
      rmSync(folder, { recursive: true, force: true });
    }
  });

async function openInBrowser(file: string, columns: number): Promise<void> {
  mkdirSync(OUTPUT, { recursive: true });
  const { url, requests, errors, charts, sections } =
    await openReport(file, resolve(OUTPUT, 'run-report.png'));

  assert.deepEqual(requests, [url], `requests beyond the file: ${requests.join(', ')}`);
  assert.deepEqual(errors, []);
  assert.deepEqual(sections,
    ['summary', 'marginals', 'correlations', 'coefficients', 'attacks', 'frontier']);
  // One marginal per column, then correlations, coefficients, ROC and frontier.
  assert.equal(charts.length, columns + 4);
  assertChartsDrawn(charts);
}
