// Where a badge may sit (issue 12, "badges that never get in the way"). A badge is drawn only where its target is
// the topmost page element at the target's own value (not under a modal, not scrolled out of the box that clips it),
// beside the value and never on its text, never over a page control other than its own target, never over another
// element's text or a different layer (a modal, a fixed bar), and entirely inside the target's visible region.
// Reads layout only (rects, computed styles, hit tests); one Placer per render pass caches what it measured, so the
// whole pass costs one layout.
import { containsFlat } from '../../src/anchoring/text-model.ts';

export interface Rect {
  left: number;
  top: number;
  right: number;
  bottom: number;
}

export interface Size {
  w: number;
  h: number;
}

/** What takes a click on a page: a badge is never drawn over one (other than its own target). */
export const INTERACTIVE = 'a, button, input, select, textarea, label, summary, [role="button"], [role="link"], [role="tab"], [role="checkbox"], [role="menuitem"], [contenteditable="true"], [contenteditable=""]';
const DIALOG = 'dialog, [role="dialog"], [role="alertdialog"], [aria-modal="true"], [popover]';
const CONTROL = new Set(['INPUT', 'TEXTAREA', 'SELECT']);
/** Overflow values that clip an element's content to its padding box. */
const CLIPS = /^(auto|scroll|hidden|clip|overlay)$/;

/** A chip's height (font 10px/1, padding 2px, border 1px: style.css) and the gap between chips and around a badge. */
export const CHIP_H = 16;
export const GAP = 2;
const CHIP_FONT = '600 10px system-ui, sans-serif';
/** Horizontal padding and border of a chip, plus a pixel of slack. */
const CHIP_EXTRA = 11;

const EMPTY: readonly Rect[] = [];
const MAX_CONTROLS = 100;
const FULL: Rect = { left: -1e9, top: -1e9, right: 1e9, bottom: 1e9 };

export const rectOf = (r: { left: number; top: number; right: number; bottom: number }): Rect => ({ left: r.left, top: r.top, right: r.right, bottom: r.bottom });
const area = (r: Rect) => Math.max(0, r.right - r.left) * Math.max(0, r.bottom - r.top);
export const intersect = (a: Rect, b: Rect): Rect => ({ left: Math.max(a.left, b.left), top: Math.max(a.top, b.top), right: Math.min(a.right, b.right), bottom: Math.min(a.bottom, b.bottom) });
/** Overlap of more than a sliver (half a pixel each way). */
export const overlaps = (a: Rect, b: Rect) => a.left < b.right - 0.5 && b.left < a.right - 0.5 && a.top < b.bottom - 0.5 && b.top < a.bottom - 0.5;
const inside = (a: Rect, b: Rect) => a.left >= b.left - 0.5 && a.top >= b.top - 0.5 && a.right <= b.right + 0.5 && a.bottom <= b.bottom + 0.5;
const union = (rs: readonly Rect[]): Rect | null =>
  rs.length === 0
    ? null
    : rs.reduce((u, r) => ({ left: Math.min(u.left, r.left), top: Math.min(u.top, r.top), right: Math.max(u.right, r.right), bottom: Math.max(u.bottom, r.bottom) }));

let context: CanvasRenderingContext2D | null | undefined;
const widths = new Map<string, number>();

/** The width of a text in a font, measured on a canvas (never attached); an estimate where there is none (tests). */
function textWidth(text: string, font: string): number {
  const key = `${font}|${text}`;
  const known = widths.get(key);
  if (known !== undefined) return known;
  if (context === undefined) {
    try {
      context = typeof document === 'undefined' ? null : document.createElement('canvas').getContext('2d');
    } catch {
      context = null;
    }
  }
  let w = text.length * (parseFloat(/(\d+(?:\.\d+)?)px/.exec(font)?.[1] ?? '10') * 0.58);
  if (context) {
    context.font = font;
    const measured = context.measureText(text).width;
    if (Number.isFinite(measured) && measured > 0) w = measured;
  }
  widths.set(key, w);
  return w;
}

/** The width a chip showing `label` takes. */
export const chipWidth = (label: string) => Math.ceil(textWidth(label, CHIP_FONT) + CHIP_EXTRA);

