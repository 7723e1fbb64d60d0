// The overlay's controller (the loader's part, ADR 0007): reads the page with the matching site profile, places
// badges over the bound elements (only those near the viewport are drawn), follows SPA navigation and DOM changes
// (debounced), shows the capture button by a selection and measures the personal data a screenshot masks. The first
// time it recognises a page it asks for the chunk (more.ts: evidence marks, captures, checked fields, the sweep's
// reading), which the background injects into the same isolated world. It never changes the page outside its own
// host element.
import { pickProfile, type SiteProfile } from '@onestop/shared';
import { buildTextModel, normalizeText, type TextModel } from '../../src/anchoring/text-model.ts';
import { currentSelection, selectionElement, selectionEndRect } from '../../src/page/selection.ts';
import { pageMutations } from '../../src/page/page-mutations.ts';
import { pageKey } from '../../src/page/page-key.ts';
import type { OverlayState, PageCapture, PageReport } from '../../src/model.ts';
import { readPage, type BoundTarget, type PageReading } from '../../src/page/profile-reader.ts';
import { maskRects, patternSpans, piiValueSpans, profileLabels, textJoins, type PiiSpan } from '../../src/page/redact.ts';
import type { ShotLayout } from '../../src/messages.ts';
import type { OverlayMoreApi } from '../../src/overlay-hub.ts';
import { PII_FIELD_NAMES } from '@onestop/shared';
import { chipTitle, shortCode } from './Overlay.tsx';
import { chipWidth, CHIP_H, Placer } from './placement.ts';
import type { BadgeKind, BadgeView, Chip, OverlayStore } from './store.ts';
import type { OverlayItem } from '../../src/model.ts';
import type { Result } from '@onestop/shared';

const MUTATION_DEBOUNCE_MS = 150;
/** How long a screenshot waits for the frames that show the page without the overlay's UI. */
const SHOT_FRAMES_TIMEOUT_MS = 3000;
/** How long the overlay's UI stays hidden for a screenshot at most. */
const SHOT_TIMEOUT_MS = 15_000;
const VIEWPORT_MARGIN = 300;
/** No viewport limit: a selection scrolled out of the window still gets its capture button where it is. */
const EVERYWHERE = { left: -1e9, top: -1e9, right: 1e9, bottom: 1e9 };
/** How long a notice stays (long enough to read where to confirm a capture). */
const NOTICE_MS = 4000;

/**
 * One badge: an element bound to one or more checklist items. A `value` is drawn beside its element; a `header` is a
 * list column's header cell, badged once for the whole column; a `mark` is a cell of such a column in a dossier's
 * row, drawn only for the items that dossier has a finding on.
 */
interface Spot {
  element: Element;
  dossierCode: string | null;
  itemCodes: string[];
  kind: BadgeKind;
  /** The list row of a `mark` (for changes inside the row). */
  row?: Element;
}

/** A dossier code as findings and pages are compared: normalised text, case left out (as `sameDossier`). */
const dossierKey = (code: string) => normalizeText(code).toUpperCase();

/** The spots of one table by row, rows in document order (so the visible ones are found by binary search). */
interface TableSpots {
  rows: Element[];
  byRow: Map<Element, Spot[]>;
}

/** The site profile for a URL, if any: the highest priority, then the most specific match (shared `pickProfile`). */
export function profileFor(state: OverlayState | null, url = location.href): SiteProfile | null {
  return state ? pickProfile(state.profiles, url) : null;
}

export interface ControllerEnv {
  host: HTMLElement;
  /** The host's closed shadow root (the page cannot reach it). */
  root: ShadowRoot;
  /** The overlay's timings for measurements, an element inside the root. */
  status: HTMLElement;
  store: OverlayStore;
  /** Reports the page (debounced); `later` adds what is costly to read, only when the report is sent. */
  report: (report: PageReport, later?: () => Partial<PageReport>) => void;
  /** Puts the host element back when the page's own rendering removed it. */
  attach: () => void;
  /** Sends a capture to the background for the given finding (the capture target when omitted); returns a notice. */
  submit: (capture: PageCapture, screenshot: boolean, findingId?: string) => Promise<string | null>;
}

export class OverlayController {
  state: OverlayState | null = null;
  profile: SiteProfile | null = null;
  reading: PageReading | null = null;
  private loose: Spot[] = [];
  private tables: TableSpots[] = [];
  private itemCodes: string[] = [];

