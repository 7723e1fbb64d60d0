// Issue 13, the token and the messages, in the real extension: from the content-script world of a dossier page (the
// overlay's isolated world, which a hostile page shares a process with) `chrome.storage.local` holds no token and the
// background refuses every message that records, reads or signs in; the options page refuses a plain-http server off
// this computer, and a change of server is confirmed first, then signs out and revokes the token at the old server.
import type { CDPSession, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it, inject } from 'vitest';
import { launchBrowser, type Browser } from '../browser.ts';
import { Api, ensureProfileCoversDemo, INSPECTOR, openExtensionPage, openWorkingPanel, seededAuditInProgress } from './helpers.ts';

interface ExecutionContext {
  id: number;
  origin: string;
  name: string;
  auxData?: { type?: string; isDefault?: boolean; frameId?: string };
}

/**
 * Evaluates in the overlay's content-script world of `page` (not the page's main world, which `page.evaluate` reaches):
 * the isolated execution context Chromium creates for the extension, found through CDP.
 */
async function contentScriptWorld(page: Page, extensionId: string): Promise<{ run<T>(expression: string): Promise<T>; close(): Promise<void> }> {
  const cdp: CDPSession = await page.context().newCDPSession(page);
  const contexts: ExecutionContext[] = [];
  cdp.on('Runtime.executionContextCreated', (e: { context: ExecutionContext }) => contexts.push(e.context));
  await cdp.send('Runtime.enable');
  const deadline = Date.now() + 15_000;
  let world: ExecutionContext | undefined;
  while (!(world = contexts.find((c) => c.auxData?.type === 'isolated' && c.origin.startsWith(`chrome-extension://${extensionId}`)))) {
    if (Date.now() > deadline) throw new Error(`no content-script world: ${JSON.stringify(contexts.map((c) => [c.origin, c.name, c.auxData?.type]))}`);
    await new Promise((r) => setTimeout(r, 100));
  }
  const contextId = world.id;
  return {
    async run<T>(expression: string): Promise<T> {
      const res = (await cdp.send('Runtime.evaluate', { expression, contextId, awaitPromise: true, returnByValue: true })) as { result: { value?: unknown }; exceptionDetails?: { text: string; exception?: { description?: string } } };
      if (res.exceptionDetails) throw new Error(`${res.exceptionDetails.text} ${res.exceptionDetails.exception?.description ?? ''}`);
      return res.result.value as T;
    },
    close: () => cdp.detach().catch(() => undefined),
  };
}

/** What the extension keeps about the session in its own IndexedDB (read from an extension page: same origin). */
const storedSession = (panel: Page) =>
  panel.evaluate(
    () =>
      new Promise<{ token: string; api_base: string } | null>((resolve, reject) => {
        const open = indexedDB.open('onestop-audit');
        open.onerror = () => reject(open.error);
        open.onsuccess = () => {
          const req = open.result.transaction('auth').objectStore('auth').get('session');
          req.onsuccess = () => {
            open.result.close();
            resolve((req.result?.value as { token: string; api_base: string } | undefined) ?? null);
          };
          req.onerror = () => reject(req.error);
        };
      }),
  );

