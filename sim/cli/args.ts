/**
 * The command line of `kafkasim`: commands `run`, `validate` and `help`, parsed with Node's own
 * `util.parseArgs` (strict, so an unknown or misspelt flag is an error with a suggestion, never
 * silently ignored), and the help text. Pure: argv in, a Command or an error message out.
 */
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { suggest } from '../scenario/suggest.ts';
import { argumentError } from './argumentError.ts';
import {
  COMPARE_USAGE,
  MERGE_USAGE,
  parseCompare,
  parseMerge,
  type CompareCommand,
  type MergeCommand,
} from './compareArgs.ts';
import { parseReplay, REPLAY_USAGE, type ReplayCommand } from './replayArgs.ts';

export interface RunCommand {
  kind: 'run';
  file: string;
  seed: number | null;
  duration: string | null;
  sets: string[];
  outDir: string | null;
  json: boolean;
  check: boolean;
  /** The events bound of the run (EVENTS_MAX_DEFAULT when null or absent). */
  eventsMax?: number | null;
  /** `--detail FROM-TO` as given (e.g. `10s-12s`); absent or null without it. */
  detail?: string | null;
}

export interface ValidateCommand {
  kind: 'validate';
  files: string[];
  sets: string[];
  print: boolean;
}

export interface HelpCommand {
  kind: 'help';
  topic: 'run' | 'validate' | 'compare' | 'merge' | 'replay' | null;
}

export type { CompareCommand, MergeCommand } from './compareArgs.ts';
export type { ReplayCommand } from './replayArgs.ts';

export type Command =
  RunCommand | ValidateCommand | HelpCommand | CompareCommand | MergeCommand | ReplayCommand;

export type ParseResult = { ok: true; command: Command } | { ok: false; message: string };

export const USAGE = `kafkasim: a deterministic discrete-event simulator of an Apache Kafka cluster

Usage:
  kafkasim run FILE [--seed N] [--duration D] [--set path=value ...] [--out DIR] [--json] [--check]
               [--events-max N] [--detail FROM-TO]
  kafkasim validate FILE... [--set path=value ...] [--print]
  kafkasim compare FILE --vary PATH=v1,v2,... [--vary ...] [--seeds N] [--jobs N] [--out DIR]
                   [--json] [--shard i/n]
  kafkasim merge PARTIAL... [--out DIR] [--json]
  kafkasim replay TRACE|SCENARIO [--port P] [--seed N] [--detail FROM-TO]
  kafkasim help [run | validate | compare | merge | replay]

Commands:
  run        Simulate a scenario file and print a summary (tables, or one JSON object).
  validate   Check scenario files and print every error as file:line:column field: message.
  compare    Run a matrix of variants over several seeds and compare them side by side.
  merge      Combine the partial results of compare --shard into one comparison.
  replay     Serve the browser app and a run's trace on 127.0.0.1 and print the URL.
  help       Show this help, or the help of one command.

Exit codes: 0 ok, 1 bad input, 2 simulator error, 3 an expect: check failed.
Example: kafkasim run scenarios/quickstart.yaml --seed 7 --duration 10s --out out/quickstart
`;

export const RUN_USAGE = `Usage: kafkasim run FILE [options]

Simulates the scenario in FILE (YAML or JSON) and prints a summary.

Options:
  --seed N            Use seed N instead of the scenario's seed (an integer).
  --duration D        Virtual time to simulate, e.g. 30s or 5m (same as --set duration=D).
  --set path=value    Override one scenario value; repeatable. Examples:
                        --set producers.checkout.rate=20000/s
                        --set topics.orders.config.min.insync.replicas=1
  --out DIR           Write DIR/trace.json, summary.json, report.md, report.html, series.csv.
  --json              Print exactly one JSON object (the run summary) on stdout.
  --check             Check the invariants after every event (slow; for debugging).
  --events-max N      Stop the run after N events (default 2000000000). A run stopped by
                      this bound prints its summary, writes no --out files and exits 1.
  --detail FROM-TO    Record request-level events (produce, appends, follower and consumer
                      fetches, high watermark) in the trace between two virtual times,
                      e.g. 10s-12s (same as traceDetail: in the scenario, which it overrides).
  -h, --help          Show this help.

Exit codes: 0 ok, 1 bad input or a bound reached, 2 simulator error, 3 an expect: check failed.
Set KAFKASIM_DEBUG=1 to see the stack trace of a simulator error.
`;

export const VALIDATE_USAGE = `Usage: kafkasim validate FILE... [options]

Checks each scenario file and prints every error of every file, each as
file:line:column field: message. Exits 1 if any file has an error.

Options:
  --set path=value    Override one scenario value before checking; repeatable.
  --print             Print each valid scenario fully resolved: every value and where it
                      came from (file, preset, Kafka version default, --set).
  -h, --help          Show this help.
`;

const RUN_OPTIONS = {
  seed: { type: 'string' },
  duration: { type: 'string' },
  set: { type: 'string', multiple: true },
  out: { type: 'string' },
  json: { type: 'boolean' },
  check: { type: 'boolean' },
  'events-max': { type: 'string' },
  detail: { type: 'string' },
  help: { type: 'boolean', short: 'h' },
} as const satisfies ParseArgsConfig['options'];

