// Screenshots never leave unmasked: the rectangles the page measured are painted in the captured bitmap's own pixel
// frame and checked pixel by pixel (before and after encoding); a layout that moves between the measures is shot
// again (at most SHOT_ATTEMPTS times); anything unverifiable fails with a Vietnamese/English message and nothing is
// stored. Captures and findings store their page URL redacted.
import type { Browser } from 'wxt/browser';
import { describe, expect, it } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import type { ShotLayout } from '../messages.ts';
import { legacyApiBaseItem as apiBaseItem, legacySessionItem as sessionItem } from '../storage.ts';
import { FakeApi } from '../testing/fake-api.ts';
import {
  maskedScreenshot,
  masksPainted,
  paintMasks,
  pixelBoxes,
  processCapture,
  sameLayout,
  SHOT_ATTEMPTS,
  SHOT_MASK_RGB,
  SHOT_MESSAGES,
  ShotError,
  type PixelCodec,
  type Pixels,
  type ShotDeps,
} from './capture.ts';
import { createBackground } from './service.ts';

const layout = (rects: ShotLayout['rects'], token = '0,0 100x50@2', width = 100, height = 50): ShotLayout => ({ token, dpr: 2, width, height, rects });

/** A blank bitmap of w × h pixels (opaque white). */
function blank(w: number, h: number): Pixels {
  const data = new Uint8ClampedArray(w * h * 4).fill(255);
  return { width: w, height: h, data };
}

const pixel = (p: Pixels, x: number, y: number) => Array.from(p.data.slice((y * p.width + x) * 4, (y * p.width + x) * 4 + 4));
const MASK = [...SHOT_MASK_RGB, 255];

/** "PNG" bytes that carry pixels by reference: decode gives a copy of what encode was given. */
function fakeCodec(opts: { loseMasks?: boolean; size?: [number, number] } = {}): PixelCodec & { captured: Pixels } {
  const store = new Map<number, Pixels>();
  const captured = blank(...(opts.size ?? [200, 100]));
  store.set(0, captured);
  let next = 1;
  return {
    captured,
    async decode(png) {
      const p = store.get(png[0] ?? -1);
      if (!p) throw new Error('not a png');
      return { width: p.width, height: p.height, data: new Uint8ClampedArray(p.data) };
    },
    async encode(p) {
      const id = next++;
      store.set(id, opts.loseMasks ? blank(p.width, p.height) : { width: p.width, height: p.height, data: new Uint8ClampedArray(p.data) });
      return new Uint8Array([id]);
    },
  };
}

function deps(measures: (ShotLayout | null)[], codec = fakeCodec()): ShotDeps & { calls: string[]; codec: ReturnType<typeof fakeCodec> } {
  const calls: string[] = [];
  let i = 0;
  const nextMeasure = async () => measures[Math.min(i++, measures.length - 1)] ?? null;
  return {
    calls,
    codec,
    prepare: async () => (calls.push('prepare'), nextMeasure()),
    measure: async () => (calls.push('measure'), nextMeasure()),
    end: async () => void calls.push('end'),
    capture: async () => (calls.push('capture'), new Uint8Array([0])),
  };
}

