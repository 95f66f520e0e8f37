// When no w meets the attack target, lni releases nothing: it exits 1 with
// one error line, writes no table or report, and its privacy summary says
// no row was released (no ε, no clipping count, coverage "none") rather
// than describing a release that did not happen. A target of chance (0.5)
// met by the upper 95% bound of every attack's AUC makes the refusal
// certain on any seed.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { clevelandCsv, errorLines, lni, tempFolder } from './cli-harness.js';

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
      { releasedRows: number; coverage: string; warnings: string[] };
    assert.equal(summary.releasedRows, 0);
    assert.equal(summary.coverage, 'Rows released: none.');
    const refusal = summary.warnings.find((warning) => warning.startsWith('Nothing was released'));
    assert.ok(refusal !== undefined, JSON.stringify(summary.warnings));
    assert.match(refusal, /above the target 0\.5\b/);
    assert.match(refusal, /fresh draws from the flow/);
  });
