// Runs inside Chromium on a page of one of the two demo dossier systems (bundled by bench/browser.ts): reads the page
// with its site profile as the overlay does, captures anchors the way the overlay's captures describe them (each with
// the record of the place it was captured in), changes the page the way a dossier system does, and times the
// overlay's own re-anchoring pass (`IncrementalAnchoring.pass`) over them, then the evidence marks: the boxes the
// overlay computes for the anchored ranges near the viewport (as `placeMarks` in
// extension/entrypoints/overlay.content/more.ts does), drawn here as plain divs in a closed shadow root of the
// harness's own (the overlay renders them with Preact, together with its badges: that render is not in the figure).
// The full pass (`anchorAll`) runs after the clock on the same page, to compare: both must give the same places.
// Exposed as `window.onestopBench`.
import { SiteProfileSchema, type SiteProfile } from '@onestop/shared';
import { anchorAll, recordKey, sameDossier, type AnchorPass, type RecordArea, type StoredAnchor } from '../../extension/src/anchoring/anchor-all.ts';
import { describeSpan } from '../../extension/src/anchoring/describe.ts';
import { IncrementalAnchoring } from '../../extension/src/anchoring/incremental.ts';
import { buildTextModel, elementSpan, normalizeText, type TextModel } from '../../extension/src/anchoring/text-model.ts';
import { pageMutations } from '../../extension/src/page/page-mutations.ts';
import { readPage, type PageReading } from '../../extension/src/page/profile-reader.ts';
import { patternSpans, redactSlice } from '../../extension/src/page/redact.ts';
import type { PiiPatternName } from '@onestop/shared';

interface Captured extends StoredAnchor {
  quote: string;
  record: string | null;
}

export type Change = 'one-cell' | 'row-rerender' | 'insert-row' | 'header' | 'header-tick' | 'rerender';

export interface PassFigures {
  /** The incremental pass (its bookkeeping included) and the evidence marks. */
  total: number;
  /** Splicing (or building) the text model. */
  model: number;
  anchor: number;
  /** Computing the evidence marks' boxes and drawing them. */
  marks: number;
  /** How many mark boxes were drawn (ranges near the viewport only). */
  markBoxes: number;
  /** The page reading the overlay makes before the pass (not in `total`). */
  reading: number;
  /** The full pass on the same page (`anchorAll`), for comparison. */
  full: number;
  /** `ignored`: every change was inside the profile's ignored regions, so the overlay ran no pass at all. */
  mode: 'full' | 'incremental' | 'ignored';
  reason: string | null;
  reanchored: number;
  anchored: number;
  orphans: number;
  /** Anchored, but not on the captured text inside a place of the captured dossier. */
  wrong: number;
  /** Anchors whose place differs from the full pass's. */
  differs: number;
  misplaced: string[];
  textLength: number;
}

const PATTERNS: PiiPatternName[] = ['citizen_id', 'phone', 'email'];
/** Cells captured in turn on a list: procedure name, part of it, reception date, status, dossier code. */
const COLUMNS = [2, 2, 4, 7, 1] as const;
/** The overlay's observer options (controller.ts). */
const OBSERVED: MutationObserverInit = { childList: true, subtree: true, characterData: true, attributes: true, attributeFilter: ['open', 'hidden', 'class', 'style', 'aria-hidden', 'value', 'type'] };
/** As the overlay's marks (more.ts): ranges within this distance of the viewport, at most this many boxes. */
const MARK_MARGIN_PX = 200;
const MAX_MARKS = 2000;

/** The harness's stand-in for the overlay's host: a closed shadow root the marks are drawn in. */
let markHost: HTMLElement | null = null;
let markLayer: HTMLElement | null = null;
/** How many mark boxes the last pass drew. */
let lastMarkBoxes = 0;

function ensureMarkLayer(): { host: HTMLElement; layer: HTMLElement } {
  if (markHost && markLayer) return { host: markHost, layer: markLayer };
  const host = document.createElement('onestop-bench-marks');
  // As the overlay's :host rules: it takes no space and no clicks.
  host.style.cssText = 'all: initial; display: block; position: absolute; left: 0; top: 0; width: 0; height: 0; overflow: visible; z-index: 2147483646; pointer-events: none;';
  const root = host.attachShadow({ mode: 'closed' });
  const layer = document.createElement('div');
  root.append(layer);
  (document.body ?? document.documentElement).append(host);
  markHost = host;
  markLayer = layer;
  return { host, layer };
}

