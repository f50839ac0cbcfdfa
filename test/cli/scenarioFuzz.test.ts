/**
 * Scenario fuzzing through the `kafkasim` command line, in-process (the `main` that sim/cli.ts
 * calls): random mutations of every bundled scenario (wrong types, removed and unknown keys, bad
 * units, extreme numbers) and random text damage (byte edits, truncation, tabs, CRLF, a BOM,
 * duplicate keys, unclosed quotes and brackets, invalid UTF-8, JSON instead of YAML) through
 * `validate` and `run`. Properties: never a throw, a stack trace or Node's error text; a documented
 * exit code; each rejection is `file:line:column field: message` with a line inside the file; an
 * erroring run leaves nothing in --out. Fixed seeds and few runs keep it under a minute on two
 * busy cores; KAFKASIM_LONG=1 runs 20 times as many cases.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import YAML from 'yaml';
import {
  bundledScenarios,
  cli,
  outProblems,
  problemsOf,
  readText,
  type Ran,
} from './scenarioFuzzHelpers.ts';

const LONG = process.env['KAFKASIM_LONG'] === '1';
/** KAFKASIM_FUZZ_SEED=N explores other cases than the pinned seeds. */
const SEED = Number(process.env['KAFKASIM_FUZZ_SEED'] ?? 0);
const RUNS = LONG ? 20 : 1;
const directory = mkdtempSync(join(tmpdir(), 'kafkasim-fuzz-'));
afterAll(() => rmSync(directory, { recursive: true, force: true }));

const FILES = bundledScenarios();
/** v9b builds 100,000 partitions (3 s for 200 ms): validated, but not run on every case. */
const RUNNABLE = FILES.filter((file) => !file.includes('v9b-'));
/** Bounds the run of an accepted mutant: a mutant with a huge rate stops at this, exit 1. */
const RUN_ARGS = ['--duration', '200ms', '--set', 'warmup=0s', '--events-max', '300000'];

type Path = (string | number)[];

function pathsOf(value: unknown, prefix: Path = []): Path[] {
  const found: Path[] = prefix.length > 0 ? [prefix] : [];
  if (Array.isArray(value)) value.forEach((v, i) => found.push(...pathsOf(v, [...prefix, i])));
  else if (value !== null && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) found.push(...pathsOf(v, [...prefix, k]));
  }
  return found;
}

const BAD_UNITS = ['10 parsecs', '-5ms', '1e400GB/s', 'NaNms', '5 ms ms', '∞s', '0x10MB', ''];
const NUMBERS = [-1, 0, 0.5, -0.001, 1e308, -1e308, 2 ** 53 + 1, 1e9, 4294967296, 1e-300];

const replacement = fc.oneof(
  fc.constantFrom(...BAD_UNITS),
  fc.constantFrom(...NUMBERS),
  fc.constantFrom(null, true, false, [], {}, [1, 'a'], { x: 1 }, 'all', 'broker-99', 'orders'),
  fc.integer({ min: -10, max: 10 }),
  fc.string({ maxLength: 10 }),
);

/** A misspelling of `key`: one character dropped, doubled, or swapped with its neighbour. */
function typo(key: string, at: number, kind: number): string {
  if (key.length < 2) return `${key}x`;
  const i = at % (key.length - 1);
  if (kind === 0) return key.slice(0, i) + key.slice(i + 1);
  if (kind === 1) return key.slice(0, i) + (key[i] as string) + key.slice(i);
  return key.slice(0, i) + (key[i + 1] as string) + (key[i] as string) + key.slice(i + 2);
}

type Op =
  | { kind: 'replace'; value: unknown }
  | { kind: 'extreme'; value: unknown }
  | { kind: 'remove' }
  | { kind: 'rename'; at: number; typo: number }
  | { kind: 'addUnknown'; at: number; typo: number };

