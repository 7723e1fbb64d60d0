// The page's normalised text model (DESIGN section 8): one pass over the flat tree (open shadow roots and slots
// included, input/textarea/select values read in place) builds the text every selector is described and anchored
// against. Whitespace runs (and `&nbsp;`) collapse to one space, block boundaries count as a space, text is NFC.

/** Where model text comes from: a text node, or the current value of a form control. */
export type TextSource = Text | HTMLInputElement | HTMLTextAreaElement | HTMLSelectElement;

export interface Segment {
  source: TextSource;
  /** Model offsets (UTF-16) of this segment: [start, end). */
  start: number;
  end: number;
  /**
   * For each model character of the segment, its offset in the source's raw text; one extra entry for the end. Null
   * for text that needed no normalising (most of a page): then the first `lead` characters (a boundary space) map to
   * offset 0 and the rest to `skip + i - lead`.
   */
  raw: number[] | null;
  lead: number;
  skip: number;
}

export interface TextModel {
  text: string;
  segments: Segment[];
  /** Segment index by source, for boundary-point lookups. */
  bySource: Map<Node, number>;
}

export interface TextModelOptions {
  /** Elements whose subtree is left out (the overlay's own host element). */
  skip?: (el: Element) => boolean;
  /** Receives every element whose open shadow root the walk entered (the incremental pass re-reads them). */
  hosts?: Element[];
}

// By local name (lower case for HTML elements; compared without allocating an upper-case copy per element).
const SKIPPED_TAGS = new Set(['script', 'style', 'noscript', 'template', 'head', 'svg', 'iframe', 'object', 'canvas', 'video', 'audio']);
const BLOCK_TAGS = new Set([
  'address', 'article', 'aside', 'blockquote', 'br', 'button', 'caption', 'dd', 'details', 'dialog', 'div', 'dl', 'dt', 'fieldset',
  'figcaption', 'figure', 'footer', 'form', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'header', 'hr', 'label', 'legend', 'li', 'main',
  'nav', 'ol', 'option', 'p', 'pre', 'section', 'summary', 'table', 'tbody', 'td', 'tfoot', 'th', 'thead', 'tr', 'ul',
]);
/** Input types whose value is text a person reads (never passwords or hidden values). */
const TEXT_INPUT_TYPES = new Set(['', 'text', 'search', 'email', 'tel', 'url', 'number', 'date', 'datetime-local', 'time', 'month']);

const WHITESPACE = /[\s\u00a0\u200b\ufeff]/;
/** Text the character loop must see: whitespace other than lone spaces, combining marks, surrogates. */
const NEEDS_WORK = /[^\S ]|[\u00a0\u200b\ufeff]| {2}|\p{M}|[\ud800-\udfff]/u;
const COMBINING = /\p{M}/u;

export function isTextInput(el: Element): el is HTMLInputElement {
  return el.tagName === 'INPUT' && TEXT_INPUT_TYPES.has(((el as HTMLInputElement).getAttribute('type') ?? '').toLowerCase());
}

/** The text a form control shows, or null for other elements. */
export function controlText(el: Element): string | null {
  if (isTextInput(el)) return el.value;
  if (el.tagName === 'TEXTAREA') return (el as HTMLTextAreaElement).value;
  if (el.tagName === 'SELECT') {
    const sel = el as HTMLSelectElement;
    return Array.from(sel.selectedOptions, (o) => o.text).join(', ');
  }
  return null;
}

const DECOMPOSED = /[\u0300-\u036f\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f]/;
/** Whitespace other than one plain space between words, or spaces at the ends. */
const UNTIDY = /[^\S ]|[\u200b\ufeff]| {2}|^ | $/;

/** Normalises a string the way the model does (for selectors made elsewhere, labels, headers and values). */
export function normalizeText(s: string): string {
  // Most values are already tidy NFC: skip the work then (a 2,000-row list reads 16,000 of them).
  const nfc = DECOMPOSED.test(s) ? s.normalize('NFC') : s;
  return UNTIDY.test(nfc) ? nfc.replace(/[\s\u00a0\u200b\ufeff]+/g, ' ').trim() : nfc;
}

