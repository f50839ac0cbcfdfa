/**
 * The assignors' public surface: `assign` by strategy (client-side range, roundrobin, sticky,
 * cooperative-sticky from `partition.assignment.strategy`; KIP-848 server-side uniform and range
 * from `group.consumer.assignors`), Kafka class names to strategies, the rebalance protocol a
 * consumer's strategy list implies (eager unless every strategy is cooperative), and the
 * partitions that move between two assignments.
 */
import { assertNever } from '../../../engine/assert.ts';
import { cooperativeStickyAssignOrdered } from './cooperativeSticky.ts';
import {
  compareTopicPartitions,
  partitionKey,
  type Assignment,
  type AssignmentInput,
  type TopicPartition,
} from './memberOrder.ts';
import { rangeAssign } from './range.ts';
import { roundRobinAssign } from './roundRobin.ts';
import { serverRangeAssign } from './serverRange.ts';
import { orderedToRecord, stickyAssignOrdered } from './sticky.ts';
import { uniformAssign } from './uniform.ts';

export type { Assignment, AssignmentInput, GroupMember, TopicPartition } from './memberOrder.ts';
export { compareMembers, sortMembers } from './memberOrder.ts';
export { cooperativeStickyAssignDetailed } from './cooperativeSticky.ts';
export { stickyAssign } from './abstractSticky.ts';

export type AssignorStrategy =
  'range' | 'roundrobin' | 'sticky' | 'cooperative-sticky' | 'uniform' | 'server-range';

export type RebalanceProtocol = 'eager' | 'cooperative';

/** Each member's partitions in the order the assignor produced them (Kafka's list order). */
export function assignOrdered(strategy: AssignorStrategy, input: AssignmentInput): Assignment {
  switch (strategy) {
    case 'range':
      return rangeAssign(input);
    case 'roundrobin':
      return roundRobinAssign(input);
    case 'sticky':
      return orderedToRecord(input, stickyAssignOrdered(input));
    case 'cooperative-sticky':
      return orderedToRecord(input, cooperativeStickyAssignOrdered(input));
    case 'uniform':
      return uniformAssign(input);
    case 'server-range':
      return serverRangeAssign(input);
    default:
      return assertNever(strategy, 'assignor strategy');
  }
}

/** Each member's partitions sorted by (topic, partition); every input member is a key. */
export function assign(strategy: AssignorStrategy, input: AssignmentInput): Assignment {
  const ordered = assignOrdered(strategy, input);
  const sorted: Assignment = {};
  for (const member of input.members) {
    sorted[member.memberId] = [...(ordered[member.memberId] ?? [])].sort(compareTopicPartitions);
  }
  return sorted;
}

const STRATEGY_BY_NAME: ReadonlyMap<string, AssignorStrategy> = new Map([
  ['org.apache.kafka.clients.consumer.RangeAssignor', 'range'],
  ['org.apache.kafka.clients.consumer.RoundRobinAssignor', 'roundrobin'],
  ['org.apache.kafka.clients.consumer.StickyAssignor', 'sticky'],
  ['org.apache.kafka.clients.consumer.CooperativeStickyAssignor', 'cooperative-sticky'],
  ['org.apache.kafka.coordinator.group.assignor.UniformAssignor', 'uniform'],
  ['org.apache.kafka.coordinator.group.assignor.RangeAssignor', 'server-range'],
  ['range', 'range'],
  ['roundrobin', 'roundrobin'],
  ['sticky', 'sticky'],
  ['cooperative-sticky', 'cooperative-sticky'],
  ['uniform', 'uniform'],
  ['server-range', 'server-range'],
]);

/**
 * A strategy from a Kafka class name or short name. The short name `range` is the client-side
 * assignor; the server-side one is `server-range` or its class name. Undefined when unknown.
 */
export function strategyFromKafkaName(name: string): AssignorStrategy | undefined {
  return STRATEGY_BY_NAME.get(name.trim());
}

/** Whether the assignor lists COOPERATIVE among its supported protocols. */
export function supportsCooperative(strategy: AssignorStrategy): boolean {
  return strategy === 'cooperative-sticky';
}

/**
 * ConsumerCoordinator picks the highest protocol that every configured assignor supports, so the
 * default [range, cooperative-sticky] is eager (and runs range, the first one all members share).
 */
export function rebalanceProtocolFor(strategies: readonly AssignorStrategy[]): RebalanceProtocol {
  if (strategies.length === 0) return 'eager';
  return strategies.every(supportsCooperative) ? 'cooperative' : 'eager';
}

export interface PartitionMove {
  partition: TopicPartition;
  /** Previous owner, undefined if the partition was unassigned. */
  from: string | undefined;
  /** New owner, undefined if the partition is now unassigned. */
  to: string | undefined;
}

/** Partitions whose owner differs between two assignments, sorted by (topic, partition). */
export function partitionsMoved(before: Assignment, after: Assignment): PartitionMove[] {
  const ownerBefore = ownerMap(before);
  const ownerAfter = ownerMap(after);
  const partitions = new Map<string, TopicPartition>();
  for (const [key, entry] of [...ownerBefore, ...ownerAfter]) partitions.set(key, entry.partition);
  const moves: PartitionMove[] = [];
  for (const [key, partition] of partitions) {
    const from = ownerBefore.get(key)?.memberId;
    const to = ownerAfter.get(key)?.memberId;
    if (from !== to) moves.push({ partition: [partition[0], partition[1]], from, to });
  }
  return moves.sort((a, b) => compareTopicPartitions(a.partition, b.partition));
}

function ownerMap(
  assignment: Assignment,
): Map<string, { memberId: string; partition: TopicPartition }> {
  const owners = new Map<string, { memberId: string; partition: TopicPartition }>();
  for (const [memberId, partitions] of Object.entries(assignment)) {
    for (const partition of partitions)
      owners.set(partitionKey(...partition), { memberId, partition });
  }
  return owners;
}
