/** A hand-built run summary and trace for the report tests: two producers, a loss, a failure. */
import type { ProduceSummary, RunSummary, Trace } from '../../sim/trace/types.ts';

function produce(recordsAcked: number, p99: number): ProduceSummary {
  return {
    recordsSent: recordsAcked + 10,
    recordsAcked,
    recordsFailed: 3,
    recordsPerSec: recordsAcked / 25,
    bytesPerSec: (recordsAcked / 25) * 1024,
    latencyMs: { p50: 2.5, p99, p999: 48.25, max: 1204.4 },
  };
}

export function runSummary(): RunSummary {
  return {
    scenario: 'broker-crash',
    seed: 7,
    traceHash: '0123456789abcdef',
    virtualMs: 30_000,
    wallMs: 1_500,
    eventsCount: 1_234_567,
    windowMs: { from: 5_000, to: 30_000 },
    produce: produce(3_000_000, 12.5),
    producers: { checkout: produce(2_000_000, 9.75), audit: produce(1_000_000, 312.5) },
    durability: { ackedRecordsLost: 42, duplicateRecords: 0 },
    availability: {
      offlinePartitionMs: 0,
      underReplicatedPartitionMs: 120_500,
      unavailablePartitionMs: 850,
      maxUnavailableMs: 425,
      controllerUnavailableMs: 0,
    },
    network: {
      crossZoneBytesPerSec: 262_500_000,
      crossZone: {
        produceBytesPerSec: 50_000_000,
        replicationBytesPerSec: 200_000_000,
        consumeBytesPerSec: 12_000_000,
        otherBytesPerSec: 500_000,
      },
    },
    bottlenecks: [
      {
        kind: 'saturated',
        resource: 'broker-1/disk/write',
        busyRatio: 0.978,
        fromMs: 12_000,
        toMs: 20_500,
      },
    ],
    expectations: [
      {
        metric: 'durability.ackedRecordsLost',
        op: 'equals',
        values: [0],
        actual: 42,
        pass: false,
        source: 'scenarios/broker-crash.yaml:34',
      },
      {
        metric: 'produce.recordsPerSec',
        op: 'between',
        values: [100_000, 150_000],
        actual: 120_000.25,
        pass: true,
        source: 'scenarios/broker-crash.yaml:35',
      },
    ],
    warnings: ['a warning with a | pipe'],
  };
}

export function trace(eventsCount: number): Trace {
  const { wallMs: _wallMs, traceHash: _traceHash, ...summary } = runSummary();
  return {
    format: 'kafkasim-trace',
    version: 1,
    scenario: { name: 'broker-crash', description: 'One broker crashes at 20 s.' },
    seed: 7,
    summary,
    series: { stepUs: 100_000, timeUs: [], columns: {} },
    events: Array.from({ length: eventsCount }, (_, index) => ({
      atUs: 20_000_000 + index * 1_500,
      kind: index === 0 ? 'fault' : 'leaderChange',
      entity: index === 0 ? 'broker-1' : `orders-${index % 12}`,
      message: index === 0 ? 'crash broker-1' : `orders-${index % 12} leader broker-2 epoch 1`,
      data: {},
    })),
    eventsDropped: 0,
  };
}
