// A lead inspector's first walk through an audit (issue 16): exports hidden while a planned audit has no findings,
// a start before the planned date and a report below the coverage threshold each asking for a written reason, the
// coverage stated, a transition that is not yet possible disabled with its reason, inline confirmations that close
// on Escape and give focus back, withdrawing a disputed finding confirmed first, and an empty W3C export explained.
// The walk moves an audit of its own (made here through the API); the seeded audit is only read or given findings.
import { todayInVietnam, uuidv7 } from '@onestop/shared';
import type { Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, screenshot, type Browser } from '../browser.ts';
import { ADMIN, HEAD, LEAD, PASSWORD, api, base, call, token } from './helpers.ts';

const REASON = 'Chỉ đánh giá mẫu theo chỉ đạo của lãnh đạo Sở.';

const addDays = (date: string, n: number) => new Date(Date.parse(`${date}T00:00:00Z`) + n * 86_400_000).toISOString().slice(0, 10);
const activeId = (page: Page) => page.evaluate(() => document.activeElement?.id ?? '');

describe('lead inspector: a first walk through the gates', () => {
  let browser: Browser;
  let page: Page;
  let lead: string;
  let head: string;
  let seeded: { id: string; code: string };
  let mine: { id: string; code: string };
  let unitId: string;
  let itemId: string;
  let totalItems: number;

  async function newFinding(auditId: string, result: string, note: string): Promise<string> {
    const id = uuidv7();
    const res = await api<{ results: { status: string }[] }>(lead, 'POST', '/sync', {
      client_id: 'e2e-dashboard-lead-walk',
      ops: [{ op_id: uuidv7(), kind: 'finding.upsert', entity_id: id, base_version: null, data: { audit_id: auditId, unit_id: unitId, item_id: itemId, result, note, recorded_at: new Date().toISOString() } }],
    });
    expect(res.results[0]?.status).toBe('applied');
    return id;
  }

  beforeAll(async () => {
    const admin = await token(ADMIN);
    [lead, head] = await Promise.all([token(LEAD), token(HEAD)]);
    unitId = (await api<{ unit: { id: string } }>(head, 'GET', '/auth/me')).unit.id;
    const leadId = (await api<{ user: { id: string } }>(lead, 'GET', '/auth/me')).user.id;
    const audits = await api<{ items: { id: string; code: string; status: string }[] }>(lead, 'GET', '/audits');
    const reporting = audits.items.find((a) => a.status === 'reporting' && /^KT-ISO-\d{4}-07$/.test(a.code));
    if (!reporting) throw new Error('no reporting audit in the seed');
    seeded = reporting;
    const detail = await api<{ checklists: { version_id: string; item_count: number }[] }>(lead, 'GET', `/audits/${seeded.id}`);
    const version = detail.checklists[0];
    if (!version) throw new Error('the seeded audit pins no checklist');
    totalItems = version.item_count;
    const checklist = await api<{ items: { id: string; code: string }[] }>(lead, 'GET', `/audits/${seeded.id}/checklist?unit=${unitId}`);
    itemId = (checklist.items.find((i) => i.code === 'MC-7.2-01') ?? checklist.items[0])?.id ?? '';
    // Our own audit of one unit, planned to start in five days.
    const code = `KT-WALK-${Math.random().toString(36).slice(2, 7).toUpperCase()}`;
    const start = addDays(todayInVietnam(), 5);
    mine = await api<{ id: string; code: string }>(admin, 'POST', '/audits', {
      code,
      title: 'Kiểm tra thử quy trình một cửa (đi qua các bước)',
      kind: 'inspection',
      planned_start: start,
      planned_end: addDays(start, 3),
      unit_ids: [unitId],
      version_ids: [version.version_id],
      lead_user_id: leadId,
      member_ids: [],
    });
    browser = await launchBrowser();
    const login = await browser.context.request.post(`${base()}/api/v1/auth/login`, { data: { email: LEAD, password: PASSWORD, session: 'cookie' }, headers: { origin: base() } });
    expect(login.status()).toBe(200);
    page = await browser.context.newPage();
  });
  afterAll(async () => {
    await browser?.close();
  });
  afterEach(async (ctx) => {
    if (ctx.task.result?.state === 'fail' && page && !page.isClosed()) await screenshot(page, `FAILED-lead-walk-${ctx.task.name.slice(0, 40).replace(/[^a-z0-9]+/gi, '-')}`);
  });

  it('hides the exports of a planned audit with no findings; the cancel confirmation says what it does and closes on Escape', async () => {
    await page.goto(`${base()}/audits/${mine.id}`);
    await page.getByRole('heading', { level: 1, name: mine.code }).waitFor();
    await page.getByRole('heading', { name: 'Huỷ cuộc kiểm tra' }).waitFor();
    expect(await page.getByRole('link', { name: 'Xuất CSV' }).count()).toBe(0);
    expect(await page.getByRole('link', { name: /Xuất chú thích W3C/ }).count()).toBe(0);

    const opener = page.getByRole('button', { name: 'Chuyển sang “Đã huỷ”' });
    await opener.click();
    const doIt = page.getByRole('button', { name: 'Huỷ cuộc kiểm tra' });
    const back = page.getByRole('button', { name: 'Không, quay lại' });
    await doIt.waitFor();
    await back.waitFor();
    await screenshot(page, 'dashboard-lead-walk-cancel-confirm');
    await page.getByLabel(/Ghi chú/).press('Escape');
    await expect.poll(() => doIt.count()).toBe(0);
    await expect.poll(() => activeId(page)).toBe('transition-open-cancelled');
    // "back" gives focus back the same way.
    await opener.click();
    await back.click();
    await expect.poll(() => activeId(page)).toBe('transition-open-cancelled');
    expect((await api<{ status: string }>(lead, 'GET', `/audits/${mine.id}`)).status).toBe('planned');
  });

  it('starting before the planned start date needs a written reason', async () => {
    await page.goto(`${base()}/audits/${mine.id}`);
    const gate = page.getByRole('list', { name: 'Điều kiện' }).locator('li', { hasText: 'Đã đến ngày bắt đầu dự kiến' });
    await expect.poll(() => gate.getAttribute('class')).toContain('gate--fail');

    const refused = await call(lead, 'POST', `/audits/${mine.id}/transitions`, { to: 'in_progress' });
    expect(refused.status).toBe(409);
    expect(((await refused.json()) as { code: string }).code).toBe('early_start_reason_required');

    await page.getByRole('button', { name: 'Chuyển sang “Đang kiểm tra”' }).click();
    const confirm = page.getByRole('button', { name: 'Xác nhận chuyển sang “Đang kiểm tra”' });
    const reason = page.getByLabel(/Lý do \(bắt buộc/);
    await reason.waitFor();
    expect(await confirm.isDisabled()).toBe(true);
    await reason.fill('sớm');
    await page.getByText('Lý do cần ít nhất 10 ký tự.').waitFor();
    expect(await confirm.isDisabled()).toBe(true);
    await reason.fill(REASON);
    expect(await confirm.isDisabled()).toBe(false);
    await confirm.click();
    await expect.poll(() => page.locator('.page-header .badge--audit-in_progress').count()).toBe(1);
  });

  it('states the coverage and asks a reason to report below the threshold', async () => {
    await newFinding(mine.id, 'conform', 'E2E: hồ sơ tiếp nhận đúng quy trình.');
    await page.goto(`${base()}/audits/${mine.id}`);
    const gate = page.getByRole('list', { name: 'Điều kiện' }).locator('li', { hasText: 'Đã đánh giá' });
    const pct = Math.floor((1 / totalItems) * 100);
    await expect.poll(() => gate.textContent()).toContain(`Đã đánh giá 1/${totalItems} mục (${pct}%, ngưỡng 80%)`);
    expect(await gate.getAttribute('class')).toContain('gate--fail');

    const refused = await call(lead, 'POST', `/audits/${mine.id}/transitions`, { to: 'reporting' });
    expect(refused.status).toBe(409);
    expect(await refused.json()).toMatchObject({ code: 'coverage_below_threshold', assessed_items: 1, total_items: totalItems });

    await page.getByRole('button', { name: 'Chuyển sang “Báo cáo kết quả”' }).click();
    const confirm = page.getByRole('button', { name: 'Xác nhận chuyển sang “Báo cáo kết quả”' });
    await page.getByLabel(/Lý do \(bắt buộc/).waitFor();
    expect(await confirm.isDisabled()).toBe(true);
    await page.getByLabel(/Lý do \(bắt buộc/).fill(REASON);
    await screenshot(page, 'dashboard-lead-walk-coverage-reason');
    await confirm.click();
    await expect.poll(() => page.locator('.page-header .badge--audit-reporting').count()).toBe(1);
    const events = await api<{ items: { type: string; summary: Record<string, unknown> }[] }>(lead, 'GET', `/events?entity=audit&id=${mine.id}`);
    expect(events.items.find((e) => e.type === 'audit.reporting')?.summary).toMatchObject({ note: REASON, assessed_items: 1, total_items: totalItems });
  });

  it('explains an empty W3C export instead of saving an empty file', async () => {
    await page.goto(`${base()}/audits/${mine.id}`);
    const link = page.getByRole('link', { name: /Xuất chú thích W3C/ });
    await link.waitFor();
    expect(await page.getByRole('link', { name: 'Xuất CSV' }).count()).toBe(1);
    await link.click();
    await page.getByText('Chưa có minh chứng trang web nào').waitFor();
    expect(await link.getAttribute('aria-describedby')).toBe('export-annotations-note');
    await screenshot(page, 'dashboard-lead-walk-export-empty');
  });

  it('disables a transition that is not possible yet and says why, in Vietnamese', async () => {
    await page.goto(`${base()}/audits/${seeded.id}`);
    const close = page.getByRole('button', { name: 'Chuyển sang “Kết thúc”' });
    await close.waitFor();
    await expect.poll(() => close.isDisabled()).toBe(true);
    const why = page.locator(`#${(await close.getAttribute('aria-describedby')) ?? 'missing'}`);
    expect(await why.textContent()).toContain('Chưa thể chuyển: Chưa thể kết thúc');
    await screenshot(page, 'dashboard-lead-walk-close-disabled');
  });

  it('confirms withdrawing a disputed finding; Escape steps back to the send button', async () => {
    const id = await newFinding(seeded.id, 'nc_major', 'E2E: chưa niêm yết phí, lệ phí.');
    await api(head, 'POST', `/findings/${id}/response`, { decision: 'dispute', reason: 'Bảng phí đã niêm yết tại quầy số 2.' });
    await page.goto(`${base()}/findings/${id}`);
    await page.getByRole('heading', { name: 'Xem xét ý kiến không đồng ý' }).waitFor();
    await page.getByRole('radio', { name: /Chấp nhận giải trình/ }).check();
    await page.getByLabel('Ý kiến của trưởng đoàn').fill('Đã xem ảnh: bảng phí có niêm yết.');
    await page.getByRole('button', { name: 'Gửi quyết định' }).click();
    const withdraw = page.getByRole('button', { name: 'Rút phát hiện' });
    await withdraw.waitFor();
    await page.getByText(/Rút phát hiện là quyết định cuối cùng/).waitFor();
    await screenshot(page, 'dashboard-lead-walk-withdraw-confirm');
    expect((await api<{ status: string }>(lead, 'GET', `/findings/${id}`)).status).toBe('disputed');
    await page.keyboard.press('Escape');
    await expect.poll(() => withdraw.count()).toBe(0);
    await expect.poll(() => activeId(page)).toBe('review-submit');

    await page.getByRole('button', { name: 'Gửi quyết định' }).click();
    await withdraw.click();
    await expect.poll(() => page.locator('.page-header .badge--status-withdrawn').count()).toBe(1);
    expect((await api<{ status: string }>(lead, 'GET', `/findings/${id}`)).status).toBe('withdrawn');
  });

  it('clears the 401 message once the lead signs in again in the session-expired dialog', async () => {
    const own = await launchBrowser();
    try {
      await own.context.request.post(`${base()}/api/v1/auth/login`, { data: { email: LEAD, password: PASSWORD, session: 'cookie' }, headers: { origin: base() } });
      const p = await own.context.newPage();
      await p.goto(`${base()}/audits/${mine.id}`);
      await p.getByRole('button', { name: 'Chuyển sang “Kết thúc”' }).click();
      await p.getByLabel(/Lý do \(bắt buộc/).fill(REASON);
      await own.context.clearCookies();
      await p.getByRole('button', { name: 'Xác nhận chuyển sang “Kết thúc”' }).click();
      const dialog = p.getByRole('dialog', { name: 'Phiên làm việc đã hết hạn' });
      await dialog.waitFor();
      // The refused request's message is on the page behind the dialog…
      await expect.poll(() => p.locator('.alert--error').count()).toBeGreaterThan(0);
      await dialog.getByLabel('Mật khẩu').fill(PASSWORD);
      await dialog.getByRole('button', { name: 'Đăng nhập', exact: true }).click();
      await dialog.waitFor({ state: 'detached' });
      // …and gone once signed in again; what was typed stays, and sending again works.
      await expect.poll(() => p.locator('.alert--error').count()).toBe(0);
      expect(await p.getByLabel(/Lý do \(bắt buộc/).inputValue()).toBe(REASON);
      await screenshot(p, 'dashboard-lead-walk-signed-in-again');
      await p.getByRole('button', { name: 'Xác nhận chuyển sang “Kết thúc”' }).click();
      await expect.poll(() => p.locator('.page-header .badge--audit-closed').count()).toBe(1);
    } finally {
      await own.close();
    }
  });
});
