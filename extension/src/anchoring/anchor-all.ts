// One re-anchoring pass (DESIGN section 8): one text model of the page, then every stored anchor against it, so 200
// anchors cost one walk of the DOM, not 200. The overlay runs it after each page change; `npm run bench` runs the same
// function in Chromium over 200 anchors of a 2,000-row list and of a 50-row list page.
import type { Selector } from '@onestop/shared';
import { anchor, type AnchorVia } from './anchor.ts';
import { cssPathResolver } from './css-path.ts';
import { buildTextModel, domTargetOf, elementSpan, type TextModel } from './text-model.ts';

export interface StoredAnchor {
  id: string;
  selectors: readonly Selector[];
  /** The record (a dossier code) of the list row it was captured in, when known. */
  record?: string | null;
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
  /** Where each anchored id landed and which selector found it. */
  placed: Map<string, Placed>;
  /** The ids that found no place on the page. */
  orphans: string[];
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
}

/** Whether a CSS path made at capture goes through a table row (`tr`). */
const throughRow = (path: string): boolean => path.split(' > ').some((step) => step === 'tr' || step.startsWith('tr:'));

/**
 * The model spans of the table rows that show `record` (a dossier code): where an anchor captured in that record's
 * row may land. Two rows can read the same 64 characters around a status, a date or a procedure name, and a sorted
 * list moves a row away from the rows its context named, so the record decides the row and the context the place.
 */
function recordRows(model: TextModel, doc: Document, record: string, pathRow: Element | null): { start: number; end: number }[] {
  // Most often the row the CSS path names still shows the record: no need to search the page for it.
  if (pathRow && (pathRow.textContent ?? '').includes(record)) {
    const span = elementSpan(model, pathRow);
    if (span) return [span];
  }
  const rows: { start: number; end: number }[] = [];
  for (let at = model.text.indexOf(record); at !== -1 && rows.length < 20; at = model.text.indexOf(record, at + 1)) {
    const target = domTargetOf(model, at, at + record.length, doc);
    const node = target === null ? null : 'range' in target ? target.range.startContainer : target.element;
    const tr = (node?.nodeType === 1 ? (node as Element) : node?.parentElement)?.closest('tr');
    const span = tr ? elementSpan(model, tr) : null;
    if (span && !rows.some((r) => r.start === span.start)) rows.push(span);
  }
  return rows;
}

export function anchorAll(doc: Document, anchors: readonly StoredAnchor[], opts: AnchorPassOptions = {}): AnchorPass {
  const t0 = performance.now();
  const model = buildTextModel(doc, opts.skip ? { skip: opts.skip } : {});
  const t1 = performance.now();
  // The PII spans are found only when a masked quote needs them (they scan the whole text).
  const redaction = opts.redaction;
  let slice: ((start: number, end: number) => string) | undefined;
  const redacted = redaction ? (start: number, end: number) => (slice ??= redaction(model))(start, end) : undefined;
  const resolve = cssPathResolver(doc);
  const ranges: Range[] = [];
  const elements: Element[] = [];
  const placed = new Map<string, Placed>();
  const orphans: string[] = [];
  for (const a of anchors) {
    const css = a.selectors.find((s) => s.type === 'CssSelector');
    const rows = a.record && css && throughRow(css.value) ? recordRows(model, doc, a.record, resolve(css.value)?.closest('tr') ?? null) : null;
    const accept = rows ? (start: number, end: number) => rows.some((r) => start >= r.start && end <= r.end) : undefined;
    // A row captured on a list whose record is no longer on the page is an orphan at once.
    const res = rows?.length === 0 ? ({ status: 'orphan' } as const) : anchor(model, a.selectors, doc, redacted, resolve, accept);
    const target = res.status === 'orphan' ? null : res.element ? { element: res.element } : domTargetOf(model, res.start, res.end, doc);
    if (res.status === 'orphan' || !target) {
      orphans.push(a.id);
      continue;
    }
    if ('range' in target) {
      placed.set(a.id, { range: target.range, element: null, via: res.via });
      ranges.push(target.range);
    } else {
      placed.set(a.id, { range: null, element: target.element, via: res.via });
      elements.push(target.element);
    }
  }
  return { ranges, elements, placed, orphans, textLength: model.text.length, ms: { model: t1 - t0, anchor: performance.now() - t1 } };
}
