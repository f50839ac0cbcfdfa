/**
 * Kafka's real defaults by version, the message format's byte overheads, and kafkasim's own
 * calibration constants. Facts come from /work/shared/reference/kafka-semantics.md section a
 * (read in apache/kafka source) and the KIPs named next to each change point. A version is
 * major.minor; every value is the default of the newest change point at or below it, so 2.7 gets
 * the 2.5 values. Times here are in Kafka's own units (ms), as in the properties files:
 * resolve.ts alone converts them to µs. Left out: configs kafkasim does not model.
 */
import type { MessageFormat, ModelConstants, VersionFacts } from './types.ts';

/** Versions kafkasim knows defaults for: 0.8 up to 4.1. */
export const VERSION_MIN = '0.8';
export const VERSION_MAX = '4.1';

/** "4.0" → 400, "0.11" → 11, "2.6" → 206: comparable integers. */
export function versionNumber(version: string): number {
  const [major = '0', minor = '0'] = version.split('.');
  return Number(major) * 100 + Number(minor);
}

/** Normalises 4, 4.0, "4.0.1", "3.9" to "major.minor", or null if it is not a version. */
export function normaliseVersion(input: unknown): string | null {
  if (typeof input === 'number') {
    if (!Number.isFinite(input) || input < 0) return null;
    return Number.isInteger(input) ? `${input}.0` : String(input);
  }
  if (typeof input !== 'string') return null;
  const match = /^\s*v?(\d+)\.(\d+)(?:\.\d+)?\s*$/.exec(input);
  if (match === null) return null;
  return `${Number(match[1])}.${Number(match[2])}`;
}

export function isKnownVersion(version: string): boolean {
  const n = versionNumber(version);
  return n >= versionNumber(VERSION_MIN) && n <= versionNumber(VERSION_MAX);
}

const v = versionNumber;

/** The derived facts of a version (see the KIPs named in each branch). */
export function versionFacts(version: string): VersionFacts {
  const n = v(version);
  return {
    // v1 (timestamps) in 0.10.0 (KIP-32), v2 batches in 0.11 (KIP-98).
    messageFormat: n >= v('0.11') ? 'v2' : n >= v('0.10') ? 'v1' : 'v0',
    // KRaft production-ready in 3.3 (KIP-833); ZooKeeper removed in 4.0 (KIP-500).
    controller: n >= v('3.3') ? 'kraft' : 'zookeeper',
    // Sticky partitioner for null keys in 2.4 (KIP-480), uniform sticky in 3.3 (KIP-794).
    nullKeyPartitioner: n >= v('3.3') ? 'uniform-sticky' : n >= v('2.4') ? 'sticky' : 'round-robin',
    // Idempotence default true from 3.0 (KIP-679), effective only from 3.2 (KAFKA-13598).
    idempotenceDefaultEffective: n >= v('3.2'),
    // KIP-848 consumer group protocol GA in 4.0.
    consumerProtocolAvailable: n >= v('4.0'),
  };
}

/** Whether a controller mode exists in that version (KRaft from 2.8, ZooKeeper until 3.9). */
export function controllerSupported(version: string, mode: 'kraft' | 'zookeeper'): boolean {
  return mode === 'kraft' ? v(version) >= v('2.8') : v(version) < v('4.0');
}

export type ConfigValue = number | string | boolean | null | string[];
export type ConfigDefaults = Record<string, ConfigValue>;

const INT_MAX = 2147483647;

/** Producer defaults (ProducerConfig.java), Kafka names and units. */
export function producerDefaults(version: string): ConfigDefaults {
  const n = v(version);
  return {
    acks: n >= v('3.0') ? 'all' : 1, // KIP-679
    'linger.ms': n >= v('4.0') ? 5 : 0, // KIP-1030
    'batch.size': 16384,
    'buffer.memory': 33554432,
    'max.block.ms': 60000,
    'compression.type': 'none',
    'max.in.flight.requests.per.connection': 5,
    retries: n >= v('2.1') ? INT_MAX : 0, // KIP-91 made retries unbounded, bounded by time
    'delivery.timeout.ms': 120000, // KIP-91 (2.1); older clients approximated by it
    'request.timeout.ms': n >= v('0.9') ? 30000 : 10000,
    'retry.backoff.ms': 100,
    'retry.backoff.max.ms': n >= v('3.7') ? 1000 : 100, // KIP-580 exponential backoff
    'max.request.size': 1048576,
    'enable.idempotence': versionFacts(version).idempotenceDefaultEffective,
    'partitioner.ignore.keys': false,
    'partitioner.adaptive.partitioning.enable': n >= v('3.3'), // KIP-794
    'partitioner.availability.timeout.ms': 0,
    'metadata.max.age.ms': 300000,
  };
}

