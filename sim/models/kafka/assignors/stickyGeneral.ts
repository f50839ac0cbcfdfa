/**
 * The sticky assignors' general builder, for members with differing subscriptions, after the
 * GeneralAssignmentBuilder of Kafka's AbstractStickyAssignor.java. Owned partitions are kept
 * (less those of topics the member dropped), unassigned ones go to the least-loaded subscribed
 * member (ties by member id), then repeated passes move partitions while some member could take
 * one from a member with at least two more, preferring to send a partition back to its previous-
 * generation owner and, between a pair of members, to undo an earlier move of the same topic. If
 * the passes did not lower the balance score, the pre-balance assignment is restored.
 * Where Kafka picks "any" partition from a java.util.HashSet, this picks the one Java would iterate
 * first (bucket of TopicPartition.hashCode, then insertion order; tree bins ignored). A previous
 * owner that Java would dereference while it is absent is skipped.
 * Rack-aware (KIP-881, 3.5+): owned partitions without a replica in the member's rack are given
 * up (as if revoked), and unassigned partitions go first to the least-loaded subscribed member
 * whose rack matches (or who has none), then the rest as before. Kafka's balancing passes also
 * look for a rack-matching member first, but then move the partition to the same member as
 * without racks, so they are unchanged here.
 */
import { assert } from '../../../engine/assert.ts';
import { javaStringHashCode } from '../partitioner.ts';
import {
  DEFAULT_GENERATION,
  removePartition,
  type OrderedAssignment,
  type StickyContext,
} from './abstractSticky.ts';
import {
  compareJavaStrings,
  partitionKey,
  type GroupMember,
  type TopicPartition,
} from './memberOrder.ts';
import { racksMismatch } from './stickyRacks.ts';

interface Builder {
  context: StickyContext;
  current: OrderedAssignment;
  consumerByPartition: Map<string, string>;
  topicConsumers: Map<string, string[]>;
  memberTopics: Map<string, string[]>;
  /** Members taking part in balancing: Kafka's sortedCurrentSubscriptions TreeSet. */
  active: Set<string>;
  movements: PartitionMovements;
}

export function generalStickyAssign(context: StickyContext): OrderedAssignment {
  const topicConsumers = new Map<string, string[]>();
  for (const topic of context.partitionCounts.keys()) topicConsumers.set(topic, []);
  const memberTopics = new Map<string, string[]>();
  for (const memberId of context.memberIterationOrder) {
    const member = context.membersById.get(memberId) as GroupMember;
    const topics = member.topics.filter((topic) => context.partitionCounts.has(topic));
    memberTopics.set(memberId, topics);
    for (const topic of topics) (topicConsumers.get(topic) as string[]).push(memberId);
  }
  const current: OrderedAssignment = new Map();
  const consumerByPartition = new Map<string, string>();
  for (const [memberId, owned] of context.ownedByMember) {
    current.set(memberId, [...owned]);
    for (const [topic, partition] of owned)
      consumerByPartition.set(partitionKey(topic, partition), memberId);
  }
  const builder: Builder = {
    context,
    current,
    consumerByPartition,
    topicConsumers,
    memberTopics,
    active: new Set(),
    movements: new PartitionMovements(),
  };
  const sortedTopics = [...topicConsumers.keys()].sort(
    (a, b) =>
      (topicConsumers.get(a) as string[]).length - (topicConsumers.get(b) as string[]).length ||
      compareJavaStrings(a, b),
  );
  const sortedAllPartitions: TopicPartition[] = [];
  for (const topic of sortedTopics) {
    const count = context.partitionCounts.get(topic) as number;
    for (let partition = 0; partition < count; partition++)
      sortedAllPartitions.push([topic, partition]);
  }
  const previousOwners = previousAssignment(context);
  let revocationRequired = false;
  const assigned = new Set<string>();
  for (const [memberId, list] of current) {
    const subscribed = new Set((context.membersById.get(memberId) as GroupMember).topics);
    for (const [topic, partition] of [...list]) {
      const key = partitionKey(topic, partition);
      if (subscribed.has(topic) && !racksMismatch(context.racks, memberId, key)) {
        assigned.add(key);
      } else {
        removePartition(list, key);
        revocationRequired = true;
      }
    }
  }
  const unassigned = sortedAllPartitions.filter(([t, p]) => !assigned.has(partitionKey(t, p)));
  for (const memberId of current.keys()) builder.active.add(memberId);
  balance(builder, sortedAllPartitions, unassigned, previousOwners, revocationRequired);
  assert(current.size === context.memberIterationOrder.length, 'sticky: a member went missing');
  return current;
}