/** The size of a badge of chips laid out left to right, wrapped to `maxW` (as the flex row in style.css wraps). */
export function badgeSize(chipWidths: readonly number[], maxW = Infinity): Size {
  let lines = 1;
  let line = 0;
  let w = 0;
  for (const cw of chipWidths) {
    if (line > 0 && line + GAP + cw > maxW) {
      lines++;
      w = Math.max(w, line);
      line = cw;
    } else {
      line = line > 0 ? line + GAP + cw : cw;
    }
  }
  return { w: Math.max(w, line), h: lines * CHIP_H + (lines - 1) * GAP };
}

/**
 * Where a badge may go around a target, best first: right of its value on the value's first line (inside the target
 * when there is room, else over the empty space beside it), inside the target below or above the value (wrapped to
 * the target's width), then outside the target: right, above, below. A target without a value: where the value
 * would start (`empty: 'start'`, a field not filled in) or its right end (an empty form control). Each is checked
 * before it is taken.
 */
export function candidates(box: Rect, values: readonly Rect[], chipWidths: readonly number[], empty: 'start' | 'end' = 'end'): Rect[] {
  const one = badgeSize(chipWidths);
  const hull = union(values);
  const line = values[0] ?? box;
  const mid = (r: Rect) => (r.top + r.bottom) / 2;
  const at = (left: number, top: number, s: Size): Rect => ({ left, top, right: left + s.w, bottom: top + s.h });
  const out: Rect[] = [];
  if (hull) {
    out.push(at(hull.right + 2 * GAP, mid(line) - one.h / 2, one));
    const inner = badgeSize(chipWidths, box.right - box.left - 2 * GAP);
    out.push(at(box.right - GAP - inner.w, hull.bottom + GAP, inner));
    out.push(at(box.right - GAP - inner.w, hull.top - GAP - inner.h, inner));
  } else {
    // Nothing to cover: where the value would start (an empty field), or the target's right end (an empty control).
    if (empty === 'start') out.push(at(box.left, mid(box) - one.h / 2, one));
    out.push(at(box.right - GAP - one.w, mid(box) - one.h / 2, one));
  }
  out.push(at(box.right + 2 * GAP, mid(line) - one.h / 2, one));
  out.push(at(box.right - one.w, box.top - GAP - one.h, one));
  out.push(at(box.right - one.w, box.bottom + GAP, one));
  return out;
}

/**
 * Points of a badge's box to hit-test: its middle first, then its corners (1 px in) and, on a wider badge, points
 * along its top and bottom edges every 24 px at most, so a control as small as a checkbox cannot hide between them.
 */
export function samplePoints(r: Rect): [number, number][] {
  const w = r.right - r.left;
  const cols = Math.max(2, Math.ceil((w - 2) / 24) + 1);
  const xs = Array.from({ length: cols }, (_, i) => r.left + 1 + ((w - 2) * i) / (cols - 1));
  const ys = [r.top + 1, r.bottom - 1];
  if (r.bottom - r.top > 2 * CHIP_H) ys.push((r.top + r.bottom) / 2);
  const out: [number, number][] = [[(r.left + r.right) / 2, (r.top + r.bottom) / 2]];
  for (const y of ys) for (const x of xs) out.push([x, y]);
  return out;
}

function parentFlat(n: Node): Element | null {
  if (n.parentElement) return n.parentElement;
  const p = n.parentNode;
  return p !== null && p.nodeType === 11 ? ((p as ShadowRoot).host ?? null) : null;
}

/** The nearest interactive element from `el` up to `stop` (included), crossing shadow roots; null when none. */
function interactiveUpTo(el: Element, stop: Element | null): Element | null {
  for (let a: Element | null = el; a; a = parentFlat(a)) {
    if (a.matches(INTERACTIVE)) return a;
    if (a === stop) return null;
  }
  return null;
}

type HitRoot = { elementFromPoint?(x: number, y: number): Element | null; elementsFromPoint?(x: number, y: number): Element[] };

/** Measures and decides for one render pass. */
export class Placer {
  private readonly chains = new Map<Element, Rect>();
  private readonly layers = new Map<Element, Element | null>();
  private readonly texts = new Map<Element, Rect[]>();
  private readonly ownTexts = new Map<Element, Rect[]>();
  private readonly controls = new Map<Element, Rect[]>();
  private readonly styles = new Map<Element, CSSStyleDeclaration | null>();
  /** The badges placed so far in this pass: the next ones keep clear of them. */
  private readonly taken: Rect[] = [];
  /** False where the engine has no layout (happy-dom): no hit tests, every place is taken as seen. */
  private readonly hitTesting: boolean;