class Builder {
  text = '';
  segments: Segment[] = [];
  bySource = new Map<Node, number>();
  private lastWasSpace = true;
  private pendingBreak = false;

  constructor(
    private readonly skip: ((el: Element) => boolean) | undefined,
    private readonly hosts: Element[] | undefined = undefined,
    /** Whether the text before the walk is empty or ends with a space (a fragment of a page starts there). */
    lastWasSpace = true,
  ) {
    this.lastWasSpace = lastWasSpace;
  }

  boundary(): void {
    if (!this.lastWasSpace) this.pendingBreak = true;
  }

  add(source: TextSource, raw: string): void {
    if (!NEEDS_WORK.test(raw)) {
      // Tidy text (single spaces, NFC, no astral characters): taken as it is, with an offset map of two numbers.
      const skip = this.lastWasSpace && raw.startsWith(' ') ? 1 : 0;
      const body = skip === 0 ? raw : raw.slice(1);
      if (body.length === 0) return;
      const lead = this.pendingBreak ? 1 : 0;
      this.pendingBreak = false;
      const start = this.text.length;
      this.text += lead === 1 ? ` ${body}` : body;
      this.lastWasSpace = body.endsWith(' ');
      this.bySource.set(source, this.segments.length);
      this.segments.push({ source, start, end: this.text.length, raw: null, lead, skip });
      return;
    }
    let out = '';
    const map: number[] = [];
    if (this.pendingBreak) {
      out += ' ';
      map.push(0);
      this.pendingBreak = false;
      this.lastWasSpace = true;
    }
    let i = 0;
    while (i < raw.length) {
      const ch = raw[i] ?? '';
      if (WHITESPACE.test(ch)) {
        if (!this.lastWasSpace) {
          out += ' ';
          map.push(i);
          this.lastWasSpace = true;
        }
        i += 1;
        continue;
      }
      // A base character with its combining marks, composed to NFC (decomposed Vietnamese is common).
      let j = i + 1;
      const code = raw.charCodeAt(i);
      if (code >= 0xd800 && code <= 0xdbff && j < raw.length) j += 1;
      while (j < raw.length && COMBINING.test(raw[j] ?? '')) j += 1;
      const cluster = j - i === 1 ? ch : raw.slice(i, j).normalize('NFC');
      for (let k = 0; k < cluster.length; k++) map.push(k === 0 ? i : Math.min(j, i + k));
      out += cluster;
      this.lastWasSpace = false;
      i = j;
    }
    if (out.length === 0) return;
    map.push(raw.length);
    const start = this.text.length;
    this.text += out;
    this.bySource.set(source, this.segments.length);
    this.segments.push({ source, start, end: this.text.length, raw: map, lead: 0, skip: 0 });
  }

  walk(node: Node): void {
    if (node.nodeType === 3) {
      this.add(node as Text, (node as Text).data);
      return;
    }
    if (node.nodeType !== 1 && node.nodeType !== 11) return;
    if (node.nodeType === 1) {
      const el = node as Element;
      const tag = el.localName;
      if (SKIPPED_TAGS.has(tag)) return;
      if (this.skip?.(el)) return;
      if (el.hasAttribute('hidden') || (tag === 'dialog' && !el.hasAttribute('open'))) return;
      if (tag === 'input' && el.getAttribute('type')?.toLowerCase() === 'hidden') return;
      const control = tag === 'input' || tag === 'textarea' || tag === 'select' ? controlText(el) : null;
      const block = BLOCK_TAGS.has(tag) || control !== null;
      if (block) this.boundary();
      if (control !== null) {
        this.add(el as TextSource, control);
      } else if (tag === 'slot') {
        const assigned = (el as HTMLSlotElement).assignedNodes({ flatten: true });
        const children = assigned.length > 0 ? assigned : Array.from(el.childNodes);
        for (const child of children) this.walk(child);
      } else if (tag !== 'input') {
        const shadow = (el as HTMLElement).shadowRoot;
        if (shadow) this.hosts?.push(el);
        if (shadow) this.walk(shadow);
        else for (let c = el.firstChild; c; c = c.nextSibling) this.walk(c);
      }
      if (block) this.boundary();
      return;
    }
    for (let c = node.firstChild; c; c = c.nextSibling) this.walk(c);
  }

