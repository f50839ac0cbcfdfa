/**
 * Producers and consumers: rate models, keys, processing time, and their Kafka configs with the
 * client-side rules Kafka enforces at construction: idempotence (silently off when the user left
 * it unset and acks ≠ all, retries = 0 or in-flight > 5; a ConfigException when set to true with
 * those), delivery.timeout.ms ≥ linger.ms + request.timeout.ms (an error when user-set, else
 * raised), and assignor names parsed from Kafka class names or short names.
 */
import { at, ROOT, type ResolveContext, type Where } from './context.ts';
import {
  consumerDefaults,
  KAFKASIM_DEFAULT,
  kafkaDefaultTag,
  producerDefaults,
  versionFacts,
} from './defaults.ts';
import { checkConsumerVersion } from './consumerVersions.ts';
import { resolveClientZones, resolveMachine } from './resolveHardware.ts';
import { CONSUMER_CONFIG, PRODUCER_CONFIG } from './configTables.ts';
import type { RawConsumer, RawProducer, RawScenario } from './schema.ts';
import { suggest } from './schema.ts';
import type {
  Acks,
  AssignorName,
  KeyModel,
  ModelConstants,
  ProcessingDistribution,
  RateModel,
  ResolvedConsumer,
  ResolvedConsumerConfig,
  ResolvedProducer,
  ResolvedProducerConfig,
  ResolvedNetwork,
} from './types.ts';
import { parseBytes, parseDurationUs, parseRate } from './units.ts';

export function checkTopic(
  ctx: ResolveContext,
  where: Where,
  topic: string,
  topics: string[],
): void {
  if (topics.includes(topic)) return;
  const close = suggest(topic, topics);
  ctx.error(
    where,
    `unknown topic "${topic}"${close === null ? '' : ` (did you mean "${close}"?)`}`,
  );
}

/** Default record size: 1 KiB, OpenMessaging Benchmark's default payload. */
export const DEFAULT_RECORD_BYTES = 1024;
/** Default rate of a producer block that names none. */
export const DEFAULT_RECORDS_PER_SEC = 1000;

export function resolveProducer(
  ctx: ResolveContext,
  raw: RawScenario,
  producer: RawProducer,
  index: number,
  topics: string[],
  model: ModelConstants,
  network: ResolvedNetwork,
): ResolvedProducer {
  const where = at(at(ROOT, 'producers'), index, producer.name);
  checkTopic(ctx, at(where, 'topic'), producer.topic, topics);
  ctx.record(at(where, 'topic'), ctx.fileTag(at(where, 'topic')));
  const recordBytes = ctx.pickUnit(
    at(where, 'recordSize'),
    producer.recordSize,
    DEFAULT_RECORD_BYTES,
    KAFKASIM_DEFAULT,
    parseBytes,
  );
  const arrivals = ctx.pick(at(where, 'arrivals'), producer.arrivals, 'constant', KAFKASIM_DEFAULT);
  const keys = resolveKeys(ctx, at(where, 'keys'), producer.keys);
  const largestKeyIndex = keys.kind === 'null' ? 0 : keys.count - 1;
  return {
    name: producer.name,
    count: ctx.pick(at(where, 'count'), producer.count, 1, KAFKASIM_DEFAULT),
    hardware: resolveMachine(ctx, raw, producer.hardware, at(where, 'hardware'), 'client', model),
    zones: resolveClientZones(ctx, at(where, 'zone'), producer.zone, network),
    topic: producer.topic,
    rate: resolveRate(ctx, at(where, 'rate'), producer.rate, arrivals, recordBytes),
    records: ctx.pick(at(where, 'records'), producer.records, null, KAFKASIM_DEFAULT),
    recordBytes,
    // Keys are the strings `key-<i>`; the longest one sets the size.
    keyBytes: keys.kind === 'null' ? 0 : `key-${largestKeyIndex}`.length,
    keys,
    config: resolveProducerConfig(ctx, at(where, 'config'), producer.config),
  };
}

function resolveKeys(ctx: ResolveContext, where: Where, keys: RawProducer['keys']): KeyModel {
  ctx.record(where, keys === undefined ? KAFKASIM_DEFAULT : ctx.fileTag(where));
  if (keys === undefined || keys === null) return { kind: 'null' };
  if (keys.distribution === 'zipf')
    return { kind: 'zipf', count: keys.count, skew: keys.skew ?? 1 };
  if (keys.skew !== undefined)
    ctx.error(at(where, 'skew'), 'skew applies to distribution: zipf only');
  return { kind: 'uniform', count: keys.count };
}

