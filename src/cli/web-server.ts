import { readFileSync, statSync } from 'node:fs';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { extname, join, normalize, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { LniError } from '../util/errors.js';

/** The built web app, from src/cli/ or dist/cli/ alike: <package>/dist/web/. */
export function defaultWebRoot(): string {
  return fileURLToPath(new URL('../../dist/web/', import.meta.url));
}

/** Loopback only: the app is for the person at this machine. */
export const SERVE_HOST = '127.0.0.1';

/**
 * The page's policy: its own scripts and styles, its own wasm compiled
 * ('wasm-unsafe-eval'), and no connection anywhere (connect-src 'none').
 */
export const PAGE_POLICY = [
  "default-src 'none'", "script-src 'self' 'wasm-unsafe-eval'", "worker-src 'self'",
  "style-src 'self'", "img-src 'self' data: blob:", "connect-src 'none'",
  "form-action 'none'", "frame-ancestors 'none'", "base-uri 'none'", "object-src 'none'",
].join('; ');

/**
 * The worker's policy adds 'unsafe-eval': the report's chart renderer
 * (Vega) compiles its expressions with Function.
 * Limitation: eval is allowed in the worker until report/ renders with
 * Vega's interpreter; connect-src 'none' still forbids any connection.
 */
export const WORKER_POLICY = [
  "default-src 'none'", "script-src 'self' 'wasm-unsafe-eval' 'unsafe-eval'",
  "connect-src 'none'",
].join('; ');

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.wasm': 'application/wasm',
  '.svg': 'image/svg+xml',
};

/** Headers on every response: isolation (COOP + COEP), no sniffing, no caching. */
function securityHeaders(path: string): Record<string, string> {
  return {
    'Content-Security-Policy': path.endsWith('worker.js') ? WORKER_POLICY : PAGE_POLICY,
    'Cross-Origin-Opener-Policy': 'same-origin',
    'Cross-Origin-Embedder-Policy': 'require-corp',
    'Cross-Origin-Resource-Policy': 'same-origin',
    'X-Content-Type-Options': 'nosniff',
    'Referrer-Policy': 'no-referrer',
    'Permissions-Policy': 'camera=(), microphone=(), geolocation=(), browsing-topics=()',
    'Cache-Control': 'no-store',
  };
}

export interface WebServer {
  url: string;
  close(): Promise<void>;
}

/**
 * Serves the built app from `root` on 127.0.0.1 (GET and HEAD only). Asks
 * for a Host of this loopback address, so a page elsewhere cannot reach it
 * through a rebound DNS name. Port 0 picks a free port.
 */
export async function startWebServer(options: { port: number; root?: string }):
Promise<WebServer> {
  const root = options.root ?? defaultWebRoot();
  if (!isFile(join(root, 'index.html'))) {
    throw new LniError('web-app-missing', 'the web app is not built', {
      file: join(root, 'index.html'), hint: 'run npm run build (it writes dist/web/)' });
  }
  let port = options.port;
  const server = createServer((request, response) => answer(request, response, root, port));
  await new Promise<void>((resolve, reject) => {
    server.once('error', (error: NodeJS.ErrnoException) => reject(error.code === 'EADDRINUSE'
      ? new LniError('port-in-use', `port ${options.port} on ${SERVE_HOST} is in use`,
        { hint: 'choose another with --port, or --port 0 for any free port' })
      : error));
    server.listen(options.port, SERVE_HOST, () => resolve());
  });
  port = (server.address() as AddressInfo).port;
  return {
    url: `http://${SERVE_HOST}:${port}/`,
    close: () => new Promise((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    }),
  };
}

function isFile(path: string): boolean {
  try {
    return statSync(path).isFile();
  } catch {
    return false;
  }
}

function answer(request: IncomingMessage, response: ServerResponse, root: string,
  port: number): void {
  const send = (status: number, body: string, headers: Record<string, string> = {}) => {
    response.writeHead(status, { ...securityHeaders(''), 'Content-Type':
      'text/plain; charset=utf-8', ...headers });
    response.end(request.method === 'HEAD' ? undefined : body);
  };
  const allowedHosts = [`${SERVE_HOST}:${port}`, `localhost:${port}`];
  if (!allowedHosts.includes(request.headers.host ?? '')) {
    return send(421, 'This server answers only to its loopback address.\n');
  }
  if (request.method !== 'GET' && request.method !== 'HEAD') {
    return send(405, 'Only GET and HEAD are served.\n', { Allow: 'GET, HEAD' });
  }
  const path = resolvePath(root, request.url ?? '/');
  if (path === null || !isFile(path)) return send(404, 'Not found.\n');
  const type = TYPES[extname(path)] ?? 'application/octet-stream';
  const body = readFileSync(path);
  response.writeHead(200, {
    ...securityHeaders(path), 'Content-Type': type, 'Content-Length': String(body.length),
  });
  response.end(request.method === 'HEAD' ? undefined : body);
}

/** The file under root a URL names, or null for anything escaping root. */
function resolvePath(root: string, url: string): string | null {
  let pathname: string;
  try {
    pathname = decodeURIComponent(new URL(url, 'http://loopback').pathname);
  } catch {
    return null;
  }
  if (pathname.includes('\0')) return null;
  const relative = normalize(pathname.endsWith('/') ? `${pathname}index.html` : pathname)
    .replace(/^([/\\])+/, '');
  const full = join(root, relative);
  const base = root.endsWith(sep) ? root : root + sep;
  return full.startsWith(base) ? full : null;
}
