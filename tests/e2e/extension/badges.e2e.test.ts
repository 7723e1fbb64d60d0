// Badges that never get in the way (issue 12), in Chromium with the built extension, on both demo dossier systems:
// on a list, one badge per bound column in its header cell and a mark only on the row of a dossier with a finding
// (coloured by that finding, no other row); no chip over a modal, outside the scroll box that clips its row, over a
// page control or over the text of the value it is about; every click on the page's controls (page-size select,
// pagination, row buttons) reaches the page; after a client-side page change no chip is left over what is gone.
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it, inject } from 'vitest';
import type { Page } from 'playwright-core';
import { launchBrowser, type Browser } from '../browser.ts';
import { Api, INSPECTOR, openWorkingPanel, seededAuditInProgress, recordInPanel } from './helpers.ts';
import { inOverlay, overlayCount, overlayStatus } from './overlay.ts';

interface Box {
  left: number;
  top: number;
  right: number;
  bottom: number;
}
interface ChipInfo {
  kind: string;
  item: string;
  result: string;
  dossier: string | null;
  box: Box;
  /** `document.elementFromPoint` at the chip's centre is the overlay's host (the chip takes that click, not the page). */
  onTop: boolean;
}
interface ProfileDoc {
  pages: { id: string; fields: { name: string; locator: { kind: string; header?: string | string[] } }[] }[];
  bindings: { item_code: string; page?: string; field?: string }[];
}

const root = fileURLToPath(new URL('../../..', import.meta.url));
const INTERACTIVE = 'a, button, input, select, textarea, label, summary, [role="button"]';

async function shot(page: Page, name: string): Promise<void> {
  const dir = path.resolve('test-results', 'screenshots');
  mkdirSync(dir, { recursive: true });
  await page.screenshot({ path: path.join(dir, `${name}.png`) });
}

/** The list columns a profile badges on a page: header text → the item codes bound to it. */
function boundColumns(file: string, pageId: string): Map<string, string[]> {
  const doc = JSON.parse(readFileSync(path.join(root, file), 'utf8')) as ProfileDoc;
  const page = doc.pages.find((p) => p.id === pageId);
  const out = new Map<string, string[]>();
  for (const b of doc.bindings.filter((x) => x.page === pageId)) {
    const field = page?.fields.find((f) => f.name === b.field);
    if (field?.locator.kind !== 'column') continue;
    const header = String([field.locator.header ?? ''].flat()[0]);
    out.set(header, [...new Set([...(out.get(header) ?? []), b.item_code])]);
  }
  return out;
}

/** Every chip the overlay draws, with its box, what it is about, and whether it is on top at its centre. */
async function chips(page: Page): Promise<ChipInfo[]> {
  const found = await inOverlay(page, (root) => {
    const host = root.host;
    return Array.from(root.querySelectorAll('.chip'), (c) => {
      const r = c.getBoundingClientRect();
      const badge = c.closest('.badge');
      return {
        kind: badge?.getAttribute('data-kind') ?? '',
        item: c.getAttribute('data-item') ?? '',
        result: c.getAttribute('data-result') ?? '',
        dossier: badge?.getAttribute('data-dossier') ?? null,
        box: { left: r.left, top: r.top, right: r.right, bottom: r.bottom },
        onTop: document.elementFromPoint((r.left + r.right) / 2, (r.top + r.bottom) / 2) === host,
      };
    });
  });
  return found ?? [];
}

/**
 * What a chip gets in the way of, checked in the page: an interactive element whose box meets a chip's box where
 * the element is reachable (not clipped or covered), unless the chip sits inside a form control it is about, right of
 * its value; a point of an interactive element that resolves to the overlay's host; a chip over text of the page.
 */
