/**
 * The terminal summary of one run: a header (scenario, seed, virtual and wall time, speed-up),
 * then fixed-width tables for produce (all producers and each one: records, rate, MB/s, latency
 * percentiles), durability, availability, bottlenecks and `expect:` results, the warnings, and
 * the trace hash. `summaryTables` builds the tables once for both this and the Markdown report.
 * Pure: it never reads the clock, so the same summary gives the same text.
 */
import type {
  ExpectationResult,
  ProduceSummary,
  RunSummary,
  TraceSummary,
} from '../trace/types.ts';
import {
  formatDurationMs,
  formatFixed,
  formatInteger,
  formatMegabytesPerSec,
  formatMs,
  formatPercent,
  formatSeconds,
  renderText,
  type Table,
} from './table.ts';
import { consumeTables } from './consumeTables.ts';

const PRODUCE_COLUMNS: Table['columns'] = [
  { header: 'producer', align: 'left' },
  { header: 'sent', align: 'right' },
  { header: 'acked', align: 'right' },
  { header: 'failed', align: 'right' },
  { header: 'records/s', align: 'right' },
  { header: 'MB/s', align: 'right' },
  { header: 'p50 ms', align: 'right' },
  { header: 'p99 ms', align: 'right' },
  { header: 'p99.9 ms', align: 'right' },
  { header: 'max ms', align: 'right' },
];

const KEY_VALUE_COLUMNS: Table['columns'] = [
  { header: 'measure', align: 'left' },
  { header: 'value', align: 'right' },
];

function produceRow(name: string, produce: ProduceSummary): string[] {
  const { latencyMs } = produce;
  return [
    name,
    formatInteger(produce.recordsSent),
    formatInteger(produce.recordsAcked),
    formatInteger(produce.recordsFailed),
    formatInteger(produce.recordsPerSec),
    formatMegabytesPerSec(produce.bytesPerSec),
    formatMs(latencyMs.p50),
    formatMs(latencyMs.p99),
    formatMs(latencyMs.p999),
    formatMs(latencyMs.max),
  ];
}

function produceTable(summary: TraceSummary): Table {
  const names = Object.keys(summary.producers);
  const rows = names.map((name) => produceRow(name, summary.producers[name] as ProduceSummary));
  // With one producer the total would repeat its row.
  if (names.length !== 1) rows.push(produceRow('all producers', summary.produce));
  const { from, to } = summary.windowMs;
  return {
    title: `Produce (measured from ${formatSeconds(from)} to ${formatSeconds(to)})`,
    columns: PRODUCE_COLUMNS,
    rows,
    empty: 'no producers',
  };
}

function durabilityTable(summary: TraceSummary): Table {
  const { durability } = summary;
  return {
    title: 'Durability',
    columns: KEY_VALUE_COLUMNS,
    rows: [
      ['acknowledged records lost', formatInteger(durability.ackedRecordsLost)],
      ['duplicate records', formatInteger(durability.duplicateRecords)],
      ...(durability.reprocessedRecords === undefined
        ? []
        : [['records processed again', formatInteger(durability.reprocessedRecords)]]),
    ],
  };
}

function availabilityTable(summary: TraceSummary): Table {
  const { availability } = summary;
  return {
    title: 'Availability (partition-time summed over partitions)',
    columns: KEY_VALUE_COLUMNS,
    rows: [
      ['offline partition-time', formatDurationMs(availability.offlinePartitionMs)],
      [
        'under-replicated partition-time',
        formatDurationMs(availability.underReplicatedPartitionMs),
      ],
      ...(availability.underMinIsrPartitionMs === undefined
        ? []
        : [
            [
              'under-min-ISR partition-time (acks=all fails)',
              formatDurationMs(availability.underMinIsrPartitionMs),
            ],
          ]),
      ['unavailable partition-time', formatDurationMs(availability.unavailablePartitionMs)],
      ['longest unavailability of a partition', formatDurationMs(availability.maxUnavailableMs)],
      ['no active controller', formatDurationMs(availability.controllerUnavailableMs)],
    ],
  };
}

/** Cross-zone traffic, shown when some crossed zones (old traces have no network block). */
function networkTables(summary: TraceSummary): Table[] {
  const network = summary.network;
  if (network === undefined || network.crossZoneBytesPerSec <= 0) return [];
  const z = network.crossZone;
  return [
    {
      title: 'Cross-zone traffic (MB/s between nodes in different zones, after warmup)',
      columns: KEY_VALUE_COLUMNS,
      rows: [
        ['produce (requests and responses)', formatMegabytesPerSec(z.produceBytesPerSec)],
        ['replication (follower fetches)', formatMegabytesPerSec(z.replicationBytesPerSec)],
        ['consume (consumer fetches)', formatMegabytesPerSec(z.consumeBytesPerSec)],
        ['other (metadata, groups, offsets)', formatMegabytesPerSec(z.otherBytesPerSec)],
        ['all', formatMegabytesPerSec(network.crossZoneBytesPerSec)],
      ],
    },
  ];
}

