/**
 * LatencyHistogram: its local counts use HdrHistogram's own bucket indexes, so percentiles match
 * an HdrHistogram fed the same values directly, through add() and reset() too.
 */
import * as hdr from 'hdr-histogram-js';
import { describe, expect, it } from 'vitest';
import { RandomStream } from '../../sim/engine/index.ts';
import { hdrIndex, hdrIndexValue, LatencyHistogram } from '../../sim/metrics/histogram.ts';

function reference(): hdr.Histogram {
  return hdr.build({
    bitBucketSize: 64,
    lowestDiscernibleValue: 1,
    highestTrackableValue: 1e13,
    numberOfSignificantValueDigits: 3,
  });
}

const PERCENTILES = [0.1, 1, 10, 25, 50, 75, 90, 95, 99, 99.9, 99.99, 100];

describe('LatencyHistogram', () => {
  it('hdrIndex(value) is HdrHistogram countsArrayIndex, hdrIndexValue its inverse', () => {
    const histogram = reference() as unknown as { countsArrayIndex(value: number): number };
    const random = new RandomStream(1, 'histogram/index');
    const values: number[] = [];
    for (let value = 0; value < 70_000; value++) values.push(value);
    for (let bit = 0; bit < 31; bit++) values.push(2 ** bit - 1, 2 ** bit, 2 ** bit + 1);
    for (let draw = 0; draw < 20_000; draw++) values.push(random.integer(0, 2 ** 31 - 1));
    for (const value of values) {
      const index = hdrIndex(value);
      if (index !== histogram.countsArrayIndex(value)) expect([value, index]).toBe('equal');
      if (hdrIndex(hdrIndexValue(index)) !== index) expect([value, index]).toBe('inverse');
    }
  });

  it('percentiles equal those of an HdrHistogram fed the same weighted values', () => {
    const random = new RandomStream(7, 'histogram/values');
    const latency = new LatencyHistogram();
    const direct = reference();
    for (let draw = 0; draw < 5_000; draw++) {
      const valueUs =
        random.integer(0, 1) === 0 ? random.integer(0, 5_000) : random.integer(0, 1e9);
      const count = random.integer(1, 300);
      latency.record(valueUs, count);
      direct.recordValueWithCount(valueUs, count);
    }
    latency.record(3e12, 2); // Beyond the local range: straight to the HdrHistogram.
    direct.recordValueWithCount(3e12, 2);
    for (const percentile of PERCENTILES) {
      expect(latency.percentileUs(percentile)).toBe(direct.getValueAtPercentile(percentile));
    }
    expect(latency.count).toBe(direct.totalCount);
  });

  it('add() merges pending and HdrHistogram counts; reset() drops both', () => {
    const first = new LatencyHistogram();
    const second = new LatencyHistogram();
    const direct = reference();
    first.record(1_000, 10);
    direct.recordValueWithCount(1_000, 10);
    first.percentileUs(50); // Flushes; what follows is pending again.
    first.recordSpread(2_000, 9_000, 80); // 8 slices of 10 records, 1,000 us apart.
    for (let slice = 0; slice < 8; slice++) direct.recordValueWithCount(2_000 + 1_000 * slice, 10);
    second.record(50_000, 5);
    second.record(3e12, 2); // Straight into the HdrHistogram: add() merges that part too.
    direct.recordValueWithCount(50_000, 5);
    direct.recordValueWithCount(3e12, 2);
    const total = new LatencyHistogram();
    total.add(first);
    total.add(second);
    expect(total.count).toBe(97);
    for (const percentile of PERCENTILES) {
      expect(total.percentileUs(percentile)).toBe(direct.getValueAtPercentile(percentile));
    }
    second.reset();
    second.record(7, 1);
    expect([second.count, second.percentileUs(50), second.percentiles().max]).toEqual([1, 7, 7]);
    second.reset();
    expect([second.count, second.percentileUs(50)]).toEqual([0, 0]);
  });
});
