/**
 * The scenario file's shape, as a zod 4 schema (the JSON Schema in schema/ is generated from it).
 * It checks shape, names, enums and unit strings; cross-references (a producer's topic, RF versus
 * brokers, session timeouts within the group bounds) are checked in resolve.ts, which also turns
 * units into µs and bytes. Every object is strict: an unknown key is an error that suggests the
 * closest known key. Kafka configs sit under `config:` with Kafka's names and units verbatim.
 * Size bounds (brokers, partitions, clients) keep a bad file from exhausting memory.
 */
import { z } from 'zod';
import { unknownKeyMessage } from './suggest.ts';

export { suggest } from './suggest.ts';
import {
  parseBandwidthBytesPerSec,
  parseBytes,
  parseDurationUs,
  parseNanos,
  parseRate,
  type TimeUnit,
  type UnitResult,
} from './units.ts';

export { LIMITS } from './limits.ts';
import { LIMITS } from './limits.ts';

/** A strict object whose unknown-key issue carries one message line per key, with suggestions. */
function strict<T extends z.ZodRawShape>(shape: T) {
  const known = Object.keys(shape);
  return z.strictObject(shape, {
    error: (issue) =>
      issue.code === 'unrecognized_keys'
        ? issue.keys.map((key) => unknownKeyMessage(key, known)).join('\n')
        : undefined,
  });
}

function unitValue(parse: (input: unknown) => UnitResult, description: string, pattern: RegExp) {
  const explain = (input: unknown): string => {
    const parsed = parse(input);
    return parsed.ok ? `expected ${description}` : parsed.message;
  };
  return z
    .union(
      [z.number().nonnegative(), z.string().regex(pattern, { error: (i) => explain(i.input) })],
      {
        error: `expected ${description}`,
      },
    )
    .superRefine((value, ctx) => {
      // A string the pattern rejected has its message already.
      if (typeof value === 'string' && !pattern.test(value)) return;
      const parsed = parse(value);
      if (!parsed.ok) ctx.addIssue({ code: 'custom', message: parsed.message });
    })
    .meta({ description });
}

const NUM = String.raw`\s*([0-9][0-9_]*(\.[0-9]+)?|\.[0-9]+)\s*`;
const durationPattern = new RegExp(`^${NUM}(us|µs|ms|s|sec|min|h|d)?\\s*$`);
const nanosPattern = new RegExp(`^${NUM}(ns|us|µs|ms|s)?\\s*$`);
const sizePattern = new RegExp(`^${NUM}(B|KB|kB|MB|GB|TB|KiB|MiB|GiB|TiB)?\\s*$`);
const bandwidthPattern = new RegExp(
  `^${NUM}((B|KB|kB|MB|GB|TB|KiB|MiB|GiB|TiB)/s|bps|Kbps|kbps|Mbps|Gbps|[KMG]bit/s)?\\s*$`,
);

/** A duration: a number in `plainUnit` or a string like "10ms". */
export const duration = (plainUnit: TimeUnit = 'ms') =>
  unitValue(
    (value) => parseDurationUs(value, plainUnit),
    `a duration (a number of ${plainUnit}, or "10ms", "2s", "5min")`,
    durationPattern,
  );
const nanos = unitValue(parseNanos, 'a small CPU cost ("250ns", "0.4us")', nanosPattern);
const size = unitValue(parseBytes, 'a size in bytes ("100B", "64KiB", "1GiB")', sizePattern);
const bandwidth = unitValue(
  parseBandwidthBytesPerSec,
  'a bandwidth ("500MB/s", "1.5GiB/s", "25Gbps")',
  bandwidthPattern,
);
const rateValue = z
  .union([z.number().positive(), z.string()], {
    error: 'expected a rate ("200000/s", "195MiB/s") or unlimited',
  })
  .superRefine((value, ctx) => {
    if (value === 'unlimited') return;
    const parsed = parseRate(value);
    if (!parsed.ok) ctx.addIssue({ code: 'custom', message: parsed.message });
  });

const int = (min = 0) => z.number().int().min(min);
const count = (max: number, what: string) =>
  z
    .number()
    .int()
    .min(1)
    .max(max, { error: `at most ${max} ${what} (a kafkasim bound)` });
const ratio = z.number().min(0).max(1);
const oneOf = <const T extends readonly [string, ...string[]]>(values: T) =>
  z.enum(values, { error: `expected one of ${values.join(', ')}` });
/** Kafka's Long.MAX_VALUE style "never" values are allowed (resolve turns them into null). */
const longOrNever = z.union([z.number().int().min(1), z.null()]);

