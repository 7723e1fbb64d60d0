// anchor(model, selectors) → a span of the text model, or an orphan. Tries the CSS selector (quote verified inside
// the element), then the position (quote verified), then the exact quote with context, then an approximate match
// (approx-string-match, as Hypothesis does) scored on quote, prefix, suffix and position. When the context does not
// agree it answers orphan rather than a wrong place; a context that lacks one of the stored context's identifiers (a
// dossier code, a date) does not agree, so an anchor whose row left the list never lands on a lookalike row. Given
// the scope of the anchor's own dossier (its rows, its modal, its page), every step looks only there.
//
// Away from its stored place (the position, the element the CSS path names) a place must agree with the stored context
// clearly better than a lookalike does: a deleted quote is an orphan, not the same words elsewhere. At its stored place
// a quote found once on the page is the place even when a neighbouring date or code changed. An edited quote at its
// stored place is preferred to an unedited copy elsewhere whose context agrees no better. A span inside a form
// control's value is answered with the control and the offsets inside its value.
import type { Selector, TextPositionSelector, TextQuoteSelector } from '@onestop/shared';
import search from 'approx-string-match';
import { resolveCssPath } from './css-path.ts';
import { elementSpan, fromCodePoints, normalizeText, rawOffset, segmentAt, type TextModel } from './text-model.ts';

export type AnchorVia = 'css' | 'position' | 'quote' | 'fuzzy';

/** A span of a form control's value: the control and UTF-16 offsets [start, end) into its value. */
export interface ControlSpan {
  element: HTMLInputElement | HTMLTextAreaElement | HTMLSelectElement;
  start: number;
  end: number;
}

export type AnchorResult =
  | { status: 'anchored'; start: number; end: number; via: AnchorVia; element?: Element; control?: ControlSpan }
  | { status: 'orphan' };

/** The control and value offsets of a model span lying inside one form control's value, or null. */
export function controlSpanOf(model: TextModel, start: number, end: number): ControlSpan | null {
  const a = segmentAt(model, start);
  const b = segmentAt(model, end, true);
  const seg = model.segments[a];
  if (!seg || a !== b || seg.source.nodeType !== 1) return null;
  const element = seg.source as ControlSpan['element'];
  return { element, start: rawOffset(seg, start), end: rawOffset(seg, end) };
}

export interface Span {
  start: number;
  end: number;
}

/** Where an anchor may land: the model spans of its own dossier's places, minus the places inside them of others. */
export interface AnchorScope {
  spans: readonly Span[];
  /** Spans inside `spans` that belong to another dossier (its row, a modal over the page). */
  exclude?: readonly Span[];
}

const MAX_EXACT_HITS = 2000;
/** The least share of the quote that must match for an approximate hit. */
const MIN_QUOTE_SCORE = 0.75;
/** The least agreement of the prefix/suffix for a hit among several, or an approximate one. */
const MIN_CONTEXT_SCORE = 0.5;
/**
 * The agreement of a context that counts as the stored one: the CSS path or the position is taken at once with it,
 * and only places with it are told apart by position. Two characters off in 64 (the minutes of a neighbouring row's
 * time) is already another place.
 */
const EXACT_CONTEXT_SCORE = 0.99;
/** Contexts this close are a tie. */
const TIE_MARGIN = 0.01;
/**
 * Away from the stored place, a place's context must agree at least this much on average, and one of its sides
 * (prefix or suffix) at least STRONG_SIDE_SCORE: a lookalike elsewhere (the same words after the same label, in
 * another block) agrees about half, by chance and by the label.
 */
const AWAY_CONTEXT_SCORE = 0.7;
const STRONG_SIDE_SCORE = 0.8;
/** How far (UTF-16 units) from the stored position a place still counts as the stored place. */
const NEAR_CHARS = 32;
/** Scores this close count as a tie between an edited quote at its stored place and a copy elsewhere. */
const CLOSE_SCORE = 0.02;
/** A quote this long, found once and exactly, is its own evidence. */
const LONG_QUOTE = 32;

/** 1 for an identical string, 0 for nothing in common; approximate, bounded by the pattern's length. */
function similarity(str: string, pattern: string): number {
  if (pattern.length === 0) return 1;
  if (str.length === 0) return 0;
  if (str === pattern) return 1;
  const matches = search(str, pattern, pattern.length);
  const best = matches.reduce((min, m) => Math.min(min, m.errors), pattern.length);
  return 1 - best / pattern.length;
}

