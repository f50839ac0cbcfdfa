import { describe, expect, it } from 'vitest';
import type { MeasuredPoint, SeriesName } from '../../bench/scaling.ts';
import { scalingSvg } from '../../bench/scalingChart.ts';

function point(
  series: SeriesName,
  x: number,
  wallPerVirtual: number,
  maxRssMiB: number,
): MeasuredPoint {
  return {
    series,
    x,
    point: {
      brokers: 6,
      partitions: 60,
      recordsPerSec: 100_000,
      recordBytes: 100,
      durationSeconds: 10,
    },
    runs: [],
    wallPerVirtual,
    maxRssMiB,
  };
}

const POINTS: MeasuredPoint[] = [
  point('partitions', 10, 0.08, 160),
  point('partitions', 100, 0.1, 170),
  point('partitions', 1_000, 0.64, 335),
  point('partitions', 10_000, 19.5, 1775),
  point('brokers', 3, 0.07, 150),
  point('brokers', 100, 0.33, 243),
  point('records/s', 10_000, 0.05, 140),
  point('records/s', 1_000_000, 0.43, 279),
];

describe('scaling chart', () => {
  const svg = scalingSvg(POINTS);

  it('draws one path per curve: wall time and memory for each series', () => {
    const curves = [
      ...svg.matchAll(/<path class="curve" data-series="([^"]+)" data-kind="([^"]+)"/g),
    ];
    expect(curves.map((match) => `${match[1]}/${match[2]}`)).toEqual([
      'partitions/wall',
      'partitions/memory',
      'brokers/wall',
      'brokers/memory',
      'records/s/wall',
      'records/s/memory',
    ]);
    expect(svg.match(/<circle /g)?.length).toBe(2 * POINTS.length + 2);
  });

  it('labels the axes with units and has a legend', () => {
    expect(svg).toContain('wall s per virtual s (log)');
    expect(svg).toContain('peak RSS, MiB (log)');
    expect(svg).toContain('partitions (log scale');
    expect(svg).toContain('brokers (log scale');
    expect(svg).toContain('records/s (log scale');
    expect(svg).toContain('wall s per virtual s (left axis)');
    expect(svg).toContain('>10k<');
  });

  it('has only finite coordinates, and a curve rises with the values it draws', () => {
    expect(svg).not.toMatch(/NaN|Infinity|undefined/);
    const partitionsWall =
      /data-series="partitions" data-kind="wall" d="M([\d.]+),([\d.]+)(.*?)"/.exec(svg);
    const ys = [...(partitionsWall?.[0] ?? '').matchAll(/[ML,]?([\d.]+),([\d.]+)/g)].map((m) =>
      Number(m[2]),
    );
    expect(ys.length).toBe(4);
    // SVG y grows downwards: the slowest point (10,000 partitions) is drawn highest.
    expect(Math.min(...ys)).toBe(ys[3]);
  });

  it('is well-formed enough to start and end as one svg element', () => {
    expect(svg.startsWith('<svg xmlns="http://www.w3.org/2000/svg"')).toBe(true);
    expect(svg.trimEnd().endsWith('</svg>')).toBe(true);
  });
});
