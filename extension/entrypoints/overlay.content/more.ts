// The overlay's chunk (`overlay-more.js`, ADR 0007), which the background injects into the loader's isolated world
// once the loader recognises a page: evidence anchoring and its marks, the orphans, the fields the checks flag and
// the check fields of the page report, captures (the capture button's, the element picker's, a dossier's place) and
// the sweep's reading of a screen. It works on the loader's controller and, through the hub, on the loader's own
// modules (text model, placement, profile reader, redaction, selection): the build does not bundle them twice.
import { recordKey, sameDossier } from '../../src/anchoring/anchor-all.ts';
import { IncrementalAnchoring } from '../../src/anchoring/incremental.ts';
import { describeControlSpan, describeElement, describeRange, type Description } from '../../src/anchoring/describe.ts';
import { buildTextModel, containsFlat, type TextModel } from '../../src/anchoring/text-model.ts';
import { currentSelection, selectionElement } from '../../src/page/selection.ts';
import { dossierCheckFields } from '../../src/page/check-fields.ts';
import { pageKey } from '../../src/page/page-key.ts';
import { clickNext, sweepRead, type SweepRead } from '../../src/page/sweep-read.ts';
import type { CheckFlag, OverlayEvidence, PageCapture } from '../../src/model.ts';
import { fieldsForEvidence, redactPageUrl, type DossierScope, type PageReading } from '../../src/page/profile-reader.ts';
import { maskPersonalTexts, personalTexts, redactEvidenceFields, redactSlice } from '../../src/page/redact.ts';
import type { DossierCapture, OverlayMoreApi, SelectionCapture } from '../../src/overlay-hub.ts';
import { Placer } from './placement.ts';
import type { OverlayController } from './controller.ts';
import type { Box, Orphan } from './store.ts';

/** At most this many evidence marks (line boxes of anchored text in the viewport) are drawn. */
const MAX_MARKS = 2000;
/** At most this many flagged fields are outlined. */
const MAX_FLAGS = 300;

export class OverlayMore implements OverlayMoreApi {
  private anchoredCount = 0;
  private pick: { findingId: string; screenshot: boolean } | null = null;

  constructor(private readonly c: OverlayController) {
    document.addEventListener('keydown', this.onKey, true);
  }

  stop(): void {
    document.removeEventListener('keydown', this.onKey, true);
    this.stopPicker();
  }

  anchored(): number {
    return this.anchoredCount;
  }

  note(records: MutationRecord[]): void {
    this.anchoring.note(records);
  }

  checkFields(reading: PageReading): ReturnType<OverlayMoreApi['checkFields']> {
    return dossierCheckFields(reading);
  }

  // ── A sweep's reading (issue 14) ───────────────────────────────────────────────────────────────────────────

  /**
   * What a sweep reads of the screen now: a fresh reading of the page as it is, not the last debounced one, so a list
   * the page has just drawn again is seen. Null when no profile matches the page.
   */
  sweepRead(): SweepRead | null {
    const reading = this.c.readNow();
    return reading ? sweepRead(reading, location.href) : null;
  }

  /** Presses the list's next-page control the profile declares, when it is a button (see `clickNext`). */
  sweepNext(): boolean {
    const reading = this.c.readNow();
    return reading !== null && clickNext(reading);
  }

  // ── Evidence highlights ─────────────────────────────────────────────────────────────────────────────────────

  private controlAnchors: Element[] = [];
  private rangeAnchors: Range[] = [];
  /** The last pass's text model and outcomes: a page change re-anchors only what it touched. */
  private readonly anchoring = new IncrementalAnchoring();

  /** The audit's evidence by the record (dossier) it belongs to, and the evidence without one by page; built per state. */
  private evidenceIndex: { of: OverlayEvidence[]; byRecord: Map<string, OverlayEvidence[]>; byPage: Map<string, OverlayEvidence[]> } | null = null;

