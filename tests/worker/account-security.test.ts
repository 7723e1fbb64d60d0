// Accounts at ASVS 4.0 level 2 (issue #13): throttling a stranger cannot turn against the owner, password rules,
// the user's own password change and the forced change after an administrator's password, session limits, the
// `__Host-` cookie, and the user's list of sessions. Each test names the ASVS requirement it covers (docs/security.md).
import { env, exports } from 'cloudflare:workers';
import { describe, expect, it } from 'vitest';
import { insertSession } from '../../worker/src/db/sessions.ts';
import { randomToken, sha256Hex, uuidv7 } from '../../worker/src/lib/ids.ts';
import { api, json, makeTree, makeUser, sessionFor, signedIn, TEST_PASSWORD } from '../fixtures/builders.ts';

let ipSeq = 0;
/** A client address no other test uses (each test's clients are its own). */
const freshIp = () => `198.18.${Math.floor(++ipSeq / 250)}.${(ipSeq % 250) + 1}`;

function login(email: string, password: string, ip: string, session: 'bearer' | 'cookie' = 'bearer', headers: Record<string, string> = {}) {
  return api('/auth/login', { method: 'POST', body: { email, password, session }, headers: { 'cf-connecting-ip': ip, ...headers } });
}

async function bearer(email: string, password: string, ip = freshIp(), userAgent?: string): Promise<string> {
  const res = await login(email, password, ip, 'bearer', userAgent ? { 'user-agent': userAgent } : {});
  expect(res.status).toBe(200);
  return (await json<{ token: string }>(res)).token;
}

/** The wait a pair has left, ended now: what a client that waited sees (the suite's clock is not moved). */
async function endWait(email: string, ip: string) {
  await env.DB.prepare("UPDATE login_throttle SET locked_until = '2000-01-01T00:00:00.000Z' WHERE key = ?").bind(`pair:${email}|${ip}`).run();
}

const isoAgo = (seconds: number) => new Date(Date.now() - seconds * 1000).toISOString();

describe('sign-in throttling (ASVS 2.2.1)', () => {
  it("a stranger's failures never stop the right password from the right person", async () => {
    const tree = await makeTree();
    const user = await makeUser('admin', tree.province);
    const stranger = freshIp();
    // One stranger hammering the account: they end up waiting, the owner does not.
    const statuses: number[] = [];
    for (let i = 0; i < 12; i++) statuses.push((await login(user.email, `guess-${i}`, stranger)).status);
    expect(statuses.slice(0, 3)).toEqual([401, 401, 401]);
    expect(statuses.slice(3).every((s) => s === 429)).toBe(true);
    // Many strangers (one failure each, past the account's ceiling): still no lock for the owner.
    for (let i = 0; i < 12; i++) expect((await login(user.email, `spray-${i}`, freshIp())).status).toBe(401);
    expect((await login(user.email, TEST_PASSWORD, freshIp())).status).toBe(200);
    expect((await login(user.email, TEST_PASSWORD, freshIp(), 'cookie')).status).toBe(200);
    // The stranger's own client still waits, even with the right password.
    expect((await login(user.email, TEST_PASSWORD, stranger)).status).toBe(429);
  });

  it('the delay of one client guessing one account grows with each failure, and a success resets it', async () => {
    const tree = await makeTree();
    const user = await makeUser('inspector', tree.province);
    const ip = freshIp();
    for (let i = 0; i < 2; i++) expect((await login(user.email, `wrong-${i}`, ip)).status).toBe(401);
    const waits: number[] = [];
    for (let round = 0; round < 4; round++) {
      expect((await login(user.email, `wrong-again-${round}`, ip)).status).toBe(401);
      const refused = await login(user.email, TEST_PASSWORD, ip);
      expect(refused.status).toBe(429);
      expect((await json(refused)).code).toBe('too_many_attempts');
      waits.push(Number(refused.headers.get('retry-after')));
      await endWait(user.email, ip);
    }
    // 15 s, 30 s, 60 s, 120 s (within a second of rounding).
    expect(waits.map((w) => Math.round(w / 15) * 15)).toEqual([15, 30, 60, 120]);
    expect((await login(user.email, TEST_PASSWORD, ip)).status).toBe(200);
    expect((await login(user.email, 'wrong-after-success', ip)).status).toBe(401);
    expect((await login(user.email, 'wrong-after-success-2', ip)).status).toBe(401);
  });

  it('under attack from many clients each client waits from its first failure; a clean client still signs in', async () => {
    const tree = await makeTree();
    const user = await makeUser('leader', tree.province);
    for (let i = 0; i < 10; i++) expect((await login(user.email, `spray-${i}`, freshIp())).status).toBe(401);
    const attacker = freshIp();
    expect((await login(user.email, 'one-more', attacker)).status).toBe(401);
    expect((await login(user.email, 'and-another', attacker)).status).toBe(429);
    expect((await login(user.email, TEST_PASSWORD, freshIp())).status).toBe(200);
  });

  it('treats an unknown e-mail exactly like a known one (same 401, same waits)', async () => {
    const ip = freshIp();
    const unknown = `nobody-${uuidv7()}@test.onestop.vn`;
    const statuses: number[] = [];
    for (let i = 0; i < 4; i++) statuses.push((await login(unknown, `guess-${i}`, ip)).status);
    expect(statuses).toEqual([401, 401, 401, 429]);
  });

  it('refuses parallel guesses past the free failures: the attempt is counted before the password is checked', async () => {
    const tree = await makeTree();
    const user = await makeUser('inspector', tree.province);
    const ip = freshIp();
    const results = await Promise.all(Array.from({ length: 8 }, (_, i) => login(user.email, `parallel-${i}`, ip)));
    const statuses = results.map((r) => r.status);
    expect(statuses.filter((s) => s === 401).length).toBeLessThanOrEqual(3);
    expect(statuses.filter((s) => s === 429).length).toBeGreaterThanOrEqual(5);
  });
});

