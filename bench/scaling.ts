/**
 * The `scaling` part: how wall time and peak memory grow with partitions, brokers and record
 * rate. Each point is the reference scenario (bench/scenarios/reference-100b.yaml: RF 3,
 * min.insync.replicas 2, 6 producers, acks=all, linger.ms 5, 6 consumers in one group) with
 * three values changed, generated here (bench/scalingPoint.ts builds the scenario object) and run
 * for 10 s of virtual time (3 s with --quick) in a child process of its own, so that its peak
 * RSS is its own. Series:
 *   partitions  10, 100, 1,000, 10,000 on 6 brokers at 100,000 records/s of 100 B;
 *   brokers     3, 10, 30, 100 with 10 partitions per broker (fixed per broker, so 30 to 1,000
 *               partitions) at 100,000 records/s of 100 B;
 *   records/s   10,000, 100,000, 1,000,000 of 100 B on 6 brokers, 60 partitions.
 * A point whose first run takes under 20 s wall is run twice more and reported as the median of
 * 3; a bigger one runs once. Reported: wall seconds per virtual second, and peak RSS in MiB
 * (which includes Node, tsx and the modules: about 110 MiB before the run starts).
 */
import { spawnSync } from 'node:child_process';
import type { BenchOptions, PartResult } from './index.ts';
import type { PointOutcome, ScalingPoint } from './scalingPoint.ts';
import type { BenchRow } from './table.ts';

export type SeriesName = 'partitions' | 'brokers' | 'records/s';

export interface MeasuredPoint {
  series: SeriesName;
  /** The value on the series' axis: partitions, brokers or records/s. */
  x: number;
  point: ScalingPoint;
  runs: PointOutcome[];
  wallPerVirtual: number;
  maxRssMiB: number;
}

const RECORD_BYTES = 100;
const RATE_FIXED = 100_000;
const REPEAT_BELOW_WALL_SECONDS = 20;
const REPETITIONS_SMALL = 3;
const CHILD_TIMEOUT_MS = 30 * 60 * 1000;
const MIB = 1024 * 1024;

/** The points of each series, in the order they run. */
export function scalingPlan(
  durationSeconds: number,
): { series: SeriesName; x: number; point: ScalingPoint }[] {
  const at = (brokers: number, partitions: number, recordsPerSec: number) => ({
    brokers,
    partitions,
    recordsPerSec,
    recordBytes: RECORD_BYTES,
    durationSeconds,
  });
  return [
    ...[10, 100, 1_000, 10_000].map((x) => ({
      series: 'partitions' as const,
      x,
      point: at(6, x, RATE_FIXED),
    })),
    ...[3, 10, 30, 100].map((x) => ({
      series: 'brokers' as const,
      x,
      point: at(x, 10 * x, RATE_FIXED),
    })),
    ...[10_000, 100_000, 1_000_000].map((x) => ({
      series: 'records/s' as const,
      x,
      point: at(6, 60, x),
    })),
  ];
}

function runPoint(point: ScalingPoint): PointOutcome {
  const child = spawnSync(
    process.execPath,
    ['--import', 'tsx', 'bench/scalingPoint.ts', JSON.stringify(point)],
    { encoding: 'utf8', timeout: CHILD_TIMEOUT_MS },
  );
  if (child.error !== undefined)
    throw new Error(`scaling point ${JSON.stringify(point)}: ${child.error.message}`);
  if (child.status !== 0) {
    throw new Error(
      `scaling point ${JSON.stringify(point)} failed (exit ${child.status}): ${child.stderr}`,
    );
  }
  return JSON.parse(child.stdout.trim().split('\n').at(-1) ?? '') as PointOutcome;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] as number;
}

export function run(options: BenchOptions): PartResult {
  const durationSeconds = options.quick ? 3 : 10;
  const measured: MeasuredPoint[] = [];
  for (const { series, x, point } of scalingPlan(durationSeconds)) {
    const runs = [runPoint(point)];
    if ((runs[0] as PointOutcome).wallSeconds < REPEAT_BELOW_WALL_SECONDS) {
      for (let repetition = 1; repetition < REPETITIONS_SMALL; repetition++)
        runs.push(runPoint(point));
    }
    const wallPerVirtual = median(runs.map((r) => r.wallSeconds / r.virtualSeconds));
    const maxRssMiB = median(runs.map((r) => r.maxRssBytes / MIB));
    measured.push({ series, x, point, runs, wallPerVirtual, maxRssMiB });
    options.log(
      `${series.padEnd(10)} ${x.toLocaleString('en-US').padStart(9)}: wall s/virtual s ` +
        `${runs.map((r) => (r.wallSeconds / r.virtualSeconds).toFixed(3)).join('/')}, peak RSS ` +
        `${runs.map((r) => (r.maxRssBytes / MIB).toFixed(0)).join('/')} MiB, ` +
        `${(runs[0] as PointOutcome).events.toLocaleString('en-US')} events`,
    );
  }
  return { rows: summaryRows(measured), data: { durationSeconds, points: measured } };
}

function describePoint(entry: MeasuredPoint): string {
  const { brokers, partitions, recordsPerSec } = entry.point;
  const rate = `${recordsPerSec.toLocaleString('en-US')} rec/s`;
  if (entry.series === 'partitions')
    return `${partitions.toLocaleString('en-US')} partitions (6 brokers, ${rate})`;
  if (entry.series === 'brokers') return `${brokers} brokers (${partitions} partitions, ${rate})`;
  return `${rate} (6 brokers, 60 partitions)`;
}

/** One row per point: wall s per virtual s against the series' first point, and peak RSS. */
export function summaryRows(measured: readonly MeasuredPoint[]): BenchRow[] {
  return measured.map((entry) => {
    const first = measured.find((other) => other.series === entry.series) as MeasuredPoint;
    const spread = entry.runs.map((r) => (r.wallSeconds / r.virtualSeconds).toFixed(3));
    return {
      part: 'scaling',
      measure: describePoint(entry),
      value: { value: entry.wallPerVirtual, unit: 'wall s/virtual s' },
      against: { label: 'first point', value: first.wallPerVirtual, unit: 'wall s/virtual s' },
      ratio: entry.wallPerVirtual / first.wallPerVirtual,
      note:
        `peak RSS ${entry.maxRssMiB.toFixed(0)} MiB; ` +
        (entry.runs.length > 1 ? `median of ${entry.runs.length} (${spread.join(', ')})` : '1 run'),
    };
  });
}

/** The measured points of a --json document's scaling data, checked enough to draw. */
export function pointsOf(data: unknown): MeasuredPoint[] {
  const points = (data as { points?: unknown } | undefined)?.points;
  if (!Array.isArray(points) || points.length === 0) {
    throw new Error(
      'no scaling points: run the scaling part (or pass a --json file that has them)',
    );
  }
  return points as MeasuredPoint[];
}