  private indexedEvidence(): NonNullable<OverlayMore['evidenceIndex']> {
    const all = this.c.state?.evidence ?? [];
    if (this.evidenceIndex?.of === all) return this.evidenceIndex;
    const byRecord = new Map<string, OverlayEvidence[]>();
    const byPage = new Map<string, OverlayEvidence[]>();
    const add = (map: Map<string, OverlayEvidence[]>, key: string, e: OverlayEvidence) => {
      const list = map.get(key);
      if (list) list.push(e);
      else map.set(key, [e]);
    };
    for (const e of all) {
      if (e.record) add(byRecord, recordKey(e.record), e);
      else {
        const page = pageKey(e.page_url);
        if (page !== null) add(byPage, page, e);
      }
    }
    this.evidenceIndex = { of: all, byRecord, byPage };
    return this.evidenceIndex;
  }

  /**
   * Highlights the evidence of the dossiers on screen, each only where its dossier shows (its list row, its modal, the
   * page of its detail or receipt screen), and lists as orphans the evidence of an on-screen dossier whose quote is not
   * there. Evidence of dossiers not on screen is left out; evidence captured where no dossier was on screen keeps to
   * its page (origin and path).
   */
  anchorEvidence(): void {
    // Changes not yet delivered to the observer belong to this pass too.
    this.c.flushMutations();
    const index = this.indexedEvidence();
    const places = new Map<string, DossierScope[]>();
    for (const d of this.c.reading?.dossiers ?? []) {
      const key = recordKey(d.code);
      const list = places.get(key);
      if (list) list.push(d);
      else places.set(key, [d]);
    }
    const evidence: OverlayEvidence[] = [];
    for (const key of places.keys()) for (const e of index.byRecord.get(key) ?? []) evidence.push(e);
    for (const e of index.byPage.get(pageKey(location.href) ?? '') ?? []) evidence.push(e);
    let ranges: Range[] = [];
    let controls: Element[] = [];
    let orphans: Orphan[] = [];
    if (this.c.profile && evidence.length > 0) {
      const t0 = performance.now();
      const anchors = evidence.map((e) => ({ id: e.id, selectors: e.selectors, record: e.record }));
      const pass = this.anchoring.pass(document, anchors, {
        skip: this.c.skip,
        redaction: (model) => {
          const spans = this.c.piiSpans(model);
          return (s, t) => redactSlice(model.text, s, t, spans);
        },
        records: places,
      });
      ranges = pass.ranges;
      controls = pass.elements;
      const lost = new Set(pass.orphans);
      orphans = evidence
        .filter((e) => lost.has(e.id))
        .map((e) => ({
          id: e.id,
          itemCode: e.item_code,
          quote: e.quote ?? '',
          record: e.record,
          seen: e.record ? (places.get(recordKey(e.record)) ?? []).map((d) => ({ kind: d.kind, row: d.row })) : [],
        }));
      // The last pass's cost, inside the overlay's root, for measurements.
      this.c.env.status.setAttribute(
        'data-anchor-timings',
        `anchors ${evidence.length} anchored ${pass.placed.size} model ${pass.ms.model.toFixed(1)} anchor ${pass.ms.anchor.toFixed(1)} total ${(performance.now() - t0).toFixed(1)} ${pass.mode} reanchored ${pass.reanchored}`,
      );
    } else if (this.c.profile) {
      // No pass: the next one starts from a fresh model.
      this.anchoring.reset();
      this.c.env.status.setAttribute('data-anchor-timings', 'anchors 0 anchored 0 model 0.0 anchor 0.0 total 0.0');
    }
    this.anchoredCount = ranges.length + controls.length;
    this.controlAnchors = controls;
    this.rangeAnchors = ranges;
    this.c.env.store.set({ orphans });
    this.placeMarks();
  }

