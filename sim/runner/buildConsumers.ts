/**
 * The consumer side of building a cluster: the `__consumer_offsets` partitions the scenario's
 * groups use (only those, numbered by coordinatorPartition; replicas spread round-robin over the
 * brokers with offsets.topic.replication.factor), partitions that addPartitions faults will add
 * (created empty at start, hidden from metadata until the fault), the group coordinator's
 * configs, prefilled topics (old data: on disk, not in the page cache), and the consumer clients.
 */
import type { Simulation } from '../engine/index.ts';
import type { Network } from '../models/hardware/network.ts';
import type { Broker, BrokerSpec } from '../models/kafka/broker.ts';
import type { PartitionCatalog, PartitionInfo } from '../models/kafka/catalog.ts';
import { Consumer } from '../models/kafka/consumer.ts';
import { ProcessedLedger, type ConsumerSpec } from '../models/kafka/consumerTypes.ts';
import type { Emit } from '../models/kafka/events.ts';
import { GroupStore } from '../models/kafka/groups/groupStore.ts';
import { wireBytes, type Message, type PartitionState } from '../models/kafka/messages.ts';
import { coordinatorPartition } from '../models/kafka/partitioner.ts';
import type { ResolvedConsumer, ResolvedScenario } from '../scenario/types.ts';
import { clientZoneOf } from '../scenario/resolveHardware.ts';
import { versionNumber } from '../scenario/defaults.ts';

export const OFFSETS_TOPIC = '__consumer_offsets';
/** Consumer metadata.max.age.ms and retry.backoff.ms defaults (not in the scenario schema). */
const CONSUMER_METADATA_MAX_AGE_US = 300_000_000;
const CONSUMER_RETRY_BACKOFF_US = 100_000;
/** Prefilled data is written in entries of this size (coarse, like an old log's segments). */
const PREFILL_ENTRY_BYTES = 8 * 2 ** 20;
/** A cache position far older than any page cache: prefilled data is read from disk. */
const OLD_CACHE_POSITION = -(2 ** 52);

/** Partitions per topic in the catalog: the largest count any addPartitions fault asks for. */
export function topicCatalogCounts(scenario: ResolvedScenario): Map<string, number> {
  const counts = new Map<string, number>();
  for (const topic of scenario.topics) counts.set(topic.name, topic.partitions);
  for (const fault of scenario.faults) {
    if (fault.kind !== 'addPartitions') continue;
    counts.set(fault.topic, Math.max(counts.get(fault.topic) ?? 0, fault.count));
  }
  return counts;
}

function offsetsPartitionsUsed(scenario: ResolvedScenario): number[] {
  const count = scenario.cluster.config.offsetsTopicNumPartitions;
  const used = new Set<number>();
  for (const consumer of scenario.consumers) used.add(coordinatorPartition(consumer.group, count));
  return [...used].sort((a, b) => a - b);
}

export function offsetsCatalogPartitions(
  scenario: ResolvedScenario,
  firstIndex: number,
): PartitionInfo[] {
  const brokers = scenario.cluster.brokers;
  const replication = Math.min(brokers, scenario.cluster.config.offsetsTopicReplicationFactor);
  return offsetsPartitionsUsed(scenario).map((partition, position) => ({
    index: firstIndex + position,
    name: `${OFFSETS_TOPIC}-${partition}`,
    topic: OFFSETS_TOPIC,
    partition,
    replicas: Array.from({ length: replication }, (_, i) => (partition + i) % brokers),
    minInsyncReplicas: Math.min(scenario.cluster.config.minInsyncReplicas, replication),
    uncleanLeaderElectionEnable: false,
    flushMessages: Infinity,
    flushUs: Infinity,
    retentionBytes: -1,
    retentionUs: -1,
    segmentBytes: 100 * 2 ** 20,
  }));
}

