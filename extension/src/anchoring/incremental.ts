// Re-anchoring only for what a page change touched (DESIGN section 10: 200 anchors after a change within a frame, an
// unrelated re-render within 2 ms). The pass keeps, between page changes, the text model of the last pass and each
// anchor's outcome with what it read: the places of its record (element, span, text around them), the element its CSS
// path named and the nodes its range lies in. On the next pass it
//
// 1. splices the model: the MutationObserver's records name the elements whose text changed; each is walked again
//    (the nearest block element around a change: a cell, a row that was inserted, a header), rows that were removed
//    are cut out, and the rest of the model is kept with its offsets shifted. A splice is exact because a block is
//    bracketed by boundaries: the walk after it only depends on whether the text before it ends with a space, which is
//    checked; anything else (a node moved, the end of the page, more than half of the text new) builds the model anew;
// 2. anchors again only the anchors whose outcome may change. An anchor keeps its outcome (its ranges included) when
//    its record's places are the same elements and either nothing it reads changed (no edit touched a place or moved
//    it, and the text within its context's reach around it reads the same: a header drawn anew with the same tail),
//    or its quote has exactly one place in each of its record's places and its kept range still reads it there
//    (then every step of `anchor` lands on that place whatever the positions, contexts and CSS path say, so a row
//    inserted above or renumbered re-anchors nothing); and its range's nodes are still on the page at the same
//    offsets. A kept anchor's `via` is the last pass's.
//
// An anchor without a record place (evidence of a page without a dossier, or a pass without a page reading) reads the
// whole page, so it is anchored again after any change of the text. Values typed into form controls and shadow trees
// (which the observer does not see) are read again on every pass. The places equal what `anchorAll` gives on the same
// page (incremental.test.ts applies random changes and compares both; `npm run bench` compares them on both demo
// systems), with one exception by construction: the position part of a candidate's score is normalised by the page's
// length, so two candidates of one anchor in one place whose scores tie to a few parts in a million could be ordered
// differently after a change elsewhere that changed the page's length.
import type { Selector } from '@onestop/shared';
import { assemblePass, PassContext, recordKey, type AnchorOutcome, type AnchorPass, type AnchorPassOptions, type RecordArea, type StoredAnchor } from './anchor-all.ts';
import type { Span } from './anchor.ts';
import { buildTextFragment, buildTextModel, containsFlat, controlText, isBlockElement, modelOffsetInSegment, normalizeText, walksInto, type Segment, type TextModel } from './text-model.ts';

export interface IncrementalPass extends AnchorPass {
  /** `full`: the text model was built anew and every anchor anchored; `incremental`: only what the change touched. */
  mode: 'full' | 'incremental';
  /** Why the pass was a full one (null for an incremental pass). */
  reason: string | null;
  /** Anchors anchored again (every anchor in a full pass). */
  reanchored: number;
  /** Characters of the model walked again (the whole text in a full pass). */
  rewalked: number;
}

/** Attributes that change the text model (the observer also reports `class`, `style`, `aria-hidden`: they do not). */
const MODEL_ATTRIBUTES = new Set(['hidden', 'open', 'value', 'type']);
/** Mutation records kept between passes; more and the next pass builds the model anew. */
const MAX_RECORDS = 5000;
/** Elements walked again in one pass; more and the model is built anew. */
const MAX_ROOTS = 5000;
/** Above this share of the text replaced, a full pass is cheaper. */
const MAX_REWALKED_SHARE = 0.5;
/** Characters around a place that an anchor's context may read beyond its stored prefix/suffix (identifier slack). */
const CONTEXT_SLACK = 9;

interface AreaState {
  element: Element;
  exclude: readonly Element[];
  span: Span | null;
  excludeSpans: (Span | null)[];
}

interface Mark {
  node: Node;
  offset: number;
  /** The model offset of the node's segment (-1 for an element boundary), and its shape. */
  segStart: number;
  /** The node's segment then (its shape is compared when the node's segment is another one now). */
  seg: Segment | undefined;
}

/** What maps a segment's raw offsets to model offsets, apart from where it starts. */
const shapeOf = (seg: Segment | undefined) => (seg ? `${seg.end - seg.start}/${seg.lead}/${seg.skip}/${seg.raw === null ? '' : seg.raw.join(',')}` : '');
const segmentOf = (model: TextModel, node: Node): Segment | undefined => {
  const i = model.bySource.get(node);
  return i === undefined ? undefined : model.segments[i];
};

