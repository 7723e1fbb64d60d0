// The overlay's evidence pass (`anchorEvidence` of the overlay controller) on a hash-routed portal: the state holds
// the whole audit's evidence (thousands of items, as the background sends it); the overlay keeps the evidence of the
// dossiers on screen (found by record code), never lists the other dossiers' evidence as orphans, names where an
// orphan's dossier was seen, and keeps evidence captured where no dossier was on screen to its page.
import { SiteProfileSchema, type Selector } from '@onestop/shared';
import { afterEach, describe, expect, it } from 'vitest';
import { OverlayController } from '../../entrypoints/overlay.content/controller.ts';
import { OverlayMore } from '../../entrypoints/overlay.content/more.ts';
import { orphanWhere } from '../../entrypoints/overlay.content/Overlay.tsx';
import { createOverlayStore, type OverlayStore } from '../../entrypoints/overlay.content/store.ts';
import type { OverlayEvidence, OverlayState } from '../model.ts';
import { readPage } from '../page/profile-reader.ts';
import { fixtureText, loadFixture } from '../testing/fixtures.ts';
import { describeRange } from './describe.ts';
import { buildTextModel } from './text-model.ts';

const profile = SiteProfileSchema.parse(JSON.parse(fixtureText('portal-profile.json')));
const ORIGIN = 'http://127.0.0.1:8799';

function go(url: string): void {
  (window as unknown as { happyDOM: { setURL(u: string): void } }).happyDOM.setURL(url);
}

function show(screen: string): void {
  const app = document.getElementById('app');
  const tpl = document.getElementById(screen) as HTMLTemplateElement | null;
  if (!app || !tpl) throw new Error(`no screen ${screen}`);
  app.replaceChildren(document.importNode(tpl.content, true));
}

const cell = (code: string, column: number) =>
  Array.from(document.querySelectorAll('tbody tr')).find((tr) => tr.children[1]?.textContent === code)?.children[column] ?? null;

/** Evidence of a cell's text, as captured on the current screen (its record from the page reading). */
function evidenceOf(el: Element | null, id: string, url: string): OverlayEvidence {
  if (!el) throw new Error(`no element for ${id}`);
  const range = document.createRange();
  range.selectNodeContents(el);
  const desc = describeRange(buildTextModel(document), range);
  if (!desc) throw new Error('nothing described');
  const record = readPage(document, url, profile).dossierAt(el)?.code ?? null;
  return { id, finding_id: `f-${id}`, item_code: 'MC-8.5.1-09', page_url: url, selectors: desc.selectors as Selector[], quote: desc.quote, record };
}

/** Evidence of another dossier elsewhere in the audit (never on these screens). */
function elsewhere(i: number): OverlayEvidence {
  return {
    id: `x${i}`,
    finding_id: 'f-x',
    item_code: 'MC-8.5.1-02',
    page_url: `${ORIGIN}/app/#/don/${1000 + i}`,
    selectors: [{ type: 'TextQuoteSelector', exact: 'Đăng ký khai sinh', prefix: 'Thủ tục ', suffix: ' Hạn trả' }],
    quote: 'Đăng ký khai sinh',
    record: String(1000 + i),
  };
}

let stop: (() => void) | null = null;
afterEach(() => {
  stop?.();
  stop = null;
});

async function overlayOn(evidence: OverlayEvidence[]): Promise<{ ctl: OverlayController; store: OverlayStore; host: HTMLElement; status: HTMLElement }> {
  const host = document.createElement('onestop-overlay');
  const root = host.attachShadow({ mode: 'closed' });
  const status = document.createElement('div');
  root.append(status);
  document.body.append(host);
  const store = createOverlayStore(() => undefined);
  // The chunk arrives when the controller asks for it, as the background's injection brings it (ADR 0007).
  const ctl: OverlayController = new OverlayController({ host, root, status, store, report: () => undefined, attach: () => undefined, submit: async () => null }, async () => ctl.attachMore(new OverlayMore(ctl)));
  const state: OverlayState = { version: 1, lang: 'vi', profiles: [profile], scope: null, items: {}, target: null, evidence };
  stop = ctl.start();
  ctl.setState(state);
  await settle();
  return { ctl, store, host, status };
}

