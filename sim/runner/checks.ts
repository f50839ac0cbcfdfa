/**
 * Check mode: installs the invariants of sim/checks to run after every event, and derives from a
 * scenario whether Kafka promises that no acknowledged record is lost.
 */
import { clusterView } from '../checks/view.ts';
import { defaultInvariants } from '../checks/invariants.ts';
import type { PromiseFacts } from '../checks/validations.ts';
import type { Fault, ResolvedScenario } from '../scenario/types.ts';
import type { Cluster } from './build.ts';

/** How long a restarted broker may take to catch up before another may fail safely. [cal] */
const CATCH_UP_MARGIN_US = 120_000_000;

export function installChecks(cluster: Cluster): void {
  const invariants = defaultInvariants();
  const view = clusterView(
    cluster.brokers,
    cluster.controller,
    cluster.consumers,
    cluster.groupStore,
  );
  cluster.sim.afterEvent = () => {
    for (const invariant of invariants) invariant.verify(view, cluster.sim.nowUs);
  };
}

export function promiseFacts(scenario: ResolvedScenario): PromiseFacts {
  return {
    allAcksAll: scenario.producers.every((producer) => producer.config.acks === -1),
    minInsyncReplicasAtLeastTwo: scenario.topics.every((t) => t.config.minInsyncReplicas >= 2),
    uncleanElectionOff: scenario.topics.every((t) => !t.config.uncleanLeaderElectionEnable),
    atMostOneBrokerDownAtOnce: !overlappingBrokerFaults(scenario),
  };
}

/** True when two brokers may be out of the ISR at the same time under the fault schedule. */
function overlappingBrokerFaults(scenario: ResolvedScenario): boolean {
  const intervals: Array<{ broker: string; fromUs: number; toUs: number }> = [];
  const brokerName = (index: number): string => `broker-${index}`;
  for (const fault of scenario.faults) intervals.push(...faultIntervals(fault, brokerName));
  for (let a = 0; a < intervals.length; a++) {
    for (let b = a + 1; b < intervals.length; b++) {
      const first = intervals[a] as (typeof intervals)[number];
      const second = intervals[b] as (typeof intervals)[number];
      if (first.broker === second.broker) continue;
      if (first.fromUs < second.toUs && second.fromUs < first.toUs) return true;
    }
  }
  return false;
}

function faultIntervals(fault: Fault, brokerName: (index: number) => string) {
  const end = (forUs: number | null): number =>
    forUs === null ? Infinity : fault.atUs + forUs + CATCH_UP_MARGIN_US;
  switch (fault.kind) {
    case 'crash':
      return [
        { broker: brokerName(fault.broker), fromUs: fault.atUs, toUs: end(fault.restartAfterUs) },
      ];
    case 'partitionNetwork':
      return fault.isolate
        .filter((node) => node.startsWith('broker-'))
        .map((broker) => ({ broker, fromUs: fault.atUs, toUs: end(fault.healAfterUs) }));
    case 'pause':
      return fault.node.startsWith('broker-')
        ? [{ broker: fault.node, fromUs: fault.atUs, toUs: end(fault.forUs) }]
        : [];
    case 'slowDisk':
      return [{ broker: brokerName(fault.broker), fromUs: fault.atUs, toUs: end(fault.forUs) }];
    default:
      return [];
  }
}
