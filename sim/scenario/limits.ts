/**
 * The resource bounds of a run that depend on the whole resolved scenario, checked before anything
 * runs so that a scenario kafkasim cannot simulate is refused with file:line:field and the bound,
 * instead of exhausting the heap half-way: the number of client instances, the series rows, and an
 * estimate of the run's memory from the scenario's shape. Per-field bounds (brokers, partitions
 * per topic, replicas in total) are in schema.ts and resolve.ts; the events bound is a run option.
 *
 * The memory estimate is a sum of per-entity costs measured on 2026-11-29 (node 20, the heap
 * retained after `simulate` with `--expose-gc`): 100,000 partitions × RF 3 retained 518 MB
 * (1.73 KiB a replica), 100 producers writing to 1,000 partitions 17 MB beyond the replicas
 * (about 170 B per producer and partition), 1,000 consumers on 1,000 partitions 63 MB (about
 * 63 B per consumer and partition); a series value is a double plus its JSON text in the trace.
 * The costs below round these up, so the estimate errs on the high side. What grows with the
 * run's length has run-wide bounds of its own, left out of the estimate: the partition logs' batch
 * entries (LOG_ENTRIES_BUDGET, about 515 MB, models/kafka/logEntryBudget.ts) and the durability
 * ledger's ranges (LEDGER_RANGES_MAX, about 112 MB); past either the run stops with a message.
 */
import type { Issue, PathSegment } from './context.ts';
import type { ResolvedScenario } from './types.ts';

/** Producer and consumer client instances (the sum of every block's `count`). */
export const CLIENTS_TOTAL_MAX = 10_000;
/**
 * Keys of one producer block: the partitioner hashes every key once at start (murmur2 of
 * `key-<i>`), measured at about 2 µs a key here, so 10^7 keys take some 20 s.
 */
export const KEYS_MAX = 10_000_000;
/** Rows of the time series: duration / sampleEvery (checked in resolve.ts). */
export const SERIES_SAMPLES_MAX = 1_000_000;
/** The estimated heap a run may need; Node's default heap limit is about 4 GiB on 64-bit. */
export const MEMORY_BUDGET_BYTES = 2 * 1024 ** 3;

export const MEMORY_COSTS = {
  replicaBytes: 2048,
  producerBytes: 16 * 1024,
  producerPartitionBytes: 200,
  consumerBytes: 16 * 1024,
  consumerPartitionBytes: 100,
  seriesValueBytes: 32,
  /** Series columns: about 16 for the cluster, 12 per broker, 1 per topic, 2 per group. */
  seriesColumnsFixed: 16,
  seriesColumnsPerBroker: 12,
} as const;

interface MemoryPart {
  what: string;
  bytes: number;
  path: PathSegment[];
}