async function obstructions(page: Page): Promise<string[]> {
  const found = await inOverlay(page, (root, selector) => {
    const host = root.host;
    const boxes = Array.from(root.querySelectorAll('.chip'), (c) => ({ c, r: c.getBoundingClientRect() })).filter(({ r }) => r.width > 0 && r.bottom > 0 && r.top < innerHeight);
    const meets = (a: DOMRect, b: DOMRect) => a.left < b.right - 0.5 && b.left < a.right - 0.5 && a.top < b.bottom - 0.5 && b.top < a.bottom - 0.5;
    const under = (x: number, y: number) => document.elementsFromPoint(x, y).find((e) => e !== host) ?? null;
    const canvas = document.createElement('canvas').getContext('2d');
    /** Right edge of a form control's value (the part a chip may not cover). */
    const valueRight = (el: HTMLInputElement) => {
      const s = getComputedStyle(el);
      const left = el.getBoundingClientRect().left + parseFloat(s.borderLeftWidth) + parseFloat(s.paddingLeft);
      if (!canvas) return Infinity;
      canvas.font = s.font;
      return left + canvas.measureText(el.value || el.placeholder).width;
    };
    const out: string[] = [];
    const name = (el: Element) => `${el.tagName.toLowerCase()} "${(el.textContent || (el as HTMLInputElement).value || '').trim().slice(0, 30)}"`;
    for (const el of Array.from(document.querySelectorAll(selector))) {
      const r = el.getBoundingClientRect();
      if (r.width === 0 || r.height === 0 || r.bottom < 0 || r.top > innerHeight || !el.checkVisibility()) continue;
      const inputLike = el.tagName === 'INPUT' || el.tagName === 'SELECT' || el.tagName === 'TEXTAREA';
      for (const { c, r: b } of boxes) {
        if (!meets(r, b)) continue;
        const own = inputLike && b.left >= r.left && b.right <= r.right && b.top >= r.top && b.bottom <= r.bottom && b.left >= valueRight(el as HTMLInputElement);
        if (own) continue;
        const x = (Math.max(r.left, b.left) + Math.min(r.right, b.right)) / 2;
        const y = (Math.max(r.top, b.top) + Math.min(r.bottom, b.bottom)) / 2;
        const at = under(x, y);
        if (at && (at === el || el.contains(at))) out.push(`chip ${c.getAttribute('data-item')} over ${name(el)}`);
      }
      // Every point of the control takes the page's click, never the overlay's (outside a chip sitting in its own control).
      for (const fx of [0.1, 0.5, 0.9]) {
        for (const fy of [0.2, 0.5, 0.8]) {
          const x = r.left + r.width * fx;
          const y = r.top + r.height * fy;
          if (y < 0 || y > innerHeight || x < 0 || x > innerWidth) continue;
          if (document.elementFromPoint(x, y) !== host) continue;
          // Only a point where the control itself would take the click (not covered, not scrolled out of its box).
          const below = under(x, y);
          if (!below || (below !== el && !el.contains(below))) continue;
          const chip = boxes.find(({ r: b }) => x >= b.left && x <= b.right && y >= b.top && y <= b.bottom);
          const own = chip && inputLike && chip.r.left >= valueRight(el as HTMLInputElement);
          if (!own) out.push(`${name(el)} at ${Math.round(x)},${Math.round(y)} answers the overlay`);
        }
      }
    }
    // No chip on the page's text where that text shows (not covered by a modal, not scrolled out of its box).
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    for (let n = walker.nextNode(); n; n = walker.nextNode()) {
      const p = n.parentElement;
      if (!p || !n.textContent?.trim() || p.closest('onestop-overlay, script, style')) continue;
      const range = document.createRange();
      range.selectNodeContents(n);
      for (const t of Array.from(range.getClientRects())) {
        for (const { c, r: b } of boxes) {
          if (!meets(t, b)) continue;
          const at = under((Math.max(t.left, b.left) + Math.min(t.right, b.right)) / 2, (Math.max(t.top, b.top) + Math.min(t.bottom, b.bottom)) / 2);
          if (at && (at === p || at.contains(p) || p.contains(at))) out.push(`chip ${c.getAttribute('data-item')} on the text "${n.textContent.trim().slice(0, 30)}"`);
        }
      }
    }
    return out;
  }, INTERACTIVE);
  return found ?? ['no overlay'];
}

/** Chips whose centre shows through a modal: every chip must sit over the modal's panel (its own fields' badges). */
async function outsideModal(page: Page, panelSelector: string): Promise<string[]> {
  const found = await inOverlay(page, (root, sel) => {
    const host = root.host;
    const panel = document.querySelector(sel);
    if (!panel) return ['no modal'];
    const p = panel.getBoundingClientRect();
    return Array.from(root.querySelectorAll('.chip')).flatMap((c) => {
      const r = c.getBoundingClientRect();
      const kind = c.closest('.badge')?.getAttribute('data-kind');
      const inPanel = r.left >= p.left && r.right <= p.right && r.top >= p.top && r.bottom <= p.bottom;
      const below = document.elementsFromPoint((r.left + r.right) / 2, (r.top + r.bottom) / 2).find((e) => e !== host);
      return inPanel && kind === 'value' && below && panel.contains(below) ? [] : [`${kind} chip ${c.getAttribute('data-item')} at ${Math.round(r.left)},${Math.round(r.top)}`];
    });
  }, panelSelector);
  return found ?? ['no overlay'];
}