  constructor(
    private readonly host: Element,
    private readonly viewport: Rect,
  ) {
    this.hitTesting = typeof (document as HitRoot).elementsFromPoint === 'function' && !/happy-dom|jsdom/i.test(navigator.userAgent);
  }

  /**
   * Where a badge of chips of these widths goes for `target`, in viewport coordinates, or null: the target is not
   * the topmost page element at its value (a modal over it, scrolled out of its box, off screen), or no place
   * beside it is free.
   */
  place(target: Element, chipWidths: readonly number[]): Rect | null {
    const box = rectOf(target.getBoundingClientRect());
    if (box.right - box.left < 1 && box.bottom - box.top < 1) return null;
    // An empty value (a date not yet set): the line where it would show.
    if (box.bottom - box.top < 1) box.bottom = box.top + CHIP_H;
    if (box.right - box.left < 1) box.right = box.left + 1;
    const clip = intersect(this.visibleRegion(parentFlat(target)), this.viewport);
    if (area(intersect(box, clip)) === 0) return null;
    const values = this.valueRects(target);
    const root = target.getRootNode() as unknown as HitRoot;
    // Occlusion: the target (or what it holds) must be on top where its value shows.
    const seen = values.map((v) => intersect(v, clip)).find((v) => area(v) > 0) ?? intersect(box, clip);
    const top = this.hit((seen.left + seen.right) / 2, (seen.top + seen.bottom) / 2, root);
    // Where an empty value would show, the bare background of its container is as good as the target itself.
    const bare = values.length === 0 && !CONTROL.has(target.tagName);
    if (top === null || (top !== undefined && top !== target && !containsFlat(target, top) && !(bare && containsFlat(top, target)))) return null;
    for (const c of candidates(box, values, chipWidths, bare ? 'start' : 'end')) {
      if (this.accepts(c, target, values, clip, root)) {
        this.taken.push(c);
        return c;
      }
    }
    return null;
  }

  private accepts(c: Rect, target: Element, values: readonly Rect[], clip: Rect, root: HitRoot): boolean {
    if (!inside(c, clip)) return false;
    if (values.some((v) => overlaps(c, v)) || this.taken.some((t) => overlaps(c, t))) return false;
    if (this.controlsIn(target).some((r) => overlaps(c, r))) return false;
    // The neighbours' text (the next cell's header, the label before a value), without a hit test.
    for (const n of [target.previousElementSibling, target.nextElementSibling]) if (n && this.textOf(n).some((r) => overlaps(c, r))) return false;
    if (!this.hitTesting) return true;
    for (const [x, y] of samplePoints(c)) {
      const e = this.hit(x, y, root);
      if (!e) return false;
      if (e === target || containsFlat(target, e)) {
        // Over the target itself: not over a control it holds (its own control is fine).
        const control = interactiveUpTo(e, target);
        if (control !== null && control !== target) return false;
        continue;
      }
      if (interactiveUpTo(e, null) !== null) return false;
      if (containsFlat(e, target)) {
        // The empty background around the target: not over that ancestor's own text.
        if (this.ownTextOf(e).some((r) => overlaps(c, r))) return false;
        continue;
      }
      // A neighbour: same layer (not a modal or a fixed bar), and none of its text or controls under the badge.
      if (this.layerOf(e) !== this.layerOf(target)) return false;
      if (this.textOf(e).some((r) => overlaps(c, r)) || this.controlsIn(e).some((r) => overlaps(c, r))) return false;
    }
    return true;
  }