describe('mask rectangles in the captured pixels', () => {
  it('maps viewport CSS pixels to the bitmap, rounding outwards only', () => {
    // A 100 × 50 CSS viewport captured at 200 × 100 pixels (device pixel ratio 2).
    expect(pixelBoxes(layout([{ x: 10.25, y: 5.5, w: 20.5, h: 10 }]), 200, 100)).toEqual([{ x0: 20, y0: 11, x1: 62, y1: 31 }]);
    // Clipped to the bitmap; empty ones left out.
    expect(pixelBoxes(layout([{ x: 90, y: 45, w: 30, h: 30 }, { x: 5, y: 5, w: 0, h: 4 }]), 200, 100)).toEqual([{ x0: 180, y0: 90, x1: 200, y1: 100 }]);
  });

  it('refuses a bitmap that is not a picture of the measured viewport', () => {
    expect(pixelBoxes(layout([]), 200, 160)).toBeNull();
    expect(pixelBoxes(layout([], '0,0 0x0@1', 0, 0), 200, 100)).toBeNull();
  });

  it('paints opaque masks and checks every pixel of them', () => {
    const p = blank(20, 10);
    const boxes = [{ x0: 2, y0: 1, x1: 6, y1: 4 }];
    expect(masksPainted(p, boxes)).toBe(false);
    paintMasks(p, boxes);
    expect(masksPainted(p, boxes)).toBe(true);
    expect(pixel(p, 2, 1)).toEqual(MASK);
    expect(pixel(p, 5, 3)).toEqual(MASK);
    // Nothing beyond the box: the neighbours' pixels are untouched.
    expect(pixel(p, 6, 3)).toEqual([255, 255, 255, 255]);
    expect(pixel(p, 1, 1)).toEqual([255, 255, 255, 255]);
    p.data[(3 * 20 + 4) * 4 + 3] = 254;
    expect(masksPainted(p, boxes)).toBe(false);
  });

  it('compares layouts by token and rectangles', () => {
    const a = layout([{ x: 1, y: 2, w: 3, h: 4 }]);
    expect(sameLayout(a, layout([{ x: 1.05, y: 2, w: 3, h: 4 }]))).toBe(true);
    expect(sameLayout(a, layout([{ x: 1.5, y: 2, w: 3, h: 4 }]))).toBe(false);
    expect(sameLayout(a, layout([{ x: 1, y: 2, w: 3, h: 4 }], '0,120 100x50@2'))).toBe(false);
    expect(sameLayout(a, layout([]))).toBe(false);
  });
});

describe('maskedScreenshot', () => {
  const rects = [{ x: 10, y: 5, w: 20, h: 10 }];

  it('paints the measured masks on the captured bitmap and returns the verified bytes', async () => {
    const d = deps([layout(rects), layout(rects)]);
    const png = await maskedScreenshot(d);
    const out = await d.codec.decode(png);
    expect(pixel(out, 20, 10)).toEqual(MASK);
    expect(pixel(out, 59, 29)).toEqual(MASK);
    expect(pixel(out, 60, 30)).toEqual([255, 255, 255, 255]);
    expect(d.calls).toEqual(['prepare', 'capture', 'measure', 'end']);
  });

  it('shoots again when the layout moved between the measures', async () => {
    const moved = layout(rects, '0,300 100x50@2');
    const d = deps([layout(rects), moved, moved]);
    await maskedScreenshot(d);
    expect(d.calls).toEqual(['prepare', 'capture', 'measure', 'capture', 'measure', 'end']);
  });

  it('gives up after SHOT_ATTEMPTS captures of a page that keeps moving, storing nothing', async () => {
    const d = deps(Array.from({ length: 10 }, (_, i) => layout(rects, `0,${i * 10} 100x50@2`)));
    await expect(maskedScreenshot(d)).rejects.toThrow(SHOT_MESSAGES.unstable);
    expect(d.calls.filter((c) => c === 'capture')).toHaveLength(SHOT_ATTEMPTS);
    expect(d.calls.at(-1)).toBe('end');
  });

  it('fails when the encoded bytes lose a mask', async () => {
    const d = deps([layout(rects), layout(rects)], fakeCodec({ loseMasks: true }));
    await expect(maskedScreenshot(d)).rejects.toThrow(SHOT_MESSAGES.unverified);
    expect(d.calls.at(-1)).toBe('end');
  });

  it('fails when the picture is not of the measured viewport', async () => {
    const d = deps([layout(rects), layout(rects)], fakeCodec({ size: [200, 180] }));
    await expect(maskedScreenshot(d)).rejects.toThrow(SHOT_MESSAGES.unstable);
  });

  it('fails when no overlay answers', async () => {
    const d = deps([null]);
    const err = await maskedScreenshot(d).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ShotError);
    expect((err as Error).message).toBe(SHOT_MESSAGES.noOverlay);
    expect(d.calls).toEqual(['prepare', 'end']);
  });

  it('says it in Vietnamese first, then in English', () => {
    for (const m of Object.values(SHOT_MESSAGES)) expect(m).toMatch(/^[^()]*chưa lưu gì[^()]*\(.*nothing was stored.*\)$/);
  });
});