export const nodeName = z.string().min(1).max(200);
export const brokerRef = z.union([z.string().regex(/^broker-\d+$/), int()], {
  error: 'expected a broker name "broker-<i>" or an index',
});
const topicName = z
  .string()
  .min(1)
  .max(249)
  .regex(/^[a-zA-Z0-9._-]+$/, { error: "a topic name uses only letters, digits, '.', '_', '-'" });

const diskSchema = strict({
  count: count(64, 'disks'),
  writeBandwidth: bandwidth,
  readBandwidth: bandwidth,
  latency: duration('us'),
  fsyncLatency: duration('us'),
  capacity: size,
}).partial();

export const hardwareProfileSchema = strict({
  preset: z.string(),
  description: z.string(),
  cpu: strict({ cores: count(1024, 'cores'), perRequest: duration('us'), perKiB: nanos }).partial(),
  memory: strict({ total: size, heap: size, pageCache: size }).partial(),
  disks: z.array(diskSchema).min(1).max(64),
  nic: strict({ bandwidth: bandwidth }).partial(),
}).partial();

/** KIP-392's rack-aware replica selector: consumers fetch from a replica in their rack. */
export const RACK_AWARE_REPLICA_SELECTOR =
  'org.apache.kafka.common.replica.RackAwareReplicaSelector';
const SELECTOR_ERROR =
  'expected ' + RACK_AWARE_REPLICA_SELECTOR + " (Kafka's built-in selector) or null";

const networkSchema = strict({
  latency: strict({ sameZone: duration('us'), crossZone: duration('us') }).partial(),
  zones: z.array(z.string().min(1)).min(1).max(LIMITS.zones),
  /** Zone of each broker, in broker order; default: spread over `zones` in order. */
  placement: z.array(z.string().min(1)).max(LIMITS.brokers),
  /** Every broker's `broker.rack` is its zone: rack-aware replica placement. */
  racks: z.boolean(),
}).partial();

/** A client block's zone, or zones its clients spread over in order. */
const clientZone = z.union([
  z.string().min(1),
  z.array(z.string().min(1)).min(1).max(LIMITS.zones),
]);

const acks = z.union(
  [z.literal(0), z.literal(1), z.literal(-1), z.literal('all'), z.enum(['0', '1', '-1'])],
  { error: 'expected one of 0, 1, all, -1' },
);
const compression = oneOf(['none', 'gzip', 'snappy', 'lz4', 'zstd']);
const topicCompression = oneOf([
  'producer',
  'uncompressed',
  'none',
  'gzip',
  'snappy',
  'lz4',
  'zstd',
]);

export const brokerConfigSchema = strict({
  'num.network.threads': count(1024, 'threads'),
  'num.io.threads': count(1024, 'threads'),
  'queued.max.requests': count(1_000_000, 'requests'),
  'num.replica.fetchers': count(256, 'fetchers'),
  'replica.fetch.max.bytes': size,
  'replica.fetch.response.max.bytes': size,
  'replica.fetch.wait.max.ms': duration(),
  'replica.fetch.min.bytes': size,
  'replica.fetch.backoff.ms': duration(),
  'replica.lag.time.max.ms': duration(),
  'min.insync.replicas': int(1),
  'unclean.leader.election.enable': z.boolean(),
  'default.replication.factor': int(1),
  'broker.heartbeat.interval.ms': duration(),
  'broker.session.timeout.ms': duration(),
  'zookeeper.session.timeout.ms': duration(),
  'group.initial.rebalance.delay.ms': duration(),
  'group.min.session.timeout.ms': duration(),
  'group.max.session.timeout.ms': duration(),
  'group.consumer.session.timeout.ms': duration(),
  'group.consumer.heartbeat.interval.ms': duration(),
  'group.consumer.assignors': z.union([z.string(), z.array(z.string())]),
  'offsets.topic.num.partitions': count(LIMITS.partitionsPerTopic, 'partitions'),
  'offsets.topic.replication.factor': int(1),
  'log.segment.bytes': size,
  'log.retention.ms': duration(),
  'log.retention.minutes': duration('min'),
  'log.retention.hours': duration('h'),
  'log.retention.bytes': z.union([z.literal(-1), size]),
  'log.retention.check.interval.ms': duration(),
  'log.flush.interval.messages': longOrNever,
  'log.flush.interval.ms': z.union([duration(), z.null()]),
  'log.flush.scheduler.interval.ms': z.union([duration(), z.null()]),
  'num.recovery.threads.per.data.dir': count(1024, 'threads'),
  'auto.leader.rebalance.enable': z.boolean(),
  'leader.imbalance.check.interval.seconds': duration('s'),
  'message.max.bytes': size,
  'socket.request.max.bytes': size,
  'compression.type': topicCompression,
  'replica.selector.class': z.union([
    z.literal(RACK_AWARE_REPLICA_SELECTOR, { error: SELECTOR_ERROR }),
    z.null(),
  ]),
}).partial();