interface Context {
  prefix: string;
  suffix: string;
  /** Expected start (UTF-16) from the position selector. */
  hint: number | null;
  /** The whole identifiers of the prefix and the suffix. */
  prefixIds: string[];
  suffixIds: string[];
  /** The quote's own identifiers: an approximate match must read them exactly (a code one digit off is another record). */
  quoteIds: string[];
  /** The places allowed at all (the scope of the anchor's own record), or null for anywhere. */
  accept: ((start: number, end: number) => boolean) | null;
  /** The scope's spans, merged and in text order, where its places are searched for; null for the whole text. */
  spans: Span[] | null;
  /** Whether a place is the stored one: at (or near) the stored position, or inside the element the CSS path names. */
  near: ((start: number, end: number) => boolean) | null;
  /** Whether the CSS path goes through a table row (a list: its neighbours are lookalike rows). */
  inRow: boolean;
}

/** Identifier-like tokens: two or more digits joined by letters, digits, dots, dashes or slashes (dossier codes, dates). */
const IDENTIFIER_RE = /[\p{L}\p{N}]*\d[\p{L}\p{N}./-]*\d[\p{L}\p{N}]*/gu;
const IDENTIFIER_DIGITS = 6;
/** Context with a stored identifier missing: another record's place, however alike the rest of it reads. */
const MISSING_IDENTIFIER_SCORE = 0.25;
/** Slack around a context window when looking for its identifiers (a renumbered row shifts it by a character or two). */
const IDENTIFIER_SLACK = 8;

/**
 * The identifiers of a stored context or quote. A token cut by the context window's end is kept as it reads: the same
 * place reads those characters there too.
 */
function identifiers(text: string): string[] {
  const out: string[] = [];
  for (const m of text.matchAll(IDENTIFIER_RE)) if (m[0].replace(/\D/g, '').length >= IDENTIFIER_DIGITS) out.push(m[0]);
  return out;
}

interface ContextParts {
  /** The mean agreement of prefix and suffix, capped when a stored identifier is missing. */
  mean: number;
  /** The better of the two sides, capped the same way. */
  side: number;
  /** The mean agreement without the cap. */
  raw: number;
  /** Whether the stored context had identifiers and none of them is around this place. */
  idsLost: boolean;
}

function contextParts(text: string, start: number, end: number, ctx: Context): ContextParts {
  const scores: number[] = [];
  if (ctx.prefix) scores.push(similarity(text.slice(Math.max(0, start - ctx.prefix.length), start), ctx.prefix));
  if (ctx.suffix) scores.push(similarity(text.slice(end, end + ctx.suffix.length), ctx.suffix));
  if (scores.length === 0) return { mean: 1, side: 1, raw: 1, idsLost: false };
  const raw = scores.reduce((a, b) => a + b, 0) / scores.length;
  const best = Math.max(...scores);
  if (hasIdentifiers(text, start, end, ctx)) return { mean: raw, side: best, raw, idsLost: false };
  return { mean: Math.min(raw, MISSING_IDENTIFIER_SCORE), side: Math.min(best, MISSING_IDENTIFIER_SCORE), raw, idsLost: !someIdentifier(text, start, end, ctx) };
}

function contextScore(text: string, start: number, end: number, ctx: Context): number {
  return contextParts(text, start, end, ctx).mean;
}

interface Candidate {
  start: number;
  end: number;
  quote: number;
  context: number;
  /** The better side's agreement (capped as `context`). */
  side: number;
  /** The context's agreement without the identifier cap. */
  raw: number;
  idsLost: boolean;
  score: number;
}

function score(text: string, start: number, end: number, quoteScore: number, ctx: Context): Candidate {
  const parts = contextParts(text, start, end, ctx);
  const context = parts.mean;
  const position = ctx.hint === null ? 1 : 1 - Math.min(1, Math.abs(start - ctx.hint) / Math.max(1, text.length));
  return { start, end, quote: quoteScore, context, side: parts.side, raw: parts.raw, idsLost: parts.idsLost, score: (50 * quoteScore + 20 * 2 * context + 2 * position) / 92 };
}

