/**
 * `kafkasim run`: load the scenario (every error with file:line:column, exit 1), run `simulate`
 * timed by the wall clock (the only wall-clock reading, and nothing read here feeds the run),
 * print the summary as tables or as exactly one JSON object, write `--out` files atomically, and
 * map the outcome to an exit code: 0 ok, 1 bad input, 2 simulator error, 3 an expectation failed.
 * A simulator error prints its message (event, virtual time, seed) and the command that
 * reproduces it; the stack trace only with KAFKASIM_DEBUG=1.
 */
import { seriesCsv } from '../report/csv.ts';
import { markdownReport } from '../report/markdown.ts';
import { runHtmlReport } from '../report/runHtml.ts';
import { expectationsPassed, formatSummary } from '../report/summary.ts';
import { EVENTS_MAX_DEFAULT, simulate, type SimulateResult } from '../runner/run.ts';
import { formatScenarioErrors, loadScenarioFile, type ScenarioError } from '../scenario/load.ts';
import type { ResolvedScenario } from '../scenario/types.ts';
import type { RunSummary } from '../trace/types.ts';
import { detailSet, type RunCommand } from './args.ts';
import { shellQuote, writeFilesAtomically } from './files.ts';
import { ProgressBar } from './progress.ts';

export const EXIT_OK = 0;
export const EXIT_BAD_INPUT = 1;
export const EXIT_SIMULATOR_ERROR = 2;
export const EXIT_EXPECTATION_FAILED = 3;

/** Where the commands print; the real process streams, or buffers in tests. */
export interface Io {
  out(text: string): void;
  err(text: string): void;
  /** Whether stderr is a terminal (the progress bar draws only there). */
  errIsTerminal: boolean;
  debug: boolean;
}

/** The RunSummary with its keys in a fixed, documented order. */
export function runSummaryOf(result: SimulateResult, wallMs: number): RunSummary {
  const s = result.summary;
  return {
    scenario: s.scenario,
    seed: s.seed,
    traceHash: result.traceHash,
    virtualMs: s.virtualMs,
    wallMs,
    eventsCount: s.eventsCount,
    windowMs: s.windowMs,
    produce: s.produce,
    producers: s.producers,
    ...(s.consume === undefined ? {} : { consume: s.consume }),
    ...(s.consumers === undefined ? {} : { consumers: s.consumers }),
    ...(s.rebalances === undefined ? {} : { rebalances: s.rebalances }),
    durability: s.durability,
    availability: s.availability,
    ...(s.network === undefined ? {} : { network: s.network }),
    bottlenecks: s.bottlenecks,
    expectations: s.expectations,
    warnings: s.warnings,
  };
}

/** The one command that reproduces this run. */
export function reproduceCommand(command: RunCommand, seed: number): string {
  const args = ['kafkasim', 'run', command.file, '--seed', String(seed)];
  if (command.duration !== null) args.push('--duration', command.duration);
  for (const set of command.sets) args.push('--set', set);
  if (command.check) args.push('--check');
  if (command.eventsMax != null) args.push('--events-max', String(command.eventsMax));
  if (command.detail != null) args.push('--detail', command.detail);
  return args.map(shellQuote).join(' ');
}

function describeFailure(error: unknown, debug: boolean): string {
  if (debug && error instanceof Error && error.stack !== undefined) return error.stack;
  return error instanceof Error ? error.message : String(error);
}

/**
 * Errors of `duration` come from `--duration` when it is given, not from the file's line, and
 * those of `traceDetail` from `--detail`.
 */
export function formatLoadErrors(
  errors: readonly ScenarioError[],
  duration: string | null,
  detail: string | null = null,
): string {
  if (duration === null && detail === null) return formatScenarioErrors(errors);
  return errors
    .map((e) => {
      if (detail !== null && e.path.startsWith('traceDetail')) {
        return `--detail ${detail}: ${e.path}: ${e.message}`;
      }
      if (duration === null) return formatScenarioErrors([e]);
      if (e.path === 'duration') return `--duration ${duration}: ${e.message}`;
      // --duration is applied as a --set: its errors name the flag the user gave.
      if (e.file === '--set' && e.path === `duration=${duration}`) {
        return `--duration ${duration}: ${e.message}`;
      }
      const text = formatScenarioErrors([e]);
      return e.path === 'warmup' ? `${text} (with --duration ${duration})` : text;
    })
    .join('\n');
}

type Outcome = { ok: true; result: SimulateResult; wallMs: number } | { ok: false; code: number };

