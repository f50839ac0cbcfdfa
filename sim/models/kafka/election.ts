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
