/**
 * KIP-227 incremental fetch sessions on the wire. A fetch request here always holds every
 * partition the client wants (the leader serves them all, as Kafka's IncrementalFetchContext
 * walks the session's cached partitions); what the two ends keep decides how many of them are
 * written out. The client (clients/FetchSessionHandler.java) sends a full fetch at session epoch
 * 0, when a session starts or after a failed request; then each incremental fetch lists only
 * the partitions added to the session or whose fetch state changed (FetchRequest.PartitionData
 * equals: fetch offset, epochs, max bytes), and names the partitions it forgets (a consumer
 * forgets those it has buffered data for, and adds them back later). The leader
 * (core/.../server/FetchSession.scala, CachedPartition.maybeUpdateResponseData) answers a full
 * fetch with every partition, an incremental one with those that carry records, an error or a
 * diverging epoch, or whose high watermark or log start offset differ from what the session's
 * client last got; a partition that was in error, or is new to the session, is sent next time.
 * Both sides compare values, so the figures do not depend on which entry objects are reused
 * (the leader looks only at the places of a follower fetch that it read in full: the others
 * answer as last time). Per-partition lookups happen only when a session's partitions change.
 * Left out: the session cache's size limit and eviction (max.incremental.fetch.session.cache.
 * slots; a cluster here has far fewer sessions), the FETCH_SESSION_ID_NOT_FOUND round trip (a
 * leader that lost its sessions in a restart answers an incremental fetch in full), and the
 * reordering of partitions with data to the end of the session.
 */
import { assert } from '../../engine/index.ts';
import type { FetchPartitionRequest, FetchPartitionResponse } from './messages.ts';

/** What a client's next fetch writes on the wire, from FetchSessionHandler.build. */
export interface SessionRequestFigures {
  /** 0: a full fetch, starting a session (INITIAL_EPOCH); then 1, 2, ... */
  sessionEpoch: number;
  listedPartitionsCount: number;
  forgottenPartitionsCount: number;
}

/**
 * The client's side of one fetch session (one broker; for a follower, one fetcher thread). The
 * session's state is the last request's entries, in order: a request of the same partitions in
 * the same order (the usual case) is compared place by place, with no lookup.
 */
export class FetchSessionHandler {
  #epochNext = 0;
  /** The entries last sent (entries are never changed once sent). */
  #last: readonly FetchPartitionRequest[] = [];

  /**
   * The figures of a request for `partitions` (every partition wanted, in order), which becomes
   * the session's state: a full fetch lists them all; an incremental one the added and altered
   * ones (FetchRequest.PartitionData.equals), and forgets those not wanted any more.
   */
  build(partitions: readonly FetchPartitionRequest[]): SessionRequestFigures {
    const sessionEpoch = this.#epochNext;
    let listed = partitions.length;
    let forgotten = 0;
    if (sessionEpoch > 0) {
      listed = samePlaces(this.#last, partitions) ? altered(this.#last, partitions) : -1;
      if (listed < 0) [listed, forgotten] = this.#moved(partitions);
    }
    this.#last = partitions;
    this.#epochNext++;
    return {
      sessionEpoch,
      listedPartitionsCount: listed,
      forgottenPartitionsCount: forgotten,
    };
  }

  /** The request failed (timeout, refused or reset connection): the next fetch is full. */
  reset(): void {
    this.#epochNext = 0;
  }

  /** Listed and forgotten partitions when the session's partitions or their order changed. */
  #moved(partitions: readonly FetchPartitionRequest[]): [number, number] {
    const last = new Map<number, FetchPartitionRequest>();
    for (const entry of this.#last) last.set(entry.partitionIndex, entry);
    let listed = 0;
    for (const partition of partitions) {
      const sent = last.get(partition.partitionIndex);
      if (sent === undefined || !sameEntry(sent, partition)) listed++;
      if (sent !== undefined) last.delete(partition.partitionIndex);
    }
    return [listed, last.size];
  }
}

/** Both lists hold the same partitions at the same places. */
function samePlaces(
  a: readonly { partitionIndex: number }[],
  b: readonly { partitionIndex: number }[],
): boolean {
  if (a === b) return true;
  if (a.length !== b.length) return false;
  for (let place = 0; place < a.length; place++) {
    const x = a[place] as { partitionIndex: number };
    const y = b[place] as { partitionIndex: number };
    if (x !== y && x.partitionIndex !== y.partitionIndex) return false;
  }
  return true;
}

/** How many places hold an entry that differs from the last one there. */
function altered(
  last: readonly FetchPartitionRequest[],
  partitions: readonly FetchPartitionRequest[],
): number {
  if (last === partitions) return 0;
  let listed = 0;
  for (let place = 0; place < partitions.length; place++) {
    const before = last[place] as FetchPartitionRequest;
    if (!sameEntry(before, partitions[place] as FetchPartitionRequest)) listed++;
  }
  return listed;
}

/** FetchRequest.PartitionData.equals, on the fields modelled. */
function sameEntry(a: FetchPartitionRequest, b: FetchPartitionRequest): boolean {
  if (a === b) return true;
  return (
    a.fetchOffset === b.fetchOffset &&
    a.lastFetchedEpoch === b.lastFetchedEpoch &&
    a.currentLeaderEpoch === b.currentLeaderEpoch &&
    a.maxBytes === b.maxBytes
  );
}

/**
 * The leader's side of one fetch session: what its client last got of each partition, by place
 * in the last request (the usual next request has the same places: no lookup). A quiet answer
 * object sent again at its place (fetchSessions.ts keeps them) carries what it did: no news.
 */
export class SessionAnswers {
  #partitions: readonly FetchPartitionRequest[] = [];
  /** The answer object last sent at each place (kept in place: the answers die young). */
  #sent: Array<FetchPartitionResponse | null> = [];
  /** What the client last got at each place (-1: nothing yet, or an error since). */
  #highWatermark = new Float64Array(0);
  #logStartOffset = new Float64Array(0);
  /** 1 where the answer last sent had no records, error or divergence. */
  #quiet = new Uint8Array(0);

