// The extension on the second demo dossier system (demo/portal: a hash-routed staff portal with a modal without role,
// short numeric ids, read-only inputs, an open shadow root and a header re-rendered every 5 s). Both seeded profiles
// are active and both match the portal (the first demo's `http://127.0.0.1:*/*` and the portal's own port); the
// first demo's sorts first by name, so only precedence by specificity makes the portal's profile apply. The test
// shows it does: on the list, the modal, a detail screen and a receipt, the side panel names the portal's profile
// and lists exactly the items that profile binds on that screen, and badges are drawn.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { pickProfile, urlMatchesAny, type SiteProfileInput } from '@onestop/shared';
import { afterAll, beforeAll, describe, expect, it, inject } from 'vitest';
import type { Page } from 'playwright-core';
import { launchBrowser, screenshot, type Browser } from '../browser.ts';
import { ADMIN, Api, INSPECTOR, onPageItemCodes, openWorkingPanel, seededAuditInProgress } from './helpers.ts';
import { overlayCount } from './overlay.ts';

interface ProfileRecord {
  id: string;
  name: string;
  active: boolean;
  profile: { name: string; match: string[]; priority?: number };
}
interface PortalDossier {
  id: number;
  code: string;
  applicant: { cccd: string; phone: string };
}

const root = fileURLToPath(new URL('../../..', import.meta.url));
const portalProfile = JSON.parse(readFileSync(path.join(root, 'demo', 'portal', 'site-profile.json'), 'utf8')) as SiteProfileInput;
const demoProfile = JSON.parse(readFileSync(path.join(root, 'demo', 'site-profile.json'), 'utf8')) as SiteProfileInput;

/** The item codes the portal's profile binds on one of its pages, sorted, without some (fields a dossier lacks). */
function boundOn(page: string, without: readonly string[] = []): string[] {
  const codes = new Set((portalProfile.bindings ?? []).filter((b) => b.page === page).map((b) => b.item_code));
  for (const c of without) codes.delete(c);
  return [...codes].sort();
}

