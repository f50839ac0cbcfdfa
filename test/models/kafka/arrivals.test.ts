/**
 * ArrivalProcess: constant counts are exact however the time is cut into intervals, rate steps
 * switch at their times, Poisson counts have the right mean, and timeForUs.
 */
import { describe, expect, it } from 'vitest';
import { Simulation } from '../../../sim/engine/index.ts';
import { ArrivalProcess, type RateStep } from '../../../sim/models/kafka/arrivals.ts';

function arrivals(steps: RateStep[], poisson = false, seed = 1): ArrivalProcess {
  return new ArrivalProcess(steps, poisson, new Simulation({ seed }).stream('producer/p1'));
}

/** count() summed over random intervals covering [0, totalUs). */
function countInPieces(process: ArrivalProcess, totalUs: number, seed: number): number {
  const random = new Simulation({ seed }).stream('pieces');
  let sum = 0;
  let fromUs = 0;
  while (fromUs < totalUs) {
    const toUs = Math.min(totalUs, fromUs + random.integer(1, 20_000));
    sum += process.count(fromUs, toUs);
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
    expect(process.count(0, totalUs)).toBe(want);
  });

  // Regression test for a fixed bug: cumulative() multiplies a float rate by microseconds and
  // divides by 1e6; for 0.29/s over 100 s that is 28.999999999999996, so count() floors to 28 and a
  // record never arrives (1.13/s over 100 s gives 112).
  it.each([
    [0.29, 100_000_000, 29],
    [1.13, 100_000_000, 113],
  ])('at %d/s over %i µs exactly %i records arrive (float residue)', (rate, totalUs, want) => {
    const process = arrivals([{ atUs: 0, recordsPerSec: rate }]);
    expect(process.count(0, totalUs)).toBe(want);
  });

  it('count() of an empty or reversed interval is 0', () => {
    const process = arrivals([{ atUs: 0, recordsPerSec: 1e6 }]);
    expect([process.count(5, 5), process.count(9, 5)]).toEqual([0, 0]);
  });

  it('timeForUs() is the time for n records at the current rate, rounded up', () => {
    const process = arrivals([
      { atUs: 0, recordsPerSec: 3 },
      { atUs: 1_000_000, recordsPerSec: 0 },
    ]);
    expect(process.timeForUs(0, 1)).toBe(333_334);
    expect(process.timeForUs(0, 3)).toBe(1_000_000);
    expect(process.timeForUs(1_000_000, 1)).toBe(Infinity);
  });

  it('the first step must start at 0', () => {
    expect(() => arrivals([{ atUs: 5, recordsPerSec: 1 }])).toThrow(/first step must start at 0/);
    expect(() => arrivals([])).toThrow(/no rate/);
  });
});

describe('ArrivalProcess steps', () => {
  const process = arrivals([
    { atUs: 0, recordsPerSec: 1000 },
    { atUs: 2_000_000, recordsPerSec: 0 },
    { atUs: 3_000_000, recordsPerSec: 5000 },
  ]);

  it('rateAt() switches at each step time', () => {
    expect(
      [0, 1_999_999, 2_000_000, 2_999_999, 3_000_000, 9e9].map((t) => process.rateAt(t)),
    ).toEqual([1000, 1000, 0, 0, 5000, 5000]);
  });

  it('cumulative() integrates the steps exactly', () => {
    expect(process.cumulative(1_000_000)).toBe(1000);
    expect(process.cumulative(2_500_000)).toBe(2000);
    expect(process.cumulative(4_000_000)).toBe(7000);
    expect(process.count(1_500_000, 3_200_000)).toBe(500 + 1000);
    expect(countInPieces(process, 5_000_000, 8)).toBe(12_000);
  });
});

describe('ArrivalProcess Poisson', () => {
  it('count() has the mean of the rate: 100/s over 1000 intervals of 100 ms', () => {
    const process = arrivals([{ atUs: 0, recordsPerSec: 100 }], true, 42);
    expect(process.poisson).toBe(true);
    let sum = 0;
    let sumSquares = 0;
    const intervals = 1000;
    for (let index = 0; index < intervals; index++) {
      const count = process.count(index * 100_000, (index + 1) * 100_000);
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

  it('count() with a large mean (PTRS branch) stays near it', () => {
    const process = arrivals([{ atUs: 0, recordsPerSec: 10_000 }], true, 7);
    let sum = 0;
    for (let index = 0; index < 200; index++) {
      sum += process.count(index * 100_000, (index + 1) * 100_000);
    }
    // Mean 1000 per interval, standard error of the total sqrt(200 000) = 447.
    expect(Math.abs(sum - 200_000)).toBeLessThan(2500);
  });

  it('the same seed gives the same counts', () => {
    const draw = () => {
      const process = arrivals([{ atUs: 0, recordsPerSec: 50 }], true, 9);
      return [0, 1, 2, 3].map((i) => process.count(i * 1_000_000, (i + 1) * 1_000_000));
    };
    expect(draw()).toEqual(draw());
  });
});
