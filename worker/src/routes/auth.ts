// Sign-in, sign-out and "who am I": bearer tokens for the extension, an HttpOnly cookie for the dashboard.
import { z } from '@hono/zod-openapi';
import { deleteCookie, setCookie } from 'hono/cookie';
import { insertEvent } from '../db/events.ts';
import { clearFailures, lockedFor, recordFailure } from '../db/login-throttle.ts';
import { insertSession, pruneSessions, revokeSession, SESSION_POLICY } from '../db/sessions.ts';
import { listUnits, getUnit } from '../db/units.ts';
import { findUserForLogin, getUser } from '../db/users.ts';
import { callerOf, SESSION_COOKIE } from '../lib/auth.ts';
import { createRouter } from '../lib/create-app.ts';
import { ApiError } from '../lib/errors.ts';
import { randomToken, sha256Hex } from '../lib/ids.ts';
import { DUMMY_PASSWORD_HASH, verifyPassword } from '../lib/password.ts';
import { defineRoute } from '../lib/route.ts';
import { scopeOf } from '../lib/scope.ts';
import { addSeconds, nowIso } from '../lib/time.ts';
import { LoginRequestSchema, LoginResponseSchema, MeSchema } from '../schemas.ts';
import { problemResponses } from '../lib/openapi.ts';

const login = defineRoute({
  method: 'post',
  path: '/auth/login',
  tags: ['auth'],
  summary: 'Sign in',
  description:
    'Checks the e-mail and password. `session: "bearer"` (the extension) returns a token to send as `Authorization: Bearer`; `session: "cookie"` (the dashboard) sets an HttpOnly, SameSite=Strict cookie. A wrong password and an unknown e-mail get the same 401; repeated failures per account and per IP get 429 with Retry-After.',
  public: true,
  request: { body: { required: true, content: { 'application/json': { schema: LoginRequestSchema } } } },
  responses: {
    200: { description: 'Signed in', content: { 'application/json': { schema: LoginResponseSchema } } },
    ...problemResponses(400, 401, 403, 415, 422, 429),
  },
});

const logout = defineRoute({
  method: 'post',
  path: '/auth/logout',
  tags: ['auth'],
  summary: 'Sign out (revokes the session)',
  responses: { 204: { description: 'Signed out' } },
});

const me = defineRoute({
  method: 'get',
  path: '/auth/me',
  tags: ['auth'],
  summary: 'The signed-in user, their unit and the units they may see',
  responses: { 200: { description: 'The caller', content: { 'application/json': { schema: MeSchema } } } },
});

const invalidCredentials = () => new ApiError(401, 'invalid_credentials', 'The e-mail or password is wrong');

export const authRoutes = createRouter()
  .openapi(login, async (c) => {
    const body = c.req.valid('json');
    const db = c.env.DB;
    const now = nowIso();
    const email = body.email.toLowerCase();
    // Only Cloudflare's own header: anything else a client could rotate to dodge the per-IP limit.
    const ip = c.req.header('cf-connecting-ip') ?? 'local';
    const keys = { email: `email:${email}`, ip: `ip:${ip}` };

    const wait = await lockedFor(db, [keys.email, keys.ip], now);
    if (wait > 0) {
      throw new ApiError(429, 'too_many_attempts', `Too many failed sign-ins; try again in ${Math.ceil(wait / 60)} minute(s)`, {
        headers: { 'retry-after': String(wait) },
      });
    }

    const user = await findUserForLogin(db, email);
    // Always run PBKDF2, even for unknown e-mails, so the answer takes the same time either way.
    const matches = await verifyPassword(body.password, user?.password_hash ?? DUMMY_PASSWORD_HASH);
    if (!user || !matches) {
      await db.batch([recordFailure(db, keys.email, 'email', now), recordFailure(db, keys.ip, 'ip', now)]);
      c.get('log').warn('sign-in failed', { ip });
      throw invalidCredentials();
    }
    if (user.disabled) throw new ApiError(403, 'account_disabled', 'This account is disabled; ask an administrator');

    const token = randomToken();
    const tokenHash = await sha256Hex(token);
    const via = body.session;
    const expiresAt = addSeconds(now, SESSION_POLICY[via].absoluteSeconds);
    await db.batch([
      insertSession(db, { tokenHash, userId: user.id, via, now, expiresAt }),
      clearFailures(db, keys.email),
      pruneSessions(db, now),
      insertEvent(db, { actorId: user.id, entity: 'user', entityId: user.id, type: 'user.signed_in', summary: { via }, at: now }),
    ]);
    if (via === 'cookie') {
      setCookie(c, SESSION_COOKIE, token, {
        httpOnly: true,
        sameSite: 'Strict',
        secure: new URL(c.req.url).protocol === 'https:',
        path: '/',
        maxAge: SESSION_POLICY.cookie.absoluteSeconds,
      });
    }
    const scope = { userId: user.id, role: user.role, unitId: user.unit_id };
    const profile = await getUser(db, scope, user.id);
    if (!profile) throw invalidCredentials();
    return c.json({ user: profile, expires_at: expiresAt, ...(via === 'bearer' ? { token } : {}) }, 200);
  })
  .openapi(logout, async (c) => {
    const caller = callerOf(c);
    const now = nowIso();
    await c.env.DB.batch([
      revokeSession(c.env.DB, caller.sessionId, now),
      insertEvent(c.env.DB, { actorId: caller.userId, entity: 'user', entityId: caller.userId, type: 'user.signed_out', at: now }),
    ]);
    if (caller.via === 'cookie') deleteCookie(c, SESSION_COOKIE, { path: '/' });
    return c.body(null, 204);
  })
  .openapi(me, async (c) => {
    const caller = callerOf(c);
    const scope = scopeOf(caller);
    const [user, unit, units] = await Promise.all([
      getUser(c.env.DB, scope, caller.userId),
      getUnit(c.env.DB, { ...scope, role: 'admin' }, caller.unitId),
      listUnits(c.env.DB, scope),
    ]);
    if (!user || !unit) throw new ApiError(401, 'unauthenticated', 'The account no longer exists');
    return c.json(
      {
        user,
        unit,
        visible_units: units.map((u) => ({ id: u.id, parent_id: u.parent_id, code: u.code, name: u.name, level: u.level })),
      },
      200,
    );
  });
