/**
 * Which timeline charts a trace gets, from the columns it has: rates, latency percentiles, lag
 * per group, under-replicated and offline partitions, each broker's NIC, disk and CPU use, and
 * the traffic crossing zones (traces of scenarios with more than one zone).
 * A chart whose columns are all absent is left out (a trace without consumers has no lag chart).
 */
import * as d3 from 'd3';
import type { LoadedTrace } from '../trace/loadedTrace.ts';

export interface SeriesSpec {
  column: string;
  label: string;
  color: string;
  dashed: boolean;
}

export interface ChartSpec {
  id: string;
  title: string;
  unit: string;
  /** Latencies span from a millisecond to seconds in one run: a log scale shows both. */
  log: boolean;
  /** A fixed top of the y axis (1 for a busy ratio), or null to fit the data. */
  yMax: number | null;
  /** Counts: ticks on whole numbers only. */
  integer?: boolean;
  format: (value: number) => string;
  series: SeriesSpec[];
}

const PALETTE = d3.schemeTableau10;
const color = (index: number): string => PALETTE[index % PALETTE.length] as string;
const si = d3.format('.3~s');
const percent = (value: number): string => `${d3.format('.1f')(value * 100)}%`;
const milliseconds = (value: number): string =>
  value >= 1000 ? `${d3.format('.3~r')(value / 1000)} s` : `${d3.format('.3~r')(value)} ms`;

export function chartSpecs(trace: LoadedTrace): ChartSpec[] {
  const has = (column: string): boolean => trace.columns.has(column);
  const pick = (entries: Array<[string, string]>): SeriesSpec[] =>
    entries
      .filter(([column]) => has(column))
      .map(([column, label], index) => ({ column, label, color: color(index), dashed: false }));
  const groups = trace.columnNames(/^group\..+\.lag$/);
  const brokers = trace.shape.brokers.map((broker) => broker.name);
  const perBroker = (solid: string, dashed: string): SeriesSpec[] =>
    brokers.flatMap((name, index) =>
      [solid, dashed]
        .filter((part) => has(`${name}.${part}`))
        .map((part) => ({
          column: `${name}.${part}`,
          label: `${name} ${part.split('.').pop() ?? part}`,
          color: color(index),
          dashed: part === dashed,
        })),
    );
  const cores = brokers.some((name) => has(`${name}.cpu.cores`));
  const specs: ChartSpec[] = [
    {
      id: 'rates',
      title: 'Produce and consume rate',
      unit: 'records/s',
      log: false,
      yMax: null,
      format: si,
      series: pick([
        ['produce.recordsPerSec', 'produce'],
        ['consume.recordsPerSec', 'consume'],
      ]),
    },
    {
      id: 'latency',
      title: 'Produce and end-to-end latency',
      unit: 'ms, log scale',
      log: true,
      yMax: null,
      format: milliseconds,
      series: pick([
        ['produce.p50Ms', 'produce p50'],
        ['produce.p99Ms', 'produce p99'],
        ['produce.p999Ms', 'produce p99.9'],
        ['consume.endToEndP99Ms', 'end-to-end p99'],
      ]),
    },
    {
      id: 'lag',
      title: 'Consumer lag per group',
      unit: 'records',
      log: false,
      yMax: null,
      format: si,
      series: groups.map((column, index) => ({
        column,
        label: column.slice('group.'.length, -'.lag'.length),
        color: color(index),
        dashed: false,
      })),
    },
    {
      id: 'partitions',
      title: 'Under-replicated, under min ISR and offline partitions',
      unit: 'partitions',
      log: false,
      yMax: null,
      integer: true,
      format: d3.format('~d'),
      series: pick([
        ['cluster.underReplicatedPartitions', 'under-replicated'],
        ['cluster.underMinIsrPartitions', 'under min ISR'],
        ['cluster.offlinePartitions', 'offline'],
      ]),
    },
    {
      id: 'nic',
      title: 'Broker NIC use (ingress solid, egress dashed)',
      unit: 'busy',
      log: false,
      yMax: 1,
      format: percent,
      series: perBroker('nic.ingress', 'nic.egress'),
    },
    {
      id: 'disk',
      title: 'Broker disk use (write solid, read dashed)',
      unit: 'busy',
      log: false,
      yMax: 1,
      format: percent,
      series: perBroker('disk.write', 'disk.read'),
    },
    {
      id: 'cpu',
      // cpu.cores (the cores busy) where the trace has it, else the thread pools alone.
      title: cores
        ? 'Broker CPU use (cores solid, I/O threads dashed)'
        : 'Broker CPU use (I/O threads solid, network threads dashed)',
      unit: 'busy',
      log: false,
      yMax: 1,
      format: percent,
      series: cores ? perBroker('cpu.cores', 'cpu.io') : perBroker('cpu.io', 'cpu.network'),
    },
    {
      id: 'crossZone',
      title: 'Traffic between zones',
      unit: 'bytes/s',
      log: false,
      yMax: null,
      format: si,
      series: pick([
        ['network.crossZone.produceBytesPerSec', 'produce'],
        ['network.crossZone.replicationBytesPerSec', 'replication'],
        ['network.crossZone.consumeBytesPerSec', 'consume'],
        ['network.crossZone.otherBytesPerSec', 'other'],
      ]),
    },
  ];
  return specs.filter((spec) => spec.series.length > 0);
}
