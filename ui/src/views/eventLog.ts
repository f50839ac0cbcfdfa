/**
 * The event log, synced to the playhead: the last event at or before it is highlighted and kept
 * in view while playing; clicking a row moves the playhead to that event. A kind filter narrows
 * it. Only the rows in view exist in the DOM (fixed row height), so 200,000 events scroll as
 * fast as 20. Messages are trace strings: textContent only.
 */
import type { TraceEvent } from '../../../sim/trace/types.ts';
import { formatTimeUs } from '../format.ts';
import type { LoadedTrace } from '../trace/loadedTrace.ts';
import { lastAtOrBefore } from '../trace/search.ts';

const ROW_PX = 22;

export class EventLog {
  readonly #viewport: HTMLElement;
  readonly #spacer: HTMLElement;
  readonly #rows: HTMLElement;
  readonly #filter: HTMLSelectElement;
  readonly #note: HTMLElement;
  readonly #onJump: (timeUs: number) => void;
  #trace: LoadedTrace | null = null;
  /** Indexes into trace.events of the rows shown (all, or one kind). */
  #shown: number[] = [];
  #shownTimesUs = new Float64Array(0);
  #current = -1;
  #drawn = '';
  /** The viewport's scroll position and height, kept here so a frame never forces a layout. */
  #scrollTop = 0;
  #height = 240;

  constructor(root: HTMLElement, onJump: (timeUs: number) => void) {
    this.#onJump = onJump;
    const bar = root.appendChild(document.createElement('div'));
    bar.className = 'log-bar';
    bar.appendChild(document.createElement('h2')).textContent = 'Events';
    this.#filter = bar.appendChild(document.createElement('select'));
    this.#filter.dataset['testid'] = 'event-filter';
    this.#filter.addEventListener('change', () => this.#applyFilter());
    this.#note = bar.appendChild(document.createElement('span'));
    this.#note.className = 'log-note';
    this.#viewport = root.appendChild(document.createElement('div'));
    this.#viewport.className = 'log-viewport';
    this.#viewport.dataset['testid'] = 'event-log';
    this.#spacer = this.#viewport.appendChild(document.createElement('div'));
    this.#spacer.className = 'log-spacer';
    this.#rows = this.#spacer.appendChild(document.createElement('div'));
    this.#rows.className = 'log-rows';
    this.#viewport.addEventListener('scroll', () => {
      this.#scrollTop = this.#viewport.scrollTop;
      this.#draw();
    });
    new ResizeObserver(() => {
      this.#height = this.#viewport.clientHeight;
      this.#drawn = '';
      this.#draw();
    }).observe(this.#viewport);
    this.#rows.addEventListener('click', (event) => {
      const row = (event.target as HTMLElement).closest<HTMLElement>('.log-row');
      const index = Number(row?.dataset['index']);
      const entry = this.#trace?.events[index];
      if (entry !== undefined) this.#onJump(entry.atUs);
    });
  }

  setTrace(trace: LoadedTrace): void {
    this.#trace = trace;
    const kinds = [...new Set(trace.events.map((event) => event.kind))].sort();
    this.#filter.replaceChildren();
    for (const kind of ['', ...kinds]) {
      const option = this.#filter.appendChild(document.createElement('option'));
      option.value = kind;
      option.textContent = kind === '' ? `all kinds (${trace.events.length})` : kind;
    }
    const dropped = trace.trace.eventsDropped;
    this.#note.textContent =
      dropped > 0 ? `${dropped} more events were not kept (the trace's bound)` : '';
    this.#applyFilter();
  }

  #applyFilter(): void {
    const events = this.#trace?.events ?? [];
    const kind = this.#filter.value;
    this.#shown = [];
    events.forEach((event, index) => {
      if (kind === '' || event.kind === kind) this.#shown.push(index);
    });
    this.#shownTimesUs = Float64Array.from(
      this.#shown,
      (index) => (events[index] as TraceEvent).atUs,
    );
    this.#spacer.style.height = `${this.#shown.length * ROW_PX}px`;
    this.#current = -2;
    this.#drawn = '';
    this.#draw();
  }

  /** Highlights the last shown event at or before timeUs; keeps it in view if follow. */
  setPlayhead(timeUs: number, follow: boolean): void {
    if (this.#trace === null) return;
    const row = lastAtOrBefore(this.#shownTimesUs, timeUs);
    if (row === this.#current) return;
    this.#current = row;
    if (follow && row >= 0) {
      const top = row * ROW_PX;
      if (top < this.#scrollTop || top + ROW_PX > this.#scrollTop + this.#height) {
        this.#scrollTop = Math.max(0, top - this.#height / 2);
        this.#viewport.scrollTop = this.#scrollTop;
      }
    }
    this.#drawn = '';
    this.#draw();
  }

  #draw(): void {
    const trace = this.#trace;
    if (trace === null) return;
    const first = Math.max(0, Math.floor(this.#scrollTop / ROW_PX) - 5);
    const last = Math.min(this.#shown.length, first + Math.ceil(this.#height / ROW_PX) + 10);
    const key = `${first}:${last}:${this.#current}`;
    if (key === this.#drawn) return;
    this.#drawn = key;
    this.#rows.style.transform = `translateY(${first * ROW_PX}px)`;
    const rows: HTMLElement[] = [];
    for (let row = first; row < last; row++) {
      const index = this.#shown[row] as number;
      const event = trace.events[index] as TraceEvent;
      const element = document.createElement('div');
      element.className = row === this.#current ? 'log-row current' : 'log-row';
      element.dataset['index'] = String(index);
      element.dataset['kind'] = event.kind;
      const time = element.appendChild(document.createElement('span'));
      time.className = 'log-time';
      time.textContent = formatTimeUs(event.atUs);
      const kind = element.appendChild(document.createElement('span'));
      kind.className = `log-kind kind-${event.kind.replace(/[^a-zA-Z]/g, '')}`;
      kind.textContent = event.kind;
      const message = element.appendChild(document.createElement('span'));
      message.className = 'log-message';
      message.textContent = event.message;
      rows.push(element);
    }
    this.#rows.replaceChildren(...rows);
  }
}