/**
 * Watches every painted frame while the list changes page: a header chip far from every header cell, or a row mark
 * whose dossier is not on a row shown now (or away from that row), is stale. Returns the stale sightings that lasted
 * two frames or more (a chip removed in the frame the page changed in is never painted).
 */
async function watchStale(page: Page, codeCell: string, during: () => Promise<void>): Promise<string[]> {
  // The watcher runs in the page with the overlay's root in its closure (only the sightings go on `window`).
  const watching = await inOverlay(page, (root, cell) => {
    const w = window as unknown as { __stale: string[][]; __watch: boolean };
    w.__stale = [];
    w.__watch = true;
    const near = (a: DOMRect, b: DOMRect) => a.left < b.right + 24 && b.left < a.right + 24 && a.top < b.bottom + 24 && b.top < a.bottom + 24;
    const tick = () => {
      if (!w.__watch) return;
      const ths = Array.from(document.querySelectorAll('th'), (th) => th.getBoundingClientRect());
      const rows = new Map<string, DOMRect>();
      for (const tr of Array.from(document.querySelectorAll('tbody tr'))) {
        const code = tr.querySelector(cell)?.textContent?.trim();
        if (code) rows.set(code, tr.getBoundingClientRect());
      }
      const bad: string[] = [];
      for (const c of Array.from(root.querySelectorAll('.chip'))) {
        const r = c.getBoundingClientRect();
        const badge = c.closest('.badge');
        const kind = badge?.getAttribute('data-kind');
        if (kind === 'header' && !ths.some((t) => near(t, r))) bad.push(`header ${c.getAttribute('data-item')}`);
        if (kind === 'mark') {
          const row = rows.get(badge?.getAttribute('data-dossier') ?? '');
          if (!row || !near(row, r)) bad.push(`mark ${badge?.getAttribute('data-dossier')}`);
        }
      }
      w.__stale.push(bad);
      requestAnimationFrame(tick);
    };
    requestAnimationFrame(tick);
    return true;
  }, codeCell);
  expect(watching).toBe(true);
  await during();
  const frames = await page.evaluate(() => {
    const w = window as unknown as { __stale: string[][]; __watch: boolean };
    w.__watch = false;
    return w.__stale;
  });
  const lasting = new Set<string>();
  frames.forEach((bad, i) => {
    for (const b of bad) if (frames[i + 1]?.includes(b)) lasting.add(b);
  });
  expect(frames.length).toBeGreaterThan(5);
  return [...lasting];
}

