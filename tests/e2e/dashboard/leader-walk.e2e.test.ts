// A provincial leader's first walk-through (issue 16): the worst unit is on the first screen, the unit table is
// sorted worst first and re-sorts by any column, units with nothing assessed are listed apart, the heat map shows
// its values with a colour key that explains grey, and planning an audit preselects the only published checklist
// and says what is required. Every expected figure and order is computed here from GET /summary.
import type { Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, screenshot, type Browser } from '../browser.ts';
import { LEADER, PASSWORD, base } from './helpers.ts';

interface Row {
  key: string;
  label: string | null;
  compliance_rate: number | null;
  coverage: number | null;
  numerator: number;
  denominator: number;
  assessed_items: number;
  total_items: number;
  counts: Record<string, number>;
}
interface Summary {
  unit: { id: string; name: string };
  rows: Row[];
}

/** The band the page must colour a rate with (below 80 % is never a "good" colour). */
const bandOf = (rate: number | null) => (rate === null ? 'none' : rate >= 0.95 ? 'high' : rate >= 0.8 ? 'ok' : rate >= 0.5 ? 'fair' : 'low');

describe('leader walk-through', () => {
  let browser: Browser;
  let page: Page;

  const setLang = async (lang: 'vi' | 'en') => {
    await page.goto(base());
    await page.evaluate((l) => localStorage.setItem('onestop.lang', l), lang);
  };
  const summary = async (query: Record<string, string>): Promise<Summary> => {
    const res = await page.request.get(`${base()}/api/v1/summary?${new URLSearchParams(query).toString()}`);
    expect(res.status()).toBe(200);
    return (await res.json()) as Summary;
  };
  /** The `data-value` of `testId` in each row of a table body, in the order shown. */
  const columnValues = (body: string, testId: string) =>
    page.locator(`[data-testid="${body}"] tr`).evaluateAll(
      (rows, id) =>
        rows.map((r) => {
          const v = r.querySelector(`[data-testid="${id}"]`)?.getAttribute('data-value') ?? '';
          return v === '' ? null : Number(v);
        }),
      testId,
    );
  const rowKeys = (body: string) => page.locator(`[data-testid="${body}"] tr`).evaluateAll((rows) => rows.map((r) => r.getAttribute('data-unit-id') ?? ''));

  beforeAll(async () => {
    browser = await launchBrowser();
    const login = await browser.context.request.post(`${base()}/api/v1/auth/login`, { data: { email: LEADER, password: PASSWORD, session: 'cookie' }, headers: { origin: base() } });
    expect(login.status()).toBe(200);
    page = await browser.context.newPage();
  });
  afterAll(async () => {
    await browser?.close();
  });
  afterEach(async (ctx) => {
    if (ctx.task.result?.state === 'fail' && page && !page.isClosed()) await screenshot(page, `FAILED-leader-walk-${ctx.task.name.slice(0, 40).replace(/[^a-z0-9]+/gi, '-')}`);
  });

  it('sorts the unit table worst first, re-sorts by a clicked column and lists units with nothing assessed apart', async () => {
    await setLang('vi');
    await page.goto(`${base()}/compliance`);
    await page.locator('[data-loaded-scope="||"]').waitFor();
    const s = await summary({ by: 'unit' });
    const withItems = s.rows.filter((r) => r.total_items > 0);
    const rated = withItems.filter((r) => r.compliance_rate !== null);
    const unassessed = withItems.filter((r) => r.compliance_rate === null);
    expect(rated.length).toBeGreaterThan(1);

    // Worst first by default: the rates shown are the API's, in ascending order.
    const rateHeader = page.locator('[data-testid="units-table"] th[data-sort="rate"]');
    expect(await rateHeader.getAttribute('aria-sort')).toBe('ascending');
    expect(new Set(await rowKeys('units-rated'))).toEqual(new Set(rated.map((r) => r.key)));
    expect(await columnValues('units-rated', 'unit-rate')).toEqual(rated.map((r) => r.compliance_rate).sort((a, b) => (a ?? 0) - (b ?? 0)));

    // The worst unit is on the first screen, above the table.
    const worst = page.getByTestId('worst-units');
    const worstRate = Math.min(...rated.map((r) => r.compliance_rate ?? 1));
    expect(Number(await worst.getByTestId('worst-rate').first().getAttribute('data-value'))).toBe(worstRate);
    const box = await worst.boundingBox();
    expect(box).not.toBeNull();
    expect((box?.y ?? 9999) + 60).toBeLessThan(860);

    // Units with nothing assessed are listed apart, with their count, never among the ranked rows.
    expect(new Set(await rowKeys('units-unassessed'))).toEqual(new Set(unassessed.map((r) => r.key)));
    if (unassessed.length > 0) {
      const line = page.getByTestId('unassessed-line');
      expect(await line.getAttribute('data-count')).toBe(String(unassessed.length));
      expect(await line.textContent()).toContain(`Chưa có đánh giá (${unassessed.length} đơn vị)`);
      expect(await page.getByTestId('units-unassessed-note').textContent()).toContain(`Chưa có đánh giá (${unassessed.length})`);
    }
    await screenshot(page, 'leader-walk-compliance-vi');

    // A click on "major NC" sorts by it, most first; a second click reverses.
    const major = page.locator('[data-testid="units-table"] th[data-sort="nc_major"]');
    await major.getByRole('button').click();
    await expect.poll(() => major.getAttribute('aria-sort')).toBe('descending');
    expect(await rateHeader.getAttribute('aria-sort')).toBe('none');
    expect(await columnValues('units-rated', 'unit-nc-major')).toEqual(rated.map((r) => r.counts.nc_major ?? 0).sort((a, b) => b - a));
    await major.getByRole('button').click();
    await expect.poll(() => major.getAttribute('aria-sort')).toBe('ascending');
    expect(await columnValues('units-rated', 'unit-nc-major')).toEqual(rated.map((r) => r.counts.nc_major ?? 0).sort((a, b) => a - b));
    // Coverage, lowest first.
    const coverage = page.locator('[data-testid="units-table"] th[data-sort="coverage"]');
    await coverage.getByRole('button').click();
    await expect.poll(() => coverage.getAttribute('aria-sort')).toBe('ascending');
    expect(await columnValues('units-rated', 'unit-coverage')).toEqual(rated.map((r) => r.coverage).sort((a, b) => (a ?? 0) - (b ?? 0)));
  });

  it('shows the heat map values with a colour key that explains grey, 63 % never coloured as good', async () => {
    for (const lang of ['vi', 'en'] as const) {
      await setLang(lang);
      await page.goto(`${base()}/compliance`);
      await page.locator('[data-loaded-scope="||"]').waitFor();
      const legend = page.getByTestId('rate-legend').first();
      await legend.waitFor();
      expect(await legend.locator('[data-band="none"]').textContent()).toContain(lang === 'vi' ? 'Xám (—): chưa có tiêu chí nào được đánh giá' : 'Grey (—): nothing assessed yet');
      expect(await legend.locator('[data-band="fair"]').textContent()).toContain(lang === 'vi' ? '50–79 %: cần cải thiện' : '50–79 %: needs improvement');
      await page.locator('.heat-table').waitFor({ state: 'attached' });
      await page.getByText(lang === 'vi' ? 'Bảng số liệu bản đồ nhiệt' : 'Heat map figures as a table').click();
      // Clause headers carry the clause's name.
      const head = page.locator('.heat-table thead th[aria-label^="7.5 "]');
      if ((await head.count()) > 0) expect(await head.getAttribute('aria-label')).toBe(lang === 'vi' ? '7.5 Thông tin dạng văn bản' : '7.5 Documented information');
      await screenshot(page, `leader-walk-heatmap-${lang}`);
    }
    // Every cell shows its value and the band of the API's figure; an empty cell shows "—" in grey.
    const s = await summary({ by: 'unit' });
    const children = s.rows.filter((r) => r.key !== s.unit.id && r.total_items > 0);
    let checked = 0;
    for (const child of children) {
      const byClause = await summary({ unit: child.key, by: 'clause' });
      const row = page.locator(`.heat-table tbody tr`, { has: page.locator('th', { hasText: child.label ?? '' }) }).first();
      for (const c of byClause.rows) {
        const rate = c.denominator > 0 ? c.compliance_rate : null;
        const link = row.getByRole('link', { name: `${child.label} ${c.key}:`, exact: false }).first();
        if (c.assessed_items === 0) continue;
        const cell = link.locator('xpath=ancestor::td[1]');
        expect(await cell.getAttribute('data-band'), `${child.label} ${c.key}`).toBe(bandOf(rate));
        expect((await link.textContent())?.trim()).toMatch(rate === null ? /^—$/ : /^\d+\s?%$/);
        checked++;
      }
    }
    expect(checked).toBeGreaterThan(0);
    const grey = page.locator('.heat-table td[data-band="none"]');
    if ((await grey.count()) > 0) expect((await grey.first().textContent())?.trim()).toBe('—');
  });

  it('plans an audit with the only published checklist preselected and says what is required', async () => {
    // The published checklist versions, as the plan page lists them.
    const lists = await page.request.get(`${base()}/api/v1/checklists`);
    expect(lists.status()).toBe(200);
    const published: string[] = [];
    for (const c of ((await lists.json()) as { items: { id: string }[] }).items) {
      const d = (await (await page.request.get(`${base()}/api/v1/checklists/${c.id}`)).json()) as { versions: { id: string; status: string }[] };
      published.push(...d.versions.filter((v) => v.status === 'published').map((v) => v.id));
    }
    expect(published.length).toBeGreaterThan(0);
    for (const lang of ['vi', 'en'] as const) {
      await setLang(lang);
      await page.goto(`${base()}/audits/new`);
      const versions = page.getByRole('group', { name: lang === 'vi' ? /Danh mục kiểm tra/ : /Checklists/ });
      await versions.getByRole('checkbox').first().waitFor();
      await expect.poll(() => versions.getByRole('checkbox', { checked: true }).count()).toBe(published.length === 1 ? 1 : 0);
      // Only the start date set: "Required." for the empty fields, no "end before start".
      await page.getByLabel(lang === 'vi' ? 'Ngày bắt đầu' : 'Start date').fill('2026-12-20');
      await page.getByRole('button', { name: lang === 'vi' ? 'Tạo kế hoạch' : 'Create the plan' }).click();
      const required = lang === 'vi' ? 'Bắt buộc nhập.' : 'Required.';
      // The error shown under a field (null when none), found through the field's label.
      const fieldError = (label: string) =>
        page.getByLabel(new RegExp(`^${label}`)).first().evaluate((el) => el.closest('.field')?.querySelector('.field-error')?.textContent ?? null, undefined, { timeout: 5_000 });
      await expect.poll(() => fieldError(lang === 'vi' ? 'Tên cuộc kiểm tra' : 'Title')).toBe(required);
      expect(await fieldError(lang === 'vi' ? 'Ngày kết thúc' : 'End date')).toBe(required);
      expect(await fieldError(lang === 'vi' ? 'Mã cuộc kiểm tra' : 'Audit code')).toBe(required);
      expect(await fieldError(lang === 'vi' ? 'Ngày bắt đầu' : 'Start date')).toBeNull();
      const endBeforeStart = lang === 'vi' ? 'Ngày kết thúc không được trước ngày bắt đầu.' : 'The end date cannot be before the start date.';
      expect(await page.getByText(endBeforeStart).count()).toBe(0);
      await screenshot(page, `leader-walk-plan-${lang}`);
      // Both dates set, end before start: now it says so.
      await page.getByLabel(lang === 'vi' ? 'Ngày kết thúc' : 'End date').fill('2026-12-10');
      await page.getByRole('button', { name: lang === 'vi' ? 'Tạo kế hoạch' : 'Create the plan' }).click();
      await expect.poll(() => fieldError(lang === 'vi' ? 'Ngày kết thúc' : 'End date')).toBe(endBeforeStart);
    }
  });
});
