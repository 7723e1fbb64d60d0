// Issue 14 in the dashboard: an audit's automated check samples (list, per-rule counts, the dossiers behind a count
// with their facts, dismissed suggestions) and a unit's reported figures (the lead's form with Vietnamese numbers,
// the Sơn Tây 2021 mismatch, the sampling plan, the verification of the on-time rate by a sample with its Wilson
// interval, a 409 version conflict). Every expected number is computed here from the data the test sends.
import { uuidv7 } from '@onestop/shared';
import type { Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, screenshot, type Browser } from '../browser.ts';
import { LEAD, api, base, signIn, token } from './helpers.ts';

const MEMBER = 'kiemtra@demo.onestop.vn';
const Z = 1.959963984540054;

/** Text without any kind of space, so `77,8 %` and `77,8%` compare equal whatever the ICU version puts there. */
const squash = (s: string | null | undefined) => (s ?? '').replace(/[\s\u00a0\u202f]/g, '');
const pct = (locale: string, x: number, digits: number) => new Intl.NumberFormat(locale, { style: 'percent', minimumFractionDigits: digits, maximumFractionDigits: digits }).format(x);
const num = (locale: string, x: number, digits = 0) => new Intl.NumberFormat(locale, { maximumFractionDigits: digits }).format(x);

/** The Wilson score interval, written out here from its formula (not the shared code's). */
function wilson(successes: number, n: number): [number, number] {
  const p = successes / n;
  const denominator = 1 + (Z * Z) / n;
  const centre = (p + (Z * Z) / (2 * n)) / denominator;
  const half = (Z * Math.sqrt((p * (1 - p)) / n + (Z * Z) / (4 * n * n))) / denominator;
  return [centre - half, centre + half];
}

/** What a screenshot cannot show: one h1, every control labelled, no sideways scrolling. */
async function layoutIssues(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const out: string[] = [];
    const visible = (el: Element) => {
      const r = el.getBoundingClientRect();
      return r.width > 0 && r.height > 0 && getComputedStyle(el).visibility !== 'hidden';
    };
    const h1s = Array.from(document.querySelectorAll('h1')).filter(visible);
    if (h1s.length !== 1) out.push(`${h1s.length} h1 elements`);
    for (const el of Array.from(document.querySelectorAll('input, select, textarea'))) {
      const input = el as HTMLInputElement;
      if (input.type === 'hidden' || !visible(el)) continue;
      if ((input.labels?.length ?? 0) === 0 && !input.getAttribute('aria-label')) out.push(`unlabelled ${el.tagName.toLowerCase()}[name=${input.name}]`);
    }
    for (const el of Array.from(document.querySelectorAll('button, a[href]'))) {
      if (visible(el) && !(el.textContent ?? '').trim() && !el.getAttribute('aria-label')) out.push(`${el.tagName.toLowerCase()} without a name`);
    }
    if (document.documentElement.scrollWidth > window.innerWidth + 1) out.push(`page scrolls sideways (${document.documentElement.scrollWidth} > ${window.innerWidth})`);
    return out;
  });
}

async function setLang(page: Page, lang: 'vi' | 'en'): Promise<void> {
  await page.getByRole('button', { name: lang === 'vi' ? 'Tiếng Việt' : 'English', exact: true }).click();
  await page.waitForFunction((l) => document.documentElement.lang === l, lang);
}

interface Audit {
  id: string;
  code: string;
  units: { id: string; name: string }[];
  checklists: { checklist_id: string; version: number }[];
}
interface RuleSet {
  rule_set: { id: string; version: number; rules: { id: string; version: number }[] };
}
interface Figures {
  id: string;
  version: number;
  sampling_plan: { seed: string; population: number; size: number; draw_order: number[]; positions: number[] } | null;
}
type Outcome = 'pass' | 'violation' | 'not_applicable' | 'undecidable';

/** Sơn Tây 2021 as reported (indicators.md section 3): to handle 4,241, while the outcomes add up to 4,633. */
const SON_TAY_TYPED = {
  carried_over: '166',
  received_new: '4.075',
  to_handle: '4241',
  resolved: '4.241',
  pending: '80',
  pending_in_term: '80',
  returned_unresolved: '289',
  withdrawn: '23',
};
/** Text from a dossier page is shown as text, never as markup. */
const HOSTILE = '<img src=x onerror="window.__pwned=1">Đăng ký hộ kinh doanh';
const SOURCE = 'Báo cáo 15/BC-UBND ngày 10/01/2022 <b>kết quả giải quyết TTHC năm 2021</b>';
const SON_TAY = { carried_over: 166, received_new: 4075, to_handle: 4241, resolved: 4241, pending: 80, pending_in_term: 80, returned_unresolved: 289, withdrawn: 23 };

