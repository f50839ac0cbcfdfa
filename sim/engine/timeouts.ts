/**
 * Timeouts: many pending deadlines behind a few engine timers, as Kafka keeps its purgatories'
 * delayed operations in a timing wheel and checks client request timeouts inside
 * NetworkClient.poll instead of setting one timer per request. Timeouts of the same duration
 * form a lane whose deadlines are in order (time only moves forward), kept as a doubly linked
 * list. Each lane has at most one engine timer, armed for its head; cancelling unlinks an entry
 * and costs the engine nothing, so a request answered in time (nearly all of them) schedules no
 * event. Each entry reserves a sequence number when it is added and its timer is armed with it
 * (Simulation.scheduleAtSeq), so every timeout runs at exactly its deadline and in exactly the
 * place among same-time events where a timer of its own would have: the run is the same event
 * for event, apart from a lane timer that finds its entry cancelled and only re-arms. Lanes stay
 * once made: a workload with many distinct durations keeps one small lane per duration.
 * `onTimeout` runs inside the engine event: an owner that defers or drops its work (a paused or
 * crashed broker) gates it there, and calls clear() when it stops.
 */
import { assert } from './assert.ts';
import type { Simulation, Timer } from './simulation.ts';

/** A pending timeout: pass it to cancel(). */
export class TimeoutEntry<T> {
  readonly item: T;
  readonly deadlineUs: number;
  /** Where a timer scheduled when the entry was added would have run among same-time events. */
  readonly seq: number;
  /** The lane it waits in; null once it expired, was cancelled or cleared. */
  lane: Lane<T> | null;
  previous: TimeoutEntry<T> | null = null;
  next: TimeoutEntry<T> | null = null;

  constructor(item: T, deadlineUs: number, seq: number, lane: Lane<T>) {
    this.item = item;
    this.deadlineUs = deadlineUs;
    this.seq = seq;
    this.lane = lane;
  }
}

interface Lane<T> {
  head: TimeoutEntry<T> | null;
  tail: TimeoutEntry<T> | null;
  timer: Timer | null;
  /** The entry the timer is armed for (it may have been cancelled since). */
  armedFor: TimeoutEntry<T> | null;
}

export class Timeouts<T> {
  readonly #sim: Simulation;
  readonly #label: string;
  readonly #onTimeout: (item: T) => void;
  readonly #lanes = new Map<number, Lane<T>>();
  #size = 0;

  /** `onTimeout(item)` runs at an entry's deadline; the lanes' timers carry `label`. */
  constructor(sim: Simulation, label: string, onTimeout: (item: T) => void) {
    this.#sim = sim;
    this.#label = label;
    this.#onTimeout = onTimeout;
  }

  /** Entries pending. */
  get size(): number {
    return this.#size;
  }

  /** `item` times out `durationUs` from now unless cancelled first. */
  add(durationUs: number, item: T): TimeoutEntry<T> {
    if (!Number.isSafeInteger(durationUs) || durationUs < 0) {
      assert(false, `${this.#label}: duration ${durationUs}us at ${this.#sim.nowUs}us`);
    }
    let lane = this.#lanes.get(durationUs);
    if (lane === undefined) {
      lane = { head: null, tail: null, timer: null, armedFor: null };
      this.#lanes.set(durationUs, lane);
    }
    const deadlineUs = this.#sim.nowUs + durationUs;
    const entry = new TimeoutEntry(item, deadlineUs, this.#sim.reserveSeq(), lane);
    const tail = lane.tail;
    if (tail === null) lane.head = entry;
    else {
      if (tail.deadlineUs > deadlineUs) assert(false, `${this.#label}: lane out of order`);
      tail.next = entry;
      entry.previous = tail;
    }
    lane.tail = entry;
    this.#size++;
    if (lane.timer === null) this.#arm(lane);
    return entry;
  }

  /** Cancels a pending entry; returns false if it already expired or was cancelled. */
  cancel(entry: TimeoutEntry<T>): boolean {
    const lane = entry.lane;
    if (lane === null) return false;
    this.#unlink(lane, entry);
    // The lane's timer stays armed: if it was for this entry, it runs, finds it gone and
    // re-arms for the new head (one event per stretch of time, not one per request).
    return true;
  }

  /** Forgets every entry (the owner stopped); none of them times out. */
  clear(): void {
    for (const lane of this.#lanes.values()) {
      if (lane.timer !== null) this.#sim.cancel(lane.timer);
      lane.timer = null;
      lane.armedFor = null;
      for (let entry = lane.head; entry !== null; entry = entry.next) entry.lane = null;
      lane.head = null;
      lane.tail = null;
    }
    this.#size = 0;
  }

  #unlink(lane: Lane<T>, entry: TimeoutEntry<T>): void {
    const previous = entry.previous;
    const next = entry.next;
    if (previous === null) lane.head = next;
    else previous.next = next;
    if (next === null) lane.tail = previous;
    else next.previous = previous;
    entry.previous = null;
    entry.next = null;
    entry.lane = null;
    this.#size--;
  }

  /** Arms the lane's timer for its head, at the head's deadline and sequence number. */
  #arm(lane: Lane<T>): void {
    const head = lane.head;
    if (lane.timer !== null || head === null) return;
    lane.armedFor = head;
    lane.timer = this.#sim.scheduleAtSeq(head.deadlineUs, head.seq, this.#label, () =>
      this.#fire(lane),
    );
  }

  #fire(lane: Lane<T>): void {
    const entry = lane.armedFor as TimeoutEntry<T>;
    lane.timer = null;
    lane.armedFor = null;
    const expired = entry.lane === lane;
    if (expired) this.#unlink(lane, entry);
    this.#arm(lane);
    if (expired) this.#onTimeout(entry.item);
  }
}
