/**
 * ResolvedScenario: the plain, fully resolved scenario every other layer builds from. Nothing here
 * is optional where a default exists: resolve.ts fills every value from the file, the hardware
 * presets, the Kafka version's defaults (defaults.ts) or kafkasim's own calibration constants.
 * Units: every time is an integer count of microseconds (`...Us`), every size an integer count of
 * bytes (`...Bytes`), every bandwidth bytes per second (`...BytesPerSec`). Kafka configs keep
 * Kafka's names, camelCased, with `ms` swapped for `Us` (`linger.ms` → `lingerUs`). `provenance`
 * maps a dotted path of the scenario file (Kafka names verbatim) to where its value came from.
 * This file holds types only.
 */

/** "4.0", "3.9", "2.6", "0.11", "0.8": major.minor, normalised. */
export type KafkaVersion = string;
export type MessageFormat = 'v0' | 'v1' | 'v2';
export type ControllerMode = 'kraft' | 'zookeeper';
export type NullKeyPartitioner = 'round-robin' | 'sticky' | 'uniform-sticky';
export type CompressionType = 'none' | 'gzip' | 'snappy' | 'lz4' | 'zstd';
/** Topic-level compression.type also accepts `producer` (keep the producer's codec). */
export type TopicCompressionType = CompressionType | 'producer';
/** `acks`: 0, 1, or -1 (= `all`). */
export type Acks = 0 | 1 | -1;
export type AssignorName = 'range' | 'roundrobin' | 'sticky' | 'cooperative-sticky';
export type ServerAssignorName = 'uniform' | 'range';
export type GroupProtocol = 'classic' | 'consumer';
export type OffsetReset = 'earliest' | 'latest' | 'none';
export type IsolationLevel = 'read_uncommitted' | 'read_committed';

/** Facts that follow from `kafkaVersion`. */
export interface VersionFacts {
  messageFormat: MessageFormat;
  /** Default controller mode of that version (4.0 supports KRaft only). */
  controller: ControllerMode;
  nullKeyPartitioner: NullKeyPartitioner;
  /** Whether enable.idempotence=true actually takes effect by default (3.2+, KAFKA-13598). */
  idempotenceDefaultEffective: boolean;
  /** Whether the KIP-848 consumer group protocol is available (4.0+). */
  consumerProtocolAvailable: boolean;
}

export interface ResolvedDisk {
  writeBytesPerSec: number;
  readBytesPerSec: number;
  /** Per-operation latency. */
  latencyUs: number;
  /** Extra cost of one fsync. */
  fsyncLatencyUs: number;
  capacityBytes: number;
}

export interface ResolvedHardware {
  /** Profile name in the scenario (`broker`, `client`) or the preset name. */
  profile: string;
  preset: string;
  cpuCores: number;
  /** CPU time one request costs a thread, before its bytes. */
  cpuPerRequestUs: number;
  /** CPU time per KiB of request/response payload, in nanoseconds per KiB (integer). */
  cpuPerKibNs: number;
  memoryBytes: number;
  heapBytes: number;
  pageCacheBytes: number;
  /** One entry per disk (a `count: 2` entry becomes two). */
  disks: ResolvedDisk[];
  nicBytesPerSec: number;
}

export interface ResolvedNetwork {
  zones: string[];
  sameZoneLatencyUs: number;
  crossZoneLatencyUs: number;
  /** brokerZones[i] is the zone of broker-i (spread over zones in order). */
  brokerZones: string[];
  /** brokerRacks[i] is broker-i's `broker.rack` (its zone), or null when brokers have none. */
  brokerRacks: string[] | null;
  /** Zone of clients whose block names none (the first zone). */
  clientZone: string;
}

