/**
 * A broker's group coordinator and its share of the request path: the coordinator of every
 * group whose __consumer_offsets partition this broker leads, and FindCoordinator, answered from
 * the broker's metadata image (the offsets partition's leader, or COORDINATOR_NOT_AVAILABLE).
 */
import type { Simulation, Timer } from '../../engine/index.ts';
import type { PartitionCatalog } from './catalog.ts';
import type { Emit } from './events.ts';
import { GroupCoordinator } from './groups/groupCoordinator.ts';
import { DEFAULT_GROUP_CONFIG, type GroupConfig } from './groups/groupPorts.ts';
import { GroupStore } from './groups/groupStore.ts';
import type { ReplicaManager } from './replicaManager.ts';
import type { RequestHandler } from './requestHandler.ts';

export interface BrokerGroupsSpec {
  sim: Simulation;
  brokerId: number;
  emit: Emit;
  catalog: PartitionCatalog;
  groups?: { config: GroupConfig; store: GroupStore; offsetsIndex: Map<number, number> };
  /** Partitions of each topic as the broker's metadata shows them (addPartitions raises it). */
  topicPartitions: Map<string, number>;
  schedule: (delayUs: number, label: string, run: () => void) => Timer;
  /** The leader of a partition in the broker's metadata image (-1: none known). */
  leaderOf: (index: number) => number;
}

/** The coordinator, with the request handler's group requests routed to it. */
export function brokerGroupCoordinator(
  spec: BrokerGroupsSpec,
  replicas: ReplicaManager,
  requests: RequestHandler,
): GroupCoordinator {
  const { catalog, topicPartitions, groups } = spec;
  let memberIdNext = 1;
  const coordinator = new GroupCoordinator(
    {
      sim: spec.sim,
      brokerId: spec.brokerId,
      emit: spec.emit,
      config: groups?.config ?? DEFAULT_GROUP_CONFIG,
      store: groups?.store ?? new GroupStore(),
      schedule: spec.schedule,
      topicPartitions: (topic) =>
        (catalog.byTopic.get(topic) ?? []).slice(0, topicPartitions.get(topic) ?? 0),
      topicPartitionOf: (index) => {
        const info = catalog.partitions[index];
        return [info?.topic ?? '?', info?.partition ?? -1];
      },
      nextMemberId: (hint) => `${hint}-b${spec.brokerId}-${memberIdNext++}`,
    },
    replicas,
    groups?.offsetsIndex ?? new Map(),
  );
  requests.onGroupRequest = (message, from, respond) => {
    if (message.kind !== 'findCoordinatorRequest') {
      coordinator.onRequest(message, from, respond);
      return;
    }
    const leader = spec.leaderOf(coordinator.offsetsPartitionOf(message.groupId));
    respond({
      kind: 'findCoordinatorResponse',
      requestId: message.requestId,
      error: leader < 0 ? 'COORDINATOR_NOT_AVAILABLE' : 'NONE',
      coordinator: leader,
    });
  };
  return coordinator;
}
