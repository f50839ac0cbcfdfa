/**
 * The space-time diagram of one partition over the trace's detail window: one vertical lane per
 * node (producers, then brokers, then consumers), time flowing down, a dot per request-level
 * event, and arrows joining the events of one request in time order: a send to its arrival on
 * the peer, an append to its response. A request is (client, requestId): each producer,
 * consumer and follower numbers its own requests. Starts at the playhead when it is
 * inside the window and shows at most EVENTS_SHOWN events. Without detail, it says how to get it.
 */
import * as d3 from 'd3';
import { formatTimeUs } from '../format.ts';
import type { DetailEvent } from '../trace/detail.ts';
import type { LoadedTrace } from '../trace/loadedTrace.ts';
import { firstAtOrAfter } from '../trace/search.ts';

export const EVENTS_SHOWN = 240;
const LANE_PX = 150;
const ROW_PX = 18;

const KIND_COLOR: Record<string, string> = {
  produceSend: '#1f77b4',
  produceArrive: '#1f77b4',
  leaderAppend: '#2ca02c',
  produceResponse: '#1f77b4',
  followerFetchSend: '#9467bd',
  followerFetchArrive: '#9467bd',
  followerAppend: '#2ca02c',
  hwAdvance: '#d62728',
  consumerFetchSend: '#ff7f0e',
  consumerFetchArrive: '#ff7f0e',
  consumerFetchResponse: '#ff7f0e',
};

export class SpaceTimeView {
  readonly #select: HTMLSelectElement;
  readonly #note: HTMLElement;
  readonly #svg: d3.Selection<SVGSVGElement, unknown, null, undefined>;
  readonly #onPartition: (partition: string) => void;
  #byPartition = new Map<string, DetailEvent[]>();
  #drawn = '';

  constructor(root: HTMLElement, onPartition: (partition: string) => void) {
    this.#onPartition = onPartition;
    const bar = root.appendChild(document.createElement('div'));
    bar.className = 'log-bar';
    bar.appendChild(document.createElement('h2')).textContent = 'Requests of one partition';
    this.#select = bar.appendChild(document.createElement('select'));
    this.#select.dataset['testid'] = 'detail-partition';
    this.#select.addEventListener('change', () => this.#onPartition(this.#select.value));
    this.#note = root.appendChild(document.createElement('p'));
    this.#note.className = 'detail-note';
    this.#svg = d3.select(root).append('svg').attr('class', 'space-time');
  }