  finish(): TextModel {
    // Drop a trailing space so the model neither starts nor ends with whitespace.
    const last = this.segments.at(-1);
    if (last && this.text.endsWith(' ')) {
      this.text = this.text.slice(0, -1);
      last.end -= 1;
      const map = last.raw ?? offsetsOf(last, last.end + 1);
      map.splice(map.length - 2, 1);
      last.raw = map;
      if (last.end === last.start) {
        this.segments.pop();
        this.bySource.delete(last.source);
      }
    }
    return { text: this.text, segments: this.segments, bySource: this.bySource };
  }
}

/** Builds the text model of `root` (a document, element or shadow root). */
export function buildTextModel(root: Node, options: TextModelOptions = {}): TextModel {
  const b = new Builder(options.skip, options.hosts);
  const start = root.nodeType === 9 ? ((root as Document).body ?? (root as Document).documentElement) : root;
  if (start) b.walk(start);
  return b.finish();
}

/**
 * The model of a run of elements of a page, as the whole page's walk would write it (offsets from 0, no trailing space
 * dropped): `afterSpace` tells whether the page's text before them is empty or ends with a space. The incremental
 * pass (`incremental.ts`) splices such fragments into the model of the last pass.
 */
export function buildTextFragment(elements: readonly Element[], afterSpace: boolean, options: TextModelOptions = {}): Pick<TextModel, 'text' | 'segments'> {
  const b = new Builder(options.skip, options.hosts, afterSpace);
  for (const el of elements) b.walk(el);
  return { text: b.text, segments: b.segments };
}

/** Whether the walk enters an element's children (the checks it makes on the element itself; a form control is read as its value). */
export function walksInto(el: Element, skip?: (el: Element) => boolean): boolean {
  const tag = el.localName;
  if (SKIPPED_TAGS.has(tag) || skip?.(el)) return false;
  if (el.hasAttribute('hidden') || (tag === 'dialog' && !el.hasAttribute('open'))) return false;
  if (tag === 'input' || tag === 'textarea' || tag === 'select') return false;
  return true;
}

/** Whether the walk brackets an element with block boundaries (and is not a form control, whose value is one source). */
export const isBlockElement = (el: Element): boolean => BLOCK_TAGS.has(el.localName);

/** The index of the segment holding model offset `pos` (the one starting there when it is a boundary), or -1. */
export function segmentAt(model: TextModel, pos: number, preferEnd = false): number {
  const segs = model.segments;
  let lo = 0;
  let hi = segs.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const s = segs[mid];
    if (s === undefined) return -1;
    if (preferEnd ? pos <= s.start : pos < s.start) hi = mid - 1;
    else if (preferEnd ? pos > s.end : pos >= s.end) lo = mid + 1;
    else return mid;
  }
  return -1;
}

/** The explicit offset map of a segment whose text was taken as it is (model length `end - start`). */
function offsetsOf(seg: Segment, end = seg.end): number[] {
  const out: number[] = [];
  for (let i = 0; i <= end - seg.start; i++) out.push(i < seg.lead ? 0 : seg.skip + i - seg.lead);
  return out;
}

/** The raw offset in a segment's source for a model offset inside [seg.start, seg.end]. */
export function rawOffset(seg: Segment, pos: number): number {
  const rel = Math.max(0, Math.min(seg.end - seg.start, pos - seg.start));
  if (seg.raw === null) return rel < seg.lead ? 0 : seg.skip + rel - seg.lead;
  return seg.raw[Math.min(seg.raw.length - 1, rel)] ?? 0;
}

