// Drives the web app (web/, built into dist/web/ and served by `lni serve`'s
// server) in Debian's headless Chromium: load the bundled example, fit with
// a small epoch budget, download the three files, and check that the
// synthetic CSV equals what the CLI writes for the same seed. Every request
// the page or its worker makes is recorded; any that leaves the page's
// origin, or that carries data, fails the test. Screenshots go to
// test-output/ for a person to look at.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { Download, Page } from 'playwright-core';
import { startWebServer } from '../src/cli/web-server.js';
import { chromiumSkip, launchChromium } from './browser.js';
import { lni } from './cli-harness.js';

const OUTPUT = resolve('test-output');
const EXAMPLE = join('examples', 'uci-heart', 'cleveland.csv');
const SEED = 7;
const W = 0.5;
const EPOCHS = 5;

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

test('the web app fits the example offline and releases the same file as the CLI',
  { skip, timeout: 90_000 }, async () => {
    const build = spawnSync(process.execPath, ['scripts/build-web.mjs'], { encoding: 'utf8' });
    assert.equal(build.status, 0, `the web build failed: ${build.stderr}`);
    mkdirSync(OUTPUT, { recursive: true });
    const scratch = mkdtempSync(join(tmpdir(), 'lni-web-'));
    const server = await startWebServer({ port: 0 });
    const origin = new URL(server.url).origin;
    const browser = await launchChromium();
    const requests: Recorded[] = [];
    const problems: string[] = [];
    try {
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
      const cliOut = join(scratch, 'cli.csv');
      const cli = await lni(['run', EXAMPLE, '-o', cliOut, '--w', String(W),
        '--seed', String(SEED), '--epochs', String(EPOCHS), '--quiet']);
      assert.equal(cli.code, 0, cli.stderr);
      // Compared without printing: the rows are derived from real ones.
      const cliLines = lines(readFileSync(cliOut, 'utf8'));
      const differing = output.filter((line, i) => line !== cliLines[i]).length;
      assert.ok(csv === readFileSync(cliOut, 'utf8'),
        `the app's CSV differs from the CLI's on ${differing} of ${output.length} lines`);

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
      await browser.close();
      await server.close();
      rmSync(scratch, { recursive: true, force: true });
    }

    assert.deepEqual(problems, []);
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
  });
