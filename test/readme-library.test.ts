// The README's library example, run as written: its import of 'lni' is
// pointed at src/index.ts (what the package's main entry is built from),
// and it runs from a scratch folder holding a copy of the example data.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { tempFolder } from './cli-harness.js';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');

function readmeExample(): string {
  const readme = readFileSync(join(root, 'README.md'), 'utf8');
  const section = readme.slice(readme.indexOf('## Library'));
  const block = /```js\n([\s\S]*?)```/.exec(section);
  assert.ok(block !== null, 'the Library section has a js example');
  return block[1];
}

test('the README library example runs as written and prints ε', async () => {
  const folder = tempFolder('readme-library');
  mkdirSync(join(folder, 'examples', 'uci-heart'), { recursive: true });
  copyFileSync(join(root, 'examples', 'uci-heart', 'cleveland.csv'),
    join(folder, 'examples', 'uci-heart', 'cleveland.csv'));
  const entry = pathToFileURL(join(root, 'src', 'index.ts')).href;
  const script = readmeExample().replace("from 'lni'", `from '${entry}'`);
  assert.notEqual(script, readmeExample(), "the example imports from 'lni'");
  writeFileSync(join(folder, 'example.mts'), script);
  const tsx = pathToFileURL(join(root, 'node_modules', 'tsx', 'dist', 'esm', 'index.mjs')).href;
  const { stdout } = await promisify(execFile)(process.execPath,
    ['--import', tsx, 'example.mts'], { cwd: folder });
  assert.match(stdout, /^ε = \d+(\.\d)? at δ = 0\.000001\n$/);
  const twin = readFileSync(join(folder, 'cleveland.twin.csv'), 'utf8').split('\n');
  const real = readFileSync(join(root, 'examples', 'uci-heart', 'cleveland.csv'), 'utf8')
    .split('\n');
  assert.equal(twin[0], real[0], 'same header');
  assert.equal(twin.length, real.length, 'one synthetic row per real row');
  assert.ok(existsSync(join(folder, 'cleveland.twin.csv')));
});

test('inside the project folder, import \'lni\' gives the surface src/index.ts declares',
  { skip: !existsSync(join(root, 'dist', 'index.js')) && 'not built (npm ci builds it)' },
  async () => {
    const names = async (code: string, loader: string[]) => (await promisify(execFile)(
      process.execPath, [...loader, '--input-type=module', '-e', code], { cwd: root })).stdout;
    const built = await names("import * as m from 'lni'; console.log(Object.keys(m).sort().join())",
      []);
    const tsx = pathToFileURL(join(root, 'node_modules', 'tsx', 'dist', 'esm', 'index.mjs')).href;
    const source = await names(`import * as m from '${pathToFileURL(join(root, 'src', 'index.ts'))
      .href}'; console.log(Object.keys(m).sort().join())`, ['--import', tsx]);
    assert.ok(built.includes('fitModel') && built.includes('LniError'));
    assert.equal(built, source, 'dist/index.js is built from src/index.ts (rebuild if stale)');
  });