describe('password rules (ASVS 2.1.1, 2.1.2, 2.1.7, NIST context words)', () => {
  async function create(password: string, opts: { email?: string; name?: string } = {}) {
    const tree = await makeTree();
    const admin = await signedIn('admin', tree.province);
    const email = opts.email ?? `${uuidv7().slice(-12)}@test.onestop.vn`;
    return api('/users', { method: 'POST', token: admin.token, body: { email, display_name: opts.name ?? 'Cán bộ Thử', role: 'inspector', unit_id: tree.communeA, password } });
  }

  it.each([
    ['1234567890', 'validation_failed', 'at least 12 characters'],
    ['password12', 'validation_failed', 'at least 12 characters'],
    [' '.repeat(10), 'validation_failed', 'at least 12 characters'],
    ['😀😁😂🤣😃😄😅😆😉😊😋', 'validation_failed', 'at least 12 characters'],
    ['x'.repeat(129), 'validation_failed', 'at most 128 characters'],
    [' '.repeat(12), 'weak_password', 'too few different characters'],
    ['123456789012', 'weak_password', 'sequence'],
    ['abc123abc123', 'weak_password', 'sequence'],
    ['password1234', 'weak_password', 'common or breached'],
    ['Matkhau@2026', 'weak_password', 'common or breached'],
    ['anhyeuem1995', 'weak_password', 'common or breached'],
    ['P@ssw0rd2024!', 'weak_password', 'common or breached'],
    ['qwertyuiop123', 'weak_password', 'common or breached'],
    ['HoangAnh@1995', 'weak_password', 'common or breached'],
    ['OneStop-2026-xyz', 'weak_password', 'name of this system'],
  ])('refuses %j (%s: %s)', async (password, code, message) => {
    const res = await create(password);
    expect(res.status).toBe(422);
    const body = await json<{ code: string; errors: { path: string; message: string }[] }>(res);
    expect(body.code).toBe(code);
    expect(body.errors[0]?.path).toBe('$.password');
    expect(body.errors[0]?.message).toContain(message);
  });

  it("refuses a password built from the user's e-mail name or display name (without diacritics)", async () => {
    const byEmail = await create('thanhtravien#2026', { email: `thanh.tra.vien@t${uuidv7().slice(-6)}.onestop.vn` });
    expect((await json<{ errors: { message: string }[] }>(byEmail)).errors[0]?.message).toContain('e-mail');
    const byName = await create('Hồng Nhung Trần 7', { name: 'Trần Thị Hồng Nhung', email: `htn-${uuidv7().slice(-6)}@test.onestop.vn` });
    expect(byName.status).toBe(201);
    const byFullName = await create('tranthihongnhung!', { name: 'Trần Thị Hồng Nhung', email: `htn-${uuidv7().slice(-6)}@test.onestop.vn` });
    expect(byFullName.status).toBe(422);
    expect((await json<{ errors: { message: string }[] }>(byFullName)).errors[0]?.message).toContain('your name');
  });

  it('accepts long passphrases in any script, counting code points (ASVS 2.1.3, 2.1.4, 2.1.9)', async () => {
    for (const password of ['ngựa ô qua cầu tre', 'Đồng hồ cát 7h', '😀😁😂🤣😃😄😅😆😉😊😋🙂', 'correct horse battery staple']) {
      expect((await create(password)).status, password).toBe(201);
    }
  });

  it('applies the same rules to a reset by an administrator', async () => {
    const tree = await makeTree();
    const admin = await signedIn('admin', tree.province);
    const user = await makeUser('inspector', tree.communeA);
    const res = await api(`/users/${user.id}`, { method: 'PATCH', token: admin.token, body: { version: 1, password: 'matkhau123456' } });
    expect(res.status).toBe(422);
    expect((await json(res)).code).toBe('weak_password');
  });
});

