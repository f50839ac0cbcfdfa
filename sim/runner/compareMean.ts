/**
 * Figures across the seeds of one variant: the mean summary (the shape of a run summary, every
 * number replaced by its mean over the seeds) and, for the columns of the comparison table, the
 * mean with its 95% interval (Student's t, sim/metrics/confidence.ts). Runs arrive in seed order
 * and are summed in that order, so the figures are the same bits whatever ran them.
 */
import { meanInterval } from '../metrics/confidence.ts';
import type { Direction } from '../metrics/pareto.ts';
import type { Bottleneck, TraceSummary } from '../trace/types.ts';
import type { CompareRunSummary } from './compareRun.ts';

export interface CompareMetric {
  key: string;
  better: Direction;
}

/** The table's numeric columns, in order: key (a summary path or a derived name) and direction. */
export const COMPARE_METRICS: readonly CompareMetric[] = [
  { key: 'produce.recordsPerSec', better: 'higher' },
  { key: 'produce.latencyMs.p50', better: 'lower' },
  { key: 'produce.latencyMs.p99', better: 'lower' },
  { key: 'produce.latencyMs.p999', better: 'lower' },
  { key: 'consume.endToEndLatencyMs.p50', better: 'lower' },
  { key: 'consume.endToEndLatencyMs.p99', better: 'lower' },
  { key: 'consume.endToEndLatencyMs.p999', better: 'lower' },
  { key: 'network.crossZoneBytesPerSec', better: 'lower' },
  { key: 'durability.ackedRecordsLost', better: 'lower' },
  { key: 'durability.duplicateRecords', better: 'lower' },
  { key: 'durability.reprocessedRecords', better: 'lower' },
  { key: 'availability.offlinePartitionMs', better: 'lower' },
  { key: 'availability.underReplicatedPartitionMs', better: 'lower' },
  { key: 'availability.underMinIsrPartitionMs', better: 'lower' },
  { key: 'rebalancePausedPartitionMs', better: 'lower' },
];

export interface MetricStats {
  mean: number;
  halfWidth95: number | null;
}

/** One figure of a run: a path into the summary, or a derived figure; null when absent. */
export function metricOf(summary: TraceSummary, key: string): number | null {
  if (key === 'rebalancePausedPartitionMs') {
    if (summary.rebalances === undefined) return null;
    return summary.rebalances.reduce((sum, rebalance) => sum + rebalance.pausedPartitionMs, 0);
  }
  let node: unknown = summary;
  for (const part of key.split('.')) {
    if (node === null || typeof node !== 'object') return null;
    node = (node as Record<string, unknown>)[part];
  }
  return typeof node === 'number' ? node : null;
}

/** Mean and interval of each table column over the runs; null where a run lacks the figure. */
export function metricStats(runs: readonly TraceSummary[]): Record<string, MetricStats | null> {
  const stats: Record<string, MetricStats | null> = {};
  for (const { key } of COMPARE_METRICS) {
    const values = runs.map((run) => metricOf(run, key));
    if (values.length === 0 || values.some((value) => value === null)) {
      stats[key] = null;
      continue;
    }
    const interval = meanInterval(values as number[]);
    stats[key] = { mean: interval.mean, halfWidth95: interval.halfWidth95 };
  }
  return stats;
}

/** Rounds a mean for the JSON (six decimals), so it prints the same everywhere. */
function tidy(value: number): number {
  return Math.round(value * 1e6) / 1e6;
}

/**
 * Bottlenecks by resource: a run's periods of one resource count once (its highest busy ratio,
 * its widest span), then the busy ratio is averaged over all runs (0 where absent) and the span
 * is the widest of any run. A mean busy ratio is thus never above 1.
 */
function meanBottlenecks(lists: readonly Bottleneck[][]): Bottleneck[] {
  const byResource = new Map<string, Bottleneck>();
  for (const list of lists) {
    const perRun = new Map<string, Bottleneck>();
    for (const b of list) {
      const known = perRun.get(b.resource);
      if (known === undefined) perRun.set(b.resource, { ...b });
      else widen(known, b, Math.max(known.busyRatio, b.busyRatio));
    }
    for (const b of perRun.values()) {
      const known = byResource.get(b.resource);
      const share = b.busyRatio / lists.length;
      if (known === undefined) byResource.set(b.resource, { ...b, busyRatio: share });
      else widen(known, b, known.busyRatio + share);
    }
  }
  const merged = [...byResource.values()].map((b) => ({ ...b, busyRatio: tidy(b.busyRatio) }));
  return merged.sort((a, b) => b.busyRatio - a.busyRatio || (a.resource < b.resource ? -1 : 1));
}

function widen(known: Bottleneck, other: Bottleneck, busyRatio: number): void {
  known.busyRatio = busyRatio;
  known.fromMs = Math.min(known.fromMs, other.fromMs);
  known.toMs = Math.max(known.toMs, other.toMs);
}

function meanOf(values: readonly unknown[]): unknown {
  const first = values[0];
  if (typeof first === 'number') {
    let sum = 0;
    for (const value of values) sum += typeof value === 'number' ? value : NaN;
    return tidy(sum / values.length);
  }
  if (typeof first === 'string' || typeof first === 'boolean') {
    if (typeof first === 'boolean') return values.every((value) => value === true);
    return values.every((value) => value === first) ? first : 'varies';
  }
  if (Array.isArray(first)) {
    const lists = values as unknown[][];
    if (lists.some((list) => list.length !== first.length)) return [];
    return first.map((_, index) => meanOf(lists.map((list) => list[index])));
  }
  if (first !== null && typeof first === 'object') {
    const mean: Record<string, unknown> = {};
    for (const key of Object.keys(first)) {
      const column = values.map((value) => (value as Record<string, unknown>)[key]);
      if (column.some((value) => value === undefined)) continue;
      mean[key] = meanOf(column);
    }
    return mean;
  }
  return first;
}

/** The summary of the runs' means: numbers averaged, bottlenecks merged, warnings united. */
export function meanSummary(runs: readonly CompareRunSummary[]): TraceSummary {
  const summaries: TraceSummary[] = runs.map(({ traceHash: _hash, ...summary }) => summary);
  const mean = meanOf(summaries) as TraceSummary;
  mean.seed = summaries[0]?.seed ?? 0;
  mean.bottlenecks = meanBottlenecks(summaries.map((s) => s.bottlenecks));
  mean.warnings = [...new Set(summaries.flatMap((s) => s.warnings))];
  return mean;
}
