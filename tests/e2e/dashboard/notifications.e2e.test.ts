// Reminders in real Chromium (docs/reminders.md): the lead inspector reminds the unit heads of unanswered
// nonconformities from the audit page (at most once a day), the unit head's bell shows the unread count in its
// accessible name, the list links each notification to its finding and audit, marks one or all read, and the
// digest preferences save. Both languages, axe on every screen. The audit and its findings are made here.
import { todayInVietnam, uuidv7 } from '@onestop/shared';
import type { Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { seriousViolations } from '../axe.ts';
import { launchBrowser, screenshot, type Browser } from '../browser.ts';
import { ADMIN, api, base, HEAD, LEAD, setLang, signIn, token } from './helpers.ts';

interface Ctx {
  lead: string;
  head: string;
  auditId: string;
  code: string;
  findings: string[];
}

/** An audit of the unit head's ward in `reporting`, with two unanswered nonconformities. */
async function makeReportingAudit(): Promise<Ctx> {
  const [admin, lead, head] = await Promise.all([token(ADMIN), token(LEAD), token(HEAD)]);
  const unitId = (await api<{ unit: { id: string } }>(head, 'GET', '/auth/me')).unit.id;
  const leadId = (await api<{ user: { id: string } }>(lead, 'GET', '/auth/me')).user.id;
  const seeded = (await api<{ items: { id: string; status: string }[] }>(lead, 'GET', '/audits')).items.find((a) => a.status === 'reporting');
  if (!seeded) throw new Error('no reporting audit in the seed');
  const versionId = (await api<{ checklists: { version_id: string }[] }>(lead, 'GET', `/audits/${seeded.id}`)).checklists[0]?.version_id ?? '';
  const today = todayInVietnam();
  const code = `KT-NHAC-${Math.random().toString(36).slice(2, 7).toUpperCase()}`;
  const audit = await api<{ id: string }>(admin, 'POST', '/audits', {
    code,
    title: 'Kiểm tra thử nhắc việc',
    kind: 'inspection',
    planned_start: today,
    planned_end: today,
    unit_ids: [unitId],
    version_ids: [versionId],
    lead_user_id: leadId,
    member_ids: [],
    reminder_after_days: 3,
  });
  await api(lead, 'POST', `/audits/${audit.id}/transitions`, { to: 'in_progress' });
  const items = (await api<{ items: { id: string }[] }>(lead, 'GET', `/audits/${audit.id}/checklist?unit=${unitId}`)).items.slice(0, 2);
  const findings = items.map(() => uuidv7());
  const res = await api<{ results: { status: string }[] }>(lead, 'POST', '/sync', {
    client_id: 'e2e-notifications',
    ops: items.map((item, i) => ({
      op_id: uuidv7(),
      kind: 'finding.upsert',
      entity_id: findings[i],
      base_version: null,
      data: { audit_id: audit.id, unit_id: unitId, item_id: item.id, result: 'nc_minor', note: `E2E nhắc việc ${i + 1}`, recorded_at: new Date().toISOString() },
    })),
  });
  expect(res.results.map((r) => r.status)).toEqual(['applied', 'applied']);
  await api(lead, 'POST', `/audits/${audit.id}/transitions`, { to: 'reporting', note: 'Kiểm tra thử chỉ hai mục để thử nhắc việc.' });
  return { lead, head, auditId: audit.id, code, findings };
}

async function unread(tok: string): Promise<number> {
  return (await api<{ unread: number }>(tok, 'GET', '/notifications/unread-count')).unread;
}

describe('reminders and notifications', () => {
  let c: Ctx;
  let leadBrowser: Browser;
  let headBrowser: Browser;
  let page: Page;

  beforeAll(async () => {
    c = await makeReportingAudit();
    leadBrowser = await launchBrowser();
    headBrowser = await launchBrowser();
  });
  afterAll(async () => {
    await leadBrowser?.close();
    await headBrowser?.close();
  });
  afterEach(async (ctx) => {
    if (ctx.task.result?.state === 'fail' && page && !page.isClosed()) await screenshot(page, `FAILED-notifications-${ctx.task.name.slice(0, 40).replace(/[^a-z0-9]+/gi, '-')}`);
  });

  it('the lead reminds the unit heads from the audit page, at most once a day', async () => {
    page = await signIn(leadBrowser, LEAD);
    await page.goto(`${base()}/audits/${c.auditId}`);
    await page.getByRole('heading', { level: 1, name: c.code }).waitFor();
    const card = page.locator('[data-remind]');
    await card.getByRole('heading', { name: /Nhắc đơn vị phản hồi/ }).waitFor();
    await expect.poll(() => card.locator('tbody tr').count()).toBe(2);
    expect(await card.locator('tbody tr').first().textContent()).toContain('Chưa');
    expect(await seriousViolations(page)).toEqual([]);
    await screenshot(page, 'dashboard-notifications-remind-vi');

    await card.getByRole('button', { name: 'Nhắc thủ trưởng đơn vị ngay' }).click();
    await card.getByText(/Đã nhắc 2 điểm; 0 điểm đã được nhắc hôm nay/).waitFor();
    await expect.poll(() => card.locator('tbody tr', { hasText: 'Đã nhắc' }).count()).toBe(2);
    await card.getByRole('button', { name: 'Nhắc thủ trưởng đơn vị ngay' }).click();
    await card.getByText(/Đã nhắc 0 điểm; 2 điểm đã được nhắc hôm nay/).waitFor();
    await screenshot(page, 'dashboard-notifications-remind-done-vi');

    await setLang(page, 'en');
    await card.getByRole('heading', { name: /Remind units to answer/ }).waitFor();
    await card.getByRole('button', { name: 'Remind the unit heads now' }).waitFor();
    // The last press's counts follow the language.
    await card.getByText('0 reminded now; 2 already reminded today; 0 without a unit head to remind.').waitFor();
    expect(await seriousViolations(page)).toEqual([]);
    await screenshot(page, 'dashboard-notifications-remind-en');
    await setLang(page, 'vi');
  });

  it('the unit head\'s bell shows the unread count; the list links, marks one and all read', async () => {
    page = await signIn(headBrowser, HEAD);
    await page.goto(`${base()}/findings`);
    const before = await unread(c.head);
    expect(before).toBeGreaterThanOrEqual(2);
    const bell = page.getByRole('link', { name: `Thông báo: ${before} chưa đọc` });
    await bell.waitFor();
    await bell.click();
    await page.getByRole('heading', { level: 1, name: 'Thông báo' }).waitFor();
    const mine = page.locator('li[data-kind="nc_reminder"]', { hasText: c.code });
    await expect.poll(() => mine.count()).toBe(2);
    expect(await mine.first().textContent()).toMatch(new RegExp(`Trưởng đoàn nhắc phản hồi không phù hợp nhẹ MC-[\\d.-]+ \\([^,]+, ${c.code}\\): việc này đang chặn kết thúc cuộc kiểm tra\\.`));
    expect(await seriousViolations(page)).toEqual([]);
    await screenshot(page, 'dashboard-notifications-list-vi');

    // Mark one read: its button goes, the bell counts one less.
    await mine.first().getByRole('button', { name: /^Đánh dấu đã đọc/ }).click();
    await page.getByRole('link', { name: `Thông báo: ${before - 1} chưa đọc` }).waitFor();
    expect(await unread(c.head)).toBe(before - 1);

    // Following the other one's link opens its finding and marks it read.
    const second = mine.nth(1);
    const findingHref = await second.getByRole('link', { name: 'Xem phát hiện' }).getAttribute('href');
    expect(c.findings.map((id) => `/findings/${id}`)).toContain(findingHref);
    expect(await second.getByRole('link', { name: `Cuộc kiểm tra ${c.code}` }).getAttribute('href')).toBe(`/audits/${c.auditId}`);
    await second.getByRole('link', { name: 'Xem phát hiện' }).click();
    await page.waitForURL((u) => u.pathname === findingHref);
    await page.getByRole('link', { name: `Thông báo: ${before - 2} chưa đọc` }).waitFor();

    await page.getByRole('link', { name: `Thông báo: ${before - 2} chưa đọc` }).click();
    await page.getByRole('heading', { level: 1, name: 'Thông báo' }).waitFor();
    await setLang(page, 'en');
    await page.getByRole('heading', { level: 1, name: 'Notifications' }).waitFor();
    expect(await seriousViolations(page)).toEqual([]);
    await screenshot(page, 'dashboard-notifications-list-en');
    if (before - 2 > 0) {
      await page.getByRole('button', { name: 'Mark all read' }).click();
      await page.getByText(`${before - 2} notification(s) marked read.`).waitFor();
    }
    await page.getByRole('link', { name: 'Notifications: 0 unread' }).waitFor();
    expect(await unread(c.head)).toBe(0);
    await setLang(page, 'vi');
  });

  it('saves the daily digest preferences, in both languages', async () => {
    page = await signIn(headBrowser, HEAD);
    await page.goto(`${base()}/account/notifications`);
    await page.getByRole('heading', { level: 1, name: 'Cài đặt thông báo' }).waitFor();
    const digest = page.getByLabel('Nhận thư tóm tắt hằng ngày qua thư điện tử');
    await digest.check();
    await page.getByLabel('Lời nhắc của trưởng đoàn').uncheck();
    await page.getByLabel('Chỉ tiếng Việt').check();
    expect(await seriousViolations(page)).toEqual([]);
    await screenshot(page, 'dashboard-notifications-prefs-vi');
    await page.getByRole('button', { name: 'Lưu' }).click();
    await page.getByText('Đã lưu cài đặt thông báo.').waitFor();
    const saved = await api<{ digest_enabled: boolean; digest_kinds: string[]; language: string | null }>(c.head, 'GET', '/notifications/preferences');
    expect(saved).toEqual({ digest_enabled: true, digest_kinds: ['action_due', 'action_overdue', 'nc_unanswered', 'dispute_waiting', 'verification_waiting'], language: 'vi' });

    // No kind chosen: a readable message, nothing saved.
    for (const name of ['Hành động khắc phục sắp đến hạn (trong 3 ngày)', 'Hành động khắc phục quá hạn', 'Điểm không phù hợp chưa được phản hồi', 'Phản đối chờ trưởng đoàn xem xét', 'Hành động đã xong chờ xác minh']) {
      await page.getByLabel(name).uncheck();
    }
    await page.getByRole('button', { name: 'Lưu' }).click();
    await page.getByRole('alert').filter({ hasText: 'Chọn ít nhất một loại nhắc việc' }).waitFor();
    expect((await api<{ digest_kinds: string[] }>(c.head, 'GET', '/notifications/preferences')).digest_kinds).toHaveLength(5);

    await setLang(page, 'en');
    await page.getByRole('heading', { level: 1, name: 'Notification settings' }).waitFor();
    // Messages follow the language; the earlier "saved" is gone after the refused attempt.
    await page.getByRole('alert').filter({ hasText: 'Choose at least one kind of reminder, or turn the digest off.' }).waitFor();
    expect(await page.getByText('Notification settings saved.').count()).toBe(0);
    expect(await seriousViolations(page)).toEqual([]);
    await screenshot(page, 'dashboard-notifications-prefs-en');
    await setLang(page, 'vi');
    // Back to the defaults, so no other run gets digests from this one.
    await api(c.head, 'PUT', '/notifications/preferences', { digest_enabled: false, digest_kinds: ['action_due', 'action_overdue', 'nc_unanswered', 'dispute_waiting', 'verification_waiting', 'nc_reminder'], language: null });
  });

  it('the audit plan form sets the days before unit heads are reminded, with a readable error', async () => {
    const own = await launchBrowser();
    try {
      page = await signIn(own, ADMIN);
      await page.goto(`${base()}/audits/new`);
      await page.getByRole('heading', { level: 1 }).waitFor();
      const days = page.getByLabel('Nhắc thủ trưởng đơn vị sau (ngày chưa phản hồi)');
      await expect.poll(() => days.inputValue()).toBe('7');
      await days.fill('0');
      await page.getByRole('button', { name: 'Tạo kế hoạch' }).click();
      await page.getByText('Nhập số ngày nguyên từ 1 đến 60.').waitFor();
      expect(await seriousViolations(page)).toEqual([]);
      await screenshot(page, 'dashboard-notifications-plan-days-vi');
      await setLang(page, 'en');
      await page.getByText('Enter a whole number of days from 1 to 60.').waitFor();
      expect(await seriousViolations(page)).toEqual([]);
      await setLang(page, 'vi');
    } finally {
      await own.close();
    }
  });
});