describe('changing my password (ASVS 2.1.5, 2.1.6, 3.3.3)', () => {
  const NEW_PASSWORD = 'Một mật khẩu mới dài 2026';

  it('needs the current password and ends every other session, cookie and bearer', async () => {
    const tree = await makeTree();
    const user = await makeUser('inspector', tree.province);
    const mine = await bearer(user.email, TEST_PASSWORD);
    const otherBearer = await bearer(user.email, TEST_PASSWORD);
    const otherCookie = await sessionFor(user.id, 'cookie');

    const wrong = await api('/auth/password', { method: 'POST', token: mine, body: { current_password: 'not-my-password', new_password: NEW_PASSWORD } });
    expect(wrong.status).toBe(422);
    const wrongBody = await json<{ code: string; errors: { path: string }[] }>(wrong);
    expect(wrongBody.code).toBe('wrong_password');
    expect(wrongBody.errors[0]?.path).toBe('$.current_password');

    const weak = await api('/auth/password', { method: 'POST', token: mine, body: { current_password: TEST_PASSWORD, new_password: 'password1234' } });
    expect(weak.status).toBe(422);
    expect((await json<{ code: string; errors: { path: string }[] }>(weak)).errors[0]?.path).toBe('$.new_password');
    const same = await api('/auth/password', { method: 'POST', token: mine, body: { current_password: TEST_PASSWORD, new_password: TEST_PASSWORD } });
    expect(same.status).toBe(422);

    const res = await api('/auth/password', { method: 'POST', token: mine, body: { current_password: TEST_PASSWORD, new_password: NEW_PASSWORD } });
    expect(res.status).toBe(200);
    const body = await json<{ signed_out_sessions: number; user: { must_change_password: boolean } }>(res);
    expect(body.signed_out_sessions).toBe(2);
    expect(body.user.must_change_password).toBe(false);
    expect((await api('/auth/me', { token: mine })).status).toBe(200);
    expect((await api('/auth/me', { token: otherBearer })).status).toBe(401);
    expect((await api('/auth/me', { cookie: otherCookie })).status).toBe(401);
    expect((await login(user.email, TEST_PASSWORD, freshIp())).status).toBe(401);
    expect((await login(user.email, NEW_PASSWORD, freshIp())).status).toBe(200);
    const events = await env.DB.prepare("SELECT type FROM events WHERE entity_id = ? AND type = 'user.password_changed'").bind(user.id).all();
    expect(events.results).toHaveLength(1);
  });

  it('a cookie session changes the password only from the same origin', async () => {
    const tree = await makeTree();
    const user = await makeUser('unit_head', tree.communeA);
    const cookie = await sessionFor(user.id, 'cookie');
    const body = { current_password: TEST_PASSWORD, new_password: NEW_PASSWORD };
    expect((await api('/auth/password', { method: 'POST', cookie, body, headers: { origin: 'https://evil.example' } })).status).toBe(403);
    expect((await api('/auth/password', { method: 'POST', cookie, body, headers: { origin: 'http://onestop.test' } })).status).toBe(200);
  });

  it('wrong current passwords are throttled like sign-ins', async () => {
    const tree = await makeTree();
    const user = await signedIn('inspector', tree.province);
    const ip = freshIp();
    const statuses: number[] = [];
    for (let i = 0; i < 4; i++) {
      const res = await api('/auth/password', { method: 'POST', token: user.token, headers: { 'cf-connecting-ip': ip }, body: { current_password: `guess-${i}`, new_password: NEW_PASSWORD } });
      statuses.push(res.status);
    }
    expect(statuses).toEqual([422, 422, 422, 429]);
  });
});

