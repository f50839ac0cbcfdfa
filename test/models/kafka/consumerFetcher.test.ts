/**
 * sendFetches: one fetch per leader not already fetched from, holding that leader's owned
 * partitions with a position and nothing buffered, in owned order; the fetches leave in the
 * owned order of each leader's first such partition. The grouping by leader is kept between
 * calls and must follow ownership changes and leader changes. A stub consumer records requests.
 */
import { describe, expect, it } from 'vitest';
import type { Consumer } from '../../../sim/models/kafka/consumer.ts';
import { FetchTargets, sendFetches } from '../../../sim/models/kafka/consumerFetcher.ts';
import { setReadReplica } from '../../../sim/models/kafka/consumerReadReplicas.ts';
import type { OwnedPartition } from '../../../sim/models/kafka/consumerPoll.ts';
import { FetchSessionHandler } from '../../../sim/models/kafka/incrementalFetch.ts';
import type { Message } from '../../../sim/models/kafka/messages.ts';

interface Stub {
  consumer: Consumer;
  leaders: Map<number, number>;
  sent: Array<[number, number[]]>;
  /** The currentLeaderEpoch of each fetched partition, per fetch. */
  epochs: number[][];
  sim: { nowUs: number };
  owned: Map<number, OwnedPartition>;
  own(index: number, position?: number, buffered?: boolean): void;
  setLeader(index: number, leader: number): void;
}

function stubConsumer(): Stub {
  const leaders = new Map<number, number>();
  const sent: Array<[number, number[]]> = [];
  const epochs: number[][] = [];
  const owned = new Map<number, OwnedPartition>();
  const metadata = {
    version: 0,
    leaderOf: (index: number) => leaders.get(index) ?? -1,
    epochOf: () => 7,
  };
  const sim = { nowUs: 0 };
  const fake = {
    sim,
    running: true,
    owned,
    ownedVersion: 0,
    fetchTargets: new FetchTargets(),
    metadata,
    fetching: new Set<number>(),
    stats: { fetchesSent: 0 },
    fetchSessionWith: () => new FetchSessionHandler(),
    spec: {
      fetchMaxWaitUs: 1,
      fetchMinBytes: 1,
      fetchMaxBytes: 1,
      maxPartitionFetchBytes: 1,
      metadataMaxAgeUs: 300_000_000,
      rackId: 'b',
    },
    request(leader: number, build: (requestId: number) => Message): void {
      const message = build(1);
      if (message.kind !== 'fetchRequest') throw new Error(`not a fetch: ${message.kind}`);
      sent.push([leader, message.partitions.map((partition) => partition.partitionIndex)]);
      epochs.push(message.partitions.map((partition) => partition.currentLeaderEpoch));
    },
  };
  return {
    consumer: fake as unknown as Consumer,
    leaders,
    sent,
    epochs,
    sim,
    owned,
    own(index, position = 0, buffered = false) {
      const slice = { baseOffset: 0, recordCount: 1, bytes: 1, leaderEpoch: 0 };
      const buffer = buffered
        ? [{ ...slice, firstCreateUs: 0, lastCreateUs: 0, producerId: -1, sequence: -1 }]
        : [];
      owned.set(index, {
        index,
        position,
        highWatermark: 0,
        buffer,
        bufferedRecords: 0,
        readReplica: -1,
        readReplicaUntilUs: 0,
      });
      fake.ownedVersion++;
    },
    setLeader(index, leader) {
      leaders.set(index, leader);
      metadata.version++;
    },
  };
}

describe('sendFetches', () => {
  it('groups fetchable partitions by leader, in owned order, leaders by first partition', () => {
    const stub = stubConsumer();
    for (const [index, leader] of [
      [5, 2],
      [3, 1],
      [9, 2],
      [1, 1],
      [7, 3],
      [8, -1],
    ] as const) {
      stub.setLeader(index, leader);
    }
    stub.own(5);
    stub.own(3);
    stub.own(9);
    stub.own(1, 0, true); // Something buffered: not fetched.
    stub.own(7, -1); // No position yet.
    stub.own(8); // No known leader.
    sendFetches(stub.consumer);
    expect(stub.sent).toEqual([
      [2, [5, 9]],
      [1, [3]],
    ]);
  });

  it('skips leaders with a fetch in flight', () => {
    const stub = stubConsumer();
    stub.setLeader(4, 0);
    stub.setLeader(6, 1);
    stub.own(4);
    stub.own(6);
    stub.consumer.fetching.add(0);
    sendFetches(stub.consumer);
    expect(stub.sent).toEqual([[1, [6]]]);
  });

  it('follows a leader change and a newly owned partition between calls', () => {
    const stub = stubConsumer();
    stub.setLeader(10, 0);
    stub.setLeader(11, 1);
    stub.own(10);
    stub.own(11);
    sendFetches(stub.consumer);
    stub.consumer.fetching.clear();
    stub.setLeader(10, 1);
    stub.setLeader(12, 1);
    stub.own(12);
    sendFetches(stub.consumer);
    expect(stub.sent).toEqual([
      [0, [10]],
      [1, [11]],
      [1, [10, 11, 12]],
    ]);
  });

  it('fetches a partition from its preferred read replica until the metadata age passes', () => {
    const stub = stubConsumer();
    stub.setLeader(1, 0);
    stub.setLeader(2, 0);
    stub.own(1);
    stub.own(2);
    const partition = stub.owned.get(2) as OwnedPartition;
    setReadReplica(stub.consumer, partition, 4);
    sendFetches(stub.consumer);
    stub.consumer.fetching.clear();
    // The read replica is named with the leader epoch the consumer knows; the leader with -1.
    expect(stub.sent).toEqual([
      [0, [1]],
      [4, [2]],
    ]);
    expect(stub.epochs).toEqual([[-1], [7]]);
    stub.sim.nowUs = 300_000_000; // metadata.max.age.ms later: back to the leader.
    sendFetches(stub.consumer);
    expect(stub.sent.at(-1)).toEqual([0, [1, 2]]);
    expect(partition.readReplica).toBe(-1);
  });
});
