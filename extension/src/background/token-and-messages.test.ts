// Issue 13, the token and the messages: the session moves out of `storage.local` (which content scripts read) into
// the background's IndexedDB, the token goes only to the https (or loopback) base it was issued by, a change of
// server signs out (revoking the token) and forgets the old server's data, an account that must change its password
// gets the dashboard's page, and the overlay's messages are heard only from a profiled tab, for the capture target.
import type { SiteProfile } from '@onestop/shared';
import { describe, expect, it, vi } from 'vitest';
import type { Browser } from 'wxt/browser';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import type { PageCapture, Session } from '../model.ts';
import { legacyApiBaseItem, legacySessionItem, overlayStateItem, pageTabItem, profileCacheItem, pullCursorsItem, scopeItem } from '../storage.ts';
import { FakeApi } from '../testing/fake-api.ts';
import { fixtureProfile } from '../testing/fixtures.ts';
import { readAuth, readCache, writeCache } from './db.ts';
import { createBackground } from './service.ts';

const AUDIT = '01890000-0000-7000-8000-0000000000a1';
const UNIT = '01890000-0000-7000-8000-0000000000b1';
const ITEM = '01890000-0000-7000-8000-0000000000c1';
const user = { id: '01890000-0000-7000-8000-000000000001', email: 'kiemtra@demo.onestop.vn', display_name: 'Kiểm Tra', role: 'inspector' as const, unit_name: null };
const session = (base: string, token = 'token-token-token-token'): Session => ({ token, user, expires_at: '2099-01-01T00:00:00Z', api_base: base });
const panel = { id: 'test-extension-id', url: 'chrome-extension://test-extension-id/sidepanel.html' } as Browser.runtime.MessageSender;
let dbCounter = 0;

/** FakeApi plus sign-in and sign-out, recording every request with the token it carried. */
type AuthApi = FakeApi & { sent: { url: string; method: string; token: string | null }[]; mustChange: boolean; revoked: string[] };

function authApi(): AuthApi {
  const api = Object.assign(new FakeApi(), { sent: [], mustChange: false, revoked: [] }) as AuthApi;
  const sync = api.fetch;
  api.fetch = async (input: RequestInfo | URL, init?: RequestInit): Promise<Response> => {
    const url = String(input);
    const method = init?.method ?? 'GET';
    const auth = new Headers(init?.headers).get('authorization');
    const token = auth?.replace(/^Bearer /, '') ?? null;
    api.sent.push({ url, method, token });
    const path = new URL(url).pathname.replace(/^\/api\/v1/, '');
    if (method === 'POST' && path === '/auth/login') {
      return Response.json({ user: { ...user, must_change_password: api.mustChange }, expires_at: '2099-01-01T00:00:00Z', token: 'fresh-token-fresh-token' });
    }
    if (method === 'POST' && path === '/auth/logout') {
      if (token) api.revoked.push(token);
      return new Response(null, { status: 204 });
    }
    if (method === 'GET' && path.startsWith('/audits') && api.mustChange) {
      return Response.json({ type: 'urn:onestop:problem:password-change-required', title: 'Forbidden', status: 403, code: 'password_change_required', detail: 'Change the password' }, { status: 403 });
    }
    return sync(input, init);
  };
  return api;
}

async function start(api = authApi()) {
  const bg = createBackground({ dbName: `token-test-${++dbCounter}`, fetch: api.fetch });
  await bg.authDb;
  return bg;
}

