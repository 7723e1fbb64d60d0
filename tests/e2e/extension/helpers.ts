// Helpers for the extension's end-to-end tests: a small API client, a switchable proxy in front of the API (to take
// the extension offline without touching the browser), the side panel opened as a tab, and the service worker kill.
import { createHash } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import type { BrowserContext, Page } from 'playwright-core';

export const PASSWORD = 'ThuNghiem#2026';
export const INSPECTOR = 'kiemtra@demo.onestop.vn';
export const ADMIN = 'admin@demo.onestop.vn';

export const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');

export class Api {
  constructor(
    readonly base: string,
    readonly token: string,
  ) {}

  static async login(base: string, email: string): Promise<Api> {
    const res = await fetch(`${base}/api/v1/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email, password: PASSWORD, session: 'bearer' }),
    });
    if (!res.ok) throw new Error(`login ${email}: ${res.status} ${await res.text()}`);
    const body = (await res.json()) as { token: string };
    return new Api(base, body.token);
  }

  async get<T>(path: string): Promise<T> {
    const res = await fetch(`${this.base}/api/v1${path}`, { headers: { authorization: `Bearer ${this.token}` } });
    if (!res.ok) throw new Error(`GET ${path}: ${res.status} ${await res.text()}`);
    return (await res.json()) as T;
  }

  async bytes(path: string): Promise<{ bytes: Uint8Array; headers: Headers }> {
    const res = await fetch(`${this.base}/api/v1${path}`, { headers: { authorization: `Bearer ${this.token}` } });
    if (!res.ok) throw new Error(`GET ${path}: ${res.status}`);
    return { bytes: new Uint8Array(await res.arrayBuffer()), headers: res.headers };
  }

  async put<T>(path: string, body: unknown): Promise<T> {
    const res = await fetch(`${this.base}/api/v1${path}`, {
      method: 'PUT',
      headers: { authorization: `Bearer ${this.token}`, 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    if (!res.ok) throw new Error(`PUT ${path}: ${res.status} ${await res.text()}`);
    return (await res.json()) as T;
  }
}

/** A TCP-level proxy in front of the API that can refuse every connection (the API "goes offline"). */
export async function startProxy(target: string): Promise<{ url: string; setBlocked(blocked: boolean): void; close(): Promise<void> }> {
  const upstream = new URL(target);
  let blocked = false;
  const sockets = new Set<Socket>();
  const server = http.createServer((req, res) => {
    if (blocked) {
      req.socket.destroy();
      return;
    }
    const forward = http.request(
      { host: upstream.hostname, port: upstream.port, method: req.method, path: req.url, headers: { ...req.headers, host: upstream.host } },
      (up) => {
        res.writeHead(up.statusCode ?? 502, up.headers);
        up.pipe(res);
      },
    );
    forward.on('error', () => res.destroy());
    req.pipe(forward);
  });
  server.on('connection', (s) => {
    if (blocked) {
      s.destroy();
      return;
    }
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    setBlocked(b) {
      blocked = b;
      // Kept-alive connections would let requests through.
      if (b) for (const s of sockets) s.destroy();
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}

interface ProfileRecord {
  id: string;
  version: number;
  active: boolean;
  profile: { match: string[]; pages: { id: string; url?: string }[] } & Record<string, unknown>;
}

/**
 * The e2e demo site runs on its own port; a profile whose page URL patterns name another port (npm start's 8788)
 * would never recognise a page. Such patterns are rewritten to path-only ones (the profile's `match` already picks
 * the host). Returns what was changed, for the test log.
 */
export async function ensureProfileCoversDemo(apiUrl: string, demoUrl: string): Promise<string[]> {
  const admin = await Api.login(apiUrl, ADMIN);
  const { items } = await admin.get<{ items: ProfileRecord[] }>('/site-profiles');
  const changed: string[] = [];
  const demo = new URL(demoUrl);
  for (const record of items) {
    let touched = false;
    const pages = record.profile.pages.map((p) => {
      if (!p.url) return p;
      const m = /^(\*|https?):\/\/([^/]+)(\/.*)$/.exec(p.url);
      if (!m || m[2] === demo.host || !m[2]?.startsWith(demo.hostname)) return p;
      touched = true;
      changed.push(`${p.id}: ${p.url} → ${m[3]}`);
      return { ...p, url: m[3] };
    });
    if (touched) await admin.put(`/site-profiles/${record.id}`, { version: record.version, profile: { ...record.profile, pages }, active: record.active });
  }
  return changed;
}

export async function openExtensionPage(context: BrowserContext, extensionId: string, path: string): Promise<Page> {
  const page = await context.newPage();
  await page.goto(`chrome-extension://${extensionId}/${path}`);
  return page;
}

export async function setApiBase(context: BrowserContext, extensionId: string, apiBase: string): Promise<void> {
  // The options page needs the service worker twice (the current server, then the change); a worker the browser is
  // still starting or has just stopped may not answer: the page then says so, and the inspector (this helper) tries
  // again, at most three times, saying what it saw each time.
  const seen: string[] = [];
  for (let attempt = 1; attempt <= 3; attempt++) {
    const options = await openExtensionPage(context, extensionId, 'options.html');
    try {
      await options.locator('#api-base').fill(apiBase);
      const submit = options.locator('button[type="submit"]');
      const status = options.locator('[data-testid="options-status"]');
      const confirm = options.locator('[data-action="confirm-server-change"]');
      const deadline = Date.now() + 20_000;
      let clicked = false;
      while (Date.now() < deadline) {
        if ((await status.count()) > 0 && (await status.getAttribute('data-ok')) === 'true') return;
        if ((await status.count()) > 0 && (await status.getAttribute('data-ok')) === 'false') break;
        if ((await confirm.count()) > 0 && (await confirm.isEnabled())) await confirm.click();
        else if (!clicked && (await submit.isEnabled())) {
          await submit.click();
          clicked = true;
        }
        await options.waitForTimeout(100);
      }
      seen.push(
        `attempt ${attempt}: clicked ${clicked}, save enabled ${await submit.isEnabled()}, confirm shown ${(await confirm.count()) > 0}, ` +
          `status "${(await status.count()) > 0 ? await status.textContent() : ''}", value "${await options.locator('#api-base').inputValue()}"`,
      );
      console.error(`[options] ${seen.at(-1)}`);
    } finally {
      await options.close();
    }
  }
  throw new Error(`the options page did not save the API base:\n${seen.join('\n')}`);
}

export async function signIn(panel: Page, email: string): Promise<void> {
  await panel.locator('input[name="email"]').fill(email);
  await panel.locator('input[name="password"]').fill(PASSWORD);
  await panel.locator('form.login button[type="submit"]').click();
  await panel.locator('[data-testid="sync-state"]').waitFor({ timeout: 20_000 });
}

/** Terminates the extension's service worker through CDP (the next message or alarm starts it again). */
export async function killServiceWorker(page: Page, extensionId: string): Promise<boolean> {
  const cdp = await page.context().newCDPSession(page);
  try {
    const { targetInfos } = (await cdp.send('Target.getTargets')) as { targetInfos: { targetId: string; type: string; url: string }[] };
    const worker = targetInfos.find((t) => t.type === 'service_worker' && t.url.startsWith(`chrome-extension://${extensionId}/`));
    if (!worker) return false;
    await cdp.send('Target.closeTarget', { targetId: worker.targetId });
    return true;
  } finally {
    await cdp.detach().catch(() => undefined);
  }
}

/** The item codes the side panel lists under "Trên trang này" (the items bound on the page being looked at), sorted. */
export async function onPageItemCodes(panel: Page): Promise<string[]> {
  const codes = await panel.locator('[data-group="on-page"] [data-item-code]').evaluateAll((els) => els.map((e) => e.getAttribute('data-item-code') ?? ''));
  return codes.sort();
}

/**
 * Records a finding from the side panel as an inspector does: opens the item, sets the dossier code (when given),
 * unticks the automatic screenshot (when `screenshot: false`), writes the note, leaves it with Esc and presses the
 * result's key. Returns the new finding's id once the item lists it.
 */
export async function recordInPanel(
  panel: Page,
  code: string,
  opts: { key: string; note: string; dossier?: string; screenshot?: boolean },
): Promise<string> {
  const item = panel.locator(`[data-item-code="${code}"]`);
  const head = item.locator('.item-head');
  if ((await head.getAttribute('aria-expanded')) !== 'true') await head.click();
  if (opts.dossier !== undefined) await item.locator('input[name="dossier"]').fill(opts.dossier);
  if (opts.screenshot === false) await item.locator('label.check input[type="checkbox"]').uncheck();
  const textarea = item.locator('textarea[name="note"]');
  await textarea.fill(opts.note);
  await textarea.press('Escape');
  const findings = item.locator('[data-testid="finding"]');
  const before = await findings.count();
  await panel.keyboard.press(opts.key);
  const deadline = Date.now() + 15_000;
  while ((await findings.count()) !== before + 1) {
    if (Date.now() > deadline) throw new Error(`item ${code}: the finding "${opts.note.slice(0, 40)}" was not listed`);
    await new Promise((r) => setTimeout(r, 50));
  }
  const id = await findings.filter({ hasText: opts.note.slice(0, 20) }).first().getAttribute('data-finding-id');
  if (!id) throw new Error(`item ${code}: no finding id`);
  return id;
}

/** The seeded audit in progress (`KT-ISO-yyyy-08`) the demo inspector works on. */
export async function seededAuditInProgress(api: Api): Promise<{ id: string; code: string }> {
  const audits = await api.get<{ items: { id: string; code: string }[] }>('/audits?status=in_progress');
  const audit = audits.items.find((a) => /^KT-ISO-\d{4}-08$/.test(a.code));
  if (!audit) throw new Error(`seeded in-progress audit missing: ${audits.items.map((a) => a.code).join(', ')}`);
  return audit;
}

/**
 * The side panel opened as a tab at its own width, pointed at `apiBase`, signed in as `email` and working on
 * `auditId`: returns once the audit's items are listed. Errors of the panel's page go to the test log.
 */
export async function openWorkingPanel(context: BrowserContext, extensionId: string, apiBase: string, auditId: string, email = INSPECTOR): Promise<Page> {
  await setApiBase(context, extensionId, apiBase);
  const panel = await openExtensionPage(context, extensionId, 'sidepanel.html');
  await panel.setViewportSize({ width: 420, height: 900 });
  panel.on('pageerror', (e) => console.error('[side panel]', e.stack));
  await signIn(panel, email);
  const select = panel.locator('select[name="audit"]');
  await select.waitFor();
  await select.selectOption(auditId);
  await panel.locator('[data-item-code]').first().waitFor({ timeout: 20_000 });
  return panel;
}