function recordsPerSec(
  ctx: ResolveContext,
  where: Where,
  value: unknown,
  recordBytes: number,
): number {
  const parsed = parseRate(value);
  if (!parsed.ok) {
    ctx.error(where, parsed.message);
    return 1;
  }
  // A rate in bytes counts record values (payload), as OpenMessaging Benchmark does.
  return parsed.kind === 'records'
    ? parsed.recordsPerSec
    : parsed.bytesPerSec / Math.max(1, recordBytes);
}

function resolveRate(
  ctx: ResolveContext,
  where: Where,
  rate: RawProducer['rate'],
  arrivals: 'constant' | 'poisson',
  recordBytes: number,
): RateModel {
  if (rate === undefined) {
    ctx.record(where, KAFKASIM_DEFAULT);
    return { kind: arrivals, recordsPerSec: DEFAULT_RECORDS_PER_SEC };
  }
  ctx.record(where, ctx.fileTag(where));
  if (rate === 'unlimited') return { kind: 'unlimited' };
  if (typeof rate === 'object') {
    let previousUs = -1;
    const steps = rate.steps.map((step, i) => {
      const stepWhere = at(at(where, 'steps'), i);
      const atUs = ctx.unit(at(stepWhere, 'at'), step.at, (v) => parseDurationUs(v, 's'));
      if (atUs <= previousUs)
        ctx.error(at(stepWhere, 'at'), 'steps must be in increasing time order');
      previousUs = atUs;
      if (step.rate === 'unlimited') {
        ctx.error(at(stepWhere, 'rate'), 'a step needs a finite rate');
        return { atUs, recordsPerSec: 1 };
      }
      return {
        atUs,
        recordsPerSec: recordsPerSec(ctx, at(stepWhere, 'rate'), step.rate, recordBytes),
      };
    });
    return { kind: 'steps', steps, arrivals };
  }
  return { kind: arrivals, recordsPerSec: recordsPerSec(ctx, where, rate, recordBytes) };
}

function toAcks(value: unknown): Acks {
  if (value === 0 || value === '0') return 0;
  if (value === 1 || value === '1') return 1;
  return -1;
}

function resolveProducerConfig(
  ctx: ResolveContext,
  where: Where,
  raw: Record<string, unknown> | undefined,
): ResolvedProducerConfig {
  const tag = kafkaDefaultTag(ctx.version);
  const { fields, userSet } = ctx.config(
    where,
    raw,
    PRODUCER_CONFIG,
    producerDefaults(ctx.version),
    tag,
  );
  const config = { ...fields, acks: toAcks(fields['acks']) } as unknown as ResolvedProducerConfig;
  if (config.compressionType === undefined) config.compressionType = 'none';
  applyIdempotenceRule(ctx, where, config, userSet);
  const minimumUs = config.lingerUs + config.requestTimeoutUs;
  if (config.deliveryTimeoutUs < minimumUs) {
    if (userSet.has('delivery.timeout.ms')) {
      ctx.error(
        at(where, 'delivery.timeout.ms'),
        `delivery.timeout.ms (${config.deliveryTimeoutUs / 1000} ms) must be at least ` +
          `linger.ms + request.timeout.ms (${minimumUs / 1000} ms)`,
      );
    } else {
      // Kafka raises an unset delivery.timeout.ms to the sum (ProducerConfig, with a warning).
      config.deliveryTimeoutUs = minimumUs;
      ctx.record(
        at(where, 'delivery.timeout.ms'),
        `${tag} (raised to linger.ms + request.timeout.ms)`,
      );
    }
  }
  return config;
}

