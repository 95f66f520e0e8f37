// `lni serve`: loopback only, the headers cross-origin isolation and the
// Content Security Policy need, and nothing outside the app's folder.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { PAGE_POLICY, startWebServer, WORKER_POLICY } from '../src/cli/web-server.js';
import { LniError } from '../src/util/errors.js';

/** A raw request, so the path and Host reach the server exactly as written. */
function get(port: number, path: string, options: { host?: string; method?: string } = {}):
Promise<{ status: number; headers: Record<string, string | string[] | undefined>;
  body: string }> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path, method: options.method ?? 'GET',
      headers: { host: options.host ?? `127.0.0.1:${port}` } }, (response) => {
      let body = '';
      response.on('data', (chunk: Buffer) => { body += chunk.toString(); });
      response.on('end', () =>
        resolve({ status: response.statusCode ?? 0, headers: response.headers, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

function fakeApp(): string {
  const base = mkdtempSync(join(tmpdir(), 'lni-serve-'));
  const root = join(base, 'web');
  mkdirSync(root);
  writeFileSync(join(root, 'index.html'), '<!doctype html><title>app</title>');
  writeFileSync(join(root, 'worker.js'), '// worker');
  writeFileSync(join(base, 'secret.txt'), 'outside the app folder');
  return root;
}

test('the server binds to 127.0.0.1 and sends isolation and CSP headers', async () => {
  const root = fakeApp();
  const server = await startWebServer({ port: 0, root });
  try {
    const url = new URL(server.url);
    assert.equal(url.hostname, '127.0.0.1');
    const port = Number(url.port);
    const page = await get(port, '/');
    assert.equal(page.status, 200);
    assert.equal(page.headers['content-type'], 'text/html; charset=utf-8');
    assert.equal(page.headers['cross-origin-opener-policy'], 'same-origin');
    assert.equal(page.headers['cross-origin-embedder-policy'], 'require-corp');
    assert.equal(page.headers['content-security-policy'], PAGE_POLICY);
    assert.match(PAGE_POLICY, /connect-src 'none'/);
    assert.match(PAGE_POLICY, /'wasm-unsafe-eval'/);
    assert.doesNotMatch(PAGE_POLICY, /'unsafe-eval'|'unsafe-inline'/);
    const worker = await get(port, '/worker.js');
    assert.equal(worker.headers['content-security-policy'], WORKER_POLICY);
    assert.equal(worker.headers['content-type'], 'text/javascript; charset=utf-8');
  } finally {
    await server.close();
    rmSync(join(root, '..'), { recursive: true, force: true });
  }
});

test('the server refuses other hosts, other methods and paths outside its folder',
  async () => {
    const root = fakeApp();
    const server = await startWebServer({ port: 0, root });
    try {
      const port = Number(new URL(server.url).port);
      assert.equal((await get(port, '/', { host: 'rebound.example' })).status, 421);
      assert.equal((await get(port, '/', { method: 'POST' })).status, 405);
      for (const path of ['/../secret.txt', '/%2e%2e/secret.txt', '/..%2fsecret.txt',
        '/missing.js']) {
        const response = await get(port, path);
        assert.equal(response.status, 404, path);
        assert.doesNotMatch(response.body, /outside the app folder/);
      }
    } finally {
      await server.close();
      rmSync(join(root, '..'), { recursive: true, force: true });
    }
  });

test('a missing build is a data error that says how to build', async () => {
  await assert.rejects(startWebServer({ port: 0, root: join(tmpdir(), 'lni-no-such-app') }),
    (error: unknown) => error instanceof LniError && error.code === 'web-app-missing'
      && /npm run build/.test(error.describe()));
});

test('lni serve --port 0 prints the loopback address and serves the built app',
  { timeout: 30_000 }, async () => {
    if (!existsSync(join('dist', 'web', 'index.html'))) {
      const build = spawnSync(process.execPath, ['scripts/build-web.mjs'], { encoding: 'utf8' });
      assert.equal(build.status, 0, build.stderr);
    }
    const child = spawn(process.execPath, ['--import', 'tsx',
      join('test', 'fixtures', 'serve-cli.ts'), 'serve', '--port', '0', '--json'],
    { stdio: ['ignore', 'pipe', 'inherit'] });
    try {
      const line = await new Promise<string>((resolve, reject) => {
        createInterface({ input: child.stdout }).once('line', resolve);
        child.once('exit', (code) => reject(new Error(`serve exited with ${code}`)));
      });
      const { url } = JSON.parse(line) as { url: string };
      assert.match(url, /^http:\/\/127\.0\.0\.1:\d+\/$/);
      const page = await get(Number(new URL(url).port), '/');
      assert.equal(page.status, 200);
      assert.match(page.body, /Your data stays on this computer/);
    } finally {
      child.kill('SIGTERM');
    }
  });