  /**
   * Evidence is marked by boxes in the overlay's closed root, one per line box of each anchored range near the
   * viewport (and one per form control holding a span). Not the CSS Custom Highlight API: the document's highlight
   * registry and adopted style sheets are shared with the page's scripts, which would read which text is evidence.
   */
  placeMarks(): void {
    const view = this.c.env.store.view;
    if (this.controlAnchors.length === 0 && this.rangeAnchors.length === 0 && this.flagTargets.length === 0 && view.evidenceBoxes.length === 0 && view.evidenceMarks.length === 0 && view.checkFlags.length === 0) return;
    const hostRect = this.c.env.host.getBoundingClientRect();
    // Only what shows: the viewport, cut by the text's scroll boxes, not under a dialog (as badges).
    const placer = new Placer(this.c.env.host, { left: 0, top: 0, right: window.innerWidth, bottom: window.innerHeight });
    const marks: { x: number; y: number; w: number; h: number }[] = [];
    for (const range of this.rangeAnchors) {
      if (marks.length >= MAX_MARKS) break;
      for (const r of placer.textMarks(range, MAX_MARKS - marks.length)) marks.push({ x: r.left - hostRect.left, y: r.top - hostRect.top, w: r.right - r.left, h: r.bottom - r.top });
    }
    const flags: (Box & { title: string })[] = [];
    for (const t of this.flagTargets.slice(0, MAX_FLAGS)) {
      if (!t.el.isConnected) continue;
      const r = placer.elementMark(t.el);
      if (r) flags.push({ x: r.left - hostRect.left, y: r.top - hostRect.top, w: r.right - r.left, h: r.bottom - r.top, title: t.title });
    }
    this.c.env.store.set({
      checkFlags: flags,
      evidenceMarks: marks,
      evidenceBoxes: this.controlAnchors.flatMap((el) => {
        const r = placer.elementMark(el);
        return r ? [{ x: r.left - hostRect.left, y: r.top - hostRect.top, w: r.right - r.left, h: r.bottom - r.top }] : [];
      }),
    });
  }

  // ── Captures ─────────────────────────────────────────────────────────────────────────────────────────────────

  /** The capture for a description: quote and selector contexts redacted, fields of the page (or of the row). */
  private buildCapture(model: TextModel, desc: Description, near: Element | null): PageCapture {
    const spans = this.c.piiSpans(model);
    const patterns = this.c.profile?.pii.patterns;
    const text = model.text;
    const quote = redactSlice(text, desc.start, desc.end, spans, patterns);
    const selectors = desc.selectors.map((s) => {
      if (s.type !== 'TextQuoteSelector') return s;
      const prefix = s.prefix === undefined ? undefined : redactSlice(text, desc.start - s.prefix.length, desc.start, spans, patterns);
      const suffix = s.suffix === undefined ? undefined : redactSlice(text, desc.end, desc.end + s.suffix.length, spans, patterns);
      return { ...s, exact: quote || '•', ...(prefix === undefined ? {} : { prefix }), ...(suffix === undefined ? {} : { suffix }) };
    });
    const reading = this.c.reading;
    const row = near?.closest('tr') ?? null;
    const reads = reading?.reads ?? [];
    const piiNames = reads.filter((r) => r.pii).map((r) => r.name);
    // A field may hold a whole block (a receipt's text): the page's personal values are masked in it too.
    const fields = maskPersonalTexts(redactEvidenceFields(fieldsForEvidence(reads.filter((r) => !r.perRow || row !== null), row), piiNames, patterns), personalTexts(text, spans));
    // The record: the dossier whose place holds the capture (its row, its modal, else the page's own), as the profile's
    // code field reads it there; none where no dossier is on screen.
    const code = (near ? reading?.dossierAt(near)?.code : null) ?? null;
    return { page_url: redactPageUrl(location.href, this.c.profile).slice(0, 2048), page_title: document.title.slice(0, 500), selectors, quote, fields, dossier_code: code };
  }

  captureSelection(): SelectionCapture {
    if (!this.c.profile) return { ok: false, code: 'no_profile' };
    // A span of a focused input's or textarea's value (read-only ones too), or the page's text across open shadow
    // roots; nothing from a closed shadow root, a frame or the overlay itself.
    const sel = currentSelection(document, { exclude: this.c.env.host });
    if (sel.kind === 'none') return { ok: false, code: 'no_selection' };
    const model = buildTextModel(document, { skip: this.c.skip });
    const desc: Description | null = sel.kind === 'control' ? describeControlSpan(model, sel.control, sel.start, sel.end) : describeRange(model, sel.range);
    // The element of the page's own tree it was made in (a shadow root's host), for its dossier and its list row.
    const near = selectionElement(sel);
    if (!desc) return { ok: false, code: 'no_selection' };
    return { ok: true, capture: this.buildCapture(model, desc, near) };
  }

  // ── Fields the automated checks flag (issue 14) ─────────────────────────────────────────────────────────────

  private flags: CheckFlag[] = [];
  private flagTargets: { el: Element; title: string }[] = [];

  /** The fields the background's checks flag on this page: outlined where they show. */
  setCheckFlags(flags: CheckFlag[]): void {
    this.flags = flags;
    this.readingChanged();
    this.placeMarks();
  }

