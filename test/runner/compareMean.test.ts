/** The mean summary of a variant's runs (sim/runner/compareMean.ts): bottlenecks merged. */
import { describe, expect, it } from 'vitest';
import { meanSummary } from '../../sim/runner/compareMean.ts';
import type { Bottleneck } from '../../sim/trace/types.ts';
import { runSummary } from '../report/fixtures.ts';

const period = (busyRatio: number, fromMs: number, toMs: number): Bottleneck => ({
  kind: 'mechanism',
  resource: 'produce latency/accumulator (linger.ms, batching)',
  busyRatio,
  fromMs,
  toMs,
});

describe('meanSummary bottlenecks', () => {
  it('counts a resource once per run (its highest period), averages over runs', () => {
    const first = {
      ...runSummary(),
      bottlenecks: [period(0.9, 5_000, 8_000), period(0.95, 9_000, 20_000)],
    };
    const second = { ...runSummary(), seed: 8, bottlenecks: [period(0.8, 6_000, 7_000)] };
    const third = { ...runSummary(), seed: 9, bottlenecks: [] };
    const [merged] = meanSummary([first, second, third]).bottlenecks;
    expect(merged).toEqual({ ...period((0.95 + 0.8) / 3, 5_000, 20_000), busyRatio: 0.583333 });
  });

  it('never gives a mean busy ratio above 1', () => {
    const many = Array.from({ length: 5 }, (_, index) =>
      period(1, index * 1_000, index * 1_000 + 900),
    );
    const runs = [1, 2].map((seed) => ({ ...runSummary(), seed, bottlenecks: many }));
    expect(meanSummary(runs).bottlenecks[0]?.busyRatio).toBe(1);
  });
});
