/**
 * The partitions of a follower's fetch session (one leader, one fetcher thread) in order, the
 * entries of its requests and the last response it applied. A request carries an entry per
 * partition (fetch offset = the follower's LEO, last fetched epoch, leader epoch). Entries are
 * values never changed once sent, and a partition's entry is rebuilt only after its log changed
 * (`changed`: only the fetcher appends to or truncates a follower's log), so an unchanged entry
 * is the previous request's very object, which the leader compares by reference
 * (fetchSessions.ts). Likewise an answer that is the very object applied at the same place last
 * time is a quiet one (no data, no error: the leader sends no other answer twice) repeating a
 * high watermark already taken, with no log change in between: it need not be applied again.
 * Both keep a fetch from costing a read of every partition; the requests and responses are the
 * same as without them.
 */
import type { FetchPartitionRequest, FetchPartitionResponse } from './messages.ts';

export class FetcherPartitions {
  readonly #partitions = new Set<number>();
  /** The last request's entries, reused while the partitions stay (null: build anew). */
  #entries: FetchPartitionRequest[] | null = null;
  #positionOf = new Map<number, number>();
  #stale = new Set<number>();
  /** Counts changes of the partitions; the last request was built at `#sentLayout`. */
  #layout = 0;
  #sentLayout = -1;
  #applied: readonly FetchPartitionResponse[] | null = null;
  #appliedLayout = -1;

  get size(): number {
    return this.#partitions.size;
  }

  /** The partitions in session order. */
  indexes(): IterableIterator<number> {
    return this.#partitions.values();
  }

  has(index: number): boolean {
    return this.#partitions.has(index);
  }

  add(index: number): void {
    this.#partitions.add(index);
    this.#layout++;
    this.#entries = null;
  }

  delete(index: number): void {
    this.#partitions.delete(index);
    this.#layout++;
    this.#entries = null;
  }

  /**
   * Moves the partitions that brought data (in the order given) behind the others, as
   * AbstractFetcherThread's partitionStates.updateAndMoveToEnd does, so that a response filled
   * to replica.fetch.response.max.bytes is followed by a request leading with the partitions it
   * left out. Nothing changes when all or none brought data.
   */
  moveToEnd(indexes: readonly number[]): void {
    if (indexes.length === 0 || indexes.length >= this.#partitions.size) return;
    const moved = indexes.filter((index) => this.#partitions.delete(index));
    for (const index of moved) this.#partitions.add(index);
    this.#layout++;
    this.#entries = null;
  }

  /** The partition's log changed (append, truncation): its next entry is built anew. */
  changed(index: number): void {
    this.#stale.add(index);
  }

  /** The entries of the next request, in the partitions' order (`entryFor`: null skips one). */
  next(entryFor: (index: number) => FetchPartitionRequest | null): FetchPartitionRequest[] {
    let entries = this.#entries;
    if (entries === null) {
      entries = [];
      this.#positionOf = new Map();
      for (const index of this.#partitions) {
        const entry = entryFor(index);
        if (entry === null) continue;
        this.#positionOf.set(index, entries.length);
        entries.push(entry);
      }
    } else if (this.#stale.size > 0) {
      entries = entries.slice();
      for (const index of this.#stale) {
        const position = this.#positionOf.get(index);
        const entry = entryFor(index);
        if (position !== undefined && entry !== null) entries[position] = entry;
      }
    }
    this.#stale.clear();
    this.#entries = entries;
    this.#sentLayout = this.#layout;
    return entries;
  }

  /**
   * The response to the last request arrived: returns the places whose answer must be applied,
   * ascending (all of them unless the response before answered the same partitions in the same
   * order; then those whose answer is not the very object applied there), and remembers it.
   */
  takeResponse(partitions: readonly FetchPartitionResponse[]): number[] {
    const previous = this.#appliedLayout === this.#sentLayout ? this.#applied : null;
    this.#applied = partitions;
    this.#appliedLayout = this.#sentLayout;
    const positions: number[] = [];
    for (let position = 0; position < partitions.length; position++) {
      if (previous === null || partitions[position] !== previous[position])
        positions.push(position);
    }
    return positions;
  }
}
