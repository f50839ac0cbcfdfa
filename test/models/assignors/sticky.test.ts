/**
 * Sticky and cooperative-sticky cases ported from apache/kafka
 * clients/src/test/java/org/apache/kafka/clients/consumer/internals/AbstractStickyAssignorTest.java
 * (run for both assignors, as Kafka's StickyAssignorTest and CooperativeStickyAssignorTest do),
 * with Kafka's expected lists and partitionsTransferringOwnership. For cooperative-sticky, Kafka's
 * verifyValidityAndBalance re-runs the assignor with the new ownership until nothing is revoked and
 * its later assertions see that final assignment; `settle` does the same here.
 * Kafka runs most of these for each RackConfig (initializeRacks: replication factor 3, three
 * broker racks or none, members on racks or not, preferRackAwareLogic on) and expects the same
 * results: every partition is then on every rack, so the rack-aware paths must change nothing.
 */
import { describe, expect, it } from 'vitest';
import { stickyAssign } from '../../../sim/models/kafka/assignors/abstractSticky.ts';
import { cooperativeStickyAssignDetailed } from '../../../sim/models/kafka/assignors/cooperativeSticky.ts';
import {
  type Assignment,
  type AssignmentInput,
  type GroupMember,
} from '../../../sim/models/kafka/assignors/index.ts';
import { orderedToRecord } from '../../../sim/models/kafka/assignors/sticky.ts';
import {
  member,
  parsePartitions,
  RACK_CONFIGS,
  tp,
  withRackConfig,
  type RackConfig,
} from './helpers.ts';

type Kind = 'sticky' | 'cooperative-sticky';
const GENERATION = 1;
const RACK_AWARE = { preferRackAwareLogic: true };

/** One assignment under a RackConfig; initializeRacks also turns preferRackAwareLogic on. */
function runWithRacks(kind: Kind, plain: AssignmentInput, config: RackConfig = 'NO_CONSUMER_RACK') {
  const input = withRackConfig(config, plain);
  const result =
    kind === 'sticky'
      ? stickyAssign(input, RACK_AWARE)
      : cooperativeStickyAssignDetailed(input, RACK_AWARE);
  const transferring = result.partitionsTransferringOwnership;
  return {
    assignment: orderedToRecord(input, result.assignment),
    transferring: transferring === null ? null : Object.fromEntries(transferring),
  };
}

/** The ownership a member reports after getting `assigned`, as buildSubscriptionV2Above builds it. */
function owning(
  previous: GroupMember,
  assigned: Assignment[string] | undefined,
  generation = GENERATION,
): GroupMember {
  return { ...previous, owned: assigned ?? [], generation };
}

/** Kafka's cooperative verifyValidityAndBalance: rebalance again until nothing is revoked. */
function settleWithRacks(
  kind: Kind,
  input: AssignmentInput,
  assignment: Assignment,
  config: RackConfig = 'NO_CONSUMER_RACK',
): Assignment {
  if (kind === 'sticky') return assignment;
  let members = input.members;
  let current = assignment;
  for (let round = 0; round < 4; round++) {
    const revoked = members.some((m) =>
      (m.owned ?? []).some(
        ([t, p]) => !(current[m.memberId] ?? []).some(([t2, p2]) => t2 === t && p2 === p),
      ),
    );
    if (!revoked) return current;
    members = members.map((m) => owning(m, current[m.memberId]));
    current = runWithRacks(
      'cooperative-sticky',
      { topics: input.topics, members },
      config,
    ).assignment;
  }
  throw new Error('cooperative-sticky did not settle within 4 rebalances');
}

const sortedText = (list: Assignment[string] | undefined) =>
  (list ?? []).map(([t, p]) => `${t}-${p}`).sort();

const KINDS_BY_RACK_CONFIG = (['sticky', 'cooperative-sticky'] as const).flatMap((kind) =>
  RACK_CONFIGS.map((config) => [kind, config] as [Kind, RackConfig]),
);

