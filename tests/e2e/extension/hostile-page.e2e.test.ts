// Issue 13, the hostile page: the dossier system belongs to the unit being audited, so its scripts are an adversary.
// A script installed in the page's main world before the page loads (as the page's own code would be) tries every
// trick: it patches attachShadow to keep the overlay's root open, reads the host, its shadow root, the document's
// highlight registry and adopted style sheets; it selects text by script and clicks and types at the overlay with
// synthetic events; it answers a picker the inspector started with a scripted click; it posts messages at the
// extension. Nothing is captured, changed or read: no evidence reaches the outbox or the server, the finding keeps
// its result and note, and the script's loot holds no item code, result or quote. Positive controls show the same
// paths work by the inspector's hand, and that what the page hands in waits for the side panel.
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it, inject } from 'vitest';
import { launchBrowser, screenshot, type Browser } from '../browser.ts';
import { Api, ensureProfileCoversDemo, INSPECTOR, onPageItemCodes, openWorkingPanel, recordInPanel, seededAuditInProgress } from './helpers.ts';
import { overlayClick, overlayCount, overlayRootType, overlayText, overlayWaitFor } from './overlay.ts';

interface FindingDetail {
  result: string;
  note: string;
  evidence: { id: string; quote: string | null }[];
}

interface Loot {
  /** Shadow roots the patched attachShadow handed out for the overlay's host. */
  patchedRoots: number;
  /** Whether `host.shadowRoot` gave anything. */
  shadowRoot: boolean;
  hostAttributes: string[];
  hostText: string;
  highlights: { name: string; texts: string[] }[];
  sheetRules: string[];
  /** Whether the page could find a way to message the extension. */
  runtime: string;
}

/** The hostile page's script (main world, before any of the page's own scripts). */
const HOSTILE = () => {
  const w = window as unknown as { __patched: ShadowRoot[]; __probe: () => unknown; __attack: () => Promise<number>; __pick: () => number };
  w.__patched = [];
  const attach = Element.prototype.attachShadow;
  Element.prototype.attachShadow = function (init: ShadowRootInit) {
    const root = attach.call(this, { ...init, mode: 'open' });
    if (this.localName === 'onestop-overlay') w.__patched.push(root);
    return root;
  };
  w.__probe = () => {
    const host = document.querySelector('onestop-overlay');
    const registry = (CSS as unknown as { highlights?: Map<string, Iterable<Range>> }).highlights;
    const highlights = registry ? Array.from(registry.entries(), ([name, h]) => ({ name, texts: Array.from(h, (r) => r.toString()) })) : [];
    const sheetRules = document.adoptedStyleSheets.flatMap((s) => Array.from(s.cssRules, (r) => r.cssText));
    const c = (globalThis as { chrome?: { runtime?: { id?: string; sendMessage?: unknown } } }).chrome;
    const opened = [...w.__patched, ...(host?.shadowRoot ? [host.shadowRoot] : [])];
    return {
      patchedRoots: w.__patched.length,
      shadowRoot: Boolean(host?.shadowRoot),
      hostAttributes: host?.getAttributeNames() ?? [],
      hostText: [host?.textContent ?? '', ...opened.map((r) => r.textContent ?? '')].join(' '),
      highlights,
      sheetRules,
      runtime: typeof c?.runtime?.sendMessage === 'function' ? `sendMessage (id ${c.runtime.id ?? 'none'})` : 'none',
    };
  };
  /** Selects text by script and fires every synthetic input at the overlay it can think of; answers the events sent. */
  w.__attack = async () => {
    const cell = document.querySelector('tbody tr td:nth-child(2)');
    if (!cell) return 0;
    getSelection()?.selectAllChildren(cell);
    await new Promise((r) => setTimeout(r, 700));
    const host = document.querySelector('onestop-overlay') as HTMLElement | null;
    const end = cell.getBoundingClientRect();
    let sent = 0;
    const fire = (target: EventTarget, e: Event) => {
      target.dispatchEvent(e);
      sent++;
    };
    // Clicks on a grid below the selection, where the capture button appears, and at the host itself.
    for (let dy = 0; dy <= 60; dy += 6) {
      for (let dx = -40; dx <= 240; dx += 8) {
        const x = end.left + dx;
        const y = end.bottom + dy;
        const at = document.elementFromPoint(x, y) ?? document.body;
        for (const type of ['pointerdown', 'mousedown', 'pointerup', 'mouseup', 'click']) {
          fire(at, new MouseEvent(type, { bubbles: true, composed: true, cancelable: true, clientX: x, clientY: y, view: window }));
        }
      }
    }
    // The probe's exploit (issue 13): click every button of any root the page can get hold of.
    for (const root of [...w.__patched, ...(host?.shadowRoot ? [host.shadowRoot] : [])]) {
      for (const b of Array.from(root.querySelectorAll('button'))) {
        b.click();
        sent++;
      }
    }
    if (host) {
      host.click();
      host.focus();
      fire(host, new MouseEvent('click', { bubbles: true, composed: true }));
    }
    // Keys: Enter and Space on whatever has focus, the confirm command's shortcut, Escape.
    for (const target of [document, document.activeElement ?? document.body, host ?? document.body]) {
      for (const init of [{ key: 'Enter' }, { key: ' ' }, { key: 'Y', altKey: true, shiftKey: true }, { key: 'y', altKey: true, shiftKey: true }, { key: 'Escape' }]) {
        fire(target, new KeyboardEvent('keydown', { ...init, bubbles: true, composed: true, cancelable: true }));
        fire(target, new KeyboardEvent('keyup', { ...init, bubbles: true, composed: true }));
      }
    }
    // Messages in every shape the page can send.
    window.postMessage({ type: 'submitCapture', findingId: 'x', capture: { quote: 'giả mạo' } }, '*');
    window.postMessage({ name: 'answerPendingCapture', choice: 'attach' }, '*');
    document.dispatchEvent(new CustomEvent('onestop', { detail: { name: 'submitCapture' } }));
    await new Promise((r) => setTimeout(r, 500));
    return sent;
  };
  /** Answers a picker with scripted clicks on a page element. */
  w.__pick = () => {
    const target = document.querySelector('h1') as HTMLElement | null;
    if (!target) return 0;
    target.dispatchEvent(new MouseEvent('mousemove', { bubbles: true, composed: true }));
    target.click();
    target.dispatchEvent(new MouseEvent('click', { bubbles: true, composed: true, cancelable: true }));
    return 3;
  };
};

