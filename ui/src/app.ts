/**
 * Wires the replay together: one Store, one Player, and the views, all driven by the playhead.
 * Heavy derivations happen once per trace (ClusterTimeline checkpoints, chart specs, divergence);
 * a frame does binary searches and moves lines. Also the trace entry points: a File, a URL, or a
 * trace handed over by the scenario panel's worker run.
 */
import type { Trace } from '../../sim/trace/types.ts';
import { TimelineChart } from './charts/timelineChart.ts';
import { chartSpecs } from './charts/specs.ts';
import { ClusterTimeline } from './state/clusterAt.ts';
import { divergence, type Divergence } from './state/divergence.ts';
import { clampPlayhead, Store, withPrimary, type ViewState } from './state/store.ts';
import { Player } from './player.ts';
import { loadTraceFile, loadTraceUrl } from './trace/load.ts';
import { LoadedTrace } from './trace/loadedTrace.ts';
import { ClusterView } from './views/clusterView.ts';
import { Controls } from './views/controls.ts';
import { EventLog } from './views/eventLog.ts';
import { Header } from './views/header.ts';
import { SpaceTimeView } from './views/spaceTime.ts';

/** While playing, legends, cluster view and log redraw on every 4th frame (15 a second at 60). */
const SLOW_EVERY = 4;

export interface AppElements {
  header: HTMLElement;
  controls: HTMLElement;
  charts: HTMLElement;
  cluster: HTMLElement;
  events: HTMLElement;
  spaceTime: HTMLElement;
}

export class ReplayApp {
  readonly store = new Store();
  readonly #elements: AppElements;
  readonly #header: Header;
  readonly #controls: Controls;
  readonly #cluster: ClusterView;
  readonly #log: EventLog;
  readonly #spaceTime: SpaceTimeView;
  #charts: TimelineChart[] = [];
  #timeline: ClusterTimeline | null = null;
  #clusterShown = -2;
  #divergence: Divergence | null = null;
  /** Frames while playing: legends, the cluster view and the log redraw every SLOW_EVERY-th. */
  #frame = 0;
  /** Wall-clock ms the last trace took from text to drawn (loadMs in the page's dataset). */
  loadStartedMs = 0;

