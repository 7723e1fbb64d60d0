// The inspector's current selection, as the describer reads it: a composed range across open shadow roots
// (`Selection.getComposedRanges`, with the open shadow roots on the selection's path; a fallback where the API is
// missing), or a span of a focused input's or textarea's value (read-only ones included: the page's Selection does
// not see inside form controls). What cannot be read says why: a selection in a closed shadow root or in a frame
// (a cross-origin iframe's document is not ours) gives nothing, never an error.
import { controlText } from '../anchoring/text-model.ts';

export type TextControl = HTMLInputElement | HTMLTextAreaElement;

/** Why there is nothing to capture. */
export type NoSelectionReason = 'empty' | 'overlay' | 'frame' | 'closed-shadow';

export type PageSelection =
  /** Text of the page: a StaticRange when it crosses a shadow boundary (a live Range cannot), else a Range. */
  | { kind: 'range'; range: AbstractRange }
  /** A span [start, end) of a form control's value, in UTF-16 offsets of `control.value`. */
  | { kind: 'control'; control: TextControl; start: number; end: number }
  | { kind: 'none'; reason: NoSelectionReason };

export interface SelectionOptions {
  /** The overlay's own host element: a selection inside it is not the page's, and its shadow root is left out. */
  exclude?: Element | null;
}

/** Elements looked at, at most, when collecting the open shadow roots under a selection. */
const MAX_SCAN = 20_000;

/** The element that has the focus, followed into open shadow roots (a closed one stops at its host). */
export function deepActiveElement(doc: Document): Element | null {
  let el: Element | null = doc.activeElement;
  for (let i = 0; el && i < 32; i++) {
    const inner: Element | null | undefined = (el as HTMLElement).shadowRoot?.activeElement;
    if (!inner) break;
    el = inner;
  }
  return el;
}

/** `contains` across open shadow roots (the node's own tree, then its hosts'). */
function inside(ancestor: Node, node: Node): boolean {
  for (let n: Node | null = node; n; n = n.parentNode ?? (n instanceof ShadowRoot ? n.host : null)) if (n === ancestor) return true;
  return false;
}

function isTextControl(el: Element | null): el is TextControl {
  return el !== null && (el.localName === 'input' || el.localName === 'textarea') && controlText(el) !== null;
}

/** The selected span of a text control's value, or null (types without a selection API answer null or throw). */
function controlSpan(el: TextControl): { start: number; end: number } | null {
  try {
    const start = el.selectionStart;
    const end = el.selectionEnd;
    if (start === null || end === null || start === end) return null;
    return { start: Math.min(start, end), end: Math.max(start, end) };
  } catch {
    return null;
  }
}

/**
 * The open shadow roots a selection may end in: those on the focus path, those around its anchor and focus nodes,
 * and every open shadow root under the (tree-scoped) range the document's Selection reports, nested ones included.
 * The overlay's own root is left out.
 */
export function openShadowRoots(doc: Document, sel: Selection, exclude: Element | null = null): ShadowRoot[] {
  const roots = new Set<ShadowRoot>();
  const add = (root: ShadowRoot | null | undefined) => {
    if (root && root.mode === 'open' && root.host !== exclude) roots.add(root);
  };
  const around = (node: Node | null) => {
    for (let n: Node | null = node; n; ) {
      const root = n.getRootNode();
      if (!(root instanceof ShadowRoot)) break;
      add(root);
      n = root.host;
    }
  };
  around(sel.anchorNode);
  around(sel.focusNode);
  for (let el = doc.activeElement, i = 0; el && i < 32; i++) {
    const root = (el as HTMLElement).shadowRoot;
    add(root);
    el = root?.activeElement ?? null;
  }
  // Chromium reports a selection that enters a shadow tree at the host's place: search under the range for hosts.
  let scanned = 0;
  const scan = (top: Node) => {
    const stack: Node[] = [top];
    while (stack.length > 0 && scanned < MAX_SCAN) {
      const n = stack.pop() as Node;
      if (n.nodeType === 1) {
        scanned += 1;
        const el = n as Element;
        if (el === exclude) continue;
        const root = (el as HTMLElement).shadowRoot;
        if (root && root.mode === 'open') {
          add(root);
          stack.push(root);
        }
      }
      for (let c = n.firstChild; c; c = c.nextSibling) if (c.nodeType === 1 || c.nodeType === 11) stack.push(c);
    }
  };
  for (let i = 0; i < sel.rangeCount; i++) {
    const range = sel.getRangeAt(i);
    scan(range.commonAncestorContainer);
  }
  return [...roots];
}

/** Whether a range starts and ends at the same point. */
function collapsedAt(r: AbstractRange): boolean {
  return r.startContainer === r.endContainer && r.startOffset === r.endOffset;
}