describe('the session moves out of storage.local (migration)', () => {
  it('moves the API base and the session into IndexedDB and deletes them from storage.local', async () => {
    await legacyApiBaseItem.setValue('https://onestop.example.vn/');
    await legacySessionItem.setValue(session('https://onestop.example.vn'));
    const bg = await start();
    const db = await bg.db;
    expect(await readAuth(db, 'apiBase')).toBe('https://onestop.example.vn');
    expect(await readAuth<Session>(db, 'session')).toMatchObject({ token: 'token-token-token-token', api_base: 'https://onestop.example.vn' });
    // Nothing a content script could read is left: no token anywhere in storage.local (nor its version keys).
    const local = await fakeBrowser.storage.local.get(null);
    expect(JSON.stringify(local)).not.toContain('token-token');
    expect(Object.keys(local).filter((k) => k.startsWith('session') || k.startsWith('apiBase'))).toEqual([]);
    expect((await bg.handlers.getSession({}, panel)).user).toMatchObject({ email: user.email });
    expect(JSON.stringify(await bg.handlers.getSession({}, panel))).not.toContain('token-token');
  });

  it('keeps the default server’s session when no base was ever set', async () => {
    await legacySessionItem.setValue(session('http://127.0.0.1:8787'));
    const bg = await start();
    expect((await bg.getSession())?.token).toBe('token-token-token-token');
    expect(await bg.getApiBase()).toBe('http://127.0.0.1:8787');
  });

  it('drops a stored plain-http base off this computer, and the session made there', async () => {
    await legacyApiBaseItem.setValue('http://onestop.intranet');
    await legacySessionItem.setValue(session('http://onestop.intranet'));
    const bg = await start();
    expect(await bg.getApiBase()).toBe('http://127.0.0.1:8787');
    expect(await bg.getSession()).toBeNull();
    expect(await legacySessionItem.getValue()).toBeNull();
  });

  it('ignores (and removes) values planted in storage.local after the move', async () => {
    await legacyApiBaseItem.setValue('https://onestop.example.vn');
    await legacySessionItem.setValue(session('https://onestop.example.vn'));
    const first = await start();
    const name = `token-test-${dbCounter}`;
    (await first.db).close();
    // A content script writes the old keys: another server and another token.
    await legacyApiBaseItem.setValue('https://evil.example');
    await legacySessionItem.setValue(session('https://evil.example', 'planted-planted-planted'));
    const api = authApi();
    const second = createBackground({ dbName: name, fetch: api.fetch });
    await second.authDb;
    expect(await second.getApiBase()).toBe('https://onestop.example.vn');
    expect((await second.getSession())?.token).toBe('token-token-token-token');
    expect(await legacyApiBaseItem.getValue()).toBeNull();
    expect(await legacySessionItem.getValue()).toBeNull();
  });
});

describe('the token goes only to its own https base', () => {
  it('sends the token to the base it was issued by, and nothing to a base that breaks the rule', async () => {
    const api = authApi();
    await legacyApiBaseItem.setValue('https://onestop.example.vn');
    await legacySessionItem.setValue(session('https://onestop.example.vn'));
    const bg = await start(api);
    await bg.handlers.listAudits({}, panel);
    expect(api.sent.filter((r) => r.url.startsWith('https://onestop.example.vn/api/v1/audits')).every((r) => r.token === 'token-token-token-token')).toBe(true);
    // The stored base is changed behind the background's back (in its own database): the token does not follow.
    const db = await bg.db;
    await db.put('auth', { key: 'apiBase', value: 'https://elsewhere.example' });
    api.sent = [];
    await bg.handlers.listAudits({}, panel);
    expect(api.sent.length).toBeGreaterThan(0);
    expect(api.sent.every((r) => r.token === null)).toBe(true);
    // And a base that breaks the rule gets no request at all.
    await db.put('auth', { key: 'apiBase', value: 'http://evil.example' });
    await db.put('auth', { key: 'session', value: session('http://evil.example') });
    api.sent = [];
    await bg.handlers.listAudits({}, panel);
    expect(api.sent).toEqual([]);
  });

  it('refuses an API base that is not https (or loopback) from the options page', async () => {
    const bg = await start();
    for (const bad of ['http://evil.example', 'http://10.0.0.1:8787', 'javascript:alert(1)', 'https://u:p@onestop.example.vn']) {
      await expect(bg.handlers.setApiBase({ apiBase: bad }, panel), bad).rejects.toMatchObject({ code: 'invalid_api_base' });
    }
    expect(await bg.getApiBase()).toBe('http://127.0.0.1:8787');
    await expect(bg.handlers.setApiBase({ apiBase: 'http://localhost:9000/' }, panel)).resolves.toEqual({ apiBase: 'http://localhost:9000', changed: true, signedOut: false });
  });
});

