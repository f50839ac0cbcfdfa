/**
 * `kafkasim replay TRACE|SCENARIO`: gets a trace (reads a trace.json, checking its format and
 * version, or runs a scenario as `kafkasim run` does, progress bar on stderr), builds the app
 * when ui/dist is missing or stale, serves both on 127.0.0.1 (replayServer.ts), prints the URL on
 * stdout and runs until SIGINT or SIGTERM. Exit codes as run's: 1 bad input (a missing or
 * unreadable file, not a trace, a scenario error, a port in use), 2 a simulator or build error.
 */
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { gunzip } from 'node:zlib';
import { simulate } from '../runner/run.ts';
import { loadScenarioFile } from '../scenario/load.ts';
import { TRACE_FORMAT, TRACE_VERSION } from '../trace/types.ts';
import { detailSet, type ReplayCommand } from './args.ts';
import { ensureAppBuilt, UI_DIST } from './replayBuild.ts';
import { REPLAY_PORT_DEFAULT } from './replayArgs.ts';
import { HOST, startReplayServer, type RunningServer } from './replayServer.ts';
import { ProgressBar } from './progress.ts';
import {
  EXIT_BAD_INPUT,
  EXIT_OK,
  EXIT_SIMULATOR_ERROR,
  formatLoadErrors,
  type Io,
} from './runCommand.ts';

type Got = { ok: true; traceText: string } | { ok: false; code: number; message: string };

const bad = (message: string): Got => ({ ok: false, code: EXIT_BAD_INPUT, message });

/** Why a parsed JSON document is not a trace this version reads, or null when it is one. */
export function traceProblem(value: unknown): string | null {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return 'not a kafkasim trace (not a JSON object)';
  }
  const document = value as Record<string, unknown>;
  if (document['format'] !== TRACE_FORMAT) {
    return `not a kafkasim trace (format ${JSON.stringify(document['format'] ?? null)})`;
  }
  if (document['version'] !== TRACE_VERSION) {
    return (
      `trace version ${JSON.stringify(document['version'] ?? null)};` +
      ` this kafkasim reads version ${TRACE_VERSION}`
    );
  }
  for (const key of ['summary', 'series', 'events']) {
    if (typeof document[key] !== 'object' || document[key] === null) {
      return `not a complete kafkasim trace (no "${key}")`;
    }
  }
  return null;
}

async function readTrace(command: ReplayCommand, bytes: Buffer): Promise<Got> {
  const file = command.file;
  let text: string;
  try {
    text = file.endsWith('.gz')
      ? (await promisify(gunzip)(bytes)).toString('utf8')
      : bytes.toString('utf8');
  } catch {
    return bad(`kafkasim replay: ${file}: not a gzip file`);
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    return bad(`kafkasim replay: ${file}: not JSON (${reason})`);
  }
  const problem = traceProblem(value);
  if (problem !== null) return bad(`kafkasim replay: ${file}: ${problem}`);
  if (command.seed !== null || command.detail !== null) {
    return bad(`kafkasim replay: ${file} is a trace; --seed and --detail apply to a scenario`);
  }
  return { ok: true, traceText: text };
}

async function runScenario(command: ReplayCommand, io: Io): Promise<Got> {
  const sets = command.detail === null ? [] : [detailSet(command.detail)];
  const loaded = await loadScenarioFile(command.file, { sets });
  if (!loaded.ok) {
    const count = loaded.errors.length;
    return bad(
      `${formatLoadErrors(loaded.errors, null, command.detail)}\n` +
        `kafkasim replay: ${count} ${count === 1 ? 'error' : 'errors'} in ${command.file}`,
    );
  }
  const progress = new ProgressBar(io.errIsTerminal);
  const seed = command.seed ?? loaded.scenario.seed;
  try {
    const result = simulate(loaded.scenario, {
      seed,
      onProgress: (nowUs, durationUs) => progress.update(nowUs, durationUs),
    });
    progress.stop();
    io.err(`ran ${command.file} (seed ${seed}): trace hash ${result.traceHash}\n`);
    return { ok: true, traceText: result.traceText };
  } catch (error) {
    progress.stop();
    const message = error instanceof Error ? error.message : String(error);
    return {
      ok: false,
      code: EXIT_SIMULATOR_ERROR,
      message: `kafkasim replay: the simulation failed: ${message}`,
    };
  }
}

