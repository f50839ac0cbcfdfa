/**
 * findBottlenecks and checkExpectations on hand-built tables and summaries.
 */
import { describe, expect, it } from 'vitest';
import { TimeSeriesTable } from '../../sim/metrics/timeSeries.ts';
import type { Expectation } from '../../sim/scenario/types.ts';
import {
  BOTTLENECK_BUSY_RATIO,
  BOTTLENECK_MIN_US,
  checkExpectations,
  findBottlenecks,
  round,
} from '../../sim/runner/summarize.ts';
import type { TraceSummary } from '../../sim/trace/types.ts';

/** One row a second, at 1 s .. n s; each column given as its values. */
function table(columns: Record<string, number[]>, stepUs = 1_000_000): TimeSeriesTable {
  const result = new TimeSeriesTable(stepUs, 1000);
  const length = Object.values(columns)[0]?.length ?? 0;
  for (const name of Object.keys(columns)) result.define(name);
  for (let index = 0; index < length; index++) {
    result.addRow((index + 1) * stepUs);
    for (const [name, values] of Object.entries(columns)) result.set(name, values[index] as number);
  }
  return result;
}

describe('findBottlenecks', () => {
  it('reports busy runs of at least 1 s at >= 0.9, busiest first', () => {
    expect([BOTTLENECK_BUSY_RATIO, BOTTLENECK_MIN_US]).toEqual([0.9, 1_000_000]);
    const series = table({
      'broker.1.disk': [0.5, 0.95, 0.92, 0.99, 0.3, 0.2, 0.95, 0.91, 0.5, 0.5],
      'broker.2.nic': [0.1, 0.1, 0.1, 0.1, 0.1, 0.1, 0.1, 0.1, 0.97, 0.1],
    });
    expect(findBottlenecks(series, ['broker.1.disk', 'broker.2.nic'], 0, 10_000_000)).toEqual([
      { kind: 'saturated', resource: 'broker/1/disk', busyRatio: 0.953, fromMs: 1000, toMs: 4000 },
      { kind: 'saturated', resource: 'broker/1/disk', busyRatio: 0.93, fromMs: 6000, toMs: 8000 },
    ]);
  });

  it('one sample below the threshold does not split a period; two do', () => {
    const series = table({
      one: [0.95, 0.95, 0.5, 0.95, 0.95, 0.1, 0.1, 0.1],
      two: [0.95, 0.95, 0.5, 0.5, 0.95, 0.95, 0.1, 0.1],
    });
    expect(findBottlenecks(series, ['one'], 0, 8_000_000)).toEqual([
      // The period spans the dip; its busy ratio is the mean of the samples above.
      { kind: 'saturated', resource: 'one', busyRatio: 0.95, fromMs: 0, toMs: 5000 },
    ]);
    expect(findBottlenecks(series, ['two'], 0, 8_000_000).map((b) => [b.fromMs, b.toMs])).toEqual([
      [0, 2000],
      [4000, 6000],
    ]);
  });

  it('a single busy sample is not a run', () => {
    const series = table({ nic: [0.1, 1, 0.1, 0.1] });
    expect(findBottlenecks(series, ['nic'], 0, 4_000_000)).toEqual([
      { kind: 'busiest', resource: 'nic', busyRatio: 0.325, fromMs: 0, toMs: 4000 },
    ]);
  });

  it('with no busy run, names the busiest resource by mean; nothing for an idle run', () => {
    const series = table({ a: [0.4, 0.6], b: [0.6, 0.6], idle: [0, 0] });
    expect(findBottlenecks(series, ['a', 'b'], 0, 2_000_000)).toEqual([
      { kind: 'busiest', resource: 'b', busyRatio: 0.6, fromMs: 0, toMs: 2000 },
    ]);
    expect(findBottlenecks(series, ['idle'], 0, 2_000_000)).toEqual([]);
    expect(findBottlenecks(series, ['missing'], 0, 2_000_000)).toEqual([]);
  });

  it('samples at or before fromUs are outside the window', () => {
    const series = table({ disk: [1, 1, 1, 0.5, 0.5] });
    expect(findBottlenecks(series, ['disk'], 2_000_000, 5_000_000)).toEqual([
      { kind: 'busiest', resource: 'disk', busyRatio: 0.667, fromMs: 2000, toMs: 5000 },
    ]);
  });

  // Regression test for a fixed bug: a run still open at the window's end is closed with
  // flush(values.length), the length of the whole table, not the last index in the window: samples
  // after toUs count in its length (but not its sum) and toMs is the table's end. Here the run 0-5
  // s at 1.0 is reported as busyRatio 0.5 up to 10 s.
  it('a run reaching the window end stops at toUs', () => {
    const series = table({ disk: [1, 1, 1, 1, 1, 1, 1, 1, 1, 1] });
    expect(findBottlenecks(series, ['disk'], 0, 5_000_000)).toEqual([
      { kind: 'saturated', resource: 'disk', busyRatio: 1, fromMs: 0, toMs: 5000 },
    ]);
  });
});

describe('checkExpectations', () => {
  const summary = {
    produce: { recordsPerSec: 1000, latencyMs: { p99: 12.5 } },
    durability: { ackedRecordsLost: 0 },
  } as unknown as TraceSummary;

  const expectation = (metric: string, op: Expectation['op'], values: number[]): Expectation => ({
    metric,
    op,
    values,
    source: { file: 'scenarios/x.yaml', line: 12, column: 5 },
  });

  it.each([
    ['produce.recordsPerSec', 'atLeast', [1000], 1000, true],
    ['produce.recordsPerSec', 'atLeast', [1000.1], 1000, false],
    ['produce.latencyMs.p99', 'atMost', [12.5], 12.5, true],
    ['produce.latencyMs.p99', 'atMost', [12], 12.5, false],
    ['durability.ackedRecordsLost', 'equals', [0], 0, true],
    ['durability.ackedRecordsLost', 'equals', [1], 0, false],
    ['produce.latencyMs.p99', 'between', [10, 12.5], 12.5, true],
    ['produce.latencyMs.p99', 'between', [13, 20], 12.5, false],
    ['produce.latencyMs.p50', 'atLeast', [0], null, false],
    ['produce.latencyMs', 'atLeast', [0], null, false],
    ['nothing.here.at.all', 'atMost', [1], null, false],
  ] as const)('%s %s %j: actual %s, pass %s', (metric, op, values, actual, pass) => {
    const [result] = checkExpectations(summary, [expectation(metric, op, [...values])]);
    expect(result).toEqual({
      metric,
      op,
      values,
      actual,
      pass,
      source: 'scenarios/x.yaml:12',
    });
  });

  it('round() rounds half away from zero at the given digits', () => {
    expect([round(0.9525, 3), round(2.5, 0), round(1234.56, -1)]).toEqual([0.953, 3, 1230]);
  });
});

describe('findBottlenecks with Kafka mechanisms', () => {
  it('names a mechanism taking at least half the time for a second, beside saturated resources', () => {
    const series = table({ disk: [0.2, 0.2, 0.2, 0.2], linger: [0.8, 0.7, 0.4, Number.NaN] });
    const mechanisms = [{ column: 'linger', name: 'produce latency/accumulator' }];
    expect(findBottlenecks(series, ['disk'], 0, 4_000_000, mechanisms)).toEqual([
      {
        kind: 'mechanism',
        resource: 'produce latency/accumulator',
        busyRatio: 0.75,
        fromMs: 0,
        toMs: 2000,
      },
    ]);
  });
});
