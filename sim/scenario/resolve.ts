/**
 * Raw (schema-checked) scenario → ResolvedScenario: the one place ms become µs. Every value comes
 * from the file, a `--set`, a hardware preset, the Kafka version's defaults (defaults.ts) or
 * kafkasim's calibration constants, and `provenance` says which. Cross-references are checked
 * here (unknown topics, RF above the broker count, replica pinning, broker names in faults, group
 * session bounds) and returned as issues with field paths; nothing throws. Replica assignment
 * without pinning follows Kafka's rack-unaware placement (AdminUtils.assignReplicasToBrokers) with
 * the random start index replaced by the topic's index in the file, so it is deterministic.
 */
import { at, ROOT, ResolveContext, type Issue, type Where } from './context.ts';
import { BROKER_CONFIG } from './configTables.ts';
import {
  brokerDefaults,
  controllerSupported,
  isKnownVersion,
  KAFKASIM_DEFAULT,
  kafkaDefaultTag,
  MODEL_DEFAULTS,
  zkControllerCosts,
  normaliseVersion,
  VERSION_MAX,
  VERSION_MIN,
  versionFacts,
  versionNumber,
} from './defaults.ts';
import { resolveConsumer, resolveProducer } from './resolveClients.ts';
import {
  resolveExpectations,
  resolveFault,
  resolveTraceDetail,
  type Locate,
} from './resolveFaults.ts';
import { resolveMachine, resolveNetwork } from './resolveHardware.ts';
import { resolveTopic } from './resolveTopics.ts';

export { assignReplicas, assignReplicasRackAware } from './replicaPlacement.ts';
import { LIMITS, type RawScenario } from './schema.ts';
import type {
  ModelConstants,
  ResolvedBrokerConfig,
  ResolvedCluster,
  ResolvedScenario,
} from './types.ts';
import { parseDurationUs } from './units.ts';
import { SERIES_SAMPLES_MAX } from './limits.ts';

export { printResolved } from './print.ts';

export const DEFAULT_VERSION = '4.0';
export const DEFAULT_DURATION_US = 60_000_000;
export const DEFAULT_SEED = 1;

export interface ResolveOptions {
  /** Used for expectation sources and the default name. */
  fileName?: string;
  /** Provenance keys given by --set. */
  setKeys?: readonly string[];
  locate?: Locate;
}

export type ResolveResult =
  { ok: true; scenario: ResolvedScenario } | { ok: false; issues: Issue[] };

