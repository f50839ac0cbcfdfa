import { describe, expect, it } from 'vitest';
import {
  formatBytes,
  formatNumber,
  formatQuantity,
  formatTable,
  targetMet,
  type BenchRow,
} from '../../bench/table.ts';
import { parseBenchArgs } from '../../bench/args.ts';

const engineRow: BenchRow = {
  part: 'engine',
  measure: 'hold model, 1,000 pending: Simulation',
  value: { value: 8_123_456, unit: 'events/s' },
  against: { label: 'bare typed-array heap', value: 9_200_000, unit: 'events/s' },
  ratio: 8_123_456 / 9_200_000,
  target: { op: '>=', ratio: 0.6 },
};

const speedRow: BenchRow = {
  part: 'sim',
  measure: 'reference cluster | 100 B',
  value: { value: 2.04, unit: 'virtual s/wall s' },
  ratio: 2.04,
  target: { op: '>=', ratio: 50 },
};

describe('bench table', () => {
  it('formats numbers with 3 significant digits and k/M suffixes', () => {
    expect(formatNumber(8_123_456)).toBe('8.12 M');
    expect(formatNumber(12_345)).toBe('12.3 k');
    expect(formatNumber(2.04)).toBe('2.04');
    expect(formatNumber(0.0123)).toBe('0.012');
    expect(formatQuantity({ value: 8_123_456, unit: 'events/s' })).toBe('8.12 M events/s');
    expect(formatBytes(2_600_000)).toBe('2.48 MiB');
    expect(formatBytes(512)).toBe('512 B');
  });

  it('marks a target met or MISSED from the ratio and the direction', () => {
    expect(targetMet(engineRow)).toBe(true);
    expect(targetMet(speedRow)).toBe(false);
    expect(targetMet({ ...speedRow, target: { op: '<=', ratio: 1.3 }, ratio: 1.31 })).toBe(false);
    expect(targetMet({ part: 'x', measure: 'y' })).toBeNull();
  });

  it('prints one Markdown table, all lines the same width, pipes in cells escaped', () => {
    const text = formatTable([
      engineRow,
      speedRow,
      { part: 'trace', measure: 'one hour', note: 'not measured' },
    ]);
    const lines = text.split('\n');
    expect(lines).toHaveLength(5);
    expect(lines[0]).toMatch(
      /^\| part +\| measure +\| value +\| against +\| ratio +\| target +\| note +\|$/,
    );
    expect(lines[1]).toMatch(/^\|-+(\|-+){6}\|$/);
    expect(new Set(lines.map((line) => line.length)).size).toBe(1);
    expect(lines[2]).toContain('8.12 M events/s');
    expect(lines[2]).toContain('bare typed-array heap: 9.20 M events/s');
    expect(lines[2]).toContain('0.88x');
    expect(lines[2]).toContain('>= 0.6x met');
    expect(lines[3]).toContain('>= 50x MISSED');
    expect(lines[3]).toContain('reference cluster \\| 100 B');
    expect(lines[4]).toContain('not measured');
  });
});

describe('bench arguments', () => {
  const parts = ['engine', 'sim', 'scaling', 'trace'];

  it('runs every part when none is named, and keeps flags', () => {
    const parsed = parseBenchArgs(['--quick', '--json'], parts);
    expect(parsed).toMatchObject({ ok: true, args: { parts, quick: true, json: true } });
  });

  it('rejects unknown parts and options, and a missing value', () => {
    expect(parseBenchArgs(['nope'], parts)).toEqual({ ok: false, message: 'unknown part: nope' });
    expect(parseBenchArgs(['--fast'], parts)).toEqual({
      ok: false,
      message: 'unknown option: --fast',
    });
    expect(parseBenchArgs(['--hour-trace'], parts)).toEqual({
      ok: false,
      message: 'option --hour-trace needs a value',
    });
    expect(parseBenchArgs(['engine', '--svg'], parts)).toMatchObject({ ok: false });
  });

  it('collects repeated --table-from files in order', () => {
    const parsed = parseBenchArgs(['--table-from', 'a.json', '--table-from', 'b.json'], parts);
    expect(parsed).toMatchObject({ ok: true, args: { tableFrom: ['a.json', 'b.json'] } });
  });

  it('takes an .svg path after --svg', () => {
    const parsed = parseBenchArgs(['scaling', '--svg', '/tmp/a.svg'], parts);
    expect(parsed).toMatchObject({
      ok: true,
      args: { svg: true, svgPath: '/tmp/a.svg', parts: ['scaling'] },
    });
  });
});
