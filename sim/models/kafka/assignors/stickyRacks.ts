/**
 * The rack view of the sticky assignors (KIP-881, Kafka 3.5+), after the RackInfo class of Kafka's
 * AbstractStickyAssignor.java. Members send their rack (`client.rack`) in the subscription; each
 * partition's racks are those of its replicas (`broker.rack`). Rack-aware assignment applies as
 * AbstractPartitionAssignor.useRackAwareAssignment says (memberOrder.ts); Kafka's tests can force
 * it with the package-private `preferRackAwareLogic`, which `StickyOptions` carries. When it does
 * not apply, no member has a rack here and nothing mismatches, so the builders behave as without
 * racks.
 */
import {
  partitionKey,
  useRackAwareAssignment,
  type AssignmentInput,
  type GroupMember,
  type TopicPartition,
} from './memberOrder.ts';

export interface StickyOptions {
  /** Kafka's test-only AbstractPartitionAssignor.preferRackAwareLogic: rack-aware even if all
   * partitions are on every rack. The simulator never sets it. */
  preferRackAwareLogic?: boolean;
}

export interface StickyRackInfo {
  /** Member id → rack; empty unless rack-aware assignment applies. */
  consumerRacks: Map<string, string>;
  /** Partition key → its replicas' racks; empty unless rack-aware assignment applies. */
  partitionRacks: Map<string, Set<string>>;
  /** Partition key → members whose rack holds a replica; empty when no member sent a rack. */
  rackMemberCounts: Map<string, number>;
}

/**
 * RackInfo's constructor. `memberIterationOrder` is Kafka's subscriptions HashMap order, which
 * fills its rack → members lists; `partitionCounts` holds the subscribed topics.
 */
export function stickyRackInfo(
  input: AssignmentInput,
  memberIterationOrder: readonly string[],
  membersById: ReadonlyMap<string, GroupMember>,
  partitionCounts: ReadonlyMap<string, number>,
  options: StickyOptions,
): StickyRackInfo {
  const membersByRack = new Map<string, string[]>();
  for (const memberId of memberIterationOrder) {
    const rack = membersById.get(memberId)?.rack;
    if (rack === undefined || rack === '') continue;
    const list = membersByRack.get(rack);
    if (list === undefined) membersByRack.set(rack, [memberId]);
    else list.push(memberId);
  }
  if (membersByRack.size === 0) {
    return { consumerRacks: new Map(), partitionRacks: new Map(), rackMemberCounts: new Map() };
  }
  const partitionRacks = new Map<string, Set<string>>();
  for (const [topic, count] of partitionCounts) {
    for (let partition = 0; partition < count; partition++) {
      const racks = new Set(input.partitionRacks?.[topic]?.[partition] ?? []);
      partitionRacks.set(partitionKey(topic, partition), racks);
    }
  }
  const rackMemberCounts = new Map<string, number>();
  for (const [key, racks] of partitionRacks) {
    let count = 0;
    for (const rack of racks) count += membersByRack.get(rack)?.length ?? 0;
    rackMemberCounts.set(key, count);
  }
  // Kafka counts these even when rack-aware assignment does not apply; they are then all equal.
  const prefer = options.preferRackAwareLogic === true;
  if (!useRackAwareAssignment(membersByRack.keys(), partitionRacks.values(), prefer)) {
    return { consumerRacks: new Map(), partitionRacks: new Map(), rackMemberCounts };
  }
  const consumerRacks = new Map<string, string>();
  for (const [rack, members] of membersByRack) {
    for (const memberId of members) consumerRacks.set(memberId, rack);
  }
  return { consumerRacks, partitionRacks, rackMemberCounts };
}

/** RackInfo.racksMismatch: the member has a rack and no replica of the partition is there. */
export function racksMismatch(info: StickyRackInfo, memberId: string, key: string): boolean {
  const rack = info.consumerRacks.get(memberId);
  if (rack === undefined) return false;
  return info.partitionRacks.get(key)?.has(rack) !== true;
}

/**
 * RackInfo.sortPartitionsByRackConsumers: partitions with fewer members on their racks first, so
 * the scarce ones are matched before the common ones use up the members' quotas. Java's sort is
 * stable; the index tie-break keeps that explicit.
 */
export function sortByRackMembers(
  info: StickyRackInfo,
  partitions: readonly TopicPartition[],
): TopicPartition[] {
  if (info.rackMemberCounts.size === 0) return [...partitions];
  const count = ([topic, partition]: TopicPartition) =>
    info.rackMemberCounts.get(partitionKey(topic, partition)) ?? 0;
  return partitions
    .map((partition, index) => ({ partition, index, count: count(partition) }))
    .sort((left, right) => left.count - right.count || left.index - right.index)
    .map(({ partition }) => partition);
}

/**
 * RackInfo.nextRackConsumer: the index in `members`, searching cyclically from `firstIndex`, of
 * the first member whose rack holds a replica of the partition; -1 when there is none.
 */
export function nextRackMember(
  info: StickyRackInfo,
  key: string,
  members: readonly string[],
  firstIndex: number,
): number {
  const racks = info.partitionRacks.get(key);
  if (racks === undefined || racks.size === 0) return -1;
  for (let step = 0; step < members.length; step++) {
    const index = (firstIndex + step) % members.length;
    const rack = info.consumerRacks.get(members[index] as string);
    if (rack !== undefined && racks.has(rack)) return index;
  }
  return -1;
}
