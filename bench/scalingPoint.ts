/**
 * One point of the `scaling` benchmark, run in its own child process so that its peak memory is
 * its own: `node --import tsx bench/scalingPoint.ts '<json ScalingPoint>'`. Builds the scenario
 * from the reference scenario's file (bench/scenarios/reference-100b.yaml) with the point's
 * brokers, partitions, record rate and virtual duration, runs it, and prints one JSON line: wall
 * time of the run, the events, the trace size, and the process's peak resident set size
 * (process.resourceUsage().maxRSS, which includes Node, tsx and the loaded modules: the RSS
 * before the run is printed too).
 */
import { readFile } from 'node:fs/promises';
import {
  checkScenarioValue,
  formatScenarioErrors,
  readScenarioText,
} from '../sim/scenario/load.ts';
import { simulate } from '../sim/runner/run.ts';

export const BASE_SCENARIO_FILE = 'bench/scenarios/reference-100b.yaml';

/** The parameters a scaling point changes; everything else is the reference scenario's. */
export interface ScalingPoint {
  brokers: number;
  partitions: number;
  recordsPerSec: number;
  recordBytes: number;
  durationSeconds: number;
  /** Keyed records (`keys: { count }`, uniform) instead of the reference's null keys. */
  keys?: number;
}

export interface PointOutcome {
  wallSeconds: number;
  virtualSeconds: number;
  events: number;
  traceBytes: number;
  maxRssBytes: number;
  rssBeforeBytes: number;
}

/** The reference scenario's object with the point's values put in (a deep copy). */
export function scenarioValue(base: unknown, point: ScalingPoint): Record<string, unknown> {
  const value = structuredClone(base) as Record<string, any>;
  value.name = `bench-scaling-b${point.brokers}-p${point.partitions}-r${point.recordsPerSec}`;
  value.duration = `${point.durationSeconds}s`;
  value.warmup = '1s';
  value.cluster.brokers = point.brokers;
  value.topics[0].partitions = point.partitions;
  value.producers[0].rate = `${point.recordsPerSec}/s`;
  value.producers[0].recordSize = `${point.recordBytes}B`;
  if (point.keys !== undefined) {
    value.producers[0].keys = { count: point.keys, distribution: 'uniform' };
  }
  return value;
}

async function main(argument: string | undefined): Promise<void> {
  if (argument === undefined) throw new Error('usage: scalingPoint.ts <json point>');
  const point = JSON.parse(argument) as ScalingPoint;
  const read = readScenarioText(await readFile(BASE_SCENARIO_FILE, 'utf8'), BASE_SCENARIO_FILE);
  if (!read.ok) throw new Error(formatScenarioErrors(read.errors));
  const loaded = checkScenarioValue(read.source, scenarioValue(read.source.value, point));
  if (!loaded.ok) throw new Error(formatScenarioErrors(loaded.errors));
  const rssBeforeBytes = process.memoryUsage.rss();
  const startMs = performance.now();
  const result = simulate(loaded.scenario);
  const wallSeconds = (performance.now() - startMs) / 1000;
  const outcome: PointOutcome = {
    wallSeconds,
    virtualSeconds: result.summary.virtualMs / 1000,
    events: result.summary.eventsCount,
    traceBytes: Buffer.byteLength(result.traceText),
    maxRssBytes: process.resourceUsage().maxRSS * 1024,
    rssBeforeBytes,
  };
  console.log(JSON.stringify(outcome));
}

if (import.meta.url === `file://${process.argv[1]}`) await main(process.argv[2]);
