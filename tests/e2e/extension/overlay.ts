// The overlay's shadow root is closed (issue 13): neither the page nor Playwright's selectors can reach into it. The
// tests look inside the way DevTools does: through the Chrome DevTools Protocol, which sees closed shadow roots
// (`DOM.describeNode` with `pierce`), hands the root to a function run in the page's main world, and clicks with
// trusted input events at the place the overlay drew the element (`page.mouse`), as an inspector's hand would.
import type { CDPSession, Page } from 'playwright-core';

const sessions = new WeakMap<Page, Promise<CDPSession>>();

function cdp(page: Page): Promise<CDPSession> {
  let s = sessions.get(page);
  if (!s) {
    s = page.context().newCDPSession(page);
    sessions.set(page, s);
  }
  return s;
}

interface RemoteObject {
  objectId?: string;
  value?: unknown;
  subtype?: string;
}

/** The object id of the overlay's shadow root in the page's main world, or null when there is no overlay yet. */
async function rootObject(session: CDPSession): Promise<string | null> {
  const host = (await session.send('Runtime.evaluate', { expression: "document.querySelector('onestop-overlay')" })) as { result: RemoteObject };
  if (!host.result.objectId) return null;
  try {
    const { node } = (await session.send('DOM.describeNode', { objectId: host.result.objectId, depth: 1, pierce: true })) as {
      node: { shadowRoots?: { backendNodeId: number; shadowRootType?: string }[] };
    };
    const root = node.shadowRoots?.[0];
    if (!root) return null;
    const resolved = (await session.send('DOM.resolveNode', { backendNodeId: root.backendNodeId })) as { object: RemoteObject };
    return resolved.object.objectId ?? null;
  } finally {
    await session.send('Runtime.releaseObject', { objectId: host.result.objectId }).catch(() => undefined);
  }
}

/**
 * Runs `fn` with the overlay's (closed) shadow root in the page's main world and answers its JSON-able result, or
 * `fallback` when the page has no overlay. `fn` is serialised: it may use only its arguments.
 */
export async function inOverlay<R, A = undefined>(page: Page, fn: (root: ShadowRoot, arg: A) => R | Promise<R>, arg?: A, fallback: R | null = null): Promise<R | null> {
  return callInOverlay<R>(page, fn.toString(), arg ?? null, fallback);
}

/** `inOverlay` with the function given as source text (to compose serialised functions). */
async function callInOverlay<R>(page: Page, source: string, arg: unknown, fallback: R | null): Promise<R | null> {
  const session = await cdp(page);
  const objectId = await rootObject(session);
  if (!objectId) return fallback;
  try {
    const res = (await session.send('Runtime.callFunctionOn', {
      objectId,
      functionDeclaration: `function (arg) { return (${source})(this, arg); }`,
      arguments: [{ value: arg }],
      returnByValue: true,
      awaitPromise: true,
    })) as { result: RemoteObject; exceptionDetails?: { text: string; exception?: { description?: string } } };
    if (res.exceptionDetails) throw new Error(`inOverlay: ${res.exceptionDetails.exception?.description ?? res.exceptionDetails.text}`);
    return res.result.value as R;
  } finally {
    await session.send('Runtime.releaseObject', { objectId }).catch(() => undefined);
  }
}

/** The shadow root's type as the browser reports it ('closed' since issue 13), or null without an overlay. */
export async function overlayRootType(page: Page): Promise<string | null> {
  const session = await cdp(page);
  const host = (await session.send('Runtime.evaluate', { expression: "document.querySelector('onestop-overlay')" })) as { result: RemoteObject };
  if (!host.result.objectId) return null;
  try {
    const { node } = (await session.send('DOM.describeNode', { objectId: host.result.objectId, depth: 1, pierce: true })) as {
      node: { shadowRoots?: { shadowRootType?: string }[] };
    };
    return node.shadowRoots?.[0]?.shadowRootType ?? null;
  } finally {
    await session.send('Runtime.releaseObject', { objectId: host.result.objectId }).catch(() => undefined);
  }
}