/**
 * Whether a candidate's context tells it from a lookalike: at its stored place any agreement the caller asks for will
 * do; elsewhere, a clearly agreeing context with one side that agrees strongly.
 */
function agreesAway(c: Candidate, ctx: Context): boolean {
  // Inside the anchor's own record the record has told the places apart already.
  if (ctx.spans !== null || ctx.near?.(c.start, c.end)) return true;
  return c.context >= AWAY_CONTEXT_SCORE && c.side >= STRONG_SIDE_SCORE;
}

/**
 * A quote found exactly once, at its stored place, whose context changed (a neighbouring date or code edited): the
 * place, unless its context reads nothing like the stored one, or it is a list row that kept none of the stored
 * identifiers (then the row it was captured in is gone and another row moved into its place).
 */
function stillAtItsPlace(c: Candidate, ctx: Context): boolean {
  if (!ctx.near?.(c.start, c.end)) return false;
  if (c.raw < MIN_CONTEXT_SCORE) return false;
  return !(ctx.inRow && c.idsLost);
}

/** Picks among candidates: one alone is taken; several need a context that agrees and tells them apart. */
function pick(candidates: Candidate[], ctx: Context, exact: boolean): Candidate | null {
  if (candidates.length === 0) return null;
  candidates.sort((a, b) => b.score - a.score);
  const best = candidates[0];
  if (!best) return null;
  // Hits overlapping the best one are the same place read with different ends, not rivals.
  const second = candidates.find((c) => c.end <= best.start || c.start >= best.end);
  const hasContext = ctx.prefix.length > 0 || ctx.suffix.length > 0;
  if (!exact && best.quote < MIN_QUOTE_SCORE) return null;
  // Inside its own dossier's scope the record has already told the dossier apart: the exact quote found once there is
  // the place, and where nothing around any copy agrees with the stored context (the same dossier on another screen:
  // captured on a list row, seen on its detail page or quick view) the best copy is.
  if (exact && ctx.spans !== null && (second === undefined || best.context < MIN_CONTEXT_SCORE)) return best;
  if (second === undefined) {
    if (!hasContext) return best;
    if (exact) {
      // A long quote found once is the place. A short one found once is, where its context agrees as a moved place's
      // does, or where it still stands at its stored place; elsewhere, with a context that agrees only about half, it
      // is more likely a lookalike of a deleted quote than the anchor.
      if (best.end - best.start >= LONG_QUOTE) return best;
      if (best.context >= 0.3 && agreesAway(best, ctx)) return best;
      return stillAtItsPlace(best, ctx) ? best : null;
    }
    return best.context >= MIN_CONTEXT_SCORE && agreesAway(best, ctx) ? best : null;
  }
  if (hasContext) {
    if (best.context < MIN_CONTEXT_SCORE || !agreesAway(best, ctx)) return null;
    if (second && second.context >= best.context - TIE_MARGIN && second.quote >= best.quote) {
      // Equal contexts: only the position tells them apart, and only between copies of the stored context. Two places
      // whose context both differ from it (the anchor's own row deleted among lookalike rows) are both likely wrong.
      if (best.context < EXACT_CONTEXT_SCORE) return null;
      return ctx.hint !== null && Math.abs(best.start - ctx.hint) < Math.abs(second.start - ctx.hint) ? best : null;
    }
    return best;
  }
  return ctx.hint !== null ? best : null;
}

function exactHits(text: string, quote: string, from: number, to: number, limit = MAX_EXACT_HITS): number[] {
  const hits: number[] = [];
  // Inside an element, search its slice: indexOf on the whole text would run on to the next place far below.
  const windowed = to < text.length;
  const hay = windowed ? text.slice(from, to) : text;
  const base = windowed ? from : 0;
  let i = hay.indexOf(quote, windowed ? 0 : from);
  while (i !== -1 && base + i + quote.length <= to && hits.length < limit) {
    hits.push(base + i);
    i = hay.indexOf(quote, i + 1);
  }
  return hits;
}

