/**
 * Rack-aware sticky and cooperative-sticky assignment (KIP-881) cases ported from apache/kafka
 * AbstractStickyAssignorTest (testRackAwareAssignmentWith*, run for both assignors as
 * StickyAssignorTest and CooperativeStickyAssignorTest do) and CooperativeStickyAssignorTest
 * (testUniformSubscriptionTransferOwnershipListIsRight), with AbstractPartitionAssignorTest's
 * fixtures as in rangeRackAware.test.ts: brokers i with racks racks(n)[i] (null: no rack),
 * partition i of a topic on brokers (i + j + offset) mod brokers for replica j, offset the
 * partitions of the topics before it, members "consumer<i>" with the listed racks and owned
 * partitions and no generation. `preferRackAwareLogic` is Kafka's test switch, set and cleared
 * where Kafka's tests set and clear it. Expected lists are Kafka's, compared as sorted strings,
 * with Kafka's count of partitions off the member's rack.
 */
import { describe, expect, it } from 'vitest';
import { stickyAssign } from '../../../sim/models/kafka/assignors/abstractSticky.ts';
import { cooperativeStickyAssignDetailed } from '../../../sim/models/kafka/assignors/cooperativeSticky.ts';
import type { AssignmentInput } from '../../../sim/models/kafka/assignors/index.ts';
import { member, nullRacks, parsePartitions, partitionRacks, racks, tp } from './helpers.ts';

type Kind = 'sticky' | 'cooperative-sticky';
type Rack = string | null;

/** The assignor under test with Kafka's mutable preferRackAwareLogic flag. */
interface Assignor {
  kind: Kind;
  preferRackAwareLogic: boolean;
}

function assignPartitions(assignor: Assignor, input: AssignmentInput) {
  const options = { preferRackAwareLogic: assignor.preferRackAwareLogic };
  return assignor.kind === 'sticky'
    ? stickyAssign(input, options)
    : cooperativeStickyAssignDetailed(input, options);
}

/** AbstractPartitionAssignorTest.verifyRackAssignment. */
function verifyRackAssignment(
  assignor: Assignor,
  topics: Record<string, number>,
  replicationFactor: number,
  brokerRacks: Rack[],
  consumerRacks: Rack[],
  consumerTopics: string[][],
  owned: string[] | null,
  expected: string[],
  mismatched: number,
): void {
  const racksOf = partitionRacks(topics, replicationFactor, brokerRacks);
  // The fixture puts owned partitions in the subscription's ownedPartitions, which the eager
  // StickyAssignor ignores (it reads its user data, absent here): for it they own nothing.
  const ownedOf = (i: number) => (assignor.kind === 'sticky' ? '' : (owned?.[i] ?? ''));
  const members = consumerTopics.map((subscribed, i) => {
    const rack = consumerRacks[i] ?? null;
    return member(`consumer${i}`, subscribed, {
      owned: parsePartitions(ownedOf(i)),
      ...(rack === null ? {} : { rack }),
    });
  });
  const result = assignPartitions(assignor, { topics, members, partitionRacks: racksOf });
  const text = (list: Array<[string, number]>) =>
    list
      .map(([topic, p]) => `${topic}-${p}`)
      .sort()
      .join(', ');
  const actual = members.map((m) => text(result.assignment.get(m.memberId) ?? []));
  expect(actual).toEqual(expected);
  if (mismatched < 0) return;
  let count = 0;
  members.forEach((m, i) => {
    const rack = consumerRacks[i] ?? null;
    if (rack === null) return;
    for (const [topic, p] of result.assignment.get(m.memberId) ?? []) {
      if (!(racksOf[topic]?.[p] ?? []).includes(rack)) count++;
    }
  });
  expect(count).toBe(mismatched);
}

/** verifyUniformSubscription and verifyNonEqualSubscription: from scratch, then owning it. */
function verifyFreshThenOwned(
  assignor: Assignor,
  topics: Record<string, number>,
  replicationFactor: number,
  brokerRacks: Rack[],
  consumerRacks: Rack[],
  consumerTopics: string[][],
  expected: string[],
  mismatched: number,
): void {
  const args = [topics, replicationFactor, brokerRacks, consumerRacks, consumerTopics] as const;
  verifyRackAssignment(assignor, ...args, null, expected, mismatched);
  verifyRackAssignment(assignor, ...args, expected, expected, mismatched);
}

