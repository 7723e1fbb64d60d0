// W3C selector bounds.
import { describe, expect, it } from 'vitest';
import { SelectorSchema, SelectorsSchema } from './selectors.ts';

describe('W3C selectors', () => {
  it.each([
    { type: 'TextQuoteSelector', exact: 'Hạn xử lý: 20/07/2025', prefix: 'x'.repeat(64), suffix: '' },
    { type: 'TextQuoteSelector', exact: 'a' },
    { type: 'TextPositionSelector', start: 0, end: 0 },
    { type: 'TextPositionSelector', start: 10, end: 25 },
    { type: 'CssSelector', value: 'main > table tr:nth-child(3) td:nth-child(2)' },
  ])('accepts %j', (s) => {
    expect(SelectorSchema.safeParse(s).success).toBe(true);
  });

  it.each([
    { type: 'TextQuoteSelector', exact: '' },
    { type: 'TextQuoteSelector', exact: 'x'.repeat(2001) },
    { type: 'TextQuoteSelector', exact: 'a', prefix: 'x'.repeat(65) },
    { type: 'TextQuoteSelector', exact: 'a', suffix: 'x'.repeat(65) },
    { type: 'TextPositionSelector', start: 5, end: 4 },
    { type: 'TextPositionSelector', start: -1, end: 4 },
    { type: 'TextPositionSelector', start: 1.5, end: 4 },
    { type: 'CssSelector', value: '' },
    { type: 'XPathSelector', value: '//td' },
  ])('rejects %j', (s) => {
    expect(SelectorSchema.safeParse(s).success).toBe(false);
  });

  it('bounds the list', () => {
    const one = { type: 'CssSelector', value: 'td' };
    expect(SelectorsSchema.safeParse([]).success).toBe(true);
    expect(SelectorsSchema.safeParse(Array.from({ length: 9 }, () => one)).success).toBe(false);
  });
});