const op: fc.Arbitrary<Op> = fc.oneof(
  replacement.map((value) => ({ kind: 'replace' as const, value })),
  fc
    .constantFrom(...NUMBERS, ...BAD_UNITS, '1e-300/s', '0.000001ms', '1e15B', '9007199254740993')
    .map((value) => ({ kind: 'extreme' as const, value })),
  fc.constant({ kind: 'remove' as const }),
  fc.record({ kind: fc.constant('rename' as const), at: fc.nat(30), typo: fc.nat(2) }),
  fc.record({ kind: fc.constant('addUnknown' as const), at: fc.nat(30), typo: fc.nat(2) }),
);

function applyOp(root: unknown, path: Path, change: Op): void {
  let parent = root as Record<string | number, unknown>;
  for (const segment of path.slice(0, -1)) {
    parent = parent[segment] as Record<string | number, unknown>;
  }
  if (parent === null || typeof parent !== 'object') return;
  const last = path.at(-1) as string | number;
  if (change.kind === 'replace' || change.kind === 'extreme') parent[last] = change.value;
  else if (change.kind === 'remove') {
    if (Array.isArray(parent)) parent.splice(last as number, 1);
    else delete parent[last];
  } else if (typeof last === 'string' && !Array.isArray(parent)) {
    const key = typo(last, change.at, change.typo);
    if (change.kind === 'rename') {
      parent[key] = parent[last];
      delete parent[last];
    } else parent[key] = 1;
  }
}

function isLeaf(root: unknown, path: Path): boolean {
  const value = path.reduce<unknown>(
    (node, segment) => (node as Record<string | number, unknown>)[segment],
    root,
  );
  return typeof value === 'number' || typeof value === 'string';
}

let caseIndex = 0;
/** How the cases ended, to check that the fuzzing reaches both rejections and runs. */
const outcomes = { rejected: 0, ran: 0 };
function writeCase(text: string | Buffer, extension = 'yaml'): string {
  caseIndex += 1;
  const file = join(directory, `case-${caseIndex}.${extension}`);
  writeFileSync(file, text);
  return file;
}

/** validate, then run with --out when validate accepted; returns every problem found. */
async function exercise(
  file: string,
  text: string,
  fieldRequired: boolean,
  runnable = true,
): Promise<string[]> {
  const expectation = { file, text, fieldRequired };
  const validated = await cli(['validate', file]);
  const problems = problemsOf(validated, 'validate', expectation).map((p) => `validate: ${p}`);
  if (validated.code !== 0) outcomes.rejected += 1;
  if (validated.code !== 0 || !runnable) return problems;
  outcomes.ran += 1;
  const out = join(directory, `out-${caseIndex}`);
  const ran: Ran = await cli(['run', file, ...RUN_ARGS, '--out', out]);
  problems.push(...problemsOf(ran, 'run', expectation).map((p) => `run: ${p}`));
  problems.push(...outProblems(ran.code, out));
  if (ran.code === 1 && !/--events-max/.test(ran.err)) {
    problems.push(`run rejected what validate accepted: ${ran.err.slice(0, 300)}`);
  }
  rmSync(out, { recursive: true, force: true });
  return problems;
}

function report(problems: string[], file: string, text: string): string {
  return `${problems.join('\n')}\nreproduce: kafkasim validate ${file}\n--- file ---\n${text.slice(0, 2000)}`;
}

