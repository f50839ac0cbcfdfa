/**
 * ArrivalProcess: constant counts are exact however the time is cut into intervals, rate steps
 * switch at their times, Poisson counts have the right mean, and every window says when its first
 * and last record arrived, where nextUs() said the next one would.
 */
import { describe, expect, it } from 'vitest';
import { Simulation } from '../../../sim/engine/index.ts';
import { ArrivalProcess, type RateStep } from '../../../sim/models/kafka/arrivals.ts';

function arrivals(steps: RateStep[], poisson = false, seed = 1): ArrivalProcess {
  return new ArrivalProcess(steps, poisson, new Simulation({ seed }).stream('producer/p1'));
}

/** take() summed over random intervals covering (0, totalUs]. */
function countInPieces(process: ArrivalProcess, totalUs: number, seed: number): number {
  const random = new Simulation({ seed }).stream('pieces');
  let sum = 0;
  let fromUs = 0;
  while (fromUs < totalUs) {
    const toUs = Math.min(totalUs, fromUs + random.integer(1, 20_000));
    sum += process.take(fromUs, toUs);
    fromUs = toUs;
  }
  return sum;
}

describe('ArrivalProcess constant', () => {
  it.each([
    [1000 / 3, 10_000_000, 3333],
    [333.3, 10_000_000, 3333],
    [7, 10_000_000, 70],
    [1e6 / 7, 10_000_000, 1_428_571],
    [12_345.678, 10_000_000, 123_456],
    [0.1, 10_000_000, 1],
  ])('at %d/s over %i µs the counts of any intervals sum to %i', (rate, totalUs, want) => {
    const process = arrivals([{ atUs: 0, recordsPerSec: rate }]);
    expect(countInPieces(process, totalUs, 3)).toBe(want);
    expect(arrivals([{ atUs: 0, recordsPerSec: rate }]).take(0, totalUs)).toBe(want);
  });

  // Regression test for a fixed bug: cumulative() multiplies a float rate by microseconds and
  // divides by 1e6; for 0.29/s over 100 s that is 28.999999999999996, so take() floors to 28 and a
  // record never arrives (1.13/s over 100 s gives 112).
  it.each([
    [0.29, 100_000_000, 29],
    [1.13, 100_000_000, 113],
  ])('at %d/s over %i µs exactly %i records arrive (float residue)', (rate, totalUs, want) => {
    const process = arrivals([{ atUs: 0, recordsPerSec: rate }]);
    expect(process.take(0, totalUs)).toBe(want);
  });

  it('take() of an empty or reversed interval is 0', () => {
    const process = arrivals([{ atUs: 0, recordsPerSec: 1e6 }]);
    expect([process.take(0, 0), process.take(0, -5)]).toEqual([0, 0]);
  });

  it('take() says when the first and last record of the window arrived', () => {
    const process = arrivals([{ atUs: 0, recordsPerSec: 100 }]);
    // Records arrive at 10 ms, 20 ms, ...: (0, 25 ms] holds two, (25 ms, 30 ms] the third.
    expect(process.take(0, 25_000)).toBe(2);
    expect([process.firstUs, process.lastUs]).toEqual([10_000, 20_000]);
    expect(process.take(25_000, 30_000)).toBe(1);
    expect([process.firstUs, process.lastUs]).toEqual([30_000, 30_000]);
    expect(process.take(30_000, 39_999)).toBe(0);
  });

  it('take() of intervals out of order is refused', () => {
    const process = arrivals([{ atUs: 0, recordsPerSec: 100 }]);
    process.take(0, 5000);
    expect(() => process.take(6000, 7000)).toThrow(/take from 6000, taken to 5000/);
  });

  it('nextUs() is the exact arrival of the n-th next record, across rate steps', () => {
    const process = arrivals([
      { atUs: 0, recordsPerSec: 3 },
      { atUs: 1_000_000, recordsPerSec: 0 },
      { atUs: 5_000_000, recordsPerSec: 1000 },
    ]);
    expect(process.nextUs(0, 1)).toBe(333_334);
    expect(process.nextUs(0, 3)).toBe(1_000_000);
    expect(process.nextUs(1_000_000, 1)).toBe(5_001_000);
    expect(process.nextUs(333_334, 1)).toBe(666_667);
    expect(arrivals([{ atUs: 0, recordsPerSec: 0 }]).nextUs(0, 1)).toBe(Infinity);
  });

  // Regression test for a fixed bug: at 1e-300/s the first record is due at 1e306 µs, where
  // adding 1 µs changes nothing, and the search for its exact microsecond never ended.
  it.each([false, true])('a rate of 1e-300/s never brings a record (Poisson: %s)', (poisson) => {
    const process = arrivals([{ atUs: 0, recordsPerSec: 1e-300 }], poisson);
    expect(process.nextUs(0, 1)).toBe(Infinity);
    expect(process.take(0, 3_600_000_000)).toBe(0);
  });

  it('every record arrives where nextUs() said, whatever the windows', () => {
    const process = arrivals([{ atUs: 0, recordsPerSec: 1000 / 7 }]);
    const random = new Simulation({ seed: 4 }).stream('pieces');
    let fromUs = 0;
    for (let step = 0; step < 500; step++) {
      const expectedUs = process.nextUs(fromUs, 1);
      const toUs = fromUs + random.integer(1, 30_000);
      const count = process.take(fromUs, toUs);
      if (count > 0) expect(process.firstUs).toBe(expectedUs);
      else expect(expectedUs).toBeGreaterThan(toUs);
      fromUs = toUs;
    }
  });

  it('the first step must start at 0', () => {
    expect(() => arrivals([{ atUs: 5, recordsPerSec: 1 }])).toThrow(/first step must start at 0/);
    expect(() => arrivals([])).toThrow(/no rate/);
  });
});