/**
 * The evidence marks as the overlay places them (`placeMarks`): one box per line box of each range near the
 * viewport, in host coordinates; then drawn, one absolutely positioned div per box, the existing ones reused in order
 * (as a keyed render by index would). Returns how many boxes were drawn.
 */
function drawMarks(ranges: readonly Range[]): number {
  const { host, layer } = ensureMarkLayer();
  const hostRect = host.getBoundingClientRect();
  const near = (r: DOMRect) => r.bottom >= -MARK_MARGIN_PX && r.top <= window.innerHeight + MARK_MARGIN_PX && r.right >= 0 && r.left <= window.innerWidth && r.width > 0;
  const marks: { x: number; y: number; w: number; h: number }[] = [];
  for (const range of ranges) {
    if (marks.length >= MAX_MARKS || !near(range.getBoundingClientRect())) continue;
    for (const r of Array.from(range.getClientRects())) {
      if (near(r) && r.height > 0) marks.push({ x: r.left - hostRect.left, y: r.top - hostRect.top, w: r.width, h: r.height });
    }
  }
  const boxes = layer.children;
  marks.forEach((m, i) => {
    let box = boxes[i] as HTMLElement | undefined;
    if (!box) {
      box = document.createElement('div');
      box.className = 'evidence-mark';
      layer.append(box);
    }
    box.style.cssText = `position: absolute; left: ${m.x}px; top: ${m.y}px; width: ${m.w}px; height: ${m.h}px; background: rgba(250, 204, 21, 0.4); pointer-events: none;`;
  });
  while (layer.children.length > marks.length) layer.lastElementChild?.remove();
  return marks.length;
}

let profile: SiteProfile | null = null;
let anchors: Captured[] = [];
let changes = 0;
const incremental = new IncrementalAnchoring();
let observer: MutationObserver | null = null;
/** The last pass run: a change the overlay ignores leaves its places as they were. */
let lastPass: ReturnType<IncrementalAnchoring['pass']> | null = null;
/** The page's own changes noted since the last pass (the observer's callback may take them before the pass does). */
let changesSincePass = 0;
let lastReading: PageReading | null = null;

/** As the overlay's observer: changes inside the profile's ignored regions are dropped before anything else. */
function noteChanges(records: MutationRecord[]): void {
  if (records.length === 0) return;
  // The overlay filters with the reading it already has (the one before the change).
  lastReading ??= reading();
  const changes = pageMutations(records, null, lastReading);
  changesSincePass += changes.length;
  incremental.note(changes);
}

function reading(): PageReading {
  if (!profile) throw new Error('no profile');
  return readPage(document, location.href, profile);
}

function recordsOf(r: PageReading): Map<string, RecordArea[]> {
  const map = new Map<string, RecordArea[]>();
  for (const d of r.dossiers) map.set(recordKey(d.code), [...(map.get(recordKey(d.code)) ?? []), d]);
  return map;
}

/** The list rows of the reading, in document order. */
const rowsOf = (r: PageReading) => r.dossiers.filter((d) => d.kind === 'row').map((d) => d.element as HTMLTableRowElement);

function setup(profileJson: string): { rows: number; dossiers: number; page: string | null } {
  profile = SiteProfileSchema.parse(JSON.parse(profileJson));
  // The marks' host goes in before anything is captured or observed (the overlay's is there from the start too).
  ensureMarkLayer();
  const r = reading();
  return { rows: rowsOf(r).length, dossiers: r.dossiers.length, page: r.pages[0]?.page.id ?? null };
}

function words(model: TextModel, start: number, end: number, from: number, to: number): { start: number; end: number } {
  const ws = [...model.text.slice(start, end).matchAll(/\S+/g)];
  const a = ws[Math.min(from, ws.length - 1)];
  const b = ws[Math.min(to, ws.length - 1)];
  return a && b && b.index >= a.index ? { start: start + a.index, end: start + b.index + b[0].length } : { start, end };
}

