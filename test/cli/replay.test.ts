/**
 * `kafkasim replay` as a user runs it: spawned on a trace (and on a scenario), it prints the URL,
 * serves the app and /trace.json on 127.0.0.1 only, refuses paths outside the app, and exits 0
 * on SIGTERM; bad arguments and files give one clear line and exit 1. The app is built once into
 * a temporary directory (KAFKASIM_UI_DIST) rather than ui/dist.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { connect, createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { gzipSync } from 'node:zlib';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { REPLAY_PORT_DEFAULT } from '../../sim/cli/replayArgs.ts';
import { ensureAppBuilt } from '../../sim/cli/replayBuild.ts';
import { simulate } from '../../sim/runner/run.ts';
import { formatScenarioErrors, parseScenarioText } from '../../sim/scenario/parse.ts';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const BIN = join(ROOT, 'bin/kafkasim.js');
const directory = mkdtempSync(join(tmpdir(), 'kafkasim-replay-'));
const dist = join(directory, 'dist');
const SCENARIO = `name: small
duration: 2s
warmup: 0s
topics: [{ name: t, partitions: 2, replicationFactor: 2 }]
producers: [{ name: p, topic: t, rate: 1000/s, recordSize: 100B }]
`;
const scenarioFile = join(directory, 'small.yaml');
const traceFile = join(directory, 'trace.json');
let traceText = '';

interface Replay {
  child: ChildProcess;
  url: string;
  port: number;
  stderr: () => string;
  exited: Promise<number | null>;
}

function start(args: string[]): Promise<Replay> {
  const child = spawn(process.execPath, [BIN, 'replay', ...args], {
    cwd: ROOT,
    env: { ...process.env, KAFKASIM_UI_DIST: dist },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const exited = new Promise<number | null>((resolve) =>
    child.on('close', (code) => resolve(code)),
  );
  return new Promise((resolve, reject) => {
    child.stdout?.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
      const match = /^(http:\/\/127\.0\.0\.1:(\d+)\/\?trace=\/trace\.json)\n/.exec(stdout);
      if (match !== null) {
        resolve({
          child,
          url: match[1] as string,
          port: Number(match[2]),
          stderr: () => stderr,
          exited,
        });
      }
    });
    void exited.then((code) => reject(new Error(`replay exited ${code}: ${stderr}`)));
  });
}

/** Runs replay to its end: exit code, stdout, stderr. */
function runToEnd(
  args: string[],
): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const child = spawn(process.execPath, [BIN, 'replay', ...args], {
    cwd: ROOT,
    env: { ...process.env, KAFKASIM_UI_DIST: dist },
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  return new Promise((resolve) => child.on('close', (code) => resolve({ code, stdout, stderr })));
}

/** A raw GET (no URL normalisation by the client), for path traversal attempts. */
function rawGet(
  port: number,
  path: string,
  method = 'GET',
): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path, method }, (response) => {
      let body = '';
      response.on('data', (chunk: Buffer) => (body += chunk.toString()));
      response.on('end', () => resolve({ status: response.statusCode ?? 0, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

function connects(host: string, port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host, port });
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

beforeAll(async () => {
  await ensureAppBuilt(dist);
  writeFileSync(scenarioFile, SCENARIO);
  const loaded = parseScenarioText(SCENARIO, scenarioFile);
  if (!loaded.ok) throw new Error(formatScenarioErrors(loaded.errors));
  traceText = simulate(loaded.scenario).traceText;
  writeFileSync(traceFile, traceText);
}, 120_000);
afterAll(() => rmSync(directory, { recursive: true, force: true }));

describe('kafkasim replay', () => {
  it('serves the app and the trace on 127.0.0.1 only, and exits 0 on SIGTERM', async () => {
    const replay = await start([traceFile, '--port', '0']);
    try {
      const page = await fetch(replay.url);
      expect(page.status).toBe(200);
      expect(page.headers.get('content-type')).toBe('text/html; charset=utf-8');
      const html = await page.text();
      expect(html).toContain('<script type="module"');
      const script = /src="\.?\/?(assets\/[^"]+\.js)"/.exec(html)?.[1];
      expect(script).toBeDefined();
      const asset = await fetch(`http://127.0.0.1:${replay.port}/${script}`);
      expect(asset.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
      const trace = await fetch(`http://127.0.0.1:${replay.port}/trace.json`);
      expect(trace.headers.get('content-type')).toBe('application/json; charset=utf-8');
      expect(await trace.text()).toBe(traceText);
      expect(await connects('127.0.0.1', replay.port)).toBe(true);
      expect(await connects('127.0.0.2', replay.port)).toBe(false);
      for (const path of [
        '/../package.json',
        '/%2e%2e/%2e%2e/package.json',
        '/assets/..%2f..%2f..%2fpackage.json',
        '/..%5c..%5cpackage.json',
        `/${'../'.repeat(8)}etc/passwd`,
        '/assets',
      ]) {
        expect((await rawGet(replay.port, path)).status, path).toBe(404);
      }
      expect((await rawGet(replay.port, '/trace.json', 'POST')).status).toBe(405);
    } finally {
      replay.child.kill('SIGTERM');
    }
    expect(await replay.exited).toBe(0);
    expect(replay.stderr()).toContain('stopped (SIGTERM)');
  }, 60_000);

  it('runs a scenario first (--seed, --detail) and serves its trace', async () => {
    const replay = await start([scenarioFile, '--port', '0', '--seed', '3', '--detail', '1s-1.1s']);
    try {
      const trace = (await (await fetch(`http://127.0.0.1:${replay.port}/trace.json`)).json()) as {
        seed: number;
        detail?: { fromUs: number; toUs: number; events: unknown[] };
      };
      expect(trace.seed).toBe(3);
      expect([trace.detail?.fromUs, trace.detail?.toUs]).toEqual([1_000_000, 1_100_000]);
      expect(trace.detail?.events.length).toBeGreaterThan(0);
      expect(replay.stderr()).toMatch(/ran .*small\.yaml \(seed 3\): trace hash [0-9a-f]{16}/);
    } finally {
      replay.child.kill('SIGINT');
    }
    expect(await replay.exited).toBe(0);
  }, 60_000);

  it('serves a gzipped trace as its JSON text, and runs a JSON scenario', async () => {
    expect(await ensureAppBuilt(dist)).toBe(false);
    const gzipped = join(directory, 'trace.json.gz');
    writeFileSync(gzipped, gzipSync(traceText));
    const jsonScenario = join(directory, 'small.json');
    writeFileSync(jsonScenario, JSON.stringify({ ...parse(SCENARIO), name: 'from-json' }));
    for (const [file, check] of [
      [gzipped, (text: string) => expect(text).toBe(traceText)],
      [jsonScenario, (text: string) => expect(JSON.parse(text).summary.scenario).toBe('from-json')],
    ] as const) {
      const replay = await start([file, '--port', '0']);
      try {
        check(await (await fetch(`http://127.0.0.1:${replay.port}/trace.json`)).text());
      } finally {
        replay.child.kill('SIGTERM');
      }
      expect(await replay.exited).toBe(0);
    }
  }, 60_000);

  it('a port in use: the default falls back saying so, an explicit one is an error', async () => {
    const blocker = createServer();
    await new Promise<void>((resolve) => {
      // Taken by another process already is as good as taken by this test.
      blocker.once('error', () => resolve());
      blocker.listen(REPLAY_PORT_DEFAULT, '127.0.0.1', () => resolve());
    });
    const fallback = await start([traceFile]);
    fallback.child.kill('SIGTERM');
    blocker.close();
    expect(await fallback.exited, fallback.stderr()).toBe(0);
    expect(fallback.port).not.toBe(REPLAY_PORT_DEFAULT);
    expect(fallback.stderr()).toContain(
      `port ${REPLAY_PORT_DEFAULT} is in use; serving on port ${fallback.port} instead`,
    );
    const first = await start([traceFile, '--port', '0']);
    try {
      const taken = await runToEnd([traceFile, '--port', String(first.port)]);
      expect(taken.code).toBe(1);
      expect(taken.stderr).toContain(`kafkasim replay: port ${first.port} on 127.0.0.1 is in use`);
    } finally {
      first.child.kill('SIGTERM');
    }
    await first.exited;
  }, 60_000);

  it('bad arguments and files: one clear line, exit 1', async () => {
    const notTrace = join(directory, 'other.json');
    writeFileSync(notTrace, '{"format":"something-else","version":1}');
    const future = join(directory, 'future.json');
    writeFileSync(future, JSON.stringify({ ...JSON.parse(traceText), version: 99 }));
    const cases: Array<[string[], string]> = [
      [[join(directory, 'missing.json')], 'cannot read'],
      [[traceFile, '--port', 'http'], '--port needs a port number'],
      [[traceFile, '--port', '70000'], '--port needs a port number'],
      [[notTrace], 'not a kafkasim trace (format "something-else")'],
      [[future], 'trace version 99; this kafkasim reads version 1'],
      [[traceFile, '--seed', '4'], 'is a trace; --seed and --detail apply to a scenario'],
      [[scenarioFile, '--detail', '3s'], '--detail needs FROM-TO'],
      [[traceFile, '--prot', '1'], 'unknown option --prot (did you mean --port?)'],
      [[], 'expected one trace or scenario file'],
    ];
    const results = await Promise.all(cases.map(([args]) => runToEnd(args)));
    results.forEach((result, index) => {
      const [args, message] = cases[index] as [string[], string];
      expect(result.code, args.join(' ')).toBe(1);
      expect(result.stderr, args.join(' ')).toContain(message);
      expect(result.stderr.trim().split('\n'), args.join(' ')).toHaveLength(1);
      expect(result.stdout).toBe('');
    });
    expect(readFileSync(traceFile, 'utf8')).toBe(traceText);
  }, 90_000);
});
