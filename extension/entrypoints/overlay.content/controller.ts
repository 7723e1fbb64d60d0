// The overlay's controller: reads the page with the matching site profile, places badges over the bound elements
// (only those near the viewport are drawn), highlights captured evidence with the CSS Custom Highlight API, follows
// SPA navigation and DOM changes (debounced), and makes captures (selection or picked element) with everything that
// leaves the page redacted. It never changes the page outside its own host element.
import { urlMatchesAny, type SiteProfile } from '@onestop/shared';
import { anchorAll } from '../../src/anchoring/anchor-all.ts';
import { describeControlSelection, describeElement, describeRange, type Description } from '../../src/anchoring/describe.ts';
import { buildTextModel, containsFlat, controlText, domTargetOf, elementSpan, type TextModel } from '../../src/anchoring/text-model.ts';
import type { OverlayState, PageCapture, PageReport } from '../../src/model.ts';
import { fieldsForEvidence, isShown, readPage, type BoundTarget, type PageReading } from '../../src/page/profile-reader.ts';
import { patternSpans, redactEvidenceFields, redactSlice, type PiiSpan } from '../../src/page/redact.ts';
import { chipTitle } from './Overlay.tsx';
import type { BadgeView, Box, OverlayStore } from './store.ts';

const MUTATION_DEBOUNCE_MS = 150;
const VIEWPORT_MARGIN = 300;
const HIGHLIGHT = 'onestop-evidence';

/** One badge: an element bound to one or more checklist items. */
interface Spot {
  element: Element;
  dossierCode: string | null;
  itemCodes: string[];
}

/** The spots of one table by row, rows in document order (so the visible ones are found by binary search). */
interface TableSpots {
  rows: Element[];
  byRow: Map<Element, Spot[]>;
}

/** The site profile for a URL, if any. */
export function profileFor(state: OverlayState | null, url = location.href): SiteProfile | null {
  return state?.profiles.find((p) => urlMatchesAny(p.match, url)) ?? null;
}

export interface ControllerEnv {
  host: HTMLElement;
  store: OverlayStore;
  report: (report: PageReport) => void;
  /** Puts the host element back when the page's own rendering removed it. */
  attach: () => void;
  /** Sends a capture to the background for the given finding (the capture target when omitted); returns a notice. */
  submit: (capture: PageCapture, screenshot: boolean, findingId?: string) => Promise<string | null>;
}

export class OverlayController {
  state: OverlayState | null = null;
  private profile: SiteProfile | null = null;
  private reading: PageReading | null = null;
  private loose: Spot[] = [];
  private tables: TableSpots[] = [];
  private itemCodes: string[] = [];

  private url = location.href;
  private timer: ReturnType<typeof setTimeout> | null = null;
  private frame = 0;
  private observer: MutationObserver | null = null;
  private firstBadgesAt: number | null = null;
  private anchored = 0;
  private pick: { findingId: string; screenshot: boolean } | null = null;
  private readonly skip = (el: Element) => el === this.env.host;

  constructor(private readonly env: ControllerEnv) {}

  setState(state: OverlayState | null): void {
    const before = this.state;
    this.state = state;
    this.env.store.set({ lang: state?.lang ?? 'vi', target: state?.target ?? null });
    const profile = profileFor(state);
    if (profile !== this.profile || before?.profiles !== state?.profiles) {
      this.profile = profile;
      this.reread();
    } else {
      // Results, language or evidence changed: the page reading stays.
      this.render();
      this.scheduleAnchoring();
    }
  }

  // ── Reading and layout ─────────────────────────────────────────────────────────────────────────────────────