export function resolveScenario(raw: RawScenario, options: ResolveOptions = {}): ResolveResult {
  const fileName = options.fileName ?? 'scenario';
  const version = resolveVersion(raw);
  const ctx = new ResolveContext(version.value, new Set(options.setKeys ?? []));
  if (version.issue !== null) ctx.error(at(ROOT, 'kafkaVersion'), version.issue);
  ctx.record(
    at(ROOT, 'kafkaVersion'),
    raw.kafkaVersion === undefined ? KAFKASIM_DEFAULT : ctx.fileTag(at(ROOT, 'kafkaVersion')),
  );
  const model = resolveModel(ctx, raw);
  // Bound the work before generating replica lists: a huge file fails fast with one message.
  const replicasWanted = raw.topics.reduce(
    (sum, t) => sum + (t.partitions ?? t.replicas?.length ?? 1) * (t.replicationFactor ?? 1),
    0,
  );
  if (replicasWanted > LIMITS.replicasTotal) {
    const message =
      `${replicasWanted} partition replicas in total; ` +
      `kafkasim handles at most ${LIMITS.replicasTotal}`;
    return { ok: false, issues: [...ctx.issues, { path: ['topics'], message }] };
  }
  const cluster = resolveCluster(ctx, raw, model);
  const network = resolveNetwork(ctx, raw, cluster.brokers);
  const topics = raw.topics.map((topic, i) =>
    resolveTopic(ctx, raw, i, cluster, network.brokerRacks),
  );
  const topicNames = topics.map((t) => t.name);
  checkUnique(ctx, 'topics', topicNames);
  const replicasTotal = topics.reduce((sum, t) => sum + t.partitions * t.replicationFactor, 0);
  if (replicasTotal > LIMITS.replicasTotal) {
    ctx.error(
      at(ROOT, 'topics'),
      `${replicasTotal} partition replicas in total; ` +
        `kafkasim handles at most ${LIMITS.replicasTotal}`,
    );
  }
  const producers = (raw.producers ?? []).map((p, i) =>
    resolveProducer(ctx, raw, p, i, topicNames, model, network),
  );
  checkUnique(
    ctx,
    'producers',
    producers.map((p) => p.name),
  );
  const bounds = {
    minUs: cluster.config.groupMinSessionTimeoutUs,
    maxUs: cluster.config.groupMaxSessionTimeoutUs,
  };
  const consumers = (raw.consumers ?? []).map((c, i) =>
    resolveConsumer(ctx, raw, c, i, topicNames, model, bounds, network),
  );
  checkUnique(
    ctx,
    'consumers',
    consumers.map((c) => c.group),
  );
  // Clients are nodes named <producer>-<i> and <group>-<i>: the two lists must not share a name.
  consumers.forEach((consumer, i) => {
    if (producers.some((producer) => producer.name === consumer.group)) {
      ctx.error(
        at(at(at(ROOT, 'consumers'), i), 'group'),
        `group "${consumer.group}" has the name of a producer; client names must differ`,
      );
    }
  });
  const targets = {
    brokers: cluster.brokers,
    topics: new Map(topics.map((t) => [t.name, t.partitions])),
    clients: new Map(producers.map((p) => [p.name, p.count])),
    groups: new Map(consumers.map((c) => [c.group, c.count])),
  };
  const faults = (raw.faults ?? []).flatMap((f, i) => resolveFault(ctx, f, i, targets) ?? []);
  const times = resolveTimes(ctx, raw);
  const scenario: ResolvedScenario = {
    name: ctx.pick(at(ROOT, 'name'), raw.name, baseName(fileName), KAFKASIM_DEFAULT),
    description: ctx.pick(at(ROOT, 'description'), raw.description, '', KAFKASIM_DEFAULT),
    seed: ctx.pick(at(ROOT, 'seed'), raw.seed, DEFAULT_SEED, KAFKASIM_DEFAULT),
    ...times,
    kafkaVersion: version.value,
    version: versionFacts(version.value),
    network,
    cluster,
    topics,
    producers,
    consumers,
    faults,
    traceDetail: resolveTraceDetail(ctx, raw),
    expect: resolveExpectations(
      ctx,
      raw,
      fileName,
      options.locate ?? (() => ({ line: 0, column: 0 })),
    ),
    model,
    provenance: ctx.provenance,
  };
  return ctx.issues.length > 0 ? { ok: false, issues: ctx.issues } : { ok: true, scenario };
}

function baseName(fileName: string): string {
  const base = fileName.split(/[\\/]/).at(-1) ?? fileName;
  return base.replace(/\.(ya?ml|json)$/i, '') || 'scenario';
}

function checkUnique(ctx: ResolveContext, list: string, names: string[]): void {
  const seen = new Set<string>();
  names.forEach((name, i) => {
    if (seen.has(name)) ctx.error(at(at(ROOT, list), i), `duplicate name "${name}" in ${list}`);
    seen.add(name);
  });
}

function resolveVersion(raw: RawScenario): { value: string; issue: string | null } {
  if (raw.kafkaVersion === undefined) return { value: DEFAULT_VERSION, issue: null };
  const normalised = normaliseVersion(raw.kafkaVersion);
  if (normalised === null || !isKnownVersion(normalised)) {
    const shown = JSON.stringify(raw.kafkaVersion);
    return {
      value: DEFAULT_VERSION,
      issue:
        `unknown kafkaVersion ${shown}: kafkasim knows ${VERSION_MIN} .. ${VERSION_MAX} ` +
        '(write it as a string, e.g. "4.0")',
    };
  }
  return { value: normalised, issue: null };
}

