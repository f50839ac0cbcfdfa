/**
 * The run summary: produce figures over the window after warmup (per producer and in total),
 * durability, availability, bottlenecks found in the utilisation series, and the scenario's
 * `expect:` results.
 */
import { LatencyHistogram } from '../metrics/histogram.ts';
import type { TimeSeriesTable } from '../metrics/timeSeries.ts';
import type { Producer } from '../models/kafka/producer.ts';
import type { Expectation } from '../scenario/types.ts';
import type {
  Bottleneck,
  LatencySummaryMs,
  ExpectationResult,
  NetworkSummary,
  ProduceSummary,
  TraceSummary,
  Traffic,
} from '../trace/types.ts';

/** A resource at or above this busy ratio for a second or more is a bottleneck period. */
export const BOTTLENECK_BUSY_RATIO = 0.9;
export const BOTTLENECK_MIN_US = 1_000_000;
const BOTTLENECKS_MAX = 8;

export interface ProducerWindow {
  /** Counters at the start of the window (warmup end). */
  ackedAtStart: number;
  bytesAtStart: number;
  endUs: number;
}

export function produceSummary(
  clients: Producer[],
  windows: ProducerWindow[],
  windowFromUs: number,
): ProduceSummary {
  const latency = new LatencyHistogram();
  let recordsSent = 0;
  let recordsAcked = 0;
  let recordsFailed = 0;
  let ackedInWindow = 0;
  let bytesInWindow = 0;
  let endUs = windowFromUs;
  clients.forEach((client, index) => {
    const window = windows[index] as ProducerWindow;
    recordsSent += client.accumulator.recordsPlaced + client.accumulator.recordsBlockedFailed;
    recordsAcked += client.stats.recordsAcked;
    recordsFailed += client.stats.recordsFailed;
    ackedInWindow += client.stats.recordsAcked - window.ackedAtStart;
    bytesInWindow += client.stats.bytesAcked - window.bytesAtStart;
    endUs = Math.max(endUs, window.endUs);
    latency.add(client.stats.latency);
  });
  const seconds = Math.max(1e-6, (endUs - windowFromUs) / 1e6);
  return {
    recordsSent,
    recordsAcked,
    recordsFailed,
    recordsPerSec: round(ackedInWindow / seconds, 1),
    bytesPerSec: round(bytesInWindow / seconds, 0),
    latencyMs: latencySummaryMs(latency),
  };
}

/** The kinds of traffic the cross-zone figures split into, in the summary's order. */
export const TRAFFIC_KINDS: readonly Traffic[] = ['produce', 'replication', 'consume', 'other'];

/** Cross-zone bytes per second over a window of `windowUs`, from counts at its start and end. */
export function networkSummary(
  bytesAtEnd: ReadonlyMap<string, number>,
  bytesAtStart: ReadonlyMap<string, number>,
  windowUs: number,
): NetworkSummary {
  const seconds = Math.max(1e-6, windowUs / 1e6);
  const rate = (traffic: string) =>
    round(((bytesAtEnd.get(traffic) ?? 0) - (bytesAtStart.get(traffic) ?? 0)) / seconds, 0);
  const crossZone = Object.fromEntries(
    TRAFFIC_KINDS.map((traffic) => [`${traffic}BytesPerSec`, rate(traffic)]),
  ) as NetworkSummary['crossZone'];
  const total = Object.values(crossZone).reduce((sum, value) => sum + value, 0);
  return { crossZoneBytesPerSec: total, crossZone };
}

/** p50, p99, p99.9 and max of a histogram, in milliseconds to the microsecond. */
export function latencySummaryMs(latency: LatencyHistogram): LatencySummaryMs {
  const percentiles = latency.percentiles();
  return {
    p50: round(percentiles.p50 / 1000, 3),
    p99: round(percentiles.p99 / 1000, 3),
    p999: round(percentiles.p999 / 1000, 3),
    max: round(percentiles.max / 1000, 3),
  };
}

/** A Kafka mechanism series: the share of time or latency it takes, and its name in reports. */
export interface MechanismColumn {
  column: string;
  name: string;
}

/** A mechanism taking at least half the time (or the latency) for a second is named. */
export const MECHANISM_SHARE = 0.5;

/**
 * Bottleneck periods within [fromUs, toUs]: resource columns (busy ratios) at or above
 * BOTTLENECK_BUSY_RATIO, and Kafka mechanisms at or above MECHANISM_SHARE, each for a second or
 * more; with none, the busiest resource over the window.
 */
