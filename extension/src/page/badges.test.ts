// Badges that never get in the way (issue 12), as far as happy-dom can tell without a layout engine: where a badge
// may go around its value (placement.ts), that a list gets one badge per bound column on its header cell and a mark
// only on the row of a dossier with a finding, that a badge's colour is a finding about that badge's own dossier,
// that a target scrolled out of the box that clips it gets no badge, and that badges of elements a page change
// removed go at once, before the overlay reads the page again. Hit testing (modals, what takes a click) needs a real
// browser: tests/e2e/extension/badges.e2e.test.ts.
import { SiteProfileSchema, type Result, type SiteProfileInput } from '@onestop/shared';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { OverlayController } from '../../entrypoints/overlay.content/controller.ts';
import { OverlayMore } from '../../entrypoints/overlay.content/more.ts';
import { badgeSize, candidates, CHIP_H, overlaps, Placer, samplePoints, type Rect } from '../../entrypoints/overlay.content/placement.ts';
import { createOverlayStore, type OverlayStore } from '../../entrypoints/overlay.content/store.ts';
import type { OverlayItem, OverlayState } from '../model.ts';
import { readPage } from './profile-reader.ts';

const ORIGIN = 'http://127.0.0.1:8799';

const profile = SiteProfileSchema.parse({
  name: 'Cổng thử',
  version: 1,
  match: [`${ORIGIN}/*`],
  pages: [
    {
      id: 'list',
      url: '/app/*',
      recognize: { heading: 'Danh sách đơn' },
      root: 'main',
      fields: [
        { name: 'dossier_code', locator: { kind: 'column', header: 'Mã đơn' } },
        { name: 'due_at', locator: { kind: 'column', header: 'Hạn trả' } },
        { name: 'status', locator: { kind: 'column', header: 'Trạng thái' } },
      ],
    },
    {
      id: 'detail',
      url: '/app/*',
      recognize: { heading: 'Thông tin đơn' },
      root: 'main',
      fields: [
        { name: 'dossier_code', locator: { kind: 'label', text: 'Mã đơn' } },
        { name: 'due_at', locator: { kind: 'label', text: 'Hạn trả' } },
        { name: 'steps.finished_at', locator: { kind: 'column', header: 'Hoàn thành' } },
      ],
    },
  ],
  bindings: [
    { item_code: 'MC-8.5.1-03', page: 'list', field: 'dossier_code' },
    { item_code: 'MC-8.7-01', page: 'list', field: 'due_at' },
    { item_code: 'MC-9.1-02', page: 'list', field: 'due_at' },
    { item_code: 'MC-8.5.1-14', page: 'list', field: 'status' },
    { item_code: 'MC-8.5.1-03', page: 'detail', field: 'dossier_code' },
    { item_code: 'MC-8.7-01', page: 'detail', field: 'due_at' },
    { item_code: 'MC-7.5-05', page: 'detail', field: 'steps.finished_at' },
  ],
} satisfies SiteProfileInput);

const CODES = ['4', '10', '40', '41', '42'];

function listHtml(codes: readonly string[]): string {
  const rows = codes.map((c, i) => `<tr><td>${i + 1}</td><td>${c}</td><td>0${i + 1}/03/2026</td><td>Đang xử lý</td><td><button>Chi tiết</button></td></tr>`).join('');
  return `<h1>Danh sách đơn</h1><table><thead><tr><th>STT</th><th>Mã đơn</th><th>Hạn trả</th><th>Trạng thái</th><th>Thao tác</th></tr></thead><tbody>${rows}</tbody></table>`;
}

const DETAIL = `<h1>Thông tin đơn</h1>
  <div><div>Mã đơn</div><div>4</div></div>
  <div><div>Hạn trả</div><div>06/03/2026</div></div>
  <table><thead><tr><th>Bước</th><th>Hoàn thành</th></tr></thead>
  <tbody><tr><td>Tiếp nhận</td><td>01/03/2026</td></tr><tr><td>Thẩm định</td><td>03/03/2026</td></tr></tbody></table>`;

/**
 * happy-dom lays nothing out: every element gets a box of its own, in document order, 30 px high, one under the other
 * (cells of a row side by side), so badges have somewhere to go and never share a place.
 */
