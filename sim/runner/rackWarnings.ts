/**
 * Warnings about racks that do nothing: a replica selector without racks never points a consumer
 * at a follower. (Rack-aware assignment, KIP-881, is modelled for the range, sticky and
 * cooperative-sticky assignors from Kafka 3.5, so it needs no warning.)
 */
import type { ResolvedScenario } from '../scenario/types.ts';

export function rackWarnings(scenario: ResolvedScenario): string[] {
  const warnings: string[] = [];
  if (scenario.network.brokerRacks !== null) return warnings;
  if (scenario.cluster.config.replicaSelectorClass !== null && scenario.consumers.length > 0) {
    warnings.push(
      'replica.selector.class is set but brokers and consumers have no racks' +
        ' (network.racks: true gives them their zones): consumers read from leaders',
    );
  }
  return warnings;
}