describe('a hostile dossier page captures, changes and reads nothing (issue 13)', () => {
  let browser: Browser;
  let panel: Page;
  let page: Page;
  let api: Api;
  let findingId: string;
  let itemCode: string;
  const note = `Trang thù địch ${Math.random().toString(36).slice(2, 8).replace(/\d/g, "x")}`;

  const probe = () => page.evaluate(() => (window as unknown as { __probe: () => Loot }).__probe());
  const evidenceOnServer = async () => (await api.get<FindingDetail>(`/findings/${findingId}`)).evidence;
  const pending = async () => Number(await panel.locator('[data-testid="sync-state"]').getAttribute('data-pending'));
  const confirmDialog = () => panel.locator('[data-testid="confirm-capture"]');
  const evidenceInPanel = () => panel.locator(`[data-finding-id="${findingId}"] [data-testid="evidence"]`);

  /** What the page must never learn: the item's code, results, the note, any quote. */
  function expectNothingRead(loot: Loot, quotes: string[]): void {
    expect(loot.patchedRoots).toBe(0);
    expect(loot.shadowRoot).toBe(false);
    // The host carries no attribute (no timings, counts or codes) and no text.
    expect(loot.hostAttributes).toEqual([]);
    expect(loot.hostText.trim()).toBe('');
    expect(loot.highlights).toEqual([]);
    expect(loot.sheetRules.filter((r) => r.includes('highlight'))).toEqual([]);
    expect(loot.runtime).toBe('none');
    const all = JSON.stringify(loot);
    for (const secret of [itemCode, itemCode.replace(/^[A-Z]+-/, ''), note, 'KPH', 'nc_minor', ...quotes]) expect(all).not.toContain(secret);
  }

  beforeAll(async () => {
    const apiUrl = inject('apiUrl');
    const demoUrl = inject('demoUrl');
    expect(await ensureProfileCoversDemo(apiUrl, demoUrl)).toEqual([]);
    api = await Api.login(apiUrl, INSPECTOR);
    const auditId = (await seededAuditInProgress(api)).id;
    browser = await launchBrowser({ extensionDir: inject('extensionDir') });
    panel = await openWorkingPanel(browser.context, browser.extensionId ?? '', apiUrl, auditId);
    const list = (await (await fetch(`${demoUrl}/api/ho-so?size=30`)).json()) as { rows: { code: string }[] };
    const code = list.rows[17]?.code ?? '';
    page = await browser.context.newPage();
    await page.addInitScript(HOSTILE);
    await page.goto(`${demoUrl}/ho-so/${encodeURIComponent(code)}`);
    await page.bringToFront();
    await overlayWaitFor(page, '.chip', { timeout: 20_000 });
    const until = Date.now() + 15_000;
    while ((itemCode = (await onPageItemCodes(panel))[0] ?? '') === '' && Date.now() < until) await new Promise((r) => setTimeout(r, 200));
    expect(itemCode).not.toBe('');
    // The inspector's finding on this dossier, the capture target (its item is open in the panel).
    findingId = await recordInPanel(panel, itemCode, { key: '2', note, dossier: code, screenshot: false });
    const synced = Date.now() + 30_000;
    while ((await pending()) !== 0 && Date.now() < synced) await new Promise((r) => setTimeout(r, 200));
    expect(await pending()).toBe(0);
  }, 180_000);

  afterAll(async () => {
    await browser?.close();
  });

  it('gets a closed root it cannot open, even with attachShadow patched', async () => {
    expect(await overlayRootType(page)).toBe('closed');
    expect(await overlayCount(page, '.chip')).toBeGreaterThan(0);
    expectNothingRead(await probe(), []);
  });

  it('selects by script and fires synthetic clicks, keys and messages: nothing is captured or changed', async () => {
    const sent = await page.evaluate(() => (window as unknown as { __attack: () => Promise<number> }).__attack());
    expect(sent).toBeGreaterThan(1000);
    await new Promise((r) => setTimeout(r, 1500));
    expect(await evidenceInPanel().count()).toBe(0);
    expect(await confirmDialog().count()).toBe(0);
    expect(await pending()).toBe(0);
    expect(await evidenceOnServer()).toEqual([]);
    // The overlay saw the scripted selection (its capture button is drawn) but took none of the clicks.
    expect(await overlayCount(page, '.toolbar')).toBe(1);
    const finding = await api.get<FindingDetail>(`/findings/${findingId}`);
    expect(finding).toMatchObject({ result: 'nc_minor', note });
    expectNothingRead(await probe(), []);
  });

  it('answers the inspector’s picker with scripted clicks: nothing is picked; the inspector’s own click waits for the side panel', async () => {
    const item = panel.locator(`[data-item-code="${itemCode}"]`);
    await item.locator(`[data-finding-id="${findingId}"] [data-action="pick-element"]`).click();
    await overlayWaitFor(page, '.notice', { timeout: 10_000 });
    expect(await page.evaluate(() => (window as unknown as { __pick: () => number }).__pick())).toBe(3);
    await new Promise((r) => setTimeout(r, 1500));
    expect(await confirmDialog().count()).toBe(0);
    // Still picking: the inspector's own click picks the heading, and the capture waits in the side panel.
    await page.locator('h1').click();
    await confirmDialog().waitFor({ timeout: 10_000 });
    expect(await confirmDialog().getAttribute('data-source')).toBe('page');
    expect(await panel.locator('[data-testid="confirm-quote"]').textContent()).toContain('Chi tiết hồ sơ');
    expect(await overlayText(page, '.notice')).toContain('bảng bên');
    // The page tries its keys and clicks again while the capture waits: still nothing attached.
    await page.evaluate(() => (window as unknown as { __attack: () => Promise<number> }).__attack());
    expect(await evidenceInPanel().count()).toBe(0);
    await panel.locator('[data-testid="confirm-capture"] [data-confirm="cancel"]').click();
    await expect.poll(() => panel.locator('[data-testid="toast"]').textContent()).toContain('Đã hủy');
    await new Promise((r) => setTimeout(r, 500));
    expect(await evidenceOnServer()).toEqual([]);
  });

  it('attaches the inspector’s own selection once confirmed in the side panel, and the page still reads nothing', async () => {
    const cell = page.locator('tbody tr td:nth-child(2)').first();
    const quote = ((await cell.textContent()) ?? '').trim();
    expect(quote.length).toBeGreaterThan(3);
    await page.evaluate(() => getSelection()?.removeAllRanges());
    await cell.click({ clickCount: 3 });
    await overlayWaitFor(page, '.toolbar .act', { timeout: 10_000 });
    await overlayClick(page, '.toolbar .act');
    await confirmDialog().waitFor({ timeout: 10_000 });
    expect(await panel.locator('[data-testid="confirm-quote"]').textContent()).toContain(quote);
    await confirmDialog().screenshot({ path: await screenshot(panel, 'extension-sidepanel-confirm-capture') });
    await panel.locator('[data-testid="confirm-capture"] [data-confirm="attach"]').click();
    await expect.poll(() => panel.locator('[data-testid="toast"]').textContent(), { timeout: 20_000 }).toContain('Đã ghi bằng chứng');
    await expect.poll(async () => (await evidenceOnServer()).map((e) => e.quote ?? ''), { timeout: 30_000 }).toEqual([expect.stringContaining(quote)]);
    // The evidence is marked on the page, inside the closed root; the page learns nothing of it.
    await overlayWaitFor(page, '.evidence-mark', { timeout: 15_000 });
    await page.evaluate(() => getSelection()?.removeAllRanges());
    expectNothingRead(await probe(), [quote]);
    await screenshot(page, 'extension-hostile-page-marked');
  });
});