describe('automated check samples and reported figures in the dashboard', () => {
  let browser: Browser;
  let page: Page;
  let lead: string;
  let member: string;
  let audit: Audit;
  let sonTay: { id: string; name: string };
  let haDong: { id: string; name: string };
  let ruleSet: RuleSet['rule_set'];

  beforeAll(async () => {
    [lead, member] = await Promise.all([token(LEAD), token(MEMBER)]);
    const audits = await api<{ items: { id: string; code: string; status: string }[] }>(lead, 'GET', '/audits');
    const inProgress = audits.items.find((a) => a.status === 'in_progress' && /^KT-ISO-\d{4}-08$/.test(a.code));
    if (!inProgress) throw new Error('no in-progress audit in the seed');
    audit = await api<Audit>(lead, 'GET', `/audits/${inProgress.id}`);
    const st = audit.units.find((u) => u.name.includes('Sơn Tây'));
    // Samples go to another unit than the one the extension tests sweep and dismiss on, so counts stay ours.
    const hd = audit.units.find((u) => u.name.includes('Hà Đông')) ?? audit.units.find((u) => u.id !== st?.id);
    if (!st || !hd) throw new Error('the in-progress audit lacks its units');
    [sonTay, haDong] = [st, hd];
    const checklist = audit.checklists[0];
    if (!checklist) throw new Error('the audit pins no checklist');
    ruleSet = (await api<RuleSet>(lead, 'GET', `/checklists/${checklist.checklist_id}/check-rules?version=${checklist.version}`)).rule_set;
    browser = await launchBrowser();
    page = await signIn(browser, LEAD);
  });
  afterAll(async () => {
    await browser?.close();
  });
  afterEach(async (ctx) => {
    if (ctx.task.result?.state === 'fail' && page && !page.isClosed()) await screenshot(page, `FAILED-checks-figures-${ctx.task.name.slice(0, 40).replace(/[^a-z0-9]+/gi, '-')}`);
    if (page && !page.isClosed()) await page.evaluate(() => localStorage.setItem('onestop.lang', 'vi')).catch(() => undefined);
  });

  /** A sample of 12 dossiers on three rules, sent by a team member; its expected counts worked out here. */
  async function recordSample(prefix: string) {
    const rule = (id: string) => {
      const r = ruleSet.rules.find((x) => x.id === id);
      if (!r) throw new Error(`the rule set has no ${id}`);
      return r;
    };
    const [late, apology, appointment] = [rule('returned-late'), rule('overdue-without-apology'), rule('received-without-appointment')];
    const code = (i: number) => `${prefix}-210315-${String(i).padStart(4, '0')}`;
    const lateOutcome = (i: number): Outcome => (i <= 7 ? 'pass' : i <= 9 ? 'violation' : i <= 11 ? 'not_applicable' : 'undecidable');
    const dossiers = Array.from({ length: 12 }, (_, k) => {
      const i = k + 1;
      const lateFacts =
        i === 8
          ? { status: 'returned', procedure: HOSTILE, returned_at: '2021-03-20T09:25:00.000Z', due_at: '2021-03-19T10:00:00.000Z', new_due_at: null, apology_issued: false, appointment: '2021-03-19T10:00:00.000Z', minutes_late: 1405, working_days_late: 1 }
          : i === 9
            ? { status: 'returned', returned_at: '2021-03-22T02:00:00.000Z', due_at: '2021-03-19T10:00:00.000Z', apology_issued: false, appointment: '2021-03-19T10:00:00.000Z', minutes_late: 3840, working_days_late: 1 }
            : { status: i <= 7 ? 'returned' : 'processing' };
      return {
        dossier_code: code(i),
        outcomes: [
          { rule_id: late.id, outcome: lateOutcome(i), facts: lateFacts },
          { rule_id: apology.id, outcome: i === 8 ? 'violation' : i === 9 ? 'pass' : 'not_applicable', facts: i === 8 ? { apology_issued: false, due_at: '2021-03-19T10:00:00.000Z' } : {} },
          { rule_id: appointment.id, outcome: i === 12 ? 'undecidable' : 'pass', facts: { received_at: '2021-03-15T01:30:00.000Z', due_at: i === 12 ? null : '2021-03-19T10:00:00.000Z' } },
        ],
      };
    });
    const body = { id: uuidv7(), unit_id: haDong.id, site_profile: 'Hệ thống thông tin giải quyết TTHC (demo)', as_of: new Date().toISOString(), rule_set_id: ruleSet.id, rule_set_version: ruleSet.version, dossiers };
    await api(member, 'POST', `/audits/${audit.id}/samples`, body);
    // Expected, from the body: per rule and outcome; dossiers with a violation; the on-time rate of returned-late.
    const counts = new Map<string, Record<Outcome, number>>();
    for (const d of dossiers) for (const o of d.outcomes) {
      const c = counts.get(o.rule_id) ?? { pass: 0, violation: 0, not_applicable: 0, undecidable: 0 };
      c[o.outcome as Outcome] += 1;
      counts.set(o.rule_id, c);
    }
    const withViolation = dossiers.filter((d) => d.outcomes.some((o) => o.outcome === 'violation')).length;
    const lateCounts = counts.get(late.id)!;
    return { id: body.id, code, late, counts, withViolation, onTime: lateCounts.pass, decided: lateCounts.pass + lateCounts.violation };
  }

  it('lists a sample and drills down from a count to its dossiers, with their facts and dismissed suggestions', async () => {
    const s = await recordSample(`E2E-${Date.now().toString(36).toUpperCase()}`);
    expect(s.withViolation).toBe(2);
    const dismissedCode = s.code(9);
    await api(member, 'POST', `/audits/${audit.id}/suggestion-dismissals`, {
      id: uuidv7(),
      unit_id: haDong.id,
      rule_id: s.late.id,
      rule_version: s.late.version,
      dossier_code: dismissedCode,
      reason: 'Công dân hẹn nhận kết quả muộn hơn, có phiếu ghi nhận.',
      dismissed_at: new Date().toISOString(),
    });

    await page.goto(`${base()}/audits/${audit.id}`);
    await page.getByRole('navigation', { name: 'Các phần của cuộc kiểm tra' }).getByRole('link', { name: 'Mẫu kiểm tra tự động' }).click();
    await page.getByRole('heading', { level: 1, name: 'Mẫu kiểm tra tự động' }).waitFor();
    await page.getByLabel('Đơn vị').selectOption(haDong.id);
    const row = page.locator(`tr[data-sample-id="${s.id}"]`);
    await row.waitFor();
    const cells = row.locator('td');
    expect(squash(await cells.nth(1).textContent())).toBe(squash(haDong.name));
    expect(await cells.nth(4).textContent()).toBe('12');
    expect(await cells.nth(5).textContent()).toBe(String(s.withViolation));
    expect(squash(await cells.nth(6).textContent())).toBe(squash(`${pct('vi-VN', s.onTime / s.decided, 1)} (${s.onTime}/${s.decided} hồ sơ)`));
    // False positives of the unit, over every sample of the audit (other suites send samples of Hà Đông too): the
    // page shows the API's row, which counts at least this sample's 2 violations and its 1 dismissal.
    const fpList = await api<{ by_rule: { rule_id: string; violations: number; dismissed: number; dismissed_percent: number | null }[] }>(
      member,
      'GET',
      `/audits/${audit.id}/suggestion-dismissals?unit=${haDong.id}&limit=1`,
    );
    const fpRow = fpList.by_rule.find((r) => r.rule_id === s.late.id);
    if (!fpRow) throw new Error('the API lists no false positives of returned-late');
    expect(fpRow.violations).toBeGreaterThanOrEqual(s.counts.get(s.late.id)!.violation);
    expect(fpRow.dismissed).toBeGreaterThanOrEqual(1);
    const fp = page.locator(`section:has(#fp-title) tr[data-rule="${s.late.id}"] td`);
    await expect.poll(async () => squash(await fp.nth(2).textContent())).toBe(squash(num('vi-VN', fpRow.violations)));
    expect(squash(await fp.nth(3).textContent())).toBe(squash(num('vi-VN', fpRow.dismissed)));
    expect(squash(await fp.nth(4).textContent())).toBe(squash(pct('vi-VN', fpRow.dismissed / fpRow.violations, 1)));
    await screenshot(page, 'checks-samples-vi');

    await row.getByRole('link').click();
    await page.getByRole('heading', { level: 1, name: `Mẫu kiểm tra tự động: ${haDong.name}` }).waitFor();
    expect(await page.getByTestId('sample-dossiers').textContent()).toBe('12');
    const ruleRow = page.locator(`table.rule-counts tr[data-rule="${s.late.id}"]`);
    for (const o of ['pass', 'violation', 'not_applicable', 'undecidable'] as const) {
      expect(await ruleRow.locator(`td[data-outcome="${o}"]`).textContent(), o).toBe(String(s.counts.get(s.late.id)![o]));
    }
    await expect.poll(() => ruleRow.locator('td[data-outcome="dismissed"]').textContent()).toBe('1');
    // Every rule of the set is listed (zero when no dossier reported it), each count its own number.
    expect(await page.locator('table.rule-counts tbody tr').count()).toBe(ruleSet.rules.length);

    await ruleRow.locator('td[data-outcome="violation"] a').click();
    await expect.poll(() => new URL(page.url()).searchParams.get('outcome')).toBe('violation');
    expect(new URL(page.url()).searchParams.get('rule')).toBe(s.late.id);
    await expect.poll(() => page.locator('li.dossier').evaluateAll((els) => els.map((e) => e.getAttribute('data-dossier')))).toEqual([s.code(8), s.code(9)]);
    expect(await page.getByTestId('dossiers-total').getAttribute('data-total')).toBe('2');
    const first = page.locator(`li.dossier[data-dossier="${s.code(8)}"] .outcome[data-rule="${s.late.id}"]`);
    // The explanation filled from the facts: 09:25 UTC is 16:25 in Vietnam; 1405 minutes in Vietnamese digits.
    await expect.poll(() => first.locator('.outcome-explanation').textContent()).toMatch(/lúc (16:25 20\/03\/2021|20\/03\/2021,? 16:25), sau thời hạn/);
    expect(await first.locator('.outcome-explanation').textContent()).toContain(`${num('vi-VN', 1405)} phút`);
    expect(await first.locator('dl.facts').textContent()).toContain('Ngày trả kết quả');
    expect(await first.locator('dl.facts').textContent()).toContain('Có văn bản xin lỗi');
    expect(await first.locator('dl.facts').textContent()).toContain('Đã trả kết quả');
    expect(await first.locator('dl.facts').textContent()).toContain(HOSTILE);
    expect(await page.locator('li.dossier img').count()).toBe(0);
    expect(await page.evaluate(() => (window as unknown as { __pwned?: number }).__pwned)).toBeUndefined();
    const dismissed = page.locator(`li.dossier[data-dossier="${dismissedCode}"] .dismissed`);
    expect(await dismissed.textContent()).toContain('Công dân hẹn nhận kết quả muộn hơn');
    expect(await page.locator(`li.dossier[data-dossier="${s.code(8)}"] .dismissed`).count()).toBe(0);
    await screenshot(page, 'checks-sample-drilldown-vi');

    await setLang(page, 'en');
    await page.getByRole('heading', { level: 1, name: `Automated check sample: ${haDong.name}` }).waitFor();
    expect(squash(await page.getByTestId('sample-on-time').textContent())).toContain(squash(`${pct('en-GB', s.onTime / s.decided, 1)} (${s.onTime}/${s.decided} dossiers)`));
    expect(await first.locator('.outcome-explanation').textContent()).toContain(`${num('en-GB', 1405)} minutes late`);
    await screenshot(page, 'checks-sample-drilldown-en');
  });

  it('takes a unit\'s figures in the form, flags the Sơn Tây mismatch, explains the plan and verifies the rate by a sample', async () => {
    await page.goto(`${base()}/audits/${audit.id}/figures`);
    await page.getByRole('heading', { level: 1, name: 'Số liệu báo cáo' }).waitFor();
    await page.getByRole('link', { name: 'Nhập số liệu báo cáo' }).click();
    await page.getByRole('heading', { level: 1, name: 'Nhập số liệu báo cáo' }).waitFor();
    const form = page.locator('form.figures-form');

    // What a person gets wrong first is said at its field, in words, and nothing is sent.
    await form.getByLabel('Đơn vị').selectOption(sonTay.id);
    await form.getByLabel('Từ ngày').fill('2021-01-01');
    await form.getByLabel('Đến ngày').fill('2020-12-31');
    await form.getByLabel('Đã giải quyết', { exact: true }).fill('4,5');
    await form.getByLabel('Tỷ lệ giải quyết trước và đúng hạn (%)').fill('98,25x');
    await form.getByRole('button', { name: 'Lưu số liệu' }).click();
    await form.getByText('Ngày kết thúc kỳ không được trước ngày bắt đầu.').waitFor();
    await form.getByText('Cần một số nguyên không âm, ví dụ 4241 hoặc 4.241.').waitFor();
    await form.getByText('Cần một số phần trăm, ví dụ 98,25.').waitFor();
    expect(await form.getByLabel('Đã giải quyết', { exact: true }).getAttribute('aria-invalid')).toBe('true');
    expect(new URL(page.url()).pathname).toBe(`/audits/${audit.id}/figures/new`);
    await screenshot(page, 'checks-figures-form-errors-vi');

    await form.getByLabel('Đến ngày').fill('2021-12-31');
    const labels: Record<string, string> = {
      carried_over: 'Kỳ trước chuyển sang',
      received_new: 'Tiếp nhận mới trong kỳ',
      to_handle: 'Tổng số phải giải quyết',
      resolved: 'Đã giải quyết',
      pending: 'Đang giải quyết',
      pending_in_term: 'Đang giải quyết trong hạn',
      returned_unresolved: 'Trả lại, không đủ điều kiện',
      withdrawn: 'Rút hồ sơ',
    };
    for (const [k, v] of Object.entries(SON_TAY_TYPED)) await form.getByLabel(labels[k]!, { exact: true }).fill(v);
    await form.getByLabel('Tỷ lệ giải quyết trước và đúng hạn (%)').fill('98,25');
    await form.getByLabel('Nguồn số liệu').fill(SOURCE);
    // The preview already sizes the sample and finds the mismatch, before anything is saved.
    await expect.poll(() => page.getByTestId('preview-size').textContent()).toBe(`Cỡ mẫu: 353 trong ${num('vi-VN', 4241)} hồ sơ đã giải quyết.`);
    expect(await page.locator('.figures-preview li[data-check="balance"]').getAttribute('data-status')).toBe('mismatch');
    await screenshot(page, 'checks-figures-form-vi');
    await form.getByRole('button', { name: 'Lưu số liệu' }).click();

    await page.getByRole('heading', { level: 1, name: `Số liệu báo cáo: ${sonTay.name}` }).waitFor();
    await page.getByRole('status').filter({ hasText: 'Đã lưu số liệu báo cáo (phiên bản 1).' }).waitFor();
    const fid = new URL(page.url()).pathname.split('/').pop() ?? '';
    const stored = await api<Figures & { figures: Record<string, number> }>(lead, 'GET', `/audits/${audit.id}/reported-figures/${fid}`);
    // The typed numbers reached the server as numbers ("4.075" is 4075, "98,25" is 98.25).
    expect(stored.figures).toEqual({ ...SON_TAY, on_time_rate: 98.25 });
    const source = page.locator('dd', { hasText: 'Báo cáo 15/BC-UBND' });
    expect(await source.textContent()).toBe(SOURCE);
    expect(await source.locator('b').count()).toBe(0);

    // The balance: to handle against resolved + pending + returned + withdrawn + stopped (not reported: 0).
    const right = SON_TAY.resolved + SON_TAY.pending + SON_TAY.returned_unresolved + SON_TAY.withdrawn;
    expect(right).toBe(4633);
    const balance = page.locator('[data-testid="checks"] li[data-check="balance"]');
    expect(await balance.getAttribute('data-status')).toBe('mismatch');
    expect(await balance.locator('.check-badge, .badge').first().textContent()).toBe('Không khớp');
    const values = balance.locator('.check-value');
    expect(await values.nth(0).textContent()).toBe(num('vi-VN', SON_TAY.to_handle));
    expect(await values.nth(1).textContent()).toBe(num('vi-VN', right));
    expect(squash(await balance.locator('.check-difference strong').textContent())).toBe(squash(num('vi-VN', SON_TAY.to_handle - right)));
    expect(squash(await balance.locator('.check-terms').textContent())).toContain(squash('Dừng giải quyết không báo cáo (tính 0)'));
    expect(await page.locator('[data-testid="checks"] li[data-check="to_handle"]').getAttribute('data-status')).toBe('ok');
    expect(await page.getByTestId('checks-summary').textContent()).toContain('không cân đối');
    expect(await page.locator('[data-testid="checks"] .suggestion[data-item="MC-9.1-01"]').count()).toBe(1);

    // The plan, redone here: n0 = z²·p(1−p)/e², n = n0 / (1 + (n0 − 1)/N), rounded up.
    const n0 = (Z * Z * 0.25) / (0.05 * 0.05);
    const n = n0 / (1 + (n0 - 1) / SON_TAY.resolved);
    const size = Math.ceil(n);
    expect(size).toBe(353);
    expect(squash(await page.getByTestId('plan-n0').textContent())).toContain(squash(`= ${num('vi-VN', n0, 2)}`));
    expect(squash(await page.getByTestId('plan-n').textContent())).toContain(squash(`= ${num('vi-VN', n, 2)}`));
    expect(await page.getByTestId('plan-size').locator('strong').textContent()).toBe(String(size));
    const positions = page.locator('ol.positions li');
    expect(await positions.count()).toBe(size);
    const plan = stored.sampling_plan!;
    expect(plan.size).toBe(size);
    expect(await positions.evaluateAll((els) => els.slice(0, 5).map((e) => Number(e.textContent)))).toEqual(plan.draw_order.slice(0, 5));
    expect(await page.locator('[data-testid="plan"] code.seed').textContent()).toBe(plan.seed);
    expect(await page.locator('[data-testid="verify"]').textContent()).toContain('Chưa có kết quả mẫu');
    await screenshot(page, 'checks-figures-record-vi');

    // 50 sampled dossiers, in draw order: 10 early, 34 on time, 5 late, 1 undecidable.
    const outcomes = [...Array(10).fill('early'), ...Array(34).fill('on_time'), ...Array(5).fill('late'), 'undecidable'] as string[];
    const results = outcomes.map((outcome, i) => ({ position: plan.draw_order[i]!, dossier_code: `000.35.24.H26-2021-${String(plan.draw_order[i]).padStart(5, '0')}`, outcome }));
    await api(member, 'POST', `/audits/${audit.id}/reported-figures/${fid}/sample-results`, { results });
    const decided = 49;
    const successes = 44;
    const [lower, upper] = wilson(successes, decided);
    expect(98.25 / 100).toBeGreaterThan(upper);

    await page.reload();
    const verify = page.locator('[data-testid="verify"]');
    await verify.getByTestId('verification').waitFor();
    expect(await page.getByTestId('verify-checked').textContent()).toContain(`50/${size} hồ sơ mẫu`);
    expect(squash(await page.getByTestId('verify-rate').textContent())).toBe(squash(`${pct('vi-VN', successes / decided, 2)} (${successes}/${decided} hồ sơ xác định được)`));
    expect(squash(await page.getByTestId('verify-interval').textContent())).toBe(squash(`${pct('vi-VN', lower, 2)}–${pct('vi-VN', upper, 2)}`));
    expect(squash(await page.getByTestId('verify-reported').textContent())).toContain(squash(pct('vi-VN', 0.9825, 2)));
    expect(await page.getByTestId('verify-outcome').textContent()).toBe('Tỷ lệ báo cáo nằm ngoài khoảng tin cậy');
    const suggestion = verify.locator('.suggestion[data-item="MC-9.1-02"]');
    expect(await suggestion.textContent()).toContain('Không phù hợp nhẹ');
    expect(await suggestion.textContent()).toContain('nằm ngoài khoảng tin cậy 95%');
    await screenshot(page, 'checks-figures-verified-vi');

    await setLang(page, 'en');
    await page.getByRole('heading', { level: 1, name: `Reported figures: ${sonTay.name}` }).waitFor();
    expect(squash(await page.getByTestId('verify-interval').textContent())).toBe(squash(`${pct('en-GB', lower, 2)}–${pct('en-GB', upper, 2)}`));
    expect(await page.getByTestId('verify-outcome').textContent()).toBe('The reported rate is outside the interval');
    expect(await balance.locator('.check-value').nth(1).textContent()).toBe(num('en-GB', right));
    await screenshot(page, 'checks-figures-verified-en');
  });

  it('refuses a sampled result for a position that was not drawn, before sending it', async () => {
    const created = await api<Figures>(lead, 'PUT', `/audits/${audit.id}/reported-figures`, { unit_id: sonTay.id, from: '2020-01-01', to: '2020-12-31', figures: { resolved: 120, early: 20, on_time: 95, late: 5, on_time_rate: 95.83 } });
    const drawn = new Set(created.sampling_plan!.draw_order);
    const missing = Array.from({ length: 120 }, (_, i) => i + 1).find((p) => !drawn.has(p))!;
    const first = created.sampling_plan!.draw_order[0]!;
    await page.goto(`${base()}/audits/${audit.id}/figures/${created.id}`);
    const box = page.getByLabel('Kết quả từng hồ sơ mẫu', { exact: true });
    await box.fill(`${first}; 000.35.24.H26-200101-0001; đúng hạn\n${missing}; 000.35.24.H26-200101-0002; quá hạn`);
    await page.getByRole('button', { name: 'Ghi kết quả và kiểm chứng' }).click();
    await page.getByText(`Dòng 2: vị trí ${missing} không nằm trong mẫu đã rút`).waitFor();
    const stored = await api<{ sample_results: unknown }>(lead, 'GET', `/audits/${audit.id}/reported-figures/${created.id}`);
    expect(stored.sample_results).toBeNull();
    // Fixed, it is sent and verified (1 of 1 on time: the Wilson interval of 1/1 is 20.65%–100%).
    await box.fill(`${first}; 000.35.24.H26-200101-0001; đúng hạn`);
    await page.getByRole('button', { name: 'Ghi kết quả và kiểm chứng' }).click();
    await page.getByRole('status').filter({ hasText: 'Đã ghi kết quả 1 hồ sơ mẫu.' }).waitFor();
    const [lower] = wilson(1, 1);
    expect(squash(await page.getByTestId('verify-interval').textContent())).toBe(squash(`${pct('vi-VN', lower, 2)}–${pct('vi-VN', 1, 2)}`));
  });

  it('shows a version conflict when the figures changed meanwhile, and saves over the latest version', async () => {
    const created = await api<Figures>(lead, 'PUT', `/audits/${audit.id}/reported-figures`, { unit_id: sonTay.id, from: '2022-01-01', to: '2022-12-31', figures: { ...SON_TAY, on_time_rate: 99.5 }, source: 'Báo cáo năm 2022' });
    await page.goto(`${base()}/audits/${audit.id}/figures/${created.id}`);
    await page.getByRole('link', { name: 'Sửa số liệu' }).click();
    await page.getByRole('heading', { level: 1, name: `Sửa số liệu báo cáo: ${sonTay.name}` }).waitFor();
    const form = page.locator('form.figures-form');
    await expect.poll(() => form.getByLabel('Tỷ lệ giải quyết trước và đúng hạn (%)').inputValue()).toBe('99,5');
    expect(await form.getByLabel('Đã giải quyết', { exact: true }).inputValue()).toBe('4241');
    expect(await form.getByLabel('Đơn vị').isDisabled()).toBe(true);

    // Someone else replaces them (version 1 → 2) while the form is open.
    await api(lead, 'PUT', `/audits/${audit.id}/reported-figures`, { unit_id: sonTay.id, from: '2022-01-01', to: '2022-12-31', figures: { ...SON_TAY, on_time_rate: 99.5 }, source: 'Báo cáo năm 2022 (bản sửa)', version: 1 });
    await form.getByLabel('Nguồn số liệu').fill('Báo cáo năm 2022, số 3/BC');
    await form.getByRole('button', { name: 'Lưu số liệu' }).click();
    const alert = page.getByRole('alert').filter({ hasText: 'Dữ liệu vừa được người khác thay đổi' });
    await alert.waitFor();
    expect(await alert.textContent()).toContain('HTTP 409 · version_conflict');
    // What was typed is still there.
    expect(await form.getByLabel('Nguồn số liệu').inputValue()).toBe('Báo cáo năm 2022, số 3/BC');
    await screenshot(page, 'checks-figures-conflict-vi');

    await page.getByRole('button', { name: /Tải bản mới nhất/ }).click();
    await expect.poll(() => form.getByLabel('Nguồn số liệu').inputValue()).toBe('Báo cáo năm 2022 (bản sửa)');
    await form.getByLabel('Nguồn số liệu').fill('Báo cáo năm 2022, số 3/BC');
    await form.getByRole('button', { name: 'Lưu số liệu' }).click();
    await page.getByRole('status').filter({ hasText: 'Đã lưu số liệu báo cáo (phiên bản 3).' }).waitFor();
    const stored = await api<Figures & { source: string }>(lead, 'GET', `/audits/${audit.id}/reported-figures/${created.id}`);
    expect(stored).toMatchObject({ version: 3, source: 'Báo cáo năm 2022, số 3/BC' });
  });

  it('lets a team member read the figures and record results, but not enter figures', async () => {
    const other = await launchBrowser();
    try {
      const p = await signIn(other, MEMBER);
      await p.goto(`${base()}/audits/${audit.id}/figures`);
      await p.getByRole('heading', { level: 1, name: 'Số liệu báo cáo' }).waitFor();
      await p.getByText('Chỉ trưởng đoàn nhập và sửa số liệu báo cáo.').waitFor();
      expect(await p.getByRole('link', { name: 'Nhập số liệu báo cáo' }).count()).toBe(0);
      await p.goto(`${base()}/audits/${audit.id}/figures/new`);
      await p.getByRole('heading', { level: 1, name: 'Nhập số liệu báo cáo' }).waitFor();
      expect(await p.getByRole('button', { name: 'Lưu số liệu' }).isDisabled()).toBe(true);
      expect(await p.getByLabel('Đã giải quyết', { exact: true }).isDisabled()).toBe(true);
    } finally {
      await other.close();
    }
  });

  it('keeps the new pages usable on a tablet, in Vietnamese and English', { timeout: 120_000 }, async () => {
    const s = await recordSample(`E2E-TAB-${Date.now().toString(36).toUpperCase()}`);
    const figures = await api<Figures>(lead, 'PUT', `/audits/${audit.id}/reported-figures`, { unit_id: haDong.id, from: '2021-01-01', to: '2021-12-31', figures: { ...SON_TAY, on_time_rate: 100 } });
    const plan = figures.sampling_plan!;
    await api(member, 'POST', `/audits/${audit.id}/reported-figures/${figures.id}/sample-results`, {
      results: plan.draw_order.slice(0, 40).map((position, i) => ({ position, dossier_code: `000.35.24.H26-2021-${String(position).padStart(5, '0')}`, outcome: i < 36 ? 'on_time' : 'late' })),
    });
    const tablet = await launchBrowser({ viewport: { width: 820, height: 1180 } });
    const problems: string[] = [];
    try {
      const p = await signIn(tablet, LEAD);
      const errors: string[] = [];
      p.on('pageerror', (e) => errors.push(e.message));
      p.on('console', (m) => {
        if (/Content.Security.Policy/i.test(m.text())) errors.push(m.text());
      });
      const paths: [string, string][] = [
        ['samples', `/audits/${audit.id}/samples`],
        ['sample', `/audits/${audit.id}/samples/${s.id}?rule=${s.late.id}&outcome=violation`],
        ['figures', `/audits/${audit.id}/figures`],
        ['figures-new', `/audits/${audit.id}/figures/new`],
        ['figures-record', `/audits/${audit.id}/figures/${figures.id}`],
        ['audit', `/audits/${audit.id}`],
      ];
      for (const lang of ['vi', 'en'] as const) {
        await p.goto(base());
        await p.evaluate((l) => localStorage.setItem('onestop.lang', l), lang);
        for (const [name, path] of paths) {
          await p.goto(`${base()}${path}`);
          await p.locator('h1').first().waitFor();
          await p.waitForFunction(() => document.querySelectorAll('.loading, [aria-busy="true"]').length === 0);
          await screenshot(p, `checks-tablet-${name}-${lang}`);
          for (const issue of await layoutIssues(p)) problems.push(`${name} ${lang}: ${issue}`);
        }
      }
      problems.push(...errors);
    } finally {
      await tablet.close();
    }
    expect(problems).toEqual([]);
  });
});
