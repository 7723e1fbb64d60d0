// Capture that works everywhere (issue #12), on the second demo system (demo/portal): text inside the open shadow
// root of <hs-applicant-card>, a selection from the page's own tree into that shadow root, a part of a read-only
// input's value (the details modal) and a selection across two elements. Each capture's stored quote and selectors
// (read through the API) are exactly the selection, citizen data redacted; after a reload on the same dossier the
// highlight comes back (the overlay's evidence marks over exactly that text, or the control's box), not an orphan;
// and no page error nor uncaught exception occurred. The overlay's closed root is read through DevTools (overlay.ts).
import type { CDPSession, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it, inject } from 'vitest';
import { launchBrowser, screenshot, type Browser } from '../browser.ts';
import { Api, INSPECTOR, openWorkingPanel, seededAuditInProgress } from './helpers.ts';
import { evidenceMarked, overlayClick, overlayCount, overlayStatus, overlayTexts, overlayWaitFor } from './overlay.ts';

interface Evidence {
  id: string;
  selectors: { type: string; exact?: string; prefix?: string; suffix?: string; start?: number; end?: number; value?: string }[];
  quote: string | null;
}
interface FindingDetail {
  id: string;
  dossier_code: string | null;
  evidence: Evidence[];
}
interface PortalDossier {
  id: number;
  code: string;
  applicant: { name: string; cccd: string; phone: string };
}

/** Text as the extension's text model reads it: whitespace runs collapsed, NFC, trimmed. */
const norm = (s: string) => s.normalize('NFC').replace(/[\s\u00a0]+/g, ' ').trim();
/** A short unique tag for notes (a long digit run would be masked as an identifier). */
const stamp = () => `#${(Date.now() % 1_000_000).toString(36)}`;

