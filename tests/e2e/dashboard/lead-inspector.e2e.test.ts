// The lead inspector's and the inspectors' work in the dashboard: the audit page with its plan, the transition
// gates explained when closing is refused, disputes to review and actions to verify (verify one and close the
// finding), the findings per unit and item, and the export links. Each test makes its own findings via the API.
import { todayInVietnam, uuidv7 } from '@onestop/shared';
import type { Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, screenshot, type Browser } from '../browser.ts';
import { HEAD, LEAD, api, base, signIn, token } from './helpers.ts';

const MEMBER = 'kiemtra@demo.onestop.vn';

const addDays = (date: string, n: number) => new Date(Date.parse(`${date}T00:00:00Z`) + n * 86_400_000).toISOString().slice(0, 10);

describe('lead inspector and inspectors', () => {
  let browser: Browser;
  let page: Page;
  let lead: string;
  let head: string;
  let audit: { id: string; code: string };
  let unitId: string;
  let itemId: string;

  async function newNonconformity(note: string): Promise<string> {
    const id = uuidv7();
    await api(lead, 'POST', '/sync', {
      client_id: 'e2e-dashboard-lead',
      ops: [{ op_id: uuidv7(), kind: 'finding.upsert', entity_id: id, base_version: null, data: { audit_id: audit.id, unit_id: unitId, item_id: itemId, result: 'nc_major', note, recorded_at: new Date().toISOString() } }],
    });
    return id;
  }

  beforeAll(async () => {
    [lead, head] = await Promise.all([token(LEAD), token(HEAD)]);
    const me = await api<{ unit: { id: string } }>(head, 'GET', '/auth/me');
    unitId = me.unit.id;
    const audits = await api<{ items: { id: string; code: string; status: string }[] }>(lead, 'GET', '/audits');
    const reporting = audits.items.find((a) => a.status === 'reporting' && /^KT-ISO-\d{4}-07$/.test(a.code));
    if (!reporting) throw new Error('no reporting audit in the seed');
    audit = reporting;
    const checklist = await api<{ items: { id: string; code: string }[] }>(lead, 'GET', `/audits/${audit.id}/checklist?unit=${unitId}`);
    itemId = (checklist.items.find((i) => i.code === 'MC-7.2-01') ?? checklist.items[0])?.id ?? '';
    browser = await launchBrowser();
    page = await signIn(browser, LEAD);
  });
  afterAll(async () => {
    await browser?.close();
  });
  // A failing test leaves a picture of the page it failed on.
  afterEach(async (ctx) => {
    if (ctx.task.result?.state === 'fail' && page && !page.isClosed()) await screenshot(page, `FAILED-lead-${ctx.task.name.slice(0, 40).replace(/[^a-z0-9]+/gi, '-')}`);
  });

  it('shows the audit plan, the findings per unit and item, and the export buttons', async () => {
    await page.goto(`${base()}/audits`);
    await page.getByRole('link', { name: audit.code }).click();
    await page.getByRole('heading', { level: 1, name: audit.code }).waitFor();
    const plan = page.locator('section', { has: page.getByRole('heading', { name: 'Kế hoạch' }) });
    await expect.poll(() => plan.textContent()).toContain('Phường Sơn Tây');
    expect(await plan.textContent()).toContain('Lê Văn Thành — Trưởng đoàn');
    expect(await plan.textContent()).toMatch(/ISO9001-MC v1/);
    await page.getByRole('heading', { name: 'Phát hiện theo đơn vị và tiêu chí' }).waitFor();
    await expect.poll(() => page.getByRole('region', { name: 'Phát hiện của Phường Sơn Tây' }).locator('tbody tr').count()).toBeGreaterThan(5);
    const csv = page.getByRole('link', { name: 'Xuất CSV' });
    const jsonld = page.getByRole('link', { name: /Xuất chú thích W3C/ });
    expect(await csv.getAttribute('href')).toBe(`/api/v1/audits/${audit.id}/export.csv`);
    expect(await jsonld.getAttribute('href')).toBe(`/api/v1/audits/${audit.id}/annotations.jsonld`);
    const res = await page.request.get(`${base()}/api/v1/audits/${audit.id}/export.csv`);
    expect(res.status()).toBe(200);
    await screenshot(page, 'dashboard-lead-audit');
  });

  it('explains the gates when closing the audit is refused', async () => {
    await page.goto(`${base()}/audits/${audit.id}`);
    const gates = page.getByRole('list', { name: 'Điều kiện' });
    await expect.poll(() => gates.locator('.gate--fail').count()).toBeGreaterThan(0);
    // Not possible yet: the button is disabled and says why (the server would refuse with 409 nonconformities_unresolved).
    const close = page.getByRole('button', { name: /Chuyển sang “Kết thúc”/ });
    await expect.poll(() => close.isDisabled()).toBe(true);
    expect(await page.locator('#transition-blocked-closed').textContent()).toContain('Chưa thể kết thúc');
    await page.getByRole('link', { name: 'Xem phát hiện chờ trả lời' }).waitFor();
    expect(await page.locator('.page-header .badge--audit-reporting').count()).toBe(1);
    await screenshot(page, 'dashboard-lead-close-refused');
  });

  it('verifies a corrective action and closes the finding', async () => {
    const id = await newNonconformity('E2E: chưa đào tạo công chức mới về quy trình một cửa.');
    await api(head, 'POST', `/findings/${id}/response`, { decision: 'accept', root_cause: 'Công chức mới chưa được đào tạo', action: 'Tổ chức tập huấn', owner_user_id: (await api<{ user: { id: string } }>(head, 'GET', '/auth/me')).user.id, due_date: addDays(todayInVietnam(), 10) });
    await api(head, 'POST', `/findings/${id}/action-done`, { note: 'Đã tập huấn ngày 20/11; 6/6 công chức đạt bài kiểm tra.' });

    await page.goto(`${base()}/audits/${audit.id}`);
    const toVerify = page.locator('section', { has: page.getByRole('heading', { name: /Khắc phục chờ xác minh/ }) });
    await toVerify.locator(`tr[data-finding-id="${id}"] a`).first().click();
    await page.getByRole('heading', { name: 'Xác minh hành động khắc phục' }).waitFor();
    expect(await page.getByRole('radio', { name: /Có hiệu lực/ }).isChecked()).toBe(true);
    await page.getByLabel('Căn cứ xác minh').fill('Phỏng vấn 3 công chức, kiểm tra 10 hồ sơ tiếp nhận sau tập huấn: đúng quy trình.');
    await page.getByRole('button', { name: 'Xác nhận và đóng phát hiện' }).click();
    await page.getByRole('status').filter({ hasText: 'đóng phát hiện' }).waitFor();
    await expect.poll(() => page.locator('.page-header .badge--status-closed').count()).toBe(1);
    await expect.poll(() => page.locator('section', { has: page.getByRole('heading', { name: 'Hành động khắc phục' }) }).textContent()).toContain('Có hiệu lực');
    await screenshot(page, 'dashboard-lead-verified');
    const f = await api<{ status: string; corrective_action: { effective: boolean | null } }>(lead, 'GET', `/findings/${id}`);
    expect(f.status).toBe('closed');
    expect(f.corrective_action.effective).toBe(true);
  });

  it('sends an ineffective action back with a new due date', async () => {
    const id = await newNonconformity('E2E: biển chỉ dẫn chưa đúng.');
    await api(head, 'POST', `/findings/${id}/response`, { decision: 'accept', root_cause: 'Chưa rà soát', action: 'Thay biển', owner_user_id: (await api<{ user: { id: string } }>(head, 'GET', '/auth/me')).user.id, due_date: addDays(todayInVietnam(), 5) });
    await api(head, 'POST', `/findings/${id}/action-done`, { note: 'Đã thay biển.' });
    await page.goto(`${base()}/findings/${id}`);
    await page.getByRole('radio', { name: /Chưa có hiệu lực/ }).check();
    await page.getByLabel('Vì sao chưa có hiệu lực').fill('Biển mới vẫn ghi sai giờ làm việc.');
    const due = addDays(todayInVietnam(), 20);
    await page.getByLabel('Hạn hoàn thành mới').fill(due);
    await page.getByRole('button', { name: 'Trả lại với hạn mới' }).click();
    await expect.poll(() => page.locator('.page-header .badge--status-action_planned').count()).toBe(1);
    const f = await api<{ status: string; corrective_action: { due_date: string } }>(lead, 'GET', `/findings/${id}`);
    expect(f.corrective_action.due_date).toBe(due);
  });

  it('reviews a dispute: accepts it and the finding is withdrawn', async () => {
    const id = await newNonconformity('E2E: chưa niêm yết quy trình.');
    await api(head, 'POST', `/findings/${id}/response`, { decision: 'dispute', reason: 'Quy trình đã niêm yết ở bảng tin tầng 1.' });
    await page.goto(`${base()}/audits/${audit.id}`);
    const disputes = page.locator('section', { has: page.getByRole('heading', { name: /Ý kiến không đồng ý cần xem xét/ }) });
    await disputes.locator(`tr[data-finding-id="${id}"] a`).first().click();
    await page.getByRole('heading', { name: 'Xem xét ý kiến không đồng ý' }).waitFor();
    expect(await page.locator('.details').first().textContent()).toContain('Quy trình đã niêm yết ở bảng tin tầng 1.');
    await page.getByRole('radio', { name: /Chấp nhận giải trình/ }).check();
    await page.getByLabel('Ý kiến của trưởng đoàn').fill('Đã xác minh ảnh và thực tế: quy trình có niêm yết.');
    await page.getByRole('button', { name: 'Gửi quyết định' }).click();
    await page.getByRole('button', { name: 'Rút phát hiện' }).click();
    await expect.poll(() => page.locator('.page-header .badge--status-withdrawn').count()).toBe(1);
    const f = await api<{ status: string }>(lead, 'GET', `/findings/${id}`);
    expect(f.status).toBe('withdrawn');
  });

  it('lets a team member see the audits they are on, but not move the audit on', async () => {
    const member = await launchBrowser();
    try {
      const p = await signIn(member, MEMBER);
      await p.goto(base());
      await p.getByRole('heading', { level: 1, name: 'Cuộc kiểm tra' }).waitFor();
      await expect.poll(() => p.locator('tbody tr').count()).toBeGreaterThanOrEqual(2);
      await p.getByRole('link', { name: audit.code }).click();
      await p.getByText('Chỉ trưởng đoàn hoặc quản trị hệ thống chuyển giai đoạn.').waitFor();
      expect(await p.getByRole('button', { name: /Chuyển sang/ }).count()).toBe(0);
      await screenshot(p, 'dashboard-inspector-audit');
    } finally {
      await member.close();
    }
  });
});