export const topicConfigSchema = strict({
  'min.insync.replicas': int(1),
  'unclean.leader.election.enable': z.boolean(),
  'flush.messages': longOrNever,
  'flush.ms': z.union([duration(), z.null()]),
  'retention.ms': z.union([z.literal(-1), duration()]),
  'retention.bytes': z.union([z.literal(-1), size]),
  'segment.bytes': size,
  'compression.type': topicCompression,
  'max.message.bytes': size,
}).partial();

const topicSchema = strict({
  name: topicName,
  partitions: count(LIMITS.partitionsPerTopic, 'partitions per topic').optional(),
  replicationFactor: int(1).optional(),
  replicas: z.array(z.array(int())).max(LIMITS.partitionsPerTopic).optional(),
  config: topicConfigSchema.optional(),
  prefill: strict({ records: int(), recordSize: size }).optional(),
});

export const producerConfigSchema = strict({
  acks,
  'linger.ms': duration(),
  'batch.size': size,
  'buffer.memory': size,
  'max.block.ms': duration(),
  'compression.type': compression,
  'max.in.flight.requests.per.connection': count(1000, 'requests'),
  retries: int(),
  'delivery.timeout.ms': duration(),
  'request.timeout.ms': duration(),
  'retry.backoff.ms': duration(),
  'retry.backoff.max.ms': duration(),
  'max.request.size': size,
  'enable.idempotence': z.boolean(),
  'partitioner.ignore.keys': z.boolean(),
  'partitioner.adaptive.partitioning.enable': z.boolean(),
  'partitioner.availability.timeout.ms': duration(),
  'metadata.max.age.ms': duration(),
}).partial();

const rateStepSchema = strict({ at: duration('s'), rate: rateValue });

const producerSchema = strict({
  name: nodeName,
  count: count(LIMITS.clientsPerBlock, 'clients in one block').optional(),
  hardware: z.string().optional(),
  topic: topicName,
  zone: clientZone.optional(),
  rate: z
    .union([rateValue, strict({ steps: z.array(rateStepSchema).min(1).max(10_000) })])
    .optional(),
  arrivals: oneOf(['constant', 'poisson']).optional(),
  records: z.union([int(1), z.null()]).optional(),
  recordSize: size.optional(),
  keys: z
    .union([
      z.null(),
      strict({
        count: count(1_000_000_000, 'keys'),
        distribution: oneOf(['uniform', 'zipf']).optional(),
        skew: z.number().positive().max(10).optional(),
      }),
    ])
    .optional(),
  config: producerConfigSchema.optional(),
});

export const consumerConfigSchema = strict({
  'group.protocol': oneOf(['classic', 'consumer']),
  'partition.assignment.strategy': z.union([z.string(), z.array(z.string())]),
  'group.remote.assignor': z.union([oneOf(['uniform', 'range']), z.null()]),
  'group.instance.id': z.union([z.string().min(1), z.null()]),
  'session.timeout.ms': duration(),
  'heartbeat.interval.ms': duration(),
  'max.poll.interval.ms': duration(),
  'max.poll.records': count(2147483647, 'records'),
  'fetch.min.bytes': size,
  'fetch.max.wait.ms': duration(),
  'fetch.max.bytes': size,
  'max.partition.fetch.bytes': size,
  'enable.auto.commit': z.boolean(),
  'auto.commit.interval.ms': duration(),
  'auto.offset.reset': oneOf(['earliest', 'latest', 'none']),
  'isolation.level': oneOf(['read_uncommitted', 'read_committed']),
  'request.timeout.ms': duration(),
}).partial();

const distributionSchema = strict({
  distribution: oneOf(['fixed', 'exponential', 'lognormal']),
  /** fixed: the value; exponential: the mean; lognormal: the median. */
  value: duration('us').optional(),
  mean: duration('us').optional(),
  median: duration('us').optional(),
  sigma: z.number().positive().max(10).optional(),
});

const consumerSchema = strict({
  group: nodeName,
  count: count(LIMITS.clientsPerBlock, 'clients in one block').optional(),
  hardware: z.string().optional(),
  topics: z.array(topicName).min(1).max(LIMITS.topics),
  zone: clientZone.optional(),
  processing: strict({
    perRecord: z.union([duration('us'), distributionSchema]),
    spikes: z.array(
      strict({ at: duration('s'), for: duration('s'), factor: z.number().positive() }),
    ),
  })
    .partial()
    .optional(),
  startAt: oneOf(['earliest', 'latest']).optional(),
  /** With enable.auto.commit false: commitSync (the loop waits) or commitAsync after each poll. */
  commit: oneOf(['sync', 'async']).optional(),
  config: consumerConfigSchema.optional(),
});

