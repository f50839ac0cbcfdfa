/**
 * Warnings about racks the run cannot honour or that do nothing: KIP-881's rack-aware sticky and
 * cooperative-sticky assignors (Kafka 3.5+) are not modelled (the range assignor is), and Kafka
 * uses them when consumers have a client.rack and some subscribed partition lacks one of the
 * racks the partitions span (AbstractPartitionAssignor.useRackAwareAssignment); and a replica
 * selector without racks never points a consumer at a follower.
 */
import { versionNumber } from '../scenario/defaults.ts';
import { clientZoneOf } from '../scenario/resolveHardware.ts';
import type { ResolvedScenario } from '../scenario/types.ts';

export function rackWarnings(scenario: ResolvedScenario): string[] {
  const racks = scenario.network.brokerRacks;
  const warnings: string[] = [];
  if (racks === null) {
    if (scenario.cluster.config.replicaSelectorClass !== null && scenario.consumers.length > 0) {
      warnings.push(
        'replica.selector.class is set but brokers and consumers have no racks' +
          ' (network.racks: true gives them their zones): consumers read from leaders',
      );
    }
    return warnings;
  }
  if (versionNumber(scenario.kafkaVersion) < versionNumber('3.5')) return warnings;
  for (const consumer of scenario.consumers) {
    const strategy = consumer.config.partitionAssignmentStrategy[0];
    if (consumer.config.groupProtocol !== 'classic') continue;
    if (strategy !== 'sticky' && strategy !== 'cooperative-sticky') continue;
    const consumerRacks = new Set(
      Array.from({ length: consumer.count }, (_, i) => clientZoneOf(consumer.zones, i)),
    );
    const perPartition = scenario.topics
      .filter((topic) => consumer.topics.includes(topic.name))
      .flatMap((topic) => topic.replicas.map((row) => new Set(row.map((b) => racks[b]))));
    const all = new Set(perPartition.flatMap((set) => [...set]));
    const overlap = [...consumerRacks].some((rack) => all.has(rack));
    if (overlap && perPartition.some((set) => set.size !== all.size)) {
      warnings.push(
        `group ${consumer.group}: some partitions lack replicas in some racks, so Kafka 3.5+` +
          ` would assign them rack-aware (KIP-881); kafkasim's ${strategy} assignor is not`,
      );
    }
  }
  return warnings;
}
