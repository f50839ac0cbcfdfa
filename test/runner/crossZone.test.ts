import { describe, expect, it } from 'vitest';
import { simulateText } from '../models/kafka/consumerHarness.ts';

function scenario(lines: { network: string; brokers: number; clients: string }): string {
  return [
    'duration: 6s',
    'warmup: 2s',
    `network: ${lines.network}`,
    `cluster: { brokers: ${lines.brokers} }`,
    'topics:',
    '  - { name: t, partitions: 12, replicationFactor: 3 }',
    'producers:',
    '  - name: p',
    '    topic: t',
    '    rate: 20000/s',
    '    recordSize: 1KiB',
    '    config: { acks: 1 }',
    lines.clients,
  ].join('\n');
}

/** Cross-zone bytes per second of each kind, as a share of the bytes produced (consumed). */
function shares(text: string) {
  const summary = simulateText(text, 'cross-zone.yaml').summary;
  const network = summary.network;
  if (network === undefined) throw new Error('no network summary');
  const produced = summary.produce.bytesPerSec;
  return {
    produce: network.crossZone.produceBytesPerSec / produced,
    replication: network.crossZone.replicationBytesPerSec / produced,
    consume: network.crossZone.consumeBytesPerSec / (summary.consume?.bytesPerSec ?? 1),
    all: network.crossZoneBytesPerSec,
  };
}

describe('cross-zone traffic in the summary', () => {
  it('is zero in one zone', () => {
    const s = shares(scenario({ network: '{ zones: [a] }', brokers: 3, clients: '' }));
    expect(s.all).toBe(0);
  });

  it('counts produce to other zones, replication to followers and consumer fetches', () => {
    const consumer = 'consumers:\n  - { group: g, topics: [t], zone: b, startAt: earliest }';
    // Brokers in a, b, c; the producer in a (the first zone), the consumer in b.
    const s = shares(scenario({ network: '{ zones: [a, b, c] }', brokers: 3, clients: consumer }));
    // Two thirds of the leaders are in other zones than the producer's and the consumer's.
    expect(s.produce).toBeGreaterThan(0.64);
    expect(s.produce).toBeLessThan(0.7);
    expect(s.consume).toBeGreaterThan(0.6);
    expect(s.consume).toBeLessThan(0.72);
    // RF 3 over three zones: every byte goes to two followers in other zones.
    expect(s.replication).toBeGreaterThan(1.97);
    expect(s.replication).toBeLessThan(2.1);
  });

  it('replicates across zones only as much as the placement spreads replicas (broker.rack)', () => {
    const six = (racks: string) =>
      shares(scenario({ network: `{ zones: [a, b, c]${racks} }`, brokers: 6, clients: '' }));
    const aware = six(', racks: true');
    const unaware = six('');
    expect(aware.replication).toBeGreaterThan(1.97);
    // Rack-unaware placement keeps some followers in their leader's zone.
    expect(unaware.replication).toBeLessThan(1.9);
  });
});

describe('rack warnings', () => {
  const text = (racks: boolean, rf: number, selector = '') =>
    [
      'duration: 1s',
      `network: { zones: [a, b, c], racks: ${racks} }`,
      `cluster: { brokers: 3${selector} }`,
      `topics: [{ name: t, partitions: 3, replicationFactor: ${rf} }]`,
      'consumers: [{ group: g, topics: [t], zone: b }]',
    ].join('\n');
  const warnings = (body: string) =>
    simulateText(body, 'racks.yaml').summary.warnings.filter((w) => /rack/.test(w));

  it('says nothing of rack-aware assignment (KIP-881): every client-side assignor has it', () => {
    const sticky = (body: string) =>
      body.replace(
        'zone: b }]',
        'zone: b, config: { partition.assignment.strategy: ' +
          'org.apache.kafka.clients.consumer.CooperativeStickyAssignor } }]',
      );
    expect(warnings(sticky(text(true, 3)))).toEqual([]);
    // Some partitions lack a replica in some rack: Kafka 3.5+ assigns rack-aware, and so do we.
    expect(warnings(sticky(text(true, 2)))).toEqual([]);
    expect(warnings(sticky(text(false, 2)))).toEqual([]);
    expect(warnings(text(true, 2))).toEqual([]);
  });

  it('says when a replica selector has no racks to work with', () => {
    const selector =
      ', config: { replica.selector.class: org.apache.kafka.common.replica.RackAwareReplicaSelector }';
    expect(warnings(text(false, 3, selector))).toEqual([
      expect.stringContaining(
        'replica.selector.class is set but brokers and consumers have no racks',
      ),
    ]);
  });
});
