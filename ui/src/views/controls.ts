/**
 * Playback controls: play/pause, speed (1x to 1000x of virtual time), the clock (the playhead's
 * virtual time, data-testid="clock"), and a scrub bar over the whole trace with event markers
 * (one per pixel, the most severe kind there) and the compare mode's divergence markers.
 */
import * as d3 from 'd3';
import { formatTimeUs } from '../format.ts';
import { SPEEDS } from '../state/store.ts';
import type { LoadedTrace } from '../trace/loadedTrace.ts';

export interface ControlCallbacks {
  onPlay: () => void;
  onSpeed: (speed: number) => void;
  onSeek: (timeUs: number) => void;
  onResetZoom: () => void;
}

const SEVERITY = ['loss', 'fault', 'brokerState', 'brokerFenced', 'leaderChange', 'linkCut'];
const MARKER_COLOR: Record<string, string> = {
  loss: '#b10026',
  fault: '#d62728',
  brokerState: '#9467bd',
  brokerFenced: '#ff7f0e',
  leaderChange: '#1f77b4',
  linkCut: '#d62728',
  isrChange: '#bcbd22',
  rebalance: '#17becf',
};

const severity = (kind: string): number => {
  const index = SEVERITY.indexOf(kind);
  return index < 0 ? SEVERITY.length : index;
};

export class Controls {
  readonly #play: HTMLButtonElement;
  readonly #speed: HTMLSelectElement;
  readonly #clock: HTMLElement;
  readonly #scrub: HTMLInputElement;
  readonly #markers: d3.Selection<SVGSVGElement, unknown, null, undefined>;
  readonly #zoom: HTMLElement;
  readonly #resetZoom: HTMLButtonElement;

  constructor(root: HTMLElement, callbacks: ControlCallbacks) {
    const make = <K extends keyof HTMLElementTagNameMap>(tag: K, className: string) => {
      const element = root.appendChild(document.createElement(tag));
      element.className = className;
      return element;
    };
    this.#play = make('button', 'play');
    this.#play.dataset['testid'] = 'play';
    this.#play.addEventListener('click', callbacks.onPlay);
    this.#speed = make('select', 'speed');
    this.#speed.dataset['testid'] = 'speed';
    this.#speed.title = 'virtual seconds per second';
    for (const speed of SPEEDS) {
      const option = this.#speed.appendChild(document.createElement('option'));
      option.value = String(speed);
      option.textContent = `${speed}x`;
    }
    this.#speed.addEventListener('change', () => callbacks.onSpeed(Number(this.#speed.value)));
    this.#clock = make('output', 'clock');
    this.#clock.dataset['testid'] = 'clock';
    const scrubber = make('div', 'scrubber');
    this.#markers = d3.select(scrubber).append('svg').attr('class', 'scrub-markers');
    this.#scrub = scrubber.appendChild(document.createElement('input'));
    this.#scrub.type = 'range';
    this.#scrub.min = '0';
    this.#scrub.dataset['testid'] = 'scrub';
    this.#scrub.addEventListener('input', () => callbacks.onSeek(Number(this.#scrub.value)));
    this.#zoom = make('span', 'zoom-label');
    this.#resetZoom = make('button', 'reset-zoom');
    this.#resetZoom.textContent = 'Whole trace';
    this.#resetZoom.addEventListener('click', callbacks.onResetZoom);
  }

  setTrace(trace: LoadedTrace, divergenceUs: number[]): void {
    this.#scrub.max = String(trace.endUs);
    this.#scrub.step = '1000';
    const width = Math.max(100, this.#scrub.clientWidth);
    const x = d3.scaleLinear().domain([0, trace.endUs]).range([0, width]);
    const byPixel = new Map<number, string>();
    for (const event of trace.events) {
      const pixel = Math.floor(x(event.atUs));
      const known = byPixel.get(pixel);
      if (known === undefined || severity(event.kind) < severity(known)) {
        byPixel.set(pixel, event.kind);
      }
    }
    const svg = this.#markers.attr('width', width).attr('height', 10);
    svg
      .selectAll<SVGRectElement, [number, string]>('rect.event-marker')
      .data([...byPixel], ([pixel]) => pixel)
      .join('rect')
      .attr('class', 'event-marker')
      .attr('x', ([pixel]) => pixel)
      .attr('y', 0)
      .attr('width', 2)
      .attr('height', 10)
      .attr('fill', ([, kind]) => MARKER_COLOR[kind] ?? '#999');
    svg
      .selectAll('path.divergence-marker')
      .data(divergenceUs)
      .join('path')
      .attr('class', 'divergence-marker')
      .attr('d', (timeUs) => `M${x(timeUs)},10 l-4,-8 h8 z`);
  }

  render(playheadUs: number, playing: boolean, speed: number, zoom: [number, number] | null): void {
    this.#play.textContent = playing ? '❚❚ Pause' : '▶ Play';
    this.#play.setAttribute('aria-pressed', String(playing));
    this.#speed.value = String(speed);
    this.#clock.textContent = formatTimeUs(playheadUs);
    this.#clock.dataset['timeUs'] = String(playheadUs);
    this.#scrub.value = String(playheadUs);
    this.#zoom.textContent =
      zoom === null ? '' : `zoom ${formatTimeUs(zoom[0])} – ${formatTimeUs(zoom[1])}`;
    this.#resetZoom.disabled = zoom === null;
  }
}
