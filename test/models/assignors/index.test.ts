/** Table tests for the assignor surface: names, the rebalance protocol, moved partitions. */
import { describe, expect, it } from 'vitest';
import {
  partitionsMoved,
  rebalanceProtocolFor,
  strategyFromKafkaName,
} from '../../../sim/models/kafka/assignors/index.ts';
import { tp } from './helpers.ts';

describe('assignors index', () => {
  it.each([
    ['org.apache.kafka.clients.consumer.RangeAssignor', 'range'],
    ['org.apache.kafka.clients.consumer.RoundRobinAssignor', 'roundrobin'],
    ['org.apache.kafka.clients.consumer.StickyAssignor', 'sticky'],
    ['org.apache.kafka.clients.consumer.CooperativeStickyAssignor', 'cooperative-sticky'],
    ['cooperative-sticky', 'cooperative-sticky'],
    ['uniform', 'uniform'],
    ['org.apache.kafka.coordinator.group.assignor.RangeAssignor', 'server-range'],
    ['com.example.Custom', undefined],
  ])('strategyFromKafkaName(%s) = %s', (name, expected) => {
    expect(strategyFromKafkaName(name)).toBe(expected);
  });

  it('rebalanceProtocolFor: the default [range, cooperative-sticky] is eager', () => {
    expect(rebalanceProtocolFor(['range', 'cooperative-sticky'])).toBe('eager');
    expect(rebalanceProtocolFor(['cooperative-sticky'])).toBe('cooperative');
    expect(rebalanceProtocolFor(['sticky'])).toBe('eager');
    expect(rebalanceProtocolFor([])).toBe('eager');
  });

  it('partitionsMoved lists changed owners, including newly assigned and dropped partitions', () => {
    const before = { a: [tp('t', 0), tp('t', 1)], b: [tp('t', 2)] };
    const after = { a: [tp('t', 0)], b: [tp('t', 2), tp('t', 1)], c: [tp('u', 0)] };
    expect(partitionsMoved(before, after)).toEqual([
      { partition: tp('t', 1), from: 'a', to: 'b' },
      { partition: tp('u', 0), from: undefined, to: 'c' },
    ]);
    expect(partitionsMoved(after, before)).toEqual([
      { partition: tp('t', 1), from: 'b', to: 'a' },
      { partition: tp('u', 0), from: 'c', to: undefined },
    ]);
  });
});
