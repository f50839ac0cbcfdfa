import { describe, expect, it } from 'vitest';
import { log10Exact, reduce, timeChart } from '../../sim/report/svgChart.ts';

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

  it('timeChart() with yLog draws decades, labels them plainly and skips values <= 0', () => {
    const svg = timeChart({
      id: 'p99',
      title: 'p99',
      unit: 'ms',
      timeS: [],
      yLog: true,
      lines: [
        { name: 'a', values: [0.5, 3, 0, 2000], timeS: [1, 2, 3, 4] },
        { name: 'b', values: [1, null, 1], timeS: [1, 2, 3] },
      ],
    });
    const labels = [...svg.matchAll(/<text class="tick"[^>]*text-anchor="end">([^<]+)</g)];
    expect(labels.map((m) => m[1])).toEqual(['0.1', '1', '10', '100', '1,000', '10,000']);
    const paths = [...svg.matchAll(/<path class="line"[^>]* d="([^"]+)"/g)].map((m) => m[1]);
    expect(paths).toHaveLength(2);
    expect(paths[0]?.match(/M/g)).toHaveLength(2); // the 0 is a gap
    expect(paths.join('')).not.toContain('NaN');
  });

  it('timeChart() dashes the lines past the palette, legend swatches striped alike', () => {
    const lines = Array.from({ length: 10 }, (_, i) => ({ name: `v${i}`, values: [i, i] }));
    const svg = timeChart({ id: 'many', title: 'many', unit: 'x', timeS: [1, 2], lines });
    expect(svg.match(/stroke-dasharray="6 3"/g)).toHaveLength(2);
    expect(svg.match(/repeating-linear-gradient/g)).toHaveLength(2);
  });

  it('log10Exact() agrees with Math.log10 to a millionth, from + - * / alone', () => {
    for (const value of [0.0123, 0.5, 1, 2, 9.99, 10, 42, 1234.5, 6.5e6]) {
      expect(Math.abs(log10Exact(value) - Math.log10(value))).toBeLessThan(1e-5);
    }
  });
});