export function groupSetup(
  scenario: ResolvedScenario,
  partitions: PartitionInfo[],
): { store: GroupStore; brokerSpec: Pick<BrokerSpec, 'groups' | 'topicPartitions'> } {
  const config = scenario.cluster.config;
  const store = new GroupStore();
  const offsetsIndex = new Map<number, number>();
  for (const info of partitions) {
    if (info.topic === OFFSETS_TOPIC) offsetsIndex.set(info.partition, info.index);
  }
  const disk = scenario.cluster.hardware.disks[0];
  return {
    store,
    brokerSpec: {
      groups: {
        store,
        offsetsIndex,
        config: {
          groupInitialRebalanceDelayUs: config.groupInitialRebalanceDelayUs,
          groupMinSessionTimeoutUs: config.groupMinSessionTimeoutUs,
          groupMaxSessionTimeoutUs: config.groupMaxSessionTimeoutUs,
          groupConsumerSessionTimeoutUs: config.groupConsumerSessionTimeoutUs,
          groupConsumerHeartbeatIntervalUs: config.groupConsumerHeartbeatIntervalUs,
          groupConsumerAssignors: config.groupConsumerAssignors,
          offsetsTopicNumPartitions: config.offsetsTopicNumPartitions,
          loadBytesPerSec: disk?.readBytesPerSec ?? 100_000_000,
        },
      },
      topicPartitions: new Map(scenario.topics.map((topic) => [topic.name, topic.partitions])),
    },
  };
}

/** Prefilled topics: every replica holds the data at t=0, committed, outside the page cache. */
export function prefillLogs(
  scenario: ResolvedScenario,
  catalog: PartitionCatalog,
  brokers: Broker[],
): void {
  for (const topic of scenario.topics) {
    if (topic.prefill === null || topic.prefill.records <= 0) continue;
    const indexes = (catalog.byTopic.get(topic.name) ?? []).slice(0, topic.partitions);
    const perPartition = Math.floor(topic.prefill.records / Math.max(1, indexes.length));
    const recordBytes = Math.max(1, topic.prefill.recordBytes);
    const perEntry = Math.max(1, Math.floor(PREFILL_ENTRY_BYTES / recordBytes));
    for (const index of indexes) {
      for (const broker of brokers) {
        const replica = broker.replicas.get(index);
        if (replica === undefined) continue;
        for (let offset = 0; offset < perPartition; offset += perEntry) {
          const recordCount = Math.min(perEntry, perPartition - offset);
          replica.log.append(
            {
              baseOffset: offset,
              recordCount,
              bytes: recordCount * recordBytes,
              leaderEpoch: 0,
              firstCreateUs: 0,
              lastCreateUs: 0,
              producerId: -1,
              sequence: -1,
            },
            OLD_CACHE_POSITION,
          );
        }
        replica.log.highWatermark = replica.log.logEndOffset;
      }
    }
  }
}

export function buildConsumers(
  scenario: ResolvedScenario,
  sim: Simulation,
  network: Network<Message>,
  catalog: PartitionCatalog,
  snapshot: PartitionState[],
  emit: Emit,
): Array<{ name: string; clients: Consumer[]; ledger: ProcessedLedger }> {
  const groups: Array<{ name: string; clients: Consumer[]; ledger: ProcessedLedger }> = [];
  for (const entry of scenario.consumers) {
    let group = groups.find((each) => each.name === entry.group);
    if (group === undefined) {
      group = { name: entry.group, clients: [], ledger: new ProcessedLedger() };
      groups.push(group);
    }
    for (let index = 0; index < entry.count; index++) {
      const member = group.clients.length;
      group.clients.push(
        addConsumer(scenario, sim, network, catalog, snapshot, emit, entry, member, group.ledger),
      );
    }
  }
  return groups;
}

/** Creates one consumer client (also used by `join` faults) and its network node. */
export function addConsumer(
  scenario: ResolvedScenario,
  sim: Simulation,
  network: Network<Message>,
  catalog: PartitionCatalog,
  snapshot: PartitionState[],
  emit: Emit,
  entry: ResolvedConsumer,
  member: number,
  ledger: ProcessedLedger,
): Consumer {
  const spec = consumerSpec(scenario, catalog, entry, member);
  const consumer = new Consumer(
    sim,
    spec,
    snapshot,
    emit,
    (to, message, linkClass) =>
      network.send(spec.nodeName, to, message, wireBytes(message), linkClass),
    ledger,
  );
  network.addNode(
    spec.nodeName,
    clientZoneOf(entry.zones, member),
    entry.hardware.nicBytesPerSec,
    (message, from) => consumer.deliver(message, from),
    (peer) => consumer.onConnectionReset(peer),
  );
  return consumer;
}