export interface ResolvedBrokerConfig {
  numNetworkThreads: number;
  numIoThreads: number;
  queuedMaxRequests: number;
  numReplicaFetchers: number;
  replicaFetchMaxBytes: number;
  replicaFetchResponseMaxBytes: number;
  replicaFetchWaitMaxUs: number;
  replicaFetchMinBytes: number;
  replicaFetchBackoffUs: number;
  replicaLagTimeMaxUs: number;
  /** Period of the ISR shrink check (replica.lag.time.max.ms / 2). */
  isrCheckIntervalUs: number;
  minInsyncReplicas: number;
  uncleanLeaderElectionEnable: boolean;
  defaultReplicationFactor: number;
  brokerHeartbeatIntervalUs: number;
  brokerSessionTimeoutUs: number;
  zookeeperSessionTimeoutUs: number;
  groupInitialRebalanceDelayUs: number;
  groupMinSessionTimeoutUs: number;
  groupMaxSessionTimeoutUs: number;
  groupConsumerSessionTimeoutUs: number;
  groupConsumerHeartbeatIntervalUs: number;
  groupConsumerAssignors: ServerAssignorName[];
  offsetsTopicNumPartitions: number;
  offsetsTopicReplicationFactor: number;
  logSegmentBytes: number;
  logRetentionUs: number;
  /** -1: no size limit. */
  logRetentionBytes: number;
  logRetentionCheckIntervalUs: number;
  /** log.flush.interval.messages; null = never (Long.MAX_VALUE). */
  flushMessages: number | null;
  /** log.flush.interval.ms; null = never. */
  flushUs: number | null;
  /** log.flush.scheduler.interval.ms: how often the log flusher checks flush.ms; null = never. */
  logFlushSchedulerIntervalUs: number | null;
  numRecoveryThreadsPerDataDir: number;
  autoLeaderRebalanceEnable: boolean;
  /** KIP-392 (2.4+): RackAwareReplicaSelector's class name, or null (leaders serve consumers). */
  replicaSelectorClass: string | null;
  leaderImbalanceCheckIntervalUs: number;
  messageMaxBytes: number;
  socketRequestMaxBytes: number;
  compressionType: TopicCompressionType;
}

export interface ResolvedCluster {
  brokers: number;
  /** broker-0 .. broker-(n-1) */
  brokerNames: string[];
  controller: ControllerMode;
  hardware: ResolvedHardware;
  config: ResolvedBrokerConfig;
}

export interface ResolvedTopicConfig {
  minInsyncReplicas: number;
  uncleanLeaderElectionEnable: boolean;
  flushMessages: number | null;
  flushUs: number | null;
  retentionUs: number;
  retentionBytes: number;
  segmentBytes: number;
  compressionType: TopicCompressionType;
  maxMessageBytes: number;
}

export interface ResolvedTopic {
  name: string;
  partitions: number;
  replicationFactor: number;
  /** replicas[p] lists broker indexes; the first is the preferred leader. */
  replicas: number[][];
  replicasPinned: boolean;
  config: ResolvedTopicConfig;
  /** Data already in the topic at t=0, or null. */
  prefill: { records: number; recordBytes: number } | null;
}

export type Arrivals = 'constant' | 'poisson';

export type RateModel =
  | { kind: 'constant' | 'poisson'; recordsPerSec: number }
  | { kind: 'unlimited' }
  | { kind: 'steps'; steps: { atUs: number; recordsPerSec: number }[]; arrivals: Arrivals };

export type KeyModel =
  | { kind: 'null' }
  | { kind: 'uniform'; count: number }
  | { kind: 'zipf'; count: number; skew: number };

export interface ResolvedProducerConfig {
  acks: Acks;
  lingerUs: number;
  batchSizeBytes: number;
  bufferMemoryBytes: number;
  maxBlockUs: number;
  compressionType: CompressionType;
  maxInFlightRequestsPerConnection: number;
  retries: number;
  deliveryTimeoutUs: number;
  requestTimeoutUs: number;
  retryBackoffUs: number;
  retryBackoffMaxUs: number;
  maxRequestSizeBytes: number;
  enableIdempotence: boolean;
  partitionerIgnoreKeys: boolean;
  partitionerAdaptivePartitioningEnable: boolean;
  partitionerAvailabilityTimeoutUs: number;
  metadataMaxAgeUs: number;
}

export interface ResolvedProducer {
  name: string;
  count: number;
  hardware: ResolvedHardware;
  /** The zones the clients spread over in order: client i is in zones[i mod length]. */
  zones: string[];
  topic: string;
  /** Total over all `count` clients. */
  rate: RateModel;
  /** Stop after this many records in total, or null. */
  records: number | null;
  recordBytes: number;
  /** Bytes of one key (`key-<i>`), 0 for null keys. */
  keyBytes: number;
  keys: KeyModel;
  config: ResolvedProducerConfig;
}

export type ProcessingDistribution =
  | { kind: 'fixed'; perRecordUs: number }
  | { kind: 'exponential'; meanUs: number }
  | { kind: 'lognormal'; medianUs: number; sigma: number };

export interface ProcessingSpike {
  atUs: number;
  forUs: number;
  factor: number;
}

export interface ResolvedConsumerConfig {
  groupProtocol: GroupProtocol;
  partitionAssignmentStrategy: AssignorName[];
  groupRemoteAssignor: ServerAssignorName | null;
  /** Static members' ids: `X-0 … X-(count-1)`, or null for dynamic members. */
  groupInstanceIds: string[] | null;
  sessionTimeoutUs: number;
  heartbeatIntervalUs: number;
  maxPollIntervalUs: number;
  maxPollRecords: number;
  fetchMinBytes: number;
  fetchMaxWaitUs: number;
  fetchMaxBytes: number;
  maxPartitionFetchBytes: number;
  enableAutoCommit: boolean;
  autoCommitIntervalUs: number;
  autoOffsetReset: OffsetReset;
  isolationLevel: IsolationLevel;
  requestTimeoutUs: number;
}