/** The model offset of a raw offset inside a segment's source (the first model character at or after it). */
export function modelOffsetInSegment(seg: Segment, rawPos: number): number {
  if (seg.raw === null) {
    const length = seg.end - seg.start;
    if (rawPos <= 0 || (seg.lead === 0 && rawPos <= seg.skip)) return seg.start;
    if (rawPos <= seg.skip) return seg.start + seg.lead;
    return seg.start + Math.min(length, seg.lead + rawPos - seg.skip);
  }
  const raw = seg.raw;
  let lo = 0;
  let hi = raw.length - 1;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if ((raw[mid] ?? 0) < rawPos) lo = mid + 1;
    else hi = mid;
  }
  return seg.start + lo;
}

function isSource(node: Node): boolean {
  return node.nodeType === 3 || (node.nodeType === 1 && controlText(node as Element) !== null);
}

/** The model offset of a DOM boundary point (a Range's start or end). */
export function modelOffsetOf(model: TextModel, container: Node, offset: number): number {
  const direct = model.bySource.get(container);
  if (direct !== undefined && container.nodeType === 3) {
    const seg = model.segments[direct];
    if (seg) return modelOffsetInSegment(seg, offset);
  }
  // An element boundary: the first segment at or after the child at `offset`.
  let ref: Node | null = container.childNodes[offset] ?? null;
  if (ref === null) {
    // After the last child: the first node following the container's subtree.
    let n: Node | null = container;
    while (n && !n.nextSibling) n = n.parentNode;
    ref = n?.nextSibling ?? null;
    if (ref === null) return model.text.length;
  }
  if (isSource(ref)) {
    const idx = model.bySource.get(ref);
    if (idx !== undefined) return model.segments[idx]?.start ?? model.text.length;
  }
  const segs = model.segments;
  let lo = 0;
  let hi = segs.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    const s = segs[mid];
    if (!s) break;
    const rel = ref.compareDocumentPosition(s.source);
    const atOrAfter = s.source === ref || (rel & 4) !== 0 || (rel & 16) !== 0; // FOLLOWING or CONTAINED_BY
    if (atOrAfter) hi = mid;
    else lo = mid + 1;
  }
  return segs[lo]?.start ?? model.text.length;
}

/** The model span [start, end) covered by an element's subtree (or a form control's value). */
export function elementSpan(model: TextModel, el: Element): { start: number; end: number } | null {
  const direct = model.bySource.get(el);
  if (direct !== undefined) {
    const seg = model.segments[direct];
    return seg ? { start: seg.start, end: seg.end } : null;
  }
  const segs = model.segments;
  let first = -1;
  let last = -1;
  // Segments inside the element are contiguous in document order: find the first by binary search, then extend. A
  // segment of a shadow tree is ordered by its outermost host (in the document), and held by the element when the
  // host is (an applicant card in the middle of a detail page).
  let lo = 0;
  let hi = segs.length;
  const inDocument = el.getRootNode().nodeType === 9;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    const s = segs[mid];
    if (!s) break;
    const rel = el.compareDocumentPosition(inDocument ? documentNodeOf(s.source) : s.source);
    if ((rel & 16) !== 0 || (rel & 4) !== 0) hi = mid;
    else lo = mid + 1;
  }
  for (let i = lo; i < segs.length; i++) {
    const s = segs[i];
    if (!s || !(el.contains(s.source) || (inDocument && containsFlat(el, s.source)))) break;
    if (first === -1) first = i;
    last = i;
  }
  if (first === -1) {
    // Shadow content is not found by document order: fall back to a scan.
    for (let i = 0; i < segs.length; i++) {
      const s = segs[i];
      if (s && containsFlat(el, s.source)) {
        if (first === -1) first = i;
        last = i;
      } else if (first !== -1) break;
    }
  }
  const a = segs[first];
  const b = segs[last];
  if (!a || !b) return null;
  // A leading boundary space belongs to the element's first segment but not to its text.
  const start = model.text[a.start] === ' ' && a.start < a.end ? a.start + 1 : a.start;
  return { start, end: b.end };
}

