/**
 * The command line of `kafkasim replay TRACE|SCENARIO [--port P] [--seed N] [--detail FROM-TO]`
 * and its help. Pure: argv in, a command or one error line out.
 */
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { argumentError } from './argumentError.ts';
import { detailError, detailWindow } from './args.ts';

export const REPLAY_PORT_DEFAULT = 5178;

export interface ReplayCommand {
  kind: 'replay';
  file: string;
  /** Null: the default port, or any free port when it is taken. */
  port: number | null;
  seed: number | null;
  detail: string | null;
}

export type ReplayParse =
  | { ok: true; command: ReplayCommand | { kind: 'help'; topic: 'replay' } }
  | { ok: false; message: string };

export const REPLAY_USAGE = `Usage: kafkasim replay TRACE|SCENARIO [options]

Opens a run in the browser: serves the replay app and the trace on 127.0.0.1 only, prints the
page's URL, and runs until Ctrl-C (SIGINT) or SIGTERM. TRACE is a trace.json written by
kafkasim run --out (optionally gzipped, .json.gz). A SCENARIO (YAML or JSON) is run first, as
kafkasim run would, and its trace served. The app (ui/dist) is built first when it is missing
or older than its sources.

Options:
  --port P            Port on 127.0.0.1 (default ${REPLAY_PORT_DEFAULT}, or any free port when that
                      one is taken; 0: any free port).
  --seed N            Seed of the scenario's run (a scenario only).
  --detail FROM-TO    Record request-level events between two virtual times, e.g. 10s-12s
                      (a scenario only; see kafkasim help run).
  -h, --help          Show this help.

Example: kafkasim replay out/quickstart/trace.json
         kafkasim replay scenarios/broker-crash.yaml --seed 7 --detail 20s-20.2s
`;

const REPLAY_OPTIONS = {
  port: { type: 'string' },
  seed: { type: 'string' },
  detail: { type: 'string' },
  help: { type: 'boolean', short: 'h' },
} as const satisfies ParseArgsConfig['options'];

function integerOf(text: string): number | null {
  const value = Number(text);
  return /^\s*-?\d+\s*$/.test(text) && Number.isSafeInteger(value) ? value : null;
}

export function parseReplay(args: string[]): ReplayParse {
  let parsed;
  try {
    parsed = parseArgs({ args, options: REPLAY_OPTIONS, strict: true, allowPositionals: true });
  } catch (error) {
    return { ok: false, message: argumentError(error, 'replay', Object.keys(REPLAY_OPTIONS)) };
  }
  const { values, positionals } = parsed;
  if (values.help === true) return { ok: true, command: { kind: 'help', topic: 'replay' } };
  if (positionals.length !== 1) {
    const found = positionals.length === 0 ? 'none' : positionals.join(' ');
    return {
      ok: false,
      message:
        `kafkasim replay: expected one trace or scenario file, got ${found};` +
        ' see kafkasim help replay',
    };
  }
  let port: number | null = null;
  if (values.port !== undefined) {
    port = integerOf(values.port);
    if (port === null || port < 0 || port > 65535) {
      return {
        ok: false,
        message:
          'kafkasim replay: --port needs a port number from 0 (any free port)' +
          ` to 65535, not "${values.port}"`,
      };
    }
  }
  let seed: number | null = null;
  if (values.seed !== undefined) {
    seed = integerOf(values.seed);
    if (seed === null) {
      return {
        ok: false,
        message: `kafkasim replay: --seed needs an integer, not "${values.seed}"`,
      };
    }
  }
  const detail = values.detail ?? null;
  if (detail !== null && detailWindow(detail) === null) {
    return { ok: false, message: detailError('replay', detail) };
  }
  return {
    ok: true,
    command: {
      kind: 'replay',
      file: positionals[0] as string,
      port,
      seed,
      detail,
    },
  };
}
