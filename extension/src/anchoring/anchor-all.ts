// One re-anchoring pass (DESIGN section 8): one text model of the page, then every stored anchor against it, so 200
// anchors cost one walk of the DOM, not 200. The overlay runs it after each page change; `npm run bench` runs the same
// function in Chromium over 200 anchors of a 2,000-row list and of a 50-row list page.
//
// An anchor with a record (the dossier code it was captured with) belongs to that dossier, not to a URL: given the
// dossiers on screen (`records`, from the page reading), it is looked for only where its dossier shows (a list row,
// a modal, the page of a detail or receipt screen) and left out when its dossier is not on screen.
import type { Selector } from '@onestop/shared';
import { anchor, type AnchorScope, type AnchorVia, type Span } from './anchor.ts';
import { cssPathResolver } from './css-path.ts';
import { buildTextModel, containsFlat, domTargetOf, elementSpan, normalizeText, type TextModel } from './text-model.ts';

export interface StoredAnchor {
  id: string;
  selectors: readonly Selector[];
  /** The record (the dossier code) of the row, modal or page it was captured on, when known. */
  record?: string | null;
}

/** One place where a dossier shows: its element, minus the elements inside it that are other dossiers' places. */
export interface RecordArea {
  element: Element;
  exclude?: readonly Element[];
}

/** The key records are compared by: the code as the profile's code field reads it (normalised text), never a part of it. */
export const recordKey = (code: string): string => normalizeText(code);

/** Whether two dossier codes name the same dossier: equal once normalised, case aside (a code a person typed). */
export const sameDossier = (a: string, b: string): boolean => recordKey(a).toUpperCase() === recordKey(b).toUpperCase();

const WORD_CHAR = /[\p{L}\p{N}\p{M}_]/u;
/** Characters that join two parts of one number, date or code (`12/03/2026`, `6.1`, `H26-0013`, `4,5`). */
const JOINER = /[./,-]/;

/** The code point ending just before `at` (surrogate pairs read whole). */
function charBefore(text: string, at: number): string {
  if (at <= 0) return '';
  const low = text.charCodeAt(at - 1);
  return low >= 0xdc00 && low <= 0xdfff && at >= 2 ? text.slice(at - 2, at) : text.slice(at - 1, at);
}

function charAt(text: string, at: number): string {
  const cp = text.codePointAt(at);
  return cp === undefined ? '' : String.fromCodePoint(cp);
}

/**
 * Where `token` occurs in `text` as a whole token, from `from`, or -1: not preceded or followed by a letter, a digit
 * or a combining mark (Unicode-aware), nor by a joiner (`.` `/` `-` `,`) that ties it to one. So dossier "6" is found
 * in "Mã đơn: 6" but not in "2026", "12/06/2026", "6.1" or "H26-6".
 */
export function indexOfToken(text: string, token: string, from = 0): number {
  if (token.length === 0) return -1;
  for (let at = text.indexOf(token, from); at !== -1; at = text.indexOf(token, at + 1)) {
    const before = charBefore(text, at);
    if (WORD_CHAR.test(before) || (JOINER.test(before) && WORD_CHAR.test(charBefore(text, at - 1)))) continue;
    const end = at + token.length;
    const after = charAt(text, end);
    if (WORD_CHAR.test(after) || (JOINER.test(after) && WORD_CHAR.test(charAt(text, end + 1)))) continue;
    return at;
  }
  return -1;
}

export interface Placed {
  /** A text anchor's range, or null for an anchor that is a whole element. */
  range: Range | null;
  element: Element | null;
  via: AnchorVia;
}

export interface AnchorPass {
  /** Text anchors, for the page's highlight. */
  ranges: Range[];
  /** Anchors that are a whole element (form controls, picked elements without text). */
  elements: Element[];
  /**
   * Where each anchored id landed and which selector found it (with `records`, its first place: the one its CSS path
   * names, else the first of its record's places; `ranges` and `elements` hold every place).
   */
  placed: Map<string, Placed>;
  /** The ids that found no place on the page (with `records`: in their dossier's places on screen). */
  orphans: string[];
  /** With `records`: the ids whose dossier is not on screen, neither placed nor orphans. */
  absent: string[];
  /** Characters of the page's text model. */
  textLength: number;
  /** Milliseconds spent building the text model and anchoring every selector set. */
  ms: { model: number; anchor: number };
}