/** Whether the text around [start, end) holds at least one identifier of the stored context (true when it has none). */
function someIdentifier(text: string, start: number, end: number, ctx: Context): boolean {
  if (ctx.prefixIds.length + ctx.suffixIds.length === 0) return true;
  const before = text.slice(Math.max(0, start - ctx.prefix.length - IDENTIFIER_SLACK), start);
  const after = text.slice(end, end + ctx.suffix.length + IDENTIFIER_SLACK);
  return ctx.prefixIds.some((id) => before.includes(id)) || ctx.suffixIds.some((id) => after.includes(id));
}

/** Whether the text around [start, end) holds every identifier of the stored context (a cheap string search). */
function hasIdentifiers(text: string, start: number, end: number, ctx: Context): boolean {
  const before = text.slice(Math.max(0, start - ctx.prefix.length - IDENTIFIER_SLACK), start);
  const after = text.slice(end, end + ctx.suffix.length + IDENTIFIER_SLACK);
  return ctx.prefixIds.every((id) => before.includes(id)) && ctx.suffixIds.every((id) => after.includes(id));
}

/**
 * The places of the quote that have the context's longest identifier where the context puts it, found from that
 * identifier's own places: on a list, a status repeats on every other row, a dossier code or a date far less often.
 */
function hitsByIdentifier(text: string, quote: string, ctx: Context): number[] {
  const longest = (ids: string[]) => ids.reduce((a, b) => (b.length > a.length ? b : a), '');
  const inPrefix = longest(ctx.prefixIds);
  const inSuffix = longest(ctx.suffixIds);
  const side = inPrefix.length >= inSuffix.length ? 'prefix' : 'suffix';
  const id = side === 'prefix' ? inPrefix : inSuffix;
  const out = new Set<number>();
  for (let p = text.indexOf(id); p !== -1 && out.size < MAX_EXACT_HITS; p = text.indexOf(id, p + 1)) {
    // Where the quote may start for `hasIdentifiers` to see this identifier in its prefix or suffix window.
    const from = Math.max(0, side === 'prefix' ? p + id.length : p + id.length - ctx.suffix.length - IDENTIFIER_SLACK - quote.length);
    const to = Math.min(text.length, side === 'prefix' ? p + ctx.prefix.length + IDENTIFIER_SLACK + quote.length : p);
    if (to - from < quote.length) continue;
    const window = text.slice(from, to);
    for (let q = window.indexOf(quote); q !== -1; q = window.indexOf(quote, q + 1)) out.add(from + q);
  }
  return [...out].sort((a, b) => a - b);
}

function findExact(text: string, quote: string, ctx: Context, from = 0, to = text.length): Candidate | null {
  let hits: number[];
  if (ctx.prefixIds.length + ctx.suffixIds.length > 0) {
    // Among several places (a status or a procedure name repeated down a list), those without the context's
    // identifiers would score below MIN_CONTEXT_SCORE and never be taken: only places with them are scored. On the
    // whole page they are found from the identifier; a quote found once is scored as it is.
    const withIds = (from === 0 && to === text.length ? hitsByIdentifier(text, quote, ctx) : exactHits(text, quote, from, to)).filter((h) =>
      hasIdentifiers(text, h, h + quote.length, ctx),
    );
    if (withIds.length > 0) hits = withIds;
    else {
      hits = exactHits(text, quote, from, to, 2);
      if (hits.length !== 1) return null;
    }
  } else if (ctx.spans !== null && from === 0 && to === text.length) {
    hits = ctx.spans.flatMap((s) => exactHits(text, quote, s.start, s.end));
  } else {
    hits = exactHits(text, quote, from, to);
  }
  const accept = ctx.accept;
  if (accept) hits = hits.filter((h) => accept(h, h + quote.length));
  return pick(
    hits.map((h) => score(text, h, h + quote.length, 1, ctx)),
    ctx,
    true,
  );
}

