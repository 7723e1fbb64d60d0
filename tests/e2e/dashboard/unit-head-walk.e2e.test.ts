// Issue 16, the unit head's first walk through the dashboard, in real Chromium against the seeded Worker: the inbox
// shows what needs an answer (the rest behind a toggle, counted), "next step" says only what happens next, an empty
// required date says it is required and the focus follows errors and success, a missing finding offers a way back
// instead of a retry, server problems are translated with their code and request id folded away, a downloaded file
// keeps its name, and at 390×844 the inbox and a finding fit the screen. Each test makes its own findings.
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
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

/** A fresh finding of the reporting audit about the unit head's ward, recorded by the lead inspector. */
async function newFinding(c: Ctx, note: string, result: 'nc_minor' | 'conform' | 'not_applicable' = 'nc_minor'): Promise<string> {
  const id = uuidv7();
  const res = await api<{ results: { status: string }[] }>(c.lead, 'POST', '/sync', {
    client_id: 'e2e-dashboard-walk',
    ops: [{ op_id: uuidv7(), kind: 'finding.upsert', entity_id: id, base_version: null, data: { audit_id: c.auditId, unit_id: c.unitId, item_id: c.itemId, result, note, recorded_at: new Date().toISOString() } }],
  });
  expect(res.results[0]?.status).toBe('applied');
  return id;
}

function addDays(date: string, n: number): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) + n * 86_400_000).toISOString().slice(0, 10);
}

/** A small but real PDF (the Worker checks that the bytes are what the evidence announced). */
const PDF = Buffer.from('%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n', 'latin1');

const NEEDS_ANSWER = ['open', 'action_planned'];

/** The statuses of the findings listed, read from their status badges. */
async function listedStatuses(page: Page): Promise<string[]> {
  return page.locator('.findings-table tbody tr').evaluateAll((rows) =>
    rows.map((r) => /badge--status-([a-z_]+)/.exec(r.querySelector('[class*="badge--status-"]')?.className ?? '')?.[1] ?? '?'),
  );
}

const activeElement = (page: Page) =>
  page.evaluate(() => {
    const el = document.activeElement;
    // The body holds every text: the focused element's own text counts only when the focus is not on the body.
    const own = el && el !== document.body ? el : null;
    return { tag: el?.tagName ?? '', name: own?.getAttribute('name') ?? '', text: own?.textContent ?? '', invalid: own?.getAttribute('aria-invalid') ?? '', cls: own?.className ?? '' };
  });

