/**
 * Client-side RangeAssignor (`partition.assignment.strategy` "range", Kafka's first default; the
 * 3.x+ default list [range, cooperative-sticky] still runs it). Each topic is split on its own:
 * its subscribers in member order, partitions in contiguous runs, the first `n % k` members one
 * longer. Topics of equal size with equal subscribers are therefore co-partitioned. A member's
 * list concatenates the topics in Java HashMap order of topic names, as Kafka's partitionsPerTopic
 * map yields them.
 * Rack-aware range (KIP-881, 3.5+; RangeAssignor.assignPartitions): when members send a rack and
 * some partition's replicas miss one of the racks the partitions span, partitions first go to
 * members in their rack — co-partitioned topics (same subscribers, same partition count) together,
 * partition by partition, to the first member with room whose rack every one of them has; other
 * topics run by run among matching partitions — within the same per-member quotas; then the rest
 * in runs as above, and each list is sorted by topic and partition.
 */
import { assert } from '../../../engine/assert.ts';
import { javaHashMapIterationOrder } from '../partitioner.ts';
import {
  compareTopicPartitions,
  emptyAssignment,
  sortMembers,
  subscribedTopics,
  useRackAwareAssignment,
  type Assignment,
  type AssignmentInput,
} from './memberOrder.ts';

/** RangeAssignor.TopicAssignmentState. */
interface TopicState {
  topic: string;
  /** Subscribers in member order, with their rack (null: none sent). */
  consumers: Array<{ memberId: string; rack: string | null }>;
  /** Racks of each partition's replicas; empty when no subscriber sent a rack. */
  partitionRacks: Array<Set<string>>;
  needsRackAware: boolean;
  unassigned: boolean[];
  unassignedCount: number;
  assigned: Map<string, number>;
  perConsumer: number;
  extraLeft: number;
}

export function rangeAssign(input: AssignmentInput): Assignment {
  const assignment = emptyAssignment(input.members);
  const states = javaHashMapIterationOrder(subscribedTopics(input)).map((topic) =>
    topicState(input, topic),
  );
  const rackAware = states.some((state) => state.needsRackAware);
  if (rackAware) assignWithRackMatching(states, assignment);
  for (const state of states) assignRanges(state, () => true, assignment);
  for (const state of states) {
    assert(state.unassignedCount === 0, `range: topic ${state.topic} has partitions left`);
  }
  if (rackAware) for (const list of Object.values(assignment)) list.sort(compareTopicPartitions);
  return assignment;
}

function topicState(input: AssignmentInput, topic: string): TopicState {
  const partitions = input.topics[topic] as number;
  const subscribers = sortMembers(input.members.filter((member) => member.topics.includes(topic)));
  assert(subscribers.length > 0, `range: topic ${topic} has no subscriber`);
  const consumers = subscribers.map((member) => ({
    memberId: member.memberId,
    rack: member.rack === undefined || member.rack === '' ? null : member.rack,
  }));
  const consumerRacks = new Set(consumers.flatMap((c) => (c.rack === null ? [] : [c.rack])));
  const replicaRacks = input.partitionRacks?.[topic];
  const partitionRacks =
    consumerRacks.size === 0
      ? []
      : Array.from({ length: partitions }, (_, p) => new Set(replicaRacks?.[p] ?? []));
  const needsRackAware = useRackAwareAssignment(consumerRacks, partitionRacks);
  return {
    topic,
    consumers,
    partitionRacks,
    needsRackAware,
    unassigned: Array<boolean>(partitions).fill(true),
    unassignedCount: partitions,
    assigned: new Map(consumers.map((c) => [c.memberId, 0])),
    perConsumer: Math.floor(partitions / consumers.length),
    extraLeft: partitions % consumers.length,
  };
}

function racksMatch(state: TopicState, consumer: string, partition: number): boolean {
  const rack = state.consumers.find((c) => c.memberId === consumer)?.rack ?? null;
  return rack === null || (state.partitionRacks[partition]?.has(rack) ?? false);
}

function maxAssignable(state: TopicState, consumer: string): number {
  const extra = state.extraLeft > 0 ? 1 : 0;
  return Math.max(0, state.perConsumer + extra - (state.assigned.get(consumer) ?? 0));
}

function assign(
  state: TopicState,
  consumer: string,
  partitions: number[],
  assignment: Assignment,
): void {
  const list = assignment[consumer] as Assignment[string];
  for (const partition of partitions) {
    list.push([state.topic, partition]);
    state.unassigned[partition] = false;
  }
  state.unassignedCount -= partitions.length;
  const count = (state.assigned.get(consumer) ?? 0) + partitions.length;
  state.assigned.set(consumer, count);
  if (count > state.perConsumer) state.extraLeft--;
}

/** Each subscriber in turn takes up to its quota of the unassigned partitions it may take. */
function assignRanges(
  state: TopicState,
  mayAssign: (consumer: string, partition: number) => boolean,
  assignment: Assignment,
): void {
  for (const { memberId } of state.consumers) {
    if (state.unassignedCount === 0) break;
    const limit = maxAssignable(state, memberId);
    const taken: number[] = [];
    for (let p = 0; p < state.unassigned.length && taken.length < limit; p++) {
      if (state.unassigned[p] === true && mayAssign(memberId, p)) taken.push(p);
    }
    if (taken.length > 0) assign(state, memberId, taken, assignment);
  }
}

/** Topics grouped by their subscribers, then by partition count (co-partitioned sets). */
function assignWithRackMatching(states: TopicState[], assignment: Assignment): void {
  const groups = new Map<string, TopicState[]>();
  for (const state of states) {
    const key = `${state.partitionRacks.length}|${JSON.stringify(state.consumers)}`;
    const group = groups.get(key);
    if (group === undefined) groups.set(key, [state]);
    else group.push(state);
  }
  for (const group of groups.values()) {
    const first = group[0] as TopicState;
    if (group.length > 1) assignCoPartitioned(group, first.partitionRacks.length, assignment);
    else if (first.needsRackAware) {
      assignRanges(first, (consumer, p) => racksMatch(first, consumer, p), assignment);
    }
  }
}

function assignCoPartitioned(
  states: TopicState[],
  partitions: number,
  assignment: Assignment,
): void {
  const remaining = (states[0] as TopicState).consumers.map((c) => c.memberId);
  for (let p = 0; p < partitions && remaining.length > 0; p++) {
    const consumer = remaining.find((c) =>
      states.every((state) => racksMatch(state, c, p) && maxAssignable(state, c) > 0),
    );
    if (consumer === undefined) continue;
    for (const state of states) assign(state, consumer, [p], assignment);
    if (states.every((state) => maxAssignable(state, consumer) <= 0)) {
      remaining.splice(remaining.indexOf(consumer), 1);
    }
  }
}
