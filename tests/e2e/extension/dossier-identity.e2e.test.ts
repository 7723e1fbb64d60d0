// Evidence belongs to a dossier, not to a URL (issue 12), in Chromium with the built extension: evidence captured on
// dossier A's row of the demo list is highlighted on A's quick view and A's detail page, and neither shown nor listed
// as an orphan on dossier B's detail page (which reads the same procedure name); a capture from B for the finding
// about A asks first, in the side panel, whether started there or from the overlay's toolbar (keyboard: the default
// answer has the focus, Escape cancels), and nothing is attached until the inspector says so. Then the same on the
// second demo system (the hash-routed staff portal of demo/portal: list, modal without role, detail, receipt, a
// header showing another dossier's code), when it is there. The overlay's root is closed: the test reads it through
// DevTools (overlay.ts), and "highlighted" is the page text under the overlay's evidence marks.
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it, inject } from 'vitest';
import type { Page } from 'playwright-core';
import { launchBrowser, type Browser } from '../browser.ts';
import { Api, INSPECTOR, openWorkingPanel, seededAuditInProgress, recordInPanel } from './helpers.ts';
import { evidenceMarked, overlayClick, overlayCount, overlayStatus, overlayText, overlayWaitFor } from './overlay.ts';
import { mkdirSync } from 'node:fs';

interface FindingDetail {
  id: string;
  dossier_code: string | null;
  evidence: { id: string; quote: string | null; blob_key: string | null }[];
}
interface Highlighted {
  /** The page text under one run of the overlay's evidence marks. */
  text: string;
  /** The dossier code of the list row holding it, if any. */
  row: string | null;
  dialog: boolean;
  main: boolean;
  header: boolean;
}

const root = fileURLToPath(new URL('../../..', import.meta.url));
/** The side panel's `data-source` on the question about a capture handed in from the page's overlay (issue 13). */
const FROM_PAGE = 'page';

/** A viewport screenshot under test-results/screenshots, for a person to look at. */
async function shot(page: Page, name: string): Promise<void> {
  const dir = path.resolve('test-results', 'screenshots');
  mkdirSync(dir, { recursive: true });
  await page.screenshot({ path: path.join(dir, `${name}.png`) });
}

/**
 * The page text the overlay's evidence marks lie over, one entry per run of marked text, with where it lies and
 * whether the page shows that text there (`shown` false: something of the page, a dialog, covers it, and the mark is
 * drawn over that). Marks are drawn near the viewport only: the page is made as tall as its content first, so every
 * mark is drawn (as every range of the old highlight was), then given its size back. No mark may lie over no text.
 */
async function readMarks(page: Page, rowCode: string): Promise<(Highlighted & { shown: boolean | null })[]> {
  const viewport = page.viewportSize();
  const height = await page.evaluate(() => Math.max(document.documentElement.scrollHeight, document.body?.scrollHeight ?? 0));
  const tall = viewport && height > viewport.height ? { width: viewport.width, height: Math.min(height, 8000) } : null;
  if (tall) {
    await page.setViewportSize(tall);
    // The overlay places its marks on the next frame after the resize.
    await page.evaluate(() => new Promise((r) => (requestAnimationFrame(() => requestAnimationFrame(r)), setTimeout(r, 500))));
  }
  try {
    const marked = await evidenceMarked(
      page,
      (el, codeCell) => {
        const tr = el.closest('tr');
        return {
          row: tr?.querySelector(codeCell)?.textContent?.trim() ?? null,
          dialog: !!el.closest('[role="dialog"], .fixed.inset-0'),
          main: !!el.closest('main'),
          header: !!el.closest('header'),
        };
      },
      rowCode,
    );
    expect(marked.stray, 'marks over no text of the page').toEqual([]);
    return marked.runs.map((r) => ({ text: r.text.replace(/\s+/g, ' ').trim(), row: null, dialog: false, main: false, header: false, ...r.where, shown: r.shown }));
  } finally {
    if (tall && viewport) await page.setViewportSize(viewport);
  }
}