export function findBottlenecks(
  table: TimeSeriesTable,
  columns: string[],
  fromUs: number,
  toUs: number,
  mechanisms: MechanismColumn[] = [],
): Bottleneck[] {
  const found: Bottleneck[] = [];
  let busiest: Bottleneck | null = null;
  for (const column of columns) {
    const name = column.replaceAll('.', '/');
    const { periods, mean } = periodsAbove(
      table,
      { column, name, kind: 'saturated' },
      BOTTLENECK_BUSY_RATIO,
      fromUs,
      toUs,
    );
    found.push(...periods);
    if (busiest === null || mean > busiest.busyRatio) {
      const window = { fromMs: round(fromUs / 1000, 1), toMs: round(toUs / 1000, 1) };
      busiest = { kind: 'busiest', resource: name, busyRatio: round(mean, 3), ...window };
    }
  }
  for (const { column, name } of mechanisms) {
    const series = { column, name, kind: 'mechanism' as const };
    found.push(...periodsAbove(table, series, MECHANISM_SHARE, fromUs, toUs).periods);
  }
  if (found.length === 0) return busiest === null || busiest.busyRatio === 0 ? [] : [busiest];
  found.sort(
    (a, b) =>
      b.busyRatio - a.busyRatio || a.fromMs - b.fromMs || a.resource.localeCompare(b.resource),
  );
  return found.slice(0, BOTTLENECKS_MAX);
}

/**
 * A run of samples above the threshold goes on through a dip of at most this many samples
 * below it (one slow sample does not split a period in two).
 */
export const BOTTLENECK_GAP_SAMPLES = 1;

/**
 * Runs of samples at or above `threshold` lasting a second or more (bridging dips of at most
 * BOTTLENECK_GAP_SAMPLES; the busy ratio is the mean of the samples above), and the window's
 * mean.
 */
function periodsAbove(
  table: TimeSeriesTable,
  series: { column: string; name: string; kind: Bottleneck['kind'] },
  threshold: number,
  fromUs: number,
  toUs: number,
): { periods: Bottleneck[]; mean: number } {
  const values = table.column(series.column) ?? [];
  const periods: Bottleneck[] = [];
  let runStart = -1;
  let runSum = 0;
  let runAbove = 0;
  let gapCount = 0;
  let total = 0;
  let count = 0;
  const flush = (endIndex: number): void => {
    const length = endIndex - runStart;
    if (runStart >= 0 && length >= 2 && length * table.stepUs >= BOTTLENECK_MIN_US) {
      periods.push({
        kind: series.kind,
        resource: series.name,
        busyRatio: round(runSum / runAbove, 3),
        fromMs: round(((table.timeUs[runStart] as number) - table.stepUs) / 1000, 1),
        toMs: round((table.timeUs[endIndex - 1] as number) / 1000, 1),
      });
    }
    runStart = -1;
    runSum = 0;
    runAbove = 0;
    gapCount = 0;
  };
  let lastIndex = -1;
  for (let index = 0; index < values.length; index++) {
    const atUs = table.timeUs[index] as number;
    if (atUs <= fromUs || atUs > toUs) continue;
    lastIndex = index;
    const value = values[index] as number;
    if (Number.isFinite(value)) {
      total += value;
      count++;
    }
    if (value >= threshold) {
      if (runStart < 0) runStart = index;
      runSum += value;
      runAbove++;
      gapCount = 0;
    } else if (runStart >= 0) {
      gapCount++;
      if (gapCount > BOTTLENECK_GAP_SAMPLES) flush(index - gapCount + 1);
    }
  }
  flush(lastIndex + 1 - gapCount);
  return { periods, mean: count === 0 ? 0 : total / count };
}

export function checkExpectations(
  summary: TraceSummary,
  expectations: Expectation[],
): ExpectationResult[] {
  return expectations.map((expectation) => {
    const actual = lookup(summary, expectation.metric);
    const [first = NaN, second = NaN] = expectation.values;
    let pass = false;
    if (actual !== null) {
      if (expectation.op === 'atLeast') pass = actual >= first;
      else if (expectation.op === 'atMost') pass = actual <= first;
      else if (expectation.op === 'equals') pass = actual === first;
      else pass = actual >= first && actual <= second;
    }
    const { file, line } = expectation.source;
    return {
      metric: expectation.metric,
      op: expectation.op,
      values: expectation.values,
      actual,
      pass,
      source: `${file}:${line}`,
    };
  });
}

function lookup(summary: TraceSummary, path: string): number | null {
  let value: unknown = summary;
  for (const part of path.split('.')) {
    if (value === null || typeof value !== 'object') return null;
    value = (value as Record<string, unknown>)[part];
  }
  return typeof value === 'number' ? value : null;
}

export function round(value: number, digits: number): number {
  const factor = 10 ** digits;
  return Math.round(value * factor) / factor;
}