  constructor(elements: AppElements) {
    this.#elements = elements;
    new Player(this.store);
    const seek = (timeUs: number): void =>
      this.store.update((draft) => {
        draft.playheadUs = clampPlayhead(draft, timeUs);
      });
    this.#header = new Header(elements.header, {
      onOpen: (file) => void this.#load(() => loadTraceFile(file), false),
      onCompare: (file) => void this.#load(() => loadTraceFile(file), true),
      onCloseCompare: () => this.store.update((draft) => void (draft.compare = null)),
    });
    this.#controls = new Controls(elements.controls, {
      onPlay: () => this.togglePlay(),
      onSpeed: (speed) => this.store.update((draft) => void (draft.speed = speed)),
      onSeek: seek,
      onResetZoom: () => this.store.update((draft) => void (draft.zoom = null)),
    });
    this.#cluster = new ClusterView(elements.cluster);
    this.#log = new EventLog(elements.events, seek);
    this.#spaceTime = new SpaceTimeView(elements.spaceTime, (partition) =>
      this.store.update((draft) => void (draft.detailPartition = partition)),
    );
    this.store.subscribe((next, previous) => this.#render(next, previous));
    let width = 0;
    new ResizeObserver(() => {
      if (elements.charts.clientWidth === width) return;
      width = elements.charts.clientWidth;
      this.#drawCharts(this.store.state);
    }).observe(elements.charts);
    this.#render(this.store.state, null);
  }

  togglePlay(): void {
    this.store.update((draft) => {
      if (draft.primary === null) return;
      if (!draft.playing && draft.playheadUs >= draft.primary.endUs) draft.playheadUs = 0;
      draft.playing = !draft.playing;
    });
  }

  loadUrl(url: string, asCompare: boolean): Promise<void> {
    return this.#load(() => loadTraceUrl(url), asCompare);
  }

  /** The scenario panel's hand-over: a trace computed in the worker, with its hash. */
  showTrace(trace: Trace, traceHash: string, source: string): void {
    this.loadStartedMs = performance.now();
    const loaded = new LoadedTrace(trace, traceHash, source);
    this.store.update((draft) => withPrimary(draft, loaded));
  }

  async #load(read: () => Promise<LoadedTrace>, asCompare: boolean): Promise<void> {
    this.loadStartedMs = performance.now();
    this.store.update((draft) => {
      draft.status = 'Loading…';
      draft.error = null;
    });
    try {
      const loaded = await read();
      this.store.update((draft) => {
        if (asCompare && draft.primary !== null) {
          draft.compare = loaded as typeof draft.compare;
          draft.status = `Comparing with ${loaded.source}`;
        } else {
          withPrimary(draft, loaded);
        }
      });
    } catch (error) {
      this.store.update((draft) => void (draft.error = (error as Error).message));
    }
  }

  #render(next: ViewState, previous: ViewState | null): void {
    // Shown before drawing: charts take their width from the laid-out page.
    document.body.classList.toggle('empty', next.primary === null);
    const primaryChanged = previous === null || next.primary !== previous.primary;
    const compareChanged = previous === null || next.compare !== previous.compare;
    if (primaryChanged && next.primary !== null) this.#setPrimary(next.primary);
    if ((primaryChanged || compareChanged) && next.primary !== null) {
      const mergeUs = next.primary.endUs / 400;
      this.#divergence =
        next.compare === null ? null : divergence(next.primary, next.compare, mergeUs);
      this.#controls.setTrace(next.primary, this.#divergence?.markersUs ?? []);
    }
    if (primaryChanged || compareChanged || next.zoom !== previous?.zoom) this.#drawCharts(next);
    this.#header.render(next.primary, next.compare, this.#divergence, next.status, next.error);
    this.#controls.render(next.playheadUs, next.playing, next.speed, next.zoom);
    if (next.primary === null) return;
    const later = next.playing && this.#frame++ % SLOW_EVERY !== 0;
    for (const chart of this.#charts) chart.setPlayhead(next.playheadUs, next.primary, later);
    if (!later) {
      this.#renderCluster(next.primary, next.playheadUs);
      this.#log.setPlayhead(next.playheadUs, true);
    }
    this.#cluster.setTime(next.playheadUs);
    const partition = next.detailPartition ?? this.#spaceTime.defaultPartition();
    this.#spaceTime.render(next.primary, partition, next.playheadUs);
    if (primaryChanged) {
      const loadMs = performance.now() - this.loadStartedMs;
      document.body.dataset['loadMs'] = loadMs.toFixed(0);
      document.body.dataset['loadedHash'] = next.primary.hash;
    }
  }

  #setPrimary(trace: LoadedTrace): void {
    this.#timeline = new ClusterTimeline(trace.shape, trace.events);
    this.#clusterShown = -2;
    for (const chart of this.#charts) chart.remove();
    this.#charts = chartSpecs(trace).map(
      (spec) =>
        new TimelineChart(this.#elements.charts, spec, {
          onZoom: (range) => this.store.update((draft) => void (draft.zoom = range)),
          onSeek: (timeUs) =>
            this.store.update((draft) => void (draft.playheadUs = clampPlayhead(draft, timeUs))),
        }),
    );
    this.#log.setTrace(trace);
    this.#spaceTime.setTrace(trace);
    document.title = `${trace.name} – kafkasim replay`;
  }

  #renderCluster(trace: LoadedTrace, playheadUs: number): void {
    const index = trace.eventIndexAt(playheadUs);
    if (this.#timeline === null || index === this.#clusterShown) return;
    this.#clusterShown = index;
    this.#cluster.render(this.#timeline.afterEvent(index, playheadUs));
  }

  #drawCharts(state: ViewState): void {
    const primary = state.primary;
    if (primary === null) return;
    const endUs = Math.max(primary.endUs, state.compare?.endUs ?? 0);
    const domainUs = state.zoom ?? [0, endUs];
    const faultTimesUs = primary.events
      .filter((event) => event.kind === 'fault')
      .map((event) => ({ atUs: event.atUs, label: event.message }));
    this.#charts.forEach((chart, index) => {
      chart.draw({
        primary,
        compare: state.compare,
        domainUs,
        faultTimesUs,
        divergenceUs: this.#divergence?.columnMarkersUs ?? new Map(),
        showAxis: index === this.#charts.length - 1,
      });
      chart.setPlayhead(state.playheadUs, primary);
    });
  }
}
