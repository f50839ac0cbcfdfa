/**
 * The virtual clock. Events are (atUs, seq, label, run); they run in time order and, at the same
 * time, in scheduling order. Time is an integer count of microseconds. A timer is a plain number
 * (slot + seq * SLOT_SPACE) so scheduling allocates nothing; cancelling takes the entry out of
 * the heap at once and frees its slot, so cancelled timers (request timeouts, mostly) neither
 * deepen the heap nor hold slots until their time. A sequence number can be reserved and used
 * later (reserveSeq, scheduleAtSeq): Timeouts keeps one timer for many deadlines that way and
 * each still runs where a timer of its own would have. scheduleCall(delayUs, label, run, arg) runs
 * run(arg): a handler made once can serve many events, with no closure per event.
 */
import { assert, assertSafeInteger } from './assert.ts';
import { EventQueue } from './eventQueue.ts';
import { RandomStream } from './random.ts';

/** A handle returned by schedule/scheduleAt, for cancel(). */
export type Timer = number;

export interface SimulationOptions {
  seed: number;
  /** Bound on pending events (default 4,194,304); exceeding it stops the run with a clear error. */
  pendingMax?: number;
}

export interface RunOptions {
  /** Run events with atUs <= untilUs, then set the clock to untilUs. */
  untilUs?: number;
  /** Stop after this many events. */
  eventsMax?: number;
}

export interface RunResult {
  eventsCount: number;
  nowUs: number;
  stoppedBy: 'empty' | 'until' | 'eventsMax';
}

/** A handler threw: names the event so the failure can be reproduced. */
export class SimulationError extends Error {
  override name = 'SimulationError';
  constructor(
    message: string,
    readonly label: string,
    readonly atUs: number,
    readonly seq: number,
    readonly seed: number,
    override readonly cause: unknown,
  ) {
    super(message);
  }
}

const SLOT_SPACE = 1 << 22;
const FREE = -2;

export class Simulation {
  readonly seed: number;
  #nowUs = 0;
  /** Sequence number of the event running (or that ran last); -1 before the first. */
  #nowSeq = -1;
  #seqNext = 0;
  #eventsCount = 0;
  readonly #queue: EventQueue;
  readonly #slotRun: Array<((arg: unknown) => void) | null> = [];
  /** scheduleCall's argument; undefined for the other events. */
  readonly #slotArg: unknown[] = [];
  readonly #slotLabel: string[] = [];
  readonly #slotSeq: number[] = [];
  readonly #freeSlots: number[] = [];
  #pendingCount = 0;
  readonly #pendingMax: number;
  /** Called after every event (check mode); null when off. */
  afterEvent: ((label: string) => void) | null = null;

  constructor(options: SimulationOptions) {
    assertSafeInteger(options.seed, 'seed');
    this.seed = options.seed;
    this.#pendingMax = Math.min(options.pendingMax ?? SLOT_SPACE, SLOT_SPACE);
    this.#queue = new EventQueue(1024, SLOT_SPACE);
  }

  get nowUs(): number {
    return this.#nowUs;
  }

  /** Events run so far. */
  get eventsCount(): number {
    return this.#eventsCount;
  }

  /** Events scheduled and neither run nor cancelled. */
  get pendingCount(): number {
    return this.#pendingCount;
  }

