/**
 * Read-only views of the models for invariants: what each running broker's replicas hold and
 * what the controller believes. Views hand out the models' own objects without copying (the
 * checks run after every event, so they must be cheap); invariants must not mutate them.
 */
import type { Broker } from '../models/kafka/broker.ts';
import type { Controller } from '../models/kafka/controller.ts';
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

export interface ClusterView {
  forEachReplica(visit: (replica: ReplicaView) => void): void;
  forEachPartitionState(visit: (state: Readonly<PartitionState>) => void): void;
}

export function clusterView(brokers: Broker[], controller: Controller): ClusterView {
  return {
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
