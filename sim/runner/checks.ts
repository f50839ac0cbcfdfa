/** Installs the invariants of sim/checks to run after every event (check mode). */
import { clusterView } from '../checks/view.ts';
import { defaultInvariants } from '../checks/invariants.ts';
import type { Cluster } from './build.ts';

export function installChecks(cluster: Cluster): void {
  const invariants = defaultInvariants();
  const view = clusterView(cluster.brokers, cluster.controller);
  cluster.sim.afterEvent = () => {
    for (const invariant of invariants) invariant.verify(view, cluster.sim.nowUs);
  };
}
