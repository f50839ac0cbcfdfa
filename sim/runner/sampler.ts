/**
 * Samples the cluster every `sampleEveryUs` of virtual time into columnar series: produce rate and
 * latency percentiles per sample, under-replicated and offline partitions, and per broker the
 * utilisation of each NIC direction, the disks, the CPU pools, the page-cache hit ratio, dirty
 * bytes and the broker's state; with more than one zone, the bytes per second crossing zones by
 * kind of traffic. Utilisations are differences of the resources' own counters.
 */
import { LatencyHistogram } from '../metrics/histogram.ts';
import { minIsrFor } from '../models/kafka/catalog.ts';
import { TimeSeriesTable } from '../metrics/timeSeries.ts';
import type { Cluster } from './build.ts';
import { groupLagRecords } from './groupLag.ts';
import { readMechanisms, sampleMechanisms } from './mechanisms.ts';
import { TRAFFIC_KINDS } from './summarize.ts';

/** Counters read at the previous sample, per column. */
type Readings = Map<string, number>;

export const BROKER_STATE_CODE = { down: 0, recovering: 1, fenced: 2, paused: 3, up: 4 } as const;

export class Sampler {
  readonly table: TimeSeriesTable;
  /** Resource columns whose values are busy ratios (bottleneck candidates). */
  readonly resourceColumns: string[] = [];
  /** The largest lag of each consumer group seen in a sample. */
  readonly groupLagMax = new Map<string, number>();
  readonly #cluster: Cluster;
  readonly #topics: string[];
  /** The scenario has more than one zone: the cross-zone columns are sampled. */
  readonly #zoned: boolean;
  #previous: Readings = new Map();
  #previousUs = 0;

  constructor(cluster: Cluster, stepUs: number, samplesMax: number) {
    this.#cluster = cluster;
    this.#topics = [...new Set(cluster.producers.map((producer) => producer.spec.topic))];
    this.#zoned = cluster.scenario.network.zones.length > 1;
    this.table = new TimeSeriesTable(stepUs, samplesMax);
    this.#read(); // Baseline at t=0.
  }

  sample(): void {
    const nowUs = this.#cluster.sim.nowUs;
    const elapsedUs = nowUs - this.#previousUs;
    if (elapsedUs <= 0 || !this.table.addRow(nowUs)) return;
    const readings = this.#read();
    const delta = (name: string): number =>
      (readings.get(name) ?? 0) - (this.#previous.get(name) ?? 0);
    const table = this.table;
    const seconds = elapsedUs / 1e6;
    table.set('produce.recordsPerSec', delta('produce.records') / seconds);
    for (const topic of this.#topics) {
      table.set(`topic.${topic}.recordsPerSec`, delta(`topic.${topic}.records`) / seconds);
    }
    table.set('produce.bytesPerSec', delta('produce.bytes') / seconds);
    if (this.#cluster.consumers.length > 0) this.#sampleConsumers(delta, seconds);
    if (this.#zoned) {
      for (const traffic of TRAFFIC_KINDS) {
        const perSec = delta(`network.crossZone.${traffic}.bytes`) / seconds;
        table.set(`network.crossZone.${traffic}BytesPerSec`, perSec);
      }
    }
    sampleMechanisms(table, delta, elapsedUs, this.#cluster.producers.length);
    const interval = new LatencyHistogram();
    for (const producer of this.#cluster.producers) {
      interval.add(producer.stats.intervalLatency);
      producer.stats.intervalLatency.reset();
    }
    // A sample with no acknowledgement has no latency (NaN, null in the trace): not 0 ms.
    const ms = (percentile: number): number =>
      interval.count === 0 ? Number.NaN : interval.percentileUs(percentile) / 1000;
    table.set('produce.p50Ms', ms(50));
    table.set('produce.p99Ms', ms(99));
    table.set('produce.p999Ms', ms(99.9));
    let underReplicated = 0;
    let offline = 0;
    let underMinIsr = 0;
    const infos = this.#cluster.catalog.partitions;
    for (const state of this.#cluster.controller.partitions) {
      if (state.leader < 0) offline++;
      if (state.isr.length < state.replicas.length) underReplicated++;
      // acks=all fails (Partition.isUnderMinIsr).
      const minIsr = infos[state.partitionIndex]?.minInsyncReplicas ?? 1;
      const underMin = state.isr.length < minIsrFor(minIsr, state.replicas.length);
      if (state.leader >= 0 && underMin) underMinIsr++;
    }
    table.set('cluster.underReplicatedPartitions', underReplicated);
    table.set('cluster.offlinePartitions', offline);
    table.set('cluster.underMinIsrPartitions', underMinIsr);
    for (const broker of this.#cluster.brokers) {
      const name = broker.nodeName;
      const fenced = this.#cluster.controller.isActive(broker.brokerId) ? 'up' : 'fenced';
      const state = broker.state === 'up' ? fenced : broker.state;
      table.set(`${name}.state`, BROKER_STATE_CODE[state]);
      const disks = broker.storage.diskCount;
      this.#resource(`${name}.nic.ingress`, delta(`${name}.nic.ingress`) / elapsedUs);
      this.#resource(`${name}.nic.egress`, delta(`${name}.nic.egress`) / elapsedUs);
      this.#resource(`${name}.disk.write`, delta(`${name}.disk.write`) / (elapsedUs * disks));
      this.#resource(`${name}.disk.read`, delta(`${name}.disk.read`) / (elapsedUs * disks));
      const io = broker.requests.ioPool;
      const network = broker.requests.networkPool;
      this.#resource(`${name}.cpu.io`, delta(`${name}.cpu.io`) / (elapsedUs * io.workers));
      this.#resource(
        `${name}.cpu.network`,
        delta(`${name}.cpu.network`) / (elapsedUs * network.workers),
      );
      this.#resource(
        `${name}.cpu.cores`,
        delta(`${name}.cpu.cores`) / (elapsedUs * broker.cpu.cores),
      );
      const hits = delta(`${name}.cache.hit`);
      const misses = delta(`${name}.cache.miss`);
      table.set(`${name}.pageCacheHitRatio`, hits + misses === 0 ? 1 : hits / (hits + misses));
      table.set(`${name}.dirtyMiB`, broker.storage.dirtyBytes / 2 ** 20);
      table.set(`${name}.bytesInPerSec`, delta(`${name}.bytesIn`) / seconds);
      table.set(`${name}.logGiB`, broker.replicas.logBytes() / 2 ** 30);
    }
    this.#previous = readings;
    this.#previousUs = nowUs;
  }

  #sampleConsumers(delta: (name: string) => number, seconds: number): void {
    const table = this.table;
    table.set('consume.recordsPerSec', delta('consume.records') / seconds);
    const interval = new LatencyHistogram();
    for (const consumer of this.#cluster.consumers) {
      interval.add(consumer.stats.intervalLatency);
      consumer.stats.intervalLatency.reset();
    }
    table.set(
      'consume.endToEndP99Ms',
      interval.count === 0 ? Number.NaN : interval.percentileUs(99) / 1000,
    );
    for (const group of this.#cluster.consumerGroups) {
      const lag = groupLagRecords(this.#cluster, group.clients);
      table.set(`group.${group.name}.lag`, lag);
      table.set(
        `group.${group.name}.recordsPerSec`,
        delta(`group.${group.name}.records`) / seconds,
      );
      this.groupLagMax.set(group.name, Math.max(this.groupLagMax.get(group.name) ?? 0, lag));
    }
  }

  #resource(column: string, ratio: number): void {
    if (!this.resourceColumns.includes(column)) this.resourceColumns.push(column);
    this.table.set(column, Math.min(1, Math.max(0, ratio)));
  }