describe('browser extension on the second demo system (staff portal)', () => {
  let browser: Browser;
  let panel: Page;
  let portalUrl: string;
  let demoUrl: string;

  const banner = () => panel.locator('[data-testid="page-banner"]');
  const dossier = async (id: number) => (await (await fetch(`${portalUrl}/api/v2/ho-so/${id}`)).json()) as PortalDossier;

  async function openPortal(hash: string): Promise<Page> {
    const page = await browser.context.newPage();
    page.on('pageerror', (e) => console.error('[portal]', e.stack));
    await page.goto(`${portalUrl}/can-bo/${hash}`);
    await page.bringToFront();
    return page;
  }

  beforeAll(async () => {
    portalUrl = inject('portalUrl');
    demoUrl = inject('demoUrl');
    const apiUrl = inject('apiUrl');

    // Both seeded profiles are active and match the portal; the first demo's comes first in the API's (name) order,
    // so the old "first match wins" would have applied it here.
    const admin = await Api.login(apiUrl, ADMIN);
    const { items } = await admin.get<{ items: ProfileRecord[] }>('/site-profiles');
    const names = items.map((r) => r.name);
    const portalAt = names.indexOf(portalProfile.name);
    const demoAt = names.indexOf(demoProfile.name);
    expect(portalAt).toBeGreaterThan(-1);
    expect(demoAt).toBeGreaterThan(-1);
    expect(demoAt).toBeLessThan(portalAt);
    const listUrl = `${portalUrl}/can-bo/#/dossiers`;
    expect(items.filter((r) => r.active && urlMatchesAny(r.profile.match, listUrl)).map((r) => r.name)).toEqual(expect.arrayContaining([demoProfile.name, portalProfile.name]));
    // The seed gave the portal's profile this run's port.
    expect(items[portalAt]?.profile.match).toContain(`${portalUrl}/*`);
    expect(pickProfile(items.map((r) => r.profile), listUrl)?.name).toBe(portalProfile.name);

    browser = await launchBrowser({ extensionDir: inject('extensionDir') });
    const audit = await seededAuditInProgress(await Api.login(apiUrl, INSPECTOR));
    panel = await openWorkingPanel(browser.context, browser.extensionId ?? '', apiUrl, audit.id);
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
  });

  it('applies the portal profile on the hash-routed list: badges, and the list items in the side panel', async () => {
    const page = await openPortal('#/dossiers');
    await page.locator('main tbody tr').first().waitFor();
    await expect.poll(() => overlayCount(page, '.chip'), { timeout: 15_000 }).toBeGreaterThan(3);
    await expect.poll(() => banner().textContent(), { timeout: 15_000 }).toContain(portalProfile.name);
    expect(await banner().textContent()).not.toContain(demoProfile.name);
    await expect.poll(() => onPageItemCodes(panel), { timeout: 15_000 }).toEqual(boundOn('dossier_list'));
    await screenshot(page, 'portal-list');

    // The search puts what the officer typed (here a CCCD) into the hash; the list is filtered client-side.
    const d6 = await dossier(6);
    await page.locator('main input[name="q"]').fill(d6.applicant.cccd);
    await page.locator('main form button').click();
    await expect.poll(() => decodeURIComponent(new URL(page.url()).hash)).toContain(`q=${d6.applicant.cccd}`);
    await expect.poll(() => page.locator('main tbody tr').count()).toBe(1);
    await expect.poll(() => page.locator('main tbody tr').first().textContent()).toContain(d6.code);
    await expect.poll(() => onPageItemCodes(panel)).toEqual(boundOn('dossier_list'));
    await page.close();
  });

  it('reads the details modal (no role, no URL) with the portal profile: its dossier and its items', async () => {
    const page = await openPortal('#/dossiers');
    await page.locator('main tbody tr').first().waitFor();
    await expect.poll(() => banner().textContent(), { timeout: 15_000 }).toContain(portalProfile.name);
    const row = page.locator('main tbody tr').nth(2);
    const id = Number((await row.locator('td').first().textContent())?.trim());
    const { code } = await dossier(id);
    const urlBefore = page.url();
    await row.locator('button', { hasText: 'Chi tiết' }).click();
    await page.getByText('Mã đơn:').waitFor();
    expect(page.url()).toBe(urlBefore);
    // The modal's own dossier (its "Mã hồ sơ: …" text) is the page's dossier; its items join the list's.
    await expect.poll(() => banner().textContent(), { timeout: 15_000 }).toContain(code);
    const expected = [...new Set([...boundOn('dossier_list'), ...boundOn('dossier_modal')])].sort();
    await expect.poll(() => onPageItemCodes(panel), { timeout: 15_000 }).toEqual(expected);
    await screenshot(page, 'portal-modal');
    await page.keyboard.press('Escape');
    await expect.poll(() => onPageItemCodes(panel), { timeout: 15_000 }).toEqual(boundOn('dossier_list'));
    await page.close();
  });

  it('applies the portal profile on a detail screen (applicant in a shadow root, header re-rendered every 5 s)', async () => {
    const page = await openPortal('#/dossiers/10');
    await page.locator('hs-applicant-card').waitFor();
    const { code } = await dossier(10);
    await expect.poll(() => overlayCount(page, '.chip'), { timeout: 15_000 }).toBeGreaterThan(3);
    await expect.poll(() => banner().textContent(), { timeout: 15_000 }).toContain(portalProfile.name);
    await expect.poll(() => banner().textContent()).toContain(code);
    // Dossier 10 was received at the counter, returned late with an apology: no online submission, no supplement
    // request, no refusal, no withdrawal, so the items bound to those fields are not on the page.
    const absent = ['MC-8.5.1-14', 'MC-8.5.1-04', 'MC-8.7-04', 'MC-8.5.1-05', 'MC-8.7-05'];
    await expect.poll(() => onPageItemCodes(panel), { timeout: 15_000 }).toEqual(boundOn('dossier_detail', absent));
    // The header shows another dossier's code and is rendered again: the page's dossier stays dossier 10's.
    await page.waitForTimeout(5_500);
    expect(await banner().textContent()).toContain(code);
    await screenshot(page, 'portal-detail');

    // Hash navigation inside the same document: the receipt of the same dossier.
    await page.locator('main a', { hasText: 'In giấy tiếp nhận' }).click();
    await page.locator('main h2', { hasText: 'Giấy tiếp nhận hồ sơ' }).waitFor();
    await expect.poll(() => onPageItemCodes(panel), { timeout: 15_000 }).toEqual(boundOn('receipt'));
    await expect.poll(() => banner().textContent()).toContain(code);
    await page.close();
  });

  it('applies the portal profile on a receipt without an appointment date', async () => {
    const page = await openPortal('#/receipts/22');
    await page.locator('main h2', { hasText: 'Giấy tiếp nhận hồ sơ' }).waitFor();
    const { code } = await dossier(22);
    await expect.poll(() => banner().textContent(), { timeout: 15_000 }).toContain(code);
    expect(await banner().textContent()).toContain(portalProfile.name);
    await expect.poll(() => onPageItemCodes(panel), { timeout: 15_000 }).toEqual(boundOn('receipt'));
    await expect.poll(() => overlayCount(page, '.chip'), { timeout: 15_000 }).toBeGreaterThan(0);
    await screenshot(page, 'portal-receipt');
    await page.close();
  });

  it('still applies the first demo profile on the first demo (its wildcard port covers it; the portal profile does not)', async () => {
    const page = await browser.context.newPage();
    await page.goto(`${demoUrl}/ho-so`);
    await page.bringToFront();
    await expect.poll(() => banner().textContent(), { timeout: 15_000 }).toContain(demoProfile.name);
    await expect.poll(() => overlayCount(page, '.chip'), { timeout: 15_000 }).toBeGreaterThan(0);
    await page.close();
  });
});