/** Lets the controller's reading and anchoring timers run. */
const settle = () => new Promise((r) => setTimeout(r, 20));

async function navigate(ctl: OverlayController, url: string, screen: string): Promise<void> {
  go(url);
  show(screen);
  ctl.reread();
  await settle();
}

const anchoredCount = (status: HTMLElement) => Number(/anchors (\d+) anchored (\d+)/.exec(status.getAttribute('data-anchor-timings') ?? '')?.[2] ?? 0);
const consideredCount = (status: HTMLElement) => Number(/anchors (\d+)/.exec(status.getAttribute('data-anchor-timings') ?? '')?.[1] ?? 0);

describe('the overlay keys evidence by dossier, not by URL', () => {
  it('on hash-routed screens of one path: only the dossiers on screen, orphans named by where their dossier was seen', async () => {
    loadFixture('portal-hash-routes.html');
    const list = `${ORIGIN}/app/#/don`;
    go(list);
    show('screen-list');
    const own = [evidenceOf(cell('4', 2), 'procedure4', list), evidenceOf(cell('4', 4), 'status4', list)];
    // No dossier on screen: the page's title, captured on a screen without a code.
    go(`${ORIGIN}/app/#/tro-giup`);
    const free: OverlayEvidence = { ...own[0]!, id: 'free', record: null, page_url: `${ORIGIN}/other/#/tro-giup` };
    const audit = [...Array.from({ length: 3000 }, (_, i) => elsewhere(i)), ...own, free];

    go(list);
    show('screen-list');
    const { ctl, store, status } = await overlayOn(audit);
    // The list: dossier 4's two pieces, nothing of the 3,000 others, nothing listed as not found.
    expect(consideredCount(status)).toBe(2);
    expect(anchoredCount(status)).toBe(2);
    expect(store.view.orphans).toEqual([]);

    // Dossier 4's detail page, same path: its procedure and status are there.
    await navigate(ctl, `${ORIGIN}/app/#/don/4`, 'screen-detail-4');
    expect(consideredCount(status)).toBe(2);
    expect(anchoredCount(status)).toBe(2);
    expect(store.view.orphans).toEqual([]);

    // Dossier 10's detail page: nothing of dossier 4's, and no orphans.
    await navigate(ctl, `${ORIGIN}/app/#/don/10`, 'screen-detail-10');
    expect(anchoredCount(status)).toBe(0);
    expect(store.view.orphans).toEqual([]);

    // The receipt of 4 shows no status: that piece is an orphan of dossier 4, seen as a page.
    await navigate(ctl, `${ORIGIN}/app/#/bien-nhan/4`, 'screen-receipt-4');
    expect(anchoredCount(status)).toBe(1);
    expect(store.view.orphans.map((o) => ({ id: o.id, record: o.record, seen: o.seen }))).toEqual([{ id: 'status4', record: '4', seen: [{ kind: 'page', row: null }] }]);
    expect(orphanWhere('vi', '4', [{ kind: 'page', row: null }])).toBe('Không thấy đoạn trích trên hồ sơ 4 (trang hồ sơ)');

    // Evidence without a record keeps to its page (origin and path), whatever the hash: considered there, and here,
    // where its short quote's context agrees nowhere, an orphan that names no dossier.
    await navigate(ctl, `${ORIGIN}/other/#/mot-man-hinh-khac`, 'screen-detail-10');
    expect(consideredCount(status)).toBe(1);
    expect(store.view.orphans.map((o) => ({ id: o.id, record: o.record, seen: o.seen }))).toEqual([{ id: 'free', record: null, seen: [] }]);
  });

  it('names the row of a list where an orphan\'s dossier was seen, in Vietnamese and English', () => {
    expect(orphanWhere('vi', '000.35.24.H26-260312-0013', [{ kind: 'row', row: 4 }])).toBe('Không thấy đoạn trích trên hồ sơ 000.35.24.H26-…-0013 (danh sách, dòng 4)');
    expect(orphanWhere('en', '000.35.24.H26-260312-0013', [{ kind: 'row', row: 4 }, { kind: 'modal', row: null }])).toBe('Quote not found on dossier 000.35.24.H26-…-0013 (list, row 4; dialog)');
  });
});