describe('ArrivalProcess steps', () => {
  const steps = [
    { atUs: 0, recordsPerSec: 1000 },
    { atUs: 2_000_000, recordsPerSec: 0 },
    { atUs: 3_000_000, recordsPerSec: 5000 },
  ];
  const process = arrivals(steps);

  it('the gap between records switches at each step time', () => {
    // 1 ms apart until 2 s (the 2,000th at 2 s), none until 3 s, then 200 µs apart.
    expect(
      [0, 1_998_500, 1_999_500, 2_000_000, 3_000_200].map((t) => process.nextUs(t, 1)),
    ).toEqual([1000, 1_999_000, 2_000_000, 3_000_200, 3_000_400]);
  });

  it('cumulative() integrates the steps exactly', () => {
    expect(process.cumulative(1_000_000)).toBe(1000);
    expect(process.cumulative(2_500_000)).toBe(2000);
    expect(process.cumulative(4_000_000)).toBe(7000);
    expect(process.take(0, 1_500_000)).toBe(1500);
    expect(process.take(1_500_000, 3_200_000)).toBe(500 + 1000);
    expect(countInPieces(arrivals(steps), 5_000_000, 8)).toBe(12_000);
  });
});

describe('ArrivalProcess Poisson', () => {
  it('take() has the mean of the rate: 100/s over 1000 intervals of 100 ms', () => {
    const process = arrivals([{ atUs: 0, recordsPerSec: 100 }], true, 42);
    expect(process.poisson).toBe(true);
    let sum = 0;
    let sumSquares = 0;
    const intervals = 1000;
    for (let index = 0; index < intervals; index++) {
      const count = process.take(index * 100_000, (index + 1) * 100_000);
      expect(Number.isInteger(count)).toBe(true);
      sum += count;
      sumSquares += count * count;
    }
    const mean = sum / intervals;
    const variance = sumSquares / intervals - mean * mean;
    // Mean 10, standard error 0.1: 5 standard errors either side.
    expect(mean).toBeGreaterThan(9.5);
    expect(mean).toBeLessThan(10.5);
    expect(variance).toBeGreaterThan(8);
    expect(variance).toBeLessThan(12);
  });

  it('take() with a large mean (PTRS branch) stays near it', () => {
    const process = arrivals([{ atUs: 0, recordsPerSec: 10_000 }], true, 7);
    let sum = 0;
    for (let index = 0; index < 200; index++) {
      sum += process.take(index * 100_000, (index + 1) * 100_000);
    }
    // Mean 1000 per interval, standard error of the total sqrt(200 000) = 447.
    expect(Math.abs(sum - 200_000)).toBeLessThan(2500);
  });

  it('the same seed gives the same counts', () => {
    const draw = () => {
      const process = arrivals([{ atUs: 0, recordsPerSec: 50 }], true, 9);
      return [0, 1, 2, 3].map((i) => process.take(i * 1_000_000, (i + 1) * 1_000_000));
    };
    expect(draw()).toEqual(draw());
  });

  it('the first record of a window is where nextUs() said; gaps are exponential', () => {
    const process = arrivals([{ atUs: 0, recordsPerSec: 100 }], true, 11);
    // One record at a time: take up to each predicted arrival.
    let fromUs = 0;
    const gapsUs: number[] = [];
    for (let index = 0; index < 2000; index++) {
      const atUs = process.nextUs(fromUs, 1);
      expect(process.take(fromUs, atUs)).toBe(1);
      expect(process.firstUs).toBe(atUs);
      gapsUs.push(atUs - fromUs);
      fromUs = atUs;
    }
    const meanUs = gapsUs.reduce((a, b) => a + b, 0) / gapsUs.length;
    // Mean 10 ms, standard error 10 ms / sqrt(2000) = 0.22 ms.
    expect(Math.abs(meanUs - 10_000)).toBeLessThan(1_000);
    const short = gapsUs.filter((gap) => gap < 10_000 * Math.LN2).length / gapsUs.length;
    expect(Math.abs(short - 0.5)).toBeLessThan(0.05); // the exponential's median is mean x ln 2
  });

  it('a window of several records ends no later than its end, after its first', () => {
    const process = arrivals([{ atUs: 0, recordsPerSec: 5000 }], true, 3);
    for (let index = 0; index < 200; index++) {
      const count = process.take(index * 1000, (index + 1) * 1000);
      if (count === 0) continue;
      expect(process.firstUs).toBeGreaterThan(index * 1000);
      expect(process.lastUs).toBeGreaterThanOrEqual(process.firstUs);
      expect(process.lastUs).toBeLessThanOrEqual((index + 1) * 1000);
    }
  });
});