/** Consumer defaults (ConsumerConfig.java). */
export function consumerDefaults(version: string): ConfigDefaults {
  const n = v(version);
  return {
    'group.protocol': 'classic',
    // KIP-726 (3.0) added CooperativeStickyAssignor after range.
    'partition.assignment.strategy': n >= v('3.0') ? ['range', 'cooperative-sticky'] : ['range'],
    'group.remote.assignor': null,
    'group.instance.id': null,
    // 30 s in 0.9/0.10.0, 10 s from 0.10.1 (KIP-62), 45 s from 3.0 (KIP-735).
    'session.timeout.ms': n >= v('3.0') ? 45000 : n >= v('0.10') ? 10000 : 30000,
    'heartbeat.interval.ms': 3000,
    'max.poll.interval.ms': 300000, // KIP-62
    'max.poll.records': n >= v('0.10') ? 500 : INT_MAX, // KIP-41
    'fetch.min.bytes': 1,
    'fetch.max.wait.ms': 500,
    'fetch.max.bytes': 52428800, // KIP-74
    'max.partition.fetch.bytes': 1048576,
    'enable.auto.commit': true,
    'auto.commit.interval.ms': 5000,
    'auto.offset.reset': 'latest',
    'isolation.level': 'read_uncommitted',
    'request.timeout.ms': 30000,
  };
}

/** Broker and topic defaults (server configs, LogConfig, GroupCoordinatorConfig, KRaftConfigs). */
export function brokerDefaults(version: string): ConfigDefaults {
  const n = v(version);
  return {
    'num.network.threads': 3,
    'num.io.threads': 8,
    'queued.max.requests': 500,
    'num.replica.fetchers': 1,
    'replica.fetch.max.bytes': 1048576,
    'replica.fetch.response.max.bytes': 10485760,
    'replica.fetch.wait.max.ms': 500,
    'replica.fetch.min.bytes': 1,
    'replica.fetch.backoff.ms': 1000,
    'replica.lag.time.max.ms': n >= v('2.5') ? 30000 : 10000, // KIP-537
    'min.insync.replicas': 1,
    'unclean.leader.election.enable': n < v('0.11'), // KIP-106 turned it off in 0.11
    'default.replication.factor': 1,
    'broker.heartbeat.interval.ms': 2000,
    'broker.session.timeout.ms': 9000,
    'zookeeper.session.timeout.ms': n >= v('2.5') ? 18000 : 6000, // KIP-537
    'group.initial.rebalance.delay.ms': n >= v('0.11') ? 3000 : 0, // KIP-134
    'group.min.session.timeout.ms': 6000,
    'group.max.session.timeout.ms': n >= v('2.2') ? 1800000 : 300000, // see the note below
    'group.consumer.session.timeout.ms': 45000,
    'group.consumer.heartbeat.interval.ms': 5000,
    'group.consumer.assignors': ['uniform', 'range'],
    'offsets.topic.num.partitions': 50,
    'offsets.topic.replication.factor': 3,
    'log.segment.bytes': 1073741824,
    'log.retention.ms': 168 * 3600 * 1000,
    'log.retention.bytes': -1,
    'log.retention.check.interval.ms': 300000,
    'log.flush.interval.messages': null,
    'log.flush.interval.ms': null,
    // Long.MAX_VALUE: the log flusher never runs, so flush.ms alone flushes nothing.
    'log.flush.scheduler.interval.ms': null,
    'num.recovery.threads.per.data.dir': n >= v('4.0') ? 2 : 1, // KIP-1030
    'auto.leader.rebalance.enable': true,
    'leader.imbalance.check.interval.seconds': 300,
    // 1000012 until 0.10.2; 1 MiB + 12 bytes of log overhead since 0.11 (v2 batches).
    'message.max.bytes': n >= v('0.11') ? 1048588 : 1000012,
    'socket.request.max.bytes': 104857600,
    'compression.type': 'producer',
    'replica.selector.class': null, // KIP-392 (2.4): consumers fetch from the leader
  };
}
// group.max.session.timeout.ms: 300000 (5 min) before 2.2, 30 min from 2.2 [mem, not re-checked].

