// The inspector's browser extension in real Chromium, against the Worker and the demo dossier site: sign-in and the
// seeded audit, badges on a dossier page, a selection captured as evidence of an nc_minor finding (selectors, a
// redacted quote, a screenshot whose hash matches), offline work sent exactly once, an overlay that never touches the
// page outside its host, untrusted text rendered as text, and the time to first badges on a 2,000-row list.
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, inject } from 'vitest';
import type { Page } from 'playwright-core';
import { launchBrowser, type Browser } from '../browser.ts';
import { Api, ensureProfileCoversDemo, INSPECTOR, killServiceWorker, openExtensionPage, setApiBase, sha256, signIn, startProxy, recordInPanel } from './helpers.ts';
import { evidenceMarked, inOverlay, overlayAttribute, overlayClick, overlayCount, overlayRootType, overlayStatus, overlayText, overlayWaitFor } from './overlay.ts';

interface Evidence {
  id: string;
  fields: Record<string, unknown>;
  kind: string;
  selectors: { type: string; exact?: string; prefix?: string; suffix?: string; start?: number; end?: number; value?: string }[];
  quote: string | null;
  sha256: string | null;
  blob_key: string | null;
  mime: string | null;
  page_url: string | null;
}
interface FindingDetail {
  id: string;
  result: string;
  note: string;
  item_code: string;
  dossier_code: string | null;
  evidence: Evidence[];
}
interface FindingList {
  items: { id: string; note: string; item_code: string }[];
  total: number;
}

const XSS = '<img src=x onerror="window.__onestopXss=1">';
/** A viewport screenshot under test-results/screenshots, for a person to look at. */
async function screenshot(page: Page, name: string): Promise<void> {
  const dir = path.resolve('test-results', 'screenshots');
  mkdirSync(dir, { recursive: true });
  await page.screenshot({ path: path.join(dir, `${name}.png`) });
}

/** A short unique tag for notes (a long digit run would be masked as an identifier). */
const stamp = () => `#${(Date.now() % 1_000_000).toString(36)}`;

