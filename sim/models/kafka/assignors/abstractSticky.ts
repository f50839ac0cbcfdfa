/**
 * The core shared by StickyAssignor (eager) and CooperativeStickyAssignor (KIP-429), after Kafka's
 * clients/.../internals/AbstractStickyAssignor.java: resolve previous ownership (a higher
 * generation wins; two claimants of the same generation both lose the partition), then, when all
 * members subscribe to the same topics, run the constrained builder below, else the general
 * builder in stickyGeneral.ts. The constrained builder keeps owned partitions up to the quota,
 * visiting members in java.util.HashMap order of member ids (which decides who keeps the larger
 * quota in a tie), then deals the rest round-robin to members under quota. It also records the
 * partitions that change owner, which the cooperative assignor withholds for one round.
 * Rack-aware (KIP-881, 3.5+; stickyRacks.ts says when it applies): a member keeps only owned
 * partitions with a replica in its rack, and before the round-robin the unassigned partitions,
 * those with the fewest members on their racks first, go round-robin to unfilled members in a
 * matching rack; what no rack can take within the quotas goes round-robin as before.
 */
import { assert } from '../../../engine/assert.ts';
import { javaHashMapIterationOrder } from '../partitioner.ts';
import {
  compareJavaStrings,
  partitionKey,
  subscribedTopics,
  type AssignmentInput,
  type GroupMember,
  type TopicPartition,
} from './memberOrder.ts';
import { generalStickyAssign } from './stickyGeneral.ts';
import {
  nextRackMember,
  racksMismatch,
  sortByRackMembers,
  stickyRackInfo,
  type StickyOptions,
  type StickyRackInfo,
} from './stickyRacks.ts';

export const DEFAULT_GENERATION = -1;

/** Member id → partitions, in the order Kafka's builder produced them. */
export type OrderedAssignment = Map<string, TopicPartition[]>;

export interface StickyResult {
  assignment: OrderedAssignment;
  /** Partition key → new owner of partitions changing owner; null from the general builder. */
  partitionsTransferringOwnership: Map<string, string> | null;
}

/** What the builders share: the topic view, members by id and in HashMap order, ownership. */
export interface StickyContext {
  partitionCounts: Map<string, number>;
  totalPartitionCount: number;
  membersById: Map<string, GroupMember>;
  /** Kafka iterates its `subscriptions` HashMap: this is that order. */
  memberIterationOrder: string[];
  /** Resolved previous ownership of still-existing partitions, per member, HashMap order. */
  ownedByMember: Map<string, TopicPartition[]>;
  partitionsWithMultiplePreviousOwners: Set<string>;
  maxGeneration: number;
  racks: StickyRackInfo;
}

export function stickyAssign(input: AssignmentInput, options: StickyOptions = {}): StickyResult {
  const topics = subscribedTopics(input);
  const partitionCounts = new Map<string, number>();
  let totalPartitionCount = 0;
  for (const topic of topics) {
    const count = input.topics[topic] as number;
    partitionCounts.set(topic, count);
    totalPartitionCount += count;
  }
  const membersById = new Map<string, GroupMember>();
  for (const member of input.members) {
    assert(!membersById.has(member.memberId), `sticky: duplicate member ${member.memberId}`);
    membersById.set(member.memberId, member);
  }
  const memberIterationOrder = javaHashMapIterationOrder(input.members.map((m) => m.memberId));
  const context: StickyContext = {
    partitionCounts,
    totalPartitionCount,
    membersById,
    memberIterationOrder,
    ownedByMember: new Map(),
    partitionsWithMultiplePreviousOwners: new Set(),
    maxGeneration: DEFAULT_GENERATION,
    racks: stickyRackInfo(input, memberIterationOrder, membersById, partitionCounts, options),
  };
  const allEqual = resolveOwnership(context);
  if (input.members.length === 0)
    return { assignment: new Map(), partitionsTransferringOwnership: new Map() };
  if (allEqual) return constrainedAssign(context);
  return { assignment: generalStickyAssign(context), partitionsTransferringOwnership: null };
}

/**
 * AbstractStickyAssignor.allSubscriptionsEqual: fills `ownedByMember` and the doubly-claimed set
 * and returns whether every member lists the same topics as the first one that lists any.
 */
