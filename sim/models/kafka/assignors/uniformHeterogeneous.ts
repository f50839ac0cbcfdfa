/**
 * The uniform assignor's heterogeneous builder (UniformHeterogeneousAssignmentBuilder.java, 4.0
 * rewrite): keep owned partitions of still-subscribed topics; give each free partition, topic by
 * topic (most partitions per subscriber first), to the topic's least-loaded subscriber; then, for
 * at most 16 rounds over the topics with two or more subscribers, move partitions of a topic from
 * its most-loaded subscribers to its least-loaded ones until their loads differ by at most one.
 * The member and topic order rules are in uniform.ts.
 */
import { assert } from '../../../engine/assert.ts';
import { compareJavaStrings } from './memberOrder.ts';
import type { ServerGroupSpec } from './uniform.ts';

const ITERATION_COUNT_MAX = 16;

interface State {
  spec: ServerGroupSpec;
  /** Member index → partitions per topic. */
  target: Array<Map<string, Set<number>>>;
  sizes: number[];
  /** Topic → member index owning each partition, or -1. */
  owners: Map<string, number[]>;
  subscribers: Map<string, number[]>;
}

export function uniformHeterogeneousAssign(
  spec: ServerGroupSpec,
): Map<string, Map<string, Set<number>>> {
  const state: State = { spec, target: [], sizes: [], owners: new Map(), subscribers: new Map() };
  spec.memberIds.forEach((memberId, index) => {
    for (const topic of spec.subscriptions.get(memberId) as string[]) {
      const list = state.subscribers.get(topic) ?? [];
      list.push(index);
      state.subscribers.set(topic, list);
    }
  });
  for (const topic of state.subscribers.keys()) {
    state.owners.set(topic, new Array<number>(spec.partitionCounts.get(topic) as number).fill(-1));
  }
  spec.memberIds.forEach((memberId, index) => {
    const kept = new Map<string, Set<number>>();
    const subscribed = new Set(spec.subscriptions.get(memberId));
    let size = 0;
    for (const [topic, partitions] of spec.owned.get(memberId) as Map<string, number[]>) {
      if (!subscribed.has(topic)) continue;
      kept.set(topic, new Set(partitions));
      size += partitions.length;
      const owners = state.owners.get(topic) as number[];
      for (const partition of partitions) owners[partition] = index;
    }
    state.target.push(kept);
    state.sizes.push(size);
  });
  assignRemaining(state);
  const balanced = sortTopics(
    state,
    [...state.subscribers.keys()].filter((t) => subscriberCount(state, t) >= 2),
  );
  if (balanced.length > 0) balanceTopics(state, balanced);
  const result = new Map<string, Map<string, Set<number>>>();
  spec.memberIds.forEach((memberId, index) =>
    result.set(memberId, state.target[index] as Map<string, Set<number>>),
  );
  return result;
}

function subscriberCount(state: State, topic: string): number {
  return (state.subscribers.get(topic) as number[]).length;
}

/**
 * Most partitions per subscriber first (compared exactly, by cross-multiplying), then fewer
 * subscribers, then name.
 */
function sortTopics(state: State, topics: string[]): string[] {
  const count = (topic: string) => state.spec.partitionCounts.get(topic) as number;
  return [...topics].sort(
    (a, b) =>
      count(b) * subscriberCount(state, a) - count(a) * subscriberCount(state, b) ||
      subscriberCount(state, a) - subscriberCount(state, b) ||
      compareJavaStrings(a, b),
  );
}

function assignRemaining(state: State): void {
  const balancer = new MemberAssignmentBalancer(state.sizes);
  for (const topic of sortTopics(state, [...state.subscribers.keys()])) {
    const owners = state.owners.get(topic) as number[];
    const free = owners.flatMap((owner, partition) => (owner === -1 ? [partition] : []));
    if (free.length === 0) continue;
    balancer.initialize(state.subscribers.get(topic) as number[]);
    for (const partition of free)
      assignPartition(state, topic, partition, balancer.nextLeastLoaded());
  }
}

function assignPartition(
  state: State,
  topic: string,
  partition: number,
  memberIndex: number,
): void {
  const owners = state.owners.get(topic) as number[];
  const oldIndex = owners[partition] as number;
  if (oldIndex !== -1) {
    const set = state.target[oldIndex]?.get(topic);
    set?.delete(partition);
    if (set !== undefined && set.size === 0) state.target[oldIndex]?.delete(topic);
    state.sizes[oldIndex] = (state.sizes[oldIndex] as number) - 1;
  }
  const kept = state.target[memberIndex] as Map<string, Set<number>>;
  const set = kept.get(topic) ?? new Set<number>();
  set.add(partition);
  kept.set(topic, set);
  owners[partition] = memberIndex;
  state.sizes[memberIndex] = (state.sizes[memberIndex] as number) + 1;
}

