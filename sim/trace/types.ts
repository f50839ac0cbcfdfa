/**
 * The trace: one versioned JSON document that connects headless runs, reports and the replay UI.
 * It holds the resolved scenario, the seed, the summary (without wall-clock figures, so the same
 * scenario and seed give a byte-identical trace), time series sampled on a fixed virtual-time
 * step in columns, and a bounded list of discrete events. Types only.
 */

export const TRACE_FORMAT = 'kafkasim-trace';
export const TRACE_VERSION = 1;

export interface LatencySummaryMs {
  p50: number;
  p99: number;
  p999: number;
  max: number;
}

export interface ProduceSummary {
  recordsSent: number;
  recordsAcked: number;
  recordsFailed: number;
  recordsPerSec: number;
  bytesPerSec: number;
  latencyMs: LatencySummaryMs;
}

export interface ConsumeSummary {
  recordsProcessed: number;
  recordsPerSec: number;
  bytesPerSec: number;
  /** From each record's creation to the end of its processing, weighted by records. */
  endToEndLatencyMs: LatencySummaryMs;
  /** The largest lag seen in a sample (high watermark minus position, summed over partitions). */
  lagRecordsMax: number;
}

export interface RebalanceSummary {
  group: string;
  trigger: string;
  protocol: string;
  startMs: number;
  endMs: number;
  /** Partition-time during the rebalance with no member consuming the partition. */
  pausedPartitionMs: number;
  partitionsMoved: number;
}

export interface Bottleneck {
  /**
   * 'saturated': a resource at least 90% busy; 'mechanism': a Kafka mechanism taking at least
   * half the time or the latency; 'busiest': no bottleneck, the busiest resource over the window.
   */
  kind: 'saturated' | 'mechanism' | 'busiest';
  resource: string;
  busyRatio: number;
  fromMs: number;
  toMs: number;
}

export interface ExpectationResult {
  metric: string;
  op: string;
  values: number[];
  actual: number | null;
  pass: boolean;
  source: string;
}

/** The deterministic part of a run's summary (what the trace carries). */
export interface TraceSummary {
  scenario: string;
  seed: number;
  virtualMs: number;
  eventsCount: number;
  windowMs: { from: number; to: number };
  produce: ProduceSummary;
  producers: Record<string, ProduceSummary>;
  durability: {
    ackedRecordsLost: number;
    duplicateRecords: number;
    /** Records processed again after a rebalance or a crash (only with consumers). */
    reprocessedRecords?: number;
  };
  /** Only with consumers: every group together, each group, and every rebalance. */
  consume?: ConsumeSummary;
  consumers?: Record<string, ConsumeSummary & { rebalances: RebalanceSummary[] }>;
  rebalances?: RebalanceSummary[];
  availability: {
    offlinePartitionMs: number;
    underReplicatedPartitionMs: number;
    /**
     * Partition-time with a leader but fewer in-sync replicas than min.insync.replicas (capped at
     * the replica count): acks=all writes fail (Kafka's UnderMinIsr gauge). Absent from traces
     * written before it was added.
     */
    underMinIsrPartitionMs?: number;
    /** Partition-time with no leader or a leader whose broker is down, recovering or paused. */
    unavailablePartitionMs: number;
    /** The longest time any one partition was unavailable. */
    maxUnavailableMs: number;
    /** Time without an active controller (failovers). */
    controllerUnavailableMs: number;
  };
  /**
   * Bytes per second between nodes in different zones over the window, by kind of traffic
   * (every run has it; traces from before it was added do not).
   */
  network?: NetworkSummary;
  bottlenecks: Bottleneck[];
  expectations: ExpectationResult[];
  warnings: string[];
}

/** The kinds of traffic the cross-zone figures are split into. */
export type Traffic = 'produce' | 'replication' | 'consume' | 'other';

export interface NetworkSummary {
  /** Every message between zones, each counted once (requests, responses, retransmissions). */
  crossZoneBytesPerSec: number;
  /**
   * produce: produce requests and responses; replication: follower fetches and their answers;
   * consume: consumer fetches and their answers; other: metadata, group, offsets, controller.
   */
  crossZone: Record<`${Traffic}BytesPerSec`, number>;
}

/** The summary printed by `kafkasim run --json`: the trace's plus hash and wall time. */
export interface RunSummary extends TraceSummary {
  traceHash: string;
  wallMs: number;
}

export interface TraceEvent {
  atUs: number;
  kind: string;
  /** The entity the event is about: `broker-1`, `orders-3`, `checkout-0`. */
  entity: string;
  message: string;
  data: Record<string, number | string | boolean | number[]>;
}

export interface TraceSeries {
  stepUs: number;
  timeUs: number[];
  /**
   * Column name → values, one per time step. Names: `broker-0.nic.ingress`, `produce.p99Ms`.
   * A sample with nothing to measure (no acknowledgement for a latency column) is NaN in a
   * run's memory and null in the JSON document: a gap, not zero.
   */
  columns: Record<string, number[]>;
}

/**
 * One step of one request for one partition, recorded only inside the trace's detail window
 * (`traceDetail: { from, to }` in the scenario, or `kafkasim run --detail FROM-TO`). A request
 * carrying several partitions gives one event per partition with the same requestId. Kinds:
 * - produceSend / produceArrive: a produce request leaves the producer (node) for the leader
 *   (peer), and reaches it (node = leader, peer = producer).
 * - leaderAppend: the leader appends the batch; offsets [base, end).
 * - followerFetchSend / followerFetchArrive: a follower's fetch leaves it for the leader, and
 *   reaches the leader; offsets [fetchOffset, fetchOffset].
 * - followerAppend: the follower appends what the fetch brought (node = follower, peer =
 *   leader, requestId = the follower's fetch); offsets [from, end).
 * - hwAdvance: the leader's high watermark moves; offsets [old, new). requestId and peer are the
 *   follower fetch (or produce) that moved it; -1 and no peer for other causes (ISR shrink).
 * - produceResponse: the leader answers (node = leader, peer = producer); offsets [base, end)
 *   when the batch was appended and not failed.
 * - consumerFetchSend / consumerFetchArrive: a consumer's fetch leaves it for the leader, and
 *   reaches the leader; offsets [fetchOffset, fetchOffset].
 * - consumerFetchResponse: the leader sends the data (node = leader, peer = consumer); offsets
 *   [first, end) of the batches served (never past the high watermark), absent when empty.
 * requestId is the id the sender gave the request: unique per producer, consumer or follower
 * broker, so a request is (client, requestId). Times are the virtual µs of each step.
 */
export interface DetailEvent {
  atUs: number;
  kind:
    | 'produceSend'
    | 'produceArrive'
    | 'leaderAppend'
    | 'produceResponse'
    | 'followerFetchSend'
    | 'followerFetchArrive'
    | 'followerAppend'
    | 'hwAdvance'
    | 'consumerFetchSend'
    | 'consumerFetchArrive'
    | 'consumerFetchResponse';
  partition: string;
  node: string;
  peer?: string;
  requestId: number;
  offsets?: [number, number];
}

/** The request-level events of the detail window [fromUs, toUs), bounded (the rest counted). */
export interface TraceDetail {
  fromUs: number;
  toUs: number;
  events: DetailEvent[];
  dropped: number;
}

export interface Trace {
  format: typeof TRACE_FORMAT;
  version: typeof TRACE_VERSION;
  scenario: unknown;
  seed: number;
  summary: TraceSummary;
  series: TraceSeries;
  events: TraceEvent[];
  eventsDropped: number;
  /** Only when the run had a detail window: request-level steps inside it. */
  detail?: TraceDetail;
}
