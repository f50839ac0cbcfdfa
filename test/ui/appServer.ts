/**
 * For the replay's browser tests: builds the app once per test file with vite's build() into a
 * temporary directory and serves it, plus trace files the test adds, from a tiny node:http
 * static server on 127.0.0.1. Chromium comes from test/browser.ts.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { extname, join, normalize } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'vite';
import { loadScenarioFile, formatScenarioErrors } from '../../sim/scenario/load.ts';
import { simulate, type SimulateResult } from '../../sim/runner/run.ts';

export const ROOT = fileURLToPath(new URL('../..', import.meta.url));
export const SCREENSHOTS = join(ROOT, 'out/screenshots');

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
};

export interface AppServer {
  url: string;
  /** Serves text at /files/NAME. */
  addFile(name: string, text: string): string;
  close(): Promise<void>;
}

export async function buildAndServe(): Promise<AppServer> {
  const outDir = mkdtempSync(join(tmpdir(), 'kafkasim-ui-'));
  await build({
    configFile: join(ROOT, 'ui/vite.config.ts'),
    logLevel: 'warn',
    build: { outDir, emptyOutDir: true },
  });
  const files = new Map<string, string>();
  const server: Server = createServer((request, response) => {
    const path = decodeURIComponent(new URL(request.url ?? '/', 'http://x').pathname);
    if (path.startsWith('/files/')) {
      const text = files.get(path.slice('/files/'.length));
      response.writeHead(text === undefined ? 404 : 200, { 'content-type': TYPES['.json'] });
      response.end(text ?? 'not found');
      return;
    }
    const relative = normalize(path === '/' ? '/index.html' : path).replace(/^(\.\.[/\\])+/, '');
    try {
      const body = readFileSync(join(outDir, relative));
      response.writeHead(200, { 'content-type': TYPES[extname(relative)] ?? 'text/plain' });
      response.end(body);
    } catch {
      response.writeHead(404).end('not found');
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  const port = typeof address === 'object' && address !== null ? address.port : 0;
  const url = `http://127.0.0.1:${port}/`;
  return {
    url,
    addFile(name, text) {
      files.set(name, text);
      return `${url}files/${name}`;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        rmSync(outDir, { recursive: true, force: true });
      }),
  };
}

export async function simulateFile(file: string, sets: string[]): Promise<SimulateResult> {
  const loaded = await loadScenarioFile(join(ROOT, file), { sets });
  if (!loaded.ok) throw new Error(`${file} does not load:\n${formatScenarioErrors(loaded.errors)}`);
  return simulate(loaded.scenario);
}

export { launchChromium } from '../browser.ts';