/** Describes `count` places spread over the list's rows (or over a detail page's values), as captures would. */
function capture(count: number): number {
  const model = buildTextModel(document);
  const r = reading();
  const rows = rowsOf(r);
  anchors = [];
  if (rows.length > 0) {
    for (let i = 0; anchors.length < count && i < count * 3; i++) {
      const row = rows[Math.floor((i * rows.length) / count) % rows.length];
      const column = COLUMNS[i % COLUMNS.length] ?? 2;
      const cell = row?.cells[column];
      const span = cell ? elementSpan(model, cell) : null;
      if (!row || !cell || !span || span.end <= span.start) continue;
      const { start, end } = i % COLUMNS.length === 1 ? words(model, span.start, span.end, 1, 3) : span;
      const desc = describeSpan(model, start, end, cell);
      if (desc) anchors.push({ id: `a${i}`, selectors: desc.selectors, quote: desc.quote, record: r.dossierAt(cell)?.code ?? null });
    }
    return anchors.length;
  }
  // A detail page: its values and headings, whole or a few words of them.
  const page = r.dossiers.find((d) => d.kind === 'page');
  if (!page) return 0;
  const places = Array.from(page.element.querySelectorAll('dd, td, h1, h2, p, span, li')).filter((el) => {
    const s = elementSpan(model, el);
    return s !== null && s.end - s.start >= 3 && el.children.length === 0;
  });
  for (let i = 0; i < count && places.length > 0; i++) {
    const el = places[i % places.length] as Element;
    const span = elementSpan(model, el);
    if (!span) continue;
    const round = Math.floor(i / places.length);
    const { start, end } = round === 0 ? span : words(model, span.start, span.end, round - 1, round);
    const desc = describeSpan(model, start, end, el);
    if (desc) anchors.push({ id: `a${i}`, selectors: desc.selectors, quote: desc.quote, record: r.dossierAt(el)?.code ?? null });
  }
  return anchors.length;
}

/** Starts the overlay's observer and a first (full) pass with its marks, as the overlay has done before the page changes. */
function start(): void {
  observer?.disconnect();
  observer = new MutationObserver((records) => noteChanges(records));
  observer.observe(document.documentElement, OBSERVED);
  incremental.reset();
  lastPass = null;
  changesSincePass = 0;
  lastReading = null;
  const first = incremental.pass(document, anchors, { records: recordsOf(reading()) });
  lastMarkBoxes = drawMarks(first.ranges);
}

const timeText = (n: number) => `${String(8 + (n % 9)).padStart(2, '0')}:${String((n * 7) % 60).padStart(2, '0')}`;

/** Changes the page like a dossier system does. */
function change(kind: Change): void {
  const n = changes++;
  if (kind === 'header' || kind === 'header-tick') {
    // The header drawn again from scratch (new nodes, as the portal does every 5 seconds), its clock moved on.
    const header = document.querySelector('header');
    if (!header) throw new Error('no header');
    const clones = Array.from(header.childNodes, (c) => c.cloneNode(true));
    for (const c of clones) {
      const walker = document.createTreeWalker(c, NodeFilter.SHOW_TEXT);
      for (let t = walker.nextNode(); t; t = walker.nextNode()) {
        const text = t as Text;
        text.data = text.data.replace(/\d{2}:\d{2}:\d{2}/, `${timeText(n)}:${String(n % 60).padStart(2, '0')}`);
      }
    }
    header.replaceChildren(...clones);
    return;
  }
  const rows = rowsOf(reading());
  const body = rows[0]?.parentElement;
  if (!body) throw new Error('no dossier list on the page');
  if (kind === 'one-cell') {
    // A dossier is returned: its result date is filled in (a row between the captured ones).
    const cell = rows[Math.floor(rows.length / 2) + 3]?.cells[6];
    if (cell) cell.textContent = `23/11/2026 ${timeText(n)}`;
  } else if (kind === 'row-rerender') {
    // One row drawn again from the same data: every node of it is new.
    const row = rows[Math.floor(rows.length / 2) + 1];
    row?.replaceWith(row.cloneNode(true));
  } else if (kind === 'rerender') {
    // The list is drawn again from the same data: every node is new.
    body.innerHTML = body.innerHTML;
  } else {
    // A new dossier arrives at the top and the rows are numbered again.
    const first = rows[0];
    if (!first) return;
    const r = reading();
    const oldCode = r.dossierAt(first)?.code ?? '';
    const row = first.cloneNode(true) as HTMLTableRowElement;
    const code = oldCode.replace(/\d{4}$/, String(9000 + n).padStart(4, '0'));
    const walker = document.createTreeWalker(row, NodeFilter.SHOW_TEXT);
    for (let t = walker.nextNode(); t; t = walker.nextNode()) if ((t as Text).data.trim() === oldCode) (t as Text).data = code;
    if (row.cells[4]) row.cells[4].textContent = `23/11/2026 ${timeText(n)}`;
    if (row.cells[6]) row.cells[6].textContent = '';
    body.insertBefore(row, first);
    // Renumbered: the first demo counts rows from 1; the portal's `#` column is the record's short id.
    if (/^\d+$/.test(first.cells[0]?.textContent?.trim() ?? '') && Number(first.cells[0]?.textContent) === 1) {
      Array.from((body as HTMLTableSectionElement).rows).forEach((tr, i) => {
        const stt = tr.cells[0];
        if (stt) stt.textContent = String(i + 1);
      });
    }
  }
}