describe("an administrator's password must be changed at the first sign-in", () => {
  it('limits the session to changing the password, reading /auth/me and signing out until it is changed', async () => {
    const tree = await makeTree();
    const admin = await signedIn('admin', tree.province);
    const email = `moi-${uuidv7().slice(-8)}@test.onestop.vn`;
    const created = await api('/users', { method: 'POST', token: admin.token, body: { email, display_name: 'Cán bộ Mới', role: 'inspector', unit_id: tree.communeA, password: 'Mat-khau-tam-thoi-9' } });
    expect(created.status).toBe(201);
    expect((await json<{ must_change_password: boolean }>(created)).must_change_password).toBe(true);

    const signIn = await login(email, 'Mat-khau-tam-thoi-9', freshIp());
    expect(signIn.status).toBe(200);
    const { token, user } = await json<{ token: string; user: { must_change_password: boolean } }>(signIn);
    expect(user.must_change_password).toBe(true);
    for (const path of ['/audits', '/units', '/findings', '/auth/sessions', '/users']) {
      const res = await api(path, { token });
      expect(res.status, path).toBe(403);
      expect((await json(res)).code).toBe('password_change_required');
    }
    const me = await api('/auth/me', { token });
    expect(me.status).toBe(200);
    expect((await json<{ user: { must_change_password: boolean } }>(me)).user.must_change_password).toBe(true);

    const changed = await api('/auth/password', { method: 'POST', token, body: { current_password: 'Mat-khau-tam-thoi-9', new_password: 'Của riêng tôi: 2026!' } });
    expect(changed.status).toBe(200);
    expect((await api('/audits', { token })).status).toBe(200);
    expect((await api('/auth/sessions', { token })).status).toBe(200);
  });

  it('a reset by an administrator sets the flag again and signs the user out', async () => {
    const tree = await makeTree();
    const admin = await signedIn('admin', tree.province);
    const user = await signedIn('inspector', tree.communeA);
    const res = await api(`/users/${user.id}`, { method: 'PATCH', token: admin.token, body: { version: 1, password: 'Reset-bởi-quản-trị-1' } });
    expect(res.status).toBe(200);
    expect((await json<{ must_change_password: boolean }>(res)).must_change_password).toBe(true);
    expect((await api('/auth/me', { token: user.token })).status).toBe(401);
    const token = await bearer(user.email, 'Reset-bởi-quản-trị-1');
    expect((await api('/units', { token })).status).toBe(403);
    const logout = await api('/auth/logout', { method: 'POST', token });
    expect(logout.status).toBe(204);
  });
});

