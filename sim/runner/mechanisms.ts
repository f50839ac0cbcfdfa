/**
 * Series of the Kafka mechanisms that can limit a run, for bottleneck attribution next to the
 * hardware resources: the share of producer time with send() blocked on buffer.memory, the share
 * with a ready batch held back by max.in.flight.requests.per.connection, and the shares of
 * produce latency spent waiting in the accumulator (linger.ms, batching) and, for acks=all,
 * waiting in the broker's purgatory for the ISR.
 */
import type { TimeSeriesTable } from '../metrics/timeSeries.ts';
import type { Cluster } from './build.ts';
import type { MechanismColumn } from './summarize.ts';

export const MECHANISM_COLUMNS: MechanismColumn[] = [
  {
    column: 'producers.bufferMemoryBlockedShare',
    name: 'producers/send() blocked (buffer.memory)',
  },
  {
    column: 'producers.inFlightLimitedShare',
    name: 'producers/max.in.flight.requests.per.connection',
  },
  { column: 'produce.accumulatorShare', name: 'produce latency/accumulator (linger.ms, batching)' },
  { column: 'produce.isrWaitShare', name: 'produce latency/acks=all waiting for the ISR' },
];

/** Adds the mechanisms' cumulative counters to a sampler's readings. */
export function readMechanisms(
  cluster: Cluster,
  nowUs: number,
  readings: Map<string, number>,
): void {
  let blocked = 0;
  let limited = 0;
  let accumulator = 0;
  let request = 0;
  for (const producer of cluster.producers) {
    blocked += producer.waits.blockedUs(nowUs);
    limited += producer.waits.inFlightLimitedUs(nowUs);
    accumulator += producer.waits.accumulatorRecordUs;
    request += producer.waits.requestRecordUs;
  }
  let isrWait = 0;
  for (const broker of cluster.brokers) isrWait += broker.requests.isrWaitRecordUs;
  readings.set('mechanism.blocked', blocked);
  readings.set('mechanism.limited', limited);
  readings.set('mechanism.accumulator', accumulator);
  readings.set('mechanism.request', request);
  readings.set('mechanism.isrWait', isrWait);
}

/** Sets one sample of the mechanism columns from the counters' differences. */
export function sampleMechanisms(
  table: TimeSeriesTable,
  delta: (name: string) => number,
  elapsedUs: number,
  producers: number,
): void {
  if (producers === 0) return;
  const share = (part: number, whole: number): number =>
    whole > 0 ? Math.min(1, Math.max(0, part / whole)) : Number.NaN;
  table.set(
    'producers.bufferMemoryBlockedShare',
    share(delta('mechanism.blocked'), elapsedUs * producers),
  );
  table.set(
    'producers.inFlightLimitedShare',
    share(delta('mechanism.limited'), elapsedUs * producers),
  );
  const latency = delta('mechanism.accumulator') + delta('mechanism.request');
  table.set('produce.accumulatorShare', share(delta('mechanism.accumulator'), latency));
  table.set('produce.isrWaitShare', share(delta('mechanism.isrWait'), latency));
}