function placeKey(pass: AnchorPass, id: string): string {
  const p = pass.placed.get(id);
  if (!p) return 'none';
  if (p.range) {
    const r = p.range;
    const i = (n: Node) => (n.nodeType === 3 ? (n.parentNode ? Array.prototype.indexOf.call(n.parentNode.childNodes, n) : -1) : 0);
    return `${r.toString()}@${i(r.startContainer)}:${r.startOffset}-${r.endOffset}:${(r.startContainer.parentNode as Element | null)?.localName}`;
  }
  return `element:${p.element?.localName}`;
}

/** One re-anchoring pass as the overlay runs it after a change, with its correctness checked. */
function reanchor(): PassFigures {
  const tr = performance.now();
  const r = reading();
  const records = recordsOf(r);
  const reading_ = performance.now() - tr;
  const redaction = (model: TextModel) => {
    const spans = patternSpans(model.text, PATTERNS);
    return (s: number, e: number) => redactSlice(model.text, s, e, spans, PATTERNS);
  };
  const t0 = performance.now();
  if (observer) noteChanges(observer.takeRecords());
  lastReading = r;
  // Only changes inside ignored regions: the overlay runs no pass at all.
  const ignored = changesSincePass === 0 && lastPass !== null;
  changesSincePass = 0;
  const pass = ignored && lastPass ? lastPass : incremental.pass(document, anchors, { records, redaction });
  lastPass = pass;
  const t1 = performance.now();
  // As the overlay does after a pass: the evidence marks of the anchored ranges near the viewport. Changes only inside
  // ignored regions make the overlay do nothing at all (controller.ts, `onMutations`): its marks stay as they are.
  if (!ignored) lastMarkBoxes = drawMarks(pass.ranges);
  const markBoxes = lastMarkBoxes;
  const total = performance.now() - t0;
  // After the clock: the full pass on the same page, and each anchor checked against its text and its dossier.
  const tf = performance.now();
  const full = anchorAll(document, anchors, { records, redaction });
  const fullMs = performance.now() - tf;
  let wrong = 0;
  let differs = 0;
  const misplaced: string[] = [];
  for (const a of anchors) {
    if (placeKey(pass, a.id) !== placeKey(full, a.id)) differs++;
    const place = pass.placed.get(a.id);
    if (!place) continue;
    const node = place.range ? place.range.startContainer : place.element;
    const el = node?.nodeType === 1 ? (node as Element) : node?.parentElement;
    const code = el ? (r.dossierAt(el)?.code ?? null) : null;
    const got = place.range ? normalizeText(place.range.toString()) : '';
    if (got !== a.quote || code === null || !a.record || !sameDossier(code, a.record)) {
      wrong++;
      if (misplaced.length < 5) misplaced.push(`${place.via}: "${a.quote}" of ${a.record} → "${got}" of ${code}`);
    }
  }
  return {
    total,
    model: ignored ? 0 : pass.ms.model,
    anchor: ignored ? 0 : pass.ms.anchor,
    marks: total - (t1 - t0),
    markBoxes,
    reading: reading_,
    full: fullMs,
    mode: ignored ? 'ignored' : pass.mode,
    reason: pass.reason,
    reanchored: ignored ? 0 : pass.reanchored,
    anchored: pass.placed.size,
    orphans: pass.orphans.length,
    wrong,
    differs,
    misplaced,
    textLength: pass.textLength,
  };
}

/** Waits for the page's own next header re-render (the portal's 5-second tick), then runs the pass. */
function afterHeaderTick(timeoutMs: number): Promise<PassFigures> {
  const header = document.querySelector('header');
  if (!header) return Promise.reject(new Error('no header'));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('no header re-render')), timeoutMs);
    const watch = new MutationObserver(() => {
      watch.disconnect();
      clearTimeout(timer);
      // After the page's task, as the overlay's debounced pass.
      setTimeout(() => resolve(reanchor()), 0);
    });
    watch.observe(header, { childList: true });
  });
}

/** The anchors a pass leaves orphan, for the log. */
function orphans(): string[] {
  const pass = anchorAll(document, anchors, { records: recordsOf(reading()) });
  return pass.orphans.slice(0, 5).map((id) => {
    const a = anchors.find((x) => x.id === id);
    return `${id} "${a?.quote}" of ${a?.record}`;
  });
}

(globalThis as { onestopBench?: unknown }).onestopBench = { setup, capture, start, change, reanchor, afterHeaderTick, orphans };
