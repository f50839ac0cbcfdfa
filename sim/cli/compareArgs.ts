/**
 * The command lines of `kafkasim compare` and `kafkasim merge`, and their help. Pure: argv in, a
 * command or an error message out. `--vary` and `--shard` are checked here for their form; the
 * scenario paths they name are checked when the plan loads every variant.
 */
import { availableParallelism } from 'node:os';
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { parseAxis, parseShard, type Shard } from '../runner/compareMatrix.ts';
import { argumentError } from './argumentError.ts';

export interface CompareCommand {
  kind: 'compare';
  file: string;
  vary: string[];
  seeds: number;
  seed: number | null;
  jobs: number;
  sets: string[];
  outDir: string | null;
  json: boolean;
  shard: Shard | null;
}

export interface MergeCommand {
  kind: 'merge';
  partials: string[];
  outDir: string | null;
  json: boolean;
}

export type CompareParse =
  | { ok: true; command: CompareCommand | MergeCommand | { kind: 'help'; topic: string } }
  | { ok: false; message: string };

export const COMPARE_USAGE = `Usage: kafkasim compare FILE --vary PATH=v1,v2,... [options]

Runs the scenario in FILE for every combination of the --vary values (PATH as in --set), each
over N seeds, in worker threads, and prints one row per variant: means with a 95% interval
across seeds (Student's t), the best value of each column marked with *.

Options:
  --vary PATH=v1,v2   One axis of the matrix; repeatable. Examples:
                        --vary producers.checkout.config.acks=0,1,all
                        --vary topics.orders.replicationFactor=2,3
  --seeds N           Seeds per variant (default 1): the scenario's seed, seed + 1, ...
  --seed N            The first seed instead of the scenario's.
  --set path=value    Override one value in every variant; repeatable.
  --jobs N            Worker threads (default: one per core, here ${availableParallelism()}).
  --out DIR           Write DIR/compare.json, DIR/report.md, DIR/report.html, DIR/compare.csv.
  --json              Print exactly one JSON object: { variants: [{ set, runs, mean, stats }] }.
  --shard i/n         Run only the i-th of n shares of the runs (1 <= i <= n) and write a
                      partial result (DIR/partial-i-of-n.json, or stdout); see kafkasim merge.
  -h, --help          Show this help.

Example: kafkasim compare scenarios/compare/acks-min-isr.yaml --seeds 5 \\
           --vary producers.checkout.config.acks=1,all \\
           --vary topics.orders.config.min.insync.replicas=1,2
`;

export const MERGE_USAGE = `Usage: kafkasim merge PARTIAL... [options]

Combines the partial results of kafkasim compare --shard i/n (files, or directories holding
partial-*.json) into the result one unsharded compare gives, byte for byte. Fails if a shard is
missing, repeated, or of another sweep.

Options:
  --out DIR           Write DIR/compare.json, DIR/report.md, DIR/report.html, DIR/compare.csv.
  --json              Print exactly one JSON object, as kafkasim compare --json does.
  -h, --help          Show this help.
`;

const COMPARE_OPTIONS = {
  vary: { type: 'string', multiple: true },
  seeds: { type: 'string' },
  seed: { type: 'string' },
  set: { type: 'string', multiple: true },
  jobs: { type: 'string' },
  out: { type: 'string' },
  json: { type: 'boolean' },
  shard: { type: 'string' },
  help: { type: 'boolean', short: 'h' },
} as const satisfies ParseArgsConfig['options'];

const MERGE_OPTIONS = {
  out: { type: 'string' },
  json: { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
} as const satisfies ParseArgsConfig['options'];

function integer(name: string, text: string | undefined, min: number): number | null | string {
  if (text === undefined) return null;
  const value = Number(text);
  if (!/^-?\d+$/.test(text.trim()) || !Number.isSafeInteger(value) || value < min) {
    return `kafkasim compare: --${name} needs an integer of at least ${min}, not "${text}"`;
  }
  return value;
}

export function parseCompare(args: string[]): CompareParse {
  let parsed;
  try {
    parsed = parseArgs({ args, options: COMPARE_OPTIONS, strict: true, allowPositionals: true });
  } catch (error) {
    return { ok: false, message: argumentError(error, 'compare', Object.keys(COMPARE_OPTIONS)) };
  }
  const { values, positionals } = parsed;
  if (values.help === true) return { ok: true, command: { kind: 'help', topic: 'compare' } };
  if (positionals.length !== 1) {
    const found = positionals.length === 0 ? 'none' : positionals.join(' ');
    return {
      ok: false,
      message:
        `kafkasim compare: expected one scenario file, got ${found};` +
        ' see kafkasim help compare',
    };
  }
  const vary = values.vary ?? [];
  for (const text of vary) {
    const axis = parseAxis(text);
    if (typeof axis === 'string') return { ok: false, message: `kafkasim compare: ${axis}` };
  }
  const seeds = integer('seeds', values.seeds, 1);
  const seed = integer('seed', values.seed, Number.MIN_SAFE_INTEGER);
  const jobs = integer('jobs', values.jobs, 1);
  for (const value of [seeds, seed, jobs]) {
    if (typeof value === 'string') return { ok: false, message: value };
  }
  const shard = values.shard === undefined ? null : parseShard(values.shard);
  if (typeof shard === 'string') return { ok: false, message: `kafkasim compare: ${shard}` };
  return {
    ok: true,
    command: {
      kind: 'compare',
      file: positionals[0] as string,
      vary,
      seeds: (seeds as number | null) ?? 1,
      seed: seed as number | null,
      jobs: (jobs as number | null) ?? availableParallelism(),
      sets: values.set ?? [],
      outDir: values.out ?? null,
      json: values.json === true,
      shard,
    },
  };
}

export function parseMerge(args: string[]): CompareParse {
  let parsed;
  try {
    parsed = parseArgs({ args, options: MERGE_OPTIONS, strict: true, allowPositionals: true });
  } catch (error) {
    return { ok: false, message: argumentError(error, 'merge', Object.keys(MERGE_OPTIONS)) };
  }
  const { values, positionals } = parsed;
  if (values.help === true) return { ok: true, command: { kind: 'help', topic: 'merge' } };
  if (positionals.length === 0) {
    return {
      ok: false,
      message:
        'kafkasim merge: expected partial results (files or directories); see kafkasim help merge',
    };
  }
  return {
    ok: true,
    command: {
      kind: 'merge',
      partials: positionals,
      outDir: values.out ?? null,
      json: values.json === true,
    },
  };
}
