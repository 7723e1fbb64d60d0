// The unit follows from the page's profile (issue 12): a profile names the units whose system it describes, and the
// scope's unit becomes the first of them the chosen audit covers, on choosing the audit and when the page tab moves
// to another unit's system, unless the inspector chose a unit for that audit and system; a page of a unit the audit
// does not cover holds new findings until the inspector chooses. The overlay's capture target never outlives a change.
import type { SiteProfile } from '@onestop/shared';
import { describe, expect, it } from 'vitest';
import type { Browser } from 'wxt/browser';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import type { AuditSummary, PageCapture } from '../model.ts';
import { legacyApiBaseItem as apiBaseItem, overlayStateItem, pageTabItem, profileCacheItem, scopeItem, legacySessionItem as sessionItem } from '../storage.ts';
import { FakeApi } from '../testing/fake-api.ts';
import { fixtureProfile } from '../testing/fixtures.ts';
import { writeCache } from './db.ts';
import { createBackground, decideUnit } from './service.ts';

const AUDIT = '01890000-0000-7000-8000-0000000000a1';
const HD = { id: '01890000-0000-7000-8000-0000000000b1', code: 'HN-PHUONG-HA-DONG', name: 'Phường Hà Đông' };
const ST = { id: '01890000-0000-7000-8000-0000000000b2', code: 'HN-PHUONG-SON-TAY', name: 'Phường Sơn Tây' };
const TT = { id: '01890000-0000-7000-8000-0000000000b3', code: 'HN-PHUONG-TUNG-THIEN', name: 'Phường Tùng Thiện' };
const ITEM = '01890000-0000-7000-8000-0000000000c1';
// The API lists an audit's units by name: Hà Đông comes first, whatever page is open.
const audit: AuditSummary = { id: AUDIT, code: 'KT-ISO-2026-08', title: 'Kiểm tra ISO', status: 'in_progress', my_role: 'member', units: [HD, ST, TT] };
const other: AuditSummary = { id: '01890000-0000-7000-8000-0000000000a2', code: 'KT-ISO-2026-09', title: 'Kiểm tra khác', status: 'in_progress', my_role: 'member', units: [{ id: '01890000-0000-7000-8000-0000000000b9', code: 'HN-PHUONG-CAU-GIAY', name: 'Phường Cầu Giấy' }] };

const profile = (name: string, host: string, units?: string[]): SiteProfile => ({ ...fixtureProfile(), name, match: [`http://${host}/*`], ...(units ? { units } : {}) });
const PROFILES = [
  profile('Cổng cán bộ Hà Đông', 'hadong.example.vn', [HD.code]),
  profile('Một cửa Sơn Tây', 'sontay.example.vn', [ST.code]),
  profile('Một cửa Cầu Giấy', 'caugiay.example.vn', ['HN-PHUONG-CAU-GIAY']),
  profile('Hệ thống chung', 'chung.example.vn'),
];
const sender = {} as Browser.runtime.MessageSender;
let dbCounter = 0;

async function setup() {
  const api = new FakeApi();
  await apiBaseItem.setValue('https://api.test');
  await sessionItem.setValue({ token: 'token-token-token-token', user: { id: api.userId, email: 'kiemtra@demo.onestop.vn', display_name: 'Kiểm Tra', role: 'inspector', unit_name: null }, expires_at: '2099-01-01T00:00:00Z', api_base: 'https://api.test' });
  await profileCacheItem.setValue({ fetchedAt: new Date().toISOString(), apiBase: 'https://api.test', profiles: PROFILES });
  const bg = createBackground({ dbName: `unit-test-${++dbCounter}`, fetch: api.fetch });
  await writeCache(await bg.db, 'audits', [audit, other], new Date().toISOString());
  /** Opens a page in a new active tab and lets the background track it, as `tabs.onActivated` does. */
  const open = async (host: string) => {
    const tab = await fakeBrowser.tabs.create({ url: `http://${host}/ho-so`, active: true });
    await bg.trackTab(tab.id ?? -1, tab.url);
    return tab.id ?? -1;
  };
  const show = async (tabId: number) => bg.trackTab(tabId, (await fakeBrowser.tabs.get(tabId)).url);
  const unit = async () => (await scopeItem.getValue())?.unitId;
  const filing = async () => (await bg.handlers.getFiling({}, sender)).filing;
  const record = (unitId: string) => bg.handlers.recordFinding({ auditId: AUDIT, unitId, itemId: ITEM, result: 'nc_minor', note: 'Thiếu phiếu hẹn', dossierCode: null, pageUrl: null }, sender);
  return { bg, open, show, unit, filing, record };
}

