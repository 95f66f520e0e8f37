// When no w meets the attack target, lni releases nothing: it exits 1 with
// one error line, writes no table or report, and its privacy summary says
// no row was released (no ε, no clipping count, coverage "none") rather
// than describing a release that did not happen: ε, μ and w are null, not
// 0, which a script would read as perfect privacy. A target of chance
// (0.5) met by the upper 95% bound of every attack's AUC makes the refusal
// certain on any seed.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { clevelandCsv, errorLines, lni, tempFolder } from './cli-harness.js';

interface NoReleaseSummary {
  releasedRows: number;
  w: number | null;
  epsilon: number | null;
  mu: number | null;
  epsilonClassical: number | null;
  noPrivacy: boolean;
}

/** No row, so no ε, μ or w: null, never a number a script could take for a guarantee. */
function assertNoGuarantee(summary: NoReleaseSummary): void {
  assert.equal(summary.releasedRows, 0);
  assert.equal(summary.epsilon, null, 'ε');
  assert.equal(summary.mu, null, 'μ');
  assert.equal(summary.epsilonClassical, null, 'classical ε');
  assert.equal(summary.w, null, 'w');
  assert.equal(summary.noPrivacy, false);
}

test('no qualifying w: exit 1, no table or report, and a summary that says nothing was released',
  async () => {
    const folder = tempFolder('no-release');
    const output = join(folder, 'out.csv');
    const report = join(folder, 'out.html');
    const { code, stdout, stderr } = await lni(['run', clevelandCsv, '-o', output,
      '--report', report, '--fit-fraction', '0.5', '--clip-latent', 'auto',
      '--target-auc', '0.5', '--conservative', '--epochs', '20', '--seed', '3']);
    assert.equal(code, 1);
    const errors = errorLines(stderr);
    assert.equal(errors.length, 1, stderr.slice(-1000));
    assert.match(errors[0], /nothing was released/);
    assert.equal(existsSync(output), false, 'no table');
    assert.equal(existsSync(report), false, 'no report');
    assert.match(stdout, /Privacy: no row was released, so no ε applies\./);
    assert.doesNotMatch(stdout, /ε = /);
    assert.doesNotMatch(stdout, /Latent clipping pulled in/);
    assert.doesNotMatch(stdout, /This guarantee assumes/);
    assert.match(stdout, /These figures assume:/);
    const summary = JSON.parse(readFileSync(join(folder, 'out.privacy.json'), 'utf8')) as
      NoReleaseSummary & { coverage: string; warnings: string[] };
    assertNoGuarantee(summary);
    assert.equal(summary.coverage, 'Rows released: none.');
    const refusal = summary.warnings.find((warning) => warning.startsWith('Nothing was released'));
    assert.ok(refusal !== undefined, JSON.stringify(summary.warnings));
    assert.match(refusal, /above the target 0\.5\b/);
    assert.match(refusal, /fresh draws from the flow/);
  });

test('no qualifying w: --json gives null ε, μ and w, like the privacy file, and the seed',
  async () => {
    const folder = tempFolder('no-release-json');
    const output = join(folder, 'out.csv');
    const { code, stdout } = await lni(['run', clevelandCsv, '-o', output,
      '--fit-fraction', '0.5', '--clip-latent', 'auto', '--seed', '2', '--target-auc', '0.5',
      '--conservative', '--epochs', '20', '--json', '-q']);
    assert.equal(code, 1);
    // stdout is one JSON value: the summary, with the frontier and warnings
    // that give the reason, and the failure's error object as the README
    // promises for every failure.
    const result = JSON.parse(stdout) as Record<string, unknown> & { warnings: string[];
      error: { code: string; message: string; file: string; hint: string } };
    assert.ok(result.warnings.some((warning) => warning.startsWith('Nothing was released')));
    assert.equal(result.error.code, 'no-w-qualifies');
    assert.match(result.error.message, /nothing was released/);
    assert.equal(result.error.file, clevelandCsv);
    assert.match(result.error.hint, /--force/);
    assert.ok(Array.isArray(result.frontier) && result.frontier.length > 0);
    assertNoGuarantee(result as unknown as NoReleaseSummary);
    assert.equal(result.seed, 2);
    assert.equal(result.output, null);
    assertNoGuarantee(JSON.parse(readFileSync(join(folder, 'out.privacy.json'), 'utf8')) as
      NoReleaseSummary);
  });

test('a release of nothing leaves an earlier release and its privacy summary as they were',
  async () => {
    const folder = tempFolder('no-release-earlier');
    const output = join(folder, 'out.csv');
    const summary = join(folder, 'out.privacy.json');
    writeFileSync(output, 'an earlier release\n');
    writeFileSync(summary, '{"earlier": true}\n');
    const { code, stdout } = await lni(['run', clevelandCsv, '-o', output,
      '--fit-fraction', '0.5', '--clip-latent', 'auto', '--seed', '2', '--target-auc', '0.5',
      '--conservative', '--epochs', '20', '--json', '-q']);
    assert.equal(code, 1);
    assert.equal(readFileSync(output, 'utf8'), 'an earlier release\n');
    assert.equal(readFileSync(summary, 'utf8'), '{"earlier": true}\n');
    assert.equal((JSON.parse(stdout) as { privacySummary: unknown }).privacySummary, null);
  });

test('--force with no qualifying w: the summary and the report say the target was missed',
  async () => {
    const folder = tempFolder('no-release-forced');
    const output = join(folder, 'out.csv');
    const report = join(folder, 'out.html');
    const { code } = await lni(['run', clevelandCsv, '-o', output, '--report', report,
      '--fit-fraction', '0.5', '--clip-latent', 'auto', '--target-auc', '0.5', '--conservative',
      '--epochs', '20', '--seed', '3', '--force', '-q']);
    assert.equal(code, 0);
    const summary = JSON.parse(readFileSync(join(folder, 'out.privacy.json'), 'utf8')) as
      { w: number; warnings: string[] };
    assert.equal(summary.w, 0);
    const forced = summary.warnings.find((warning) => /--force/.test(warning));
    assert.ok(forced !== undefined, JSON.stringify(summary.warnings));
    assert.match(forced, /^no w met the target .*above the target 0\.5\b/);
    const html = readFileSync(report, 'utf8');
    const readFirst = /<div class="warnings">([\s\S]*?)<\/div>/.exec(html)?.[1] ?? '';
    assert.match(readFirst, /no w met the target/);
    assert.match(html, /released at w = 0 because --force was given/);
    assert.match(html, /Above the calibration target ≤ 0\.5\./);
  });