  /** Each flagged field's elements in its dossier's place (the cell of its row, the value on its page or modal). */
  readingChanged(): void {
    const reading = this.c.reading;
    this.flagTargets = [];
    if (!reading || this.flags.length === 0) return;
    for (const f of this.flags) {
      const scope = reading.dossiers.find((d) => sameDossier(d.code, f.code));
      if (!scope) continue;
      for (const name of f.fields) {
        for (const r of reading.reads) {
          if (r.name !== name && r.name !== `${name}.requested_at`) continue;
          for (const el of r.elements) if (reading.dossierAt(el) === scope) this.flagTargets.push({ el, title: f.title });
        }
      }
      if (this.flagTargets.length > MAX_FLAGS) break;
    }
  }

  /** The capture of a dossier's whole place on screen (its row, modal or page), for a suggestion's evidence. */
  captureDossier(code: string): DossierCapture {
    const scope = this.c.profile ? this.c.reading?.dossiers.find((d) => sameDossier(d.code, code)) : undefined;
    if (!scope) return { ok: false, code: 'not_on_screen' };
    const model = buildTextModel(document, { skip: this.c.skip });
    const desc = describeElement(model, scope.element);
    return desc ? { ok: true, capture: this.buildCapture(model, desc, scope.element) } : { ok: false, code: 'not_on_screen' };
  }

  async captureFromToolbar(screenshot: boolean): Promise<void> {
    const res = this.captureSelection();
    const at = this.c.env.store.view.toolbar;
    this.c.env.store.set({ toolbar: null });
    if (!res.ok || !at) return;
    await this.send(res.capture, screenshot, undefined);
  }

  // ── Captures are confirmed in the side panel ────────────────────────────────────────────────────────────────

  /**
   * Hands a capture to the background, which keeps it until the inspector confirms it in the side panel (or with the
   * keyboard command): extension UI the page cannot script. The question of a capture from another dossier than the
   * finding's is asked there too.
   */
  private async send(capture: PageCapture, screenshot: boolean, findingId: string | undefined): Promise<void> {
    this.c.notify(await this.c.env.submit(capture, screenshot, findingId));
  }

  // ── The element picker ───────────────────────────────────────────────────────────────────────────────────────

  startPicker(findingId: string, screenshot: boolean): void {
    this.pick = { findingId, screenshot };
    this.c.env.store.set({ picking: true });
    document.addEventListener('mousemove', this.onPickMove, true);
    document.addEventListener('click', this.onPickClick, true);
  }

  stopPicker(): void {
    this.pick = null;
    if (this.c.env.store.view.picking || this.c.env.store.view.pickBox) this.c.env.store.set({ picking: false, pickBox: null });
    document.removeEventListener('mousemove', this.onPickMove, true);
    document.removeEventListener('click', this.onPickClick, true);
  }

  private pickable(target: EventTarget | null): Element | null {
    if (!(target instanceof Element) || target === this.c.env.host || containsFlat(this.c.env.host, target)) return null;
    return target === document.documentElement || target === document.body ? null : target;
  }

  private onPickMove = (e: MouseEvent): void => {
    if (!e.isTrusted) return;
    const el = this.pickable(e.target);
    if (!el) return;
    const r = el.getBoundingClientRect();
    const h = this.c.env.host.getBoundingClientRect();
    this.c.env.store.set({ pickBox: { x: r.left - h.left, y: r.top - h.top, w: r.width, h: r.height } });
  };

  private onPickClick = (e: MouseEvent): void => {
    // Only the inspector's own click picks: a page script's click (isTrusted false) goes to the page.
    if (!e.isTrusted) return;
    const el = this.pickable(e.target);
    if (!el || !this.pick) return;
    // The click is the inspector's, not the page's.
    e.preventDefault();
    e.stopImmediatePropagation();
    const pick = this.pick;
    this.stopPicker();
    const model = buildTextModel(document, { skip: this.c.skip });
    const desc = describeElement(model, el);
    if (!desc) return;
    void this.send(this.buildCapture(model, desc, el), pick.screenshot, pick.findingId);
  };

  private onKey = (e: KeyboardEvent): void => {
    if (e.isTrusted && e.key === 'Escape' && this.pick) {
      e.preventDefault();
      this.stopPicker();
    }
  };
}
