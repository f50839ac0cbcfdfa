/**
 * Builds a cluster from a ResolvedScenario: the network with every node's NIC, the brokers (their
 * config, storage and CPU costs), the controller, and the producer clients. This is the one place
 * where scenario quantities become model specs; models never see the scenario.
 */
import { Simulation } from '../engine/index.ts';
import { Network } from '../models/hardware/network.ts';
import { DETAIL_OFF, type DetailSink } from '../models/kafka/detail.ts';
import type { StorageSpec } from '../models/hardware/storage.ts';
import { Broker } from '../models/kafka/broker.ts';
import type { BrokerConfig } from '../models/kafka/brokerContext.ts';
import {
  buildCatalog,
  type PartitionCatalog,
  type PartitionInfo,
} from '../models/kafka/catalog.ts';
import { Controller, type ControllerSpec } from '../models/kafka/controller.ts';
import type { Emit } from '../models/kafka/events.ts';
import { wireBytes, type Message } from '../models/kafka/messages.ts';
import { keyPartitionWeights } from '../models/kafka/partitioner.ts';
import { Producer, type ProducerSpec } from '../models/kafka/producer.ts';
import type { Consumer } from '../models/kafka/consumer.ts';
import type { ProcessedLedger } from '../models/kafka/consumerTypes.ts';
import type { GroupStore } from '../models/kafka/groups/groupStore.ts';
import {
  buildConsumers,
  groupSetup,
  offsetsCatalogPartitions,
  prefillLogs,
  topicCatalogCounts,
} from './buildConsumers.ts';
import { compressedWrapperBytes, recordBatchBytes } from '../scenario/defaults.ts';
import type { ResolvedProducer, ResolvedScenario } from '../scenario/types.ts';
import { clientZoneOf } from '../scenario/resolveHardware.ts';
import { addedPartitionReplicas } from '../scenario/replicaPlacement.ts';
import type { Traffic } from '../trace/types.ts';
import { versionAtLeast } from './version.ts';
import { clientCpuPerRecordNs } from './clientCpu.ts';

/** Process start of a broker before log recovery: JVM start, log directory scan. [cal] */
export const BROKER_STARTUP_US = 3_000_000;
/** Index and checkpoint writes per appended byte (Vanlightly 2023: "small write amplification"). */
export const WRITE_AMPLIFICATION_RATIO = 1.02;
/** Producer reconnect.backoff.ms / reconnect.backoff.max.ms defaults. */
const RECONNECT_BACKOFF_US = 50_000;
const RECONNECT_BACKOFF_MAX_US = 1_000_000;
const CONTROLLER_NODE = 'controller';
/** Lognormal sigma putting a GC pause's p90 at twice its median (ln 2 / 1.2816). */
const GC_PAUSE_SIGMA = 0.5409;

export interface Cluster {
  sim: Simulation;
  scenario: ResolvedScenario;
  network: Network<Message>;
  catalog: PartitionCatalog;
  brokers: Broker[];
  controller: Controller;
  producers: Producer[];
  /** Producer clients per scenario producer entry, in order. */
  producerGroups: Array<{ name: string; clients: Producer[] }>;
  consumers: Consumer[];
  /** Consumer clients per group (several scenario entries may share a group), in order. */
  consumerGroups: Array<{ name: string; clients: Consumer[]; ledger: ProcessedLedger }>;
  groupStore: GroupStore;
}

