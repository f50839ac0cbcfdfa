/**
 * Fetch from the closest replica (KIP-392): with broker racks, consumers' client.rack and
 * RackAwareReplicaSelector, a consumer reads each partition from the replica in its zone, so
 * consumer traffic stops crossing zones, and its end-to-end latency grows by the time a follower
 * takes to learn the high watermark (the next fetch answer that brings it data). Without the
 * selector nothing changes. A consumer whose read replica crashes goes back to the leader.
 */
import { describe, expect, it } from 'vitest';
import type { TraceSummary } from '../../../sim/trace/types.ts';
import { simulateText } from './consumerHarness.ts';

const SELECTOR =
  'cluster: { brokers: 3, config: { replica.selector.class: ' +
  'org.apache.kafka.common.replica.RackAwareReplicaSelector } }';

function run(options: { selector: boolean; faults?: string[] }): TraceSummary {
  const text = [
    'duration: 16s',
    'warmup: 6s',
    'network: { zones: [a, b, c], racks: true }',
    options.selector ? SELECTOR : 'cluster: { brokers: 3 }',
    'topics:',
    '  - { name: t, partitions: 6, replicationFactor: 3, config: { min.insync.replicas: 2 } }',
    'producers:',
    '  - { name: p, topic: t, rate: 6000/s, recordSize: 1KiB, config: { acks: all } }',
    'consumers:',
    '  - { group: g, count: 2, zone: [b, c], topics: [t] }',
    ...(options.faults ?? []),
  ].join('\n');
  return simulateText(text, 'fetch-from-follower.yaml').summary;
}

describe('fetch from the closest replica (KIP-392)', () => {
  it('keeps consumer traffic in the zone and pays for it in end-to-end latency', () => {
    const leaders = run({ selector: false });
    const followers = run({ selector: true });
    const crossZone = (s: TraceSummary) => s.network?.crossZone.consumeBytesPerSec ?? NaN;
    // Leaders are spread over a, b, c: two thirds of the leader reads cross zones.
    expect(crossZone(leaders)).toBeGreaterThan(0.5 * (leaders.consume?.bytesPerSec ?? 0));
    // From followers only the leaders' redirects and metadata cross: under 1 KB/s.
    expect(crossZone(followers)).toBeLessThan(1000);
    expect(followers.consume?.recordsPerSec).toBeCloseTo(leaders.consume?.recordsPerSec ?? 0, -2);
    // A follower learns the high watermark from its next fetch answer with data.
    const p99 = (s: TraceSummary) => s.consume?.endToEndLatencyMs.p99 ?? NaN;
    expect(p99(followers)).toBeGreaterThan(p99(leaders) + 2);
    expect(followers.durability.ackedRecordsLost).toBe(0);
  });

  it('goes back to the leader when the read replica crashes', () => {
    // broker-1 (zone b) serves consumer g-0 (zone b) the partitions it does not lead.
    const summary = run({
      selector: true,
      faults: ['faults:', '  - { at: 8s, crash: broker-1 }'],
    });
    const produced = summary.produce.recordsPerSec;
    // The consumer keeps up: after the crash it reads from the leaders again.
    expect(summary.consume?.recordsPerSec).toBeGreaterThan(0.9 * produced);
    expect(summary.consume?.lagRecordsMax).toBeLessThan(produced);
  });
});