/** prepopulateCurrentAssignments: owners from generations older than the newest one. */
function previousAssignment(
  context: StickyContext,
): Map<string, { memberId: string; generation: number }> {
  const previous = new Map<string, { memberId: string; generation: number }>();
  for (const memberId of context.memberIterationOrder) {
    const member = context.membersById.get(memberId) as GroupMember;
    let generation: number;
    if (member.generation !== undefined && member.generation < context.maxGeneration) {
      generation = member.generation;
    } else if (member.generation === undefined && context.maxGeneration > DEFAULT_GENERATION) {
      generation = DEFAULT_GENERATION;
    } else {
      continue;
    }
    for (const [topic, partition] of member.owned ?? []) {
      const key = partitionKey(topic, partition);
      const known = previous.get(key);
      if (known === undefined || generation > known.generation)
        previous.set(key, { memberId, generation });
    }
  }
  return previous;
}

/** The active members by (assigned count, member id): Kafka's TreeSet order. */
function sortedActive(builder: Builder): string[] {
  const size = (memberId: string) => (builder.current.get(memberId) as TopicPartition[]).length;
  return [...builder.active].sort((a, b) => size(a) - size(b) || compareJavaStrings(a, b));
}

function sizeOf(builder: Builder, memberId: string): number {
  return (builder.current.get(memberId) as TopicPartition[]).length;
}

function maxAssignmentSize(builder: Builder, memberId: string): number {
  const topics = builder.memberTopics.get(memberId) as string[];
  if (topics.length === builder.context.partitionCounts.size)
    return builder.context.totalPartitionCount;
  return topics.reduce(
    (sum, topic) => sum + (builder.context.partitionCounts.get(topic) as number),
    0,
  );
}

function balance(
  builder: Builder,
  sortedAllPartitions: TopicPartition[],
  unassigned: TopicPartition[],
  previousOwners: Map<string, { memberId: string; generation: number }>,
  revocationRequired: boolean,
): void {
  const ordered = sortedActive(builder);
  const initializing = sizeOf(builder, ordered[ordered.length - 1] as string) === 0;
  let toAssign: readonly TopicPartition[] = unassigned;
  if (builder.context.racks.consumerRacks.size > 0)
    toAssign = assignUnassigned(builder, toAssign, true);
  assignUnassigned(builder, toAssign, false);
  const movable = (topic: string) => (builder.topicConsumers.get(topic) as string[]).length >= 2;
  const reassignable = sortedAllPartitions.filter(([topic]) => movable(topic));
  const newlyAssigned = unassigned.filter(([topic]) => movable(topic));
  const fixed = new Map<string, TopicPartition[]>();
  for (const memberId of builder.memberTopics.keys()) {
    const list = builder.current.get(memberId) as TopicPartition[];
    const canMove =
      list.length < maxAssignmentSize(builder, memberId) || list.some(([t]) => movable(t));
    if (canMove) continue;
    builder.active.delete(memberId);
    fixed.set(memberId, list);
    builder.current.delete(memberId);
  }
  const preBalance = copyAssignment(builder.current);
  const preBalanceOwners = new Map(builder.consumerByPartition);
  if (!revocationRequired) performReassignments(builder, newlyAssigned, previousOwners);
  const performed = performReassignments(builder, reassignable, previousOwners);
  if (!initializing && performed && balanceScore(builder.current) >= balanceScore(preBalance)) {
    builder.current.clear();
    for (const [memberId, list] of preBalance) builder.current.set(memberId, list);
    builder.consumerByPartition.clear();
    for (const [key, memberId] of preBalanceOwners) builder.consumerByPartition.set(key, memberId);
  }
  for (const [memberId, list] of fixed) {
    builder.current.set(memberId, list);
    builder.active.add(memberId);
  }
  // Restore the members' HashMap order, which the caller reads the assignment in.
  const reordered = builder.context.memberIterationOrder.map(
    (id) => [id, builder.current.get(id) ?? []] as const,
  );
  builder.current.clear();
  for (const [memberId, list] of reordered) builder.current.set(memberId, list);
}

