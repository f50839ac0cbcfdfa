/** Report tables and number formats: fixed-width text, Markdown, locale-free numbers. */
import { describe, expect, it } from 'vitest';
import {
  escapeMarkdownCell,
  formatDurationMs,
  formatFixed,
  formatInteger,
  formatMs,
  formatPercent,
  formatSeconds,
  renderMarkdown,
  renderText,
  type Table,
} from '../../sim/report/table.ts';

const TABLE: Table = {
  title: 'Things',
  columns: [
    { header: 'name', align: 'left' },
    { header: 'count', align: 'right' },
  ],
  rows: [
    ['a', '1'],
    ['longer|name', '1,000'],
  ],
};

describe('renderText', () => {
  it('pads left-aligned and right-aligned columns to the widest cell', () => {
    expect(renderText(TABLE)).toBe(
      [
        'Things',
        '  name         count',
        '  -----------  -----',
        '  a                1',
        '  longer|name  1,000',
      ].join('\n'),
    );
  });

  it('prints the empty text when there are no rows', () => {
    expect(renderText({ ...TABLE, rows: [], empty: 'none here' })).toBe('Things\n  none here');
  });
});

describe('renderMarkdown', () => {
  it('writes a heading, alignment row and escaped cells', () => {
    expect(renderMarkdown(TABLE)).toBe(
      [
        '## Things',
        '',
        '| name | count |',
        '| --- | ---: |',
        '| a | 1 |',
        '| longer\\|name | 1,000 |',
      ].join('\n'),
    );
  });

  it('escapeMarkdownCell keeps a cell on one line', () => {
    expect(escapeMarkdownCell('a|b\nc')).toBe('a\\|b c');
  });
});

describe('number formats', () => {
  it.each([
    [0, '0'],
    [999, '999'],
    [1000, '1,000'],
    [1234567.6, '1,234,568'],
    [-1234, '-1,234'],
  ])('formatInteger(%d) is %s', (value, text) => expect(formatInteger(value)).toBe(text));

  it.each([
    [52517.873, 2, '52,517.87'],
    [0.004, 2, '0.00'],
    [-0.001, 2, '0.00'],
    [-1234.5, 1, '-1,234.5'],
  ])('formatFixed(%d, %d) is %s', (value, decimals, text) =>
    expect(formatFixed(value, decimals)).toBe(text),
  );

  it.each([
    [2.607, '2.607'],
    [48.25, '48.25'],
    [312.5, '312.5'],
    [1204.4, '1,204'],
  ])('formatMs(%d) is %s', (value, text) => expect(formatMs(value)).toBe(text));

  it.each([
    [0, '0 ms'],
    [850, '850 ms'],
    [12.5, '12.50 ms'],
    [120_500, '120.50 s'],
  ])('formatDurationMs(%d) is %s', (value, text) => expect(formatDurationMs(value)).toBe(text));

  it.each([
    [0, '0.0 s'],
    [5000, '5.0 s'],
    [12_345, '12.345 s'],
    [20_001.5, '20.002 s'],
  ])('formatSeconds(%d) is %s', (value, text) => expect(formatSeconds(value)).toBe(text));

  it('formatPercent shows one decimal', () => expect(formatPercent(0.9781)).toBe('97.8%'));
});