function fakeLayout(): () => void {
  const boxes = new WeakMap<Element, Rect>();
  let next = 0;
  const original = Element.prototype.getBoundingClientRect;
  Element.prototype.getBoundingClientRect = function (this: Element) {
    let r = boxes.get(this);
    if (!r) {
      const tr = this.closest('tr');
      if (this.tagName === 'TD' || this.tagName === 'TH') {
        const row = tr ? (tr.getBoundingClientRect() as unknown as Rect) : { top: 0, bottom: 30 };
        const col = Array.from(tr?.children ?? []).indexOf(this);
        r = { left: col * 150, top: row.top, right: col * 150 + 140, bottom: row.bottom };
      } else if (tr && this !== tr) {
        const cell = this.closest('td, th')?.getBoundingClientRect() as unknown as Rect;
        r = { left: cell.left + 4, top: cell.top + 4, right: cell.left + 60, bottom: cell.bottom - 4 };
      } else {
        const top = 40 * next++;
        r = { left: 0, top, right: 900, bottom: top + 30 };
      }
      boxes.set(this, r);
    }
    return { ...r, x: r.left, y: r.top, width: r.right - r.left, height: r.bottom - r.top, toJSON: () => r } as DOMRect;
  };
  return () => {
    Element.prototype.getBoundingClientRect = original;
  };
}

function go(url: string): void {
  (window as unknown as { happyDOM: { setURL(u: string): void } }).happyDOM.setURL(url);
}

function item(code: string, latest: Result | null, byDossier: Record<string, Result> = {}): OverlayItem {
  return { id: code, code, text_vi: `Tiêu chí ${code}`, text_en: `Item ${code}`, latest, byDossier };
}

/** Lets the controller's reading, anchoring and frame timers run. */
const settle = (ms = 30) => new Promise((r) => setTimeout(r, ms));

let stop: (() => void) | null = null;
let unlayout: (() => void) | null = null;
beforeEach(() => {
  unlayout = fakeLayout();
});
afterEach(() => {
  stop?.();
  stop = null;
  unlayout?.();
  document.body.replaceChildren();
});

async function overlayOn(html: string, items: OverlayItem[]): Promise<{ ctl: OverlayController; store: OverlayStore }> {
  go(`${ORIGIN}/app/#/don`);
  const main = document.createElement('main');
  main.innerHTML = html;
  document.body.replaceChildren(main);
  const host = document.createElement('onestop-overlay');
  const root = host.attachShadow({ mode: 'closed' });
  const status = document.createElement('div');
  root.append(status);
  document.body.append(host);
  const store = createOverlayStore(() => undefined);
  // The chunk arrives when the controller asks for it, as the background's injection brings it (ADR 0007).
  const ctl: OverlayController = new OverlayController({ host, root, status, store, report: () => undefined, attach: () => undefined, submit: async () => null }, async () => ctl.attachMore(new OverlayMore(ctl)));
  const state: OverlayState = { version: 1, lang: 'vi', profiles: [profile], scope: null, items: Object.fromEntries(items.map((i) => [i.code, i])), target: null, evidence: [] };
  stop = ctl.start();
  ctl.setState(state);
  // The URL change above reaches the controller as a navigation event: its re-reading comes after 150 ms.
  await settle(200);
  return { ctl, store };
}

const chipsOf = (store: OverlayStore, kind: string) =>
  store.view.badges.filter((b) => b.kind === kind).flatMap((b) => b.chips.map((c) => `${b.dossierCode ?? '-'} ${c.itemCode} ${c.result ?? 'none'}`));

