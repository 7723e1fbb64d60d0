// Action tracking in the dashboard (issue 15 part 4, issue 16), in real Chromium against the seeded Worker: the unit
// head asks for more time on an overdue action and the lead grants it (the due date and the overdue state change on
// the page), a refused request, a revised plan with an owner chosen among the ward's users, a comment exchange seen
// by both sides, axe on the finding page in both languages, and the phone layout. Every test makes its own
// nonconformity through the API; nothing seeded is changed.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { todayInVietnam, uuidv7 } from '@onestop/shared';
import type { Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { seriousViolations } from '../axe.ts';
import { launchBrowser, screenshot, type Browser } from '../browser.ts';
import { api, base, call, HEAD, LEAD, setLang, signIn, token } from './helpers.ts';

interface Ctx {
  lead: string;
  head: string;
  auditId: string;
  unitId: string;
  itemId: string;
  owners: { id: string; display_name: string }[];
}

const addDays = (date: string, n: number) => new Date(Date.parse(`${date}T00:00:00Z`) + n * 86_400_000).toISOString().slice(0, 10);
/** dd/MM/yyyy, as the Vietnamese page shows a date. */
const viDate = (d: string) => `${d.slice(8, 10)}/${d.slice(5, 7)}/${d.slice(0, 4)}`;

async function newNonconformity(c: Ctx, note: string): Promise<string> {
  const id = uuidv7();
  const res = await api<{ results: { status: string }[] }>(c.lead, 'POST', '/sync', {
    client_id: 'e2e-action-tracking',
    ops: [{ op_id: uuidv7(), kind: 'finding.upsert', entity_id: id, base_version: null, data: { audit_id: c.auditId, unit_id: c.unitId, item_id: c.itemId, result: 'nc_minor', note, recorded_at: new Date().toISOString() } }],
  });
  expect(res.results[0]?.status).toBe('applied');
  return id;
}

async function planned(c: Ctx, note: string, due: string): Promise<string> {
  const id = await newNonconformity(c, note);
  await api(c.head, 'POST', `/findings/${id}/response`, { decision: 'accept', root_cause: 'Chưa phân công theo dõi', action: 'Phân công và kiểm tra hằng tuần', owner_user_id: c.owners[0]!.id, due_date: due });
  return id;
}

/**
 * Days passing, for one of this test's own actions: the API refuses a due date in the past (as it should), so the
 * only way to an overdue action is time. The action's due date is moved back in this run's local D1 state (the
 * global setup's `.wrangler/e2e-state-<pid>`, the pid of the Vitest process that forked this one) with wrangler's own
 * `d1 execute`, touching only the row of this finding.
 */
function letDaysPass(findingId: string, due: string): void {
  const root = path.resolve(import.meta.dirname, '../../..');
  const state = [process.ppid, process.pid].map((pid) => path.join(root, '.wrangler', `e2e-state-${pid}`)).find((dir) => existsSync(dir));
  if (!state) throw new Error('the e2e run\'s local D1 state was not found');
  if (!/^[0-9a-f-]{36}$/.test(findingId) || !/^\d{4}-\d{2}-\d{2}$/.test(due)) throw new Error('bad id or date');
  const res = spawnSync(
    path.join(root, 'node_modules', '.bin', 'wrangler'),
    ['d1', 'execute', 'DB', '--local', '--persist-to', state, '--command', `UPDATE corrective_actions SET due_date = '${due}' WHERE finding_id = '${findingId}' AND done_at IS NULL`],
    { cwd: root, encoding: 'utf8', env: { ...process.env, WRANGLER_SEND_METRICS: 'false', NO_D1_WARNING: 'true' } },
  );
  if (res.status !== 0) throw new Error(`wrangler d1 execute failed: ${res.stdout}\n${res.stderr}`);
}

/** The element that has the focus: its tag, name and id. */
const focused = (page: Page) => page.evaluate(() => ({ tag: document.activeElement?.tagName ?? '', name: document.activeElement?.getAttribute('name') ?? '', id: document.activeElement?.id ?? '' }));

async function axeBothLanguages(page: Page, name: string): Promise<void> {
  expect(await seriousViolations(page), `${name} vi`).toEqual([]);
  await screenshot(page, `${name}-vi`);
  await setLang(page, 'en');
  expect(await seriousViolations(page), `${name} en`).toEqual([]);
  await screenshot(page, `${name}-en`);
  await setLang(page, 'vi');
}

describe('action tracking', () => {
  let headBrowser: Browser;
  let leadBrowser: Browser;
  let headPage: Page;
  let leadPage: Page;
  let c: Ctx;

  beforeAll(async () => {
    const [lead, head] = await Promise.all([token(LEAD), token(HEAD)]);
    const me = await api<{ unit: { id: string } }>(head, 'GET', '/auth/me');
    const audits = await api<{ items: { id: string; code: string; status: string }[] }>(lead, 'GET', '/audits');
    const audit = audits.items.find((a) => a.status === 'reporting' && /^KT-ISO-\d{4}-07$/.test(a.code));
    if (!audit) throw new Error('no reporting audit in the seed');
    expect((await api<{ my_role: string | null }>(lead, 'GET', `/audits/${audit.id}`)).my_role).toBe('lead');
    const checklist = await api<{ items: { id: string; code: string }[] }>(lead, 'GET', `/audits/${audit.id}/checklist?unit=${me.unit.id}`);
    const item = checklist.items.find((i) => i.code === 'MC-6.2-01') ?? checklist.items[0];
    if (!item) throw new Error('no checklist items');
    c = { lead, head, auditId: audit.id, unitId: me.unit.id, itemId: item.id, owners: [] };
    const probe = await newNonconformity(c, 'E2E: danh sách người chịu trách nhiệm.');
    c.owners = (await api<{ items: { id: string; display_name: string }[] }>(head, 'GET', `/findings/${probe}/assignable-users`)).items;
    expect(c.owners.length).toBeGreaterThan(0);

    headBrowser = await launchBrowser();
    leadBrowser = await launchBrowser();
    headPage = await signIn(headBrowser, HEAD);
    leadPage = await signIn(leadBrowser, LEAD);
  });
  afterAll(async () => {
    await headBrowser?.close();
    await leadBrowser?.close();
  });
  afterEach(async (ctx) => {
    if (ctx.task.result?.state !== 'fail') return;
    const tag = ctx.task.name.slice(0, 40).replace(/[^a-z0-9]+/gi, '-');
    if (headPage && !headPage.isClosed()) await screenshot(headPage, `FAILED-action-tracking-head-${tag}`);
    if (leadPage && !leadPage.isClosed()) await screenshot(leadPage, `FAILED-action-tracking-lead-${tag}`);
  });

  it('an overdue action: the unit head asks for more time, the lead grants it, due date and overdue state change', async () => {
    const today = todayInVietnam();
    const id = await planned(c, 'E2E: sổ theo dõi hồ sơ chưa cập nhật.', addDays(today, 3));
    const past = addDays(today, -4);
    letDaysPass(id, past);

    await headPage.goto(`${base()}/findings/${id}`);
    await headPage.locator('.page-header .badge--overdue').waitFor();
    expect(await headPage.getByTestId('next-step').getAttribute('data-step')).toBe('unit_acts_overdue');
    expect(await headPage.getByTestId('next-step').textContent()).toContain(`Đã quá hạn ${viDate(past)}`);

    await headPage.getByRole('button', { name: 'Xin thêm thời gian' }).click();
    const form = headPage.locator('form[aria-labelledby="at-extension-title"]');
    await form.waitFor();
    // Sent empty: both fields say they are required, nothing is sent, the focus goes to the first.
    await form.getByRole('button', { name: 'Gửi đề nghị' }).click();
    await expect.poll(async () => (await focused(headPage)).name).toBe('at_new_due_date');
    expect(await form.locator('.field-error').allTextContents()).toEqual(['Bắt buộc nhập.', 'Bắt buộc nhập.']);
    // A date in the past is refused at the field, before anything is sent.
    await form.getByLabel('Hạn mới').fill(addDays(today, -1));
    await form.getByLabel('Lý do').fill('Phần mềm một cửa đang nâng cấp, chưa xuất được sổ.');
    await form.getByRole('button', { name: 'Gửi đề nghị' }).click();
    await expect.poll(() => form.locator('.field-error').allTextContents()).toEqual(['Ngày không được trước hôm nay.']);
    const wanted = addDays(today, 10);
    await form.getByLabel('Hạn mới').fill(wanted);
    await form.getByRole('button', { name: 'Gửi đề nghị' }).click();
    await headPage.getByRole('status').filter({ hasText: 'Đã gửi đề nghị dời hạn cho trưởng đoàn.' }).waitFor();
    await expect.poll(async () => (await focused(headPage)).tag).toBe('P');
    await headPage.getByTestId('pending-request').waitFor();
    expect(await headPage.getByTestId('next-step').getAttribute('data-step')).toBe('lead_decides_due_date');
    // Still overdue until the lead decides.
    expect(await headPage.locator('.page-header .badge--overdue').count()).toBe(1);
    await axeBothLanguages(headPage, 'dashboard-action-tracking-head-requested');

    await leadPage.goto(`${base()}/findings/${id}`);
    const decision = leadPage.locator('form[aria-labelledby="at-decision-title"]');
    await decision.waitFor();
    expect(await leadPage.getByTestId('next-step').textContent()).toContain(viDate(wanted));
    expect(await decision.textContent()).toContain('Phần mềm một cửa đang nâng cấp');
    await axeBothLanguages(leadPage, 'dashboard-action-tracking-lead-decision');
    await decision.getByRole('button', { name: 'Chấp nhận hạn mới' }).click();
    await leadPage.getByRole('status').filter({ hasText: `Đã chấp nhận hạn mới ${viDate(wanted)}.` }).waitFor();
    await expect.poll(() => leadPage.locator('form[aria-labelledby="at-decision-title"]').count()).toBe(0);

    await headPage.reload();
    await headPage.getByTestId('next-step').waitFor();
    await expect.poll(() => headPage.getByTestId('next-step').getAttribute('data-step')).toBe('unit_acts');
    expect(await headPage.locator('.page-header .badge--overdue').count()).toBe(0);
    expect(await headPage.locator('section[aria-labelledby="ca-title"]').textContent()).toContain(viDate(wanted));
    expect(await headPage.getByTestId('due-date-requests').textContent()).toContain('Đã chấp nhận');
    await screenshot(headPage, 'dashboard-action-tracking-head-granted');
    const f = await api<{ overdue: boolean; corrective_action: { due_date: string } }>(c.head, 'GET', `/findings/${id}`);
    expect(f).toMatchObject({ overdue: false, corrective_action: { due_date: wanted } });
  });

  it('the lead refuses a request: a reason is required, the due date stays, the history says so', async () => {
    const today = todayInVietnam();
    const due = addDays(today, 5);
    const id = await planned(c, 'E2E: biên nhận thiếu chữ ký.', due);
    await api(c.head, 'POST', `/findings/${id}/due-date-requests`, { new_due_date: addDays(today, 40), reason: 'Chờ kinh phí mua máy quét.' });

    await leadPage.goto(`${base()}/findings/${id}`);
    const decision = leadPage.locator('form[aria-labelledby="at-decision-title"]');
    await decision.waitFor();
    await decision.getByLabel('Từ chối, giữ hạn cũ').check();
    await decision.getByRole('button', { name: 'Từ chối đề nghị' }).click();
    await expect.poll(async () => (await focused(leadPage)).name).toBe('at_decision_reason');
    expect(await decision.locator('.field-error').allTextContents()).toEqual(['Bắt buộc nhập.']);
    await decision.getByLabel('Lý do từ chối').fill('Bổ sung chữ ký không cần máy quét; làm ngay trong tuần.');
    await decision.getByRole('button', { name: 'Từ chối đề nghị' }).click();
    await leadPage.getByRole('status').filter({ hasText: 'Đã từ chối đề nghị dời hạn; hạn cũ giữ nguyên.' }).waitFor();
    await expect.poll(() => leadPage.getByTestId('due-date-requests').textContent()).toContain('Đã từ chối');
    expect(await leadPage.getByTestId('due-date-requests').textContent()).toContain('làm ngay trong tuần');
    expect(await leadPage.locator('form[aria-labelledby="at-decision-title"]').count()).toBe(0);
    await screenshot(leadPage, 'dashboard-action-tracking-lead-refused');
    const f = await api<{ corrective_action: { due_date: string } }>(c.head, 'GET', `/findings/${id}`);
    expect(f.corrective_action.due_date).toBe(due);
  });

  it('a plan with an owner chosen among the ward\'s users, then revised with a later date that waits for the lead', async () => {
    const today = todayInVietnam();
    const id = await newNonconformity(c, 'E2E: quy trình tiếp nhận chưa niêm yết.');
    await headPage.goto(`${base()}/findings/${id}`);
    const accept = headPage.locator('form[aria-labelledby="accept-title"]');
    await accept.waitFor();
    const owner = accept.getByLabel('Người chịu trách nhiệm');
    // The options are the ward's users the API lists, after the "choose" prompt; never a free-text field.
    await expect.poll(async () => (await owner.locator('option').allTextContents()).length).toBe(c.owners.length + 1);
    const options = await owner.locator('option').evaluateAll((os) => os.map((o) => (o as HTMLOptionElement).value));
    expect(options.slice(1).sort()).toEqual(c.owners.map((o) => o.id).sort());
    expect(await accept.locator('input[name="owner_name"]').count()).toBe(0);
    await accept.getByLabel('Nguyên nhân').fill('Chưa có người phụ trách niêm yết.');
    await accept.getByLabel('Hành động khắc phục').fill('Niêm yết quy trình tại quầy và trên cổng.');
    await accept.getByLabel('Hạn hoàn thành').fill(addDays(today, 7));
    await accept.getByRole('button', { name: 'Gửi kế hoạch khắc phục' }).click();
    // The owner was not chosen: it says so at the picker, which gets the focus.
    await expect.poll(async () => (await focused(headPage)).name).toBe('owner_user_id');
    await owner.selectOption(c.owners[0]!.id);
    await accept.getByRole('button', { name: 'Gửi kế hoạch khắc phục' }).click();
    await headPage.getByRole('status').filter({ hasText: 'Đã gửi kế hoạch khắc phục' }).waitFor();
    expect(await headPage.getByTestId('action-owner').textContent()).toBe(c.owners[0]!.display_name);

    // Revise: Escape closes the form and gives the focus back to its button.
    await headPage.getByRole('button', { name: 'Điều chỉnh kế hoạch' }).click();
    const revision = headPage.locator('form[aria-labelledby="at-revision-title"]');
    await revision.waitFor();
    await revision.getByLabel('Hành động khắc phục').focus();
    await headPage.keyboard.press('Escape');
    await expect.poll(() => revision.count()).toBe(0);
    await expect.poll(async () => (await focused(headPage)).id).toBe('at-open-revision');

    await headPage.getByRole('button', { name: 'Điều chỉnh kế hoạch' }).click();
    await revision.waitFor();
    expect(await revision.getByLabel('Nguyên nhân').inputValue()).toBe('Chưa có người phụ trách niêm yết.');
    await revision.getByLabel('Hành động khắc phục').fill('Niêm yết tại quầy, trên cổng và bản in tại nhà văn hoá tổ dân phố.');
    const later = addDays(today, 21);
    await revision.getByLabel('Hạn hoàn thành').fill(later);
    await revision.getByRole('button', { name: 'Lưu kế hoạch đã điều chỉnh' }).click();
    // The reason is required.
    await expect.poll(async () => (await focused(headPage)).name).toBe('at_revision_reason');
    await revision.getByLabel('Lý do điều chỉnh').fill('Thêm điểm niêm yết theo góp ý của đoàn.');
    await revision.getByRole('button', { name: 'Lưu kế hoạch đã điều chỉnh' }).click();
    await headPage.getByRole('status').filter({ hasText: 'Đã lưu kế hoạch; hạn mới đang chờ trưởng đoàn chấp nhận.' }).waitFor();
    await headPage.getByTestId('pending-request').waitFor();
    expect(await headPage.locator('section[aria-labelledby="ca-title"]').textContent()).toContain('nhà văn hoá tổ dân phố');
    await screenshot(headPage, 'dashboard-action-tracking-head-revised');
    const f = await api<{ corrective_action: { due_date: string; action: string; owner_user_id: string } }>(c.head, 'GET', `/findings/${id}`);
    expect(f.corrective_action).toMatchObject({ due_date: addDays(today, 7), owner_user_id: c.owners[0]!.id });
    const requests = await api<{ items: { kind: string; status: string; new_due_date: string }[] }>(c.lead, 'GET', `/findings/${id}/due-date-requests`);
    expect(requests.items).toEqual([expect.objectContaining({ kind: 'revision', status: 'pending', new_due_date: later })]);
  });

  it('the unit and the team talk on the finding; both sides see the thread, markup stays text', async () => {
    const id = await planned(c, 'E2E: trao đổi về phiếu hẹn.', addDays(todayInVietnam(), 9));
    await headPage.goto(`${base()}/findings/${id}`);
    const thread = headPage.locator('section[aria-labelledby="at-comments-title"]');
    await thread.waitFor();
    await thread.getByRole('button', { name: 'Gửi bình luận' }).click();
    await expect.poll(async () => (await focused(headPage)).name).toBe('at_comment');
    const headText = 'Đơn vị đã in lại phiếu hẹn <img src=x onerror="window.__pwned=1">, xin đoàn xem.';
    await thread.getByLabel('Bình luận mới').fill(headText);
    await thread.getByRole('button', { name: 'Gửi bình luận' }).click();
    await headPage.getByRole('status').filter({ hasText: 'Đã gửi bình luận.' }).waitFor();
    await expect.poll(() => headPage.getByTestId('comments').textContent()).toContain(headText);

    await leadPage.goto(`${base()}/findings/${id}`);
    const leadThread = leadPage.locator('section[aria-labelledby="at-comments-title"]');
    await expect.poll(() => leadPage.getByTestId('comments').textContent()).toContain(headText);
    expect(await leadThread.textContent()).toContain('Thủ trưởng đơn vị');
    await leadThread.getByLabel('Bình luận mới').fill('Đoàn đã nhận, đề nghị chụp thêm bảng niêm yết.');
    await leadThread.getByRole('button', { name: 'Gửi bình luận' }).click();
    await leadPage.getByRole('status').filter({ hasText: 'Đã gửi bình luận.' }).waitFor();

    await headPage.reload();
    await expect.poll(() => headPage.getByTestId('comments').locator('li').count()).toBe(2);
    const last = headPage.getByTestId('comments').locator('li').nth(1);
    expect(await last.textContent()).toContain('Đoàn đã nhận, đề nghị chụp thêm bảng niêm yết.');
    expect(await last.textContent()).toContain('Trưởng đoàn');
    expect(await headPage.evaluate(() => (window as unknown as { __pwned?: number }).__pwned)).toBeUndefined();
    expect(await headPage.getByTestId('comments').locator('img').count()).toBe(0);
    await axeBothLanguages(headPage, 'dashboard-action-tracking-comments');
    // Each comment is in the finding's event log.
    const events = await api<{ items: { type: string }[] }>(c.head, 'GET', `/events?entity=finding&id=${id}`);
    expect(events.items.filter((e) => e.type === 'finding.commented')).toHaveLength(2);
    // A control character is refused with a readable message, never stored.
    const bad = await call(c.head, 'POST', `/findings/${id}/comments`, { body: 'a\u0007b' });
    expect(bad.status).toBe(422);
  });

  it('fits a phone: 390×844 with the forms open, no horizontal scroll, in both languages', async () => {
    const id = await planned(c, 'E2E: bố cục điện thoại.', addDays(todayInVietnam(), 4));
    await api(c.head, 'POST', `/findings/${id}/comments`, { body: 'Một bình luận khá dài để kiểm tra xuống dòng trên điện thoại: '.repeat(3) });
    const phone = await launchBrowser({ viewport: { width: 390, height: 844 } });
    try {
      const page = await signIn(phone, HEAD);
      await page.goto(`${base()}/findings/${id}`);
      await page.getByRole('button', { name: 'Điều chỉnh kế hoạch' }).click();
      await page.locator('form[aria-labelledby="at-revision-title"]').waitFor();
      for (const lang of ['vi', 'en'] as const) {
        await setLang(page, lang);
        const widths = await page.evaluate(() => ({ scroll: document.documentElement.scrollWidth, client: document.documentElement.clientWidth }));
        expect(widths.scroll, lang).toBeLessThanOrEqual(widths.client);
        expect(await seriousViolations(page), lang).toEqual([]);
        await screenshot(page, `dashboard-action-tracking-phone-${lang}`);
      }
      await setLang(page, 'vi');
    } finally {
      await phone.close();
    }
  });

  it('before reporting, the next step is the team\'s: the unit cannot see the finding yet', async () => {
    const audits = await api<{ items: { id: string; status: string }[] }>(c.lead, 'GET', '/audits');
    const running = audits.items.find((a) => a.status === 'in_progress');
    if (!running) throw new Error('no audit in progress in the seed');
    const findings = await api<{ items: { id: string; result: string; status: string }[] }>(c.lead, 'GET', `/findings?audit=${running.id}&status=open&limit=5`);
    const open = findings.items[0];
    if (!open) throw new Error('no open nonconformity in the audit in progress');
    await leadPage.goto(`${base()}/findings/${open.id}`);
    await expect.poll(() => leadPage.getByTestId('next-step').getAttribute('data-step')).toBe('team_finishes_audit');
    expect(await leadPage.getByTestId('next-step').textContent()).toContain('đơn vị chưa nhìn thấy phát hiện này');
    // And it is true: the unit head is told the finding does not exist.
    expect((await call(c.head, 'GET', `/findings/${open.id}`)).status).toBe(404);
  });
});