interface Kept {
  selectors: readonly Selector[];
  record: string | null;
  outcome: AnchorOutcome;
  /** The record's places it was anchored in (null: an anchor that reads the whole page). */
  areas: AreaState[] | null;
  cssElement: Element | null | undefined;
  /** The CSS path's element's span, when it is not inside one of the places (null otherwise). */
  cssSpan: Span | null;
  /** The places it landed in. */
  placedIn: readonly Element[];
  /** Its quote as anchoring reads it ('' for an element anchor). */
  quote: string;
  /** Characters around each place its context may read. */
  reach: number;
  marks: Mark[];
  elements: { element: Element; segStart: number }[];
}

/** One replaced run of the last model's text: [p, q) in its offsets, and how much longer the new text is. */
interface Edit {
  p: number;
  q: number;
  delta: number;
}

/** A run of the last model's segments to replace: [a, b), with what is walked in its place. */
interface Splice {
  a: number;
  b: number;
  roots: Element[];
  /** When the run ends with removed rows only: their parent, whose next child must be a block for the splice to hold. */
  removedFrom: Element | null;
}

/** The node a segment's source is ordered by in the document (a shadow tree's outermost host). */
function docNode(n: Node): Node {
  let cur = n;
  for (let root = cur.getRootNode(); root.nodeType === 11; root = cur.getRootNode()) cur = (root as ShadowRoot).host;
  return cur;
}

function segStartOf(model: TextModel, node: Node): number {
  const i = model.bySource.get(node);
  return i === undefined ? -1 : (model.segments[i]?.start ?? -1);
}

function reachOf(selectors: readonly Selector[]): number {
  let n = 0;
  for (const s of selectors) if (s.type === 'TextQuoteSelector') n = Math.max(n, s.prefix?.length ?? 0, s.suffix?.length ?? 0);
  return n + CONTEXT_SLACK;
}

const WHITESPACE_ONLY = /^[\s\u00a0\u200b\ufeff]*$/;

export class IncrementalAnchoring {
  private model: TextModel | null = null;
  private doc: Document | null = null;
  private skip: ((el: Element) => boolean) | undefined;
  private hosts: Element[] = [];
  private controls = new Map<Element, string>();
  private kept = new Map<string, Kept>();
  private pending: MutationRecord[] = [];
  private overflow = false;
  /** The text of the model before the last update. */
  private oldText = '';
  /** The last update's edits, in order, and the sum of their deltas up to each. */
  private edits: Edit[] = [];
  private shifts: number[] = [];

  /** Takes the page's mutation records (the overlay's observer); cheap: they are read at the next pass. */
  note(records: readonly MutationRecord[]): void {
    if (this.model === null || this.overflow) return;
    if (this.pending.length + records.length > MAX_RECORDS) {
      this.overflow = true;
      this.pending = [];
      return;
    }
    for (const r of records) this.pending.push(r);
  }

  /** The text of the model kept from the last pass (for tests). */
  text(): string | null {
    return this.model?.text ?? null;
  }

  /** Forgets the last pass: the next one is full. */
  reset(): void {
    this.model = null;
    this.kept.clear();
    this.pending = [];
    this.overflow = false;
  }