/** The node a shadow tree's node is placed by in the document: its outermost host (the node itself elsewhere). */
function documentNodeOf(node: Node): Node {
  let n = node;
  for (let root = n.getRootNode(); root.nodeType === 11 && (root as ShadowRoot).host; root = n.getRootNode()) n = (root as ShadowRoot).host;
  return n;
}

/** `contains` across open shadow roots. */
export function containsFlat(ancestor: Node, node: Node): boolean {
  let n: Node | null = node;
  while (n) {
    if (n === ancestor) return true;
    n = n.parentNode ?? (n instanceof ShadowRoot ? n.host : null);
  }
  return false;
}

/** A DOM Range for model span [start, end), or the form control holding it when it lies in a control's value. */
export function domTargetOf(model: TextModel, start: number, end: number, doc: Document): { range: Range } | { element: Element } | null {
  const a = segmentAt(model, start);
  const b = segmentAt(model, end, true);
  const sa = model.segments[a];
  const sb = model.segments[b];
  if (!sa || !sb) return null;
  if (sa.source.nodeType === 1) return { element: sa.source as Element };
  if (sb.source.nodeType === 1) return { element: sb.source as Element };
  const range = doc.createRange();
  range.setStart(sa.source, rawOffset(sa, start));
  const root = sa.source.getRootNode();
  if (sb.source.getRootNode() === root) {
    range.setEnd(sb.source, rawOffset(sb, end));
    return { range };
  }
  // A span from one tree into another (the page into an open shadow root): a Range cannot cross the boundary, so the
  // part in the start's tree is drawn (setting the end in the other tree would collapse the range to nothing).
  let last = sa;
  for (let i = a + 1; i <= b; i++) {
    const seg = model.segments[i];
    if (seg && seg.source.nodeType !== 1 && seg.source.getRootNode() === root) last = seg;
  }
  range.setEnd(last.source, last === sa ? rawOffset(sa, end) : rawOffset(last, last.end));
  return { range };
}

/**
 * The UTF-16 offsets of the high surrogates of the last text asked about: offsets convert by binary search instead of
 * a walk from the start (200 anchors on a 440,000-character list page would walk 90 million characters).
 */
let pairsOf: { text: string; pairs: number[] } | null = null;

function surrogatePairs(text: string): number[] {
  if (pairsOf?.text === text) return pairsOf.pairs;
  const pairs: number[] = [];
  const high = /[\ud800-\udbff]/g;
  for (let m = high.exec(text); m !== null; m = high.exec(text)) {
    const low = text.charCodeAt(m.index + 1);
    if (low >= 0xdc00 && low <= 0xdfff) pairs.push(m.index);
  }
  pairsOf = { text, pairs };
  return pairs;
}

/** How many entries of the sorted `xs` satisfy `below(x, k)` (a predicate true for a prefix of them). */
function countWhile(xs: readonly number[], below: (x: number, k: number) => boolean): number {
  let lo = 0;
  let hi = xs.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (below(xs[mid] ?? 0, mid)) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** UTF-16 offset → code points (TextPositionSelector counts code points). */
export function toCodePoints(text: string, utf16: number): number {
  const u = Math.max(0, Math.min(utf16, text.length));
  // Each pair whose low half lies before the offset is one code point of two units.
  return u - countWhile(surrogatePairs(text), (p) => p + 1 < u);
}

/** Code points → UTF-16 offset. */
export function fromCodePoints(text: string, cp: number): number {
  const c = Math.max(0, cp);
  // Pair k starts at code point p - k; each one before `cp` adds a unit.
  return Math.min(text.length, c + countWhile(surrogatePairs(text), (p, k) => p - k < c));
}
