// Indicator targets and the compliance page (issue 16): an administrator sets targets on "Mục tiêu chỉ số" (a blank
// value is "Bắt buộc nhập.", an out-of-range one is refused before sending), the leader then sees each headline
// figure with its target and its status (met / not met / no target) in words, an icon and a colour; the heat map's
// clause axis names each clause group; both screens have no serious axe violation in either language. The targets
// in force before the file ran are put back afterwards.
import { targetStatus, type TargetInput } from '@onestop/shared';
import type { Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { axeViolations, seriousViolations } from '../axe.ts';
import { launchBrowser, screenshot, type Browser } from '../browser.ts';
import { ADMIN, api, base, call, LEADER, setLang, signIn, token } from './helpers.ts';

interface Summary {
  unit: { id: string };
  total: { compliance_rate: number | null; coverage: number | null; total_items: number };
  nonconformities: { by_severity: { nc_major: number; nc_minor: number }; overdue_actions: number; mean_days_to_close: number | null };
}
interface Targets { targets: (TargetInput & { updated_by: string | null; updated_at: string })[] }

describe('indicator targets', () => {
  let adminBrowser: Browser;
  let leaderBrowser: Browser;
  let adminPage: Page;
  let leaderPage: Page;
  let adminToken: string;
  let before: TargetInput[];

  beforeAll(async () => {
    adminToken = await token(ADMIN);
    before = (await api<Targets>(adminToken, 'GET', '/targets')).targets.map(({ indicator, direction, value }) => ({ indicator, direction, value }));
    // Start from no target at all, so that the page must show "no target" before anything is set.
    await api(adminToken, 'PUT', '/targets', { targets: [] });
    adminBrowser = await launchBrowser();
    leaderBrowser = await launchBrowser();
    adminPage = await signIn(adminBrowser, ADMIN);
    leaderPage = await signIn(leaderBrowser, LEADER);
  });
  afterAll(async () => {
    if (adminToken && before) await api(adminToken, 'PUT', '/targets', { targets: before });
    await adminBrowser?.close();
    await leaderBrowser?.close();
  });
  afterEach(async (ctx) => {
    if (ctx.task.result?.state !== 'fail') return;
    for (const [who, page] of [['admin', adminPage], ['leader', leaderPage]] as const) {
      if (page && !page.isClosed()) await screenshot(page, `FAILED-targets-${who}-${ctx.task.name.slice(0, 40).replace(/[^a-z0-9]+/gi, '-')}`);
    }
  });

  const row = (indicator: string) => adminPage.locator(`fieldset[data-indicator="${indicator}"]`);
  const stored = async () => (await api<Targets>(adminToken, 'GET', '/targets')).targets.map(({ indicator, direction, value }) => ({ indicator, direction, value }));

  it('shows no target on the compliance page while none is set', async () => {
    await leaderPage.goto(`${base()}/compliance`);
    const rate = leaderPage.getByTestId('target-compliance_rate');
    await expect.poll(() => rate.getAttribute('data-status')).toBe('no_target');
    expect(await rate.textContent()).toContain('Chưa đặt mục tiêu');
    expect(await rate.textContent()).not.toContain('Mục tiêu:');
  });

  it('lets the admin set targets, refusing a blank or out-of-range value before sending', async () => {
    await adminPage.goto(`${base()}/admin/targets`);
    await setLang(adminPage, 'vi');
    await adminPage.getByRole('heading', { level: 1, name: 'Mục tiêu chỉ số' }).waitFor();
    // The admin's navigation leads here.
    expect(await adminPage.getByRole('link', { name: 'Mục tiêu chỉ số' }).getAttribute('href')).toBe('/admin/targets');

    await row('compliance_rate').getByLabel('Đặt mục tiêu cho chỉ số này').check();
    await row('compliance_rate').getByLabel('Mục tiêu (%)').fill('90');
    await row('coverage').getByLabel('Đặt mục tiêu cho chỉ số này').check();
    await row('nc_major').getByLabel('Đặt mục tiêu cho chỉ số này').check();
    await row('nc_major').getByLabel('Mục tiêu (số lượng)').fill('0');
    // Rates are met from the target up, counts up to it, unless the admin says otherwise.
    expect(await row('compliance_rate').getByLabel('Đạt khi chỉ số').inputValue()).toBe('at_least');
    expect(await row('nc_major').getByLabel('Đạt khi chỉ số').inputValue()).toBe('at_most');

    // Coverage ticked but left blank: the standard required message, and nothing is sent.
    await adminPage.getByRole('button', { name: 'Lưu mục tiêu' }).click();
    await expect.poll(() => row('coverage').locator('.field-error').textContent()).toBe('Bắt buộc nhập.');
    expect(await row('coverage').getByLabel('Mục tiêu (%)').getAttribute('aria-invalid')).toBe('true');
    expect(await stored()).toEqual([]);
    expect(await seriousViolations(adminPage)).toEqual([]);

    await row('coverage').getByLabel('Mục tiêu (%)').fill('150');
    await adminPage.getByRole('button', { name: 'Lưu mục tiêu' }).click();
    await expect.poll(() => row('coverage').locator('.field-error').textContent()).toBe('Nhập một số từ 0 đến 100.');
    expect(await stored()).toEqual([]);

    // A decimal comma, as Vietnamese writes it.
    await row('coverage').getByLabel('Mục tiêu (%)').fill('10,5');
    await adminPage.getByRole('button', { name: 'Lưu mục tiêu' }).click();
    await adminPage.getByText('Đã lưu mục tiêu.').waitFor();
    expect(await stored()).toEqual([
      { indicator: 'compliance_rate', direction: 'at_least', value: 0.9 },
      { indicator: 'coverage', direction: 'at_least', value: 0.105 },
      { indicator: 'nc_major', direction: 'at_most', value: 0 },
    ]);
    expect(await adminPage.getByTestId('target-current-coverage').textContent()).toContain('≥ 10,5%');
    expect(await row('coverage').getByLabel('Mục tiêu (%)').inputValue()).toBe('10,5');
    expect(await adminPage.getByTestId('target-current-nc_minor').textContent()).toBe('Chưa đặt mục tiêu.');
    expect(await seriousViolations(adminPage)).toEqual([]);
    await screenshot(adminPage, 'targets-admin-vi');

    await setLang(adminPage, 'en');
    await adminPage.getByRole('heading', { level: 1, name: 'Indicator targets' }).waitFor();
    expect(await adminPage.getByTestId('target-current-compliance_rate').textContent()).toContain('≥ 90.0%');
    expect(await seriousViolations(adminPage)).toEqual([]);
    await screenshot(adminPage, 'targets-admin-en');
    await setLang(adminPage, 'vi');
  });

  it('refuses a leader through the API, with a problem the dashboard can show', async () => {
    const res = await call(await token(LEADER), 'PUT', '/targets', { targets: [] });
    expect(res.status).toBe(403);
    expect(((await res.json()) as { code: string }).code).toBe('forbidden');
    const bad = await call(adminToken, 'PUT', '/targets', { targets: [{ indicator: 'compliance_rate', direction: 'at_least', value: 90 }] });
    expect(bad.status).toBe(422);
    expect(((await bad.json()) as { errors: { path: string }[] }).errors.map((e) => e.path)).toEqual(['$.targets[0].value']);
  });

  it('shows the leader each figure against its target, in words and an icon, in both languages', async () => {
    const targets = await stored();
    const byIndicator = new Map(targets.map((x) => [x.indicator, x]));
    await leaderPage.goto(`${base()}/compliance`);
    await setLang(leaderPage, 'vi');
    await leaderPage.getByTestId('kpi-rate').waitFor();
    const rootId = await leaderPage.evaluate(async () => ((await (await fetch('/api/v1/auth/me')).json()) as { unit: { id: string } }).unit.id);
    const res = await leaderPage.request.get(`${base()}/api/v1/summary?unit=${rootId}&by=unit`);
    expect(res.status()).toBe(200);
    const s = (await res.json()) as Summary;
    expect(s.total.total_items).toBeGreaterThan(0);
    const figures = {
      compliance_rate: s.total.compliance_rate,
      coverage: s.total.coverage,
      nc_major: s.nonconformities.by_severity.nc_major,
      nc_minor: s.nonconformities.by_severity.nc_minor,
      overdue_actions: s.nonconformities.overdue_actions,
      mean_days_to_close: s.nonconformities.mean_days_to_close,
    } as const;
    const words = { met: 'Đạt mục tiêu', not_met: 'Chưa đạt mục tiêu', no_target: 'Chưa đặt mục tiêu', no_data: 'Chưa có số liệu để so' };
    const icons = { met: '✓', not_met: '✕', no_target: '–', no_data: '?' };
    const seen = new Set<string>();
    for (const [indicator, figure] of Object.entries(figures) as [keyof typeof figures, number | null][]) {
      const expected = targetStatus(byIndicator.get(indicator), figure);
      seen.add(expected);
      const line = leaderPage.getByTestId(`target-${indicator}`);
      await expect.poll(() => line.getAttribute('data-status'), { message: indicator }).toBe(expected);
      const text = (await line.textContent()) ?? '';
      expect(text, indicator).toContain(words[expected]);
      expect(text, indicator).toContain(icons[expected]);
    }
    // Both a set target and a missing one are on the page; the demo's figures decide met or not met.
    expect(seen.has('no_target')).toBe(true);
    expect(seen.has('met') || seen.has('not_met')).toBe(true);
    expect(await leaderPage.getByTestId('target-compliance_rate').textContent()).toContain('Mục tiêu: ≥ 90,0%');
    expect(await leaderPage.getByTestId('target-nc_major').textContent()).toContain('Mục tiêu: ≤ 0');
    // Met and not met differ by more than colour: the badge's colours come from the blue–orange scale.
    const colours = await leaderPage.locator('[data-testid^="target-"] .target-status').evaluateAll((els) => els.map((e) => getComputedStyle(e).backgroundColor));
    expect(colours).toHaveLength(6);
    expect(colours.filter(isRedOrGreen)).toEqual([]);

    expect(await seriousViolations(leaderPage)).toEqual([]);
    // Every landmark has its own name (the table regions used to repeat their section's title): a moderate rule, so
    // seriousViolations alone would not catch it.
    expect((await axeViolations(leaderPage)).filter((v) => v.id === 'landmark-unique')).toEqual([]);
    await screenshot(leaderPage, 'targets-compliance-vi');

    await setLang(leaderPage, 'en');
    await expect.poll(() => leaderPage.getByTestId('target-compliance_rate').textContent()).toContain('Target: ≥ 90.0%');
    const enWords = { met: 'Target met', not_met: 'Target not met', no_target: 'No target set', no_data: 'No figure to compare yet' };
    const status = (await leaderPage.getByTestId('target-nc_minor').getAttribute('data-status')) as keyof typeof enWords;
    expect(await leaderPage.getByTestId('target-nc_minor').textContent()).toContain(enWords[status]);
    expect(await seriousViolations(leaderPage)).toEqual([]);
    expect((await axeViolations(leaderPage)).filter((v) => v.id === 'landmark-unique')).toEqual([]);
    await screenshot(leaderPage, 'targets-compliance-en');
    await setLang(leaderPage, 'vi');
  });

  it('names the clause groups on the heat map axis, in both languages', async () => {
    await leaderPage.goto(`${base()}/compliance`);
    await setLang(leaderPage, 'vi');
    const canvas = leaderPage.locator('section[aria-labelledby="heat-title"] canvas');
    await expect.poll(() => canvas.getAttribute('data-x-ticks')).toBeTruthy();
    const ticks = async () => (JSON.parse((await canvas.getAttribute('data-x-ticks')) ?? '[]') as (string | string[])[]).map((l) => (Array.isArray(l) ? l.join(' ') : l));
    const vi = await ticks();
    expect(vi.length).toBeGreaterThan(0);
    // Every label is the clause number followed by (the start of) its name, never the bare number.
    for (const label of vi) expect(label).toMatch(/^\d+(\.\d+)? \S{2,}/u);
    const known: Record<string, [string, string]> = { '8.5': ['8.5 Sản xuất', '8.5 Production'], '7.1': ['7.1 Nguồn lực', '7.1 Resources'], '9.1': ['9.1 Theo dõi', '9.1 Monitoring'] };
    const groups = vi.map((l) => l.split(' ')[0] ?? '');
    const sample = groups.find((g) => g in known);
    expect(sample, `one of ${Object.keys(known).join(', ')} among ${groups.join(', ')}`).toBeTruthy();
    expect(vi[groups.indexOf(sample!)]).toContain(known[sample!]![0]);
    expect(await seriousViolations(leaderPage)).toEqual([]);
    await canvas.scrollIntoViewIfNeeded();
    await screenshot(leaderPage, 'targets-heatmap-vi');

    await setLang(leaderPage, 'en');
    await expect.poll(async () => (await ticks())[groups.indexOf(sample!)]).toContain(known[sample!]![1]);
    expect(await seriousViolations(leaderPage)).toEqual([]);
    await screenshot(leaderPage, 'targets-heatmap-en');
    await setLang(leaderPage, 'vi');
  });
});

/** True for a clearly red or clearly green colour (the pair red–green colour blindness confuses). */
function isRedOrGreen(css: string): boolean {
  const [r, g, b] = (css.match(/\d+/g) ?? []).map(Number) as [number, number, number];
  return (r > 150 && g < 90 && b < 90) || (g > 120 && r < 90 && b < 110);
}
