/**
 * RandomStream: streams are picked by (seed, path) alone, so an unrelated stream never changes
 * another's draws; the variates have the right means; integer() stays in its bounds.
 */
import seedrandom from 'seedrandom';
import { describe, expect, it } from 'vitest';
import { RandomStream, Simulation, stream } from '../../sim/engine/index.ts';

const DRAWS = 100_000;

function draws(source: RandomStream, count: number, draw: (s: RandomStream) => number): number[] {
  const values: number[] = [];
  for (let index = 0; index < count; index++) values.push(draw(source));
  return values;
}

function mean(values: number[]): number {
  let sum = 0;
  for (const value of values) sum += value;
  return sum / values.length;
}

describe('RandomStream', () => {
  it('sim.stream(path) is seedrandom.alea seeded with `${seed}/${path}`', () => {
    const sim = new Simulation({ seed: 7 });
    const reference = seedrandom.alea('7/broker/2/disk');
    const ours = sim.stream('broker/2/disk');
    for (let index = 0; index < 10; index++) expect(ours.uniform()).toBe(reference());
  });

  it('sim.stream(path) with the same seed and path gives identical draws', () => {
    const first = new Simulation({ seed: 3 }).stream('producer/0');
    const second = new Simulation({ seed: 3 }).stream('producer/0');
    const draw = (s: RandomStream) => s.exponentialInt(1000) + s.integer(0, 99) + s.uniform();
    expect(draws(first, 1000, draw)).toEqual(draws(second, 1000, draw));
  });

  it('sim.stream(path) differs between paths and between seeds', () => {
    const uniform = (s: RandomStream) => s.uniform();
    const base = draws(stream(3, 'producer/0'), 100, uniform);
    expect(draws(stream(3, 'producer/1'), 100, uniform)).not.toEqual(base);
    expect(draws(stream(4, 'producer/0'), 100, uniform)).not.toEqual(base);
  });

  it("sim.stream('other') created and drawn from does not change another stream's draws", () => {
    const draw = (s: RandomStream) => s.exponentialInt(500);
    const alone = new Simulation({ seed: 11 });
    const expected = draws(alone.stream('broker/0'), 1000, draw);
    const crowded = new Simulation({ seed: 11 });
    const other = crowded.stream('other');
    draws(other, 37, draw);
    const broker = crowded.stream('broker/0');
    const interleaved: number[] = [];
    for (let index = 0; index < 1000; index++) {
      interleaved.push(draw(broker));
      other.normal(0, 1);
    }
    expect(interleaved).toEqual(expected);
  });

  it('exponential(mean) averages mean over 100k draws', () => {
    const values = draws(stream(1, 'exponential'), DRAWS, (s) => s.exponential(1000));
    expect(mean(values)).toBeGreaterThan(985);
    expect(mean(values)).toBeLessThan(1015);
    expect(Math.min(...values)).toBeGreaterThanOrEqual(0);
    const ints = draws(stream(1, 'exponentialInt'), DRAWS, (s) => s.exponentialInt(1000));
    expect(ints.every(Number.isSafeInteger)).toBe(true);
    expect(Math.abs(mean(ints) - 1000)).toBeLessThan(15);
  });

  it('normal(mean, standardDeviation) has that mean and deviation over 100k draws', () => {
    const values = draws(stream(1, 'normal'), DRAWS, (s) => s.normal(10, 2));
    const average = mean(values);
    const variance = mean(values.map((value) => (value - average) ** 2));
    expect(Math.abs(average - 10)).toBeLessThan(0.05);
    expect(Math.abs(Math.sqrt(variance) - 2)).toBeLessThan(0.05);
    const ints = draws(stream(1, 'normalInt'), DRAWS, (s) => s.normalInt(500, 50));
    expect(ints.every(Number.isSafeInteger)).toBe(true);
    expect(Math.abs(mean(ints) - 500)).toBeLessThan(1);
  });

  it('poisson(lambda) averages lambda over 100k draws, below and above 30', () => {
    for (const lambda of [0.5, 4, 29, 30, 100, 5000]) {
      const values = draws(stream(1, `poisson/${lambda}`), DRAWS, (s) => s.poisson(lambda));
      expect(values.every((value) => Number.isSafeInteger(value) && value >= 0)).toBe(true);
      const average = mean(values);
      const variance = mean(values.map((value) => (value - average) ** 2));
      // Five standard errors of the mean; the variance of a Poisson variate is lambda too.
      expect(Math.abs(average - lambda)).toBeLessThan(5 * Math.sqrt(lambda / DRAWS));
      expect(Math.abs(variance / lambda - 1)).toBeLessThan(0.05);
    }
    expect(stream(1, 'zero').poisson(0)).toBe(0);
  });

  it('lognormal(mu, sigma) averages exp(mu + sigma^2 / 2) over 100k draws', () => {
    const values = draws(stream(1, 'lognormal'), DRAWS, (s) => s.lognormal(1, 0.5));
    expect(Math.abs(mean(values) - 3.0802)).toBeLessThan(0.03); // e^1.125
    const ints = draws(stream(1, 'median'), DRAWS, (s) => s.lognormalIntByMedian(200, 0.3));
    const sorted = Float64Array.from(ints).sort();
    expect(Math.abs((sorted[DRAWS / 2] as number) - 200)).toBeLessThanOrEqual(2);
    expect(stream(1, 'median').lognormalIntByMedian(0, 0.3)).toBe(0);
  });

  it('integer(low, highInclusive) stays in bounds and reaches both ends', () => {
    const values = draws(stream(1, 'integer'), DRAWS, (s) => s.integer(-3, 3));
    const counts = new Map<number, number>();
    for (const value of values) counts.set(value, (counts.get(value) ?? 0) + 1);
    expect([...counts.keys()].sort((a, b) => a - b)).toEqual([-3, -2, -1, 0, 1, 2, 3]);
    for (const count of counts.values()) expect(Math.abs(count / DRAWS - 1 / 7)).toBeLessThan(0.01);
    expect(stream(1, 'one').integer(5, 5)).toBe(5);
    expect(() => stream(1, 'bad').integer(3, 2)).toThrow(/integer\(3, 2\)/);
  });

  it('uniformRange, chance and weightedIndex follow their probabilities', () => {
    const source = stream(1, 'misc');
    const uniforms = draws(source, DRAWS, (s) => s.uniformRange(10, 20));
    expect(Math.min(...uniforms)).toBeGreaterThanOrEqual(10);
    expect(Math.max(...uniforms)).toBeLessThan(20);
    const hits = draws(source, DRAWS, (s) => (s.chance(0.25) ? 1 : 0));
    expect(Math.abs(mean(hits) - 0.25)).toBeLessThan(0.01);
    const weights = [1, 0, 3];
    const picks = draws(source, DRAWS, (s) => s.weightedIndex(weights, 4));
    expect(picks.includes(1)).toBe(false);
    expect(Math.abs(mean(picks.map((pick) => (pick === 2 ? 1 : 0))) - 0.75)).toBeLessThan(0.01);
  });
});