export interface Match {
  /** Only elements whose text contains this. */
  hasText?: string;
  /** Which of the matches (0: the first). */
  nth?: number;
}

/** How many elements of the overlay match a CSS selector (and text). */
export async function overlayCount(page: Page, selector: string, match: Match = {}): Promise<number> {
  return (
    (await inOverlay(
      page,
      (root, a) => Array.from(root.querySelectorAll(a.selector)).filter((e) => a.hasText === null || (e.textContent ?? '').includes(a.hasText)).length,
      { selector, hasText: match.hasText ?? null },
    )) ?? 0
  );
}

/** The text of each matching element. */
export async function overlayTexts(page: Page, selector: string, match: Match = {}): Promise<string[]> {
  return (
    (await inOverlay(
      page,
      (root, a) => Array.from(root.querySelectorAll(a.selector), (e) => e.textContent ?? '').filter((t) => a.hasText === null || t.includes(a.hasText)),
      { selector, hasText: match.hasText ?? null },
    )) ?? []
  );
}

/** The text of the first (or `nth`) matching element, or null. */
export async function overlayText(page: Page, selector: string, match: Match = {}): Promise<string | null> {
  return (await overlayTexts(page, selector, match))[match.nth ?? 0] ?? null;
}

/** An attribute of the first (or `nth`) matching element (null when absent). */
export async function overlayAttribute(page: Page, selector: string, name: string, match: Match = {}): Promise<string | null> {
  return inOverlay(
    page,
    (root, a) => {
      const els = Array.from(root.querySelectorAll(a.selector)).filter((e) => a.hasText === null || (e.textContent ?? '').includes(a.hasText));
      return els[a.nth]?.getAttribute(a.name) ?? null;
    },
    { selector, name, hasText: match.hasText ?? null, nth: match.nth ?? 0 },
  );
}

/**
 * A look that may meet a page between two documents (a navigation destroys the objects DevTools handed out): such an
 * error counts as "not there yet" while waiting.
 */
async function settled<T>(look: () => Promise<T>, otherwise: T): Promise<{ value: T; error: unknown }> {
  try {
    return { value: await look(), error: null };
  } catch (error) {
    if (error instanceof Error && error.message.startsWith('inOverlay:')) throw error;
    return { value: otherwise, error };
  }
}

