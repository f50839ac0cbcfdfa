/**
 * The `trace` part: how big trace.json gets. A trace holds the resolved scenario, the summary,
 * the time series (one value per column per sample step: sampleEvery is 1 s in the reference)
 * and the discrete events, bounded at TRACE_EVENTS_MAX (past it they are counted, not kept). So
 * its size should follow the virtual duration / sample step and the event bound, not the
 * traffic. This part checks that claim on two record rates (1,000,000 and 10,000 records/s of
 * 100 B on the reference cluster, 60 s virtual, 10 s with --quick). (The scenario field
 * traceDetail is parsed but nothing records request-level events yet, so it changes nothing.)
 * The one-hour row is the reference cluster run for 3,600 s of virtual time, only on request:
 * --hour runs a lighter variant (10,000 records/s of 100 B instead of 1,000,000: a few minutes
 * of CPU instead of about 30) in a child `kafkasim run`; --hour-trace DIR reads DIR/trace.json
 * of `kafkasim run bench/scenarios/reference-100b.yaml --duration 3600s --out DIR` (any rate),
 * after checking the scenario name and the duration. The row names the rate it measured.
 * Without either flag the row says it was not measured.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { formatScenarioErrors, loadScenarioFile } from '../sim/scenario/load.ts';
import { simulate } from '../sim/runner/run.ts';
import type { Trace } from '../sim/trace/types.ts';
import type { BenchOptions, PartResult } from './index.ts';
import { formatBytes, type BenchRow } from './table.ts';

const REFERENCE = 'bench/scenarios/reference-100b.yaml';
const REFERENCE_NAME = 'bench-reference-100b';
const HOUR_SECONDS = 3600;
const HOUR_TIMEOUT_MS = 3 * 60 * 60 * 1000;
const HOUR_LIGHT_RATE = 10_000;
const RATES = [1_000_000, 10_000] as const;

export interface TraceSize {
  bytes: number;
  gzipBytes: number;
  eventsKept: number;
  eventsDropped: number;
  seriesColumns: number;
  seriesSteps: number;
}

export function measureTraceText(text: string): TraceSize {
  const trace = JSON.parse(text) as Trace;
  return {
    bytes: Buffer.byteLength(text),
    gzipBytes: gzipSync(text).length,
    eventsKept: trace.events.length,
    eventsDropped: trace.eventsDropped,
    seriesColumns: Object.keys(trace.series.columns).length,
    seriesSteps: trace.series.timeUs.length,
  };
}

async function sizeAtRate(rate: number, seconds: number): Promise<TraceSize> {
  const sets = [`duration=${seconds}s`, `producers.load.rate=${rate}/s`];
  const loaded = await loadScenarioFile(REFERENCE, { sets });
  if (!loaded.ok) throw new Error(formatScenarioErrors(loaded.errors));
  return measureTraceText(simulate(loaded.scenario).traceText);
}

function describe(size: TraceSize): string {
  return (
    `gzip ${formatBytes(size.gzipBytes)}; ${size.eventsKept.toLocaleString('en-US')} events kept, ` +
    `${size.eventsDropped.toLocaleString('en-US')} dropped; ${size.seriesColumns} columns x ` +
    `${size.seriesSteps.toLocaleString('en-US')} steps`
  );
}

async function rateRow(options: BenchOptions): Promise<BenchRow> {
  const seconds = options.quick ? 10 : 60;
  const [fast, slow] = [await sizeAtRate(RATES[0], seconds), await sizeAtRate(RATES[1], seconds)];
  options.log(`1,000,000 rec/s: ${describe(fast)}\n10,000 rec/s: ${describe(slow)}`);
  return {
    part: 'trace',
    measure: `trace.json, ${seconds} s virtual, 1,000,000 rec/s of 100 B`,
    value: { value: fast.bytes, unit: 'bytes' },
    against: { label: '10,000 rec/s', value: slow.bytes, unit: 'bytes' },
    ratio: fast.bytes / slow.bytes,
    note:
      `gzip ${formatBytes(fast.gzipBytes)} vs ${formatBytes(slow.gzipBytes)}; ` +
      `${fast.eventsKept} vs ${slow.eventsKept} events kept`,
  };
}

/** Runs the lighter one-hour variant in a child (`kafkasim run ... --out DIR`) and returns DIR. */
function runHourLight(log: (line: string) => void): string {
  const directory = mkdtempSync(join(tmpdir(), 'kafkasim-bench-hour-'));
  log(
    `running ${REFERENCE} at ${HOUR_LIGHT_RATE} records/s for ${HOUR_SECONDS} s of virtual ` +
      `time into ${directory} ...`,
  );
  const child = spawnSync(
    process.execPath,
    [
      '--import',
      'tsx',
      'sim/cli.ts',
      'run',
      REFERENCE,
      '--duration',
      `${HOUR_SECONDS}s`,
      '--set',
      `producers.load.rate=${HOUR_LIGHT_RATE}/s`,
      '--out',
      directory,
    ],
    { encoding: 'utf8', timeout: HOUR_TIMEOUT_MS },
  );
  if (child.status !== 0)
    throw new Error(`one-hour run failed (exit ${child.status}): ${child.stderr}`);
  return directory;
}

/** The one-hour row from DIR/trace.json, after checking it is the reference run for an hour. */
export function hourRow(directory: string, source: string): BenchRow {
  const file = join(directory, 'trace.json');
  const text = readFileSync(file, 'utf8');
  const trace = JSON.parse(text) as Trace & {
    scenario: { name?: unknown; producers?: { count: number; rate: { recordsPerSec?: number } }[] };
  };
  const virtualSeconds = trace.summary.virtualMs / 1000;
  if (trace.scenario.name !== REFERENCE_NAME || virtualSeconds !== HOUR_SECONDS) {
    throw new Error(
      `${file}: not a one-hour run of ${REFERENCE} (scenario ${String(trace.scenario.name)}, ` +
        `${virtualSeconds} s virtual)`,
    );
  }
  const size = measureTraceText(text);
  const rate = (trace.scenario.producers ?? []).reduce(
    (sum, producer) => sum + (producer.rate.recordsPerSec ?? Number.NaN),
    0,
  );
  return {
    part: 'trace',
    measure: `trace.json of a one-hour run (${REFERENCE_NAME}, ${rate.toLocaleString('en-US')} rec/s)`,
    value: { value: size.bytes, unit: 'bytes' },
    note: `${describe(size)}; ${source}, written ${statSync(file).mtime.toISOString()}`,
  };
}

export async function run(options: BenchOptions): Promise<PartResult> {
  const rows = [await rateRow(options)];
  if (options.hour) rows.push(hourRow(runHourLight(options.log), 'run by --hour'));
  if (options.hourTraceDir !== null) {
    rows.push(hourRow(options.hourTraceDir, `read from ${options.hourTraceDir}`));
  }
  if (!options.hour && options.hourTraceDir === null) {
    rows.push({
      part: 'trace',
      measure: 'trace.json of a one-hour run',
      note: 'not measured in this run: pass --hour (10,000 rec/s, a few min) or --hour-trace DIR',
    });
  }
  return { rows };
}