  /** One pass over `anchors`: incremental when the last pass's model can be kept, else as `anchorAll`. */
  pass(doc: Document, anchors: readonly StoredAnchor[], opts: AnchorPassOptions = {}): IncrementalPass {
    const t0 = performance.now();
    let reason: string | null = null;
    const old = this.model;
    this.oldText = old?.text ?? '';
    let edited = true;
    let structural = true;
    let rewalked = 0;
    this.edits = [];
    this.shifts = [];
    if (old === null) reason = 'first pass';
    else if (doc !== this.doc || opts.skip !== this.skip) reason = 'another document';
    else if (this.overflow) reason = 'too many changes';
    else {
      const update = this.update(old);
      if (typeof update === 'string') reason = update;
      else ({ edited, structural, rewalked } = update);
    }
    if (reason !== null) {
      this.doc = doc;
      this.skip = opts.skip;
      this.hosts = [];
      this.model = buildTextModel(doc, { ...(opts.skip ? { skip: opts.skip } : {}), hosts: this.hosts });
      this.controls = new Map();
      this.watchControls(doc.body ?? doc.documentElement);
      this.kept.clear();
      rewalked = this.model.text.length;
    }
    this.pending = [];
    this.overflow = false;
    const model = this.model as TextModel;
    const t1 = performance.now();
    const ctx = new PassContext(model, doc, opts);
    let reanchored = 0;
    const ids = new Set<string>();
    const outcomes = anchors.map((a) => {
      ids.add(a.id);
      const k = this.kept.get(a.id);
      if (k && reason === null && this.holds(k, a, ctx, edited, structural, opts)) return k.outcome;
      reanchored++;
      const o = ctx.anchorOne(a);
      this.kept.set(a.id, this.keep(a, o, ctx, opts));
      return o;
    });
    for (const id of this.kept.keys()) if (!ids.has(id)) this.kept.delete(id);
    const pass = assemblePass(anchors, outcomes, model.text.length, { model: t1 - t0, anchor: performance.now() - t1 });
    return { ...pass, mode: reason === null ? 'incremental' : 'full', reason, reanchored, rewalked };
  }

  // ── Keeping an anchor's outcome ────────────────────────────────────────────────────────────────────────────

  private keep(a: StoredAnchor, o: AnchorOutcome, ctx: PassContext, opts: AnchorPassOptions): Kept {
    const model = ctx.model;
    const scoped = !!(a.record && opts.records);
    const areas: AreaState[] | null = scoped
      ? (o.areas ?? []).map((x) => ({ element: x.element, exclude: [...(x.exclude ?? [])], span: ctx.spanOf(x.element), excludeSpans: (x.exclude ?? []).map((e) => ctx.spanOf(e)) }))
      : null;
    const marks: Mark[] = [];
    const elements: { element: Element; segStart: number }[] = [];
    for (const p of o.places) {
      if (p.range) {
        for (const [node, offset] of [
          [p.range.startContainer, p.range.startOffset],
          [p.range.endContainer, p.range.endOffset],
        ] as const) marks.push({ node, offset, segStart: segStartOf(model, node), seg: segmentOf(model, node) });
      } else if (p.element) elements.push({ element: p.element, segStart: segStartOf(model, p.element) });
    }
    const css = o.cssElement;
    const quoteSel = a.selectors.find((x) => x.type === 'TextQuoteSelector');
    return {
      selectors: a.selectors,
      record: a.record ?? null,
      outcome: o,
      areas,
      cssElement: css,
      cssSpan: css && !(areas ?? []).some((x) => containsFlat(x.element, css)) ? ctx.spanOf(css) : null,
      placedIn: o.placedIn ?? [],
      quote: quoteSel && 'exact' in quoteSel ? normalizeText(quoteSel.exact) : '',
      reach: reachOf(a.selectors),
      marks,
      elements,
    };
  }

