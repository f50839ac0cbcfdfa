/**
 * The trace's cluster.underMinIsrPartitions series: partitions whose leader has fewer in-sync
 * replicas than min.insync.replicas (capped at RF), where acks=all writes fail.
 */
import { describe, expect, it } from 'vitest';
import { simulate } from '../../sim/runner/run.ts';
import { scenarioFromText } from '../models/kafka/consumerHarness.ts';

describe('cluster.underMinIsrPartitions', () => {
  it('counts every partition while two of three brokers are down, none before or after', () => {
    const text = `name: minisr
duration: 40s
warmup: 2s
kafkaVersion: "3.9"
topics: [{ name: t, partitions: 6, replicationFactor: 3, config: { min.insync.replicas: 2 } }]
producers:
  - { name: p, topic: t, rate: 1000/s, recordSize: 1KiB, config: { acks: all } }
faults:
  - { at: 5s, crash: broker-1, restartAfter: 20s }
  - { at: 5s, crash: broker-2, restartAfter: 20s }
`;
    const { trace, summary } = simulate(scenarioFromText(text, 'minisr.yaml'));
    const column = trace.series.columns['cluster.underMinIsrPartitions'] as number[];
    const times = trace.series.timeUs;
    const at = (seconds: number): number =>
      column[times.findIndex((t) => t >= seconds * 1e6)] ?? -1;
    expect(at(4)).toBe(0);
    // Fenced at ~14 s (session timeout), back in the ISR soon after the restart at 25 s.
    expect(at(20)).toBe(6);
    expect(at(39)).toBe(0);
    expect(summary.availability.underMinIsrPartitionMs).toBeGreaterThan(6 * 9_000);
  });
});
