/**
 * Invariants checked after every event in check mode. Model invariants always hold: a replica's
 * high watermark never passes its log end, the log start never passes the log end, a log's
 * entries cover its offsets back to back, at most one broker leads a partition in a given leader
 * epoch, and the controller's leader is in the ISR. A failure throws with the entity and time;
 * the engine adds the event, time and seed.
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
      view.forEachReplica((replica) => {
        if (replica.highWatermark > replica.logEndOffset) {
          assert(
            false,
            `broker-${replica.broker} ${replica.partition}: HW ${replica.highWatermark}` +
              ` > LEO ${replica.logEndOffset} at ${nowUs}us`,
          );
        }
        if (replica.logStartOffset > replica.logEndOffset) {
          assert(
            false,
            `broker-${replica.broker} ${replica.partition}: log start > LEO at ${nowUs}us`,
          );
        }
      });
    },
  };
}

export function oneLeaderPerEpoch(): Invariant {
  /** partition index → leader epoch → broker that led it. */
  const leaders = new Map<number, Map<number, number>>();
  return {
    name: 'one leader per partition and leader epoch',
    verify(view, nowUs) {
      view.forEachReplica((replica) => {
        if (replica.role !== 'leader') return;
        let byEpoch = leaders.get(replica.partitionIndex);
        if (byEpoch === undefined) {
          byEpoch = new Map();
          leaders.set(replica.partitionIndex, byEpoch);
        }
        const known = byEpoch.get(replica.leaderEpoch);
        if (known === undefined) byEpoch.set(replica.leaderEpoch, replica.broker);
        else if (known !== replica.broker) {
          assert(
            false,
            `${replica.partition} epoch ${replica.leaderEpoch}: leaders broker-${known} and ` +
              `broker-${replica.broker} at ${nowUs}us`,
          );
        }
      });
    },
  };
}

export function leaderInIsr(): Invariant {
  return {
    name: 'the controller’s leader is in the ISR',
    verify(view, nowUs) {
      view.forEachPartitionState((state) => {
        if (state.leader < 0 || state.isr.includes(state.leader)) return;
        assert(
          false,
          `partition ${state.partitionIndex}: leader ${state.leader} not in ISR ` +
            `[${state.isr.join(',')}] at ${nowUs}us`,
        );
      });
    },
  };
}

/** Each replica's log is contiguous: its entries cover logStartOffset..logEndOffset exactly. */
export function offsetsContiguous(): Invariant {
  return {
    name: 'offsets are contiguous in every log',
    verify(view, nowUs) {
      view.forEachReplica((replica) => {
        if (replica.entriesEndOffset === replica.logEndOffset) return;
        assert(
          false,
          `broker-${replica.broker} ${replica.partition}: entries end at ` +
            `${replica.entriesEndOffset}, LEO ${replica.logEndOffset} at ${nowUs}us`,
        );
      });
    },
  };
}

export function defaultInvariants(): Invariant[] {
  return [highWatermarkWithinLog(), oneLeaderPerEpoch(), leaderInIsr(), offsetsContiguous()];
}