function resolveOwnership(context: StickyContext): boolean {
  let allEqual = true;
  const firstTopics = new Set<string>();
  const ownerByPartition = new Map<string, string>();
  for (const memberId of context.memberIterationOrder) {
    const member = context.membersById.get(memberId) as GroupMember;
    if (firstTopics.size === 0) {
      for (const topic of member.topics) firstTopics.add(topic);
    } else if (allEqual) {
      const same =
        member.topics.length === firstTopics.size &&
        member.topics.every((topic) => firstTopics.has(topic));
      if (!same) allEqual = false;
    }
    const generation = member.generation ?? DEFAULT_GENERATION;
    context.maxGeneration = Math.max(context.maxGeneration, generation);
    const owned: TopicPartition[] = [];
    context.ownedByMember.set(memberId, owned);
    for (const [topic, partition] of member.owned ?? []) {
      const count = context.partitionCounts.get(topic);
      if (count === undefined || partition < 0 || partition >= count) continue;
      const key = partitionKey(topic, partition);
      const other = ownerByPartition.get(key);
      if (other === undefined) {
        owned.push([topic, partition]);
        ownerByPartition.set(key, memberId);
        continue;
      }
      const otherGeneration = context.membersById.get(other)?.generation ?? DEFAULT_GENERATION;
      if (generation === otherGeneration) {
        context.partitionsWithMultiplePreviousOwners.add(key);
        removePartition(context.ownedByMember.get(other) as TopicPartition[], key);
        ownerByPartition.set(key, memberId);
      } else if (generation > otherGeneration) {
        owned.push([topic, partition]);
        removePartition(context.ownedByMember.get(other) as TopicPartition[], key);
        ownerByPartition.set(key, memberId);
      }
    }
  }
  return allEqual;
}

/** Removes the first occurrence of the partition, like Java's List.remove(Object). */
export function removePartition(list: TopicPartition[], key: string): boolean {
  const index = list.findIndex(([topic, partition]) => partitionKey(topic, partition) === key);
  if (index < 0) return false;
  list.splice(index, 1);
  return true;
}

interface ConstrainedState {
  minQuota: number;
  maxQuota: number;
  expectedFullCount: number;
  fullCount: number;
  assignment: OrderedAssignment;
  maybeRevoked: Map<string, string>;
  transferring: Map<string, string>;
  underMinQuota: string[];
  exactlyMinQuota: string[];
}

/** ConstrainedAssignmentBuilder: all members subscribe to the same topics. */
function constrainedAssign(context: StickyContext): StickyResult {
  const memberCount = context.memberIterationOrder.length;
  const total = context.totalPartitionCount;
  const state: ConstrainedState = {
    minQuota: Math.floor(total / memberCount),
    maxQuota: Math.ceil(total / memberCount),
    expectedFullCount: total % memberCount,
    fullCount: 0,
    assignment: new Map(context.memberIterationOrder.map((memberId) => [memberId, []])),
    maybeRevoked: new Map(),
    transferring: new Map(),
    underMinQuota: [],
    exactlyMinQuota: [],
  };
  const assigned = new Set<string>();
  for (const memberId of context.memberIterationOrder) {
    assignOwnedPartitions(context, state, memberId, assigned);
  }
  const unassigned: TopicPartition[] = [];
  for (const topic of [...context.partitionCounts.keys()].sort(compareJavaStrings)) {
    const count = context.partitionCounts.get(topic) as number;
    for (let partition = 0; partition < count; partition++) {
      if (!assigned.has(partitionKey(topic, partition))) unassigned.push([topic, partition]);
    }
  }
  state.underMinQuota.sort(compareJavaStrings);
  state.exactlyMinQuota.sort(compareJavaStrings);
  const sorted = sortByRackMembers(context.racks, unassigned);
  assignRoundRobin(context, state, assignRackAwareRoundRobin(context, state, sorted));
  verifyUnfilledMembers(state);
  return { assignment: state.assignment, partitionsTransferringOwnership: state.transferring };
}

function assignOwnedPartitions(
  context: StickyContext,
  state: ConstrainedState,
  memberId: string,
  assigned: Set<string>,
): void {
  const owned = (context.ownedByMember.get(memberId) as TopicPartition[])
    .filter(([topic, partition]) => {
      const key = partitionKey(topic, partition);
      const mismatch = racksMismatch(context.racks, memberId, key);
      if (mismatch) state.maybeRevoked.set(key, memberId);
      return !mismatch;
    })
    .sort((left, right) => left[1] - right[1] || compareJavaStrings(left[0], right[0]))
    .filter(([t, p]) => !context.partitionsWithMultiplePreviousOwners.has(partitionKey(t, p)));
  const target = state.assignment.get(memberId) as TopicPartition[];
  let keepCount: number;
  if (owned.length < state.minQuota) {
    keepCount = owned.length;
    state.underMinQuota.push(memberId);
  } else if (owned.length >= state.maxQuota && state.fullCount < state.expectedFullCount) {
    keepCount = state.maxQuota;
    state.fullCount++;
    if (state.fullCount === state.expectedFullCount) state.exactlyMinQuota.length = 0;
  } else {
    keepCount = state.minQuota;
    if (state.fullCount < state.expectedFullCount) state.exactlyMinQuota.push(memberId);
  }
  owned.forEach(([topic, partition], index) => {
    const key = partitionKey(topic, partition);
    if (index < keepCount) {
      target.push([topic, partition]);
      assigned.add(key);
    } else {
      state.maybeRevoked.set(key, memberId);
    }
  });
}

