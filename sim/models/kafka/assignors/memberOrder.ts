/**
 * Shared vocabulary of the assignors and the member order they all start from. Kafka's MemberInfo
 * (clients/.../internals/AbstractPartitionAssignor.java) sorts members that set
 * `group.instance.id` (KIP-345 static members) first, by instance id, then the rest by member id,
 * both with Java's String.compareTo, which compares UTF-16 code units, as JavaScript's `<` does.
 * A static member that restarts gets a new member id but keeps its place, hence its partitions.
 * Racks (KIP-881): members' racks and partitions' replica racks are in the input; the range
 * (range.ts) and sticky (stickyRacks.ts) assignors are rack-aware.
 */

/** A topic partition as `[topic, partition]`. */
export type TopicPartition = [topic: string, partition: number];

export interface GroupMember {
  memberId: string;
  /** `group.instance.id` of a static member. */
  instanceId?: string;
  topics: string[];
  /** Partitions the member owned before this rebalance (cooperative) or last got (eager sticky). */
  owned?: TopicPartition[];
  /** Generation of `owned`; absent means unknown (Kafka's DEFAULT_GENERATION, -1). */
  generation?: number;
  rack?: string;
}

export interface AssignmentInput {
  /** Partition count of every topic in the metadata. */
  topics: Record<string, number>;
  members: GroupMember[];
  /**
   * The racks of each partition's replicas (`broker.rack`), per topic and partition: what
   * rack-aware assignment (KIP-881) matches members' racks against. Absent: no broker racks.
   */
  partitionRacks?: Record<string, string[][]>;
}

/** Member id → assigned partitions. Every member of the input is a key. */
export type Assignment = Record<string, TopicPartition[]>;

/** Java's String.compareTo sign: UTF-16 code unit order. */
export function compareJavaStrings(left: string, right: string): number {
  if (left < right) return -1;
  if (left > right) return 1;
  return 0;
}

/**
 * MemberInfo.compareTo: static members (by instance id) before dynamic ones (by member id). The
 * member id ends every comparison so the order is total even with a duplicated instance id.
 */
export function compareMembers(left: GroupMember, right: GroupMember): number {
  const leftStatic = left.instanceId !== undefined;
  const rightStatic = right.instanceId !== undefined;
  if (leftStatic && rightStatic) {
    const byInstance = compareJavaStrings(left.instanceId as string, right.instanceId as string);
    if (byInstance !== 0) return byInstance;
  } else if (leftStatic) {
    return -1;
  } else if (rightStatic) {
    return 1;
  }
  return compareJavaStrings(left.memberId, right.memberId);
}

/**
 * AbstractPartitionAssignor.useRackAwareAssignment: some member's rack holds a replica, and some
 * partition misses one of the racks the partitions span (or `prefer`, Kafka's test-only
 * preferRackAwareLogic, forces it).
 */
export function useRackAwareAssignment(
  consumerRacks: Iterable<string>,
  partitionRacks: Iterable<ReadonlySet<string>>,
  prefer = false,
): boolean {
  const perPartition = [...partitionRacks];
  const all = new Set<string>();
  for (const racks of perPartition) for (const rack of racks) all.add(rack);
  if (![...consumerRacks].some((rack) => all.has(rack))) return false;
  return prefer || perPartition.some((racks) => racks.size !== all.size);
}

/** A sorted copy of the members, in MemberInfo order. */
export function sortMembers<T extends GroupMember>(members: readonly T[]): T[] {
  return [...members].sort(compareMembers);
}

/** A topic partition's key in maps and sets: `topic-partition` (unambiguous: split at last '-'). */
export function partitionKey(topic: string, partition: number): string {
  return `${topic}-${partition}`;
}

/** Topic, then partition number: the order of every returned list. */
export function compareTopicPartitions(left: TopicPartition, right: TopicPartition): number {
  return compareJavaStrings(left[0], right[0]) || left[1] - right[1];
}

/**
 * Topics the assignors see, like AbstractPartitionAssignor.assign: those some member subscribes
 * to that exist in the metadata with at least one partition, sorted by name.
 */
export function subscribedTopics(input: AssignmentInput): string[] {
  const topics = new Set<string>();
  for (const member of input.members) {
    for (const topic of member.topics) {
      const count = input.topics[topic];
      if (Object.hasOwn(input.topics, topic) && count !== undefined && count > 0) topics.add(topic);
    }
  }
  return [...topics].sort(compareJavaStrings);
}

/** An assignment with an empty list for every member, keys in input order. */
export function emptyAssignment(members: readonly GroupMember[]): Assignment {
  const assignment: Assignment = {};
  for (const member of members) assignment[member.memberId] = [];
  return assignment;
}
