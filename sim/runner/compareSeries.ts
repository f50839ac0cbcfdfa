/**
 * The time series a comparison keeps, for the report's overlaid charts: produce throughput and
 * produce p99 over virtual time. Each run's series is cut to at most SERIES_POINTS_MAX buckets of
 * consecutive samples (throughput: the bucket's mean; p99: its largest value, so spikes stay
 * visible), and a variant's series is the mean over its seeds, sample by sample, of the runs that
 * have a value there. A sample without one (no acknowledgement, so no latency) is NaN in memory
 * and null in JSON, a gap in the charts; both read the same here, so a partial result that went
 * through JSON merges to the same bytes. Values are rounded to three decimals. Pure.
 */
import type { TraceSeries } from '../trace/types.ts';

export const SERIES_POINTS_MAX = 300;

export interface CompareSeries {
  /** The end of each bucket, in seconds of virtual time. */
  timeS: number[];
  /** NaN (null in JSON) where no run had a value. */
  recordsPerSec: number[];
  produceP99Ms: number[];
}

const THROUGHPUT_COLUMN = 'produce.recordsPerSec';
const P99_COLUMN = 'produce.p99Ms';

const isValue = (value: unknown): value is number =>
  typeof value === 'number' && Number.isFinite(value);

function rounded(value: number): number {
  return Number.isFinite(value) ? Math.round(value * 1000) / 1000 : Number.NaN;
}

function bucketOf(values: readonly unknown[], how: 'mean' | 'max'): number {
  const present = values.filter(isValue);
  if (present.length === 0) return Number.NaN;
  if (how === 'max') return Math.max(...present);
  let sum = 0;
  for (const value of present) sum += value;
  return sum / present.length;
}

/** A run's series, cut to at most SERIES_POINTS_MAX points. */
export function runSeries(series: TraceSeries): CompareSeries {
  const count = series.timeUs.length;
  const size = Math.max(1, Math.ceil(count / SERIES_POINTS_MAX));
  const throughput = series.columns[THROUGHPUT_COLUMN] ?? [];
  const p99 = series.columns[P99_COLUMN] ?? [];
  const result: CompareSeries = { timeS: [], recordsPerSec: [], produceP99Ms: [] };
  for (let start = 0; start < count; start += size) {
    const end = Math.min(count, start + size);
    result.timeS.push((series.timeUs[end - 1] ?? 0) / 1e6);
    result.recordsPerSec.push(rounded(bucketOf(throughput.slice(start, end), 'mean')));
    result.produceP99Ms.push(rounded(bucketOf(p99.slice(start, end), 'max')));
  }
  return result;
}

/**
 * The mean over runs (in their order), point by point on the longest run's time grid; a run
 * counts at a point only where its own time is the same (runs cut short have fewer points).
 */
export function meanSeries(runs: readonly CompareSeries[]): CompareSeries {
  const longest = runs.reduce<CompareSeries | undefined>(
    (best, run) => (best === undefined || run.timeS.length > best.timeS.length ? run : best),
    undefined,
  );
  const timeS = [...(longest?.timeS ?? [])];
  const at = (key: 'recordsPerSec' | 'produceP99Ms') =>
    timeS.map((time, index) => {
      const values = runs.filter((run) => run.timeS[index] === time).map((run) => run[key][index]);
      return rounded(bucketOf(values, 'mean'));
    });
  return { timeS, recordsPerSec: at('recordsPerSec'), produceP99Ms: at('produceP99Ms') };
}
