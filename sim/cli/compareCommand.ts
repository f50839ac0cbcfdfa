/**
 * `kafkasim compare` and `kafkasim merge`. compare: plan the matrix (every variant loaded and
 * checked first; errors exit 1), run it or one shard of it in worker threads with a progress bar
 * on stderr, then print the tables or one JSON object and write `--out` files atomically. With
 * `--shard i/n` it writes a partial result instead, which `merge` combines; an unsharded compare
 * goes through the same merge, so the bytes are the same either way. A failed run prints the
 * `kafkasim run` command that reproduces it and exits 2; a failed `expect:` check of any run
 * exits 3 after everything is printed and written (a shard's partial exits 0: merge reports it).
 */
import { readdir, readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import {
  mergePartials,
  planCompare,
  runCompare,
  type ComparePartial,
  type CompareResult,
} from '../runner/compare.ts';
import { RunFailure } from '../runner/comparePool.ts';
import { formatExpectationFailures } from '../report/compareExpect.ts';
import { compareHtmlReport } from '../report/compareHtml.ts';
import { compareCsv, compareMarkdown } from '../report/compareMarkdown.ts';
import { compareSeriesCsv } from '../report/csv.ts';
import { formatCompare } from '../report/compareTables.ts';
import type { CompareCommand, MergeCommand } from './compareArgs.ts';
import { shellQuote, writeFilesAtomically, type OutputFile } from './files.ts';
import { RunsProgressBar } from './progress.ts';
import {
  EXIT_BAD_INPUT,
  EXIT_EXPECTATION_FAILED,
  EXIT_OK,
  EXIT_SIMULATOR_ERROR,
  type Io,
} from './runCommand.ts';

/** The files `--out` holds for a whole comparison. */
export function compareFiles(result: CompareResult): OutputFile[] {
  return [
    { name: 'compare.json', text: compareJson(result) },
    { name: 'report.md', text: compareMarkdown(result) },
    { name: 'report.html', text: compareHtmlReport(result) },
    { name: 'compare.csv', text: compareCsv(result) },
    { name: 'compare-series.csv', text: compareSeriesCsv(result) },
  ];
}

export function compareJson(result: CompareResult): string {
  return `${JSON.stringify(result, null, 2)}\n`;
}

async function writeOut(io: Io, name: string, dir: string, files: OutputFile[]) {
  try {
    return await writeFilesAtomically(dir, files);
  } catch (error) {
    io.err(`kafkasim ${name}: cannot write to ${dir}: ${(error as Error).message}\n`);
    return null;
  }
}

/** Prints and writes a whole comparison; the exit code. */
async function finish(
  io: Io,
  name: string,
  result: CompareResult,
  command: { outDir: string | null; json: boolean },
): Promise<number> {
  let written: string[] = [];
  if (command.outDir !== null) {
    const paths = await writeOut(io, name, command.outDir, compareFiles(result));
    if (paths === null) return EXIT_BAD_INPUT;
    written = paths;
  }
  if (command.json) io.out(compareJson(result));
  else io.out(formatCompare(result));
  if (written.length > 0) {
    (command.json ? io.err : io.out)(`\nwrote ${written.join(', ')}\n`);
  }
  // After everything else, as `run` does: any failed expect: check of any run exits 3.
  const failures = formatExpectationFailures(result);
  if (failures === '') return EXIT_OK;
  io.err(`\nkafkasim ${name}: ${failures}`);
  return EXIT_EXPECTATION_FAILED;
}

function reproduce(command: CompareCommand, failure: RunFailure): string {
  const args = ['kafkasim', 'run', command.file, '--seed', String(failure.job.seed)];
  for (const set of failure.job.sets) args.push('--set', set);
  return args.map(shellQuote).join(' ');
}

export async function compareCommand(command: CompareCommand, io: Io): Promise<number> {
  const planned = await planCompare(command.file, {
    vary: command.vary,
    seeds: command.seeds,
    sets: command.sets,
    ...(command.seed === null ? {} : { firstSeed: command.seed }),
  });
  if (!planned.ok) {
    io.err(`${planned.errors.join('\n')}\n`);
    io.err(`kafkasim compare: the matrix of ${command.file} does not load\n`);
    return EXIT_BAD_INPUT;
  }
  const { plan } = planned;
  const total = plan.variants.length * plan.seeds.length;
  const shard = command.shard ?? { index: 1, count: 1 };
  const progress = new RunsProgressBar(
    io.errIsTerminal,
    Math.ceil((total - shard.index + 1) / shard.count),
  );
  let partial: ComparePartial;
  try {
    partial = await runCompare(plan, {
      jobs: command.jobs,
      shard,
      onRunDone: (done) => progress.update(done),
    });
  } catch (error) {
    progress.stop();
    const message = error instanceof Error ? error.message : String(error);
    io.err(`kafkasim compare: a run failed: ${message}\n`);
    if (error instanceof RunFailure) io.err(`reproduce with: ${reproduce(command, error)}\n`);
    return EXIT_SIMULATOR_ERROR;
  }
  progress.stop();
  if (command.shard !== null) return writePartial(io, command, partial);
  const merged = mergePartials([partial]);
  if (!merged.ok) throw new Error(merged.errors.join('\n'));
  return finish(io, 'compare', merged.result, command);
}

async function writePartial(
  io: Io,
  command: CompareCommand,
  partial: ComparePartial,
): Promise<number> {
  const text = `${JSON.stringify(partial, null, 2)}\n`;
  if (command.outDir === null) {
    io.out(text);
    return EXIT_OK;
  }
  const name = `partial-${partial.shard.index}-of-${partial.shard.count}.json`;
  const paths = await writeOut(io, 'compare', command.outDir, [{ name, text }]);
  if (paths === null) return EXIT_BAD_INPUT;
  io.err(`wrote ${paths.join(', ')} (${partial.runs.length} runs); combine with kafkasim merge\n`);
  return EXIT_OK;
}

/** A directory stands for the partial-*.json files in it. */
async function partialPaths(args: readonly string[]): Promise<string[]> {
  const paths: string[] = [];
  for (const arg of args) {
    if (!(await stat(arg)).isDirectory()) {
      paths.push(arg);
      continue;
    }
    const names = (await readdir(arg)).filter((n) => /^partial-.*\.json$/.test(n)).sort();
    paths.push(...names.map((name) => join(arg, name)));
  }
  return paths;
}

export async function mergeCommand(command: MergeCommand, io: Io): Promise<number> {
  const partials: ComparePartial[] = [];
  try {
    for (const path of await partialPaths(command.partials)) {
      partials.push(JSON.parse(await readFile(path, 'utf8')) as ComparePartial);
    }
  } catch (error) {
    io.err(`kafkasim merge: ${(error as Error).message}\n`);
    return EXIT_BAD_INPUT;
  }
  const merged = mergePartials(partials);
  if (!merged.ok) {
    io.err(merged.errors.map((message) => `kafkasim merge: ${message}\n`).join(''));
    return EXIT_BAD_INPUT;
  }
  return finish(io, 'merge', merged.result, command);
}