function applyIdempotenceRule(
  ctx: ResolveContext,
  where: Where,
  config: ResolvedProducerConfig,
  userSet: Set<string>,
): void {
  const conflicts: string[] = [];
  if (config.acks !== -1) conflicts.push(`acks=${config.acks}`);
  if (config.retries === 0) conflicts.push('retries=0');
  if (config.maxInFlightRequestsPerConnection > 5) {
    conflicts.push(
      `max.in.flight.requests.per.connection=${config.maxInFlightRequestsPerConnection}`,
    );
  }
  const key = at(where, 'enable.idempotence');
  if (userSet.has('enable.idempotence')) {
    if (config.enableIdempotence && versionFacts(ctx.version).messageFormat !== 'v2') {
      ctx.error(key, `enable.idempotence needs Kafka 0.11 or later (kafkaVersion ${ctx.version})`);
    } else if (config.enableIdempotence && conflicts.length > 0) {
      ctx.error(
        key,
        'enable.idempotence=true requires acks=all, retries > 0 and at most 5 in-flight ' +
          `requests (got ${conflicts.join(', ')})`,
      );
    }
    return;
  }
  if (config.enableIdempotence && conflicts.length > 0) {
    config.enableIdempotence = false;
    ctx.record(key, `${kafkaDefaultTag(ctx.version)} (off: ${conflicts.join(', ')})`);
  }
}

const ASSIGNOR_NAMES: Record<string, AssignorName> = {
  range: 'range',
  rangeassignor: 'range',
  roundrobin: 'roundrobin',
  roundrobinassignor: 'roundrobin',
  sticky: 'sticky',
  stickyassignor: 'sticky',
  'cooperative-sticky': 'cooperative-sticky',
  cooperativestickyassignor: 'cooperative-sticky',
};

/** "org.apache.kafka.clients.consumer.CooperativeStickyAssignor" or "cooperative-sticky". */
export function assignorName(name: string): AssignorName | null {
  const simple = name.trim().split('.').at(-1)?.toLowerCase() ?? '';
  return ASSIGNOR_NAMES[simple] ?? null;
}

export function resolveConsumer(
  ctx: ResolveContext,
  raw: RawScenario,
  consumer: RawConsumer,
  index: number,
  topics: string[],
  model: ModelConstants,
  groupBounds: { minUs: number; maxUs: number },
  network: ResolvedNetwork,
): ResolvedConsumer {
  const where = at(at(ROOT, 'consumers'), index, consumer.group);
  consumer.topics.forEach((topic, i) => checkTopic(ctx, at(at(where, 'topics'), i), topic, topics));
  ctx.record(at(where, 'topics'), ctx.fileTag(at(where, 'topics')));
  const count = ctx.pick(at(where, 'count'), consumer.count, 1, KAFKASIM_DEFAULT);
  const config = resolveConsumerConfig(
    ctx,
    at(where, 'config'),
    consumer.config,
    count,
    groupBounds,
  );
  const statics = config.groupInstanceIds !== null;
  checkConsumerVersion(ctx, where, config.partitionAssignmentStrategy, statics);
  const startWhere = at(where, 'startAt');
  const startAt = ctx.pick(
    startWhere,
    consumer.startAt,
    config.autoOffsetReset === 'earliest' ? 'earliest' : 'latest',
    ctx.provenance[`${where.key}.config.auto.offset.reset`] ?? KAFKASIM_DEFAULT,
  );
  if (
    consumer.startAt !== undefined &&
    consumer.config?.['auto.offset.reset'] !== undefined &&
    consumer.startAt !== config.autoOffsetReset
  ) {
    ctx.error(
      startWhere,
      `startAt: ${consumer.startAt} contradicts auto.offset.reset: ${config.autoOffsetReset}`,
    );
  }
  if (consumer.startAt !== undefined) config.autoOffsetReset = consumer.startAt;
  const commitWhere = at(where, 'commit');
  const commit = ctx.pick(commitWhere, consumer.commit, 'sync', KAFKASIM_DEFAULT);
  if (consumer.commit !== undefined && config.enableAutoCommit) {
    ctx.error(
      commitWhere,
      `commit: ${consumer.commit} needs enable.auto.commit: false (auto-commit commits by itself)`,
    );
  }
  return {
    group: consumer.group,
    count,
    hardware: resolveMachine(ctx, raw, consumer.hardware, at(where, 'hardware'), 'client', model),
    zones: resolveClientZones(ctx, at(where, 'zone'), consumer.zone, network),
    topics: [...consumer.topics],
    processing: resolveProcessing(ctx, at(where, 'processing'), consumer.processing),
    startAt,
    commit,
    config,
  };
}

