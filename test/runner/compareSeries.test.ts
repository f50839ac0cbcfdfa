/**
 * The series a comparison keeps (sim/runner/compareSeries.ts): cut to at most SERIES_POINTS_MAX
 * points (throughput averaged, p99 the bucket's largest), averaged over seeds point by point with
 * gaps kept, and the same after a JSON round trip (NaN → null) as before it.
 */
import { describe, expect, it } from 'vitest';
import {
  meanSeries,
  runSeries,
  SERIES_POINTS_MAX,
  type CompareSeries,
} from '../../sim/runner/compareSeries.ts';
import type { TraceSeries } from '../../sim/trace/types.ts';

function trace(count: number, p99: (index: number) => number): TraceSeries {
  const timeUs = Array.from({ length: count }, (_, index) => (index + 1) * 100_000);
  return {
    stepUs: 100_000,
    timeUs,
    columns: {
      'produce.recordsPerSec': timeUs.map((_, index) => index),
      'produce.p99Ms': timeUs.map((_, index) => p99(index)),
    },
  };
}

describe('compare series', () => {
  it('runSeries() keeps short series whole and cuts long ones to the bound', () => {
    const short = runSeries(trace(4, (i) => (i === 2 ? Number.NaN : i + 0.12345)));
    expect(short).toEqual({
      timeS: [0.1, 0.2, 0.3, 0.4],
      recordsPerSec: [0, 1, 2, 3],
      produceP99Ms: [0.123, 1.123, Number.NaN, 3.123],
    });
    const long = runSeries(trace(1000, (i) => (i === 7 ? 500 : i < 8 ? Number.NaN : 2)));
    expect(long.timeS).toHaveLength(250); // buckets of 4 samples
    expect(long.timeS.length).toBeLessThanOrEqual(SERIES_POINTS_MAX);
    expect(long.timeS[0]).toBe(0.4);
    expect(long.recordsPerSec[0]).toBe(1.5); // the mean of 0, 1, 2, 3
    expect(long.produceP99Ms.slice(0, 3)).toEqual([Number.NaN, 500, 2]); // gap, then the spike
    expect(runSeries(trace(60_000, () => 1)).timeS.length).toBeLessThanOrEqual(SERIES_POINTS_MAX);
  });

  it('meanSeries() averages the seeds that have a value; none is a gap; null reads as NaN', () => {
    const a: CompareSeries = {
      timeS: [1, 2, 3],
      recordsPerSec: [10, 20, 30],
      produceP99Ms: [1, Number.NaN, Number.NaN],
    };
    const b: CompareSeries = { timeS: [1, 2], recordsPerSec: [20, 40], produceP99Ms: [2, 4] };
    const mean = meanSeries([a, b]);
    expect(mean).toEqual({
      timeS: [1, 2, 3],
      recordsPerSec: [15, 30, 30],
      produceP99Ms: [1.5, 4, Number.NaN],
    });
    const roundTrip = JSON.parse(JSON.stringify([a, b])) as CompareSeries[];
    expect(JSON.stringify(meanSeries(roundTrip))).toBe(JSON.stringify(mean));
  });
});
