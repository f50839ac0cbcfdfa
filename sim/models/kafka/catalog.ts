/**
 * The static facts every node knows about partitions: names, replica assignment and topic
 * configs (Kafka propagates these as topic metadata). Partitions are numbered globally in topic
 * order (`index`) so models can keep per-partition state in arrays.
 */

export interface PartitionInfo {
  index: number;
  name: string;
  topic: string;
  partition: number;
  replicas: number[];
  minInsyncReplicas: number;
  uncleanLeaderElectionEnable: boolean;
  /** Topic flush.messages: fsync after this many unflushed records (Infinity: never). */
  flushMessages: number;
  /** Topic flush.ms (µs): the log flusher fsyncs a log unflushed this long (Infinity: never). */
  flushUs: number;
  /** retention.bytes (-1: none), retention.ms in µs (-1: none), segment.bytes. */
  retentionBytes: number;
  retentionUs: number;
  segmentBytes: number;
}

export interface PartitionCatalog {
  partitions: PartitionInfo[];
  /** Partition indexes of each topic, in partition order. */
  byTopic: Map<string, number[]>;
}

export function buildCatalog(partitions: PartitionInfo[]): PartitionCatalog {
  const byTopic = new Map<string, number[]>();
  for (const info of partitions) {
    const list = byTopic.get(info.topic) ?? [];
    list.push(info.index);
    byTopic.set(info.topic, list);
  }
  return { partitions, byTopic };
}

/**
 * What acks=all needs in sync: min.insync.replicas capped at the replication factor
 * (Partition.effectiveMinIsr). A leader with fewer is under min ISR.
 */
export function minIsrFor(minInsyncReplicas: number, replicationFactor: number): number {
  return Math.min(minInsyncReplicas, replicationFactor);
}

/** Kafka picks a fetcher thread by Utils.abs(31 * topic.hashCode() + partition) % numFetchers. */
export function fetcherIndexFor(info: PartitionInfo, fetcherCount: number): number {
  let hash = 0;
  for (let index = 0; index < info.topic.length; index++) {
    hash = (Math.imul(hash, 31) + info.topic.charCodeAt(index)) | 0;
  }
  const mixed = (Math.imul(31, hash) + info.partition) | 0;
  const positive = mixed === -2147483648 ? 0 : Math.abs(mixed);
  return positive % fetcherCount;
}
