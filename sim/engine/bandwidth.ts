/**
 * BandwidthServer: a capacity in bytes per second shared by concurrent transfers, max-min fair
 * (flow-level, in the spirit of SimGrid). Whenever a flow starts or ends, or the capacity changes,
 * progress is settled, rates are re-divided by water-filling (flows capped below their fair share,
 * a slow receiver, keep their cap and leave the rest to the others) and one timer is set for the
 * earliest completion. Busy time (at least one flow active) and utilised time (the integral of
 * allocated rate / capacity) are counted, so reports can name a saturated resource.
 */
import { assert } from './assert.ts';
import type { Simulation, Timer } from './simulation.ts';
import { US_PER_SEC } from './units.ts';

export interface Flow {
  readonly id: number;
  readonly label: string;
  readonly bytes: number;
  bytesRemaining: number;
  /** Per-flow cap in bytes per second; Infinity when uncapped. */
  readonly capBytesPerSec: number;
  rateBytesPerSec: number;
  readonly onDone: (flow: Flow) => void;
  active: boolean;
}

export interface BandwidthServerSpec {
  path: string;
  bytesPerSec: number;
  /** Bound on concurrent flows; exceeding it is a simulator bug or a runaway model. */
  flowsMax?: number;
}

export class BandwidthServer {
  readonly path: string;
  #bytesPerSec: number;
  readonly #sim: Simulation;
  readonly #flowsMax: number;
  #flows: Flow[] = [];
  #flowIdNext = 0;
  #settledAtUs = 0;
  #timer: Timer | null = null;
  #busyUs = 0;
  #utilisedUs = 0;
  #bytesDone = 0;

  constructor(sim: Simulation, spec: BandwidthServerSpec) {
    assert(spec.bytesPerSec > 0, `${spec.path}: bytesPerSec ${spec.bytesPerSec} must be > 0`);
    this.#sim = sim;
    this.path = spec.path;
    this.#bytesPerSec = spec.bytesPerSec;
    this.#flowsMax = spec.flowsMax ?? 1_000_000;
    this.#settledAtUs = sim.nowUs;
  }

  get bytesPerSec(): number {
    return this.#bytesPerSec;
  }

  get activeCount(): number {
    return this.#flows.length;
  }

  /** Microseconds with at least one active flow. */
  get busyUs(): number {
    this.#settle();
    return this.#busyUs;
  }

  /** Integral of (allocated rate / capacity) over time, in microseconds. */
  get utilisedUs(): number {
    this.#settle();
    return this.#utilisedUs;
  }

  get bytesDone(): number {
    this.#settle();
    return this.#bytesDone;
  }

  /** Starts a transfer of `bytes`; `onDone` runs when its last byte has moved. */
  start(
    bytes: number,
    label: string,
    onDone: (flow: Flow) => void,
    capBytesPerSec = Infinity,
  ): Flow {
    assert(bytes >= 0, `${this.path}: flow ${label} of ${bytes} bytes`);
    assert(capBytesPerSec > 0, `${this.path}: flow ${label} cap ${capBytesPerSec}`);
    assert(
      this.#flows.length < this.#flowsMax,
      `${this.path}: more than ${this.#flowsMax} concurrent flows at ${this.#sim.nowUs}us`,
    );
    this.#settle();
    const flow: Flow = {
      id: this.#flowIdNext++,
      label,
      bytes,
      bytesRemaining: bytes,
      capBytesPerSec,
      rateBytesPerSec: 0,
      onDone,
      active: true,
    };
    this.#flows.push(flow);
    this.#reallocate();
    return flow;
  }

  /** Stops a flow without calling onDone (a cut link, a crashed node). */
  abort(flow: Flow): void {
    if (!flow.active) return;
    this.#settle();
    flow.active = false;
    this.#flows = this.#flows.filter((other) => other !== flow);
    this.#reallocate();
  }

  /** Aborts every flow (the node crashed). */
  abortAll(): void {
    this.#settle();
    for (const flow of this.#flows) flow.active = false;
    this.#flows = [];
    this.#reallocate();
  }

  /** Changes the capacity (a slow disk); progress so far is kept. */
  setBytesPerSec(bytesPerSec: number): void {
    assert(bytesPerSec > 0, `${this.path}: bytesPerSec ${bytesPerSec} must be > 0`);
    this.#settle();
    this.#bytesPerSec = bytesPerSec;
    this.#reallocate();
  }

  #settle(): void {
    const nowUs = this.#sim.nowUs;
    const elapsedUs = nowUs - this.#settledAtUs;
    if (elapsedUs <= 0) return;
    this.#settledAtUs = nowUs;
    if (this.#flows.length === 0) return;
    let rateTotal = 0;
    for (const flow of this.#flows) {
      const moved = Math.min(flow.bytesRemaining, (flow.rateBytesPerSec * elapsedUs) / US_PER_SEC);
      flow.bytesRemaining -= moved;
      this.#bytesDone += moved;
      rateTotal += flow.rateBytesPerSec;
    }
    this.#busyUs += elapsedUs;
    this.#utilisedUs += (elapsedUs * Math.min(rateTotal, this.#bytesPerSec)) / this.#bytesPerSec;
  }

  /** Max-min fair water-filling over the active flows, then one timer for the next completion. */
  #reallocate(): void {
    const flows = this.#flows;
    let capacityLeft = this.#bytesPerSec;
    let uncappedLeft = flows.length;
    const capped = flows.filter((flow) => flow.capBytesPerSec !== Infinity);
    const limited = new Set<Flow>();
    if (capped.length > 0) {
      capped.sort((a, b) => a.capBytesPerSec - b.capBytesPerSec || a.id - b.id);
      for (const flow of capped) {
        const share = capacityLeft / uncappedLeft;
        if (flow.capBytesPerSec >= share) break;
        flow.rateBytesPerSec = flow.capBytesPerSec;
        limited.add(flow);
        capacityLeft -= flow.capBytesPerSec;
        uncappedLeft--;
      }
    }
    const share = uncappedLeft > 0 ? capacityLeft / uncappedLeft : 0;
    let nextUs = Infinity;
    for (const flow of flows) {
      if (!limited.has(flow)) flow.rateBytesPerSec = share;
      const remainingUs = (flow.bytesRemaining * US_PER_SEC) / flow.rateBytesPerSec;
      if (remainingUs < nextUs) nextUs = remainingUs;
    }
    if (this.#timer !== null) this.#sim.cancel(this.#timer);
    this.#timer = null;
    if (flows.length === 0) return;
    const delayUs = Math.max(0, Math.ceil(nextUs - 1e-6));
    this.#timer = this.#sim.schedule(delayUs, this.path, () => this.#onCompletion());
  }

  #onCompletion(): void {
    this.#timer = null;
    this.#settle();
    const done: Flow[] = [];
    const remaining: Flow[] = [];
    for (const flow of this.#flows) {
      // Float residue: a flow within a nanosecond of its end is done.
      const finished = flow.bytesRemaining * 1e9 <= flow.rateBytesPerSec;
      (finished ? done : remaining).push(flow);
    }
    assert(done.length > 0, `${this.path}: completion timer with no finished flow`);
    this.#flows = remaining;
    for (const flow of done) {
      this.#bytesDone += flow.bytesRemaining;
      flow.bytesRemaining = 0;
      flow.active = false;
    }
    this.#reallocate();
    for (const flow of done) flow.onDone(flow);
  }
}
