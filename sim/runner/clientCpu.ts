/**
 * A producer client's CPU for one record: kafkasim's per-record client cost (serialising,
 * partitioning, appending) plus the codec's compression cost per byte. It caps what one client
 * sends (1 s / this); a block asked for more is capped silently by the arrivals, so the run warns.
 */
import type { ResolvedProducer, ResolvedScenario } from '../scenario/types.ts';

export function clientCpuPerRecordNs(scenario: ResolvedScenario, entry: ResolvedProducer): number {
  const codecName = entry.config.compressionType;
  const codec = codecName === 'none' ? null : scenario.model.codecs[codecName];
  return scenario.model.clientCpuPerRecordNs + (codec?.compressNsPerByte ?? 0) * entry.recordBytes;
}

/** Producer blocks whose clients are asked for more records a second than their CPU sends. */
export function clientCpuWarnings(scenario: ResolvedScenario): string[] {
  const warnings: string[] = [];
  for (const entry of scenario.producers) {
    const rate = entry.rate;
    const asked =
      rate.kind === 'unlimited'
        ? 0
        : rate.kind === 'steps'
          ? Math.max(0, ...rate.steps.map((step) => step.recordsPerSec))
          : rate.recordsPerSec;
    const perRecordNs = clientCpuPerRecordNs(scenario, entry);
    const perClientMax = 1e9 / perRecordNs;
    const perClientAsked = asked / entry.count;
    if (perClientAsked <= perClientMax) continue;
    const codec = entry.config.compressionType;
    warnings.push(
      `producer ${entry.name}: ${Math.round(perRecordNs) / 1000} µs of client CPU a record` +
        (codec === 'none' ? '' : ` (${codec} on ${entry.recordBytes} B records)`) +
        ` caps each of its ${entry.count} clients at ${grouped(perClientMax)} records/s, below` +
        ` the ${grouped(perClientAsked)} asked (a larger count: spreads the rate over more` +
        ' clients)',
    );
  }
  return warnings;
}

/** 47892.3 -> "47,892". */
function grouped(value: number): string {
  return String(Math.floor(value)).replace(/\B(?=(\d{3})+(?!\d))/g, ',');
}
