// `lni run` on a table with nothing to model (constants and IDs only) still
// writes out.privacy.json, so a summary left by an earlier run at the same
// path never stands beside a table it does not describe.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { lni, QUICK, tempFolder } from './cli-harness.js';

const folder = tempFolder('pass-through');

test('a pass-through run replaces an earlier privacy summary with one saying nothing was modelled',
  async () => {
    const input = join(folder, 'flat.csv');
    const lines = ['code;site;blank', ...Array.from({ length: 60 }, (_, i) =>
      `P${String(1000 + i * 7)};north;NA`)];
    writeFileSync(input, lines.join('\n') + '\n');
    const output = join(folder, 'out.csv');
    const summaryPath = join(folder, 'out.privacy.json');
    writeFileSync(summaryPath, JSON.stringify({ w: 0.3, epsilon: 2.5, releasedRows: 999 }));

    const outcome = await lni(['run', input, '-o', output, ...QUICK.filter((a) => a !== '-q'),
      '--json']);
    assert.equal(outcome.code, 0, outcome.stderr.split('\n')[0]);
    const summary = JSON.parse(readFileSync(summaryPath, 'utf8')) as Record<string, unknown>;
    assert.equal(summary.passThrough, true);
    assert.equal(summary.w, null);
    assert.equal(summary.epsilon, null);
    assert.equal(summary.delta, null);
    assert.equal(summary.mu, null);
    assert.equal(summary.noPrivacy, false);
    assert.equal(summary.releasedRows, 60);
    assert.deepEqual(summary.attacks, []);
    assert.deepEqual(summary.frontier, []);
    assert.deepEqual(summary.warnings, []);
    assert.deepEqual(summary.columns, {
      constant: ['site'], empty: ['blank'], id: ['code'], dropped: [] });
    const text = (summary.summary as string[]).join(' ');
    assert.match(text, /Nothing was modelled/);
    assert.match(text, /constants .* fresh IDs/);
    assert.match(text, /w and ε do not apply/);
    assert.doesNotMatch(readFileSync(summaryPath, 'utf8'), /P1\d{3}/, 'no real ID in the summary');

    const result = JSON.parse(outcome.stdout) as Record<string, unknown>;
    assert.equal(result.passThrough, true);
    assert.equal(result.privacySummary, summaryPath);
    const released = readFileSync(output, 'utf8').trimEnd().split('\n').slice(1);
    assert.equal(released.length, 60);
    assert.ok(released.every((line) => /^P\d+;north;NA$/.test(line)));
    assert.equal(released.filter((line) => lines.includes(line)).length, 0,
      'no real ID is released');

    const evaluated = await lni(['evaluate', input, output, '--json']);
    assert.equal(evaluated.code, 0, evaluated.stderr.split('\n')[0]);
  });

test('a schema that drops every column is refused: no file of blank lines is written',
  async () => {
    const input = join(folder, 'dropped.csv');
    writeFileSync(input, ['x,y', ...Array.from({ length: 30 }, (_, i) => `${i % 7},${i % 3}`)]
      .join('\n') + '\n');
    const schema = join(folder, 'dropped.schema.json');
    writeFileSync(schema, JSON.stringify({ version: 1, columns: [
      { name: 'x', type: 'integer', drop: true }, { name: 'y', type: 'integer', drop: true }] }));
    const output = join(folder, 'dropped.out.csv');
    const outcome = await lni(['run', input, '--schema', schema, '-o', output, ...QUICK]);
    assert.equal(outcome.code, 1);
    assert.match(outcome.stderr, /every column is dropped, so the output would have no columns/);
    assert.equal(existsSync(output), false);
  });
