// Refused ops in the real extension (issue 11): an op that fails the sync contract, put into the extension's own
// IndexedDB outbox between two good ones, is set aside with its reason while the good ops reach the server and the
// queue empties; the side panel shows it (reason, detail, path), exports it as JSON and dismisses it. An offline edit
// of a finding deleted from another device is refused (`finding_deleted`), shown the same way, and never revives it.
import { mkdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, inject } from 'vitest';
import type { Page } from 'playwright-core';
import { launchBrowser, type Browser } from '../browser.ts';
import { Api, INSPECTOR, openWorkingPanel, seededAuditInProgress, startProxy, recordInPanel } from './helpers.ts';

interface OutboxRow {
  op_id: string;
  state: string;
  kind: string;
  problem?: { code: string };
}

interface RejectedExport {
  format: string;
  ops: { op_id: string; kind: string; data: { result?: string; note?: string }; problem: { code: string; status: number; detail: string; errors: { path: string; message: string }[] } }[];
}

/** A screenshot of the panel's top (header, sync state, refused changes) under test-results/screenshots. */
async function screenshot(page: Page, name: string): Promise<void> {
  const dir = path.resolve('test-results', 'screenshots');
  mkdirSync(dir, { recursive: true });
  await page.evaluate(() => window.scrollTo(0, 0));
  await page.screenshot({ path: path.join(dir, `${name}.png`) });
}

/** A short unique tag for notes (a long digit run would be masked as an identifier). */
const stamp = () => `#${(Date.now() % 1_000_000).toString(36)}`;