/** The selection as the page's Selection gives it, crossing open shadow roots where the browser can say so. */
function composedRange(doc: Document, sel: Selection, exclude: Element | null): AbstractRange | null {
  const roots = openShadowRoots(doc, sel, exclude);
  const composed = (sel as Selection & { getComposedRanges?: (o?: GetComposedRangesOptions) => StaticRange[] }).getComposedRanges;
  if (typeof composed === 'function') {
    // Some browsers took the shadow roots as arguments before the options object.
    let ranges: StaticRange[];
    try {
      ranges = composed.call(sel, { shadowRoots: roots });
    } catch {
      ranges = (composed as unknown as (...r: ShadowRoot[]) => StaticRange[]).call(sel, ...roots);
    }
    return ranges[0] ?? null;
  }
  // Without the API: Chromium's older per-root Selection knows where a selection inside one shadow root is.
  for (const root of roots) {
    const own = (root as ShadowRoot & { getSelection?: () => Selection | null }).getSelection?.();
    if (own && own.rangeCount > 0 && !own.isCollapsed) {
      const r = own.getRangeAt(0);
      if (r.startContainer.getRootNode() === root || r.endContainer.getRootNode() === root) return r;
    }
  }
  return sel.rangeCount > 0 ? sel.getRangeAt(0) : null;
}

/** Whether a range lying in one tree covers no text at all (the content of a closed shadow root is not in it). */
function emptyInOneTree(doc: Document, r: AbstractRange): boolean {
  if (r.startContainer.getRootNode() !== r.endContainer.getRootNode()) return false;
  try {
    const live = doc.createRange();
    live.setStart(r.startContainer, r.startOffset);
    live.setEnd(r.endContainer, r.endOffset);
    if (live.toString().trim() !== '') return false;
    // Open shadow content under the range is text too.
    const top = live.commonAncestorContainer;
    const walker = doc.createTreeWalker(top, 1);
    for (let n = walker.nextNode(), i = 0; n && i < MAX_SCAN; n = walker.nextNode(), i++) {
      if ((n as HTMLElement).shadowRoot?.textContent?.trim() && live.intersectsNode(n)) return false;
      if (isTextControl(n as Element) && live.intersectsNode(n)) return false;
    }
    return true;
  } catch {
    return false;
  }
}

/**
 * The inspector's current selection on `doc`. Never throws: whatever the page does (closed shadow roots, frames,
 * controls without a selection API), the answer is a selection or a reason.
 */
export function currentSelection(doc: Document = document, opts: SelectionOptions = {}): PageSelection {
  const exclude = opts.exclude ?? null;
  try {
    const active = deepActiveElement(doc);
    if (active && exclude && inside(exclude, active)) {
      // The overlay's own controls have the focus (its toolbar): the page's selection is still the page's.
    } else if (active && (active.localName === 'iframe' || active.localName === 'frame')) {
      // The selection lives in the frame's own document: a cross-origin one cannot be read, and frames are not part
      // of the page's text model.
      return { kind: 'none', reason: 'frame' };
    } else if (isTextControl(active)) {
      const span = controlSpan(active);
      if (span) return { kind: 'control', control: active, ...span };
    }
    const sel = doc.getSelection();
    if (!sel || sel.rangeCount === 0 || sel.type === 'None') return { kind: 'none', reason: 'empty' };
    const range = composedRange(doc, sel, exclude);
    if (!range || collapsedAt(range)) {
      // A focus inside a closed shadow root leaves the document's selection collapsed at its host.
      return { kind: 'none', reason: sel.toString().trim() !== '' ? 'closed-shadow' : 'empty' };
    }
    if (exclude && (inside(exclude, range.startContainer) || inside(exclude, range.endContainer))) return { kind: 'none', reason: 'overlay' };
    if (emptyInOneTree(doc, range)) return { kind: 'none', reason: sel.toString().trim() !== '' ? 'closed-shadow' : 'empty' };
    return { kind: 'range', range };
  } catch {
    return { kind: 'none', reason: 'empty' };
  }
}

/** The nearest element of a node (itself, its parent element, or its shadow root's host). */
export function elementOf(node: Node): Element | null {
  if (node.nodeType === 1) return node as Element;
  if (node instanceof ShadowRoot) return node.host;
  return node.parentElement ?? (node.parentNode instanceof ShadowRoot ? node.parentNode.host : null);
}

export interface Rect {
  left: number;
  top: number;
  width: number;
  height: number;
}

let measureCanvas: { getContext(kind: '2d'): CanvasRenderingContext2D | OffscreenCanvasRenderingContext2D | null } | null = null;

/** A 2D context for measuring text, never attached to the page. */
function measuringContext(doc: Document): CanvasRenderingContext2D | OffscreenCanvasRenderingContext2D | null {
  try {
    measureCanvas ??= typeof OffscreenCanvas === 'function' ? new OffscreenCanvas(1, 1) : doc.createElement('canvas');
    return measureCanvas.getContext('2d');
  } catch {
    return null;
  }
}