export function buildCluster(
  scenario: ResolvedScenario,
  seed: number,
  emit: Emit,
  detail: DetailSink = DETAIL_OFF,
): Cluster {
  const sim = new Simulation({ seed });
  const brokerNodes = new Set(scenario.cluster.brokerNames);
  const network = new Network<Message>(sim, {
    streamOf: (message) => (message.kind.endsWith('Response') ? 'response' : 'request'),
    trafficOf: (message, from, to) =>
      trafficOf(message, brokerNodes.has(from) && brokerNodes.has(to)),
    sameZoneLatencyUs: scenario.network.sameZoneLatencyUs,
    crossZoneLatencyUs: scenario.network.crossZoneLatencyUs,
  });
  const partitions = catalogPartitions(scenario);
  const groups = groupSetup(scenario, partitions);
  const catalog = buildCatalog(partitions);
  const brokerIds = scenario.cluster.brokerNames.map((_, index) => index);
  const controller = new Controller(
    sim,
    controllerSpec(scenario, brokerIds),
    catalog,
    emit,
    (to, message, linkClass) => {
      network.send(CONTROLLER_NODE, to, message, 0, linkClass);
    },
  );
  network.addNode(
    CONTROLLER_NODE,
    scenario.network.zones[0] ?? 'a',
    scenario.cluster.hardware.nicBytesPerSec,
    (message, from) => controller.deliver(message, from),
  );
  const brokers = brokerIds.map((brokerId) => {
    const broker: Broker = new Broker(
      sim,
      { ...brokerSpec(scenario, brokerId), ...groups.brokerSpec },
      catalog,
      emit,
      (to, message, linkClass, departDelayUs) =>
        network.send(broker.nodeName, to, message, wireBytes(message), linkClass, departDelayUs),
      detail,
    );
    network.addNode(
      broker.nodeName,
      scenario.network.brokerZones[brokerId] ?? 'a',
      scenario.cluster.hardware.nicBytesPerSec,
      (message, from) => broker.deliver(message, from),
      (peer) => broker.onConnectionReset(peer),
    );
    return broker;
  });
  prefillLogs(scenario, catalog, brokers);
  const snapshot = controller.snapshot();
  const producerGroups: Cluster['producerGroups'] = [];
  let producerId = 0;
  for (const entry of scenario.producers) {
    const clients: Producer[] = [];
    for (let index = 0; index < entry.count; index++) {
      const spec = producerSpec(scenario, entry, index, producerId++, catalog, brokerIds);
      // An acks=0 request is done once written: a full send buffer (a cut link) refuses it.
      const producer = new Producer(sim, spec, snapshot, emit, (to, message, linkClass) => {
        const acksZero = message.kind === 'produceRequest' && message.acks === 0;
        const bytes = wireBytes(message);
        return network.send(spec.nodeName, to, message, bytes, linkClass, 0, acksZero);
      });
      network.addNode(
        spec.nodeName,
        clientZoneOf(entry.zones, index),
        entry.hardware.nicBytesPerSec,
        (message, from) => producer.deliver(message, from),
        (peer) => producer.onConnectionReset(peer),
      );
      clients.push(producer);
    }
    producerGroups.push({ name: entry.name, clients });
  }
  const consumerGroups = buildConsumers(scenario, sim, network, catalog, snapshot, emit);
  return {
    sim,
    scenario,
    network,
    catalog,
    brokers,
    controller,
    producers: producerGroups.flatMap((group) => group.clients),
    producerGroups,
    consumers: consumerGroups.flatMap((group) => group.clients),
    consumerGroups,
    groupStore: groups.store,
  };
}

/** The kind of traffic a message is, for the summary's cross-zone bytes. */
function trafficOf(message: Message, betweenBrokers: boolean): Traffic {
  switch (message.kind) {
    case 'produceRequest':
    case 'produceResponse':
      return 'produce';
    case 'fetchRequest':
    case 'fetchResponse':
      return betweenBrokers ? 'replication' : 'consume';
    default:
      return 'other';
  }
}