describe('browser extension', () => {
  let browser: Browser;
  let extensionId: string;
  let panel: Page;
  let proxy: Awaited<ReturnType<typeof startProxy>>;
  let api: Api;
  let demoUrl: string;
  let auditId: string;
  let dossierCode: string;

  const item = (code: string) => panel.locator(`[data-item-code="${code}"]`);

  /** Opens an item, writes a note, leaves the note with Esc and records with the result's key. */
  const recordWithKeyboard = (code: string, key: string, note: string): Promise<string> => recordInPanel(panel, code, { key, note });

  async function pending(): Promise<number> {
    return Number(await panel.locator('[data-testid="sync-state"]').getAttribute('data-pending'));
  }

  async function openDemo(path: string): Promise<Page> {
    const page = await browser.context.newPage();
    await page.goto(`${demoUrl}${path}`);
    await page.bringToFront();
    return page;
  }

  beforeAll(async () => {
    demoUrl = inject('demoUrl');
    const apiUrl = inject('apiUrl');
    // The seeded demo profile must recognise pages on any port (path-only page patterns): nothing to rewrite.
    expect(await ensureProfileCoversDemo(apiUrl, demoUrl)).toEqual([]);
    proxy = await startProxy(apiUrl);
    api = await Api.login(apiUrl, INSPECTOR);
    const audits = await api.get<{ items: { id: string; code: string; status: string }[] }>('/audits?status=in_progress');
    const audit = audits.items.find((a) => /^KT-ISO-\d{4}-08$/.test(a.code));
    if (!audit) throw new Error(`seeded in-progress audit missing: ${audits.items.map((a) => a.code).join(', ')}`);
    auditId = audit.id;
    const list = (await (await fetch(`${demoUrl}/api/ho-so?size=20`)).json()) as { rows: { code: string }[] };
    dossierCode = list.rows[1]?.code ?? list.rows[0]?.code ?? '';

    browser = await launchBrowser({ extensionDir: inject('extensionDir') });
    extensionId = browser.extensionId ?? '';
    if (process.env.E2E_DEBUG) {
      for (const w of browser.context.serviceWorkers()) w.on('console', (m) => console.log('[sw]', m.text()));
      browser.context.on('serviceworker', (w) => w.on('console', (m) => console.log('[sw]', m.text())));
    }
    await setApiBase(browser.context, extensionId, proxy.url);
    panel = await openExtensionPage(browser.context, extensionId, 'sidepanel.html');
    // The side panel's own width.
    await panel.setViewportSize({ width: 420, height: 900 });
    panel.on('pageerror', (e) => console.error('[side panel]', e.stack));
    panel.on('console', (m) => m.type() === 'error' && console.error('[side panel console]', m.text()));
    await signIn(panel, INSPECTOR);
    const select = panel.locator('select[name="audit"]');
    await select.waitFor().catch(async (err: unknown) => {
      await screenshot(panel, 'extension-debug-after-sign-in');
      throw new Error(`${String(err)}\n--- side panel ---\n${await panel.locator('body').innerText()}`);
    });
    await select.selectOption(auditId);
    await panel.locator('[data-item-code]').first().waitFor({ timeout: 20_000 });
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await proxy?.close();
  });

  it('shows badges on a dossier page and puts its items first in the side panel, in Vietnamese and English', async () => {
    const page = await openDemo(`/ho-so/${encodeURIComponent(dossierCode)}`);
    await expect.poll(() => overlayCount(page, '.chip'), { timeout: 15_000 }).toBeGreaterThan(3);
    // The overlay's root is closed: the page's scripts cannot reach it (the tests look through DevTools).
    expect(await overlayRootType(page)).toBe('closed');
    expect(await page.evaluate(() => document.querySelector('onestop-overlay')?.shadowRoot ?? null)).toBeNull();
    await expect.poll(() => panel.locator('[data-group="on-page"] [data-item-code]').count(), { timeout: 15_000 }).toBeGreaterThan(0);
    await expect.poll(() => panel.locator('[data-testid="page-banner"]').textContent()).toContain(dossierCode);
    await screenshot(page, 'extension-overlay-detail');

    // A badge click (the inspector's own, a trusted one) focuses the item in the side panel, with the page's dossier code.
    const code = await overlayAttribute(page, '.chip', 'data-item');
    expect(code).not.toBeNull();
    await overlayClick(page, `.chip[data-item="${code}"]`);
    await expect.poll(() => item(code ?? '').getAttribute('class')).toContain('open');
    await expect.poll(() => item(code ?? '').locator('input[name="dossier"]').inputValue()).toBe(dossierCode);

    await screenshot(panel, 'extension-sidepanel-vi');
    await panel.locator('.lang button', { hasText: 'EN' }).click();
    await expect.poll(() => panel.locator('[data-group="on-page"] h3').textContent()).toBe('On this page');
    await screenshot(panel, 'extension-sidepanel-en');
    await expect.poll(() => overlayAttribute(page, '.chip', 'title')).toMatch(/Latest result|not assessed/);
    await panel.locator('.lang button', { hasText: 'VI' }).click();
    await expect.poll(() => panel.locator('[data-group="on-page"] h3').textContent()).toBe('Trên trang này');
    await page.close();
  });

  it('captures a selection as evidence of an nc_minor finding, with selectors, a redacted quote and a verified screenshot', async () => {
    const page = await openDemo(`/ho-so/${encodeURIComponent(dossierCode)}`);
    await overlayWaitFor(page, '.chip', { timeout: 15_000 });
    const onPage = panel.locator('[data-group="on-page"] [data-item-code]').first();
    await onPage.waitFor({ timeout: 15_000 });
    const code = (await onPage.getAttribute('data-item-code')) ?? '';
    const findingId = await recordWithKeyboard(code, '2', `Thiếu chứng cứ ${stamp()}`);
    await expect.poll(() => panel.locator(`[data-finding-id="${findingId}"]`).getAttribute('data-result')).toBe('nc_minor');

    // The inspector selects the applicant's identity number and phone on the page.
    const selected = await page.evaluate(() => {
      document.querySelector('#thong-tin-nguoi-nop')?.scrollIntoView({ block: 'center' });
      const labels = Array.from(document.querySelectorAll('#thong-tin-nguoi-nop div'));
      const idLabel = labels.find((d) => d.textContent?.trim().startsWith('Số CCCD'));
      const phoneLabel = labels.find((d) => d.textContent?.trim() === 'Điện thoại');
      const phone = phoneLabel?.nextElementSibling;
      if (!idLabel || !phone) return null;
      const range = document.createRange();
      range.setStart(idLabel, 0);
      range.setEnd(phone, phone.childNodes.length);
      const sel = document.getSelection();
      sel?.removeAllRanges();
      sel?.addRange(range);
      return { text: range.toString(), id: idLabel.nextElementSibling?.textContent?.trim() ?? '', phone: phone.textContent?.trim() ?? '' };
    });
    expect(selected).not.toBeNull();
    const secrets = [selected?.id ?? '', (selected?.phone ?? '').replace(/\D/g, '')].filter((s) => s.length >= 9);
    expect(secrets.length).toBe(2);

    await panel.locator(`[data-finding-id="${findingId}"] [data-action="capture-selection"]`).click();
    await expect.poll(() => panel.locator('[data-testid="toast"]').textContent(), { timeout: 20_000 }).toContain('Đã ghi bằng chứng');
    await expect.poll(pending, { timeout: 30_000 }).toBe(0);

    // On the server: the finding, its evidence with W3C selectors, a redacted quote and the screenshot.
    await expect
      .poll(async () => (await api.get<FindingDetail>(`/findings/${findingId}`)).evidence.some((e) => e.blob_key !== null), { timeout: 30_000 })
      .toBe(true);
    const detail = await api.get<FindingDetail>(`/findings/${findingId}`);
    const evidence = detail.evidence.find((e) => e.blob_key !== null);
    expect(detail).toMatchObject({ result: 'nc_minor', item_code: code, dossier_code: dossierCode });
    if (!evidence) throw new Error('no evidence');
    expect(evidence.selectors.map((s) => s.type).sort()).toEqual(['CssSelector', 'TextPositionSelector', 'TextQuoteSelector']);
    const quoteSel = evidence.selectors.find((s) => s.type === 'TextQuoteSelector');
    expect(quoteSel?.exact).toBe(evidence.quote);
    expect((quoteSel?.prefix ?? '').length).toBeLessThanOrEqual(32);
    for (const text of [evidence.quote ?? '', quoteSel?.prefix ?? '', quoteSel?.suffix ?? '', JSON.stringify(evidence.fields)]) {
      expect(text).not.toMatch(/\d{9,}/);
      for (const secret of secrets) for (let i = 0; i + 5 <= secret.length; i++) expect(text.replace(/\D+/g, ' ')).not.toContain(secret.slice(i, i + 5));
    }
    expect(evidence.quote).toContain('•');
    expect(evidence.mime).toBe('image/png');
    const blob = await api.bytes(`/evidence/${evidence.id}/blob`);
    expect(sha256(blob.bytes)).toBe(evidence.sha256);
    expect(blob.headers.get('x-content-sha256')).toBe(evidence.sha256);
    expect(Array.from(blob.bytes.slice(1, 4), (b) => String.fromCharCode(b)).join('')).toBe('PNG');

    // The capture is marked on the page: a run of the overlay's marks lies over exactly the selected text, where the
    // page shows it; no mark lies over no text.
    const squeeze = (s: string) => s.replace(/\s+/g, '');
    await expect.poll(async () => (await evidenceMarked(page)).runs.map((r) => squeeze(r.text)), { timeout: 10_000 }).toContain(squeeze(selected?.text ?? ''));
    await screenshot(page, 'extension-overlay-evidence');
    const marked = await evidenceMarked(page);
    expect(marked.runs.find((r) => squeeze(r.text) === squeeze(selected?.text ?? ''))?.shown).toBe(true);
    expect(marked.stray, `marks over no text (runs: ${JSON.stringify(marked.runs)})`).toEqual([]);
    // Nothing of it is in what the page can read: no highlight in the document's registry.
    expect(await page.evaluate(() => (CSS as unknown as { highlights: Map<string, unknown> }).highlights.size)).toBe(0);
    await page.close();
  });

  it('records three findings offline and sends each exactly once when the API is back, across a service-worker restart', async () => {
    const page = await openDemo(`/ho-so/${encodeURIComponent(dossierCode)}`);
    await overlayWaitFor(page, '.chip', { timeout: 15_000 });
    await expect.poll(pending, { timeout: 30_000 }).toBe(0);
    proxy.setBlocked(true);
    const stamp = `${Date.now() % 1_000_000}`;
    const codes = ['MC-5.1-01', 'MC-6.1-01', 'MC-7.2-01'];
    const ids: string[] = [];
    for (const [i, code] of codes.entries()) ids.push(await recordWithKeyboard(code, String([1, 4, 5][i]), `Ngoại tuyến ${i + 1} ${stamp}`));
    await expect.poll(pending, { timeout: 15_000 }).toBe(3);
    await expect.poll(() => panel.locator('[data-testid="sync-state"]').getAttribute('data-online'), { timeout: 15_000 }).toBe('false');
    await screenshot(panel, 'extension-sidepanel-offline');

    // The service worker dies with the ops queued; IndexedDB keeps them.
    expect(await killServiceWorker(panel, extensionId)).toBe(true);
    proxy.setBlocked(false);
    await panel.locator('.syncbar button').click();
    await expect.poll(pending, { timeout: 60_000 }).toBe(0);

    for (const [i, id] of ids.entries()) {
      const finding = await api.get<FindingDetail>(`/findings/${id}`);
      expect(finding.note).toBe(`Ngoại tuyến ${i + 1} ${stamp}`);
      const listed = await api.get<FindingList>(`/findings?audit=${auditId}&limit=500`);
      expect(listed.items.filter((f) => f.note === `Ngoại tuyến ${i + 1} ${stamp}`)).toHaveLength(1);
    }
    await page.close();
  });

  it('never changes the host page outside its own host element', async () => {
    const page = await openDemo('/ho-so?size=100');
    await overlayWaitFor(page, '.chip', { timeout: 15_000 });
    await page.evaluate(() => {
      const host = document.querySelector('onestop-overlay');
      const seen: string[] = [];
      const observer = new MutationObserver((records) => {
        for (const r of records) {
          const inside = host !== null && (r.target === host || host.contains(r.target));
          const onlyHost = r.type === 'childList' && [...Array.from(r.addedNodes), ...Array.from(r.removedNodes)].every((n) => n === host);
          if (!inside && !onlyHost) seen.push(`${r.type} ${r.target.nodeName} ${r.attributeName ?? ''}`);
        }
      });
      observer.observe(document, { subtree: true, childList: true, attributes: true, characterData: true });
      (window as unknown as { __onestopSeen: string[] }).__onestopSeen = seen;
    });
    // Scroll (badges move), select text (the capture button shows), pick and capture with a screenshot (PII masks).
    await page.mouse.wheel(0, 1500);
    await page.waitForTimeout(300);
    await page.evaluate(() => {
      const cell = document.querySelector('tbody tr td:nth-child(3)');
      if (!cell) return;
      const range = document.createRange();
      range.selectNodeContents(cell);
      document.getSelection()?.removeAllRanges();
      document.getSelection()?.addRange(range);
    });
    await overlayWaitFor(page, '.toolbar', { timeout: 5_000 });
    const onPage = panel.locator('[data-group="on-page"] [data-item-code]').first();
    await onPage.waitFor({ timeout: 15_000 });
    const code = (await onPage.getAttribute('data-item-code')) ?? '';
    const findingId = await recordWithKeyboard(code, '4', `Quan sát danh sách ${stamp()}`);
    await page.bringToFront();
    await page.evaluate(() => {
      const cell = document.querySelector('tbody tr td:nth-child(3)');
      if (!cell) return;
      const range = document.createRange();
      range.selectNodeContents(cell);
      document.getSelection()?.removeAllRanges();
      document.getSelection()?.addRange(range);
    });
    await panel.locator(`[data-finding-id="${findingId}"] [data-action="capture-selection"]`).click();
    // The finding names no dossier and the row is one: the panel asks before attaching; attach without setting it.
    await panel.locator('[data-testid="confirm-capture"] [data-confirm="attach-only"]').click();
    await expect.poll(() => panel.locator('[data-testid="toast"]').textContent(), { timeout: 20_000 }).toContain('Đã ghi bằng chứng');
    await page.waitForTimeout(500);
    const seen = await page.evaluate(() => (window as unknown as { __onestopSeen: string[] }).__onestopSeen);
    expect(seen).toEqual([]);
    await page.close();
  });

  it('renders a note and page text containing markup as text', async () => {
    const page = await openDemo(`/ho-so/${encodeURIComponent(dossierCode)}`);
    await overlayWaitFor(page, '.chip', { timeout: 15_000 });
    const onPage = panel.locator('[data-group="on-page"] [data-item-code]').first();
    await onPage.waitFor({ timeout: 15_000 });
    const code = (await onPage.getAttribute('data-item-code')) ?? '';
    const findingId = await recordWithKeyboard(code, '4', `Ghi chú ${XSS}`);
    const note = panel.locator(`[data-finding-id="${findingId}"] .note`);
    await expect.poll(() => note.textContent()).toBe(`Ghi chú ${XSS}`);

    // The page shows markup as text (as an escaping system would); the inspector captures it.
    await page.bringToFront();
    await page.evaluate((xss) => {
      const cell = Array.from(document.querySelectorAll('#thong-tin-chung .font-medium'))[1];
      if (!cell) return;
      cell.textContent = `Ý kiến: ${xss}`;
      const range = document.createRange();
      range.selectNodeContents(cell);
      document.getSelection()?.removeAllRanges();
      document.getSelection()?.addRange(range);
    }, XSS);
    await panel.locator(`[data-finding-id="${findingId}"] [data-action="capture-selection"]`).click();
    await expect.poll(() => panel.locator(`[data-finding-id="${findingId}"] [data-testid="evidence"] q`).first().textContent(), { timeout: 20_000 }).toBe(`Ý kiến: ${XSS}`);
    // Once the page text changes, the evidence is listed as an orphan, again as text.
    await page.evaluate(() => {
      const cell = Array.from(document.querySelectorAll('#thong-tin-chung .font-medium'))[1];
      if (cell) cell.textContent = 'Đã sửa';
    });
    await overlayClick(page, '.orphans-toggle', { timeout: 10_000 });
    await expect.poll(() => overlayText(page, '.orphans q', { hasText: 'Ý kiến' })).toBe(`Ý kiến: ${XSS}`);
    await screenshot(panel, 'extension-sidepanel-markup-as-text');

    expect(await panel.evaluate(() => document.querySelectorAll('img').length)).toBe(0);
    expect(await overlayCount(page, 'img')).toBe(0);
    expect(await panel.evaluate(() => (window as unknown as { __onestopXss?: number }).__onestopXss)).toBeUndefined();
    expect(await page.evaluate(() => (window as unknown as { __onestopXss?: number }).__onestopXss)).toBeUndefined();
    await page.close();
  });

  it('draws the first badges on a 2,000-row dossier list soon after load', async () => {
    const page = await openDemo('/ho-so?size=2000');
    await page.waitForLoadState('load');
    // The overlay's own clock, on its status element inside the closed root.
    await expect.poll(() => overlayStatus(page, 'data-first-badges-at'), { timeout: 20_000 }).not.toBeNull();
    const timing = await inOverlay(page, (root) => {
      const nav = performance.getEntriesByType('navigation')[0] as PerformanceNavigationTiming;
      const status = root.querySelector('[data-overlay-status]');
      const at = Number(status?.getAttribute('data-first-badges-at'));
      const started = Number(status?.getAttribute('data-started-at'));
      const timings = status?.getAttribute('data-timings');
      return { at, started, timings, load: nav.loadEventEnd, dcl: nav.domContentLoadedEventEnd, rows: document.querySelectorAll('tbody tr').length, chips: root.querySelectorAll('.chip').length };
    });
    if (!timing) throw new Error('no overlay');
    console.log(
      `first badges on /ho-so?size=2000 (${timing.rows} rows, ${timing.chips} chips drawn): ${timing.at.toFixed(0)} ms after navigation start, ` +
        `${(timing.at - timing.dcl).toFixed(0)} ms after DOMContentLoaded, ${(timing.at - timing.load).toFixed(0)} ms after the load event, ` +
        `${(timing.at - timing.started).toFixed(0)} ms after the content script started (last reading: ${timing.timings})`,
    );
    expect(timing.rows).toBeGreaterThanOrEqual(2000);
    expect(timing.chips).toBeGreaterThan(0);
    // The budget is 100 ms after load (DESIGN section 10); a loaded CI machine gets headroom, the figure is printed.
    expect(timing.at - timing.load).toBeLessThan(1000);
    await screenshot(page, 'extension-overlay-list-2000');
    await page.close();
  });
});