function resolveProcessing(
  ctx: ResolveContext,
  where: Where,
  raw: RawConsumer['processing'],
): ResolvedConsumer['processing'] {
  const us = (v: unknown) => parseDurationUs(v, 'us');
  const spikes = (raw?.spikes ?? []).map((spike, i) => {
    const w = at(at(where, 'spikes'), i);
    const s = (v: unknown) => parseDurationUs(v, 's');
    return {
      atUs: ctx.unit(at(w, 'at'), spike.at, s),
      forUs: ctx.unit(at(w, 'for'), spike.for, s),
      factor: spike.factor,
    };
  });
  const perWhere = at(where, 'perRecord');
  const per = raw?.perRecord;
  ctx.record(perWhere, per === undefined ? KAFKASIM_DEFAULT : ctx.fileTag(perWhere));
  let perRecord: ProcessingDistribution = { kind: 'fixed', perRecordUs: 0 };
  if (per !== undefined && (typeof per === 'number' || typeof per === 'string')) {
    perRecord = { kind: 'fixed', perRecordUs: ctx.unit(perWhere, per, us) };
  } else if (per !== undefined) {
    const need = (field: 'value' | 'mean' | 'median'): number => {
      const value = per[field];
      if (value === undefined) {
        ctx.error(perWhere, `distribution ${per.distribution} needs "${field}"`);
        return 0;
      }
      return ctx.unit(at(perWhere, field), value, us);
    };
    if (per.distribution === 'fixed') perRecord = { kind: 'fixed', perRecordUs: need('value') };
    if (per.distribution === 'exponential')
      perRecord = { kind: 'exponential', meanUs: need('mean') };
    if (per.distribution === 'lognormal') {
      perRecord = { kind: 'lognormal', medianUs: need('median'), sigma: per.sigma ?? 1 };
    }
  }
  return { perRecord, spikes };
}

function resolveConsumerConfig(
  ctx: ResolveContext,
  where: Where,
  raw: Record<string, unknown> | undefined,
  count: number,
  groupBounds: { minUs: number; maxUs: number },
): ResolvedConsumerConfig {
  const tag = kafkaDefaultTag(ctx.version);
  const { fields, userSet } = ctx.config(
    where,
    raw,
    CONSUMER_CONFIG,
    consumerDefaults(ctx.version),
    tag,
  );
  const strategies: AssignorName[] = [];
  const strategyWhere = at(where, 'partition.assignment.strategy');
  for (const name of fields['partitionAssignmentStrategy'] as string[]) {
    const parsed = assignorName(name);
    if (parsed === null)
      ctx.error(
        strategyWhere,
        `unknown assignor "${name}" (use range, roundrobin, sticky, ` +
          'cooperative-sticky or their class names)',
      );
    else strategies.push(parsed);
  }
  if (strategies.length === 0 && userSet.has('partition.assignment.strategy'))
    ctx.error(strategyWhere, 'at least one assignor');
  const instanceId = fields['groupInstanceIds'] as string | null;
  const config = {
    ...fields,
    partitionAssignmentStrategy: strategies,
    groupInstanceIds:
      instanceId === null ? null : Array.from({ length: count }, (_, i) => `${instanceId}-${i}`),
  } as unknown as ResolvedConsumerConfig;
  if (config.groupProtocol === 'consumer' && !versionFacts(ctx.version).consumerProtocolAvailable) {
    ctx.error(
      at(where, 'group.protocol'),
      `group.protocol=consumer (KIP-848) needs Kafka 4.0 (kafkaVersion ${ctx.version})`,
    );
  }
  if (config.groupProtocol === 'classic') {
    const { minUs, maxUs } = groupBounds;
    if (config.sessionTimeoutUs < minUs || config.sessionTimeoutUs > maxUs) {
      ctx.error(
        at(where, 'session.timeout.ms'),
        `session.timeout.ms ${config.sessionTimeoutUs / 1000} is outside the broker's ` +
          `group.min.session.timeout.ms ${minUs / 1000} .. ` +
          `group.max.session.timeout.ms ${maxUs / 1000} ` +
          '(JoinGroup fails with INVALID_SESSION_TIMEOUT)',
      );
    }
    if (config.heartbeatIntervalUs >= config.sessionTimeoutUs) {
      ctx.error(
        at(where, 'heartbeat.interval.ms'),
        'heartbeat.interval.ms must be lower than session.timeout.ms',
      );
    }
  }
  return config;
}