  /**
   * Where the text of a range shows, for evidence marks: the line boxes of each of its text nodes (text only, not
   * the boxes of elements it wholly contains), cut by the boxes that clip that text and by the viewport, and only
   * where the text's element is on top (not under a dialog or a fixed bar). At most `max` boxes.
   */
  textMarks(range: Range, max: number): Rect[] {
    const out: Rect[] = [];
    if (area(intersect(rectOf(range.getBoundingClientRect()), this.viewport)) === 0) return out;
    const root = range.commonAncestorContainer;
    const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
    const piece = document.createRange();
    for (let n: Node | null = root.nodeType === Node.TEXT_NODE ? root : walker.nextNode(); n && out.length < max; n = walker.nextNode()) {
      const text = n as Text;
      if (!range.intersectsNode(text)) continue;
      const start = text === range.startContainer ? range.startOffset : 0;
      const end = text === range.endContainer ? range.endOffset : text.data.length;
      if (end <= start || text.data.slice(start, end).trim() === '') continue;
      const el = text.parentElement;
      if (!el) continue;
      piece.setStart(text, start);
      piece.setEnd(text, end);
      const clip = intersect(this.visibleRegion(el), this.viewport);
      const hitRoot = el.getRootNode() as unknown as HitRoot;
      for (const r of Array.from(piece.getClientRects())) {
        const seen = intersect(rectOf(r), clip);
        if (area(seen) === 0) continue;
        const top = this.hit((seen.left + seen.right) / 2, (seen.top + seen.bottom) / 2, hitRoot);
        if (top === null || (top !== undefined && top !== el && !containsFlat(el, top) && !containsFlat(top, el))) continue;
        out.push(seen);
        if (out.length >= max) break;
      }
      if (root.nodeType === Node.TEXT_NODE) break;
    }
    return out;
  }

  /** Where a form control holding evidence shows (cut and hidden as `textMarks`), or null. */
  elementMark(el: Element): Rect | null {
    const parent = parentFlat(el);
    const seen = intersect(rectOf(el.getBoundingClientRect()), intersect(this.visibleRegion(parent), this.viewport));
    if (area(seen) === 0) return null;
    const top = this.hit((seen.left + seen.right) / 2, (seen.top + seen.bottom) / 2, el.getRootNode() as unknown as HitRoot);
    return top === null || (top !== undefined && top !== el && !containsFlat(el, top)) ? null : seen;
  }

  /**
   * The part of `r` (else of `el`'s own box) that the page shows, or null: clipped away by the scroll boxes around
   * `el`, or, where it is on screen, under something of another layer (a dialog, its backdrop). Being scrolled out
   * of the viewport alone does not hide it.
   */
  visiblePart(el: Element, r: Rect): Rect | null {
    const region = this.visibleRegion(parentFlat(el));
    let seen = intersect(r, region);
    if (area(seen) === 0) seen = intersect(rectOf(el.getBoundingClientRect()), region);
    if (area(seen) === 0) return null;
    const x = (seen.left + seen.right) / 2;
    const y = (seen.top + seen.bottom) / 2;
    if (x < 0 || y < 0 || x >= window.innerWidth || y >= window.innerHeight) return seen;
    const top = this.hit(x, y, el.getRootNode() as unknown as HitRoot);
    return top === undefined || (top !== null && (top === el || containsFlat(el, top) || containsFlat(top, el))) ? seen : null;
  }

  /** The topmost page element at a point (the overlay's host left out); undefined without hit testing. */
  private hit(x: number, y: number, root: HitRoot): Element | null | undefined {
    if (!this.hitTesting) return undefined;
    const from = typeof root.elementFromPoint === 'function' ? root : (document as HitRoot);
    const first = from.elementFromPoint?.(x, y) ?? null;
    if (first !== this.host) return first;
    for (const e of from.elementsFromPoint?.(x, y) ?? []) if (e !== this.host) return e;
    return null;
  }

  private style(el: Element): CSSStyleDeclaration | null {
    let s = this.styles.get(el);
    if (s === undefined) {
      s = typeof getComputedStyle === 'function' ? getComputedStyle(el) : null;
      this.styles.set(el, s);
    }
    return s;
  }

  /** What of the viewport the children of `el` can show: cut by every ancestor that clips (scroll boxes). */
  private visibleRegion(el: Element | null): Rect {
    if (!el || el === document.documentElement || el === document.body) return this.viewport;
    const known = this.chains.get(el);
    if (known) return known;
    const s = this.style(el);
    let r = s?.position === 'fixed' ? this.viewport : this.visibleRegion(parentFlat(el));
    if (s && (CLIPS.test(s.overflowX) || CLIPS.test(s.overflowY) || CLIPS.test(s.overflow))) {
      const b = el.getBoundingClientRect();
      const left = b.left + el.clientLeft;
      const top = b.top + el.clientTop;
      r = intersect(r, { left, top, right: left + el.clientWidth, bottom: top + el.clientHeight });
    }
    this.chains.set(el, r);
    return r;
  }