describe('capture everywhere: shadow roots, read-only inputs, selections across elements', () => {
  let browser: Browser;
  let panel: Page;
  let api: Api;
  let portalUrl: string;
  /** Page errors and uncaught exceptions of every world of the portal's pages (the content script's included). */
  const errors: string[] = [];
  /** The captures made inside (or into) the applicant card's shadow root: stored quote, and the page text selected. */
  const shadowCaptures: { quote: string; text: string | null }[] = [];

  const dossier = async (id: number) => (await (await fetch(`${portalUrl}/api/v2/ho-so/${id}`)).json()) as PortalDossier;

  async function openPortal(hash: string): Promise<Page> {
    const page = await browser.context.newPage();
    page.on('pageerror', (e) => errors.push(`[pageerror] ${e.stack ?? e.message}`));
    const cdp: CDPSession = await browser.context.newCDPSession(page);
    cdp.on('Runtime.exceptionThrown', (e: { exceptionDetails: { text: string; exception?: { description?: string } } }) =>
      errors.push(`[exception] ${e.exceptionDetails.exception?.description ?? e.exceptionDetails.text}`),
    );
    await cdp.send('Runtime.enable');
    await page.goto(`${portalUrl}/can-bo/${hash}`);
    await page.bringToFront();
    return page;
  }

  /** Records an nc_minor finding on the first item the panel lists for the page, about `code`; returns its id. */
  async function recordFinding(code: string): Promise<string> {
    const onPage = panel.locator('[data-group="on-page"] [data-item-code]').first();
    await onPage.waitFor({ timeout: 15_000 });
    const itemCode = (await onPage.getAttribute('data-item-code')) ?? '';
    const item = panel.locator(`[data-item-code="${itemCode}"]`);
    const head = item.locator('.item-head');
    if ((await head.getAttribute('aria-expanded')) !== 'true') await head.click();
    await item.locator('input[name="dossier"]').fill(code);
    const note = `Bằng chứng ${stamp()}`;
    const textarea = item.locator('textarea[name="note"]');
    await textarea.fill(note);
    await textarea.press('Escape');
    const findings = item.locator('[data-testid="finding"]');
    const before = await findings.count();
    await panel.keyboard.press('2');
    await expect.poll(() => findings.count()).toBe(before + 1);
    const id = await item.locator('[data-testid="finding"]', { hasText: note }).first().getAttribute('data-finding-id');
    if (!id) throw new Error('no finding id');
    return id;
  }

  /** Captures the page's current selection for the finding from the side panel; returns the stored evidence. */
  async function captureFor(findingId: string): Promise<Evidence> {
    await panel.locator(`[data-finding-id="${findingId}"] [data-action="capture-selection"]`).click();
    const confirm = panel.locator('[data-testid="confirm-capture"] [data-confirm="attach-only"]');
    const toast = panel.locator('[data-testid="toast"]');
    await expect
      .poll(async () => {
        if (await confirm.isVisible().catch(() => false)) await confirm.click();
        return toast.textContent();
      }, { timeout: 30_000 })
      .toContain('Đã ghi bằng chứng');
    let evidence: Evidence | undefined;
    await expect
      .poll(async () => {
        evidence = (await api.get<FindingDetail>(`/findings/${findingId}`)).evidence[0];
        return evidence !== undefined;
      }, { timeout: 30_000 })
      .toBe(true);
    if (!evidence) throw new Error('no evidence');
    return evidence;
  }

  /** The quote selector, and the check that the selectors are the three kinds the describer makes. */
  function quoteOf(evidence: Evidence) {
    const types = evidence.selectors.map((s) => s.type).sort();
    expect(types).toEqual(['CssSelector', 'TextPositionSelector', 'TextQuoteSelector']);
    const quote = evidence.selectors.find((s) => s.type === 'TextQuoteSelector');
    const position = evidence.selectors.find((s) => s.type === 'TextPositionSelector');
    expect(quote?.exact).toBe(evidence.quote);
    // The position counts the page's text, before redaction shortened the quote.
    expect(position?.end ?? 0).toBeGreaterThan(position?.start ?? 0);
    return quote;
  }

  /**
   * The page text under each run of the overlay's evidence marks (normalised), across shadow roots: marks lie over
   * text the page shows there, and over nothing else.
   */
  const highlighted = async (page: Page) => {
    const marked = await evidenceMarked(page);
    expect(marked.stray, 'marks over no text of the page').toEqual([]);
    expect(marked.runs.filter((r) => r.shown === false).map((r) => r.text), 'marks over something covering their text').toEqual([]);
    return marked.runs.map((r) => r.text.normalize('NFC').replace(/[\s\u00a0]+/g, ' ').trim());
  };
  /** The quotes the overlay lists as not found on the page (it opens its list: a real click on its toggle). */
  const orphanQuotes = async (page: Page) => {
    if ((await overlayCount(page, '.orphans-toggle')) > 0 && (await overlayCount(page, '.orphans ul')) === 0) {
      await overlayClick(page, '.orphans-toggle');
      await expect.poll(() => overlayCount(page, '.orphans ul')).toBe(1);
    }
    return overlayTexts(page, '.orphans q');
  };

  beforeAll(async () => {
    portalUrl = inject('portalUrl');
    const apiUrl = inject('apiUrl');
    api = await Api.login(apiUrl, INSPECTOR);
    const audit = await seededAuditInProgress(api);
    browser = await launchBrowser({ extensionDir: inject('extensionDir') });
    panel = await openWorkingPanel(browser.context, browser.extensionId ?? '', apiUrl, audit.id);
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
  });

  it('captures text inside the open shadow root of the applicant block, redacted, and highlights it again after a reload', async () => {
    const d = await dossier(10);
    const page = await openPortal('#/dossiers/10');
    await page.locator('hs-applicant-card').waitFor();
    await expect.poll(() => overlayCount(page, '.chip'), { timeout: 15_000 }).toBeGreaterThan(0);
    const findingId = await recordFinding(d.code);
    await page.bringToFront();
    // The inspector drags over the CCCD field of the card: its label and its value, both inside the shadow root.
    const selected = await page.evaluate(() => {
      const root = document.querySelector('hs-applicant-card')?.shadowRoot;
      const field = Array.from(root?.querySelectorAll('.field') ?? []).find((f) => f.querySelector('.label')?.textContent === 'Số CCCD');
      const label = field?.querySelector('.label')?.firstChild;
      const value = field?.querySelector('.value')?.firstChild;
      if (!label || !value || !root) return null;
      document.getSelection()?.setBaseAndExtent(label, 0, value, (value as Text).data.length);
      const composed = document.getSelection()?.getComposedRanges({ shadowRoots: [root] })[0];
      return { value: (value as Text).data, inShadow: composed?.startContainer.getRootNode() === root && composed.endContainer.getRootNode() === root };
    });
    expect(selected?.inShadow).toBe(true);
    await overlayWaitFor(page, '.toolbar', { timeout: 5_000 });
    const evidence = await captureFor(findingId);
    quoteOf(evidence);
    // The label as selected, the citizen's identity number masked (the card is a PII element of the profile).
    expect(evidence.quote, `quote ${evidence.quote}`).toContain('•');
    expect(evidence.quote).not.toMatch(/\d{6,}/);
    expect(evidence.quote).not.toContain(d.applicant.cccd.slice(-6));
    expect(evidence.selectors.find((s) => s.type === 'CssSelector')?.value).toMatch(/hs-applicant-card$/);
    await screenshot(page, 'capture-shadow');
    shadowCaptures.push({ quote: evidence.quote ?? '', text: norm(`Số CCCD ${selected?.value ?? ''}`) });
    await page.close();
  });

  it('captures a selection from the page into the shadow root (getComposedRanges) as exactly the selected text', async () => {
    const d = await dossier(10);
    const page = await openPortal('#/dossiers/10');
    await page.locator('hs-applicant-card').waitFor();
    await expect.poll(() => overlayCount(page, '.chip'), { timeout: 15_000 }).toBeGreaterThan(0);
    const findingId = await recordFinding(d.code);
    await page.bringToFront();
    // From the card's title ("Người nộp hồ sơ", the page's own tree) to the first label inside the shadow root.
    const ok = await page.evaluate(() => {
      const host = document.querySelector('hs-applicant-card');
      const title = host?.closest('section')?.firstElementChild?.firstChild;
      const label = host?.shadowRoot?.querySelector('.field .label')?.firstChild;
      if (!title || !label || !host?.shadowRoot) return false;
      document.getSelection()?.setBaseAndExtent(title, 0, label, (label as Text).data.length);
      const composed = document.getSelection()?.getComposedRanges({ shadowRoots: [host.shadowRoot] })[0];
      return composed?.endContainer === label;
    });
    expect(ok).toBe(true);
    const evidence = await captureFor(findingId);
    quoteOf(evidence);
    expect(evidence.quote).toBe('Người nộp hồ sơ Họ và tên');
    shadowCaptures.push({ quote: evidence.quote ?? '', text: null });
    await page.close();
  });

  // The dossier's place on a detail page spans the card's shadow content, and a masked quote is found whole.
  it('highlights the shadow-root captures again after a reload on the same dossier', async () => {
    expect(shadowCaptures).toHaveLength(2);
    const page = await openPortal('#/dossiers/10');
    await page.locator('hs-applicant-card').waitFor();
    await expect.poll(() => overlayStatus(page, 'data-anchor-timings'), { timeout: 15_000 }).toMatch(/anchors [1-9]/);
    // Marks are drawn near the viewport: the card's section in view.
    await page.locator('section:has(hs-applicant-card)').first().evaluate((el) => el.scrollIntoView({ block: 'center' }));
    const inShadow = shadowCaptures[0]?.text ?? '';
    // A range's text joins the label and the value without the space the page shows between them.
    const compact = (s: string) => s.replace(/\s+/g, '');
    await expect.poll(async () => (await highlighted(page)).map(compact), { timeout: 10_000 }).toContain(compact(inShadow));
    // The capture from the page into the shadow root is drawn on its part in the page (a Range cannot cross into it).
    const across = compact(shadowCaptures[1]?.quote ?? '');
    expect((await highlighted(page)).map(compact).some((h) => h.length > 0 && across.startsWith(h))).toBe(true);
    await page.waitForTimeout(500);
    const orphans = await orphanQuotes(page);
    for (const c of shadowCaptures) expect(orphans).not.toContain(c.quote);
    await page.close();
  });

  it('captures a part of a read-only input’s value in the details modal, and boxes the control again after a reload', async () => {
    let page = await openPortal('#/dossiers');
    await page.locator('main tbody tr').first().waitFor();
    const dated = (vs: string[]) => vs.findIndex((v) => /^\d\d\/\d\d\/\d{4}\b/.test(v));
    const readValues = (p: Page) => p.locator('input[readonly]').evaluateAll((els) => els.map((e) => (e as HTMLInputElement).value));
    let rowAt = 0;
    const openModal = async (p: Page, n: number) => {
      await p.locator('main tbody tr').nth(n).locator('button', { hasText: 'Chi tiết' }).click();
      await p.getByText('Mã đơn:').waitFor();
      await p.locator('input[readonly]').first().waitFor();
    };
    // The first row whose dossier has a received date (a dossier submitted online and not yet received has none).
    for (; rowAt < 10; rowAt++) {
      await openModal(page, rowAt);
      if (dated(await readValues(page)) >= 0) break;
      await page.keyboard.press('Escape');
    }
    const id = Number((await page.locator('main tbody tr').nth(rowAt).locator('td').first().textContent())?.trim());
    const d = await dossier(id);
    await expect.poll(() => panel.locator('[data-testid="page-banner"]').textContent(), { timeout: 15_000 }).toContain(d.code);
    const findingId = await recordFinding(d.code);
    await page.bringToFront();
    // A date of "dd/MM/yyyy HH:mm" (the first read-only input that has one): the inspector selects its date part.
    const inputs = page.locator('input[readonly]');
    const values = await inputs.evaluateAll((els) => els.map((e) => (e as HTMLInputElement).value));
    const at = values.findIndex((v) => /^\d\d\/\d\d\/\d{4}\b/.test(v));
    expect(at, `read-only values: ${JSON.stringify(values)}`).toBeGreaterThanOrEqual(0);
    const value = values[at] ?? '';
    const end = 'dd/MM/yyyy'.length;
    await inputs.nth(at).evaluate((el: HTMLInputElement, to: number) => {
      el.focus();
      el.setSelectionRange(0, to);
    }, end);
    await overlayWaitFor(page, '.toolbar', { timeout: 5_000 });
    const evidence = await captureFor(findingId);
    quoteOf(evidence);
    expect(evidence.quote).toBe(value.slice(0, end));
    expect(evidence.selectors.find((s) => s.type === 'CssSelector')?.value).toMatch(/input(:nth-of-type\(\d+\))?$/);
    await screenshot(page, 'capture-readonly-input');

    await page.close();
    page = await openPortal('#/dossiers');
    await page.locator('main tbody tr').first().waitFor();
    await openModal(page, rowAt);
    await expect.poll(() => overlayCount(page, '.evidence-box'), { timeout: 15_000 }).toBeGreaterThan(0);
    expect(await orphanQuotes(page)).not.toContain(evidence.quote);
    await page.close();
  });

  it('captures a selection across two elements (a label and its value) and highlights it again after a reload', async () => {
    const d = await dossier(10);
    const page = await openPortal('#/dossiers/10');
    await page.locator('hs-applicant-card').waitFor();
    await expect.poll(() => overlayCount(page, '.chip'), { timeout: 15_000 }).toBeGreaterThan(0);
    const findingId = await recordFinding(d.code);
    await page.bringToFront();
    const text = await page.evaluate(() => {
      const dt = Array.from(document.querySelectorAll('main dt')).find((e) => e.textContent === 'Kênh tiếp nhận');
      const dd = dt?.nextElementSibling;
      if (!dt?.firstChild || !dd?.firstChild) return null;
      document.getSelection()?.setBaseAndExtent(dt.firstChild, 0, dd.firstChild, (dd.firstChild as Text).data.length);
      return `${dt.textContent} ${dd.textContent}`;
    });
    expect(text).not.toBeNull();
    await overlayWaitFor(page, '.toolbar', { timeout: 5_000 });
    const evidence = await captureFor(findingId);
    quoteOf(evidence);
    expect(evidence.quote).toBe(norm(text ?? ''));
    await page.reload();
    await page.locator('hs-applicant-card').waitFor();
    await page.locator('main dt', { hasText: 'Kênh tiếp nhận' }).first().evaluate((el) => el.scrollIntoView({ block: 'center' }));
    // (A Range's text has no space between two blocks; the model's has one.)
    const squeeze = (s: string) => s.replace(/\s+/g, '');
    await expect.poll(async () => (await highlighted(page)).map(squeeze), { timeout: 15_000 }).toContain(squeeze(text ?? ''));
    expect(await orphanQuotes(page)).not.toContain(evidence.quote);
    await page.close();
  });

  it('raised no page error and no uncaught exception on any of these pages', () => {
    expect(errors).toEqual([]);
  });
});
