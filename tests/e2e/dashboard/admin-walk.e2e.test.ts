// Issue 16, the Admin section walked as an administrator would, in real Chromium: a draft checklist edited in place
// with its diff against the published version, the publish confirmation, the refusal of a copy, the JSON export that
// imports back; a unit created and found in the account form's tree picker without a reload, the picker by keyboard;
// locking an account asked first; the page-recognition profile editor's live validation and address preview; and
// axe on every admin screen in both languages. Every test makes its own data through the API.
import { readFileSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { seriousViolations } from '../axe.ts';
import { launchBrowser, screenshot, type Browser } from '../browser.ts';
import { ADMIN, api, base, call, setLang, signIn, token } from './helpers.ts';

const suffix = () => Math.random().toString(36).slice(2, 7).toUpperCase();
const item = (code: string, clause: string, text: string) => ({ code, clause, section_vi: 'Tiếp nhận', text_vi: text, text_en: '', weight: 2 });

interface Detail {
  id: string;
  code: string;
  versions: { id: string; version: number; status: string }[];
}

/** A checklist with v1 published and v2 drafted as its copy. */
async function publishedWithDraft(tok: string, code: string) {
  const detail = await api<Detail>(tok, 'POST', '/checklists', {
    code,
    version: 1,
    title_vi: `Danh mục thử ${code}`,
    title_en: `Test checklist ${code}`,
    standard: 'TCVN ISO 9001:2015',
    items: [item('A-1', '8.5.1', 'Hồ sơ được tiếp nhận đúng hạn?'), item('A-2', '8.2', 'Thành phần hồ sơ đủ?'), item('A-3', '9.1', 'Kết quả được trả đúng hẹn?')],
  });
  const v1 = detail.versions[0]!.id;
  await api(tok, 'POST', `/checklist-versions/${v1}/publish`);
  const v2 = await api<{ id: string }>(tok, 'POST', `/checklists/${detail.id}/versions`, {});
  return { checklistId: detail.id, v1, v2: v2.id };
}

const card = (page: Page, code: string) => page.locator('section.card', { has: page.getByRole('heading', { level: 2, name: new RegExp(code) }) });
const row = (page: Page, code: string, v: number) => card(page, code).locator('tr', { has: page.getByRole('cell', { name: `v${v}`, exact: true }) });

describe('admin walk (issue 16)', () => {
  let browser: Browser;
  let page: Page;
  let tok: string;

  beforeAll(async () => {
    browser = await launchBrowser();
    page = await signIn(browser, ADMIN);
    tok = await token(ADMIN);
  });
  afterAll(async () => {
    await browser?.close();
  });
  afterEach(async (ctx) => {
    if (ctx.task.result?.state === 'fail' && page && !page.isClosed()) await screenshot(page, `FAILED-admin-walk-${ctx.task.name.slice(0, 40).replace(/[^a-z0-9]+/gi, '-')}`);
    if (page && !page.isClosed()) await setLang(page, 'vi').catch(() => undefined);
  });

  it('edits a draft in place, shows its diff, and publishes after a confirmation stating the changes', async () => {
    const code = `E2E-DR-${suffix()}`;
    await publishedWithDraft(tok, code);
    await page.goto(`${base()}/admin/checklists`);
    await row(page, code, 2).getByRole('button', { name: 'Xem tiêu chí' }).click();
    const editor = page.locator('section.draft-editor');
    await editor.getByRole('heading', { name: `Sửa bản nháp ${code} v2` }).waitFor();
    // Nothing changed yet: the diff says so.
    await editor.getByText('Không có thay đổi nào so với v1').waitFor();

    // A bad clause is refused as it is typed, at its cell; fixing it clears the error.
    const clause2 = editor.getByRole('textbox', { name: 'Điều khoản, tiêu chí 2' });
    await clause2.fill('tám');
    await editor.locator('tr[data-item-code="A-2"] .field-error').waitFor();
    expect(await clause2.getAttribute('aria-invalid')).toBe('true');
    expect(await editor.getByRole('button', { name: 'Lưu bản nháp' }).isDisabled()).toBe(true);
    await clause2.fill('8.2.1');
    await expect.poll(() => editor.locator('.field-error').count()).toBe(0);

    // Weight and English text of item 1, a new item, item 3 removed, and the new one moved up.
    await editor.getByRole('combobox', { name: 'Trọng số, tiêu chí 1' }).selectOption('3');
    await editor.getByRole('textbox', { name: 'Nội dung tiếng Anh, tiêu chí 1' }).fill('Is the dossier received on time?');
    await editor.getByRole('button', { name: 'Xoá A-3' }).click();
    await editor.getByRole('button', { name: 'Thêm tiêu chí' }).click();
    // An empty text is an error until it is written.
    await editor.locator('tr[data-item-code="MOI-3"] .field-error').first().waitFor();
    await editor.getByRole('textbox', { name: 'Mã tiêu chí, tiêu chí 3' }).fill('A-4');
    await editor.getByRole('textbox', { name: 'Điều khoản, tiêu chí 3' }).fill('10.2');
    await editor.getByRole('textbox', { name: 'Nội dung tiếng Việt, tiêu chí 3' }).fill('Sự không phù hợp được khắc phục?');
    await editor.getByRole('button', { name: 'Lên A-4' }).click();
    expect(await editor.locator('.draft-table tbody tr').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-item-code')))).toEqual(['A-1', 'A-4', 'A-2']);

    // The diff follows the edits field by field, before anything is saved.
    const diff = editor.locator('section.checklist-diff');
    await diff.getByText('So với v1: thêm 1, bỏ 1, sửa 2, đổi thứ tự 0 tiêu chí.').waitFor();
    await diff.locator('tr[data-diff-code="A-1"][data-diff-field="weight"]').waitFor();
    expect(await diff.locator('tr[data-diff-code="A-1"][data-diff-field="weight"] td').allTextContents()).toEqual(['A-1', 'Trọng số', '2', '3']);
    expect(await diff.locator('tr[data-diff-code="A-1"][data-diff-field="text_en"] .diff-after').textContent()).toBe('Is the dossier received on time?');
    expect(await diff.locator('tr[data-diff-code="A-2"][data-diff-field="clause"] td.diff-after').textContent()).toBe('8.2.1');
    expect(await diff.locator('.diff-removed').textContent()).toContain('A-3');
    expect(await diff.locator('.diff-added').textContent()).toContain('A-4');
    // Publishing waits for the save.
    expect(await editor.getByRole('button', { name: 'Công bố', exact: true }).isDisabled()).toBe(true);
    await editor.getByRole('button', { name: 'Lưu bản nháp' }).click();
    await editor.getByText(`Đã lưu bản nháp ${code} v2.`).waitFor();
    await expect.poll(() => row(page, code, 2).locator('td.num').textContent()).toBe('3');
    expect(await seriousViolations(page)).toEqual([]);
    await screenshot(page, 'admin-walk-draft-editor-vi');

    await editor.getByRole('button', { name: 'Công bố', exact: true }).click();
    const dialog = page.getByRole('dialog', { name: `Công bố ${code} v2?` });
    await dialog.waitFor();
    expect(await dialog.textContent()).toContain('So với v1: thêm 1, bỏ 1, sửa 2, đổi thứ tự 0 tiêu chí.');
    expect(await seriousViolations(page)).toEqual([]);
    await screenshot(page, 'admin-walk-publish-confirm-vi');
    // Cancel changes nothing.
    await dialog.getByRole('button', { name: 'Huỷ' }).click();
    await dialog.waitFor({ state: 'detached' });
    expect(await row(page, code, 2).locator('.badge--version-draft').count()).toBe(1);
    await row(page, code, 2).getByRole('button', { name: 'Công bố' }).click();
    await page.getByRole('dialog', { name: `Công bố ${code} v2?` }).getByRole('button', { name: 'Xác nhận công bố' }).click();
    await page.getByRole('status').filter({ hasText: `Đã công bố ${code} v2.` }).waitFor();
    await row(page, code, 2).locator('.badge--version-published').waitFor();
  });

  it('refuses to publish a draft identical to the published version, in both languages', async () => {
    const code = `E2E-ID-${suffix()}`;
    const { v2 } = await publishedWithDraft(tok, code);
    await page.goto(`${base()}/admin/checklists`);
    await row(page, code, 2).getByRole('button', { name: 'Công bố' }).click();
    const dialog = page.getByRole('dialog', { name: `Công bố ${code} v2?` });
    await dialog.getByText('Không có thay đổi nào so với v1: bản nháp giống hệt bản đã công bố.').waitFor();
    await dialog.getByRole('button', { name: 'Xác nhận công bố' }).click();
    await dialog.getByRole('alert').filter({ hasText: 'Bản nháp giống hệt phiên bản đang công bố, không có gì để công bố.' }).waitFor();
    await screenshot(page, 'admin-walk-identical-vi');
    await dialog.getByRole('button', { name: 'Huỷ' }).click();
    // Still a draft on the server.
    expect((await api<{ status: string }>(tok, 'GET', `/checklist-versions/${v2}`)).status).toBe('draft');

    await setLang(page, 'en');
    await row(page, code, 2).getByRole('button', { name: 'Publish' }).click();
    const en = page.getByRole('dialog', { name: `Publish ${code} v2?` });
    await en.getByText('No changes against v1').waitFor();
    await en.getByRole('button', { name: 'Confirm publishing' }).click();
    await en.getByRole('alert').filter({ hasText: 'The draft is identical to the published version, so there is nothing to publish.' }).waitFor();
    expect(await seriousViolations(page)).toEqual([]);
    await screenshot(page, 'admin-walk-identical-en');
    await en.getByRole('button', { name: 'Cancel' }).click();
  });

  it('exports a version as a JSON file that imports back', async () => {
    const code = `E2E-EX-${suffix()}`;
    await publishedWithDraft(tok, code);
    await page.goto(`${base()}/admin/checklists`);
    const [download] = await Promise.all([page.waitForEvent('download'), row(page, code, 1).getByRole('link', { name: `Xuất JSON ${code} v1` }).click()]);
    expect(download.suggestedFilename()).toBe(`${code}-v1.json`);
    const file = await download.path();
    const doc = JSON.parse(readFileSync(file, 'utf8')) as { code: string; version: number; items: { code: string }[] };
    expect(doc).toMatchObject({ code, version: 1 });
    expect(doc.items.map((i) => i.code)).toEqual(['A-1', 'A-2', 'A-3']);
    // The file goes back in through the page's own import, under a new code.
    const copy = `${code}-B`;
    await page.getByLabel('Nội dung JSON').fill(JSON.stringify({ ...doc, code: copy }, null, 2));
    await page.getByText('Hợp lệ: 3 tiêu chí.').waitFor();
    await page.getByRole('button', { name: 'Nhập thành bản nháp' }).click();
    await page.getByRole('status').filter({ hasText: `Đã nhập ${copy}` }).waitFor();
    const list = await api<{ items: { id: string; code: string }[] }>(tok, 'GET', '/checklists');
    const imported = list.items.find((c) => c.code === copy);
    expect(imported).toBeDefined();
    const detail = await api<Detail>(tok, 'GET', `/checklists/${imported!.id}`);
    const again = await call(tok, 'GET', `/checklist-versions/${detail.versions[0]!.id}/export`);
    expect({ ...((await again.json()) as object), code }).toEqual(doc);
  });

  it('finds a unit created a moment ago in the account form, and picks units in a tree by keyboard', async () => {
    const code = `E2E-U-${suffix()}`;
    const me = await api<{ unit: { id: string; name: string } }>(tok, 'GET', '/auth/me');
    await page.goto(`${base()}/admin/units`);
    await page.getByRole('button', { name: 'Thêm đơn vị', exact: true }).click();
    // The parent is picked in the tree too: typed, then chosen with Enter.
    const parent = page.getByRole('combobox', { name: 'Đơn vị cấp trên' });
    await parent.fill(me.unit.name);
    await parent.press('Enter');
    expect(await parent.inputValue()).toContain(me.unit.name);
    await page.getByLabel('Mã đơn vị').fill(code);
    await page.getByLabel('Tên đơn vị').fill(`Phòng Thử Nghiệm ${code}`);
    await page.getByLabel('Cấp', { exact: true }).selectOption('office');
    await page.getByRole('button', { name: 'Tạo đơn vị' }).click();
    await page.getByRole('status').filter({ hasText: 'Đã tạo đơn vị' }).waitFor();
    const child = await api<{ id: string }>(tok, 'POST', '/units', { parent_id: (await api<{ items: { id: string; code: string }[] }>(tok, 'GET', '/units')).items.find((u) => u.code === code)!.id, code: `${code}-C`, name: `Tổ Con ${code}`, level: 'office' });
    expect(child.id).toBeTruthy();

    // To the accounts page through the menu, no reload.
    await page.getByRole('navigation').getByRole('link', { name: 'Tài khoản', exact: true }).click();
    await page.getByRole('button', { name: 'Thêm tài khoản' }).click();
    const picker = page.getByRole('combobox', { name: 'Đơn vị' });
    await picker.click();
    const tree = page.getByRole('tree', { name: 'Đơn vị' });
    await tree.waitFor();
    // Without diacritics, by name.
    await picker.fill(`phong thu nghiem ${code.toLowerCase()}`);
    await tree.locator(`[role="treeitem"][data-unit-code="${code}"]`).waitFor();
    // By code, the child found with its ancestors kept.
    await picker.fill(`${code}-C`);
    await tree.locator(`[role="treeitem"][data-unit-code="${code}-C"]`).waitFor();
    expect(await tree.locator(`[role="treeitem"][data-unit-code="${code}"]`).getAttribute('aria-expanded')).toBe('true');
    expect(await seriousViolations(page)).toEqual([]);
    await screenshot(page, 'admin-walk-unit-picker-vi');
    // The active node is the first match; Escape closes without choosing.
    await picker.press('Escape');
    await tree.waitFor({ state: 'detached' });
    expect(await picker.getAttribute('aria-expanded')).toBe('false');
    expect(await picker.inputValue()).toContain(me.unit.name);

    // Keyboard: open, filter to the parent, Right opens it, Down reaches the child, Enter picks it.
    await picker.press('ArrowDown');
    await tree.waitFor();
    await picker.fill(code);
    const activeCode = () => page.evaluate(() => {
      const input = document.activeElement as HTMLElement;
      const id = input.getAttribute('aria-activedescendant');
      return id ? document.getElementById(id)?.getAttribute('data-unit-code') ?? null : null;
    });
    await expect.poll(activeCode).toBe(code);
    await picker.press('ArrowDown');
    await expect.poll(activeCode).toBe(`${code}-C`);
    await picker.press('ArrowUp');
    await expect.poll(activeCode).toBe(code);
    await picker.press('Enter');
    await tree.waitFor({ state: 'detached' });
    expect(await picker.inputValue()).toBe(`Phòng Thử Nghiệm ${code} (${code})`);
    // Without a filter: Left closes the chosen unit's parent branch… Right opens it again.
    await picker.press('ArrowDown');
    await expect.poll(activeCode).toBe(code);
    const node = tree.locator(`[role="treeitem"][data-unit-code="${code}"]`);
    expect(await node.getAttribute('aria-expanded')).toBe('false');
    await picker.press('ArrowRight');
    await expect.poll(() => node.getAttribute('aria-expanded')).toBe('true');
    await picker.press('ArrowRight');
    await expect.poll(activeCode).toBe(`${code}-C`);
    await picker.press('ArrowLeft');
    await expect.poll(activeCode).toBe(code);
    await picker.press('ArrowLeft');
    await expect.poll(() => node.getAttribute('aria-expanded')).toBe('false');
    await picker.press('Escape');

    // The account is created in the picked unit.
    const email = `e2e-walk-${suffix().toLowerCase()}@demo.onestop.vn`;
    await page.getByRole('textbox', { name: 'Thư điện tử', exact: true }).fill(email);
    await page.getByLabel('Họ và tên').fill('Người Thử Cây');
    await page.getByLabel('Mật khẩu').fill('MatKhauThu@2026');
    await page.getByRole('button', { name: 'Tạo tài khoản' }).click();
    await page.getByRole('status').filter({ hasText: 'Đã tạo tài khoản' }).waitFor();
    const users = await api<{ items: { email: string; unit_id: string }[] }>(tok, 'GET', `/users?q=${encodeURIComponent(email)}`);
    const units = await api<{ items: { id: string; code: string }[] }>(tok, 'GET', '/units');
    expect(users.items.find((u) => u.email === email)?.unit_id).toBe(units.items.find((u) => u.code === code)?.id);
  });

  it('asks before locking and before unlocking an account, naming it and saying its sessions end', async () => {
    const me = await api<{ unit: { id: string } }>(tok, 'GET', '/auth/me');
    const email = `e2e-lock-${suffix().toLowerCase()}@demo.onestop.vn`;
    const name = `Người Khoá ${suffix()}`;
    await api(tok, 'POST', '/users', { email, display_name: name, role: 'inspector', unit_id: me.unit.id, password: 'MatKhauThu@2026' });
    await page.goto(`${base()}/admin/users`);
    await page.getByLabel('Tên hoặc thư điện tử').fill(email);
    await page.getByRole('button', { name: 'Tìm', exact: true }).click();
    await page.getByRole('button', { name: `Sửa tài khoản ${name}` }).click();
    await page.getByRole('checkbox', { name: 'Khoá tài khoản' }).check();
    await page.getByRole('button', { name: 'Lưu', exact: true }).click();
    const dialog = page.getByRole('dialog', { name: `Khoá tài khoản của ${name}?` });
    await dialog.waitFor();
    expect(await dialog.textContent()).toContain(`${name} (${email}) sẽ bị đăng xuất khỏi mọi thiết bị`);
    expect(await seriousViolations(page)).toEqual([]);
    await screenshot(page, 'admin-walk-lock-confirm-vi');
    // Cancel sends nothing.
    await dialog.getByRole('button', { name: 'Huỷ' }).click();
    await dialog.waitFor({ state: 'detached' });
    const before = await api<{ items: { email: string; disabled: boolean }[] }>(tok, 'GET', `/users?q=${encodeURIComponent(email)}&include_disabled=true`);
    expect(before.items.find((u) => u.email === email)?.disabled).toBe(false);
    await page.getByRole('button', { name: 'Lưu', exact: true }).click();
    await dialog.getByRole('button', { name: 'Khoá tài khoản' }).click();
    await page.getByRole('status').filter({ hasText: `Đã lưu tài khoản ${name}.` }).waitFor();
    const locked = await api<{ items: { email: string; disabled: boolean }[] }>(tok, 'GET', `/users?q=${encodeURIComponent(email)}&include_disabled=true`);
    expect(locked.items.find((u) => u.email === email)?.disabled).toBe(true);

    // Unlocking asks too.
    await page.getByRole('checkbox', { name: 'Hiện cả tài khoản đã khoá' }).check();
    await page.getByRole('button', { name: `Sửa tài khoản ${name}` }).click();
    await page.getByRole('checkbox', { name: 'Khoá tài khoản' }).uncheck();
    await page.getByRole('button', { name: 'Lưu', exact: true }).click();
    const unlock = page.getByRole('dialog', { name: `Mở khoá tài khoản của ${name}?` });
    await unlock.getByRole('button', { name: 'Mở khoá tài khoản' }).click();
    await page.getByRole('status').filter({ hasText: `Đã lưu tài khoản ${name}.` }).waitFor();
    const open = await api<{ items: { email: string; disabled: boolean }[] }>(tok, 'GET', `/users?q=${encodeURIComponent(email)}&include_disabled=true`);
    expect(open.items.find((u) => u.email === email)?.disabled).toBe(false);
  });

  it('validates a page-recognition profile as it is typed and previews which pages an address is', async () => {
    await page.goto(`${base()}/admin/site-profiles/new`);
    await page.getByRole('heading', { level: 1, name: 'Thêm cấu hình nhận diện trang' }).waitFor();
    const editor = page.getByLabel('Cấu hình nhận diện trang (JSON)');
    await page.getByText('Cấu hình hợp lệ.').waitFor();
    const doc = JSON.parse(await editor.inputValue()) as { match: string[]; pages: { id: string; url?: string }[] };
    const url = page.getByLabel('Địa chỉ trang của hệ thống hồ sơ');
    await url.fill('https://motcua.example.gov.vn/ho-so/000.00.12.H26-261120-0003');
    const verdict = (id: string) => page.locator(`.url-verdicts li[data-page-id="${id}"]`).getAttribute('data-verdict');
    await page.getByText('Cấu hình áp dụng cho địa chỉ này').waitFor();
    await expect.poll(() => verdict('dossier-detail')).toBe('match');
    await screenshot(page, 'admin-walk-profile-preview-vi');

    // A page the profile does not describe.
    await url.fill('https://motcua.example.gov.vn/thong-ke');
    await expect.poll(() => verdict('dossier-detail')).toBe('no_match');
    // Another system altogether.
    await url.fill('https://khac.example.vn/ho-so/1');
    await page.getByText('Cấu hình không áp dụng cho địa chỉ này').waitFor();
    await url.fill('không phải địa chỉ');
    await page.getByText('Không phải địa chỉ đầy đủ').waitFor();

    // The preview follows the document as it is edited: a second page, with a query in the address.
    doc.pages.push({ ...doc.pages[0]!, id: 'thong-ke', url: '/thong-ke*' });
    await editor.fill(JSON.stringify(doc, null, 2));
    await url.fill('https://motcua.example.gov.vn/thong-ke?nam=2026');
    await expect.poll(() => verdict('thong-ke')).toBe('match');
    await expect.poll(() => verdict('dossier-detail')).toBe('no_match');
    // A page with a content rule as well, and one recognised by its content only: the address cannot settle those.
    (doc.pages[1] as Record<string, unknown>).recognize = { heading: 'Thống kê' };
    doc.pages.push({ id: 'xem-nhanh', recognize: { heading: 'Thông tin hồ sơ', in_dialog: true }, fields: [] } as unknown as (typeof doc.pages)[number]);
    await editor.fill(JSON.stringify(doc, null, 2));
    await expect.poll(() => verdict('thong-ke')).toBe('match_needs_content');
    await expect.poll(() => verdict('xem-nhanh')).toBe('content_only');

    // A broken document: the error names its place in the JSON, in Vietnamese then in English; the preview waits.
    doc.pages[1]!.url = 'không có dấu gạch';
    await editor.fill(JSON.stringify(doc, null, 2));
    const errors = page.locator('.json-errors li');
    await expect.poll(() => errors.count()).toBe(1);
    expect(await errors.first().textContent()).toContain('$.pages[1].url');
    expect(await errors.first().textContent()).toMatch(/dòng \d+, cột \d+/);
    await page.getByText('Sửa các lỗi của cấu hình để xem kết quả.').waitFor();
    expect(await seriousViolations(page)).toEqual([]);
    await screenshot(page, 'admin-walk-profile-error-vi');
    await setLang(page, 'en');
    await expect.poll(async () => (await errors.first().textContent()) ?? '').toMatch(/line \d+, column \d+/);
    await page.getByText('Fix the profile’s errors to see the result.').waitFor();
    expect(await seriousViolations(page)).toEqual([]);
    await screenshot(page, 'admin-walk-profile-error-en');
  });

  describe('axe on every admin screen, in both languages', () => {
    for (const lang of ['vi', 'en'] as const) {
      it(`has no serious or critical violation (${lang})`, async () => {
        const code = `E2E-AX-${suffix()}`;
        await publishedWithDraft(tok, code);
        await page.goto(`${base()}/admin/units`);
        await setLang(page, lang);
        const found: string[] = [];
        const check = async (name: string) => {
          for (const v of await seriousViolations(page)) found.push(`${name}: ${v}`);
        };
        await page.locator('tr[data-unit-code]').first().waitFor();
        await check('units');
        await screenshot(page, `admin-walk-units-${lang}`);
        await page.getByRole('button', { name: lang === 'vi' ? 'Thêm đơn vị' : 'Add a unit', exact: true }).click();
        await page.getByRole('combobox', { name: lang === 'vi' ? 'Đơn vị cấp trên' : 'Parent unit' }).click();
        await page.getByRole('tree').waitFor();
        await check('units form with the tree open');
        await screenshot(page, `admin-walk-units-form-${lang}`);

        await page.goto(`${base()}/admin/users`);
        await page.locator('tbody tr').first().waitFor();
        await check('users');
        await page.getByRole('button', { name: lang === 'vi' ? 'Thêm tài khoản' : 'Add an account' }).click();
        await page.getByRole('combobox', { name: lang === 'vi' ? 'Đơn vị' : 'Unit', exact: true }).click();
        await page.getByRole('tree').waitFor();
        await check('users form with the tree open');
        await screenshot(page, `admin-walk-users-form-${lang}`);

        await page.goto(`${base()}/admin/checklists`);
        await row(page, code, 2).getByRole('button', { name: lang === 'vi' ? 'Xem tiêu chí' : 'Show items' }).click();
        await page.locator('section.draft-editor').waitFor();
        await check('checklists with the draft editor');
        await screenshot(page, `admin-walk-checklists-${lang}`);

        await page.goto(`${base()}/admin/site-profiles`);
        await page.getByRole('heading', { level: 1, name: lang === 'vi' ? 'Cấu hình nhận diện trang' : 'Page recognition profiles' }).waitFor();
        await check('site profiles');
        await screenshot(page, `admin-walk-profiles-${lang}`);
        await page.goto(`${base()}/admin/site-profiles/new`);
        await page.getByLabel(lang === 'vi' ? 'Địa chỉ trang của hệ thống hồ sơ' : 'Address of a page of the dossier system').fill('https://motcua.example.gov.vn/ho-so/1');
        await page.locator('.url-verdicts li').first().waitFor();
        await check('site profile editor with a preview');
        await screenshot(page, `admin-walk-profile-editor-${lang}`);
        expect(found).toEqual([]);
      });
    }
  });
});