function catalogPartitions(scenario: ResolvedScenario): PartitionInfo[] {
  const partitions: PartitionInfo[] = [];
  const counts = topicCatalogCounts(scenario);
  for (const topic of scenario.topics) {
    const count = counts.get(topic.name) ?? 0;
    // Partitions an addPartitions fault adds exist (hidden) from the start.
    const added = addedPartitionReplicas(
      topic.replicas,
      Math.max(0, count - topic.partitions),
      scenario.cluster.brokers,
      scenario.network.brokerRacks,
    );
    for (let partition = 0; partition < count; partition++) {
      partitions.push({
        index: partitions.length,
        name: `${topic.name}-${partition}`,
        topic: topic.name,
        partition,
        replicas: [...(topic.replicas[partition] ?? added[partition - topic.partitions] ?? [])],
        minInsyncReplicas: topic.config.minInsyncReplicas,
        uncleanLeaderElectionEnable: topic.config.uncleanLeaderElectionEnable,
        flushMessages: topic.config.flushMessages ?? Infinity,
        flushUs: topic.config.flushUs ?? Infinity,
        retentionBytes: topic.config.retentionBytes,
        retentionUs: topic.config.retentionUs,
        segmentBytes: topic.config.segmentBytes,
      });
    }
  }
  partitions.push(...offsetsCatalogPartitions(scenario, partitions.length));
  return partitions;
}

function controllerSpec(scenario: ResolvedScenario, brokerIds: number[]): ControllerSpec {
  const config = scenario.cluster.config;
  const kraft = scenario.cluster.controller === 'kraft';
  const roundTripUs = 2 * scenario.network.sameZoneLatencyUs;
  return {
    mode: scenario.cluster.controller,
    nodeName: CONTROLLER_NODE,
    brokerIds,
    sessionTimeoutUs: kraft ? config.brokerSessionTimeoutUs : config.zookeeperSessionTimeoutUs,
    // KRaft: controller.quorum.append.linger.ms (25 ms) then a quorum round trip.
    commitDelayUs: kraft ? 25_000 + roundTripUs : roundTripUs,
    perPartitionChangeUs: kraft ? 0 : scenario.model.zkElectionPerPartitionUs,
    // KRaft: voters notice after the fetch timeout (2 s) and elect within an election timeout.
    failoverBaseUs: kraft ? 3_000_000 : config.zookeeperSessionTimeoutUs,
    failoverPerPartitionUs: kraft ? 0 : scenario.model.zkFailoverPerPartitionUs,
    autoLeaderRebalanceEnable: config.autoLeaderRebalanceEnable,
    leaderImbalanceCheckIntervalUs: config.leaderImbalanceCheckIntervalUs,
  };
}

function brokerSpec(scenario: ResolvedScenario, brokerId: number) {
  const config = scenario.cluster.config;
  const hardware = scenario.cluster.hardware;
  const brokerConfig: BrokerConfig = {
    numNetworkThreads: config.numNetworkThreads,
    numIoThreads: config.numIoThreads,
    queuedMaxRequests: config.queuedMaxRequests,
    numReplicaFetchers: config.numReplicaFetchers,
    replicaFetchMaxBytes: config.replicaFetchMaxBytes,
    replicaFetchResponseMaxBytes: config.replicaFetchResponseMaxBytes,
    replicaFetchWaitMaxUs: config.replicaFetchWaitMaxUs,
    replicaFetchMinBytes: config.replicaFetchMinBytes,
    replicaFetchBackoffUs: config.replicaFetchBackoffUs,
    replicaSocketTimeoutUs: 30_000_000,
    replicaLagTimeMaxUs: config.replicaLagTimeMaxUs,
    brokerHeartbeatIntervalUs: config.brokerHeartbeatIntervalUs,
    logRetentionCheckIntervalUs: config.logRetentionCheckIntervalUs,
    logFlushSchedulerIntervalUs: config.logFlushSchedulerIntervalUs,
    cpuCores: hardware.cpuCores,
    highWatermarkHoldBelowMinIsr: versionAtLeast(scenario.kafkaVersion, '3.7'),
    networkRequestUs: scenario.model.networkThreadPerRequestUs,
    networkPerKiBUs: hardware.cpuPerKibNs / 2000,
    ioRequestUs: hardware.cpuPerRequestUs,
    ioPerKiBUs: hardware.cpuPerKibNs / 1000,
    recoveryBytesPerSecPerThread: 2 ** 30 / (scenario.model.logRecoveryPerGibUs / 1e6),
    numRecoveryThreadsPerDataDir: config.numRecoveryThreadsPerDataDir,
    startupUs: BROKER_STARTUP_US,
    registersBeforeRecovery: scenario.cluster.controller === 'kraft',
    readReplicaRacks: config.replicaSelectorClass === null ? null : scenario.network.brokerRacks,
  };
  const storage: StorageSpec = {
    disks: hardware.disks.map((disk) => ({
      writeBytesPerSec: disk.writeBytesPerSec,
      readBytesPerSec: disk.readBytesPerSec,
      latencyUs: disk.latencyUs,
      fsyncLatencyUs: disk.fsyncLatencyUs,
    })),
    pageCacheBytes: hardware.pageCacheBytes,
    dirtyBackgroundRatio: scenario.model.dirtyBackgroundRatio,
    dirtyRatio: scenario.model.dirtyRatio,
    writeAmplificationRatio: WRITE_AMPLIFICATION_RATIO,
  };
  const model = scenario.model;
  const gc =
    model.jvmGcPauseTargetUs <= 0
      ? null
      : {
          youngGenBytes: Math.max(1, Math.floor(hardware.heapBytes * model.jvmYoungGenRatio)),
          allocationPerRequestBytes: model.jvmAllocationPerRequestBytes,
          pauseMedianUs: model.jvmGcPauseTargetUs / 2,
          // p90 = the goal: exp(1.2816 sigma) = 2.
          pauseSigma: GC_PAUSE_SIGMA,
        };
  return { brokerId, gc, config: brokerConfig, storage, controllerNode: CONTROLLER_NODE };
}