const TOPICS = { t1: 6, t2: 7, t3: 2 };
const ALL3 = ['t1', 't2', 't3'];
const OWNED = [
  't1-0, t1-1, t1-2, t1-3, t1-4',
  't1-5, t2-0, t2-1, t2-2, t2-3',
  't2-4, t2-5, t2-6, t3-0, t3-1',
];

describe.each<Kind>(['sticky', 'cooperative-sticky'])('rack-aware %s', (kind) => {
  it('testRackAwareAssignmentWithUniformSubscription', () => {
    const assignor: Assignor = { kind, preferRackAwareLogic: false };
    const subs = [ALL3, ALL3, ALL3];
    const plain = [
      't1-0, t1-3, t2-0, t2-3, t2-6',
      't1-1, t1-4, t2-1, t2-4, t3-0',
      't1-2, t1-5, t2-2, t2-5, t3-1',
    ];
    const verify = (rf: number, broker: Rack[], consumer: Rack[], expected: string[], n: number) =>
      verifyFreshThenOwned(assignor, TOPICS, rf, broker, consumer, subs, expected, n);
    verify(3, nullRacks(3), racks(3), plain, -1);
    verify(3, racks(3), nullRacks(3), plain, -1);
    assignor.preferRackAwareLogic = true;
    verify(3, racks(3), racks(3), plain, 0);
    verify(4, racks(4), racks(3), plain, 0);
    assignor.preferRackAwareLogic = false;
    verify(3, racks(3), racks(3), plain, 0);
    verify(3, racks(3), ['d', 'e', 'f'], plain, -1);
    verify(3, racks(3), [null, 'e', 'f'], plain, -1);

    // Rack-aligned with a lower replication factor, where brokers hold a subset of partitions.
    verify(1, racks(3), racks(3), plain, 0);
    verify(2, racks(3), racks(3), plain, 0);
    // One consumer on a rack with no partitions gets misaligned ones to keep the balance.
    verify(3, racks(2), racks(3), plain, 5);

    if (kind === 'cooperative-sticky') {
      // Owned partitions off the member's rack are revoked first (the follow-up round moves them).
      const revoked = ['t1-0, t1-3', 't2-1', 't2-5, t3-1'];
      verifyRackAssignment(assignor, TOPICS, 1, racks(3), racks(3), subs, OWNED, revoked, 0);
      assignor.preferRackAwareLogic = true;
      verifyRackAssignment(assignor, TOPICS, 3, racks(3), racks(3), subs, plain, plain, 0);
    } else {
      verifyRackAssignment(assignor, TOPICS, 1, racks(3), racks(3), subs, OWNED, plain, 0);
      assignor.preferRackAwareLogic = true;
      verifyRackAssignment(assignor, TOPICS, 3, racks(3), racks(3), subs, plain, plain, 0);
    }
  });

  it('testRackAwareAssignmentWithNonEqualSubscription', () => {
    const assignor: Assignor = { kind, preferRackAwareLogic: false };
    const subs = [ALL3, ALL3, ['t1', 't3']];
    const plain = [
      't1-5, t2-0, t2-2, t2-4, t2-6',
      't1-3, t2-1, t2-3, t2-5, t3-0',
      't1-0, t1-1, t1-2, t1-4, t3-1',
    ];
    const verify = (rf: number, broker: Rack[], consumer: Rack[], expected: string[], n: number) =>
      verifyFreshThenOwned(assignor, TOPICS, rf, broker, consumer, subs, expected, n);
    const verifyOwned = (rf: number, owned: string[], expected: string[], n: number) =>
      verifyRackAssignment(assignor, TOPICS, rf, racks(3), racks(3), subs, owned, expected, n);
    verify(3, nullRacks(3), racks(3), plain, -1);
    verify(3, racks(3), nullRacks(3), plain, -1);
    assignor.preferRackAwareLogic = true;
    verify(3, racks(3), racks(3), plain, 0);
    verify(4, racks(4), racks(3), plain, 0);
    assignor.preferRackAwareLogic = false;
    verify(3, racks(3), racks(3), plain, 0);
    verify(3, racks(3), ['d', 'e', 'f'], plain, -1);
    verify(3, racks(3), [null, 'e', 'f'], plain, -1);

    // Rack alignment is best-effort: with few rack choices some partitions stay misaligned.
    const rf1 = [
      't1-3, t2-0, t2-2, t2-3, t2-6',
      't1-4, t2-1, t2-4, t2-5, t3-0',
      't1-0, t1-1, t1-2, t1-5, t3-1',
    ];
    verify(1, racks(3), racks(3), rf1, 4);
    const rf2 = [
      't1-3, t2-0, t2-2, t2-5, t2-6',
      't1-0, t2-1, t2-3, t2-4, t3-0',
      't1-1, t1-2, t1-4, t1-5, t3-1',
    ];
    verify(2, racks(3), racks(3), rf2, 0);
    verify(3, racks(2), racks(3), plain, 5);

    // Owned partitions off the member's rack: alignment is attempted, not guaranteed.
    if (kind === 'sticky') {
      verifyOwned(1, OWNED, rf1, 4);
    } else {
      const intermediate = ['t1-3', 't2-1', 't3-1'];
      verifyOwned(1, OWNED, intermediate, 0);
      verifyOwned(1, intermediate, rf1, 4);
    }

    // With every partition on every rack, the result is the rack-unaware one.
    if (kind === 'sticky') {
      assignor.preferRackAwareLogic = false;
      verifyOwned(3, OWNED, plain, 0);
      assignor.preferRackAwareLogic = true;
      verifyOwned(3, OWNED, plain, 0);
    } else {
      const settled = [
        't1-2, t1-3, t1-4, t2-4, t2-5',
        't2-0, t2-1, t2-2, t2-3, t2-6',
        't1-0, t1-1, t1-5, t3-0, t3-1',
      ];
      const intermediate = ['t1-2, t1-3, t1-4', 't2-0, t2-1, t2-2, t2-3', 't3-0, t3-1'];
      for (const prefer of [false, true]) {
        assignor.preferRackAwareLogic = prefer;
        verifyOwned(3, OWNED, intermediate, 0);
        verifyOwned(3, intermediate, settled, 0);
      }
    }
  });
});