  /** The layer an element is drawn in: the dialog or fixed-position box holding it, else null (the page). */
  private layerOf(el: Element | null): Element | null {
    if (!el || el === document.body || el === document.documentElement) return null;
    const known = this.layers.get(el);
    if (known !== undefined) return known;
    const own = el.matches(DIALOG) || this.style(el)?.position === 'fixed';
    const layer = own ? el : this.layerOf(parentFlat(el));
    this.layers.set(el, layer);
    return layer;
  }

  /**
   * Where a target's value shows: the text of a form control (measured in its font), else the boxes of its text
   * (an inline element holding text counts with its padding: a status pill).
   */
  valueRects(el: Element): Rect[] {
    if (CONTROL.has(el.tagName)) return this.controlValue(el as HTMLInputElement | HTMLSelectElement | HTMLTextAreaElement);
    return this.textOf(el);
  }

  private controlValue(el: HTMLInputElement | HTMLSelectElement | HTMLTextAreaElement): Rect[] {
    const b = rectOf(el.getBoundingClientRect());
    const s = this.style(el);
    if (el.tagName === 'TEXTAREA' || !s) return [b];
    const text = el.tagName === 'SELECT' ? ((el as HTMLSelectElement).selectedOptions[0]?.text ?? '') : el.value || (el as HTMLInputElement).placeholder || '';
    if (text === '') return [];
    const left = b.left + (parseFloat(s.borderLeftWidth) || 0) + (parseFloat(s.paddingLeft) || 0);
    const font = s.font || `${s.fontWeight} ${s.fontSize} ${s.fontFamily}`;
    return [{ left, top: b.top, right: Math.min(b.right, left + textWidth(text, font) + 2), bottom: b.bottom }];
  }

  /** The boxes of an element's text (up to 200 text nodes), inline wrappers with their padding. */
  private textOf(el: Element): Rect[] {
    const known = this.texts.get(el);
    if (known) return known;
    const out: Rect[] = [];
    const seen = new Set<Element>();
    const walker = document.createTreeWalker(el, 4 /* SHOW_TEXT */);
    let n = 0;
    for (let t = walker.nextNode(); t && n < 200; t = walker.nextNode(), n++) {
      if ((t.nodeValue ?? '').trim() === '') continue;
      const p = t.parentElement;
      if (p && p !== el && !seen.has(p) && /^inline/.test(this.style(p)?.display ?? '')) {
        seen.add(p);
        for (const r of Array.from(p.getClientRects())) if (area(r) > 0) out.push(rectOf(r));
        continue;
      }
      if (p && seen.has(p)) continue;
      out.push(...this.rangeRects(t));
    }
    this.texts.set(el, out);
    return out;
  }

  /** The boxes of an element's own text nodes (not its children's). */
  private ownTextOf(el: Element): Rect[] {
    const known = this.ownTexts.get(el);
    if (known) return known;
    const out: Rect[] = [];
    for (const t of Array.from(el.childNodes)) if (t.nodeType === 3 && (t.nodeValue ?? '').trim() !== '') out.push(...this.rangeRects(t));
    this.ownTexts.set(el, out);
    return out;
  }

  private rangeRects(t: Node): Rect[] {
    const range = document.createRange();
    range.selectNodeContents(t);
    const rects = typeof range.getClientRects === 'function' ? Array.from(range.getClientRects()) : [];
    return rects.filter((r) => area(r) > 0).map(rectOf);
  }

  /** The boxes of the controls inside an element (not the element itself). */
  private controlsIn(el: Element): readonly Rect[] {
    if (CONTROL.has(el.tagName)) return EMPTY;
    const known = this.controls.get(el);
    if (known) return known;
    const found = el.querySelectorAll(INTERACTIVE);
    // A large neighbour full of controls (a whole list) is not measured: the badge does not go over it.
    const out = found.length > MAX_CONTROLS ? [FULL] : Array.from(found, (c) => rectOf(c.getBoundingClientRect())).filter((r) => area(r) > 0);
    this.controls.set(el, out);
    return out;
  }
}