/** Fills members under quota round-robin, then those at minQuota up to maxQuota. */
function assignRoundRobin(
  context: StickyContext,
  state: ConstrainedState,
  unassigned: readonly TopicPartition[],
): void {
  // A cursor over `underMinQuota` with Java Iterator semantics (next, remove the last returned).
  let cursor = 0;
  for (const [topic, partition] of unassigned) {
    let memberId: string;
    if (cursor < state.underMinQuota.length) {
      memberId = state.underMinQuota[cursor++] as string;
    } else {
      assert(
        state.underMinQuota.length > 0 || state.exactlyMinQuota.length > 0,
        `sticky: no unfilled member left for ${topic}-${partition}`,
      );
      if (state.underMinQuota.length === 0) {
        memberId = state.exactlyMinQuota.shift() as string;
      } else {
        cursor = 0;
        memberId = state.underMinQuota[cursor++] as string;
      }
    }
    const count = assignNewPartition(context, state, [topic, partition], memberId);
    if (count === state.minQuota) {
      cursor--;
      assert(state.underMinQuota[cursor] === memberId, `sticky: cursor lost ${memberId}`);
      state.underMinQuota.splice(cursor, 1);
      state.exactlyMinQuota.push(memberId);
    } else if (count === state.maxQuota) {
      state.fullCount++;
    }
  }
}

/** Adds the partition to the member; records it as transferring if another member gave it up. */
function assignNewPartition(
  context: StickyContext,
  state: ConstrainedState,
  [topic, partition]: TopicPartition,
  memberId: string,
): number {
  const list = state.assignment.get(memberId) as TopicPartition[];
  list.push([topic, partition]);
  const key = partitionKey(topic, partition);
  const revokedFrom = state.maybeRevoked.get(key);
  const multiple = context.partitionsWithMultiplePreviousOwners.has(key);
  if ((revokedFrom !== undefined && revokedFrom !== memberId) || multiple) {
    state.transferring.set(key, memberId);
  }
  return list.length;
}

/**
 * assignRackAwareRoundRobin: deals each partition to the next member under minQuota (cyclically)
 * whose rack holds a replica, else to the first member at minQuota in a matching rack that may
 * still reach maxQuota. Returns the partitions no rack could take, in order.
 */
function assignRackAwareRoundRobin(
  context: StickyContext,
  state: ConstrainedState,
  unassigned: readonly TopicPartition[],
): TopicPartition[] {
  const racks = context.racks;
  if (racks.consumerRacks.size === 0) return [...unassigned];
  const left: TopicPartition[] = [];
  let nextIndex = 0;
  for (const [topic, partition] of unassigned) {
    const key = partitionKey(topic, partition);
    let memberId: string | undefined;
    let index = nextRackMember(racks, key, state.underMinQuota, nextIndex);
    if (index >= 0) {
      memberId = state.underMinQuota[index] as string;
      const count = (state.assignment.get(memberId) as TopicPartition[]).length + 1;
      if (count >= state.minQuota) {
        state.underMinQuota.splice(index, 1);
        if (count < state.maxQuota && state.fullCount < state.expectedFullCount) {
          state.exactlyMinQuota.push(memberId);
        }
      } else {
        index++;
      }
      nextIndex = state.underMinQuota.length === 0 ? 0 : index % state.underMinQuota.length;
    } else if (state.exactlyMinQuota.length > 0) {
      const first = nextRackMember(racks, key, state.exactlyMinQuota, 0);
      if (first >= 0) {
        memberId = state.exactlyMinQuota[first] as string;
        const count = (state.assignment.get(memberId) as TopicPartition[]).length + 1;
        if (count === state.maxQuota) {
          state.exactlyMinQuota.splice(first, 1);
          state.fullCount++;
          if (state.fullCount === state.expectedFullCount) state.exactlyMinQuota.length = 0;
        }
      }
    }
    if (memberId === undefined) left.push([topic, partition]);
    else assignNewPartition(context, state, [topic, partition], memberId);
  }
  return left;
}

function verifyUnfilledMembers(state: ConstrainedState): void {
  if (state.underMinQuota.length === 0) return;
  assert(
    state.fullCount === state.expectedFullCount,
    `sticky: ${state.fullCount} members at maxQuota, expected ${state.expectedFullCount}`,
  );
  for (const memberId of state.underMinQuota) {
    const count = (state.assignment.get(memberId) as TopicPartition[]).length;
    assert(count === state.minQuota, `sticky: ${memberId} has ${count} < minQuota`);
  }
}
