/**
 * Topics: partitions, replication factor, replica assignment (pinned or generated) and topic
 * config overrides, each defaulting to the broker's value. Generated assignment follows Kafka's
 * AdminUtils.assignReplicasToBrokers (rack-aware when brokers have racks; replicaPlacement.ts)
 * with the random start index replaced by the topic's index in the file, so it is deterministic.
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
import { assignReplicas, assignReplicasRackAware } from './replicaPlacement.ts';

export function resolveTopic(
  ctx: ResolveContext,
  raw: RawScenario,
  index: number,
  cluster: ResolvedCluster,
  brokerRacks: string[] | null,
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
      ? placeReplicas(
          partitions,
          Math.min(replicationFactor, cluster.brokers),
          cluster.brokers,
          brokerRacks,
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

function placeReplicas(
  partitions: number,
  replicationFactor: number,
  brokers: number,
  racks: string[] | null,
  startIndex: number,
): number[][] {
  return racks === null
    ? assignReplicas(partitions, replicationFactor, brokers, startIndex)
    : assignReplicasRackAware(partitions, replicationFactor, racks, startIndex);
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
