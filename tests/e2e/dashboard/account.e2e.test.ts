// The person's own account in real Chromium (issue #13): the first sign-in with a password an administrator set
// shows only the change-password screen, the password rules are explained in Vietnamese, the `__Host-` session
// cookie works on http://127.0.0.1, "Đổi mật khẩu" is there for everyone, and "Phiên đăng nhập" lists the person's
// sessions and signs them out one by one. Every run creates its own account.
import type { Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it, inject } from 'vitest';
import { launchBrowser, screenshot, type Browser } from '../browser.ts';

const DEMO_PASSWORD = 'ThuNghiem#2026';
const ADMIN = 'admin@demo.onestop.vn';
const ADMIN_SET = 'Mat-khau-quan-tri-dat-2026';
const OWN = 'Sông Hồng mùa nước lũ 2026';
const OWN_AGAIN = 'Cầu Long Biên lúc bình minh';
const base = () => inject('apiUrl');

async function call(path: string, init: { method?: string; token?: string; body?: unknown; ua?: string } = {}): Promise<Response> {
  return fetch(`${base()}/api/v1${path}`, {
    method: init.method ?? 'GET',
    headers: {
      ...(init.token ? { authorization: `Bearer ${init.token}` } : {}),
      ...(init.body === undefined ? {} : { 'content-type': 'application/json' }),
      ...(init.ua ? { 'user-agent': init.ua } : {}),
    },
    ...(init.body === undefined ? {} : { body: JSON.stringify(init.body) }),
  });
}
async function bearer(email: string, password: string, ua?: string): Promise<string> {
  const res = await call('/auth/login', { method: 'POST', body: { email, password, session: 'bearer' }, ...(ua ? { ua } : {}) });
  expect(res.status).toBe(200);
  return ((await res.json()) as { token: string }).token;
}

describe('my account', () => {
  let browser: Browser;
  let page: Page;
  const email = `e2e-tk-${Math.random().toString(36).slice(2, 8)}@demo.onestop.vn`;

  beforeAll(async () => {
    const admin = await bearer(ADMIN, DEMO_PASSWORD);
    const me = (await (await call('/auth/me', { token: admin })).json()) as { unit: { id: string } };
    const created = await call('/users', { method: 'POST', token: admin, body: { email, display_name: 'Cán bộ Tài khoản Thử', role: 'inspector', unit_id: me.unit.id, password: ADMIN_SET } });
    expect(created.status).toBe(201);
    browser = await launchBrowser();
    page = await browser.context.newPage();
  });
  afterAll(async () => {
    await browser?.close();
  });
  afterEach(async (ctx) => {
    if (ctx.task.result?.state === 'fail' && page && !page.isClosed()) await screenshot(page, `FAILED-account-${ctx.task.name.slice(0, 40).replace(/[^a-z0-9]+/gi, '-')}`);
  });

  it('the first sign-in with the administrator’s password shows only the change-password screen', async () => {
    await page.goto(`${base()}/audits`);
    await page.getByLabel('Thư điện tử').fill(email);
    await page.getByLabel('Mật khẩu').fill(ADMIN_SET);
    await page.getByRole('button', { name: 'Đăng nhập' }).click();
    await page.getByRole('heading', { level: 1, name: 'Đổi mật khẩu' }).waitFor();
    await page.getByText('Bạn cần đặt mật khẩu của riêng mình').waitFor();
    // The cookie is the `__Host-` one, Secure, even on plain http://127.0.0.1.
    const cookies = await browser.context.cookies(base());
    const session = cookies.find((c) => c.name.includes('onestop_session'));
    expect(session).toMatchObject({ name: '__Host-onestop_session', secure: true, httpOnly: true, sameSite: 'Strict', path: '/' });

    // A common password is refused with the rule, in Vietnamese; the form keeps what was typed.
    await page.getByLabel('Mật khẩu hiện tại').fill(ADMIN_SET);
    await page.getByLabel(/^Mật khẩu mới/).fill('Matkhau@123456');
    await page.getByLabel('Nhập lại mật khẩu mới').fill('Matkhau@123456');
    await page.getByRole('button', { name: 'Đổi mật khẩu' }).click();
    await page.locator('.field-error').filter({ hasText: 'là mật khẩu phổ biến hoặc đã bị lộ' }).waitFor();
    expect(await page.getByLabel('Mật khẩu hiện tại').inputValue()).toBe(ADMIN_SET);
    await screenshot(page, 'dashboard-account-forced-password');

    await page.getByLabel(/^Mật khẩu mới/).fill(OWN);
    await page.getByLabel('Nhập lại mật khẩu mới').fill(OWN);
    await page.getByRole('button', { name: 'Đổi mật khẩu' }).click();
    // Then the person's own pages open.
    await page.getByRole('navigation', { name: 'Điều hướng chính' }).getByRole('link', { name: 'Cuộc kiểm tra' }).waitFor();
    await page.getByRole('link', { name: 'Đổi mật khẩu' }).waitFor();
    expect((await call('/auth/login', { method: 'POST', body: { email, password: ADMIN_SET, session: 'bearer' } })).status).toBe(401);
  });

  it('lists my sessions and signs one out', async () => {
    const extension = await bearer(email, OWN, 'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36');
    await page.getByRole('link', { name: 'Phiên đăng nhập' }).click();
    await page.getByRole('heading', { level: 1, name: 'Phiên đăng nhập' }).waitFor();
    const rows = page.locator('tbody tr');
    await expect.poll(() => rows.count()).toBe(2);
    expect(await page.locator('tr[data-session-kind="cookie"]').textContent()).toContain('phiên này');
    expect(await page.locator('tr[data-session-kind="bearer"]').textContent()).toContain('Chrome 131 · Windows');
    await screenshot(page, 'dashboard-account-sessions');

    await page.locator('tr[data-session-kind="bearer"]').getByRole('button', { name: 'Đăng xuất' }).click();
    await page.getByRole('status').filter({ hasText: 'Đã đăng xuất phiên.' }).waitFor();
    await expect.poll(() => rows.count()).toBe(1);
    expect((await call('/auth/me', { token: extension })).status).toBe(401);
  });

  it('changes the password from "Đổi mật khẩu", signing out the other sessions', async () => {
    const other = await bearer(email, OWN);
    await page.getByRole('link', { name: 'Đổi mật khẩu' }).click();
    await page.getByRole('heading', { level: 1, name: 'Đổi mật khẩu' }).waitFor();
    await page.getByLabel('Mật khẩu hiện tại').fill('not my password at all');
    await page.getByLabel(/^Mật khẩu mới/).fill(OWN_AGAIN);
    await page.getByLabel('Nhập lại mật khẩu mới').fill(OWN_AGAIN);
    await page.getByRole('button', { name: 'Đổi mật khẩu' }).click();
    await page.locator('.field-error').filter({ hasText: 'không phải mật khẩu hiện tại của bạn' }).waitFor();
    await page.getByLabel('Mật khẩu hiện tại').fill(OWN);
    await page.getByRole('button', { name: 'Đổi mật khẩu' }).click();
    await page.getByRole('status').filter({ hasText: 'Đã đổi mật khẩu. Đã đăng xuất 1 phiên khác.' }).waitFor();
    await screenshot(page, 'dashboard-account-password');
    expect((await call('/auth/me', { token: other })).status).toBe(401);
    // This session goes on.
    await page.locator('.account-links').getByRole('link', { name: 'Phiên đăng nhập' }).click();
    await expect.poll(() => page.locator('tbody tr').count()).toBe(1);
  });
});