  schedule(delayUs: number, label: string, run: () => void): Timer {
    return this.scheduleAt(this.#nowUs + delayUs, label, run);
  }

  /** schedule() of run(arg): the same order and checks, without a closure per event. */
  scheduleCall<T>(delayUs: number, label: string, run: (arg: T) => void, arg: T): Timer {
    const atUs = this.#nowUs + delayUs;
    if (!Number.isSafeInteger(atUs)) assertSafeInteger(atUs, `${label}: atUs`);
    if (atUs < this.#nowUs) assert(false, `${label}: atUs ${atUs} is before now ${this.#nowUs}`);
    const timer = this.#push(atUs, this.#seqNext++, label, run as (arg: unknown) => void);
    this.#slotArg[timer % SLOT_SPACE] = arg;
    return timer;
  }

  scheduleAt(atUs: number, label: string, run: () => void): Timer {
    // The checks run on every event: messages are built only when one fails.
    if (!Number.isSafeInteger(atUs)) assertSafeInteger(atUs, `${label}: atUs`);
    if (atUs < this.#nowUs) assert(false, `${label}: atUs ${atUs} is before now ${this.#nowUs}`);
    return this.#push(atUs, this.#seqNext++, label, run);
  }

  /**
   * Takes the next sequence number without scheduling anything, for scheduleAtSeq: an event
   * scheduled later with it runs where one scheduled now would have, among same-time events.
   */
  reserveSeq(): number {
    return this.#seqNext++;
  }

  /** scheduleAt with a sequence number from reserveSeq(); (atUs, seq) must still be ahead. */
  scheduleAtSeq(atUs: number, seq: number, label: string, run: () => void): Timer {
    if (!Number.isSafeInteger(atUs)) assertSafeInteger(atUs, `${label}: atUs`);
    if (!Number.isSafeInteger(seq) || seq < 0 || seq >= this.#seqNext) {
      assert(false, `${label}: sequence number ${seq} was not reserved`);
    }
    if (atUs < this.#nowUs || (atUs === this.#nowUs && seq <= this.#nowSeq)) {
      assert(false, `${label}: (${atUs}us, seq ${seq}) is before now ${this.#nowUs}us`);
    }
    return this.#push(atUs, seq, label, run);
  }

  #push(atUs: number, seq: number, label: string, run: (arg: unknown) => void): Timer {
    if (this.#pendingCount >= this.#pendingMax) {
      assert(false, `${label}: more than ${this.#pendingMax} pending events at ${this.#nowUs}us`);
    }
    const slot = this.#freeSlots.length > 0 ? (this.#freeSlots.pop() as number) : this.#newSlot();
    this.#slotRun[slot] = run;
    this.#slotLabel[slot] = label;
    this.#slotSeq[slot] = seq;
    this.#queue.push(atUs, seq, slot);
    this.#pendingCount++;
    return seq * SLOT_SPACE + slot;
  }

  /** Cancels a pending timer; returns false if it already ran or was cancelled. */
  cancel(timer: Timer): boolean {
    const slot = timer % SLOT_SPACE;
    const seq = (timer - slot) / SLOT_SPACE;
    if (this.#slotSeq[slot] !== seq) return false;
    this.#queue.remove(slot);
    this.#release(slot);
    this.#pendingCount--;
    return true;
  }

  /** Runs the next event, if any; returns false when none is pending. */
  step(): boolean {
    return this.run({ eventsMax: 1 }).eventsCount === 1;
  }

  run(options: RunOptions = {}): RunResult {
    const untilUs = options.untilUs ?? Infinity;
    const eventsMax = options.eventsMax ?? Infinity;
    if (untilUs !== Infinity) assertSafeInteger(untilUs, 'run untilUs');
    const queue = this.#queue;
    const slotRun = this.#slotRun;
    const slotSeq = this.#slotSeq;
    const slotArg = this.#slotArg;
    let eventsCount = 0;
    let stoppedBy: RunResult['stoppedBy'] = 'empty';
    for (;;) {
      if (queue.size === 0) break;
      const atUs = queue.peekTimeUs();
      if (atUs > untilUs) {
        stoppedBy = 'until';
        break;
      }
      if (eventsCount >= eventsMax) {
        stoppedBy = 'eventsMax';
        break;
      }
      const seq = queue.peekSeq();
      const slot = queue.peekPayload();
      queue.pop();
      if (slotSeq[slot] !== seq) assert(false, `queued slot ${slot} is stale (seq ${seq})`);
      const run = slotRun[slot] as (arg: unknown) => void;
      const arg = slotArg[slot];
      const label = this.#slotLabel[slot] as string;
      slotSeq[slot] = FREE;
      slotRun[slot] = null;
      slotArg[slot] = undefined;
      this.#freeSlots.push(slot);
      this.#pendingCount--;
      this.#nowUs = atUs;
      this.#nowSeq = seq;
      eventsCount++;
      this.#eventsCount++;
      try {
        run(arg);
        if (this.afterEvent !== null) this.afterEvent(label);
      } catch (error) {
        throw this.#wrap(error, label, atUs, seq);
      }
    }
    if (stoppedBy !== 'eventsMax' && untilUs !== Infinity && untilUs > this.#nowUs) {
      this.#nowUs = untilUs;
      this.#nowSeq = -1; // No event has run at untilUs.
      if (stoppedBy === 'empty') stoppedBy = 'until';
    }
    return { eventsCount, nowUs: this.#nowUs, stoppedBy };
  }

  /** A random stream seeded by `${seed}/${path}`. */
  stream(path: string): RandomStream {
    return new RandomStream(this.seed, path);
  }

  #newSlot(): number {
    const slot = this.#slotRun.length;
    assert(slot < SLOT_SPACE, `more than ${SLOT_SPACE} timer slots at ${this.#nowUs}us`);
    this.#slotRun.push(null);
    this.#slotArg.push(undefined);
    this.#slotLabel.push('');
    this.#slotSeq.push(FREE);
    return slot;
  }

  #release(slot: number): void {
    // The slot's event was cancelled (and left the queue): the slot can be reused.
    this.#slotSeq[slot] = FREE;
    this.#slotRun[slot] = null;
    this.#slotArg[slot] = undefined;
    this.#freeSlots.push(slot);
  }

  #wrap(error: unknown, label: string, atUs: number, seq: number): SimulationError {
    if (error instanceof SimulationError) return error;
    const reason = error instanceof Error ? error.message : String(error);
    return new SimulationError(
      `event "${label}" at ${atUs}us (seq ${seq}, seed ${this.seed}) failed: ${reason}`,
      label,
      atUs,
      seq,
      this.seed,
      error,
    );
  }
}