const VALIDATE_OPTIONS = {
  set: { type: 'string', multiple: true },
  print: { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
} as const satisfies ParseArgsConfig['options'];

const COMMANDS = ['run', 'validate', 'compare', 'merge', 'replay', 'help'];

/** Turns parseArgs' own messages into one line that names the flag and what to do. */
function parseSeed(text: string | undefined): number | null | string {
  if (text === undefined) return null;
  const seed = Number(text);
  if (!/^-?\d+$/.test(text.trim()) || !Number.isSafeInteger(seed)) {
    return `kafkasim run: --seed needs an integer, not "${text}"`;
  }
  return seed;
}

function parseRun(args: string[]): ParseResult {
  let parsed;
  try {
    parsed = parseArgs({ args, options: RUN_OPTIONS, strict: true, allowPositionals: true });
  } catch (error) {
    return { ok: false, message: argumentError(error, 'run', Object.keys(RUN_OPTIONS)) };
  }
  const { values, positionals } = parsed;
  if (values.help === true) return { ok: true, command: { kind: 'help', topic: 'run' } };
  if (positionals.length !== 1) {
    const found = positionals.length === 0 ? 'none' : positionals.join(' ');
    return {
      ok: false,
      message: `kafkasim run: expected one scenario file, got ${found}; see kafkasim help run`,
    };
  }
  const seed = parseSeed(values.seed);
  if (typeof seed === 'string') return { ok: false, message: seed };
  const eventsMax = parseEventsMax(values['events-max']);
  if (typeof eventsMax === 'string') return { ok: false, message: eventsMax };
  const detail = values.detail ?? null;
  if (detail !== null && detailWindow(detail) === null) {
    return { ok: false, message: detailError('run', detail) };
  }
  return {
    ok: true,
    command: {
      kind: 'run',
      file: positionals[0] as string,
      seed,
      duration: values.duration ?? null,
      sets: values.set ?? [],
      outDir: values.out ?? null,
      json: values.json === true,
      check: values.check === true,
      ...(eventsMax === null ? {} : { eventsMax }),
      ...(detail === null ? {} : { detail }),
    },
  };
}

function parseEventsMax(text: string | undefined): number | null | string {
  if (text === undefined) return null;
  const value = Number(text.replace(/_/g, ''));
  if (!/^\d[\d_]*$/.test(text.trim()) || !Number.isSafeInteger(value) || value < 1) {
    return `kafkasim run: --events-max needs a positive integer, not "${text}"`;
  }
  return value;
}

/** `10s-12s` → its two durations (each checked later like a scenario value), or null. */
export function detailWindow(text: string): { from: string; to: string } | null {
  const match = /^\s*([^-\s][^-]*?)\s*-\s*([^-\s][^-]*?)\s*$/.exec(text);
  if (match === null) return null;
  return { from: match[1] as string, to: match[2] as string };
}

export function detailError(command: string, text: string): string {
  const form = 'two virtual times like 10s-12s';
  return `kafkasim ${command}: --detail needs FROM-TO, ${form}, not "${text}"`;
}

/** The `--set` that gives the scenario the `--detail` window. */
export function detailSet(text: string): string {
  const window = detailWindow(text);
  return window === null ? '' : `traceDetail={from: "${window.from}", to: "${window.to}"}`;
}

function parseValidate(args: string[]): ParseResult {
  let parsed;
  try {
    parsed = parseArgs({ args, options: VALIDATE_OPTIONS, strict: true, allowPositionals: true });
  } catch (error) {
    return { ok: false, message: argumentError(error, 'validate', Object.keys(VALIDATE_OPTIONS)) };
  }
  const { values, positionals } = parsed;
  if (values.help === true) return { ok: true, command: { kind: 'help', topic: 'validate' } };
  if (positionals.length === 0) {
    return {
      ok: false,
      message: 'kafkasim validate: expected at least one scenario file; see kafkasim help validate',
    };
  }
  return {
    ok: true,
    command: {
      kind: 'validate',
      files: positionals,
      sets: values.set ?? [],
      print: values.print === true,
    },
  };
}

function parseHelp(args: string[]): ParseResult {
  const topic = args[0];
  if (topic === undefined) return { ok: true, command: { kind: 'help', topic: null } };
  if (
    topic === 'run' ||
    topic === 'validate' ||
    topic === 'compare' ||
    topic === 'merge' ||
    topic === 'replay'
  ) {
    return { ok: true, command: { kind: 'help', topic } };
  }
  return {
    ok: false,
    message:
      `kafkasim help: no command "${topic}"` + ' (commands: run, validate, compare, merge, replay)',
  };
}

/** `argv` without the node and script paths. */
export function parseCommandLine(argv: readonly string[]): ParseResult {
  const [first, ...rest] = argv;
  if (first === undefined) {
    return { ok: false, message: `kafkasim: a command is needed\n\n${USAGE}` };
  }
  if (first === '--help' || first === '-h' || first === 'help') return parseHelp(rest);
  if (first === 'run') return parseRun(rest);
  if (first === 'validate') return parseValidate(rest);
  if (first === 'replay') return parseReplay(rest);
  if (first === 'compare' || first === 'merge') {
    const parsed = first === 'compare' ? parseCompare(rest) : parseMerge(rest);
    if (!parsed.ok) return parsed;
    const { command } = parsed;
    if (command.kind !== 'help') return { ok: true, command };
    return { ok: true, command: { kind: 'help', topic: first } };
  }
  if (first.startsWith('-')) {
    return { ok: false, message: `kafkasim: unknown option ${first}; see kafkasim --help` };
  }
  const near = suggest(first, COMMANDS);
  const hint = near === null ? '' : ` (did you mean ${near}?)`;
  return {
    ok: false,
    message:
      `kafkasim: unknown command "${first}"${hint};` +
      ' commands: run, validate, compare, merge, replay, help',
  };
}

/** The help text for a topic. */
export function usageOf(topic: HelpCommand['topic']): string {
  if (topic === 'run') return RUN_USAGE;
  if (topic === 'validate') return VALIDATE_USAGE;
  if (topic === 'compare') return COMPARE_USAGE;
  if (topic === 'merge') return MERGE_USAGE;
  if (topic === 'replay') return REPLAY_USAGE;
  return USAGE;
}