export interface ResolvedConsumer {
  group: string;
  count: number;
  hardware: ResolvedHardware;
  /** The zones the members spread over in order: member i is in zones[i mod length]. */
  zones: string[];
  topics: string[];
  processing: { perRecord: ProcessingDistribution; spikes: ProcessingSpike[] };
  startAt: 'earliest' | 'latest';
  /** How the application commits after processing when enable.auto.commit is false. */
  commit: 'sync' | 'async';
  config: ResolvedConsumerConfig;
}

export type ConsumerAction = 'crash' | 'leave' | 'join' | 'restart' | 'slow';

/** Node names: `broker-<i>`, `<producer>-<i>`, `<group>-<i>`, `controller`. */
export type Fault =
  | { kind: 'crash'; atUs: number; broker: number; restartAfterUs: number | null }
  | { kind: 'restart'; atUs: number; broker: number }
  | { kind: 'partitionNetwork'; atUs: number; isolate: string[]; healAfterUs: number | null }
  | { kind: 'cutLinks'; atUs: number; between: string[]; and: string[]; healAfterUs: number | null }
  | { kind: 'slowDisk'; atUs: number; broker: number; factor: number; forUs: number }
  | { kind: 'pause'; atUs: number; node: string; forUs: number }
  | {
      kind: 'consumer';
      atUs: number;
      group: string;
      /** Member index, or null for "any one" (the runner picks with its random stream). */
      member: number | null;
      action: ConsumerAction;
      /** For `restart`: how long the member stays down. */
      downForUs: number;
      /** For `slow`: processing time multiplier and duration. */
      factor: number;
      forUs: number;
    }
  | { kind: 'addPartitions'; atUs: number; topic: string; count: number }
  | { kind: 'controllerFailover'; atUs: number };

export type ExpectOp = 'atLeast' | 'atMost' | 'equals' | 'between';

export interface Expectation {
  /** Summary path, e.g. `produce.latencyMs.p99`. */
  metric: string;
  op: ExpectOp;
  /** One value, two for `between` ([low, high]). */
  values: number[];
  source: { file: string; line: number; column: number };
}

/** Calibration constants shared by all scenarios (defaults.ts documents each one). */
export interface CodecModel {
  /** Compressed bytes / uncompressed bytes. */
  ratio: number;
  compressNsPerByte: number;
  decompressNsPerByte: number;
}

export interface ModelConstants {
  brokerCpuPerRequestUs: number;
  brokerCpuPerKibNs: number;
  networkThreadPerRequestUs: number;
  clientCpuPerRecordNs: number;
  clientCpuPerRequestUs: number;
  codecs: Record<Exclude<CompressionType, 'none'>, CodecModel>;
  dirtyBackgroundRatio: number;
  dirtyRatio: number;
  /** ZooKeeper mode: controller work per partition on a leader election. */
  zkElectionPerPartitionUs: number;
  /** ZooKeeper mode: controller failover cost per partition (loading metadata). */
  zkFailoverPerPartitionUs: number;
  /** Log recovery time per GiB of unflushed log after a crash. */
  logRecoveryPerGibUs: number;
  /** G1's pause goal: Kafka's start scripts set -XX:MaxGCPauseMillis=20. 0 leaves GC out. */
  jvmGcPauseTargetUs: number;
  /** Young generation as a share of the broker heap (allocation between two young GCs). */
  jvmYoungGenRatio: number;
  /** Heap allocated per request besides its data. */
  jvmAllocationPerRequestBytes: number;
}

export interface ResolvedScenario {
  name: string;
  description: string;
  seed: number;
  durationUs: number;
  warmupUs: number;
  sampleEveryUs: number;
  kafkaVersion: KafkaVersion;
  version: VersionFacts;
  network: ResolvedNetwork;
  cluster: ResolvedCluster;
  topics: ResolvedTopic[];
  producers: ResolvedProducer[];
  consumers: ResolvedConsumer[];
  faults: Fault[];
  traceDetail: { fromUs: number; toUs: number } | null;
  expect: Expectation[];
  model: ModelConstants;
  /**
   * Dotted path → "file" | "preset:<name>" | "default:kafka-<v>" | "default:kafkasim" | "--set"
   * (or "inherited:cluster.config.<name>" for topic configs taken from the broker).
   */
  provenance: Record<string, string>;
}
