// The text model over random inline text, tidy and untidy (spaces, tabs, no-break spaces, decomposed Vietnamese,
// emoji): its text is the page's text normalised, and every model offset maps to its source and back.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { buildTextModel, modelOffsetInSegment, normalizeText, rawOffset } from './text-model.ts';

const piece = fc.array(fc.constantFrom('Hồ', 'sơ', ' ', '  ', '\t', '\u00a0', 'ê\u0301', '😀', '0912', '-', 'a'), { minLength: 1, maxLength: 8 }).map((xs) => xs.join(''));

describe('text model', () => {
  it('reads inline text normalised and maps each offset to its source and back', () => {
    fc.assert(
      fc.property(fc.array(piece, { minLength: 1, maxLength: 12 }), (pieces) => {
        document.body.replaceChildren(
          ...pieces.map((text, i) => {
            const span = document.createElement(i % 2 === 0 ? 'span' : 'b');
            span.textContent = text;
            return span;
          }),
        );
        const model = buildTextModel(document);
        expect(model.text).toBe(normalizeText(document.body.textContent ?? ''));
        for (const seg of model.segments) {
          for (let pos = seg.start; pos <= seg.end; pos++) {
            const raw = rawOffset(seg, pos);
            const source = (seg.source as Text).data;
            expect(raw).toBeGreaterThanOrEqual(0);
            expect(raw).toBeLessThanOrEqual(source.length);
            // Back to the model: the first model character at or after that raw offset, never past this one.
            const back = modelOffsetInSegment(seg, raw);
            expect(back).toBeLessThanOrEqual(pos);
            expect(model.text.slice(back, pos).trim()).toBe('');
          }
        }
      }),
      { numRuns: 200 },
    );
  });
});
