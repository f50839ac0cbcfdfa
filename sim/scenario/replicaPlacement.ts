/**
 * Replica placement for topics without pinned replicas, as Kafka's
 * AdminUtils.assignReplicasToBrokers (server-common/.../admin/AdminUtils.java) does it with a
 * fixed start index: kafkasim passes the topic's index in the file where Kafka draws a random
 * one, so a scenario always places the same way.
 * - Without racks: partition p's first replica is broker (p + start) mod n, and the others follow
 *   at a shift that grows by one every n partitions, so followers spread evenly.
 * - With racks (`broker.rack` on every broker): the same walk over the rack-alternated broker
 *   list, skipping a broker whose rack already holds a replica while some rack holds none, so a
 *   partition spans min(replicationFactor, racks) racks.
 * KRaft's controller places new topics with its StripedReplicaPlacer, which shuffles with an
 * unseeded Random: its spread over brokers and racks is the same, its exact rows are not
 * reproducible, and kafkasim uses AdminUtils' rows in both modes.
 */

/** AdminUtils.replicaIndex: the broker index of a partition's (k+2)-th replica candidate. */
function replicaIndex(first: number, secondShift: number, k: number, brokers: number): number {
  const shift = 1 + ((secondShift + k) % (brokers - 1));
  return (first + shift) % brokers;
}

/**
 * Rack-unaware placement (AdminUtils.assignReplicasToBrokersRackUnaware) of `partitions`
 * partitions numbered from `startPartitionId` (partitions added to a topic continue its count).
 */
export function assignReplicas(
  partitions: number,
  replicationFactor: number,
  brokers: number,
  startIndex: number,
  startPartitionId = 0,
): number[][] {
  const start = startIndex % brokers;
  const result: number[][] = [];
  let shift = start;
  for (let p = startPartitionId; p < startPartitionId + partitions; p += 1) {
    if (p > 0 && p % brokers === 0) shift += 1;
    const first = (p + start) % brokers;
    const row = [first];
    for (let j = 0; j < replicationFactor - 1; j += 1) {
      row.push(replicaIndex(first, shift, j, brokers));
    }
    result.push(row);
  }
  return result;
}

/**
 * AdminUtils.getRackAlternatedBrokerList: racks in sorted order, brokers of each rack in id
 * order, taken one per rack in turn ({0: r1, 1: r3, 2: r3, 3: r2, 4: r2, 5: r1} gives
 * [0, 3, 1, 5, 4, 2]). `racks[i]` is broker i's rack.
 */
export function rackAlternatedBrokers(racks: readonly string[]): number[] {
  const byRack = new Map<string, number[]>();
  racks.forEach((rack, broker) => {
    const list = byRack.get(rack);
    if (list === undefined) byRack.set(rack, [broker]);
    else list.push(broker);
  });
  const names = [...byRack.keys()].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  const next = names.map(() => 0);
  const result: number[] = [];
  for (let r = 0; result.length < racks.length; r = (r + 1) % names.length) {
    const list = byRack.get(names[r] as string) as number[];
    const i = next[r] as number;
    if (i < list.length) {
      result.push(list[i] as number);
      next[r] = i + 1;
    }
  }
  return result;
}

/** Rack-aware placement (AdminUtils.assignReplicasToBrokersRackAware); `racks[i]` is broker i's. */
/**
 * Where the partitions added to a topic go (AdminZkClient.createNewPartitionsAssignment): the
 * same placement, started at partition 0's first replica and numbered after the existing ones.
 */
export function addedPartitionReplicas(
  existing: readonly number[][],
  added: number,
  brokers: number,
  racks: readonly string[] | null,
): number[][] {
  const first = existing[0] ?? [0];
  const startIndex = Math.max(0, first[0] ?? 0);
  const rf = first.length;
  return racks === null
    ? assignReplicas(added, rf, brokers, startIndex, existing.length)
    : assignReplicasRackAware(added, rf, racks, startIndex, existing.length);
}

export function assignReplicasRackAware(
  partitions: number,
  replicationFactor: number,
  racks: readonly string[],
  startIndex: number,
  startPartitionId = 0,
): number[][] {
  const arranged = rackAlternatedBrokers(racks);
  const brokers = arranged.length;
  const rackCount = new Set(racks).size;
  const start = startIndex % brokers;
  let shift = start;
  const result: number[][] = [];
  for (let p = startPartitionId; p < startPartitionId + partitions; p += 1) {
    if (p > 0 && p % brokers === 0) shift += 1;
    const first = (p + start) % brokers;
    const leader = arranged[first] as number;
    const row = [leader];
    const racksWith = new Set([racks[leader]]);
    const brokersWith = new Set([leader]);
    let k = 0;
    for (let j = 0; j < replicationFactor - 1; j += 1) {
      for (;;) {
        const broker = arranged[replicaIndex(first, shift * rackCount, k, brokers)] as number;
        const rack = racks[broker];
        k += 1;
        // Skip a broker whose rack has a replica while a rack has none, or that has one itself
        // while a broker has none.
        const rackOk = !racksWith.has(rack) || racksWith.size === rackCount;
        const brokerOk = !brokersWith.has(broker) || brokersWith.size === brokers;
        if (rackOk && brokerOk) {
          row.push(broker);
          racksWith.add(rack);
          brokersWith.add(broker);
          break;
        }
      }
    }
    result.push(row);
  }
  return result;
}
