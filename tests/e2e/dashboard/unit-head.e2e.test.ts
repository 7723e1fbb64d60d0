// The unit head's job in the dashboard, in real Chromium against the seeded Worker: sign in by keyboard, see the
// inbox with overdue actions standing out, read a finding's evidence, answer a nonconformity with a plan (keeping
// the form through a failed request), dispute one with counter-evidence and report an action done. Each test makes
// its own nonconformity through the API, so none depends on another.
import { todayInVietnam, uuidv7 } from '@onestop/shared';
import type { Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, screenshot, type Browser } from '../browser.ts';
import { HEAD, LEAD, PASSWORD, api, base, token } from './helpers.ts';

interface Ctx {
  lead: string;
  head: string;
  auditId: string;
  unitId: string;
  itemId: string;
}

/** A fresh open nonconformity of the reporting audit about the unit head's ward, recorded by the lead inspector. */
async function newNonconformity(c: Ctx, note: string): Promise<string> {
  const id = uuidv7();
  const res = await api<{ results: { status: string }[] }>(c.lead, 'POST', '/sync', {
    client_id: 'e2e-dashboard',
    ops: [{ op_id: uuidv7(), kind: 'finding.upsert', entity_id: id, base_version: null, data: { audit_id: c.auditId, unit_id: c.unitId, item_id: c.itemId, result: 'nc_minor', note, recorded_at: new Date().toISOString() } }],
  });
  expect(res.results[0]?.status).toBe('applied');
  return id;
}

function addDays(date: string, n: number): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) + n * 86_400_000).toISOString().slice(0, 10);
}

/** A 1×1 PNG. */
const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==', 'base64');

