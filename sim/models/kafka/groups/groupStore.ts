/**
 * The content of the `__consumer_offsets` partitions (GroupMetadataManager's records): committed
 * offsets and the group metadata a coordinator writes when a generation (classic) or an
 * assignment epoch (KIP-848) settles. The partition's batches carry no payload in kafkasim, so the
 * records live here, keyed by group: a coordinator writes a commit once its append has reached the
 * high watermark (every ISR member has it), and a broker that becomes the partition's leader
 * loads the groups from here, as Kafka replays the partition. Group metadata writes are taken as
 * durable at once (their append is not modelled).
 */

export interface StoredMember {
  memberId: string;
  instanceId: string | null;
  sessionTimeoutUs: number;
  rebalanceTimeoutUs: number;
  topics: string[];
  /** Classic: the generation's assignment; KIP-848: the member's current assignment. */
  assignment: number[];
  /** KIP-848 member epoch (classic: the generation). */
  epoch: number;
}

export interface StoredGroup {
  protocol: 'classic' | 'consumer';
  /** Classic generation, or KIP-848 group epoch. */
  generation: number;
  protocolName: string;
  leaderId: string;
  members: StoredMember[];
}

export class GroupStore {
  /** group → partition index → committed offset (the next offset to read). */
  readonly offsets = new Map<string, Map<number, number>>();
  readonly groups = new Map<string, StoredGroup>();
  /** Commits that went backwards (an invariant: only a reset may do that; none here). */
  backwardCommits = 0;

  commit(group: string, partitionIndex: number, offset: number): void {
    let offsets = this.offsets.get(group);
    if (offsets === undefined) {
      offsets = new Map();
      this.offsets.set(group, offsets);
    }
    const previous = offsets.get(partitionIndex) ?? -1;
    if (offset < previous) this.backwardCommits++;
    offsets.set(partitionIndex, offset);
  }

  committed(group: string, partitionIndex: number): number {
    return this.offsets.get(group)?.get(partitionIndex) ?? -1;
  }
}
