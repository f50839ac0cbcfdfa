import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  formatScenarioErrors,
  loadScenarioFile,
  parseScenarioText,
  type LoadResult,
  type ScenarioError,
} from '../../sim/scenario/load.ts';
import { printResolved } from '../../sim/scenario/resolve.ts';
import type { ResolvedScenario } from '../../sim/scenario/types.ts';

const REFERENCE = 'scenarios/reference-example.yaml';

function resolved(result: LoadResult): ResolvedScenario {
  if (!result.ok) throw new Error(formatScenarioErrors(result.errors));
  return result.scenario;
}

function errors(text: string, file = 'x.yaml', sets: string[] = []): ScenarioError[] {
  const result = parseScenarioText(text, file, { sets });
  if (result.ok) throw new Error('expected errors, the scenario resolved');
  return result.errors;
}

const MINIMAL = 'topics:\n  - name: orders\n';

describe('loadScenarioFile', () => {
  it('loads the reference example unchanged from the shared contract', () => {
    const shared = readFileSync('/work/shared/reference/scenario-example.yaml', 'utf8');
    expect(readFileSync(REFERENCE, 'utf8')).toBe(shared);
  });

  it('resolves the reference example with units, defaults and provenance', async () => {
    const s = resolved(await loadScenarioFile(REFERENCE));
    expect(s.name).toBe('acks-all-vs-crash');
    expect([s.durationUs, s.warmupUs, s.sampleEveryUs]).toEqual([120e6, 5e6, 100_000]);
    expect(s.kafkaVersion).toBe('4.0');
    expect(s.version.messageFormat).toBe('v2');
    expect(s.cluster.brokers).toBe(3);
    expect(s.cluster.config.numReplicaFetchers).toBe(8);
    expect(s.cluster.config.numIoThreads).toBe(8);
    expect(s.cluster.hardware.pageCacheBytes).toBe(48 * 1024 ** 3);
    expect(s.cluster.hardware.disks).toHaveLength(2);
    expect(s.cluster.hardware.disks[0]).toMatchObject({ writeBytesPerSec: 1e9, latencyUs: 50 });
    expect(s.cluster.hardware.nicBytesPerSec).toBe(3_125_000_000);
    expect(s.network.brokerZones).toEqual(['a', 'b', 'c']);
    expect(s.network.crossZoneLatencyUs).toBe(600);
    const orders = s.topics[0];
    expect(orders?.config.minInsyncReplicas).toBe(2);
    expect(orders?.replicas.slice(0, 4)).toEqual([
      [0, 1, 2],
      [1, 2, 0],
      [2, 0, 1],
      [0, 2, 1],
    ]);
    expect(s.topics[1]?.prefill).toEqual({ records: 50_000_000, recordBytes: 100 });
    const [checkout, loader] = s.producers;
    expect(checkout?.rate).toEqual({ kind: 'poisson', recordsPerSec: 200_000 });
    expect(checkout?.config).toMatchObject({ acks: -1, lingerUs: 10_000, enableIdempotence: true });
    expect(checkout?.keys).toEqual({ kind: 'uniform', count: 100_000 });
    expect(loader?.rate).toEqual({ kind: 'unlimited' });
    expect(loader?.config).toMatchObject({ acks: 1, batchSizeBytes: 8196, lingerUs: 0 });
    expect(loader?.config.enableIdempotence).toBe(false);
    expect(loader?.records).toBe(1_000_000);
    const [billing, replayer] = s.consumers;
    expect(billing?.config.partitionAssignmentStrategy).toEqual(['cooperative-sticky']);
    expect(billing?.processing.perRecord).toEqual({ kind: 'fixed', perRecordUs: 5 });
    expect(replayer?.startAt).toBe('earliest');
    expect(s.faults[0]).toEqual({ kind: 'crash', atUs: 40e6, broker: 1, restartAfterUs: 30e6 });
    expect(s.faults.map((f) => f.kind)).toEqual([
      'crash',
      'consumer',
      'partitionNetwork',
      'cutLinks',
      'slowDisk',
      'pause',
    ]);
    const p = s.provenance;
    expect(p['producers.checkout.config.linger.ms']).toBe('file');
    expect(p['producers.checkout.config.delivery.timeout.ms']).toBe('default:kafka-4.0');
    expect(p['producers.loader.config.enable.idempotence']).toMatch(
      /^default:kafka-4.0 \(off: acks=1/,
    );
    expect(p['cluster.config.num.io.threads']).toBe('default:kafka-4.0');
    expect(p['hardware.broker.memory.total']).toBe('preset:aws-i3en.2xlarge');
    expect(p['hardware.broker.cpu.cores']).toBe('file');
    expect(p['hardware.client.preset']).toBe('default:kafkasim');
  });

  it('resolves a scenario with only topics to 3 brokers on the default preset in one zone', () => {
    const s = resolved(parseScenarioText(MINIMAL, 'minimal.yaml'));
    expect(s.name).toBe('minimal');
    expect(s.cluster.brokers).toBe(3);
    expect(s.cluster.hardware.preset).toBe('default');
    expect(s.cluster.controller).toBe('kraft');
    expect(s.network.zones).toEqual(['a']);
    expect(s.topics[0]).toMatchObject({ partitions: 1, replicationFactor: 1, replicas: [[0]] });
    expect(s.provenance['cluster.brokers']).toBe('default:kafkasim');
    expect(s.provenance['topics.orders.partitions']).toBe('default:kafka-4.0');
  });

  it('printResolved shows values with their provenance', async () => {
    const text = printResolved(resolved(await loadScenarioFile(REFERENCE)));
    expect(text).toContain('lingerUs: 10000 # linger.ms · file');
    expect(text).toContain('numIoThreads: 8 # num.io.threads · default:kafka-4.0');
  });

  it('applies --set by list item name, keeping Kafka dotted names whole', async () => {
    const text = readFileSync(REFERENCE, 'utf8');
    const sets = [
      'producers.checkout.config.acks=1',
      'cluster.brokers=5',
      'topics.orders.partitions=12',
    ];
    const s = resolved(parseScenarioText(text, REFERENCE, { sets }));
    expect(s.producers[0]?.config.acks).toBe(1);
    expect(s.producers[0]?.config.enableIdempotence).toBe(false);
    expect(s.cluster.brokers).toBe(5);
    expect(s.topics[0]?.partitions).toBe(12);
    expect(s.provenance['producers.checkout.config.acks']).toBe('--set');
    expect(s.provenance['cluster.brokers']).toBe('--set');
  });
});

describe('parseScenarioText errors', () => {
  it('reports file:line:column and path for a bad enum value', () => {
    const text =
      'topics:\n  - name: t\nproducers:\n  - name: p\n    topic: t\n    config:\n      acks: 2\n';
    const [error] = errors(text, 'scenarios/x.yaml');
    expect(error).toEqual({
      file: 'scenarios/x.yaml',
      line: 7,
      column: 13,
      path: 'producers[0].config.acks',
      message: 'expected one of 0, 1, all, -1',
    });
    expect(formatScenarioErrors([error as ScenarioError])).toBe(
      'scenarios/x.yaml:7:13 producers[0].config.acks: expected one of 0, 1, all, -1',
    );
  });

  it('suggests the closest key for an unknown key', () => {
    const text = 'topics:\n  - name: t\n    partitons: 3\n';
    expect(errors(text)).toEqual([
      expect.objectContaining({
        line: 3,
        column: 5,
        path: 'topics[0].partitons',
        message: 'unknown key "partitons" (did you mean "partitions"?)',
      }),
    ]);
  });

  it('a warmup not shorter than the duration is an error giving both', () => {
    const text = 'duration: 6s\nwarmup: 8s\ntopics: [{ name: t }]\n';
    expect(errors(text)).toEqual([
      expect.objectContaining({
        line: 2,
        path: 'warmup',
        message: 'warmup (8 s) must be shorter than duration (6 s)',
      }),
    ]);
  });

  it('suggests the preset a name begins, and lists the presets', () => {
    const text = 'hardware: { broker: { preset: aws-m5.xlarge } }\ntopics: [{ name: t }]\n';
    expect(errors(text)[0]?.message).toBe(
      'unknown hardware preset "aws-m5.xlarge" (did you mean "aws-m5.xlarge-gp3"? presets:' +
        ' default, aws-i3en.2xlarge, aws-i3en.6xlarge, aws-m5.xlarge-gp3, aws-c5n.2xlarge)',
    );
  });

  it('reports several schema and semantic errors at once', () => {
    const text = [
      'cluster: { brokers: 2 }',
      'topics:',
      '  - name: orders',
      '    replicationFactor: 3',
      '  - name: pinned',
      '    replicas: [[0, 1], [1, 7]]',
      'producers:',
      '  - name: p',
      '    topic: ordrs',
      '    recordSize: 10 parsecs',
      '    config: { linger.ms: 10, request.timeout.ms: 30000, delivery.timeout.ms: 1000 }',
      'consumers:',
      '  - group: g',
      '    topics: [orders]',
      '    hardware: big-box',
      '    config: { session.timeout.ms: 1000 }',
      'faults:',
      '  - at: 10s',
      '    crash: broker-5',
      '  - at: 11s',
      '    addPartitions: { topic: nope, count: 4 }',
    ].join('\n');
    const found = errors(text).map((e) => `${e.line}:${e.column} ${e.path}`);
    expect(found).toEqual([
      '4:24 topics[0].replicationFactor',
      '6:28 topics[1].replicas[1][1]',
      '9:12 producers[0].topic',
      '10:17 producers[0].recordSize',
      '11:78 producers[0].config.delivery.timeout.ms',
      '15:15 consumers[0].hardware',
      '16:13 consumers[0].config.heartbeat.interval.ms',
      '16:35 consumers[0].config.session.timeout.ms',
      '19:12 faults[0].crash',
      '21:29 faults[1].addPartitions.topic',
    ]);
  });

  it('reports broken YAML and duplicate keys with their positions', () => {
    const broken = errors('topics:\n  - name: [t\n');
    expect(broken[0]?.line).toBeGreaterThan(0);
    const duplicate = errors('topics:\n  - name: a\nseed: 1\nseed: 2\n');
    expect(duplicate[0]).toMatchObject({ line: 4, column: 1 });
    expect(duplicate[0]?.message).toMatch(/unique/);
  });

  it('rejects an alias bomb without expanding it', () => {
    const lines = ['a: &a ["x","x","x","x","x","x","x","x","x","x"]'];
    for (let i = 1; i < 9; i += 1) {
      const prev = String.fromCharCode(96 + i);
      const name = String.fromCharCode(97 + i);
      lines.push(`${name}: &${name} [${Array(10).fill(`*${prev}`).join(',')}]`);
    }
    lines.push('topics: [{ name: t }]');
    const found = errors(lines.join('\n'));
    expect(found[0]?.message).toMatch(/alias/);
  });

  it('rejects deep nesting and huge sizes with clear messages', () => {
    const deep = `topics: [{ name: t }]\nx: ${'['.repeat(200)}${']'.repeat(200)}\n`;
    expect(errors(deep)[0]?.message).toMatch(/nesting deeper than/);
    const huge = 'topics:\n  - name: t\n    partitions: 100000000\n';
    expect(errors(huge)[0]).toMatchObject({ line: 3, path: 'topics[0].partitions' });
    expect(errors(huge)[0]?.message).toMatch(/at most 100000 partitions per topic/);
    const manyBrokers = 'cluster: { brokers: 1000000 }\ntopics: [{ name: t }]\n';
    expect(errors(manyBrokers)[0]?.message).toMatch(/at most 1000 brokers/);
  });

  it('applies the idempotence rule: an error only when the user set it', () => {
    const base = 'topics: [{ name: t }]\nproducers:\n  - name: p\n    topic: t\n    config: ';
    const quiet = resolved(parseScenarioText(`${base}{ acks: 1 }\n`, 'x.yaml'));
    expect(quiet.producers[0]?.config.enableIdempotence).toBe(false);
    const loud = errors(`${base}{ acks: 1, enable.idempotence: true }\n`);
    expect(loud[0]).toMatchObject({ path: 'producers[0].config.enable.idempotence' });
    const old = resolved(parseScenarioText(`kafkaVersion: "2.6"\n${base}{}\n`, 'x.yaml'));
    expect(old.producers[0]?.config).toMatchObject({ acks: 1, enableIdempotence: false });
  });

  it('resolves version defaults for 0.8, 2.6, 3.9 and 4.0', () => {
    const at = (v: string) => {
      // 0.8 has no group coordinator (consumerVersions.test.ts): no consumers there.
      const consumers = v === '0.8' ? '' : '\nconsumers: [{ group: g, topics: [t] }]';
      const text = `kafkaVersion: "${v}"\ntopics: [{ name: t }]${consumers}`;
      return resolved(parseScenarioText(text, 'x.yaml'));
    };
    expect(at('0.8').cluster.controller).toBe('zookeeper');
    expect(at('0.8').version.messageFormat).toBe('v0');
    expect(at('2.6').consumers[0]?.config.sessionTimeoutUs).toBe(10e6);
    expect(at('2.6').cluster.config.replicaLagTimeMaxUs).toBe(30e6);
    expect(at('3.9').consumers[0]?.config.sessionTimeoutUs).toBe(45e6);
    expect(at('4.0').cluster.config.numRecoveryThreadsPerDataDir).toBe(2);
    expect(errors('kafkaVersion: "9.9"\ntopics: [{ name: t }]')[0]?.path).toBe('kafkaVersion');
  });
});

describe('client names', () => {
  it('a consumer group named like a producer is an error naming the group field', () => {
    const text = [
      'topics: [{ name: t }]',
      'producers: [{ name: shared, topic: t }]',
      'consumers:',
      '  - group: shared',
      '    topics: [t]',
    ].join('\n');
    const result = parseScenarioText(text, 'clash.yaml');
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.errors.map((e) => `${e.line} ${e.path}`)).toContain('4 consumers[0].group');
  });
});