describe('rack-aware cooperative-sticky (CooperativeStickyAssignorTest)', () => {
  it('testUniformSubscriptionTransferOwnershipListIsRight', () => {
    // replicationFactor 1 over two brokers on racks a and b; c0 on rack a, c1 on rack b.
    const result = cooperativeStickyAssignDetailed({
      topics: { topic1: 4 },
      partitionRacks: { topic1: [['a'], ['b'], ['a'], ['b']] },
      members: [
        member('c0', ['topic1'], { owned: [tp('topic1', 0), tp('topic1', 1)], generation: 1 }),
        member('c1', ['topic1'], { owned: [tp('topic1', 2), tp('topic1', 3)], generation: 1 }),
      ].map((m, i) => ({ ...m, rack: i === 0 ? 'a' : 'b' })),
    });
    expect(result.partitionsTransferringOwnership.size).toBe(2);
  });
});

describe.each<Kind>(['sticky', 'cooperative-sticky'])('rack-aware %s (not from Kafka)', (kind) => {
  it('matches the partitions with the fewest members on their racks first', () => {
    // t-1 has a replica only in rack a; dealt in partition order, t-0 would take m0's only slot.
    const result = assignPartitions(
      { kind, preferRackAwareLogic: false },
      {
        topics: { t: 2 },
        partitionRacks: { t: [['a', 'b'], ['a']] },
        members: [member('m0', ['t'], { rack: 'a' }), member('m1', ['t'], { rack: 'b' })],
      },
    );
    expect(Object.fromEntries(result.assignment)).toEqual({ m0: [tp('t', 1)], m1: [tp('t', 0)] });
  });
});
