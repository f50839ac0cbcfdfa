/**
 * Charts for the HTML report, drawn when the report is written as inline SVG (no script, no
 * network, nothing measured in a browser), so the same data gives the same bytes: a time chart
 * (lines over virtual time, shaded periods, vertical markers) and a scatter chart. Coordinates are
 * printed with one decimal, labels with locale-free formatting. Long series are reduced to at
 * most POINTS_MAX points per line, keeping the largest value of each bucket so spikes stay
 * visible. Every text passes through escapeHtml.
 */
import { escapeHtml } from './htmlPage.ts';
import { formatFixed } from './table.ts';

export const POINTS_MAX = 1000;
const WIDTH = 760;
const HEIGHT = 240;
const MARGIN = { left: 64, right: 16, top: 28, bottom: 36 };
export const PALETTE = [
  '#1f77b4',
  '#d62728',
  '#2ca02c',
  '#ff7f0e',
  '#9467bd',
  '#8c564b',
  '#e377c2',
  '#17becf',
];

export interface Line {
  name: string;
  /** NaN or null: no value (the pen is lifted). */
  values: readonly (number | null)[];
  /** The line's own times, when they are not the chart's (overlaid runs of other lengths). */
  timeS?: readonly number[];
}

export interface Period {
  fromS: number;
  toS: number;
  label: string;
}

export interface Marker {
  atS: number;
  label: string;
}

export interface TimeChart {
  id: string;
  title: string;
  unit: string;
  timeS: readonly number[];
  lines: readonly Line[];
  periods?: readonly Period[];
  markers?: readonly Marker[];
  /** A fixed top of the y axis (e.g. 100 for percent). */
  yMax?: number;
  /** A logarithmic y axis (decades), for latencies whose spikes would flatten the rest. */
  yLog?: boolean;
}

/** A round step (1, 2 or 5 times a power of ten) giving about `count` ticks over `span`. */
export function niceStep(span: number, count: number): number {
  const raw = span > 0 ? span / count : 1;
  let magnitude = 1;
  while (magnitude * 10 <= raw) magnitude *= 10;
  while (magnitude > raw) magnitude /= 10;
  for (const factor of [1, 2, 5, 10]) if (magnitude * factor >= raw) return magnitude * factor;
  return magnitude * 10;
}

function decimalsOf(step: number): number {
  let decimals = 0;
  let scaled = step;
  while (decimals < 6 && Math.abs(scaled - Math.round(scaled)) > 1e-9) {
    decimals += 1;
    scaled *= 10;
  }
  return decimals;
}

function ticks(max: number, count: number, min = 0): { values: number[]; decimals: number } {
  const step = niceStep(max - min, count);
  const values: number[] = [];
  const first = Math.ceil(min / step - 1e-9);
  for (let index = first; index * step <= max * (1 + 1e-9) + 1e-9; index += 1) {
    values.push(index * step);
  }
  return { values, decimals: decimalsOf(step) };
}

/** A range around the values with a margin, so points do not sit on the axes. */
function padded(values: readonly number[]): { min: number; max: number } {
  const low = Math.min(...values);
  const high = Math.max(...values);
  const pad = high > low ? (high - low) * 0.15 : Math.max(Math.abs(high) * 0.05, 1e-3);
  return { min: Math.max(0, low - pad), max: high + pad };
}

const fixed = (value: number): string => value.toFixed(1);

/**
 * Indices of at most POINTS_MAX buckets and each bucket's largest value; a bucket without a
 * number (NaN, or null from a parsed trace: a sample with nothing to measure) gives NaN, a gap.
 */
export function reduce(values: readonly (number | null)[]): { index: number; value: number }[] {
  const bucket = Math.max(1, Math.ceil(values.length / POINTS_MAX));
  const points: { index: number; value: number }[] = [];
  for (let start = 0; start < values.length; start += bucket) {
    let best = -1;
    for (let index = start; index < Math.min(values.length, start + bucket); index += 1) {
      const value = values[index];
      if (!Number.isFinite(value)) continue;
      if (best < 0 || (value as number) > (values[best] as number)) best = index;
    }
    points.push(
      best < 0
        ? { index: start, value: Number.NaN }
        : { index: best, value: values[best] as number },
    );
  }
  return points;
}