describe('the dossier page cannot reach the token or the background (issue 13)', () => {
  let browser: Browser;
  let extensionId: string;
  let panel: Page;
  let page: Page;
  let apiUrl: string;
  let api: Api;
  let auditId: string;
  let unitId: string;
  let itemId: string;
  let token: string;

  beforeAll(async () => {
    apiUrl = inject('apiUrl');
    const demoUrl = inject('demoUrl');
    expect(await ensureProfileCoversDemo(apiUrl, demoUrl)).toEqual([]);
    api = await Api.login(apiUrl, INSPECTOR);
    auditId = (await seededAuditInProgress(api)).id;
    browser = await launchBrowser({ extensionDir: inject('extensionDir') });
    extensionId = browser.extensionId ?? '';
    panel = await openWorkingPanel(browser.context, extensionId, apiUrl, auditId);
    unitId = await panel.locator('select[name="unit"]').inputValue();
    const checklist = await api.get<{ items: { id: string }[] }>(`/audits/${auditId}/checklist?unit=${unitId}`);
    itemId = checklist.items[0]?.id ?? '';
    const list = (await (await fetch(`${demoUrl}/api/ho-so?size=5`)).json()) as { rows: { code: string }[] };
    page = await browser.context.newPage();
    await page.goto(`${demoUrl}/ho-so/${encodeURIComponent(list.rows[0]?.code ?? '')}`);
    await page.bringToFront();
    // The overlay mounted: a profile matched, its content script runs here.
    await page.locator('onestop-overlay').waitFor({ state: 'attached', timeout: 20_000 });
    const session = await storedSession(panel);
    expect(session?.api_base).toBe(apiUrl);
    token = session?.token ?? '';
    expect(token.length).toBeGreaterThan(16);
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
  });

  it('finds no token in any storage a content script can read', async () => {
    const world = await contentScriptWorld(page, extensionId);
    try {
      const local = await world.run<string>('chrome.storage.local.get(null).then((v) => JSON.stringify(v))');
      expect(local.length).toBeGreaterThan(2);
      expect(local).not.toContain(token);
      expect(Object.keys(JSON.parse(local) as object)).not.toContain('session');
      const sync = await world.run<string>('chrome.storage.sync.get(null).then((v) => JSON.stringify(v))');
      expect(sync).not.toContain(token);
      // storage.session stays trusted-contexts-only (never widened with setAccessLevel).
      const session = await world.run<string>('chrome.storage.session.get(null).then((v) => "readable " + JSON.stringify(v), (e) => "refused " + String(e && e.message))');
      expect(session).toMatch(/^refused/);
      expect(session).not.toContain(token);
    } finally {
      await world.close();
    }
  });

  it('is refused when it asks the background to record a finding, sign in or change the server', async () => {
    const world = await contentScriptWorld(page, extensionId);
    const note = `planted by the page ${Date.now().toString(36)}`;
    const ask = (name: string, payload: unknown) =>
      world.run<{ ok: boolean; error?: { code: string } }>(`chrome.runtime.sendMessage(${JSON.stringify({ onestop: 1, target: 'background', name, payload })})`);
    try {
      const draft = { auditId, unitId, itemId, result: 'nc_major', note, dossierCode: null, pageUrl: null };
      expect(await ask('recordFinding', draft)).toMatchObject({ ok: false, error: { code: 'forbidden_sender' } });
      expect(await ask('getSession', {})).toMatchObject({ ok: false, error: { code: 'forbidden_sender' } });
      expect(await ask('listAudits', {})).toMatchObject({ ok: false, error: { code: 'forbidden_sender' } });
      expect(await ask('setApiBase', { apiBase: 'https://evil.example' })).toMatchObject({ ok: false, error: { code: 'forbidden_sender' } });
      expect(await ask('logout', {})).toMatchObject({ ok: false, error: { code: 'forbidden_sender' } });
      // A capture for a finding that is not the capture target is refused too (nothing is attached).
      const capture = { page_url: page.url(), page_title: 'x', selectors: [], quote: 'x', fields: {}, dossier_code: null };
      expect(await ask('submitCapture', { findingId: '01890000-0000-7000-8000-0000000000ff', screenshot: false, capture })).toMatchObject({ ok: false, error: { code: 'not_capture_target' } });
    } finally {
      await world.close();
    }
    // Nothing reached the server, and the inspector is still signed in.
    await new Promise((r) => setTimeout(r, 1500));
    const findings = await api.get<{ items: { note: string }[] }>(`/findings?audit=${auditId}&limit=200`);
    expect(findings.items.some((f) => f.note === note)).toBe(false);
    expect(await panel.locator('[data-item-code]').count()).toBeGreaterThan(0);
    expect((await fetch(`${apiUrl}/api/v1/auth/me`, { headers: { authorization: `Bearer ${token}` } })).status).toBe(200);
  });

  it('the options page refuses plain http off this computer, and a change of server is confirmed, signs out and revokes', async () => {
    const options = await openExtensionPage(browser.context, extensionId, 'options.html');
    const input = options.locator('#api-base');
    const status = options.locator('[data-testid="options-status"]');
    await expect.poll(() => input.inputValue()).toBe(apiUrl);
    await input.fill('http://evil.example');
    await options.locator('button[type="submit"]').click();
    await expect.poll(() => status.textContent()).toContain('https://');
    expect((await storedSession(panel))?.token).toBe(token);

    // Another server (the same API under another loopback name): asks first; cancelling changes nothing.
    const other = apiUrl.replace('127.0.0.1', 'localhost');
    await input.fill(other);
    await options.locator('button[type="submit"]').click();
    const dialog = options.locator('[data-testid="confirm-server-change"]');
    await dialog.waitFor();
    expect(await dialog.textContent()).toContain('Đổi máy chủ sẽ đăng xuất');
    await dialog.locator('[data-action="cancel-server-change"]').click();
    await expect.poll(() => input.inputValue()).toBe(apiUrl);
    expect((await storedSession(panel))?.token).toBe(token);

    await input.fill(other);
    await options.locator('button[type="submit"]').click();
    await dialog.locator('[data-action="confirm-server-change"]').click();
    await expect.poll(() => status.textContent()).toContain('Đã đổi máy chủ');
    // Signed out: no session kept, the token revoked at the old server, the side panel back at its sign-in form.
    expect(await storedSession(panel)).toBeNull();
    expect((await fetch(`${apiUrl}/api/v1/auth/me`, { headers: { authorization: `Bearer ${token}` } })).status).toBe(401);
    await panel.locator('form.login').waitFor({ timeout: 10_000 });
    expect(await panel.locator('form.login code').textContent()).toBe(other);
    await options.close();
  });
});
