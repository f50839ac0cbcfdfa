/**
 * Where two traces diverge. Reported: the first sample time at which any column differs at all
 * (a gap equals only a gap) and the first event that differs. Marked on the timeline: that first
 * difference, the start of each lasting significant difference of a column, and each event one
 * trace has and the other has not. Samples are matched by time, so traces with different steps
 * compare too. Markers closer than mergeUs are merged, and their number is bounded.
 */
import type { TraceEvent } from '../../../sim/trace/types.ts';
import type { LoadedTrace } from '../trace/loadedTrace.ts';

export const DIVERGENCE_MARKERS_MAX = 200;

export interface Divergence {
  /** Times (µs) to mark on the scrub bar: every column's and the events', merged and sorted. */
  markersUs: number[];
  /** Per column: its first difference and the starts of its lasting significant differences. */
  columnMarkersUs: Map<string, number[]>;
  /** The first sample time at which any column differs, with the columns that do there. */
  firstSample: { atUs: number; columns: string[] } | null;
  /** The first event that differs, by index in time order; null when the lists are equal. */
  firstEvent: { index: number; atUs: number } | null;
  columnsCompared: number;
}

const same = (a: number, b: number): boolean =>
  a === b || (Number.isNaN(a) && Number.isNaN(b)) || Math.abs(a - b) <= 1e-9 * Math.abs(a);

export function divergence(a: LoadedTrace, b: LoadedTrace, mergeUs: number): Divergence {
  const starts: number[] = [];
  let firstSample: Divergence['firstSample'] = null;
  let compared = 0;
  const columnMarkersUs = new Map<string, number[]>();
  for (const [name, left] of a.columns) {
    const right = b.columns.get(name);
    if (right === undefined) continue;
    compared++;
    const pairs = alignedPairs(a, b, left, right);
    const marks = significantStarts(pairs);
    for (const [timeUs, x, y] of pairs) {
      if (same(x, y)) continue;
      marks.push(timeUs);
      if (firstSample === null || timeUs < firstSample.atUs) {
        firstSample = { atUs: timeUs, columns: [name] };
      } else if (timeUs === firstSample.atUs) {
        firstSample.columns.push(name);
      }
      break;
    }
    if (marks.length > 0) columnMarkersUs.set(name, merged(marks, mergeUs));
    starts.push(...marks);
  }
  const firstEvent = firstDifferentEvent(a.events, b.events);
  starts.push(...unmatchedEventTimes(a.events, b.events));
  return {
    markersUs: merged(starts, mergeUs),
    columnMarkersUs,
    firstSample,
    firstEvent,
    columnsCompared: compared,
  };
}

/** [timeUs, a, b] for every sample time both traces have. */
function alignedPairs(
  a: LoadedTrace,
  b: LoadedTrace,
  left: Float64Array,
  right: Float64Array,
): Array<[number, number, number]> {
  const pairs: Array<[number, number, number]> = [];
  for (let index = 0; index < a.timeUs.length; index++) {
    const timeUs = a.timeUs[index] as number;
    const other = b.sampleIndexAt(timeUs);
    if (other < 0 || b.timeUs[other] !== timeUs) continue;
    pairs.push([timeUs, left[index] as number, right[other] as number]);
  }
  return pairs;
}

/**
 * Starts of runs of at least RUN_SAMPLES samples where the two values differ by more than 10% of
 * the larger and 2% of the column's largest value (or one is a gap and the other not): sampling
 * noise between seeds stays unmarked, a real change is marked once where it begins.
 */
const RUN_SAMPLES = 3;

function significantStarts(pairs: Array<[number, number, number]>): number[] {
  let columnMax = 0;
  for (const [, x, y] of pairs) {
    if (Number.isFinite(x)) columnMax = Math.max(columnMax, Math.abs(x));
    if (Number.isFinite(y)) columnMax = Math.max(columnMax, Math.abs(y));
  }
  const starts: number[] = [];
  let runStart = -1;
  let runLength = 0;
  for (const [timeUs, x, y] of pairs) {
    const gap = Number.isNaN(x) !== Number.isNaN(y);
    const difference = Math.abs(x - y);
    const significant =
      gap ||
      (difference > 0.1 * Math.max(Math.abs(x), Math.abs(y)) && difference > 0.02 * columnMax);
    if (!significant) {
      runLength = 0;
      continue;
    }
    if (runLength === 0) runStart = timeUs;
    runLength++;
    if (runLength === RUN_SAMPLES) starts.push(runStart);
  }
  return starts;
}

/** Times of events one trace has and the other has not (same kind, entity and message). */
function unmatchedEventTimes(left: readonly TraceEvent[], right: readonly TraceEvent[]): number[] {
  const key = (event: TraceEvent): string =>
    `${event.kind}\u0000${event.entity}\u0000${event.message}`;
  const counts = new Map<string, number>();
  for (const event of right) counts.set(key(event), (counts.get(key(event)) ?? 0) + 1);
  const times: number[] = [];
  for (const event of left) {
    const count = counts.get(key(event)) ?? 0;
    if (count > 0) counts.set(key(event), count - 1);
    else times.push(event.atUs);
  }
  const leftCounts = new Map<string, number>();
  for (const event of left) leftCounts.set(key(event), (leftCounts.get(key(event)) ?? 0) + 1);
  for (const event of right) {
    const count = leftCounts.get(key(event)) ?? 0;
    if (count > 0) leftCounts.set(key(event), count - 1);
    else times.push(event.atUs);
  }
  return times;
}

function firstDifferentEvent(
  left: readonly TraceEvent[],
  right: readonly TraceEvent[],
): Divergence['firstEvent'] {
  const count = Math.min(left.length, right.length);
  for (let index = 0; index < count; index++) {
    const a = left[index] as TraceEvent;
    const b = right[index] as TraceEvent;
    if (
      a.atUs !== b.atUs ||
      a.kind !== b.kind ||
      a.entity !== b.entity ||
      a.message !== b.message
    ) {
      return { index, atUs: Math.min(a.atUs, b.atUs) };
    }
  }
  if (left.length === right.length) return null;
  const longer = left.length > right.length ? left : right;
  return { index: count, atUs: (longer[count] as TraceEvent).atUs };
}

/** Sorted, with times closer than mergeUs to the previous kept marker dropped, bounded. */
function merged(times: number[], mergeUs: number): number[] {
  const sorted = [...times].sort((x, y) => x - y);
  const kept: number[] = [];
  for (const timeUs of sorted) {
    const last = kept[kept.length - 1];
    if (last !== undefined && timeUs - last < mergeUs) continue;
    kept.push(timeUs);
    if (kept.length >= DIVERGENCE_MARKERS_MAX) break;
  }
  return kept;
}