  #read(): Readings {
    const readings: Readings = new Map();
    const nowUs = this.#cluster.sim.nowUs;
    let records = 0;
    let bytes = 0;
    for (const producer of this.#cluster.producers) {
      records += producer.stats.recordsAcked;
      bytes += producer.stats.bytesAcked;
    }
    readings.set('produce.records', records);
    for (const producer of this.#cluster.producers) {
      const key = `topic.${producer.spec.topic}.records`;
      readings.set(key, (readings.get(key) ?? 0) + producer.stats.recordsAcked);
    }
    readings.set('produce.bytes', bytes);
    let consumed = 0;
    for (const group of this.#cluster.consumerGroups) {
      let groupRecords = 0;
      for (const consumer of group.clients) groupRecords += consumer.stats.recordsProcessed;
      readings.set(`group.${group.name}.records`, groupRecords);
      consumed += groupRecords;
    }
    readings.set('consume.records', consumed);
    readMechanisms(this.#cluster, nowUs, readings);
    for (const [traffic, bytes] of this.#cluster.network.crossZoneBytes) {
      readings.set(`network.crossZone.${traffic}.bytes`, bytes);
    }
    for (const broker of this.#cluster.brokers) {
      const name = broker.nodeName;
      const node = this.#cluster.network.node(name);
      readings.set(`${name}.nic.ingress`, node.ingress.utilisedUs(nowUs));
      readings.set(`${name}.nic.egress`, node.egress.utilisedUs(nowUs));
      let write = 0;
      let read = 0;
      for (let disk = 0; disk < broker.storage.diskCount; disk++) {
        write += broker.storage.diskWrite(disk).utilisedUs;
        read += broker.storage.diskRead(disk).utilisedUs;
      }
      readings.set(`${name}.disk.write`, write);
      readings.set(`${name}.disk.read`, read);
      readings.set(`${name}.cpu.io`, broker.requests.ioPool.busyUs);
      readings.set(`${name}.cpu.network`, broker.requests.networkPool.busyUs);
      readings.set(`${name}.cpu.cores`, broker.cpu.busyCoreUs(nowUs));
      readings.set(`${name}.cache.hit`, broker.storage.cacheHitBytes);
      readings.set(`${name}.cache.miss`, broker.storage.cacheMissBytes);
      readings.set(`${name}.bytesIn`, broker.requests.producedBytes);
    }
    return readings;
  }
}