describe('decideUnit', () => {
  const sys = (codes: string[]) => ({ profileName: 'P', unitCodes: codes });
  it('takes the first of the page units the audit covers, in the profile order', () => {
    expect(decideUnit(audit, sys(['HN-KHAC', TT.code, ST.code]), { unitId: HD.id, source: { kind: 'default' } }, undefined)).toEqual({ unitId: TT.id, source: { kind: 'profile', profileName: 'P' }, needsChoice: false });
  });
  it('keeps the current unit when it is one of the page units', () => {
    expect(decideUnit(audit, sys([TT.code, ST.code]), { unitId: ST.id, source: { kind: 'manual' } }, undefined)?.unitId).toBe(ST.id);
  });
  it('lets a choice for this audit and system win', () => {
    expect(decideUnit(audit, sys([ST.code]), { unitId: ST.id, source: { kind: 'profile', profileName: 'P' } }, TT.id)).toEqual({ unitId: TT.id, source: { kind: 'manual' }, needsChoice: false });
  });
  it('changes nothing on a page that names no unit, and holds findings on one of units outside the audit', () => {
    expect(decideUnit(audit, null, { unitId: ST.id, source: { kind: 'manual' } }, undefined)).toEqual({ unitId: ST.id, source: { kind: 'manual' }, needsChoice: false });
    expect(decideUnit(audit, sys(['HN-KHAC']), { unitId: ST.id, source: { kind: 'manual' } }, undefined)).toEqual({ unitId: ST.id, source: { kind: 'manual' }, needsChoice: true });
    expect(decideUnit(audit, null, null, undefined)).toEqual({ unitId: HD.id, source: { kind: 'default' }, needsChoice: false });
  });
});

