/**
 * The Kafka configs kafkasim reads, each with its field name in the resolved scenario and how its
 * value converts (Kafka's unit → µs or bytes). resolve.ts converts with these tables, and
 * printResolved uses them backwards to label each resolved field with its Kafka name. Kafka's
 * `ms` becomes `Us`; sizes the Kafka name does not mark as bytes gain `Bytes` (`batch.size` →
 * `batchSizeBytes`).
 */

export type ConfigKind =
  | 'ms' // duration, plain number in ms → µs
  | 'seconds' // duration, plain number in s → µs
  | 'bytes' // size → bytes
  | 'int'
  | 'bool'
  | 'enum' // a string kept as is
  | 'list' // a string list (comma separated or a YAML list)
  | 'nullableLong' // null or Long.MAX_VALUE → null (never)
  | 'nullableMs' // null → null (never), else ms → µs
  | 'retentionBytes' // -1 (unlimited) or a size
  | 'retentionMs'; // -1 (forever) or ms → µs

export interface ConfigEntry {
  kafka: string;
  field: string;
  kind: ConfigKind;
}

const e = (kafka: string, field: string, kind: ConfigKind): ConfigEntry => ({ kafka, field, kind });

export const PRODUCER_CONFIG: ConfigEntry[] = [
  e('acks', 'acks', 'enum'),
  e('linger.ms', 'lingerUs', 'ms'),
  e('batch.size', 'batchSizeBytes', 'bytes'),
  e('buffer.memory', 'bufferMemoryBytes', 'bytes'),
  e('max.block.ms', 'maxBlockUs', 'ms'),
  e('compression.type', 'compressionType', 'enum'),
  e('max.in.flight.requests.per.connection', 'maxInFlightRequestsPerConnection', 'int'),
  e('retries', 'retries', 'int'),
  e('delivery.timeout.ms', 'deliveryTimeoutUs', 'ms'),
  e('request.timeout.ms', 'requestTimeoutUs', 'ms'),
  e('retry.backoff.ms', 'retryBackoffUs', 'ms'),
  e('retry.backoff.max.ms', 'retryBackoffMaxUs', 'ms'),
  e('max.request.size', 'maxRequestSizeBytes', 'bytes'),
  e('enable.idempotence', 'enableIdempotence', 'bool'),
  e('partitioner.ignore.keys', 'partitionerIgnoreKeys', 'bool'),
  e('partitioner.adaptive.partitioning.enable', 'partitionerAdaptivePartitioningEnable', 'bool'),
  e('partitioner.availability.timeout.ms', 'partitionerAvailabilityTimeoutUs', 'ms'),
  e('metadata.max.age.ms', 'metadataMaxAgeUs', 'ms'),
];

export const CONSUMER_CONFIG: ConfigEntry[] = [
  e('group.protocol', 'groupProtocol', 'enum'),
  e('partition.assignment.strategy', 'partitionAssignmentStrategy', 'list'),
  e('group.remote.assignor', 'groupRemoteAssignor', 'enum'),
  e('group.instance.id', 'groupInstanceIds', 'enum'),
  e('session.timeout.ms', 'sessionTimeoutUs', 'ms'),
  e('heartbeat.interval.ms', 'heartbeatIntervalUs', 'ms'),
  e('max.poll.interval.ms', 'maxPollIntervalUs', 'ms'),
  e('max.poll.records', 'maxPollRecords', 'int'),
  e('fetch.min.bytes', 'fetchMinBytes', 'bytes'),
  e('fetch.max.wait.ms', 'fetchMaxWaitUs', 'ms'),
  e('fetch.max.bytes', 'fetchMaxBytes', 'bytes'),
  e('max.partition.fetch.bytes', 'maxPartitionFetchBytes', 'bytes'),
  e('enable.auto.commit', 'enableAutoCommit', 'bool'),
  e('auto.commit.interval.ms', 'autoCommitIntervalUs', 'ms'),
  e('auto.offset.reset', 'autoOffsetReset', 'enum'),
  e('isolation.level', 'isolationLevel', 'enum'),
  e('request.timeout.ms', 'requestTimeoutUs', 'ms'),
];