describe('where a badge may go (placement.ts)', () => {
  it('beside the value first, never on its text; then inside the target below or above it; then outside', () => {
    const box: Rect = { left: 100, top: 100, right: 300, bottom: 150 };
    const values: Rect[] = [
      { left: 108, top: 104, right: 260, bottom: 120 },
      { left: 108, top: 120, right: 200, bottom: 136 },
    ];
    const list = candidates(box, values, [44, 44]);
    expect(list[0]).toEqual({ left: 264, top: 104, right: 354, bottom: 104 + CHIP_H });
    for (const c of list) for (const v of values) expect(overlaps(c, v)).toBe(false);
    // Below the value, inside the target, wrapped to its width.
    expect(list[1]?.top).toBe(138);
    expect(list.at(-1)?.top).toBe(152);
    // An empty control: its right end; an empty field: where its value would start.
    expect(candidates(box, [], [44])[0]).toEqual({ left: 254, top: 117, right: 298, bottom: 133 });
    expect(candidates(box, [], [44], 'start')[0]).toEqual({ left: 100, top: 117, right: 144, bottom: 133 });
  });

  it('wraps chips to a width, and hit-tests the whole box (corners, edges, middle)', () => {
    expect(badgeSize([40, 40, 40])).toEqual({ w: 124, h: CHIP_H });
    expect(badgeSize([40, 40, 40], 90)).toEqual({ w: 82, h: 2 * CHIP_H + 2 });
    const points = samplePoints({ left: 0, top: 0, right: 50, bottom: 16 });
    expect(points).toContainEqual([1, 1]);
    expect(points).toContainEqual([49, 15]);
    expect(points[0]).toEqual([25, 8]);
    expect(points.length).toBeGreaterThanOrEqual(7);
  });

  it('gives no place to a target scrolled out of the box that clips it, and keeps badges inside that box', () => {
    document.body.innerHTML = '<div id="box" style="overflow: auto"><p id="in">Đang xử lý</p><p id="out">Đã trả kết quả</p></div>';
    const box = document.getElementById('box') as HTMLElement;
    const rects: Record<string, Rect> = {
      box: { left: 0, top: 0, right: 400, bottom: 200 },
      in: { left: 0, top: 20, right: 400, bottom: 50 },
      out: { left: 0, top: 260, right: 400, bottom: 290 },
    };
    for (const [id, r] of Object.entries(rects)) {
      const el = document.getElementById(id) as HTMLElement;
      el.getBoundingClientRect = () => ({ ...r, x: r.left, y: r.top, width: r.right - r.left, height: r.bottom - r.top, toJSON: () => r }) as DOMRect;
    }
    Object.defineProperty(box, 'clientWidth', { value: 400 });
    Object.defineProperty(box, 'clientHeight', { value: 200 });
    const host = document.createElement('onestop-overlay');
    const placer = new Placer(host, { left: 0, top: 0, right: 1000, bottom: 800 });
    const at = placer.place(document.getElementById('in') as Element, [44]);
    expect(at).not.toBeNull();
    expect(at && at.bottom <= 200 && at.top >= 0).toBe(true);
    expect(placer.place(document.getElementById('out') as Element, [44])).toBeNull();
  });
});

describe('the header cell of a bound column (profile-reader)', () => {
  it('gives every cell target of a column its header cell, and none to other targets', () => {
    go(`${ORIGIN}/app/#/don`);
    const main = document.createElement('main');
    main.innerHTML = listHtml(CODES);
    document.body.replaceChildren(main);
    const reading = readPage(document, location.href, profile);
    const due = reading.targets.filter((t) => t.itemCode === 'MC-8.7-01');
    expect(due).toHaveLength(CODES.length);
    expect(new Set(due.map((t) => t.header?.textContent))).toEqual(new Set(['Hạn trả']));
    expect(reading.reads.find((r) => r.name === 'status')?.header?.tagName).toBe('TH');

    main.innerHTML = DETAIL;
    const detail = readPage(document, location.href, profile);
    expect(detail.targets.filter((t) => t.itemCode === 'MC-8.7-01').map((t) => t.header ?? null)).toEqual([null]);
    expect(new Set(detail.targets.filter((t) => t.itemCode === 'MC-7.5-05').map((t) => t.header?.textContent))).toEqual(new Set(['Hoàn thành']));
  });
});