function resolveTimes(
  ctx: ResolveContext,
  raw: RawScenario,
): Pick<ResolvedScenario, 'durationUs' | 'warmupUs' | 'sampleEveryUs'> {
  const s = (v: unknown) => parseDurationUs(v, 's');
  const durationUs = ctx.pickUnit(
    at(ROOT, 'duration'),
    raw.duration,
    DEFAULT_DURATION_US,
    KAFKASIM_DEFAULT,
    s,
  );
  if (durationUs <= 0) ctx.error(at(ROOT, 'duration'), 'duration must be positive');
  const warmupUs = ctx.pickUnit(at(ROOT, 'warmup'), raw.warmup, 0, KAFKASIM_DEFAULT, s);
  if (warmupUs >= durationUs && durationUs > 0)
    ctx.error(
      at(ROOT, 'warmup'),
      `warmup (${warmupUs / 1e6} s) must be shorter than duration (${durationUs / 1e6} s)`,
    );
  // About 1200 samples per run, never finer than 100 ms, on whole milliseconds.
  const defaultSampleUs = Math.max(100_000, Math.ceil(durationUs / 1200 / 1000) * 1000);
  const sampleEveryUs = ctx.pickUnit(
    at(ROOT, 'sampleEvery'),
    raw.sampleEvery,
    defaultSampleUs,
    KAFKASIM_DEFAULT,
    (v) => parseDurationUs(v, 'ms'),
  );
  if (sampleEveryUs <= 0) ctx.error(at(ROOT, 'sampleEvery'), 'sampleEvery must be positive');
  else if (durationUs / sampleEveryUs > SERIES_SAMPLES_MAX) {
    ctx.error(
      at(ROOT, 'sampleEvery'),
      `${Math.ceil(durationUs / sampleEveryUs)} samples (duration / sampleEvery); kafkasim keeps` +
        ` at most ${SERIES_SAMPLES_MAX} (SERIES_SAMPLES_MAX): use a larger sampleEvery`,
    );
  }
  return { durationUs, warmupUs, sampleEveryUs };
}

function resolveModel(ctx: ResolveContext, raw: RawScenario): ModelConstants {
  const where = at(ROOT, 'model');
  const file = raw.model ?? {};
  const model: ModelConstants = {
    ...structuredClone(MODEL_DEFAULTS),
    ...zkControllerCosts(ctx.version),
  };
  const scalarKeys = Object.keys(MODEL_DEFAULTS).filter(
    (k) => k !== 'codecs',
  ) as (keyof ModelConstants)[];
  for (const key of scalarKeys) {
    const value = file[key as keyof typeof file];
    const converted =
      value === undefined
        ? undefined
        : ctx.unit(at(where, key), value, (v) =>
            key.endsWith('Ns') ? parseNanosOrNumber(v) : parseNumber(v, key),
          );
    (model as unknown as Record<string, number>)[key] = ctx.pick(
      at(where, key),
      converted,
      (model as unknown as Record<string, number>)[key] as number,
      KAFKASIM_DEFAULT,
    );
  }
  for (const codec of ['gzip', 'snappy', 'lz4', 'zstd'] as const) {
    const fileCodec = file.codecs?.[codec] ?? {};
    for (const field of ['ratio', 'compressNsPerByte', 'decompressNsPerByte'] as const) {
      const w = at(at(at(where, 'codecs'), codec), field);
      model.codecs[codec][field] = ctx.pick(
        w,
        fileCodec[field],
        MODEL_DEFAULTS.codecs[codec][field],
        KAFKASIM_DEFAULT,
      );
    }
  }
  if (model.dirtyBackgroundRatio > model.dirtyRatio)
    ctx.error(at(where, 'dirtyBackgroundRatio'), 'dirtyBackgroundRatio must not exceed dirtyRatio');
  return model;
}

