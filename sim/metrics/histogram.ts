/**
 * Latency histogram in integer microseconds on HdrHistogram (3 significant digits), weighted by
 * record counts: one batch acknowledged at once records all its records in one call. A batch's
 * records were created over an interval, so `recordSpread` splits the count over evenly spaced
 * latencies between the newest and the oldest record instead of piling it on one value.
 * Recording is the hot path (several values per acknowledged batch), so counts first go to a
 * local array indexed exactly as HdrHistogram indexes them (integer shifts instead of its
 * floating-point log2 and pow), and move into the HdrHistogram, one call per touched bucket,
 * when it is read. Percentiles depend only on the counts per bucket, so they are the same.
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
/**
 * HdrHistogram's layout for 3 significant digits and a unit of 1: sub-buckets of 2048 values
 * (half of them, 1024, new in each bucket after the first); bucket b holds values below 2^(11+b)
 * in steps of 2^b. Values below 2^31 (35 minutes) are counted locally; larger ones go straight
 * to the HdrHistogram.
 */
const SUB_BUCKET_HALF_COUNT_MAGNITUDE = 10;
const SUB_BUCKET_HALF_COUNT = 1 << SUB_BUCKET_HALF_COUNT_MAGNITUDE;
const LOCAL_VALUE_LIMIT = 2 ** 31;
const LOCAL_INDEX_COUNT = (31 - SUB_BUCKET_HALF_COUNT_MAGNITUDE + 1) * SUB_BUCKET_HALF_COUNT;

/** HdrHistogram's counts index of an integer 0 <= value < 2^31 (countsArrayIndex). */
export function hdrIndex(value: number): number {
  const bucketIndex = Math.max(0, 31 - Math.clz32(value) - SUB_BUCKET_HALF_COUNT_MAGNITUDE);
  return (bucketIndex << SUB_BUCKET_HALF_COUNT_MAGNITUDE) + (value >>> bucketIndex);
}

/** The lowest value of a local counts index (HdrHistogram's valueFromIndex). */
export function hdrIndexValue(index: number): number {
  const bucketIndex = (index >> SUB_BUCKET_HALF_COUNT_MAGNITUDE) - 1;
  const subBucketIndex = index & (SUB_BUCKET_HALF_COUNT - 1);
  if (bucketIndex < 0) return subBucketIndex;
  return (subBucketIndex + SUB_BUCKET_HALF_COUNT) * (1 << bucketIndex);
}

export class LatencyHistogram {
  readonly #histogram = hdr.build({
    bitBucketSize: 64,
    lowestDiscernibleValue: 1,
    highestTrackableValue: 1e13,
    numberOfSignificantValueDigits: 3,
  });
  /** Counts not yet in #histogram, by its counts index (allocated on the first record). */
  #pending: Float64Array | null = null;
  /** Indexes with a pending count, each once. */
  readonly #touched: number[] = [];
  /** Records already in #histogram (moved there, or too large to count locally). */
  #inHistogram = 0;
  #count = 0;
  #sumUs = 0;
  #maxUs = 0;

  get count(): number {
    return this.#count;
  }

  record(valueUs: number, count = 1): void {
    if (count <= 0) return;
    const value = Math.max(0, Math.round(valueUs));
    if (value < LOCAL_VALUE_LIMIT) {
      this.#addPending(hdrIndex(value), count);
    } else {
      this.#histogram.recordValueWithCount(value, count);
      this.#inHistogram += count;
    }
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
    this.#flush();
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
    if (this.#pending !== null) for (const index of this.#touched) this.#pending[index] = 0;
    this.#touched.length = 0;
    this.#histogram.reset();
    this.#inHistogram = 0;
    this.#count = 0;
    this.#sumUs = 0;
    this.#maxUs = 0;
  }

  add(other: LatencyHistogram): void {
    // Pending counts merge bucket by bucket; HdrHistogram's add walks its whole counts array.
    const pending = other.#pending;
    if (pending !== null) {
      for (const index of other.#touched) this.#addPending(index, pending[index] as number);
    }
    if (other.#inHistogram > 0) {
      this.#histogram.add(other.#histogram);
      this.#inHistogram += other.#inHistogram;
    }
    this.#count += other.#count;
    this.#sumUs += other.#sumUs;
    this.#maxUs = Math.max(this.#maxUs, other.#maxUs);
  }

  #addPending(index: number, count: number): void {
    const pending = this.#pending ?? (this.#pending = new Float64Array(LOCAL_INDEX_COUNT));
    if (pending[index] === 0) this.#touched.push(index);
    pending[index] = (pending[index] as number) + count;
  }

  /** Moves the pending counts into the HdrHistogram (each bucket at its lowest value). */
  #flush(): void {
    const pending = this.#pending;
    if (pending === null) return;
    for (const index of this.#touched) {
      const count = pending[index] as number;
      this.#histogram.recordValueWithCount(hdrIndexValue(index), count);
      this.#inHistogram += count;
      pending[index] = 0;
    }
    this.#touched.length = 0;
  }
}
