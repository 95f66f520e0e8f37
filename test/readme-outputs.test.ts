// The README's quick start writes its outputs into the repository root; each
// must be ignored, so following the README leaves the working tree clean.
// The names are read from the README's first command, not copied here.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { privacySummaryPath } from '../src/cli/files.js';
import { repoRoot } from './cli-harness.js';

const readme = readFileSync(join(repoRoot, 'README.md'), 'utf8');
const ignored = readFileSync(join(repoRoot, '.gitignore'), 'utf8').split('\n')
  .map((line) => line.trim()).filter((line) => line !== '' && !line.startsWith('#'));

/** The value after an option in the first `npx lni run` command of the README. */
function optionValue(option: string): string {
  const command = /npx lni run [^\n]*/.exec(readme)?.[0];
  assert.ok(command !== undefined, 'the README has an lni run command');
  const match = new RegExp(`(?:^|\\s)${option}\\s+(\\S+)`).exec(command);
  assert.ok(match !== null, `the command has ${option}`);
  return match[1];
}

test('the quick start\'s table, privacy summary and report are all in .gitignore', () => {
  const table = optionValue('-o');
  const outputs = [table, privacySummaryPath(table), optionValue('--report')];
  assert.deepEqual(outputs, ['cleveland.synthetic.csv', 'cleveland.synthetic.privacy.json',
    'cleveland.report.html']);
  for (const name of outputs) {
    assert.ok(ignored.includes(`/${name}`) || ignored.includes(name),
      `${name} is not in .gitignore`);
  }
});
