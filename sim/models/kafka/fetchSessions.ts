/**
 * The leader's memory of each follower fetch session, one per follower and fetcher thread (in
 * the spirit of Kafka's FetchSession cache, KIP-227, which keeps each partition's last fetch
 * state): the partitions of the session's last fetch in order, and for each whether the follower
 * was caught up and in the ISR with nothing pending. A follower fetches every partition of its
 * session each time. A partition it fetches again with the same entry (the follower rebuilds
 * only the entries it changed, so an unchanged one is the same object) while the leader's
 * replica did not change either (ReplicaManager reports every change: `touch`) answers exactly as
 * last time, and the only effect of the fetch is the follower's last-caught-up and last-fetch
 * time moving to now: the follower's state follows the session's clock (isr.ts FetchClock). A
 * fetch then costs the partitions that changed plus one pass comparing references, not one full
 * read per partition. Consumers' quiet answers are kept per partition (QuietConsumerAnswers).
 * The messages still hold every partition; what goes on the wire, only the partitions that
 * changed, is counted by incrementalFetch.ts (KIP-227 on both ends, compared by value).
 */
import { assert } from '../../engine/index.ts';
import { ascendingUnique } from './ascending.ts';
import type { HostedReplica } from './hostedReplica.ts';
import { followFetchClock, leaveFetchClock, type FetchClock, type FollowerState } from './isr.ts';
import { followerSessionKey, sessionOf } from './incrementalFetch.ts';
import type { FetchPartitionRequest, FetchPartitionResponse } from './messages.ts';

export class FollowerSession {
  /** Partition index of each place of the last fetch. */
  #partitionAt: number[] = [];
  /** Partition index → place; a new map on each change of layout (parked fetches keep theirs). */
  positionOf: ReadonlyMap<number, number> = new Map();
  /** The last fetch's entries (the follower's objects, compared by reference). */
  #last: readonly FetchPartitionRequest[] = [];
  /** 1 where the partition was caught up and nothing changed since (its answer is `quiet`). */
  #steady = new Uint8Array(0);
  #quiet: FetchPartitionResponse[] = [];
  /** The follower's state at steady places: it follows `#clock`. */
  #states: Array<FollowerState | null> = [];
  /** Places not steady (read in full at the next fetch). */
  #unsteady: number[] = [];
  readonly #clock: FetchClock = { lastFetchUs: 0 };
  /** Set while a fetch is being read. */
  #reading = false;