/** The parts of the memory estimate, largest first. */
export function memoryEstimate(scenario: ResolvedScenario): MemoryPart[] {
  const partitionsOf = new Map(scenario.topics.map((t) => [t.name, t.partitions]));
  const replicas = scenario.topics.reduce((sum, t) => sum + t.partitions * t.replicationFactor, 0);
  const config = scenario.cluster.config;
  const offsetsReplicas =
    scenario.consumers.length === 0
      ? 0
      : config.offsetsTopicNumPartitions *
        Math.min(scenario.cluster.brokers, config.offsetsTopicReplicationFactor);
  const producers = scenario.producers.reduce((sum, p) => sum + p.count, 0);
  const producerPartitions = scenario.producers.reduce(
    (sum, p) => sum + p.count * (partitionsOf.get(p.topic) ?? 0),
    0,
  );
  const consumers = scenario.consumers.reduce((sum, c) => sum + c.count, 0);
  const consumerPartitions = scenario.consumers.reduce(
    (sum, c) => sum + c.count * c.topics.reduce((n, t) => n + (partitionsOf.get(t) ?? 0), 0),
    0,
  );
  const c = MEMORY_COSTS;
  const columns =
    c.seriesColumnsFixed +
    c.seriesColumnsPerBroker * scenario.cluster.brokers +
    scenario.topics.length +
    2 * scenario.consumers.length;
  const samples = Math.ceil(scenario.durationUs / Math.max(1, scenario.sampleEveryUs));
  const parts: MemoryPart[] = [
    {
      what: `${replicas + offsetsReplicas} partition replicas × ${c.replicaBytes} B`,
      bytes: (replicas + offsetsReplicas) * c.replicaBytes,
      path: ['topics'],
    },
    {
      what:
        `${producers} producers × ${c.producerBytes} B + ${producerPartitions} producer-` +
        `partitions × ${c.producerPartitionBytes} B`,
      bytes: producers * c.producerBytes + producerPartitions * c.producerPartitionBytes,
      path: ['producers'],
    },
    {
      what:
        `${consumers} consumers × ${c.consumerBytes} B + ${consumerPartitions} consumer-` +
        `partitions × ${c.consumerPartitionBytes} B`,
      bytes: consumers * c.consumerBytes + consumerPartitions * c.consumerPartitionBytes,
      path: ['consumers'],
    },
    {
      what: `${samples} samples × ${columns} series columns × ${c.seriesValueBytes} B`,
      bytes: samples * columns * c.seriesValueBytes,
      path: ['sampleEvery'],
    },
  ];
  return parts.sort((a, b) => b.bytes - a.bytes || a.what.localeCompare(b.what));
}

function gib(bytes: number): string {
  return `${(bytes / 1024 ** 3).toFixed(2)} GiB`;
}

/** The issues of a resolved scenario against the bounds above (none for a scenario within). */
export function limitIssues(scenario: ResolvedScenario): Issue[] {
  const issues: Issue[] = [];
  const blocks = [
    ...scenario.producers.map((p, i) => ({ count: p.count, path: ['producers', i, 'count'] })),
    ...scenario.consumers.map((c, i) => ({ count: c.count, path: ['consumers', i, 'count'] })),
  ];
  const clients = blocks.reduce((sum, b) => sum + b.count, 0);
  if (clients > CLIENTS_TOTAL_MAX) {
    const largest = blocks.reduce((a, b) => (b.count > a.count ? b : a));
    issues.push({
      path: largest.path,
      message:
        `${clients} producer and consumer clients in total; kafkasim handles at most ` +
        `${CLIENTS_TOTAL_MAX} (CLIENTS_TOTAL_MAX)`,
    });
  }
  scenario.producers.forEach((producer, i) => {
    if (producer.keys.kind === 'null' || producer.keys.count <= KEYS_MAX) return;
    issues.push({
      path: ['producers', i, 'keys', 'count'],
      message:
        `${producer.keys.count} keys; kafkasim hashes each key at start and takes at most ` +
        `${KEYS_MAX} (KEYS_MAX) in one producer block`,
    });
  });
  const parts = memoryEstimate(scenario);
  const total = parts.reduce((sum, part) => sum + part.bytes, 0);
  if (total > MEMORY_BUDGET_BYTES) {
    const largest = parts[0] as MemoryPart;
    issues.push({
      path: largest.path,
      message:
        `the run would need about ${gib(total)} of memory, above kafkasim's budget of ` +
        `${gib(MEMORY_BUDGET_BYTES)} (MEMORY_BUDGET_BYTES); the largest part: ${largest.what}` +
        ` = ${gib(largest.bytes)}`,
    });
  }
  return issues;
}

/** Size bounds of a scenario file (schema.ts): a bad file cannot exhaust memory. */
export const LIMITS = {
  brokers: 1000,
  topics: 10_000,
  partitionsPerTopic: 100_000,
  /** Sum over topics of partitions × replication factor. */
  replicasTotal: 1_000_000,
  clientBlocks: 1000,
  clientsPerBlock: 10_000,
  faults: 10_000,
  expectations: 1000,
  rateSteps: 10_000,
  zones: 100,
} as const;
