// The text building blocks: one-line and multi-line text refuse control characters (naming the first one and the
// class), captured page text drops them; trimming comes first.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CONTROL_CHARACTERS, dropControlCharacters } from '../domain/control-characters.ts';
import { capturedText, line, optionalLine, optionalText, text } from './common.ts';
import { zodErrorsToProblem } from './problem.ts';

const C0 = Array.from({ length: 0x20 }, (_, i) => String.fromCharCode(i));
const C1 = Array.from({ length: 0x21 }, (_, i) => String.fromCharCode(0x7f + i)); // DEL and U+0080–U+009F
const KEPT_IN_TEXT = ['\t', '\n', '\r'];
const message = (r: { success: boolean; error?: Parameters<typeof zodErrorsToProblem>[0] }) => (r.success || !r.error ? '' : zodErrorsToProblem(r.error).map((e) => e.message).join('; '));

describe('one-line text', () => {
  it('refuses every control character, wherever it is, and names it', () => {
    for (const ch of [...C0, ...C1]) {
      for (const v of [`${ch}Phường`, `Phư${ch}ờng`, `Phường${ch}`]) {
        const r = line(300).safeParse(v);
        // Leading and trailing TAB, LF, CR, VT, FF are whitespace: trimmed away before the check.
        if (/^\s|\s$/.test(v) && /\s/.test(ch)) continue;
        expect(r.success, JSON.stringify(v)).toBe(false);
        const code = `U+${ch.charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')}`;
        expect(message(r)).toBe(`contains ${code}: control characters (U+0000–U+001F, U+007F–U+009F) and line breaks are not allowed in one-line text`);
      }
    }
  });

  it('refuses line and paragraph separators inside, and trims them at the ends', () => {
    expect(line(100).safeParse('a\u2028b').success).toBe(false);
    expect(line(100).safeParse('a\u2029b').success).toBe(false);
    expect(line(100).parse('\u2028 Phường Sơn Tây \t')).toBe('Phường Sơn Tây');
    expect(optionalLine(100).parse('')).toBe('');
    expect(line(100).safeParse('').success).toBe(false);
  });

  it('accepts any text without control characters (property)', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', maxLength: 40 }), (v) => {
        const clean = v.replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029]/g, '');
        const r = optionalLine(400).safeParse(clean);
        expect(r.success).toBe(true);
        if (r.success) expect(r.data).toBe(clean.trim());
      }),
    );
  });
});

describe('multi-line text', () => {
  it('keeps tab, line feed, carriage return and the Unicode separators inside', () => {
    for (const v of ['Dòng 1\nDòng 2', 'Cột\tcột', 'Dòng 1\r\nDòng 2', 'a\u2028b\u2029c']) expect(text(100).parse(v)).toBe(v);
  });

  it('refuses every other control character and names it', () => {
    for (const ch of [...C0.filter((c) => !KEPT_IN_TEXT.includes(c)), ...C1]) {
      for (const v of [`\u0041${ch}B`, `${ch}Ghi chú`, `Ghi chú${ch}`]) {
        if (/\s/.test(ch) && v !== `A${ch}B`) continue; // VT and FF at an end are trimmed
        const r = optionalText(8000).safeParse(v);
        expect(r.success, JSON.stringify(v)).toBe(false);
        expect(message(r)).toMatch(/^contains U\+00[0-9A-F]{2}: control characters \(U\+0000–U\+001F except tab, line feed and carriage return; U\+007F–U\+009F\) are not allowed$/);
      }
    }
  });

  it('a leading NUL is refused, not trimmed: NUL is not whitespace', () => {
    expect(text(300).safeParse('\u0000Phường').success).toBe(false);
    expect(text(300).safeParse('  \u0000  ').success).toBe(false);
  });
});

describe('captured page text', () => {
  it('drops control characters other than tab, line feed and carriage return, then trims', () => {
    expect(capturedText(500).parse('\u0000Chi tiết\u001b hồ sơ\u0085 ')).toBe('Chi tiết hồ sơ');
    expect(capturedText(500).parse('Dòng 1\nDòng 2\tcột\r\n')).toBe('Dòng 1\nDòng 2\tcột');
    expect(dropControlCharacters('a\u0000b\u007fc\u009fd\u2028e')).toBe('abcd\u2028e');
  });

  it('never leaves a refused character behind (property)', () => {
    fc.assert(
      fc.property(fc.string({ unit: fc.constantFrom('a', 'ư', ' ', '\t', '\n', ...C0, ...C1), maxLength: 60 }), (v) => {
        const out = capturedText(500).parse(v);
        expect(out.replace(/[\t\n\r]/g, '')).not.toMatch(CONTROL_CHARACTERS);
      }),
    );
  });
});
