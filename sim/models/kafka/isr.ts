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
  /** Read through lastCaughtUpUs(state): a fetch clock may hold a later time. */
  lastCaughtUpUs: number;
  lastFetchUs: number;
  leaderEndOffsetAtLastFetch: number;
  /**
   * Set while every fetch of the follower's session finds it caught up with nothing changed
   * (fetchSessions.ts): each such fetch would set lastCaughtUpUs and lastFetchUs to its time,
   * so they are the clock's time instead of being written on every fetch.
   */
  fetchClock: FetchClock | null;
}

/** When a follower fetch session's last fetch arrived. */
export interface FetchClock {
  lastFetchUs: number;
}

export function newFollowerState(broker: number, inIsr: boolean, nowUs: number): FollowerState {
  return {
    broker,
    logEndOffset: -1,
    lastCaughtUpUs: inIsr ? nowUs : 0,
    lastFetchUs: 0,
    leaderEndOffsetAtLastFetch: 0,
    fetchClock: null,
  };
}

/** When the follower last caught up with the leader's LEO. */
export function lastCaughtUpUs(state: FollowerState): number {
  const clock = state.fetchClock;
  return clock === null ? state.lastCaughtUpUs : Math.max(state.lastCaughtUpUs, clock.lastFetchUs);
}

/**
 * The follower fetched from the leader's LEO, which has not moved since (logEndOffset =
 * leaderEndOffsetAtLastFetch = the fetch offset): from now on each fetch of its session catches
 * it up at that fetch's time, and nothing else changes, until `leaveFetchClock`.
 */
export function followFetchClock(state: FollowerState, clock: FetchClock): void {
  state.fetchClock = clock;
}

/** Writes the times the fetch clock held into the state and detaches it. */
export function leaveFetchClock(state: FollowerState): void {
  const clock = state.fetchClock;
  if (clock === null) return;
  state.lastCaughtUpUs = Math.max(state.lastCaughtUpUs, clock.lastFetchUs);
  state.lastFetchUs = Math.max(state.lastFetchUs, clock.lastFetchUs);
  state.fetchClock = null;
}

/** Applies a follower fetch at `nowUs` to its state (mutates and returns it). */
export function onFollowerFetch(
  state: FollowerState,
  fetchOffset: number,
  leaderEndOffset: number,
  nowUs: number,
): FollowerState {
  leaveFetchClock(state);
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
  return nowUs - lastCaughtUpUs(state) > replicaLagTimeMaxUs;
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