describe('unit head, first walk through (issue 16)', () => {
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
  afterEach(async (ctx) => {
    if (ctx.task.result?.state === 'fail' && page && !page.isClosed()) await screenshot(page, `FAILED-unit-head-walk-${ctx.task.name.slice(0, 40).replace(/[^a-z0-9]+/gi, '-')}`);
  });

  it('lists only what needs an answer by default; the toggle shows the rest, whose number is given', async () => {
    const nc = await newFinding(c, 'E2E walk: cần trả lời.');
    const conform = await newFinding(c, 'E2E walk: phù hợp.', 'conform');
    await page.goto(`${base()}/findings`);
    await page.getByRole('heading', { level: 1, name: 'Phát hiện cần xử lý' }).waitFor();
    await page.locator(`tr[data-finding-id="${nc}"]`).waitFor();
    const shown = await listedStatuses(page);
    expect(shown.length).toBeGreaterThan(0);
    expect(shown.filter((s) => !NEEDS_ANSWER.includes(s))).toEqual([]);
    expect(await page.locator(`tr[data-finding-id="${conform}"]`).count()).toBe(0);
    const note = page.getByTestId('findings-hidden');
    expect(Number(await note.getAttribute('data-hidden'))).toBeGreaterThan(0);
    expect(await note.textContent()).toMatch(/Đang ẩn \d+ phát hiện không cần bạn xử lý/);
    expect(await page.getByRole('link', { name: 'Cần bạn xử lý' }).getAttribute('aria-current')).toBe('page');
    await screenshot(page, 'dashboard-unit-head-walk-inbox-needs-answer');

    await note.getByRole('link', { name: 'Hiện tất cả' }).click();
    await page.locator(`tr[data-finding-id="${conform}"]`).waitFor();
    expect(new URL(page.url()).searchParams.get('all')).toBe('1');
    expect((await listedStatuses(page)).some((s) => !NEEDS_ANSWER.includes(s))).toBe(true);
    expect(await page.getByRole('link', { name: 'Tất cả phát hiện' }).getAttribute('aria-current')).toBe('page');
    expect(await page.getByTestId('findings-hidden').count()).toBe(0);
  });

  it('after "report done" the next step names only the verification, and the focus lands on the success message', async () => {
    const id = await newFinding(c, 'E2E walk: báo cáo hoàn thành.');
    await api(c.head, 'POST', `/findings/${id}/response`, { decision: 'accept', root_cause: 'Thiếu kiểm tra', action: 'Kiểm tra hằng tuần', owner_user_id: (await api<{ user: { id: string } }>(c.head, 'GET', '/auth/me')).user.id, due_date: addDays(todayInVietnam(), 7) });
    await page.goto(`${base()}/findings/${id}`);
    await page.getByLabel('Việc đã thực hiện').fill('Đã kiểm tra hằng tuần trong 4 tuần.');
    await page.getByRole('button', { name: 'Báo cáo hoàn thành' }).click();
    await page.getByRole('status').filter({ hasText: 'Đã báo cáo hoàn thành khắc phục' }).waitFor();
    await expect.poll(() => page.locator('.page-header .badge--status-action_done').count()).toBe(1);
    const next = page.locator('section[aria-labelledby="next-title"]');
    await expect.poll(() => next.locator('p, li').count()).toBe(1);
    const text = (await next.locator('p, li').first().textContent()) ?? '';
    expect(text).toMatch(/^Chờ trưởng đoàn hoặc thành viên đoàn: xác minh hiệu lực khắc phục/);
    expect(await next.textContent()).not.toContain('lập kế hoạch khắc phục');
    await expect.poll(async () => (await activeElement(page)).text).toContain('Đã báo cáo hoàn thành khắc phục');
    expect((await activeElement(page)).cls).toContain('alert--success');
    await screenshot(page, 'dashboard-unit-head-walk-next-step');
  });

  it('an empty required date says "required"; the focus goes to the first field to fix, then to the success message', async () => {
    const id = await newFinding(c, 'E2E walk: ngày bắt buộc.');
    await page.goto(`${base()}/findings/${id}`);
    const form = page.locator('form', { has: page.getByRole('heading', { name: 'Chấp nhận và lập kế hoạch khắc phục' }) });
    await form.waitFor();
    const submit = page.getByRole('button', { name: 'Gửi kế hoạch khắc phục' });

    // Nothing filled: every required field says so, and the focus is on the first of them.
    await submit.click();
    await expect.poll(async () => (await activeElement(page)).name).toBe('root_cause');
    expect((await activeElement(page)).invalid).toBe('true');
    const errors = await form.locator('.field-error').allTextContents();
    expect(errors.length).toBeGreaterThanOrEqual(4);
    expect(errors.every((e) => e === 'Bắt buộc nhập.')).toBe(true);

    // Only the date left empty: it is required, not "wrong format", and it has the focus.
    await page.getByLabel('Nguyên nhân').fill('Chưa phân công người theo dõi.');
    await page.getByLabel('Hành động khắc phục').fill('Phân công và kiểm tra hằng tháng.');
    await page.getByLabel('Người chịu trách nhiệm').selectOption({ index: 1 });
    await submit.click();
    await expect.poll(async () => (await activeElement(page)).name).toBe('due_date');
    expect(await form.locator('.field-error').allTextContents()).toEqual(['Bắt buộc nhập.']);
    expect(await form.textContent()).not.toContain('Sai định dạng');
    await screenshot(page, 'dashboard-unit-head-walk-required-date');

    await page.getByLabel('Hạn hoàn thành').fill(addDays(todayInVietnam(), 10));
    await submit.click();
    await page.getByRole('status').filter({ hasText: 'Đã gửi kế hoạch khắc phục' }).waitFor();
    await expect.poll(async () => (await activeElement(page)).text).toContain('Đã gửi kế hoạch khắc phục');
    expect((await activeElement(page)).cls).toContain('alert--success');
  });

  it('a missing finding offers a way back, not a retry; the code and request id sit in a closed details element', async () => {
    const missing = uuidv7();
    const answer = page.waitForResponse((r) => r.url().endsWith(`/api/v1/findings/${missing}`));
    await page.goto(`${base()}/findings/${missing}`);
    const res = await answer;
    expect(res.status()).toBe(404);
    const requestId = ((await res.json()) as { request_id?: string }).request_id ?? res.headers()['x-request-id'];
    expect(requestId).toBeTruthy();
    const alert = page.getByRole('alert');
    await alert.waitFor();
    expect(await alert.locator('.alert-title').textContent()).toBe('Không tìm thấy bản ghi (hoặc bạn không có quyền xem).');
    expect(await alert.getByRole('button', { name: 'Thử lại' }).count()).toBe(0);
    expect(await alert.getByRole('link', { name: 'Về trang đầu' }).isVisible()).toBe(true);
    // The sentence is Vietnamese only; the English detail, code and request id are behind "Chi tiết kỹ thuật".
    const visible = await alert.evaluate((el) => (el as HTMLElement).innerText);
    expect(visible).not.toContain('not_found');
    expect(visible).not.toContain(String(requestId));
    expect(visible).not.toMatch(/not found/i);
    const details = alert.locator('details');
    expect(await details.evaluate((d) => (d as HTMLDetailsElement).open)).toBe(false);
    expect(await details.textContent()).toContain('not_found');
    expect(await details.textContent()).toContain(String(requestId));
    await details.locator('summary').click();
    await screenshot(page, 'dashboard-unit-head-walk-404');
  });

  it('a problem code the server can answer is shown translated (Vietnamese and English), the raw code in the details', async () => {
    const id = await newFinding(c, 'E2E walk: mã lỗi được dịch.');
    await page.goto(`${base()}/findings/${id}`);
    await page.getByLabel('Lý do không đồng ý').fill('Đã niêm yết đầy đủ.');
    await page.route('**/api/v1/findings/*/response', (route) =>
      route.fulfill({
        status: 422,
        contentType: 'application/problem+json',
        body: JSON.stringify({ type: 'urn:onestop:problem:value-not-storable', title: 'Unprocessable Content', status: 422, detail: 'A value of the request cannot be stored (its length or characters)', code: 'value_not_storable', request_id: 'req-e2e-walk-1' }),
      }),
    );
    await page.getByRole('button', { name: 'Gửi ý kiến không đồng ý' }).click();
    const alert = page.getByRole('alert').filter({ has: page.locator('details') });
    await alert.waitFor();
    expect(await alert.locator('.alert-title').textContent()).toBe('Có giá trị không lưu được (quá dài hoặc chứa ký tự không cho phép).');
    const visible = await alert.evaluate((el) => (el as HTMLElement).innerText);
    expect(visible).not.toContain('value_not_storable');
    expect(visible).not.toContain('req-e2e-walk-1');
    expect(await alert.locator('details').textContent()).toContain('value_not_storable');
    expect(await alert.locator('details').textContent()).toContain('req-e2e-walk-1');
    // A server problem hands the focus to the alert (no field to fix).
    await expect.poll(async () => (await activeElement(page)).text).toContain('Có giá trị không lưu được');
    expect((await activeElement(page)).cls).toContain('alert--error');
    await page.unroute('**/api/v1/findings/*/response');

    // Every code the Worker can answer has a sentence in both languages.
    const root = path.resolve('worker/src');
    const files = (readdirSync(root, { recursive: true }) as string[]).filter((f) => f.endsWith('.ts')).map((f) => readFileSync(path.join(root, f), 'utf8'));
    const codes = new Set<string>();
    for (const text of files) for (const m of text.matchAll(/(?:new ApiError\(\s*\d{3}\s*,|conflict\(|unprocessable\()\s*'([a-z_0-9]+)'/g)) codes.add(m[1] ?? '');
    expect(codes.size).toBeGreaterThan(30);
    for (const file of ['messages-vi.ts', 'messages-en.ts']) {
      const messages = readFileSync(path.resolve('worker/dashboard/src/lib', file), 'utf8');
      expect([...codes].filter((code) => !messages.includes(`'problem.${code}':`)), file).toEqual([]);
    }
  });

  it('a downloaded evidence file keeps its Vietnamese name', async () => {
    const id = await newFinding(c, 'E2E walk: tên tệp tải về.');
    await page.goto(`${base()}/findings/${id}`);
    await page.getByLabel('Lý do không đồng ý').fill('Biên bản họp đính kèm cho thấy đã niêm yết.');
    await page.getByLabel('Bằng chứng giải trình').setInputFiles({ name: 'Biên bản họp.pdf', mimeType: 'application/pdf', buffer: PDF });
    await page.getByRole('button', { name: 'Gửi ý kiến không đồng ý' }).click();
    await page.getByRole('status').filter({ hasText: 'Đã gửi ý kiến không đồng ý' }).waitFor();
    const downloading = page.waitForEvent('download');
    await page.getByRole('button', { name: /^Tải tệp/ }).click();
    const download = await downloading;
    expect(download.suggestedFilename()).toBe('Biên bản họp.pdf');

    // The Worker names it too, for a download outside the dashboard (RFC 6266 filename*).
    const f = await api<{ evidence: { id: string }[] }>(c.head, 'GET', `/findings/${id}`);
    const evidenceId = f.evidence[0]?.id;
    expect(evidenceId).toBeTruthy();
    const blob = await fetch(`${base()}/api/v1/evidence/${evidenceId}/blob`, { headers: { authorization: `Bearer ${c.head}` } });
    expect(blob.status).toBe(200);
    expect(blob.headers.get('content-disposition')).toContain(`filename*=UTF-8''${encodeURIComponent('Biên bản họp.pdf')}`);
  });

  it('fits a 390×844 phone: the inbox as cards with the filters folded, and a finding, without sideways scrolling', async () => {
    const id = await newFinding(c, 'E2E walk: trên điện thoại, một ghi chú dài để xem thẻ phát hiện xuống dòng đúng cách mà không tràn ngang màn hình.');
    await api(c.lead, 'POST', `/findings/${id}/evidence`, {
      id: uuidv7(),
      kind: 'page_capture',
      page_url: 'http://127.0.0.1:8788/ho-so/000.35.24.H26-260925-0013?tab=qua-trinh-xu-ly&trang=1&sap-xep=ngay-tiep-nhan',
      page_title: 'Chi tiết hồ sơ 000.35.24.H26-260925-0013',
      selectors: [{ type: 'TextQuoteSelector', exact: 'Trễ hạn 3 ngày', prefix: 'Tình trạng: ' }],
      quote: 'Tình trạng: Trễ hạn 3 ngày',
      fields: { dossier_code: '000.35.24.H26-260925-0013', apology_issued: false },
      captured_at: new Date().toISOString(),
    });
    const phone = await launchBrowser({ viewport: { width: 390, height: 844 } });
    try {
      const login = await phone.context.request.post(`${base()}/api/v1/auth/login`, { data: { email: HEAD, password: PASSWORD, session: 'cookie' }, headers: { origin: base() } });
      expect(login.status()).toBe(200);
      const p = await phone.context.newPage();
      await p.goto(`${base()}/findings`);
      await p.locator(`tr[data-finding-id="${id}"]`).waitFor();
      const scrollWidth = () => p.evaluate(() => document.scrollingElement?.scrollWidth ?? Number.POSITIVE_INFINITY);
      expect(await scrollWidth()).toBeLessThanOrEqual(390);
      // The filters are folded behind their button, so the findings start on the first screen.
      const toggle = p.getByRole('button', { name: /^Bộ lọc/ });
      expect(await toggle.getAttribute('aria-expanded')).toBe('false');
      expect(await p.locator('#findings-filters').isVisible()).toBe(false);
      const firstCard = await p.locator('.findings-table tbody tr').first().boundingBox();
      expect(firstCard).not.toBeNull();
      expect(firstCard!.y).toBeLessThan(844);
      expect(firstCard!.width).toBeLessThanOrEqual(390);
      await screenshot(p, 'dashboard-unit-head-walk-phone-inbox');
      await toggle.click();
      expect(await p.locator('#findings-filters').isVisible()).toBe(true);
      expect(await scrollWidth()).toBeLessThanOrEqual(390);
      await screenshot(p, 'dashboard-unit-head-walk-phone-inbox-filters');

      await p.goto(`${base()}/findings/${id}`);
      await p.getByRole('heading', { name: 'Chấp nhận và lập kế hoạch khắc phục' }).waitFor();
      await p.locator('blockquote.quote').waitFor();
      expect(await scrollWidth()).toBeLessThanOrEqual(390);
      await screenshot(p, 'dashboard-unit-head-walk-phone-finding');
    } finally {
      await phone.close();
    }
  });
});