/** An SVG path through the points, lifting the pen over gaps (NaN values). */
function pathData(points: Array<{ x: number; y: number }>): string {
  let data = '';
  let penDown = false;
  for (const point of points) {
    if (!Number.isFinite(point.y)) {
      penDown = false;
      continue;
    }
    data += `${penDown ? 'L' : 'M'}${fixed(point.x)},${fixed(point.y)}`;
    penDown = true;
  }
  return data;
}

function frame(id: string, title: string, body: string[], legend: string): string {
  return [
    `<figure class="chart" id="${escapeHtml(id)}">`,
    `<svg class="chart-svg" viewBox="0 0 ${WIDTH} ${HEIGHT}" width="${WIDTH}" height="${HEIGHT}"` +
      ` role="img" aria-label="${escapeHtml(title)}">`,
    `<text class="chart-title" x="${WIDTH / 2}" y="14" text-anchor="middle">` +
      `${escapeHtml(title)}</text>`,
    ...body,
    '</svg>',
    legend,
    '</figure>',
  ].join('\n');
}

/** Past the palette's colours, lines are dashed (and their legend swatches striped). */
const dashed = (index: number): boolean => index >= PALETTE.length;

function legendOf(names: readonly string[]): string {
  const items = names.map((name, index) => {
    const colour = PALETTE[index % PALETTE.length] as string;
    const background = dashed(index)
      ? `repeating-linear-gradient(90deg,${colour} 0 4px,transparent 4px 6px)`
      : colour;
    return `<span><i style="background:${background}"></i>${escapeHtml(name)}</span>`;
  });
  return `<figcaption class="legend">${items.join(' ')}</figcaption>`;
}

function axes(
  xTicks: Ticks,
  yTicks: Ticks,
  x: (value: number) => number,
  y: (value: number) => number,
  labels: { x: string; y: string },
): string[] {
  const parts: string[] = [];
  const bottom = HEIGHT - MARGIN.bottom;
  for (const [index, value] of yTicks.values.entries()) {
    parts.push(
      `<line class="grid" x1="${MARGIN.left}" x2="${WIDTH - MARGIN.right}"` +
        ` y1="${fixed(y(value))}"` +
        ` y2="${fixed(y(value))}"/>`,
      `<text class="tick" x="${MARGIN.left - 6}" y="${fixed(y(value) + 4)}" text-anchor="end">` +
        `${yTicks.labels?.[index] ?? formatFixed(value, yTicks.decimals)}</text>`,
    );
  }
  for (const value of xTicks.values) {
    parts.push(
      `<text class="tick" x="${fixed(x(value))}" y="${bottom + 16}" text-anchor="middle">` +
        `${formatFixed(value, xTicks.decimals)}</text>`,
    );
  }
  parts.push(
    `<line class="axis" x1="${MARGIN.left}" x2="${WIDTH - MARGIN.right}"` +
      ` y1="${bottom}" y2="${bottom}"/>`,
    `<line class="axis" x1="${MARGIN.left}" x2="${MARGIN.left}"` +
      ` y1="${MARGIN.top}" y2="${bottom}"/>`,
    `<text class="label" x="${WIDTH - MARGIN.right}" y="${HEIGHT - 4}" text-anchor="end">` +
      `${escapeHtml(labels.x)}</text>`,
    `<text class="label" x="${MARGIN.left - 6}" y="${MARGIN.top - 6}" text-anchor="end">` +
      `${escapeHtml(labels.y)}</text>`,
  );
  return parts;
}

type Ticks = { values: number[]; decimals: number; labels?: string[] };

function linearScale(top: number, plotHeight: number) {
  const yTicks = ticks(top > 0 ? top : 1, 4);
  const yMax = Math.max(top, yTicks.values.at(-1) ?? top) || 1;
  const y = (v: number) => MARGIN.top + plotHeight - (Math.min(v, yMax) / yMax) * plotHeight;
  return { yTicks, y };
}