const heal = { healAfter: duration('s').optional() };
export const FAULT_KINDS = [
  'crash',
  'restart',
  'partitionNetwork',
  'cutLinks',
  'slowDisk',
  'pause',
  'consumer',
  'addPartitions',
  'controllerFailover',
] as const;

const faultSchema = strict({
  at: duration('s'),
  crash: brokerRef.optional(),
  restartAfter: duration('s').optional(),
  restart: brokerRef.optional(),
  partitionNetwork: strict({ isolate: z.array(nodeName).min(1), ...heal }).optional(),
  cutLinks: strict({
    between: z.array(nodeName).min(1),
    and: z.array(nodeName).min(1),
    ...heal,
  }).optional(),
  slowDisk: strict({
    broker: brokerRef,
    factor: z.number().positive(),
    for: duration('s'),
  }).optional(),
  pause: strict({ node: nodeName, for: duration('s') }).optional(),
  consumer: strict({
    group: nodeName,
    member: z.union([int(), z.null()]).optional(),
    action: oneOf(['crash', 'leave', 'join', 'restart', 'slow']),
    downFor: duration('s').optional(),
    factor: z.number().positive().optional(),
    for: duration('s').optional(),
  }).optional(),
  addPartitions: strict({
    topic: topicName,
    count: count(LIMITS.partitionsPerTopic, 'partitions'),
  }).optional(),
  controllerFailover: z.union([z.literal(true), strict({})]).optional(),
});

const expectationSchema = strict({
  atLeast: z.number(),
  atMost: z.number(),
  equals: z.number(),
  between: z.tuple([z.number(), z.number()]),
}).partial();

const codecSchema = strict({
  ratio: z.number().positive().max(1),
  compressNsPerByte: z.number().nonnegative(),
  decompressNsPerByte: z.number().nonnegative(),
}).partial();

export const modelSchema = strict({
  brokerCpuPerRequestUs: duration('us'),
  brokerCpuPerKibNs: nanos,
  networkThreadPerRequestUs: duration('us'),
  clientCpuPerRecordNs: nanos,
  clientCpuPerRequestUs: duration('us'),
  codecs: strict({
    gzip: codecSchema,
    snappy: codecSchema,
    lz4: codecSchema,
    zstd: codecSchema,
  }).partial(),
  dirtyBackgroundRatio: ratio,
  dirtyRatio: ratio,
  zkElectionPerPartitionUs: duration('us'),
  zkFailoverPerPartitionUs: duration('us'),
  logRecoveryPerGibUs: duration('us'),
}).partial();

export const scenarioSchema = strict({
  $schema: z.string().optional(),
  name: z.string().min(1).max(200).optional(),
  description: z.string().max(10_000).optional(),
  seed: z
    .number()
    .int()
    .min(0)
    .max(2 ** 32 - 1)
    .optional(),
  duration: duration('s').optional(),
  warmup: duration('s').optional(),
  sampleEvery: duration().optional(),
  kafkaVersion: z.union([z.string(), z.number()]).optional(),
  hardware: z.record(z.string(), hardwareProfileSchema).optional(),
  network: networkSchema.optional(),
  cluster: strict({
    brokers: count(LIMITS.brokers, 'brokers'),
    hardware: z.string(),
    controller: oneOf(['kraft', 'zookeeper']),
    config: brokerConfigSchema,
  })
    .partial()
    .optional(),
  topics: z.array(topicSchema).min(1, { error: 'at least one topic' }).max(LIMITS.topics),
  producers: z.array(producerSchema).max(LIMITS.clientBlocks).optional(),
  consumers: z.array(consumerSchema).max(LIMITS.clientBlocks).optional(),
  faults: z.array(faultSchema).max(LIMITS.faults).optional(),
  traceDetail: strict({ from: duration('s'), to: duration('s') }).optional(),
  expect: z.record(z.string(), expectationSchema).optional(),
  model: modelSchema.optional(),
});

export type RawScenario = z.input<typeof scenarioSchema>;
export type RawProducer = z.input<typeof producerSchema>;
export type RawConsumer = z.input<typeof consumerSchema>;
export type RawFault = z.input<typeof faultSchema>;
export type RawTopic = z.input<typeof topicSchema>;
export type RawHardwareProfile = z.input<typeof hardwareProfileSchema>;