/** The source tag of a version default, for provenance. */
export function kafkaDefaultTag(version: string): string {
  return `default:kafka-${version}`;
}
export const KAFKASIM_DEFAULT = 'default:kafkasim';

// ---------------------------------------------------------------------------------------------
// Message format overheads (KIP-32 v1, KIP-98 v2; DefaultRecord.java, DefaultRecordBatch.java).

/** v0: offset 8 + size 4 + crc 4 + magic 1 + attributes 1 + key length 4 + value length 4. */
export const V0_RECORD_OVERHEAD_BYTES = 26;
/** v1 adds an 8-byte timestamp. */
export const V1_RECORD_OVERHEAD_BYTES = 34;
/** v2 batch header: baseOffset 8, length 4, epoch 4, magic 1, crc 4, attributes 2, lastOffsetDelta
 * 4, first/max timestamp 16, producerId 8, producerEpoch 2, baseSequence 4, record count 4. */
export const V2_BATCH_HEADER_BYTES = 61;

/** Bytes of a zigzag varint holding `value` (as DefaultRecord writes them). */
export function varintBytes(value: number): number {
  let zigzag = value >= 0 ? value * 2 : -value * 2 - 1;
  let bytes = 1;
  while (zigzag >= 128) {
    zigzag = Math.floor(zigzag / 128);
    bytes += 1;
  }
  return bytes;
}

/** Size of one v2 record with the given offset delta (timestamp delta assumed < 64 ms). */
function v2RecordBytes(offsetDelta: number, keyBytes: number, valueBytes: number): number {
  const keyLength = keyBytes > 0 ? varintBytes(keyBytes) + keyBytes : varintBytes(-1);
  const body =
    1 + // attributes
    varintBytes(0) + // timestampDelta: records of one batch are created within a few ms
    varintBytes(offsetDelta) +
    keyLength +
    varintBytes(valueBytes) +
    valueBytes +
    varintBytes(0); // header count
  return varintBytes(body) + body;
}

/**
 * Bytes on the wire and on disk of `recordCount` uncompressed records of `keyBytes` key (0 = null
 * key) and `valueBytes` value. v0/v1 have no batch header: each record is a log entry. v2 has one
 * 61-byte header and per-record varints, whose widths grow with the offset delta (1 byte below 64,
 * 2 below 8192, 3 below 2^20, ...), summed in closed form per width.
 */
export function recordBatchBytes(
  format: MessageFormat,
  recordCount: number,
  keyBytes: number,
  valueBytes: number,
): number {
  if (recordCount <= 0) return 0;
  if (format === 'v0') return recordCount * (V0_RECORD_OVERHEAD_BYTES + keyBytes + valueBytes);
  if (format === 'v1') return recordCount * (V1_RECORD_OVERHEAD_BYTES + keyBytes + valueBytes);
  let total = V2_BATCH_HEADER_BYTES;
  let from = 0;
  // zigzag(d) = 2d, so a varint of w bytes holds offset deltas below 2^(7w) / 2.
  for (let width = 1; from < recordCount; width += 1) {
    const upTo = Math.min(recordCount, 2 ** (7 * width) / 2);
    total += (upTo - from) * v2RecordBytes(from, keyBytes, valueBytes);
    from = upTo;
  }
  return total;
}

/** Bytes a compressed wrapper adds around its compressed payload (v0/v1: one record; v2: 61). */
export function compressedWrapperBytes(format: MessageFormat): number {
  if (format === 'v0') return V0_RECORD_OVERHEAD_BYTES;
  if (format === 'v1') return V1_RECORD_OVERHEAD_BYTES;
  return V2_BATCH_HEADER_BYTES;
}

// ---------------------------------------------------------------------------------------------
// kafkasim calibration constants (the `model:` section overrides each).

