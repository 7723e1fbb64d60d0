// Nothing of a citizen is stored, whatever the page does: in real Chromium with the built extension, the inspector
// searches the demo's dossier list by a CCCD and by a phone (so the page URL holds them, in the query and in a hash
// route), then captures evidence with screenshots on the list, in the quick-view dialog and on the detail page. After
// sync, everything the API gives back (findings, evidence, export.csv, annotations.jsonld) holds no identifier of any
// citizen shown on those screens, in any form; page URLs are redacted; quotes keep their labels; and every screenshot
// blob, decoded here, has the mask colour over each identifier the page showed and none of the overlay's own UI.
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { inflateSync } from 'node:zlib';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it, inject } from 'vitest';
import { launchBrowser, type Browser } from '../browser.ts';
import { Api, INSPECTOR, openWorkingPanel, seededAuditInProgress, sha256, recordInPanel } from './helpers.ts';
import { overlayBox, overlayWaitFor } from './overlay.ts';

/** The colour the service worker paints over personal data (SHOT_MASK_RGB in extension/src/background/capture.ts). */
const MASK_RGB = [15, 23, 42] as const;
/** The overlay's capture toolbar background (#111827 in the overlay's style sheet). */
const TOOLBAR_RGB = [17, 24, 39] as const;

interface Rect {
  x: number;
  y: number;
  w: number;
  h: number;
}
interface Evidence {
  id: string;
  page_url: string | null;
  page_title: string | null;
  quote: string | null;
  selectors: { type: string; exact?: string; prefix?: string; suffix?: string }[];
  fields: Record<string, unknown>;
  sha256: string | null;
  blob_key: string | null;
}
interface FindingDetail {
  id: string;
  page_url: string | null;
  evidence: Evidence[];
}

/** What a screen showed of its citizens when it was captured, and where. */
interface Shown {
  name: string;
  /** Identifiers as the page wrote them (phones, CCCD numbers, e-mails) and the applicants' names. */
  identifiers: string[];
  names: string[];
  /** Viewport rectangles of each identifier and personal value: they must be the mask colour in the screenshot. */
  rects: Rect[];
  /** Where the overlay's toolbar was just before the capture. */
  toolbar: Rect | null;
}

// ── A small PNG decoder (8-bit RGB/RGBA, not interlaced: what Chromium writes) ─────────────────────────────────

interface Image {
  width: number;
  height: number;
  rgba: Uint8Array;
}

function decodePng(png: Uint8Array): Image {
  const sig = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];
  sig.forEach((b, i) => {
    if (png[i] !== b) throw new Error('not a PNG');
  });
  const view = new DataView(png.buffer, png.byteOffset, png.byteLength);
  let pos = 8;
  let width = 0;
  let height = 0;
  let colorType = 0;
  const idat: Uint8Array[] = [];
  while (pos < png.length) {
    const length = view.getUint32(pos);
    const type = String.fromCharCode(...png.slice(pos + 4, pos + 8));
    const data = png.slice(pos + 8, pos + 8 + length);
    if (type === 'IHDR') {
      width = view.getUint32(pos + 8);
      height = view.getUint32(pos + 12);
      const depth = png[pos + 16];
      colorType = png[pos + 17] ?? 0;
      if (depth !== 8 || (colorType !== 6 && colorType !== 2) || png[pos + 20] !== 0) throw new Error(`unsupported PNG: depth ${depth}, colour type ${colorType}`);
    } else if (type === 'IDAT') idat.push(data);
    else if (type === 'IEND') break;
    pos += 12 + length;
  }
  const raw = inflateSync(Buffer.concat(idat));
  const bpp = colorType === 6 ? 4 : 3;
  const stride = width * bpp;
  const out = new Uint8Array(width * height * bpp);
  for (let y = 0; y < height; y++) {
    const filter = raw[y * (stride + 1)];
    for (let x = 0; x < stride; x++) {
      const v = raw[y * (stride + 1) + 1 + x] ?? 0;
      const a = x >= bpp ? (out[y * stride + x - bpp] ?? 0) : 0;
      const b = y > 0 ? (out[(y - 1) * stride + x] ?? 0) : 0;
      const c = x >= bpp && y > 0 ? (out[(y - 1) * stride + x - bpp] ?? 0) : 0;
      let p = 0;
      if (filter === 1) p = a;
      else if (filter === 2) p = b;
      else if (filter === 3) p = (a + b) >> 1;
      else if (filter === 4) {
        const pa = Math.abs(b - c);
        const pb = Math.abs(a - c);
        const pc = Math.abs(a + b - 2 * c);
        p = pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
      }
      out[y * stride + x] = (v + p) & 0xff;
    }
  }
  if (bpp === 4) return { width, height, rgba: out };
  const rgba = new Uint8Array(width * height * 4);
  for (let i = 0; i < width * height; i++) rgba.set([out[i * 3] ?? 0, out[i * 3 + 1] ?? 0, out[i * 3 + 2] ?? 0, 255], i * 4);
  return { width, height, rgba };
}