/** The page text under each run of the overlay's evidence marks, with where it lies (what the old highlight's ranges were). */
const highlighted = async (page: Page, rowCode: string): Promise<Highlighted[]> => (await readMarks(page, rowCode)).map(({ shown: _, ...h }) => h);

/**
 * Marked text the page does not show where its mark is drawn: something of the page covers it (a dialog over a list
 * row) or a scroll box clips it, and the mark is drawn over that instead. The old highlight was painted in the page
 * with its text, so it was covered and clipped with it.
 */
const markedUnderCover = async (page: Page, rowCode: string): Promise<string[]> => (await readMarks(page, rowCode)).filter((h) => h.shown === false).map((h) => `${h.text} (row ${h.row})`);

const orphanCount = (page: Page) => overlayCount(page, '.orphans');
/** The overlay's last pass: how many pieces of evidence it considered for the dossiers on screen, and placed. */
const anchorTimings = async (page: Page) => (await overlayStatus(page, 'data-anchor-timings')) ?? '';

/** Selects the text of an element found in the page by a script (shadow roots not needed here). */
async function selectText(page: Page, find: string, arg: string): Promise<string> {
  const text = await page.evaluate(
    ({ find: body, arg: a }) => {
      const el = new Function('arg', body)(a) as Element | null;
      if (!el) return '';
      const range = document.createRange();
      range.selectNodeContents(el);
      const sel = document.getSelection();
      sel?.removeAllRanges();
      sel?.addRange(range);
      return range.toString().trim();
    },
    { find, arg },
  );
  if (!text) throw new Error(`nothing selected (${find})`);
  return text;
}