/** Every client of a block shares its key weights (read-only): hashing the keys once, not
 * once per client, keeps 1,000 clients of 100,000 keys from hashing 10^8 keys at start. */
const keyWeightsOfBlock = new WeakMap<ResolvedProducer, Map<number, Float64Array>>();

function blockKeyWeights(entry: ResolvedProducer, partitionCount: number): Float64Array {
  const byCount = keyWeightsOfBlock.get(entry) ?? new Map<number, Float64Array>();
  keyWeightsOfBlock.set(entry, byCount);
  const known = byCount.get(partitionCount);
  if (known !== undefined) return known;
  const weights = keyPartitionWeights(
    entry.keys.kind === 'null' ? 1 : entry.keys.count,
    partitionCount,
    entry.keys.kind === 'zipf' ? { kind: 'zipf', skew: entry.keys.skew } : { kind: 'uniform' },
  );
  byCount.set(partitionCount, weights);
  return weights;
}

function producerSpec(
  scenario: ResolvedScenario,
  entry: ResolvedProducer,
  index: number,
  producerId: number,
  catalog: PartitionCatalog,
  brokerIds: number[],
): ProducerSpec {
  const config = entry.config;
  const initialCount = scenario.topics.find((topic) => topic.name === entry.topic)?.partitions;
  // Every partition the topic will have (addPartitions included): the producer uses the first
  // `initialCount` until a metadata response shows more.
  const partitionIndexes = catalog.byTopic.get(entry.topic) ?? [];
  const wire = recordWireBytes(scenario, entry);
  const codec =
    config.compressionType === 'none' ? null : scenario.model.codecs[config.compressionType];
  const clientMaxRate = 1e9 / clientCpuPerRecordNs(scenario, entry);
  const share = (total: number): number => total / entry.count;
  const steps = rateSteps(entry, clientMaxRate, share);
  const records =
    entry.records === null
      ? null
      : Math.floor(entry.records / entry.count) + (index < entry.records % entry.count ? 1 : 0);
  const keyed = entry.keys.kind !== 'null' && !config.partitionerIgnoreKeys;
  const keyWeightsFor = (count: number): Float64Array => blockKeyWeights(entry, count);
  const activePartitions = initialCount ?? partitionIndexes.length;
  const clientId = `${entry.name}-${index}`;
  return {
    clientId,
    topic: entry.topic,
    nodeName: clientId,
    producerId,
    brokerIds,
    partitionNames: partitionIndexes.map((partition) => catalog.partitions[partition]?.name ?? '?'),
    validateUsPerRecord: ((codec?.decompressNsPerByte ?? 0) * entry.recordBytes) / 1000,
    accumulator: {
      partitionIndexes,
      activePartitions,
      keyWeights: keyed ? keyWeightsFor(activePartitions) : null,
      keyWeightsFor,
      nullKeyPartitioner: scenario.version.nullKeyPartitioner,
      adaptivePartitioning: config.partitionerAdaptivePartitioningEnable,
      openLoop: entry.rate.kind !== 'unlimited',
      batchSizeBytes: config.batchSizeBytes,
      lingerUs: config.lingerUs,
      bufferMemoryBytes: config.bufferMemoryBytes,
      maxBlockUs: config.maxBlockUs,
      deliveryTimeoutUs: config.deliveryTimeoutUs,
      recordBytes: wire.recordBytes,
      batchHeaderBytes: wire.batchHeaderBytes,
      recordsLimit: records,
    },
    rateSteps: steps,
    poissonArrivals:
      entry.rate.kind === 'poisson' ||
      (entry.rate.kind === 'steps' && entry.rate.arrivals === 'poisson'),
    acks: config.acks,
    idempotent: config.enableIdempotence,
    maxInFlight: config.maxInFlightRequestsPerConnection,
    requestTimeoutUs: config.requestTimeoutUs,
    retries: config.retries,
    retryBackoffUs: config.retryBackoffUs,
    retryBackoffMaxUs: config.retryBackoffMaxUs,
    exponentialBackoff: versionAtLeast(scenario.kafkaVersion, '3.7'),
    leaderInErrorResponse: versionAtLeast(scenario.kafkaVersion, '3.7'),
    maxRequestSizeBytes: config.maxRequestSizeBytes,
    metadataMaxAgeUs: config.metadataMaxAgeUs,
    reconnectBackoffUs: RECONNECT_BACKOFF_US,
    reconnectBackoffMaxUs: RECONNECT_BACKOFF_MAX_US,
  };
}

