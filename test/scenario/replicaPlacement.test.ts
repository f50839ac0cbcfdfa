import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  addedPartitionReplicas,
  assignReplicas,
  assignReplicasRackAware,
  rackAlternatedBrokers,
} from '../../sim/scenario/replicaPlacement.ts';

/** Kafka's AdminRackAwareTest rack maps, as broker-indexed arrays. */
const RACKS_A = ['rack1', 'rack3', 'rack3', 'rack2', 'rack2', 'rack1'];
const RACKS_B = ['rack1', 'rack2', 'rack2', 'rack3', 'rack3', 'rack1'];

/** RackAwareTest.checkReplicaDistribution. */
function distribution(rows: number[][], racks: readonly string[]) {
  const leaders = racks.map(() => 0);
  const replicas = racks.map(() => 0);
  for (const row of rows) {
    const leader = row[0] as number;
    leaders[leader] = (leaders[leader] ?? 0) + 1;
    for (const b of row) replicas[b] = (replicas[b] ?? 0) + 1;
  }
  return {
    leaders,
    replicas,
    racksPerPartition: rows.map((row) => new Set(row.map((b) => racks[b])).size),
    brokersPerPartition: rows.map((row) => new Set(row).size),
  };
}

describe('rack-aware replica placement (AdminUtils, checked against AdminRackAwareTest)', () => {
  it('alternates racks in sorted order, brokers in id order', () => {
    expect(rackAlternatedBrokers(RACKS_A)).toEqual([0, 3, 1, 5, 4, 2]);
    expect(rackAlternatedBrokers(RACKS_A.slice(0, 5))).toEqual([0, 3, 1, 4, 2]);
  });

  it('gives Kafka rows for 7 partitions, RF 3, start index 0', () => {
    expect(assignReplicasRackAware(7, 3, RACKS_A, 0)).toEqual([
      [0, 3, 1],
      [3, 1, 5],
      [1, 5, 4],
      [5, 4, 2],
      [4, 2, 0],
      [2, 0, 3],
      [0, 4, 2],
    ]);
  });

  it('spreads every partition over 3 racks with even leaders and replicas', () => {
    for (const start of [0, 2, 5]) {
      for (const [partitions, rf] of [
        [6, 3],
        [12, 2],
        [6, 2],
        [96, 3],
      ] as const) {
        const d = distribution(assignReplicasRackAware(partitions, rf, RACKS_B, start), RACKS_B);
        expect(d.racksPerPartition).toEqual(Array(partitions).fill(rf));
        expect(d.leaders).toEqual(Array(6).fill(partitions / 6));
        expect(d.replicas).toEqual(Array(6).fill((partitions * rf) / 6));
      }
    }
  });

  it('keeps racks distinct with uneven racks (12 partitions, RF 3)', () => {
    const racks = ['rack1', 'rack1', 'rack2', 'rack3', 'rack3', 'rack1'];
    const d = distribution(assignReplicasRackAware(12, 3, racks, 1), racks);
    expect(d.racksPerPartition).toEqual(Array(12).fill(3));
    expect(d.leaders).toEqual(Array(6).fill(2));
  });

  it('with one rack is the rack-unaware placement', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 12 }),
        fc.integer({ min: 1, max: 40 }),
        fc.integer({ min: 0, max: 20 }),
        (brokers, partitions, start) => {
          const rf = Math.min(3, brokers);
          const racks = Array<string>(brokers).fill('r');
          expect(assignReplicasRackAware(partitions, rf, racks, start)).toEqual(
            assignReplicas(partitions, rf, brokers, start),
          );
        },
      ),
    );
  });

  it('never repeats a broker and spans min(RF, racks) racks', () => {
    fc.assert(
      fc.property(
        fc.array(fc.constantFrom('a', 'b', 'c', 'd'), { minLength: 1, maxLength: 12 }),
        fc.integer({ min: 1, max: 50 }),
        fc.integer({ min: 1, max: 4 }),
        fc.integer({ min: 0, max: 20 }),
        (racks, partitions, rfWanted, start) => {
          const rf = Math.min(rfWanted, racks.length);
          const rows = assignReplicasRackAware(partitions, rf, racks, start);
          const d = distribution(rows, racks);
          const spread = Math.min(rf, new Set(racks).size);
          expect(d.brokersPerPartition).toEqual(Array(partitions).fill(rf));
          expect(d.racksPerPartition).toEqual(Array(partitions).fill(spread));
        },
      ),
    );
  });
});

describe('partitions added to a topic (AdminZkClient.createNewPartitionsAssignment)', () => {
  it('continues from partition 0 (AddPartitionsTest.testReplicaPlacement*)', () => {
    // Four brokers; new-topic3 [2, 3, 0, 1] grows to 7 partitions, new-topic2 [1, 2] to 3.
    const topic3 = addedPartitionReplicas([[2, 3, 0, 1]], 6, 4, null);
    expect(topic3.map((row) => row[0])).toEqual([3, 0, 1, 2, 3, 0]);
    for (const row of topic3) expect([...row].sort()).toEqual([0, 1, 2, 3]);
    const topic2 = addedPartitionReplicas([[1, 2]], 2, 4, null);
    expect(topic2).toEqual([
      [2, 0],
      [3, 1],
    ]);
  });

  it('spreads added partitions over racks when brokers have them', () => {
    const racks = ['a', 'b', 'c', 'a', 'b', 'c'];
    const existing = assignReplicasRackAware(6, 3, racks, 0);
    const added = addedPartitionReplicas(existing, 6, 6, racks);
    for (const row of added) expect(new Set(row.map((b) => racks[b])).size).toBe(3);
  });
});
