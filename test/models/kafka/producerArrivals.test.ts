/**
 * Sparse producers: a record's latency starts when send() is called, and with linger.ms shorter
 * than the gap between records Kafka's sender sends it at once. The simulator counts arrivals
 * lazily, so it must still know when each window's records arrived and wake the sender at the
 * next record's arrival: a record must not wait for a wake-up planned from the mean gap, nor be
 * stamped earlier than it arrived. Regression test for a fixed bug: at 100 records/s to one
 * partition with linger.ms 0 the p50 was 5.25 ms (half the 10 ms gap), where the request's own
 * round trip is ~0.25 ms.
 */
import { describe, expect, it } from 'vitest';
import { simulateText } from './consumerHarness.ts';

function produceLatency(
  producer: string,
  partitions = 1,
  kafkaVersion = '4.0',
): { p50: number; p99: number } {
  const text = [
    'name: sparse',
    `kafkaVersion: "${kafkaVersion}"`,
    'seed: 1',
    'duration: 12s',
    'warmup: 2s',
    'topics:',
    `  - { name: t, partitions: ${partitions}, replicationFactor: 3 }`,
    'producers:',
    `  - { name: p, topic: t, recordSize: 100B, ${producer} }`,
  ].join('\n');
  const { latencyMs } = simulateText(text, 'sparse.yaml').summary.produce;
  return { p50: latencyMs.p50, p99: latencyMs.p99 };
}

/** The same producer at a rate high enough that every record finds the sender awake. */
const dense = produceLatency('rate: 20000/s, config: { acks: 1, linger.ms: 0 }');

describe('sparse producers send each record when it arrives (linger.ms 0)', () => {
  it.each([
    ['constant, one partition', 'rate: 100/s', 1, '4.0'],
    ['Poisson, one partition', 'rate: 100/s, arrivals: poisson', 1, '4.0'],
    [
      'keyed, 30 partitions',
      'rate: 3000/s, keys: { count: 1000, distribution: uniform }',
      30,
      '4.0',
    ],
    ['round-robin (2.3), 30 partitions', 'rate: 3000/s', 30, '2.3'],
  ])('%s: p50 and p99 within 0.1 ms of a dense producer’s p50', (_, rate, partitions, version) => {
    const config = 'config: { acks: 1, linger.ms: 0 }';
    const { p50, p99 } = produceLatency(`${rate}, ${config}`, partitions, version);
    expect(p50).toBeLessThan(dense.p50 + 0.1);
    expect(p99).toBeLessThan(dense.p50 + 0.1);
  });

  it('with linger.ms 20 and 10 ms between records, the batch waits 20 ms from its first', () => {
    const { p50, p99 } = produceLatency('rate: 100/s, config: { acks: 1, linger.ms: 20 }');
    // Three records per batch: created 20, 10 and 0 ms before it leaves.
    expect(p50).toBeGreaterThan(dense.p50 + 9.9);
    expect(p50).toBeLessThan(dense.p50 + 10.1);
    expect(p99).toBeLessThan(dense.p50 + 20.1);
    expect(p99).toBeGreaterThan(dense.p50 + 19.9);
  });
});
