// Drives the web app (web/, built into dist/web/ and served by `lni serve`'s
// server) in Debian's headless Chromium: load the bundled example, fit with
// a small epoch budget, download the three files, and check that the
// synthetic CSV equals what the CLI writes for the same seed; then again in
// split mode. Every request the page or its worker makes is recorded; any
// that leaves the page's origin, or that carries data, fails the test.
// Screenshots go to test-output/ for a person to look at.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { Browser, Download, Page } from 'playwright-core';
import { startWebServer, type WebServer } from '../src/cli/web-server.js';
import { chromiumSkip, launchChromium } from './browser.js';
import { lni } from './cli-harness.js';

const OUTPUT = resolve('test-output');
const EXAMPLE = join('examples', 'uci-heart', 'cleveland.csv');
const SEED = 7;
const W = 0.5;
const EPOCHS = 5;
const FIT_FRACTION = 0.5;

const skip = chromiumSkip('browser test');

interface Recorded {
  url: string;
  method: string;
  hasBody: boolean;
}

async function downloadText(page: Page, selector: string): Promise<string> {
  const [download] = await Promise.all([
    page.waitForEvent('download') as Promise<Download>,
    page.click(selector),
  ]);
  const path = await download.path();
  return readFileSync(path, 'utf8');
}

/** Rows of a CSV text without the header (the example has no quoted newlines). */
function lines(text: string): string[] {
  return text.split(/\r?\n/).filter((line) => line !== '');
}

interface OpenedApp {
  page: Page;
  origin: string;
  requests: Recorded[];
  /** Console errors and uncaught page errors. */
  problems: string[];
  close: () => Promise<void>;
}

/**
 * Builds the app, serves it on a free loopback port and opens it in
 * Chromium with every request recorded and any beyond its origin stopped.
 */
async function openApp(): Promise<OpenedApp> {
  const build = spawnSync(process.execPath, ['scripts/build-web.mjs'], { encoding: 'utf8' });
  assert.equal(build.status, 0, `the web build failed: ${build.stderr}`);
  mkdirSync(OUTPUT, { recursive: true });
  const server: WebServer = await startWebServer({ port: 0 });
  const origin = new URL(server.url).origin;
  let browser: Browser | undefined;
  const close = async () => {
    await browser?.close();
    await server.close();
  };
  try {
    browser = await launchChromium();
    const requests: Recorded[] = [];
    const problems: string[] = [];
    const context = await browser.newContext({ acceptDownloads: true });
    // Record everything, and let nothing through that is not the page's own origin.
    await context.route('**/*', async (route) => {
      const request = route.request();
      requests.push({ url: request.url(), method: request.method(),
        hasBody: (request.postDataBuffer()?.length ?? 0) > 0 });
      if (new URL(request.url()).origin === origin) await route.continue();
      else await route.abort();
    });
    const page = await context.newPage();
    page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
    page.on('console', (message) => {
      if (message.type() === 'error') problems.push(`console error: ${message.text()}`);
    });
    await page.goto(server.url);
    return { page, origin, requests, problems, close };
  } catch (error) {
    await close();
    throw error;
  }
}

/** Only plain GETs to the page's own origin, without a body or query. */
function assertStayedLocal(requests: readonly Recorded[], origin: string): void {
  assert.ok(requests.some((r) => r.url.endsWith('/worker.js')),
    'the recording should include the worker\'s own load');
  for (const request of requests) {
    const url = new URL(request.url);
    if (url.protocol === 'data:' || url.protocol === 'blob:') continue;
    assert.equal(url.origin, origin, `a request left the page's origin: ${request.url}`);
    assert.equal(request.method, 'GET', `a ${request.method} request was made`);
    assert.equal(request.hasBody, false, 'a request carried a body');
    assert.equal(url.search, '', `a request carried a query string: ${request.url}`);
  }
}