function parseNumber(value: unknown, key: string) {
  if (typeof value === 'number') return { ok: true as const, value };
  const us = key.endsWith('Us') ? parseDurationUs(value, 'us') : null;
  return us ?? { ok: false as const, message: 'expected a number' };
}

function parseNanosOrNumber(value: unknown) {
  if (typeof value === 'number') return { ok: true as const, value };
  const match = /^\s*([0-9.]+)\s*(ns|us|µs)?\s*$/.exec(String(value));
  if (match === null) return { ok: false as const, message: 'expected nanoseconds ("250ns")' };
  return {
    ok: true as const,
    value: Number(match[1]) * (match[2] === undefined || match[2] === 'ns' ? 1 : 1000),
  };
}

function resolveCluster(
  ctx: ResolveContext,
  raw: RawScenario,
  model: ModelConstants,
): ResolvedCluster {
  const where = at(ROOT, 'cluster');
  const file = raw.cluster ?? {};
  const brokers = ctx.pick(at(where, 'brokers'), file.brokers, 3, KAFKASIM_DEFAULT);
  const facts = versionFacts(ctx.version);
  const controller = ctx.pick(
    at(where, 'controller'),
    file.controller,
    facts.controller,
    kafkaDefaultTag(ctx.version),
  );
  if (!controllerSupported(ctx.version, controller)) {
    ctx.error(
      at(where, 'controller'),
      `Kafka ${ctx.version} has no ${controller} mode (KRaft from 2.8, ZooKeeper until 3.9)`,
    );
  }
  const config = resolveBrokerConfig(ctx, at(where, 'config'), file.config);
  return {
    brokers,
    brokerNames: Array.from({ length: brokers }, (_, i) => `broker-${i}`),
    controller,
    hardware: resolveMachine(ctx, raw, file.hardware, at(where, 'hardware'), 'broker', model),
    config,
  };
}

function resolveBrokerConfig(
  ctx: ResolveContext,
  where: Where,
  raw: Record<string, unknown> | undefined,
): ResolvedBrokerConfig {
  const tag = kafkaDefaultTag(ctx.version);
  const { fields } = ctx.config(where, raw, BROKER_CONFIG, brokerDefaults(ctx.version), tag);
  const config = fields as unknown as ResolvedBrokerConfig;
  if (config.compressionType === ('uncompressed' as string)) config.compressionType = 'none';
  // log.retention.ms wins over .minutes, which wins over .hours (LogConfig).
  for (const [name, unit] of [
    ['log.retention.minutes', 'min'],
    ['log.retention.hours', 'h'],
  ] as const) {
    const value = raw?.[name];
    if (value !== undefined && raw?.['log.retention.ms'] === undefined) {
      config.logRetentionUs = ctx.unit(at(where, name), value, (v) => parseDurationUs(v, unit));
      ctx.record(at(where, 'log.retention.ms'), `from ${name}`);
      ctx.record(at(where, name), ctx.fileTag(at(where, name)));
      break;
    }
  }
  // Kafka checks the ISR every replica.lag.time.max.ms / 2 (ReplicaManager.startup).
  config.isrCheckIntervalUs = Math.max(1, Math.floor(config.replicaLagTimeMaxUs / 2));
  if (config.groupMinSessionTimeoutUs > config.groupMaxSessionTimeoutUs) {
    ctx.error(
      at(where, 'group.min.session.timeout.ms'),
      'group.min.session.timeout.ms exceeds group.max.session.timeout.ms',
    );
  }
  if (config.replicaSelectorClass !== null && versionNumber(ctx.version) < versionNumber('2.4')) {
    ctx.error(
      at(where, 'replica.selector.class'),
      `replica.selector.class needs Kafka 2.4 or later (KIP-392); kafkaVersion is ${ctx.version}`,
    );
  }
  for (const name of config.groupConsumerAssignors) {
    if (name !== 'uniform' && name !== 'range')
      ctx.error(
        at(where, 'group.consumer.assignors'),
        `unknown server assignor "${name}" (uniform, range)`,
      );
  }
  return config;
}