const px = (v: string) => Number.parseFloat(v) || 0;

/**
 * The viewport box of the span [start, end) of a single-line input's value: measured with a canvas in the control's
 * computed font, from its content box, its text alignment and its horizontal scroll; clipped to the content box.
 * Null for a textarea (its value wraps) or when the font cannot be measured: then the control's own box is the place.
 */
export function controlSpanRect(control: Element, start: number, end: number): Rect | null {
  if (control.localName !== 'input') return null;
  const input = control as HTMLInputElement;
  const doc = input.ownerDocument;
  const view = doc.defaultView;
  const ctx = measuringContext(doc);
  if (!view || !ctx) return null;
  try {
    const cs = view.getComputedStyle(input);
    ctx.font = cs.font || `${cs.fontStyle} ${cs.fontWeight} ${cs.fontSize} ${cs.fontFamily}`;
    if ('letterSpacing' in ctx && cs.letterSpacing && cs.letterSpacing !== 'normal') ctx.letterSpacing = cs.letterSpacing;
    const value = input.value;
    const width = (s: string) => ctx.measureText(s).width;
    const box = input.getBoundingClientRect();
    const left = box.left + px(cs.borderLeftWidth) + px(cs.paddingLeft);
    const right = box.right - px(cs.borderRightWidth) - px(cs.paddingRight);
    const top = box.top + px(cs.borderTopWidth) + px(cs.paddingTop);
    const bottom = box.bottom - px(cs.borderBottomWidth) - px(cs.paddingBottom);
    const total = width(value);
    const free = Math.max(0, right - left - total);
    const align = cs.textAlign;
    const shift = align === 'center' ? free / 2 : align === 'right' || align === 'end' ? free : 0;
    const x0 = left + shift - input.scrollLeft + width(value.slice(0, start));
    const x1 = left + shift - input.scrollLeft + width(value.slice(0, end));
    const a = Math.max(left, Math.min(x0, right));
    const b = Math.max(left, Math.min(x1, right));
    if (!(b > a) || !(bottom > top)) return null;
    return { left: a, top, width: b - a, height: bottom - top };
  } catch {
    return null;
  }
}

/** Where the selection ends on screen (for the capture button), or null when nothing of it is laid out. */
export function selectionEndRect(doc: Document, sel: PageSelection): Rect | null {
  try {
    if (sel.kind === 'none') return null;
    if (sel.kind === 'control') {
      const r = controlSpanRect(sel.control, sel.start, sel.end) ?? sel.control.getBoundingClientRect();
      return { left: r.left, top: r.top, width: r.width, height: r.height };
    }
    const r = sel.range;
    let rects: DOMRectList | null = null;
    if (r instanceof Range) rects = r.getClientRects();
    else {
      // A StaticRange has no geometry: measure its last part, inside the tree its end lies in.
      const live = doc.createRange();
      const sameTree = r.startContainer.getRootNode() === r.endContainer.getRootNode();
      if (sameTree) live.setStart(r.startContainer, r.startOffset);
      else live.setStart(r.endContainer, 0);
      live.setEnd(r.endContainer, r.endOffset);
      rects = live.getClientRects();
      if (rects.length === 0) {
        const el = elementOf(r.endContainer);
        const b = el?.getBoundingClientRect();
        return b ? { left: b.left, top: b.top, width: b.width, height: b.height } : null;
      }
    }
    const last = rects[rects.length - 1];
    return last ? { left: last.left, top: last.top, width: last.width, height: last.height } : null;
  } catch {
    return null;
  }
}

/** The parent of a node in the flat tree: its slot, its shadow root's host, or its parent. */
function flatParent(n: Node): Node | null {
  const slot = (n as Element | Text).assignedSlot;
  if (slot) return slot;
  const p = n.parentNode;
  return p instanceof ShadowRoot ? p.host : p;
}

/**
 * The element of the document's own tree a selection belongs to: the closest common ancestor of its ends in the flat
 * tree, outside any shadow root (a shadow root's content belongs to its host). For the dossier it was made in and
 * its list row.
 */
export function selectionElement(sel: PageSelection): Element | null {
  if (sel.kind === 'none') return null;
  const ancestors = (node: Node) => {
    const out: Node[] = [];
    for (let n: Node | null = node; n && out.length < 10_000; n = flatParent(n)) out.push(n);
    return out;
  };
  const [a, b] = sel.kind === 'control' ? [sel.control, sel.control] : [sel.range.startContainer, sel.range.endContainer];
  const ofB = new Set(ancestors(b));
  for (const n of ancestors(a)) {
    if (ofB.has(n) && n.nodeType === 1 && n.getRootNode() === n.ownerDocument) return n as Element;
  }
  return null;
}