  reread(): void {
    this.url = location.href;
    if (!this.profile) {
      this.reading = null;
      this.loose = [];
      this.tables = [];
      this.itemCodes = [];
      this.render();
      return;
    }
    const t0 = performance.now();
    this.reading = readPage(document, this.url, this.profile, { skip: this.skip });
    const t1 = performance.now();
    this.layout(this.reading.targets);
    const t2 = performance.now();
    this.render();
    // Timings of the last reading, on the overlay's own host element, for measurements.
    this.env.host.setAttribute('data-timings', `read ${(t1 - t0).toFixed(1)} layout ${(t2 - t1).toFixed(1)} render ${(performance.now() - t2).toFixed(1)} targets ${this.reading.targets.length}`);
    this.scheduleAnchoring();
  }

  /** Groups the bound elements into badges: table cells by row, other elements on their own. Measures nothing. */
  private layout(targets: readonly BoundTarget[]): void {
    const byElement = new Map<Element, Spot>();
    const codes = new Set<string>();
    for (const t of targets) {
      codes.add(t.itemCode);
      let spot = byElement.get(t.element);
      if (!spot) {
        spot = { element: t.element, dossierCode: t.dossierCode, itemCodes: [] };
        byElement.set(t.element, spot);
      }
      if (!spot.itemCodes.includes(t.itemCode)) spot.itemCodes.push(t.itemCode);
    }
    const loose: Spot[] = [];
    const tables = new Map<Element, Map<Element, Spot[]>>();
    for (const spot of byElement.values()) {
      const tr = spot.element.closest('tr');
      const table = tr?.closest('table');
      if (!tr || !table) {
        loose.push(spot);
        continue;
      }
      const rows = tables.get(table) ?? new Map<Element, Spot[]>();
      rows.set(tr, [...(rows.get(tr) ?? []), spot]);
      tables.set(table, rows);
    }
    this.loose = loose;
    this.tables = Array.from(tables, ([table, byRow]) => ({ rows: Array.from((table as HTMLTableElement).rows).filter((r) => byRow.has(r)), byRow }));
    this.itemCodes = Array.from(codes);
  }

  /** The spots near the viewport: loose ones measured, table rows found by binary search on their position. */
  private visibleSpots(): Spot[] {
    const top = -VIEWPORT_MARGIN;
    const bottom = window.innerHeight + VIEWPORT_MARGIN;
    const out = this.loose.filter((s) => {
      const r = s.element.getBoundingClientRect();
      return r.bottom >= top && r.top <= bottom;
    });
    for (const t of this.tables) {
      let lo = 0;
      let hi = t.rows.length;
      while (lo < hi) {
        const mid = (lo + hi) >> 1;
        const row = t.rows[mid];
        if (row && row.getBoundingClientRect().bottom < top) lo = mid + 1;
        else hi = mid;
      }
      for (let i = lo; i < t.rows.length; i++) {
        const row = t.rows[i];
        if (!row || row.getBoundingClientRect().top > bottom) break;
        out.push(...(t.byRow.get(row) ?? []));
      }
    }
    return out;
  }

  /** Draws the badges near the viewport. */
  render(): void {
    const { store, host } = this.env;
    const state = this.state;
    const lang = store.view.lang;
    const hostRect = host.getBoundingClientRect();
    const badges: BadgeView[] = [];
    for (const spot of this.visibleSpots()) {
      const r = spot.element.getBoundingClientRect();
      if (r.width === 0 && r.height === 0) continue;
      const chips = spot.itemCodes.map((code) => {
        const item = state?.items[code];
        const result = item ? ((spot.dossierCode ? item.byDossier[spot.dossierCode] : undefined) ?? item.latest) : null;
        return { itemCode: code, result: result ?? null, title: chipTitle(lang, code, (lang === 'en' ? item?.text_en : item?.text_vi) ?? '', result ?? null) };
      });
      badges.push({ key: badges.length, x: r.right - hostRect.left, y: r.top - hostRect.top, dossierCode: spot.dossierCode, chips });
    }
    store.set({ badges });
    if (badges.length > 0 && this.firstBadgesAt === null) {
      requestAnimationFrame(() => {
        if (this.firstBadgesAt !== null) return;
        this.firstBadgesAt = performance.now();
        // Measured from navigation start; the e2e test compares it with the load event.
        host.setAttribute('data-first-badges-at', this.firstBadgesAt.toFixed(1));
      });
    }
  }

