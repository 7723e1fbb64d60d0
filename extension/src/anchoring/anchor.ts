// anchor(model, selectors) → a span of the text model, or an orphan. Tries the CSS selector (quote verified inside
// the element), then the position (quote verified), then the exact quote with context, then an approximate match
// (approx-string-match, as Hypothesis does) scored on quote, prefix, suffix and position. When the context does not
// agree it answers orphan rather than a wrong place; a context that lacks one of the stored context's identifiers (a
// dossier code, a date) does not agree, so an anchor whose row left the list never lands on a lookalike row.
import type { Selector, TextPositionSelector, TextQuoteSelector } from '@onestop/shared';
import search from 'approx-string-match';
import { safeQuery } from './css-path.ts';
import { elementSpan, fromCodePoints, normalizeText, type TextModel } from './text-model.ts';

export type AnchorResult =
  | { status: 'anchored'; start: number; end: number; via: 'css' | 'position' | 'quote' | 'fuzzy'; element?: Element }
  | { status: 'orphan' };

const MAX_EXACT_HITS = 2000;
/** The least share of the quote that must match for an approximate hit. */
const MIN_QUOTE_SCORE = 0.75;
/** The least agreement of the prefix/suffix for a hit among several, or an approximate one. */
const MIN_CONTEXT_SCORE = 0.5;
/** The least agreement of the context for the position to settle a tie between equally good places. */
const TIE_CONTEXT_SCORE = 0.95;

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
}

/** Identifier-like tokens: two or more digits joined by letters, digits, dots, dashes or slashes (dossier codes, dates). */
const IDENTIFIER_RE = /[\p{L}\p{N}]*\d[\p{L}\p{N}./-]*\d[\p{L}\p{N}]*/gu;
const IDENTIFIER_DIGITS = 6;
/** Context with a stored identifier missing: another record's place, however alike the rest of it reads. */
const MISSING_IDENTIFIER_SCORE = 0.25;
/** Slack around a context window when looking for its identifiers (a renumbered row shifts it by a character or two). */
const IDENTIFIER_SLACK = 8;

/** The whole identifiers of a stored context; a token touching the window's open end may be cut, so it is left out. */
function identifiers(context: string, openAt: 'start' | 'end'): string[] {
  const out: string[] = [];
  for (const m of context.matchAll(IDENTIFIER_RE)) {
    if (m[0].replace(/\D/g, '').length < IDENTIFIER_DIGITS) continue;
    if (openAt === 'start' ? m.index === 0 : m.index + m[0].length === context.length) continue;
    out.push(m[0]);
  }
  return out;
}

function contextScore(text: string, start: number, end: number, ctx: Context): number {
  const scores: number[] = [];
  let missing = false;
  if (ctx.prefix) {
    scores.push(similarity(text.slice(Math.max(0, start - ctx.prefix.length), start), ctx.prefix));
    const around = text.slice(Math.max(0, start - ctx.prefix.length - IDENTIFIER_SLACK), start);
    missing ||= identifiers(ctx.prefix, 'start').some((id) => !around.includes(id));
  }
  if (ctx.suffix) {
    scores.push(similarity(text.slice(end, end + ctx.suffix.length), ctx.suffix));
    const around = text.slice(end, end + ctx.suffix.length + IDENTIFIER_SLACK);
    missing ||= identifiers(ctx.suffix, 'end').some((id) => !around.includes(id));
  }
  if (scores.length === 0) return 1;
  const mean = scores.reduce((a, b) => a + b, 0) / scores.length;
  return missing ? Math.min(mean, MISSING_IDENTIFIER_SCORE) : mean;
}

interface Candidate {
  start: number;
  end: number;
  quote: number;
  context: number;
  score: number;
}

function score(text: string, start: number, end: number, quoteScore: number, ctx: Context): Candidate {
  const context = contextScore(text, start, end, ctx);
  const position = ctx.hint === null ? 1 : 1 - Math.min(1, Math.abs(start - ctx.hint) / Math.max(1, text.length));
  return { start, end, quote: quoteScore, context, score: (50 * quoteScore + 20 * 2 * context + 2 * position) / 92 };
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
  if (second === undefined) {
    // A short quote found once, but where nothing around it agrees, is more likely another place than the anchor.
    if (exact) return hasContext && best.context < 0.3 && best.end - best.start < 32 ? null : best;
    return !hasContext || best.context >= MIN_CONTEXT_SCORE ? best : null;
  }
  if (hasContext) {
    if (best.context < MIN_CONTEXT_SCORE) return null;
    if (second && second.context >= best.context - 0.05 && second.quote >= best.quote) {
      // Equal contexts: only the position tells them apart, and only between copies of the stored context. Two places
      // whose context both differ from it (the anchor's own row deleted among lookalike rows) are both likely wrong.
      if (best.context < TIE_CONTEXT_SCORE) return null;
      return ctx.hint !== null && Math.abs(best.start - ctx.hint) < Math.abs(second.start - ctx.hint) ? best : null;
    }
    return best;
  }
  return ctx.hint !== null ? best : null;
}

function exactHits(text: string, quote: string, from: number, to: number): number[] {
  const hits: number[] = [];
  let i = text.indexOf(quote, from);
  while (i !== -1 && i + quote.length <= to && hits.length < MAX_EXACT_HITS) {
    hits.push(i);
    i = text.indexOf(quote, i + 1);
  }
  return hits;
}