/** The CLI's CSV for these options equals the app's, compared without printing a row. */
async function assertSameAsCli(appCsv: string, options: string[]): Promise<void> {
  const scratch = mkdtempSync(join(tmpdir(), 'lni-web-'));
  try {
    const cliOut = join(scratch, 'cli.csv');
    const cli = await lni(['run', EXAMPLE, '-o', cliOut, ...options, '--quiet']);
    assert.equal(cli.code, 0, cli.stderr);
    const cliCsv = readFileSync(cliOut, 'utf8');
    const cliLines = lines(cliCsv);
    const appLines = lines(appCsv);
    const differing = appLines.filter((line, i) => line !== cliLines[i]).length;
    assert.ok(appCsv === cliCsv, `the app's CSV (${appLines.length} lines) differs from the `
      + `CLI's (${cliLines.length} lines) on ${differing} lines`);
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}

test('the web app fits the example offline and releases the same file as the CLI',
  { skip, timeout: 90_000 }, async () => {
    const { page, origin, requests, problems, close } = await openApp();
    try {
      assert.equal(await page.evaluate(() => globalThis.crossOriginIsolated), true,
        'the page should be cross-origin isolated (COOP + COEP headers)');
      assert.match(await page.textContent('#offline-note') ?? '', /Nothing is uploaded/);

      // Every form control has an accessible name.
      const unlabelled = await page.$$eval('input, select, button', (controls) => controls
        .filter((c) => (c as HTMLInputElement).labels?.length === 0
          && !c.getAttribute('aria-label') && (c.textContent ?? '').trim() === '')
        .map((c) => c.id));
      assert.deepEqual(unlabelled, []);

      await page.setInputFiles('#file', EXAMPLE);
      await page.waitForSelector('#schema-section:not([hidden])');
      const header = lines(readFileSync(EXAMPLE, 'utf8'))[0];
      assert.equal(await page.locator('#schema-table tbody tr').count(),
        header.split(',').length);

      await page.fill('#w-value', String(W));
      await page.fill('#seed', String(SEED));
      await page.fill('#epochs', String(EPOCHS));
      await page.screenshot({ path: join(OUTPUT, 'web-app-schema.png'), fullPage: true });

      // Keyboard: the fit button is reached and pressed without a mouse.
      await page.focus('#epochs');
      for (let presses = 0; presses < 8; presses++) {
        if (await page.evaluate(() => document.activeElement?.id) === 'fit') break;
        await page.keyboard.press('Tab');
      }
      assert.equal(await page.evaluate(() => document.activeElement?.id), 'fit');
      await page.keyboard.press('Enter');
      await page.waitForSelector('#results-section:not([hidden])', { timeout: 45_000 });
      await page.screenshot({ path: join(OUTPUT, 'web-app-released.png'), fullPage: true });

      const csv = await downloadText(page, '#download-csv');
      const input = lines(readFileSync(EXAMPLE, 'utf8'));
      const output = lines(csv);
      assert.equal(output[0], input[0]);
      assert.equal(output.length, input.length);

      const privacy = JSON.parse(await downloadText(page, '#download-privacy')) as
        { w: number; releasedRows: number; epsilon: number | null };
      assert.equal(privacy.w, W);
      assert.equal(privacy.releasedRows, input.length - 1);
      assert.ok(privacy.epsilon !== null && privacy.epsilon > 0);
      const report = await downloadText(page, '#download-report');
      assert.match(report, /^<!doctype html>/i);
      assert.ok(report.includes('<svg'), 'the report should hold its charts');

      // The CLI from sources, same seed, w and epoch budget: the same bytes.
      await assertSameAsCli(csv, ['--w', String(W), '--seed', String(SEED),
        '--epochs', String(EPOCHS)]);

      // The next release draws a fresh seed: releases of the same rows add up
      // their ε only if their noise is unrelated.
      assert.match(await page.textContent('#privacy-lines') ?? '',
        new RegExp(`Seed: ${SEED}\\.`));
      assert.notEqual(await page.inputValue('#seed'), String(SEED));

      // Cancel: a long fit stops at the next epoch and releases nothing.
      await page.fill('#epochs', '400');
      await page.fill('#w-value', '0.3');
      await page.click('#fit');
      await page.waitForFunction(() =>
        /epoch [2-9]/.test(document.getElementById('epoch-line')?.textContent ?? ''));
      assert.equal(await page.isEnabled('#cancel'), true);
      await page.screenshot({ path: join(OUTPUT, 'web-app-training.png'), fullPage: true });
      await page.click('#cancel');
      await page.waitForFunction(() =>
        /Cancelled/.test(document.getElementById('stage')?.textContent ?? ''),
      undefined, { timeout: 15_000 });
      assert.equal(await page.isHidden('#results-section'), true);
      assert.equal(await page.isEnabled('#fit'), true);

      // A target ε: latent clipping comes on with it, and the released ε meets the target.
      await page.check('#mode-epsilon');
      assert.equal(await page.isChecked('#clip'), true);
      await page.fill('#epsilon-target', '8');
      await page.fill('#epochs', String(EPOCHS));
      await page.uncheck('#audit');
      await page.click('#fit');
      await page.waitForSelector('#results-section:not([hidden])', { timeout: 30_000 });
      const targeted = JSON.parse(await downloadText(page, '#download-privacy')) as
        { w: number; epsilon: number; wChosenBy: string; bound: string };
      assert.equal(targeted.wChosenBy, 'epsilon');
      assert.equal(targeted.bound, 'clip');
      assert.ok(targeted.w > 0 && targeted.w < 1);
      assert.ok(Math.abs(targeted.epsilon - 8) < 1e-6, `ε = ${targeted.epsilon}, target 8`);
    } finally {
      await close();
    }

    assert.deepEqual(problems, []);
    assertStayedLocal(requests, origin);
  });

test('split mode releases only the rows that did not fit the flow, as the CLI does',
  { skip, timeout: 90_000 }, async () => {
    const { page, origin, requests, problems, close } = await openApp();
    const input = lines(readFileSync(EXAMPLE, 'utf8'));
    const inputRows = input.length - 1;
    // auditAndRelease fits round(n·F) rows and releases the rest.
    const fittedRows = Math.round(inputRows * FIT_FRACTION);
    const releasedRows = inputRows - fittedRows;
    try {
      assert.equal(await page.isChecked('#split'), false, 'split mode should be off at first');
      assert.equal(await page.isDisabled('#fit-fraction'), true);
      await page.setInputFiles('#file', EXAMPLE);
      await page.waitForSelector('#schema-section:not([hidden])');

      // As the README's quick start: split mode with latent clipping.
      await page.fill('#w-value', String(W));
      await page.fill('#seed', String(SEED));
      await page.fill('#epochs', String(EPOCHS));
      await page.check('#clip');
      await page.check('#split');
      await page.fill('#fit-fraction', String(FIT_FRACTION));
      await page.click('#fit');
      await page.waitForSelector('#results-section:not([hidden])', { timeout: 45_000 });
      await page.screenshot({ path: join(OUTPUT, 'web-app-split.png'), fullPage: true });

      const csv = await downloadText(page, '#download-csv');
      assert.equal(lines(csv).length - 1, releasedRows,
        `${inputRows} rows with a fit share of ${FIT_FRACTION} should release ${releasedRows}`);
      const privacy = JSON.parse(await downloadText(page, '#download-privacy')) as
        { releasedRows: number; splitMode: boolean; bound: string; w: number; notes?: string[] };
      assert.equal(privacy.releasedRows, releasedRows);
      // Like lni run's privacy file, it keeps the release's notes.
      assert.ok((privacy.notes ?? []).some((note) => /split mode/.test(note)),
        `notes: ${JSON.stringify(privacy.notes)}`);
      assert.equal(privacy.splitMode, true);
      assert.equal(privacy.bound, 'clip');
      assert.equal(privacy.w, W);

      assert.equal(await page.textContent('#released-rows'),
        `${releasedRows} of ${inputRows} rows released in split mode: the other `
        + `${fittedRows} rows fitted the flow and are not released.`);
      assert.match(await page.textContent('#stage') ?? '',
        new RegExp(`Done: ${releasedRows} rows released at w = ${W} in split mode`));
      assert.match(await page.textContent('#privacy-lines') ?? '',
        new RegExp(`Rows released: ${releasedRows} rows not used for fitting \\(split mode`));
      const report = await downloadText(page, '#download-report');
      assert.ok(report.includes(`Of the ${inputRows} input rows, ${fittedRows} fitted the `
        + 'flow in split mode'), 'the report should say why fewer rows came out than went in');

      await assertSameAsCli(csv, ['--w', String(W), '--seed', String(SEED),
        '--epochs', String(EPOCHS), '--fit-fraction', String(FIT_FRACTION),
        '--clip-latent', 'auto']);
    } finally {
      await close();
    }

    assert.deepEqual(problems, []);
    assertStayedLocal(requests, origin);
  });

test('a file that cannot be read says so and leaves no earlier file ready to fit',
  { skip, timeout: 60_000 }, async () => {
    const { page, origin, requests, problems, close } = await openApp();
    const scratch = mkdtempSync(join(tmpdir(), 'lni-web-bad-'));
    try {
      await page.setInputFiles('#file', EXAMPLE);
      await page.waitForSelector('#schema-section:not([hidden])');
      // Simulated rows: the last quote is never closed.
      const bad = join(scratch, 'broken.csv');
      writeFileSync(bad, 'a,b,c\n1,2,3\n4,5,6\n"7,8,9\n');
      await page.setInputFiles('#file', bad);
      await page.waitForFunction(() => (document.getElementById('error')?.textContent ?? '')
        !== '');
      assert.match(await page.textContent('#error') ?? '', /broken\.csv.*quote/i);
      assert.match(await page.textContent('#file-status') ?? '', /broken\.csv could not be read/);
      // The example's schema and the fit button are gone with it.
      assert.equal(await page.isHidden('#schema-section'), true);
      assert.equal(await page.isHidden('#fit-section'), true);
    } finally {
      await close();
      rmSync(scratch, { recursive: true, force: true });
    }
    assert.deepEqual(problems, []);
    assertStayedLocal(requests, origin);
  });
