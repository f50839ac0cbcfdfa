/**
 * Each invariant of sim/checks/invariants.ts throws on a hand-built view that breaks it and stays
 * quiet on one that keeps it.
 */
import { describe, expect, it } from 'vitest';
import {
  commitsNeverBackwards,
  defaultInvariants,
  noPartitionOwnedTwice,
  highWatermarkWithinLog,
  leaderInIsr,
  offsetsContiguous,
  oneLeaderPerEpoch,
} from '../../sim/checks/invariants.ts';
import type {
  ClusterView,
  ConsumerView,
  GroupMemberView,
  ReplicaView,
} from '../../sim/checks/view.ts';
import type { PartitionState } from '../../sim/models/kafka/messages.ts';

function replica(overrides: Partial<ReplicaView>): ReplicaView {
  return {
    broker: 0,
    partition: 'orders-0',
    partitionIndex: 0,
    role: 'leader',
    leaderEpoch: 0,
    logStartOffset: 0,
    logEndOffset: 100,
    highWatermark: 90,
    entriesEndOffset: 100,
    ...overrides,
  };
}

function view(replicas: ReplicaView[], states: PartitionState[] = []): ClusterView {
  return {
    forEachReplica: (visit) => replicas.forEach((replica) => visit(replica)),
    forEachPartitionState: (visit) => states.forEach((state) => visit(state)),
  };
}

function state(partitionIndex: number, leader: number, isr: number[]): PartitionState {
  return { partitionIndex, leader, leaderEpoch: 0, isr, replicas: [0, 1, 2], partitionEpoch: 0 };
}

const GOOD = view(
  [
    replica({ broker: 0 }),
    replica({
      broker: 1,
      role: 'follower',
      logEndOffset: 95,
      highWatermark: 80,
      entriesEndOffset: 95,
    }),
    replica({
      broker: 2,
      role: 'follower',
      logEndOffset: 90,
      highWatermark: 90,
      entriesEndOffset: 90,
    }),
  ],
  [state(0, 0, [0, 1, 2])],
);

describe('highWatermarkWithinLog()', () => {
  it('passes replicas with logStart <= HW <= LEO', () => {
    expect(() => highWatermarkWithinLog().verify(GOOD, 5)).not.toThrow();
  });

  it('throws when a replica’s high watermark passes its log end, naming broker and time', () => {
    const bad = view([replica({ broker: 2, logEndOffset: 100, highWatermark: 101 })]);
    expect(() => highWatermarkWithinLog().verify(bad, 1234)).toThrow(
      /broker-2 orders-0: HW 101 > LEO 100 at 1234us/,
    );
  });

  it('throws when a replica’s log start is after its log end', () => {
    const bad = view([replica({ logStartOffset: 120, logEndOffset: 100, highWatermark: 100 })]);
    expect(() => highWatermarkWithinLog().verify(bad, 7)).toThrow(
      /orders-0: log start > LEO at 7us/,
    );
  });
});

describe('oneLeaderPerEpoch()', () => {
  it('passes one leader per partition and epoch, also across calls and new epochs', () => {
    const invariant = oneLeaderPerEpoch();
    expect(() => invariant.verify(GOOD, 1)).not.toThrow();
    expect(() => invariant.verify(GOOD, 2)).not.toThrow();
    const moved = view([
      replica({ broker: 1, leaderEpoch: 1 }),
      replica({ broker: 0, role: 'follower' }),
    ]);
    expect(() => invariant.verify(moved, 3)).not.toThrow();
  });

  it('throws when two brokers lead one partition in the same epoch at once', () => {
    const bad = view([replica({ broker: 0 }), replica({ broker: 1 })]);
    expect(() => oneLeaderPerEpoch().verify(bad, 9)).toThrow(
      /orders-0 epoch 0: leaders broker-0 and broker-1 at 9us/,
    );
  });

  it('throws when a second broker leads an epoch another broker led earlier', () => {
    const invariant = oneLeaderPerEpoch();
    invariant.verify(view([replica({ broker: 0, leaderEpoch: 3 })]), 1);
    const later = view([replica({ broker: 2, leaderEpoch: 3 })]);
    expect(() => invariant.verify(later, 2)).toThrow(
      /orders-0 epoch 3: leaders broker-0 and broker-2/,
    );
  });

  it('ignores the same epoch number on different partitions', () => {
    const two = view([
      replica({ broker: 0 }),
      replica({ broker: 1, partition: 'orders-1', partitionIndex: 1 }),
    ]);
    expect(() => oneLeaderPerEpoch().verify(two, 1)).not.toThrow();
  });
});

describe('leaderInIsr()', () => {
  it('passes a leader in the ISR and an offline partition (leader -1)', () => {
    const offline = view([], [state(3, -1, [1])]);
    expect(() => leaderInIsr().verify(GOOD, 1)).not.toThrow();
    expect(() => leaderInIsr().verify(offline, 1)).not.toThrow();
  });

  it('throws when the controller’s leader is not in the ISR', () => {
    const bad = view([], [state(3, 2, [0, 1])]);
    expect(() => leaderInIsr().verify(bad, 55)).toThrow(
      /partition 3: leader 2 not in ISR \[0,1\] at 55us/,
    );
  });
});

