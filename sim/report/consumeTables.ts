/**
 * The consumer side of a run's report (only when the scenario has consumer groups): consumption
 * per group (records processed, rate, end-to-end latency percentiles, the largest lag) and every
 * rebalance (trigger, protocol, when, partition-time paused, partitions moved).
 */
import type { ConsumeSummary, RebalanceSummary, TraceSummary } from '../trace/types.ts';
import {
  formatDurationMs,
  formatInteger,
  formatMegabytesPerSec,
  formatMs,
  formatSeconds,
  type Table,
} from './table.ts';

const CONSUME_COLUMNS: Table['columns'] = [
  { header: 'group', align: 'left' },
  { header: 'processed', align: 'right' },
  { header: 'records/s', align: 'right' },
  { header: 'MB/s', align: 'right' },
  { header: 'e2e p50 ms', align: 'right' },
  { header: 'e2e p99 ms', align: 'right' },
  { header: 'e2e p99.9 ms', align: 'right' },
  { header: 'max lag', align: 'right' },
];

const REBALANCE_COLUMNS: Table['columns'] = [
  { header: 'group', align: 'left' },
  { header: 'trigger', align: 'left' },
  { header: 'protocol', align: 'left' },
  { header: 'from', align: 'right' },
  { header: 'to', align: 'right' },
  { header: 'paused', align: 'right' },
  { header: 'moved', align: 'right' },
];

function consumeRow(name: string, consume: ConsumeSummary): string[] {
  const latency = consume.endToEndLatencyMs;
  return [
    name,
    formatInteger(consume.recordsProcessed),
    formatInteger(consume.recordsPerSec),
    formatMegabytesPerSec(consume.bytesPerSec),
    formatMs(latency.p50),
    formatMs(latency.p99),
    formatMs(latency.p999),
    formatInteger(consume.lagRecordsMax),
  ];
}

function rebalanceRow(rebalance: RebalanceSummary): string[] {
  return [
    rebalance.group,
    rebalance.trigger,
    rebalance.protocol,
    formatSeconds(rebalance.startMs),
    formatSeconds(rebalance.endMs),
    formatDurationMs(rebalance.pausedPartitionMs),
    formatInteger(rebalance.partitionsMoved),
  ];
}

/** The consume and rebalance tables, or none when the run had no consumer groups. */
export function consumeTables(summary: TraceSummary): Table[] {
  if (summary.consume === undefined || summary.consumers === undefined) return [];
  const names = Object.keys(summary.consumers);
  const rows = names.map((name) => consumeRow(name, summary.consumers?.[name] as ConsumeSummary));
  if (names.length !== 1) rows.push(consumeRow('all groups', summary.consume));
  return [
    { title: 'Consume (end-to-end: record creation to processed)', columns: CONSUME_COLUMNS, rows },
    {
      title: 'Rebalances',
      columns: REBALANCE_COLUMNS,
      rows: (summary.rebalances ?? []).map(rebalanceRow),
      empty: 'none',
    },
  ];
}