  private onViewportChange = (): void => {
    if (this.frame) return;
    this.frame = requestAnimationFrame(() => {
      this.frame = 0;
      this.render();
      this.placeEvidenceBoxes();
    });
  };

  // ── Evidence highlights ─────────────────────────────────────────────────────────────────────────────────────

  private anchorTimer: ReturnType<typeof setTimeout> | null = null;
  private controlAnchors: Element[] = [];

  private scheduleAnchoring(): void {
    if (this.anchorTimer !== null) clearTimeout(this.anchorTimer);
    // After the badges: the text model is the costlier part of a reading.
    this.anchorTimer = setTimeout(() => {
      this.anchorTimer = null;
      this.anchorEvidence();
      this.sendReport();
    }, 0);
  }

  private samePage(url: string | null): boolean {
    if (!url) return false;
    try {
      const a = new URL(url);
      return a.origin === location.origin && a.pathname === location.pathname;
    } catch {
      return false;
    }
  }

  anchorEvidence(): void {
    const evidence = (this.state?.evidence ?? []).filter((e) => this.samePage(e.page_url));
    let ranges: Range[] = [];
    let controls: Element[] = [];
    let orphans: { id: string; itemCode: string; quote: string }[] = [];
    if (this.profile && evidence.length > 0) {
      const t0 = performance.now();
      const anchors = evidence.map((e) => ({ id: e.id, selectors: e.selectors, record: e.record }));
      const pass = anchorAll(document, anchors, {
        skip: this.skip,
        redaction: (model) => {
          const spans = this.piiSpans(model);
          return (s, t) => redactSlice(model.text, s, t, spans);
        },
      });
      ranges = pass.ranges;
      controls = pass.elements;
      const lost = new Set(pass.orphans);
      orphans = evidence.filter((e) => lost.has(e.id)).map((e) => ({ id: e.id, itemCode: e.item_code, quote: e.quote ?? '' }));
      // The last pass's cost, on the overlay's own host element, for measurements.
      this.env.host.setAttribute(
        'data-anchor-timings',
        `anchors ${evidence.length} anchored ${pass.placed.size} model ${pass.ms.model.toFixed(1)} anchor ${pass.ms.anchor.toFixed(1)} total ${(performance.now() - t0).toFixed(1)}`,
      );
    }
    this.anchored = ranges.length + controls.length;
    this.controlAnchors = controls;
    const registry = (globalThis as { CSS?: { highlights?: Map<string, unknown> } }).CSS?.highlights;
    const HighlightCtor = (globalThis as { Highlight?: new (...r: Range[]) => unknown }).Highlight;
    if (registry && HighlightCtor) {
      if (ranges.length > 0) {
        ensureHighlightStyle();
        registry.set(HIGHLIGHT, new HighlightCtor(...ranges));
      } else {
        registry.delete(HIGHLIGHT);
      }
    }
    this.env.store.set({ orphans });
    this.placeEvidenceBoxes();
  }

  private placeEvidenceBoxes(): void {
    const hostRect = this.env.host.getBoundingClientRect();
    if (this.controlAnchors.length === 0 && this.env.store.view.evidenceBoxes.length === 0) return;
    this.env.store.set({
      evidenceBoxes: this.controlAnchors.map((el) => {
        const r = el.getBoundingClientRect();
        return { x: r.left - hostRect.left, y: r.top - hostRect.top, w: r.width, h: r.height };
      }),
    });
  }

  // ── Reporting to the side panel ──────────────────────────────────────────────────────────────────────────────