describe.each(KINDS_BY_RACK_CONFIG)('%s, %s (AbstractStickyAssignorTest)', (kind, config) => {
  const run = (k: Kind, input: AssignmentInput) => runWithRacks(k, input, config);
  const settle = (k: Kind, input: AssignmentInput, assignment: Assignment) =>
    settleWithRacks(k, input, assignment, config);

  it('testOneConsumerNoTopic', () => {
    const { assignment, transferring } = run(kind, {
      topics: {},
      members: [member('consumer', [])],
    });
    expect(assignment).toEqual({ consumer: [] });
    expect(transferring).toEqual({});
  });

  it('testOneConsumerNonexistentTopic', () => {
    const { assignment } = run(kind, {
      topics: { topic: 0 },
      members: [member('consumer', ['topic'])],
    });
    expect(assignment).toEqual({ consumer: [] });
  });

  it('testOneConsumerOneTopic', () => {
    const { assignment, transferring } = run(kind, {
      topics: { topic: 3 },
      members: [member('consumer', ['topic'])],
    });
    expect(assignment.consumer).toEqual([tp('topic', 0), tp('topic', 1), tp('topic', 2)]);
    expect(transferring).toEqual({});
  });

  it('testOnlyAssignsPartitionsFromSubscribedTopics', () => {
    const owned = [tp('topic', 0), tp('topic', 1), tp('other', 0), tp('other', 1)];
    const { assignment, transferring } = run(kind, {
      topics: { topic: 2 },
      members: [member('consumer', ['topic'], { owned, generation: GENERATION })],
    });
    expect(assignment.consumer).toEqual([tp('topic', 0), tp('topic', 1)]);
    expect(transferring).toEqual({});
  });

  it('testOneConsumerMultipleTopics', () => {
    const { assignment } = run(kind, {
      topics: { topic1: 1, topic2: 2 },
      members: [member('consumer', ['topic1', 'topic2'])],
    });
    expect(assignment.consumer).toEqual([tp('topic1', 0), tp('topic2', 0), tp('topic2', 1)]);
  });

  it('testTwoConsumersOneTopicTwoPartitions', () => {
    const { assignment } = run(kind, {
      topics: { topic: 2 },
      members: [member('consumer1', ['topic']), member('consumer2', ['topic'])],
    });
    expect(assignment).toEqual({ consumer1: [tp('topic', 0)], consumer2: [tp('topic', 1)] });
  });

  it('testMultipleConsumersMixedTopicSubscriptions (general builder)', () => {
    const { assignment, transferring } = run(kind, {
      topics: { topic1: 3, topic2: 2 },
      members: [
        member('consumer1', ['topic1']),
        member('consumer2', ['topic1', 'topic2']),
        member('consumer3', ['topic1']),
      ],
    });
    expect(assignment).toEqual({
      consumer1: [tp('topic1', 0), tp('topic1', 2)],
      consumer2: [tp('topic2', 0), tp('topic2', 1)],
      consumer3: [tp('topic1', 1)],
    });
    if (kind === 'sticky') expect(transferring).toBeNull();
  });

  it('testTwoConsumersTwoTopicsSixPartitions', () => {
    const both = ['topic1', 'topic2'];
    const { assignment } = run(kind, {
      topics: { topic1: 3, topic2: 3 },
      members: [member('consumer1', both), member('consumer2', both)],
    });
    expect(assignment).toEqual({
      consumer1: [tp('topic1', 0), tp('topic1', 2), tp('topic2', 1)],
      consumer2: [tp('topic1', 1), tp('topic2', 0), tp('topic2', 2)],
    });
  });

  it('testConsumerOwningMinQuotaExpectedMaxQuota', () => {
    const both = ['topic1', 'topic2'];
    const { assignment, transferring } = run(kind, {
      topics: { topic1: 2, topic2: 3 },
      members: [
        member('consumer1', both, {
          owned: [tp('topic1', 0), tp('topic2', 1)],
          generation: GENERATION,
        }),
        member('consumer2', both, {
          owned: [tp('topic1', 1), tp('topic2', 2)],
          generation: GENERATION,
        }),
      ],
    });
    expect(assignment.consumer1).toEqual([tp('topic1', 0), tp('topic2', 1), tp('topic2', 0)]);
    expect(assignment.consumer2).toEqual([tp('topic1', 1), tp('topic2', 2)]);
    expect(transferring).toEqual({});
  });

  it('testMaxQuotaConsumerMoreThanNumExpectedMaxCapacityMembers: HashMap order picks who keeps two', () => {
    const both = ['topic1', 'topic2'];
    const input = {
      topics: { topic1: 2, topic2: 2 },
      members: [
        member('consumer1', both, {
          owned: [tp('topic1', 0), tp('topic2', 0)],
          generation: GENERATION,
        }),
        member('consumer2', both, {
          owned: [tp('topic1', 1), tp('topic2', 1)],
          generation: GENERATION,
        }),
        member('consumer3', both, { owned: [], generation: GENERATION }),
      ],
    };
    const { assignment, transferring } = run(kind, input);
    expect(transferring).toEqual({ 'topic2-0': 'consumer3' });
    const final = settle(kind, input, assignment);
    expect(final.consumer1).toEqual([tp('topic1', 0)]);
    expect(final.consumer2).toEqual([tp('topic1', 1), tp('topic2', 1)]);
    expect(final.consumer3).toEqual([tp('topic2', 0)]);
  });

  it('testAllConsumersAreUnderMinQuota', () => {
    const both = ['topic1', 'topic2'];
    const { assignment, transferring } = run(kind, {
      topics: { topic1: 2, topic2: 3 },
      members: [
        member('consumer1', both, { owned: [tp('topic1', 0)], generation: GENERATION }),
        member('consumer2', both, { owned: [tp('topic1', 1)], generation: GENERATION }),
        member('consumer3', both, { owned: [], generation: GENERATION }),
      ],
    });
    expect(transferring).toEqual({});
    expect(assignment.consumer1).toEqual([tp('topic1', 0), tp('topic2', 1)]);
    expect(assignment.consumer2).toEqual([tp('topic1', 1), tp('topic2', 2)]);
    expect(assignment.consumer3).toEqual([tp('topic2', 0)]);
  });

  it('testAddRemoveConsumerOneTopic', () => {
    const topics = { topic: 3 };
    const first = run(kind, { topics, members: [member('consumer1', ['topic'])] }).assignment;
    expect(first.consumer1).toEqual([tp('topic', 0), tp('topic', 1), tp('topic', 2)]);
    const input2 = {
      topics,
      members: [
        member('consumer1', ['topic'], { owned: first.consumer1 ?? [], generation: GENERATION }),
        member('consumer2', ['topic'], { owned: [], generation: GENERATION }),
      ],
    };
    const second = run(kind, input2);
    expect(second.transferring).toEqual({ 'topic-2': 'consumer2' });
    const settled = settle(kind, input2, second.assignment);
    expect(settled.consumer1).toEqual([tp('topic', 0), tp('topic', 1)]);
    expect(settled.consumer2).toEqual([tp('topic', 2)]);
    const third = run(kind, {
      topics,
      members: [
        member('consumer2', ['topic'], { owned: settled.consumer2 ?? [], generation: GENERATION }),
      ],
    });
    expect(sortedText(third.assignment.consumer2)).toEqual(['topic-0', 'topic-1', 'topic-2']);
    expect(third.transferring).toEqual({});
  });

  it('testAddRemoveTwoConsumersTwoTopics: exact list order', () => {
    const all = ['topic1', 'topic2'];
    const topics = { topic1: 3, topic2: 4 };
    const first = run(kind, {
      topics,
      members: [member('consumer1', all), member('consumer2', all)],
    }).assignment;
    expect(first.consumer1).toEqual([
      tp('topic1', 0),
      tp('topic1', 2),
      tp('topic2', 1),
      tp('topic2', 3),
    ]);
    expect(first.consumer2).toEqual([tp('topic1', 1), tp('topic2', 0), tp('topic2', 2)]);
    const input2 = {
      topics,
      members: [
        member('consumer1', all, { owned: first.consumer1 ?? [], generation: GENERATION }),
        member('consumer2', all, { owned: first.consumer2 ?? [], generation: GENERATION }),
        member('consumer3', all, { owned: [], generation: GENERATION }),
        member('consumer4', all, { owned: [], generation: GENERATION }),
      ],
    };
    const second = run(kind, input2);
    expect(second.transferring).toEqual({
      'topic1-2': 'consumer3',
      'topic2-3': 'consumer3',
      'topic2-2': 'consumer4',
    });
    const settled = settle(kind, input2, second.assignment);
    expect(settled.consumer1).toEqual([tp('topic1', 0), tp('topic2', 1)]);
    expect(settled.consumer2).toEqual([tp('topic2', 0), tp('topic1', 1)]);
    expect(settled.consumer3).toEqual([tp('topic1', 2), tp('topic2', 3)]);
    expect(settled.consumer4).toEqual([tp('topic2', 2)]);
    const third = run(kind, {
      topics,
      members: [
        member('consumer3', all, { owned: settled.consumer3 ?? [], generation: GENERATION }),
        member('consumer4', all, { owned: settled.consumer4 ?? [], generation: GENERATION }),
      ],
    });
    expect(third.assignment.consumer3).toEqual([
      tp('topic1', 2),
      tp('topic2', 3),
      tp('topic1', 0),
      tp('topic2', 1),
    ]);
    expect(third.assignment.consumer4).toEqual([tp('topic2', 2), tp('topic1', 1), tp('topic2', 0)]);
    expect(third.transferring).toEqual({});
  });

  it('testAllConsumersReachExpectedQuotaAndAreConsideredFilled', () => {
    const { assignment, transferring } = run(kind, {
      topics: { topic: 4 },
      members: [
        member('consumer1', ['topic'], {
          owned: [tp('topic', 0), tp('topic', 1)],
          generation: GENERATION,
        }),
        member('consumer2', ['topic'], { owned: [tp('topic', 2)], generation: GENERATION }),
        member('consumer3', ['topic'], { owned: [], generation: GENERATION }),
      ],
    });
    expect(assignment).toEqual({
      consumer1: [tp('topic', 0), tp('topic', 1)],
      consumer2: [tp('topic', 2)],
      consumer3: [tp('topic', 3)],
    });
    expect(transferring).toEqual({});
  });

  it.each([
    ['testOwnedPartitionsAreInvalidatedForConsumerWithStaleGeneration', 9],
    ['testOwnedPartitionsAreInvalidatedForConsumerWithNoGeneration', -1],
  ])('%s', (_name, staleGeneration) => {
    const both = ['topic', 'topic2'];
    const owned = [tp('topic', 0), tp('topic', 2), tp('topic2', 1)];
    const { assignment, transferring } = run(kind, {
      topics: { topic: 3, topic2: 3 },
      members: [
        member('consumer1', both, { owned, generation: 10 }),
        member('consumer2', both, { owned, generation: staleGeneration }),
      ],
    });
    expect(sortedText(assignment.consumer1)).toEqual(['topic-0', 'topic-2', 'topic2-1']);
    expect(sortedText(assignment.consumer2)).toEqual(['topic-1', 'topic2-0', 'topic2-2']);
    expect(transferring).toEqual({});
  });

  it('testPartitionsTransferringOwnershipIncludeThePartitionClaimedByMultipleConsumersInSameGeneration', () => {
    const input = {
      topics: { topic: 3 },
      members: [
        member('consumer1', ['topic'], {
          owned: [tp('topic', 0), tp('topic', 1)],
          generation: GENERATION,
        }),
        member('consumer2', ['topic'], {
          owned: [tp('topic', 0), tp('topic', 2)],
          generation: GENERATION,
        }),
        member('consumer3', ['topic'], { owned: [], generation: GENERATION }),
      ],
    };
    const { assignment, transferring } = run(kind, input);
    expect(transferring).toEqual({ 'topic-0': 'consumer3' });
    if (kind === 'cooperative-sticky') {
      // CooperativeStickyAssignorTest ...WithEqualPartitionsPerConsumer: topic-0 waits a round.
      expect(assignment).toEqual({
        consumer1: [tp('topic', 1)],
        consumer2: [tp('topic', 2)],
        consumer3: [],
      });
    }
    const final = settle(kind, input, assignment);
    expect(final).toEqual({
      consumer1: [tp('topic', 1)],
      consumer2: [tp('topic', 2)],
      consumer3: [tp('topic', 0)],
    });
  });

  it('testEnsurePartitionsAssignedToHighestGeneration', () => {
    const all = ['topic', 'topic2', 'topic3'];
    const { assignment, transferring } = run(kind, {
      topics: { topic: 3, topic2: 3, topic3: 3 },
      members: [
        member('consumer1', all, {
          owned: [tp('topic', 0), tp('topic2', 0), tp('topic3', 0)],
          generation: 10,
        }),
        member('consumer2', all, {
          owned: [tp('topic', 1), tp('topic2', 1), tp('topic3', 1)],
          generation: 9,
        }),
        member('consumer3', all, {
          owned: [tp('topic2', 1), tp('topic3', 0), tp('topic3', 2)],
          generation: 8,
        }),
      ],
    });
    expect(sortedText(assignment.consumer1)).toEqual(['topic-0', 'topic2-0', 'topic3-0']);
    expect(sortedText(assignment.consumer2)).toEqual(['topic-1', 'topic2-1', 'topic3-1']);
    expect(sortedText(assignment.consumer3)).toEqual(['topic-2', 'topic2-2', 'topic3-2']);
    expect(transferring).toEqual({});
  });

  it('testNoReassignmentOnCurrentMembers', () => {
    const all = ['topic', 'topic2', 'topic3', 'topic1'];
    const { assignment, transferring } = run(kind, {
      topics: { topic: 3, topic1: 3, topic2: 3, topic3: 3 },
      members: [
        member('consumer1', all, { owned: [], generation: -1 }),
        member('consumer2', all, {
          owned: [tp('topic', 0), tp('topic2', 0), tp('topic1', 0)],
          generation: 9,
        }),
        member('consumer3', all, {
          owned: [tp('topic3', 2), tp('topic2', 2), tp('topic1', 1)],
          generation: 8,
        }),
        member('consumer4', all, {
          owned: [tp('topic3', 1), tp('topic', 1), tp('topic', 2)],
          generation: 7,
        }),
      ],
    });
    expect(sortedText(assignment.consumer1)).toEqual(['topic1-2', 'topic2-1', 'topic3-0']);
    expect(transferring).toEqual({});
  });

  it('testOwnedPartitionsAreInvalidatedForConsumerWithMultipleGeneration', () => {
    const both = ['topic', 'topic2'];
    const { assignment, transferring } = run(kind, {
      topics: { topic: 3, topic2: 3 },
      members: [
        member('consumer1', both, {
          owned: [tp('topic', 0), tp('topic2', 1), tp('topic', 1)],
          generation: 10,
        }),
        member('consumer2', both, {
          owned: [tp('topic', 0), tp('topic2', 1), tp('topic2', 2)],
          generation: 8,
        }),
      ],
    });
    expect(sortedText(assignment.consumer1)).toEqual(['topic-0', 'topic-1', 'topic2-1']);
    expect(sortedText(assignment.consumer2)).toEqual(['topic-2', 'topic2-0', 'topic2-2']);
    expect(transferring).toEqual({});
  });

  it.each([
    [
      'testRackAwareAssignmentWithUniformSubscription',
      [
        ['t1', 't2', 't3'],
        ['t1', 't2', 't3'],
        ['t1', 't2', 't3'],
      ],
      [
        't1-0, t1-3, t2-0, t2-3, t2-6',
        't1-1, t1-4, t2-1, t2-4, t3-0',
        't1-2, t1-5, t2-2, t2-5, t3-1',
      ],
    ],
    [
      'testRackAwareAssignmentWithNonEqualSubscription',
      [
        ['t1', 't2', 't3'],
        ['t1', 't2', 't3'],
        ['t1', 't3'],
      ],
      [
        't1-5, t2-0, t2-2, t2-4, t2-6',
        't1-3, t2-1, t2-3, t2-5, t3-0',
        't1-0, t1-1, t1-2, t1-4, t3-1',
      ],
    ],
  ] as const)('%s (non-rack-aware expectation)', (_name, subscriptions, expected) => {
    const members = subscriptions.map((list, index) => member(`consumer${index}`, [...list]));
    const { assignment } = run(kind, { topics: { t1: 6, t2: 7, t3: 2 }, members });
    expected.forEach((text, index) =>
      expect(sortedText(assignment[`consumer${index}`])).toEqual(sortedText(parsePartitions(text))),
    );
  });
});