// ── Through the background ───────────────────────────────────────────────────────────────────────────────────

const AUDIT = '01890000-0000-7000-8000-0000000000a1';
const UNIT = '01890000-0000-7000-8000-0000000000b1';
const ITEM = '01890000-0000-7000-8000-0000000000c1';
let dbCounter = 0;

async function background() {
  const api = new FakeApi();
  await apiBaseItem.setValue('https://api.test');
  await sessionItem.setValue({ token: 'token-token-token-token', user: { id: api.userId, email: 'kiemtra@demo.onestop.vn', display_name: 'Kiểm Tra', role: 'inspector', unit_name: null }, expires_at: '2099-01-01T00:00:00Z', api_base: 'https://api.test' });
  await fakeBrowser.storage.local.set({ scope: { auditId: AUDIT, unitId: UNIT } });
  return createBackground({ dbName: `capture-test-${++dbCounter}`, fetch: api.fetch });
}

const URL_WITH_PII = 'http://127.0.0.1:8788/ho-so/tep/cccd_001203004567.pdf?q=0912%20345%20678&size=20#/tim-kiem?sdt=%2B84912345678';
const URL_REDACTED = 'http://127.0.0.1:8788/ho-so/tep/cccd_***.pdf?q=***&size=20#/tim-kiem?sdt=***';

describe('captures and findings through the background', () => {
  it('stores the page URL of a finding and of a capture redacted', async () => {
    const bg = await background();
    const { finding } = await bg.handlers.recordFinding({ auditId: AUDIT, unitId: UNIT, itemId: ITEM, result: 'nc_minor', note: 'Ghi chú', dossierCode: null, pageUrl: URL_WITH_PII }, {} as Browser.runtime.MessageSender);
    expect(finding.page_url).toBe(URL_REDACTED);
    const res = await processCapture(
      { db: await bg.db, now: () => new Date(), screenshot: async () => new Uint8Array([1]) },
      finding.id,
      { page_url: URL_WITH_PII, page_title: 'Danh sách hồ sơ', selectors: [{ type: 'TextQuoteSelector', exact: 'Danh sách', prefix: '', suffix: '' }], quote: 'Danh sách', fields: { applicant: 'Trần Kim Dung0327•••049' }, dossier_code: null },
      false,
      1,
    );
    expect(res.ok).toBe(true);
    const ops = await (await bg.db).getAll('ops');
    const text = JSON.stringify(ops);
    expect(text).not.toMatch(/0912|001203004567|84912345678|Dung/);
    expect(ops.find((o) => o.kind === 'evidence.create')?.data).toMatchObject({ page_url: URL_REDACTED, fields: { applicant: '•••' } });
    expect(ops.find((o) => o.kind === 'finding.upsert')?.data).toMatchObject({ page_url: URL_REDACTED });
  });

  it('stores nothing when the screenshot cannot be made safe', async () => {
    const bg = await background();
    const { finding } = await bg.handlers.recordFinding({ auditId: AUDIT, unitId: UNIT, itemId: ITEM, result: 'nc_minor', note: 'Ghi chú', dossierCode: null, pageUrl: null }, {} as Browser.runtime.MessageSender);
    const before = (await (await bg.db).getAll('ops')).length;
    const res = await processCapture(
      {
        db: await bg.db,
        now: () => new Date(),
        screenshot: async () => {
          throw new ShotError(SHOT_MESSAGES.unverified);
        },
      },
      finding.id,
      { page_url: 'http://127.0.0.1:8788/ho-so', page_title: 'Danh sách hồ sơ', selectors: [], quote: 'Danh sách', fields: {}, dossier_code: null },
      true,
      1,
    );
    expect(res).toEqual({ ok: false, code: 'failed', message: SHOT_MESSAGES.unverified });
    expect((await (await bg.db).getAll('ops')).length).toBe(before);
    expect(await (await bg.db).getAll('evidence')).toEqual([]);
    expect(await (await bg.db).getAll('blobs')).toEqual([]);
  });
});