describe('changing the server', () => {
  it('signs out (revoking the token on the old server), forgets the old server and keeps unsent changes as refused', async () => {
    const api = authApi();
    api.offline = true;
    await legacyApiBaseItem.setValue('https://old.example.vn');
    await legacySessionItem.setValue(session('https://old.example.vn'));
    await scopeItem.setValue({ auditId: AUDIT, unitId: UNIT });
    await pullCursorsItem.setValue({ [AUDIT]: 12 });
    await profileCacheItem.setValue({ fetchedAt: new Date().toISOString(), apiBase: 'https://old.example.vn', profiles: [] });
    const bg = await start(api);
    const db = await bg.db;
    await writeCache(db, 'audits', [{ id: AUDIT, code: 'KT-ISO-2026-08', title: 'Kiểm tra', status: 'in_progress', my_role: 'member', units: [{ id: UNIT, code: 'HN-PHUONG-HA-DONG', name: 'Phường Hà Đông' }] }], new Date().toISOString());
    const { finding } = await bg.handlers.recordFinding({ auditId: AUDIT, unitId: UNIT, itemId: ITEM, result: 'nc_minor', note: 'chưa gửi', dossierCode: null, pageUrl: null }, panel);
    await db.put('findings', { ...finding, id: '01890000-0000-7000-8000-0000000000f2', pending: false, version: 3 });
    await bg.sync();
    expect((await bg.handlers.getSession({}, panel)).pending).toBe(1);
    api.offline = false;
    api.sent = [];

    const res = await bg.handlers.setApiBase({ apiBase: 'https://new.example.vn' }, panel);
    expect(res).toEqual({ apiBase: 'https://new.example.vn', changed: true, signedOut: true });
    // Revoked at the old server, with the old token; nothing went to the new one.
    expect(api.revoked).toEqual(['token-token-token-token']);
    expect(api.sent.every((r) => r.url.startsWith('https://old.example.vn/'))).toBe(true);
    expect(await bg.getSession()).toBeNull();
    expect(await bg.getApiBase()).toBe('https://new.example.vn');
    // The old server's data is gone; the unsent change stays, refused, for export.
    expect(await readCache(db, 'audits')).toBeNull();
    expect(await scopeItem.getValue()).toBeNull();
    expect(await pullCursorsItem.getValue()).toEqual({});
    expect(await profileCacheItem.getValue()).toBeNull();
    expect(await overlayStateItem.getValue()).toBeNull();
    expect((await db.getAll('findings')).map((f) => f.id)).toEqual([finding.id]);
    const ops = await db.getAll('ops');
    expect(ops.map((o) => [o.state, o.problem?.code])).toEqual([['rejected', 'server_changed']]);
    expect((await bg.handlers.getSyncState({}, panel)).rejected.map((r) => r.code)).toEqual(['server_changed']);
    // Signed in at the new server, the refused change is never sent there.
    await bg.handlers.login({ email: user.email, password: 'x' }, panel);
    await bg.sync();
    expect(api.received).toEqual([]);
  });

  it('changes nothing when the base is the same', async () => {
    await legacySessionItem.setValue(session('http://127.0.0.1:8787'));
    const bg = await start();
    await expect(bg.handlers.setApiBase({ apiBase: 'http://127.0.0.1:8787/' }, panel)).resolves.toEqual({ apiBase: 'http://127.0.0.1:8787', changed: false, signedOut: false });
    expect(await bg.getSession()).not.toBeNull();
  });
});

describe('an account that must change its password', () => {
  it('keeps no session and names the dashboard’s “Đổi mật khẩu” page', async () => {
    const api = authApi();
    api.mustChange = true;
    await legacyApiBaseItem.setValue('https://onestop.example.vn');
    const bg = await start(api);
    const res = await bg.handlers.login({ email: user.email, password: 'x' }, panel);
    expect(res).toMatchObject({ ok: false, code: 'password_change_required', changePasswordUrl: 'https://onestop.example.vn/account/password' });
    expect(await bg.getSession()).toBeNull();
    expect(api.revoked).toEqual(['fresh-token-fresh-token']);
  });

  it('signs out when the server answers 403 password_change_required later', async () => {
    const api = authApi();
    await legacyApiBaseItem.setValue('https://onestop.example.vn');
    await legacySessionItem.setValue(session('https://onestop.example.vn'));
    const bg = await start(api);
    api.mustChange = true;
    await expect(bg.handlers.listAudits({}, panel)).rejects.toMatchObject({ code: 'password_change_required' });
    expect(await bg.getSession()).toBeNull();
  });
});

