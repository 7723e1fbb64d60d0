// The side panel's keyboard model and the required note (issue 16), in the real extension: the checklist is one Tab
// stop (a roving tabindex over the items' heads), ↑/↓, Home and End move through it and open the item, the focused
// head shows a solid outline of 2px or more with 3:1 or more against the head's background, and the result keys
// still record. A major or minor nonconformity chosen with an empty note (by key, by click) records nothing: the
// focus goes to the note, the panel says why, and the result is recorded once the note is typed (Enter, or the
// button). An old outbox entry the server refuses for a missing note stays in sight as a refused change.
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it, inject } from 'vitest';
import { launchBrowser, screenshot, type Browser } from '../browser.ts';
import { Api, INSPECTOR, openWorkingPanel, seededAuditInProgress } from './helpers.ts';

/** A short unique tag for notes (a long digit run would be masked as an identifier). */
const stamp = () => `#${(Date.now() % 1_000_000).toString(36)}`;

/** What the focused element is, and how its focus shows. */
interface FocusInfo {
  code: string | null;
  isHead: boolean;
  tag: string;
  name: string | null;
  outlineStyle: string;
  outlineWidth: number;
  contrast: number;
  headStops: number;
}

describe('side panel keyboard and required note', () => {
  let browser: Browser;
  let panel: Page;
  let api: Api;
  let auditId: string;

  const item = (code: string) => panel.locator(`[data-item-code="${code}"]`);
  const pending = async () => Number(await panel.locator('[data-testid="sync-state"]').getAttribute('data-pending'));

  /** The focused element: the item whose head it is, its outline, and the outline's contrast with the head's background. */
  const focusInfo = () =>
    panel.evaluate((): FocusInfo => {
      const el = document.activeElement as HTMLElement | null;
      const rgb = (c: string) => (c.match(/[\d.]+/g) ?? []).slice(0, 3).map(Number);
      const lum = (c: string) => {
        const [r, g, b] = rgb(c).map((v) => v / 255).map((v) => (v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4));
        return 0.2126 * (r ?? 0) + 0.7152 * (g ?? 0) + 0.0722 * (b ?? 0);
      };
      /** The first opaque background up the tree (the head itself is transparent). */
      const background = (from: Element | null): string => {
        for (let e = from; e; e = e.parentElement) {
          const bg = getComputedStyle(e).backgroundColor;
          if (!/rgba\(.*,\s*0\)$/.test(bg) && bg !== 'transparent') return bg;
        }
        return 'rgb(255, 255, 255)';
      };
      const style = el ? getComputedStyle(el) : null;
      const [hi, lo] = style ? [lum(style.outlineColor), lum(background(el))].sort((a, b) => b - a) : [0, 0];
      return {
        code: el?.closest('[data-item-code]')?.getAttribute('data-item-code') ?? null,
        isHead: el?.classList.contains('item-head') ?? false,
        tag: el?.tagName.toLowerCase() ?? '',
        name: el?.getAttribute('name') ?? null,
        outlineStyle: style?.outlineStyle ?? '',
        outlineWidth: parseFloat(style?.outlineWidth ?? '0'),
        contrast: ((hi ?? 0) + 0.05) / ((lo ?? 0) + 0.05),
        headStops: document.querySelectorAll('.item-head:not([tabindex="-1"])').length,
      };
    });

  const head = (code: string | undefined) => item(code ?? '').locator('.item-head');

  /** A screenshot of the panel's viewport around `code`'s item (the full page is ~5,000 px tall), for a person. */
  const shot = async (code: string, name: string) => {
    await item(code).evaluate((el) => el.scrollIntoView({ block: 'center' }));
    const dir = path.resolve('test-results', 'screenshots');
    mkdirSync(dir, { recursive: true });
    await panel.screenshot({ path: path.join(dir, `${name}.png`) });
  };

  const codes = () => panel.locator('[data-item-code]').evaluateAll((els) => els.map((e) => e.getAttribute('data-item-code') ?? ''));

  beforeAll(async () => {
    const apiUrl = inject('apiUrl');
    api = await Api.login(apiUrl, INSPECTOR);
    auditId = (await seededAuditInProgress(api)).id;
    browser = await launchBrowser({ extensionDir: inject('extensionDir') });
    panel = await openWorkingPanel(browser.context, browser.extensionId ?? '', apiUrl, auditId);
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
  });

  it('is one Tab stop; arrows, Home and End move and open items; the focus is always visible', async () => {
    const all = await codes();
    expect(all.length).toBeGreaterThan(20);
    const search = panel.locator('input.search');
    await search.focus();
    await panel.keyboard.press('Tab');
    let f = await focusInfo();
    // Tab from the search lands on the list once: on the first item's head, the only head in the Tab order.
    expect(f).toMatchObject({ isHead: true, code: all[0], headStops: 1 });
    expect(f.outlineStyle).toBe('solid');
    expect(f.outlineWidth).toBeGreaterThanOrEqual(2);
    expect(f.contrast).toBeGreaterThanOrEqual(3);

    await panel.keyboard.press('ArrowDown');
    f = await focusInfo();
    expect(f).toMatchObject({ isHead: true, code: all[1], headStops: 1 });
    expect(await item(all[1] ?? '').locator('.item-head').getAttribute('aria-expanded')).toBe('true');
    // An open item: the head still shows its outline (focus over the open item's accent border).
    expect(f.outlineStyle).toBe('solid');
    expect(f.outlineWidth).toBeGreaterThanOrEqual(2);
    expect(f.contrast).toBeGreaterThanOrEqual(3);
    await screenshot(panel, 'extension-sidepanel-focus-vi');
    await shot(all[1] ?? '', 'extension-sidepanel-focus-vi-view');

    await panel.keyboard.press('End');
    expect(await focusInfo()).toMatchObject({ isHead: true, code: all.at(-1), headStops: 1 });
    await panel.keyboard.press('ArrowDown');
    expect((await focusInfo()).code).toBe(all.at(-1));
    await panel.keyboard.press('Home');
    expect(await focusInfo()).toMatchObject({ isHead: true, code: all[0], headStops: 1 });
    await panel.keyboard.press('ArrowUp');
    expect((await focusInfo()).code).toBe(all[0]);
    await panel.keyboard.press('j');
    expect((await focusInfo()).code).toBe(all[1]);
    await panel.keyboard.press('k');
    expect((await focusInfo()).code).toBe(all[0]);

    // Shift+Tab goes back to the search in one step, Tab returns to the same head (the roving stop remembers it).
    await panel.keyboard.press('Shift+Tab');
    expect(await panel.evaluate(() => document.activeElement?.outerHTML.slice(0, 120))).toMatch(/^<input class="search"/);
    await panel.keyboard.press('Tab');
    expect(await focusInfo()).toMatchObject({ isHead: true, code: all[0] });
    // Tab past the head goes into the open item's editor, never to another item's head.
    await panel.keyboard.press('Tab');
    f = await focusInfo();
    expect(f.isHead).toBe(false);
    expect(f.code).toBe(all[0]);
    // Enter on a head goes to its note; Escape comes back to the head.
    await panel.keyboard.press('Shift+Tab');
    await panel.keyboard.press('Enter');
    await expect.poll(async () => (await focusInfo()).name).toBe('note');
    expect(await focusInfo()).toMatchObject({ tag: 'textarea', name: 'note', code: all[0] });
    // Enter on a closed item opens it and goes to its note too.
    await panel.keyboard.press('Escape');
    await panel.keyboard.press('End');
    await panel.keyboard.press('Home');
    await head(all[0]).click();
    expect(await item(all[0] ?? '').locator('.item-head').getAttribute('aria-expanded')).toBe('false');
    await panel.keyboard.press('Enter');
    await expect.poll(async () => (await focusInfo()).name).toBe('note');
    expect(await focusInfo()).toMatchObject({ tag: 'textarea', code: all[0] });
    await panel.keyboard.press('Escape');
    expect(await focusInfo()).toMatchObject({ isHead: true, code: all[0] });

    // The same in English.
    await panel.locator('.lang button', { hasText: 'EN' }).click();
    await panel.locator('input.search[placeholder="Search checklist items…"]').waitFor();
    await panel.locator(`[data-item-code="${all[0]}"] .item-head`).focus();
    await panel.keyboard.press('ArrowDown');
    f = await focusInfo();
    expect(f).toMatchObject({ isHead: true, code: all[1], outlineStyle: 'solid' });
    await screenshot(panel, 'extension-sidepanel-focus-en');
    await shot(all[1] ?? '', 'extension-sidepanel-focus-en-view');
    await panel.locator('.lang button', { hasText: 'VI' }).click();
    await panel.locator('input.search[placeholder="Tìm mục kiểm tra…"]').waitFor();
  });

  it('records nothing for a nonconformity without a note: the note takes the focus, the panel says why, Enter records it', async () => {
    const code = 'MC-7.1-02';
    const head = item(code).locator('.item-head');
    await head.click();
    const findings = item(code).locator('[data-testid="finding"]');
    const before = await findings.count();
    // Key 2 (minor nonconformity) with an empty note: nothing recorded, the note has the focus, the reason is said.
    await head.focus();
    await panel.keyboard.press('2');
    const message = item(code).locator('[data-testid="note-required"]');
    await message.waitFor();
    expect(await message.getAttribute('data-result')).toBe('nc_minor');
    expect(await message.innerText()).toContain('Bắt buộc nhập ghi chú cho điểm không phù hợp.');
    expect(await message.getAttribute('role')).toBe('alert');
    await expect.poll(async () => (await focusInfo()).name).toBe('note');
    expect(await focusInfo()).toMatchObject({ tag: 'textarea', name: 'note', code });
    const note = item(code).locator('textarea[name="note"]');
    expect(await note.getAttribute('aria-invalid')).toBe('true');
    expect(await note.getAttribute('aria-describedby')).toBe(await message.getAttribute('id'));
    await screenshot(panel, 'extension-sidepanel-note-required-vi');
    await shot(code, 'extension-sidepanel-note-required-vi-view');
    await panel.waitForTimeout(300);
    expect(await findings.count()).toBe(before);
    // Blank space is no note either.
    await note.fill('   ');
    await note.press('Enter');
    await panel.waitForTimeout(300);
    expect(await findings.count()).toBe(before);

    const text = `Không có phiếu hẹn trả kết quả ${stamp()}`;
    await note.fill(text);
    await note.press('Enter');
    await expect.poll(() => findings.count()).toBe(before + 1);
    const row = findings.filter({ hasText: text });
    expect(await row.getAttribute('data-result')).toBe('nc_minor');
    await expect.poll(() => message.count()).toBe(0);
    // Focus back on the item's head, so the next key works at once.
    await expect.poll(async () => (await focusInfo()).isHead).toBe(true);
    expect(await focusInfo()).toMatchObject({ isHead: true, code });
    // It reached the server with its note.
    await expect.poll(pending, { timeout: 30_000 }).toBe(0);
    const id = (await row.getAttribute('data-finding-id')) ?? '';
    const server = await api.get<{ result: string; note: string }>(`/findings/${id}`);
    expect(server).toMatchObject({ result: 'nc_minor', note: text });
  });

  it('by click too, and in English: the major nonconformity button asks for the note, the message’s button records it', async () => {
    const code = 'MC-7.1-02';
    await panel.locator('.lang button', { hasText: 'EN' }).click();
    await panel.locator('input.search[placeholder="Search checklist items…"]').waitFor();
    const head = item(code).locator('.item-head');
    if ((await head.getAttribute('aria-expanded')) !== 'true') await head.click();
    const findings = item(code).locator('[data-testid="finding"]');
    const before = await findings.count();
    await item(code).locator('button.result[data-result="nc_major"]').click();
    const message = item(code).locator('[data-testid="note-required"]');
    await message.waitFor();
    expect(await message.innerText()).toContain('A note is required for a nonconformity.');
    await expect.poll(async () => (await focusInfo()).name).toBe('note');
    expect(await focusInfo()).toMatchObject({ tag: 'textarea', name: 'note', code });
    await screenshot(panel, 'extension-sidepanel-note-required-en');
    await shot(code, 'extension-sidepanel-note-required-en-view');
    // The button of the message does not record an empty note either.
    await message.locator('[data-action="record-with-note"]').click();
    await panel.waitForTimeout(300);
    expect(await findings.count()).toBe(before);
    const text = `Major: no receipt ${stamp()}`;
    await item(code).locator('textarea[name="note"]').fill(text);
    await message.locator('[data-action="record-with-note"]').click();
    await expect.poll(() => findings.count()).toBe(before + 1);
    expect(await findings.filter({ hasText: text }).getAttribute('data-result')).toBe('nc_major');
    // A result that needs no note is recorded with an empty one, as before.
    await item(code).locator('textarea[name="note"]').fill('');
    await item(code).locator('button.result[data-result="observation"]').click();
    await expect.poll(() => findings.count()).toBe(before + 2);
    expect(await message.count()).toBe(0);
    await panel.locator('.lang button', { hasText: 'VI' }).click();
    await panel.locator('input.search[placeholder="Tìm mục kiểm tra…"]').waitFor();
  });

  it('keeps an old offline nonconformity without a note in sight when the server refuses it', async () => {
    await panel.locator('.lang button', { hasText: 'VI' }).click();
    await panel.locator('main[lang="vi"]').waitFor();
    await expect.poll(pending, { timeout: 30_000 }).toBe(0);
    const unitId = await panel.locator('select[name="unit"]').inputValue();
    const itemId = (await item('MC-7.1-02').getAttribute('data-item-id')) ?? '';
    // An entry an older version of the panel queued offline: a minor nonconformity with an empty note.
    const opId = await panel.evaluate(
      ({ auditId, unitId, itemId }) =>
        new Promise<string>((resolve, reject) => {
          const hex = (n: number) => Array.from(crypto.getRandomValues(new Uint8Array(n)), (b) => b.toString(16).padStart(2, '0')).join('');
          const ms = Date.now().toString(16).padStart(12, '0');
          const opId = `${ms.slice(0, 8)}-${ms.slice(8, 12)}-7${hex(2).slice(1)}-8${hex(2).slice(1)}-${hex(6)}`;
          const now = new Date().toISOString();
          const op = {
            op_id: opId,
            kind: 'finding.upsert',
            entity_id: crypto.randomUUID(),
            create: true,
            data: { audit_id: auditId, unit_id: unitId, item_id: itemId, result: 'nc_minor', note: '', dossier_code: null, page_url: null, recorded_at: now },
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
              resolve(opId);
            };
            tx.onerror = () => reject(tx.error);
          };
        }),
      { auditId, unitId, itemId },
    );
    await panel.locator('.syncbar button').click();
    const card = panel.locator(`[data-testid="rejected"][data-op-id="${opId}"]`);
    await card.waitFor({ timeout: 30_000 });
    // Refused by the server (`note_required`) or, where the shared contract already says so, set aside before sending.
    expect(['note_required', 'invalid_op']).toContain(await card.getAttribute('data-code'));
    const text = (await card.innerText()).replace(/\s+/g, ' ');
    expect(text).toContain('MC-7.1-02');
    if ((await card.getAttribute('data-code')) === 'note_required') expect(text).toContain('phải có ghi chú');
    expect(text).toContain('note');
    await expect.poll(pending, { timeout: 30_000 }).toBe(0);
    await card.locator('[data-action="dismiss"]').click();
    await expect.poll(() => card.count()).toBe(0);
  });
});