describe('offsetsContiguous()', () => {
  it('passes logs whose entries end at the log end offset', () => {
    expect(() => offsetsContiguous().verify(GOOD, 1)).not.toThrow();
  });

  it('throws when a log has a gap (its entries end before its LEO)', () => {
    const bad = view([replica({ broker: 1, entriesEndOffset: -1, logEndOffset: 100 })]);
    expect(() => offsetsContiguous().verify(bad, 42)).toThrow(
      /broker-1 orders-0: entries end at -1, LEO 100 at 42us/,
    );
  });
});

function consumers(list: ConsumerView[], members: GroupMemberView[] = []): ClusterView {
  return {
    ...view([]),
    forEachConsumer: (visit) => list.forEach((consumer) => visit(consumer)),
    forEachGroupMember: (visit) => members.forEach((member) => visit(member)),
  };
}

function consumer(
  member: string,
  generation: number,
  partitions: number[],
  protocol: 'classic' | 'consumer' = 'classic',
): ConsumerView {
  return {
    group: 'g',
    member,
    protocol,
    generation,
    owned: new Map(partitions.map((index) => [index, null])),
  };
}

describe('noPartitionOwnedTwice()', () => {
  it('passes disjoint owners, and overlaps across generations (a zombie of an old one)', () => {
    const good = consumers([
      consumer('a', 3, [0, 1]),
      consumer('b', 3, [2]),
      consumer('z', 2, [0]),
    ]);
    expect(() => noPartitionOwnedTwice().verify(good, 1)).not.toThrow();
    const otherGroup = consumers([consumer('a', 3, [0]), { ...consumer('b', 3, [0]), group: 'h' }]);
    expect(() => noPartitionOwnedTwice().verify(otherGroup, 1)).not.toThrow();
  });

  it('throws when two members of one generation own a partition', () => {
    const bad = consumers([consumer('a', 3, [0, 1]), consumer('b', 3, [1, 2])]);
    expect(() => noPartitionOwnedTwice().verify(bad, 77)).toThrow(
      /group g generation 3: partition 1 owned by a and b at 77us/,
    );
  });

  it('KIP-848: throws when two members own a partition, whatever their epochs', () => {
    const bad = consumers([consumer('a', 4, [5], 'consumer'), consumer('b', 5, [5], 'consumer')]);
    expect(() => noPartitionOwnedTwice().verify(bad, 8)).toThrow(/partition 5 owned by a and b/);
  });

  it('KIP-848: throws when the coordinator assigns a partition another member still revokes', () => {
    const member = (name: string, assigned: number[], pendingRevocation: number[]) => ({
      broker: 1,
      group: 'g',
      member: name,
      assigned,
      pendingRevocation,
    });
    const good = consumers([], [member('a', [0], [1]), member('b', [2], [])]);
    expect(() => noPartitionOwnedTwice().verify(good, 1)).not.toThrow();
    const bad = consumers([], [member('a', [0], [1]), member('b', [1], [])]);
    expect(() => noPartitionOwnedTwice().verify(bad, 9)).toThrow(
      /coordinator broker-1 group g: partition 1 assigned to a and b at 9us/,
    );
  });
});

describe('commitsNeverBackwards()', () => {
  const offsets = (entries: Array<[number, number]>): ClusterView => ({
    ...view([]),
    committedOffsets: () => new Map([['g', new Map(entries)]]),
  });

  it('passes offsets that stay or grow across calls', () => {
    const invariant = commitsNeverBackwards();
    invariant.verify(offsets([[0, 10]]), 1);
    expect(() =>
      invariant.verify(
        offsets([
          [0, 10],
          [1, 3],
        ]),
        2,
      ),
    ).not.toThrow();
    expect(() => invariant.verify(offsets([[0, 25]]), 3)).not.toThrow();
  });

  it('throws when a committed offset moves backwards', () => {
    const invariant = commitsNeverBackwards();
    invariant.verify(offsets([[4, 100]]), 1);
    expect(() => invariant.verify(offsets([[4, 90]]), 66)).toThrow(
      /group g partition 4: committed offset 90 after 100 at 66us/,
    );
  });
});

describe('defaultInvariants()', () => {
  it('holds the six invariants, all quiet on a good view', () => {
    const invariants = defaultInvariants();
    expect(invariants.map((invariant) => invariant.name)).toEqual([
      highWatermarkWithinLog().name,
      oneLeaderPerEpoch().name,
      leaderInIsr().name,
      offsetsContiguous().name,
      noPartitionOwnedTwice().name,
      commitsNeverBackwards().name,
    ]);
    for (const invariant of invariants) expect(() => invariant.verify(GOOD, 0)).not.toThrow();
  });
});