  /**
   * Whether an anchor's last outcome is what anchoring it again would give: its places are the same elements, no
   * edit touched their text, and either nothing it may read moved or changed (its context's reach around them
   * included), or its quote is the only place of the quote in each of them (then every step of `anchor` lands
   * there, whatever the positions and contexts: only `via` may differ, and the kept one is the last pass's).
   */
  private holds(k: Kept, a: StoredAnchor, ctx: PassContext, edited: boolean, structural: boolean, opts: AnchorPassOptions): boolean {
    if (k.selectors !== a.selectors || k.record !== (a.record ?? null)) return false;
    const scoped = !!(a.record && opts.records);
    if (scoped !== (k.areas !== null)) return false;
    const model = ctx.model;
    /** Whether a place was kept because its quote has one place there: its range must read the quote. */
    let loose = false;
    const css = a.selectors.find((x) => x.type === 'CssSelector');
    // The element its CSS path names changes nothing where the quote has one place (its place is that one), except
    // which of several places comes first.
    const cssMoved = !!css && structural && ctx.resolve(css.value) !== k.cssElement;
    if (k.areas === null) {
      // It reads the whole page.
      if (edited) return false;
    } else {
      const areas: readonly RecordArea[] = opts.records?.get(recordKey(a.record ?? '')) ?? [];
      if (areas.length === 0 || areas.length !== k.areas.length) return false;
      for (let i = 0; i < areas.length; i++) {
        const now = areas[i] as RecordArea;
        const was = k.areas[i] as AreaState;
        const exclude = now.exclude ?? [];
        if (now.element !== was.element || exclude.length !== was.exclude.length || exclude.some((x, j) => x !== was.exclude[j])) return false;
        if (!edited && !cssMoved) continue;
        const span = was.span;
        if (!cssMoved && span && this.unmoved(model.text, span, k.reach)) continue;
        if (cssMoved && areas.length > 1) return false;
        // Moved, or its text or its context's reach changed: kept only where the quote has one place and the kept
        // range is that place (checked below).
        if (!k.placedIn.includes(now.element)) return false;
        const area = this.spanNow(ctx, now.element, span);
        if (!area || !this.onlyPlace(model.text, k.quote, area, exclude.map((x, j) => this.spanNow(ctx, x, was.excludeSpans[j] ?? null)))) return false;
        loose = true;
      }
    }
    if (cssMoved && !loose) return false;
    if (edited && !loose && k.cssSpan && this.touches(k.cssSpan.start, k.cssSpan.end)) return false;
    // A live range follows the DOM: one that a change collapsed or moved is not the one the pass made.
    let m = 0;
    for (const p of k.outcome.places) {
      if (!p.range) continue;
      const start = k.marks[m++];
      const end = k.marks[m++];
      if (!start || !end || p.range.startContainer !== start.node || p.range.startOffset !== start.offset || p.range.endContainer !== end.node || p.range.endOffset !== end.offset) return false;
    }
    for (const mark of k.marks) {
      if (!mark.node.isConnected) return false;
      if (!edited) continue;
      const seg = segmentOf(model, mark.node);
      if (seg !== mark.seg && shapeOf(seg) !== shapeOf(mark.seg)) return false;
      if (!loose && (seg?.start ?? -1) !== this.moved(mark.segStart)) return false;
    }
    if (loose && k.quote !== '') {
      // Each kept range reads the quote where the model has it now.
      for (const p of k.outcome.places) {
        if (!p.range) continue;
        const a0 = segmentOf(model, p.range.startContainer);
        const b0 = segmentOf(model, p.range.endContainer);
        if (!a0 || !b0) return false;
        const from = modelOffsetInSegment(a0, p.range.startOffset);
        const to = modelOffsetInSegment(b0, p.range.endOffset);
        // (A range starting at a text node's first character reads the boundary space the model puts before it.)
        const got = model.text.slice(from, to);
        if (got !== k.quote && !(got.startsWith(' ') && got.slice(1) === k.quote)) return false;
      }
    }
    for (const e of k.elements) {
      if (!e.element.isConnected) return false;
      if (edited && segStartOf(model, e.element) !== this.moved(e.segStart)) return false;
    }
    return true;
  }

  /**
   * Whether a place's text is where it was and reads as it did, with what its context may read around it: no edit
   * touched it or moved it, and the text within `reach` around it reads the same (an edit there may have written the
   * same text again: a header drawn anew).
   */
  private unmoved(text: string, span: Span, reach: number): boolean {
    if (this.touches(span.start, span.end) || this.shiftAt(span.start) !== 0) return false;
    const before = Math.max(0, span.start - reach);
    if (this.touches(before, span.start) && text.slice(before, span.start) !== this.oldText.slice(before, span.start)) return false;
    if (this.touches(span.end, span.end + reach) && text.slice(span.end, span.end + reach) !== this.oldText.slice(span.end, span.end + reach)) return false;
    return true;
  }

