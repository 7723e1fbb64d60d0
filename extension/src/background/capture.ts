// Evidence capture in the background: takes the visible-tab screenshot with every personal value of the page
// painted over in the captured pixels, hashes it (SHA-256) and queues `evidence.create` with the capture, redacted
// once more with the shared patterns (quotes, fields, the page URL).
//
// A screenshot never leaves the service worker unmasked. The overlay hides its own UI and measures where the page
// shows personal data (viewport rectangles, the device pixel ratio, a layout token); the tab is captured; the overlay
// measures again. When the two measures differ (the page scrolled, re-rendered, opened a dialog), the shot is taken
// again, at most SHOT_ATTEMPTS times. Otherwise the rectangles are painted opaque onto the captured bitmap here,
// in its own pixel frame, every pixel of every mask is checked, the PNG is encoded and decoded again and checked
// once more; only then are the bytes returned. Anything else fails the capture, and nothing is stored.
import { EvidenceCreateDataSchema, redactFields, redactText, redactUrl, uuidv7, type EvidenceFields, type Selector } from '@onestop/shared';
import { browser } from 'wxt/browser';
import type { CaptureResult, ShotLayout } from '../messages.ts';
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

// ── Masked screenshots ─────────────────────────────────────────────────────────────────────────────────────────

/** The opaque colour painted over personal data (slate 900). */
export const SHOT_MASK_RGB = [15, 23, 42] as const;
/** Captures tried before giving up on a page whose layout keeps changing. */
export const SHOT_ATTEMPTS = 3;

/** A capture that could not be made safe: nothing is stored; the message says so in Vietnamese and English. */
export class ShotError extends Error {}

export const SHOT_MESSAGES = {
  unstable:
    'Trang thay đổi liên tục trong lúc chụp nên chưa che chắc chắn được dữ liệu cá nhân; chưa lưu gì, hãy thử lại. (The page kept changing while the screenshot was taken, so personal data could not be masked for certain; nothing was stored, try again.)',
  unverified:
    'Không xác nhận được các vùng che dữ liệu cá nhân trên ảnh chụp; chưa lưu gì. (The masks over personal data could not be verified on the screenshot; nothing was stored.)',
  noOverlay:
    'Trang không trả lời yêu cầu che dữ liệu cá nhân trước khi chụp; chưa lưu gì. (The page did not answer the request to mask personal data before the screenshot; nothing was stored.)',
} as const;

/** RGBA pixels, row by row. */
export interface Pixels {
  width: number;
  height: number;
  data: Uint8ClampedArray;
}

export interface PixelCodec {
  decode(png: Uint8Array): Promise<Pixels>;
  encode(pixels: Pixels): Promise<Uint8Array>;
}

/** A rectangle of whole pixels of the captured bitmap: [x0, x1) × [y0, y1). */
export interface PixelBox {
  x0: number;
  y0: number;
  x1: number;
  y1: number;
}

/** True when two measures describe the same layout: same token, the same rectangles (to a tenth of a CSS pixel). */
export function sameLayout(a: ShotLayout, b: ShotLayout): boolean {
  if (a.token !== b.token || a.rects.length !== b.rects.length) return false;
  const close = (p: number, q: number) => Math.abs(p - q) <= 0.1;
  return a.rects.every((r, i) => {
    const s = b.rects[i];
    return s !== undefined && close(r.x, s.x) && close(r.y, s.y) && close(r.w, s.w) && close(r.h, s.h);
  });
}

/**
 * The layout's rectangles in the captured bitmap's pixels, rounded outwards (so a glyph's edge is covered, and no
 * more than the pixel it shares with its neighbour), or null when the bitmap is not a picture of this viewport
 * (another size or aspect): then the masks could land beside the values.
 */
export function pixelBoxes(layout: ShotLayout, width: number, height: number): PixelBox[] | null {
  if (layout.width <= 0 || layout.height <= 0 || width <= 0 || height <= 0) return null;
  const sx = width / layout.width;
  const sy = height / layout.height;
  // One scale for both axes (a device pixel is square), to within the rounding of the viewport's size.
  if (Math.abs(sx - sy) * Math.max(layout.width, layout.height) > 2) return null;
  const boxes: PixelBox[] = [];
  for (const r of layout.rects) {
    const x0 = Math.max(0, Math.floor(r.x * sx));
    const y0 = Math.max(0, Math.floor(r.y * sy));
    const x1 = Math.min(width, Math.ceil((r.x + r.w) * sx));
    const y1 = Math.min(height, Math.ceil((r.y + r.h) * sy));
    if (x1 > x0 && y1 > y0) boxes.push({ x0, y0, x1, y1 });
  }
  return boxes;
}

export function paintMasks(pixels: Pixels, boxes: readonly PixelBox[]): void {
  const [r, g, b] = SHOT_MASK_RGB;
  const { data, width } = pixels;
  for (const box of boxes) {
    for (let y = box.y0; y < box.y1; y++) {
      for (let x = box.x0; x < box.x1; x++) {
        const i = (y * width + x) * 4;
        data[i] = r;
        data[i + 1] = g;
        data[i + 2] = b;
        data[i + 3] = 255;
      }
    }
  }
}

/** True when every pixel of every box is the opaque mask colour. */
export function masksPainted(pixels: Pixels, boxes: readonly PixelBox[]): boolean {
  const [r, g, b] = SHOT_MASK_RGB;
  const { data, width, height } = pixels;
  for (const box of boxes) {
    if (box.x0 < 0 || box.y0 < 0 || box.x1 > width || box.y1 > height) return false;
    for (let y = box.y0; y < box.y1; y++) {
      for (let x = box.x0; x < box.x1; x++) {
        const i = (y * width + x) * 4;
        if (data[i] !== r || data[i + 1] !== g || data[i + 2] !== b || data[i + 3] !== 255) return false;
      }
    }
  }
  return true;
}