function balanceTopics(state: State, sortedTopics: readonly string[]): void {
  let lastRebalanceTopicIndex = -1;
  const balancer = new MemberAssignmentBalancer(state.sizes);
  for (let iteration = 0; iteration < ITERATION_COUNT_MAX; iteration++) {
    for (let topicIndex = 0; topicIndex < sortedTopics.length; topicIndex++) {
      // A full round over the topics without a move: balanced.
      if (topicIndex === lastRebalanceTopicIndex) return;
      const moved = balanceTopic(state, sortedTopics[topicIndex] as string, balancer);
      if (moved > 0 || lastRebalanceTopicIndex === -1) lastRebalanceTopicIndex = topicIndex;
    }
  }
}

function balanceTopic(state: State, topic: string, balancer: MemberAssignmentBalancer): number {
  const owners = state.owners.get(topic) as number[];
  const imbalance = balancer.initialize(state.subscribers.get(topic) as number[]);
  if (imbalance <= 1) return 0;
  const partitions = owners.map((_, partition) => partition);
  partitions.sort((a, b) => (owners[a] as number) - (owners[b] as number) || a - b);
  const start = new Map<number, number>();
  const end = new Map<number, number>();
  partitions.forEach((partition, index) => {
    const owner = owners[partition] as number;
    if (!start.has(owner)) start.set(owner, index);
    end.set(owner, index + 1);
  });
  let moved = 0;
  while (!balancer.isBalanced()) {
    let mostLoaded = -1;
    for (;;) {
      mostLoaded = balancer.nextMostLoaded();
      if (mostLoaded === -1) break;
      const last = end.get(mostLoaded);
      if (last === undefined || last - (start.get(mostLoaded) as number) <= 0) {
        balancer.excludeMostLoaded();
        continue;
      }
      break;
    }
    if (mostLoaded === -1) break;
    const last = (end.get(mostLoaded) as number) - 1;
    const partition = partitions[last] as number;
    end.set(mostLoaded, last);
    const leastLoaded = balancer.nextLeastLoaded();
    if (balancer.isBalanced()) break;
    assignPartition(state, topic, partition, leastLoaded);
    moved++;
  }
  return moved;
}

/**
 * Kafka's MemberAssignmentBalancer: walks a topic's subscribers sorted by load, handing out the
 * least-loaded ones in rounds and the most-loaded ones in reverse rounds, over the live sizes.
 */
class MemberAssignmentBalancer {
  readonly #sizes: number[];
  #sorted: number[] = [];
  #leastEnd = 0;
  #leastCount = -1;
  #nextLeast = 0;
  #mostStart = 0;
  #mostEnd = 0;
  #mostCount = 1;
  #nextMost = -1;

  constructor(sizes: number[]) {
    this.#sizes = sizes;
  }

  #size(position: number): number {
    return this.#sizes[this.#sorted[position] as number] as number;
  }

  initialize(members: readonly number[]): number {
    assert(members.length > 0, 'uniform: cannot balance an empty subscriber list');
    this.#sorted = [...members].sort(
      (a, b) => (this.#sizes[a] as number) - (this.#sizes[b] as number) || a - b,
    );
    const lastPosition = this.#sorted.length - 1;
    this.#leastEnd = 0;
    this.#leastCount = this.#size(0) - 1;
    this.#nextLeast = 0;
    this.#mostStart = this.#sorted.length;
    this.#mostEnd = this.#sorted.length;
    this.#mostCount = this.#size(lastPosition) + 1;
    this.#nextMost = lastPosition;
    return this.#size(lastPosition) - this.#size(0);
  }

  nextLeastLoaded(): number {
    if (this.#nextLeast >= this.#leastEnd) {
      this.#leastCount++;
      while (
        this.#leastEnd < this.#sorted.length &&
        this.#size(this.#leastEnd) === this.#leastCount
      ) {
        this.#leastEnd++;
      }
      this.#nextLeast = 0;
    }
    return this.#sorted[this.#nextLeast++] as number;
  }

  nextMostLoaded(): number {
    if (this.#nextMost < this.#mostStart) {
      if (this.#mostEnd <= this.#mostStart && this.#mostStart > 0) {
        this.#mostCount = this.#size(this.#mostStart - 1);
      } else {
        this.#mostCount--;
      }
      while (this.#mostStart > 0 && this.#size(this.#mostStart - 1) === this.#mostCount)
        this.#mostStart--;
      this.#nextMost = this.#mostEnd - 1;
    }
    if (this.#nextMost < 0) return -1;
    return this.#sorted[this.#nextMost--] as number;
  }

  excludeMostLoaded(): void {
    const member = this.#sorted[this.#nextMost + 1] as number;
    this.#sorted[this.#nextMost + 1] = this.#sorted[this.#mostEnd - 1] as number;
    this.#sorted[this.#mostEnd - 1] = member;
    this.#mostEnd--;
  }

  isBalanced(): boolean {
    return this.#mostCount - this.#leastCount <= 1;
  }
}
