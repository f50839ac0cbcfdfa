/**
 * The scaling chart (docs/benchmarks-scaling.svg) as SVG text, built in Node from d3's scales
 * and path generators (d3-scale, d3-shape; no DOM, so no d3-selection): one panel per series
 * (partitions, brokers, records/s), a log x axis each, and two curves per panel sharing log y
 * axes across panels: wall seconds per virtual second (left axis) and peak RSS in MiB (right
 * axis). A dotted line marks real time (1 wall s per virtual s).
 */
import { scaleLog, type ScaleLogarithmic } from 'd3-scale';
import { line } from 'd3-shape';
import type { MeasuredPoint, SeriesName } from './scaling.ts';

const WIDTH = 960;
const HEIGHT = 400;
const MARGIN = { top: 80, right: 72, bottom: 56, left: 72 };
const GAP = 28;
const COLORS = { wall: '#1f77b4', memory: '#d62728' };

const PANELS: { series: SeriesName; title: string; axis: string }[] = [
  { series: 'partitions', title: '6 brokers, 100k rec/s', axis: 'partitions' },
  { series: 'brokers', title: '10 partitions per broker, 100k rec/s', axis: 'brokers' },
  { series: 'records/s', title: '6 brokers, 60 partitions, 100 B', axis: 'records/s' },
];

function escape(text: string): string {
  return text.replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;');
}

function text(x: number, y: number, content: string, attributes = ''): string {
  return `<text x="${x.toFixed(1)}" y="${y.toFixed(1)}"${attributes}>${escape(content)}</text>`;
}

/** A log domain a little wider than the values (a quarter of a decade each side at most). */
function padded(values: number[]): [number, number] {
  const low = Math.min(...values);
  const high = Math.max(...values);
  return [low / 1.25, high * 1.25];
}

function tickLabel(value: number): string {
  if (value >= 1e6) return `${value / 1e6}M`;
  if (value >= 1e3) return `${value / 1e3}k`;
  return String(value);
}

/** Ticks of a log scale: every d3 tick as a mark, labels on 1, 2 and 5 times a power of 10. */
function axisTicks(scale: ScaleLogarithmic<number, number>, count: number) {
  return scale.ticks(count).map((value) => {
    const leading = Math.round(value / 10 ** Math.floor(Math.log10(value) + 1e-9));
    return {
      value,
      position: scale(value),
      label: [1, 2, 5].includes(leading) ? tickLabel(value) : '',
    };
  });
}

/** An x axis: d3's log ticks as marks, labels at the measured values only (they never crowd). */
function xAxis(
  scale: ScaleLogarithmic<number, number>,
  y: number,
  title: string,
  labelled: readonly number[],
): string[] {
  const [left, right] = scale.range() as [number, number];
  const parts = [`<path class="axis" d="M${left},${y}H${right}" stroke="#333"/>`];
  for (const tick of axisTicks(scale, 6)) {
    parts.push(`<path d="M${tick.position.toFixed(1)},${y}v3" stroke="#333"/>`);
  }
  for (const value of labelled) {
    const x = scale(value);
    parts.push(`<path d="M${x.toFixed(1)},${y}v6" stroke="#333"/>`);
    parts.push(text(x, y + 18, tickLabel(value), ' text-anchor="middle"'));
  }
  parts.push(text((left + right) / 2, y + 40, title, ' text-anchor="middle" class="label"'));
  return parts;
}

function yAxis(
  scale: ScaleLogarithmic<number, number>,
  x: number,
  side: 'left' | 'right',
  title: string | null,
): string[] {
  const [bottom, top] = scale.range() as [number, number];
  const sign = side === 'left' ? -1 : 1;
  const anchor = side === 'left' ? 'end' : 'start';
  const parts = [`<path class="axis" d="M${x},${bottom}V${top}" stroke="#333"/>`];
  for (const tick of axisTicks(scale, 5)) {
    const y = tick.position;
    parts.push(
      `<path d="M${x},${y.toFixed(1)}h${sign * (tick.label === '' ? 3 : 6)}" stroke="#333"/>`,
    );
    if (tick.label !== '' && title !== null) {
      parts.push(text(x + sign * 9, y + 4, tick.label, ` text-anchor="${anchor}"`));
    }
  }
  if (title === null) return parts;
  const labelX = x + sign * 46;
  const middle = (bottom + top) / 2;
  parts.push(
    `<text x="${labelX}" y="${middle}" transform="rotate(-90 ${labelX} ${middle})" ` +
      `text-anchor="middle" class="label">${escape(title)}</text>`,
  );
  return parts;
}

type Scale = ScaleLogarithmic<number, number>;