  private url = location.href;
  private timer: ReturnType<typeof setTimeout> | null = null;
  private frame = 0;
  private observer: MutationObserver | null = null;
  private firstBadgesAt: number | null = null;
  /** The chunk (overlay-more.js), once the background injected it. */
  more: OverlayMoreApi | null = null;
  private moreAsked = false;
  readonly skip = (el: Element) => el === this.env.host;

  constructor(
    readonly env: ControllerEnv,
    /** Asks the background for the chunk (mount.ts); resolves once it was injected. */
    private readonly loadMore: () => Promise<void> = async () => undefined,
  ) {}

  /** The chunk arrived: it anchors the evidence and outlines the flagged fields of the current reading. */
  attachMore(more: OverlayMoreApi): void {
    if (this.more) return;
    this.more = more;
    more.readingChanged();
    this.scheduleAnchoring();
  }

  /** Asks for the chunk, unless it is here or was asked for (a failed request is made again next time). */
  wantMore(): void {
    if (this.more || this.moreAsked) return;
    this.moreAsked = true;
    this.loadMore().catch(() => (this.moreAsked = false));
  }

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
    // The flags of the last report, on this reading's elements (the next report brings the page's own).
    this.more?.readingChanged();
    // A page the profile recognises, or one evidence was captured on, needs the chunk (evidence, captures, checks).
    if (!this.more && (this.reading.pages.length > 0 || this.hasPageEvidence())) this.wantMore();
    const t1 = performance.now();
    this.layout(this.reading);
    const t2 = performance.now();
    this.render();
    // Timings of the last reading, inside the overlay's root, for measurements.
    this.env.status.setAttribute('data-timings', `read ${(t1 - t0).toFixed(1)} layout ${(t2 - t1).toFixed(1)} render ${(performance.now() - t2).toFixed(1)} (placing ${this.placeMs.toFixed(1)}) targets ${this.reading.targets.length}`);
    this.scheduleAnchoring();
  }

  /**
   * Groups the bound elements into badges: a list column once, on its header cell, and its cells in the dossiers'
   * rows as marks (drawn only where the row's dossier has a finding); the cells of a table inside one dossier (a
   * detail page's steps) only through their header; other table cells by row; other elements on their own.
   * Measures nothing.
   */
  private layout(reading: PageReading): void {
    const targets: readonly BoundTarget[] = reading.targets;
    const byElement = new Map<Element, Spot>();
    const headers = new Map<Element, Spot>();
    const rowCodes = new Map<Element, string | null>();
    const codes = new Set<string>();
    const add = (map: Map<Element, Spot>, element: Element, code: string, make: () => Spot) => {
      let spot = map.get(element);
      if (!spot) {
        spot = make();
        map.set(element, spot);
      }
      if (!spot.itemCodes.includes(code)) spot.itemCodes.push(code);
    };
    for (const t of targets) {
      codes.add(t.itemCode);
      // Under an open covering page (a modal the profile recognises by its content): listed, never badged.
      if (t.covered) continue;
      const header = t.header;
      if (header) {
        add(headers, header, t.itemCode, () => ({ element: header, dossierCode: reading.dossierAt(header)?.code ?? null, itemCodes: [], kind: 'header' }));
        // A cell of a dossier's row: its mark. One row lookup per row, not per cell.
        const tr = t.element.closest('tr');
        if (!tr) continue;
        let code = rowCodes.get(tr);
        if (code === undefined) {
          const scope = reading.dossierAt(tr);
          code = scope?.kind === 'row' && scope.element === tr ? scope.code : null;
          rowCodes.set(tr, code);
        }
        const rowCode = code;
        if (rowCode !== null) add(byElement, t.element, t.itemCode, () => ({ element: t.element, dossierCode: rowCode, itemCodes: [], kind: 'mark', row: tr }));
        continue;
      }
      add(byElement, t.element, t.itemCode, () => ({ element: t.element, dossierCode: t.dossierCode, itemCodes: [], kind: 'value' }));
    }
    this.dirty.clear();
    const loose: Spot[] = Array.from(headers.values());
    const tables = new Map<Element, Map<Element, Spot[]>>();
    for (const spot of byElement.values()) {
      const tr = spot.row ?? spot.element.closest('tr');
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

  /**
   * The colour of an item's badge on an element of dossier `code`: the latest result recorded for that dossier; for
   * an element of no dossier, the latest result recorded without one, only when the screen is about no dossier
   * either (a list's header). Anything else is neutral: a finding about one dossier never colours another's badge.
   */
  private resultFor(item: OverlayItem | undefined, code: string | null): Result | null {
    if (!item) return null;
    if (code === null) return this.reading?.dossierCode ? null : item.latest;
    let byKey = this.resultKeys.get(item);
    if (!byKey) {
      byKey = new Map(Object.entries(item.byDossier).map(([c, r]) => [dossierKey(c), r]));
      this.resultKeys.set(item, byKey);
    }
    return byKey.get(dossierKey(code)) ?? null;
  }

  /** Each item's results by normalised dossier code, per state item (dossier codes typed by hand compare by value). */
  private resultKeys = new WeakMap<OverlayItem, Map<string, Result>>();
  /** Spots whose element changed (or whose row did) since the last reading: not drawn until the next one. */
  private dirty = new Set<Spot>();
  /** The elements (and rows) of the spots last considered, for finding those a mutation touches. */
  private drawn = new Map<Node, Spot[]>();
  /** What the last render spent measuring and placing (hit tests included), for measurements. */
  private placeMs = 0;

  /**
   * Draws the badges near the viewport, each where nothing covers its element and beside its value (placement.ts);
   * every check is a layout read, done for the badges near the viewport only, in one pass.
   */
  render(): void {
    const { store, host } = this.env;
    const state = this.state;
    const lang = store.view.lang;
    const hostRect = host.getBoundingClientRect();
    const badges: BadgeView[] = [];
    const t0 = performance.now();
    const placer = new Placer(host, { left: 0, top: 0, right: window.innerWidth, bottom: window.innerHeight });
    const drawn = new Map<Node, Spot[]>();
    const track = (n: Node, spot: Spot) => {
      const list = drawn.get(n);
      if (list) list.push(spot);
      else drawn.set(n, [spot]);
    };
    for (const spot of this.visibleSpots()) {
      // Gone with a page change (a new route, a list page, a loading placeholder), or changed since the reading.
      if (!spot.element.isConnected || this.dirty.has(spot)) continue;
      track(spot.element, spot);
      if (spot.row) track(spot.row, spot);
      const chips: Chip[] = [];
      for (const code of spot.itemCodes) {
        const item = state?.items[code];
        const result = this.resultFor(item, spot.dossierCode);
        // A list cell shows only the findings about its row's dossier; its header names the column's items.
        if (spot.kind === 'mark' && result === null) continue;
        chips.push({ itemCode: code, result, title: chipTitle(lang, code, (lang === 'en' ? item?.text_en : item?.text_vi) ?? '', result) });
      }
      if (chips.length === 0) continue;
      const at = placer.place(spot.element, chips.map((c) => chipWidth(shortCode(c.itemCode))));
      if (!at) continue;
      const wrapped = at.bottom - at.top > CHIP_H + 1;
      badges.push({
        key: badges.length,
        kind: spot.kind,
        x: at.left - hostRect.left,
        y: at.top - hostRect.top,
        ...(wrapped ? { width: Math.ceil(at.right - at.left) + 1 } : {}),
        dossierCode: spot.dossierCode,
        chips,
      });
    }
    this.drawn = drawn;
    this.placeMs = performance.now() - t0;
    store.set({ badges });
    if (badges.length > 0 && this.firstBadgesAt === null) {
      requestAnimationFrame(() => {
        if (this.firstBadgesAt !== null) return;
        this.firstBadgesAt = performance.now();
        // Measured from navigation start; the e2e test compares it with the load event.
        this.env.status.setAttribute('data-first-badges-at', this.firstBadgesAt.toFixed(1));
      });
    }
  }

  private onViewportChange = (): void => {
    if (this.frame) return;
    this.frame = requestAnimationFrame(() => {
      this.frame = 0;
      this.render();
      this.more?.placeMarks();
    });
  };

  // ── Evidence (anchored and marked by the chunk) ──────────────────────────────────────────────────────────

  private anchorTimer: ReturnType<typeof setTimeout> | null = null;

  scheduleAnchoring(): void {
    if (this.anchorTimer !== null) clearTimeout(this.anchorTimer);
    // After the badges: the text model is the costlier part of a reading.
    this.anchorTimer = setTimeout(() => {
      this.anchorTimer = null;
      this.more?.anchorEvidence();
      this.sendReport();
    }, 0);
  }

  /** Changes not yet delivered to the observer (an anchoring pass takes them first). */
  flushMutations(): void {
    const pending = this.observer?.takeRecords() ?? [];
    if (pending.length > 0) this.onMutations(pending);
  }

  /** Whether the audit holds evidence captured on this page where no dossier was on screen (kept to its page). */
  private hasPageEvidence(): boolean {
    const here = pageKey(location.href);
    return here !== null && (this.state?.evidence ?? []).some((e) => !e.record && pageKey(e.page_url) === here);
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
      anchored: this.more?.anchored() ?? 0,
      orphans: this.env.store.view.orphans.slice(0, 500).map((o) => ({ id: o.id, quote: o.quote.slice(0, 4000) })),
      firstBadgesMs: this.firstBadgesAt,
    }, () => {
      // The check fields of the dossiers on screen (issue 14: the background runs the rules on them), read when the
      // debounced report goes, from the reading that is current then.
      const now = this.reading;
      return now && this.more ? this.more.checkFields(now) : {};
    });
  }

  // ── Following the page ───────────────────────────────────────────────────────────────────────────────────────

  private onMutations = (records: MutationRecord[]): void => {
    const host = this.env.host;
    if (!host.isConnected) this.env.attach();
    // Our own host element's changes are not the page's, and the profile's ignored regions are never read.
    const relevant = pageMutations(records, host, this.reading);
    if (relevant.length === 0) return;
    this.more?.note(relevant);
    this.markStale(relevant);
    // Badges follow at once (the next frame): those of removed or changed elements go, a modal that opened hides
    // what it covers; the re-reading waits for the page to settle.
    this.onViewportChange();
    this.scheduleReread();
  };

  /** Spots whose element or row changed content (or an input its value) are not drawn until the next reading. */
  private markStale(records: MutationRecord[]): void {
    if (this.drawn.size === 0) return;
    for (const r of records) {
      if (r.type === 'attributes' && r.attributeName !== 'value') continue;
      for (let n: Node | null = r.target; n; n = n.parentNode) {
        const spots = this.drawn.get(n);
        if (spots) for (const spot of spots) this.dirty.add(spot);
      }
    }
  }

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
    const store = this.env.store;
    try {
      // Text of the page (across open shadow roots) or a span of a focused control's value; a closed shadow root or
      // a frame gives nothing to capture, and no button.
      const sel = this.profile ? currentSelection(document, { exclude: this.env.host }) : null;
      if (!sel || sel.kind === 'none') {
        // A selection in the overlay's own UI leaves the button where it is.
        if (sel?.kind === 'none' && sel.reason === 'overlay') return;
        if (store.view.toolbar) store.set({ toolbar: null });
        return;
      }
      const last = selectionEndRect(document, sel);
      if (!last) return;
      // A selection under a dialog, or scrolled out of its box, gets no button drawn over what covers it; one whose
      // end is clipped (a wide row in a scroll box) gets it at the edge of what shows.
      const near = selectionElement(sel);
      const end = { left: last.left, top: last.top, right: last.left + Math.max(1, last.width), bottom: last.top + last.height };
      const seen = near ? new Placer(this.env.host, EVERYWHERE).visiblePart(near, end) : end;
      if (!seen) {
        if (store.view.toolbar) store.set({ toolbar: null });
        return;
      }
      const x = Math.min(Math.max(end.left, seen.left), seen.right);
      const y = Math.min(end.bottom, seen.bottom);
      const hostRect = this.env.host.getBoundingClientRect();
      store.set({ toolbar: { x: x - hostRect.left, y: y - hostRect.top + 6 } });
      // The capture button makes a capture: the chunk comes now, before it is pressed.
      this.wantMore();
    } catch {
      // Whatever the page does, a selection never throws out of the overlay.
      if (store.view.toolbar) store.set({ toolbar: null });
    }
  };

  start(): () => void {
    this.observer = new MutationObserver(this.onMutations);
    this.observer.observe(document.documentElement, {
      childList: true,
      subtree: true,
      characterData: true,
      attributes: true,
      attributeFilter: ['open', 'hidden', 'class', 'style', 'aria-hidden', 'value', 'type'],
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
    return () => {
      this.observer?.disconnect();
      window.removeEventListener('scroll', this.onViewportChange, opts);
      window.removeEventListener('resize', this.onViewportChange, opts);
      window.removeEventListener('popstate', this.onNavigate);
      window.removeEventListener('hashchange', this.onNavigate);
      nav?.removeEventListener('navigatesuccess', this.onNavigate);
      document.removeEventListener('selectionchange', onSel);
      this.more?.stop();
    };
  }

  // ── Captures ─────────────────────────────────────────────────────────────────────────────────────────────────

  private labels: { profile: SiteProfile | null; set: Set<string> } | null = null;

  /** The profile's PII elements: value elements (fields marked `pii`, the vocabulary's personal fields) and regions. */
  private piiScope(reading: PageReading | null): { values: Element[]; regions: Element[]; labels: Set<string> } {
    if (this.labels?.profile !== this.profile) this.labels = { profile: this.profile, set: profileLabels(this.profile) };
    const personal: ReadonlySet<string> = new Set(PII_FIELD_NAMES);
    const values = new Set((reading?.reads ?? []).filter((r) => r.pii || personal.has(r.name.split('.')[0] ?? '')).flatMap((r) => r.elements));
    const regions = (reading?.piiElements ?? []).filter((el) => !values.has(el));
    return { values: Array.from(values), regions, labels: this.labels.set };
  }

  /** Where the model holds personal data: identifiers (never across two touching elements) and the values of PII elements, labels left out. */
  piiSpans(model: TextModel, reading: PageReading | null = this.reading): PiiSpan[] {
    const patterns = this.profile?.pii.patterns;
    const spans = patternSpans(model.text, patterns, textJoins(model));
    spans.push(...piiValueSpans(model, { ...this.piiScope(reading), ...(patterns ? { patterns } : {}) }));
    return spans;
  }

  /**
   * A fresh reading of the page as it is now (not the last debounced one), with the profile that matches its URL now
   * (a sweep's reading: a list the page has just drawn again is seen). Null when no profile matches.
   */
  readNow(): PageReading | null {
    const profile = profileFor(this.state);
    return profile ? readPage(document, location.href, profile, { skip: this.skip }) : null;
  }

  // ── Notices ──────────────────────────────────────────────────────────────────────────────────────────────────

  private noticeTimer: ReturnType<typeof setTimeout> | null = null;

  /** A short message on the page for a few seconds (a newer one replaces it, with its own few seconds). */
  notify(message: string | null): void {
    if (this.noticeTimer !== null) clearTimeout(this.noticeTimer);
    this.env.store.set({ notice: message });
    this.noticeTimer = setTimeout(() => {
      this.noticeTimer = null;
      this.env.store.set({ notice: null });
    }, NOTICE_MS);
  }

  // ── Screenshots ──────────────────────────────────────────────────────────────────────────────────────────────

  private shotTimer: ReturnType<typeof setTimeout> | null = null;

  /** Hides (or shows again) the overlay's own UI and the evidence marks, so no screenshot shows them. */
  private setShooting(on: boolean): void {
    if (this.shotTimer !== null) clearTimeout(this.shotTimer);
    this.shotTimer = null;
    // Should the background never say it is done, the overlay comes back by itself.
    if (on) this.shotTimer = setTimeout(() => this.setShooting(false), SHOT_TIMEOUT_MS);
    if (this.env.store.view.shooting !== on) this.env.store.set({ shooting: on });
  }

  /** Hides the overlay's UI, waits until the page is painted without it, and measures the personal data shown. */
  async prepareShot(): Promise<ShotLayout | null> {
    this.setShooting(true);
    // Two frames: by the second callback a frame without the overlay's UI has been painted. A fixed delay is not
    // proof (a busy renderer paints late, and the tab was just brought forward): without the frames, no screenshot.
    const painted = await new Promise<boolean>((resolve) => {
      const timeout = setTimeout(() => resolve(false), SHOT_FRAMES_TIMEOUT_MS);
      requestAnimationFrame(() =>
        requestAnimationFrame(() => {
          clearTimeout(timeout);
          resolve(true);
        }),
      );
    });
    return painted ? this.measureShot() : null;
  }

  /**
   * Where the viewport shows personal data now: the client rects of each identifier and personal value (no padding,
   * no whole blocks), form controls holding one, pictures inside PII elements; read from a fresh reading of the page.
   */
  measureShot(): ShotLayout {
    const reading = this.profile ? readPage(document, location.href, this.profile, { skip: this.skip }) : null;
    const model = buildTextModel(document, { skip: this.skip });
    const scope = this.piiScope(reading);
    const rects = maskRects(model, this.piiSpans(model, reading), document, [...scope.values, ...scope.regions]);
    const dpr = window.devicePixelRatio || 1;
    const width = window.innerWidth;
    const height = window.innerHeight;
    return { token: `${window.scrollX},${window.scrollY} ${width}x${height}@${dpr}`, dpr, width, height, rects };
  }

  endShot(): void {
    this.setShooting(false);
  }
}