/** The pixels of a rectangle (viewport CSS px, scaled to the image), shrunk by a pixel so anti-aliased edges do not count. */
function pixelsIn(img: Image, r: Rect, scale: number): number[][] {
  const out: number[][] = [];
  const x0 = Math.ceil(r.x * scale) + 1;
  const y0 = Math.ceil(r.y * scale) + 1;
  const x1 = Math.min(img.width, Math.floor((r.x + r.w) * scale) - 1);
  const y1 = Math.min(img.height, Math.floor((r.y + r.h) * scale) - 1);
  for (let y = Math.max(0, y0); y < y1; y++) {
    for (let x = Math.max(0, x0); x < x1; x++) out.push(Array.from(img.rgba.slice((y * img.width + x) * 4, (y * img.width + x) * 4 + 3)));
  }
  return out;
}

const same = (p: number[], rgb: readonly number[]) => p[0] === rgb[0] && p[1] === rgb[1] && p[2] === rgb[2];

// ── Reading what the API gives back ────────────────────────────────────────────────────────────────────────────

/** Text as a person (or a script) could read it back: percent-escapes decoded, `+` as a space. */
function decoded(text: string): string {
  let out = text;
  for (let i = 0; i < 3; i++) {
    const next = out.replace(/(?:%[0-9A-Fa-f]{2})+/g, (run) => {
      try {
        return decodeURIComponent(run);
      } catch {
        return run;
      }
    });
    if (next === out) break;
    out = next;
  }
  return `${out}\n${out.replace(/\+/g, ' ')}`;
}

/** The digit strings of a text: digits joined by spaces, dots, hyphens or `+84` read as one number. */
function digitRuns(text: string): string[] {
  return (decoded(text).match(/(?:\+84[ .-]?)?\d+(?:[ .-]\d+)*/g) ?? []).map((m) => m.replace(/^\+84/, '0').replace(/\D/g, ''));
}

/** The forms of an identifier to look for: all its digits (national and without the leading 0), or the e-mail. */
function needles(identifier: string): { digits: string[]; text: string[] } {
  if (identifier.includes('@')) return { digits: [], text: [identifier.toLowerCase(), identifier.split('@')[0]?.toLowerCase() ?? ''] };
  let d = identifier.replace(/\D/g, '');
  if (identifier.trim().startsWith('+84')) d = `0${d.slice(2)}`;
  return { digits: d.startsWith('0') ? [d, d.slice(1)] : [d], text: [] };
}

function expectNoIdentifiers(where: string, text: string, identifiers: readonly string[], names: readonly string[]): void {
  const runs = digitRuns(text);
  const lower = decoded(text).toLowerCase();
  for (const id of identifiers) {
    const n = needles(id);
    for (const d of n.digits) expect(runs.some((r) => r.includes(d)), `${where}: ${id}`).toBe(false);
    for (const t of n.text) expect(lower.includes(t), `${where}: ${id}`).toBe(false);
  }
  for (const name of names) {
    const at = lower.indexOf(name.toLowerCase());
    expect(at, `${where}: ${name} in …${lower.slice(Math.max(0, at - 120), at + 60)}…`).toBe(-1);
  }
}

