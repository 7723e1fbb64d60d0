// Issue 12: the unit follows from the page's site profile. The seeded audit covers Sơn Tây, Tùng Thiện and Hà Đông
// (listed by name, Hà Đông first); the first demo's profile names Sơn Tây, the staff portal's names Hà Đông. With the
// portal in the active tab the side panel files findings under Phường Hà Đông and says so, and a finding recorded
// there is stored with Hà Đông's unit; the first demo turns it to Phường Sơn Tây; a unit the inspector chooses by hand
// for a system sticks to that system, while the other system keeps following its profile.
import { mkdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { SiteProfileInput } from '@onestop/shared';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it, inject } from 'vitest';
import { launchBrowser, type Browser } from '../browser.ts';
import { ADMIN, Api, INSPECTOR, openWorkingPanel, recordInPanel, seededAuditInProgress } from './helpers.ts';

interface AuditDetail {
  units: { id: string; code: string; name: string }[];
}

const root = fileURLToPath(new URL('../../..', import.meta.url));
const readProfile = (...p: string[]) => JSON.parse(readFileSync(path.join(root, ...p), 'utf8')) as SiteProfileInput;
const portalProfile = readProfile('demo', 'portal', 'site-profile.json');
const demoProfile = readProfile('demo', 'site-profile.json');

