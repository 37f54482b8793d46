import { describe, expect, it } from 'vitest';
import { formatBytes, formatLimit, formatMs, formatPercent, formatRate, formatRatio } from '../format.js';
import { markdownCell, renderMarkdown, renderText } from '../table.js';

describe('number formats', () => {
  it('rates, durations, ratios, shares and sizes', () => {
    expect(formatRate(41234.6)).toBe('41,235/s');
    expect(formatRate(45.25)).toBe('45.3/s');
    expect(formatMs(0.2149)).toBe('0.21 ms');
    expect(formatMs(21.34)).toBe('21.3 ms');
    expect(formatMs(1234.4)).toBe('1,234 ms');
    expect(formatRatio(0.49951)).toBe('0.500×');
    expect(formatRatio(1.304)).toBe('1.30×');
    expect(formatRatio(33.46)).toBe('33.5×');
    expect(formatPercent(0.0394)).toBe('3.94 %');
    expect(formatBytes(15 * 1024 * 1024)).toBe('15.00 MiB');
    expect(formatRate(Number.NaN)).toBe('n/a');
  });

  it('limits carry their direction', () => {
    expect(formatLimit('ratio', 'at-least', 0.5)).toBe('≥ 0.5×');
    expect(formatLimit('rate', 'at-least', 2000)).toBe('≥ 2,000/s');
    expect(formatLimit('ms', 'at-most', 1000)).toBe('≤ 1,000 ms');
    expect(formatLimit('percent', 'at-most', 0.05)).toBe('≤ 5 %');
  });
});

describe('tables', () => {
  const table = {
    header: ['Target', 'Value'],
    rows: [
      ['API key ≥ bare', '0.604×'],
      ['x', '12.3×'],
    ],
  };

  it('as text: columns aligned by characters, "≥" and "×" counting as one', () => {
    expect(renderText(table)).toBe(
      ['Target          Value', '--------------  ------', 'API key ≥ bare  0.604×', 'x               12.3×'].join('\n'),
    );
  });

  it('as Markdown: a header, a separator, one line per row, pipes escaped', () => {
    expect(renderMarkdown({ header: ['a', 'b'], rows: [['1|2', 'line\nbreak']] })).toBe(
      '| a | b |\n|---|---|\n| 1\\|2 | line break |',
    );
    expect(markdownCell('a\\|b')).toBe('a\\\\\\|b');
  });

  it('refuse a row of another width than the header', () => {
    expect(() => renderText({ header: ['a', 'b'], rows: [['1']] })).toThrow(/1 cells, the header 2/);
    expect(() => renderMarkdown({ header: ['a'], rows: [['1', '2']] })).toThrow();
  });
});
