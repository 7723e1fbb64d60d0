// Evidence capture in the background: asks the page's overlay to mask PII regions, takes the visible-tab screenshot,
// hashes it (SHA-256) and queues `evidence.create` with the capture, redacted once more with the shared patterns.
import { EvidenceCreateDataSchema, redactFields, redactText, uuidv7, type EvidenceFields, type Selector } from '@onestop/shared';
import { browser } from 'wxt/browser';
import type { CaptureResult } from '../messages.ts';
import { callContent } from '../messaging.ts';
import type { EvidenceView, PageCapture } from '../model.ts';
import type { Db, LocalEvidence } from './db.ts';
import { queueEvidence } from './outbox.ts';

export async function sha256Hex(bytes: Uint8Array): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', bytes as Uint8Array<ArrayBuffer>);
  return Array.from(new Uint8Array(digest), (b) => b.toString(16).padStart(2, '0')).join('');
}

function dataUrlBytes(dataUrl: string): Uint8Array {
  const base64 = dataUrl.slice(dataUrl.indexOf(',') + 1);
  const bin = atob(base64);
  const out = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) out[i] = bin.charCodeAt(i);
  return out;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** A PNG of the tab's visible area with the overlay's PII masks drawn over it. */
export async function screenshotOf(tabId: number): Promise<Uint8Array> {
  const tab = await browser.tabs.get(tabId);
  let restore: number | null = null;
  if (!tab.active) {
    // captureVisibleTab sees only the active tab of a window; bring the page forward for the shot.
    const [active] = await browser.tabs.query({ active: true, windowId: tab.windowId });
    restore = active?.id ?? null;
    await browser.tabs.update(tabId, { active: true });
    await sleep(200);
  }
  await callContent(tabId, 'maskPii', { on: true });
  try {
    let dataUrl: string;
    try {
      dataUrl = await browser.tabs.captureVisibleTab(tab.windowId, { format: 'png' });
    } catch (err) {
      // Chrome allows two captures a second; one more try after the window has passed.
      if (!/MAX_CAPTURE_VISIBLE_TAB_CALLS_PER_SECOND/.test(String(err))) throw err;
      await sleep(1000);
      dataUrl = await browser.tabs.captureVisibleTab(tab.windowId, { format: 'png' });
    }
    return dataUrlBytes(dataUrl);
  } finally {
    await callContent(tabId, 'maskPii', { on: false }).catch(() => undefined);
    if (restore !== null) await browser.tabs.update(restore, { active: true }).catch(() => undefined);
  }
}

function redactSelectors(selectors: readonly Selector[]): Selector[] {
  return selectors.map((s) =>
    s.type === 'TextQuoteSelector'
      ? { ...s, exact: redactText(s.exact), ...(s.prefix === undefined ? {} : { prefix: redactText(s.prefix) }), ...(s.suffix === undefined ? {} : { suffix: redactText(s.suffix) }) }
      : s,
  );
}

export function evidenceView(e: LocalEvidence, hasBlob: boolean): EvidenceView {
  return { id: e.id, finding_id: e.finding_id, quote: e.quote, page_url: e.page_url, page_title: e.page_title, has_blob: hasBlob || e.sha256 !== null, state: e.state, captured_at: e.captured_at };
}

export interface CaptureDeps {
  db: Db;
  now: () => Date;
  screenshot: (tabId: number) => Promise<Uint8Array>;
}

/** Turns a page capture into a queued evidence op (with the screenshot, when asked). */
export async function processCapture(deps: CaptureDeps, findingId: string, capture: PageCapture, screenshot: boolean, tabId: number): Promise<CaptureResult> {
  const finding = await deps.db.get('findings', findingId);
  if (!finding || finding.deleted) return { ok: false, code: 'not_found', message: 'The finding no longer exists' };
  let blob: Uint8Array | null = null;
  let announced: { sha256: string; mime: 'image/png'; bytes: number } | null = null;
  if (screenshot) {
    try {
      blob = await deps.screenshot(tabId);
      announced = { sha256: await sha256Hex(blob), mime: 'image/png', bytes: blob.byteLength };
    } catch (err) {
      return { ok: false, code: 'failed', message: `screenshot: ${err instanceof Error ? err.message : String(err)}` };
    }
  }
  const parsed = EvidenceCreateDataSchema.safeParse({
    finding_id: findingId,
    kind: 'page_capture',
    page_url: capture.page_url,
    page_title: redactText(capture.page_title).slice(0, 500),
    selectors: redactSelectors(capture.selectors as Selector[]),
    quote: redactText(capture.quote).slice(0, 4000) || null,
    fields: redactFields(capture.fields as EvidenceFields) as EvidenceFields,
    ...(announced ?? {}),
    captured_at: deps.now().toISOString(),
  });
  if (!parsed.success) {
    return { ok: false, code: 'failed', message: parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ') };
  }
  const evidence = await queueEvidence(deps.db, uuidv7(), parsed.data, finding.audit_id, blob, deps.now(), capture.dossier_code?.slice(0, 100) ?? null);
  return { ok: true, evidence: evidenceView(evidence, blob !== null) };
}