  /** Whether an edit of the last update touches [start, end] (old offsets; an insertion at either end does). */
  private touches(start: number, end: number): boolean {
    const edits = this.edits;
    let lo = 0;
    let hi = edits.length;
    // The first edit ending at or after `start`.
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if ((edits[mid] as Edit).q < start) lo = mid + 1;
      else hi = mid;
    }
    const e = edits[lo];
    return e !== undefined && e.p <= end;
  }

  /** How far the last update moved an old offset that no edit touched: the edits ending at or before it. */
  private shiftAt(x: number): number {
    const edits = this.edits;
    let lo = 0;
    let hi = edits.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if ((edits[mid] as Edit).q <= x) lo = mid + 1;
      else hi = mid;
    }
    return lo === 0 ? 0 : (this.shifts[lo - 1] ?? 0);
  }

  private moved(x: number): number {
    return x < 0 ? x : x + this.shiftAt(x);
  }

  /** An element's span in the new model: its old one moved when no edit touched it, else read from its sources. */
  private spanNow(ctx: PassContext, el: Element, old: Span | null): Span | null {
    if (old && !this.touches(old.start, old.end)) {
      const shift = this.shiftAt(old.start);
      return { start: old.start + shift, end: old.end + shift };
    }
    return firstLastSpan(ctx.model, el) ?? ctx.spanOf(el);
  }

  /** Whether `quote` has exactly one place in a span that overlaps none of its exclusions. */
  private onlyPlace(text: string, quote: string, span: Span, exclude: readonly (Span | null)[]): boolean {
    if (quote === '') return true;
    if (quote.includes('•')) return false;
    const from = span.start;
    const to = span.end;
    const ex = exclude.flatMap((x) => (x ? [x] : []));
    let count = 0;
    const hay = text.slice(from, to);
    for (let i = hay.indexOf(quote); i !== -1; i = hay.indexOf(quote, i + 1)) {
      const s0 = from + i;
      const e0 = s0 + quote.length;
      if (ex.some((x) => s0 < x.end && e0 > x.start)) continue;
      if (++count > 1) return false;
    }
    return count === 1;
  }

  // ── Splicing the text model ────────────────────────────────────────────────────────────────────────────────

  /** Applies the noted records to the model; a string says why the model must be built anew. */
  private update(model: TextModel): { edited: boolean; structural: boolean; rewalked: number } | string {
    const skip = this.skip;
    const roots = new Set<Element>();
    /** Nodes removed from inside a root: where its old segments were. */
    const removedIn = new Map<Element, Node[]>();
    const removals: { node: Node; from: Element }[] = [];
    let structural = false;
    let full: string | null = null;
    const addRoot = (r: Element | 'invisible' | 'detached' | 'full', removed: readonly Node[] = []) => {
      if (r === 'full') full ??= 'a change at the top of the page';
      else if (r !== 'invisible' && r !== 'detached') {
        roots.add(r);
        if (removed.length > 0) removedIn.set(r, [...(removedIn.get(r) ?? []), ...removed]);
      }
    };
    const skipped = (n: Node) => n.nodeType === 1 && !!skip?.(n as Element);
    for (const r of this.pending) {
      if (full) break;
      if (r.type === 'attributes') {
        if (!MODEL_ATTRIBUTES.has(r.attributeName ?? '')) continue;
        const el = r.target as Element;
        const parent = el.parentElement;
        const above = this.blockAbove(parent);
        // A row shown or hidden: walked again, or cut out like a removed row.
        if (isBlockElement(el) && parent && !parent.shadowRoot && above !== 'invisible' && above !== 'detached' && walksInto(parent, skip)) {
          if (walksInto(el, skip)) roots.add(el);
          else removals.push({ node: el, from: parent });
        } else addRoot(above);
        continue;
      }
      if (r.type === 'characterData') {
        addRoot(this.blockAbove(r.target.parentNode));
        continue;
      }
      const added = Array.from(r.addedNodes).filter((n) => !skipped(n));
      const removed = Array.from(r.removedNodes).filter((n) => !skipped(n));
      if (added.length + removed.length === 0) continue;
      structural = true;
      const t = r.target;
      // A node that moved (removed here, still on the page) leaves its old segments where they were.
      if (removed.some((n) => n.isConnected)) {
        full = 'a node moved';
        break;
      }
      const above = this.blockAbove(t);
      // Nodes removed from a subtree that left the page afterwards: their segments are not found from either.
      if (above === 'detached' && removed.length > 0) {
        full = 'a removed subtree changed before it left';
        break;
      }
      if (above === 'invisible' || above === 'detached') continue;
      const rowsOnly = t.nodeType === 1 && !(t as Element).shadowRoot && walksInto(t as Element, skip) && [...added, ...removed].every((n) => n.nodeType === 1 && isBlockElement(n as Element));
      if (!rowsOnly) {
        addRoot(above, removed);
        continue;
      }
      // Rows (block elements) added to or removed from their parent: each new row is walked, each removed one cut out.
      for (const n of added) if (n.isConnected && n.parentNode === t) roots.add(n as Element);
      for (const n of removed) removals.push({ node: n, from: t as Element });
    }
    // Values typed into form controls and shadow trees change without a record: they are read again.
    for (const [el, value] of this.controls) {
      if (!el.isConnected) this.controls.delete(el);
      else if (controlText(el) !== value) addRoot(this.blockAbove(el.parentNode));
    }
    for (const host of this.hosts) if (host.isConnected) addRoot(this.blockAbove(host));
    if (full) return full;
    if (roots.size > MAX_ROOTS) return 'too many elements changed';
    if (roots.size === 0 && removals.length === 0) return { edited: false, structural, rewalked: 0 };

    // The outermost roots only (what was removed inside an inner one was inside its outer one).
    const outer: Element[] = [];
    for (const r of roots) {
      if (!r.isConnected) continue;
      let top = r;
      for (let a = parentFlat(r); a; a = parentFlat(a)) if (roots.has(a)) top = a;
      if (top === r) outer.push(r);
      else if (removedIn.has(r)) removedIn.set(top, [...(removedIn.get(top) ?? []), ...(removedIn.get(r) ?? [])]);
    }

    const segs = model.segments;
    const n = segs.length;
    const splices: Splice[] = [];
    for (const root of outer) {
      const [a, b] = this.rangeOf(model, root, removedIn.get(root) ?? []);
      splices.push({ a, b, roots: [root], removedFrom: null });
    }
    for (const { node, from } of removals) {
      const run = removedRun(model, node);
      if (run) splices.push({ a: run[0], b: run[1], roots: [], removedFrom: from });
    }
    // Segments of removed nodes next to a run go with it.
    for (const sp of splices) {
      while (sp.a > 0 && !(segs[sp.a - 1] as Segment).source.isConnected) sp.a--;
      while (sp.b < n && !(segs[sp.b] as Segment).source.isConnected) sp.b++;
    }
    splices.sort((x, y) => x.a - y.a || x.b - y.b);
    const merged: Splice[] = [];
    for (const s of splices) {
      const last = merged[merged.length - 1];
      if (last && s.a <= last.b) {
        if (s.b > last.b || (s.b === last.b && s.roots.length > 0)) last.removedFrom = s.roots.length > 0 ? null : s.removedFrom;
        last.b = Math.max(last.b, s.b);
        last.roots.push(...s.roots);
      } else merged.push({ ...s, roots: [...s.roots] });
    }

    // Roots that share a run (rows inserted side by side) are walked in document order.
    for (const m of merged) if (m.roots.length > 1) m.roots.sort((x, y) => (x.compareDocumentPosition(y) & 4 ? -1 : 1));

    // Phase 1: walk each run's roots and check that the text after it reads as before; nothing is changed yet.
    const posOf = (i: number) => (i < n ? (segs[i] as Segment).start : model.text.length);
    const hosts: Element[] = [];
    const options = { ...(skip ? { skip } : {}), hosts };
    const frags: { s: Splice; p: number; q: number; text: string; segments: Segment[] }[] = [];
    // Most of the page new (a list drawn again): building the model anew is cheaper than walking the runs first.
    let replaced = 0;
    for (const m of merged) replaced += posOf(m.b) - posOf(m.a);
    if (replaced > model.text.length * MAX_REWALKED_SHARE) return 'most of the page changed';
    let tail = ''; // the last character of the new text so far
    let cursorPos = 0;
    for (const s of merged) {
      if (s.b >= n) return 'a change at the end of the page';
      const p = posOf(s.a);
      const q = posOf(s.b);
      if (p > cursorPos) tail = model.text[p - 1] ?? '';
      const afterSpace = tail === '' || tail === ' ';
      const frag = buildTextFragment(s.roots, afterSpace, options);
      if (frag.text.length > 0) tail = frag.text[frag.text.length - 1] ?? '';
      const oldSpace = q === 0 || model.text[q - 1] === ' ';
      const newSpace = frag.text.length > 0 ? frag.text.endsWith(' ') : afterSpace;
      if (oldSpace !== newSpace) return 'the text after a change reads differently';
      if (s.removedFrom && !blockChildAt(s.removedFrom, (segs[s.b] as Segment).source)) return 'a removed row was not followed by a row';
      cursorPos = q;
      const same =
        frag.text === model.text.slice(p, q) &&
        frag.segments.length === s.b - s.a &&
        frag.segments.every((f, i) => {
          const o = segs[s.a + i] as Segment;
          return f.source === o.source && f.lead === o.lead && f.skip === o.skip && f.end - f.start === o.end - o.start && JSON.stringify(f.raw) === JSON.stringify(o.raw);
        });
      if (!same) frags.push({ s, p, q, text: frag.text, segments: frag.segments });
    }
    for (const h of this.hosts) if (h.isConnected && !hosts.includes(h)) hosts.push(h);
    this.hosts = hosts;
    if (frags.length === 0) return { edited: false, structural, rewalked: 0 };

    // Phase 2: the new model. Kept segments are shifted in place; the old model is not used again.
    if (frags.every((f) => f.text.length === f.q - f.p && f.segments.length === f.s.b - f.s.a)) {
      // Nothing moves (a header drawn again, a clock): the runs are replaced where they are.
      let text = model.text;
      for (const f of frags) {
        for (let i = f.s.a; i < f.s.b; i++) {
          const old = segs[i] as Segment;
          if (model.bySource.get(old.source) === i) model.bySource.delete(old.source);
        }
        f.segments.forEach((seg, j) => {
          seg.start += f.p;
          seg.end += f.p;
          segs[f.s.a + j] = seg;
          model.bySource.set(seg.source, f.s.a + j);
        });
        text = text.slice(0, f.p) + f.text + text.slice(f.q);
        this.edits.push({ p: f.p, q: f.q, delta: 0 });
        this.shifts.push(0);
        for (const root of f.s.roots) this.watchControls(root);
      }
      this.model = { text, segments: segs, bySource: model.bySource };
      return { edited: true, structural, rewalked: frags.reduce((n, f) => n + f.text.length, 0) };
    }
    const out: Segment[] = [];
    const pieces: string[] = [];
    const bySource = model.bySource;
    let cursor = 0;
    let textCursor = 0;
    let shift = 0;
    let rewalked = 0;
    const copy = (to: number) => {
      for (let i = cursor; i < to; i++) {
        const seg = segs[i] as Segment;
        if (shift !== 0) {
          seg.start += shift;
          seg.end += shift;
        }
        if (out.length !== i) bySource.set(seg.source, out.length);
        out.push(seg);
      }
    };
    for (const f of frags) {
      copy(f.s.a);
      pieces.push(model.text.slice(textCursor, f.p));
      for (let i = f.s.a; i < f.s.b; i++) {
        const old = segs[i] as Segment;
        if (bySource.get(old.source) === i) bySource.delete(old.source);
      }
      const base = f.p + shift;
      for (const seg of f.segments) {
        seg.start += base;
        seg.end += base;
        bySource.set(seg.source, out.length);
        out.push(seg);
      }
      pieces.push(f.text);
      this.edits.push({ p: f.p, q: f.q, delta: f.text.length - (f.q - f.p) });
      this.shifts.push(shift + f.text.length - (f.q - f.p));
      for (const root of f.s.roots) this.watchControls(root);
      rewalked += f.text.length;
      shift += f.text.length - (f.q - f.p);
      cursor = f.s.b;
      textCursor = f.q;
    }
    copy(n);
    pieces.push(model.text.slice(textCursor));
    this.model = { text: pieces.join(''), segments: out, bySource };
    return { edited: true, structural, rewalked };
  }

  /** Notes the values of the form controls under `root` (typing changes them without a mutation record). */
  private watchControls(root: Element): void {
    const at = (el: Element) => {
      const value = controlText(el);
      if (value !== null) this.controls.set(el, value);
    };
    if (root.matches('input, textarea, select')) at(root);
    for (const el of Array.from(root.querySelectorAll('input, textarea, select'))) at(el);
  }

  /**
   * The element walked again for a change at `node`: its nearest block ancestor (or itself) outside any shadow host
   * (a host's light children are placed by its slots); 'invisible' when the model does not show it, 'full' at the
   * body.
   */
  private blockAbove(node: Node | null): Element | 'invisible' | 'detached' | 'full' {
    if (!node || !node.isConnected) return 'detached';
    const doc = this.doc as Document;
    let root: Element | null = null;
    for (let cur: Node | null = node; cur; ) {
      if (cur.nodeType === 11) {
        root = null;
        cur = (cur as ShadowRoot).host ?? null;
        continue;
      }
      if (cur.nodeType !== 1) {
        cur = cur.parentNode;
        continue;
      }
      const el = cur as Element;
      if (el === doc.body || el === doc.documentElement) return root ?? 'full';
      if (!walksInto(el, this.skip)) return 'invisible';
      if (el.shadowRoot) root = null;
      else if (root === null && isBlockElement(el)) root = el;
      cur = el.parentNode;
    }
    return 'detached';
  }

  /** The run [a, b) of the last model's segments that `root` held (with what was removed from inside it). */
  private rangeOf(model: TextModel, root: Element, removed: readonly Node[]): [number, number] {
    const segs = model.segments;
    const n = segs.length;
    // Most often its old sources say where it was: those still inside it and those removed from it.
    const found = sourcesIn(model, [root, ...removed]);
    if (found) return found;
    const before = (i: number): boolean => {
      let j = i;
      while (j < n && !(segs[j] as Segment).source.isConnected) j++;
      if (j >= n) return false;
      const node = docNode((segs[j] as Segment).source);
      if (node === root || root.contains(node)) return false;
      return (root.compareDocumentPosition(node) & 2) !== 0;
    };
    let lo = 0;
    let hi = n;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (before(mid)) lo = mid + 1;
      else hi = mid;
    }
    let b = lo;
    while (b < n) {
      const src = (segs[b] as Segment).source;
      if (src.isConnected && !containsFlat(root, src)) break;
      b++;
    }
    return [lo, b];
  }
}

