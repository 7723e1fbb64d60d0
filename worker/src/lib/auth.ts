// Authentication (bearer token or session cookie), role gates and the Origin check for cookie mutations.
import type { Role } from '@onestop/shared';
import type { Context } from 'hono';
import { deleteCookie, getCookie, setCookie } from 'hono/cookie';
import { createMiddleware } from 'hono/factory';
import { findSession, SESSION_POLICY, sessionState, touchSession } from '../db/sessions.ts';
import type { AppEnv, Caller } from './context.ts';
import { ApiError } from './errors.ts';
import { sha256Hex } from './ids.ts';
import { nowIso } from './time.ts';

/**
 * The dashboard's session cookie. `__Host-` (ASVS 3.4.4): the browser only keeps it when it is Secure, for Path=/ and
 * without Domain, so no sibling subdomain or plain-http page can plant or overwrite it. Browsers accept Secure cookies
 * from every secure context, which includes http://localhost and http://127.0.0.1 (`npm start`, the e2e tests).
 * Only a plain-http origin on another host (none is ever deployed: Cloudflare serves https) gets the unprefixed name,
 * since a browser would drop a Secure cookie there; each origin reads only its own name.
 */
export const SESSION_COOKIE = '__Host-onestop_session';
export const PLAIN_HTTP_SESSION_COOKIE = 'onestop_session';

const LOOPBACK = /^(localhost|127(?:\.\d{1,3}){3}|\[::1\])$|\.localhost$/;

/** Whether a browser treats the request's origin as a secure context (https, or a loopback host). */
export function isSecureOrigin(url: string): boolean {
  const u = new URL(url);
  return u.protocol === 'https:' || LOOPBACK.test(u.hostname);
}

export function sessionCookieName(url: string): string {
  return isSecureOrigin(url) ? SESSION_COOKIE : PLAIN_HTTP_SESSION_COOKIE;
}

export function setSessionCookie(c: Context<AppEnv>, token: string): void {
  const secure = isSecureOrigin(c.req.url);
  setCookie(c, sessionCookieName(c.req.url), token, {
    httpOnly: true,
    sameSite: 'Strict',
    secure,
    path: '/',
    maxAge: SESSION_POLICY.cookie.absoluteSeconds,
  });
}

export function clearSessionCookie(c: Context<AppEnv>): void {
  const secure = isSecureOrigin(c.req.url);
  deleteCookie(c, sessionCookieName(c.req.url), { path: '/', secure, httpOnly: true, sameSite: 'Strict' });
}

/** The client a sign-in comes from: Cloudflare's own header only (a client could rotate anything else). */
export function clientOf(c: Context<AppEnv>): string {
  return c.req.header('cf-connecting-ip') ?? 'local';
}

/** What a session that must change its password may still do (an administrator's password at the first sign-in). */
const ALLOWED_BEFORE_PASSWORD_CHANGE = new Set(['POST /api/v1/auth/password', 'POST /api/v1/auth/logout', 'GET /api/v1/auth/me']);

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

const unauthorized = (detail: string) =>
  new ApiError(401, 'unauthenticated', detail, { headers: { 'www-authenticate': 'Bearer realm="onestop"' } });

function readToken(authorization: string | undefined, cookie: string | undefined): { token: string; via: 'bearer' | 'cookie' } | null {
  if (authorization) {
    const match = /^Bearer\s+([A-Za-z0-9_-]{20,128})$/.exec(authorization.trim());
    if (!match?.[1]) throw unauthorized('The Authorization header must be "Bearer <token>"');
    return { token: match[1], via: 'bearer' };
  }
  if (cookie && /^[A-Za-z0-9_-]{20,128}$/.test(cookie)) return { token: cookie, via: 'cookie' };
  return null;
}

/** Resolves the caller from the request; refuses anonymous, expired, revoked and disabled sessions. */
export const authenticate = createMiddleware<AppEnv>(async (c, next) => {
  const found = readToken(c.req.header('authorization'), getCookie(c, sessionCookieName(c.req.url)));
  if (!found) throw unauthorized('Sign in first');
  const tokenHash = await sha256Hex(found.token);
  const row = await findSession(c.env.DB, tokenHash);
  if (!row || row.via !== found.via) throw unauthorized('The session is not valid; sign in again');
  const now = nowIso();
  const state = sessionState(row, now);
  if (state === 'disabled') throw unauthorized('This account is disabled');
  if (state !== 'valid') throw unauthorized('The session has expired; sign in again');

  // A cookie rides along with any request the browser makes, so cookie-authenticated mutations must come from our origin.
  if (found.via === 'cookie' && !SAFE_METHODS.has(c.req.method)) {
    const origin = c.req.header('origin');
    if (!origin || origin !== new URL(c.req.url).origin) {
      throw new ApiError(403, 'origin_mismatch', 'Cross-origin requests cannot change data with a session cookie');
    }
  }

  // A password an administrator chose is known to them: until the user picks their own, the session may only do that.
  if (row.must_change_password && !ALLOWED_BEFORE_PASSWORD_CHANGE.has(`${c.req.method} ${c.req.path}`)) {
    throw new ApiError(403, 'password_change_required', 'Change the password an administrator set before doing anything else (POST /api/v1/auth/password)');
  }

  const caller: Caller = {
    userId: row.user_id,
    role: row.role,
    unitId: row.unit_id,
    email: row.email,
    displayName: row.display_name,
    sessionId: tokenHash,
    via: found.via,
  };
  c.set('caller', caller);
  c.executionCtx.waitUntil(touchSession(c.env.DB, row, now).catch(() => undefined));
  await next();
});

/** Refuses callers whose role is not listed (403: the action exists but is not theirs). */
export function requireRole(...roles: Role[]) {
  return createMiddleware<AppEnv>(async (c, next) => {
    const caller = c.get('caller');
    if (!caller) throw unauthorized('Sign in first');
    if (!roles.includes(caller.role)) {
      throw new ApiError(403, 'forbidden', `This action needs one of the roles: ${roles.join(', ')}`);
    }
    await next();
  });
}

/** The caller set by `authenticate`; handlers behind it can rely on it. */
export function callerOf(c: { get(key: 'caller'): Caller | undefined }): Caller {
  const caller = c.get('caller');
  if (!caller) throw unauthorized('Sign in first');
  return caller;
}
