// Sign-in, sessions and their refusals, all through HTTP in workerd with local D1.
import { env } from 'cloudflare:workers';
import { describe, expect, it } from 'vitest';
import { api, json, makeTree, makeUser, signedIn, TEST_PASSWORD } from '../fixtures/builders.ts';

async function login(email: string, password: string, session: 'bearer' | 'cookie' = 'bearer', ip = '203.0.113.1') {
  return api('/auth/login', { method: 'POST', body: { email, password, session }, headers: { 'cf-connecting-ip': ip } });
}

describe('POST /auth/login', () => {
  it('signs in with a bearer token that then works for /auth/me', async () => {
    const tree = await makeTree();
    const user = await makeUser('inspector', tree.province);
    const res = await login(user.email.toUpperCase(), TEST_PASSWORD);
    expect(res.status).toBe(200);
    const body = await json<{ token: string; user: { id: string; role: string }; expires_at: string }>(res);
    expect(body.user).toMatchObject({ id: user.id, role: 'inspector' });
    expect(body.token).toMatch(/^[A-Za-z0-9_-]{40,}$/);
    expect(res.headers.get('set-cookie')).toBeNull();

    const me = await api('/auth/me', { token: body.token });
    expect(me.status).toBe(200);
    const meBody = await json<{ user: { id: string }; unit: { id: string }; visible_units: { id: string }[] }>(me);
    expect(meBody.user.id).toBe(user.id);
    expect(meBody.unit.id).toBe(tree.province);
    expect(meBody.visible_units.map((u) => u.id)).toEqual(expect.arrayContaining(Object.values(tree)));
  });

  it('stores only the SHA-256 of the token', async () => {
    const tree = await makeTree();
    const user = await makeUser('leader', tree.province);
    const body = await json<{ token: string }>(await login(user.email, TEST_PASSWORD));
    const rows = await env.DB.prepare('SELECT token_hash FROM sessions WHERE user_id = ?').bind(user.id).all<{ token_hash: string }>();
    expect(rows.results).toHaveLength(1);
    expect(rows.results[0]?.token_hash).toMatch(/^[0-9a-f]{64}$/);
    expect(rows.results[0]?.token_hash).not.toContain(body.token);
  });

  it('sets an HttpOnly SameSite=Strict cookie for the dashboard and returns no token', async () => {
    const tree = await makeTree();
    const user = await makeUser('unit_head', tree.communeA);
    const res = await login(user.email, TEST_PASSWORD, 'cookie');
    expect(res.status).toBe(200);
    const cookie = res.headers.get('set-cookie') ?? '';
    // Plain http on a non-loopback host (this suite's base URL): no browser keeps a Secure cookie there, so no prefix.
    // Every secure origin gets `__Host-onestop_session` (tests/worker/account-security.test.ts).
    expect(cookie).toMatch(/onestop_session=/);
    expect(cookie).toMatch(/HttpOnly/i);
    expect(cookie).toMatch(/SameSite=Strict/i);
    expect(((await res.json()) as { token?: string }).token).toBeUndefined();
  });

  it('answers a wrong password and an unknown e-mail with the same 401', async () => {
    const tree = await makeTree();
    const user = await makeUser('inspector', tree.province);
    const wrong = await login(user.email, 'not-the-password', 'bearer', '198.51.100.7');
    const unknown = await login('nobody-here@test.onestop.vn', 'not-the-password', 'bearer', '198.51.100.8');
    expect(wrong.status).toBe(401);
    expect(unknown.status).toBe(401);
    const a = await json(wrong);
    const b = await json(unknown);
    expect(a.code).toBe('invalid_credentials');
    expect({ ...a, request_id: undefined }).toEqual({ ...b, request_id: undefined });
  });

  it('never locks an account: after failures from other clients the right password still signs in', async () => {
    // The old rule locked the e-mail after five failures from anywhere (issue #13); now only the failing client waits.
    const tree = await makeTree();
    const user = await makeUser('inspector', tree.province);
    for (let i = 0; i < 5; i++) {
      expect((await login(user.email, `wrong-${i}`, 'bearer', `192.0.2.${i + 10}`)).status).toBe(401);
    }
    expect((await login(user.email, TEST_PASSWORD, 'bearer', '192.0.2.99')).status).toBe(200);
  });

  it('makes one client guessing one account wait, with 429 and Retry-After', async () => {
    const tree = await makeTree();
    const user = await makeUser('inspector', tree.province);
    for (let i = 0; i < 3; i++) expect((await login(user.email, `wrong-${i}`, 'bearer', '192.0.2.50')).status).toBe(401);
    const waiting = await login(user.email, TEST_PASSWORD, 'bearer', '192.0.2.50');
    expect(waiting.status).toBe(429);
    expect(Number(waiting.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(waiting.headers.get('content-type')).toMatch(/problem\+json/);
    expect((await json(waiting)).code).toBe('too_many_attempts');
  });

  it('throttles one IP trying many accounts', async () => {
    for (let i = 0; i < 30; i++) {
      expect((await login(`guess-${i}@test.onestop.vn`, 'x', 'bearer', '100.64.0.1')).status).toBe(401);
    }
    expect((await login('guess-final@test.onestop.vn', 'x', 'bearer', '100.64.0.1')).status).toBe(429);
  });

  it('refuses a disabled account even with the right password', async () => {
    const tree = await makeTree();
    const user = await makeUser('inspector', tree.province, { disabled: true });
    const res = await login(user.email, TEST_PASSWORD);
    expect(res.status).toBe(403);
    expect((await json(res)).code).toBe('account_disabled');
  });

  it('validates the body with field paths', async () => {
    const res = await api('/auth/login', { method: 'POST', body: { email: 'not-an-email', password: '' } });
    expect(res.status).toBe(422);
    const body = await json<{ errors: { path: string }[] }>(res);
    expect(body.errors.map((e) => e.path)).toEqual(expect.arrayContaining(['$.email', '$.password']));
  });

  it('answers malformed JSON with 400', async () => {
    const res = await api('/auth/login', { method: 'POST', body: '{bad' });
    expect(res.status).toBe(400);
    expect((await json(res)).code).toBe('malformed_json');
  });
});

describe('sessions', () => {
  it('refuses anonymous calls, garbage tokens and expired sessions', async () => {
    expect((await api('/auth/me')).status).toBe(401);
    expect((await api('/auth/me', { headers: { authorization: 'Basic abc' } })).status).toBe(401);
    expect((await api('/auth/me', { token: 'x'.repeat(43) })).status).toBe(401);

    const tree = await makeTree();
    const user = await signedIn('leader', tree.province);
    await env.DB.prepare("UPDATE sessions SET expires_at = '2000-01-01T00:00:00.000Z' WHERE user_id = ?").bind(user.id).run();
    const res = await api('/auth/me', { token: user.token });
    expect(res.status).toBe(401);
    expect(res.headers.get('www-authenticate')).toMatch(/Bearer/);
  });

  it('refuses a session idle for too long', async () => {
    const tree = await makeTree();
    const user = await signedIn('leader', tree.province);
    await env.DB.prepare("UPDATE sessions SET last_seen_at = '2000-01-01T00:00:00.000Z' WHERE user_id = ?").bind(user.id).run();
    expect((await api('/auth/me', { token: user.token })).status).toBe(401);
  });

  it('refuses the session of a user disabled after sign-in', async () => {
    const tree = await makeTree();
    const user = await signedIn('inspector', tree.province);
    expect((await api('/auth/me', { token: user.token })).status).toBe(200);
    await env.DB.prepare('UPDATE users SET disabled = 1 WHERE id = ?').bind(user.id).run();
    expect((await api('/auth/me', { token: user.token })).status).toBe(401);
  });

  it('logout revokes the token', async () => {
    const tree = await makeTree();
    const user = await signedIn('inspector', tree.province);
    expect((await api('/auth/logout', { method: 'POST', token: user.token })).status).toBe(204);
    expect((await api('/auth/me', { token: user.token })).status).toBe(401);
  });

  it('cookie sessions need a same-origin Origin header to change anything', async () => {
    const tree = await makeTree();
    const user = await signedIn('inspector', tree.province, { via: 'cookie' });
    expect((await api('/auth/me', { cookie: user.token })).status).toBe(200);
    const cross = await api('/auth/logout', { method: 'POST', cookie: user.token, headers: { origin: 'https://evil.example' } });
    expect(cross.status).toBe(403);
    expect((await json(cross)).code).toBe('origin_mismatch');
    const none = await api('/auth/logout', { method: 'POST', cookie: user.token });
    expect(none.status).toBe(403);
    const same = await api('/auth/logout', { method: 'POST', cookie: user.token, headers: { origin: 'http://onestop.test' } });
    expect(same.status).toBe(204);
  });

  it('a cookie token cannot be replayed as a bearer token', async () => {
    const tree = await makeTree();
    const user = await signedIn('inspector', tree.province, { via: 'cookie' });
    expect((await api('/auth/me', { token: user.token })).status).toBe(401);
  });
});
