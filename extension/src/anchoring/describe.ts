// describe(model, range) → W3C selectors: TextQuote (32-character prefix and suffix), TextPosition (code points into
// the normalised model) and a CSS path to the closest element, so re-anchoring can try each in turn. A range may cross
// open shadow roots (a StaticRange from `Selection.getComposedRanges`): its boundaries are read in the flat tree, and
// the CSS path names the closest element of the document's own tree (a path cannot enter a shadow root). A span of a
// form control's value is described in the model's text of that value, with the control's CSS path.
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

/** The parent of a node in the flat tree: its slot, its shadow root's host, or its parent. */
function flatParent(n: Node): Node | null {
  const slot = (n as Element | Text).assignedSlot;
  if (slot) return slot;
  const p = n.parentNode;
  return p instanceof ShadowRoot ? p.host : p;
}

/** The children of a node in the flat tree: a slot's assigned nodes, an open shadow root's children, or its own. */
function flatChildren(n: Node): readonly Node[] {
  if (n.nodeType === 1) {
    const el = n as Element;
    if (el.localName === 'slot') {
      const assigned = (el as HTMLSlotElement).assignedNodes({ flatten: true });
      if (assigned.length > 0) return assigned;
    }
    const shadow = (el as HTMLElement).shadowRoot;
    if (shadow) return Array.from(shadow.childNodes);
  }
  return Array.from(n.childNodes);
}

/** Nodes looked at, at most, when a boundary is resolved in the flat tree. */
const MAX_WALK = 50_000;

/**
 * The model offset of a boundary point read in the flat tree: the start of the first text source at or after it
 * (shadow content in its host's place), or null when the walk gives up. A text node of the model is read directly.
 */
function flatOffsetOf(model: TextModel, container: Node, offset: number): number | null {
  const direct = model.bySource.get(container);
  if (direct !== undefined && container.nodeType === 3) return modelOffsetOf(model, container, offset);
  let steps = 0;
  /** The first source in `n`'s flat subtree (itself included), or undefined. */
  const firstIn = (n: Node): number | undefined => {
    const stack: Node[] = [n];
    while (stack.length > 0) {
      if (++steps > MAX_WALK) return undefined;
      const cur = stack.pop() as Node;
      const idx = model.bySource.get(cur);
      if (idx !== undefined) return model.segments[idx]?.start;
      if (cur.nodeType === 3) continue;
      const kids = cur instanceof ShadowRoot ? Array.from(cur.childNodes) : flatChildren(cur);
      for (let i = kids.length - 1; i >= 0; i--) stack.push(kids[i] as Node);
    }
    return undefined;
  };
  /** The first source after `n`'s flat subtree. */
  const after = (n: Node): number | undefined => {
    for (let cur: Node | null = n; cur && steps <= MAX_WALK; ) {
      const parent: Node | null = cur instanceof ShadowRoot ? cur.host : flatParent(cur);
      if (!parent) return model.text.length;
      if (cur instanceof ShadowRoot) {
        cur = parent;
        continue;
      }
      const siblings = flatChildren(parent);
      for (let i = siblings.indexOf(cur) + 1; i > 0 && i < siblings.length; i++) {
        const hit = firstIn(siblings[i] as Node);
        if (hit !== undefined) return hit;
      }
      cur = parent;
    }
    return undefined;
  };
  if (container.nodeType === 3) return after(container) ?? null;
  const ref = container.childNodes[offset];
  if (ref) return firstIn(ref) ?? after(ref) ?? null;
  return after(container) ?? null;
}

/** The model offset of a boundary point, across open shadow roots. */
function boundaryOffset(model: TextModel, container: Node, offset: number): number {
  return flatOffsetOf(model, container, offset) ?? modelOffsetOf(model, container, offset);
}

/** The flat-tree ancestors of a node, itself first. */
function flatAncestors(node: Node): Node[] {
  const out: Node[] = [];
  for (let n: Node | null = node; n && out.length < 10_000; n = n instanceof ShadowRoot ? n.host : flatParent(n)) out.push(n);
  return out;
}

/**
 * The element a CSS path names for a range: the closest common ancestor of its ends in the flat tree that belongs to
 * the document's own tree (a shadow root's content is named by its host).
 */
function containerOf(start: Node, end: Node): Element | null {
  const ofEnd = new Set(flatAncestors(end));
  const common = flatAncestors(start).find((n) => ofEnd.has(n)) ?? null;
  for (let n = common; n; n = n instanceof ShadowRoot ? n.host : flatParent(n)) {
    if (n.nodeType === 1 && n.getRootNode() === n.ownerDocument) return n as Element;
  }
  return null;
}

/** Selectors for model span [start, end) inside `container` (the element the CSS selector names). */
export function describeSpan(model: TextModel, start: number, end: number, container: Element | null): Description | null {
  const span = trimSpan(model.text, start, end);
  if (span.end <= span.start) return null;
  const selectors = quoteSelectors(model, span.start, span.end);
  const named = container && container.getRootNode() !== container.ownerDocument ? containerOf(container, container) : container;
  const css = named ? cssPathFor(named) : null;
  if (css) selectors.push({ type: 'CssSelector', value: css });
  return { selectors, quote: model.text.slice(span.start, span.end), ...span };
}

/**
 * Selectors for a selected range (a Range, or a StaticRange crossing open shadow roots); null when it covers no text.
 * The quote is the model's text of the selection: what was selected, whitespace collapsed.
 */
export function describeRange(model: TextModel, range: AbstractRange): Description | null {
  const start = boundaryOffset(model, range.startContainer, range.startOffset);
  const end = boundaryOffset(model, range.endContainer, range.endOffset);
  return describeSpan(model, Math.min(start, end), Math.max(start, end), containerOf(range.startContainer, range.endContainer));
}

/** Selectors for the span [from, to) of a form control's value (UTF-16 offsets into `control.value`). */
export function describeControlSpan(model: TextModel, control: Element, from: number, to: number): Description | null {
  const idx = model.bySource.get(control);
  const seg = idx === undefined ? undefined : model.segments[idx];
  if (!seg || from === to) return null;
  return describeSpan(model, modelOffsetInSegment(seg, Math.min(from, to)), modelOffsetInSegment(seg, Math.max(from, to)), control);
}

/** Selectors for the text selected inside an input or textarea (the page's Selection does not see it). */
export function describeControlSelection(model: TextModel, control: HTMLInputElement | HTMLTextAreaElement): Description | null {
  let from: number | null = null;
  let to: number | null = null;
  try {
    from = control.selectionStart;
    to = control.selectionEnd;
  } catch {
    // Input types without a selection API.
  }
  if (from === null || to === null) return null;
  return describeControlSpan(model, control, from, to);
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
