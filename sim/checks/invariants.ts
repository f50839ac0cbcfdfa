/**
 * Invariants checked after every event in check mode. Model invariants always hold: a replica's
 * high watermark never passes its log end, offsets start at or after the log start, at most one
 * broker leads a partition in a given leader epoch, and the controller's leader is in the ISR.
 * A failure throws with the entity and time, and the engine adds the event, time and seed.
 */
import { assert } from '../engine/index.ts';
import type { ClusterView } from './view.ts';

export interface Invariant {
  name: string;
  verify(view: ClusterView, nowUs: number): void;
}

export function highWatermarkWithinLog(): Invariant {
  return {
    name: 'high watermark <= log end offset',
    verify(view, nowUs) {
      for (const replica of view.replicas()) {
        assert(
          replica.highWatermark <= replica.logEndOffset,
          `broker-${replica.broker} ${replica.partition}: HW ${replica.highWatermark}` +
            ` > LEO ${replica.logEndOffset} at ${nowUs}us`,
        );
        assert(
          replica.logStartOffset <= replica.logEndOffset,
          `broker-${replica.broker} ${replica.partition}: log start after log end at ${nowUs}us`,
        );
      }
    },
  };
}

export function oneLeaderPerEpoch(): Invariant {
  const leaderByEpoch = new Map<string, number>();
  return {
    name: 'one leader per partition and leader epoch',
    verify(view, nowUs) {
      for (const replica of view.replicas()) {
        if (replica.role !== 'leader') continue;
        const key = `${replica.partition}@${replica.leaderEpoch}`;
        const known = leaderByEpoch.get(key) ?? replica.broker;
        assert(
          known === replica.broker,
          `${key}: leaders broker-${known} and broker-${replica.broker} at ${nowUs}us`,
        );
        leaderByEpoch.set(key, known);
      }
    },
  };
}

export function leaderInIsr(): Invariant {
  return {
    name: 'the controller’s leader is in the ISR',
    verify(view, nowUs) {
      for (const state of view.partitionStates()) {
        if (state.leader < 0) continue;
        assert(
          state.isr.includes(state.leader),
          `partition ${state.partition}: leader ${state.leader} not in ISR [${state.isr}]` +
            ` at ${nowUs}us`,
        );
      }
    },
  };
}

export function defaultInvariants(): Invariant[] {
  return [highWatermarkWithinLog(), oneLeaderPerEpoch(), leaderInIsr()];
}