export interface AnchorPassOptions {
  /** Elements left out of the text model (the overlay's own host). */
  skip?: (el: Element) => boolean;
  /** For redacted quotes: how the model's text of a span would read once redacted. */
  redaction?: (model: TextModel) => (start: number, end: number) => string;
  /**
   * The dossiers on screen by `recordKey` of their code, each with the places it shows (from the page reading). An
   * anchor with a record then lands only in its record's places, and is `absent` when its record has none. Without
   * it, an anchor captured in a table row looks for its record's rows in the page text (whole tokens).
   */
  records?: ReadonlyMap<string, readonly RecordArea[]>;
}

/** Whether a CSS path made at capture goes through a table row (`tr`). */
const throughRow = (path: string): boolean => path.split(' > ').some((step) => step === 'tr' || step.startsWith('tr:'));

/**
 * The model spans of the table rows that show `record` (a dossier code) as a whole token: where an anchor captured in
 * that record's row may land when the caller has no page reading. Two rows can read the same 64 characters around a
 * status, a date or a procedure name, and a sorted list moves a row away from the rows its context named, so the
 * record decides the row and the context the place.
 */
function recordRows(model: TextModel, doc: Document, record: string, pathRow: Element | null): Span[] {
  // Most often the row the CSS path names still shows the record: no need to search the page for it.
  const pathSpan = pathRow ? elementSpan(model, pathRow) : null;
  if (pathSpan && indexOfToken(model.text.slice(pathSpan.start, pathSpan.end), record) !== -1) return [pathSpan];
  const rows: Span[] = [];
  for (let at = indexOfToken(model.text, record); at !== -1 && rows.length < 20; at = indexOfToken(model.text, record, at + 1)) {
    const target = domTargetOf(model, at, at + record.length, doc);
    const node = target === null ? null : 'range' in target ? target.range.startContainer : target.element;
    const tr = (node?.nodeType === 1 ? (node as Element) : node?.parentElement)?.closest('tr');
    const span = tr ? elementSpan(model, tr) : null;
    if (span && !rows.some((r) => r.start === span.start)) rows.push(span);
  }
  return rows;
}

/** What one anchor got in a pass: where it landed (every place, the first one first), or orphan or absent. */
export interface AnchorOutcome {
  status: 'placed' | 'orphan' | 'absent';
  /** Every place (a record's anchor may show in its row and in its quick view); `places[0]` is `placed`'s. */
  places: Placed[];
  /** The element its CSS path named in this pass (undefined without a path). */
  cssElement?: Element | null;
  /** The places of its record on screen (with `records`), as the page reading gave them. */
  areas?: readonly RecordArea[];
  /** The elements of those places it landed in. */
  placedIn?: Element[];
}

/**
 * One pass's shared state over one text model: the CSS path resolver, the places' spans and redaction, each computed
 * once for every anchor. `anchorAll` makes one over a fresh model; the incremental pass over the model it kept.
 */
export class PassContext {
  readonly resolve: (selector: string) => Element | null;
  private readonly spans = new Map<Element, Span | null>();
  private readonly areasByRecord = new Map<string, { element: Element; scope: AnchorScope }[] | null>();
  private readonly redacted: ((start: number, end: number) => string) | undefined;

  constructor(
    readonly model: TextModel,
    private readonly doc: Document,
    private readonly opts: AnchorPassOptions,
  ) {
    this.resolve = cssPathResolver(doc);
    // The PII spans are found only when a masked quote needs them (they scan the whole text).
    const redaction = opts.redaction;
    let slice: ((start: number, end: number) => string) | undefined;
    this.redacted = redaction ? (start: number, end: number) => (slice ??= redaction(model))(start, end) : undefined;
  }

  /** The model span of a place (the body or the root element: the whole text). */
  spanOf(el: Element): Span | null {
    if (!this.spans.has(el)) this.spans.set(el, el.localName === 'body' || el.localName === 'html' ? { start: 0, end: this.model.text.length } : elementSpan(this.model, el));
    return this.spans.get(el) ?? null;
  }