/** Waits until the overlay has an element matching `selector` (and text); throws with what it saw after `timeout`. */
export async function overlayWaitFor(page: Page, selector: string, opts: Match & { timeout?: number } = {}): Promise<void> {
  const until = Date.now() + (opts.timeout ?? 15_000);
  for (;;) {
    const { value: count, error } = await settled(() => overlayCount(page, selector, opts), 0);
    if (count > (opts.nth ?? 0)) return;
    if (Date.now() > until) throw new Error(`overlay: no ${selector}${opts.hasText ? ` with "${opts.hasText}"` : ''} within ${opts.timeout ?? 15_000} ms${error ? ` (${String(error)})` : ''}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** The viewport box of the first (or `nth`) matching element that is drawn (has a size), or null. */
export async function overlayBox(page: Page, selector: string, match: Match = {}): Promise<{ x: number; y: number; width: number; height: number } | null> {
  return inOverlay(
    page,
    (root, a) => {
      const els = Array.from(root.querySelectorAll(a.selector)).filter((e) => a.hasText === null || (e.textContent ?? '').includes(a.hasText));
      const drawn = els.map((e) => e.getBoundingClientRect()).filter((r) => r.width > 0 && r.height > 0);
      const r = drawn[a.nth];
      return r ? { x: r.left, y: r.top, width: r.width, height: r.height } : null;
    },
    { selector, hasText: match.hasText ?? null, nth: match.nth ?? 0 },
  );
}

/**
 * Clicks a matching overlay element with a trusted mouse event, at the middle of its part inside the viewport, once
 * it is drawn there and that point is its own (nothing else of the overlay over it). Waits for it; scrolls nothing:
 * the overlay draws only what is near the viewport. `nth` counts the elements that can be clicked so.
 */
export async function overlayClick(page: Page, selector: string, opts: Match & { timeout?: number } = {}): Promise<void> {
  const until = Date.now() + (opts.timeout ?? 10_000);
  const look = () =>
    inOverlay(
      page,
      (root, a) => {
        const els = Array.from(root.querySelectorAll(a.selector)).filter((e) => a.hasText === null || (e.textContent ?? '').includes(a.hasText));
        const points = els.flatMap((e) => {
          const r = e.getBoundingClientRect();
          const left = Math.max(0, r.left);
          const right = Math.min(innerWidth, r.right);
          const top = Math.max(0, r.top);
          const bottom = Math.min(innerHeight, r.bottom);
          if (right - left < 1 || bottom - top < 1) return [];
          const x = (left + right) / 2;
          const y = (top + bottom) / 2;
          const hit = root.elementFromPoint(x, y);
          return hit && (hit === e || e.contains(hit)) ? [{ x, y }] : [];
        });
        return points[a.nth] ?? null;
      },
      { selector, hasText: opts.hasText ?? null, nth: opts.nth ?? 0 },
    );
  for (;;) {
    const { value: at, error } = await settled(look, null);
    if (at) {
      await page.mouse.click(at.x, at.y);
      return;
    }
    if (Date.now() > until) throw new Error(`overlay: nothing to click at ${selector}${opts.hasText ? ` with "${opts.hasText}"` : ''} in the viewport${error ? ` (${String(error)})` : ''}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** An attribute of the overlay's own status element (timings the tests read; the page cannot). */
export function overlayStatus(page: Page, name: string): Promise<string | null> {
  return inOverlay(page, (root, n) => root.querySelector('[data-overlay-status]')?.getAttribute(n) ?? null, name);
}

// ── Evidence marks ──────────────────────────────────────────────────────────────────────────────────────────────

export interface MarkedRun<W> {
  /** Page text under the marks, as the page holds it (whitespace uncollapsed), in document order. */
  text: string;
  /** What `where` answered for the element holding the run's first character (null without `where`). */
  where: W | null;
  /**
   * Whether the page shows that text at the run's first character (the topmost page element there holds it): false
   * when something of the page covers it (a dialog, a sticky header) or a scroll box clips it, so the mark is drawn
   * over something else. Null when that character is outside the viewport.
   */
  shown: boolean | null;
}

export interface Marked<W> {
  /** `.evidence-mark` boxes drawn (with a size). */
  marks: number;
  /** Runs of marked text: characters whose glyph box has its centre inside a mark, without a visible unmarked one between. */
  runs: MarkedRun<W>[];
  /** Marks over no character of the page (viewport boxes). */
  stray: { x: number; y: number; width: number; height: number }[];
}

/**
 * Page side of `evidenceMarked`: walks the page's text in flattened-tree order (open shadow roots and their slots
 * included, the overlay's host left out) and reads, character by character, which glyphs lie under the overlay's
 * `.evidence-mark` boxes. Only text nodes whose box meets a mark are read character by character.
 */
function markedText(root: ShadowRoot, arg: unknown, where: ((el: Element, arg: unknown) => unknown) | null): Marked<unknown> {
  const host = root.host;
  const marks = Array.from(root.querySelectorAll('.evidence-mark'), (m) => m.getBoundingClientRect()).filter((r) => r.width > 0 && r.height > 0);
  const hit = new Set<number>();
  const runs: MarkedRun<unknown>[] = [];
  let cur: MarkedRun<unknown> | null = null;
  const close = () => {
    if (cur) runs.push(cur);
    cur = null;
  };
  const range = document.createRange();
  const meets = (r: DOMRect) => marks.some((m) => r.left < m.right && m.left < r.right && r.top < m.bottom && m.top < r.bottom);
  /** The marks whose box holds a point (marks of two ranges, or of a range and an element it holds whole, overlap). */
  const marksAt = (x: number, y: number) => marks.flatMap((m, i) => (x >= m.left - 0.5 && x <= m.right + 0.5 && y >= m.top - 0.5 && y <= m.bottom + 0.5 ? [i] : []));
  const ownerOf = (n: Node): Element | null => n.parentElement ?? ((n.parentNode as ShadowRoot | null)?.host ?? null);
  const shows = (el: Element, x: number, y: number): boolean | null => {
    if (x < 0 || y < 0 || x > innerWidth || y > innerHeight) return null;
    const top = document.elementsFromPoint(x, y).find((e) => e !== host);
    if (!top) return false;
    for (let n: Node | null = el; n; n = n.parentNode ?? (n as ShadowRoot).host ?? null) if (n === top) return true;
    return false;
  };
  const readText = (node: Text) => {
    const data = node.data;
    if (!data) return;
    range.selectNodeContents(node);
    const box = range.getBoundingClientRect();
    if (box.width === 0 && box.height === 0) {
      // Not rendered (collapsed whitespace, hidden text): whitespace stays inside a run, other text is skipped.
      if (cur && !/\S/.test(data)) cur.text += data;
      return;
    }
    if (!meets(box)) {
      if (/\S/.test(data)) close();
      else if (cur) cur.text += data;
      return;
    }
    for (let i = 0; i < data.length; i++) {
      const ch = data.charAt(i);
      range.setStart(node, i);
      range.setEnd(node, i + 1);
      let glyph: DOMRect | null = null;
      for (const r of Array.from(range.getClientRects())) if (r.width > 0 && r.height > 0 && (!glyph || r.width > glyph.width)) glyph = r;
      if (!glyph) {
        if (cur && /\s/.test(ch)) cur.text += ch;
        continue;
      }
      const x = (glyph.left + glyph.right) / 2;
      const y = (glyph.top + glyph.bottom) / 2;
      const under = marksAt(x, y);
      if (under.length === 0) {
        close();
        continue;
      }
      for (const k of under) hit.add(k);
      if (!cur) {
        const el = ownerOf(node);
        cur = { text: '', where: where && el ? where(el, arg) : null, shown: el ? shows(el, x, y) : null };
      }
      cur.text += ch;
    }
  };
  const walk = (node: Node): void => {
    if (node === host) return;
    if (node.nodeType === Node.TEXT_NODE) return readText(node as Text);
    if (node.nodeType === Node.ELEMENT_NODE) {
      const el = node as Element;
      if (['script', 'style', 'noscript', 'template'].includes(el.localName)) return;
      if (el.localName === 'slot') {
        const assigned = (el as HTMLSlotElement).assignedNodes();
        if (assigned.length > 0) {
          for (const n of assigned) walk(n);
          return;
        }
      }
      if (el.shadowRoot) {
        for (const n of Array.from(el.shadowRoot.childNodes)) walk(n);
        return;
      }
    }
    for (const n of Array.from(node.childNodes)) walk(n);
  };
  walk(document.body ?? document.documentElement);
  close();
  return { marks: marks.length, runs, stray: marks.filter((_, i) => !hit.has(i)).map((r) => ({ x: r.left, y: r.top, width: r.width, height: r.height })) };
}

/**
 * Which page text the overlay's evidence marks lie over, read in the page (what a person sees highlighted): each
 * run of marked text with, optionally, what `where(element, arg)` says of the element holding its start (serialised
 * and run in the page: it may use only its arguments), and whether the page shows that text there. Marks are drawn
 * only near the viewport: scroll what should be marked into view first. Null without an overlay.
 */
export async function evidenceMarked<W = null, A = undefined>(page: Page, where?: (el: Element, arg: A) => W, arg?: A): Promise<Marked<W>> {
  const source = `(root, arg) => (${markedText.toString()})(root, arg, ${where ? where.toString() : 'null'})`;
  return (await callInOverlay<Marked<W>>(page, source, arg ?? null, null)) ?? { marks: 0, runs: [], stray: [] };
}
