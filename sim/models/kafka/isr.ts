/**
 * In-sync replica decisions, pure (core/.../cluster/{Partition,Replica}.scala).
 * lastCaughtUp: on a fetch at time t with fetch offset o, if o >= the leader's LEO now, the
 * follower caught up at t; else if o >= the leader's LEO at the follower's previous fetch, it
 * caught up at that previous fetch time. A follower is out of sync when its LEO differs from the
 * leader's and it has not caught up for replica.lag.time.max.ms. It may join the ISR when its LEO
 * reaches the high watermark and the start offset of the leader's current epoch.
 */

export interface FollowerState {
  broker: number;
  logEndOffset: number;
  lastCaughtUpUs: number;
  lastFetchUs: number;
  leaderEndOffsetAtLastFetch: number;
}

export function newFollowerState(broker: number, inIsr: boolean, nowUs: number): FollowerState {
  return {
    broker,
    logEndOffset: -1,
    lastCaughtUpUs: inIsr ? nowUs : 0,
    lastFetchUs: 0,
    leaderEndOffsetAtLastFetch: 0,
  };
}

/** Applies a follower fetch at `nowUs` to its state (mutates and returns it). */
export function onFollowerFetch(
  state: FollowerState,
  fetchOffset: number,
  leaderEndOffset: number,
  nowUs: number,
): FollowerState {
  if (fetchOffset >= leaderEndOffset) {
    state.lastCaughtUpUs = Math.max(state.lastCaughtUpUs, nowUs);
  } else if (fetchOffset >= state.leaderEndOffsetAtLastFetch) {
    state.lastCaughtUpUs = Math.max(state.lastCaughtUpUs, state.lastFetchUs);
  }
  state.logEndOffset = fetchOffset;
  state.lastFetchUs = nowUs;
  state.leaderEndOffsetAtLastFetch = leaderEndOffset;
  return state;
}

export function isOutOfSync(
  state: FollowerState,
  leaderEndOffset: number,
  nowUs: number,
  replicaLagTimeMaxUs: number,
): boolean {
  if (state.logEndOffset === leaderEndOffset) return false;
  return nowUs - state.lastCaughtUpUs > replicaLagTimeMaxUs;
}

export function canJoinIsr(
  state: FollowerState,
  highWatermark: number,
  leaderEpochStartOffset: number,
): boolean {
  return state.logEndOffset >= highWatermark && state.logEndOffset >= leaderEpochStartOffset;
}

/**
 * Candidate high watermark: the minimum LEO over the leader and the followers in the maximal ISR
 * (KIP-497). From 3.7 (KAFKA-15583) it does not advance while the ISR is smaller than
 * min(min.insync.replicas, replication factor).
 */
export function candidateHighWatermark(
  leaderEndOffset: number,
  maximalIsrFollowerEndOffsets: number[],
  isrSize: number,
  effectiveMinIsr: number,
  holdBelowMinIsr: boolean,
): number | null {
  if (holdBelowMinIsr && isrSize < effectiveMinIsr) return null;
  let candidate = leaderEndOffset;
  for (const offset of maximalIsrFollowerEndOffsets) candidate = Math.min(candidate, offset);
  return candidate;
}