describe('no citizen data is stored', () => {
  let browser: Browser;
  let panel: Page;
  let api: Api;
  let demoUrl: string;
  const shots: { findingId: string; seen: Shown }[] = [];
  const findings: string[] = [];

  const item = (code: string) => panel.locator(`[data-item-code="${code}"]`);

  /** Records an observation on the first item of the page, about `dossier` (the one the capture will be from). */
  async function recordFinding(note: string, dossier = ''): Promise<string> {
    const onPage = panel.locator('[data-group="on-page"] [data-item-code]').first();
    await onPage.waitFor({ timeout: 15_000 });
    const id = await recordInPanel(panel, (await onPage.getAttribute('data-item-code')) ?? '', { key: '4', note, dossier });
    findings.push(id);
    return id;
  }

  /**
   * What the page shows of citizens now, and where (viewport rects of what is visible, open shadow roots included),
   * with the overlay's toolbar if it shows. `known`: names (and other values) the test knows are personal.
   */
  async function shown(page: Page, name: string, known: readonly string[] = []): Promise<Shown> {
    const seen = await page.evaluate((knownValues) => {
      const ID_RE = /(?:\+84[ .]?\d{3}[ .]?\d{3}[ .]?\d{3}|(?<![\d.])0\d{3}[ .]?\d{3}[ .]?\d{3}(?![\d])|(?<![\d.])\d{12}(?![\d])|[\w.+-]+@[\w-]+(?:\.[\w-]+)+)/g;
      const vw = window.innerWidth;
      const vh = window.innerHeight;
      const roots: ParentNode[] = [document.body];
      for (let i = 0; i < roots.length; i++) {
        for (const el of Array.from((roots[i] as ParentNode).querySelectorAll('*'))) if (el.shadowRoot) roots.push(el.shadowRoot);
      }
      const textNodes: Text[] = [];
      for (const root of roots) {
        const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
        for (let n = walker.nextNode(); n; n = walker.nextNode()) {
          if (n.parentElement?.closest('onestop-overlay, script, style')) continue;
          textNodes.push(n as Text);
        }
      }
      /** `a` contains `b` across shadow roots. */
      const holds = (a: Node, b: Node): boolean => {
        for (let n: Node | null = b; n; n = n.parentNode ?? (n instanceof ShadowRoot ? n.host : null)) if (n === a) return true;
        return false;
      };
      const opaque = (el: Element) => {
        const m = /rgba?\(([^)]*)\)/.exec(getComputedStyle(el).backgroundColor);
        const parts = (m?.[1] ?? '').split(/[\s,/]+/).filter(Boolean);
        return m !== null && (parts[3] === undefined || Number(parts[3]) === 1);
      };
      type R = { x: number; y: number; w: number; h: number };
      /** `r` minus `hole` (up to four rectangles). */
      const minus = (r: R, hole: DOMRect): R[] => {
        const x0 = Math.max(r.x, hole.left);
        const y0 = Math.max(r.y, hole.top);
        const x1 = Math.min(r.x + r.w, hole.right);
        const y1 = Math.min(r.y + r.h, hole.bottom);
        if (x1 <= x0 || y1 <= y0) return [r];
        return [
          { x: r.x, y: r.y, w: r.w, h: y0 - r.y },
          { x: r.x, y: y1, w: r.w, h: r.y + r.h - y1 },
          { x: r.x, y: y0, w: x0 - r.x, h: y1 - y0 },
          { x: x1, y: y0, w: r.x + r.w - x1, h: y1 - y0 },
        ].filter((p) => p.w > 0 && p.h > 0);
      };
      /** What of a value is in the picture: not under an opaque element painted above it (a dialog, a sticky header). */
      const visibleParts = (r: R, owner: Element): R[] => {
        const above = new Set<Element>();
        for (const [x, y] of [[r.x + r.w / 2, r.y + r.h / 2], [r.x + 1, r.y + 1], [r.x + r.w - 1, r.y + 1], [r.x + 1, r.y + r.h - 1], [r.x + r.w - 1, r.y + r.h - 1]] as const) {
          for (const el of document.elementsFromPoint(x, y)) {
            if (el.closest('onestop-overlay')) continue;
            if (holds(el, owner) || holds(owner, el)) break;
            if (opaque(el)) above.add(el);
          }
        }
        let parts = [r];
        for (const el of above) parts = parts.flatMap((p) => minus(p, el.getBoundingClientRect()));
        return parts;
      };
      const rects: R[] = [];
      const add = (r: DOMRect, owner: Element | null) => {
        if (r.width <= 0 || r.height <= 0 || r.bottom <= 0 || r.right <= 0 || r.top >= vh || r.left >= vw) return;
        const clipped = { x: Math.max(0, r.left), y: Math.max(0, r.top), w: Math.min(vw, r.right) - Math.max(0, r.left), h: Math.min(vh, r.bottom) - Math.max(0, r.top) };
        rects.push(...(owner ? visibleParts(clipped, owner) : [clipped]));
      };
      const addRange = (n: Text, from: number, to: number) => {
        const range = document.createRange();
        range.setStart(n, from);
        range.setEnd(n, to);
        for (const r of Array.from(range.getClientRects())) add(r, n.parentElement);
      };
      const identifiers = new Set<string>();
      for (const n of textNodes) {
        for (const m of (n.textContent ?? '').matchAll(ID_RE)) {
          // Dossier codes (000.00.12.H26-…) and the public hotline are not a citizen's.
          if (/^0\d{2}\.|^024/.test(m[0])) continue;
          identifiers.add(m[0]);
          addRange(n, m.index, m.index + m[0].length);
        }
      }
      for (const root of roots) {
        for (const input of Array.from(root.querySelectorAll('input'))) {
          for (const m of input.value.matchAll(ID_RE)) {
            identifiers.add(m[0]);
            add(input.getBoundingClientRect(), input);
          }
        }
      }
      // Applicants' names: the given ones, the first demo's "Người nộp" column, "Chủ hồ sơ" and "Họ và tên" values.
      const names = new Set<string>(knownValues);
      for (const table of Array.from(document.querySelectorAll('table'))) {
        const column = Array.from(table.querySelectorAll('thead th')).findIndex((th) => th.textContent?.trim() === 'Người nộp');
        if (column < 0 || knownValues.length > 0) continue;
        for (const row of Array.from(table.querySelectorAll('tbody tr'))) {
          const cells = Array.from(row.children);
          // (The empty list's one cell spans every column: it is no applicant.)
          if (cells.length > column) names.add(cells[column]?.textContent?.trim() ?? '');
        }
      }
      for (const label of Array.from(document.querySelectorAll('div, span'))) {
        const t = label.textContent?.trim();
        if ((t === 'Chủ hồ sơ' || t === 'Họ và tên') && label.children.length === 0) names.add(label.nextElementSibling?.textContent?.trim() ?? '');
      }
      for (const value of names) {
        if (value.length < 2) continue;
        for (const n of textNodes) {
          const text = n.textContent ?? '';
          for (let at = text.indexOf(value); at >= 0; at = text.indexOf(value, at + value.length)) addRange(n, at, at + value.length);
        }
      }
      return {
        identifiers: [...identifiers],
        names: [...names].filter((n) => n.length > 1),
        rects,
      };
    }, known);
    // The toolbar is inside the overlay's closed root: read through DevTools, right after the page.
    const toolbar = await overlayBox(page, '.toolbar');
    return { name, ...seen, toolbar: toolbar ? { x: toolbar.x, y: toolbar.y, w: toolbar.width, h: toolbar.height } : null };
  }

  /** Selects `selector`'s contents (in the page or its open dialog), then captures it with a screenshot from the side panel. */
  async function capture(page: Page, findingId: string, name: string, select: string, known: readonly string[] = []): Promise<Shown> {
    await page.bringToFront();
    await page.evaluate((sel) => {
      const el = document.querySelector(sel);
      if (!el) throw new Error(`nothing to select: ${sel}`);
      el.scrollIntoView({ block: 'center' });
      // From the first text inside to the first text after it (ends in text nodes, as a mouse selection has them;
      // the text content of an open shadow root inside is part of the selection).
      const texts = (root: Node) => {
        const out: Text[] = [];
        const w = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
        for (let n = w.nextNode(); n; n = w.nextNode()) if ((n.textContent ?? '').trim()) out.push(n as Text);
        return out;
      };
      const inside = texts(el);
      const after = texts(document.body).find((t) => !el.contains(t) && (el.compareDocumentPosition(t) & Node.DOCUMENT_POSITION_FOLLOWING) !== 0);
      const first = inside[0];
      const last = inside.at(-1);
      if (!first || !last) throw new Error(`no text to select in ${sel}`);
      const range = document.createRange();
      range.setStart(first, 0);
      if (after && Array.from(el.querySelectorAll('*')).some((e) => e.shadowRoot)) range.setEnd(after, 0);
      else range.setEnd(last, last.length);
      document.getSelection()?.removeAllRanges();
      document.getSelection()?.addRange(range);
    }, select);
    // The overlay shows its capture toolbar at the selection: it must not be in the evidence image.
    await overlayWaitFor(page, '.toolbar', { timeout: 10_000 });
    await page.waitForTimeout(300);
    const seen = await shown(page, name, known);
    expect(seen.toolbar, `${name}: the toolbar shows before the capture`).not.toBeNull();
    const toast = panel.locator('[data-testid="toast"]');
    // The capture's own answer is the next toast (its sequence number is higher than the one showing now, if any).
    const seqNow = async () => Number((await toast.count()) > 0 ? ((await toast.getAttribute('data-seq')) ?? 0) : 0);
    const before = await seqNow();
    await panel.locator(`[data-finding-id="${findingId}"] [data-action="capture-selection"]`).click();
    // A capture from another dossier than the finding's asks first (the finding names none here): attach it. The
    // question or the answer, whichever comes: no fixed wait for a question that may not come.
    const confirm = panel.locator('[data-testid="confirm-capture"] [data-confirm="attach"]');
    await expect.poll(async () => (await confirm.count()) > 0 || (await seqNow()) > before, { timeout: 30_000 }).toBe(true);
    if ((await confirm.count()) > 0) await confirm.click();
    await expect.poll(seqNow, { timeout: 30_000 }).toBeGreaterThan(before);
    expect(await toast.textContent(), `${name}: the capture is recorded`).toContain('Đã ghi bằng chứng');
    shots.push({ findingId, seen });
    return seen;
  }

  beforeAll(async () => {
    demoUrl = inject('demoUrl');
    const apiUrl = inject('apiUrl');
    api = await Api.login(apiUrl, INSPECTOR);
    const audit = await seededAuditInProgress(api);
    browser = await launchBrowser({ extensionDir: inject('extensionDir') });
    const extensionId = browser.extensionId ?? '';
    if (process.env.E2E_DEBUG) {
      for (const w of browser.context.serviceWorkers()) w.on('console', (m) => console.log('[sw]', m.text()));
      browser.context.on('serviceworker', (w) => w.on('console', (m) => console.log('[sw]', m.text())));
    }
    panel = await openWorkingPanel(browser.context, extensionId, apiUrl, audit.id);
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
  });

  it('captures on the list, the quick-view dialog and the detail page with identifiers in the URL', async () => {
    const list = (await (await fetch(`${demoUrl}/api/ho-so?size=20`)).json()) as { rows: { code: string }[] };
    const first = list.rows[0]?.code ?? '';
    const d = (await (await fetch(`${demoUrl}/api/ho-so/${encodeURIComponent(first)}`)).json()) as { idNumber: string; phone: string };
    const cccd = d.idNumber;
    const phone = d.phone;
    expect(cccd).toMatch(/^\d{12}$/);

    // 1. The list searched by a CCCD, then by a phone, through the page's own search form (history.pushState).
    const page = await browser.context.newPage();
    await page.goto(`${demoUrl}/ho-so`);
    await page.locator('onestop-overlay').waitFor({ state: 'attached', timeout: 15_000 });
    for (const [i, query] of [cccd, phone].entries()) {
      await page.locator('input[name="q"]').fill(query);
      await page.locator('input[name="q"]').press('Enter');
      await expect.poll(() => decodeURIComponent(page.url()).replace(/\+/g, ' ')).toContain(query);
      await page.bringToFront();
      const id = await recordFinding(`Tra cứu danh sách ${i + 1}`);
      await capture(page, id, `list-search-${i + 1}`, 'h1');
    }

    // 2. The full list behind a hash route that holds both (an SPA's search state): rows with applicants' names.
    await page.goto(`${demoUrl}/ho-so?size=20#/tra-cuu?cccd=${cccd}&sdt=${encodeURIComponent(phone)}`);
    await overlayWaitFor(page, '.chip', { timeout: 15_000 });
    const rowFinding = await recordFinding('Dòng danh sách', list.rows[1]?.code ?? '');
    await capture(page, rowFinding, 'list-row', 'tbody tr:nth-child(2)');

    // 3. The quick-view dialog of the first row (no URL of its own): the applicant's CCCD and phone inside.
    await page.locator('tbody tr:first-child button[data-code]').click();
    await page.locator('[role="dialog"] input[name="soHoSo"]').waitFor({ timeout: 10_000 });
    await expect.poll(() => page.locator('[role="dialog"]').textContent()).toContain(cccd);
    const dialogFinding = await recordFinding('Xem nhanh hồ sơ', first);
    await capture(page, dialogFinding, 'quick-view', '[role="dialog"] .grid');
    await page.keyboard.press('Escape');

    // 4. The detail page, with the CCCD in the query and the phone in the hash: the applicant block, then the receipt.
    await page.goto(`${demoUrl}/ho-so/${encodeURIComponent(first)}?q=${cccd}#sdt=${encodeURIComponent(phone)}`);
    await overlayWaitFor(page, '.chip', { timeout: 15_000 });
    const detailFinding = await recordFinding('Thông tin người nộp', first);
    await capture(page, detailFinding, 'detail-applicant', '#thong-tin-nguoi-nop');
    await capture(page, detailFinding, 'detail-receipt', '#giay-tiep-nhan .receipt');

    // Everything reaches the server, screenshots included.
    await expect.poll(async () => Number(await panel.locator('[data-testid="sync-state"]').getAttribute('data-pending')), { timeout: 60_000 }).toBe(0);
    for (const id of findings) {
      await expect.poll(async () => (await api.get<FindingDetail>(`/findings/${id}`)).evidence.filter((e) => e.blob_key !== null).length, { timeout: 60_000 }).toBeGreaterThan(0);
    }
    await page.close();
  }, 300_000);

  it('captures on the second demo system (staff portal): searches in the hash, a modal without a role, a shadow root, a receipt', async (ctx) => {
    // The portal (demo/portal) is the second demo system; without it this part has nothing to run on.
    const portalUrl = inject('portalUrl') as string | undefined;
    const up = portalUrl ? await fetch(`${portalUrl}/api/v2/health`).then((r) => r.ok, () => false) : false;
    if (!portalUrl || !up) {
      ctx.skip();
      return;
    }
    const dossier = async (id: number) =>
      (await (await fetch(`${portalUrl}/api/v2/ho-so/${id}`)).json()) as { id: number; code: string; note: string | null; applicant: { name: string; cccd: string; phone: string; address: string } };
    // Dossier 6: a phone written "+84 322.657.489", a CCCD in a file name, a phone in the officer's note.
    const d = await dossier(6);
    const known = [d.applicant.name, d.applicant.address];
    const page = await browser.context.newPage();
    await page.goto(`${portalUrl}/can-bo/#/dossiers`);
    await page.locator('main tbody tr').first().waitFor({ timeout: 15_000 });
    await page.locator('onestop-overlay').waitFor({ state: 'attached', timeout: 15_000 });

    // The search box writes what the officer typed into the hash route: a CCCD, then a phone.
    for (const [i, query] of [d.applicant.cccd, d.applicant.phone].entries()) {
      await page.locator('main input[name="q"]').fill(query);
      await page.locator('main form button').click();
      await expect.poll(() => decodeURIComponent(new URL(page.url()).hash).replace(/\D/g, '')).toContain(query.replace(/\D/g, ''));
      await expect.poll(() => page.locator('main tbody tr').first().textContent()).toContain(d.code);
      const id = await recordFinding(`Cổng cán bộ tra cứu ${i + 1}`, d.code);
      // The row holds the name and the phone in one cell.
      await capture(page, id, `portal-search-${i + 1}`, 'main tbody tr', known);
    }

    // The details modal: no role, no URL, "Người nộp: <name> - <phone>" in one text.
    await page.locator('main tbody tr').first().locator('button', { hasText: 'Chi tiết' }).click();
    await page.getByText('Mã đơn:').waitFor();
    const modalFinding = await recordFinding('Cổng cán bộ cửa sổ chi tiết', d.code);
    await capture(page, modalFinding, 'portal-modal', 'div.fixed.inset-0 .grid.grid-cols-2', known);
    await page.keyboard.press('Escape');

    // The detail screen: the applicant's card in an open shadow root; then the printed receipt.
    await page.goto(`${portalUrl}/can-bo/#/dossiers/${d.id}`);
    await page.locator('hs-applicant-card').waitFor();
    await overlayWaitFor(page, '.chip', { timeout: 15_000 });
    const detailFinding = await recordFinding('Cổng cán bộ người nộp', d.code);
    await capture(page, detailFinding, 'portal-detail', 'main section:has(hs-applicant-card)', known);
    await page.locator('main a', { hasText: 'In giấy tiếp nhận' }).click();
    await page.locator('main h2', { hasText: 'Giấy tiếp nhận hồ sơ' }).waitFor();
    await capture(page, detailFinding, 'portal-receipt', 'main .paper', known);

    await expect.poll(async () => Number(await panel.locator('[data-testid="sync-state"]').getAttribute('data-pending')), { timeout: 60_000 }).toBe(0);
    for (const id of [modalFinding, detailFinding]) {
      await expect.poll(async () => (await api.get<FindingDetail>(`/findings/${id}`)).evidence.filter((e) => e.blob_key !== null).length, { timeout: 60_000 }).toBeGreaterThan(0);
    }
    await page.close();
  }, 300_000);

  it('stores and exports no identifier of any citizen shown, and page URLs redacted', async () => {
    const identifiers = [...new Set(shots.flatMap((s) => s.seen.identifiers))];
    const names = [...new Set(shots.flatMap((s) => s.seen.names))];
    // The screens showed citizens: CCCDs, phones and e-mails, and names.
    expect(identifiers.filter((i) => i.includes('@')).length).toBeGreaterThan(0);
    expect(identifiers.filter((i) => /^\d{12}$/.test(i)).length).toBeGreaterThan(0);
    expect(identifiers.filter((i) => /^(?:0|\+84)/.test(i)).length).toBeGreaterThan(0);
    expect(names.length).toBeGreaterThan(10);

    const auditId = (await api.get<{ items: { id: string; code: string }[] }>('/audits?status=in_progress')).items.find((a) => /^KT-ISO-\d{4}-08$/.test(a.code))?.id ?? '';
    const texts: [string, string][] = [];
    for (const id of findings) {
      const res = await fetch(`${api.base}/api/v1/findings/${id}`, { headers: { authorization: `Bearer ${api.token}` } });
      const body = await res.text();
      texts.push([`finding ${id}`, body]);
      const detail = JSON.parse(body) as FindingDetail;
      // Page URLs: the route and its shape stay, the values do not.
      for (const url of [detail.page_url, ...detail.evidence.map((e) => e.page_url)]) {
        if (url === null) continue;
        expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/(?:ho-so|can-bo)/);
        // Every page captured here had a CCCD, a phone or a search in a query (of the URL or of a hash route).
        if (url.includes('?')) expect(url).toContain('***');
      }
    }
    texts.push(['findings list', JSON.stringify(await api.get(`/findings?audit=${auditId}&limit=500`))]);
    for (const file of ['export.csv', 'annotations.jsonld']) {
      const res = await fetch(`${api.base}/api/v1/audits/${auditId}/${file}`, { headers: { authorization: `Bearer ${api.token}` } });
      expect(res.status).toBe(200);
      texts.push([file, await res.text()]);
    }
    for (const [where, text] of texts) expectNoIdentifiers(where, text, identifiers, names);

    // Quotes keep their labels and mask only the values.
    const applicant = (await api.get<FindingDetail>(`/findings/${findings[4]}`)).evidence.map((e) => e.quote ?? '');
    const block = applicant.find((q) => q.startsWith('Thông tin người nộp hồ sơ')) ?? '';
    for (const label of ['Họ và tên', 'Số CCCD/Số định danh cá nhân', 'Điện thoại', 'Email', 'Địa chỉ thường trú']) expect(block).toContain(label);
    expect(block).toContain('•••');
    const receipt = applicant.find((q) => q.includes('Giấy tiếp nhận')) ?? '';
    for (const label of ['Mã hồ sơ:', 'Địa chỉ:', 'Số điện thoại:', 'Email:', 'Nội dung yêu cầu giải quyết:']) expect(receipt).toContain(label);
    const dialog = (await api.get<FindingDetail>(`/findings/${findings[3]}`)).evidence[0]?.quote ?? '';
    for (const label of ['Số CCCD', 'Số điện thoại', 'Chủ hồ sơ']) expect(dialog).toContain(label);
    if (findings.length > 5) {
      // The portal: a label and its value in one text ("Người nộp: <name> - <phone>"), the card in a shadow root.
      const modal = (await api.get<FindingDetail>(`/findings/${findings[7]}`)).evidence[0]?.quote ?? '';
      expect(modal).toContain('Mã đơn: 6');
      expect(modal).toContain('Người nộp: •••');
      const card = (await api.get<FindingDetail>(`/findings/${findings[8]}`)).evidence.map((e) => e.quote ?? '');
      const applicantCard = card.find((q) => q.startsWith('Người nộp hồ sơ')) ?? '';
      for (const label of ['Họ và tên', 'Số CCCD', 'Số điện thoại', 'Địa chỉ thường trú']) expect(applicantCard).toContain(label);
      const receiptQuote = card.find((q) => q.includes('Giấy tiếp nhận')) ?? '';
      for (const label of ['Người nộp hồ sơ', 'Số định danh cá nhân', 'Số điện thoại', 'Địa chỉ', '(Ký, ghi rõ họ tên)']) expect(receiptQuote).toContain(label);
    }
  });

  it('stores screenshots with every identifier painted over and without the overlay', async () => {
    const dir = path.resolve('test-results', 'screenshots');
    mkdirSync(dir, { recursive: true });
    let checked = 0;
    for (const findingId of new Set(shots.map((s) => s.findingId))) {
      // A finding captured twice has two images: each must be fully masked for one of its captures.
      const captures = shots.filter((s) => s.findingId === findingId).map((s) => s.seen);
      const detail = await api.get<FindingDetail>(`/findings/${findingId}`);
      const images = detail.evidence.filter((x) => x.blob_key !== null);
      expect(images.length).toBe(captures.length);
      for (const e of images) {
        const blob = await api.bytes(`/evidence/${e.id}/blob`);
        expect(sha256(blob.bytes)).toBe(e.sha256);
        const img = decodePng(blob.bytes);
        // The demo runs at a device pixel ratio of 1: one CSS pixel, one image pixel.
        const scale = img.width / 1366;
        expect(scale).toBeCloseTo(1, 2);
        const unmasked = (s: Shown) => s.rects.filter((r) => !pixelsIn(img, r, scale).every((p) => same(p, MASK_RGB)));
        const match = captures.find((s) => s.rects.length > 0 && unmasked(s).length === 0);
        writeFileSync(path.join(dir, `no-citizen-data-${match?.name ?? captures[0]?.name ?? 'unmatched'}${match ? '' : '-FAILED'}.png`), blob.bytes);
        expect(match, `${captures.map((c) => `${c.name}: unmasked ${JSON.stringify(unmasked(c))}`).join('; ')}`).toBeDefined();
        if (!match) continue;
        expect(match.toolbar).not.toBeNull();
        const area = pixelsIn(img, match.toolbar ?? { x: 0, y: 0, w: 0, h: 0 }, scale);
        const toolbarPixels = area.filter((p) => same(p, TOOLBAR_RGB)).length;
        expect(toolbarPixels / Math.max(1, area.length), `${match.name}: the toolbar is not in the image`).toBeLessThan(0.05);
        checked += 1;
      }
    }
    expect(checked).toBe(shots.length);
  });
});
