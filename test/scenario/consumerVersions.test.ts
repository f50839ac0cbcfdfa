import { describe, expect, it } from 'vitest';
import { parseScenarioText } from '../../sim/scenario/load.ts';

function messages(version: string, consumerConfig: string): string[] {
  const text = [
    `kafkaVersion: "${version}"`,
    'topics: [{ name: t }]',
    `consumers: [{ group: g, topics: [t], config: { ${consumerConfig} } }]`,
  ].join('\n');
  const result = parseScenarioText(text, 'v.yaml');
  return result.ok ? [] : result.errors.map((error) => `${error.path}: ${error.message}`);
}

const COOPERATIVE = 'partition.assignment.strategy: cooperative-sticky';

describe('consumer features a kafkaVersion predates', () => {
  it('0.8 has no group coordinator: a consumer block is an error naming it', () => {
    expect(messages('0.8', '')).toEqual([
      'consumers[0]: consumer groups need Kafka 0.9 or later: the group coordinator came with' +
        " the new consumer (0.8's consumers rebalance through ZooKeeper, not modelled);" +
        ' kafkaVersion is 0.8',
    ]);
    expect(messages('0.9', '')).toEqual([]);
  });

  it('each assignor and static membership from the version that brought it', () => {
    const strategy = 'consumers[0].config.partition.assignment.strategy';
    expect(messages('0.10', 'partition.assignment.strategy: sticky')).toEqual([
      `${strategy}: StickyAssignor needs Kafka 0.11 or later (KIP-54); kafkaVersion is 0.10`,
    ]);
    expect(messages('0.11', 'partition.assignment.strategy: sticky')).toEqual([]);
    expect(messages('2.3', COOPERATIVE)).toEqual([
      `${strategy}: CooperativeStickyAssignor needs Kafka 2.4 or later (KIP-429);` +
        ' kafkaVersion is 2.3',
    ]);
    expect(messages('2.4', COOPERATIVE)).toEqual([]);
    expect(messages('2.2', 'group.instance.id: app')).toEqual([
      'consumers[0].config.group.instance.id: group.instance.id (static membership) needs' +
        ' Kafka 2.3 or later (KIP-345); kafkaVersion is 2.2',
    ]);
    expect(messages('2.3', 'group.instance.id: app')).toEqual([]);
  });
});
