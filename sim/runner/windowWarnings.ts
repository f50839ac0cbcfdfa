/**
 * Warnings about the measurement window: a consumer group whose first assignment came after the
 * warmup averages its rates over time it spent joining (group.initial.rebalance.delay.ms and the
 * joins it waits for), so its records/s reads below what it consumed once running.
 */
import type { RebalanceSummary } from '../trace/types.ts';

export function groupStartWarnings(
  rebalancesByGroup: ReadonlyMap<string, readonly RebalanceSummary[]>,
  warmupMs: number,
  runEndMs: number,
): string[] {
  const warnings: string[] = [];
  for (const [group, rebalances] of rebalancesByGroup) {
    const first = rebalances[0];
    if (first === undefined || first.startMs > warmupMs || first.endMs <= warmupMs) continue;
    if (first.endMs >= runEndMs) continue; // still joining at the end: no assignment to date
    warnings.push(
      `group ${group} got its first assignment at ${seconds(first.endMs)},` +
        ` ${seconds(first.endMs - warmupMs)} after the warmup ended: its records/s are averaged` +
        ` over that time too (warmup: ${Math.ceil(first.endMs / 1000) + 1}s leaves it out)`,
    );
  }
  return warnings;
}

function seconds(ms: number): string {
  return `${Math.round(ms) / 1000} s`;
}

/**
 * A producer block with a `records:` limit that had every record acknowledged before the warmup
 * ended has nothing in the window: its rates and latencies read 0.
 */
export function producersDoneWarnings(
  blocks: readonly { name: string; finishedAtUs: readonly number[] }[],
  warmupUs: number,
): string[] {
  const warnings: string[] = [];
  for (const { name, finishedAtUs } of blocks) {
    if (finishedAtUs.length === 0 || finishedAtUs.some((atUs) => atUs < 0)) continue;
    const lastUs = Math.max(...finishedAtUs);
    if (lastUs > warmupUs) continue;
    warnings.push(
      `producer ${name} had all its records acknowledged by ${seconds(lastUs / 1000)}, before` +
        ` the warmup ended (${seconds(warmupUs / 1000)}): its rates and latencies are 0` +
        ' (warmup: 0s counts them)',
    );
  }
  return warnings;
}
