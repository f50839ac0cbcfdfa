/**
 * What a broker hands the components it owns (replica manager, fetchers): the clock, its identity,
 * its storage, the partition catalog, its config, and a way to send messages over its links.
 */
import type { Simulation, Timer } from '../../engine/index.ts';
import type { LinkClass } from '../hardware/network.ts';
import type { Storage } from '../hardware/storage.ts';
import type { PartitionCatalog } from './catalog.ts';
import type { DetailSink } from './detail.ts';
import type { Emit } from './events.ts';
import type { Message } from './messages.ts';

export interface BrokerConfig {
  numNetworkThreads: number;
  numIoThreads: number;
  queuedMaxRequests: number;
  numReplicaFetchers: number;
  replicaFetchMaxBytes: number;
  replicaFetchResponseMaxBytes: number;
  replicaFetchWaitMaxUs: number;
  replicaFetchMinBytes: number;
  replicaFetchBackoffUs: number;
  replicaSocketTimeoutUs: number;
  replicaLagTimeMaxUs: number;
  brokerHeartbeatIntervalUs: number;
  /** log.retention.check.interval.ms */
  logRetentionCheckIntervalUs: number;
  /** CPU cores the broker's threads share. */
  cpuCores: number;
  /** log.flush.scheduler.interval.ms (null: the log flusher never runs). */
  logFlushSchedulerIntervalUs: number | null;
  /** KAFKA-15583 (3.7+): the HW does not advance while the ISR is below min.insync.replicas. */
  highWatermarkHoldBelowMinIsr: boolean;
  /** CPU cost of a request on a network thread, and per KiB moved. */
  networkRequestUs: number;
  networkPerKiBUs: number;
  /** CPU cost of a request on a request handler (io) thread, and per KiB appended or read. */
  ioRequestUs: number;
  ioPerKiBUs: number;
  /** Log recovery after an unclean shutdown: bytes scanned per second per recovery thread. */
  recoveryBytesPerSecPerThread: number;
  numRecoveryThreadsPerDataDir: number;
  /** Process start before log recovery (JVM start, loading). */
  startupUs: number;
  /**
   * KRaft: a restarted broker registers with the controller at process start, before log
   * recovery (BrokerServer starts its lifecycle manager first; LogManager.startup runs at the
   * first metadata publish), heartbeats while recovering, and is unfenced once recovered and
   * caught up. ZooKeeper mode registers only after recovery (KafkaServer.startup).
   */
  registersBeforeRecovery: boolean;
  /**
   * KIP-392: RackAwareReplicaSelector is configured (replica.selector.class) and the brokers'
   * racks (broker.rack, by broker id), or null when consumers only ever read from leaders.
   */
  readReplicaRacks: readonly string[] | null;
}

/** JVM young-generation garbage collection of a broker. */
export interface GcSpec {
  /** Heap allocation between two young collections. */
  youngGenBytes: number;
  /** Heap allocated per request besides its data (parsing, response objects). */
  allocationPerRequestBytes: number;
  pauseMedianUs: number;
  /** Sigma of the pause's logarithm (lognormal). */
  pauseSigma: number;
}

export interface BrokerContext {
  sim: Simulation;
  brokerId: number;
  nodeName: string;
  emit: Emit;
  /** Request-level detail for the trace's window (off outside it). */
  detail: DetailSink;
  config: BrokerConfig;
  storage: Storage;
  catalog: PartitionCatalog;
  /** Sends over the broker's links; the message leaves after `departDelayUs` of CPU time. */
  send(to: string, message: Message, linkClass?: LinkClass, departDelayUs?: number): void;
  /** Schedules work of this broker process: deferred while paused, dropped after a crash. */
  schedule(delayUs: number, label: string, run: () => void): Timer;
  /** Runs `run` now if the process is up, when it resumes if paused, never if it stopped. */
  runWhenUp(run: () => void): void;
  /** Runs `cpuUs` of CPU work on the broker's cores (slower when more threads run than cores). */
  runCpu(cpuUs: number, label: string, run: () => void): void;
  /** How long `cpuUs` of CPU work takes under the cores' current load. */
  cpuStretch(cpuUs: number): number;
  /** Heap allocation of a request of `bytes` (drives JVM garbage collection pauses). */
  allocate(bytes: number): void;
}

export function brokerNodeName(brokerId: number): string {
  return `broker-${brokerId}`;
}