/** The decade of a positive value: 10^d <= value < 10^(d+1) (within rounding of 10^d). */
function decadeOf(value: number): number {
  let decade = 0;
  let scaled = value;
  while (scaled >= 10) {
    scaled /= 10;
    decade += 1;
  }
  while (scaled < 1) {
    scaled *= 10;
    decade -= 1;
  }
  return decade;
}

/**
 * log10 of a positive value from + - * / only (exactly rounded, so the same bits in every
 * engine, unlike Math.log10): the decade, then 20 binary digits of the mantissa's log by
 * squaring it (a digit is 1 when the square reaches 10).
 */
export function log10Exact(value: number): number {
  const decade = decadeOf(value);
  let mantissa = value;
  for (let d = decade; d > 0; d -= 1) mantissa /= 10;
  for (let d = decade; d < 0; d += 1) mantissa *= 10;
  let result = decade;
  let bit = 0.5;
  for (let index = 0; index < 20; index += 1) {
    mantissa *= mantissa;
    if (mantissa >= 10) {
      mantissa /= 10;
      result += bit;
    }
    bit /= 2;
  }
  return result;
}

/** Whole decades around the lines' positive values; a value of 0 or less is a gap. */
function logScale(lines: readonly Line[], plotHeight: number) {
  let low = Infinity;
  let high = -Infinity;
  for (const line of lines) {
    for (const value of line.values) {
      if (value === null || !Number.isFinite(value) || value <= 0) continue;
      low = Math.min(low, value);
      high = Math.max(high, value);
    }
  }
  const from = Number.isFinite(low) ? decadeOf(low) : 0;
  const top = Number.isFinite(high) ? log10Exact(high) : 1;
  const to = Math.max(from + 1, Math.ceil(top - 1e-9));
  const values: number[] = [];
  for (let power = from; power <= to; power += 1) {
    let value = 1;
    for (let d = power; d > 0; d -= 1) value *= 10;
    for (let d = power; d < 0; d += 1) value /= 10;
    values.push(value);
  }
  const labels = values.map((value, index) => formatFixed(value, Math.max(0, -(from + index))));
  const yTicks: Ticks = { values, decimals: 0, labels };
  // A little headroom above the top decade, so its label clears the unit's.
  const span = (to - from) * 1.08;
  const y = (v: number) =>
    v > 0 ? MARGIN.top + plotHeight - ((log10Exact(v) - from) / span) * plotHeight : Number.NaN;
  return { yTicks, y };
}

/** Lines over virtual time, with shaded periods and vertical markers. */
export function timeChart(chart: TimeChart): string {
  const endS =
    Math.max(chart.timeS.at(-1) ?? 0, ...chart.lines.map((line) => line.timeS?.at(-1) ?? 0)) || 1;
  let top = chart.yMax ?? 0;
  if (chart.yMax === undefined) {
    for (const line of chart.lines) {
      for (const value of line.values)
        if (Number.isFinite(value)) top = Math.max(top, value as number);
    }
  }
  const xTicks = ticks(endS, 8);
  const xMax = Math.max(endS, xTicks.values.at(-1) ?? endS) || 1;
  const plotWidth = WIDTH - MARGIN.left - MARGIN.right;
  const plotHeight = HEIGHT - MARGIN.top - MARGIN.bottom;
  const x = (s: number) => MARGIN.left + (s / xMax) * plotWidth;
  const { yTicks, y } =
    chart.yLog === true ? logScale(chart.lines, plotHeight) : linearScale(top, plotHeight);
  const body: string[] = [];
  for (const period of chart.periods ?? []) {
    const from = x(period.fromS);
    body.push(
      `<rect class="period" x="${fixed(from)}" y="${MARGIN.top}"` +
        ` width="${fixed(Math.max(1, x(period.toS) - from))}" height="${plotHeight}">` +
        `<title>${escapeHtml(period.label)}</title></rect>`,
    );
  }
  body.push(...axes(xTicks, yTicks, x, y, { x: 'virtual time (s)', y: chart.unit }));
  for (const marker of chart.markers ?? []) {
    body.push(
      `<line class="marker" x1="${fixed(x(marker.atS))}" x2="${fixed(x(marker.atS))}"` +
        ` y1="${MARGIN.top}" y2="${HEIGHT - MARGIN.bottom}"><title>${escapeHtml(marker.label)}` +
        '</title></line>',
    );
  }
  chart.lines.forEach((line, index) => {
    const timeS = line.timeS ?? chart.timeS;
    const data = pathData(
      reduce(line.values).map((p) => ({ x: x(timeS[p.index] ?? 0), y: y(p.value) })),
    );
    if (data === '') return;
    body.push(
      `<path class="line" data-series="${escapeHtml(line.name)}"` +
        ` stroke="${PALETTE[index % PALETTE.length]}"` +
        (dashed(index) ? ' stroke-dasharray="6 3"' : '') +
        ` d="${data}"/>`,
    );
  });
  return frame(chart.id, chart.title, body, legendOf(chart.lines.map((line) => line.name)));
}