/** The run of the last model's segments whose sources are in these subtrees, or null when none is. */
function sourcesIn(model: TextModel, nodes: readonly Node[]): [number, number] | null {
  let first = -1;
  let last = -1;
  const visit = (x: Node) => {
    const i = model.bySource.get(x);
    if (i !== undefined) {
      if (first === -1 || i < first) first = i;
      if (i > last) last = i;
    }
    const shadow = x.nodeType === 1 ? (x as Element).shadowRoot : null;
    if (shadow) visit(shadow);
    for (let c = x.firstChild; c; c = c.nextSibling) visit(c);
  };
  for (const n of nodes) visit(n);
  return first === -1 ? null : [first, last + 1];
}

const removedRun = (model: TextModel, node: Node) => sourcesIn(model, [node]);

/** The parent element, crossing out of an open shadow root to its host. */
function parentFlat(n: Node): Element | null {
  if (n.parentElement) return n.parentElement;
  const parent = n.parentNode;
  return parent !== null && parent.nodeType === 11 ? ((parent as ShadowRoot).host ?? null) : null;
}

/**
 * `elementSpan` without comparing document positions (which walks a 2,000-row table's siblings in Chromium): the
 * first and last of the element's sources in the model. Null when a shadow host inside it may reorder them (slots).
 */