describe('unit head', () => {
  let browser: Browser;
  let page: Page;
  let c: Ctx;

  beforeAll(async () => {
    const [lead, head] = await Promise.all([token(LEAD), token(HEAD)]);
    const me = await api<{ unit: { id: string } }>(head, 'GET', '/auth/me');
    const audits = await api<{ items: { id: string; code: string; status: string }[] }>(lead, 'GET', '/audits');
    const audit = audits.items.find((a) => a.status === 'reporting' && /^KT-ISO-\d{4}-07$/.test(a.code));
    if (!audit) throw new Error('no reporting audit in the seed');
    const checklist = await api<{ items: { id: string; code: string }[] }>(lead, 'GET', `/audits/${audit.id}/checklist?unit=${me.unit.id}`);
    const item = checklist.items.find((i) => i.code === 'MC-6.2-01') ?? checklist.items[0];
    if (!item) throw new Error('no checklist items');
    c = { lead, head, auditId: audit.id, unitId: me.unit.id, itemId: item.id };

    browser = await launchBrowser();
    page = await browser.context.newPage();
    const login = await browser.context.request.post(`${base()}/api/v1/auth/login`, { data: { email: HEAD, password: PASSWORD, session: 'cookie' }, headers: { origin: base() } });
    expect(login.status()).toBe(200);
  });
  afterAll(async () => {
    await browser?.close();
  });
  // A failing test leaves a picture of the page it failed on.
  afterEach(async (ctx) => {
    if (ctx.task.result?.state === 'fail' && page && !page.isClosed()) await screenshot(page, `FAILED-unit-head-${ctx.task.name.slice(0, 40).replace(/[^a-z0-9]+/gi, '-')}`);
  });

  it('signs in with the keyboard only and lands on the inbox, overdue actions standing out', async () => {
    const own = await launchBrowser();
    try {
      const p = await own.context.newPage();
      await p.goto(base());
      await p.getByRole('heading', { level: 1, name: 'Đăng nhập' }).waitFor();
      await p.getByLabel('Thư điện tử').focus();
      await p.keyboard.type(HEAD);
      await p.keyboard.press('Tab');
      await p.keyboard.type(PASSWORD);
      await p.keyboard.press('Enter');
      await p.getByRole('heading', { level: 1, name: 'Phát hiện cần xử lý' }).waitFor();
      expect(new URL(p.url()).pathname).toBe('/findings');
      // The overdue task and the overdue row stand out.
      const overdueTask = p.getByRole('link', { name: /Khắc phục quá hạn/ });
      await expect.poll(() => overdueTask.getAttribute('class')).toContain('task--active');
      await expect.poll(() => p.locator('tr.row--overdue').count()).toBeGreaterThan(0);
      await expect.poll(() => p.locator('tr.row--overdue .badge--overdue').first().textContent()).toMatch(/Quá hạn \d+ ngày/);
      // Keyboard: the skip link comes first, and following a nav link moves the focus to the new page's heading.
      await p.keyboard.press('Tab');
      await p.keyboard.press('Tab');
      await p.getByRole('link', { name: 'Cuộc kiểm tra' }).focus();
      await p.keyboard.press('Enter');
      await p.getByRole('heading', { level: 1, name: 'Cuộc kiểm tra' }).waitFor();
      await expect.poll(() => p.evaluate(() => document.activeElement?.tagName)).toBe('H1');
      await screenshot(p, 'dashboard-unit-head-inbox-after-keyboard');
    } finally {
      await own.close();
    }
  });

  it('answers a nonconformity with a corrective-action plan; a failed request keeps what was typed', async () => {
    const id = await newNonconformity(c, 'E2E: biểu mẫu theo dõi mục tiêu chất lượng chưa cập nhật.');
    await page.goto(`${base()}/findings/${id}`);
    await page.getByRole('heading', { name: 'Chấp nhận và lập kế hoạch khắc phục' }).waitFor();
    const due = addDays(todayInVietnam(), 14);
    await page.getByLabel('Nguyên nhân').fill('Chưa phân công người cập nhật biểu mẫu sau khi sắp xếp đơn vị.');
    await page.getByLabel('Hành động khắc phục').fill('Phân công công chức cập nhật biểu mẫu hằng tháng; lãnh đạo kiểm tra.');
    // The owner is chosen among the ward's users (the seed has its head, Vũ Đức Long).
    await page.getByLabel('Người chịu trách nhiệm').selectOption({ index: 1 });
    await page.getByLabel('Hạn hoàn thành').fill(due);

    // The first attempt never reaches the server: the form says so and keeps every value.
    let blocked = 0;
    await page.route('**/api/v1/findings/*/response', (route) => {
      blocked++;
      return route.abort('connectionrefused');
    });
    await page.getByRole('button', { name: 'Gửi kế hoạch khắc phục' }).click();
    await page.getByRole('alert').filter({ hasText: 'Không kết nối được máy chủ' }).waitFor();
    expect(blocked).toBe(1);
    expect(await page.getByLabel('Nguyên nhân').inputValue()).toContain('Chưa phân công');
    expect(await page.getByLabel('Hạn hoàn thành').inputValue()).toBe(due);
    await screenshot(page, 'dashboard-unit-head-answer-failed');
    await page.unroute('**/api/v1/findings/*/response');

    await page.getByRole('button', { name: 'Gửi kế hoạch khắc phục' }).click();
    await page.getByRole('status').filter({ hasText: 'Đã gửi kế hoạch khắc phục' }).waitFor();
    await expect.poll(() => page.locator('.page-header .badge--status-action_planned').textContent()).toBe('Đang khắc phục');
    await page.getByRole('heading', { name: 'Báo cáo đã thực hiện khắc phục' }).waitFor();
    await screenshot(page, 'dashboard-unit-head-answered');

    const f = await api<{ status: string; corrective_action: { owner_name: string; due_date: string } | null }>(c.head, 'GET', `/findings/${id}`);
    expect(f.status).toBe('action_planned');
    expect(f.corrective_action).toMatchObject({ owner_name: 'Vũ Đức Long', owner_user_id: (await api<{ user: { id: string } }>(c.head, 'GET', '/auth/me')).user.id, due_date: due });
  });

  it('refuses a plan without its needs, at the fields, before sending anything', async () => {
    const id = await newNonconformity(c, 'E2E: kiểm tra lỗi nhập liệu.');
    await page.goto(`${base()}/findings/${id}`);
    await page.getByRole('heading', { name: 'Chấp nhận và lập kế hoạch khắc phục' }).waitFor();
    let sent = 0;
    await page.route('**/api/v1/findings/*/response', (route) => {
      sent++;
      return route.continue();
    });
    await page.getByLabel('Nguyên nhân').fill('Thiếu người');
    await page.getByLabel('Hạn hoàn thành').fill(addDays(todayInVietnam(), -1));
    await page.getByRole('button', { name: 'Gửi kế hoạch khắc phục' }).click();
    const form = page.locator('form', { has: page.getByRole('heading', { name: 'Chấp nhận và lập kế hoạch khắc phục' }) });
    await expect.poll(() => form.locator('.field-error').count()).toBeGreaterThan(0);
    expect(await page.getByLabel('Hành động khắc phục').getAttribute('aria-invalid')).toBe('true');
    expect(sent).toBe(0);
    await page.unroute('**/api/v1/findings/*/response');
  });

  it('signs in again in a dialog when the session ends, keeping the page and what was typed', async () => {
    const own = await launchBrowser();
    try {
      await own.context.request.post(`${base()}/api/v1/auth/login`, { data: { email: HEAD, password: PASSWORD, session: 'cookie' }, headers: { origin: base() } });
      const p = await own.context.newPage();
      const id = await newNonconformity(c, 'E2E: phiên hết hạn giữa chừng.');
      await p.goto(`${base()}/findings/${id}`);
      await p.getByLabel('Lý do không đồng ý').fill('Lý do dài đã gõ xong trước khi phiên hết hạn.');
      await own.context.clearCookies();
      await p.getByRole('button', { name: 'Gửi ý kiến không đồng ý' }).click();
      const dialog = p.getByRole('dialog', { name: 'Phiên làm việc đã hết hạn' });
      await dialog.waitFor();
      expect(await dialog.getByLabel('Thư điện tử').inputValue()).toBe(HEAD);
      await dialog.getByLabel('Mật khẩu').fill(PASSWORD);
      await dialog.getByRole('button', { name: 'Đăng nhập', exact: true }).click();
      await dialog.waitFor({ state: 'detached' });
      expect(await p.getByLabel('Lý do không đồng ý').inputValue()).toBe('Lý do dài đã gõ xong trước khi phiên hết hạn.');
      await p.getByRole('button', { name: 'Gửi ý kiến không đồng ý' }).click();
      await expect.poll(() => p.locator('.page-header .badge--status-disputed').count()).toBe(1);
    } finally {
      await own.close();
    }
  });

  it('disputes a nonconformity with a reason and counter-evidence', async () => {
    const id = await newNonconformity(c, 'E2E: chưa niêm yết số đường dây nóng.');
    await page.goto(`${base()}/findings/${id}`);
    await page.getByLabel('Lý do không đồng ý').fill('Số đường dây nóng đã niêm yết ở bảng bên phải cửa ra vào (ảnh đính kèm).');
    await page.getByLabel('Bằng chứng giải trình').setInputFiles({ name: 'bang-niem-yet.png', mimeType: 'image/png', buffer: PNG });
    await page.getByRole('button', { name: 'Gửi ý kiến không đồng ý' }).click();
    await page.getByRole('status').filter({ hasText: 'Đã gửi ý kiến không đồng ý' }).waitFor();
    await expect.poll(() => page.locator('.page-header .badge--status-disputed').count()).toBe(1);
    // The counter-evidence is shown back through a blob URL.
    await expect.poll(() => page.locator('.evidence img').getAttribute('src')).toMatch(/^blob:/);
    const f = await api<{ status: string; dispute_reason: string; evidence: { purpose: string; uploaded_at: string | null }[] }>(c.head, 'GET', `/findings/${id}`);
    expect(f.status).toBe('disputed');
    expect(f.evidence).toEqual([expect.objectContaining({ purpose: 'response', uploaded_at: expect.any(String) })]);
  });

  it('reports the corrective action done', async () => {
    const id = await newNonconformity(c, 'E2E: sổ theo dõi thiếu chữ ký.');
    await api(c.head, 'POST', `/findings/${id}/response`, { decision: 'accept', root_cause: 'Thiếu kiểm tra', action: 'Bổ sung chữ ký, kiểm tra hằng tuần', owner_user_id: (await api<{ user: { id: string } }>(c.head, 'GET', '/auth/me')).user.id, due_date: addDays(todayInVietnam(), 7) });
    await page.goto(`${base()}/findings/${id}`);
    await page.getByLabel('Việc đã thực hiện').fill('Đã bổ sung chữ ký cho 12 sổ; kiểm tra hằng tuần trong 4 tuần, không còn thiếu.');
    await page.getByRole('button', { name: 'Báo cáo hoàn thành' }).click();
    await page.getByRole('status').filter({ hasText: 'Đã báo cáo hoàn thành khắc phục' }).waitFor();
    await expect.poll(() => page.locator('.page-header .badge--status-action_done').count()).toBe(1);
    // The history lists every step with who and when.
    await expect.poll(() => page.locator('.timeline li').count()).toBeGreaterThanOrEqual(3);
    const f = await api<{ status: string }>(c.head, 'GET', `/findings/${id}`);
    expect(f.status).toBe('action_done');
  });

  it("shows a finding's evidence: quote, fields, page link, screenshot, who recorded it and when", async () => {
    const id = await newNonconformity(c, 'E2E: hồ sơ trễ hạn không có văn bản xin lỗi.');
    const captured = new Date().toISOString();
    await api(c.lead, 'POST', `/findings/${id}/evidence`, {
      id: uuidv7(),
      kind: 'page_capture',
      page_url: 'http://127.0.0.1:8788/ho-so/000.35.24.H26-260925-0013',
      page_title: 'Chi tiết hồ sơ 000.35.24.H26-260925-0013',
      selectors: [{ type: 'TextQuoteSelector', exact: 'Trễ hạn 3 ngày', prefix: 'Tình trạng: ' }],
      quote: 'Tình trạng: Trễ hạn 3 ngày',
      fields: { dossier_code: '000.35.24.H26-260925-0013', apology_issued: false, steps: [{ name: 'Tiếp nhận', to_officer: 'Trần B' }] },
      captured_at: captured,
    });
    const shotId = uuidv7();
    const { createHash } = await import('node:crypto');
    const sha256 = createHash('sha256').update(PNG).digest('hex');
    await api(c.lead, 'POST', `/findings/${id}/evidence`, { id: shotId, kind: 'screenshot', page_url: 'http://127.0.0.1:8788/ho-so/000.35.24.H26-260925-0013', page_title: 'Chi tiết hồ sơ', sha256, mime: 'image/png', bytes: PNG.byteLength, captured_at: captured });
    const put = await fetch(`${base()}/api/v1/evidence/${shotId}/blob`, { method: 'PUT', headers: { authorization: `Bearer ${c.lead}`, 'content-type': 'image/png', 'x-content-sha256': sha256 }, body: PNG });
    expect(put.status).toBe(200);

    await page.goto(`${base()}/findings/${id}`);
    const quote = page.locator('blockquote.quote');
    await expect.poll(() => quote.textContent()).toContain('Trễ hạn 3 ngày');
    expect(await page.locator('.fields dt', { hasText: 'Mã hồ sơ' }).count()).toBe(1);
    expect(await page.getByRole('link', { name: /Chi tiết hồ sơ 000\.35\.24/ }).getAttribute('href')).toBe('http://127.0.0.1:8788/ho-so/000.35.24.H26-260925-0013');
    await expect.poll(() => page.locator('.evidence img').evaluate((img) => (img as HTMLImageElement).naturalWidth)).toBe(1);
    expect(await page.locator('.evidence img').getAttribute('src')).toMatch(/^blob:/);
    await expect.poll(() => page.locator('.evidence-head').first().textContent()).toContain('Lê Văn Thành');
    await screenshot(page, 'dashboard-unit-head-evidence');
  });

  it('switches to English and back, dates staying in Asia/Ho_Chi_Minh', async () => {
    await page.goto(`${base()}/findings`);
    await page.getByRole('button', { name: 'English' }).click();
    await page.getByRole('heading', { level: 1, name: 'Findings to answer' }).waitFor();
    expect(await page.evaluate(() => document.documentElement.lang)).toBe('en');
    // Recorded dates are local calendar dates (dd/mm/yyyy in en-GB as well).
    await expect.poll(() => page.locator('.findings-table tbody tr').first().locator('td').last().textContent()).toMatch(/^\d{2}\/\d{2}\/\d{4}$/);
    await page.reload();
    await page.getByRole('heading', { level: 1, name: 'Findings to answer' }).waitFor();
    await page.getByRole('button', { name: 'Tiếng Việt' }).click();
    await page.getByRole('heading', { level: 1, name: 'Phát hiện cần xử lý' }).waitFor();
  });
});