describe('badges that never get in the way', () => {
  let browser: Browser;
  let panel: Page;
  let auditId: string;

  const item = (code: string) => panel.locator(`[data-item-code="${code}"]`);
  const toast = () => panel.locator('[data-testid="toast"]');

  /** Records a finding about one dossier from the side panel (result by key), as an inspector does. */
  const recordFinding = async (code: string, key: string, dossier: string, note: string): Promise<void> => {
    await recordInPanel(panel, code, { key, note, dossier });
  };

  async function open(url: string): Promise<Page> {
    const page = await browser.context.newPage();
    page.on('pageerror', (e) => console.error('[page]', e.stack));
    await page.goto(url);
    await page.bringToFront();
    return page;
  }

  /** The header chips: one badge per bound column, each naming that column's items. */
  async function expectHeaderChips(page: Page, columns: Map<string, string[]>): Promise<void> {
    const expected = [...columns.values()].flat().sort();
    await expect.poll(async () => (await chips(page)).filter((c) => c.kind === 'header').map((c) => c.item).sort(), { timeout: 15_000 }).toEqual(expected);
    const badges = await overlayCount(page, '.badge[data-kind="header"]');
    expect(badges).toBe(columns.size);
  }

  /** Marks only for rows whose dossier has a finding: `item` marks exactly the `dossiers`, coloured `result`. */
  const marksOf = async (page: Page, code: string) =>
    (await chips(page))
      .filter((c) => c.kind === 'mark' && c.item === code)
      .map((c) => `${c.dossier}:${c.result}`)
      .sort();

  beforeAll(async () => {
    const apiUrl = inject('apiUrl');
    const api = await Api.login(apiUrl, INSPECTOR);
    auditId = (await seededAuditInProgress(api)).id;
    browser = await launchBrowser({ extensionDir: inject('extensionDir') });
    panel = await openWorkingPanel(browser.context, browser.extensionId ?? '', apiUrl, auditId);
  }, 180_000);

  afterAll(async () => {
    await browser?.close();
  });

  it('on the demo list: header chips per column, one row mark for a finding, no chip over the quick view or a control; nothing stale after a page change', async () => {
    const demoUrl = inject('demoUrl');
    const columns = boundColumns('demo/site-profile.json', 'dossier_list');
    const list = await open(`${demoUrl}/ho-so`);
    await expectHeaderChips(list, columns);
    const rows = await list.locator('tbody tr').count();
    expect(rows).toBe(20);
    // Far fewer chips than rows × columns (the old overlay drew every badge on every row).
    const before = await chips(list);
    expect(before.length).toBeLessThan([...columns.values()].flat().length + rows);
    expect(before.every((c) => c.onTop)).toBe(true);
    expect(await obstructions(list)).toEqual([]);
    console.log(`badges-demo-list: ${before.length} chips; last reading: ${await overlayStatus(list, 'data-timings')}`);
    await shot(list, 'badges-demo-list');

    // A finding on dossier A's due date: A's row gets a mark in the finding's colour; no other row, and the header
    // chip keeps its colour (a finding about A is not about the list).
    const itemCode = columns.get('Hạn xử lý')?.[0] ?? '';
    expect(itemCode).not.toBe('');
    const marksBefore = await marksOf(list, itemCode);
    const headerBefore = (await chips(list)).find((c) => c.kind === 'header' && c.item === itemCode)?.result;
    const codes = await list.locator('tbody tr td:nth-child(2) a').allTextContents();
    const A = codes.slice(3).find((c) => !marksBefore.some((m) => m.startsWith(`${c}:`))) ?? '';
    await recordFinding(itemCode, '2', A, `Dấu dòng A #${(Date.now() % 1_000_000).toString(36)}`);
    await list.bringToFront();
    await expect.poll(() => marksOf(list, itemCode), { timeout: 15_000 }).toEqual([...marksBefore, `${A}:nc_minor`].sort());
    expect((await chips(list)).find((c) => c.kind === 'header' && c.item === itemCode)?.result).toBe(headerBefore);
    const mark = (await chips(list)).find((c) => c.kind === 'mark' && c.dossier === A);
    const rowBox = await list.locator('tbody tr', { has: list.locator(`a:text-is("${A}")`) }).boundingBox();
    expect(mark && rowBox && mark.box.top >= rowBox.y - 1 && mark.box.bottom <= rowBox.y + rowBox.height + 1).toBe(true);
    expect(await obstructions(list)).toEqual([]);
    await shot(list, 'badges-demo-list-mark');

    // The quick view over the list: every chip sits on the dialog (its own fields), none shows through from the list.
    const quick = list.locator('tbody tr', { has: list.locator(`a:text-is("${A}")`) }).locator('button[data-code]');
    const qb = await quick.boundingBox();
    if (!qb) throw new Error('no quick-view button');
    await list.mouse.click(qb.x + qb.width / 2, qb.y + qb.height / 2);
    await expect.poll(() => list.locator('[role="dialog"] input[name="soHoSo"]').inputValue(), { timeout: 10_000 }).toBe(A);
    await expect.poll(async () => (await chips(list)).filter((c) => c.kind === 'value').length, { timeout: 10_000 }).toBeGreaterThan(0);
    await list.waitForTimeout(400);
    expect(await outsideModal(list, '[role="dialog"]')).toEqual([]);
    expect((await chips(list)).every((c) => c.onTop)).toBe(true);
    expect(await obstructions(list)).toEqual([]);
    await shot(list, 'badges-demo-quick-view');
    await list.keyboard.press('Escape');
    await expect.poll(async () => (await chips(list)).filter((c) => c.kind === 'header').length, { timeout: 10_000 }).toBe([...columns.values()].flat().length);

    // The pager: a real click on page 2 reaches the page (client-side load); no chip is left over what went away.
    const next = list.locator('[data-list-pager] a.pager-item', { hasText: /^2$/ }).first();
    await next.scrollIntoViewIfNeeded();
    await list.waitForTimeout(300);
    expect(await obstructions(list)).toEqual([]);
    await shot(list, 'badges-demo-list-pager');
    const nb = await next.boundingBox();
    if (!nb) throw new Error('no pager link');
    const stale = await watchStale(list, 'td:nth-child(2) a', async () => {
      await list.mouse.click(nb.x + nb.width / 2, nb.y + nb.height / 2);
      await expect.poll(() => list.url(), { timeout: 10_000 }).toContain('page=2');
      await expect.poll(() => list.locator('tbody tr td:nth-child(2) a').first().textContent(), { timeout: 10_000 }).not.toBe(codes[0]);
      await list.waitForTimeout(600);
    });
    expect(stale).toEqual([]);
    await expectHeaderChips(list, columns);
    expect(await marksOf(list, itemCode)).not.toContain(`${A}:nc_minor`);
    expect(await obstructions(list)).toEqual([]);
    await shot(list, 'badges-demo-list-page-2');
    await list.close();
  });

  it('on the portal list: header chips per column, nothing outside the scroll box, the page-size select and pager take their clicks, no chip over the modal', async (ctx) => {
    if (!existsSync(path.join(root, 'demo', 'portal', 'server.mjs'))) ctx.skip();
    const portalUrl = inject('portalUrl');
    const columns = boundColumns('demo/portal/site-profile.json', 'dossier_list');
    const list = await open(`${portalUrl}/can-bo/#/dossiers`);
    // Wide enough for every column of the list's scroll box (columns scrolled out of it get no chip).
    await list.setViewportSize({ width: 1720, height: 900 });
    await list.locator('main tbody tr').first().waitFor();
    await expectHeaderChips(list, columns);
    expect((await chips(list)).every((c) => c.onTop)).toBe(true);
    expect(await obstructions(list)).toEqual([]);
    await shot(list, 'badges-portal-list');

    // A finding on dossier P (a row of the first page): P's row only.
    const itemCode = columns.get('Trạng thái')?.[0] ?? '';
    const marksBefore = await marksOf(list, itemCode);
    const codes = (await list.locator('main tbody tr td:nth-child(2)').allTextContents()).map((c) => c.trim());
    const P = codes.slice(2).find((c) => !marksBefore.some((m) => m.startsWith(`${c}:`))) ?? '';
    await recordFinding(itemCode, '3', P, `Dấu dòng P #${(Date.now() % 1_000_000).toString(36)}`);
    await list.bringToFront();
    await expect.poll(() => marksOf(list, itemCode), { timeout: 15_000 }).toEqual([...marksBefore, `${P}:nc_major`].sort());

    // Rows scrolled under the sticky header or out of the scroll box: no chip outside the box's visible part.
    const box = list.locator('main div.overflow-auto').first();
    await box.evaluate((el) => el.scrollBy(0, 200));
    await list.waitForTimeout(300);
    const clip = await box.evaluate((el) => {
      const r = el.getBoundingClientRect();
      return { left: r.left + el.clientLeft, top: r.top + el.clientTop, right: r.left + el.clientLeft + el.clientWidth, bottom: r.top + el.clientTop + el.clientHeight };
    });
    const listChips = (await chips(list)).filter((c) => c.kind === 'mark' || c.kind === 'header');
    expect(listChips.filter((c) => c.box.top < clip.top - 0.5 || c.box.bottom > clip.bottom + 0.5 || c.box.left < clip.left - 0.5 || c.box.right > clip.right + 0.5)).toEqual([]);
    expect(await obstructions(list)).toEqual([]);
    await shot(list, 'badges-portal-list-scrolled');

    // The page-size select takes a real click (it gets the focus), then a size change re-renders the list through a
    // "loading" placeholder: nothing stale meanwhile.
    const select = list.locator('main select[name="size"]');
    const sb = await select.boundingBox();
    if (!sb) throw new Error('no page-size select');
    for (const [fx, fy] of [
      [0.5, 0.5],
      [0.9, 0.2],
      [0.1, 0.8],
    ] as const) {
      expect(await list.evaluate(({ x, y }) => document.elementFromPoint(x, y)?.tagName, { x: sb.x + sb.width * fx, y: sb.y + sb.height * fy })).toBe('SELECT');
    }
    await list.mouse.click(sb.x + sb.width / 2, sb.y + sb.height / 2);
    await expect.poll(() => list.evaluate(() => document.activeElement?.getAttribute('name'))).toBe('size');
    await list.keyboard.press('Escape');
    const stale = await watchStale(list, 'td:nth-child(2)', async () => {
      await select.selectOption('10');
      await expect.poll(() => list.url()).toContain('size=10');
      await expect.poll(() => list.locator('main tbody tr').count(), { timeout: 10_000 }).toBe(10);
      // And a real click on the pager's page 2.
      const two = list.locator('main a', { hasText: /^2$/ }).first();
      const tb = await two.boundingBox();
      if (!tb) throw new Error('no pager link');
      await list.mouse.click(tb.x + tb.width / 2, tb.y + tb.height / 2);
      await expect.poll(() => list.url()).toContain('page=2');
      await list.locator('main tbody tr').first().waitFor();
      await list.waitForTimeout(600);
    });
    expect(stale).toEqual([]);
    await expectHeaderChips(list, columns);
    expect(await marksOf(list, itemCode)).not.toContain(`${P}:nc_major`);
    expect(await obstructions(list)).toEqual([]);
    await shot(list, 'badges-portal-list-page-2');

    // The modal without role ("Chi tiết"), opened with a real click on a row button: no list chip over it.
    const button = list.locator('main tbody tr').nth(1).locator('button', { hasText: 'Chi tiết' });
    await button.scrollIntoViewIfNeeded();
    await list.waitForTimeout(300);
    expect(await obstructions(list)).toEqual([]);
    const bb = await button.boundingBox();
    if (!bb) throw new Error('no row button');
    await list.mouse.click(bb.x + bb.width / 2, bb.y + bb.height / 2);
    await list.getByText('Mã đơn:').waitFor();
    await expect.poll(async () => (await chips(list)).filter((c) => c.kind === 'value').length, { timeout: 10_000 }).toBeGreaterThan(3);
    await list.waitForTimeout(400);
    expect(await outsideModal(list, 'div.fixed.inset-0 > div')).toEqual([]);
    expect((await chips(list)).every((c) => c.onTop)).toBe(true);
    expect(await obstructions(list)).toEqual([]);
    await shot(list, 'badges-portal-modal');
    await list.keyboard.press('Escape');
    await expect.poll(async () => (await chips(list)).filter((c) => c.kind === 'header').length, { timeout: 10_000 }).toBe([...columns.values()].flat().length);
    await list.close();
  });

  it('on detail pages of both systems: each value badged beside its text, empty fields too, nothing over a control', async () => {
    const demoUrl = inject('demoUrl');
    const list = (await (await fetch(`${demoUrl}/api/ho-so?size=5`)).json()) as { rows: { code: string }[] };
    const pages: [string, string][] = [[`${demoUrl}/ho-so/${encodeURIComponent(list.rows[1]?.code ?? '')}`, 'badges-demo-detail']];
    if (existsSync(path.join(root, 'demo', 'portal', 'server.mjs'))) pages.push([`${inject('portalUrl')}/can-bo/#/dossiers/10`, 'badges-portal-detail']);
    for (const [url, name] of pages) {
      const page = await open(url);
      await expect.poll(async () => (await chips(page)).length, { timeout: 15_000 }).toBeGreaterThan(5);
      await page.waitForTimeout(400);
      const drawn = await chips(page);
      expect(drawn.every((c) => c.kind === 'value' && c.onTop)).toBe(true);
      expect(await obstructions(page)).toEqual([]);
      console.log(`${name}: ${drawn.length} chips; last reading: ${await overlayStatus(page, 'data-timings')}`);
      await shot(page, name);
      // Scrolled: the badges follow, still clear of everything.
      await page.mouse.wheel(0, 600);
      await page.waitForTimeout(400);
      expect((await chips(page)).every((c) => c.onTop)).toBe(true);
      expect(await obstructions(page)).toEqual([]);
      await shot(page, `${name}-scrolled`);
      await page.close();
    }
  });
});
