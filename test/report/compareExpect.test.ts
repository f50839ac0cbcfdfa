/** The failed `expect:` checks listed at the end of compare and merge (sim/report/compareExpect.ts). */
import { describe, expect, it } from 'vitest';
import {
  expectationFailures,
  FAILURES_SHOWN,
  formatExpectationFailures,
} from '../../sim/report/compareExpect.ts';
import type { CompareReportData } from '../../sim/report/compareTypes.ts';
import { runSummary } from './fixtures.ts';

function data(failing: number[]): CompareReportData {
  const runs = Array.from({ length: 30 }, (_, index) => {
    const run = runSummary();
    run.seed = index;
    run.expectations = [
      {
        metric: 'durability.ackedRecordsLost',
        op: 'equals',
        values: [0],
        actual: failing.includes(index) ? 12 : 0,
        pass: !failing.includes(index),
        source: 'x.yaml:9:3',
      },
    ];
    return run;
  });
  return {
    scenario: 'x',
    file: 'x.yaml',
    sets: [],
    axes: [{ path: 'producers.checkout.config.acks', values: ['1'] }],
    seeds: runs.map((run) => run.seed),
    metrics: [],
    variants: [{ set: { 'producers.checkout.config.acks': 1 }, runs, mean: runs[0]!, stats: {} }],
  };
}

describe('formatExpectationFailures', () => {
  it('is empty when every check passed', () => {
    expect(formatExpectationFailures(data([]))).toBe('');
    expect(expectationFailures(data([]))).toEqual({ failed: 0, runs: 30 });
  });

  it('names the variant, seed, check and actual value; at most FAILURES_SHOWN lines', () => {
    const all = Array.from({ length: 25 }, (_, index) => index);
    const text = formatExpectationFailures(data(all));
    const lines = text.trimEnd().split('\n');
    expect(lines[0]).toBe('25 of 30 runs failed an expect: check:');
    expect(lines[1]).toBe(
      '  producers.checkout.config.acks=1, seed 0: durability.ackedRecordsLost expected = 0,' +
        ' actual 12 (x.yaml:9:3)',
    );
    expect(lines).toHaveLength(1 + FAILURES_SHOWN + 1);
    expect(lines.at(-1)).toBe('  ... and 5 more');
  });
});
