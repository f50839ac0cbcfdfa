import { describe, expect, it } from 'vitest';
import { meanInterval, studentT975 } from '../../sim/metrics/confidence.ts';
import { dominates, paretoFront } from '../../sim/metrics/pareto.ts';

describe('studentT975', () => {
  it.each([
    [1, 12.7062],
    [4, 2.7764],
    [30, 2.0423],
    [31, 2.0395],
    [60, 2.0003],
    [100, 1.984],
    [1000, 1.9623],
  ])('studentT975(%i) is the 0.975 quantile of t (%f)', (df, expected) => {
    expect(studentT975(df)).toBeCloseTo(expected, 3);
  });

  it('studentT975() rejects a degree of freedom that is not a positive integer', () => {
    expect(() => studentT975(0)).toThrow(/positive integer/);
    expect(() => studentT975(2.5)).toThrow(/positive integer/);
  });
});

describe('meanInterval', () => {
  it('meanInterval([1..5]) matches the hand computation t(4) * s / sqrt(5)', () => {
    // mean 3; s² = (4 + 1 + 0 + 1 + 4) / 4 = 2.5; s = 1.58114; t(0.975, 4) = 2.77645;
    // half-width = 2.77645 * 1.58114 / 2.23607 = 1.96324.
    const interval = meanInterval([1, 2, 3, 4, 5]);
    expect(interval.mean).toBe(3);
    expect(interval.standardDeviation).toBeCloseTo(1.58114, 5);
    expect(interval.halfWidth95).toBeCloseTo(1.96324, 5);
  });

  it('meanInterval() of two values is t(1) * |a - b| / 2', () => {
    // s = |10 - 12| / sqrt(2), half-width = 12.7062 * s / sqrt(2) = 12.7062.
    expect(meanInterval([10, 12]).halfWidth95).toBeCloseTo(12.7062, 4);
  });

  it('meanInterval() of one value has no interval, and equal values a zero one', () => {
    expect(meanInterval([7])).toEqual({
      count: 1,
      mean: 7,
      standardDeviation: 0,
      halfWidth95: null,
    });
    expect(meanInterval([4, 4, 4]).halfWidth95).toBe(0);
    expect(() => meanInterval([])).toThrow(/no values/);
  });
});

describe('paretoFront', () => {
  const directions = ['higher', 'lower', 'lower'] as const;

  it('dominates() needs at least as good everywhere and better somewhere', () => {
    expect(dominates([10, 5, 0], [10, 5, 0], directions)).toBe(false);
    expect(dominates([10, 4, 0], [10, 5, 0], directions)).toBe(true);
    expect(dominates([11, 6, 0], [10, 5, 0], directions)).toBe(false);
  });

  it('paretoFront() keeps the options nothing beats on throughput, p99 and loss', () => {
    const points = [
      [100, 5, 0], // fast and safe
      [120, 4, 30], // faster, but loses records
      [90, 6, 0], // worse than the first everywhere
      [100, 5, 0], // a tie with the first: both stay
    ];
    expect(paretoFront(points, directions)).toEqual([true, true, false, true]);
  });
});
