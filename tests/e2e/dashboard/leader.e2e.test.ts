// The leader's compliance overview in real Chromium: every number shown equals GET /summary for the same scope
// (overall, per unit, per month, the units × clauses heat map), the drill-down goes from the province to a
// commune, and a number opens the findings behind it, down to one finding.
import type { Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, screenshot, type Browser } from '../browser.ts';
import { LEADER, PASSWORD, base } from './helpers.ts';

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

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
  total: Row;
  rows: Row[];
  nonconformities: { by_severity: Record<string, number>; by_status: Record<string, number>; overdue_actions: number; mean_days_to_close: number | null };
}

describe('leader', () => {
  let browser: Browser;
  let page: Page;

  const summary = async (query: Record<string, string>): Promise<Summary> => {
    const res = await page.request.get(`${base()}/api/v1/summary?${new URLSearchParams(query).toString()}`);
    expect(res.status()).toBe(200);
    return (await res.json()) as Summary;
  };
  const value = async (testId: string, scope: Page | ReturnType<Page['locator']> = page) => {
    const v = await scope.getByTestId(testId).first().getAttribute('data-value');
    return v === null || v === '' ? null : Number(v);
  };

  const expectSameFigure = (shown: number | null, api: number | null) => {
    if (api === null) expect(shown).toBeNull();
    else expect(shown).toBeCloseTo(api, 12);
  };

  /** Every figure of the page against the API, for the unit and period the page shows. */
  async function expectPageEqualsSummary(query: Record<string, string>): Promise<Summary> {
    // The figures of this scope are all on the page: until then the previous scope's may still show.
    await page.locator(`[data-loaded-scope="${query.unit ?? ''}|${query.from ?? ''}|${query.to ?? ''}"]`).waitFor();
    const s = await summary({ ...query, by: 'unit' });
    await page.getByTestId('kpi-rate').waitFor();
    // A period with nothing assessed has no rate: the page shows "—" (no value) exactly when the API says null.
    expectSameFigure(await value('kpi-rate'), s.total.compliance_rate);
    expectSameFigure(await value('kpi-coverage'), s.total.coverage);
    expect(await value('kpi-nc-major')).toBe(s.nonconformities.by_severity.nc_major);
    expect(await value('kpi-nc-minor')).toBe(s.nonconformities.by_severity.nc_minor);
    expect(await value('kpi-overdue')).toBe(s.nonconformities.overdue_actions);
    expect(await value('kpi-mean-days')).toBe(s.nonconformities.mean_days_to_close);
    for (const status of ['open', 'action_planned', 'disputed', 'action_done', 'closed']) {
      expect(await value(`nc-status-${status}`), status).toBe(s.nonconformities.by_status[status] ?? 0);
    }
    for (const [result, n] of Object.entries(s.total.counts)) expect(await value(`count-${result}`), result).toBe(n);
    const shown = s.rows.filter((r) => r.total_items > 0);
    await expect.poll(() => page.locator('[data-testid="units-table"] tbody tr').count()).toBe(shown.length);
    for (const r of shown) {
      const row = page.locator(`tr[data-unit-id="${r.key}"]`);
      expect(await value('unit-rate', row), r.label ?? r.key).toBe(r.compliance_rate);
      expect(await value('unit-coverage', row)).toBe(r.coverage);
      expect(await value('unit-nc-major', row)).toBe(r.counts.nc_major);
      expect(await value('unit-nc-minor', row)).toBe(r.counts.nc_minor);
    }
    const months = await summary({ ...query, by: 'month' });
    await expect.poll(() => page.locator('tr[data-month]').count()).toBe(months.rows.length);
    for (const m of months.rows) expect(await value('month-rate', page.locator(`tr[data-month="${m.key}"]`))).toBe(m.compliance_rate);
    return s;
  }

  beforeAll(async () => {
    browser = await launchBrowser();
    const login = await browser.context.request.post(`${base()}/api/v1/auth/login`, { data: { email: LEADER, password: PASSWORD, session: 'cookie' }, headers: { origin: base() } });
    expect(login.status()).toBe(200);
    page = await browser.context.newPage();
  });
  afterAll(async () => {
    await browser?.close();
  });
  // A failing test leaves a picture of the page it failed on.
  afterEach(async (ctx) => {
    if (ctx.task.result?.state === 'fail' && page && !page.isClosed()) await screenshot(page, `FAILED-leader-${ctx.task.name.slice(0, 40).replace(/[^a-z0-9]+/gi, '-')}`);
  });

  it('lands on the compliance overview of the province, every number equal to GET /summary', async () => {
    await page.goto(base());
    await page.getByRole('heading', { level: 1, name: 'Mức độ tuân thủ — Thành phố Hà Nội' }).waitFor();
    await expectPageEqualsSummary({});
    // Charts are drawn by Chart.js on canvases (ranking, heat map, NC by status, trend).
    await expect.poll(() => page.locator('.chart canvas').count()).toBe(4);
    await expect.poll(() => page.locator('.chart canvas').first().evaluate((c) => (c as HTMLCanvasElement).width)).toBeGreaterThan(100);
    // The formulas are explained on the page.
    await page.getByRole('heading', { name: 'Cách tính' }).waitFor();
    await screenshot(page, 'dashboard-leader-compliance');
  });

  it('shows the heat map of units × ISO clauses with the figures of GET /summary by clause', async () => {
    await page.goto(`${base()}/compliance`);
    const table = page.locator('.heat-table');
    await table.waitFor({ state: 'attached' });
    const s = await summary({ by: 'unit' });
    const children = s.rows.filter((r) => r.key !== s.unit.id && r.total_items > 0);
    await page.getByText('Bảng số liệu bản đồ nhiệt').click();
    for (const child of children) {
      const byClause = await summary({ unit: child.key, by: 'clause' });
      const row = table.locator('tbody tr', { has: page.locator('th', { hasText: child.label ?? '' }) });
      for (const c of byClause.rows.filter((x) => x.assessed_items > 0)) {
        const link = row.getByRole('link', { name: new RegExp(`^${escape(`${child.label} ${c.key}`)}:`) });
        const v = await link.getAttribute('data-value');
        expect(v === '' ? null : Number(v), `${child.label} ${c.key}`).toBe(c.denominator > 0 ? c.compliance_rate : null);
      }
    }
    // A cell opens the findings of that unit and clause group.
    const first = children[0];
    if (!first) throw new Error('no child unit with data');
    await table.locator('tbody tr').first().getByRole('link').first().click();
    await page.getByRole('heading', { level: 1, name: 'Phát hiện' }).waitFor();
    expect(new URL(page.url()).searchParams.get('clause')).toMatch(/^\d+\.\d+$/);
    await expect.poll(async () => Number(await page.getByTestId('findings-total').getAttribute('data-total'))).toBeGreaterThan(0);
  });

  it('drills down from the province to a commune and opens a finding behind a number', async () => {
    await page.goto(`${base()}/compliance`);
    await page.getByRole('link', { name: 'Phường Sơn Tây', exact: true }).click();
    await page.getByRole('heading', { level: 1, name: 'Mức độ tuân thủ — Phường Sơn Tây' }).waitFor();
    const unit = new URL(page.url()).searchParams.get('unit');
    expect(unit).toMatch(/^[0-9a-f-]{36}$/);
    // The breadcrumb leads back up the hierarchy.
    await page.getByRole('navigation', { name: 'Cấp đơn vị' }).getByRole('link', { name: 'Thành phố Hà Nội' }).waitFor();
    const s = await expectPageEqualsSummary({ unit: unit ?? '' });
    await screenshot(page, 'dashboard-leader-commune');

    // The number of major nonconformities opens exactly those findings.
    const majors = s.nonconformities.by_severity.nc_major;
    expect(majors).toBeGreaterThan(0);
    await page.getByTestId('kpi-nc-major').click();
    await page.getByRole('heading', { level: 1, name: 'Phát hiện' }).waitFor();
    await expect.poll(async () => Number(await page.getByTestId('findings-total').getAttribute('data-total'))).toBe(majors);
    expect(await page.locator('.findings-table tbody tr').count()).toBe(majors);
    const firstRow = page.locator('.findings-table tbody tr').first();
    const code = (await firstRow.locator('a.strong-link').textContent()) ?? '';
    await firstRow.locator('a.strong-link').click();
    await page.getByRole('heading', { level: 1, name: new RegExp(`^${escape(code)}`) }).waitFor();
    await expect.poll(() => page.locator('.page-header .badge--result-nc_major').count()).toBe(1);
    expect(await page.locator('.details').first().textContent()).toContain('Phường Sơn Tây');
    await screenshot(page, 'dashboard-leader-finding');
  });

  it('filters by period, the numbers still equal GET /summary for that period', async () => {
    // The latest month with assessed items and findings (other test files start audits "today" with nothing assessed).
    const s = await summary({ by: 'month' });
    const month = s.rows.filter((r) => r.assessed_items > 0 && Object.values(r.counts).some((n) => n > 0)).at(-1)?.key;
    if (!month) throw new Error('no month with data');
    const from = `${month}-01`;
    await page.goto(`${base()}/compliance`);
    await page.getByLabel('Từ ngày').fill(from);
    await page.getByRole('button', { name: 'Áp dụng' }).click();
    await expect.poll(() => new URL(page.url()).searchParams.get('from')).toBe(from);
    await page.getByText(/Cuộc kiểm tra bắt đầu từ/).first().waitFor();
    await expectPageEqualsSummary({ from });
    // A month's rate opens the findings of the audits started that month.
    const row = page.locator(`tr[data-month="${month}"]`);
    await row.getByTestId('month-rate').click();
    await page.getByRole('heading', { level: 1, name: 'Phát hiện' }).waitFor();
    await expect.poll(async () => Number(await page.getByTestId('findings-total').getAttribute('data-total'))).toBeGreaterThan(0);
  });
});