describe('the unit follows the page in the background', () => {
  it('chooses the page unit when the audit is chosen, and follows the tab to another unit system', async () => {
    const t = await setup();
    const sonTay = await t.open('sontay.example.vn');
    // The panel offers the audit's first unit (Hà Đông); the page is Sơn Tây's.
    const chosen = await t.bg.handlers.selectScope({ auditId: AUDIT, unitId: HD.id }, sender);
    expect(chosen.scope).toEqual({ auditId: AUDIT, unitId: ST.id });
    expect(chosen.filing).toMatchObject({ unitId: ST.id, unitName: ST.name, source: { kind: 'profile', profileName: 'Một cửa Sơn Tây' }, needsChoice: false, page: { inAudit: true, units: [{ code: ST.code, name: ST.name }] } });
    expect((await overlayStateItem.getValue())?.scope?.unitName).toBe(ST.name);

    await t.open('hadong.example.vn');
    expect(await t.unit()).toBe(HD.id);
    expect((await overlayStateItem.getValue())?.scope?.unitName).toBe(HD.name);
    // A page whose profile names no unit changes nothing.
    await t.open('chung.example.vn');
    expect(await t.unit()).toBe(HD.id);
    expect((await t.filing())?.page).toBeNull();
    await t.show(sonTay);
    expect(await t.unit()).toBe(ST.id);
    // The same tab going to another system moves the unit too.
    await fakeBrowser.tabs.update(sonTay, { url: 'http://hadong.example.vn/ho-so/1' });
    await t.bg.trackTab(sonTay, 'http://hadong.example.vn/ho-so/1');
    expect(await t.unit()).toBe(HD.id);
  });

  it('respects a unit the inspector chose for this audit and system, and only there', async () => {
    const t = await setup();
    const sonTay = await t.open('sontay.example.vn');
    await t.bg.handlers.selectScope({ auditId: AUDIT, unitId: HD.id }, sender);
    const manual = await t.bg.handlers.selectScope({ auditId: AUDIT, unitId: TT.id, manual: true }, sender);
    expect(manual.filing).toMatchObject({ unitId: TT.id, source: { kind: 'manual' } });
    const haDong = await t.open('hadong.example.vn');
    expect(await t.unit()).toBe(HD.id);
    expect((await t.filing())?.source).toEqual({ kind: 'profile', profileName: 'Cổng cán bộ Hà Đông' });
    await t.show(sonTay);
    expect(await t.unit()).toBe(TT.id);
    expect((await t.filing())?.source).toEqual({ kind: 'manual' });
    await t.show(haDong);
    expect(await t.unit()).toBe(HD.id);
    // Choosing the audit again keeps the choice for Sơn Tây's system.
    await t.show(sonTay);
    await t.bg.handlers.selectScope({ auditId: AUDIT, unitId: HD.id }, sender);
    expect(await t.unit()).toBe(TT.id);
  });

  it('warns on a page of a unit outside the audit and files nothing until the inspector chooses', async () => {
    const t = await setup();
    await t.open('hadong.example.vn');
    await t.bg.handlers.selectScope({ auditId: AUDIT, unitId: HD.id }, sender);
    await t.open('caugiay.example.vn');
    // The unit stays, but the page is not its system: findings wait.
    expect(await t.unit()).toBe(HD.id);
    // The profile's unit is named where another of the inspector's audits covers it.
    expect(await t.filing()).toMatchObject({ unitId: HD.id, needsChoice: true, page: { profileName: 'Một cửa Cầu Giấy', inAudit: false, units: [{ code: 'HN-PHUONG-CAU-GIAY', name: 'Phường Cầu Giấy' }] } });
    await expect(t.record(HD.id)).rejects.toMatchObject({ code: 'unit_needs_choice' });
    expect(await (await t.bg.db).getAll('findings')).toEqual([]);
    // "Record for Phường Hà Đông anyway": a choice of the inspector's for this audit and system.
    await t.bg.handlers.selectScope({ auditId: AUDIT, unitId: HD.id, manual: true }, sender);
    expect(await t.filing()).toMatchObject({ unitId: HD.id, needsChoice: false, source: { kind: 'manual' }, page: { inAudit: false } });
    const { finding } = await t.record(HD.id);
    expect(finding.unit_id).toBe(HD.id);
  });

  it('refuses a new finding for a unit the scope has left, and drops a capture target of another unit', async () => {
    const t = await setup();
    const haDong = await t.open('hadong.example.vn');
    await t.bg.handlers.selectScope({ auditId: AUDIT, unitId: ST.id }, sender);
    expect(await t.unit()).toBe(HD.id);
    const { finding } = await t.record(HD.id);
    await t.bg.handlers.setCaptureTarget({ findingId: finding.id, itemCode: 'MC-8.5.1-01', result: 'nc_minor' }, sender);
    expect((await overlayStateItem.getValue())?.target?.findingId).toBe(finding.id);

    await t.open('sontay.example.vn');
    expect(await t.unit()).toBe(ST.id);
    // The overlay no longer offers to capture for Hà Đông's finding, and a capture sent for it attaches nothing.
    expect((await overlayStateItem.getValue())?.target).toBeNull();
    const capture: PageCapture = { page_url: 'http://sontay.example.vn/ho-so', page_title: 'Hồ sơ', selectors: [], quote: 'Hồ sơ', fields: {}, dossier_code: null };
    const res = await t.bg.handlers.submitCapture({ findingId: finding.id, screenshot: false, capture }, { tab: { id: haDong } } as Browser.runtime.MessageSender);
    expect(res).toMatchObject({ ok: false, code: 'unit_changed' });
    expect(await (await t.bg.db).getAll('evidence')).toEqual([]);
    // A panel that has not heard of the change yet files nothing under the old unit.
    await expect(t.record(HD.id)).rejects.toMatchObject({ code: 'unit_changed' });
    expect((await t.record(ST.id)).finding.unit_id).toBe(ST.id);
  });

  it('follows a page report of the tracked tab (a profile recognised after a hash route)', async () => {
    const t = await setup();
    const tab = await t.open('chung.example.vn');
    await t.bg.handlers.selectScope({ auditId: AUDIT, unitId: ST.id }, sender);
    expect(await t.unit()).toBe(ST.id);
    await fakeBrowser.tabs.update(tab, { url: 'http://hadong.example.vn/can-bo/#/dossiers' });
    expect(await pageTabItem.getValue()).toBe(tab);
    const tabInfo = await fakeBrowser.tabs.get(tab);
    await t.bg.handlers.reportPage({ url: 'http://hadong.example.vn/can-bo/#/dossiers', title: 'Hồ sơ', profileName: 'Cổng cán bộ Hà Đông', pageIds: [], dossierCode: null, itemCodes: [], anchored: 0, orphans: [], firstBadgesMs: null }, { tab: tabInfo } as Browser.runtime.MessageSender);
    expect(await t.unit()).toBe(HD.id);
  });
});