function curve(
  points: MeasuredPoint[],
  x: Scale,
  y: Scale,
  value: (point: MeasuredPoint) => number,
  kind: 'wall' | 'memory',
  series: SeriesName,
): string[] {
  const path = line<MeasuredPoint>()
    .x((point) => x(point.x))
    .y((point) => y(value(point)))(points);
  const dash = kind === 'memory' ? ' stroke-dasharray="6 4"' : '';
  const color = COLORS[kind];
  return [
    `<path class="curve" data-series="${series}" data-kind="${kind}" d="${path ?? ''}" ` +
      `fill="none" stroke="${color}" stroke-width="2"${dash}/>`,
    ...points.map(
      (point) =>
        `<circle cx="${x(point.x).toFixed(1)}" cy="${y(value(point)).toFixed(1)}" r="3.5" ` +
        `fill="${color}"/>`,
    ),
  ];
}

function legend(): string[] {
  const y = 40;
  const entry = (x: number, kind: 'wall' | 'memory', label: string) => [
    `<path d="M${x},${y}h28" stroke="${COLORS[kind]}" stroke-width="2"` +
      `${kind === 'memory' ? ' stroke-dasharray="6 4"' : ''}/>`,
    `<circle cx="${x + 14}" cy="${y}" r="3.5" fill="${COLORS[kind]}"/>`,
    text(x + 36, y + 4, label),
  ];
  return [
    ...entry(MARGIN.left, 'wall', 'wall s per virtual s (left axis)'),
    ...entry(MARGIN.left + 300, 'memory', 'peak RSS, MiB (right axis)'),
    `<path d="M${MARGIN.left + 580},${y}h28" stroke="#777" stroke-dasharray="2 3"/>`,
    text(MARGIN.left + 616, y + 4, 'real time (1 wall s per virtual s)'),
  ];
}

/** The chart's SVG text for the measured points (at least one point per series drawn). */
export function scalingSvg(points: readonly MeasuredPoint[]): string {
  const panels = PANELS.filter((panel) => points.some((p) => p.series === panel.series));
  const panelWidth =
    (WIDTH - MARGIN.left - MARGIN.right - GAP * (panels.length - 1)) / Math.max(1, panels.length);
  const bottom = HEIGHT - MARGIN.bottom;
  const wallY = scaleLog()
    .domain(padded([1, ...points.map((p) => p.wallPerVirtual)]))
    .range([bottom, MARGIN.top]);
  const memoryY = scaleLog()
    .domain(padded(points.map((p) => p.maxRssMiB)))
    .range([bottom, MARGIN.top]);
  const parts: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${WIDTH}" height="${HEIGHT}" ` +
      `viewBox="0 0 ${WIDTH} ${HEIGHT}" font-family="sans-serif" font-size="11">`,
    '<style>.label{font-size:12px}.title{font-size:14px;font-weight:bold}</style>',
    `<rect width="${WIDTH}" height="${HEIGHT}" fill="white"/>`,
    text(MARGIN.left, 20, 'kafkasim scaling: wall time and peak memory per run', ' class="title"'),
    text(
      MARGIN.left + 360,
      20,
      `each point: ${points[0]?.point.durationSeconds ?? '?'} s of virtual time in a process ` +
        'of its own; the reference cluster with one value changed',
    ),
    ...legend(),
  ];
  panels.forEach((panel, index) => {
    const left = MARGIN.left + index * (panelWidth + GAP);
    const mine = points.filter((p) => p.series === panel.series).sort((a, b) => a.x - b.x);
    const xs = mine.map((p) => p.x);
    const x = scaleLog()
      .domain([Math.min(...xs), Math.max(...xs)])
      .range([left + 8, left + panelWidth - 8]);
    parts.push(
      `<path d="M${left},${wallY(1).toFixed(1)}h${panelWidth.toFixed(1)}" stroke="#777" ` +
        'stroke-dasharray="2 3"/>',
      text(left + panelWidth / 2, MARGIN.top - 10, panel.title, ' text-anchor="middle"'),
      ...xAxis(x, bottom, `${panel.axis} (log scale)`, xs),
      ...yAxis(wallY, left, 'left', index === 0 ? 'wall s per virtual s (log)' : null),
      ...yAxis(
        memoryY,
        left + panelWidth,
        'right',
        index === panels.length - 1 ? 'peak RSS, MiB (log)' : null,
      ),
      ...curve(mine, x, wallY, (p) => p.wallPerVirtual, 'wall', panel.series),
      ...curve(mine, x, memoryY, (p) => p.maxRssMiB, 'memory', panel.series),
    );
  });
  parts.push('</svg>');
  return `${parts.join('\n')}\n`;
}