describe('badges on a list, a detail page and while the page changes', () => {
  it('badges a list once per bound column, on its header cells, and marks only the rows of dossiers with a finding', async () => {
    const { store } = await overlayOn(listHtml(CODES), [item('MC-8.5.1-03', null), item('MC-8.7-01', null), item('MC-9.1-02', null), item('MC-8.5.1-14', null)]);
    const headers = store.view.badges.filter((b) => b.kind === 'header');
    // Three bound columns, four items, five rows: three header badges, no row badges.
    expect(headers.map((b) => b.chips.map((c) => c.itemCode))).toEqual([['MC-8.5.1-03'], ['MC-8.7-01', 'MC-9.1-02'], ['MC-8.5.1-14']]);
    expect(store.view.badges).toHaveLength(3);
    expect(headers.every((b) => b.dossierCode === null)).toBe(true);
  });

  it('colours a badge only with a finding about its own dossier: one row mark, a neutral header, no colour from another dossier', async () => {
    const { store } = await overlayOn(listHtml(CODES), [
      // A finding about dossier 10 and one about no dossier: the header shows the latter (the list is about no dossier).
      item('MC-8.7-01', 'conform', { ' 10 ': 'nc_minor' }),
      item('MC-9.1-02', null, { '999': 'nc_major' }),
      item('MC-8.5.1-03', null),
      item('MC-8.5.1-14', null),
    ]);
    expect(chipsOf(store, 'mark')).toEqual(['10 MC-8.7-01 nc_minor']);
    expect(chipsOf(store, 'header')).toEqual(['- MC-8.5.1-03 none', '- MC-8.7-01 conform', '- MC-9.1-02 none', '- MC-8.5.1-14 none']);
  });

  it('on a detail page: the page\'s dossier colours its values; a finding without a dossier or about another does not', async () => {
    const { store } = await overlayOn(DETAIL, [item('MC-8.5.1-03', 'conform', { '10': 'nc_major' }), item('MC-8.7-01', 'conform', { '4': 'observation' }), item('MC-7.5-05', null, { '4': 'ofi' })]);
    expect(chipsOf(store, 'value').sort()).toEqual(['4 MC-8.5.1-03 none', '4 MC-8.7-01 observation']);
    // The steps table is inside dossier 4's page: its column is badged once, on its header, in dossier 4's colour.
    expect(chipsOf(store, 'header')).toEqual(['4 MC-7.5-05 ofi']);
    expect(chipsOf(store, 'mark')).toEqual([]);
  });

  it('removes the badges of what a page change took away at once, before reading the page again', async () => {
    const { store } = await overlayOn(listHtml(CODES), [item('MC-8.7-01', null, { '4': 'nc_minor', '40': 'nc_major' }), item('MC-9.1-02', null), item('MC-8.5.1-03', null), item('MC-8.5.1-14', null)]);
    expect(chipsOf(store, 'mark')).toEqual(['4 MC-8.7-01 nc_minor', '40 MC-8.7-01 nc_major']);
    const reread = vi.spyOn(OverlayController.prototype, 'reread');

    // Client-side paging: the rows are replaced. In the next frame the old rows' marks are gone; the header stays.
    const tbody = document.querySelector('tbody') as HTMLElement;
    const next = document.createElement('tbody');
    next.innerHTML = listHtml(['50', '51']).replace(/^[\s\S]*<tbody>|<\/tbody>[\s\S]*$/g, '');
    tbody.replaceChildren(...Array.from(next.children));
    await settle(40);
    expect(reread).not.toHaveBeenCalled();
    expect(chipsOf(store, 'mark')).toEqual([]);
    expect(chipsOf(store, 'header')).toHaveLength(4);

    // A "loading" placeholder replaces the list: nothing is left floating over it.
    const main = document.querySelector('main') as HTMLElement;
    main.innerHTML = '<div class="skeleton">Đang tải danh sách…</div>';
    await settle(40);
    expect(reread).not.toHaveBeenCalled();
    expect(store.view.badges).toEqual([]);

    // A cell changed in place (same row, another dossier's text): its badges wait for the next reading.
    main.innerHTML = listHtml(CODES);
    await settle(250);
    expect(chipsOf(store, 'mark')).toEqual(['4 MC-8.7-01 nc_minor', '40 MC-8.7-01 nc_major']);
    const cell = document.querySelector('tbody tr td:nth-child(2)') as HTMLElement;
    (cell.firstChild as Text).data = '41';
    await settle(40);
    expect(chipsOf(store, 'mark')).toEqual(['40 MC-8.7-01 nc_major']);
    await settle(250);
    expect(chipsOf(store, 'mark')).toEqual(['40 MC-8.7-01 nc_major']);
    reread.mockRestore();
  });
});