  private sendReport(): void {
    const reading = this.reading;
    const itemCodes = this.itemCodes;
    this.env.report({
      url: location.href.slice(0, 2048),
      title: document.title.slice(0, 500),
      profileName: this.profile?.name ?? null,
      pageIds: reading?.pages.map((p) => p.page.id) ?? [],
      dossierCode: reading?.dossierCode ?? null,
      itemCodes: itemCodes.slice(0, 500),
      anchored: this.anchored,
      orphans: this.env.store.view.orphans.slice(0, 500).map((o) => ({ id: o.id, quote: o.quote.slice(0, 4000) })),
      firstBadgesMs: this.firstBadgesAt,
    });
  }

  // ── Following the page ───────────────────────────────────────────────────────────────────────────────────────

  private onMutations = (records: MutationRecord[]): void => {
    const host = this.env.host;
    if (!host.isConnected) this.env.attach();
    // Our own host element's changes are not the page's.
    const relevant = records.some((r) => r.target !== host && !containsFlat(host, r.target) && !(r.type === 'childList' && onlyHost(r, host)));
    if (!relevant) return;
    this.scheduleReread();
  };

  scheduleReread(): void {
    if (this.timer !== null) clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.timer = null;
      if (location.href !== this.url) this.profile = profileFor(this.state);
      this.reread();
    }, MUTATION_DEBOUNCE_MS);
  }

  private onNavigate = (): void => {
    this.scheduleReread();
  };

  private onSelectionChange = (): void => {
    const sel = document.getSelection();
    const store = this.env.store;
    if (!this.profile || !sel || sel.isCollapsed || sel.rangeCount === 0) {
      if (store.view.toolbar) store.set({ toolbar: null });
      return;
    }
    const range = sel.getRangeAt(0);
    if (containsFlat(this.env.host, range.commonAncestorContainer)) return;
    const rects = range.getClientRects();
    const last = rects[rects.length - 1];
    if (!last) return;
    const hostRect = this.env.host.getBoundingClientRect();
    store.set({ toolbar: { x: last.left - hostRect.left, y: last.bottom - hostRect.top + 6 } });
  };

  start(): () => void {
    this.observer = new MutationObserver(this.onMutations);
    this.observer.observe(document.documentElement, {
      childList: true,
      subtree: true,
      characterData: true,
      attributes: true,
      attributeFilter: ['open', 'hidden', 'class', 'style', 'aria-hidden', 'value'],
    });
    const opts = { capture: true, passive: true } as const;
    window.addEventListener('scroll', this.onViewportChange, opts);
    window.addEventListener('resize', this.onViewportChange, opts);
    window.addEventListener('popstate', this.onNavigate);
    window.addEventListener('hashchange', this.onNavigate);
    const nav = (globalThis as { navigation?: EventTarget }).navigation;
    nav?.addEventListener('navigatesuccess', this.onNavigate);
    let selTimer: ReturnType<typeof setTimeout> | null = null;
    const onSel = () => {
      if (selTimer !== null) clearTimeout(selTimer);
      selTimer = setTimeout(this.onSelectionChange, 200);
    };
    document.addEventListener('selectionchange', onSel);
    document.addEventListener('keydown', this.onKey, true);
    return () => {
      this.observer?.disconnect();
      window.removeEventListener('scroll', this.onViewportChange, opts);
      window.removeEventListener('resize', this.onViewportChange, opts);
      window.removeEventListener('popstate', this.onNavigate);
      window.removeEventListener('hashchange', this.onNavigate);
      nav?.removeEventListener('navigatesuccess', this.onNavigate);
      document.removeEventListener('selectionchange', onSel);
      document.removeEventListener('keydown', this.onKey, true);
      this.stopPicker();
      (globalThis as { CSS?: { highlights?: Map<string, unknown> } }).CSS?.highlights?.delete(HIGHLIGHT);
    };
  }

  // ── Captures ─────────────────────────────────────────────────────────────────────────────────────────────────

  private piiSpans(model: TextModel): PiiSpan[] {
    const patterns = this.profile?.pii.patterns;
    const spans = patternSpans(model.text, patterns);
    for (const el of this.reading?.piiElements ?? []) {
      const span = elementSpan(model, el);
      if (span && span.end > span.start) spans.push({ ...span, kind: 'element' });
    }
    return spans;
  }

  /** The capture for a description: quote and selector contexts redacted, fields of the page (or of the row). */
  private buildCapture(model: TextModel, desc: Description, near: Element | null): PageCapture {
    const spans = this.piiSpans(model);
    const patterns = this.profile?.pii.patterns;
    const text = model.text;
    const quote = redactSlice(text, desc.start, desc.end, spans, patterns);
    const selectors = desc.selectors.map((s) => {
      if (s.type !== 'TextQuoteSelector') return s;
      const prefix = s.prefix === undefined ? undefined : redactSlice(text, desc.start - s.prefix.length, desc.start, spans, patterns);
      const suffix = s.suffix === undefined ? undefined : redactSlice(text, desc.end, desc.end + s.suffix.length, spans, patterns);
      return { ...s, exact: quote || '•', ...(prefix === undefined ? {} : { prefix }), ...(suffix === undefined ? {} : { suffix }) };
    });
    const reading = this.reading;
    const row = near?.closest('tr') ?? null;
    const reads = reading?.reads ?? [];
    const piiNames = reads.filter((r) => r.pii).map((r) => r.name);
    const fields = redactEvidenceFields(fieldsForEvidence(reads.filter((r) => !r.perRow || row !== null), row), piiNames, patterns);
    const rowCode = row ? reading?.targets.find((t) => t.element.closest('tr') === row)?.dossierCode : undefined;
    const code = rowCode ?? reading?.dossierCode ?? null;
    return { page_url: location.href.slice(0, 2048), page_title: document.title.slice(0, 500), selectors, quote, fields, dossier_code: code };
  }

  captureSelection(): { ok: true; capture: PageCapture } | { ok: false; code: 'no_selection' | 'no_profile' } {
    if (!this.profile) return { ok: false, code: 'no_profile' };
    const model = buildTextModel(document, { skip: this.skip });
    const active = document.activeElement;
    let desc: Description | null = null;
    let near: Element | null = null;
    if (active && (active.tagName === 'TEXTAREA' || active.tagName === 'INPUT') && controlText(active) !== null) {
      desc = describeControlSelection(model, active as HTMLInputElement | HTMLTextAreaElement);
      near = active;
    }
    if (!desc) {
      const sel = document.getSelection();
      if (!sel || sel.isCollapsed || sel.rangeCount === 0) return { ok: false, code: 'no_selection' };
      const range = sel.getRangeAt(0);
      if (containsFlat(this.env.host, range.commonAncestorContainer)) return { ok: false, code: 'no_selection' };
      desc = describeRange(model, range);
      near = range.commonAncestorContainer.nodeType === 1 ? (range.commonAncestorContainer as Element) : range.commonAncestorContainer.parentElement;
    }
    if (!desc) return { ok: false, code: 'no_selection' };
    return { ok: true, capture: this.buildCapture(model, desc, near) };
  }

  async captureFromToolbar(screenshot: boolean): Promise<void> {
    const res = this.captureSelection();
    this.env.store.set({ toolbar: null });
    if (!res.ok) return;
    this.notify(await this.env.submit(res.capture, screenshot));
  }

  private notify(message: string | null): void {
    this.env.store.set({ notice: message });
    setTimeout(() => this.env.store.set({ notice: null }), 2500);
  }

  startPicker(findingId: string, screenshot: boolean): void {
    this.pick = { findingId, screenshot };
    this.env.store.set({ picking: true });
    document.addEventListener('mousemove', this.onPickMove, true);
    document.addEventListener('click', this.onPickClick, true);
  }

  private stopPicker(): void {
    this.pick = null;
    if (this.env.store.view.picking || this.env.store.view.pickBox) this.env.store.set({ picking: false, pickBox: null });
    document.removeEventListener('mousemove', this.onPickMove, true);
    document.removeEventListener('click', this.onPickClick, true);
  }

  private pickable(target: EventTarget | null): Element | null {
    if (!(target instanceof Element) || target === this.env.host || containsFlat(this.env.host, target)) return null;
    return target === document.documentElement || target === document.body ? null : target;
  }

  private onPickMove = (e: MouseEvent): void => {
    const el = this.pickable(e.target);
    if (!el) return;
    const r = el.getBoundingClientRect();
    const h = this.env.host.getBoundingClientRect();
    this.env.store.set({ pickBox: { x: r.left - h.left, y: r.top - h.top, w: r.width, h: r.height } });
  };

  private onPickClick = (e: MouseEvent): void => {
    const el = this.pickable(e.target);
    if (!el || !this.pick) return;
    // The click is the inspector's, not the page's.
    e.preventDefault();
    e.stopImmediatePropagation();
    const pick = this.pick;
    this.stopPicker();
    const model = buildTextModel(document, { skip: this.skip });
    const desc = describeElement(model, el);
    if (!desc) return;
    const capture = this.buildCapture(model, desc, el);
    void this.env.submit(capture, pick.screenshot, pick.findingId).then((message) => this.notify(message));
  };

  private onKey = (e: KeyboardEvent): void => {
    if (e.key === 'Escape' && this.pick) {
      e.preventDefault();
      this.stopPicker();
    }
  };

  /** Covers PII regions in the viewport (for a screenshot) or removes the covers. */
  async mask(on: boolean): Promise<number> {
    const store = this.env.store;
    if (!on) {
      store.set({ masks: [] });
      return 0;
    }
    store.set({ toolbar: null });
    const hostRect = this.env.host.getBoundingClientRect();
    const boxes: Box[] = [];
    const add = (r: DOMRect) => {
      if (r.width === 0 || r.height === 0 || r.bottom < 0 || r.top > window.innerHeight) return;
      boxes.push({ x: r.left - hostRect.left - 1, y: r.top - hostRect.top - 1, w: r.width + 2, h: r.height + 2 });
    };
    for (const el of this.reading?.piiElements ?? []) if (isShown(el)) add(el.getBoundingClientRect());
    const model = buildTextModel(document, { skip: this.skip });
    for (const span of patternSpans(model.text, this.profile?.pii.patterns)) {
      const target = domTargetOf(model, span.start, span.end, document);
      if (!target) continue;
      if ('range' in target) for (const r of Array.from(target.range.getClientRects())) add(r);
      else add(target.element.getBoundingClientRect());
    }
    store.set({ masks: boxes });
    await new Promise<void>((resolve) => {
      const done = setTimeout(resolve, 120);
      requestAnimationFrame(() =>
        requestAnimationFrame(() => {
          clearTimeout(done);
          resolve();
        }),
      );
    });
    return boxes.length;
  }
}

function onlyHost(r: MutationRecord, host: Element): boolean {
  const nodes = [...Array.from(r.addedNodes), ...Array.from(r.removedNodes)];
  return nodes.length > 0 && nodes.every((n) => n === host);
}

let highlightStyled = false;

/**
 * `::highlight()` rules only apply from the document's own style sheets; an adopted constructed sheet adds one
 * without touching the page's DOM.
 */
function ensureHighlightStyle(): void {
  if (highlightStyled) return;
  highlightStyled = true;
  try {
    const sheet = new CSSStyleSheet();
    sheet.replaceSync(`::highlight(${HIGHLIGHT}) { background-color: rgba(250, 204, 21, 0.55); }`);
    document.adoptedStyleSheets = [...document.adoptedStyleSheets, sheet];
  } catch {
    // Without the rule the highlight is invisible, never wrong.
  }
}
