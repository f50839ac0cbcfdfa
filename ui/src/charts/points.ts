/**
 * The points of one column to draw over a time window: the samples inside it (plus one each side
 * so lines reach the edges), cut to at most two points per pixel by keeping each pixel's minimum
 * and maximum, so a spike stays visible and a one-hour trace draws as fast as a one-minute one.
 * NaN (a sample with nothing to measure) stays, so lines show a gap.
 */
import { firstAtOrAfter, lastAtOrBefore } from '../trace/search.ts';

export type Point = [timeUs: number, value: number];

export function visiblePoints(
  timeUs: Float64Array,
  values: Float64Array,
  fromUs: number,
  toUs: number,
  widthPx: number,
): Point[] {
  const first = Math.max(0, lastAtOrBefore(timeUs, fromUs));
  const last = Math.min(timeUs.length - 1, firstAtOrAfter(timeUs, toUs));
  const count = last - first + 1;
  const points: Point[] = [];
  if (count <= 0) return points;
  const buckets = Math.max(1, Math.floor(widthPx));
  if (count <= buckets * 2) {
    for (let index = first; index <= last; index++) {
      points.push([timeUs[index] as number, values[index] as number]);
    }
    return points;
  }
  const perBucket = count / buckets;
  for (let bucket = 0; bucket < buckets; bucket++) {
    const start = first + Math.floor(bucket * perBucket);
    const end = Math.min(last + 1, first + Math.floor((bucket + 1) * perBucket));
    let minIndex = -1;
    let maxIndex = -1;
    for (let index = start; index < end; index++) {
      const value = values[index] as number;
      if (Number.isNaN(value)) continue;
      if (minIndex < 0 || value < (values[minIndex] as number)) minIndex = index;
      if (maxIndex < 0 || value > (values[maxIndex] as number)) maxIndex = index;
    }
    if (minIndex < 0) {
      points.push([timeUs[start] as number, NaN]);
      continue;
    }
    const [early, late] = minIndex <= maxIndex ? [minIndex, maxIndex] : [maxIndex, minIndex];
    points.push([timeUs[early] as number, values[early] as number]);
    if (late !== early) points.push([timeUs[late] as number, values[late] as number]);
  }
  return points;
}

/** The largest finite value (and the smallest positive one, for log scales) among points. */
export function extentOf(points: Point[]): { max: number; minPositive: number } {
  let max = -Infinity;
  let minPositive = Infinity;
  for (const [, value] of points) {
    if (!Number.isFinite(value)) continue;
    if (value > max) max = value;
    if (value > 0 && value < minPositive) minPositive = value;
  }
  return { max, minPositive };
}
