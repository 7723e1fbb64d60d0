// describe(model, range) → W3C selectors: TextQuote (32-character prefix and suffix), TextPosition (code points into
// the normalised model) and a CSS path to the closest element, so re-anchoring can try each in turn.
import type { Selector } from '@onestop/shared';
import { cssPathFor } from './css-path.ts';
import { elementSpan, modelOffsetInSegment, modelOffsetOf, toCodePoints, type TextModel } from './text-model.ts';

export const CONTEXT_CHARS = 32;
export const MAX_EXACT = 2000;

export interface Description {
  selectors: Selector[];
  /** The quoted text, as in the model (not yet redacted). */
  quote: string;
  start: number;
  end: number;
}

function quoteSelectors(model: TextModel, start: number, end: number): Selector[] {
  const text = model.text;
  const exact = text.slice(start, end);
  return [
    {
      type: 'TextQuoteSelector',
      exact,
      prefix: text.slice(Math.max(0, start - CONTEXT_CHARS), start),
      suffix: text.slice(end, end + CONTEXT_CHARS),
    },
    { type: 'TextPositionSelector', start: toCodePoints(text, start), end: toCodePoints(text, end) },
  ];
}

/** Trims a span to non-space characters and to at most MAX_EXACT characters. */
function trimSpan(text: string, start: number, end: number): { start: number; end: number } {
  let s = start;
  let e = end;
  while (s < e && text[s] === ' ') s += 1;
  while (e > s && text[e - 1] === ' ') e -= 1;
  return { start: s, end: Math.min(e, s + MAX_EXACT) };
}

function closestElement(node: Node): Element | null {
  return node.nodeType === 1 ? (node as Element) : node.parentElement;
}

/** Selectors for model span [start, end) inside `container` (the element the CSS selector names). */
export function describeSpan(model: TextModel, start: number, end: number, container: Element | null): Description | null {
  const span = trimSpan(model.text, start, end);
  if (span.end <= span.start) return null;
  const selectors = quoteSelectors(model, span.start, span.end);
  const css = container ? cssPathFor(container) : null;
  if (css) selectors.push({ type: 'CssSelector', value: css });
  return { selectors, quote: model.text.slice(span.start, span.end), ...span };
}

/** Selectors for a selected range; null when it covers no text. */
export function describeRange(model: TextModel, range: Range): Description | null {
  return describeSpan(
    model,
    modelOffsetOf(model, range.startContainer, range.startOffset),
    modelOffsetOf(model, range.endContainer, range.endOffset),
    closestElement(range.commonAncestorContainer),
  );
}

/** Selectors for the text selected inside an input or textarea (the page's Selection does not see it). */
export function describeControlSelection(model: TextModel, control: HTMLInputElement | HTMLTextAreaElement): Description | null {
  const idx = model.bySource.get(control);
  const seg = idx === undefined ? undefined : model.segments[idx];
  const from = control.selectionStart;
  const to = control.selectionEnd;
  if (!seg || from === null || to === null || from === to) return null;
  return describeSpan(model, modelOffsetInSegment(seg, from), modelOffsetInSegment(seg, to), control);
}

/** Selectors for a picked element (its text, when it has any, and its CSS path). */
export function describeElement(model: TextModel, el: Element): Description | null {
  const css = cssPathFor(el);
  const raw = elementSpan(model, el);
  const span = raw ? trimSpan(model.text, raw.start, raw.end) : null;
  const selectors: Selector[] = span && span.end > span.start ? quoteSelectors(model, span.start, span.end) : [];
  if (css) selectors.push({ type: 'CssSelector', value: css });
  if (selectors.length === 0) return null;
  return { selectors, quote: span ? model.text.slice(span.start, span.end) : '', start: span?.start ?? 0, end: span?.end ?? 0 };
}