export interface ScatterPoint {
  label: string;
  x: number;
  y: number;
  /** Drawn filled and joined by the front line. */
  onFront: boolean;
  /** Drawn as a ring in red (e.g. acknowledged records lost). */
  flagged: boolean;
  tooltip: string;
}

/** A scatter chart with the front's points joined in x order; equal points share a label. */
export function scatterChart(
  id: string,
  title: string,
  labels: { x: string; y: string },
  points: readonly ScatterPoint[],
): string {
  const xRange = padded(points.map((p) => p.x));
  const yRange = padded(points.map((p) => p.y));
  const xTicks = ticks(xRange.max, 6, xRange.min);
  const yTicks = ticks(yRange.max, 4, yRange.min);
  const plotWidth = WIDTH - MARGIN.left - MARGIN.right;
  const plotHeight = HEIGHT - MARGIN.top - MARGIN.bottom;
  const xSpan = xRange.max - xRange.min;
  const ySpan = yRange.max - yRange.min;
  const x = (v: number) => MARGIN.left + ((v - xRange.min) / xSpan) * plotWidth;
  const y = (v: number) => MARGIN.top + plotHeight - ((v - yRange.min) / ySpan) * plotHeight;
  const inside = (
    t: { values: number[]; decimals: number },
    range: { min: number; max: number },
  ) => ({ ...t, values: t.values.filter((v) => v >= range.min && v <= range.max) });
  const body = axes(inside(xTicks, xRange), inside(yTicks, yRange), x, y, labels);
  const front = points
    .filter((p) => p.onFront)
    .sort((a, b) => a.x - b.x || a.y - b.y || (a.label < b.label ? -1 : 1));
  if (front.length > 1) {
    const d = front.map((p) => `${fixed(x(p.x))},${fixed(y(p.y))}`).join('L');
    body.push(`<path class="front" d="M${d}"/>`);
  }
  const groups = new Map<string, ScatterPoint[]>();
  for (const p of points) {
    const key = `${fixed(x(p.x))},${fixed(y(p.y))}`;
    groups.set(key, [...(groups.get(key) ?? []), p]);
  }
  for (const group of groups.values()) {
    const p = group[0] as ScatterPoint;
    const flagged = group.some((g) => g.flagged);
    const cls = `point${p.onFront ? ' on-front' : ''}${flagged ? ' flagged' : ''}`;
    const right = x(p.x) > MARGIN.left + plotWidth / 2;
    const label = group.map((g) => g.label).join(', ');
    body.push(
      `<g class="${cls}"><circle cx="${fixed(x(p.x))}" cy="${fixed(y(p.y))}" r="6"/>` +
        `<text x="${fixed(x(p.x) + (right ? -9 : 9))}" y="${fixed(y(p.y) - 8)}"` +
        ` text-anchor="${right ? 'end' : 'start'}">${escapeHtml(label)}</text>` +
        `<title>${escapeHtml(group.map((g) => g.tooltip).join('\n'))}</title></g>`,
    );
  }
  const legend =
    '<figcaption class="legend"><span><i class="swatch-front"></i>never worse: no other' +
    ' option has more throughput, lower p99 and fewer records lost</span>' +
    ' <span><i class="swatch-flagged"></i>acknowledged records lost</span></figcaption>';
  return frame(id, title, body, legend);
}
