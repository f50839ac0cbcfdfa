/**
 * Rack-aware RangeAssignor (KIP-881) cases ported from apache/kafka RangeAssignorTest
 * (testRackAwareAssignmentWith*), with AbstractPartitionAssignorTest's fixtures: brokers i with
 * racks racks(n)[i], partition i of a topic on brokers (i + j + offset) mod brokers for replica j,
 * offset the partitions of the topics before it (in the test's insertion order), members
 * "consumer<i>" with the listed racks. Expected lists are Kafka's, compared sorted as strings
 * (verifyRackAssignment's toSortedString), with Kafka's count of partitions off the member's rack.
 */
import { describe, expect, it } from 'vitest';
import { assign } from '../../../sim/models/kafka/assignors/index.ts';
import { member, partitionRacks, racks } from './helpers.ts';

function verify(
  topics: Record<string, number>,
  replicationFactor: number,
  brokerRacks: Array<string | null>,
  consumerRacks: Array<string | null>,
  consumerTopics: string[][],
  expected: string[],
  mismatched: number,
): void {
  const racksOf = partitionRacks(topics, replicationFactor, brokerRacks);
  const members = consumerTopics.map((subscribed, i) =>
    member(`consumer${i}`, subscribed, { rack: consumerRacks[i] as string }),
  );
  const result = assign('range', { topics, members, partitionRacks: racksOf });
  const text = (list: Array<[string, number]>) =>
    list
      .map(([topic, p]) => `${topic}-${p}`)
      .sort()
      .join(', ');
  expect(members.map((m) => text(result[m.memberId] ?? []))).toEqual(expected);
  if (mismatched < 0) return;
  let count = 0;
  members.forEach((m, i) => {
    for (const [topic, p] of result[m.memberId] ?? []) {
      if (!(racksOf[topic]?.[p] ?? []).includes(consumerRacks[i] as string)) count++;
    }
  });
  expect(count).toBe(mismatched);
}

const ALL3 = ['t1', 't2', 't3'];

