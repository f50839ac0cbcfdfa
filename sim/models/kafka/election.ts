/**
 * Leader election, pure (metadata/.../controller/PartitionChangeBuilder.java). Clean: keep the
 * current leader if it is still in the ISR and active; else the first replica in assignment order
 * that is in the ISR and active. Without ELR the ISR is never emptied: if no ISR member is
 * available the partition goes offline (leader -1) and keeps its last ISR. Unclean (topic
 * unclean.leader.election.enable=true): with no ISR member available, the first active replica in
 * assignment order leads and the ISR becomes just it; records it lacks are lost.
 */

export interface ElectionInput {
  replicas: number[];
  isr: number[];
  leader: number;
  /** Brokers registered, unfenced and not shutting down. */
  isActive: (broker: number) => boolean;
  uncleanLeaderElectionEnable: boolean;
}

export interface ElectionResult {
  leader: number;
  isr: number[];
  unclean: boolean;
}

export function electLeader(input: ElectionInput): ElectionResult {
  const isrActive = input.isr.filter((broker) => input.isActive(broker));
  // The ISR loses fenced brokers, but is never emptied.
  const isr = isrActive.length > 0 ? isrActive : input.isr;
  if (input.leader >= 0 && isrActive.includes(input.leader)) {
    return { leader: input.leader, isr, unclean: false };
  }
  for (const replica of input.replicas) {
    if (isrActive.includes(replica)) return { leader: replica, isr, unclean: false };
  }
  if (input.uncleanLeaderElectionEnable) {
    for (const replica of input.replicas) {
      if (input.isActive(replica)) return { leader: replica, isr: [replica], unclean: true };
    }
  }
  return { leader: -1, isr, unclean: false };
}

/** The preferred replica is the first in the assignment; it may take over if it is in the ISR. */
export function preferredLeader(
  replicas: number[],
  isr: number[],
  isActive: (b: number) => boolean,
): number {
  const preferred = replicas[0];
  if (preferred === undefined) return -1;
  return isr.includes(preferred) && isActive(preferred) ? preferred : -1;
}

export interface LeadershipView {
  partitionIndex: number;
  leader: number;
  isr: number[];
  replicas: number[];
}

/**
 * Auto leader rebalance: partitions whose preferred replica is in the ISR, active and not
 * leading. KRaft takes all of them (at most `limit` a run, ReplicationControlManager); the
 * ZooKeeper controller only those of brokers whose share of preferred partitions led by another
 * broker exceeds leader.imbalance.per.broker.percentage (`imbalanceRatio`; null for KRaft).
 */
export function preferredLeaderMoves(
  partitions: LeadershipView[],
  isActive: (broker: number) => boolean,
  imbalanceRatio: number | null,
  limit: number,
): Array<{ partitionIndex: number; leader: number }> {
  const imbalanced = imbalanceRatio === null ? null : imbalancedBrokers(partitions, imbalanceRatio);
  const moves: Array<{ partitionIndex: number; leader: number }> = [];
  for (const state of partitions) {
    if (moves.length >= limit) break;
    const preferred = preferredLeader(state.replicas, state.isr, isActive);
    if (preferred < 0 || preferred === state.leader) continue;
    if (imbalanced !== null && !imbalanced.has(preferred)) continue;
    moves.push({ partitionIndex: state.partitionIndex, leader: preferred });
  }
  return moves;
}

function imbalancedBrokers(partitions: LeadershipView[], ratio: number): Set<number> {
  const preferredCount = new Map<number, number>();
  const notLeading = new Map<number, number>();
  for (const state of partitions) {
    const preferred = state.replicas[0];
    if (preferred === undefined) continue;
    preferredCount.set(preferred, (preferredCount.get(preferred) ?? 0) + 1);
    if (state.leader !== preferred) notLeading.set(preferred, (notLeading.get(preferred) ?? 0) + 1);
  }
  const imbalanced = new Set<number>();
  for (const [broker, count] of preferredCount) {
    if ((notLeading.get(broker) ?? 0) / count > ratio) imbalanced.add(broker);
  }
  return imbalanced;
}