/**
 * Sources: broker request costs are chosen so a 3 × i3en.2xlarge cluster is disk-bound, not
 * CPU-bound, at ~600 MB/s (published-results.md, OMB 2020: CPU was not the limit) while tiny
 * records become request-bound: ~25 µs of handler time per produce request plus ~0.25 µs per KiB
 * (memcpy + CRC32C at ~4 GB/s). Network threads cost ~10 µs per request (socket read, parse).
 * Client per-record cost ~0.4 µs (Java send() path: serialize, partition, append; OMB reaches
 * ~2 M small records/s per client core). Codec ratios are for JSON-like payloads as in OMB's
 * random-text payloads; CPU costs per byte from lz4/zstd/snappy/gzip published benchmarks
 * (lzbench, silesia corpus, one core: lz4 ~750 MB/s compress / 4 GB/s decompress, snappy ~550 /
 * 1800, zstd-3 ~350 / 1200, gzip-6 ~50 / 350). Linux dirty ratios are the kernel defaults
 * (vm.dirty_background_ratio = 10, vm.dirty_ratio = 20). The ZooKeeper controller's costs are
 * set by version in zkControllerCosts.
 * Log recovery ~1 s per GiB of unflushed segment (index rebuild reads at ~1 GB/s).
 */
/**
 * The ZooKeeper controller's per-partition costs changed with Kafka's releases, so their defaults
 * follow kafkaVersion (the `model:` section still overrides them):
 * - election after a broker failure: ~5 ms a partition (Rao 2015, 0.8.x: "about 5 ms per
 *   partition"); 1.1 batched the controller's ZooKeeper writes with the async API (KAFKA-5642),
 *   taking controlled shutdown of ~10,000 partition-replicas from 6.5 min to 3 s (Rao 2018),
 *   i.e. ~0.3 ms a partition.
 * - controller failover (loading every partition's state from ZooKeeper): ~2 ms a partition
 *   (Rao 2015); 0.6 ms in 1.0 (KAFKA-5642 / PR #3765: 58-61 s for 100,000 partitions); 0.14 ms
 *   from 1.1 (Rao 2018: 14 s for 100,000).
 */
export function zkControllerCosts(version: string): {
  zkElectionPerPartitionUs: number;
  zkFailoverPerPartitionUs: number;
} {
  const number = versionNumber(version);
  if (number < 100) return { zkElectionPerPartitionUs: 5000, zkFailoverPerPartitionUs: 2000 };
  if (number < 101) return { zkElectionPerPartitionUs: 5000, zkFailoverPerPartitionUs: 600 };
  return { zkElectionPerPartitionUs: 300, zkFailoverPerPartitionUs: 140 };
}

export const MODEL_DEFAULTS: ModelConstants = {
  brokerCpuPerRequestUs: 25,
  brokerCpuPerKibNs: 250,
  networkThreadPerRequestUs: 10,
  clientCpuPerRecordNs: 400,
  clientCpuPerRequestUs: 20,
  codecs: {
    gzip: { ratio: 0.3, compressNsPerByte: 20, decompressNsPerByte: 3 },
    snappy: { ratio: 0.5, compressNsPerByte: 2, decompressNsPerByte: 1 },
    lz4: { ratio: 0.45, compressNsPerByte: 1.5, decompressNsPerByte: 0.25 },
    zstd: { ratio: 0.35, compressNsPerByte: 3, decompressNsPerByte: 0.8 },
  },
  dirtyBackgroundRatio: 0.1,
  dirtyRatio: 0.2,
  zkElectionPerPartitionUs: 5000,
  zkFailoverPerPartitionUs: 2000,
  logRecoveryPerGibUs: 1_000_000,
  // JVM: Kafka's kafka-run-class.sh runs G1 with -XX:MaxGCPauseMillis=20. Young pauses are drawn
  // lognormal with median = half the goal and p90 = the goal (LinkedIn's production brokers: p90
  // young GC pause ~21 ms with a 20 ms goal, fewer than one young GC a second, Kafka docs "Java
  // Version"). G1 sizes the young generation between 5% and 60% of the heap to meet the goal;
  // a quarter is kafkasim's choice [cal]. Per-request allocation besides data ~4 KiB [cal].
  jvmGcPauseTargetUs: 20_000,
  jvmYoungGenRatio: 0.25,
  jvmAllocationPerRequestBytes: 4096,
};
