/**
 * Latency histogram in integer microseconds on HdrHistogram (3 significant digits), weighted by
 * record counts: one batch acknowledged at once records all its records in one call. A batch's
 * records were created over an interval, so `recordSpread` splits the count over evenly spaced
 * latencies between the newest and the oldest record instead of piling it on one value.
 */
import * as hdr from 'hdr-histogram-js';

export interface Percentiles {
  p50: number;
  p75: number;
  p95: number;
  p99: number;
  p999: number;
  max: number;
  mean: number;
  count: number;
}

const SPREAD_SLICES_MAX = 8;

export class LatencyHistogram {
  readonly #histogram = hdr.build({
    bitBucketSize: 64,
    lowestDiscernibleValue: 1,
    highestTrackableValue: 1e13,
    numberOfSignificantValueDigits: 3,
  });
  #count = 0;
  #sumUs = 0;
  #maxUs = 0;

  get count(): number {
    return this.#count;
  }

  record(valueUs: number, count = 1): void {
    if (count <= 0) return;
    const value = Math.max(0, Math.round(valueUs));
    this.#histogram.recordValueWithCount(value, count);
    this.#count += count;
    this.#sumUs += value * count;
    if (value > this.#maxUs) this.#maxUs = value;
  }

  /** `count` records whose latencies are spread evenly over [minUs, maxUs]. */
  recordSpread(minUs: number, maxUs: number, count: number): void {
    if (count <= 0) return;
    const slices = Math.min(count, SPREAD_SLICES_MAX, Math.max(1, maxUs - minUs + 1));
    const perSlice = Math.floor(count / slices);
    let extra = count - perSlice * slices;
    for (let slice = 0; slice < slices; slice++) {
      const valueUs =
        slices === 1 ? (minUs + maxUs) / 2 : minUs + ((maxUs - minUs) * slice) / (slices - 1);
      const sliceCount = perSlice + (extra > 0 ? 1 : 0);
      if (extra > 0) extra--;
      this.record(valueUs, sliceCount);
    }
  }

  /** Value at a percentile (0-100), in microseconds; 0 when empty. */
  percentileUs(percentile: number): number {
    if (this.#count === 0) return 0;
    return this.#histogram.getValueAtPercentile(percentile);
  }

  percentiles(): Percentiles {
    return {
      p50: this.percentileUs(50),
      p75: this.percentileUs(75),
      p95: this.percentileUs(95),
      p99: this.percentileUs(99),
      p999: this.percentileUs(99.9),
      max: this.#maxUs,
      mean: this.#count === 0 ? 0 : this.#sumUs / this.#count,
      count: this.#count,
    };
  }

  reset(): void {
    this.#histogram.reset();
    this.#count = 0;
    this.#sumUs = 0;
    this.#maxUs = 0;
  }

  add(other: LatencyHistogram): void {
    this.#histogram.add(other.#histogram);
    this.#count += other.#count;
    this.#sumUs += other.#sumUs;
    this.#maxUs = Math.max(this.#maxUs, other.#maxUs);
  }
}