function findFuzzy(text: string, quote: string, ctx: Context, from = 0, to = text.length, keepIds = true): Candidate | null {
  const maxErrors = Math.min(256, Math.floor(quote.length * (1 - MIN_QUOTE_SCORE)));
  if (maxErrors === 0) return null;
  // Within a scope, only its spans (cut to [from, to)) are searched: a list row, not the whole list.
  const windows = ctx.spans === null ? [{ start: from, end: to }] : clip(ctx.spans, from, to);
  const candidates: Candidate[] = [];
  for (const w of windows) {
    if (w.end - w.start < quote.length - maxErrors) continue;
    const slice = text.slice(w.start, w.end);
    for (const m of search(slice, quote, maxErrors)) {
      if (candidates.length >= 200) break;
      if (keepIds && !ctx.quoteIds.every((id) => slice.slice(m.start, m.end).includes(id))) continue;
      if (ctx.accept !== null && !ctx.accept(w.start + m.start, w.start + m.end)) continue;
      candidates.push(score(text, w.start + m.start, w.start + m.end, 1 - m.errors / quote.length, ctx));
    }
  }
  return pick(candidates, ctx, false);
}

/** The parts of sorted, disjoint spans inside [from, to). */
function clip(spans: readonly Span[], from: number, to: number): Span[] {
  const out: Span[] = [];
  for (const s of spans) {
    const start = Math.max(s.start, from);
    const end = Math.min(s.end, to);
    if (end > start) out.push({ start, end });
  }
  return out;
}

/** Sorted, merged copies of spans. */
function merged(spans: readonly Span[]): Span[] {
  const sorted = [...spans].sort((a, b) => a.start - b.start);
  const out: Span[] = [];
  for (const s of sorted) {
    const last = out[out.length - 1];
    if (last && s.start <= last.end) last.end = Math.max(last.end, s.end);
    else out.push({ start: s.start, end: s.end });
  }
  return out;
}

/** The predicate of a scope: inside one of its spans, overlapping none of its exclusions. */
function scopeTest(scope: AnchorScope): (start: number, end: number) => boolean {
  const spans = scope.spans;
  const exclude = scope.exclude ?? [];
  return (start, end) => spans.some((s) => start >= s.start && end <= s.end) && !exclude.some((x) => start < x.end && end > x.start);
}

const MAX_MASKED_SCAN = 4000;

/**
 * Where in [from, to) the text, redacted, reads the masked quote. Redaction changes lengths (a phone's separators go,
 * a personal value is masked whole with fewer bullets than it has characters), so a place is found from the quote's
 * literal head (the text before its first mask) and checked, end by end, as redaction would write it.
 */
function findMasked(text: string, quote: string, from: number, to: number, redacted: (start: number, end: number) => string): { start: number; end: number } | null {
  if (to - from > MAX_MASKED_SCAN) return null;
  const head = quote.slice(0, quote.indexOf('•'));
  const last = quote.at(-1) ?? '';
  const starts: number[] = [];
  if (head.trim() !== '') {
    for (let at = text.indexOf(head, from); at !== -1 && at < to; at = text.indexOf(head, at + 1)) starts.push(at);
  } else {
    for (let start = from; start < to; start++) {
      if (start > from && text[start - 1] !== ' ' && /[\p{L}\p{N}]/u.test(text[start] ?? '')) continue;
      starts.push(start);
    }
  }
  for (const start of starts) {
    const maxEnd = Math.min(to, start + quote.length * 4 + 64);
    for (let end = start + Math.max(1, head.length); end <= maxEnd; end++) {
      // A bullet is what redaction writes; any other last character must be the text's own.
      if (last !== '•' && text[end - 1] !== last) continue;
      if (normalizeText(redacted(start, end)) !== quote) continue;
      // A cut value is masked like the whole one: the place is the longest span that still reads the quote.
      let longest = end;
      while (longest < to && longest < maxEnd && /\S/.test(text[longest] ?? ' ') && normalizeText(redacted(start, longest + 1)) === quote) longest++;
      return { start, end: longest };
    }
  }
  return null;
}

function contextOf(quoteSel: TextQuoteSelector | undefined, quote: string, hint: number | null, scope: AnchorScope | null): Context {
  // Context is compared as it was stored, minus outer whitespace differences.
  const prefix = quoteSel?.prefix ? quoteSel.prefix.normalize('NFC').replace(/[\s\u00a0]+/g, ' ') : '';
  const suffix = quoteSel?.suffix ? quoteSel.suffix.normalize('NFC').replace(/[\s\u00a0]+/g, ' ') : '';
  // Within the scope of the anchor's own record the context's identifiers need not all be there: they may belong to
  // the neighbouring row, which a sorted or filtered list changes, or to another screen of the same dossier.
  const ids = (s: string) => (scope ? [] : identifiers(s));
  const accept = scope ? scopeTest(scope) : null;
  const spans = scope ? merged(scope.spans) : null;
  return { prefix, suffix, hint, prefixIds: ids(prefix), suffixIds: ids(suffix), quoteIds: identifiers(quote), accept, spans, near: null, inRow: false };
}

