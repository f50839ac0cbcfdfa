/**
 * Playback: while playing, each animation frame advances the playhead by the wall time since the
 * previous frame times the speed. The only wall clock in the app. A frame does O(1) work here;
 * the views it wakes do binary searches, never a pass over all events.
 */
import { clampPlayhead, type Store } from './state/store.ts';

export class Player {
  readonly #store: Store;
  #frame = 0;
  #lastMs = 0;

  constructor(store: Store) {
    this.#store = store;
    store.subscribe((next, previous) => {
      if (next.playing && !previous.playing) this.#start();
    });
  }

  #start(): void {
    cancelAnimationFrame(this.#frame);
    this.#lastMs = performance.now();
    this.#frame = requestAnimationFrame((nowMs) => this.#tick(nowMs));
  }

  #tick(nowMs: number): void {
    const { state } = this.#store;
    if (!state.playing || state.primary === null) return;
    const elapsedMs = Math.max(0, nowMs - this.#lastMs);
    this.#lastMs = nowMs;
    const endUs = state.primary.endUs;
    const nextUs = clampPlayhead(state, state.playheadUs + elapsedMs * 1000 * state.speed);
    this.#store.update((draft) => {
      draft.playheadUs = nextUs;
      if (nextUs >= endUs) draft.playing = false;
    });
    if (this.#store.state.playing) {
      this.#frame = requestAnimationFrame((time) => this.#tick(time));
    }
  }
}