describe('session limits (ASVS 3.3.1, 3.3.2)', () => {
  async function sessionWith(via: 'bearer' | 'cookie', createdAgo: number, lastSeenAgo: number, expiresIn = 30 * 24 * 3600) {
    const tree = await makeTree();
    const user = await makeUser('leader', tree.province);
    const token = randomToken();
    await insertSession(env.DB, { tokenHash: await sha256Hex(token), userId: user.id, via, now: isoAgo(createdAgo), expiresAt: isoAgo(-expiresIn) }).run();
    await env.DB.prepare('UPDATE sessions SET last_seen_at = ? WHERE token_hash = ?').bind(isoAgo(lastSeenAgo), await sha256Hex(token)).run();
    return via === 'bearer' ? { token } : { cookie: token };
  }

  it('a dashboard cookie ends after 30 minutes without use', async () => {
    expect((await api('/auth/me', await sessionWith('cookie', 3600, 29 * 60))).status).toBe(200);
    expect((await api('/auth/me', await sessionWith('cookie', 3600, 31 * 60))).status).toBe(401);
  });

  it('an extension token ends after 8 hours without use', async () => {
    expect((await api('/auth/me', await sessionWith('bearer', 9 * 3600, 7 * 3600))).status).toBe(200);
    expect((await api('/auth/me', await sessionWith('bearer', 9 * 3600, 8 * 3600 + 60))).status).toBe(401);
  });

  it('every session ends 12 hours after sign-in, even in use and even if stored with a later expiry', async () => {
    expect((await api('/auth/me', await sessionWith('bearer', 11 * 3600, 60))).status).toBe(200);
    expect((await api('/auth/me', await sessionWith('bearer', 12 * 3600 + 60, 60))).status).toBe(401);
    expect((await api('/auth/me', await sessionWith('cookie', 12 * 3600 + 60, 60))).status).toBe(401);
  });

  it('sign-in gives both kinds of session an expiry 12 hours away', async () => {
    const tree = await makeTree();
    const user = await makeUser('inspector', tree.province);
    for (const session of ['bearer', 'cookie'] as const) {
      const res = await login(user.email, TEST_PASSWORD, freshIp(), session);
      const { expires_at } = await json<{ expires_at: string }>(res);
      expect(Math.abs(Date.parse(expires_at) - Date.now() - 12 * 3600 * 1000)).toBeLessThan(60_000);
    }
  });
});