function consumerSpec(
  scenario: ResolvedScenario,
  catalog: PartitionCatalog,
  entry: ResolvedConsumer,
  member: number,
): ConsumerSpec {
  const config = entry.config;
  const topicPartitions = new Map<string, number[]>();
  const initialCounts = new Map<string, number>();
  for (const topic of entry.topics) {
    topicPartitions.set(topic, catalog.byTopic.get(topic) ?? []);
    initialCounts.set(topic, scenario.topics.find((t) => t.name === topic)?.partitions ?? 0);
  }
  const clientId = `${entry.group}-${member}`;
  const perRecord = entry.processing.perRecord;
  const racks = scenario.network.brokerRacks;
  const rackId = racks === null ? null : clientZoneOf(entry.zones, member);
  return {
    clientId,
    nodeName: clientId,
    groupId: entry.group,
    instanceId: config.groupInstanceIds?.[member] ?? null,
    topics: [...entry.topics],
    brokerIds: scenario.cluster.brokerNames.map((_, index) => index),
    partitionIndexes: [...topicPartitions.values()].flat(),
    topicPartitions,
    initialCounts,
    protocol: config.groupProtocol,
    strategies: [...config.partitionAssignmentStrategy],
    sessionTimeoutUs: config.sessionTimeoutUs,
    heartbeatIntervalUs:
      config.groupProtocol === 'consumer'
        ? scenario.cluster.config.groupConsumerHeartbeatIntervalUs
        : config.heartbeatIntervalUs,
    maxPollIntervalUs: config.maxPollIntervalUs,
    maxPollRecords: config.maxPollRecords,
    fetchMinBytes: config.fetchMinBytes,
    fetchMaxWaitUs: config.fetchMaxWaitUs,
    fetchMaxBytes: config.fetchMaxBytes,
    maxPartitionFetchBytes: config.maxPartitionFetchBytes,
    enableAutoCommit: config.enableAutoCommit,
    commitMode: entry.commit,
    autoCommitIntervalUs: config.autoCommitIntervalUs,
    autoOffsetReset: config.autoOffsetReset,
    requestTimeoutUs: config.requestTimeoutUs,
    retryBackoffUs: CONSUMER_RETRY_BACKOFF_US,
    metadataMaxAgeUs: CONSUMER_METADATA_MAX_AGE_US,
    processing:
      perRecord.kind === 'fixed'
        ? { kind: 'fixed', perRecordUs: perRecord.perRecordUs }
        : perRecord.kind === 'exponential'
          ? { kind: 'exponential', meanUs: perRecord.meanUs }
          : { kind: 'lognormal', medianUs: perRecord.medianUs, sigma: perRecord.sigma },
    spikes: entry.processing.spikes.map((spike) => ({ ...spike })),
    cpuPerRecordNs: scenario.model.clientCpuPerRecordNs,
    // network.racks: every node's rack id is its zone (client.rack for consumers).
    rackId,
    subscriptionRack: versionNumber(scenario.kafkaVersion) >= versionNumber('3.5') ? rackId : null,
    partitionRacks: replicaRacks(scenario, catalog, rackId === null ? [] : entry.topics),
  };
}

/** Each topic's replica racks, worked out once per cluster, shared (read-only) by its clients. */
const topicRacksOfCatalog = new WeakMap<PartitionCatalog, Map<string, string[][]>>();

/** The racks of each partition's replicas (broker.rack) of `topics`, in partition order. */
function replicaRacks(
  scenario: ResolvedScenario,
  catalog: PartitionCatalog,
  topics: readonly string[],
): Map<string, string[][]> {
  const racks = scenario.network.brokerRacks ?? [];
  let byTopic = topicRacksOfCatalog.get(catalog);
  if (byTopic === undefined) {
    byTopic = new Map();
    topicRacksOfCatalog.set(catalog, byTopic);
  }
  const result = new Map<string, string[][]>();
  for (const topic of topics) {
    let topicRacks = byTopic.get(topic);
    if (topicRacks === undefined) {
      const indexes = catalog.byTopic.get(topic) ?? [];
      const replicas = indexes.map((index) => catalog.partitions[index]?.replicas ?? []);
      topicRacks = replicas.map((row) => row.map((broker) => racks[broker] ?? ''));
      byTopic.set(topic, topicRacks);
    }
    result.set(topic, topicRacks);
  }
  return result;
}
