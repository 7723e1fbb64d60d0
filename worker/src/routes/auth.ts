// Sign-in, sign-out, "who am I", the user's own password and sessions: bearer tokens for the extension, an HttpOnly
// `__Host-` cookie for the dashboard.
import { z } from '@hono/zod-openapi';
import * as S from '@onestop/shared';
import { insertEvent } from '../db/events.ts';
import { admitPairAttempt, clearPair, pruneThrottle, recordFailure, THROTTLE_POLICY, throttleKeys, throttleState } from '../db/login-throttle.ts';
import {
  effectiveEnd,
  insertSession,
  listActiveSessions,
  pruneSessions,
  revokeOtherSessions,
  revokeSession,
  revokeSessionById,
  revokeUserSessions,
  SESSION_POLICY,
} from '../db/sessions.ts';
import { listUnits, getUnit } from '../db/units.ts';
import { findUserForLogin, getUser, setOwnPassword } from '../db/users.ts';
import { callerOf, clearSessionCookie, clientOf, setSessionCookie } from '../lib/auth.ts';
import { createRouter } from '../lib/create-app.ts';
import { expectOneChange, isGuardFailure } from '../lib/d1.ts';
import { ApiError, notFound } from '../lib/errors.ts';
import { randomToken, sha256Hex } from '../lib/ids.ts';
import { DUMMY_PASSWORD_HASH, hashPassword, verifyPassword } from '../lib/password.ts';
import { assertStrongPassword } from '../lib/password-policy.ts';
import { defineRoute } from '../lib/route.ts';
import { scopeOf } from '../lib/scope.ts';
import { addSeconds, nowIso } from '../lib/time.ts';
import { summarizeUserAgent } from '../lib/user-agent.ts';
import { IdParamSchema, LoginRequestSchema, LoginResponseSchema, MeSchema } from '../schemas.ts';
import { jsonContent, problemResponses } from '../lib/openapi.ts';

const PasswordChangeSchema = S.PasswordChangeSchema.meta({ id: 'PasswordChange' });
const PasswordChangeResponseSchema = S.PasswordChangeResponseSchema.meta({ id: 'PasswordChangeResponse' });
const SessionListSchema = S.SessionListSchema.meta({ id: 'SessionList' });

const policyText =
  `Sessions end ${SESSION_POLICY.cookie.absoluteSeconds / 3600} h after sign-in whatever happens; a dashboard cookie after ${SESSION_POLICY.cookie.idleSeconds / 60} min without use, ` +
  `an extension token after ${SESSION_POLICY.bearer.idleSeconds / 3600} h without use.`;