describe('the session cookie (ASVS 3.4.1–3.4.4)', () => {
  async function call(url: string, init: RequestInit = {}) {
    return exports.default.fetch(new Request(url, init));
  }

  it.each(['https://onestop.test', 'http://127.0.0.1:8787', 'http://localhost:8787'])('is __Host-onestop_session, Secure, Path=/, no Domain on %s', async (origin) => {
    const tree = await makeTree();
    const user = await makeUser('unit_head', tree.communeA);
    const res = await call(`${origin}/api/v1/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'cf-connecting-ip': freshIp() },
      body: JSON.stringify({ email: user.email, password: TEST_PASSWORD, session: 'cookie' }),
    });
    expect(res.status).toBe(200);
    const cookie = res.headers.get('set-cookie') ?? '';
    expect(cookie).toMatch(/^__Host-onestop_session=[A-Za-z0-9_-]{40,};/);
    expect(cookie).toMatch(/; Secure/i);
    expect(cookie).toMatch(/; Path=\//);
    expect(cookie).toMatch(/; HttpOnly/i);
    expect(cookie).toMatch(/; SameSite=Strict/i);
    expect(cookie).toMatch(/; Max-Age=43200/);
    expect(cookie).not.toMatch(/Domain=/i);
    const token = /^__Host-onestop_session=([^;]+)/.exec(cookie)?.[1] ?? '';
    expect((await call(`${origin}/api/v1/auth/me`, { headers: { cookie: `__Host-onestop_session=${token}` } })).status).toBe(200);
    // The unprefixed name is not read on a secure origin (a cookie planted without the prefix's guarantees).
    expect((await call(`${origin}/api/v1/auth/me`, { headers: { cookie: `onestop_session=${token}` } })).status).toBe(401);
    // Sign-out clears it under the same name.
    const out = await call(`${origin}/api/v1/auth/logout`, { method: 'POST', headers: { cookie: `__Host-onestop_session=${token}`, origin } });
    expect(out.status).toBe(204);
    expect(out.headers.get('set-cookie') ?? '').toMatch(/^__Host-onestop_session=;.*Max-Age=0/);
  });
});

describe('my sessions (ASVS 3.3.4)', () => {
  it('lists my active sessions with kind, times and client, without tokens, and marks the current one', async () => {
    const tree = await makeTree();
    const user = await makeUser('inspector', tree.province);
    const mine = await bearer(user.email, TEST_PASSWORD, freshIp(), 'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36');
    await login(user.email, TEST_PASSWORD, freshIp(), 'cookie', { 'user-agent': 'Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:133.0) Gecko/20100101 Firefox/133.0' });
    const other = await makeUser('inspector', tree.province);
    await sessionFor(other.id);
    const res = await api('/auth/sessions', { token: mine });
    expect(res.status).toBe(200);
    const text = await res.clone().text();
    const body = await json<{ items: { id: string; kind: string; client: string | null; current: boolean; expires_at: string }[]; policy: { cookie: { idle_seconds: number } } }>(res);
    expect(body.items).toHaveLength(2);
    expect(body.items.find((s) => s.current)).toMatchObject({ kind: 'bearer', client: 'Chrome 131 · Linux' });
    expect(body.items.find((s) => !s.current)).toMatchObject({ kind: 'cookie', client: 'Firefox 133 · Windows' });
    expect(body.policy.cookie.idle_seconds).toBe(1800);
    expect(text).not.toContain(mine);
    expect(text).not.toContain(await sha256Hex(mine));
  });

  it('signs out one session, refusing the sessions of others (404)', async () => {
    const tree = await makeTree();
    const user = await makeUser('inspector', tree.province);
    const mine = await bearer(user.email, TEST_PASSWORD);
    const second = await bearer(user.email, TEST_PASSWORD);
    const list = await json<{ items: { id: string; current: boolean }[] }>(await api('/auth/sessions', { token: mine }));
    const target = list.items.find((s) => !s.current);
    expect(target).toBeDefined();
    expect((await api(`/auth/sessions/${target?.id}`, { method: 'DELETE', token: mine })).status).toBe(204);
    expect((await api('/auth/me', { token: second })).status).toBe(401);
    expect((await api('/auth/me', { token: mine })).status).toBe(200);
    // Someone else's session is not found, and stays valid.
    const stranger = await signedIn('inspector', tree.province);
    const theirs = await json<{ items: { id: string }[] }>(await api('/auth/sessions', { token: stranger.token }));
    expect((await api(`/auth/sessions/${theirs.items[0]?.id}`, { method: 'DELETE', token: mine })).status).toBe(404);
    expect((await api('/auth/me', { token: stranger.token })).status).toBe(200);
  });

  it('signs out everywhere else, or everywhere', async () => {
    const tree = await makeTree();
    const user = await makeUser('inspector', tree.province);
    const a = await bearer(user.email, TEST_PASSWORD);
    const b = await bearer(user.email, TEST_PASSWORD);
    const c = await sessionFor(user.id, 'cookie');
    expect((await api('/auth/sessions?keep_current=true', { method: 'DELETE', token: a })).status).toBe(204);
    expect((await api('/auth/me', { token: a })).status).toBe(200);
    expect((await api('/auth/me', { token: b })).status).toBe(401);
    expect((await api('/auth/me', { cookie: c })).status).toBe(401);
    const d = await bearer(user.email, TEST_PASSWORD);
    expect((await api('/auth/sessions', { method: 'DELETE', token: a })).status).toBe(204);
    expect((await api('/auth/me', { token: a })).status).toBe(401);
    expect((await api('/auth/me', { token: d })).status).toBe(401);
  });
});
