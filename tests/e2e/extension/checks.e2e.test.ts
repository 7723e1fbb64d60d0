// Issue 14, the automated checks in the real extension: on both demo systems the side panel suggests, for a dossier's
// screen, exactly the findings the demo's generated ground truth says it breaks (the edge cases included: returned
// at the appointment minute is clean, 25 minutes late is late, no appointment date is its own finding), the fields a
// rule read are outlined on the page, one key records a suggestion as a finding with its evidence captured, and
// another dismisses one with a reason that reaches the server.
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it, inject } from 'vitest';
import { launchBrowser, screenshot, type Browser } from '../browser.ts';
import { Api, ensureProfileCoversDemo, INSPECTOR, openWorkingPanel, seededAuditInProgress } from './helpers.ts';
import { overlayCount, overlayWaitFor } from './overlay.ts';

interface GroundTruth {
  as_of: string;
  edge_cases: Record<string, string>;
  dossiers: Record<string, string[]>;
}

interface FindingDetail {
  item_code?: string;
  result: string;
  note: string;
  dossier_code: string | null;
  evidence: { id: string; quote: string | null; blob_key: string | null; fields: Record<string, unknown> }[];
}

describe('automated checks suggest findings on both demo systems (issue 14)', () => {
  let browser: Browser;
  let panel: Page;
  let api: Api;
  let auditId: string;
  let demoUrl: string;
  let portalUrl: string;
  let demo: GroundTruth;
  let portal: GroundTruth;

  const suggestions = () => panel.locator('[data-testid="suggestion"]');
  const suggestedRules = async (code: string) =>
    (await suggestions().evaluateAll((els, c) => els.filter((e) => e.getAttribute('data-dossier') === c).map((e) => e.getAttribute('data-rule') ?? ''), code)).sort();
  const toast = () => panel.locator('[data-testid="toast"]');

  async function open(url: string, code: string): Promise<Page> {
    const page = await browser.context.newPage();
    await page.goto(url);
    await page.bringToFront();
    await overlayWaitFor(page, '.chip', { timeout: 20_000 });
    await expect.poll(() => panel.locator('[data-testid="page-banner"]').textContent(), { timeout: 15_000 }).toContain(code);
    await panel.locator('[data-testid="suggestions"]').waitFor({ timeout: 15_000 });
    return page;
  }

  beforeAll(async () => {
    const apiUrl = inject('apiUrl');
    demoUrl = inject('demoUrl');
    portalUrl = inject('portalUrl');
    expect(await ensureProfileCoversDemo(apiUrl, demoUrl)).toEqual([]);
    api = await Api.login(apiUrl, INSPECTOR);
    auditId = (await seededAuditInProgress(api)).id;
    demo = (await (await fetch(`${demoUrl}/api/ground-truth`)).json()) as GroundTruth;
    portal = (await (await fetch(`${portalUrl}/api/ground-truth`)).json()) as GroundTruth;
    browser = await launchBrowser({ extensionDir: inject('extensionDir') });
    panel = await openWorkingPanel(browser.context, browser.extensionId ?? '', apiUrl, auditId);
  }, 180_000);

  afterAll(async () => {
    await browser?.close();
  });

  it('on the first demo, suggests exactly the ground truth of each edge case’s detail page, and outlines the fields', async () => {
    for (const edge of ['returned_at_appointment_minute', 'returned_25_minutes_late', 'received_without_appointment', 'open_past_due_without_apology', 'apology_returned_by_new_date']) {
      const code = demo.edge_cases[edge] ?? '';
      expect(code, edge).not.toBe('');
      const page = await open(`${demoUrl}/ho-so/${encodeURIComponent(code)}`, code);
      const truth = [...(demo.dossiers[code] ?? [])].sort();
      await expect.poll(() => suggestedRules(code), { timeout: 15_000, message: edge }).toEqual(truth);
      if (truth.length === 0) {
        expect(await panel.locator('[data-testid="suggestions"]').textContent()).toMatch(/không có gợi ý/);
        expect(await overlayCount(page, '.check-flag')).toBe(0);
      } else {
        // The fields a suggestion's rule read are outlined where the page shows them.
        await expect.poll(() => overlayCount(page, '.check-flag'), { timeout: 10_000, message: edge }).toBeGreaterThan(0);
      }
      if (edge === 'returned_25_minutes_late') {
        await screenshot(page, 'checks-demo-late-flags');
        await panel.locator('[data-testid="suggestions"]').screenshot({ path: await screenshot(panel, 'checks-panel-suggestions') });
      }
      await page.close();
    }
  });

  it('records a suggestion with A (finding, note, evidence) and dismisses another with D and a reason', async () => {
    const code = demo.edge_cases.returned_25_minutes_late ?? '';
    const page = await open(`${demoUrl}/ho-so/${encodeURIComponent(code)}`, code);
    await expect.poll(() => suggestedRules(code), { timeout: 15_000 }).toEqual(['overdue-without-apology', 'returned-late']);

    // A: the focused suggestion becomes a finding with its suggested result and the rule's explanation as its note.
    const late = panel.locator(`[data-testid="suggestion"][data-rule="returned-late"][data-dossier="${code}"]`);
    await late.focus();
    await panel.keyboard.press('a');
    await expect.poll(() => toast().textContent(), { timeout: 20_000 }).toContain(`Đã ghi phát hiện MC-8.5.1-09 cho hồ sơ ${code}`);
    await expect.poll(() => late.getAttribute('data-recorded'), { timeout: 15_000 }).toBe('true');
    // Synced: the audit's findings on the server hold it, about this dossier.
    const synced = async () =>
      (await api.get<{ items: { id: string; dossier_code: string | null; note: string; result: string }[] }>(`/audits/${auditId}/findings?limit=500`)).items.filter((f) => f.dossier_code === code && f.note.includes('returned-late'));
    await expect.poll(async () => (await synced()).length, { timeout: 30_000 }).toBe(1);
    const findingId = (await synced())[0]?.id ?? '';
    const stored = await api.get<FindingDetail>(`/findings/${findingId}`);
    expect(stored).toMatchObject({ result: 'nc_minor', dossier_code: code });
    // Its evidence: the dossier's page captured with its fields, and a masked screenshot uploaded.
    await expect.poll(async () => (await api.get<FindingDetail>(`/findings/${findingId}`)).evidence.some((e) => e.blob_key !== null), { timeout: 45_000 }).toBe(true);
    const evidence = (await api.get<FindingDetail>(`/findings/${findingId}`)).evidence[0];
    expect(Object.keys(evidence?.fields ?? {})).toEqual(expect.arrayContaining(['due_at', 'returned_at']));

    // D: the other suggestion is dismissed with a reason; it leaves the list, and the server keeps the reason.
    const other = panel.locator(`[data-testid="suggestion"][data-rule="overdue-without-apology"][data-dossier="${code}"]`);
    await other.focus();
    await panel.keyboard.press('d');
    const reason = 'Đơn vị đã gọi điện xin lỗi, biên bản kèm theo hồ sơ giấy';
    await other.locator('textarea[name="reason"]').fill(reason);
    await other.locator('[data-action="confirm-dismiss"]').click();
    await expect.poll(() => suggestedRules(code), { timeout: 15_000 }).toEqual(['returned-late']);
    await expect
      .poll(async () => (await api.get<{ items: { rule_id: string; dossier_code: string; reason: string }[] }>(`/audits/${auditId}/suggestion-dismissals`)).items.filter((d) => d.dossier_code === code), { timeout: 30_000 })
      .toEqual([expect.objectContaining({ rule_id: 'overdue-without-apology', reason })]);
    await page.close();
  });

  it('on the staff portal (hash routes, another markup), suggests exactly the ground truth of its edge cases', async () => {
    for (const edge of ['returned_25_minutes_late', 'open_past_due_without_apology', 'returned_at_appointment_minute', 'supplement_requested_twice']) {
      const code = portal.edge_cases[edge] ?? '';
      expect(code, edge).not.toBe('');
      const id = Number(code.split('-').at(-1) ?? '0');
      const list = (await (await fetch(`${portalUrl}/api/v2/ho-so?q=${encodeURIComponent(code)}`)).json()) as { items?: { id: number; code: string }[]; rows?: { id: number; code: string }[] };
      const row = (list.items ?? list.rows ?? []).find((d) => d.code === code);
      const page = await open(`${portalUrl}/can-bo/#/dossiers/${row?.id ?? id}`, code);
      await expect.poll(() => suggestedRules(code), { timeout: 15_000, message: edge }).toEqual([...(portal.dossiers[code] ?? [])].sort());
      if (edge === 'open_past_due_without_apology') await screenshot(page, 'checks-portal-open-past-due');
      await page.close();
    }
  });
});