/**
 * A run cut short by its events bound: the summary of what ran is printed (so the user sees how
 * far it got), but no --out file is written (they would describe a shorter run than asked) and
 * the exit code is 1, with the bound and how to raise it on stderr.
 */
function eventsBoundReached(
  command: RunCommand,
  io: Io,
  summary: RunSummary,
  result: SimulateResult,
): number {
  io.out(command.json ? `${JSON.stringify(summary, null, 2)}\n` : formatSummary(summary));
  const eventsMax = command.eventsMax ?? EVENTS_MAX_DEFAULT;
  io.err(
    `kafkasim run: stopped at ${result.summary.virtualMs / 1000} s of virtual time, before the` +
      ` scenario's duration: the bound of ${eventsMax} events (--events-max, default` +
      ` ${EVENTS_MAX_DEFAULT}) was reached; raise it with --events-max N` +
      (command.outDir === null ? '' : `; nothing was written to ${command.outDir}`) +
      '\n',
  );
  return EXIT_BAD_INPUT;
}

/** `simulate`, or a stand-in in tests. */
export type Simulate = typeof simulate;

function runSimulation(
  command: RunCommand,
  io: Io,
  scenario: ResolvedScenario,
  run: Simulate,
): Outcome {
  const progress = new ProgressBar(io.errIsTerminal);
  const seed = command.seed ?? scenario.seed;
  const startMs = performance.now();
  try {
    const result = run(scenario, {
      seed,
      check: command.check,
      ...(command.eventsMax == null ? {} : { eventsMax: command.eventsMax }),
      onProgress: (nowUs, durationUs) => progress.update(nowUs, durationUs),
    });
    const wallMs = Math.round(performance.now() - startMs);
    progress.stop();
    return { ok: true, result, wallMs };
  } catch (error) {
    progress.stop();
    io.err(
      `kafkasim run: the simulation failed: ${describeFailure(error, io.debug)}\n` +
        `reproduce with: ${reproduceCommand(command, seed)}\n` +
        (io.debug ? '' : '(set KAFKASIM_DEBUG=1 to see the stack trace)\n'),
    );
    return { ok: false, code: EXIT_SIMULATOR_ERROR };
  }
}

export async function runCommand(
  command: RunCommand,
  io: Io,
  run: Simulate = simulate,
): Promise<number> {
  const sets = [...command.sets];
  if (command.duration !== null) sets.push(`duration=${command.duration}`);
  const detail = command.detail ?? null;
  if (detail !== null) sets.push(detailSet(detail));
  const loaded = await loadScenarioFile(command.file, { sets });
  if (!loaded.ok) {
    const count = loaded.errors.length;
    io.err(`${formatLoadErrors(loaded.errors, command.duration, detail)}\n`);
    io.err(`kafkasim run: ${count} ${count === 1 ? 'error' : 'errors'} in ${command.file}\n`);
    return EXIT_BAD_INPUT;
  }
  const outcome = runSimulation(command, io, loaded.scenario, run);
  if (!outcome.ok) return outcome.code;
  const { result } = outcome;
  const summary = runSummaryOf(result, outcome.wallMs);
  if (result.eventsMaxReached) return eventsBoundReached(command, io, summary, result);
  let written: string[] = [];
  if (command.outDir !== null) {
    try {
      written = await writeFilesAtomically(command.outDir, [
        { name: 'trace.json', text: result.traceText },
        { name: 'summary.json', text: `${JSON.stringify(summary, null, 2)}\n` },
        { name: 'report.md', text: markdownReport(summary, result.trace) },
        { name: 'report.html', text: runHtmlReport(summary, result.trace) },
        { name: 'series.csv', text: seriesCsv(result.trace) },
      ]);
    } catch (error) {
      io.err(`kafkasim run: cannot write to ${command.outDir}: ${describeFailure(error, false)}\n`);
      return EXIT_BAD_INPUT;
    }
  }
  if (command.json) {
    io.out(`${JSON.stringify(summary, null, 2)}\n`);
    if (written.length > 0) io.err(`wrote ${written.join(', ')}\n`);
  } else {
    io.out(formatSummary(summary));
    if (written.length > 0) {
      const [trace, json, report, html, csv] = written;
      io.out(
        `\nreport:  ${html} (and ${report})\nsummary: ${json}\ntrace:   ${trace}\n` +
          `series:  ${csv}\n`,
      );
    }
  }
  return expectationsPassed(summary) ? EXIT_OK : EXIT_EXPECTATION_FAILED;
}
