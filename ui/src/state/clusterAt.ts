/**
 * The cluster as it stands at any virtual time, derived from the scenario's initial assignment
 * plus the trace's events: each broker's process state (brokerState), fencing (brokerFenced),
 * isolation; cut links (linkCut); each partition's leader, epoch and ISR (leaderChange,
 * isrChange) and health; each consumer group's phase (rebalance) and which member consumes which
 * partition (assignment). Pure: no DOM. A state is stored every CHECKPOINT_EVENTS events when the
 * timeline is built, so a query applies at most that many events to a copy of a checkpoint.
 */
import type { TraceEvent } from '../../../sim/trace/types.ts';
import type { ScenarioShape } from '../trace/shape.ts';
import { lastAtOrBefore } from '../trace/search.ts';

export const CHECKPOINT_EVENTS = 512;

export type BrokerProcess = 'up' | 'down' | 'recovering' | 'paused';
/** offline: no leader; unavailable: the leader's broker is down, recovering or paused. */
export type PartitionHealth =
  'healthy' | 'underReplicated' | 'underMinIsr' | 'unavailable' | 'offline';

export interface BrokerAt {
  id: number;
  name: string;
  zone: string;
  process: BrokerProcess;
  fenced: boolean;
  isolated: boolean;
}

export interface PartitionAt {
  name: string;
  topic: string;
  replicas: number[];
  leader: number;
  leaderEpoch: number;
  isr: number[];
  health: PartitionHealth;
}

export interface LinkCut {
  between: string[];
  and: string[];
}

export interface GroupAt {
  name: string;
  phase: string;
  protocol: string;
  generation: number;
  /** Members that consume at least one partition, each with its partitions in name order. */
  members: Array<{ member: string; partitions: string[] }>;
}

export interface ClusterAt {
  timeUs: number;
  /** The last event applied, -1 before the first. */
  eventIndex: number;
  brokers: BrokerAt[];
  partitions: PartitionAt[];
  cutLinks: LinkCut[];
  isolatedNodes: string[];
  groups: GroupAt[];
}

interface PartitionState {
  topic: string;
  replicas: number[];
  minInsyncReplicas: number;
  leader: number;
  leaderEpoch: number;
  isr: number[];
}

interface GroupState {
  phase: string;
  protocol: string;
  generation: number;
  owners: Map<string, string>;
}

interface State {
  brokers: Array<{ process: BrokerProcess; fenced: boolean }>;
  partitions: Map<string, PartitionState>;
  cutLinks: LinkCut[];
  isolated: Set<string>;
  groups: Map<string, GroupState>;
}

export class ClusterTimeline {
  readonly #shape: ScenarioShape;
  readonly #events: readonly TraceEvent[];
  readonly #timesUs: Float64Array;
  readonly #checkpoints: State[] = [];

  constructor(shape: ScenarioShape, events: readonly TraceEvent[]) {
    this.#shape = shape;
    this.#events = events;
    this.#timesUs = Float64Array.from(events, (event) => event.atUs);
    const state = initialState(shape);
    this.#checkpoints.push(copyState(state));
    for (let index = 0; index < events.length; index++) {
      applyEvent(state, events[index] as TraceEvent, shape);
      if ((index + 1) % CHECKPOINT_EVENTS === 0) this.#checkpoints.push(copyState(state));
    }
  }