/** The trace to serve: the file's, or the scenario's run. */
async function traceOf(command: ReplayCommand, io: Io): Promise<Got> {
  let bytes: Buffer;
  try {
    bytes = await readFile(command.file);
  } catch (error) {
    const code = (error as { code?: string }).code;
    const reason = code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'a directory' : code;
    return bad(`kafkasim replay: cannot read ${command.file}: ${reason ?? String(error)}`);
  }
  const json = /\.json(\.gz)?$/i.test(command.file);
  if (json && !(await looksLikeScenario(command.file, bytes))) return readTrace(command, bytes);
  return runScenario(command, io);
}

/** A JSON file is a scenario when it is an object without a `format` key (traces have one). */
async function looksLikeScenario(file: string, bytes: Buffer): Promise<boolean> {
  if (file.endsWith('.gz')) return false;
  try {
    const value = JSON.parse(bytes.toString('utf8')) as unknown;
    return typeof value === 'object' && value !== null && !('format' in value);
  } catch {
    return false;
  }
}

async function listen(
  site: Parameters<typeof startReplayServer>[0],
  command: ReplayCommand,
  io: Io,
): Promise<RunningServer | string> {
  const port = command.port ?? REPLAY_PORT_DEFAULT;
  try {
    return await startReplayServer(site, port);
  } catch (error) {
    const code = (error as { code?: string }).code;
    if (code !== 'EADDRINUSE') return `kafkasim replay: cannot listen on ${HOST}:${port}: ${code}`;
    if (command.port !== null) return `kafkasim replay: port ${port} on ${HOST} is in use`;
    const server = await startReplayServer(site, 0);
    io.err(`port ${port} is in use; serving on port ${server.port} instead\n`);
    return server;
  }
}

/** Resolves when the process gets SIGINT or SIGTERM. */
export function untilSignal(): Promise<string> {
  return new Promise((resolve) => {
    const stop = (signal: string) => {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
      resolve(signal);
    };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
  });
}

export async function replayCommand(
  command: ReplayCommand,
  io: Io,
  stopped: () => Promise<unknown> = untilSignal,
  // Tests build the app once into a directory of their own.
  dist = process.env['KAFKASIM_UI_DIST'] ?? UI_DIST,
): Promise<number> {
  const got = await traceOf(command, io);
  if (!got.ok) {
    io.err(`${got.message}\n`);
    return got.code;
  }
  try {
    if (await ensureAppBuilt(dist)) io.err(`built the app into ${dist}\n`);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    io.err(`kafkasim replay: building the app (ui/) failed: ${message}\n`);
    return EXIT_SIMULATOR_ERROR;
  }
  const page = existsSync(join(dist, 'index.html')) ? 'index.html' : 'run.html';
  if (page !== 'index.html') {
    io.err('the replay page (ui/index.html) is not in this checkout; serving the run page\n');
  }
  const server = await listen({ dist, page, traceText: got.traceText }, command, io);
  if (typeof server === 'string') {
    io.err(`${server}\n`);
    return EXIT_BAD_INPUT;
  }
  // Listen for the signals before printing the URL: whoever reads it may stop us at once.
  const stop = stopped();
  io.out(`http://${HOST}:${server.port}/?trace=/trace.json\n`);
  io.err('serving on 127.0.0.1 only; stop with Ctrl-C\n');
  const signal = await stop;
  await server.close();
  io.err(`stopped (${String(signal)})\n`);
  return EXIT_OK;
}
