// Issue 14, sweeps in the real extension: "check the whole list" on both demo systems walks every list page, opens
// only the detail screens a rule needs, and the sample it stores on the server names exactly the dossiers the demo's
// generated ground truth says break a rule, each with exactly its rules, and no other. On the staff portal the service
// worker is stopped mid-sweep and the sweep goes on where it was; a suggestion from the sweep is recorded with one key
// (its dossier opened, evidence captured), and a pause holds the tab still until resumed.
import type { CDPSession, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it, inject } from 'vitest';
import { launchBrowser, screenshot, type Browser } from '../browser.ts';
import { Api, ensureProfileCoversDemo, INSPECTOR, openWorkingPanel, seededAuditInProgress } from './helpers.ts';

interface GroundTruth {
  as_of: string;
  edge_cases: Record<string, string>;
  dossiers: Record<string, string[]>;
}

interface SampleDetail {
  id: string;
  dossier_count: number;
  dossiers_with_violation: number;
  rules: { rule_id: string; violation: number }[];
  on_time: { on_time: number; late: number; decided: number } | null;
  dossiers: { items: { dossier_code: string; outcomes: { rule_id: string; outcome: string }[] }[]; total: number };
}

describe('sweeps: check the whole list on both demo systems (issue 14)', () => {
  let browser: Browser;
  let panel: Page;
  let api: Api;
  let auditId: string;
  let demoUrl: string;
  let portalUrl: string;

  const sweepCard = () => panel.locator('[data-testid="sweep"]');

  async function open(url: string): Promise<Page> {
    const page = await browser.context.newPage();
    page.on('pageerror', (e) => console.error('[page]', e.stack));
    await page.goto(url);
    await page.bringToFront();
    return page;
  }

  /** Starts the sweep from the panel at its fastest offered rate. */
  async function startSweep(): Promise<void> {
    await sweepCard().locator('[data-action="start-sweep"]').waitFor({ timeout: 20_000 });
    await sweepCard().locator('select[name="sweep-rate"]').selectOption('150');
    await sweepCard().locator('[data-action="start-sweep"]').click();
    await expect.poll(() => sweepCard().getAttribute('data-status'), { timeout: 10_000 }).toMatch(/running|done/);
  }

  /** Every dossier of the stored sample with the rules it breaks, sorted. */
  async function sampleViolations(sampleId: string): Promise<{ sample: SampleDetail; byCode: Map<string, string[]> }> {
    const byCode = new Map<string, string[]>();
    let sample: SampleDetail | null = null;
    for (let offset = 0; ; offset += 500) {
      const page = await api.get<SampleDetail>(`/samples/${sampleId}?limit=500&offset=${offset}`);
      sample = page;
      for (const d of page.dossiers.items) byCode.set(d.dossier_code, d.outcomes.filter((o) => o.outcome === 'violation').map((o) => o.rule_id).sort());
      if (offset + 500 >= page.dossiers.total) break;
    }
    return { sample: sample as SampleDetail, byCode };
  }

  function expectMatchesTruth(byCode: Map<string, string[]>, truth: GroundTruth, label: string): void {
    const truthCodes = Object.keys(truth.dossiers).sort();
    expect(Array.from(byCode.keys()).sort(), `${label}: the dossiers swept`).toEqual(truthCodes);
    const wrong = truthCodes.filter((c) => JSON.stringify(byCode.get(c)) !== JSON.stringify([...(truth.dossiers[c] ?? [])].sort()));
    expect(
      wrong.map((c) => `${c}: swept ${JSON.stringify(byCode.get(c))} truth ${JSON.stringify(truth.dossiers[c])}`),
      `${label}: dossiers whose violations differ from the ground truth`,
    ).toEqual([]);
    // The edge cases are among them, with their own verdicts.
    for (const [edge, code] of Object.entries(truth.edge_cases)) expect(byCode.has(code), `${label}: edge case ${edge}`).toBe(true);
  }

  beforeAll(async () => {
    const apiUrl = inject('apiUrl');
    demoUrl = inject('demoUrl');
    portalUrl = inject('portalUrl');
    expect(await ensureProfileCoversDemo(apiUrl, demoUrl)).toEqual([]);
    api = await Api.login(apiUrl, INSPECTOR);
    auditId = (await seededAuditInProgress(api)).id;
    browser = await launchBrowser({ extensionDir: inject('extensionDir') });
    panel = await openWorkingPanel(browser.context, browser.extensionId ?? '', apiUrl, auditId);
  }, 180_000);

  afterAll(async () => {
    await browser?.close();
  });

  it('on the first demo, finds exactly the ground truth over the whole list, and records one suggestion with its evidence', async () => {
    const truth = (await (await fetch(`${demoUrl}/api/ground-truth?register=base`)).json()) as GroundTruth;
    // Started on page 2 of the list: the sweep begins at page 1.
    const page = await open(`${demoUrl}/ho-so?page=2`);
    await startSweep();
    await screenshot(panel, 'sweep-running');
    await expect.poll(() => sweepCard().getAttribute('data-status'), { timeout: 240_000, interval: 1000 }).toBe('done');
    await expect.poll(() => sweepCard().locator('[data-testid="sweep-sample"]').getAttribute('data-state'), { timeout: 30_000 }).toBe('sent');
    const sampleId = (await sweepCard().getAttribute('data-sweep-id')) ?? '';
    const { sample, byCode } = await sampleViolations(sampleId);
    expectMatchesTruth(byCode, truth, 'first demo');
    const violating = Object.values(truth.dossiers).filter((r) => r.length > 0).length;
    expect(sample.dossiers_with_violation).toBe(violating);
    expect(Number(await sweepCard().locator('[data-testid="sweep-result"]').getAttribute('data-violating'))).toBe(violating);
    // The list shows no supplement requests, apology or statutory time: every dossier needed its detail screen once
    // (which screens a sweep skips is checked on a fake system in sweep.test.ts), and every one was read.
    const counts = (await sweepCard().locator('[data-testid="sweep-result"]').textContent()) ?? '';
    expect(Number(/(\d+) màn hình chi tiết/.exec(counts)?.[1] ?? 'NaN')).toBe(Object.keys(truth.dossiers).length);
    expect(counts).not.toContain('không hiện kịp');
    // Back on the list it started from.
    await expect.poll(() => new URL(page.url()).searchParams.get('page'), { timeout: 10_000 }).toBe('1');
    await sweepCard().screenshot({ path: await screenshot(panel, 'sweep-done-demo') });

    // One key records a sweep's suggestion: its dossier opens in the tab, the finding gets the rule's note and evidence.
    const code = truth.edge_cases.received_without_appointment ?? Object.entries(truth.dossiers).find(([, r]) => r.includes('received-without-appointment'))?.[0] ?? '';
    // The rule's violations first (a click on its count), then the one for this dossier.
    await sweepCard().locator('tr[data-rule="received-without-appointment"] [data-action="filter-rule"]').click();
    expect(await sweepCard().locator('[data-testid="suggestion"]').evaluateAll((els) => [...new Set(els.map((e) => e.getAttribute('data-rule')))])).toEqual(['received-without-appointment']);
    const suggestion = sweepCard().locator(`[data-testid="suggestion"][data-swept="true"][data-rule="received-without-appointment"][data-dossier="${code}"]`);
    await suggestion.focus();
    await panel.keyboard.press('a');
    await expect.poll(() => panel.locator('[data-testid="toast"]').textContent(), { timeout: 40_000 }).toContain(`cho hồ sơ ${code}`);
    expect(decodeURIComponent(page.url())).toContain(code);
    const synced = async () =>
      (await api.get<{ items: { id: string; dossier_code: string | null; note: string }[] }>(`/audits/${auditId}/findings?limit=500`)).items.filter((f) => f.dossier_code === code && f.note.includes('received-without-appointment'));
    await expect.poll(async () => (await synced()).length, { timeout: 30_000 }).toBe(1);
    const findingId = (await synced())[0]?.id ?? '';
    await expect
      .poll(async () => (await api.get<{ evidence: { blob_key: string | null; fields: Record<string, unknown> }[] }>(`/findings/${findingId}`)).evidence.some((e) => e.blob_key !== null && 'due_at' in e.fields), { timeout: 45_000 })
      .toBe(true);
    await sweepCard().locator('[data-action="clear-sweep"]').click();
    await page.close();
  }, 420_000);

  it('on the staff portal, survives a service-worker stop mid-sweep, pauses and resumes, and finds exactly the ground truth', async () => {
    const truth = (await (await fetch(`${portalUrl}/api/ground-truth`)).json()) as GroundTruth;
    const page = await open(`${portalUrl}/can-bo/#/dossiers?size=50`);
    await startSweep();
    // Pause: the tab stays where it is.
    await expect.poll(async () => Number((await sweepCard().locator('[data-testid="sweep-counts"]').textContent())?.match(/^(\d+)/)?.[1] ?? 0), { timeout: 60_000 }).toBeGreaterThan(0);
    await sweepCard().locator('[data-action="pause-sweep"]').click();
    await expect.poll(() => sweepCard().getAttribute('data-status')).toBe('paused');
    const pausedAt = page.url();
    await panel.waitForTimeout(1500);
    expect(page.url()).toBe(pausedAt);
    await sweepCard().screenshot({ path: await screenshot(panel, 'sweep-paused') });
    await sweepCard().locator('[data-action="resume-sweep"]').click();

    // The service worker is stopped once the sweep is opening detail screens; it goes on from its saved step.
    await expect.poll(() => sweepCard().locator('[data-testid="sweep-phase"]').textContent(), { timeout: 120_000 }).toMatch(/chi tiết hồ sơ (\d+)\/\d+/);
    const cdp: CDPSession = await browser.context.newCDPSession(panel);
    await cdp.send('ServiceWorker.enable');
    await cdp.send('ServiceWorker.stopAllWorkers');
    await cdp.detach();
    await expect.poll(() => sweepCard().getAttribute('data-status'), { timeout: 300_000, interval: 1000 }).toBe('done');
    await expect.poll(() => sweepCard().locator('[data-testid="sweep-sample"]').getAttribute('data-state'), { timeout: 30_000 }).toBe('sent');
    const sampleId = (await sweepCard().getAttribute('data-sweep-id')) ?? '';
    const { sample, byCode } = await sampleViolations(sampleId);
    expectMatchesTruth(byCode, truth, 'staff portal');
    expect(sample.dossier_count).toBe(Object.keys(truth.dossiers).length);
    await sweepCard().screenshot({ path: await screenshot(panel, 'sweep-done-portal') });
    await page.close();
  }, 480_000);
});
