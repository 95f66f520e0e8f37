// The README's quick start writes its outputs into the repository root; each
// must be ignored, so following the README leaves the working tree clean.
// The names are read from the README's first command, not copied here.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { privacySummaryPath } from '../src/cli/files.js';
import { COLUMN_TYPES, SCHEMA_FIELDS } from '../src/table/index.js';
import { isAffix, MAX_AFFIX_LENGTH } from '../src/table/cells.js';
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

/** The README's section under `## title`, up to the next `## ` heading. */
function section(title: string): string {
  const start = readme.indexOf(`\n## ${title}\n`);
  assert.ok(start >= 0, `the README has a "${title}" section`);
  const end = readme.indexOf('\n## ', start + 1);
  return readme.slice(start, end < 0 ? undefined : end);
}

test('the README\'s "Schema fields" lists every field a schema column accepts, each on a line',
  () => {
    // One list item per field (or pair), its wrapped lines joined.
    const lines = section('Schema fields').replace(/\n {2}(?=\S)/g, ' ').split('\n')
      .filter((line) => line.startsWith('- '));
    for (const field of SCHEMA_FIELDS) {
      assert.ok(lines.some((line) => new RegExp(`^- (\`\\w+\`, )?\`${field}\``).test(line)),
        `no line for "${field}"`);
    }
    const types = lines.find((line) => line.startsWith('- `type`')) ?? '';
    for (const type of COLUMN_TYPES) assert.ok(types.includes(`\`${type}\``), type);
    assert.ok(!types.includes('`drop`'), 'drop is a field, not a type');
  });

test('the README gives a prefix or suffix the length and digits the schema accepts', () => {
  const affix = section('Schema fields').replace(/\n {2}(?=\S)/g, ' ').split('\n')
    .find((line) => line.startsWith('- `prefix`, `suffix`')) ?? '';
  assert.ok(affix.includes(`1 to ${MAX_AFFIX_LENGTH} characters and a space`), affix);
  const unit = (length: number) => ` ${'x'.repeat(length)}`;
  assert.ok(isAffix(unit(MAX_AFFIX_LENGTH)) && !isAffix(unit(MAX_AFFIX_LENGTH + 1)));
  assert.ok(isAffix('kg/m2') && !isAffix('2kg'));
  assert.ok(affix.includes('digits only right after a letter (`kg/m2`)'), affix);
});

test('the README puts ε without latent clipping at 1e5 to millions, as measured, not thousands',
  () => {
    const privacy = section('Privacy, in one paragraph').replace(/\s+/g, ' ');
    assert.match(privacy, new RegExp('without clipping the network bounds give ε from ' +
      'hundreds of thousands to millions or more'));
    assert.doesNotMatch(privacy, /in the thousands/);
  });
