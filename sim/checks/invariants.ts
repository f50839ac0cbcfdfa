/**
 * Invariants checked after every event in check mode. Model invariants always hold: a replica's
 * high watermark never passes its log end, the log start never passes the log end, a log's
 * entries cover its offsets back to back, at most one broker leads a partition in a given leader
 * epoch, and the controller's leader is in the ISR; consumer groups never give a partition to
 * two members of one generation and never move a committed offset backwards. A failure throws
 * with the entity and time; the engine adds the event, time and seed.
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

/**
 * No partition is owned by two running members of one group in the same generation (classic:
 * eager members revoke before rejoining, cooperative ones give up moved partitions before the
 * second round assigns them; KIP-848: member epochs, and the coordinator hands a partition over
 * only after its owner released it). Members of different generations may overlap (a zombie
 * removed by the session timeout still consuming). On each KIP-848 coordinator, a partition is
 * assigned or pending revocation for at most one member.
 */
export function noPartitionOwnedTwice(): Invariant {
  /** `${group}/${generation}/${partition}` → member, rebuilt on every check. */
  const owners = new Map<string, string>();
  return {
    name: 'no partition owned twice in a generation',
    verify(view, nowUs) {
      owners.clear();
      view.forEachConsumer?.((consumer) => {
        if (consumer.generation < 0) return;
        // KIP-848 members are at different epochs mid-reconciliation; one key for all of them.
        const generation = consumer.protocol === 'consumer' ? 0 : consumer.generation;
        for (const partition of consumer.owned.keys()) {
          const key = `${consumer.group}/${generation}/${partition}`;
          const other = owners.get(key);
          if (other === undefined) owners.set(key, consumer.member);
          else {
            assert(
              false,
              `group ${consumer.group} generation ${consumer.generation}: partition ` +
                `${partition} owned by ${other} and ${consumer.member} at ${nowUs}us`,
            );
          }
        }
      });
      owners.clear();
      view.forEachGroupMember?.((member) => {
        for (const list of [member.assigned, member.pendingRevocation]) {
          for (const partition of list) {
            const key = `${member.broker}/${member.group}/${partition}`;
            const other = owners.get(key);
            if (other === undefined) owners.set(key, member.member);
            else {
              assert(
                false,
                `coordinator broker-${member.broker} group ${member.group}: partition ` +
                  `${partition} assigned to ${other} and ${member.member} at ${nowUs}us`,
              );
            }
          }
        }
      });
    },
  };
}

/** Committed offsets never move backwards (kafkasim has no offset reset that could). */
export function commitsNeverBackwards(): Invariant {
  const seen = new Map<string, Map<number, number>>();
  return {
    name: 'committed offsets never move backwards',
    verify(view, nowUs) {
      const offsets = view.committedOffsets?.();
      if (offsets === undefined) return;
      for (const [group, byPartition] of offsets) {
        let known = seen.get(group);
        if (known === undefined) {
          known = new Map();
          seen.set(group, known);
        }
        for (const [partition, offset] of byPartition) {
          const before = known.get(partition) ?? -1;
          if (offset < before) {
            assert(
              false,
              `group ${group} partition ${partition}: committed offset ${offset} after ` +
                `${before} at ${nowUs}us`,
            );
          }
          known.set(partition, offset);
        }
      }
    },
  };
}

export function defaultInvariants(): Invariant[] {
  return [
    highWatermarkWithinLog(),
    oneLeaderPerEpoch(),
    leaderInIsr(),
    offsetsContiguous(),
    noPartitionOwnedTwice(),
    commitsNeverBackwards(),
  ];
}
