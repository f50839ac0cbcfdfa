import { describe, expect, it } from 'vitest';
import { reduce, timeChart } from '../../sim/report/svgChart.ts';

describe('svgChart', () => {
  it('reduce(values) gives NaN for a bucket with no number, the largest value otherwise', () => {
    const points = reduce([1, 3, Number.NaN, null as unknown as number, 2]);
    expect(points.map((p) => p.value)).toEqual([1, 3, Number.NaN, Number.NaN, 2]);
  });

  it('timeChart() lifts the pen over samples with no value instead of drawing 0', () => {
    const svg = timeChart({
      id: 'latency',
      title: 'Produce latency',
      unit: 'ms',
      timeS: [1, 2, 3, 4, 5],
      lines: [{ name: 'produce.p99Ms', values: [2, 2, Number.NaN, Number.NaN, 3] }],
    });
    const path = /<path class="line"[^>]* d="([^"]+)"/.exec(svg)?.[1] ?? '';
    expect(path.match(/M/g)?.length).toBe(2);
    expect(path).not.toContain('NaN');
  });
});