describe('rack-aware range assignor (RangeAssignorTest)', () => {
  it('testRackAwareAssignmentWithUniformSubscription', () => {
    const topics = { t1: 6, t2: 7, t3: 2 };
    const subs = [ALL3, ALL3, ALL3];
    verify(
      topics,
      1,
      racks(3),
      racks(3),
      subs,
      [
        't1-0, t1-3, t2-0, t2-3, t2-6',
        't1-1, t1-4, t2-1, t2-4, t3-0',
        't1-2, t1-5, t2-2, t2-5, t3-1',
      ],
      0,
    );
    verify(
      topics,
      2,
      racks(3),
      racks(3),
      subs,
      [
        't1-0, t1-2, t2-0, t2-2, t2-3, t3-1',
        't1-1, t1-3, t2-1, t2-4, t3-0',
        't1-4, t1-5, t2-5, t2-6',
      ],
      1,
    );
    verify(
      topics,
      3,
      racks(2),
      racks(3),
      subs,
      [
        't1-0, t1-1, t2-0, t2-1, t2-2, t3-0',
        't1-2, t1-3, t2-3, t2-4, t3-1',
        't1-4, t1-5, t2-5, t2-6',
      ],
      4,
    );
  });

  it('testRackAwareAssignmentWithNonEqualSubscription', () => {
    const topics = { t1: 6, t2: 7, t3: 2 };
    const subs = [ALL3, ALL3, ['t1', 't3']];
    verify(
      topics,
      1,
      racks(3),
      racks(3),
      subs,
      [
        't1-0, t1-3, t2-0, t2-2, t2-3, t2-6',
        't1-1, t1-4, t2-1, t2-4, t2-5, t3-0',
        't1-2, t1-5, t3-1',
      ],
      2,
    );
    verify(
      topics,
      2,
      racks(3),
      racks(3),
      subs,
      [
        't1-0, t1-2, t2-0, t2-2, t2-3, t2-5, t3-1',
        't1-1, t1-3, t2-1, t2-4, t2-6, t3-0',
        't1-4, t1-5',
      ],
      0,
    );
    verify(
      topics,
      3,
      racks(2),
      racks(3),
      subs,
      [
        't1-0, t1-1, t2-0, t2-1, t2-2, t2-3, t3-0',
        't1-2, t1-3, t2-4, t2-5, t2-6, t3-1',
        't1-4, t1-5',
      ],
      2,
    );
  });

  it('testRackAwareAssignmentWithUniformPartitions: co-partitioning comes first', () => {
    const topics = { t1: 5, t2: 5, t3: 5 };
    const subs = [ALL3, ALL3, ALL3];
    const plain = [
      't1-0, t1-1, t2-0, t2-1, t3-0, t3-1',
      't1-2, t1-3, t2-2, t2-3, t3-2, t3-3',
      't1-4, t2-4, t3-4',
    ];
    verify(topics, 1, racks(3), racks(3), subs, plain, 10);
    verify(topics, 2, racks(3), racks(3), subs, plain, 5);
    verify(topics, 3, racks(2), racks(3), subs, plain, 3);
  });

  it('testRackAwareAssignmentWithUniformPartitionsNonEqualSubscription', () => {
    const topics = { t1: 5, t2: 5, t3: 5 };
    const subs = [ALL3, ALL3, ['t1', 't3']];
    verify(
      topics,
      1,
      racks(3),
      racks(3),
      subs,
      [
        't1-0, t1-1, t2-0, t2-1, t2-4, t3-0, t3-1',
        't1-2, t1-3, t2-2, t2-3, t3-2, t3-3',
        't1-4, t3-4',
      ],
      9,
    );
    verify(
      topics,
      2,
      racks(3),
      racks(3),
      subs,
      [
        't1-2, t2-0, t2-1, t2-3, t3-2',
        't1-0, t1-3, t2-2, t2-4, t3-0, t3-3',
        't1-1, t1-4, t3-1, t3-4',
      ],
      0,
    );
    verify(
      topics,
      3,
      racks(2),
      racks(3),
      subs,
      [
        't1-0, t1-1, t2-0, t2-1, t2-2, t3-0, t3-1',
        't1-2, t1-3, t2-3, t2-4, t3-2, t3-3',
        't1-4, t3-4',
      ],
      2,
    );
  });

  it('testRackAwareAssignmentWithCoPartitioning', () => {
    const topics = { t1: 6, t2: 6, t3: 2, t4: 2 };
    const consumerRacks = ['a', 'b', 'b', 'a'];
    let subs = [
      ['t1', 't2'],
      ['t1', 't2'],
      ['t3', 't4'],
      ['t3', 't4'],
    ];
    let plain = [
      't1-0, t1-1, t1-2, t2-0, t2-1, t2-2',
      't1-3, t1-4, t1-5, t2-3, t2-4, t2-5',
      't3-0, t4-0',
      't3-1, t4-1',
    ];
    verify(topics, 3, racks(2), consumerRacks, subs, plain, -1);
    verify(topics, 2, racks(2), consumerRacks, subs, plain, 0);
    verify(
      topics,
      1,
      racks(2),
      consumerRacks,
      subs,
      [
        't1-0, t1-2, t1-4, t2-0, t2-2, t2-4',
        't1-1, t1-3, t1-5, t2-1, t2-3, t2-5',
        't3-1, t4-1',
        't3-0, t4-0',
      ],
      0,
    );
    const all = ['t1', 't2', 't3', 't4'];
    subs = [all, all, all, all];
    plain = [
      't1-0, t1-1, t2-0, t2-1, t3-0, t4-0',
      't1-2, t1-3, t2-2, t2-3, t3-1, t4-1',
      't1-4, t2-4',
      't1-5, t2-5',
    ];
    verify(topics, 3, racks(2), consumerRacks, subs, plain, -1);
    verify(topics, 2, racks(2), consumerRacks, subs, plain, 0);
    verify(
      topics,
      1,
      racks(2),
      consumerRacks,
      subs,
      [
        't1-0, t1-2, t2-0, t2-2, t3-0, t4-0',
        't1-1, t1-3, t2-1, t2-3, t3-1, t4-1',
        't1-5, t2-5',
        't1-4, t2-4',
      ],
      0,
    );
    verify(
      topics,
      1,
      racks(3),
      consumerRacks,
      subs,
      [
        't1-0, t1-3, t2-0, t2-3, t3-0, t4-0',
        't1-1, t1-4, t2-1, t2-4, t3-1, t4-1',
        't1-2, t2-2',
        't1-5, t2-5',
      ],
      6,
    );
  });
});
