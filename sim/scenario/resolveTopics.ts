/**
 * Topics: partitions, replication factor, replica assignment (pinned or generated) and topic
 * config overrides, each defaulting to the broker's value. Generated assignment follows Kafka's
 * rack-unaware placement (AdminUtils.assignReplicasToBrokers) with the random start index
 * replaced by the topic's index in the file, so it is deterministic.
 */
import { at, ROOT, type ResolveContext, type Where } from './context.ts';
import { BROKER_CONFIG, TOPIC_CONFIG } from './configTables.ts';
import { KAFKASIM_DEFAULT, kafkaDefaultTag } from './defaults.ts';
import type { RawScenario } from './schema.ts';
import type {
  ResolvedBrokerConfig,
  ResolvedCluster,
  ResolvedTopic,
  ResolvedTopicConfig,
} from './types.ts';
import { parseBytes } from './units.ts';

export function resolveTopic(
  ctx: ResolveContext,
  raw: RawScenario,
  index: number,
  cluster: ResolvedCluster,
): ResolvedTopic {
  const file = raw.topics[index];
  if (file === undefined) throw new Error('unreachable: topic index out of range');
  const where = at(at(ROOT, 'topics'), index, file.name);
  const tag = kafkaDefaultTag(ctx.version);
  const pinned = file.replicas;
  const partitions = ctx.pick(
    at(where, 'partitions'),
    file.partitions,
    pinned?.length ?? 1,
    pinned === undefined ? tag : 'file',
  );
  const rfDefault = pinned?.[0]?.length ?? cluster.config.defaultReplicationFactor;
  const replicationFactor = ctx.pick(
    at(where, 'replicationFactor'),
    file.replicationFactor,
    rfDefault,
    pinned === undefined ? tag : 'file',
  );
  if (replicationFactor > cluster.brokers) {
    ctx.error(
      at(where, 'replicationFactor'),
      `replicationFactor ${replicationFactor} exceeds the ${cluster.brokers} brokers`,
    );
  }
  const replicas =
    pinned === undefined
      ? assignReplicas(
          partitions,
          Math.min(replicationFactor, cluster.brokers),
          cluster.brokers,
          index,
        )
      : checkPinned(
          ctx,
          at(where, 'replicas'),
          pinned,
          partitions,
          replicationFactor,
          cluster.brokers,
        );
  ctx.record(
    at(where, 'replicas'),
    pinned === undefined ? KAFKASIM_DEFAULT : ctx.fileTag(at(where, 'replicas')),
  );
  return {
    name: file.name,
    partitions,
    replicationFactor,
    replicas,
    replicasPinned: pinned !== undefined,
    config: resolveTopicConfig(ctx, at(where, 'config'), file.config, cluster.config),
    prefill:
      file.prefill === undefined
        ? null
        : {
            records: file.prefill.records,
            recordBytes: ctx.unit(
              at(at(where, 'prefill'), 'recordSize'),
              file.prefill.recordSize,
              parseBytes,
            ),
          },
  };
}

function checkPinned(
  ctx: ResolveContext,
  where: Where,
  pinned: number[][],
  partitions: number,
  replicationFactor: number,
  brokers: number,
): number[][] {
  if (pinned.length !== partitions)
    ctx.error(where, `replicas pins ${pinned.length} partitions, the topic has ${partitions}`);
  pinned.forEach((row, p) => {
    const w = at(where, p);
    if (row.length !== replicationFactor)
      ctx.error(
        w,
        `partition ${p} lists ${row.length} replicas, replicationFactor is ${replicationFactor}`,
      );
    if (new Set(row).size !== row.length) ctx.error(w, `partition ${p} lists a broker twice`);
    row.forEach((b, i) => {
      if (b >= brokers) ctx.error(at(w, i), `no broker ${b}: brokers are 0 .. ${brokers - 1}`);
    });
  });
  return pinned.map((row) => [...row]);
}

/**
 * Kafka's rack-unaware assignment: partition p's first replica is broker (p + start) mod n; the
 * others follow at a shift that grows by one every n partitions, so followers spread evenly.
 */
export function assignReplicas(
  partitions: number,
  replicationFactor: number,
  brokers: number,
  startIndex: number,
): number[][] {
  const start = startIndex % brokers;
  const result: number[][] = [];
  let shift = start;
  for (let p = 0; p < partitions; p += 1) {
    if (p > 0 && p % brokers === 0) shift += 1;
    const first = (p + start) % brokers;
    const row = [first];
    for (let j = 0; j < replicationFactor - 1; j += 1) {
      row.push((first + 1 + ((shift + j) % (brokers - 1))) % brokers);
    }
    result.push(row);
  }
  return result;
}

function resolveTopicConfig(
  ctx: ResolveContext,
  where: Where,
  raw: Record<string, unknown> | undefined,
  broker: ResolvedBrokerConfig,
): ResolvedTopicConfig {
  const fields: Record<string, unknown> = {};
  const brokerFields = broker as unknown as Record<string, unknown>;
  for (const entry of TOPIC_CONFIG) {
    const w = at(where, entry.kafka);
    const brokerEntry = BROKER_CONFIG.find((b) => b.kafka === entry.broker);
    const inherited = brokerFields[brokerEntry?.field ?? ''];
    const value = raw?.[entry.kafka];
    if (value === undefined) {
      ctx.record(w, `inherited:cluster.config.${entry.broker}`);
      fields[entry.field] = inherited;
    } else {
      ctx.record(w, ctx.fileTag(w));
      fields[entry.field] = ctx.convert(w, entry.kind, value as never);
    }
  }
  if (fields['compressionType'] === 'uncompressed') fields['compressionType'] = 'none';
  return fields as unknown as ResolvedTopicConfig;
}