  // Each place of a record on screen (its row, its modal, its page) is a scope of its own: the dossier's evidence is
  // shown in every one that reads its quote (a row and its quick view open over the list).
  private areasOf(record: string): { element: Element; scope: AnchorScope }[] | null {
    const key = recordKey(record);
    if (!this.areasByRecord.has(key)) {
      const areas = this.opts.records?.get(key) ?? [];
      this.areasByRecord.set(
        key,
        areas.length === 0
          ? null
          : areas.map((a) => {
              const span = this.spanOf(a.element);
              return { element: a.element, scope: { spans: span ? [span] : [], exclude: (a.exclude ?? []).flatMap((x) => this.spanOf(x) ?? []) } };
            }),
      );
    }
    return this.areasByRecord.get(key) ?? null;
  }

  private place(a: StoredAnchor, scope: AnchorScope | undefined): Placed | null {
    const { model, doc } = this;
    // A place without text (or a row whose record left the list) holds nothing.
    const res = scope?.spans.length === 0 ? ({ status: 'orphan' } as const) : anchor(model, a.selectors, doc, this.redacted, this.resolve, scope);
    const target = res.status === 'orphan' ? null : res.element ? { element: res.element } : domTargetOf(model, res.start, res.end, doc);
    if (res.status === 'orphan' || !target) return null;
    if ('range' in target) return { range: target.range, element: null, via: res.via };
    return { range: null, element: target.element, via: res.via };
  }

  /** Anchors one anchor: with `records`, in each place of its record on screen (the one its CSS path names first). */
  anchorOne(a: StoredAnchor): AnchorOutcome {
    const css = a.selectors.find((s) => s.type === 'CssSelector');
    const records = this.opts.records;
    if (a.record && records) {
      const areas = this.areasOf(a.record);
      // Evidence of a dossier that is not on screen is neither shown nor an orphan here.
      if (areas === null) return { status: 'absent', places: [] };
      // The place the CSS path names first: the one it was captured in, when it is still there.
      const at = css ? this.resolve(css.value) : undefined;
      const ordered = at && areas.length > 1 ? [...areas.filter((x) => containsFlat(x.element, at)), ...areas.filter((x) => !containsFlat(x.element, at))] : areas;
      const seen = new Set<Element>();
      const places: Placed[] = [];
      const placedIn: Element[] = [];
      for (const area of ordered) {
        if (seen.has(area.element)) continue;
        seen.add(area.element);
        const p = this.place(a, area.scope);
        if (p) {
          places.push(p);
          placedIn.push(area.element);
        }
      }
      return { status: places.length > 0 ? 'placed' : 'orphan', places, cssElement: at, areas: records.get(recordKey(a.record)) ?? [], placedIn };
    }
    const at = css ? this.resolve(css.value) : undefined;
    const scope = a.record && css && throughRow(css.value) ? { spans: recordRows(this.model, this.doc, a.record, at?.closest('tr') ?? null) } : undefined;
    const p = this.place(a, scope);
    return { status: p ? 'placed' : 'orphan', places: p ? [p] : [], cssElement: at };
  }
}

/** The pass's answer from each anchor's outcome, in the anchors' order. */
export function assemblePass(anchors: readonly StoredAnchor[], outcomes: readonly AnchorOutcome[], textLength: number, ms: AnchorPass['ms']): AnchorPass {
  const ranges: Range[] = [];
  const elements: Element[] = [];
  const placed = new Map<string, Placed>();
  const orphans: string[] = [];
  const absent: string[] = [];
  anchors.forEach((a, i) => {
    const o = outcomes[i];
    if (!o || o.status === 'absent') {
      absent.push(a.id);
      return;
    }
    for (const p of o.places) {
      if (p.range) ranges.push(p.range);
      else if (p.element) elements.push(p.element);
    }
    const first = o.places[0];
    if (first) placed.set(a.id, first);
    else orphans.push(a.id);
  });
  return { ranges, elements, placed, orphans, absent, textLength, ms };
}

export function anchorAll(doc: Document, anchors: readonly StoredAnchor[], opts: AnchorPassOptions = {}): AnchorPass {
  const t0 = performance.now();
  const model = buildTextModel(doc, opts.skip ? { skip: opts.skip } : {});
  const t1 = performance.now();
  const ctx = new PassContext(model, doc, opts);
  const outcomes = anchors.map((a) => ctx.anchorOne(a));
  return assemblePass(anchors, outcomes, model.text.length, { model: t1 - t0, anchor: performance.now() - t1 });
}
