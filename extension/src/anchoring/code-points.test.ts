// TextPositionSelector offsets count code points; the model works in UTF-16. The conversions agree with a walk over
// the string for text with and without astral characters (emoji, rare Han characters in names) and lone surrogates.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { fromCodePoints, toCodePoints } from './text-model.ts';

/** The definitions, by the string iterator (a lone surrogate is one code point of its own). */
const walkTo = (text: string, utf16: number) => [...text.slice(0, Math.max(0, utf16))].length;
const walkFrom = (text: string, cp: number) =>
  [...text]
    .slice(0, cp)
    .reduce((n, c) => n + c.length, 0);

const texts = fc.array(fc.constantFrom('a', 'ệ', ' ', '😀', '𠀋', '\ud800', '\udc00'), { maxLength: 40 }).map((xs) => xs.join(''));

describe('code point offsets', () => {
  it('agree with the string iterator, lone surrogates included', () => {
    fc.assert(
      fc.property(texts, fc.nat(60), (text, n) => {
        expect(toCodePoints(text, n)).toBe(walkTo(text, n));
        expect(fromCodePoints(text, n)).toBe(walkFrom(text, n));
      }),
    );
  });

  it('round-trips every code point boundary', () => {
    const text = 'Hồ sơ 😀 của bà Nguyễn 𠀋 Thị';
    for (let cp = 0; cp <= [...text].length; cp++) expect(toCodePoints(text, fromCodePoints(text, cp))).toBe(cp);
  });
});