  setTrace(trace: LoadedTrace): void {
    this.#byPartition = new Map();
    for (const event of trace.detail?.events ?? []) {
      const list = this.#byPartition.get(event.partition) ?? [];
      list.push(event);
      this.#byPartition.set(event.partition, list);
    }
    for (const list of this.#byPartition.values()) list.sort((a, b) => a.atUs - b.atUs);
    this.#select.replaceChildren();
    for (const partition of this.#byPartition.keys()) {
      const option = this.#select.appendChild(document.createElement('option'));
      option.value = partition;
      option.textContent = partition;
    }
    this.#select.hidden = this.#byPartition.size === 0;
    this.#drawn = '';
  }

  /** The partition to show when none is chosen: the one with the most events. */
  defaultPartition(): string | null {
    let best: string | null = null;
    let bestCount = -1;
    for (const [partition, list] of this.#byPartition) {
      if (list.length > bestCount) [best, bestCount] = [partition, list.length];
    }
    return best;
  }

  render(trace: LoadedTrace, partition: string | null, playheadUs: number): void {
    const detail = trace.detail;
    if (detail === null) {
      this.#note.textContent =
        'This trace has no request-level detail. Add `traceDetail: { from: 20s, to: 20.2s }` ' +
        'to the scenario, or run `kafkasim run SCENARIO --detail 20s-20.2s`, to record every ' +
        'produce, replica fetch and consumer fetch of a short window.';
      this.#svg.attr('height', 0).selectAll('*').remove();
      return;
    }
    const events = (partition === null ? undefined : this.#byPartition.get(partition)) ?? [];
    const times = Float64Array.from(events, (event) => event.atUs);
    const inside = playheadUs >= detail.fromUs && playheadUs <= detail.toUs;
    const first = inside ? Math.min(firstAtOrAfter(times, playheadUs), events.length - 1) : 0;
    const shown = events.slice(Math.max(0, first), Math.max(0, first) + EVENTS_SHOWN);
    const key = `${partition}:${first}:${shown.length}`;
    if (key === this.#drawn) return;
    this.#drawn = key;
    if (partition !== null) this.#select.value = partition;
    const dropped = detail.dropped > 0 ? `; ${detail.dropped} events past the bound not kept` : '';
    this.#note.textContent =
      `Detail window ${formatTimeUs(detail.fromUs)} – ${formatTimeUs(detail.toUs)}: ` +
      `${detail.events.length} events${dropped}. Showing ${shown.length} of ` +
      `${events.length} for ${partition ?? 'no partition'}` +
      (shown[0] === undefined ? '.' : `, from ${formatMicros(shown[0].atUs)}.`);
    this.#draw(shown);
  }

  #draw(events: DetailEvent[]): void {
    const lanes = laneOrder(events);
    const lane = new Map(lanes.map((node, index) => [node, index]));
    const svg = this.#svg;
    svg.selectAll('*').remove();
    if (events.length === 0) {
      svg.attr('height', 0);
      return;
    }
    const top = 36;
    const height = top + events.length * ROW_PX + 10;
    const width = 110 + lanes.length * LANE_PX + 120;
    svg.attr('width', width).attr('height', height);
    const defs = svg.append('defs');
    defs
      .append('marker')
      .attr('id', 'arrow')
      .attr('viewBox', '0 0 10 10')
      .attr('refX', 9)
      .attr('refY', 5)
      .attr('markerWidth', 7)
      .attr('markerHeight', 7)
      .attr('orient', 'auto-start-reverse')
      .append('path')
      .attr('d', 'M0,0 L10,5 L0,10 z');
    const x = (node: string): number => 110 + (lane.get(node) ?? 0) * LANE_PX + LANE_PX / 2;
    const y = (index: number): number => top + index * ROW_PX + ROW_PX / 2;
    const laneGroup = svg.append('g').attr('class', 'lanes');
    for (const node of lanes) {
      laneGroup
        .append('line')
        .attr('class', 'lane')
        .attr('x1', x(node))
        .attr('x2', x(node))
        .attr('y1', top - 6)
        .attr('y2', height - 4);
      laneGroup
        .append('text')
        .attr('class', 'lane-name')
        .attr('x', x(node))
        .attr('y', 16)
        .text(node);
    }
    // Rows are one per event, in time order: equal gaps keep bursts readable.
    const rowOf = new Map(events.map((event, index) => [event, index]));
    const arrows = svg.append('g').attr('class', 'arrows');
    const byRequest = d3.group(events, (event) => `${clientOf(event)}/${event.requestId}`);
    for (const steps of byRequest.values()) {
      for (let index = 1; index < steps.length; index++) {
        const from = steps[index - 1] as DetailEvent;
        const to = steps[index] as DetailEvent;
        arrows
          .append('line')
          .attr('class', from.node === to.node ? 'step local' : 'step message')
          .attr('x1', x(from.node))
          .attr('y1', y(rowOf.get(from) ?? 0))
          .attr('x2', x(to.node))
          .attr('y2', y(rowOf.get(to) ?? 0))
          .attr('marker-end', from.node === to.node ? null : 'url(#arrow)');
      }
    }
    const dots = svg
      .append('g')
      .attr('class', 'dots')
      .selectAll('g')
      .data(events)
      .join('g')
      .attr('class', 'detail-event')
      .attr('data-kind', (event) => event.kind)
      .attr('transform', (event, index) => `translate(${x(event.node)},${y(index)})`);
    dots
      .append('circle')
      .attr('r', 4)
      .attr('fill', (event) => KIND_COLOR[event.kind] ?? '#555');
    dots
      .append('text')
      .attr('x', 7)
      .attr('y', 4)
      .text((event) => `${event.kind}${event.offsets ? ` ${offsetsText(event)}` : ''}`);
    dots.append('title').text((event) => eventTitle(event));
    svg
      .append('g')
      .attr('class', 'times')
      .selectAll('text')
      .data(events)
      .join('text')
      .attr('x', 4)
      .attr('y', (_, index) => y(index) + 4)
      .text((event) => formatMicros(event.atUs));
  }
}

/** The client that numbered the event's request: the sender of a request, else the peer. */
export function clientOf(event: DetailEvent): string {
  const atClient = event.kind.endsWith('Send') || event.kind === 'followerAppend';
  return atClient ? event.node : (event.peer ?? '');
}

/** Offsets are [from, end): `[100–149]` for records, `@150` for a fetch position, `HW 150`. */
export function offsetsText(event: DetailEvent): string {
  if (event.offsets === undefined) return '';
  const [from, end] = event.offsets;
  if (event.kind === 'hwAdvance') return `HW ${end}`;
  if (end <= from) return `@${from}`;
  return end - from === 1 ? `[${from}]` : `[${from}–${end - 1}]`;
}

function eventTitle(event: DetailEvent): string {
  const peer = event.peer === undefined ? '' : ` ↔ ${event.peer}`;
  return (
    `${formatMicros(event.atUs)} ${event.kind} at ${event.node}${peer}, request ` +
    `${event.requestId}${event.offsets ? `, offsets ${offsetsText(event)}` : ''}`
  );
}

/** `20.000125 s`: the diagram's events are microseconds apart. */
function formatMicros(timeUs: number): string {
  return `${(timeUs / 1e6).toFixed(6)} s`;
}

/** Producers (nodes that send produce requests), brokers, then everything else. */
function laneOrder(events: DetailEvent[]): string[] {
  const nodes = new Set<string>();
  for (const event of events) {
    nodes.add(event.node);
    if (event.peer !== undefined) nodes.add(event.peer);
  }
  const producers = new Set(
    events.filter((event) => event.kind === 'produceSend').map((event) => event.node),
  );
  const rank = (node: string): number =>
    producers.has(node) ? 0 : /^broker-\d+$/.test(node) ? 1 : 2;
  return [...nodes].sort((a, b) => rank(a) - rank(b) || (a < b ? -1 : a > b ? 1 : 0));
}