function rateSteps(
  entry: ResolvedProducer,
  clientMaxRate: number,
  share: (total: number) => number,
) {
  const rate = entry.rate;
  const capped = (total: number): number => Math.min(share(total), clientMaxRate);
  if (rate.kind === 'unlimited') return [{ atUs: 0, recordsPerSec: clientMaxRate }];
  if (rate.kind === 'steps') {
    const steps = rate.steps.map((step) => ({
      atUs: step.atUs,
      recordsPerSec: capped(step.recordsPerSec),
    }));
    if (steps[0]?.atUs !== 0) steps.unshift({ atUs: 0, recordsPerSec: 0 });
    return steps;
  }
  return [{ atUs: 0, recordsPerSec: capped(rate.recordsPerSec) }];
}

/** Bytes of one record and of a batch's fixed part on the wire and on disk, after compression. */
function recordWireBytes(
  scenario: ResolvedScenario,
  entry: ResolvedProducer,
): { recordBytes: number; batchHeaderBytes: number } {
  const format = scenario.version.messageFormat;
  const sample = 1000;
  const batchBytes = recordBatchBytes(format, sample, entry.keyBytes, entry.recordBytes);
  const headerBytes = format === 'v2' ? compressedWrapperBytes(format) : 0;
  const codecName = entry.config.compressionType;
  const ratio = codecName === 'none' ? 1 : scenario.model.codecs[codecName].ratio;
  const recordBytes = ((batchBytes - headerBytes) / sample) * ratio;
  const wrapper = codecName === 'none' ? 0 : format === 'v2' ? 0 : compressedWrapperBytes(format);
  return { recordBytes, batchHeaderBytes: headerBytes + wrapper };
}
