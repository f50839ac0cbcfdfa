/**
 * A countdown latch: `onZero` runs once when every added party has arrived. It starts with one
 * party (the caller), so the caller adds parties while starting work and arrives last. `arrive`
 * is bound once, so it can be handed out as a callback without allocating a closure per use.
 */
import { assert } from './assert.ts';

export class Latch {
  readonly arrive: () => void;
  #pending = 1;
  readonly #onZero: () => void;

  constructor(onZero: () => void) {
    this.#onZero = onZero;
    this.arrive = this.#arriveOnce.bind(this);
  }

  get pending(): number {
    return this.#pending;
  }

  add(parties = 1): void {
    assert(this.#pending > 0, 'Latch.add after it reached zero');
    this.#pending += parties;
  }

  #arriveOnce(): void {
    assert(this.#pending > 0, 'Latch.arrive after it reached zero');
    this.#pending--;
    if (this.#pending === 0) this.#onZero();
  }
}
