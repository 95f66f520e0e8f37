import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import {
  lstatSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { LniError } from '../util/errors.js';
import { checkDistinctOutputs, checkOutputPath, writeFilesTogether } from './files.js';

const folder = mkdtempSync(join(tmpdir(), 'lni-files-'));
process.on('exit', () => rmSync(folder, { recursive: true, force: true }));

/** A fresh subfolder holding the given files; returns its path. */
function place(name: string, files: Record<string, string> = {}): string {
  const path = join(folder, name);
  mkdirSync(path);
  for (const [file, content] of Object.entries(files)) writeFileSync(join(path, file), content);
  return path;
}

/** Every file of a folder with its content, hidden ones included. */
function contents(path: string): Record<string, string> {
  return Object.fromEntries(readdirSync(path).sort().map((name) =>
    [name, readFileSync(join(path, name), 'utf8')]));
}

test('every file is written, an earlier one replaced, and nothing else is left', () => {
  const here = place('all', { 'out.csv': 'earlier table\n' });
  writeFilesTogether([
    { path: join(here, 'out.csv'), content: 'table\n' },
    { path: join(here, 'out.privacy.json'), content: '{}\n' },
    { path: join(here, 'out.html'), content: new TextEncoder().encode('<p>report</p>') },
  ]);
  assert.deepEqual(contents(here), {
    'out.csv': 'table\n', 'out.html': '<p>report</p>', 'out.privacy.json': '{}\n' });
});

test('a file that cannot be written leaves every target as it was', () => {
  const here = place('failing', { 'out.csv': 'earlier table\n' });
  const before = contents(here);
  for (const unwritable of [join(here, 'no-such-folder', 'out.html'), here]) {
    assert.throws(() => writeFilesTogether([
      { path: join(here, 'out.csv'), content: 'table\n' },
      { path: join(here, 'out.privacy.json'), content: '{}\n' },
      { path: unwritable, content: 'report' },
    ]), (error: unknown) => error instanceof LniError && error.file === unwritable);
    assert.deepEqual(contents(here), before, `after failing on ${unwritable}`);
  }
});

test('two files with one path, or a file over an input, are refused before any is written',
  () => {
    const here = place('refused', { 'in.csv': 'input\n' });
    const before = contents(here);
    assert.throws(() => writeFilesTogether([
      { path: join(here, 'out.csv'), content: 'table\n' },
      { path: join(here, '.', 'out.csv'), content: 'report' },
    ]), (error: unknown) => error instanceof LniError && error.code === 'output-clash');
    assert.throws(() => writeFilesTogether([
      { path: join(here, 'out.csv'), content: 'table\n' },
      { path: join(here, 'in.csv'), content: 'report' },
    ], [join(here, 'in.csv')]), (error: unknown) =>
      error instanceof LniError && error.code === 'output-is-input');
    assert.deepEqual(contents(here), before);
  });

test('two outputs reaching one file through a linked folder are refused', () => {
  const real = join(folder, 'linked-real');
  mkdirSync(real);
  const link = join(folder, 'linked-alias');
  symlinkSync(real, link);
  assert.throws(() => checkDistinctOutputs([join(real, 'o.csv'), join(link, 'o.csv')]),
    (error: unknown) => error instanceof LniError && error.code === 'output-clash');
  checkDistinctOutputs([join(real, 'o.csv'), join(link, 'o.privacy.json')]);
});

test('a linked output file is written through its link, which is kept', () => {
  const here = place('through-link', { 'target.csv': 'earlier table\n' });
  symlinkSync('target.csv', join(here, 'out.csv'));
  writeFilesTogether([
    { path: join(here, 'out.csv'), content: 'table\n' },
    { path: join(here, 'out.privacy.json'), content: '{}\n' },
  ]);
  assert.ok(lstatSync(join(here, 'out.csv')).isSymbolicLink());
  assert.equal(readFileSync(join(here, 'target.csv'), 'utf8'), 'table\n');
  // A second output linked to the first is the same file.
  symlinkSync('target.csv', join(here, 'report.html'));
  assert.throws(() => checkDistinctOutputs([join(here, 'out.csv'), join(here, 'report.html')]),
    (error: unknown) => error instanceof LniError && error.code === 'output-clash');
});

test('a pipe as output is refused, not replaced by a file', () => {
  const here = place('pipe');
  const pipe = join(here, 'out.csv');
  execFileSync('mkfifo', [pipe]);
  assert.throws(() => checkOutputPath(pipe),
    (error: unknown) => error instanceof LniError && error.code === 'output-unwritable');
  assert.throws(() => writeFilesTogether([{ path: pipe, content: 'table\n' }]),
    (error: unknown) => error instanceof LniError && error.code === 'output-unwritable');
  assert.ok(lstatSync(pipe).isFIFO());
});

test('"-" as output is refused rather than written as a file of that name', () => {
  assert.throws(() => checkOutputPath('-'),
    (error: unknown) => error instanceof LniError && error.code === 'invalid-option'
      && /standard output/.test(error.message));
});
