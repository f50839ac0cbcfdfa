/**
 * The HTTP server of `kafkasim replay`: bound to 127.0.0.1 only, GET and HEAD only, serving the
 * built app's files (nothing outside its directory: paths are decoded, normalised and checked to
 * stay inside it, and only regular files are served) plus the run's trace at /trace.json. The
 * app's page is served at / (the replay page, or the run page when the app has none).
 */
import { readFile, stat } from 'node:fs/promises';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { extname, join, normalize, sep } from 'node:path';

export const HOST = '127.0.0.1';

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.wasm': 'application/wasm',
  '.txt': 'text/plain; charset=utf-8',
  '.yaml': 'text/yaml; charset=utf-8',
};

export interface ReplaySite {
  /** The built app's directory. */
  dist: string;
  /** The page served at `/` (relative to dist): index.html, or run.html without one. */
  page: string;
  /** The trace document's text, served at /trace.json. */
  traceText: string;
}

export interface RunningServer {
  port: number;
  close(): Promise<void>;
}

/** The file under `dist` a URL path names, or null when it would leave dist. */
export function resolveInside(dist: string, urlPath: string): string | null {
  let decoded: string;
  try {
    decoded = decodeURIComponent(urlPath);
  } catch {
    return null;
  }
  if (decoded.includes('\0') || decoded.includes('\\')) return null;
  const root = normalize(dist);
  const path = normalize(join(root, decoded));
  return path.startsWith(root.endsWith(sep) ? root : root + sep) ? path : null;
}

function send(
  response: ServerResponse,
  status: number,
  type: string,
  body: string | Buffer,
  head: boolean,
): void {
  response.writeHead(status, {
    'Content-Type': type,
    'Content-Length': Buffer.byteLength(body),
    'X-Content-Type-Options': 'nosniff',
    'Cache-Control': 'no-store',
  });
  response.end(head ? undefined : body);
}

async function handle(site: ReplaySite, request: IncomingMessage, response: ServerResponse) {
  const head = request.method === 'HEAD';
  if (request.method !== 'GET' && !head) {
    response.setHeader('Allow', 'GET, HEAD');
    send(response, 405, CONTENT_TYPES['.txt'] as string, 'method not allowed\n', false);
    return;
  }
  const pathname = (request.url ?? '/').split('?')[0]?.split('#')[0] ?? '/';
  if (pathname === '/trace.json') {
    send(response, 200, CONTENT_TYPES['.json'] as string, site.traceText, head);
    return;
  }
  const path = resolveInside(site.dist, pathname === '/' ? `/${site.page}` : pathname);
  const notFound = () => send(response, 404, CONTENT_TYPES['.txt'] as string, 'not found\n', head);
  if (path === null) {
    notFound();
    return;
  }
  try {
    if (!(await stat(path)).isFile()) {
      notFound();
      return;
    }
    const type = CONTENT_TYPES[extname(path).toLowerCase()] ?? 'application/octet-stream';
    send(response, 200, type, await readFile(path), head);
  } catch {
    notFound();
  }
}

/** Listens on 127.0.0.1:port (0: any free port); rejects with the listen error (EADDRINUSE). */
export function startReplayServer(site: ReplaySite, port: number): Promise<RunningServer> {
  const server: Server = createServer((request, response) => {
    handle(site, request, response).catch(() => {
      if (!response.headersSent) send(response, 500, 'text/plain', 'internal error\n', false);
      else response.destroy();
    });
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen({ host: HOST, port, exclusive: true }, () => {
      server.off('error', reject);
      const address = server.address();
      const bound = typeof address === 'object' && address !== null ? address.port : port;
      resolve({
        port: bound,
        close: () =>
          new Promise<void>((done) => {
            server.closeAllConnections();
            server.close(() => done());
          }),
      });
    });
  });
}
