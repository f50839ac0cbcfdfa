/**
 * The app's state, changed only through update(recipe) with immer: the loaded trace and the one
 * it is compared with (class instances, held by reference, never drafted), the playhead in
 * virtual µs, play state and speed, the zoomed time window, and the load status. Views subscribe
 * and redraw what changed between the previous and the next state.
 */
import { produce, type Draft } from 'immer';
import type { LoadedTrace } from '../trace/loadedTrace.ts';

export const SPEEDS = [1, 2, 5, 10, 20, 50, 100, 200, 500, 1000] as const;

export interface ViewState {
  primary: LoadedTrace | null;
  compare: LoadedTrace | null;
  playheadUs: number;
  playing: boolean;
  /** Virtual seconds per wall-clock second. */
  speed: number;
  /** The time window the charts show; null: the whole trace. */
  zoom: [number, number] | null;
  /** The partition the space-time diagram shows. */
  detailPartition: string | null;
  status: string;
  error: string | null;
}

export type Listener = (next: ViewState, previous: ViewState) => void;

export const initialState: ViewState = {
  primary: null,
  compare: null,
  playheadUs: 0,
  playing: false,
  speed: 10,
  zoom: null,
  detailPartition: null,
  status: 'No trace loaded',
  error: null,
};

export class Store {
  #state: ViewState;
  readonly #listeners: Listener[] = [];

  constructor(state: ViewState = initialState) {
    this.#state = state;
  }

  get state(): ViewState {
    return this.#state;
  }

  update(recipe: (draft: Draft<ViewState>) => void): void {
    const previous = this.#state;
    const next = produce(previous, recipe);
    if (next === previous) return;
    this.#state = next;
    for (const listener of this.#listeners) listener(next, previous);
  }

  subscribe(listener: Listener): void {
    this.#listeners.push(listener);
  }
}

/** The playhead clamped to the trace, for every writer of playheadUs. */
export function clampPlayhead(state: Pick<ViewState, 'primary'>, timeUs: number): number {
  const endUs = state.primary?.endUs ?? 0;
  return Math.min(Math.max(0, Math.round(timeUs)), endUs);
}

/** A new primary trace: playhead at 0, zoom and play state reset. */
export function withPrimary(draft: Draft<ViewState>, trace: LoadedTrace): void {
  draft.primary = trace as Draft<LoadedTrace>;
  draft.playheadUs = 0;
  draft.playing = false;
  draft.zoom = null;
  draft.detailPartition = null;
  draft.error = null;
  draft.status = `Loaded ${trace.source}`;
}
