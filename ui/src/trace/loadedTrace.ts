/**
 * A trace ready to replay: the document, its hash, columns as Float64Arrays (a JSON null, the
 * trace's gap, becomes NaN), events in time order with their times in one array for binary
 * search, and the scenario's shape. A class, so the immer store holds it by reference without
 * drafting or freezing its large arrays.
 */
import type { Trace, TraceEvent } from '../../../sim/trace/types.ts';
import { detailOf, type TraceDetail } from './detail.ts';
import { lastAtOrBefore } from './search.ts';
import { scenarioShape, type ScenarioShape } from './shape.ts';

export class LoadedTrace {
  readonly trace: Trace;
  readonly hash: string;
  /** Where it came from: a file name, a URL, or `scenario NAME` when run in the worker. */
  readonly source: string;
  readonly shape: ScenarioShape;
  readonly timeUs: Float64Array;
  readonly columns = new Map<string, Float64Array>();
  readonly events: TraceEvent[];
  readonly eventTimesUs: Float64Array;
  readonly startUs: number;
  readonly endUs: number;
  readonly detail: TraceDetail | null;

  constructor(trace: Trace, hash: string, source: string) {
    this.trace = trace;
    this.hash = hash;
    this.source = source;
    this.shape = scenarioShape(trace.scenario);
    this.timeUs = Float64Array.from(trace.series.timeUs);
    for (const [name, values] of Object.entries(trace.series.columns)) {
      const column = new Float64Array(values.length);
      for (let index = 0; index < values.length; index++) {
        const value = values[index];
        column[index] = typeof value === 'number' ? value : NaN;
      }
      this.columns.set(name, column);
    }
    this.events = sortedEvents(trace.events);
    this.eventTimesUs = Float64Array.from(this.events, (event) => event.atUs);
    this.detail = detailOf(trace);
    const lastSampleUs = this.timeUs[this.timeUs.length - 1] ?? 0;
    const lastEventUs = this.eventTimesUs[this.eventTimesUs.length - 1] ?? 0;
    const durationUs = (trace.scenario as { durationUs?: unknown } | null)?.durationUs;
    this.startUs = 0;
    this.endUs = Math.max(
      lastSampleUs,
      lastEventUs,
      typeof durationUs === 'number' ? durationUs : 0,
      1,
    );
  }

  get name(): string {
    return this.shape.name;
  }

  /** The index of the last event at or before timeUs, -1 when none. */
  eventIndexAt(timeUs: number): number {
    return lastAtOrBefore(this.eventTimesUs, timeUs);
  }

  /** The index of the last sample at or before timeUs, -1 when none. */
  sampleIndexAt(timeUs: number): number {
    return lastAtOrBefore(this.timeUs, timeUs);
  }

  columnNames(pattern: RegExp): string[] {
    return [...this.columns.keys()].filter((name) => pattern.test(name));
  }
}

/** Events by time; the recorder's order breaks ties (a stable sort keeps it). */
function sortedEvents(events: TraceEvent[]): TraceEvent[] {
  for (let index = 1; index < events.length; index++) {
    if ((events[index] as TraceEvent).atUs < (events[index - 1] as TraceEvent).atUs) {
      return [...events].sort((a, b) => a.atUs - b.atUs);
    }
  }
  return events;
}
