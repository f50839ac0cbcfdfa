/**
 * Read-only views of the models for invariants: what each broker's replicas hold and what the
 * controller believes. Views copy nothing; invariants must not mutate what they read.
 */
import type { Broker } from '../models/kafka/broker.ts';
import type { Controller } from '../models/kafka/controller.ts';

export interface ReplicaView {
  broker: number;
  partition: string;
  role: 'leader' | 'follower' | 'none';
  leaderEpoch: number;
  logStartOffset: number;
  logEndOffset: number;
  highWatermark: number;
}

export interface ClusterView {
  replicas(): Iterable<ReplicaView>;
  partitionStates(): Iterable<{
    partition: string;
    leader: number;
    leaderEpoch: number;
    isr: number[];
  }>;
}

export function clusterView(brokers: Broker[], controller: Controller): ClusterView {
  return {
    *replicas() {
      for (const broker of brokers) {
        if (broker.state === 'down') continue;
        for (const replica of broker.replicas.replicas()) {
          yield {
            broker: broker.brokerId,
            partition: replica.info.name,
            role: replica.role,
            leaderEpoch: replica.leaderEpoch,
            logStartOffset: replica.log.logStartOffset,
            logEndOffset: replica.log.logEndOffset,
            highWatermark: replica.log.highWatermark,
          };
        }
      }
    },
    *partitionStates() {
      for (const state of controller.partitions) {
        yield {
          partition: String(state.partitionIndex),
          leader: state.leader,
          leaderEpoch: state.leaderEpoch,
          isr: state.isr,
        };
      }
    },
  };
}