/** log.retention.minutes/hours are folded into log.retention.ms by resolve.ts. */
export const BROKER_CONFIG: ConfigEntry[] = [
  e('num.network.threads', 'numNetworkThreads', 'int'),
  e('num.io.threads', 'numIoThreads', 'int'),
  e('queued.max.requests', 'queuedMaxRequests', 'int'),
  e('num.replica.fetchers', 'numReplicaFetchers', 'int'),
  e('replica.fetch.max.bytes', 'replicaFetchMaxBytes', 'bytes'),
  e('replica.fetch.response.max.bytes', 'replicaFetchResponseMaxBytes', 'bytes'),
  e('replica.fetch.wait.max.ms', 'replicaFetchWaitMaxUs', 'ms'),
  e('replica.fetch.min.bytes', 'replicaFetchMinBytes', 'bytes'),
  e('replica.fetch.backoff.ms', 'replicaFetchBackoffUs', 'ms'),
  e('replica.lag.time.max.ms', 'replicaLagTimeMaxUs', 'ms'),
  e('min.insync.replicas', 'minInsyncReplicas', 'int'),
  e('unclean.leader.election.enable', 'uncleanLeaderElectionEnable', 'bool'),
  e('default.replication.factor', 'defaultReplicationFactor', 'int'),
  e('broker.heartbeat.interval.ms', 'brokerHeartbeatIntervalUs', 'ms'),
  e('broker.session.timeout.ms', 'brokerSessionTimeoutUs', 'ms'),
  e('zookeeper.session.timeout.ms', 'zookeeperSessionTimeoutUs', 'ms'),
  e('group.initial.rebalance.delay.ms', 'groupInitialRebalanceDelayUs', 'ms'),
  e('group.min.session.timeout.ms', 'groupMinSessionTimeoutUs', 'ms'),
  e('group.max.session.timeout.ms', 'groupMaxSessionTimeoutUs', 'ms'),
  e('group.consumer.session.timeout.ms', 'groupConsumerSessionTimeoutUs', 'ms'),
  e('group.consumer.heartbeat.interval.ms', 'groupConsumerHeartbeatIntervalUs', 'ms'),
  e('group.consumer.assignors', 'groupConsumerAssignors', 'list'),
  e('offsets.topic.num.partitions', 'offsetsTopicNumPartitions', 'int'),
  e('offsets.topic.replication.factor', 'offsetsTopicReplicationFactor', 'int'),
  e('log.segment.bytes', 'logSegmentBytes', 'bytes'),
  e('log.retention.ms', 'logRetentionUs', 'retentionMs'),
  e('log.retention.bytes', 'logRetentionBytes', 'retentionBytes'),
  e('log.retention.check.interval.ms', 'logRetentionCheckIntervalUs', 'ms'),
  e('log.flush.interval.messages', 'flushMessages', 'nullableLong'),
  e('log.flush.interval.ms', 'flushUs', 'nullableMs'),
  e('log.flush.scheduler.interval.ms', 'logFlushSchedulerIntervalUs', 'nullableMs'),
  e('num.recovery.threads.per.data.dir', 'numRecoveryThreadsPerDataDir', 'int'),
  e('auto.leader.rebalance.enable', 'autoLeaderRebalanceEnable', 'bool'),
  e('leader.imbalance.check.interval.seconds', 'leaderImbalanceCheckIntervalUs', 'seconds'),
  e('message.max.bytes', 'messageMaxBytes', 'bytes'),
  e('socket.request.max.bytes', 'socketRequestMaxBytes', 'bytes'),
  e('replica.selector.class', 'replicaSelectorClass', 'enum'),
  e('compression.type', 'compressionType', 'enum'),
];

/** Topic-level overrides and the broker config each one defaults to. */
export const TOPIC_CONFIG: (ConfigEntry & { broker: string })[] = [
  { ...e('min.insync.replicas', 'minInsyncReplicas', 'int'), broker: 'min.insync.replicas' },
  {
    ...e('unclean.leader.election.enable', 'uncleanLeaderElectionEnable', 'bool'),
    broker: 'unclean.leader.election.enable',
  },
  {
    ...e('flush.messages', 'flushMessages', 'nullableLong'),
    broker: 'log.flush.interval.messages',
  },
  { ...e('flush.ms', 'flushUs', 'nullableMs'), broker: 'log.flush.interval.ms' },
  { ...e('retention.ms', 'retentionUs', 'retentionMs'), broker: 'log.retention.ms' },
  { ...e('retention.bytes', 'retentionBytes', 'retentionBytes'), broker: 'log.retention.bytes' },
  { ...e('segment.bytes', 'segmentBytes', 'bytes'), broker: 'log.segment.bytes' },
  { ...e('compression.type', 'compressionType', 'enum'), broker: 'compression.type' },
  { ...e('max.message.bytes', 'maxMessageBytes', 'bytes'), broker: 'message.max.bytes' },
];
