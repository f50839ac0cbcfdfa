/**
 * A consumer group's lag as Kafka's tools report it: over every partition of the subscribed
 * topics (as the members' metadata shows them), the leader's high watermark minus the position of
 * the member consuming it, or minus the committed offset when nobody consumes it.
 */
import type { Consumer } from '../models/kafka/consumer.ts';
import type { Cluster } from './build.ts';

export function groupLagRecords(cluster: Cluster, clients: Consumer[]): number {
  const first = clients[0];
  if (first === undefined) return 0;
  const positions = new Map<number, number>();
  for (const consumer of clients) {
    if (!consumer.running) continue;
    for (const partition of consumer.owned.values()) {
      if (partition.position >= 0) positions.set(partition.index, partition.position);
    }
  }
  let lag = 0;
  for (const [topic, indexes] of first.spec.topicPartitions) {
    const count = first.topicCounts.get(topic) ?? indexes.length;
    for (const index of indexes.slice(0, count)) {
      const leader = cluster.controller.partitions[index]?.leader ?? -1;
      const replica = cluster.brokers[leader]?.replicas.get(index);
      if (replica === undefined) continue;
      const highWatermark = replica.log.highWatermark;
      const committed = cluster.groupStore.committed(first.spec.groupId, index);
      const position = positions.get(index) ?? (committed >= 0 ? committed : highWatermark);
      lag += Math.max(0, highWatermark - position);
    }
  }
  return lag;
}