  /**
   * A fetch arrived: takes its partitions as the layout unless they are the last fetch's, in
   * order, and returns the places to read in full, ascending: those whose entry changed (a new
   * object) and those not steady. Their follower states leave the clock first.
   */
  begin(partitions: readonly FetchPartitionRequest[]): number[] {
    assert(!this.#reading, 'follower session: a fetch read inside another');
    this.#reading = true;
    const positions = this.#unsteady;
    this.#unsteady = [];
    if (!this.#compare(partitions, positions)) {
      this.#reset(partitions);
      return partitions.map((_, position) => position);
    }
    ascendingUnique(positions);
    for (const position of positions) this.#leave(position);
    return positions;
  }

  /** Records what a full read of the place gave (after the follower's state was updated). */
  record(
    position: number,
    partition: FetchPartitionRequest,
    response: FetchPartitionResponse,
    replica: HostedReplica | undefined,
    follower: number,
  ): void {
    const state = replica?.followers.get(follower);
    const steady =
      replica !== undefined &&
      state !== undefined &&
      isQuiet(response) &&
      replica.role === 'leader' &&
      replica.pendingIsr === null &&
      replica.isr.includes(follower) &&
      partition.fetchOffset === replica.log.logEndOffset &&
      state.logEndOffset === partition.fetchOffset &&
      state.leaderEndOffsetAtLastFetch === replica.log.logEndOffset;
    this.#quiet[position] = response;
    if (!steady) {
      this.#unsteady.push(position);
      return;
    }
    this.#steady[position] = 1;
    this.#states[position] = state;
    followFetchClock(state, this.#clock);
  }

  /**
   * The fetch was read at `nowUs` (`reads`: the places read in full): steady places caught up
   * now; returns the answer of every place. A place not read gets its recorded quiet answer:
   * those are the only answer objects ever sent twice (the follower relies on it).
   */
  end(
    partitions: readonly FetchPartitionRequest[],
    nowUs: number,
    reads: ReadonlyArray<{ position: number; response: FetchPartitionResponse }>,
  ): FetchPartitionResponse[] {
    this.#last = partitions;
    this.#clock.lastFetchUs = nowUs;
    this.#reading = false;
    const entries = this.#quiet.slice();
    for (const { position, response } of reads) entries[position] = response;
    return entries;
  }

  /** The replica of partition `index` changed: its next fetch is read in full. */
  touch(index: number): void {
    const position = this.positionOf.get(index);
    if (position === undefined || this.#steady[position] === 0) return;
    // Only the place being read changes while a fetch is read, and it is not steady then.
    if (this.#reading) assert(false, `follower session: partition ${index} changed during a read`);
    this.#leave(position);
    this.#unsteady.push(position);
  }

  /** Adds the places whose entry is a new object to `changed`; false if the layout differs. */
  #compare(partitions: readonly FetchPartitionRequest[], changed: number[]): boolean {
    if (partitions.length !== this.#partitionAt.length) return false;
    const last = this.#last;
    for (let position = 0; position < partitions.length; position++) {
      const partition = partitions[position] as FetchPartitionRequest;
      if (partition === last[position]) continue;
      if (partition.partitionIndex !== this.#partitionAt[position]) return false;
      changed.push(position);
    }
    return true;
  }

  #reset(partitions: readonly FetchPartitionRequest[]): void {
    for (let position = 0; position < this.#steady.length; position++) this.#leave(position);
    const count = partitions.length;
    this.#partitionAt = partitions.map((partition) => partition.partitionIndex);
    const positionOf = new Map<number, number>();
    this.#partitionAt.forEach((index, position) => positionOf.set(index, position));
    assert(positionOf.size === count, 'follower session: a partition fetched twice');
    this.positionOf = positionOf;
    this.#last = [];
    this.#steady = new Uint8Array(count);
    this.#quiet = new Array<FetchPartitionResponse>(count);
    this.#states = new Array<FollowerState | null>(count).fill(null);
  }

  /** The place stops being steady: its follower state takes the clock's times. */
  #leave(position: number): void {
    if (this.#steady[position] === 0) return;
    this.#steady[position] = 0;
    const state = this.#states[position];
    if (state !== null && state !== undefined) leaveFetchClock(state);
    this.#states[position] = null;
  }
}

/** An answer with no data, no error and no divergence. */
export function isQuiet(response: FetchPartitionResponse): boolean {
  return (
    response.error === 'NONE' && response.divergingEpoch === null && response.slices.length === 0
  );
}

/** A broker's follower sessions by follower and fetcher thread. */
export class FollowerSessions {
  readonly #sessions = new Map<number, FollowerSession>();

  session(follower: number, fetcherIndex: number): FollowerSession {
    return sessionOf(this.#sessions, followerSessionKey(follower, fetcherIndex), FollowerSession);
  }

  touch(index: number): void {
    for (const session of this.#sessions.values()) session.touch(index);
  }

  /** The broker stopped: the next fetch of every session is read in full. */
  clear(): void {
    this.#sessions.clear();
  }
}

/**
 * Consumer fetches answered without data: a consumer fetching a partition at or above the high
 * watermark (and inside the log) gets no records, the high watermark and the log start offset,
 * the same answer for every consumer until the replica changes (`touch`). The answer is kept
 * per partition, so such a partition costs a few comparisons, not a read.
 */
export class QuietConsumerAnswers {
  readonly #answers = new Map<number, FetchPartitionResponse>();

  /** The answer to a consumer fetch at `fetchOffset` if it is quiet, else null (read it). */
  quiet(replica: HostedReplica | undefined, fetchOffset: number): FetchPartitionResponse | null {
    if (replica === undefined || replica.role !== 'leader') return null;
    const log = replica.log;
    if (fetchOffset < log.highWatermark || fetchOffset > log.logEndOffset) return null;
    if (fetchOffset < log.logStartOffset) return null;
    const index = replica.info.index;
    let answer = this.#answers.get(index);
    if (answer === undefined) {
      answer = {
        partitionIndex: index,
        error: 'NONE',
        highWatermark: log.highWatermark,
        logStartOffset: log.logStartOffset,
        slices: [],
        divergingEpoch: null,
        preferredReadReplica: -1,
      };
      this.#answers.set(index, answer);
    }
    return answer;
  }

  touch(index: number): void {
    this.#answers.delete(index);
  }

  clear(): void {
    this.#answers.clear();
  }
}