  /** The cluster after every event at or before timeUs. */
  at(timeUs: number): ClusterAt {
    return this.afterEvent(lastAtOrBefore(this.#timesUs, timeUs), timeUs);
  }

  /** The cluster after events 0..eventIndex (-1: none). */
  afterEvent(eventIndex: number, timeUs: number): ClusterAt {
    const applied = eventIndex + 1;
    const checkpoint = Math.floor(applied / CHECKPOINT_EVENTS);
    const state = copyState(this.#checkpoints[checkpoint] as State);
    for (let index = checkpoint * CHECKPOINT_EVENTS; index < applied; index++) {
      applyEvent(state, this.#events[index] as TraceEvent, this.#shape);
    }
    return snapshot(state, this.#shape, eventIndex, timeUs);
  }
}

function initialState(shape: ScenarioShape): State {
  const partitions = new Map<string, PartitionState>();
  for (const topic of shape.topics) {
    for (let partition = 0; partition < topic.partitions; partition++) {
      const replicas = topic.replicas[partition] ?? [];
      partitions.set(`${topic.name}-${partition}`, initialPartition(topic, replicas));
    }
  }
  return {
    brokers: shape.brokers.map(() => ({ process: 'up', fenced: false })),
    partitions,
    cutLinks: [],
    isolated: new Set(),
    groups: new Map(),
  };
}

function copyState(state: State): State {
  const partitions = new Map<string, PartitionState>();
  for (const [name, partition] of state.partitions) partitions.set(name, { ...partition });
  const groups = new Map<string, GroupState>();
  for (const [name, group] of state.groups) {
    groups.set(name, { ...group, owners: new Map(group.owners) });
  }
  return {
    brokers: state.brokers.map((broker) => ({ ...broker })),
    partitions,
    cutLinks: [...state.cutLinks],
    isolated: new Set(state.isolated),
    groups,
  };
}

const brokerIdOf = (entity: string): number => {
  const match = /-(\d+)$/.exec(entity);
  return match === null ? -1 : Number(match[1]);
};
const listOf = (value: unknown): string[] =>
  typeof value === 'string' && value !== '' ? value.split(',') : [];
const numbersOf = (value: unknown): number[] =>
  Array.isArray(value) ? value.filter((item): item is number => typeof item === 'number') : [];

/**
 * A partition the scenario did not list at the start (added by an addPartitions fault) gets the
 * replicas the simulator's catalog gives it: its topic's assignment, wrapping around.
 */
function partitionOf(state: State, name: string, shape: ScenarioShape): PartitionState | null {
  const known = state.partitions.get(name);
  if (known !== undefined) return known;
  const match = /^(.*)-(\d+)$/.exec(name);
  const topic = shape.topics.find((each) => each.name === match?.[1]);
  if (match === null || topic === undefined) return null;
  const base = topic.replicas[Number(match[2]) % Math.max(1, topic.partitions)] ?? [];
  const partition = initialPartition(topic, base);
  state.partitions.set(name, partition);
  return partition;
}

function applyEvent(state: State, event: TraceEvent, shape: ScenarioShape): void {
  const { data } = event;
  switch (event.kind) {
    case 'brokerState': {
      const broker = state.brokers[brokerIdOf(event.entity)];
      const process = data['state'];
      if (broker !== undefined && typeof process === 'string' && isProcess(process)) {
        broker.process = process;
      }
      return;
    }
    case 'brokerFenced': {
      const broker = state.brokers[brokerIdOf(event.entity)];
      if (broker !== undefined) broker.fenced = data['fenced'] === true;
      return;
    }
    case 'leaderChange': {
      const partition = partitionOf(state, event.entity, shape);
      if (partition === null) return;
      if (typeof data['leader'] === 'number') partition.leader = data['leader'];
      if (typeof data['leaderEpoch'] === 'number') partition.leaderEpoch = data['leaderEpoch'];
      if (Array.isArray(data['isr'])) partition.isr = numbersOf(data['isr']);
      return;
    }
    case 'isrChange': {
      const partition = partitionOf(state, event.entity, shape);
      if (partition !== null) partition.isr = numbersOf(data['isr']);
      return;
    }
    case 'isolation':
      if (data['isolated'] === true) state.isolated.add(event.entity);
      else state.isolated.delete(event.entity);
      return;
    case 'linkCut':
      applyLinkCut(state, listOf(data['between']), listOf(data['and']), data['cut'] === true);
      return;
    case 'rebalance':
    case 'assignment':
      applyGroupEvent(state, event, shape);
      return;
  }
}

function isProcess(value: string): value is BrokerProcess {
  return value === 'up' || value === 'down' || value === 'recovering' || value === 'paused';
}

function applyLinkCut(state: State, between: string[], and: string[], cut: boolean): void {
  const key = (link: LinkCut): string => `${link.between.join(',')}|${link.and.join(',')}`;
  const wanted = key({ between, and });
  state.cutLinks = state.cutLinks.filter((link) => key(link) !== wanted);
  if (cut) state.cutLinks.push({ between, and });
}

function applyGroupEvent(state: State, event: TraceEvent, shape: ScenarioShape): void {
  const { data } = event;
  let group = state.groups.get(event.entity);
  if (group === undefined) {
    group = { phase: 'stable', protocol: '', generation: 0, owners: new Map() };
    state.groups.set(event.entity, group);
  }
  if (event.kind === 'rebalance') {
    if (typeof data['phase'] === 'string') group.phase = data['phase'];
    if (typeof data['protocol'] === 'string') group.protocol = data['protocol'];
    if (typeof data['generation'] === 'number') group.generation = data['generation'];
    return;
  }
  const member = typeof data['member'] === 'string' ? data['member'] : '?';
  for (const partition of listOf(data['stopped'])) {
    if (group.owners.get(partition) === member) group.owners.delete(partition);
  }
  for (const partition of listOf(data['started'])) {
    group.owners.set(partition, member);
    partitionOf(state, partition, shape);
  }
}

function healthOf(partition: PartitionState, brokers: State['brokers']): PartitionHealth {
  if (partition.leader < 0) return 'offline';
  const leader = brokers[partition.leader];
  if (leader !== undefined && leader.process !== 'up') return 'unavailable';
  if (partition.isr.length < partition.minInsyncReplicas) return 'underMinIsr';
  if (partition.isr.length < partition.replicas.length) return 'underReplicated';
  return 'healthy';
}

function snapshot(
  state: State,
  shape: ScenarioShape,
  eventIndex: number,
  timeUs: number,
): ClusterAt {
  const brokers = shape.brokers.map((info, id): BrokerAt => {
    const broker = state.brokers[id] ?? { process: 'up', fenced: false };
    return { ...info, ...broker, isolated: state.isolated.has(info.name) };
  });
  const partitions = [...state.partitions].map(([name, partition]): PartitionAt => ({
    name,
    topic: partition.topic,
    replicas: partition.replicas,
    leader: partition.leader,
    leaderEpoch: partition.leaderEpoch,
    isr: partition.isr,
    health: healthOf(partition, state.brokers),
  }));
  const groups = [...state.groups].map(([name, group]): GroupAt => {
    const byMember = new Map<string, string[]>();
    for (const [partition, member] of group.owners) {
      const list = byMember.get(member) ?? [];
      list.push(partition);
      byMember.set(member, list);
    }
    const members = [...byMember]
      .map(([member, owned]) => ({ member, partitions: owned.sort(byPartitionName) }))
      .sort((a, b) => (a.member < b.member ? -1 : a.member > b.member ? 1 : 0));
    return {
      name,
      phase: group.phase,
      protocol: group.protocol,
      generation: group.generation,
      members,
    };
  });
  return {
    timeUs,
    eventIndex,
    brokers,
    partitions,
    cutLinks: state.cutLinks.map((link) => ({ between: [...link.between], and: [...link.and] })),
    isolatedNodes: [...state.isolated].sort(),
    groups,
  };
}

/** orders-2 before orders-10: topic by text, then the partition number. */
export function byPartitionName(a: string, b: string): number {
  const matchA = /^(.*)-(\d+)$/.exec(a);
  const matchB = /^(.*)-(\d+)$/.exec(b);
  const topicA = matchA?.[1] ?? a;
  const topicB = matchB?.[1] ?? b;
  if (topicA !== topicB) return topicA < topicB ? -1 : 1;
  return Number(matchA?.[2] ?? 0) - Number(matchB?.[2] ?? 0);
}

/** A partition as the scenario places it: the first replica leads epoch 0, all in the ISR. */
function initialPartition(
  topic: ScenarioShape['topics'][number],
  replicas: readonly number[],
): PartitionState {
  return {
    topic: topic.name,
    replicas: [...replicas],
    minInsyncReplicas: topic.minInsyncReplicas,
    leader: replicas[0] ?? -1,
    leaderEpoch: 0,
    isr: [...replicas],
  };
}