describe('the overlay’s messages', () => {
  const profile = (host: string): SiteProfile => ({ ...fixtureProfile(), name: host, match: [`https://${host}/*`] });
  const capture: PageCapture = { page_url: 'https://motcua.example.vn/ho-so', page_title: 'Hồ sơ', selectors: [], quote: 'Hồ sơ', fields: {}, dossier_code: null };
  const tabSender = (tab: Browser.tabs.Tab) => ({ id: fakeBrowser.runtime.id, url: tab.url, frameId: 0, tab }) as Browser.runtime.MessageSender;

  async function working() {
    await legacyApiBaseItem.setValue('https://onestop.example.vn');
    await legacySessionItem.setValue(session('https://onestop.example.vn'));
    await profileCacheItem.setValue({ fetchedAt: new Date().toISOString(), apiBase: 'https://onestop.example.vn', profiles: [profile('motcua.example.vn')] });
    await scopeItem.setValue({ auditId: AUDIT, unitId: UNIT });
    const bg = await start();
    // A nonconformity without a note never reaches the outbox, whoever sends it (the server would refuse the op).
    for (const blank of ['', '  \n ']) {
      await expect(bg.handlers.recordFinding({ auditId: AUDIT, unitId: UNIT, itemId: ITEM, result: 'nc_major', note: blank, dossierCode: null, pageUrl: null }, panel)).rejects.toMatchObject({ code: 'note_required' });
    }
    expect(await (await bg.db).count('findings')).toBe(0);
    const { finding } = await bg.handlers.recordFinding({ auditId: AUDIT, unitId: UNIT, itemId: ITEM, result: 'nc_minor', note: 'Thiếu phiếu hẹn', dossierCode: null, pageUrl: null }, panel);
    const other = (await bg.handlers.recordFinding({ auditId: AUDIT, unitId: UNIT, itemId: ITEM, result: 'ofi', note: 'khác', dossierCode: null, pageUrl: null }, panel)).finding;
    const page = await fakeBrowser.tabs.create({ url: 'https://motcua.example.vn/ho-so', active: true });
    const elsewhere = await fakeBrowser.tabs.create({ url: 'https://motcua.example.vn/ho-so/2', active: false });
    await bg.trackTab(page.id ?? -1, page.url);
    await bg.handlers.setCaptureTarget({ findingId: finding.id, itemCode: 'MC-8.5.1-01', result: 'nc_minor' }, panel);
    return { bg, finding, other, page, elsewhere };
  }

  it('admits a content script only on a page an active profile matches', async () => {
    await profileCacheItem.setValue({ fetchedAt: new Date().toISOString(), apiBase: 'http://127.0.0.1:8787', profiles: [profile('motcua.example.vn')] });
    const bg = await start();
    const tab = (url: string) => ({ id: 4, index: 0, url }) as Browser.tabs.Tab;
    expect(await bg.admitContent(tabSender(tab('https://motcua.example.vn/ho-so')))).toBe(true);
    expect(await bg.admitContent(tabSender(tab('https://evil.example/ho-so')))).toBe(false);
    expect(await bg.admitContent(tabSender(tab('http://motcua.example.vn/ho-so')))).toBe(false);
  });

  it('takes a capture only from the tab the side panel works on, for the capture target', async () => {
    const t = await working();
    expect(await pageTabItem.getValue()).toBe(t.page.id);
    // Another tab of the same system, and another finding than the target: refused, nothing stored.
    await expect(t.bg.handlers.submitCapture({ findingId: t.finding.id, screenshot: false, capture }, tabSender(t.elsewhere))).rejects.toMatchObject({ code: 'wrong_tab' });
    await expect(t.bg.handlers.submitCapture({ findingId: t.other.id, screenshot: false, capture }, tabSender(t.page))).rejects.toMatchObject({ code: 'not_capture_target' });
    expect(await (await t.bg.db).getAll('evidence')).toEqual([]);
    // The target, from the page tab: kept for the inspector, attached once confirmed in the side panel.
    await expect(t.bg.handlers.submitCapture({ findingId: t.finding.id, screenshot: false, capture }, tabSender(t.page))).resolves.toMatchObject({ ok: false, code: 'confirm_in_panel' });
    expect(await (await t.bg.db).getAll('evidence')).toEqual([]);
    const { pending } = await t.bg.handlers.getPendingCapture({}, panel);
    await expect(t.bg.handlers.answerPendingCapture({ id: pending?.id ?? '', choice: 'attach' }, panel)).resolves.toMatchObject({ ok: true });
    expect((await (await t.bg.db).getAll('evidence')).map((e) => e.finding_id)).toEqual([t.finding.id]);
  });

  describe('a capture from the page waits for the inspector (issue 13)', () => {
    const withCode = (code: string | null, extra: Partial<PageCapture> = {}): PageCapture => ({ ...capture, quote: 'Người nộp: Nguyễn Văn An, ĐT 0912345678', dossier_code: code, ...extra });

    it('attaches nothing until answered, shows the panel the masked quote, and attaches once', async () => {
      const t = await working();
      const res = await t.bg.handlers.submitCapture({ findingId: t.finding.id, screenshot: false, capture: withCode('H26.001') }, tabSender(t.page));
      expect(res).toMatchObject({ ok: false, code: 'confirm_in_panel' });
      expect(res.ok === false && res.message).toContain('bảng bên');
      expect(await (await t.bg.db).getAll('evidence')).toEqual([]);
      const { pending } = await t.bg.handlers.getPendingCapture({}, panel);
      expect(pending).toMatchObject({ findingId: t.finding.id, captureDossier: 'H26.001', findingDossier: null, question: 'no_dossier', screenshot: false });
      expect(pending?.quote).toContain('Người nộp');
      expect(pending?.quote).not.toContain('0912345678');
      // Attach and set the finding's dossier code (the panel's default for a finding that names none).
      await expect(t.bg.handlers.answerPendingCapture({ id: pending?.id ?? '', choice: 'attach_set' }, panel)).resolves.toMatchObject({ ok: true });
      const evidence = await (await t.bg.db).getAll('evidence');
      expect(evidence).toHaveLength(1);
      expect(evidence[0]?.quote).not.toContain('0912345678');
      expect((await (await t.bg.db).get('findings', t.finding.id))?.dossier_code).toBe('H26.001');
      // Answered once: gone, a second answer attaches nothing.
      expect((await t.bg.handlers.getPendingCapture({}, panel)).pending).toBeNull();
      await expect(t.bg.handlers.answerPendingCapture({ id: pending?.id ?? '', choice: 'attach' }, panel)).resolves.toMatchObject({ ok: false, code: 'expired' });
      expect(await (await t.bg.db).getAll('evidence')).toHaveLength(1);
    });

    it('drops a confirmation the page put in the capture: the question is asked all the same', async () => {
      const t = await working();
      const planted = withCode('H26.777', { confirm: { dossier: 'H26.777', set_finding_dossier: true } });
      await t.bg.handlers.submitCapture({ findingId: t.finding.id, screenshot: false, capture: planted }, tabSender(t.page));
      const { pending } = await t.bg.handlers.getPendingCapture({}, panel);
      expect(pending?.question).toBe('no_dossier');
      // "Attach only": the finding keeps naming no dossier.
      await t.bg.handlers.answerPendingCapture({ id: pending?.id ?? '', choice: 'attach' }, panel);
      expect(await (await t.bg.db).getAll('evidence')).toHaveLength(1);
      expect((await (await t.bg.db).get('findings', t.finding.id))?.dossier_code ?? null).toBeNull();
    });

    it('cancels, replaces an older capture with a newer one, and lets an unanswered one expire', async () => {
      const t = await working();
      await t.bg.handlers.submitCapture({ findingId: t.finding.id, screenshot: false, capture: withCode(null, { quote: 'cũ' }) }, tabSender(t.page));
      const old = (await t.bg.handlers.getPendingCapture({}, panel)).pending;
      await t.bg.handlers.submitCapture({ findingId: t.finding.id, screenshot: false, capture: withCode(null, { quote: 'mới' }) }, tabSender(t.page));
      const next = (await t.bg.handlers.getPendingCapture({}, panel)).pending;
      expect(next?.quote).toBe('mới');
      expect(next?.question).toBe('none');
      await expect(t.bg.handlers.answerPendingCapture({ id: old?.id ?? '', choice: 'attach' }, panel)).resolves.toMatchObject({ ok: false, code: 'expired' });
      await expect(t.bg.handlers.answerPendingCapture({ id: next?.id ?? '', choice: 'cancel' }, panel)).resolves.toMatchObject({ ok: false, code: 'cancelled' });
      expect(await (await t.bg.db).getAll('evidence')).toEqual([]);
      // Five minutes without an answer: dropped.
      const now = Date.now();
      await t.bg.handlers.submitCapture({ findingId: t.finding.id, screenshot: false, capture: withCode(null) }, tabSender(t.page));
      const late = (await t.bg.handlers.getPendingCapture({}, panel)).pending;
      vi.spyOn(Date, 'now').mockReturnValue(now + 6 * 60_000);
      try {
        await expect(t.bg.handlers.answerPendingCapture({ id: late?.id ?? '', choice: 'attach' }, panel)).resolves.toMatchObject({ ok: false, code: 'expired' });
      } finally {
        vi.restoreAllMocks();
      }
      expect(await (await t.bg.db).getAll('evidence')).toEqual([]);
    });

    it('attaches with the keyboard command (which no page can send), in the tab it was handed in from', async () => {
      const t = await working();
      await t.bg.confirmByCommand(t.page.id);
      expect(await (await t.bg.db).getAll('evidence')).toEqual([]);
      await t.bg.handlers.submitCapture({ findingId: t.finding.id, screenshot: false, capture: withCode('H26.001') }, tabSender(t.page));
      await t.bg.confirmByCommand(t.elsewhere.id);
      expect(await (await t.bg.db).getAll('evidence')).toEqual([]);
      await t.bg.confirmByCommand(t.page.id);
      expect(await (await t.bg.db).getAll('evidence')).toHaveLength(1);
      expect((await (await t.bg.db).get('findings', t.finding.id))?.dossier_code).toBe('H26.001');
    });
  });
});