/** Whether a CSS path made at capture goes through a table row (`tr`). */
const throughRow = (path: string): boolean => path.split(' > ').some((step) => step === 'tr' || step.startsWith('tr:'));

/**
 * Anchors one anchor's selectors against the model; `doc` resolves the CSS selector. Quotes are stored redacted:
 * `redacted(start, end)` gives the model text of a span as redaction would have written it, so a quote with masked
 * identifiers is still verified at its position. `resolve` finds a CSS selector's element (one pass shares a cache).
 * `scope` limits the places to those of the anchor's own record (its dossier's rows, modal or page), when known.
 */
export function anchor(
  model: TextModel,
  selectors: readonly Selector[],
  doc: Document,
  redacted?: (start: number, end: number) => string,
  resolve?: (selector: string) => Element | null,
  scope?: AnchorScope,
): AnchorResult {
  const text = model.text;
  const quoteSel = selectors.find((s): s is TextQuoteSelector => s.type === 'TextQuoteSelector');
  const posSel = selectors.find((s): s is TextPositionSelector => s.type === 'TextPositionSelector');
  const cssSel = selectors.find((s) => s.type === 'CssSelector');
  const quote = quoteSel ? normalizeText(quoteSel.exact) : '';
  const hint = posSel ? fromCodePoints(text, posSel.start) : null;
  const ctx = contextOf(quoteSel, quote, hint, scope ?? null);
  const allowed = (start: number, end: number) => ctx.accept === null || ctx.accept(start, end);
  /** The element the CSS path names and its span, once resolved. */
  let cssSpan: Span | null = null;
  ctx.inRow = cssSel !== undefined && throughRow(cssSel.value);
  ctx.near = (start, end) =>
    (hint !== null && Math.abs(start - hint) <= NEAR_CHARS) || (cssSpan !== null && start >= cssSpan.start && end <= cssSpan.end && cssSpan.end - cssSpan.start <= MAX_MASKED_SCAN);
  /** An anchored answer; a span inside a form control's value names the control and the offsets in its value. */
  const found = (start: number, end: number, via: AnchorVia): AnchorResult => {
    const control = controlSpanOf(model, start, end);
    return control ? { status: 'anchored', start, end, via, control } : { status: 'anchored', start, end, via };
  };
  let present: boolean | undefined;
  /**
   * Whether the quote is on the page (in the scope, when there is one) as it is; asked at most once: on a long list it
   * is a scan of the whole text.
   */
  const onPage = () => (present ??= ctx.spans === null ? text.includes(quote) : ctx.spans.some((s) => exactHits(text, quote, s.start, s.end).some((h) => allowed(h, h + quote.length))));

  // A place that reads the quote where the CSS path or the position says, but whose context only roughly agrees: taken
  // when the page has no place with a better context (step 3), since after a row is inserted the same structural path
  // names another row's cell, and a lookalike row may read the same words there.
  let weak: { start: number; end: number; via: AnchorVia } | null = null;
  // The quote, edited, where the CSS path or the position says, while its old text is still elsewhere on the page:
  // compared with that copy in step 3 (the place whose context agrees better wins; close scores go to this one).
  let edited: { hit: Candidate; via: AnchorVia } | null = null;

  // 1. CSS: the element, with the quote verified inside it.
  if (cssSel) {
    const el = (resolve ?? ((sel: string) => resolveCssPath(doc, sel)))(cssSel.value);
    if (el) {
      const span = elementSpan(model, el);
      if (!quote) {
        return { status: 'anchored', start: span?.start ?? 0, end: span?.end ?? 0, via: 'css', element: el };
      }
      if (span) {
        cssSpan = span;
        // A quote with masked identifiers cannot be searched for as it is (an approximate match would end inside the
        // identifier): the element's spans, redacted, are compared with it first.
        if (redacted !== undefined && quote.includes('•')) {
          const masked = findMasked(text, quote, span.start, span.end, redacted);
          if (masked && allowed(masked.start, masked.end)) return found(masked.start, masked.end, 'css');
        }
        // Inside the element the quote may be exact or approximate; its context decides whether it is the place.
        const local = { ...ctx, hint: hint !== null && hint >= span.start && hint <= span.end ? hint : span.start };
        // An edited value (a receipt number one digit off) stays anchored where the path and the context both agree;
        // when the quote as it was is still on the page, the path may name another record's cell: step 3 decides.
        const exactHere = findExact(text, quote, local, span.start, span.end);
        const small = span.end - span.start <= MAX_MASKED_SCAN;
        const fuzzyHere = exactHere || !small ? null : findFuzzy(text, quote, local, span.start, span.end, false);
        const hit = exactHere ?? (onPage() ? null : fuzzyHere);
        if (!exactHere && fuzzyHere && onPage() && allowed(fuzzyHere.start, fuzzyHere.end)) edited = { hit: fuzzyHere, via: 'css' };
        if (hit && allowed(hit.start, hit.end) && (hit.context >= EXACT_CONTEXT_SCORE || (!ctx.prefix && !ctx.suffix))) return found(hit.start, hit.end, 'css');
        const idsKept = hit !== null && ctx.quoteIds.every((id) => text.slice(hit.start, hit.end).includes(id));
        if (hit && idsKept && allowed(hit.start, hit.end) && hit.context >= MIN_CONTEXT_SCORE) weak = { start: hit.start, end: hit.end, via: 'css' };
      }
    }
  }
  if (!quote) return { status: 'orphan' };

  // 2. Position, quote and context verified.
  const posEnd = posSel && hint !== null ? fromCodePoints(text, posSel.end) : null;
  // (Outside the anchor's own record the position names another row.)
  if (posSel && hint !== null && posEnd !== null && allowed(hint, posEnd)) {
    const end = posEnd;
    if (text.slice(hint, end) === quote) {
      const context = contextScore(text, hint, end, ctx);
      if (context >= EXACT_CONTEXT_SCORE) return found(hint, end, 'position');
      if (context >= MIN_CONTEXT_SCORE) weak ??= { start: hint, end, via: 'position' };
    } else if (redacted !== undefined && quote.includes('•') && normalizeText(redacted(hint, end)) === quote) {
      return found(hint, end, 'position');
    } else if (edited === null && !cssSel && onPage()) {
      // No CSS path (text inside a shadow root names only its host, or none): the edited quote near its position.
      const near = findFuzzy(text, quote, ctx, Math.max(0, hint - NEAR_CHARS), Math.min(text.length, end + NEAR_CHARS), false);
      if (near && near.context >= EXACT_CONTEXT_SCORE) edited = { hit: near, via: 'position' };
    }
  }

  // 3. The exact quote, told apart by its context; an edited quote at its stored place against a copy elsewhere.
  const exact = findExact(text, quote, ctx);
  if (exact && edited && !ctx.near(exact.start, exact.end)) {
    const here = edited.hit;
    if (here.context >= exact.context && here.context >= MIN_CONTEXT_SCORE && here.score >= exact.score - CLOSE_SCORE) return found(here.start, here.end, edited.via);
  }
  if (exact) return found(exact.start, exact.end, 'quote');
  if (weak) return found(weak.start, weak.end, weak.via);
  // No copy elsewhere agrees: the edited quote whose stored context is intact around it is the place.
  if (edited && edited.hit.context >= EXACT_CONTEXT_SCORE) return found(edited.hit.start, edited.hit.end, edited.via);

  // 4. An approximate match: near the expected position first, then anywhere.
  if (hint !== null) {
    const radius = quote.length * 2 + 2000;
    const near = findFuzzy(text, quote, ctx, Math.max(0, hint - radius), Math.min(text.length, hint + quote.length + radius));
    if (near) return found(near.start, near.end, 'fuzzy');
  }
  // Anywhere, unless the quote is on the page as it is: then the context could not tell its places apart, and
  // approximate copies of it would not either (and on a long list that search costs tens of milliseconds).
  if (!onPage()) {
    const fuzzy = findFuzzy(text, quote, ctx);
    if (fuzzy) return found(fuzzy.start, fuzzy.end, 'fuzzy');
  }
  return { status: 'orphan' };
}
