/**
 * One timeline chart (d3): a column's lines over the shared time window, the compared trace's
 * lines dashed and faint, fault markers, divergence markers, and the playhead. Brushing zooms the
 * window (every chart shares it), a click moves the playhead, a double click resets the zoom.
 * draw() is called when the trace, window or size changes; setPlayhead() on every frame only
 * moves a line and updates the legend's values when the sample changes.
 */
import * as d3 from 'd3';
import { formatTickUs } from '../format.ts';
import type { LoadedTrace } from '../trace/loadedTrace.ts';
import { extentOf, visiblePoints, type Point } from './points.ts';
import type { ChartSpec } from './specs.ts';

export interface ChartInput {
  primary: LoadedTrace;
  compare: LoadedTrace | null;
  domainUs: [number, number];
  faultTimesUs: Array<{ atUs: number; label: string }>;
  /** Divergence markers per column (compare mode); a chart marks those of its columns. */
  divergenceUs: Map<string, number[]>;
  showAxis: boolean;
}

export interface ChartCallbacks {
  onZoom: (rangeUs: [number, number] | null) => void;
  onSeek: (timeUs: number) => void;
}

const HEIGHT = 104;
const MARGIN = { left: 58, right: 14, top: 6 };

export class TimelineChart {
  readonly spec: ChartSpec;
  readonly #figure: HTMLElement;
  readonly #legendValues: HTMLElement[] = [];
  readonly #svg: d3.Selection<SVGSVGElement, unknown, null, undefined>;
  readonly #callbacks: ChartCallbacks;
  #x = d3.scaleLinear();
  /** An HTML overlay moved with a transform: the browser composites it without repainting. */
  readonly #playhead: HTMLElement;
  #sampleShown = -2;