describe('cooperative-sticky only (CooperativeStickyAssignorTest)', () => {
  it('...InvalidatedWhenClaimedByMultipleConsumersInSameGenerationWithUnequalPartitionsPerConsumer', () => {
    const { assignment } = runWithRacks('cooperative-sticky', {
      topics: { topic: 4 },
      members: [
        member('consumer1', ['topic'], {
          owned: [tp('topic', 0), tp('topic', 1)],
          generation: GENERATION,
        }),
        member('consumer2', ['topic'], {
          owned: [tp('topic', 0), tp('topic', 2)],
          generation: GENERATION,
        }),
        member('consumer3', ['topic'], { owned: [], generation: GENERATION }),
      ],
    });
    expect(assignment).toEqual({
      consumer1: [tp('topic', 1), tp('topic', 3)],
      consumer2: [tp('topic', 2)],
      consumer3: [],
    });
  });

  it('testAssignorWithOldVersionSubscriptions (v1: owned partitions, no generation)', () => {
    const { assignment } = runWithRacks('cooperative-sticky', {
      topics: { topic1: 3 },
      members: [
        member('consumer1', ['topic1'], { owned: [tp('topic1', 0)] }),
        member('consumer2', ['topic1'], { owned: [tp('topic1', 1)] }),
        member('consumer3', ['topic1'], { owned: [], generation: GENERATION }),
      ],
    });
    expect(assignment).toEqual({
      consumer1: [tp('topic1', 0)],
      consumer2: [tp('topic1', 1)],
      consumer3: [tp('topic1', 2)],
    });
  });

  it('testUniformSubscriptionTransferOwnershipListIsRight (without racks nothing moves)', () => {
    const result = cooperativeStickyAssignDetailed({
      topics: { topic1: 4 },
      members: [
        member('c0', ['topic1'], {
          owned: [tp('topic1', 0), tp('topic1', 1)],
          generation: GENERATION,
        }),
        member('c1', ['topic1'], {
          owned: [tp('topic1', 2), tp('topic1', 3)],
          generation: GENERATION,
        }),
      ],
    });
    // Kafka's test uses racks to force two moves; with no racks the owners keep everything.
    expect(result.partitionsTransferringOwnership.size).toBe(0);
  });
});