describe('kafkasim validate and run on mutated bundled scenarios', () => {
  it('structural mutations (types, keys, units, numbers) give clean errors or clean runs', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...RUNNABLE),
        fc.array(fc.tuple(fc.nat(), op), { minLength: 1, maxLength: 3 }),
        fc.boolean(),
        async (source, changes, asJson) => {
          const raw = YAML.parse(readText(source)) as unknown;
          for (const [pick, change] of changes) {
            // An extreme value goes to a number or a string (a unit), the rest anywhere.
            const paths = pathsOf(raw).filter(
              (path) => change.kind !== 'extreme' || isLeaf(raw, path),
            );
            if (paths.length > 0) applyOp(raw, paths[pick % paths.length] as Path, change);
          }
          const text = asJson ? JSON.stringify(raw, null, 2) : YAML.stringify(raw);
          const file = writeCase(text, asJson ? 'json' : 'yaml');
          const problems = await exercise(file, text, true);
          expect(problems, report(problems, file, text)).toEqual([]);
        },
      ),
      { numRuns: 60 * RUNS, seed: 20261129 + SEED, endOnFailure: true },
    );
    expect(outcomes.rejected).toBeGreaterThan(10);
    expect(outcomes.ran).toBeGreaterThan(5);
  }, 240_000);

  const damage = fc.oneof(
    fc.record({ kind: fc.constant('edit'), at: fc.nat(), cut: fc.nat(6), insert: fc.string() }),
    fc.record({ kind: fc.constant('truncate'), at: fc.nat() }),
    fc.record({ kind: fc.constant('tab'), at: fc.nat() }),
    fc.record({ kind: fc.constant('crlf') }),
    fc.record({ kind: fc.constant('bom') }),
    fc.record({ kind: fc.constant('duplicate'), at: fc.nat() }),
    fc.record({ kind: fc.constant('quote'), at: fc.nat() }),
    fc.record({ kind: fc.constant('bracket'), at: fc.nat() }),
  );

  it('damaged text (edits, truncation, tabs, CRLF, BOM, duplicates, unclosed) is reported', async () => {
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...FILES), damage, async (source, change) => {
        const text = damaged(readText(source), change);
        const file = writeCase(text);
        const problems = await exercise(file, text, false, RUNNABLE.includes(source));
        expect(problems, report(problems, file, text)).toEqual([]);
      }),
      { numRuns: 60 * RUNS, seed: 7129 + SEED, endOnFailure: true },
    );
  }, 240_000);

  it('a byte that is not UTF-8 is named with its line', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...FILES),
        fc.nat(),
        fc.constantFrom(0xff, 0xc3, 0x80, 0xfe),
        async (source, at, byte) => {
          const bytes = Buffer.from(readText(source), 'utf8');
          const offset = at % bytes.length;
          const file = writeCase(Buffer.concat([bytes.subarray(0, offset), Buffer.from([byte])]));
          const text = bytes.subarray(0, offset).toString('utf8');
          const ran = await cli(['validate', file]);
          expect(problemsOf(ran, 'validate', { file, text: `${text}x` })).toEqual([]);
          expect(ran.out).toMatch(/:\d+:\d+ not valid UTF-8 text/);
          const line = text.split('\n').length;
          expect(ran.out).toContain(`${file}:${line}:`);
        },
      ),
      { numRuns: 12 * RUNS, seed: 77 + SEED },
    );
  }, 60_000);
});

type Damage =
  | { kind: 'edit'; at: number; cut: number; insert: string }
  | { kind: 'truncate' | 'tab' | 'duplicate' | 'quote' | 'bracket'; at: number }
  | { kind: 'crlf' }
  | { kind: 'bom' };

function damaged(text: string, change: Damage): string {
  const lines = text.split('\n');
  if (change.kind === 'crlf') return text.replace(/\n/g, '\r\n');
  if (change.kind === 'bom') return `\uFEFF${text}`;
  if (change.kind === 'edit') {
    const at = change.at % Math.max(1, text.length);
    return text.slice(0, at) + change.insert + text.slice(at + change.cut);
  }
  if (change.kind === 'truncate') return text.slice(0, change.at % Math.max(1, text.length));
  const lineIndex = change.at % lines.length;
  const line = lines[lineIndex] as string;
  if (change.kind === 'tab') lines[lineIndex] = `\t${line}`;
  if (change.kind === 'duplicate') lines.splice(lineIndex, 0, line);
  if (change.kind === 'quote') lines[lineIndex] = line.replace(/: /, ': "');
  if (change.kind === 'bracket') lines[lineIndex] = line.replace(/: /, ': [');
  return lines.join('\n');
}
