/**
 * Read-only views of the models for invariants: what each running broker's replicas hold and
 * what the controller believes. Views hand out the models' own objects without copying (the
 * checks run after every event, so they must be cheap); invariants must not mutate them.
 */
import type { Broker } from '../models/kafka/broker.ts';
import type { Consumer } from '../models/kafka/consumer.ts';
import type { Controller } from '../models/kafka/controller.ts';
import type { GroupStore } from '../models/kafka/groups/groupStore.ts';
import type { HostedReplica } from '../models/kafka/hostedReplica.ts';
import type { PartitionState } from '../models/kafka/messages.ts';

export interface ReplicaView {
  broker: number;
  partition: string;
  partitionIndex: number;
  role: 'leader' | 'follower' | 'none';
  leaderEpoch: number;
  logStartOffset: number;
  logEndOffset: number;
  highWatermark: number;
  /** Where the log's entries end when they start at the log start (LEO when sound), else -1. */
  entriesEndOffset: number;
}

/** A running consumer: its group, generation (classic) or member epoch (KIP-848), partitions. */
export interface ConsumerView {
  group: string;
  member: string;
  protocol: 'classic' | 'consumer';
  generation: number;
  owned: ReadonlyMap<number, unknown>;
}

/** A KIP-848 member on its coordinator: what it is assigned and what it still has to revoke. */
export interface GroupMemberView {
  broker: number;
  group: string;
  member: string;
  assigned: readonly number[];
  pendingRevocation: readonly number[];
}

export interface ClusterView {
  forEachReplica(visit: (replica: ReplicaView) => void): void;
  forEachPartitionState(visit: (state: Readonly<PartitionState>) => void): void;
  forEachConsumer?(visit: (consumer: ConsumerView) => void): void;
  forEachGroupMember?(visit: (member: GroupMemberView) => void): void;
  /** Committed offsets: group → partition index → offset (the store's own maps). */
  committedOffsets?(): ReadonlyMap<string, ReadonlyMap<number, number>>;
}

export function clusterView(
  brokers: Broker[],
  controller: Controller,
  consumers: Consumer[] = [],
  store: GroupStore | null = null,
): ClusterView {
  const base: ClusterView = {
    forEachReplica(visit) {
      for (const broker of brokers) {
        if (broker.state === 'down') continue;
        for (const replica of broker.replicas.replicas()) visit(replicaView(broker, replica));
      }
    },
    forEachPartitionState(visit) {
      for (const state of controller.partitions) visit(state);
    },
  };
  // Without consumers the group checks have nothing to visit: leave them out (they run after
  // every event).
  if (consumers.length === 0) return base;
  const offsets = store?.offsets ?? new Map<string, Map<number, number>>();
  return {
    ...base,
    forEachConsumer(visit) {
      for (const consumer of consumers) {
        if (!consumer.running) continue;
        visit({
          group: consumer.spec.groupId,
          member: consumer.spec.clientId,
          protocol: consumer.spec.protocol,
          generation: consumer.membership.commitIdentity().generation,
          owned: consumer.owned,
        });
      }
    },
    forEachGroupMember(visit) {
      for (const broker of brokers) {
        if (broker.state === 'down') continue;
        for (const [group, state] of broker.groups.consumer) {
          for (const member of state.members.values()) {
            visit({
              broker: broker.brokerId,
              group,
              member: member.memberId,
              assigned: member.assigned,
              pendingRevocation: member.pendingRevocation,
            });
          }
        }
      }
    },
    committedOffsets: () => offsets,
  };
}

function replicaView(broker: Broker, replica: HostedReplica): ReplicaView {
  return {
    broker: broker.brokerId,
    partition: replica.info.name,
    partitionIndex: replica.info.index,
    role: replica.role,
    leaderEpoch: replica.leaderEpoch,
    logStartOffset: replica.log.logStartOffset,
    logEndOffset: replica.log.logEndOffset,
    highWatermark: replica.log.highWatermark,
    entriesEndOffset: replica.log.contiguousEndOffset(),
  };
}