describe('evidence belongs to a dossier, not to a URL', () => {
  let browser: Browser;
  let panel: Page;
  let api: Api;
  let demoUrl: string;
  let auditId: string;
  /** Two dossiers of the demo list that read the same procedure name. */
  let A: { code: string; procedure: string };
  let B: { code: string; procedure: string };

  const item = (code: string) => panel.locator(`[data-item-code="${code}"]`);
  const toast = () => panel.locator('[data-testid="toast"]');

  /** Records with the result's key, without a screenshot: this test is about where evidence goes. */
  const recordFinding = (code: string, key: string, dossier: string, note: string): Promise<string> =>
    recordInPanel(panel, code, { key, note, dossier, screenshot: false });

  async function open(url: string): Promise<Page> {
    const page = await browser.context.newPage();
    page.on('pageerror', (e) => console.error('[page]', e.stack));
    await page.goto(url);
    await page.bringToFront();
    return page;
  }

  const evidenceOf = async (findingId: string) => (await api.get<FindingDetail>(`/findings/${findingId}`)).evidence;

  beforeAll(async () => {
    demoUrl = inject('demoUrl');
    const apiUrl = inject('apiUrl');
    api = await Api.login(apiUrl, INSPECTOR);
    auditId = (await seededAuditInProgress(api)).id;
    const list = (await (await fetch(`${demoUrl}/api/ho-so?size=20`)).json()) as { rows: { code: string; procedure: string }[] };
    // Two dossiers of the first page that read the same procedure: B's detail page reads A's quote too.
    const rows = list.rows.slice(2);
    const pair = rows.flatMap((a, i) => rows.slice(i + 1).filter((b) => b.procedure === a.procedure).map((b) => [a, b] as const))[0];
    if (!pair) throw new Error('no two dossiers with the same procedure on the first page');
    [A, B] = pair;

    browser = await launchBrowser({ extensionDir: inject('extensionDir') });
    panel = await openWorkingPanel(browser.context, browser.extensionId ?? '', apiUrl, auditId);
  }, 180_000);

  afterAll(async () => {
    await browser?.close();
  });

  it('on the demo: A\'s row evidence shows on A\'s quick view and detail page, not on B\'s; a capture from B asks first', async () => {
    // 1. The list: a finding about A, and evidence captured on A's row.
    const list = await open(`${demoUrl}/ho-so`);
    await overlayWaitFor(list, '.chip', { timeout: 15_000 });
    const onPage = panel.locator('[data-group="on-page"] [data-item-code]').first();
    await onPage.waitFor({ timeout: 15_000 });
    const itemCode = (await onPage.getAttribute('data-item-code')) ?? '';
    const findingId = await recordFinding(itemCode, '2', A.code, `Hồ sơ A #${(Date.now() % 1_000_000).toString(36)}`);
    const finding = panel.locator(`[data-finding-id="${findingId}"]`);
    await expect.poll(() => finding.locator('code').first().textContent()).toBe(A.code);

    await list.bringToFront();
    const rowOf = `return Array.from(document.querySelectorAll('tbody tr')).find((tr) => tr.querySelector('a')?.textContent === arg)?.children[2] ?? null;`;
    expect(await selectText(list, rowOf, A.code)).toBe(A.procedure);
    await finding.locator('[data-action="capture-selection"]').click();
    await expect.poll(() => toast().textContent(), { timeout: 20_000 }).toContain('Đã ghi bằng chứng');
    await expect.poll(() => highlighted(list, 'a'), { timeout: 10_000 }).toEqual([{ text: A.procedure, row: A.code, dialog: false, main: true, header: false }]);
    // B's row reads the same procedure: nothing there, and nothing listed as not found.
    expect(await orphanCount(list)).toBe(0);
    await shot(list, 'dossier-identity-demo-list');

    // 2. A's quick view over the list: the evidence shows in it too (and stays on A's row).
    await list.locator('tbody tr', { has: list.locator(`a:text-is("${A.code}")`) }).locator('button[data-code]').click();
    await expect.poll(() => list.locator('[role="dialog"] input[name="soHoSo"]').inputValue(), { timeout: 10_000 }).toBe(A.code);
    await list.waitForTimeout(400);
    await shot(list, 'dossier-identity-demo-quick-view');
    await expect
      .poll(async () => (await highlighted(list, 'a')).filter((h) => h.dialog).map((h) => h.text), { timeout: 10_000 })
      .toEqual([A.procedure]);
    // A's row lies under the quick view's backdrop: its mark is not drawn over the dialog or the backdrop…
    expect((await highlighted(list, 'a')).filter((h) => !h.dialog)).toEqual([]);
    expect(await markedUnderCover(list, 'a'), 'marks drawn over what covers or clips their text').toEqual([]);
    await list.keyboard.press('Escape');
    // … and shows on A's row again once the quick view is closed.
    await expect.poll(async () => (await highlighted(list, 'a')).map((h) => h.row), { timeout: 10_000 }).toEqual([A.code]);
    await list.close();

    // 3. A's detail page: highlighted, no orphan.
    const detailA = await open(`${demoUrl}/ho-so/${encodeURIComponent(A.code)}`);
    await overlayWaitFor(detailA, '.chip', { timeout: 15_000 });
    await expect.poll(async () => (await highlighted(detailA, 'a')).some((h) => h.main && h.text === A.procedure), { timeout: 10_000 }).toBe(true);
    expect(await orphanCount(detailA)).toBe(0);
    await shot(detailA, 'dossier-identity-demo-detail-a');
    await detailA.close();

    // 4. B's detail page reads the same procedure: no highlight, no orphan (A's evidence is not B's).
    const detailB = await open(`${demoUrl}/ho-so/${encodeURIComponent(B.code)}`);
    await overlayWaitFor(detailB, '.chip', { timeout: 15_000 });
    await expect.poll(() => anchorTimings(detailB), { timeout: 10_000 }).toMatch(/^anchors 0 anchored 0/);
    expect(await highlighted(detailB, 'a')).toEqual([]);
    expect(await orphanCount(detailB)).toBe(0);
    expect(await detailB.locator('main').textContent()).toContain(A.procedure);
    await shot(detailB, 'dossier-identity-demo-detail-b');

    // 5. A capture from B for the finding about A, from the side panel: it asks, and Cancel attaches nothing.
    const procedureOnDetail = `return Array.from(document.querySelectorAll('main div')).find((d) => d.textContent.trim() === 'Thủ tục hành chính')?.nextElementSibling ?? null;`;
    expect(await selectText(detailB, procedureOnDetail, '')).toBe(B.procedure);
    await finding.locator('[data-action="capture-selection"]').click();
    const ask = panel.locator('[data-testid="confirm-capture"]');
    await ask.waitFor({ timeout: 15_000 });
    expect(await ask.textContent()).toContain(`Gắn bằng chứng của hồ sơ ${B.code} vào phát hiện về hồ sơ ${A.code}?`);
    await expect.poll(() => panel.evaluate(() => document.activeElement?.getAttribute('data-confirm'))).toBe('attach');
    await panel.bringToFront();
    await shot(panel, 'dossier-identity-demo-panel-confirm');
    await panel.keyboard.press('Escape');
    await expect.poll(() => toast().textContent()).toContain('Đã hủy');
    expect(await ask.count()).toBe(0);

    // 6. From the overlay's capture button (a real click): the page says to confirm in the side panel, which asks
    //    (the default answer focused, the quote shown); Tab + Enter cancels, then Enter on the default answer attaches.
    for (const answer of ['cancel', 'attach'] as const) {
      // One toast at a time: the answer's own is the next one.
      await expect.poll(() => toast().count(), { timeout: 15_000 }).toBe(0);
      await detailB.bringToFront();
      await selectText(detailB, procedureOnDetail, '');
      await overlayClick(detailB, '.toolbar .act', { timeout: 10_000 });
      await expect.poll(() => overlayText(detailB, '.notice'), { timeout: 15_000 }).toContain('bảng bên');
      await ask.waitFor({ timeout: 15_000 });
      expect(await ask.getAttribute('data-source')).toBe(FROM_PAGE);
      expect(await ask.textContent()).toContain(`Gắn bằng chứng của hồ sơ ${B.code} vào phát hiện về hồ sơ ${A.code}?`);
      expect(await ask.locator('[data-testid="confirm-quote"]').textContent()).toContain(B.procedure);
      expect(await ask.locator('[data-confirm="attach-only"]').count()).toBe(0);
      await expect.poll(() => panel.evaluate(() => document.activeElement?.getAttribute('data-confirm'))).toBe('attach');
      await panel.bringToFront();
      if (answer === 'cancel') {
        await shot(panel, 'dossier-identity-demo-overlay-confirm');
        await panel.keyboard.press('Tab');
        await expect.poll(() => panel.evaluate(() => document.activeElement?.getAttribute('data-confirm'))).toBe('cancel');
      }
      await panel.keyboard.press('Enter');
      await expect.poll(() => ask.count()).toBe(0);
      await expect.poll(() => toast().textContent(), { timeout: 15_000 }).toContain(answer === 'cancel' ? 'Đã hủy' : 'Đã ghi bằng chứng');
    }
    await detailB.bringToFront();
    // Attached on purpose: B's evidence (of the finding about A) now shows on B's page.
    await expect.poll(async () => (await highlighted(detailB, 'a')).filter((h) => h.main).map((h) => h.text), { timeout: 10_000 }).toEqual([B.procedure]);

    // 7. From the side panel again, with a screenshot, answered Attach with the mouse: the screenshot is of B's page.
    await item(itemCode).locator('label.check input[type="checkbox"]').check();
    await expect.poll(() => toast().count(), { timeout: 15_000 }).toBe(0);
    await detailB.bringToFront();
    await selectText(detailB, procedureOnDetail, '');
    await finding.locator('[data-action="capture-selection"]').click();
    await ask.waitFor({ timeout: 15_000 });
    await ask.locator('[data-confirm="attach"]').click();
    await expect.poll(() => toast().textContent(), { timeout: 30_000 }).toContain('Đã ghi bằng chứng');
    await detailB.close();

    // On the server: A's row and the two confirmed captures from B, nothing of the cancelled ones.
    await expect.poll(async () => (await evidenceOf(findingId)).length, { timeout: 30_000 }).toBe(3);
    await expect.poll(async () => (await evidenceOf(findingId)).filter((e) => e.blob_key !== null).length, { timeout: 30_000 }).toBe(1);
    const detail = await api.get<FindingDetail>(`/findings/${findingId}`);
    expect(detail.dossier_code).toBe(A.code);
    expect(detail.evidence.map((e) => e.quote).sort()).toEqual([A.procedure, B.procedure, B.procedure].sort());
  });

  it('on the second demo system (hash-routed portal): a dossier\'s evidence follows it from the list to its modal, detail and receipt', async (ctx) => {
    if (!existsSync(path.join(root, 'demo', 'portal', 'server.mjs'))) ctx.skip();
    const portalUrl = inject('portalUrl');
    interface PortalRow {
      id: number;
      code: string;
      procedure: string;
    }
    const listed = (await (await fetch(`${portalUrl}/api/v2/ho-so?tab=tat-ca&q=`)).json()) as { rows?: PortalRow[]; items?: PortalRow[] };
    const all = listed.rows ?? listed.items ?? [];
    // The header shows the newest dossiers in turn (one every 5 s): P and Q are none of them. P is on the list's first
    // page (15 rows, newest first), Q anywhere, reading the same procedure.
    const latest = (await (await fetch(`${portalUrl}/api/v2/ho-so/moi-nhat`)).json()) as { items: { code: string }[] };
    const latestCodes = new Set(latest.items.map((r) => r.code));
    expect(latestCodes.size).toBeGreaterThan(0);
    const firstPage = all.slice(0, 15).filter((r) => !latestCodes.has(r.code));
    const pair = firstPage.flatMap((a) => all.filter((b) => b.id !== a.id && b.procedure === a.procedure && !latestCodes.has(b.code)).map((b) => [a, b] as const))[0];
    if (!pair) throw new Error(`no two portal dossiers with the same procedure among ${firstPage.map((r) => r.procedure).join(' | ')}`);
    const [P, Q] = pair;

    const list = await open(`${portalUrl}/can-bo/#/dossiers`);
    await overlayWaitFor(list, '.chip', { timeout: 20_000 });
    await expect.poll(() => panel.locator('[data-testid="page-banner"]').textContent(), { timeout: 15_000 }).toContain('Phân hệ cán bộ');
    const onPage = panel.locator('[data-group="on-page"] [data-item-code]').first();
    await onPage.waitFor({ timeout: 15_000 });
    const itemCode = (await onPage.getAttribute('data-item-code')) ?? '';
    const findingId = await recordFinding(itemCode, '4', P.code, `Cổng P #${(Date.now() % 1_000_000).toString(36)}`);
    const finding = panel.locator(`[data-finding-id="${findingId}"]`);

    await list.bringToFront();
    const procedureCell = `return Array.from(document.querySelectorAll('main tbody tr')).find((tr) => tr.children[1]?.textContent.trim() === arg)?.children[2]?.firstElementChild ?? null;`;
    expect(await selectText(list, procedureCell, P.code)).toBe(P.procedure);
    await finding.locator('[data-action="capture-selection"]').click();
    await expect.poll(() => toast().textContent(), { timeout: 20_000 }).toContain('Đã ghi bằng chứng');
    await expect.poll(() => highlighted(list, 'td:nth-child(2)'), { timeout: 10_000 }).toEqual([{ text: P.procedure, row: P.code, dialog: false, main: true, header: false }]);
    expect(await orphanCount(list)).toBe(0);
    await shot(list, 'dossier-identity-portal-list');

    // The modal without role ("Chi tiết"): shows P's evidence; the header's latest dossier never gets it.
    await list.locator('main tbody tr', { hasText: P.code }).locator('button', { hasText: 'Chi tiết' }).click();
    await list.getByText('Mã đơn:').waitFor();
    await list.waitForTimeout(400);
    await shot(list, 'dossier-identity-portal-modal');
    await expect.poll(async () => (await highlighted(list, 'td:nth-child(2)')).filter((h) => h.dialog).length, { timeout: 10_000 }).toBe(1);
    expect((await highlighted(list, 'td:nth-child(2)')).some((h) => h.header)).toBe(false);
    // P's row is under the modal (or scrolled out of the list's box): its mark must not be drawn over anything else.
    expect(await markedUnderCover(list, 'td:nth-child(2)'), 'marks drawn over what covers or clips their text').toEqual([]);
    await list.keyboard.press('Escape');

    // P's detail screen and receipt (same URL path, another hash): shown, not orphaned.
    for (const [hash, name] of [
      [`#/dossiers/${P.id}`, 'detail'],
      [`#/receipts/${P.id}`, 'receipt'],
    ] as const) {
      await list.goto(`${portalUrl}/can-bo/${hash}`);
      await expect.poll(async () => (await highlighted(list, 'td:nth-child(2)')).filter((h) => h.main && h.text === P.procedure).length, { timeout: 15_000 }).toBeGreaterThan(0);
      expect(await orphanCount(list)).toBe(0);
      // The header shows another dossier's code; nothing of P's is drawn there.
      expect(await list.locator('header').textContent()).toContain('Hồ sơ mới nhất:');
      expect(await list.locator('header').textContent()).not.toContain(P.code);
      expect((await highlighted(list, 'td:nth-child(2)')).some((h) => h.header)).toBe(false);
      await shot(list, `dossier-identity-portal-${name}`);
    }

    // Q's detail screen reads the same procedure: nothing shown, nothing listed as not found.
    await list.goto(`${portalUrl}/can-bo/#/dossiers/${Q.id}`);
    await expect.poll(() => list.locator('main').textContent(), { timeout: 15_000 }).toContain(Q.code);
    await expect.poll(() => anchorTimings(list), { timeout: 10_000 }).toMatch(/^anchors 0 anchored 0/);
    expect(await highlighted(list, 'td:nth-child(2)')).toEqual([]);
    expect(await orphanCount(list)).toBe(0);
    await shot(list, 'dossier-identity-portal-detail-other');

    // A capture from Q for the finding about P, from the overlay's toolbar, asks first (in the side panel); Escape
    // cancels it.
    await list.bringToFront();
    const procedureOnDetail = `return Array.from(document.querySelectorAll('main dt, main div')).find((d) => d.textContent.trim() === 'Thủ tục hành chính')?.nextElementSibling ?? null;`;
    await selectText(list, procedureOnDetail, '');
    await expect.poll(() => toast().count(), { timeout: 15_000 }).toBe(0);
    await overlayClick(list, '.toolbar .act', { timeout: 10_000 });
    await expect.poll(() => overlayText(list, '.notice'), { timeout: 15_000 }).toContain('bảng bên');
    const ask = panel.locator('[data-testid="confirm-capture"]');
    await ask.waitFor({ timeout: 15_000 });
    expect(await ask.getAttribute('data-source')).toBe(FROM_PAGE);
    expect(await ask.textContent()).toContain(`Gắn bằng chứng của hồ sơ ${Q.code} vào phát hiện về hồ sơ ${P.code}?`);
    await expect.poll(() => panel.evaluate(() => document.activeElement?.getAttribute('data-confirm'))).toBe('attach');
    await panel.bringToFront();
    await shot(panel, 'dossier-identity-portal-confirm');
    await panel.keyboard.press('Escape');
    await expect.poll(() => ask.count()).toBe(0);
    await expect.poll(() => toast().textContent(), { timeout: 15_000 }).toContain('Đã hủy');
    await list.close();
    await expect.poll(async () => (await evidenceOf(findingId)).length, { timeout: 30_000 }).toBe(1);
  });
});
