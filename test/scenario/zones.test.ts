import { describe, expect, it } from 'vitest';
import { formatScenarioErrors, parseScenarioText } from '../../sim/scenario/load.ts';
import type { ResolvedScenario } from '../../sim/scenario/types.ts';
import { scenarioFromText } from '../models/kafka/consumerHarness.ts';

const resolve = (text: string): ResolvedScenario => scenarioFromText(text, 'z.yaml');

const SIX_BROKERS = [
  'network: { zones: [a, b, c]RACKS }',
  'cluster: { brokers: 6 }',
  'topics:',
  '  - name: t',
  '    partitions: 12',
  '    replicationFactor: 3',
].join('\n');

describe('zones and racks in the scenario', () => {
  it('places replicas across racks only when brokers have racks (broker.rack)', () => {
    const zoneOf = ['a', 'b', 'c', 'a', 'b', 'c'];
    const zonesPerPartition = (s: ResolvedScenario) =>
      (s.topics[0]?.replicas ?? []).map((row) => new Set(row.map((b) => zoneOf[b])).size);
    const unaware = resolve(SIX_BROKERS.replace('RACKS', ''));
    const aware = resolve(SIX_BROKERS.replace('RACKS', ', racks: true'));
    expect(unaware.network.brokerRacks).toBeNull();
    expect(aware.network.brokerRacks).toEqual(zoneOf);
    // Rack-unaware placement puts two replicas of some partitions in one zone.
    expect(Math.min(...zonesPerPartition(unaware))).toBe(2);
    expect(zonesPerPartition(aware)).toEqual(Array(12).fill(3));
    expect(aware.provenance['network.racks']).toBe('file');
  });

  it('spreads a client block over the zones it names, in order', () => {
    const s = resolve(
      [
        'network: { zones: [a, b, c] }',
        'topics: [{ name: t }]',
        'producers:',
        '  - { name: p, topic: t, count: 4, zone: [b, c] }',
        '  - { name: q, topic: t }',
        'consumers:',
        '  - { group: g, topics: [t], count: 2, zone: c }',
      ].join('\n'),
    );
    expect(s.producers.map((p) => p.zones)).toEqual([['b', 'c'], ['a']]);
    expect(s.consumers[0]?.zones).toEqual(['c']);
  });

  it('names the file, line and field of an unknown zone, all at once', () => {
    const text = [
      'network: { zones: [a, b] }',
      'topics: [{ name: t }]',
      'producers:',
      '  - name: p',
      '    topic: t',
      '    zone: [a, x]',
      'consumers:',
      '  - group: g',
      '    topics: [t]',
      '    zone: y',
    ].join('\n');
    const result = parseScenarioText(text, 'z.yaml', { sets: [] });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(formatScenarioErrors(result.errors).split('\n')).toEqual([
      'z.yaml:6:15 producers[0].zone[1]: unknown zone "x" (network.zones: a, b)',
      'z.yaml:10:11 consumers[0].zone: unknown zone "y" (network.zones: a, b)',
    ]);
  });
});

describe('replica.selector.class', () => {
  const errorsOf = (version: string, selector: string) => {
    const text = [
      `kafkaVersion: "${version}"`,
      `cluster: { config: { replica.selector.class: ${selector} } }`,
      'topics: [{ name: t }]',
    ].join('\n');
    const result = parseScenarioText(text, 's.yaml', { sets: [] });
    return result.ok ? '' : formatScenarioErrors(result.errors);
  };
  const selector = 'org.apache.kafka.common.replica.RackAwareReplicaSelector';

  it("takes Kafka's built-in selector from 2.4 and names the field otherwise", () => {
    expect(errorsOf('3.9', selector)).toBe('');
    expect(errorsOf('3.9', 'RackAware')).toBe(
      `s.yaml:2:46 cluster.config.replica.selector.class: expected ${selector}` +
        " (Kafka's built-in selector) or null",
    );
    expect(errorsOf('2.3', selector)).toBe(
      's.yaml:2:46 cluster.config.replica.selector.class: replica.selector.class needs Kafka' +
        ' 2.4 or later (KIP-392); kafkaVersion is 2.3',
    );
  });
});