const login = defineRoute({
  method: 'post',
  path: '/auth/login',
  tags: ['auth'],
  summary: 'Sign in',
  description: [
    'Checks the e-mail and password. `session: "bearer"` (the extension) returns a token to send as `Authorization: Bearer`; `session: "cookie"` (the dashboard) sets an HttpOnly, SameSite=Strict, Secure cookie named `__Host-onestop_session` (Path=/, no Domain).',
    policyText,
    'A wrong password and an unknown e-mail get the same 401 after the same work. Throttling never locks an account: failures are counted per (account, client) pair, where the client is the CF-Connecting-IP address; ' +
      `the first ${THROTTLE_POLICY.pair.freeFailures - 1} failures of a pair cost nothing, then the pair waits ${THROTTLE_POLICY.pair.baseDelaySeconds} s, doubling with each failure up to ${THROTTLE_POLICY.pair.maxDelaySeconds / 60} min (429 with Retry-After). ` +
      `Past ${THROTTLE_POLICY.account.ceiling} failures on an account within ${THROTTLE_POLICY.account.windowSeconds / 60} min from all clients, every pair waits from its first failure; a client without failures still signs in. ` +
      `A client with ${THROTTLE_POLICY.client.ceiling} failures over any accounts within ${THROTTLE_POLICY.client.windowSeconds / 60} min waits ${THROTTLE_POLICY.client.delaySeconds / 60} min (password spraying).`,
    'An account whose password was set by an administrator answers `user.must_change_password: true`: its session may only call `POST /auth/password`, `GET /auth/me` and `POST /auth/logout` (anything else: 403 `password_change_required`).',
  ].join('\n\n'),
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

const changePassword = defineRoute({
  method: 'post',
  path: '/auth/password',
  tags: ['auth'],
  summary: 'Change my password',
  description: [
    'Needs the current password. The new one has 12 to 128 characters (Unicode code points; any character, spaces included) and must not be a common or breached password, a sequence or repeated pattern, too few different characters, or contain the e-mail name, the display name or the name of the system. Each refusal is a 422 `weak_password` whose `errors[0]` names the rule.',
    'Every other session of the user (dashboard cookies and extension tokens) ends; this one stays. Clears `must_change_password`. A wrong current password is a 422 `wrong_password` and counts as a failed sign-in of the (account, client) pair.',
  ].join('\n\n'),
  request: { body: { required: true, content: jsonContent(PasswordChangeSchema) } },
  responses: {
    200: { description: 'Changed', content: jsonContent(PasswordChangeResponseSchema) },
    ...problemResponses(403, 409, 415, 422, 429),
  },
});

const listSessions = defineRoute({
  method: 'get',
  path: '/auth/sessions',
  tags: ['auth'],
  summary: 'My active sessions',
  description: `Every session of the caller that still works: kind (cookie: dashboard, bearer: extension), when it began and was last used, when it ends without further use, a summary of the client's User-Agent, and which one is this request's. ${policyText}`,
  responses: { 200: { description: 'Sessions', content: jsonContent(SessionListSchema) } },
});

const revokeAll = defineRoute({
  method: 'delete',
  path: '/auth/sessions',
  tags: ['auth'],
  summary: 'Sign out everywhere',
  description: 'Ends every session of the caller, this one included; with `keep_current=true` every session but this one.',
  request: { query: z.object({ keep_current: z.enum(['true', 'false']).optional() }) },
  responses: { 204: { description: 'Signed out' }, ...problemResponses(400) },
});

const revokeOne = defineRoute({
  method: 'delete',
  path: '/auth/sessions/{id}',
  tags: ['auth'],
  summary: 'Sign out one of my sessions',
  description: 'Ends one session of the caller by its id (from `GET /auth/sessions`). Sessions of other users are not found (404).',
  request: { params: IdParamSchema },
  responses: { 204: { description: 'Signed out' }, ...problemResponses(400, 404) },
});

const invalidCredentials = () => new ApiError(401, 'invalid_credentials', 'The e-mail or password is wrong');
const tooMany = (seconds: number, detail: string) =>
  new ApiError(429, 'too_many_attempts', `${detail}; try again in ${seconds < 120 ? `${seconds} seconds` : `${Math.ceil(seconds / 60)} minutes`}`, {
    headers: { 'retry-after': String(seconds) },
  });

export const authRoutes = createRouter()
  .openapi(login, async (c) => {
    const body = c.req.valid('json');
    const db = c.env.DB;
    const now = nowIso();
    const email = body.email.toLowerCase();
    const client = clientOf(c);
    const keys = throttleKeys(email, client);

    const state = await throttleState(db, keys, now);
    if (state.clientWait > 0) throw tooMany(state.clientWait, 'Too many failed sign-ins from this address');
    const attempt = await admitPairAttempt(db, keys.pair, now, state.underAttack);
    if (!attempt.admitted) throw tooMany(attempt.retryAfter, 'Too many failed sign-ins to this account from this address');

    const user = await findUserForLogin(db, email);
    // Always run PBKDF2, even for unknown e-mails, so the answer takes the same time either way.
    const matches = await verifyPassword(body.password, user?.password_hash ?? DUMMY_PASSWORD_HASH);
    if (!user || !matches) {
      await db.batch([recordFailure(db, keys.account, 'account', now), recordFailure(db, keys.client, 'client', now)]);
      c.get('log').warn('sign-in failed', { client, pair_failures: attempt.failures, account_failures: state.accountFailures + 1 });
      throw invalidCredentials();
    }
    if (user.disabled) {
      await clearPair(db, keys.pair).run();
      throw new ApiError(403, 'account_disabled', 'This account is disabled; ask an administrator');
    }

    const token = randomToken();
    const tokenHash = await sha256Hex(token);
    const via = body.session;
    const expiresAt = addSeconds(now, SESSION_POLICY[via].absoluteSeconds);
    await db.batch([
      insertSession(db, { tokenHash, userId: user.id, via, now, expiresAt, userAgent: c.req.header('user-agent') ?? null }),
      clearPair(db, keys.pair),
      pruneSessions(db, now),
      pruneThrottle(db, now),
      insertEvent(db, { actorId: user.id, entity: 'user', entityId: user.id, type: 'user.signed_in', summary: { via }, at: now }),
    ]);
    if (via === 'cookie') setSessionCookie(c, token);
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
    if (caller.via === 'cookie') clearSessionCookie(c);
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
  })
  .openapi(changePassword, async (c) => {
    const body = c.req.valid('json');
    const caller = callerOf(c);
    const db = c.env.DB;
    const now = nowIso();
    const keys = throttleKeys(caller.email, clientOf(c));
    // A stolen session must not become a way to guess the password: wrong current passwords count like sign-ins.
    const state = await throttleState(db, keys, now);
    if (state.clientWait > 0) throw tooMany(state.clientWait, 'Too many failed password checks from this address');
    const attempt = await admitPairAttempt(db, keys.pair, now, state.underAttack);
    if (!attempt.admitted) throw tooMany(attempt.retryAfter, 'Too many wrong current passwords');

    const user = await findUserForLogin(db, caller.email);
    if (!user) throw new ApiError(401, 'unauthenticated', 'The account no longer exists');
    if (!(await verifyPassword(body.current_password, user.password_hash))) {
      await db.batch([recordFailure(db, keys.account, 'account', now), recordFailure(db, keys.client, 'client', now)]);
      throw new ApiError(422, 'wrong_password', 'The current password is wrong', {
        errors: [{ path: '$.current_password', message: 'is not your current password' }],
      });
    }
    await clearPair(db, keys.pair).run();
    if (body.new_password === body.current_password) {
      throw new ApiError(422, 'weak_password', 'The new password must differ from the current one', {
        errors: [{ path: '$.new_password', message: 'is the same as the current password' }],
      });
    }
    assertStrongPassword(body.new_password, { email: user.email, displayName: user.display_name }, '$.new_password');

    const others = revokeOtherSessions(db, user.id, caller.sessionId, now);
    const results = await db
      .batch([
        setOwnPassword(db, user.id, user.password_hash, await hashPassword(body.new_password), now),
        expectOneChange(db),
        others,
        insertEvent(db, { actorId: user.id, entity: 'user', entityId: user.id, type: 'user.password_changed', summary: { forced: user.must_change_password === 1 }, at: now }),
      ])
      .catch((err: unknown) => {
        if (isGuardFailure(err)) throw new ApiError(409, 'version_conflict', 'The password changed meanwhile; sign in again');
        throw err;
      });
    const profile = await getUser(db, scopeOf(caller), user.id);
    if (!profile) throw notFound('User');
    return c.json({ user: profile, signed_out_sessions: results[2]?.meta.changes ?? 0 }, 200);
  })
  .openapi(listSessions, async (c) => {
    const caller = callerOf(c);
    const now = nowIso();
    const rows = await listActiveSessions(c.env.DB, caller.userId, now);
    return c.json(
      {
        items: rows.map((s) => ({
          id: s.id,
          kind: s.via,
          created_at: s.created_at,
          last_seen_at: s.last_seen_at,
          expires_at: effectiveEnd(s),
          client: s.user_agent ? summarizeUserAgent(s.user_agent) : null,
          current: s.token_hash === caller.sessionId,
        })),
        policy: {
          cookie: { idle_seconds: SESSION_POLICY.cookie.idleSeconds, absolute_seconds: SESSION_POLICY.cookie.absoluteSeconds },
          bearer: { idle_seconds: SESSION_POLICY.bearer.idleSeconds, absolute_seconds: SESSION_POLICY.bearer.absoluteSeconds },
        },
      },
      200,
    );
  })
  .openapi(revokeAll, async (c) => {
    const caller = callerOf(c);
    const keep = c.req.valid('query').keep_current === 'true';
    const db = c.env.DB;
    const now = nowIso();
    await db.batch([
      keep ? revokeOtherSessions(db, caller.userId, caller.sessionId, now) : revokeUserSessions(db, caller.userId, now),
      insertEvent(db, { actorId: caller.userId, entity: 'user', entityId: caller.userId, type: 'user.signed_out_everywhere', summary: { kept_current: keep }, at: now }),
    ]);
    if (!keep && caller.via === 'cookie') clearSessionCookie(c);
    return c.body(null, 204);
  })
  .openapi(revokeOne, async (c) => {
    const caller = callerOf(c);
    const { id } = c.req.valid('param');
    const db = c.env.DB;
    const now = nowIso();
    const active = await listActiveSessions(db, caller.userId, now);
    const target = active.find((s) => s.id === id);
    if (!target) throw notFound('Session');
    await db.batch([
      revokeSessionById(db, caller.userId, id, now),
      insertEvent(db, { actorId: caller.userId, entity: 'user', entityId: caller.userId, type: 'user.session_revoked', summary: { kind: target.via }, at: now }),
    ]);
    if (target.token_hash === caller.sessionId && caller.via === 'cookie') clearSessionCookie(c);
    return c.body(null, 204);
  });
