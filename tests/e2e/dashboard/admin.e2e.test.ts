// The administrator's pages in real Chromium: how to start, the unit tree, accounts, checklist import with its
// errors shown at their place then publishing, the site-profile editor with validation, and planning and starting
// an audit with its gates checked. Every test creates its own data (random codes), so none depends on another.
import type { Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it, inject } from 'vitest';
import { launchBrowser, screenshot, type Browser } from '../browser.ts';

const PASSWORD = 'ThuNghiem#2026';
const ADMIN = 'admin@demo.onestop.vn';
const base = () => inject('apiUrl');
const suffix = () => Math.random().toString(36).slice(2, 7).toUpperCase();

function checklistDoc(code: string, items: unknown[]) {
  return JSON.stringify({ code, version: 1, title_vi: `Danh mục thử ${code}`, title_en: `Test checklist ${code}`, standard: 'TCVN ISO 9001:2015', notes: [], items }, null, 2);
}
const item = (code: string, clause: string) => ({ code, clause, section_vi: 'Điều hành', text_vi: `Nội dung kiểm tra ${code}?`, weight: 2 });

describe('admin', () => {
  let browser: Browser;
  let page: Page;

  beforeAll(async () => {
    browser = await launchBrowser();
    const login = await browser.context.request.post(`${base()}/api/v1/auth/login`, { data: { email: ADMIN, password: PASSWORD, session: 'cookie' }, headers: { origin: base() } });
    expect(login.status()).toBe(200);
    page = await browser.context.newPage();
  });
  afterAll(async () => {
    await browser?.close();
  });
  // A failing test leaves a picture of the page it failed on.
  afterEach(async (ctx) => {
    if (ctx.task.result?.state === 'fail' && page && !page.isClosed()) await screenshot(page, `FAILED-admin-${ctx.task.name.slice(0, 40).replace(/[^a-z0-9]+/gi, '-')}`);
  });

  it('shows how to start, each setup step linked and ticked from live data', async () => {
    await page.goto(base());
    await page.getByRole('heading', { level: 1, name: /Xin chào/ }).waitFor();
    await expect.poll(() => page.locator('.setup-step').count()).toBe(5);
    expect(await page.locator('.setup-step--done').count()).toBeGreaterThanOrEqual(4);
    expect(await page.getByRole('link', { name: 'Danh mục kiểm tra' }).first().getAttribute('href')).toBe('/admin/checklists');
    await screenshot(page, 'dashboard-admin-home');
  });

  it('adds a unit under the province and finds it in the tree', async () => {
    const code = `E2E-${suffix()}`;
    await page.goto(`${base()}/admin/units`);
    await page.getByRole('button', { name: 'Thêm đơn vị', exact: true }).click();
    await page.getByLabel('Mã đơn vị').fill(code);
    await page.getByLabel('Tên đơn vị').fill(`Phường Thử ${code}`);
    await page.getByLabel('Cấp', { exact: true }).selectOption('commune');
    await page.getByRole('button', { name: 'Tạo đơn vị' }).click();
    await page.getByRole('status').filter({ hasText: 'Đã tạo đơn vị' }).waitFor();
    await page.getByLabel('Tìm đơn vị').fill(code);
    await page.locator(`tr[data-unit-code="${code}"]`).waitFor();
    // The same code again is refused with the server's reason, the form keeping its values.
    await page.getByRole('button', { name: 'Thêm đơn vị', exact: true }).click();
    await page.getByLabel('Mã đơn vị').fill(code);
    await page.getByLabel('Tên đơn vị').fill('Trùng mã');
    await page.getByRole('button', { name: 'Tạo đơn vị' }).click();
    await page.getByRole('alert').filter({ hasText: 'Mã đơn vị đã được dùng' }).waitFor();
    expect(await page.getByLabel('Tên đơn vị').inputValue()).toBe('Trùng mã');
  });

  it('creates an account, checking the password length first', async () => {
    const email = `e2e-${suffix().toLowerCase()}@demo.onestop.vn`;
    await page.goto(`${base()}/admin/users`);
    await page.getByRole('button', { name: 'Thêm tài khoản' }).click();
    await page.getByRole('textbox', { name: 'Thư điện tử', exact: true }).fill(email);
    await page.getByLabel('Họ và tên').fill('Kiểm Tra Viên Thử');
    await page.getByLabel('Vai trò').first().selectOption('inspector');
    await page.getByLabel('Mật khẩu').fill('ngan');
    await page.getByRole('button', { name: 'Tạo tài khoản' }).click();
    await page.getByText('Cần ít nhất 12 ký tự.').waitFor();
    await page.getByLabel('Mật khẩu').fill('MatKhauThu@2026');
    await page.getByRole('button', { name: 'Tạo tài khoản' }).click();
    await page.getByRole('status').filter({ hasText: 'Đã tạo tài khoản' }).waitFor();
    await page.getByRole('cell', { name: email }).waitFor();
  });

  it('imports a checklist: errors are shown at their place, then it is imported and published', async () => {
    const code = `E2E-CL-${suffix()}`;
    await page.goto(`${base()}/admin/checklists`);
    const editor = page.getByLabel('Nội dung JSON');
    // Item 1 has a bad clause, item 2 repeats item 0's code.
    await editor.fill(checklistDoc(code, [item('T-1', '8.5.1'), item('T-2', 'tám'), item('T-1', '9.1')]));
    const preview = page.locator('section', { has: page.getByRole('heading', { name: 'Xem trước' }) });
    await expect.poll(() => preview.locator('tr[data-item-index="1"] .field-error').count()).toBe(1);
    await expect.poll(() => preview.locator('tr[data-item-index="2"] .field-error').count()).toBe(1);
    expect(await preview.locator('tr[data-item-index="0"] .field-error').count()).toBe(0);
    const errors = page.locator('.json-errors li');
    await expect.poll(() => errors.count()).toBe(2);
    expect(await errors.first().textContent()).toMatch(/dòng \d+, cột \d+/);
    // "Show" puts the cursor on the faulty line of the file.
    await errors.filter({ hasText: 'items[1].clause' }).getByRole('button').click();
    const selected = await editor.evaluate((el) => {
      const t = el as HTMLTextAreaElement;
      return t.value.slice(t.selectionStart, t.selectionEnd);
    });
    expect(selected).toContain('"clause"');
    expect(await page.getByRole('button', { name: 'Nhập thành bản nháp' }).isDisabled()).toBe(true);
    await screenshot(page, 'dashboard-admin-checklist-errors');

    await editor.fill(checklistDoc(code, [item('T-1', '8.5.1'), item('T-2', '8.2'), item('T-3', '9.1')]));
    await page.getByText('Hợp lệ: 3 tiêu chí.').waitFor();
    await page.getByRole('button', { name: 'Nhập thành bản nháp' }).click();
    await page.getByRole('status').filter({ hasText: `Đã nhập ${code}` }).waitFor();
    const card = page.locator('section', { has: page.getByRole('heading', { name: new RegExp(code) }) });
    await card.getByRole('button', { name: 'Công bố' }).click();
    // Publishing asks first (the first version: every item comes into use).
    await page.getByRole('dialog', { name: `Công bố ${code} v1?` }).getByRole('button', { name: 'Xác nhận công bố' }).click();
    // The API answered (the notice), then the reloaded list shows the version as published.
    await page.getByRole('status').filter({ hasText: `Đã công bố ${code} v1.` }).waitFor();
    await card.locator('.badge--version-published').waitFor();
    expect(await card.locator('.badge--version-published').count()).toBe(1);
    expect(await card.getByRole('button', { name: 'Công bố' }).count()).toBe(0);
  });

  it('edits a page recognition profile: validation errors at their line, then it is saved', async () => {
    await page.goto(`${base()}/admin/site-profiles/new`);
    const editor = page.getByLabel('Cấu hình nhận diện trang (JSON)');
    await page.getByText('Cấu hình hợp lệ.').waitFor();
    const name = `Hệ thống thử ${suffix()}`;
    const doc = JSON.parse(await editor.inputValue()) as { name: string; match: string[] };
    doc.name = name;
    doc.match = ['không phải địa chỉ'];
    await editor.fill(JSON.stringify(doc, null, 2));
    const errors = page.locator('.json-errors li');
    await expect.poll(() => errors.count()).toBe(1);
    expect(await errors.first().textContent()).toContain('$.match[0]');
    expect(await page.getByRole('button', { name: 'Lưu' }).isDisabled()).toBe(true);
    await screenshot(page, 'dashboard-admin-profile-error');
    doc.match = ['http://127.0.0.1:9999/*'];
    await editor.fill(JSON.stringify(doc, null, 2));
    await page.getByText('Cấu hình hợp lệ.').waitFor();
    await page.getByRole('button', { name: 'Lưu' }).click();
    await page.getByRole('status').filter({ hasText: 'Đã lưu cấu hình nhận diện trang' }).waitFor();
    await expect.poll(() => new URL(page.url()).pathname).toMatch(/^\/admin\/site-profiles\/[0-9a-f-]{36}$/);
    await page.goto(`${base()}/admin/site-profiles`);
    await page.getByRole('link', { name }).waitFor();
  });

  it('plans an audit, sees its gates met and starts it', async () => {
    const code = `KT-E2E-${suffix()}`;
    await page.goto(`${base()}/audits/new`);
    await page.getByLabel('Mã cuộc kiểm tra').fill(code);
    await page.getByLabel('Tên cuộc kiểm tra').fill('Kiểm tra thử phường Hà Đông');
    await page.getByLabel('Ngày bắt đầu').fill('2026-12-01');
    await page.getByLabel('Ngày kết thúc').fill('2026-11-01');
    await page.getByRole('button', { name: 'Tạo kế hoạch' }).click();
    // Refused at the fields: no unit, no checklist, no lead, the end before the start.
    await page.getByText('Ngày kết thúc không được trước ngày bắt đầu.').waitFor();
    await expect.poll(() => page.locator('.field-error').count()).toBeGreaterThanOrEqual(3);
    await page.getByLabel('Ngày kết thúc').fill('2026-12-05');
    await page.getByRole('group', { name: /Đơn vị được kiểm tra/ }).getByLabel('Lọc danh sách').fill('Hà Đông');
    await page.getByRole('checkbox', { name: /^Phường Hà Đông/ }).check();
    await page.getByRole('checkbox', { name: /^ISO9001-MC v1/ }).check();
    await page.getByLabel('Trưởng đoàn').selectOption({ label: 'Lê Văn Thành (truongdoan@demo.onestop.vn)' });
    await page.getByRole('checkbox', { name: /Đỗ Thị Minh Ngọc/ }).check();
    await page.getByRole('button', { name: 'Tạo kế hoạch' }).click();
    await page.getByRole('heading', { level: 1, name: code }).waitFor();
    const gates = page.getByRole('list', { name: 'Điều kiện' });
    await expect.poll(() => gates.locator('.gate--ok').count()).toBe(4);
    await page.getByRole('button', { name: /Chuyển sang “Đang kiểm tra”/ }).click();
    await page.getByRole('button', { name: /Xác nhận chuyển sang “Đang kiểm tra”/ }).click();
    await page.getByRole('status').filter({ hasText: 'Cuộc kiểm tra đã chuyển sang “Đang kiểm tra”' }).waitFor();
    await expect.poll(() => page.locator('.page-header .badge--audit-in_progress').count()).toBe(1);
    await screenshot(page, 'dashboard-admin-audit-started');
  });
});