function findExact(text: string, quote: string, ctx: Context, from = 0, to = text.length): Candidate | null {
  const hits = exactHits(text, quote, from, to);
  return pick(
    hits.map((h) => score(text, h, h + quote.length, 1, ctx)),
    ctx,
    true,
  );
}

function findFuzzy(text: string, quote: string, ctx: Context, from = 0, to = text.length): Candidate | null {
  const maxErrors = Math.min(256, Math.floor(quote.length * (1 - MIN_QUOTE_SCORE)));
  if (maxErrors === 0) return null;
  const slice = text.slice(from, to);
  const matches = search(slice, quote, maxErrors);
  const candidates = matches
    .slice(0, 200)
    .map((m) => score(text, from + m.start, from + m.end, 1 - m.errors / quote.length, ctx));
  return pick(candidates, ctx, false);
}

const MAX_MASKED_SCAN = 4000;

/**
 * Where in [from, to) the text, redacted, reads the masked quote. Redaction may shorten a span (a phone's
 * separators go), so a few lengths are tried at each word start.
 */
function findMasked(text: string, quote: string, from: number, to: number, redacted: (start: number, end: number) => string): { start: number; end: number } | null {
  if (to - from > MAX_MASKED_SCAN) return null;
  for (let start = from; start < to; start++) {
    if (start > from && text[start - 1] !== ' ' && /[\p{L}\p{N}]/u.test(text[start] ?? '')) continue;
    for (let len = quote.length; len <= quote.length + 8 && start + len <= to; len++) {
      if (normalizeText(redacted(start, start + len)) === quote) return { start, end: start + len };
    }
  }
  return null;
}

/**
 * Anchors one anchor's selectors against the model; `doc` resolves the CSS selector. Quotes are stored redacted:
 * `redacted(start, end)` gives the model text of a span as redaction would have written it, so a quote with masked
 * identifiers is still verified at its position.
 */
export function anchor(model: TextModel, selectors: readonly Selector[], doc: Document, redacted?: (start: number, end: number) => string): AnchorResult {
  const text = model.text;
  const quoteSel = selectors.find((s): s is TextQuoteSelector => s.type === 'TextQuoteSelector');
  const posSel = selectors.find((s): s is TextPositionSelector => s.type === 'TextPositionSelector');
  const cssSel = selectors.find((s) => s.type === 'CssSelector');
  const quote = quoteSel ? normalizeText(quoteSel.exact) : '';
  const hint = posSel ? fromCodePoints(text, posSel.start) : null;
  const ctx: Context = {
    // Context is compared as it was stored, minus outer whitespace differences.
    prefix: quoteSel?.prefix ? quoteSel.prefix.normalize('NFC').replace(/[\s\u00a0]+/g, ' ') : '',
    suffix: quoteSel?.suffix ? quoteSel.suffix.normalize('NFC').replace(/[\s\u00a0]+/g, ' ') : '',
    hint,
  };

  // 1. CSS: the element, with the quote verified inside it.
  if (cssSel) {
    const el = safeQuery(doc, cssSel.value);
    if (el) {
      const span = elementSpan(model, el);
      if (!quote) {
        return { status: 'anchored', start: span?.start ?? 0, end: span?.end ?? 0, via: 'css', element: el };
      }
      if (span) {
        // Inside the element the quote may be exact or approximate, but its context must still agree: after a row
        // is inserted the same structural path names another row's cell.
        const local = { ...ctx, hint: hint !== null && hint >= span.start && hint <= span.end ? hint : span.start };
        const hit = findExact(text, quote, local, span.start, span.end) ?? findFuzzy(text, quote, local, span.start, span.end);
        const agrees = hit !== null && (hit.context >= MIN_CONTEXT_SCORE || (!ctx.prefix && !ctx.suffix));
        if (hit && agrees) return { status: 'anchored', start: hit.start, end: hit.end, via: 'css' };
        // A quote with masked identifiers cannot be searched for: try the element's spans, redacted, instead.
        if (redacted !== undefined && quote.includes('•')) {
          const masked = findMasked(text, quote, span.start, span.end, redacted);
          if (masked) return { status: 'anchored', ...masked, via: 'css' };
        }
      }
    }
  }
  if (!quote) return { status: 'orphan' };

  // 2. Position, quote verified.
  if (posSel && hint !== null) {
    const end = fromCodePoints(text, posSel.end);
    if (text.slice(hint, end) === quote || (redacted !== undefined && quote.includes('•') && normalizeText(redacted(hint, end)) === quote)) {
      return { status: 'anchored', start: hint, end, via: 'position' };
    }
  }

  // 3. The exact quote, told apart by its context.
  const exact = findExact(text, quote, ctx);
  if (exact) return { status: 'anchored', start: exact.start, end: exact.end, via: 'quote' };

  // 4. An approximate match: near the expected position first, then anywhere.
  if (hint !== null) {
    const radius = quote.length * 2 + 2000;
    const near = findFuzzy(text, quote, ctx, Math.max(0, hint - radius), Math.min(text.length, hint + quote.length + radius));
    if (near) return { status: 'anchored', start: near.start, end: near.end, via: 'fuzzy' };
  }
  const fuzzy = findFuzzy(text, quote, ctx);
  if (fuzzy) return { status: 'anchored', start: fuzzy.start, end: fuzzy.end, via: 'fuzzy' };
  return { status: 'orphan' };
}
