// Warnings under --quiet and --json: --quiet silences stderr, but every
// warning or decision a run prints must still reach the --json summary's
// warnings (and, for a release, its privacy summary). A made-up table with
// an ID column, trained at a learning rate so high that training never
// improves, gives one of each.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { lniOk, tempFolder } from './cli-harness.js';

const folder = tempFolder('warnings');
const data = join(folder, 'ids.csv');
writeFileSync(data, ['id,a,b,c,d', ...Array.from({ length: 120 }, (_, i) =>
  `P${1000 + i},${30 + (i % 15)},${((i * 7) % 11) * 1.5},${i % 3},${i < 2 ? 'rare' : 'usual'}`)]
  .join('\n') + '\n');
const UNTRAINED = ['--w', '0.5', '--no-audit', '--epochs', '3', '--lr', '10', '--seed', '1'];
const ID_NOTE = /^column "id": .*ID-like\); not modelled/;
const NEVER_IMPROVED = /^training never improved on the untrained flow/;
const RARE_LEVEL = /column "d": 1 level is held by fewer than 5 rows/;

test('run -q --json keeps every warning in its JSON and its privacy summary', async () => {
  const output = join(folder, 'quiet.csv');
  const outcome = await lniOk(['run', data, '-o', output, ...UNTRAINED, '-q', '--json']);
  assert.equal(outcome.stderr, '', 'nothing on stderr under --quiet');
  const warnings: string[] = JSON.parse(outcome.stdout).warnings;
  assert.ok(warnings.some((w) => NEVER_IMPROVED.test(w)), warnings.join('\n'));
  assert.ok(warnings.some((w) => ID_NOTE.test(w)), warnings.join('\n'));
  assert.ok(warnings.some((w) => RARE_LEVEL.test(w)), warnings.join('\n'));
  // Stderr names the input by its path, the privacy summary by its base
  // name: the same warning is listed once.
  assert.equal(warnings.filter((w) => RARE_LEVEL.test(w)).length, 1, warnings.join('\n'));

  const summary = JSON.parse(readFileSync(join(folder, 'quiet.privacy.json'), 'utf8')) as
    { warnings: string[]; notes?: string[] };
  assert.ok(summary.warnings.some((w) => NEVER_IMPROVED.test(w)), summary.warnings.join('\n'));
  assert.ok((summary.notes ?? []).some((n) => ID_NOTE.test(n)), String(summary.notes));
  assert.ok([...summary.warnings, ...summary.notes ?? []].some((w) => RARE_LEVEL.test(w)),
    'the rare level is flagged in the privacy summary');
});

test('every note run prints on stderr is also in its --json warnings', async () => {
  const outcome = await lniOk(['run', data, '-o', join(folder, 'loud.csv'), ...UNTRAINED,
    '--json']);
  const warnings: string[] = JSON.parse(outcome.stdout).warnings;
  const notes = outcome.stderr.split('\n').filter((line) => line.startsWith('lni: '))
    .map((line) => line.slice('lni: '.length).replace(/^warning: /, ''))
    .filter((note) => note !== 'fitting the released model');
  assert.ok(notes.length >= 2, outcome.stderr);
  // A warning the privacy summary also holds is listed once, naming the file by base name.
  const named = (note: string) => note.split(`${folder}/`).join('');
  for (const note of notes) assert.ok(warnings.includes(named(note)), `not in --json: ${note}`);
});

test('fit -q --json keeps the never-improved warning and the ID column note', async () => {
  const outcome = await lniOk(['fit', data, '-o', join(folder, 'model.json'), '--epochs', '3',
    '--lr', '10', '--seed', '1', '-q', '--json']);
  assert.equal(outcome.stderr, '');
  const warnings: string[] = JSON.parse(outcome.stdout).warnings;
  assert.ok(warnings.some((w) => NEVER_IMPROVED.test(w)), warnings.join('\n'));
  assert.ok(warnings.some((w) => ID_NOTE.test(w)), warnings.join('\n'));
  assert.ok(warnings.some((w) => RARE_LEVEL.test(w)), warnings.join('\n'));
});
