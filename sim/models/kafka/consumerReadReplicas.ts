/**
 * Fetch from the closest replica on the consumer's side (KIP-392; SubscriptionState's preferred
 * read replica, AbstractFetch.selectReadReplica, FetchCollector). A leader's answer may name a
 * replica for a partition; the consumer then fetches that partition from it, naming the leader
 * epoch it knows, until metadata.max.age.ms has passed, when it asks the leader again. An error
 * from that replica sends the partition back to the leader: OFFSET_OUT_OF_RANGE only clears the
 * replica (the follower may not have the offset yet; no offset reset), NOT_LEADER_OR_FOLLOWER and
 * FENCED_LEADER_EPOCH also refresh the metadata, and a failed or timed-out fetch clears the
 * replica of every partition it carried.
 */
import type { Consumer } from './consumer.ts';
import type { OwnedPartition } from './consumerPoll.ts';

/** The broker to fetch `partition` from now: its read replica while valid, else its leader. */
export function fetchNodeOf(consumer: Consumer, partition: OwnedPartition): number {
  if (partition.readReplica >= 0) {
    if (consumer.sim.nowUs < partition.readReplicaUntilUs) return partition.readReplica;
    clearReadReplica(consumer, partition); // Expired: the leader chooses again.
  }
  return consumer.metadata.leaderOf(partition.index);
}

/** The leader named `broker` as the partition's preferred read replica. */
export function setReadReplica(consumer: Consumer, partition: OwnedPartition, broker: number) {
  if (partition.readReplica !== broker) consumer.ownedVersion++;
  partition.readReplica = broker;
  partition.readReplicaUntilUs = consumer.sim.nowUs + consumer.spec.metadataMaxAgeUs;
}

/** Back to the leader; true when the partition had a read replica. */
export function clearReadReplica(consumer: Consumer, partition: OwnedPartition): boolean {
  if (partition.readReplica < 0) return false;
  partition.readReplica = -1;
  consumer.ownedVersion++;
  return true;
}