describe('the unit follows from the page profile', () => {
  let browser: Browser;
  let panel: Page;
  let api: Api;
  let portalUrl: string;
  let demoUrl: string;
  const unit: Record<'HD' | 'ST' | 'TT', { id: string; name: string }> = { HD: { id: '', name: '' }, ST: { id: '', name: '' }, TT: { id: '', name: '' } };

  const unitSelect = () => panel.locator('select[name="unit"]');
  const filing = () => panel.locator('[data-testid="filing"]');

  /** The side panel as the inspector sees it (its viewport), scrolled to the recording controls. */
  async function shot(name: string): Promise<void> {
    await panel.locator('.results').first().scrollIntoViewIfNeeded();
    const dir = path.resolve('test-results', 'screenshots');
    mkdirSync(dir, { recursive: true });
    await panel.screenshot({ path: path.join(dir, `${name}.png`) });
  }

  async function open(url: string): Promise<Page> {
    const page = await browser.context.newPage();
    page.on('pageerror', (e) => console.error('[page]', e.stack));
    await page.goto(url);
    await page.bringToFront();
    return page;
  }

  /** Opens the first item listed in the side panel, so its recording controls (and the unit line) show. */
  async function openFirstItem(): Promise<string> {
    const first = panel.locator('[data-item-code]').first();
    await first.waitFor({ timeout: 20_000 });
    const code = (await first.getAttribute('data-item-code')) ?? '';
    // The list may draw again while the unit changes (and an item that was open may close), so open the item
    // until its recording controls stay on screen rather than reading aria-expanded once and clicking on a stale view.
    const head = panel.locator(`[data-item-code="${code}"] .item-head`);
    await expect
      .poll(
        async () => {
          if ((await head.getAttribute('aria-expanded')) !== 'true') await head.click();
          return filing()
            .waitFor({ timeout: 2_000 })
            .then(() => true)
            .catch(() => false);
        },
        { timeout: 20_000, interval: 250 },
      )
      .toBe(true);
    return code;
  }

  beforeAll(async () => {
    portalUrl = inject('portalUrl');
    demoUrl = inject('demoUrl');
    const apiUrl = inject('apiUrl');
    expect(portalProfile.units).toEqual(['HN-PHUONG-HA-DONG']);
    expect(demoProfile.units).toEqual(['HN-PHUONG-SON-TAY']);
    // The stored profiles name the same units as the demo files.
    const admin = await Api.login(apiUrl, ADMIN);
    const { items } = await admin.get<{ items: { name: string; profile: { units?: string[] } }[] }>('/site-profiles');
    expect(items.find((r) => r.name === portalProfile.name)?.profile.units).toEqual(['HN-PHUONG-HA-DONG']);
    expect(items.find((r) => r.name === demoProfile.name)?.profile.units).toEqual(['HN-PHUONG-SON-TAY']);

    api = await Api.login(apiUrl, INSPECTOR);
    const audit = await seededAuditInProgress(api);
    const detail = await api.get<AuditDetail>(`/audits/${audit.id}`);
    for (const [key, code] of [['HD', 'HN-PHUONG-HA-DONG'], ['ST', 'HN-PHUONG-SON-TAY'], ['TT', 'HN-PHUONG-TUNG-THIEN']] as const) {
      const u = detail.units.find((x) => x.code === code);
      if (!u) throw new Error(`the seeded audit does not cover ${code}: ${detail.units.map((x) => x.code).join(', ')}`);
      unit[key] = { id: u.id, name: u.name };
    }
    browser = await launchBrowser({ extensionDir: inject('extensionDir') });
    panel = await openWorkingPanel(browser.context, browser.extensionId ?? '', apiUrl, audit.id);
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
  });

  it('files findings under Phường Hà Đông on the staff portal, says so, and stores them with its unit', async () => {
    const portal = await open(`${portalUrl}/can-bo/#/dossiers`);
    await expect.poll(() => unitSelect().inputValue(), { timeout: 15_000 }).toBe(unit.HD.id);
    await expect.poll(() => panel.locator('[data-testid="unit-source"]').textContent()).toBe('(theo trang)');
    const code = await openFirstItem();
    await expect.poll(() => filing().getAttribute('data-unit-id')).toBe(unit.HD.id);
    expect(await filing().getAttribute('data-source')).toBe('profile');
    const text = await filing().innerText();
    expect(text).toContain(`Ghi nhận cho: ${unit.HD.name}`);
    expect(text).toContain(`theo cấu hình của trang: ${portalProfile.name}`);
    expect(await panel.locator('[data-testid="unit-warning"]').count()).toBe(0);
    await shot('unit-from-profile-portal');

    const note = `Ghi nhận tại cổng cán bộ #${(Date.now() % 1_000_000).toString(36)}`;
    const findingId = await recordInPanel(panel, code, { key: '4', note, screenshot: false });
    await expect
      .poll(async () => (await api.get<{ unit_id: string; note: string }>(`/findings/${findingId}`).catch(() => null))?.unit_id ?? null, { timeout: 30_000 })
      .toBe(unit.HD.id);
    await portal.close();
  });

  it('turns to Phường Sơn Tây on the first demo, and keeps a unit the inspector chose for that system', async () => {
    const demo = await open(`${demoUrl}/ho-so`);
    await expect.poll(() => unitSelect().inputValue(), { timeout: 15_000 }).toBe(unit.ST.id);
    await openFirstItem();
    await expect.poll(() => filing().innerText()).toContain(`Ghi nhận cho: ${unit.ST.name}`);
    expect(await filing().innerText()).toContain(`theo cấu hình của trang: ${demoProfile.name}`);

    // The inspector files this system's findings under Tùng Thiện instead.
    await unitSelect().selectOption(unit.TT.id);
    await openFirstItem();
    await expect.poll(() => filing().getAttribute('data-unit-id')).toBe(unit.TT.id);
    await expect.poll(() => filing().innerText()).toContain('do bạn chọn');
    await shot('unit-from-profile-manual');

    // The portal still follows its own profile...
    const portal = await open(`${portalUrl}/can-bo/#/dossiers`);
    await expect.poll(() => unitSelect().inputValue(), { timeout: 15_000 }).toBe(unit.HD.id);
    // ...and back on the first demo the choice sticks, also after a reload.
    await demo.bringToFront();
    await expect.poll(() => unitSelect().inputValue(), { timeout: 15_000 }).toBe(unit.TT.id);
    await demo.reload();
    await demo.locator('body').waitFor();
    await panel.waitForTimeout(500);
    expect(await unitSelect().inputValue()).toBe(unit.TT.id);
    await openFirstItem();
    await expect.poll(() => filing().innerText()).toContain(`Ghi nhận cho: ${unit.TT.name}`);
    await portal.close();
    await demo.close();
  });
});
