// Builds the browser app (web/) into dist/web/ with esbuild: app.js for the
// page, worker.js for the training worker (a classic script, so every
// browser with workers can start it), and the static index.html and app.css.
// Run by `npm run build`; `lni serve` serves the result.
import { build } from 'esbuild';
import { copyFileSync, mkdirSync, renameSync, rmSync, statSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const source = join(root, 'web');
const final = join(root, 'dist', 'web');
// Built aside and swapped in, so a server reading dist/web/ never sees half a build.
const out = `${final}.building-${process.pid}`;

rmSync(out, { recursive: true, force: true });
mkdirSync(out, { recursive: true });

const common = {
  bundle: true,
  minify: true,
  sourcemap: false,
  platform: 'browser',
  target: ['chrome110', 'firefox115', 'safari16'],
  legalComments: 'none',
  logLevel: 'warning',
  // The core library must not reach Node; fail the build if anything tries.
  external: [],
};

await build({
  ...common, entryPoints: [join(source, 'src', 'main.ts')], format: 'esm',
  outfile: join(out, 'app.js'),
});
await build({
  ...common, entryPoints: [join(source, 'src', 'worker.ts')], format: 'iife',
  outfile: join(out, 'worker.js'),
});
for (const file of ['index.html', 'app.css']) copyFileSync(join(source, file), join(out, file));

let total = 0;
for (const file of ['index.html', 'app.css', 'app.js', 'worker.js']) {
  total += statSync(join(out, file)).size;
}
rmSync(final, { recursive: true, force: true });
renameSync(out, final);
console.log(`build-web: ${relative(root, final)} written (${(total / 1024).toFixed(0)} KiB)`);
