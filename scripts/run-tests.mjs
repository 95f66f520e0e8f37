// Runs every *.test.ts under src/ and test/ with Node's own test runner.
// Node 20 does not expand globs for --test, so the file list is built here.
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';

function findTests(dir) {
  let found = [];
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) found = found.concat(findTests(path));
    else if (name.endsWith('.test.ts')) found.push(path);
  }
  return found;
}

const filter = process.argv.slice(2);
const roots = ['src', 'test'].filter((root) => {
  try { return statSync(root).isDirectory(); } catch { return false; }
});
let files = roots.flatMap(findTests).sort();
if (filter.length > 0) {
  files = files.filter((file) => filter.some((part) => file.includes(part)));
}
if (files.length === 0) {
  console.error('run-tests: no test files matched');
  process.exit(1);
}
const result = spawnSync(
  process.execPath,
  ['--import', 'tsx', '--test', '--test-concurrency=2', ...files],
  { stdio: 'inherit' },
);
process.exit(result.status ?? 1);