describe('refused ops in the extension outbox', () => {
  let browser: Browser;
  let extensionId: string;
  let panel: Page;
  let proxy: Awaited<ReturnType<typeof startProxy>>;
  let api: Api;
  let apiUrl: string;
  let auditId: string;
  let unitId: string;

  const item = (code: string) => panel.locator(`[data-item-code="${code}"]`);
  const pending = async () => Number(await panel.locator('[data-testid="sync-state"]').getAttribute('data-pending'));
  const findingStatus = async (id: string) => (await fetch(`${apiUrl}/api/v1/findings/${id}`, { headers: { authorization: `Bearer ${api.token}` } })).status;

  /** The extension's outbox, read from its own IndexedDB (the panel shares the extension's origin). */
  const outbox = () =>
    panel.evaluate(
      () =>
        new Promise<OutboxRow[]>((resolve, reject) => {
          const open = indexedDB.open('onestop-audit');
          open.onerror = () => reject(open.error);
          open.onsuccess = () => {
            const req = open.result.transaction('ops').objectStore('ops').getAll();
            req.onsuccess = () => {
              open.result.close();
              resolve(req.result as OutboxRow[]);
            };
            req.onerror = () => reject(req.error);
          };
        }),
    );

  /** Opens an item, writes a note, leaves the note with Esc and records with the result's key. */
  const recordWithKeyboard = (code: string, key: string, note: string): Promise<string> => recordInPanel(panel, code, { key, note });

  beforeAll(async () => {
    apiUrl = inject('apiUrl');
    proxy = await startProxy(apiUrl);
    api = await Api.login(apiUrl, INSPECTOR);
    auditId = (await seededAuditInProgress(api)).id;

    browser = await launchBrowser({ extensionDir: inject('extensionDir') });
    extensionId = browser.extensionId ?? '';
    panel = await openWorkingPanel(browser.context, extensionId, proxy.url, auditId);
    unitId = await panel.locator('select[name="unit"]').inputValue();
    expect(unitId).not.toBe('');
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await proxy?.close();
  });

  it('sets a schema-invalid op aside between good ones: the good ones reach the server, the bad one is shown, exported and dismissed', async () => {
    await expect.poll(pending, { timeout: 30_000 }).toBe(0);
    // Offline, so the three ops wait together in the outbox.
    proxy.setBlocked(true);
    const tag = stamp();
    const first = await recordWithKeyboard('MC-5.1-01', '1', `Tốt 1 ${tag}`);
    const itemId = (await item('MC-6.1-01').getAttribute('data-item-id')) ?? '';
    // An op as an older or newer client (or a damaged entry) would have left it: a result the contract does not know.
    // Its op id is a UUIDv7 of now, so it sits between the two good ops in the outbox's time order.
    const bad = await panel.evaluate(
      ({ auditId, unitId, itemId, tag }) =>
        new Promise<{ opId: string; entityId: string }>((resolve, reject) => {
          const hex = (n: number) => Array.from(crypto.getRandomValues(new Uint8Array(n)), (b) => b.toString(16).padStart(2, '0')).join('');
          const ms = Date.now().toString(16).padStart(12, '0');
          const opId = `${ms.slice(0, 8)}-${ms.slice(8, 12)}-7${hex(2).slice(1)}-8${hex(2).slice(1)}-${hex(6)}`;
          const entityId = crypto.randomUUID();
          const now = new Date().toISOString();
          const op = {
            op_id: opId,
            kind: 'finding.upsert',
            entity_id: entityId,
            create: true,
            data: { audit_id: auditId, unit_id: unitId, item_id: itemId, result: 'excellent', note: `Bản ghi hỏng ${tag}, ĐT 0912•••678`, dossier_code: null, page_url: null, recorded_at: now },
            depends_on: null,
            state: 'pending',
            attempts: 0,
            queued_at: now,
          };
          const open = indexedDB.open('onestop-audit');
          open.onerror = () => reject(open.error);
          open.onsuccess = () => {
            const tx = open.result.transaction('ops', 'readwrite');
            tx.objectStore('ops').put(op);
            tx.oncomplete = () => {
              open.result.close();
              resolve({ opId, entityId });
            };
            tx.onerror = () => reject(tx.error);
          };
        }),
      { auditId, unitId, itemId, tag },
    );
    await new Promise((r) => setTimeout(r, 5));
    const second = await recordWithKeyboard('MC-7.2-01', '2', `Tốt 2 ${tag}`);
    // The three ops in the outbox's order; the local check (the server's per-op check, run before sending) may
    // already have set the bad one aside in an offline pass: it needs no network to know.
    const queued = (await outbox()).map((o) => o.op_id).sort();
    expect(queued).toHaveLength(3);
    expect(queued[1]).toBe(bad.opId);
    // Two good ops pending, and the bad one too unless an offline pass has already set it aside.
    expect([2, 3]).toContain(await pending());

    // Back online; the inspector syncs.
    proxy.setBlocked(false);
    await panel.locator('.syncbar button').click();
    await expect.poll(pending, { timeout: 60_000 }).toBe(0);

    // The good ops reached the server; the bad one did not.
    await expect.poll(() => findingStatus(first), { timeout: 30_000 }).toBe(200);
    expect(await api.get<{ note: string; result: string }>(`/findings/${first}`)).toMatchObject({ note: `Tốt 1 ${tag}`, result: 'conform' });
    expect(await api.get<{ note: string; result: string }>(`/findings/${second}`)).toMatchObject({ note: `Tốt 2 ${tag}`, result: 'nc_minor' });
    expect(await findingStatus(bad.entityId)).toBe(404);

    // The queue holds no pending op: only the refused one, set aside.
    const rows = await outbox();
    expect(rows.filter((o) => o.state === 'pending')).toEqual([]);
    expect(rows.map((o) => [o.op_id, o.state, o.problem?.code])).toEqual([[bad.opId, 'rejected', 'invalid_op']]);

    // The side panel shows it with its reason (Vietnamese), the detail and the path of the bad field.
    const card = panel.locator(`[data-testid="rejected"][data-op-id="${bad.opId}"]`);
    await card.waitFor({ timeout: 15_000 });
    expect(await card.getAttribute('data-code')).toBe('invalid_op');
    const text = (await card.innerText()).replace(/\s+/g, ' ');
    expect(text).toContain('Ghi/sửa phát hiện');
    expect(text).toContain('MC-6.1-01');
    expect(text).toContain('Dữ liệu của thay đổi không hợp lệ');
    expect(text).toMatch(/\$\.ops\[1\]\.data\.result/);
    expect(await panel.locator('[data-testid="rejected-ops"] h3').textContent()).toBe('Thay đổi bị từ chối (1)');
    await screenshot(panel, 'extension-sidepanel-rejected-vi');
    await panel.locator('.lang button', { hasText: 'EN' }).click();
    await expect.poll(() => card.innerText()).toContain('The change holds data that is not valid');
    await screenshot(panel, 'extension-sidepanel-rejected-en');
    await panel.locator('.lang button', { hasText: 'VI' }).click();

    // Export: a JSON file of the refused ops with their problems, the data as the outbox stores it (masked).
    const [download] = await Promise.all([panel.waitForEvent('download'), panel.locator('[data-action="export-rejected"]').click()]);
    expect(download.suggestedFilename()).toMatch(/^onestop-rejected-\d{8}-\d{6}\.json$/);
    const file = await download.path();
    const exported = JSON.parse(readFileSync(file, 'utf8')) as RejectedExport;
    expect(exported.format).toBe('onestop-rejected-ops/1');
    expect(exported.ops).toHaveLength(1);
    expect(exported.ops[0]).toMatchObject({ op_id: bad.opId, kind: 'finding.upsert', data: { result: 'excellent', note: `Bản ghi hỏng ${tag}, ĐT 0912•••678` }, problem: { code: 'invalid_op', status: 422 } });
    expect(exported.ops[0]?.problem.errors.map((e) => e.path)).toEqual(['$.ops[1].data.result']);

    // Dismissed, it leaves the panel and the outbox.
    await card.locator('[data-action="dismiss"]').click();
    await expect.poll(() => panel.locator('[data-testid="rejected"]').count()).toBe(0);
    expect(await outbox()).toEqual([]);
  });

  it('refuses an offline edit of a finding deleted from another device, shows why, and leaves it deleted', async () => {
    await expect.poll(pending, { timeout: 30_000 }).toBe(0);
    const tag = stamp();
    const id = await recordWithKeyboard('MC-8.2-01', '4', `Sẽ bị xóa ${tag}`);
    await expect.poll(pending, { timeout: 30_000 }).toBe(0);
    await expect.poll(() => findingStatus(id), { timeout: 30_000 }).toBe(200);

    // The panel goes offline; the same inspector deletes the finding from another device.
    proxy.setBlocked(true);
    const del = await fetch(`${apiUrl}/api/v1/sync`, {
      method: 'POST',
      headers: { authorization: `Bearer ${api.token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ client_id: 'other-device', ops: [{ op_id: crypto.randomUUID(), kind: 'finding.delete', entity_id: id, base_version: 1, data: {} }] }),
    });
    const deleted = (await del.json()) as { results: { status: string; seq?: number }[] };
    expect(deleted.results[0]?.status).toBe('applied');

    // Offline, the panel still shows it: the inspector edits it.
    const row = panel.locator(`[data-finding-id="${id}"]`);
    await row.locator('button.link', { hasText: 'Sửa' }).click();
    const textarea = item('MC-8.2-01').locator('textarea[name="note"]');
    await textarea.fill(`Sửa khi ngoại tuyến ${tag}`);
    await textarea.press('Escape');
    await panel.keyboard.press('3');
    await expect.poll(pending, { timeout: 15_000 }).toBe(1);

    proxy.setBlocked(false);
    await panel.locator('.syncbar button').click();
    await expect.poll(pending, { timeout: 60_000 }).toBe(0);
    const card = panel.locator('[data-testid="rejected"][data-code="finding_deleted"]');
    await card.waitFor({ timeout: 15_000 });
    const text = (await card.innerText()).replace(/\s+/g, ' ');
    expect(text).toContain('đã bị xóa trên máy chủ');
    expect(text).toContain('MC-8.2-01');
    // The local copy follows the server: the finding is gone from the item, and the server copy stays deleted.
    await expect.poll(() => row.count()).toBe(0);
    const pull = await api.get<{ items: { id: string; deleted_at: string | null; version: number; result: string }[] }>(`/audits/${auditId}/findings?since=${(deleted.results[0]?.seq ?? 1) - 1}&limit=500`);
    expect(pull.items.find((f) => f.id === id)).toMatchObject({ version: 2, result: 'observation', deleted_at: expect.any(String) });
    await screenshot(panel, 'extension-sidepanel-rejected-deleted');
    await card.locator('[data-action="dismiss"]').click();
    await expect.poll(() => panel.locator('[data-testid="rejected"]').count()).toBe(0);
    expect((await outbox()).filter((o) => o.state !== 'pending')).toEqual([]);
  });
});