function bottleneckTable(summary: TraceSummary): Table {
  // Without a bottleneck the runner lists the busiest resource, averaged over the window.
  const onlyBusiest = summary.bottlenecks.every((b) => b.kind === 'busiest');
  return {
    title:
      onlyBusiest && summary.bottlenecks.length > 0
        ? 'Bottlenecks: none (no resource 90% busy, no Kafka mechanism taking half the time or' +
          ' latency, for a second); the busiest resource'
        : 'Bottlenecks (resources at least 90% busy, Kafka mechanisms taking at least half the' +
          ' time or latency, for a second or more)',
    columns: [
      { header: 'resource', align: 'left' },
      { header: 'busy/share', align: 'right' },
      { header: 'from', align: 'right' },
      { header: 'to', align: 'right' },
    ],
    rows: summary.bottlenecks.map((b) => [
      b.resource,
      formatPercent(b.busyRatio),
      formatSeconds(b.fromMs),
      formatSeconds(b.toMs),
    ]),
    empty: 'none',
  };
}

/** Up to three decimals, without trailing zeros: 1025.5 → "1,025.5". */
function formatNumber(value: number): string {
  if (Number.isInteger(value)) return formatInteger(value);
  return formatFixed(value, 3).replace(/0+$/, '').replace(/\.$/, '');
}

/** `atLeast [190000]` → ">= 190,000". */
export function formatExpected(result: ExpectationResult): string {
  const [first = NaN, second = NaN] = result.values;
  if (result.op === 'atLeast') return `>= ${formatNumber(first)}`;
  if (result.op === 'atMost') return `<= ${formatNumber(first)}`;
  if (result.op === 'equals') return `= ${formatNumber(first)}`;
  if (result.op === 'between') return `${formatNumber(first)} to ${formatNumber(second)}`;
  return `${result.op} ${result.values.map(formatNumber).join(', ')}`;
}

function expectationTable(summary: TraceSummary): Table {
  return {
    title: 'Expectations (expect:)',
    columns: [
      { header: 'result', align: 'left' },
      { header: 'metric', align: 'left' },
      { header: 'expected', align: 'right' },
      { header: 'actual', align: 'right' },
      { header: 'declared at', align: 'left' },
    ],
    rows: summary.expectations.map((e) => [
      e.pass ? 'pass' : 'FAIL',
      e.metric,
      formatExpected(e),
      e.actual === null ? 'no such metric' : formatNumber(e.actual),
      e.source,
    ]),
    empty: 'none in this scenario',
  };
}

/** The tables both the terminal summary and the Markdown report show, in order. */
export function summaryTables(summary: TraceSummary): Table[] {
  return [
    produceTable(summary),
    ...consumeTables(summary),
    durabilityTable(summary),
    availabilityTable(summary),
    ...networkTables(summary),
    bottleneckTable(summary),
    expectationTable(summary),
  ];
}

/** True when every `expect:` entry passed (or there were none). */
export function expectationsPassed(summary: TraceSummary): boolean {
  return summary.expectations.every((e) => e.pass);
}

function speedUp(virtualMs: number, wallMs: number): string {
  if (wallMs <= 0) return 'too fast to measure';
  const ratio = virtualMs / wallMs;
  const text = ratio >= 100 ? formatInteger(ratio) : formatFixed(ratio, 1);
  return `${text}x real time`;
}

function expectationVerdict(count: number, failed: number): string {
  if (count === 1) return failed === 0 ? 'The expectation passed.' : 'The expectation FAILED.';
  return failed === 0
    ? `All ${count} expectations passed.`
    : `${failed} of ${count} expectations FAILED.`;
}

/** The terminal summary: header, tables, warnings, expectations verdict and trace hash. */
export function formatSummary(summary: RunSummary): string {
  const failed = summary.expectations.filter((e) => !e.pass).length;
  const parts = [
    `kafkasim: ${summary.scenario} (seed ${summary.seed})\n` +
      `  virtual time ${formatSeconds(summary.virtualMs)} in ${formatSeconds(summary.wallMs)}` +
      ` of wall time (${speedUp(summary.virtualMs, summary.wallMs)}),` +
      ` ${formatInteger(summary.eventsCount)} events`,
    ...summaryTables(summary).map(renderText),
    summary.warnings.length === 0
      ? 'Warnings\n  none'
      : ['Warnings', ...summary.warnings.map((w) => `  - ${w}`)].join('\n'),
  ];
  if (summary.expectations.length > 0) {
    parts.push(expectationVerdict(summary.expectations.length, failed));
  }
  parts.push(`trace hash ${summary.traceHash}`);
  return parts.join('\n\n') + '\n';
}