  constructor(parent: HTMLElement, spec: ChartSpec, callbacks: ChartCallbacks) {
    this.spec = spec;
    this.#callbacks = callbacks;
    this.#figure = document.createElement('figure');
    this.#figure.className = 'chart';
    this.#figure.dataset['chart'] = spec.id;
    const title = this.#figure.appendChild(document.createElement('figcaption'));
    title.appendChild(document.createElement('strong')).textContent = spec.title;
    title.appendChild(document.createElement('span')).textContent = ` ${spec.unit}`;
    const legend = this.#figure.appendChild(document.createElement('div'));
    legend.className = 'legend';
    for (const series of spec.series) {
      const item = legend.appendChild(document.createElement('span'));
      item.className = 'legend-item';
      const swatch = item.appendChild(document.createElement('i'));
      swatch.style.borderColor = series.color;
      if (series.dashed) swatch.classList.add('dashed');
      item.appendChild(document.createElement('span')).textContent = series.label;
      const value = item.appendChild(document.createElement('b'));
      this.#legendValues.push(value);
    }
    parent.appendChild(this.#figure);
    this.#svg = d3.select(this.#figure).append('svg').attr('class', 'plot');
    this.#playhead = this.#figure.appendChild(document.createElement('div'));
    this.#playhead.className = 'playhead';
  }

  draw(input: ChartInput): void {
    const width = Math.max(200, this.#figure.clientWidth);
    const bottom = input.showAxis ? 22 : 6;
    const innerWidth = width - MARGIN.left - MARGIN.right;
    const innerHeight = HEIGHT - MARGIN.top - bottom;
    const [fromUs, toUs] = input.domainUs;
    const x = d3.scaleLinear().domain([fromUs, toUs]).range([0, innerWidth]);
    this.#x = x;
    const lines = this.spec.series.flatMap((series) => {
      const result: Array<{ points: Point[]; color: string; dashed: boolean; compare: boolean }> =
        [];
      const traces: Array<[LoadedTrace | null, boolean]> = [
        [input.primary, false],
        [input.compare, true],
      ];
      for (const [trace, compare] of traces) {
        const values = trace?.columns.get(series.column);
        if (trace === null || values === undefined) continue;
        const points = visiblePoints(trace.timeUs, values, fromUs, toUs, innerWidth);
        result.push({ points, color: series.color, dashed: series.dashed, compare });
      }
      return result;
    });
    const y = this.#yScale(
      lines.flatMap((line) => line.points),
      innerHeight,
    );
    const svg = this.#svg.attr('width', width).attr('height', HEIGHT);
    svg.selectAll('*').remove();
    const root = svg.append('g').attr('transform', `translate(${MARGIN.left},${MARGIN.top})`);
    root
      .append('g')
      .attr('class', 'axis y')
      .call(
        d3
          .axisLeft(y)
          .tickValues(this.#yTicks(y))
          .tickFormat((value) => this.spec.format(Number(value))),
      );
    if (input.showAxis) {
      root
        .append('g')
        .attr('class', 'axis x')
        .attr('transform', `translate(0,${innerHeight})`)
        .call(
          d3
            .axisBottom(x)
            .ticks(Math.max(2, Math.floor(innerWidth / 90)))
            .tickFormat((value) => formatTickUs(Number(value))),
        );
    }
    root
      .append('rect')
      .attr('class', 'frame')
      .attr('width', innerWidth)
      .attr('height', innerHeight);
    const plot = root.append('g').attr('class', 'lines');
    const path = d3
      .line<Point>()
      .defined(([, value]) => Number.isFinite(value) && (!this.spec.log || value > 0))
      .x(([timeUs]) => x(timeUs))
      .y(([, value]) => y(value));
    for (const line of lines) {
      plot
        .append('path')
        .attr('class', line.compare ? 'line compare' : 'line')
        .attr('stroke', line.color)
        .attr('stroke-dasharray', line.dashed ? '4 3' : null)
        .attr('d', path(line.points) ?? '');
    }
    this.#drawMarkers(root, input, innerHeight);
    const svgTop = (this.#svg.node() as SVGSVGElement).getBoundingClientRect().top;
    const figureTop = this.#figure.getBoundingClientRect().top;
    this.#playhead.style.top = `${svgTop - figureTop + MARGIN.top}px`;
    this.#playhead.style.height = `${innerHeight}px`;
    this.#playhead.style.left = `${MARGIN.left}px`;
    this.#drawBrush(root, innerWidth, innerHeight);
    this.#sampleShown = -2;
  }

  /** Powers of ten on a log scale, whole numbers for counts, else about three ticks. */
  #yTicks(y: d3.ScaleContinuousNumeric<number, number>): number[] {
    if (this.spec.log) return y.ticks().filter((value) => /^(1|10+|0\.0*1)$/.test(String(value)));
    const ticks = y.ticks(3);
    return this.spec.integer === true ? ticks.filter((value) => Number.isInteger(value)) : ticks;
  }

  #yScale(points: Point[], innerHeight: number): d3.ScaleContinuousNumeric<number, number> {
    const { max, minPositive } = extentOf(points);
    if (this.spec.log) {
      const low = Number.isFinite(minPositive) ? minPositive : 1;
      const high = Number.isFinite(max) && max > low ? max : low * 10;
      return d3.scaleLog().domain([low, high]).range([innerHeight, 0]).nice().clamp(true);
    }
    const top = this.spec.yMax ?? (Number.isFinite(max) && max > 0 ? max : 1);
    return d3.scaleLinear().domain([0, top]).range([innerHeight, 0]).nice();
  }

  #drawMarkers(
    root: d3.Selection<SVGGElement, unknown, null, undefined>,
    input: ChartInput,
    innerHeight: number,
  ): void {
    const [fromUs, toUs] = input.domainUs;
    const inside = (timeUs: number): boolean => timeUs >= fromUs && timeUs <= toUs;
    root
      .append('g')
      .attr('class', 'faults')
      .selectAll('line')
      .data(input.faultTimesUs.filter((fault) => inside(fault.atUs)))
      .join('line')
      .attr('class', 'fault-marker')
      .attr('x1', (fault) => this.#x(fault.atUs))
      .attr('x2', (fault) => this.#x(fault.atUs))
      .attr('y1', 0)
      .attr('y2', innerHeight)
      .append('title')
      .text((fault) => fault.label);
    root
      .append('g')
      .attr('class', 'divergences')
      .selectAll('path')
      .data(this.#divergenceOf(input.divergenceUs).filter(inside))
      .join('path')
      .attr('class', 'divergence-marker')
      .attr('data-time-us', (timeUs) => String(timeUs))
      .attr('d', (timeUs) => `M${this.#x(timeUs)},0 l-4,-6 h8 z`)
      .append('title')
      .text((timeUs) => `traces diverge at ${formatTickUs(timeUs)}`);
  }

  #divergenceOf(byColumn: Map<string, number[]>): number[] {
    const times = this.spec.series.flatMap((series) => byColumn.get(series.column) ?? []);
    return [...new Set(times)].sort((a, b) => a - b);
  }

  #drawBrush(
    root: d3.Selection<SVGGElement, unknown, null, undefined>,
    innerWidth: number,
    innerHeight: number,
  ): void {
    const group = root.append('g').attr('class', 'brush');
    const brush = d3
      .brushX()
      .extent([
        [0, 0],
        [innerWidth, innerHeight],
      ])
      .on('end', (event: d3.D3BrushEvent<unknown>) => {
        if (event.sourceEvent === undefined || event.sourceEvent === null) return;
        const selection = event.selection as [number, number] | null;
        if (selection === null || selection[1] - selection[0] < 3) {
          const [pointerX] = d3.pointer(event.sourceEvent, group.node());
          this.#callbacks.onSeek(this.#x.invert(pointerX));
        } else {
          this.#callbacks.onZoom([this.#x.invert(selection[0]), this.#x.invert(selection[1])]);
        }
        if (selection !== null) group.call(brush.move, null);
      });
    group.call(brush);
    group.on('dblclick', () => this.#callbacks.onZoom(null));
  }

  /** Moves the playhead; the legend's values follow unless valuesLater (a busy playing frame). */
  setPlayhead(timeUs: number, primary: LoadedTrace, valuesLater = false): void {
    const [fromUs, toUs] = this.#x.domain() as [number, number];
    const visible = timeUs >= fromUs && timeUs <= toUs;
    this.#playhead.style.transform = `translateX(${this.#x(timeUs).toFixed(1)}px)`;
    this.#playhead.style.display = visible ? 'block' : 'none';
    const sample = primary.sampleIndexAt(timeUs);
    if (sample === this.#sampleShown || valuesLater) return;
    this.#sampleShown = sample;
    this.spec.series.forEach((series, index) => {
      const value = primary.columns.get(series.column)?.[sample];
      const text = value === undefined || Number.isNaN(value) ? '–' : this.spec.format(value);
      const element = this.#legendValues[index];
      if (element !== undefined) element.textContent = text;
    });
  }

  remove(): void {
    this.#figure.remove();
  }
}
