// Authentication (bearer token or session cookie), role gates and the Origin check for cookie mutations.
import type { Role } from '@onestop/shared';
import { getCookie } from 'hono/cookie';
import { createMiddleware } from 'hono/factory';
import { findSession, sessionState, touchSession } from '../db/sessions.ts';
import type { AppEnv, Caller } from './context.ts';
import { ApiError } from './errors.ts';
import { sha256Hex } from './ids.ts';
import { nowIso } from './time.ts';

export const SESSION_COOKIE = 'onestop_session';

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
  const found = readToken(c.req.header('authorization'), getCookie(c, SESSION_COOKIE));
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