/**
 * maybeAssign: each partition of a topic with subscribers goes to the least-loaded subscribed
 * member, in `matchRacks` mode only to one whose rack holds a replica or who has no rack.
 * Returns the partitions left unassigned.
 */
function assignUnassigned(
  builder: Builder,
  partitions: readonly TopicPartition[],
  matchRacks: boolean,
): TopicPartition[] {
  const left: TopicPartition[] = [];
  for (const [topic, partition] of partitions) {
    const key = partitionKey(topic, partition);
    const memberId = sortedActive(builder).find(
      (id) =>
        builder.memberTopics.get(id)?.includes(topic) === true &&
        !(matchRacks && racksMismatch(builder.context.racks, id, key)),
    );
    if (memberId === undefined) {
      left.push([topic, partition]);
      continue;
    }
    (builder.current.get(memberId) as TopicPartition[]).push([topic, partition]);
    builder.consumerByPartition.set(key, memberId);
  }
  return left;
}

function copyAssignment(assignment: OrderedAssignment): OrderedAssignment {
  const copy: OrderedAssignment = new Map();
  for (const [memberId, list] of assignment)
    copy.set(
      memberId,
      list.map(([t, p]) => [t, p]),
    );
  return copy;
}

/** Sum over member pairs of the difference in assigned counts. */
function balanceScore(assignment: OrderedAssignment): number {
  const sizes = [...assignment.values()].map((list) => list.length);
  let score = 0;
  for (let i = 0; i < sizes.length; i++) {
    for (let j = i + 1; j < sizes.length; j++)
      score += Math.abs((sizes[i] as number) - (sizes[j] as number));
  }
  return score;
}

function isBalanced(builder: Builder): boolean {
  const ordered = sortedActive(builder);
  const min = sizeOf(builder, ordered[0] as string);
  const max = sizeOf(builder, ordered[ordered.length - 1] as string);
  if (min >= max - 1) return true;
  for (const memberId of ordered) {
    const list = builder.current.get(memberId) as TopicPartition[];
    const count = list.length;
    if (count === maxAssignmentSize(builder, memberId)) continue;
    const own = new Set(list.map(([t, p]) => partitionKey(t, p)));
    for (const topic of builder.memberTopics.get(memberId) as string[]) {
      const partitionCount = builder.context.partitionCounts.get(topic) as number;
      for (let partition = 0; partition < partitionCount; partition++) {
        const key = partitionKey(topic, partition);
        if (own.has(key)) continue;
        const other = builder.consumerByPartition.get(key);
        const otherList = other === undefined ? undefined : builder.current.get(other);
        if (otherList !== undefined && count + 1 < otherList.length) return false;
      }
    }
  }
  return true;
}

function performReassignments(
  builder: Builder,
  partitions: readonly TopicPartition[],
  previousOwners: Map<string, { memberId: string; generation: number }>,
): boolean {
  let performed = false;
  let modified: boolean;
  do {
    modified = false;
    for (const [topic, partition] of partitions) {
      if (isBalanced(builder)) break;
      const key = partitionKey(topic, partition);
      const owner = builder.consumerByPartition.get(key);
      assert(owner !== undefined, `sticky: ${key} has no owner while balancing`);
      const ownerSize = sizeOf(builder, owner);
      const previous = previousOwners.get(key);
      const previousList =
        previous === undefined ? undefined : builder.current.get(previous.memberId);
      if (
        previous !== undefined &&
        previousList !== undefined &&
        ownerSize > previousList.length + 1
      ) {
        reassignPartition(builder, [topic, partition], previous.memberId);
        performed = modified = true;
        continue;
      }
      const candidates = builder.topicConsumers.get(topic) as string[];
      if (
        candidates.some((other) => ownerSize > (builder.current.get(other)?.length ?? Infinity) + 1)
      ) {
        const target = sortedActive(builder).find((id) =>
          builder.memberTopics.get(id)?.includes(topic),
        );
        assert(target !== undefined, `sticky: no member can take ${key}`);
        reassignPartition(builder, [topic, partition], target);
        performed = modified = true;
      }
    }
  } while (modified);
  return performed;
}

