/**
 * Stub ports for driving a group state machine (classic or KIP-848) without a broker: a fresh
 * Simulation, the default group configs, a store, two topics' partition indexes, and the model
 * events collected in a list.
 */
import { Simulation } from '../../../sim/engine/index.ts';
import type { ModelEvent } from '../../../sim/models/kafka/events.ts';
import type { GroupConfig, GroupPorts } from '../../../sim/models/kafka/groups/groupPorts.ts';
import { GroupStore } from '../../../sim/models/kafka/groups/groupStore.ts';
import type { Message } from '../../../sim/models/kafka/messages.ts';

export const S = 1_000_000;

export const CONFIG: GroupConfig = {
  groupInitialRebalanceDelayUs: 3 * S,
  groupMinSessionTimeoutUs: 6_000,
  groupMaxSessionTimeoutUs: 1_800 * S,
  groupConsumerSessionTimeoutUs: 45 * S,
  groupConsumerHeartbeatIntervalUs: 5 * S,
  groupConsumerAssignors: ['uniform'],
  offsetsTopicNumPartitions: 50,
  loadBytesPerSec: 100_000_000,
};

/** Topic `t` has partitions 0..5 at indexes 0..5. */
export function harness(config: Partial<GroupConfig> = {}) {
  const sim = new Simulation({ seed: 1 });
  const events: ModelEvent[] = [];
  let next = 1;
  const ports: GroupPorts = {
    sim,
    brokerId: 0,
    emit: (event) => events.push(event),
    config: { ...CONFIG, ...config },
    store: new GroupStore(),
    schedule: (delayUs, label, run) => sim.schedule(delayUs, label, run),
    topicPartitions: (topic) => (topic === 't' ? [0, 1, 2, 3, 4, 5] : []),
    topicPartitionOf: (index) => ['t', index],
    nextMemberId: (hint) => `${hint}-${next++}`,
  };
  const phases = (): string[] =>
    events.flatMap((event) =>
      event.kind === 'rebalancePhase' ? [`${event.atUs / 1000}ms ${event.phase}`] : [],
    );
  return { sim, ports, events, phases };
}

/** A respond callback that keeps every reply with the time it came. */
export function replies() {
  const got: Array<{ atUs: number; message: Message }> = [];
  return { got, last: () => got.at(-1)?.message };
}