  /**
   * How many partitions of the answer `entries` to a fetch of `requested` at `sessionEpoch` go
   * on the wire (all of them for a full fetch); the session then holds what they carry.
   * `changed`, when given, holds the only places whose answer can differ from the one last sent
   * there (a follower fetch's reads: its other places answer with the quiet answer they last
   * got, fetchSessions.ts); null checks every place.
   */
  listed(
    sessionEpoch: number,
    requested: readonly FetchPartitionRequest[],
    entries: readonly FetchPartitionResponse[],
    changed: ReadonlyArray<{ position: number }> | null,
  ): number {
    assert(entries.length === requested.length, 'fetch session: an answer per partition');
    const full = sessionEpoch === 0;
    const moved = full || !samePlaces(this.#partitions, requested);
    if (moved) this.#moveTo(requested, full);
    this.#partitions = requested;
    let listed = 0;
    if (changed === null || moved) {
      for (let place = 0; place < entries.length; place++) {
        if (this.#take(place, entries[place] as FetchPartitionResponse, full)) listed++;
      }
    } else {
      for (const { position } of changed) {
        if (this.#take(position, entries[position] as FetchPartitionResponse, false)) listed++;
      }
    }
    return listed;
  }

  /** Whether the answer at `place` goes on the wire; the session takes what it carries. */
  #take(place: number, entry: FetchPartitionResponse, full: boolean): boolean {
    if (entry === this.#sent[place] && this.#quiet[place] === 1) return full;
    this.#sent[place] = entry;
    const errored = entry.error !== 'NONE';
    const news = errored || entry.slices.length > 0 || entry.divergingEpoch !== null;
    const listed =
      full ||
      news ||
      this.#highWatermark[place] !== entry.highWatermark ||
      this.#logStartOffset[place] !== entry.logStartOffset;
    // An error is sent again once it clears (its high watermark is no client's).
    this.#highWatermark[place] = errored ? -1 : entry.highWatermark;
    this.#logStartOffset[place] = entry.logStartOffset;
    this.#quiet[place] = news ? 0 : 1;
    return listed;
  }

  /** New places: a partition kept in the session keeps what its client got; others get -1. */
  #moveTo(requested: readonly FetchPartitionRequest[], full: boolean): void {
    this.#sent = new Array<FetchPartitionResponse | null>(requested.length).fill(null);
    this.#quiet = new Uint8Array(requested.length);
    const highWatermark = new Float64Array(requested.length).fill(-1);
    const logStartOffset = new Float64Array(requested.length).fill(-1);
    if (!full) {
      const placeOf = new Map<number, number>();
      this.#partitions.forEach((partition, place) => placeOf.set(partition.partitionIndex, place));
      requested.forEach((partition, place) => {
        const was = placeOf.get(partition.partitionIndex);
        if (was === undefined) return;
        highWatermark[place] = this.#highWatermark[was] as number;
        logStartOffset[place] = this.#logStartOffset[was] as number;
      });
    }
    this.#highWatermark = highWatermark;
    this.#logStartOffset = logStartOffset;
  }
}

/** Fetcher threads per follower and leader are far fewer: the session key packs both ids. */
const FETCHERS_MAX = 65_536;

/** The key of a follower's fetch session with a leader: one per fetcher thread. */
export function followerSessionKey(follower: number, fetcherIndex: number): number {
  if (fetcherIndex < 0 || fetcherIndex >= FETCHERS_MAX) {
    assert(false, `follower ${follower}: fetcher index ${fetcherIndex}`);
  }
  return follower * FETCHERS_MAX + fetcherIndex;
}

/** A leader's sessions: a follower's per fetcher thread, a consumer's per client node. */
export class SessionAnswersCache {
  readonly #followers = new Map<number, SessionAnswers>();
  readonly #consumers = new Map<string, SessionAnswers>();

  of(replicaId: number, fetcherIndex: number, from: string): SessionAnswers {
    if (replicaId < 0) return sessionOf(this.#consumers, from, SessionAnswers);
    return sessionOf(this.#followers, followerSessionKey(replicaId, fetcherIndex), SessionAnswers);
  }

  /** The broker stopped: every session is forgotten. */
  clear(): void {
    this.#followers.clear();
    this.#consumers.clear();
  }
}

/** The session under `key`, a new one (of class `Session`) the first time. */
export function sessionOf<K, S>(sessions: Map<K, S>, key: K, Session: new () => S): S {
  let session = sessions.get(key);
  if (session === undefined) {
    session = new Session();
    sessions.set(key, session);
  }
  return session;
}
