import { describe, expect, it } from 'vitest';
import { groupStartWarnings, producersDoneWarnings } from '../../sim/runner/windowWarnings.ts';
import type { RebalanceSummary } from '../../sim/trace/types.ts';

function rebalance(group: string, startMs: number, endMs: number): RebalanceSummary {
  return {
    group,
    trigger: `${group}-0 joined`,
    protocol: 'eager',
    startMs,
    endMs,
    pausedPartitionMs: 0,
    partitionsMoved: 0,
  };
}

describe('groupStartWarnings', () => {
  it('names a group whose first assignment came after the warmup, and the warmup that fits', () => {
    const warnings = groupStartWarnings(
      new Map([['billing', [rebalance('billing', 101, 6101), rebalance('billing', 9000, 9500)]]]),
      5000,
      30000,
    );
    expect(warnings).toEqual([
      'group billing got its first assignment at 6.101 s, 1.101 s after the warmup ended:' +
        ' its records/s are averaged over that time too (warmup: 8s leaves it out)',
    ]);
  });

  it('says nothing of a group assigned within the warmup, joined later, or never assigned', () => {
    const warnings = groupStartWarnings(
      new Map([
        ['early', [rebalance('early', 100, 3100)]],
        ['later', [rebalance('later', 12000, 15000)]],
        ['never', [rebalance('never', 100, 30000)]],
        ['none', []],
      ]),
      5000,
      30000,
    );
    expect(warnings).toEqual([]);
  });
});

describe('producersDoneWarnings', () => {
  it('names a block whose clients all finished before the warmup ended, no other', () => {
    const warnings = producersDoneWarnings(
      [
        { name: 'loader', finishedAtUs: [402_000, 398_000] },
        { name: 'late', finishedAtUs: [402_000, 6_000_000] },
        { name: 'running', finishedAtUs: [402_000, -1] },
        { name: 'steady', finishedAtUs: [-1] },
      ],
      5_000_000,
    );
    expect(warnings).toEqual([
      'producer loader had all its records acknowledged by 0.402 s, before the warmup ended' +
        ' (5 s): its rates and latencies are 0 (warmup: 0s counts them)',
    ]);
  });
});
