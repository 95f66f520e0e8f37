// Shared by the browser tests: Debian's headless Chromium (never a downloaded
// one) launched with the same offline flags, and a rendered report opened
// from its file with every request recorded and any beyond the file stopped.
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { chromium, type Browser } from 'playwright-core';

export const CHROMIUM = '/usr/bin/chromium';

/** The skip reason when Chromium is missing (outside CI), else false. */
export function chromiumSkip(what: string): string | false {
  return !existsSync(CHROMIUM) && process.env.CI === undefined
    ? `${CHROMIUM} is not installed (and CI is not set), so the ${what} cannot run`
    : false;
}

/** Headless Chromium with background traffic (updates, sync, QUIC) turned off. */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
}

export interface ChartCheck {
  label: string;
  width: number;
  height: number;
  marks: number;
}

/** Every chart is larger than 50 × 50 px and has drawn at least one data mark. */
export function assertChartsDrawn(charts: readonly ChartCheck[]): void {
  for (const chart of charts) {
    assert.ok(chart.width > 50 && chart.height > 50,
      `chart "${chart.label}" is ${chart.width} × ${chart.height} px`);
    assert.ok(chart.marks > 0, `chart "${chart.label}" has no marks`);
  }
}

export interface OpenedReport {
  /** The file's own URL. */
  url: string;
  /** Every URL the page asked for, in order. */
  requests: string[];
  /** Console errors and uncaught page errors. */
  errors: string[];
  charts: ChartCheck[];
  /** The ids of the report's section cards, in order. */
  sections: string[];
}

/**
 * Opens a report file at 1366 × 768, records every request (and lets only
 * the file itself through), reads each chart's size and mark count and the
 * section ids, and saves a full-page screenshot.
 */
export async function openReport(file: string, screenshot: string): Promise<OpenedReport> {
  const url = pathToFileURL(file).href;
  const browser = await launchChromium();
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
    await page.screenshot({ path: screenshot, fullPage: true });
    return { url, requests, errors, charts, sections };
  } finally {
    await browser.close();
  }
}