function reassignPartition(builder: Builder, partition: TopicPartition, newOwner: string): void {
  const owner = builder.consumerByPartition.get(partitionKey(...partition)) as string;
  const moved = builder.movements.actualPartitionToMove(partition, owner, newOwner);
  const oldOwner = builder.consumerByPartition.get(partitionKey(...moved)) as string;
  builder.movements.movePartition(moved, oldOwner, newOwner);
  const removed = removePartition(
    builder.current.get(oldOwner) as TopicPartition[],
    partitionKey(...moved),
  );
  assert(removed, `sticky: ${partitionKey(...moved)} not held by ${oldOwner}`);
  (builder.current.get(newOwner) as TopicPartition[]).push([moved[0], moved[1]]);
  builder.consumerByPartition.set(partitionKey(...moved), newOwner);
}

/** Java's TopicPartition.hashCode: 31 * (31 + partition) + topic.hashCode(). */
function topicPartitionHashCode(topic: string, partition: number): number {
  return (Math.imul(31, (31 + partition) | 0) + javaStringHashCode(topic)) | 0;
}

/** A java.util.HashSet<TopicPartition> reduced to what Kafka reads: add, remove, first. */
class JavaPartitionSet {
  readonly #members = new Map<string, TopicPartition>();
  #capacity = 16;

  add(partition: TopicPartition): void {
    const key = partitionKey(...partition);
    if (this.#members.has(key)) return;
    this.#members.set(key, partition);
    if (this.#members.size > this.#capacity * 0.75) this.#capacity *= 2;
  }

  delete(partition: TopicPartition): void {
    this.#members.delete(partitionKey(...partition));
  }

  get size(): number {
    return this.#members.size;
  }

  /** The element Java's iterator returns first: lowest bucket, then earliest inserted. */
  first(): TopicPartition {
    let best: TopicPartition | undefined;
    let bestBucket = Infinity;
    for (const partition of this.#members.values()) {
      const hash = topicPartitionHashCode(...partition);
      const bucket = (hash ^ (hash >>> 16)) & (this.#capacity - 1);
      if (bucket < bestBucket) {
        best = partition;
        bestBucket = bucket;
      }
    }
    assert(best !== undefined, 'sticky: first() of an empty partition set');
    return best;
  }
}

/** Kafka's PartitionMovements: which partitions moved between which members, per topic. */
class PartitionMovements {
  readonly #byTopic = new Map<string, Map<string, JavaPartitionSet>>();
  readonly #byPartition = new Map<string, { source: string; destination: string }>();

  actualPartitionToMove(
    partition: TopicPartition,
    owner: string,
    newOwner: string,
  ): TopicPartition {
    const topicMoves = this.#byTopic.get(partition[0]);
    if (topicMoves === undefined) return partition;
    const earlier = this.#byPartition.get(partitionKey(...partition));
    const source = earlier === undefined ? owner : earlier.source;
    if (earlier !== undefined)
      assert(earlier.destination === owner, 'sticky: movement record broken');
    const reverse = topicMoves.get(pairKey(newOwner, source));
    return reverse === undefined ? partition : reverse.first();
  }

  movePartition(partition: TopicPartition, oldOwner: string, newOwner: string): void {
    const key = partitionKey(...partition);
    const earlier = this.#byPartition.get(key);
    if (earlier === undefined) {
      this.#add(partition, oldOwner, newOwner);
      return;
    }
    this.#remove(partition, earlier.source, earlier.destination);
    assert(earlier.destination === oldOwner, `sticky: ${key} moved from ${oldOwner} unexpectedly`);
    if (earlier.source !== newOwner) this.#add(partition, earlier.source, newOwner);
  }

  #add(partition: TopicPartition, source: string, destination: string): void {
    this.#byPartition.set(partitionKey(...partition), { source, destination });
    let topicMoves = this.#byTopic.get(partition[0]);
    if (topicMoves === undefined) this.#byTopic.set(partition[0], (topicMoves = new Map()));
    let set = topicMoves.get(pairKey(source, destination));
    if (set === undefined)
      topicMoves.set(pairKey(source, destination), (set = new JavaPartitionSet()));
    set.add(partition);
  }

  #remove(partition: TopicPartition, source: string, destination: string): void {
    this.#byPartition.delete(partitionKey(...partition));
    const topicMoves = this.#byTopic.get(partition[0]) as Map<string, JavaPartitionSet>;
    const set = topicMoves.get(pairKey(source, destination)) as JavaPartitionSet;
    set.delete(partition);
    if (set.size === 0) topicMoves.delete(pairKey(source, destination));
    if (topicMoves.size === 0) this.#byTopic.delete(partition[0]);
  }
}

function pairKey(source: string, destination: string): string {
  return JSON.stringify([source, destination]);
}