function firstLastSpan(model: TextModel, el: Element): Span | null {
  const doc = el.ownerDocument;
  const walker = doc.createTreeWalker(el, 5 /* SHOW_ELEMENT | SHOW_TEXT */);
  let first = -1;
  let last = -1;
  for (let n: Node | null = walker.currentNode; n; n = walker.nextNode()) {
    if (n.nodeType === 1 && (n as Element).shadowRoot) return null;
    const i = model.bySource.get(n);
    if (i === undefined) continue;
    if (first === -1) first = i;
    last = i;
  }
  const a = model.segments[first];
  const b = model.segments[last];
  if (!a || !b) return null;
  const start = model.text[a.start] === ' ' && a.start < a.end ? a.start + 1 : a.start;
  return { start, end: b.end };
}

/** Whether `source` lies in a block child (or a whitespace text child) of `parent`: a boundary stands before it. */
function blockChildAt(parent: Element, source: Node): boolean {
  let c: Node | null = source;
  while (c && c.parentNode !== parent) c = c.parentNode ?? (c.nodeType === 11 ? (c as ShadowRoot).host : null);
  if (!c) return false;
  if (c.nodeType === 3) return WHITESPACE_ONLY.test((c as Text).data);
  return c.nodeType === 1 && isBlockElement(c as Element);
}