export interface ShotDeps {
  /** Hides the overlay's UI and measures (null: no overlay answered). */
  prepare(): Promise<ShotLayout | null>;
  measure(): Promise<ShotLayout | null>;
  /** Shows the overlay's UI again. */
  end(): Promise<void>;
  /** The visible area of the tab as PNG bytes. */
  capture(): Promise<Uint8Array>;
  codec: PixelCodec;
}

/** A PNG of the page with every personal value painted over and checked in its pixels (see the top of the file). */
export async function maskedScreenshot(deps: ShotDeps): Promise<Uint8Array> {
  try {
    let before = await deps.prepare();
    for (let attempt = 1; attempt <= SHOT_ATTEMPTS; attempt++) {
      if (before === null) throw new ShotError(SHOT_MESSAGES.noOverlay);
      const png = await deps.capture();
      const after = await deps.measure();
      if (after === null) throw new ShotError(SHOT_MESSAGES.noOverlay);
      const pixels = sameLayout(before, after) ? await deps.codec.decode(png) : null;
      const boxes = pixels ? pixelBoxes(after, pixels.width, pixels.height) : null;
      if (pixels === null || boxes === null) {
        // The page moved between the measures (or the picture is not of this viewport): measure and shoot again.
        before = after;
        continue;
      }
      paintMasks(pixels, boxes);
      if (!masksPainted(pixels, boxes)) throw new ShotError(SHOT_MESSAGES.unverified);
      const out = await deps.codec.encode(pixels);
      // The bytes that will be stored, read back: the same frame, every mask still there.
      const check = await deps.codec.decode(out);
      if (check.width !== pixels.width || check.height !== pixels.height || !masksPainted(check, boxes)) throw new ShotError(SHOT_MESSAGES.unverified);
      return out;
    }
    throw new ShotError(SHOT_MESSAGES.unstable);
  } finally {
    await deps.end().catch(() => undefined);
  }
}

/** PNG ⇄ pixels with the service worker's OffscreenCanvas, colours as they are (no colour-space conversion). */
export const canvasCodec: PixelCodec = {
  async decode(png) {
    const bitmap = await createImageBitmap(new Blob([png as Uint8Array<ArrayBuffer>], { type: 'image/png' }), { colorSpaceConversion: 'none', premultiplyAlpha: 'none' });
    try {
      const canvas = new OffscreenCanvas(bitmap.width, bitmap.height);
      const ctx = canvas.getContext('2d', { willReadFrequently: true });
      if (!ctx) throw new ShotError(SHOT_MESSAGES.unverified);
      ctx.drawImage(bitmap, 0, 0);
      const image = ctx.getImageData(0, 0, bitmap.width, bitmap.height);
      return { width: image.width, height: image.height, data: image.data };
    } finally {
      bitmap.close();
    }
  },
  async encode(pixels) {
    const canvas = new OffscreenCanvas(pixels.width, pixels.height);
    const ctx = canvas.getContext('2d');
    if (!ctx) throw new ShotError(SHOT_MESSAGES.unverified);
    ctx.putImageData(new ImageData(pixels.data as Uint8ClampedArray<ArrayBuffer>, pixels.width, pixels.height), 0, 0);
    const blob = await canvas.convertToBlob({ type: 'image/png' });
    return new Uint8Array(await blob.arrayBuffer());
  },
};

/** captureVisibleTab, once more after Chrome's two-captures-a-second window when it refuses. */
async function captureTab(windowId: number): Promise<Uint8Array> {
  try {
    return dataUrlBytes(await browser.tabs.captureVisibleTab(windowId, { format: 'png' }));
  } catch (err) {
    if (!/MAX_CAPTURE_VISIBLE_TAB_CALLS_PER_SECOND/.test(String(err))) throw err;
    await sleep(1000);
    return dataUrlBytes(await browser.tabs.captureVisibleTab(windowId, { format: 'png' }));
  }
}

/** No overlay answered (none on the page, or it failed to measure): the capture fails; the reason goes to the console. */
const noAnswer = (err: unknown): null => {
  console.warn('[onestop] screenshot measure failed:', err instanceof Error ? err.message : String(err));
  return null;
};

/** A PNG of the tab's visible area with the page's personal data painted over (see `maskedScreenshot`). */
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
  let captures = 0;
  try {
    return await maskedScreenshot({
      prepare: () => callContent(tabId, 'shotPrepare', {}).catch(noAnswer),
      measure: () => callContent(tabId, 'shotMeasure', {}).catch(noAnswer),
      end: async () => {
        await callContent(tabId, 'shotEnd', {});
      },
      capture: async () => {
        // Chrome allows two captures a second: a retry waits its turn.
        if (captures++ > 0) await sleep(550);
        return captureTab(tab.windowId);
      },
      codec: canvasCodec,
    });
  } finally {
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
      const message = err instanceof ShotError ? err.message : `screenshot: ${err instanceof Error ? err.message : String(err)}`;
      return { ok: false, code: 'failed', message };
    }
  }
  const parsed = EvidenceCreateDataSchema.safeParse({
    finding_id: findingId,
    kind: 'page_capture',
    page_url: redactUrl(capture.page_url).slice(0, 2048),
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
