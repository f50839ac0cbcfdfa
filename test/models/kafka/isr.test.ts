/**
 * ISR decisions (Replica.scala, Partition.scala): the lastCaughtUp rules, the out-of-sync test at
 * exactly replica.lag.time.max.ms, the ISR join condition and the candidate high watermark.
 */
import { describe, expect, it } from 'vitest';
import {
  candidateHighWatermark,
  canJoinIsr,
  followFetchClock,
  isOutOfSync,
  lastCaughtUpUs,
  leaveFetchClock,
  newFollowerState,
  onFollowerFetch,
} from '../../../sim/models/kafka/isr.ts';

const LAG_MAX_US = 30_000_000;

describe('newFollowerState', () => {
  it('newFollowerState() is caught up now for an ISR member, at 0 otherwise', () => {
    expect(newFollowerState(2, true, 5_000)).toEqual({
      broker: 2,
      logEndOffset: -1,
      lastCaughtUpUs: 5_000,
      lastFetchUs: 0,
      leaderEndOffsetAtLastFetch: 0,
      fetchClock: null,
    });
    expect(newFollowerState(3, false, 5_000).lastCaughtUpUs).toBe(0);
  });
});

describe('onFollowerFetch', () => {
  function fetchedAt(fetchOffset: number, leaderEnd: number, nowUs: number) {
    const state = newFollowerState(1, false, 0);
    onFollowerFetch(state, 100, 150, 1_000_000);
    return onFollowerFetch(state, fetchOffset, leaderEnd, nowUs);
  }

  it('a fetch at the leader LEO catches the follower up now', () => {
    const state = fetchedAt(200, 200, 2_000_000);
    expect(state).toEqual({
      broker: 1,
      logEndOffset: 200,
      lastCaughtUpUs: 2_000_000,
      lastFetchUs: 2_000_000,
      leaderEndOffsetAtLastFetch: 200,
      fetchClock: null,
    });
  });

  it('a fetch at the LEO the leader had at the previous fetch: caught up at that fetch', () => {
    // Previous fetch at 1 s saw leader LEO 150; this one asks for 150 while the leader is at 220.
    expect(fetchedAt(150, 220, 2_000_000).lastCaughtUpUs).toBe(1_000_000);
    expect(fetchedAt(180, 220, 2_000_000).lastCaughtUpUs).toBe(1_000_000);
  });

  it('a fetch below both leaves lastCaughtUp unchanged', () => {
    const state = fetchedAt(149, 220, 2_000_000);
    expect([state.lastCaughtUpUs, state.logEndOffset, state.lastFetchUs]).toEqual([
      0, 149, 2_000_000,
    ]);
    expect(state.leaderEndOffsetAtLastFetch).toBe(220);
  });

  it('lastCaughtUp never moves backwards', () => {
    const state = newFollowerState(1, true, 9_000_000);
    onFollowerFetch(state, 0, 0, 1_000_000);
    expect(state.lastCaughtUpUs).toBe(9_000_000);
  });
});

describe('fetch clock', () => {
  it('a state following a fetch clock caught up at its last fetch; leaving writes it', () => {
    const clock = { lastFetchUs: 1_000_000 };
    const state = onFollowerFetch(newFollowerState(1, true, 0), 300, 300, 2_000_000);
    followFetchClock(state, clock);
    expect(lastCaughtUpUs(state)).toBe(2_000_000);
    clock.lastFetchUs = 2_500_000;
    clock.lastFetchUs = 3_000_000;
    expect([lastCaughtUpUs(state), state.lastCaughtUpUs]).toEqual([3_000_000, 2_000_000]);
    leaveFetchClock(state);
    clock.lastFetchUs = 9_000_000;
    expect([state.lastCaughtUpUs, state.lastFetchUs, state.fetchClock]).toEqual([
      3_000_000,
      3_000_000,
      null,
    ]);
  });

  it('onFollowerFetch leaves the clock first: the previous fetch is the clock time', () => {
    const clock = { lastFetchUs: 0 };
    const state = onFollowerFetch(newFollowerState(1, true, 0), 300, 300, 1_000_000);
    followFetchClock(state, clock);
    clock.lastFetchUs = 4_000_000;
    // The leader moved to 350 after the fetch at 4 s; this fetch asks for 300 at 5 s.
    onFollowerFetch(state, 300, 350, 5_000_000);
    expect([state.lastCaughtUpUs, state.lastFetchUs, state.fetchClock]).toEqual([
      4_000_000,
      5_000_000,
      null,
    ]);
  });
});

describe('isOutOfSync', () => {
  const state = { ...newFollowerState(1, false, 0), logEndOffset: 90, lastCaughtUpUs: 1_000_000 };

  it.each([
    [1_000_000 + LAG_MAX_US, false],
    [1_000_000 + LAG_MAX_US + 1, true],
  ])('a lagging follower at %i µs: out of sync %s', (nowUs, out) => {
    expect(isOutOfSync(state, 100, nowUs, LAG_MAX_US)).toBe(out);
  });

  it('a follower at the leader LEO is never out of sync', () => {
    expect(isOutOfSync(state, 90, 1_000_000_000, LAG_MAX_US)).toBe(false);
  });
});

describe('canJoinIsr', () => {
  const at = (logEndOffset: number) => ({ ...newFollowerState(1, false, 0), logEndOffset });

  it.each([
    [100, 100, 50, true],
    [99, 100, 50, false],
    [100, 80, 100, true],
    [90, 80, 100, false],
  ])('follower LEO %i, HW %i, epoch start %i: may join %s', (end, hw, epochStart, want) => {
    expect(canJoinIsr(at(end), hw, epochStart)).toBe(want);
  });
});

describe('candidateHighWatermark', () => {
  it('is the minimum LEO over the leader and the maximal ISR', () => {
    expect(candidateHighWatermark(100, [90, 95], 3, 2, true)).toBe(90);
    expect(candidateHighWatermark(100, [], 1, 1, true)).toBe(100);
    expect(candidateHighWatermark(80, [90], 2, 2, false)).toBe(80);
  });

  it('holds below min ISR when holdBelowMinIsr (KAFKA-15583), advances otherwise', () => {
    expect(candidateHighWatermark(100, [], 1, 2, true)).toBeNull();
    expect(candidateHighWatermark(100, [], 1, 2, false)).toBe(100);
    expect(candidateHighWatermark(100, [95], 2, 2, true)).toBe(95);
  });
});
