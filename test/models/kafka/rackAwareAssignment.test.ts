/**
 * Rack-aware assignment in a running group (KIP-881, Kafka 3.5+): with broker racks
 * (network.racks: true) and RF 2 over three zones, some partitions have no replica in a
 * consumer's zone; the group leader's range, sticky or cooperative-sticky assignor gives each
 * member partitions with a replica in its zone. Before 3.5 the subscription carries no rack and
 * the assignment is plain.
 */
import { describe, expect, it } from 'vitest';
import { simulateText } from './consumerHarness.ts';

function offRack(kafkaVersion: string, assignor = '', placement = 'zone: [a, b, c]'): number {
  const config =
    assignor === ''
      ? ''
      : `, config: { partition.assignment.strategy: org.apache.kafka.clients.consumer.${assignor} }`;
  const text = [
    `kafkaVersion: "${kafkaVersion}"`,
    'duration: 8s',
    'network: { zones: [a, b, c], racks: true }',
    'cluster: { brokers: 3 }',
    'topics: [{ name: t, partitions: 6, replicationFactor: 2 }]',
    'producers: [{ name: p, topic: t, rate: 1000/s }]',
    `consumers: [{ group: g, count: 3, ${placement}, topics: [t]${config} }]`,
  ].join('\n');
  const { cluster } = simulateText(text, 'rack-aware.yaml');
  const zones = cluster.scenario.network.brokerZones;
  let mismatched = 0;
  let owned = 0;
  for (const consumer of cluster.consumers) {
    const zone = consumer.spec.rackId;
    for (const index of consumer.owned.keys()) {
      owned++;
      const replicas = cluster.catalog.partitions[index]?.replicas ?? [];
      if (!replicas.some((broker) => zones[broker] === zone)) mismatched++;
    }
  }
  expect(owned).toBe(6);
  return mismatched;
}

describe('rack-aware range assignment (KIP-881)', () => {
  it('gives each member partitions with a replica in its zone from Kafka 3.5', () => {
    expect(offRack('3.9')).toBe(0);
    // Plain ranges before 3.5: some member reads a partition with no replica in its zone.
    expect(offRack('3.4')).toBeGreaterThan(0);
  });
});

describe('rack-aware sticky assignment (KIP-881)', () => {
  it.each(['StickyAssignor', 'CooperativeStickyAssignor'])(
    '%s gives each member partitions with a replica in its zone from Kafka 3.5',
    (assignor) => {
      // Zones b, c, a: the plain round-robin puts half the partitions off their member's zone.
      expect(offRack('3.9', assignor, 'zone: [b, c, a]')).toBe(0);
      expect(offRack('3.4', assignor, 'zone: [b, c, a]')).toBe(3);
    },
  );
});
